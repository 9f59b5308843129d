// html_text.cpp: the HTML-to-text converter of html_text.hpp.
#include "parsers/html_text.hpp"

#include <algorithm>
#include <cstring>

#include "parsers/charset.hpp"
#include "parsers/text_util.hpp"

namespace obrd {

namespace {

struct NamedEntity {
    const char* name;
    char32_t cp;
};

// The entities mail clients actually write; the full HTML5 table is not needed.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},     {"nbsp", 0xA0},     {"laquo", 0xAB},    {"raquo", 0xBB},
    {"ndash", 0x2013},  {"mdash", 0x2014},  {"hellip", 0x2026}, {"copy", 0xA9},
    {"reg", 0xAE},      {"trade", 0x2122},  {"bull", 0x2022},   {"middot", 0xB7},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"sbquo", 0x201A},  {"bdquo", 0x201E},  {"euro", 0x20AC},   {"deg", 0xB0},
    {"plusmn", 0xB1},   {"times", 0xD7},    {"divide", 0xF7},   {"sect", 0xA7},
    {"para", 0xB6},     {"shy", 0xAD},      {"numero", 0x2116}, {"iexcl", 0xA1},
    {"cent", 0xA2},     {"pound", 0xA3},    {"yen", 0xA5},      {"ordf", 0xAA},
    {"ordm", 0xBA},     {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},
    {"iquest", 0xBF},   {"Agrave", 0xC0},   {"Aacute", 0xC1},   {"Acirc", 0xC2},
    {"Atilde", 0xC3},   {"Auml", 0xC4},     {"Aring", 0xC5},    {"AElig", 0xC6},
    {"Ccedil", 0xC7},   {"Egrave", 0xC8},   {"Eacute", 0xC9},   {"Ecirc", 0xCA},
    {"Euml", 0xCB},     {"Igrave", 0xCC},   {"Iacute", 0xCD},   {"Icirc", 0xCE},
    {"Iuml", 0xCF},     {"Ntilde", 0xD1},   {"Ograve", 0xD2},   {"Oacute", 0xD3},
    {"Ocirc", 0xD4},    {"Otilde", 0xD5},   {"Ouml", 0xD6},     {"Oslash", 0xD8},
    {"Ugrave", 0xD9},   {"Uacute", 0xDA},   {"Ucirc", 0xDB},    {"Uuml", 0xDC},
    {"Yacute", 0xDD},   {"szlig", 0xDF},    {"agrave", 0xE0},   {"aacute", 0xE1},
    {"acirc", 0xE2},    {"atilde", 0xE3},   {"auml", 0xE4},     {"aring", 0xE5},
    {"aelig", 0xE6},    {"ccedil", 0xE7},   {"egrave", 0xE8},   {"eacute", 0xE9},
    {"ecirc", 0xEA},    {"euml", 0xEB},     {"igrave", 0xEC},   {"iacute", 0xED},
    {"icirc", 0xEE},    {"iuml", 0xEF},     {"ntilde", 0xF1},   {"ograve", 0xF2},
    {"oacute", 0xF3},   {"ocirc", 0xF4},    {"otilde", 0xF5},   {"ouml", 0xF6},
    {"oslash", 0xF8},   {"ugrave", 0xF9},   {"uacute", 0xFA},   {"ucirc", 0xFB},
    {"uuml", 0xFC},     {"yacute", 0xFD},   {"yuml", 0xFF},     {"ensp", 0x2002},
    {"emsp", 0x2003},   {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},
    {"lrm", 0x200E},    {"rlm", 0x200F},    {"prime", 0x2032},  {"Prime", 0x2033},
    {"larr", 0x2190},   {"rarr", 0x2192},   {"uarr", 0x2191},   {"darr", 0x2193},
    {"minus", 0x2212},  {"le", 0x2264},     {"ge", 0x2265},     {"ne", 0x2260},
    {"infin", 0x221E},  {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"oelig", 0x153},   {"OElig", 0x152},
    {"scaron", 0x161},  {"Scaron", 0x160},  {"circ", 0x2C6},    {"tilde", 0x2DC},
    {"acute", 0xB4},    {"uml", 0xA8},      {"macr", 0xAF},     {"cedil", 0xB8},
    {"sup1", 0xB9},     {"sup2", 0xB2},     {"sup3", 0xB3},     {"micro", 0xB5},
    {"not", 0xAC},      {"brvbar", 0xA6},   {"curren", 0xA4},   {"ETH", 0xD0},
    {"eth", 0xF0},      {"THORN", 0xDE},    {"thorn", 0xFE},    {"fnof", 0x192},
    {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},
    {"pi", 0x3C0},      {"sigma", 0x3C3},   {"omega", 0x3C9},   {"mu", 0x3BC},
};

