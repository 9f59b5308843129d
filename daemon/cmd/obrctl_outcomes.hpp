// obrctl_outcomes.hpp: the staff commands of obrctl after a decision, and the searches:
//   close REF --answered DATE [--result STATUS] --comment TEXT    the answer was sent
//   complaint REF --outcome OUTCOME --comment TEXT                the head's decision
//   extend REF --days N --comment TEXT                            a longer term, notified
//   forward REF --to BODY --comment TEXT                          to the competent body
//   reprocess REF [--comment TEXT]                                decided again by the daemon
//   resend OUTBOX_ID [--to ADDR] [--comment TEXT]                 a message out again
//   find [--sender A] [--inn N] [--text WORDS] [--since D] [--until D] [--verdict V]
//        [--ground G] [--department D] [--json]                   letters, newest first
//   digest [--date D] [--send] [--json]                           the day's letters for a person
// Every change is audited by the store, under the PostgreSQL session_user. Exit statuses
// and REF as in obrctl_common.hpp.
#pragma once

#include <string>
#include <vector>

#include "daemon/cmd/obrctl_common.hpp"

namespace obrd {

int run_close(StaffCommandContext& c, const std::vector<std::string>& args);
int run_complaint(StaffCommandContext& c, const std::vector<std::string>& args);
int run_extend(StaffCommandContext& c, const std::vector<std::string>& args);
int run_forward(StaffCommandContext& c, const std::vector<std::string>& args);
int run_reprocess(StaffCommandContext& c, const std::vector<std::string>& args);
int run_resend(StaffCommandContext& c, const std::vector<std::string>& args);
int run_find(StaffCommandContext& c, const std::vector<std::string>& args,
             const std::vector<std::string>& departments);
int run_digest(StaffCommandContext& c, const std::vector<std::string>& args);

}  // namespace obrd
