// web_form.cpp: the form reader of web_form.hpp.
#include "parsers/web_form.hpp"

#include <array>

#include "parsers/text_util.hpp"

namespace obrd {

std::optional<WebForm> read_web_form(std::string_view text) {
    WebForm form;
    struct Label {
        std::string_view label;
        std::string WebForm::*field;
    };
    const std::array<Label, 9> labels = {{{"Фамилия:", &WebForm::last_name},
                                          {"Имя:", &WebForm::first_name},
                                          {"Отчество:", &WebForm::patronymic},
                                          {"Организация:", &WebForm::organization},
                                          {"ИНН:", &WebForm::inn},
                                          {"E-mail:", &WebForm::email},
                                          {"Телефон:", &WebForm::phone},
                                          {"Почтовый адрес:", &WebForm::postal_address},
                                          {"Тема:", &WebForm::topic}}};
    std::size_t pos = 0;
    // Blank lines before the first field are tolerated (some transports add them).
    while (pos < text.size() && (text[pos] == '\n' || text[pos] == ' ')) ++pos;
    for (const Label& l : labels) {
        const auto eol = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
        if (line.substr(0, l.label.size()) != l.label) return std::nullopt;
        form.*(l.field) = std::string(text::trim(line.substr(l.label.size())));
        if (eol == std::string_view::npos) return std::nullopt;
        pos = eol + 1;
    }
    const std::string_view marker = "Текст обращения:";
    if (text.substr(pos, marker.size()) != marker) return std::nullopt;
    pos += marker.size();
    form.text = std::string(text::trim(text.substr(pos)));
    return form;
}

}  // namespace obrd
