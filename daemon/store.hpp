// store.hpp: obrd's PostgreSQL store (libpqxx 6.4): schema migrations, mailbox positions,
// raw letters stored exactly once, and the marks still owed to the IMAP server.
//
// Every statement is parameterised. Every database failure becomes a StoreError naming
// what was being done and PostgreSQL's reason; nothing is retried here, the caller
// decides (the poller retries with backoff).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "daemon/config.hpp"

namespace obrd {

class StoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct MailboxPosition {
    std::uint64_t uidvalidity = 0;
    std::uint64_t last_uid = 0;
};

struct IncomingLetter {
    std::string mailbox;
    std::uint64_t uidvalidity = 0;
    std::uint64_t uid = 0;
    std::string raw;
    std::string status = "new";  // new | oversize | truncated
    // Non-empty: the server would not hand this UID over; `raw` is empty and the UID is
    // recorded in fetch_failures for staff instead of being stored.
    std::string fetch_error;
};

struct StoredLetter {
    std::int64_t id = 0;
    bool inserted = false;  // false: the same letter was stored before (this is its id)
};

struct LetterRow {
    std::int64_t id = 0;
    std::string mailbox;
    std::uint64_t uidvalidity = 0, uid = 0;
    std::string message_id, sha256;
    std::uint64_t size = 0;
    std::string received_at;  // RFC 3339
    std::string status;
};

class Store {
  public:
    explicit Store(const DatabaseSettings& settings);  // connects; throws StoreError
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Applies pending migrations, each in one transaction. Returns how many ran.
    int migrate();
    int schema_version();

    // An advisory lock per mailbox: only one instance polls it at a time.
    bool try_lock_mailbox(const std::string& mailbox);
    void unlock_mailbox(const std::string& mailbox);

    std::optional<MailboxPosition> position(const std::string& mailbox);
    // A mailbox seen for the first time, or recreated (new UIDVALIDITY): starts from UID 0
    // and forgets marks owed under the old UIDVALIDITY.
    void reset_position(const std::string& mailbox, std::uint64_t uidvalidity);

    // Stores letters in one transaction, advances the mailbox position past their UIDs
    // and records the marks owed. A letter stored before is not stored again. Letters
    // must come in ascending UID order. Entries with a fetch_error are recorded in
    // fetch_failures (left on the server, unmarked) and get id 0.
    std::vector<StoredLetter> store_batch(const std::vector<IncomingLetter>& letters);

    std::vector<std::uint64_t> pending_marks(const std::string& mailbox, std::uint64_t uidvalidity);
    void marks_done(const std::string& mailbox, std::uint64_t uidvalidity,
                    const std::vector<std::uint64_t>& uids);

    std::vector<LetterRow> letters();

    // The connection, for the other parts of the daemon that keep their tables here
    // (decisions, outbox). Wrap their work in guarded() to get StoreErrors.
    pqxx::connection& connection();
    std::optional<std::string> raw_letter(std::int64_t id);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Implementation of guarded(): the libpqxx exception types are only named in store.cpp.
[[noreturn]] void rethrow_as_store_error(const char* what);

template <typename F>
auto guarded(const char* what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const StoreError&) {
        throw;
    } catch (const std::exception&) {
        rethrow_as_store_error(what);
    }
}

}  // namespace obrd
