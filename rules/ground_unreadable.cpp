// ground_unreadable.cpp: the "unreadable" ground: mojibake, text typed in the wrong
// keyboard layout, keyboard mashing and other gibberish.
//
// How, in this order (the first that holds is the evidence):
//  - MOJIBAKE: Russian text read in the wrong charset and stored so: UTF-8 read as
//    windows-1251 ("Р”РѕР±СЂС‹Р№": pairs Р/С + a character of cp1251 0x80-0xBF), UTF-8
//    read as windows-1252 ("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), windows-1251 read as Latin-1 ("Ïðèâåò"),
//    KOI8-R and windows-1251 swapped ("рТЙЧЕФ"; tried when almost no word is a common
//    word, and kept when the swapped text is full of them). The evidence shows the start
//    of the text repaired.
//  - WRONG_LAYOUT: mostly Latin letters which, mapped key by key to ЙЦУКЕН (keyboard.txt),
//    give common Russian words (common_words.txt).
//  - GIBBERISH: most Cyrillic words are implausible (three equal letters in a row, a row of
//    five neighbouring keys, a start with ы/ь/ъ, a repeated syllable, no vowel, a lower-case
//    letter before capitals as in KOI8-R read as cp1251 "рТЙЧЕФ") and almost none is a
//    common word (settings: unreadable.*).
#include <array>

#include "rules/context.hpp"

namespace obrd {

namespace {

// windows-1251 0x80..0xBF; U+FFFD stands for 0x98, which the code page leaves undefined.
constexpr std::array<char32_t, 64> kCp1251High = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409,
    0x2039, 0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0,
    0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB,
    0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6,
    0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
};

int cp1251_high(char32_t c) {
    for (std::size_t i = 0; i < kCp1251High.size(); ++i)
        if (kCp1251High[i] == c) return static_cast<int>(0x80 + i);
    return -1;
}

// Re-encodes text as windows-1251 and reads the bytes as UTF-8.
std::string repair_mojibake(std::string_view s) {
    std::string bytes;
    for (const auto& cp : rtext::decode(s)) {
        const char32_t c = cp.cp;
        if (c < 0x80)
            bytes += static_cast<char>(c);
        else if (c >= 0x410 && c <= 0x44F)
            bytes += static_cast<char>(0xC0 + (c - 0x410));
        else if (int b = cp1251_high(c); b >= 0)
            bytes += static_cast<char>(b);
        else
            bytes += '?';
    }
    std::string out;
    for (const auto& cp : rtext::decode(bytes)) out += rtext::encode(cp.cp);
    return out;
}

// windows-1252 0x80..0x9F (the rest of 0xA0..0xFF is Latin-1, code point = byte).
constexpr std::array<char32_t, 32> kCp1252Low = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

int cp1252_byte(char32_t c) {
    if (c >= 0xA0 && c <= 0xFF) return static_cast<int>(c);
    for (std::size_t i = 0; i < kCp1252Low.size(); ++i)
        if (kCp1252Low[i] == c && c != 0xFFFD) return static_cast<int>(0x80 + i);
    return -1;
}

// UTF-8 read as windows-1252 ("ÐŸÑ€Ð¸Ð²ÐµÑ‚"): re-encode as cp1252, read as UTF-8.
std::string repair_latin_utf8(std::string_view s) {
    std::string bytes;
    for (const auto& cp : rtext::decode(s)) {
        if (cp.cp < 0x80)
            bytes += static_cast<char>(cp.cp);
        else if (int b = cp1252_byte(cp.cp); b >= 0)
            bytes += static_cast<char>(b);
        else
            bytes += '?';
    }
    std::string out;
    for (const auto& cp : rtext::decode(bytes)) out += rtext::encode(cp.cp);
    return out;
}

// windows-1251 read as Latin-1 ("Ïðèâåò"): À..ÿ are А..я, ¨ and ¸ are Ё and ё.
std::string repair_latin_cp1251(std::string_view s) {
    std::string out;
    for (const auto& cp : rtext::decode(s)) {
        char32_t c = cp.cp;
        if (c >= 0xC0 && c <= 0xFF)
            c = 0x410 + (c - 0xC0);
        else if (c == 0xA8)
            c = 0x401;
        else if (c == 0xB8)
            c = 0x451;
        out += rtext::encode(c);
    }
    return out;
}

// KOI8-R 0xC0..0xFF (the letters; 0xC0 is ю).
constexpr char32_t kKoi8Letters[] =
    U"юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";

// Russian text swapped between KOI8-R and windows-1251: each letter is another letter.
// `koi8_from_cp1251`: bytes written in KOI8-R were read as cp1251; otherwise the reverse.
std::u32string swap_koi8_cp1251(std::u32string_view s, bool koi8_from_cp1251) {
    std::u32string out(s);
    for (auto& c : out) {
        const bool cp1251_letter = c >= 0x410 && c <= 0x44F;
        if (!cp1251_letter) continue;
        if (koi8_from_cp1251) {
            c = kKoi8Letters[c - 0x410];  // the cp1251 byte 0xC0 + i read as KOI8-R
        } else {
            for (std::size_t i = 0; i < 64; ++i)
                if (kKoi8Letters[i] == c) {
                    c = static_cast<char32_t>(0x410 + i);
                    break;
                }
        }
    }
    return out;
}

std::size_t common_words(std::u32string_view s, const RuleData& d, std::size_t& total) {
    std::size_t known = 0;
    total = 0;
    const auto utf8 = rtext::encode(s);
    for (const auto& w : rtext::words(utf8)) {
        if (!w.has_cyrillic) continue;
        ++total;
        known += d.common_words.count(w.norm);
    }
    return known;
}

enum class Mojibake { none, utf8_as_cp1251, utf8_as_cp1252, cp1251_as_latin1 };

// Which kind of mojibake most of the text is, and where the first suspicious pair starts.
Mojibake mojibake(std::string_view s, std::size_t& first) {
    const auto cps = rtext::decode(s);
    std::size_t cyr_pairs = 0, lat_pairs = 0, latin1_letters = 0, visible = 0;
    std::size_t first_cyr = std::string_view::npos, first_lat = std::string_view::npos,
                first_l1 = std::string_view::npos;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i].cp;
        if (c < 0x80) continue;
        ++visible;
        const bool has_next = i + 1 < cps.size();
        if ((c == 0x420 || c == 0x421) && has_next && cp1251_high(cps[i + 1].cp) >= 0) {
            ++cyr_pairs;
            if (first_cyr == std::string_view::npos) first_cyr = cps[i].begin;
        }
        if ((c == 0xD0 || c == 0xD1) && has_next && cps[i + 1].cp >= 0x80 &&
            cp1252_byte(cps[i + 1].cp) >= 0) {
            ++lat_pairs;
            if (first_lat == std::string_view::npos) first_lat = cps[i].begin;
        }
        if (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) {
            ++latin1_letters;
            if (first_l1 == std::string_view::npos) first_l1 = cps[i].begin;
        }
    }
    if (visible < 20) return Mojibake::none;
    // Each Russian letter became two characters, so pairs make most of the text.
    if (cyr_pairs * 2 * 10 >= visible * 6) {
        first = first_cyr;
        return Mojibake::utf8_as_cp1251;
    }
    if (lat_pairs * 2 * 10 >= visible * 6) {
        first = first_lat;
        return Mojibake::utf8_as_cp1252;
    }
    if (latin1_letters * 10 >= visible * 8) {
        first = first_l1;
        return Mojibake::cp1251_as_latin1;
    }
    return Mojibake::none;
}

