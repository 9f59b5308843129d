// store.hpp: obrd's PostgreSQL store (libpqxx 6.4), the only code that speaks SQL.
//
// One Store is one connection (plus, for the decide stage, a second one for bookkeeping
// that must be committed while a decision is open). Each pipeline stage owns its Store,
// so that a stage's database trouble is its own. The operations are grouped by who uses
// them: schema (store.cpp), mailbox positions and raw letters (letters.cpp), deciding
// (decision_tx.hpp, decisions.cpp), the outbox (outbox.cpp) and what obrctl lists
// (listings.cpp); which instance polls a mailbox is mailbox_lock.hpp.
//
// Every statement is parameterised. Every database failure becomes a StoreError naming
// what was being done and PostgreSQL's reason, and saying whether the connection was lost
// (retry later) or one statement failed (the data in hand is at fault). Nothing is
// retried here: the caller decides.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/config.hpp"

namespace obrd {

class StoreError : public std::runtime_error {
  public:
    explicit StoreError(const std::string& what, bool connection_lost = true)
        : std::runtime_error(what), connection_lost_(connection_lost) {}
    // True: the database or the connection failed (try again later). False: a statement
    // failed on the data it was given (a constraint, an invalid value).
    bool connection_lost() const { return connection_lost_; }

  private:
    bool connection_lost_;
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
    // How it was stored: whole | oversize (raw kept, not parsed) | truncated.
    std::string stored;
    // Its appeal's verdict (accepted, refused, review, ignored, follow_up, manual), or
    // "undecided".
    std::string decision;
    // Where it stands, following the decision and what staff did since: new (not decided
    // yet), decided, review (a held refusal waits for a person), manual, forwarded, closed.
    std::string state;
};

// An outbox row taken for sending: leased to this sender until the lease runs out.
struct OutboxClaim {
    std::int64_t id = 0;
    std::string purpose, recipient, message_id;
    std::string message;  // the exact bytes to send
    int attempts = 0;     // this one included
    bool resend = false;  // the lease of an earlier sender ran out: it may have gone
};

class DecisionTx;
struct Registration;

class Store {
  public:
    explicit Store(const DatabaseSettings& settings);  // connects; throws StoreError
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // --- schema (store.cpp) ---
    // Applies pending migrations, each in one transaction. Returns how many ran.
    int migrate();
    int schema_version();
    // The newest migration this build knows.
    static int known_schema_version();
    // For commands that only read: throws StoreError (not connection_lost) unless the
    // schema is exactly the one this build knows; they never migrate.
    void require_known_schema();

    // --- the mailbox and its letters (letters.cpp), for the fetch stage ---
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
    std::optional<std::string> raw_letter(std::int64_t id);

    // --- deciding (decisions.cpp), for the decide stage ---
    // Takes the oldest undecided letter no other instance holds, counts the attempt (in
    // its own committed transaction, before any work) and opens the deciding transaction.
    // Null when there is none.
    std::unique_ptr<DecisionTx> begin_decision();
    // Records why an attempt failed (the deciding transaction was rolled back).
    void note_attempt_failure(std::int64_t letter_id, const std::string& error);
    // Uncounts an attempt that the database, not the letter, cut short (best effort).
    void forgive_attempt(std::int64_t letter_id);

    // --- the outbox (outbox.cpp), for the send stage ---
    // Takes the next row due: pending and due, or sending with an expired lease (its
    // sender died). The row is `sending` until `lease` from now, committed before the
    // caller talks to the relay.
    std::optional<OutboxClaim> claim_outbox_row(std::chrono::seconds lease);
    void outbox_sent(std::int64_t id);
    void outbox_deferred(std::int64_t id, const std::string& reply, long delay_seconds);
    void outbox_failed(std::int64_t id, const std::string& reply);
    // The relay was unreachable: the row is due again as it was, the attempt uncounted.
    void outbox_released(std::int64_t id, const std::string& reply);

    // --- what obrctl lists (listings.cpp): one JSON object per row ---
    std::vector<nlohmann::json> list_appeals();
    // Every letter received from `first` to `last` (Sakhalin dates, YYYY-MM-DD) with its
    // appeal's counted fields (reports/report.hpp ReportRow), oldest first; obrctl report.
    std::vector<nlohmann::json> report_rows(const std::string& first, const std::string& last);
    std::vector<nlohmann::json> list_outbox();
    // Open items of one queue (a department, "review" or "manual"); all when empty.
    std::vector<nlohmann::json> list_queue(const std::string& queue);

