// verdict_json.hpp: a Verdict as one line of `obrctl check --json`
// (shared/spec/verdicts.md).
//
// Promises: pure; unknown sender fields are omitted; "reasons" is empty unless the
// verdict is refused or waits for review; "reply_to" is null when nobody can be answered.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "parsers/letter.hpp"
#include "rules/verdict.hpp"

namespace obrd {

nlohmann::json verdict_to_json(const Verdict& v, const Letter& letter, std::string_view file);
// The line for a file that could not be read or parsed.
nlohmann::json check_error_to_json(std::string_view file, std::string_view error);

}  // namespace obrd
