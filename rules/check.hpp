// check.hpp: the rules' entry point: a Letter, the appeals accepted earlier and "now" in,
// a Verdict out.
//
// Promises: pure (no I/O, no clock: time comes in as `now`); deterministic; every reason
// of the Verdict has evidence; the policy and departments come from RuleData::settings.
#pragma once

#include <optional>
#include <string_view>

#include "parsers/letter.hpp"
#include "rules/history.hpp"
#include "rules/rule_data.hpp"
#include "rules/verdict.hpp"

namespace obrd {

Verdict check_letter(const Letter& letter, const RuleData& data, const History& history,
                     Seconds now);

// Reads an RFC 3339 timestamp ("2026-09-09T10:15:00+11:00", "...Z"); nullopt if it is not one.
std::optional<Seconds> parse_rfc3339(std::string_view s);

}  // namespace obrd
