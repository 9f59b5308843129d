// parse_letter_fuzzer.cpp: libFuzzer entry point for obrd::parse_letter.
//
// Any input must parse without a crash, a sanitizer report, or an exception; the JSON
// mapping runs too, so every string the parser makes must be dumpable as UTF-8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/letter_json.hpp"
#include "parsers/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    obrd::ParseLimits limits;
    limits.max_letter_bytes = 1 << 20;
    const obrd::Letter letter = obrd::parse_letter(raw, limits);
    (void)obrd::letter_to_json(letter).dump();  // throws on invalid UTF-8
    return 0;
}
