// letters.cpp: the store's side of the fetch stage: the mailbox lock and position, raw
// letters stored exactly once, the marks still owed to the IMAP server; and reading
// letters back.
#include <pqxx/pqxx>

#include <atomic>
#include <exception>
#include <thread>

#include "daemon/letter_identity.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {
std::optional<MailboxPosition> Store::position(const std::string& mailbox) {
    return guarded("reading the mailbox position", [&]() -> std::optional<MailboxPosition> {
        pqxx::work tx(*impl_->conn);
        auto r =
            tx.exec_params("SELECT uidvalidity, last_uid FROM mailboxes WHERE name = $1", mailbox);
        if (r.empty()) return std::nullopt;
        return MailboxPosition{r[0][0].as<std::uint64_t>(), r[0][1].as<std::uint64_t>()};
    });
}

void Store::reset_position(const std::string& mailbox, std::uint64_t uidvalidity) {
    guarded("resetting the mailbox position", [&] {
        pqxx::work tx(*impl_->conn);
        tx.exec_params(
            "INSERT INTO mailboxes (name, uidvalidity, last_uid) VALUES ($1, $2, 0) "
            "ON CONFLICT (name) DO UPDATE SET uidvalidity = $2, last_uid = 0, updated_at = now()",
            mailbox, uidvalidity);
        tx.exec_params("DELETE FROM pending_marks WHERE mailbox = $1 AND uidvalidity <> $2",
                       mailbox, uidvalidity);
        tx.commit();
    });
}

namespace {

// The identities of a batch's letters, computed on a helper thread one letter ahead of
// the statements when the batch is big: the two SHA-256 passes over a 7 MB letter cost
// about 10 ms of CPU, a sixth of what PostgreSQL needs to store it, and in line the server
// waits for them. It needs a free core: on the loaded 2-core benchmark machine the gain
// was 0-5 % (bench/ingest.sh). Small batches are hashed in line: a thread costs more.
class BatchIdentities {
  public:
    explicit BatchIdentities(const std::vector<IncomingLetter>& letters)
        : letters_(letters), ids_(letters.size()) {
        std::size_t bytes = 0;
        for (const auto& l : letters) bytes += l.raw.size();
        if (letters.size() > 1 && bytes >= kAheadFrom) hasher_ = std::thread([this] { run(); });
    }
    ~BatchIdentities() {
        stop_ = true;
        if (hasher_.joinable()) hasher_.join();
    }
    BatchIdentities(const BatchIdentities&) = delete;
    BatchIdentities& operator=(const BatchIdentities&) = delete;

    // The identity of letter i (which must have no fetch_error).
    const LetterIdentity& at(std::size_t i) {
        if (!hasher_.joinable()) {
            ids_[i] = identify_letter(letters_[i].raw);
            return ids_[i];
        }
        for (std::size_t d = done_.load(std::memory_order_acquire); d <= i;
             d = done_.load(std::memory_order_acquire))
            done_.wait(d, std::memory_order_acquire);
        if (failure_) std::rethrow_exception(failure_);
        return ids_[i];
    }

  private:
    static constexpr std::size_t kAheadFrom = 1u << 20;

    void run() {
        try {
            for (std::size_t i = 0; i < letters_.size() && !stop_; ++i) {
                if (letters_[i].fetch_error.empty()) ids_[i] = identify_letter(letters_[i].raw);
                done_.store(i + 1, std::memory_order_release);
                done_.notify_one();
            }
        } catch (...) {
            failure_ = std::current_exception();
        }
        done_.store(letters_.size() + 1, std::memory_order_release);  // wakes any waiter
        done_.notify_one();
    }

    const std::vector<IncomingLetter>& letters_;
    std::vector<LetterIdentity> ids_;
    std::atomic<std::size_t> done_{0};
    std::atomic<bool> stop_{false};
    std::exception_ptr failure_;
    std::thread hasher_;
};

// A new letter and the mark it is owed, in one statement (one round trip): the common
// case. RETURNING nothing means the letter was stored before; see store_batch.
const char* const kStoreLetter = "obrd_store_letter";
const char* const kStoreLetterSql =
    "WITH stored AS ("
    " INSERT INTO letters (mailbox, uidvalidity, uid, message_id, sha256, identity, size,"
    " status, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT (identity) DO NOTHING RETURNING id),"
    " owed AS ("
    " INSERT INTO pending_marks (mailbox, uidvalidity, uid, letter_id)"
    " SELECT $1, $2, $3, id FROM stored WHERE $8 <> 'truncated' ON CONFLICT DO NOTHING)"
    " SELECT id FROM stored";

}  // namespace

