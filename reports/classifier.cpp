// classifier.cpp: reads classifier.txt (format in its header).
#include "reports/classifier.hpp"

#include <stdexcept>

#include "rules/text.hpp"

namespace obrd {

namespace {

using rtext::trim;

// The next space-separated word of `rest`, removed from it.
std::string_view next_word(std::string_view& rest) {
    rest = trim(rest);
    const std::size_t end = rest.find_first_of(" \t");
    const std::string_view word = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : trim(rest.substr(end));
    return word;
}

}  // namespace

bool is_classifier_code(std::string_view code) {
    std::size_t parts = 0;
    while (true) {
        if (code.size() < 4) return false;
        for (int i = 0; i < 4; ++i)
            if (code[i] < '0' || code[i] > '9') return false;
        ++parts;
        code.remove_prefix(4);
        if (code.empty()) break;
        if (code.front() != '.') return false;
        code.remove_prefix(1);
    }
    return parts == 4 || parts == 5;
}

const ClassifierCode* Classifier::find(std::string_view code) const {
    for (const auto& c : codes)
        if (c.code == code) return &c;
    return nullptr;
}

const ClassifierCode* Classifier::default_for(std::string_view kind) const {
    for (const auto& c : codes)
        for (const auto& k : c.default_for)
            if (k == kind) return &c;
    return nullptr;
}

Classifier parse_classifier(std::string_view text, std::string_view name) {
    Classifier out;
    std::size_t line_no = 0;
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument(std::string(name) + ":" + std::to_string(line_no) + ": " +
                                    what);
    };
    while (!text.empty()) {
        ++line_no;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        std::string_view rest = line;
        const std::string_view keyword = next_word(rest);
        if (keyword == "version") {
            if (!out.version.empty()) fail("a second version line");
            if (rest.empty()) fail("version without text");
            out.version = std::string(rest);
            continue;
        }
        if (keyword != "code")
            fail("expected 'version' or 'code', found '" + std::string(keyword) + "'");
        ClassifierCode c;
        c.code = std::string(next_word(rest));
        if (!is_classifier_code(c.code))
            fail("'" + c.code + "' is not a code РРРР.ТТТТ.ТТТТ.ВВВВ[.ПППП]");
        if (out.find(c.code)) fail("code " + c.code + " is listed twice");
        std::string_view defaults = next_word(rest);
        if (defaults.empty()) fail("code " + c.code + " without its default and title");
        if (defaults != "-") {
            while (!defaults.empty()) {
                const std::size_t comma = defaults.find(',');
                const std::string_view kind = defaults.substr(0, comma);
                if (kind != "appeal" && kind != "complaint")
                    fail("default '" + std::string(kind) + "': expected -, appeal or complaint");
                if (out.default_for(kind)) fail("a second default for " + std::string(kind));
                c.default_for.emplace_back(kind);
                defaults = comma == std::string_view::npos ? std::string_view()
                                                           : defaults.substr(comma + 1);
            }
        }
        if (rest.empty()) fail("code " + c.code + " without a title");
        c.title = std::string(rest);
        out.codes.push_back(std::move(c));
    }
    ++line_no;
    if (out.version.empty()) fail("no version line");
    for (const char* kind : {"appeal", "complaint"})
        if (!out.default_for(kind)) fail(std::string("no default code for ") + kind);
    return out;
}

}  // namespace obrd
