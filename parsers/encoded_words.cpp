// encoded_words.cpp: the RFC 2047 decoder of encoded_words.hpp.
#include "parsers/encoded_words.hpp"

#include "parsers/charset.hpp"
#include "parsers/text_util.hpp"
#include "parsers/transfer_encoding.hpp"

namespace obrd {

namespace {

struct Segment {
    bool encoded = false;
    std::string charset;  // normalised label, encoded segments only
    std::string bytes;    // decoded bytes (encoded) or raw text (plain)
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string decode_q(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out.push_back(' ');
        } else if (c == '=' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
                   hex_digit(text[i + 2]) >= 0) {
            out.push_back(char(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// Tries to read an encoded-word at raw[pos] ("=?" already seen). On success fills `seg`
// and returns the position after it; returns npos when this is not an encoded-word.
std::size_t read_encoded_word(std::string_view raw, std::size_t pos, Segment& seg, bool& broken) {
    std::size_t p = pos + 2;
    const std::size_t charset_end = raw.find('?', p);
    if (charset_end == std::string_view::npos || charset_end == p || charset_end - p > 64)
        return std::string_view::npos;
    std::string_view charset = raw.substr(p, charset_end - p);
    for (char c : charset)
        if (text::is_ascii_space(c) || c == '=' || c == '"') return std::string_view::npos;
    if (const auto star = charset.find('*'); star != std::string_view::npos)
        charset = charset.substr(0, star);  // RFC 2231 language suffix
    p = charset_end + 1;
    if (p + 1 >= raw.size() || raw[p + 1] != '?') return std::string_view::npos;
    const char encoding = text::ascii_lower(raw[p]);
    if (encoding != 'b' && encoding != 'q') return std::string_view::npos;
    p += 2;
    // The encoded text runs to "?=" and contains no blank.
    std::size_t end = p;
    while (end < raw.size() && !text::is_ascii_space(raw[end])) {
        if (raw[end] == '?' && end + 1 < raw.size() && raw[end + 1] == '=') break;
        ++end;
    }
    std::size_t next;
    if (end < raw.size() && raw[end] == '?') {
        next = end + 2;
        broken = false;
    } else {
        next = end;  // no closing "?=": read what is there
        broken = true;
    }
    const std::string_view payload = raw.substr(p, end - p);
    seg.encoded = true;
    seg.charset = charset::normalize_label(charset);
    if (encoding == 'b') {
        seg.bytes = transfer::decode_to_string(payload, transfer::Encoding::base64);
    } else {
        seg.bytes = decode_q(payload);
    }
    return next;
}

bool only_blanks(std::string_view s) {
    for (char c : s)
        if (!text::is_ascii_space(c)) return false;
    return true;
}

}  // namespace

std::string decode_encoded_words(std::string_view raw, std::vector<std::string>* defects) {
    std::vector<std::string> scratch;
    std::vector<std::string>& notes = defects ? *defects : scratch;
    if (raw.find("=?") == std::string_view::npos) {
        if (text::is_all_ascii(raw) || text::is_valid_utf8(raw)) return std::string(raw);
        return charset::decode_text(raw, "", "header", notes).text;
    }

    std::vector<Segment> segments;
    std::size_t i = 0;
    std::string plain;
    while (i < raw.size()) {
        if (raw[i] == '=' && i + 1 < raw.size() && raw[i + 1] == '?') {
            Segment seg;
            bool broken = false;
            const std::size_t next = read_encoded_word(raw, i, seg, broken);
            if (next != std::string_view::npos) {
                if (!plain.empty()) segments.push_back({false, {}, std::move(plain)});
                plain.clear();
                if (broken)
                    notes.push_back("encoded-word without its closing ?= read as far as it goes");
                segments.push_back(std::move(seg));
                i = next;
                continue;
            }
        }
        plain.push_back(raw[i++]);
    }
    if (!plain.empty()) segments.push_back({false, {}, std::move(plain)});

    // Blanks between two encoded-words are not part of the text (RFC 2047 6.2).
    std::vector<Segment> kept;
    for (std::size_t k = 0; k < segments.size(); ++k) {
        Segment& seg = segments[k];
        if (!seg.encoded && only_blanks(seg.bytes) && k > 0 && k + 1 < segments.size() &&
            segments[k - 1].encoded && segments[k + 1].encoded)
            continue;
        if (seg.encoded && !kept.empty() && kept.back().encoded &&
            kept.back().charset == seg.charset) {
            kept.back().bytes += seg.bytes;  // one charset: join bytes, then convert once
            continue;
        }
        kept.push_back(std::move(seg));
    }

    std::string out;
    for (const Segment& seg : kept) {
        if (!seg.encoded) {
            if (text::is_all_ascii(seg.bytes) || text::is_valid_utf8(seg.bytes))
                out += seg.bytes;
            else
                out += charset::decode_text(seg.bytes, "", "header", notes).text;
            continue;
        }
        out += charset::decode_text(seg.bytes, seg.charset, "encoded-word", notes).text;
    }
    return out;
}

}  // namespace obrd
