// decide.hpp: the decide stage: stored letters -> rules -> decisions in the store.
//
// For every letter without a decision, oldest first (several instances share the work;
// see store/decision_tx.hpp): parse it, recognise a bounce of one of our notices or a
// follow-up to one of our appeals, else decide by the rules with the accepted appeals read
// from PostgreSQL; then write together the appeal record with its verdict, reasons and
// evidence, for an accepted one its registration number (МСЗ-YYYY-NNNNNN, a per-year
// sequence) and deadline, the notice to send, the staff cards and the queue item. A letter
// that is oversize or truncated goes to the `manual` queue without being read.
//
// One guard covers every per-letter step (parse, bounce and follow-up detection, rules,
// composing the notice and the cards): a letter that throws is rolled back, its attempt
// and cause recorded, and the others go on. Attempts are counted before the work starts,
// so one that kills the process counts too; a letter on its fourth attempt is not decided
// again but goes to the `manual` queue with the last cause. A crash on one letter thus
// repeats at most three times.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "daemon/config.hpp"
#include "daemon/decision_data.hpp"
#include "daemon/store/store.hpp"

namespace obrd {

inline constexpr int kMaxDecisionAttempts = 3;

struct DecisionReport {
    std::size_t decided = 0, accepted = 0, refused = 0, review = 0, ignored = 0, follow_ups = 0,
                staff_answers = 0, forwarded = 0, manual = 0, notices = 0, cards = 0, bounces = 0,
                failed_attempts = 0;
    DecisionReport& operator+=(const DecisionReport& o);
};

struct DecideHooks {
    // The registration time of the letter about to be decided.
    std::function<std::chrono::sys_seconds()> now;
    // Asked between letters: false stops the pass (SIGTERM finishes the letter in hand).
    std::function<bool()> keep_going;
    // Called between letters, e.g. to feed a watchdog.
    std::function<void()> beat;
};

// Decides every letter still undecided. Throws StoreError when the database fails (the
// letter in hand is rolled back and its attempt uncounted where the database allows).
DecisionReport decide_pending(Store& store, const Config& config, const DecisionData& data,
                              const DecideHooks& hooks);

std::string summary(const DecisionReport& r);

}  // namespace obrd
