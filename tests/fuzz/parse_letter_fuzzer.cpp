// parse_letter_fuzzer.cpp: libFuzzer entry point for obrd::parse_letter and the header
// readers that work on its output.
//
// Any input must parse without a crash, a sanitizer report, or an exception; the JSON
// mapping runs too, so every string the parser makes must be dumpable as UTF-8. The input
// itself, and each Authentication-Results header of the letter, go through the RFC 8601
// reader (parsers/authentication_results.hpp), which must not read a pass it was not
// given: a value without the text "pass" never authenticates.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/authentication_results.hpp"
#include "parsers/letter_json.hpp"
#include "parsers/parse.hpp"

namespace {

void check_authentication_results(const std::vector<obrd::HeaderField>& headers) {
    for (const auto& h : headers) {
        const auto r = obrd::parse_authentication_results(h.value);
        if (!r) continue;
        for (const auto& result : r->results)
            if (result.method.empty() || result.result.empty()) std::abort();
    }
    bool said_pass = false;  // "pass" in any case, as the reader folds case
    for (const auto& h : headers) {
        std::string folded = h.value;
        for (char& c : folded) c = char(std::tolower(static_cast<unsigned char>(c)));
        said_pass |= folded.find("pass") != std::string::npos;
    }
    for (const auto& r : {"example.ru", "msz.example.ru"})
        if (obrd::from_domain_authenticated(headers, "mx.example.ru", r) && !said_pass)
            std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    obrd::ParseLimits limits;
    limits.max_letter_bytes = 1 << 20;
    const obrd::Letter letter = obrd::parse_letter(raw, limits);
    (void)obrd::letter_to_json(letter).dump();  // throws on invalid UTF-8
    check_authentication_results({{"Authentication-Results", std::string(raw)}});
    check_authentication_results(letter.headers);
    return 0;
}