    // --- staff actions (staff.cpp): REF lookup, one appeal in full, decisions, the audit ---
    // The appeal a registration number (МСЗ-2026-000001) or a letter id names; nullopt
    // when there is none. A letter that has no decision yet has no appeal either.
    std::optional<std::int64_t> appeal_of_registration(const std::string& number);
    std::optional<std::int64_t> appeal_of_letter(std::int64_t letter_id);
    bool letter_exists(std::int64_t letter_id);
    // The appeal, its letter's stored facts, its outbox rows, queue items and staff actions.
    nlohmann::json appeal_in_full(std::int64_t appeal_id);
    std::string raw_of_appeal(std::int64_t appeal_id);
    // Queue names that have or had items.
    std::vector<std::string> queue_names();
    // A person confirms a held refusal: verdict review -> refused, its notice queued (and any
    // held one released) for the send stage, its review item closed, and the action
    // audited, in one transaction. Returns the outbox ids released; nullopt when the appeal is not
    // waiting for review (someone else acted first, or it never was).
    // `notice`: the refusal notice a person's confirmation sends (composed by the caller
    // from the stored decision), written as a pending outbox row in the same transaction.
    struct StaffMail {
        std::string purpose;  // notice | card | reminder | digest | forward
        std::string recipient, subject, message_id, bytes;
    };
    std::optional<std::vector<std::int64_t>> confirm_review(std::int64_t appeal_id,
                                                            const std::string& comment,
                                                            const std::optional<StaffMail>& notice);
    // A person overturns a refusal (or a held one, or a manual item): in one transaction the
    // appeal becomes accepted with the next registration number, its grounds become flags,
    // its open review item is closed and an item put in `department`'s queue, the mail that
    // `compose(number)` returns (the acceptance, the cards) is queued, and the action
    // audited. Returns the number and the outbox ids; nullopt when the appeal's verdict is
    // no longer `expected_verdict` (someone acted first).
    struct Overturned {
        std::string registration_number;
        std::vector<std::int64_t> outbox_ids;
    };
    std::optional<Overturned> overturn(
        std::int64_t appeal_id, const std::string& expected_verdict, const std::string& comment,
        const Registration& registration, const std::string& department,
        const std::function<std::vector<StaffMail>(const std::string& number)>& compose);
    std::vector<nlohmann::json> list_staff_actions(std::optional<std::int64_t> appeal_id);

    // --- what a person records on a registered appeal (outcomes.cpp), each audited ---
    // Closes an accepted, open appeal: the answer was sent on `answered_on` (YYYY-MM-DD);
    // `result` is its ССТУ status, `complaint_outcome` the head's decision on a complaint
    // (one of the two, the other empty); every open queue item of the appeal is closed.
    // False when the appeal is not accepted and open (someone acted first, or never was).
    bool close_appeal(std::int64_t appeal_id, const std::string& action,
                      const std::string& answered_on, const std::string& result,
                      const std::string& complaint_outcome, const std::string& comment,
                      const std::string& classifier_code = "");
    // Moves the deadline of an accepted, open appeal from `expected_deadline` to
    // `new_deadline` (both YYYY-MM-DD), counting `days` to its extensions, and queues the
    // notice of extension. Nullopt when the deadline or state changed meanwhile; else the
    // outbox ids.
    std::optional<std::vector<std::int64_t>> extend_deadline(
        std::int64_t appeal_id, const std::string& expected_deadline,
        const std::string& new_deadline, int days, const std::string& comment,
        const std::optional<StaffMail>& notice);
    // A person refuses: the appeal (verdict `expected_verdict`: accepted, review or manual)
    // becomes refused on `reasons` (codes) with `evidence_json` added to its evidence; its
    // open queue items are closed, any notice not yet sent is withdrawn, the refusal
    // notice is queued. A registration number it had stays in the register; `duplicate_of`,
    // when given, is the earlier appeal it repeats. Nullopt when the verdict changed
    // meanwhile; else the outbox ids.
    std::optional<std::vector<std::int64_t>> refuse_by_person(
        std::int64_t appeal_id, const std::string& expected_verdict,
        const std::vector<std::string>& reasons, const std::string& evidence_json,
        const std::string& comment, const std::optional<StaffMail>& notice,
        std::optional<std::int64_t> duplicate_of = std::nullopt);

