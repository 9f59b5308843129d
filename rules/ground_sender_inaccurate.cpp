// ground_sender_inaccurate.cpp: the "sender_inaccurate" ground: what the sender says
// about itself cannot be right: an ИНН, ОГРН or ОГРНИП with a wrong check digit, a
// malformed email address, a malformed postal index.
//
// How: the validators of parsers/identifiers.hpp over Letter::sender. The evidence is
// the value as written and, when it appears in the text, its offset there.
#include "parsers/identifiers.hpp"
#include "rules/context.hpp"

namespace obrd {

namespace {

void cite_value(const Context& c, Findings& f, const char* symbol, const std::string& value,
                const std::string& what) {
    const auto pos = c.letter.text.find(value);
    std::optional<std::size_t> offset;
    if (pos != std::string::npos) offset = pos;
    f.add(Reason::sender_inaccurate, symbol, value + " (" + what + ")", offset,
          offset ? "text" : "sender");
}

}  // namespace

void ground_sender_inaccurate(const Context& c, Findings& f) {
    const auto& s = c.letter.sender;
    if (s.inn && !s.inn->empty() && !inn_is_valid(*s.inn))
        cite_value(c, f, "INN_CHECK_DIGIT", *s.inn, "ИНН с неверным контрольным числом");
    if (s.ogrn && !s.ogrn->empty() && !ogrn_or_ogrnip_is_valid(*s.ogrn))
        cite_value(c, f, "OGRN_CHECK_DIGIT", *s.ogrn,
                   s.ogrn->size() == 15 ? "ОГРНИП с неверным контрольным числом"
                                        : "ОГРН с неверным контрольным числом");
    if (s.email && !rtext::trim(*s.email).empty() && !email_is_valid(rtext::trim(*s.email)))
        cite_value(c, f, "EMAIL_MALFORMED", *s.email, "адрес электронной почты записан с ошибкой");
    if (s.postal_address && !s.postal_address->empty()) {
        // Only a written index can be malformed: a leading number that is not six digits.
        const auto& a = *s.postal_address;
        std::size_t digits = 0;
        while (digits < a.size() && a[digits] >= '0' && a[digits] <= '9') ++digits;
        if (digits > 0 && digits < a.size() && (a[digits] == ',' || a[digits] == ' ')) {
            const auto idx = a.substr(0, digits);
            if (!postal_index_is_valid(idx))
                cite_value(c, f, "POSTAL_INDEX_MALFORMED", idx,
                           "почтовый индекс записан с ошибкой");
        }
    }
}

}  // namespace obrd
