// fetch.cpp: see fetch.hpp.
#include "daemon/stages/fetch.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "daemon/fault.hpp"
#include "daemon/log.hpp"

namespace obrd {
namespace {

// Fetched letters waiting for the storing thread, bounded in bytes.
class LetterQueue {
  public:
    explicit LetterQueue(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    // Blocks while the queue is full; returns false when the consumer has failed.
    bool push(IncomingLetter letter) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return failed_ || bytes_ == 0 || bytes_ < max_bytes_; });
        if (failed_) return false;
        bytes_ += letter.raw.size();
        items_.push_back(std::move(letter));
        ready_.notify_one();
        return true;
    }

    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        ready_.notify_all();
    }

    void fail() {
        std::lock_guard lock(mutex_);
        failed_ = true;
        space_.notify_all();
    }

    // Takes up to `max_letters` / `max_bytes` (at least one letter); empty when closed.
    std::vector<IncomingLetter> take(std::size_t max_letters, std::size_t max_bytes) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
        std::vector<IncomingLetter> batch;
        std::size_t bytes = 0;
        while (!items_.empty() && batch.size() < max_letters &&
               (batch.empty() || bytes + items_.front().raw.size() <= max_bytes)) {
            bytes += items_.front().raw.size();
            bytes_ -= items_.front().raw.size();
            batch.push_back(std::move(items_.front()));
            items_.pop_front();
        }
        space_.notify_all();
        return batch;
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<IncomingLetter> items_;
    std::size_t bytes_ = 0;
    const std::size_t max_bytes_;
    bool closed_ = false, failed_ = false;
};

void mark_owed(const MailboxSettings& mailbox, ImapSession& imap, Store& store,
               std::uint64_t uidvalidity, CycleReport& report) {
    auto owed = store.pending_marks(mailbox.mailbox, uidvalidity);
    if (owed.empty()) return;
    imap.mark_processed(owed, mailbox.processed_folder);
    fault_point("after-mark");
    store.marks_done(mailbox.mailbox, uidvalidity, owed);
    report.marked += owed.size();
}

}  // namespace

std::string summary(const CycleReport& r) {
    return "fetched " + std::to_string(r.fetched) + ", stored " + std::to_string(r.stored) +
           ", already stored " + std::to_string(r.already_stored) + ", oversize " +
           std::to_string(r.oversize) + ", unfetchable " + std::to_string(r.unfetchable) +
           ", marked " + std::to_string(r.marked) + " (" + std::to_string(r.bytes) + " bytes)";
}

CycleReport run_cycle(const MailboxSettings& mailbox, ImapSession& imap, Store& store,
                      MailboxLock& lock, const IngestTuning& tuning, const FetchHooks& hooks) {
    CycleReport report;
    if (!lock.held()) return report;  // another instance polls this mailbox
    report.polled = true;

    imap.on_progress(hooks.beat);
    const MailboxState status = imap.select();
    report.uidnext = status.uidnext;
    auto position = store.position(mailbox.mailbox);
    if (!position || position->uidvalidity != status.uidvalidity) {
        if (position)
            log_warning("mailbox " + mailbox.mailbox + " changed UIDVALIDITY from " +
                        std::to_string(position->uidvalidity) + " to " +
                        std::to_string(status.uidvalidity) +
                        "; reading it again from the start (stored letters are recognised)");
        store.reset_position(mailbox.mailbox, status.uidvalidity);
        position = MailboxPosition{status.uidvalidity, 0};
    }
    imap.ensure_folder(mailbox.processed_folder);
    mark_owed(mailbox, imap, store, status.uidvalidity, report);

    if (status.uidnext != 0 && status.uidnext <= position->last_uid + 1) return report;
    const auto uids = imap.uids_after(position->last_uid, status.uidnext);
    if (uids.empty()) return report;
    log_debug("mailbox " + mailbox.mailbox + ": " + std::to_string(uids.size()) + " new letter(s)");

    LetterQueue queue(tuning.queue_bytes);
    std::exception_ptr store_failure;
    std::size_t stored = 0, already = 0;
    std::thread storer([&] {
        try {
            for (;;) {
                auto batch = queue.take(tuning.batch_letters, tuning.batch_bytes);
                if (batch.empty()) break;
                auto results = store.store_batch(batch);
                fault_point("after-commit");
                for (std::size_t i = 0; i < results.size(); ++i) {
                    if (!batch[i].fetch_error.empty()) continue;
                    if (results[i].inserted)
                        ++stored;
                    else {
                        ++already;
                        log_info("UID " + std::to_string(batch[i].uid) + " is letter #" +
                                 std::to_string(results[i].id) +
                                 ", stored before; not stored again");
                    }
                }
            }
        } catch (...) {
            store_failure = std::current_exception();
            queue.fail();
        }
    });

    std::exception_ptr fetch_failure;
    try {
        std::string raw;
        for (std::uint64_t uid : uids) {
            if (hooks.beat) hooks.beat();
            if (hooks.keep_going && !hooks.keep_going()) {
                report.stopped = true;  // the rest waits for the next start
                break;
            }
            bool truncated = false;
            IncomingLetter letter{mailbox.mailbox, status.uidvalidity, uid, {}, "new", {}};
            try {
                imap.fetch(status.uidvalidity, uid, tuning.storable_ceiling, raw, truncated);
            } catch (const ImapError& e) {
                if (e.gone()) {
                    log_info("UID " + std::to_string(uid) +
                             " left the mailbox before it was "
                             "fetched: " +
                             e.what());
                    continue;
                }
                if (e.connection_failure()) throw;
                // This letter alone: one more try on a fresh connection, then record it and
                // go on, so that one broken letter never stops the others.
                imap.disconnect();
                try {
                    imap.fetch(status.uidvalidity, uid, tuning.storable_ceiling, raw, truncated);
                } catch (const ImapError& again) {
                    if (again.connection_failure()) throw;
                    log_error("UID " + std::to_string(uid) +
                              " cannot be fetched, left on the "
                              "server for a person: " +
                              again.what());
                    letter.fetch_error = again.what();
                    ++report.unfetchable;
                    if (!queue.push(std::move(letter))) break;
                    continue;
                }
            }
            ++report.fetched;
            report.bytes += raw.size();
            if (truncated) {
                letter.status = "truncated";
                ++report.truncated;
                log_error("UID " + std::to_string(uid) + " is larger than " +
                          std::to_string(tuning.storable_ceiling) +
                          " bytes: its beginning is stored, the letter stays on the server");
            } else if (raw.size() > mailbox.max_letter_size) {
                letter.status = "oversize";
                ++report.oversize;
                log_warning("UID " + std::to_string(uid) + " is " + std::to_string(raw.size()) +
                            " bytes, above max_letter_size: stored for a person");
            }
            letter.raw = std::move(raw);
            raw = std::string();
            if (!queue.push(std::move(letter))) break;
        }
    } catch (...) {
        fetch_failure = std::current_exception();
    }
    queue.close();
    storer.join();
    report.stored = stored;
    report.already_stored = already;
    if (store_failure) std::rethrow_exception(store_failure);
    // What was committed is marked now; a fetch failure is reported after that.
    try {
        mark_owed(mailbox, imap, store, status.uidvalidity, report);
    } catch (...) {
        if (!fetch_failure) throw;
    }
    if (fetch_failure) std::rethrow_exception(fetch_failure);
    return report;
}

}  // namespace obrd
