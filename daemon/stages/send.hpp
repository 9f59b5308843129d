// send.hpp: the send stage: outbox -> SMTP relay.
//
// A row is leased before the relay is spoken to (Store::claim_outbox_row: status
// `sending`, committed), then sent, then its result recorded in a new transaction: no
// SMTP conversation ever runs inside a database transaction, and any number of obrd
// instances can send from one database without sending a row twice in normal operation.
// If a sender dies between the relay's acceptance and the record, the lease runs out and
// the row is sent again with the same Message-ID: delivery is at least once, and the
// window is the one RFC 1047 describes (the relay has the message, we do not know it).
// A 4xx reply retries the row later with exponential backoff; a 5xx reply marks it failed
// with the relay's words, for staff. When the relay cannot be reached at all no row is
// blamed: the row is released as it was and the pass stops.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

#include "daemon/net/smtp_session.hpp"
#include "daemon/store/store.hpp"

namespace obrd {

class RelayError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OutboxReport {
    std::size_t sent = 0, retried = 0, failed = 0, resent = 0;
};

struct SendHooks {
    std::function<bool()> keep_going;  // asked between rows
    std::function<void()> beat;        // between rows and during a send
};

// How long a claimed row stays leased to its sender, beyond a second per 64 KiB of the
// message: three times the relay timeout (a connect and a stall each take at most one).
std::chrono::seconds outbox_lease(const SmtpSettings& smtp);

// Sends every due row. Throws RelayError when the relay is unreachable (after releasing
// the row in hand), StoreError when the database fails.
OutboxReport send_due(Store& store, SmtpSession& smtp, std::chrono::seconds lease,
                      const SendHooks& hooks = {});

// The wait before the next try after `attempts` failed ones: 1, 2, 4, ... minutes, at
// most 6 hours.
long retry_delay_seconds(int attempts);

std::string summary(const OutboxReport& r);

}  // namespace obrd
