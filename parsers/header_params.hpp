// header_params.hpp: Content-Type and Content-Disposition values with their parameters.
//
// Our own RFC 2045 tokenizer on the raw header value (mimetic splits on ";" even inside
// quotes), with RFC 2231 continuations and charsets joined and decoded, and RFC 2047
// encoded-words in quoted values decoded (not allowed, but common in file names).
// Parameter names are lower case; values are UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace obrd {

struct HeaderParams {
    std::string value;  // the part before the first ";", trimmed, lower case
    std::vector<std::pair<std::string, std::string>> params;

    std::optional<std::string> get(std::string_view name) const;
};

HeaderParams parse_header_params(std::string_view raw, std::vector<std::string>* defects = nullptr);

}  // namespace obrd