bool vowel(char32_t c) {
    static const std::u32string v = U"аеиоуыэюяaeiouy";
    return v.find(c) != std::u32string::npos;
}

bool repeated_unit(std::u32string_view w) {
    for (std::size_t n = 2; n * 3 <= w.size(); ++n) {
        bool rep = true;
        for (std::size_t i = n; i < w.size() && rep; ++i) rep = w[i] == w[i % n];
        if (rep) return true;
    }
    return false;
}

}  // namespace

bool implausible_word(std::u32string_view w, const RuleData& d) {
    if (w.empty()) return false;
    if (w[0] == U'ы' || w[0] == U'ь' || w[0] == U'ъ') return true;
    std::size_t run = 1, vowels = vowel(w[0]) ? 1 : 0, consonants = vowels ? 0 : 1,
                max_consonants = consonants;
    for (std::size_t i = 1; i < w.size(); ++i) {
        run = w[i] == w[i - 1] ? run + 1 : 1;
        if (run >= 3) return true;
        if (vowel(w[i])) {
            ++vowels;
            consonants = 0;
        } else {
            max_consonants = std::max(max_consonants, ++consonants);
        }
    }
    if (w.size() >= 4 && vowels == 0) return true;
    if (max_consonants >= 6) return true;
    if (repeated_unit(w)) return true;
    for (const auto& run : d.keyboard_runs)
        if (w.size() >= run.size() && w.find(run) != std::u32string_view::npos) return true;
    return false;
}

std::string to_russian_layout(std::string_view s, const RuleData& d) {
    std::string out;
    for (const auto& cp : rtext::decode(s)) {
        const char32_t key = rtext::is_latin(cp.cp) ? rtext::fold(cp.cp) : cp.cp;
        auto it = d.layout.find(key);
        out += rtext::encode(it == d.layout.end() ? cp.cp : it->second);
    }
    return out;
}

