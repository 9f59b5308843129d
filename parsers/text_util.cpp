// text_util.cpp: implementation of the byte-string helpers in text_util.hpp.
#include "parsers/text_util.hpp"

#include <cstring>

namespace obrd::text {

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from) {
    if (needle.empty()) return from <= haystack.size() ? from : std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i)
        if (iequals(haystack.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_all_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is ill-formed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::size_t count_utf8_multibyte(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) return 0;
        ++count;
        i += len;
    }
    return count;
}

std::string repair_utf8(std::string_view s, std::size_t* replaced) {
    std::string out;
    out.reserve(s.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            out.push_back(s[i++]);
            continue;
        }
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++bad;
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    if (replaced) *replaced = bad;
    return out;
}

std::optional<std::size_t> utf8_cut_short_at(std::string_view s) {
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        const auto b = static_cast<unsigned char>(s[s.size() - back]);
        if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
        const std::size_t needed = b >= 0xF0 && b <= 0xF4   ? 4
                                   : b >= 0xE0 && b <= 0xEF ? 3
                                   : b >= 0xC2 && b <= 0xDF ? 2
                                                            : 0;
        if (needed <= back) return std::nullopt;  // not a lead byte, or its sequence is whole
        const std::string_view valid = s.substr(0, s.size() - back);
        if (is_valid_utf8(valid) && count_utf8_multibyte(valid) > 0) return valid.size();
        return std::nullopt;
    }
    return std::nullopt;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

char32_t next_utf8(std::string_view s, std::size_t& i) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
        ++i;
        return 0xFFFD;
    }
    const auto b0 = static_cast<unsigned char>(s[i]);
    char32_t cp;
    if (len == 1) {
        cp = b0;
    } else if (len == 2) {
        cp = b0 & 0x1F;
    } else if (len == 3) {
        cp = b0 & 0x0F;
    } else {
        cp = b0 & 0x07;
    }
    for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

std::size_t find_utf8(std::string_view haystack, std::string_view needle) {
    const auto lead = needle.empty() ? 0u : static_cast<unsigned char>(needle[0]);
    if (needle.size() < 2 || lead < 0xC2 || lead > 0xDF) return haystack.find(needle);
    const char second = needle[1];
    std::size_t from = 1;
    while (from < haystack.size()) {
        const void* hit = std::memchr(haystack.data() + from, second, haystack.size() - from);
        if (!hit) return std::string_view::npos;
        const std::size_t at =
            static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data()) - 1;
        if (haystack.substr(at, needle.size()) == needle) return at;
        from = at + 2;
    }
    return std::string_view::npos;
}

std::string normalize_newlines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t pos = 0;
    // Copy the runs between carriage returns in one go.
    for (std::size_t cr = s.find('\r'); cr != std::string_view::npos; cr = s.find('\r', pos)) {
        out.append(s.substr(pos, cr - pos));
        out.push_back('\n');
        pos = cr + 1;
        if (pos < s.size() && s[pos] == '\n') ++pos;
    }
    out.append(s.substr(pos));
    return out;
}

}  // namespace obrd::text
