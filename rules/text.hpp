// text.hpp: the text toolkit every rule shares. UTF-8 in, normalised words out.
//
// Promises: pure functions, no locale, no I/O. Offsets are byte offsets into the string
// that was given. Normalisation folds case (Cyrillic and Latin), maps ё to е, and can map
// Latin and digit look-alikes to Cyrillic; the rules compare normalised forms only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace obrd::rtext {

// One decoded code point and where its bytes are.
struct CodePoint {
    char32_t cp;
    std::size_t begin;  // byte offset of the first byte
    std::size_t end;    // byte offset one past the last byte
};

// Decodes UTF-8; an invalid byte becomes U+FFFD covering that one byte.
std::vector<CodePoint> decode(std::string_view s);
std::string encode(char32_t cp);
std::string encode(std::u32string_view s);

bool is_cyrillic(char32_t c);
bool is_latin(char32_t c);
bool is_letter(char32_t c);  // Cyrillic or Latin
bool is_digit(char32_t c);
bool is_upper(char32_t c);  // Cyrillic or Latin capital
// Lower case for Cyrillic and Latin, ё/Ё to е; other code points unchanged.
char32_t fold(char32_t c);
// fold() over a whole string.
std::u32string fold(std::u32string_view s);
std::string fold_utf8(std::string_view s);
std::u32string to_u32(std::string_view s);
// Collapses runs of the same code point to one: "хууууй" -> "хуй".
std::u32string collapse_repeats(std::u32string_view s);
// Folds the vowel pair that Russian spelling confuses most where it is unstressed, а -> о
// ("ахуеть" is "охуеть", "далбаёб" is "долбоёб", "монда" is "манда"): the obscene matcher
// compares words and its data in this form.
std::u32string fold_vowels(std::u32string_view s);

// A word of the text: a run of letters and digits (hyphens split words).
struct Word {
    std::u32string raw;              // as written
    std::u32string norm;             // fold(raw)
    std::size_t begin = 0, end = 0;  // bytes in the source
    bool has_cyrillic = false, has_latin = false, has_digit = false;
    bool all_upper = false;  // every letter is a capital and there are at least two letters
};
std::vector<Word> words(std::string_view s);

// A span of the source: a sentence or a line.
struct Span {
    std::size_t begin = 0, end = 0;
    std::string_view view(std::string_view src) const { return src.substr(begin, end - begin); }
};
// Sentences end at . ! ? … or at a blank line (a line break alone does not end one, unless
// the line is short and has no end punctuation, such as an address or signature line). A
// dot after a lone letter (initials, "г.", "ул. д.") does not end a sentence.
std::vector<Span> sentences(std::string_view s);
std::vector<Span> lines(std::string_view s);

// Words whose [begin, end) lies inside the span.
std::vector<const Word*> words_in(const std::vector<Word>& ws, Span span);

// Trims ASCII and Unicode spaces from both ends.
std::string_view trim(std::string_view s);
std::string excerpt(std::string_view s, std::size_t begin, std::size_t end,
                    std::size_t max_bytes = 160);

// 64-bit FNV-1a: stable across platforms and runs, used for stored fingerprints.
std::uint64_t fnv1a(std::string_view s);

}  // namespace obrd::rtext
