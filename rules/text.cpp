// text.cpp: UTF-8 decoding, case folding, words, sentences and lines for the rules.
//
// Promises: never throws on bad UTF-8 (a bad byte is U+FFFD), never reads past the input,
// and keeps byte offsets exact so that evidence can point into the letter.
#include "rules/text.hpp"

#include <algorithm>

namespace obrd::rtext {

std::vector<CodePoint> decode(std::string_view s) {
    std::vector<CodePoint> out;
    out.reserve(s.size());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        char32_t cp = 0;
        if (b0 < 0x80) {
            len = 1;
            cp = b0;
        } else if ((b0 & 0xE0) == 0xC0) {
            len = 2;
            cp = b0 & 0x1F;
        } else if ((b0 & 0xF0) == 0xE0) {
            len = 3;
            cp = b0 & 0x0F;
        } else if ((b0 & 0xF8) == 0xF0) {
            len = 4;
            cp = b0 & 0x07;
        }
        bool ok = len > 0 && i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (ok && len == 2 && cp < 0x80) ok = false;
        if (ok && len == 3 && cp < 0x800) ok = false;
        if (ok && len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ok = false;
        if (!ok) {
            out.push_back({U'\uFFFD', i, i + 1});
            ++i;
            continue;
        }
        out.push_back({cp, i, i + len});
        i += len;
    }
    return out;
}

std::string encode(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string encode(std::u32string_view s) {
    std::string out;
    out.reserve(s.size() * 2);
    for (char32_t c : s) out += encode(c);
    return out;
}

bool is_cyrillic(char32_t c) {
    return (c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451;
}
bool is_latin(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_letter(char32_t c) {
    return is_cyrillic(c) || is_latin(c);
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_upper(char32_t c) {
    return (c >= 0x410 && c <= 0x42F) || c == 0x401 || (c >= 'A' && c <= 'Z');
}

char32_t fold(char32_t c) {
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c == 0x401 || c == 0x451) return 0x435;  // Ё, ё -> е
    if (c >= 'A' && c <= 'Z') return c + 0x20;
    return c;
}

std::u32string fold(std::u32string_view s) {
    std::u32string out(s);
    for (auto& c : out) c = fold(c);
    return out;
}

std::u32string to_u32(std::string_view s) {
    std::u32string out;
    for (const auto& cp : decode(s)) out += cp.cp;
    return out;
}

std::string fold_utf8(std::string_view s) {
    return encode(fold(to_u32(s)));
}

std::u32string collapse_repeats(std::u32string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (char32_t c : s)
        if (out.empty() || out.back() != c) out += c;
    return out;
}

std::vector<Word> words(std::string_view s) {
    std::vector<Word> out;
    const auto cps = decode(s);
    std::size_t i = 0;
    while (i < cps.size()) {
        if (!is_letter(cps[i].cp) && !is_digit(cps[i].cp)) {
            ++i;
            continue;
        }
        Word w;
        w.begin = cps[i].begin;
        std::size_t letters = 0, uppers = 0;
        while (i < cps.size() && (is_letter(cps[i].cp) || is_digit(cps[i].cp))) {
            const char32_t c = cps[i].cp;
            w.raw += c;
            w.has_cyrillic |= is_cyrillic(c);
            w.has_latin |= is_latin(c);
            w.has_digit |= is_digit(c);
            if (is_letter(c)) {
                ++letters;
                if (is_upper(c)) ++uppers;
            }
            w.end = cps[i].end;
            ++i;
        }
        w.norm = fold(w.raw);
        w.all_upper = letters >= 2 && uppers == letters;
        out.push_back(std::move(w));
    }
    return out;
}

namespace {

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x2007 ||
           c == 0x202F || c == 0x200B || c == 0xFEFF;
}

}  // namespace

std::vector<Span> lines(std::string_view s) {
    std::vector<Span> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '\n') {
            std::size_t end = i;
            if (end > start && s[end - 1] == '\r') --end;
            out.push_back({start, end});
            start = i + 1;
        }
    }
    return out;
}

std::vector<Span> sentences(std::string_view s) {
    std::vector<Span> out;
    const auto cps = decode(s);
    std::size_t start = 0;          // byte offset of the current sentence
    std::size_t line_start_cp = 0;  // index of the current line's first code point
    auto flush = [&](std::size_t end) {
        auto v = trim(s.substr(start, end - start));
        if (!v.empty()) {
            const std::size_t b = static_cast<std::size_t>(v.data() - s.data());
            out.push_back({b, b + v.size()});
        }
        start = end;
    };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i].cp;
        if (c == '.' || c == '!' || c == '?' || c == 0x2026) {
            const bool at_end = i + 1 == cps.size() || is_space(cps[i + 1].cp) ||
                                cps[i + 1].cp == '"' || cps[i + 1].cp == 0xBB;
            // A dot after a lone letter is an initial or an abbreviation ("Е.В.", "г.",
            // "ул. д."), not the end of a sentence.
            const bool lone_letter = c == '.' && i >= 1 && is_letter(cps[i - 1].cp) &&
                                     (i < 2 || !is_letter(cps[i - 2].cp));
            if (at_end && !lone_letter) flush(cps[i].end);
        } else if (c == '\n') {
            // Visible length of the line that ends here.
            std::size_t len = 0;
            char32_t last = 0;
            for (std::size_t k = line_start_cp; k < i; ++k) {
                if (!is_space(cps[k].cp)) last = cps[k].cp;
                ++len;
            }
            const bool blank = last == 0;
            const bool short_line = len < 45;
            if (blank || short_line || last == ':' || last == ';') flush(cps[i].begin);
            line_start_cp = i + 1;
        }
    }
    flush(s.size());
    return out;
}

std::vector<const Word*> words_in(const std::vector<Word>& ws, Span span) {
    std::vector<const Word*> out;
    auto it = std::lower_bound(ws.begin(), ws.end(), span.begin,
                               [](const Word& w, std::size_t b) { return w.begin < b; });
    for (; it != ws.end() && it->end <= span.end; ++it) out.push_back(&*it);
    return out;
}

std::string_view trim(std::string_view s) {
    const auto cps = decode(s);
    std::size_t b = 0, e = cps.size();
    while (b < e && is_space(cps[b].cp)) ++b;
    while (e > b && is_space(cps[e - 1].cp)) --e;
    if (b == e) return s.substr(0, 0);
    return s.substr(cps[b].begin, cps[e - 1].end - cps[b].begin);
}

std::string excerpt(std::string_view s, std::size_t begin, std::size_t end, std::size_t max_bytes) {
    if (begin > s.size()) begin = s.size();
    if (end > s.size()) end = s.size();
    auto continuation = [&](std::size_t i) {
        return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    };
    while (begin < end && continuation(begin)) ++begin;
    while (end > begin && continuation(end)) --end;
    std::string_view v = s.substr(begin, end - begin);
    if (v.size() > max_bytes) {
        // Cut at a code point boundary.
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
        return std::string(v.substr(0, cut)) + "…";
    }
    std::string out;
    out.reserve(v.size());
    for (char ch : v) out += (ch == '\r' || ch == '\n' || ch == '\t') ? ' ' : ch;
    return out;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char ch : s) {
        h ^= static_cast<unsigned char>(ch);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::u32string fold_vowels(std::u32string_view s) {
    std::u32string out(s);
    for (char32_t& c : out)
        if (c == U'а') c = U'о';
    return out;
}

}  // namespace obrd::rtext