    // A person sends the letter to a competent body: the appeal (verdict `expected_verdict`,
    // not forwarded before) records the body and the time, is closed with the result
    // `redirected` answered today (`today`, YYYY-MM-DD), its open queue items are closed,
    // a notice still waiting is withdrawn, and `mail` (the covering letter, the notice to
    // the applicant) is queued. Nullopt when it changed meanwhile; else the outbox ids.
    std::optional<std::vector<std::int64_t>> forward_appeal(
        std::int64_t appeal_id, const std::string& expected_verdict, const std::string& body,
        const std::string& today, const std::vector<StaffMail>& mail, const std::string& comment);

    // Takes back a decision that nothing came of yet (schema 0006, obrd_reprocess): the
    // letter is undecided again and the decide stage decides it anew. Returns "ok", or why
    // not: "registered", "answered" (a message went out), "acted" (a person acted on it),
    // "referenced" (another appeal refers to it), "gone".
    std::string reprocess(std::int64_t appeal_id, const std::string& comment);

    // --- outbox rows a person sends again (outcomes.cpp) ---
    // The row, with its bytes, or nullopt.
    struct OutboxRow {
        std::int64_t id = 0;
        std::optional<std::int64_t> appeal_id;
        std::string purpose, recipient, subject, message_id, status, bytes;
    };
    std::optional<OutboxRow> outbox_row(std::int64_t id);
    // A failed, undeliverable, suppressed or held row goes out again: pending now, the
    // same Message-ID and bytes; or, with `readdressed`, a new row for the other
    // recipient, the old one left as it was. Audited. Nullopt when the row's status is no
    // longer `expected_status`; else the id of the row that will be sent.
    std::optional<std::int64_t> resend(std::int64_t id, const std::string& expected_status,
                                       const std::optional<StaffMail>& readdressed,
                                       const std::string& comment);

    // --- finding letters (listings.cpp) ---
    struct LetterFilter {
        std::string sender;  // part of the reply address, the From address or the name
        std::string inn;
        std::string since, until;  // YYYY-MM-DD, Sakhalin dates of arrival, inclusive
        std::string verdict, ground, department;
    };
    // Matching decided letters, newest first, with the appeal's facts (a search in the
    // text is the caller's: it parses the letters these rows name).
    std::vector<nlohmann::json> find_appeals(const LetterFilter& filter);

    // --- digests and deadline reminders (digests.cpp) ---
    // The letters decided on `day` (Sakhalin date) that a person should look at: refused,
    // held for review (advertising too: refused without a notice), or manual; with their
    // evidence and sender.
    std::vector<nlohmann::json> digest_items(const std::string& day);
    bool digest_sent(const std::string& day, const std::string& department);
    // Records the digest of `day` for `department` and queues its mail, once: false when
    // it was recorded before (by another instance or a person).
    bool record_digest(const std::string& day, const std::string& department,
                       const std::vector<StaffMail>& mail);
    // Accepted, open appeals whose deadline is on or before `until` (YYYY-MM-DD), with
    // the reminder kinds already sent for their current deadline.
    std::vector<nlohmann::json> reminder_candidates(const std::string& until);
    // Records one reminder and queues its cards, once per (appeal, kind, deadline): false
    // when it was recorded before.
    bool record_reminder(std::int64_t appeal_id, const std::string& kind,
                         const std::string& deadline, const std::vector<StaffMail>& mail);

    // --- the staff role (store.cpp) ---
    // Grants the PostgreSQL role obrd_staff what the staff commands need and no more;
    // false when the role does not exist. Run by the schema's owner (obrctl grant-staff,
    // and obrctl migrate / obrd at start after migrating).
    bool grant_staff();

    // Personal data of finished appeals: those decided (or, when registered, closed) before
    // now - `interval` (a PostgreSQL interval, "5 years"), not yet purged, with no open
    // queue item, no mail waiting, and not a follow-up of an open appeal. `dry_run`: counts
    // only. Else erases what 0008_retention.sql lists, in one transaction with a
    // staff_actions row (action purge). Returns the letters, appeals and outbox rows touched.
    struct PurgeCount {
        long letters = 0, outbox = 0;
        long open_kept = 0;  // older letters left alone because their appeal is still open
    };
    PurgeCount purge(const std::string& interval, bool dry_run, const std::string& comment);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// Implementation of guarded(): the libpqxx exception types are only named in store/.
[[noreturn]] void rethrow_as_store_error(const char* what);

// Runs `body`, turning any libpqxx failure into a StoreError that names `what`.
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
