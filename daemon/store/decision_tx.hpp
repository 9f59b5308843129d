// decision_tx.hpp: the deciding transaction of one letter, as the decide stage sees it.
//
// Store::begin_decision() takes the oldest undecided letter that no other instance holds
// (FOR NO KEY UPDATE SKIP LOCKED: a second instance skips it; a process that dies releases
// it at once) and counts the attempt in its own committed transaction first, so that a
// letter that kills the process is known as such at the next start. Everything written
// through a DecisionTx -- the appeal and its verdict, the registration number, the queue
// item, the notice and the cards -- commits together in commit(), which also marks the
// letter decided; destroying it uncommitted rolls all of it back.
#pragma once

#include <pqxx/pqxx>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/history.hpp"

namespace obrd {

struct ClaimedLetter {
    std::int64_t id = 0;
    std::string status;      // new | oversize | truncated
    std::string message_id;  // as stored
    int attempts = 0;        // this one included
    std::string last_error;  // why the previous attempt failed; empty if it died unsaid
};

// The appeals row of a decision.
struct AppealRecord {
    std::string kind, verdict;
    std::vector<std::string> reasons, flags, complaint_missing;
    std::string evidence_json = "[]", sender_json = "{}";
    std::string reply_to, subject, message_id, department, note;
    std::string channel = "mail";  // mail | form (the website's feedback form)
    bool mass_mailing = false;     // an advertisement or mass mailing (MASS_MAILING)
};

// What an accepted appeal is registered with, and its fingerprint for the duplicate rule.
struct Registration {
    int year = 0;  // of the registration date, Sakhalin time
    std::chrono::sys_seconds at{};
    std::string deadline;  // YYYY-MM-DD
    std::string sender_email, sender_inn, text_hash;
    std::vector<std::uint64_t> shingles;
};

struct OutboxRecord {
    std::string purpose;  // notice | card | forward
    std::string recipient, subject, message_id;
    std::string bytes;
    std::string status = "pending";  // pending | held | suppressed
    std::string error;               // why it is not pending
};

// An earlier appeal that a new letter refers to.
struct AppealRef {
    std::int64_t id = 0;
    std::string registration_number;  // empty when it has none
    std::string department;           // empty when it has none
    std::string kind, verdict;
    bool closed = false;        // a person (or a staff answer) closed it
    std::string received_on;    // its letter's arrival, Sakhalin date, YYYY-MM-DD
    std::string registered_on;  // Sakhalin date, YYYY-MM-DD; empty when not registered
};

class DecisionTx {
  public:
    ~DecisionTx();
    DecisionTx(const DecisionTx&) = delete;
    DecisionTx& operator=(const DecisionTx&) = delete;

    const ClaimedLetter& letter() const { return letter_; }
    // The letter's raw bytes, read in slices (store_impl.hpp).
    std::string load_raw();
    // The accepted appeals, for the duplicate rule, read inside this transaction.
    const History& history() const;

    // One of our messages came back (a bounce): its outbox row becomes undeliverable.
    // Null when `message_id` is not a sent or pending message of ours; else the appeal
    // it belonged to (itself null for a message without one).
    std::optional<std::optional<std::int64_t>> mark_bounced(const std::string& message_id,
                                                            const std::string& error);
    // The appeal one of our messages (by Message-ID) belonged to.
    std::optional<AppealRef> appeal_of_message(const std::vector<std::string>& message_ids);
    std::optional<AppealRef> appeal_numbered(const std::string& registration_number);
    std::optional<AppealRef> appeal_by_id(std::int64_t id);

    std::int64_t insert_appeal(const AppealRecord& appeal);
    void link_follow_up(std::int64_t appeal, std::int64_t original);
    void link_duplicate(std::int64_t appeal, std::int64_t original);
    // `appeal` is a new letter that completes the refused `original` (a corrected reply).
    void link_resubmission(std::int64_t appeal, std::int64_t original);
    // A staff letter answered the open accepted appeal `answered`: the answer's date, its
    // letter and who sent it are recorded (audited as actor 'mail:<from>'); an appeal is
    // closed with result `answered`, a complaint stays open for the head's outcome
    // (obrctl complaint). False when the appeal is not open and accepted.
    bool record_staff_answer(std::int64_t answered, const std::string& answered_on,
                             const std::string& from, bool close);
    // Gives the appeal the next registration number of the year; returns it.
    std::string register_appeal(std::int64_t appeal, const Registration& registration);
    void queue(std::int64_t appeal, const std::string& queue, const std::string& reason);
    // The appeal went to a competent body today (off_topic.forward = auto): closed, result
    // redirected, as obrctl forward records it.
    void mark_forwarded(std::int64_t appeal, const std::string& body, const std::string& today);
    // Notices to `address` (any case) created in the 24 hours before `now`, not suppressed.
    long notices_to(const std::string& address, std::chrono::sys_seconds now);
    void add_outbox(std::int64_t appeal, const OutboxRecord& mail, std::chrono::sys_seconds now);

    // Marks the letter decided and commits everything.
    void commit();

  private:
    friend class Store;
    class DatabaseHistory;
    DecisionTx(std::unique_ptr<pqxx::work> tx, ClaimedLetter letter);
    std::unique_ptr<pqxx::work> tx_;
    ClaimedLetter letter_;
    std::unique_ptr<DatabaseHistory> history_;
};

}  // namespace obrd
