// charset.cpp: ICU and uchardet behind the interface of charset.hpp.
//
// ICU converters are cached per thread (opening one parses its alias table); they are
// closed when the thread ends. iso-8859-1 and us-ascii labels are read as windows-1252,
// as mail clients and browsers do, because senders use those labels for cp1252 text.
#include "parsers/charset.hpp"

#include <uchardet.h>
#include <unicode/ucnv.h>

#include <memory>
#include <unordered_map>

#include "parsers/text_util.hpp"

namespace obrd::charset {

namespace {

struct ConverterCache {
    std::unordered_map<std::string, UConverter*> open;
    ~ConverterCache() {
        for (auto& [name, cnv] : open)
            if (cnv) ucnv_close(cnv);
    }
    // Returns a reset converter, or null when ICU does not know the name.
    UConverter* get(const std::string& name) {
        auto it = open.find(name);
        if (it == open.end()) {
            UErrorCode err = U_ZERO_ERROR;
            UConverter* cnv = ucnv_open(name.c_str(), &err);
            if (U_FAILURE(err)) cnv = nullptr;
            if (open.size() > 64) {  // senders can invent any number of labels
                for (auto& [n, c] : open)
                    if (c) ucnv_close(c);
                open.clear();
            }
            it = open.emplace(name, cnv).first;
        }
        if (it->second) ucnv_reset(it->second);
        return it->second;
    }
};

ConverterCache& cache() {
    thread_local ConverterCache instance;
    return instance;
}

// Labels that ICU reads differently from what mail senders mean.
std::string icu_name_for(const std::string& label) {
    if (label == "iso-8859-1" || label == "latin1" || label == "iso8859-1" || label == "us-ascii" ||
        label == "ascii" || label == "iso_8859-1" || label == "l1")
        return "windows-1252";
    if (label == "mac-cyrillic" || label == "maccyrillic" || label == "x-mac-ukrainian")
        return "x-mac-cyrillic";
    if (label == "cp-1251" || label == "win-1251" || label == "win1251") return "windows-1251";
    if (label == "ks_c_5601-1987") return "windows-949";
    if (label == "gb2312" || label == "gbk") return "gb18030";
    if (label == "iso-2022-jp") return "ISO-2022-JP-2";  // senders add CP932 extensions
    return label;
}

bool is_utf8_label(const std::string& label) {
    return label == "utf-8" || label == "utf8" || label == "x-utf-8" || label == "utf-8-sig";
}

bool is_ascii_label(const std::string& label) {
    return label.empty() || label == "us-ascii" || label == "ascii" || label == "ansi_x3.4-1968";
}

// Single-byte charsets whose text practically never forms valid multibyte UTF-8.
bool is_single_byte_label(const std::string& label) {
    static const char* const names[] = {
        "windows-1251", "cp1251",         "koi8-r",       "koi8-u",       "cp866",  "ibm866",
        "iso-8859-5",   "x-mac-cyrillic", "maccyrillic",  "windows-1252", "cp1252", "iso-8859-1",
        "latin1",       "iso-8859-15",    "windows-1250", "iso-8859-2",   "koi8",   "mac-cyrillic"};
    for (const char* n : names)
        if (label == n) return true;
    return false;
}

// What a swapped table does to Russian text, measured on its UTF-8 reading. KOI8-R and
// windows-1251 place the two cases in each other's halves, and the letters elsewhere too:
// read with the other table, prose that is mostly lower case comes out mostly upper case,
// and its ten most frequent letters (о е а и н т с р в л, about 60 % of Russian text) give
// way to rare ones. Both signs together say "swapped"; the case alone would also fit text
// written in capitals.
struct CyrillicProfile {
    std::size_t letters = 0;
    std::size_t lower = 0;
    std::size_t frequent = 0;
    double lower_share() const { return letters ? double(lower) / double(letters) : 0.0; }
    double frequent_share() const { return letters ? double(frequent) / double(letters) : 0.0; }
};

CyrillicProfile cyrillic_profile(std::string_view text) {
    static const char32_t kFrequent[] = {U'о', U'е', U'а', U'и', U'н',
                                         U'т', U'с', U'р', U'в', U'л'};
    CyrillicProfile p;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]);
        const auto b = static_cast<unsigned char>(text[i + 1]);
        if ((a != 0xD0 && a != 0xD1) || (b & 0xC0) != 0x80) continue;
        char32_t cp = (char32_t(a & 0x1F) << 6) | char32_t(b & 0x3F);
        if (cp < 0x410 || cp > 0x44F) continue;  // А-я only; Ё/ё are too rare to matter
        ++p.letters;
        if (cp >= 0x430) {
            ++p.lower;
        } else {
            cp += 0x20;
        }
        for (char32_t f : kFrequent) p.frequent += cp == f;
        ++i;
    }
    return p;
}

