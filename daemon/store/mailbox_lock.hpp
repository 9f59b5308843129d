// mailbox_lock.hpp: which instance polls a mailbox: a PostgreSQL session advisory lock,
// held on a connection of its own for as long as this instance polls.
//
// Promises: held() asks the server every time, so a lock lost with its connection is never
// assumed (libpqxx 6.4 reconnects silently, and a session lock does not survive that:
// shared/reference/libraries-and-techniques.md §4); it takes the lock when it is free. An
// instance that dies releases it with its connection, so another takes over at its next
// check. Exactly-once storage does not depend on this lock (letters.identity is unique);
// the lock keeps two instances from fetching the same letters at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "daemon/config.hpp"

namespace obrd {

class MailboxLock {
  public:
    MailboxLock(const DatabaseSettings& database, std::string mailbox);
    ~MailboxLock();
    MailboxLock(const MailboxLock&) = delete;
    MailboxLock& operator=(const MailboxLock&) = delete;

    // True when this instance holds the lock now. Throws StoreError when the database
    // cannot be asked.
    bool held();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace obrd
