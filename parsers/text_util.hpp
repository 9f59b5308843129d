// text_util.hpp: small byte-string helpers shared by the parser's files.
//
// ASCII-only case folding and trimming (header syntax is ASCII), UTF-8 validation and
// repair. Pure functions over std::string_view; nothing here allocates unless it returns
// a std::string.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace obrd::text {

inline bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
inline bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string to_lower_ascii(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0);
std::string_view trim(std::string_view s);
bool is_all_ascii(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Counts characters encoded with two or more bytes; 0 when `s` is not valid UTF-8.
std::size_t count_utf8_multibyte(std::string_view s);
// Copies `s`, replacing every ill-formed sequence with U+FFFD. Returns the number of
// replacements through `replaced` when it is not null.
std::string repair_utf8(std::string_view s, std::size_t* replaced = nullptr);
// Where `s` was cut inside its last character: the length of its valid UTF-8 part, when
// that part holds a multibyte character and the 1-3 bytes after it begin a sequence that
// was never finished (a value truncated at a byte count). nullopt otherwise.
std::optional<std::size_t> utf8_cut_short_at(std::string_view s);
// Appends the UTF-8 encoding of `cp` (replacement character for invalid code points).
void append_utf8(std::string& out, char32_t cp);
// Decodes one UTF-8 character at s[i]; advances i; returns U+FFFD on bad input.
char32_t next_utf8(std::string_view s, std::size_t& i);

// Finds `needle` in `haystack` like string_view::find, but for needles that start with
// a two-byte UTF-8 character it scans for the (more selective) second byte: in Russian
// text the lead bytes 0xD0/0xD1 are every other byte, which makes a plain find crawl.
std::size_t find_utf8(std::string_view haystack, std::string_view needle);

// Normalises line ends to "\n" (CRLF and lone CR both become LF).
std::string normalize_newlines(std::string_view s);

}  // namespace obrd::text