// Decodes one entity starting at s[i] == '&'. Appends to `out` and returns the length
// consumed, or 0 when this is not an entity.
std::size_t decode_entity_at(std::string_view s, std::size_t i, std::string& out) {
    if (i + 1 >= s.size()) return 0;
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
        ++j;
        bool hex = false;
        if (j < s.size() && (s[j] == 'x' || s[j] == 'X')) {
            hex = true;
            ++j;
        }
        const std::size_t digits_start = j;
        char32_t value = 0;
        while (j < s.size() && j - digits_start < 8) {
            const char c = s[j];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                break;
            value = value * (hex ? 16 : 10) + char32_t(d);
            ++j;
        }
        if (j == digits_start) return 0;
        if (j < s.size() && s[j] == ';') ++j;
        // Windows-1252 code points written as numbers (&#150;) mean the cp1252 character.
        static const char32_t cp1252[32] = {
            0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
            0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
            0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
        if (value >= 0x80 && value < 0xA0) value = cp1252[value - 0x80];
        if (value == 0) value = 0xFFFD;
        text::append_utf8(out, value);
        return j - i;
    }
    std::size_t k = j;
    while (k < s.size() && k - j < 10 && text::is_ascii_alpha(s[k])) ++k;
    while (k < s.size() && k - j < 10 && text::is_ascii_digit(s[k])) ++k;
    if (k == j) return 0;
    const std::string_view name = s.substr(j, k - j);
    for (const auto& e : kEntities) {
        if (name == e.name) {
            text::append_utf8(out, e.cp);
            if (k < s.size() && s[k] == ';') ++k;
            return k - i;
        }
    }
    return 0;
}

bool tag_is(std::string_view name, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (text::iequals(name, n)) return true;
    return false;
}

// Appends text, collapsing blanks the way a browser does outside <pre>.
class TextBuilder {
  public:
    void text(std::string_view s, bool preformatted) {
        for (char c : s) {
            if (preformatted) {
                out_.push_back(c);
                pending_space_ = false;
                continue;
            }
            if (text::is_ascii_space(c)) {
                pending_space_ = true;
                continue;
            }
            if (pending_space_ && !out_.empty() && out_.back() != '\n') out_.push_back(' ');
            pending_space_ = false;
            out_.push_back(c);
        }
    }
    void newline(int count = 1) {
        pending_space_ = false;
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        if (out_.empty()) return;
        int have = 0;
        for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n'; ++it) ++have;
        for (; have < count; ++have) out_.push_back('\n');
    }
    void space() { pending_space_ = true; }
    std::string finish() {
        while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
        return std::move(out_);
    }

  private:
    std::string out_;
    bool pending_space_ = false;
};

std::string attribute_of(std::string_view tag, std::string_view attr) {
    std::size_t pos = 0;
    while ((pos = text::ifind(tag, attr, pos)) != std::string_view::npos) {
        const bool boundary = pos > 0 && (text::is_ascii_space(tag[pos - 1]));
        std::size_t p = pos + attr.size();
        while (p < tag.size() && text::is_ascii_space(tag[p])) ++p;
        if (!boundary || p >= tag.size() || tag[p] != '=') {
            pos += attr.size();
            continue;
        }
        ++p;
        while (p < tag.size() && text::is_ascii_space(tag[p])) ++p;
        if (p < tag.size() && (tag[p] == '"' || tag[p] == '\'')) {
            const char q = tag[p];
            const auto end = tag.find(q, p + 1);
            return std::string(
                tag.substr(p + 1, (end == std::string_view::npos ? tag.size() : end) - p - 1));
        }
        std::size_t end = p;
        while (end < tag.size() && !text::is_ascii_space(tag[end]) && tag[end] != '>') ++end;
        return std::string(tag.substr(p, end - p));
    }
    return {};
}

}  // namespace

std::string decode_html_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            const std::size_t used = decode_entity_at(s, i, out);
            if (used > 0) {
                i += used;
                continue;
            }
        }
        out.push_back(s[i++]);
    }
    return out;
}

std::string html_declared_charset(std::string_view html) {
    const std::string_view head = html.substr(0, std::min<std::size_t>(html.size(), 4096));
    std::size_t pos = 0;
    while ((pos = text::ifind(head, "<meta", pos)) != std::string_view::npos) {
        const auto end = head.find('>', pos);
        const std::string_view tag =
            head.substr(pos, end == std::string_view::npos ? head.size() - pos : end - pos);
        std::string cs = attribute_of(tag, "charset");
        if (cs.empty()) {
            const std::string content = attribute_of(tag, "content");
            const auto at = text::ifind(content, "charset=");
            if (at != std::string_view::npos) {
                cs = content.substr(at + 8);
                const auto stop = cs.find_first_of("; \"'");
                if (stop != std::string::npos) cs.resize(stop);
            }
        }
        if (!cs.empty()) return charset::normalize_label(cs);
        pos += 5;
    }
    return {};
}

