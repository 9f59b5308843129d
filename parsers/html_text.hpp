// html_text.hpp: an HTML body (UTF-8) to readable plain text.
//
// Paragraphs and block elements become line breaks, <br> a line break, list items
// "- " lines, table cells are separated by blanks; a link keeps its text, followed by
// its address in angle brackets when that differs from the text; scripts, styles,
// the head and comments are dropped; entities are decoded, numeric ones included.
// Linear time, no recursion: any input is safe.
#pragma once

#include <string>
#include <string_view>

namespace obrd {

std::string html_to_text(std::string_view html);
std::string decode_html_entities(std::string_view s);
// The charset named by a <meta charset> or http-equiv Content-Type, lower case, or "".
std::string html_declared_charset(std::string_view html);

}  // namespace obrd
