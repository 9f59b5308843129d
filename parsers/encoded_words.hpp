// encoded_words.hpp: RFC 2047 encoded-words in header text, decoded to UTF-8.
//
// Tolerant by design: adjacent encoded-words are joined without the blank between them
// (RFC 2047 6.2), adjacent words in one charset are joined as bytes before conversion
// (senders split multibyte characters across words), a word without its closing "?=" is
// read up to the next blank, lower-case b/q are accepted, and raw 8-bit text is converted
// from its detected charset. Each repair is named in `defects` when given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace obrd {

std::string decode_encoded_words(std::string_view raw, std::vector<std::string>* defects = nullptr);

}  // namespace obrd
