// web_form.hpp: the ministry website's feedback form, read from a letter's text.
//
// The form (shared/corpus/README.md) is nine "Label: value" lines in a fixed order, then
// the line "Текст обращения:" and the appeal's text to the end. The letter is a form
// letter when its text starts with those lines, whoever sent it. Values are trimmed and
// otherwise kept as written (the site validates nothing).
#pragma once

#include <optional>
#include <string_view>

#include "parsers/letter.hpp"

namespace obrd {

std::optional<WebForm> read_web_form(std::string_view text);

}  // namespace obrd
