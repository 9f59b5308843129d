// decisions.hpp: turns stored letters into decisions, each in one transaction.
//
// For every letter without a decision (oldest first, taken with FOR UPDATE SKIP LOCKED so
// that several instances can share the work): parse it, recognise a follow-up to one of
// our notices or a bounce of one, else decide by the rules with the accepted appeals
// read from PostgreSQL; then write together the appeal record with its verdict, reasons
// and evidence, for an accepted one its registration number (МСЗ-YYYY-NNNNNN, a per-year
// sequence) and deadline, the notice to send, the staff card and the queue item. A
// letter that is oversize, truncated or cannot be parsed goes to the `manual` queue.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "daemon/config.hpp"
#include "daemon/store.hpp"
#include "notices/calendar.hpp"
#include "notices/templates.hpp"
#include "rules/rule_data.hpp"

namespace obrd {

// The data files decisions need, loaded once at start (and on reload).
struct DecisionData {
    RuleData rules;
    NoticeTemplates templates;
    Calendar calendar;
};

// Reads the files named by [data]; throws ConfigError naming the setting and file:line.
DecisionData load_decision_data(const DataSettings& data);

struct DecisionReport {
    std::size_t decided = 0, accepted = 0, refused = 0, review = 0, ignored = 0, follow_ups = 0,
                manual = 0, notices = 0, cards = 0, bounces = 0;
};

// Decides every letter still undecided. `now` is the registration time.
DecisionReport decide_pending(Store& store, const Config& config, const DecisionData& data,
                              std::chrono::sys_seconds now);

}  // namespace obrd
