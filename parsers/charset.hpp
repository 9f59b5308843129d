// charset.hpp: bytes in some charset to UTF-8, and charset detection.
//
// Conversion goes through ICU ucnv (UTF-8 is validated and repaired without ICU, for
// speed); detection through uchardet. decode_text() applies the letter policy: a missing,
// unknown or wrong label is detected from the bytes, and every such guess is named in
// the defects. Never throws; unknown bytes become U+FFFD.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace obrd::charset {

// Lower case, quotes and blanks removed: `"Windows-1251" ` -> `windows-1251`.
std::string normalize_label(std::string_view label);

// Converts `bytes` from `charset` to UTF-8. Returns nothing when the charset is unknown.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view charset);

// The charset uchardet guesses for `bytes`, lower case ("windows-1251", "koi8-r", ...),
// or empty when it has no guess.
std::string detect(std::string_view bytes);

struct DecodedText {
    std::string text;     // UTF-8
    std::string charset;  // the declared label, or the detected charset when there was none
                          // or it was wrong
};

// Decodes a text body or header fragment declared in `declared` (may be empty).
// `what` names the part in defect messages ("text part", "header Subject", ...).
DecodedText decode_text(std::string_view bytes, std::string_view declared, std::string_view what,
                        std::vector<std::string>& defects);

}  // namespace obrd::charset