std::string html_to_text(std::string_view html) {
    TextBuilder out;
    std::string pending_href;  // the address of the open link, shown after its text
    std::string link_text;
    bool in_link = false;
    int pre_depth = 0;
    std::size_t i = 0;
    std::string decoded;
    while (i < html.size()) {
        const char c = html[i];
        if (c != '<') {
            std::size_t next = html.find('<', i);
            if (next == std::string_view::npos) next = html.size();
            decoded.clear();
            std::string_view chunk = html.substr(i, next - i);
            for (std::size_t k = 0; k < chunk.size();) {
                if (chunk[k] == '&') {
                    const std::size_t used = decode_entity_at(chunk, k, decoded);
                    if (used > 0) {
                        k += used;
                        continue;
                    }
                }
                decoded.push_back(chunk[k++]);
            }
            // Non-breaking spaces read as spaces in plain text.
            std::string cleaned;
            cleaned.reserve(decoded.size());
            for (std::size_t k = 0; k < decoded.size(); ++k) {
                if (decoded[k] == '\xC2' && k + 1 < decoded.size() && decoded[k + 1] == '\xA0') {
                    cleaned.push_back(' ');
                    ++k;
                } else {
                    cleaned.push_back(decoded[k]);
                }
            }
            out.text(cleaned, pre_depth > 0);
            if (in_link) link_text += cleaned;
            i = next;
            continue;
        }
        // Comments, CDATA and declarations.
        if (html.substr(i, 4) == "<!--") {
            const auto end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        if (i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?')) {
            const auto end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            continue;
        }
        std::size_t j = i + 1;
        const bool closing = j < html.size() && html[j] == '/';
        if (closing) ++j;
        const std::size_t name_start = j;
        while (j < html.size() &&
               (text::is_ascii_alpha(html[j]) || text::is_ascii_digit(html[j]) || html[j] == ':'))
            ++j;
        if (j == name_start) {  // a lone '<' is text
            out.text("<", pre_depth > 0);
            ++i;
            continue;
        }
        const std::string_view name = html.substr(name_start, j - name_start);
        // Find the tag end, skipping quoted attribute values.
        char quote = 0;
        std::size_t k = j;
        for (; k < html.size(); ++k) {
            if (quote) {
                if (html[k] == quote) quote = 0;
            } else if (html[k] == '"' || html[k] == '\'') {
                quote = html[k];
            } else if (html[k] == '>') {
                break;
            }
        }
        const std::string_view tag = html.substr(i, (k < html.size() ? k + 1 : html.size()) - i);
        i = k < html.size() ? k + 1 : html.size();

        if (!closing && tag_is(name, {"script", "style", "title", "xml"})) {
            // Skip to the matching close tag; these hold no readable text. <head> is not
            // skipped whole: a browser shows text that stands in it (it opens the body), and
            // what else a head holds (title, style, script, meta) shows nothing anyway.
            const std::string close = "</" + text::to_lower_ascii(name);
            const auto end = text::ifind(html, close, i);
            if (end == std::string_view::npos) {
                i = html.size();
            } else {
                const auto gt = html.find('>', end);
                i = gt == std::string_view::npos ? html.size() : gt + 1;
            }
            continue;
        }
        if (tag_is(name, {"br"})) {
            out.newline(1);
            continue;
        }
        if (tag_is(name, {"pre"})) {
            pre_depth += closing ? -1 : 1;
            if (pre_depth < 0) pre_depth = 0;
            out.newline(1);
            continue;
        }
        if (tag_is(name, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul",
                          "ol", "hr"})) {
            out.newline(2);
            continue;
        }
        if (tag_is(name,
                   {"div", "tr", "dt", "dd", "address", "section", "article", "header", "footer",
                    "center", "form", "fieldset", "dl", "caption", "body", "html"})) {
            out.newline(1);
            continue;
        }
        if (tag_is(name, {"li"})) {
            out.newline(1);
            if (!closing) out.text("- ", true);
            continue;
        }
        if (tag_is(name, {"td", "th"})) {
            if (!closing) out.space();
            continue;
        }
        if (tag_is(name, {"a"})) {
            if (!closing) {
                pending_href = attribute_of(tag, "href");
                in_link = true;
                link_text.clear();
            } else if (in_link) {
                in_link = false;
                std::string href = decode_html_entities(pending_href);
                std::string shown = href;
                if (text::istarts_with(shown, "mailto:")) shown = shown.substr(7);
                const bool useful =
                    text::istarts_with(href, "http") || text::istarts_with(href, "mailto:");
                if (useful && link_text.find(shown) == std::string::npos) {
                    out.text(" <", false);
                    out.text(shown, true);
                    out.text(">", true);
                }
            }
            continue;
        }
        if (tag_is(name, {"img"}) && !closing) {
            const std::string alt = attribute_of(tag, "alt");
            if (!alt.empty()) out.text(decode_html_entities(alt), false);
            continue;
        }
    }
    return out.finish();
}

}  // namespace obrd
