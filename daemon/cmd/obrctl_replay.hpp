// obrctl_replay.hpp: `obrctl replay --rules DIR [--since DATE] [--json]`: what another rule
// set would decide differently over the stored letters. Changes nothing.
//
// Every stored letter is parsed and checked again in the order it arrived, against the
// rules in DIR, with a history of the letters that those rules accept (as obrctl check
// builds one over files), at the time it was stored. A letter whose verdict or grounds
// differ from its stored decision (the rules' or a person's) is listed -- those that
// arrived on or after DATE when given -- with a count per ground gained and lost. Letters
// stored oversize or truncated are not checked (the daemon never checks them either), nor
// follow-ups (threading, not the rules, makes them).
// Exit 0, also when something differs; 64 for a bad option, 78 for a rule set that does
// not load (every error named, as obrd would at start).
#pragma once

#include <string>
#include <vector>

#include "daemon/cmd/obrctl_common.hpp"

namespace obrd {

int run_replay(StaffCommandContext& c, const std::vector<std::string>& args);

}  // namespace obrd