// The other of the two common Russian single-byte charsets, or empty.
std::string swapped_cyrillic_label(const std::string& label) {
    if (label == "koi8-r" || label == "koi8") return "windows-1251";
    if (label == "windows-1251" || label == "cp1251" || label == "cp-1251" || label == "win-1251" ||
        label == "win1251")
        return "koi8-r";
    return {};
}

}  // namespace

std::string normalize_label(std::string_view label) {
    std::string out;
    for (char c : label) {
        if (c == '"' || c == '\'' || text::is_ascii_space(c)) continue;
        out.push_back(text::ascii_lower(c));
    }
    return out;
}

std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset) {
    const std::string label = normalize_label(charset);
    if (is_utf8_label(label)) return text::repair_utf8(bytes);
    if (label.empty() || label.size() > 64) return std::nullopt;
    UConverter* source = cache().get(icu_name_for(label));
    if (!source) return std::nullopt;
    UConverter* target = cache().get("UTF-8");
    if (!target) return std::nullopt;

    std::string out;
    out.resize(bytes.size() * 2 + 16);
    UChar pivot[1024];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    const char* src = bytes.data();
    const char* src_end = bytes.data() + bytes.size();
    std::size_t written = 0;
    bool first = true;
    for (;;) {
        char* dst = out.data() + written;
        char* dst_end = out.data() + out.size();
        UErrorCode err = U_ZERO_ERROR;
        ucnv_convertEx(target, source, &dst, dst_end, &src, src_end, pivot, &pivot_source,
                       &pivot_target, pivot + 1024, first, true, &err);
        first = false;
        written = static_cast<std::size_t>(dst - out.data());
        if (err == U_BUFFER_OVERFLOW_ERROR) {
            out.resize(out.size() * 2);
            continue;
        }
        if (U_FAILURE(err)) return std::nullopt;
        break;
    }
    out.resize(written);
    // ICU's single-byte substitution character is U+001A; callers expect U+FFFD.
    std::string fixed;
    fixed.reserve(out.size());
    for (char c : out) {
        if (c == '\x1A')
            fixed += "\xEF\xBF\xBD";
        else
            fixed.push_back(c);
    }
    return fixed;
}

std::string detect(std::string_view bytes) {
    uchardet_t detector = uchardet_new();
    if (!detector) return {};
    // A sample is enough and keeps detection cheap on big parts.
    const std::size_t sample = bytes.size() < 65536 ? bytes.size() : 65536;
    std::string result;
    if (uchardet_handle_data(detector, bytes.data(), sample) == 0) {
        uchardet_data_end(detector);
        const char* name = uchardet_get_charset(detector);
        if (name) result = normalize_label(name);
    }
    uchardet_delete(detector);
    if (result == "ascii") result = "us-ascii";
    if (result == "ibm866") result = "cp866";
    if (result == "mac-cyrillic") result = "x-mac-cyrillic";
    return result;
}

