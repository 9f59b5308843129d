// header_params.cpp: the parameter tokenizer and RFC 2231 joiner of header_params.hpp.
#include "parsers/header_params.hpp"

#include <algorithm>
#include <map>

#include "parsers/charset.hpp"
#include "parsers/encoded_words.hpp"
#include "parsers/text_util.hpp"

namespace obrd {

namespace {

struct RawParam {
    std::string name;  // lower case, as written (may hold "*N*")
    std::string value;
    bool quoted = false;
};

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(char(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::vector<RawParam> tokenize(std::string_view raw, std::string& value) {
    std::vector<RawParam> out;
    std::size_t i = 0;
    // The main value runs to the first ";" outside quotes.
    bool in_quotes = false;
    std::size_t start = 0;
    for (; i < raw.size(); ++i) {
        if (raw[i] == '"') in_quotes = !in_quotes;
        if (raw[i] == ';' && !in_quotes) break;
    }
    std::string_view main = text::trim(raw.substr(start, i - start));
    // "multipart/mixed boundary=x" (the ";" forgotten): the value ends at the first blank
    // when a parameter follows it.
    for (std::size_t k = 0; k < main.size(); ++k) {
        if (text::is_ascii_space(main[k]) && main.find('=', k) != std::string_view::npos) {
            i = static_cast<std::size_t>(main.data() + k - raw.data());
            main = main.substr(0, k);
            break;
        }
    }
    value = text::to_lower_ascii(main);
    while (i < raw.size()) {
        while (i < raw.size() && (raw[i] == ';' || text::is_ascii_space(raw[i]))) ++i;
        if (i >= raw.size()) break;
        const std::size_t name_start = i;
        while (i < raw.size() && raw[i] != '=' && raw[i] != ';') ++i;
        RawParam p;
        p.name = text::to_lower_ascii(text::trim(raw.substr(name_start, i - name_start)));
        if (i >= raw.size() || raw[i] == ';') {
            if (!p.name.empty()) out.push_back(std::move(p));
            continue;
        }
        ++i;  // '='
        while (i < raw.size() && text::is_ascii_space(raw[i])) ++i;
        if (i < raw.size() && raw[i] == '"') {
            p.quoted = true;
            ++i;
            while (i < raw.size() && raw[i] != '"') {
                if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
                p.value.push_back(raw[i++]);
            }
            if (i < raw.size()) ++i;  // closing quote
            // Anything up to the next ';' after a quoted value is junk.
            while (i < raw.size() && raw[i] != ';') ++i;
        } else {
            const std::size_t value_start = i;
            while (i < raw.size() && raw[i] != ';') ++i;
            p.value = std::string(text::trim(raw.substr(value_start, i - value_start)));
        }
        if (!p.name.empty()) out.push_back(std::move(p));
    }
    return out;
}

}  // namespace

std::optional<std::string> HeaderParams::get(std::string_view name) const {
    for (const auto& [n, v] : params)
        if (n == name) return v;
    return std::nullopt;
}

HeaderParams parse_header_params(std::string_view raw, std::vector<std::string>* defects) {
    HeaderParams result;
    std::vector<RawParam> raw_params = tokenize(raw, result.value);

    // RFC 2231 pieces per base name: index -> (value, percent-encoded?)
    struct Pieces {
        std::map<int, std::pair<std::string, bool>> parts;
        std::size_t first_position = 0;
    };
    std::map<std::string, Pieces> extended;
    std::vector<std::pair<std::string, std::string>> plain;
    std::size_t position = 0;
    for (RawParam& p : raw_params) {
        ++position;
        const auto star = p.name.find('*');
        if (star == std::string::npos) {
            std::string v = p.value;
            if (v.find("=?") != std::string::npos)
                v = decode_encoded_words(v, defects);
            else if (!text::is_valid_utf8(v)) {
                std::vector<std::string> scratch;
                v = charset::decode_text(v, "", "parameter " + p.name, defects ? *defects : scratch)
                        .text;
            }
            plain.emplace_back(p.name, std::move(v));
            continue;
        }
        const std::string base = p.name.substr(0, star);
        std::string_view rest = std::string_view(p.name).substr(star + 1);
        int index = 0;
        bool encoded = false;
        if (rest.empty()) {
            encoded = true;  // name*=charset'lang'value
        } else {
            std::size_t k = 0;
            int n = 0;
            bool digits = false;
            while (k < rest.size() && text::is_ascii_digit(rest[k]) && n < 100000) {
                n = n * 10 + (rest[k] - '0');
                ++k;
                digits = true;
            }
            if (!digits) continue;
            index = n;
            encoded = k < rest.size() && rest[k] == '*';
        }
        Pieces& pieces = extended[base];
        if (pieces.parts.empty()) pieces.first_position = position;
        pieces.parts.emplace(index, std::make_pair(std::move(p.value), encoded));
    }

    for (auto& entry : extended) {
        const std::string& base = entry.first;
        Pieces& pieces = entry.second;
        std::string bytes;
        std::string cs;
        bool first = true;
        for (auto& indexed : pieces.parts) {
            const auto& piece = indexed.second;
            std::string_view v = piece.first;
            if (piece.second && first) {
                // charset'language'value
                const auto q1 = v.find('\'');
                const auto q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
                if (q2 != std::string_view::npos) {
                    cs = std::string(v.substr(0, q1));
                    v = v.substr(q2 + 1);
                }
            }
            bytes += piece.second ? percent_decode(v) : std::string(v);
            first = false;
        }
        std::vector<std::string> scratch;
        std::string decoded =
            charset::decode_text(bytes, cs, "parameter " + base, defects ? *defects : scratch).text;
        if (decoded.find("=?") != std::string::npos)
            decoded = decode_encoded_words(decoded, defects);
        // An RFC 2231 value wins over a plain one of the same name.
        auto same = std::find_if(plain.begin(), plain.end(),
                                 [&](const auto& kv) { return kv.first == base; });
        if (same != plain.end())
            same->second = std::move(decoded);
        else
            plain.emplace_back(base, std::move(decoded));
    }
    result.params = std::move(plain);
    return result;
}

}  // namespace obrd
