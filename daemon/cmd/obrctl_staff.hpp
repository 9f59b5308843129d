// obrctl_staff.hpp: the staff commands of obrctl that act on one appeal: `show REF`,
// `decide REF refuse|accept --comment TEXT` (confirm a held refusal; overturn a refusal or
// a manual item), `audit [--ref REF]`, and the `queue NAME` check.
//
// REF is a registration number (МСЗ-2026-000001) or a letter id (#17). Output is Russian
// with Sakhalin time; `--json` gives the same facts as one JSON object (show) or one per
// line (audit). Errors are Russian, one line each, with the exit status: 64 for a REF or
// an option that is malformed or missing, 65 for a REF that names nothing, or an appeal
// not in the state the command needs. Every change is audited by the store (staff.cpp).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "daemon/cmd/obrctl_common.hpp"

namespace obrd {

int run_show(StaffCommandContext& c, const std::vector<std::string>& args);
int run_decide(StaffCommandContext& c, const std::vector<std::string>& args);
int run_audit(StaffCommandContext& c, const std::vector<std::string>& args);
// `queue [NAME] [--overdue] [--json]`: open items with their age and deadline, as a
// Russian table (Sakhalin dates) or JSON lines; an unknown NAME is an error (64).
int run_queue(StaffCommandContext& c, const std::vector<std::string>& args,
              const std::vector<std::string>& departments);
// 0 when `queue` is a queue obrctl knows (review, manual, a department of the
// configuration or one that has items), else the Russian error and 64.
int check_queue_name(StaffCommandContext& c, const std::string& queue,
                     const std::vector<std::string>& departments);

}  // namespace obrd
