// outbox.hpp: sends what the decisions wrote into the outbox table.
//
// Rows are taken one at a time with FOR UPDATE SKIP LOCKED, so any number of obrd
// instances can send from one database without sending a row twice. A row is marked
// sent only after the relay accepted it. A 4xx reply retries the row later with
// exponential backoff; a 5xx reply marks it failed with the relay's words, for staff.
// When the relay cannot be reached at all, no row is blamed: the pass stops, rows keep
// their schedule, and the caller retries the relay.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "daemon/smtp_session.hpp"
#include "daemon/store.hpp"

namespace obrd {

class RelayError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OutboxReport {
    std::size_t sent = 0, retried = 0, failed = 0;
};

// Sends every due row. Throws RelayError when the relay is unreachable (after recording
// nothing against the row in hand), StoreError when the database fails.
OutboxReport send_due(Store& store, SmtpSession& smtp);

// The wait before the next try after `attempts` failed ones: 1, 2, 4, ... minutes, at
// most 6 hours.
long retry_delay_seconds(int attempts);

}  // namespace obrd
