// letter_json.hpp: a Letter as the parse object of `obrctl parse --json`
// (shared/spec/verdicts.md), without the "file" key, which the caller adds.
#pragma once

#include <nlohmann/json.hpp>

#include "parsers/letter.hpp"

namespace obrd {

nlohmann::json letter_to_json(const Letter& letter);

}  // namespace obrd