void ground_unreadable(const Context& c, Findings& f) {
    const std::string_view t = c.main_text();
    std::size_t first = 0;
    if (const auto kind = mojibake(t, first); kind != Mojibake::none) {
        // Up to about 120 bytes, ending at a space so that no pair is cut.
        std::size_t end = std::min(t.size(), first + 120);
        if (const auto sp = t.rfind(' ', end); sp != std::string_view::npos && sp > first) end = sp;
        const auto piece = t.substr(first, end - first);
        const std::string fixed = kind == Mojibake::utf8_as_cp1251   ? repair_mojibake(piece)
                                  : kind == Mojibake::utf8_as_cp1252 ? repair_latin_utf8(piece)
                                                                     : repair_latin_cp1251(piece);
        c.cite(f, Reason::unreadable, "MOJIBAKE", first, end,
               "(→ «" + rtext::excerpt(fixed, 0, fixed.size(), 100) + "»)");
        return;
    }
    {
        // KOI8-R and windows-1251 swapped ("рТЙЧЕФ", "оПХБЕР"): almost no common word, and
        // swapping the letters back gives many.
        const auto u = rtext::to_u32(c.unsigned_text());
        std::size_t total = 0;
        const auto known = common_words(u, c.data, total);
        if (total >= 5 && known * 20 < total) {
            for (bool dir : {true, false}) {
                const auto fixed = swap_koi8_cp1251(u, dir);
                std::size_t n = 0;
                const auto k = common_words(fixed, c.data, n);
                if (k >= 3 && k * 5 >= n) {
                    const auto begin = c.words.empty() ? 0 : c.words.front().begin;
                    std::size_t end = std::min(t.size(), begin + 120);
                    if (const auto sp = t.rfind(' ', end);
                        sp != std::string_view::npos && sp > begin)
                        end = sp;
                    const auto preview = rtext::encode(
                        swap_koi8_cp1251(rtext::to_u32(t.substr(begin, end - begin)), dir));
                    c.cite(f, Reason::unreadable, "MOJIBAKE", begin, end,
                           "(→ «" + rtext::excerpt(preview, 0, preview.size(), 100) + "»)");
                    return;
                }
            }
        }
    }
    std::size_t latin = 0, cyrillic = 0;
    for (const auto& w : c.words) {
        for (char32_t ch : w.raw) {
            latin += rtext::is_latin(ch);
            cyrillic += rtext::is_cyrillic(ch);
        }
    }
    if (latin >= 20 && latin * 10 >= (latin + cyrillic) * 7) {
        const std::string converted = to_russian_layout(t, c.data);
        const auto ws = rtext::words(converted);
        // One-letter words are left out: any converted text is full of в, и, с, к.
        std::size_t known = 0, counted = 0;
        for (const auto& w : ws) {
            if (w.norm.size() < 2 || !w.has_cyrillic) continue;
            ++counted;
            known += c.data.common_words.count(w.norm);
        }
        if (known >= 3 && known * 4 >= counted) {
            const auto end =
                c.words.empty() ? t.size() : std::min(t.size(), c.words.front().begin + 100);
            const auto begin = c.words.empty() ? 0 : c.words.front().begin;
            c.cite(f, Reason::unreadable, "WRONG_LAYOUT", begin, end,
                   "(→ «" +
                       rtext::excerpt(to_russian_layout(t.substr(begin, end - begin), c.data), 0,
                                      100) +
                       "»)");
            return;
        }
    }
    std::size_t counted = 0, bad = 0, known = 0;
    std::vector<const rtext::Word*> bad_words;
    for (const auto& w : c.words) {
        if (w.begin >= c.main_end) break;
        if (!w.has_cyrillic || w.has_latin || w.has_digit || w.all_upper || w.norm.size() < 2)
            continue;
        ++counted;
        if (c.data.common_words.count(w.norm)) ++known;
        // "рТЙЧЕФ": a lower-case letter followed by capitals is KOI8-R/cp1251 mojibake.
        const bool inverted = w.raw.size() >= 3 && !rtext::is_upper(w.raw[0]) &&
                              rtext::is_upper(w.raw[1]) && rtext::is_upper(w.raw[2]);
        if (inverted || implausible_word(w.norm, c.data)) {
            ++bad;
            bad_words.push_back(&w);
        }
    }
    const auto& s = c.data.settings;
    if (counted > 0 && bad > 0 &&
        static_cast<double>(bad) >= s.unreadable_min_bad_share * static_cast<double>(counted) &&
        static_cast<double>(known) <= s.unreadable_max_known_share * static_cast<double>(counted)) {
        const auto begin = bad_words.front()->begin;
        const auto end = bad_words[std::min<std::size_t>(bad_words.size(), 4) - 1]->end;
        // Appended, not "(" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that form.
        std::string note = "(";
        note += std::to_string(bad);
        note += " из ";
        note += std::to_string(counted);
        note += " слов не похожи на русские)";
        // Narrowly over the threshold, or too few words to tell: for a person.
        constexpr std::size_t kEnoughWords = 5;
        const bool borderline = counted < kEnoughWords ||
                                static_cast<double>(bad) < (s.unreadable_min_bad_share + 1.0) /
                                                               2.0 * static_cast<double>(counted);
        c.cite(f, Reason::unreadable, borderline ? "GIBBERISH_BORDERLINE" : "GIBBERISH", begin, end,
               note);
    }
}

}  // namespace obrd