std::vector<StoredLetter> Store::store_batch(const std::vector<IncomingLetter>& letters) {
    return guarded("storing letters", [&] {
        std::vector<StoredLetter> stored;
        if (letters.empty()) return stored;
        BatchIdentities identities(letters);
        // Registered once per connection (again: a no-op), prepared by PostgreSQL on first
        // use: no parsing and planning per letter.
        impl_->conn->prepare(kStoreLetter, kStoreLetterSql);
        pqxx::work tx(*impl_->conn);
        for (std::size_t i = 0; i < letters.size(); ++i) {
            const auto& l = letters[i];
            if (!l.fetch_error.empty()) {
                tx.exec_params(
                    "INSERT INTO fetch_failures (mailbox, uidvalidity, uid, error)"
                    " VALUES ($1, $2, $3, $4) ON CONFLICT (mailbox, uidvalidity, uid)"
                    " DO UPDATE SET error = $4, failed_at = now()",
                    l.mailbox, l.uidvalidity, l.uid, l.fetch_error);
                stored.push_back(StoredLetter{});
                continue;
            }
            const LetterIdentity& id = identities.at(i);
            pqxx::binarystring raw(l.raw.data(), l.raw.size());
            auto r = tx.exec_prepared(kStoreLetter, l.mailbox, l.uidvalidity, l.uid, id.message_id,
                                      id.sha256, id.identity,
                                      static_cast<std::uint64_t>(l.raw.size()), l.status, raw);
            StoredLetter s;
            if (!r.empty()) {
                s.id = r[0][0].as<std::int64_t>();
                s.inserted = true;
            } else {
                s.id = tx.exec_params1("SELECT id FROM letters WHERE identity = $1", id.identity)[0]
                           .as<std::int64_t>();
                // A truncated letter stays on the server untouched, for a person to fetch.
                if (l.status != "truncated")
                    tx.exec_params(
                        "INSERT INTO pending_marks (mailbox, uidvalidity, uid, letter_id)"
                        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        l.mailbox, l.uidvalidity, l.uid, s.id);
            }
            stored.push_back(s);
        }
        const auto& last = letters.back();
        tx.exec_params(
            "UPDATE mailboxes SET last_uid = greatest(last_uid, $3), updated_at = now()"
            " WHERE name = $1 AND uidvalidity = $2",
            last.mailbox, last.uidvalidity, last.uid);
        tx.commit();
        return stored;
    });
}

std::vector<std::uint64_t> Store::pending_marks(const std::string& mailbox,
                                                std::uint64_t uidvalidity) {
    return guarded("reading pending marks", [&] {
        pqxx::work tx(*impl_->conn);
        std::vector<std::uint64_t> uids;
        for (const auto& row :
             tx.exec_params("SELECT uid FROM pending_marks WHERE mailbox = $1 AND uidvalidity = $2"
                            " ORDER BY uid",
                            mailbox, uidvalidity))
            uids.push_back(row[0].as<std::uint64_t>());
        return uids;
    });
}

void Store::marks_done(const std::string& mailbox, std::uint64_t uidvalidity,
                       const std::vector<std::uint64_t>& uids) {
    if (uids.empty()) return;
    guarded("clearing pending marks", [&] {
        pqxx::work tx(*impl_->conn);
        const std::string list = bigint_array(uids);
        tx.exec_params(
            "DELETE FROM pending_marks WHERE mailbox = $1 AND uidvalidity = $2"
            " AND uid = ANY($3::bigint[])",
            mailbox, uidvalidity, list);
        tx.commit();
    });
}

std::vector<LetterRow> Store::letters() {
    return guarded("listing letters", [&] {
        pqxx::work tx(*impl_->conn);
        std::vector<LetterRow> rows;
        for (const auto& r :
             tx.exec("SELECT l.id, l.mailbox, l.uidvalidity, l.uid, l.message_id, l.sha256, l.size,"
                     " to_char(l.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                     " CASE l.status WHEN 'new' THEN 'whole' ELSE l.status END,"
                     " coalesce(a.verdict, 'undecided'),"
                     " CASE WHEN a.id IS NULL THEN 'new'"
                     " WHEN a.forwarded_to IS NOT NULL THEN 'forwarded'"
                     " WHEN a.closed_at IS NOT NULL THEN 'closed'"
                     " WHEN a.verdict IN ('review', 'manual') THEN a.verdict"
                     " ELSE 'decided' END"
                     " FROM letters l LEFT JOIN appeals a ON a.letter_id = l.id ORDER BY l.id")) {
            LetterRow row;
            row.id = r[0].as<std::int64_t>();
            row.mailbox = r[1].as<std::string>();
            row.uidvalidity = r[2].as<std::uint64_t>();
            row.uid = r[3].as<std::uint64_t>();
            row.message_id = r[4].as<std::string>();
            row.sha256 = r[5].as<std::string>();
            row.size = r[6].as<std::uint64_t>();
            row.received_at = r[7].as<std::string>();
            row.stored = r[8].as<std::string>();
            row.decision = r[9].as<std::string>();
            row.state = r[10].as<std::string>();
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

std::optional<std::string> Store::raw_letter(std::int64_t id) {
    return guarded("reading a letter", [&]() -> std::optional<std::string> {
        pqxx::work tx(*impl_->conn);
        if (tx.exec_params("SELECT 1 FROM letters WHERE id = $1", id).empty()) return std::nullopt;
        return read_bytea_in_slices(tx, "letters", "raw", id);
    });
}

}  // namespace obrd
