// fetch.hpp: the fetch stage's cycle: new letters from the IMAP mailbox into PostgreSQL,
// exactly once.
//
// Order of a cycle: check that this instance holds the mailbox's lock (else another one
// polls it: nothing to do); SELECT the mailbox afresh on the
// kept connection (its UIDVALIDITY, UIDNEXT and EXISTS); on a new UIDVALIDITY
// start over from UID 0 (stored letters are recognised by identity, never stored twice);
// first mark on the server what an earlier cycle stored but could not mark; then fetch
// every UID above the stored position and store it. Fetching (this thread, IMAP) and
// storing (a second thread, PostgreSQL, batched transactions) overlap; letters are marked
// on the server (\Seen or moved) only after their transaction committed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "daemon/config.hpp"
#include "daemon/net/imap_session.hpp"
#include "daemon/store/mailbox_lock.hpp"
#include "daemon/store/store.hpp"

namespace obrd {

struct CycleReport {
    bool polled = false;  // false: another instance holds the mailbox lock
    std::size_t fetched = 0;
    std::size_t stored = 0;          // new rows
    std::size_t already_stored = 0;  // recognised, not stored again
    std::size_t oversize = 0;
    std::size_t truncated = 0;
    std::size_t unfetchable = 0;
    std::size_t marked = 0;
    std::uint64_t bytes = 0;
    std::uint64_t uidnext = 0;  // as the cycle's SELECT saw it
    bool stopped = false;       // keep_going said no before every new letter was fetched
};

struct FetchHooks {
    std::function<bool()> keep_going;  // asked between letters
    std::function<void()> beat;        // between letters and during a long fetch
};

// Letters above this many bytes cannot be held in one bytea; their first bytes are kept.
inline constexpr std::size_t kStorableCeiling = 512u << 20;

struct IngestTuning {
    std::size_t batch_letters = 100;      // letters per storing transaction
    std::size_t batch_bytes = 16u << 20;  // or this many bytes, whichever comes first
    // Fetched but not yet stored, at most (beyond one letter): with a 40 MB letter in the
    // mailbox this and the storing copies are what peak memory is made of.
    std::size_t queue_bytes = 16u << 20;
    std::size_t storable_ceiling = kStorableCeiling;
};

// Runs one cycle. Throws ImapError or StoreError when a server fails; what was committed
// before the failure stays committed and is marked on the next cycle.
CycleReport run_cycle(const MailboxSettings& mailbox, ImapSession& imap, Store& store,
                      MailboxLock& lock, const IngestTuning& tuning = {},
                      const FetchHooks& hooks = {});

std::string summary(const CycleReport& r);

}  // namespace obrd