DecodedText decode_text(std::string_view bytes, std::string_view declared, std::string_view what,
                        std::vector<std::string>& defects) {
    const std::string label = normalize_label(declared);
    const bool ascii_only = text::is_all_ascii(bytes);
    auto note = [&](const std::string& message) {
        defects.push_back(std::string(what) + ": " + message);
    };

    // 7-bit stateful encodings (UTF-7, ISO-2022-*) are ASCII bytes that still need converting.
    const bool seven_bit_stateful = label == "utf-7" || label == "unicode-1-1-utf-7" ||
                                    label.rfind("iso-2022", 0) == 0 || label == "hz-gb-2312" ||
                                    label.rfind("utf-16", 0) == 0 || label.rfind("utf-32", 0) == 0;
    if (ascii_only && !seven_bit_stateful)
        return {std::string(bytes), label.empty() ? "us-ascii" : label};

    if (is_utf8_label(label)) {
        if (text::is_valid_utf8(bytes)) return {std::string(bytes), label};
        std::size_t replaced = 0;
        std::string repaired = text::repair_utf8(bytes, &replaced);
        // Mostly-invalid UTF-8 is usually a single-byte text under a wrong label.
        const std::string guess = detect(bytes);
        std::size_t non_ascii = 0;
        for (unsigned char c : bytes) non_ascii += c >= 0x80;
        if (!guess.empty() && guess != "utf-8" && replaced >= 3 && replaced * 2 > non_ascii) {
            if (auto converted = to_utf8(bytes, guess)) {
                note("declared utf-8 but the bytes are " + guess + "; read as " + guess);
                return {std::move(*converted), guess};
            }
        }
        note("invalid UTF-8: " + std::to_string(replaced) + " byte(s) replaced with U+FFFD");
        return {std::move(repaired), label};
    }

    const bool valid_utf8 = text::is_valid_utf8(bytes);
    if (is_ascii_label(label)) {
        if (valid_utf8) {
            note(label.empty() ? "8-bit text without a charset; read as utf-8"
                               : "8-bit text labelled " + label + "; read as utf-8");
            return {std::string(bytes), "utf-8"};
        }
        if (const auto cut = text::utf8_cut_short_at(bytes)) {
            // A UTF-8 value cut inside its last character: the rest is not another charset.
            note("UTF-8 cut inside its last character; that character read as U+FFFD");
            return {std::string(bytes.substr(0, *cut)) + "\xEF\xBF\xBD", "utf-8"};
        }
        std::string guess = detect(bytes);
        if (guess.empty() || guess == "us-ascii" || guess == "utf-8") guess = "windows-1252";
        note((label.empty() ? std::string("8-bit text without a charset")
                            : "8-bit text labelled " + label) +
             "; detected " + guess);
        if (auto converted = to_utf8(bytes, guess)) return {std::move(*converted), guess};
        return {text::repair_utf8(bytes), guess};
    }

    if (is_single_byte_label(label) && valid_utf8 && text::count_utf8_multibyte(bytes) >= 2) {
        note("declared " + label + " but the bytes are utf-8; read as utf-8");
        return {std::string(bytes), "utf-8"};
    }

    if (auto converted = to_utf8(bytes, label)) {
        // KOI8-R and windows-1251 swapped (see CyrillicProfile).
        if (const std::string other = swapped_cyrillic_label(label); !other.empty()) {
            const CyrillicProfile as_labelled = cyrillic_profile(*converted);
            if (as_labelled.letters >= 20 && as_labelled.lower_share() < 0.3) {
                auto swapped = to_utf8(bytes, other);
                const CyrillicProfile as_other =
                    swapped ? cyrillic_profile(*swapped) : CyrillicProfile{};
                if (as_other.lower_share() > 0.7 &&
                    as_other.frequent_share() > as_labelled.frequent_share() + 0.1) {
                    note("declared " + label + " but the bytes are " + other + "; read as " +
                         other);
                    return {std::move(*swapped), other};
                }
            }
        }
        return {std::move(*converted), label};
    }

    // Unknown label: trust valid UTF-8, otherwise ask the detector.
    if (valid_utf8) {
        note("unknown charset " + label + "; read as utf-8");
        return {std::string(bytes), "utf-8"};
    }
    std::string guess = detect(bytes);
    if (guess.empty() || guess == "us-ascii") guess = "windows-1252";
    note("unknown charset " + label + "; detected " + guess);
    if (auto converted = to_utf8(bytes, guess)) return {std::move(*converted), guess};
    return {text::repair_utf8(bytes), guess};
}

}  // namespace obrd::charset
