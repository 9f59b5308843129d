// decisions.cpp: the store's side of the decide stage: taking a letter (decision_tx.hpp),
// counting attempts, and every statement a decision writes.
#include <pqxx/pqxx>

#include <algorithm>

#include "daemon/store/decision_tx.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"
#include "notices/references.hpp"

namespace obrd {

// The accepted appeals, as the duplicate rule sees them.
class DecisionTx::DatabaseHistory : public History {
  public:
    explicit DatabaseHistory(pqxx::work& tx) : tx_(tx) {}
    std::vector<PriorAppeal> candidates(std::string_view email, std::string_view inn,
                                        Seconds since) const override {
        return guarded("reading earlier appeals", [&] {
            std::vector<PriorAppeal> out;
            auto rows = tx_.exec_params(
                "SELECT id, message_id, sender_email, sender_inn, text_hash, shingles::text,"
                " extract(epoch FROM registered_at)::bigint FROM appeals"
                " WHERE verdict = 'accepted' AND registered_at >= to_timestamp($3)"
                " AND ((sender_email = $1 AND $1 <> '') OR (sender_inn = $2 AND $2 <> ''))"
                " ORDER BY id",
                std::string(email), std::string(inn),
                static_cast<std::int64_t>(since.time_since_epoch().count()));
            for (const auto& r : rows) {
                PriorAppeal a;
                a.id = r[0].as<std::string>();
                a.message_id = r[1].as<std::string>();
                a.sender_email = r[2].as<std::string>();
                a.inn = r[3].as<std::string>();
                a.text_hash = r[4].as<std::string>();
                a.shingles = parse_bigint_array(r[5].as<std::string>());
                std::sort(a.shingles.begin(), a.shingles.end());
                a.accepted_at = Seconds(std::chrono::seconds(r[6].as<std::int64_t>()));
                out.push_back(std::move(a));
            }
            return out;
        });
    }

  private:
    pqxx::work& tx_;
};

DecisionTx::DecisionTx(std::unique_ptr<pqxx::work> tx, ClaimedLetter letter)
    : tx_(std::move(tx)),
      letter_(std::move(letter)),
      history_(std::make_unique<DatabaseHistory>(*tx_)) {}

DecisionTx::~DecisionTx() = default;  // pqxx::work rolls back when not committed

std::unique_ptr<DecisionTx> Store::begin_decision() {
    return guarded("taking a letter to decide", [&]() -> std::unique_ptr<DecisionTx> {
        auto tx = std::make_unique<pqxx::work>(*impl_->conn);
        // NO KEY UPDATE: the attempt row below references the letter (FOR KEY SHARE).
        auto rows = tx->exec(
            "SELECT id, status, message_id FROM letters WHERE NOT decided"
            " ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED");
        if (rows.empty()) return nullptr;
        ClaimedLetter l;
        l.id = rows[0][0].as<std::int64_t>();
        l.status = rows[0][1].as<std::string>();
        l.message_id = rows[0][2].as<std::string>();
        // Counted and committed before any work: if the work kills the process, the next
        // start knows.
        pqxx::work side(impl_->side_connection());
        auto a = side.exec_params1(
            "INSERT INTO decision_attempts (letter_id, attempts) VALUES ($1, 1)"
            " ON CONFLICT (letter_id) DO UPDATE SET attempts = decision_attempts.attempts + 1,"
            " last_attempt_at = now() RETURNING attempts, last_error",
            l.id);
        side.commit();
        l.attempts = a[0].as<int>();
        l.last_error = a[1].as<std::string>();
        return std::unique_ptr<DecisionTx>(new DecisionTx(std::move(tx), std::move(l)));
    });
}

void Store::note_attempt_failure(std::int64_t letter_id, const std::string& error) {
    guarded("recording a failed decision", [&] {
        pqxx::work side(impl_->side_connection());
        side.exec_params("UPDATE decision_attempts SET last_error = $2 WHERE letter_id = $1",
                         letter_id, error);
        side.commit();
    });
}

void Store::forgive_attempt(std::int64_t letter_id) {
    try {
        pqxx::work side(impl_->side_connection());
        side.exec_params(
            "UPDATE decision_attempts SET attempts = greatest(attempts - 1, 0)"
            " WHERE letter_id = $1",
            letter_id);
        side.commit();
    } catch (const std::exception&) {
        // Best effort: with the database away the attempt stays counted.
    }
}

std::string DecisionTx::load_raw() {
    return guarded("reading the letter",
                   [&] { return read_bytea_in_slices(*tx_, "letters", "raw", letter_.id); });
}

const History& DecisionTx::history() const {
    return *history_;
}

std::optional<std::optional<std::int64_t>> DecisionTx::mark_bounced(const std::string& message_id,
                                                                    const std::string& error) {
    return guarded("marking a bounced message",
                   [&]() -> std::optional<std::optional<std::int64_t>> {
                       auto r = tx_->exec_params(
                           "UPDATE outbox SET status = 'undeliverable', last_error = $2"
                           " WHERE message_id = $1 AND status IN ('sent', 'pending', 'sending')"
                           " RETURNING appeal_id",
                           message_id, error);
                       if (r.empty()) return std::nullopt;
                       if (r[0][0].is_null()) return std::optional<std::int64_t>{};
                       return std::optional<std::int64_t>{r[0][0].as<std::int64_t>()};
                   });
}

namespace {

AppealRef appeal_ref(pqxx::work& tx, std::int64_t id) {
    auto o = tx.exec_params1(
        "SELECT coalesce(a.registration_number, ''), coalesce(a.department, ''), a.kind,"
        " a.verdict, a.closed_at IS NOT NULL,"
        " to_char(l.received_at AT TIME ZONE 'UTC' + interval '11 hours', 'YYYY-MM-DD'),"
        " coalesce(to_char(a.registered_at AT TIME ZONE 'UTC' + interval '11 hours',"
        " 'YYYY-MM-DD'), '')"
        " FROM appeals a JOIN letters l ON l.id = a.letter_id WHERE a.id = $1",
        id);
    AppealRef ref;
    ref.id = id;
    ref.registration_number = o[0].as<std::string>();
    ref.department = o[1].as<std::string>();
    ref.kind = o[2].as<std::string>();
    ref.verdict = o[3].as<std::string>();
    ref.closed = o[4].as<bool>();
    ref.received_on = o[5].as<std::string>();
    ref.registered_on = o[6].as<std::string>();
    return ref;
}

}  // namespace

std::optional<AppealRef> DecisionTx::appeal_of_message(
    const std::vector<std::string>& message_ids) {
    return guarded("looking up our earlier message", [&]() -> std::optional<AppealRef> {
        for (const auto& id : message_ids) {
            auto r = tx_->exec_params(
                // A card of a follow-up stands for the appeal the follow-up joined.
                "SELECT CASE WHEN a.verdict = 'follow_up' THEN coalesce(a.follow_up_of, a.id)"
                " ELSE a.id END FROM outbox o JOIN appeals a ON a.id = o.appeal_id"
                " WHERE o.message_id = $1",
                id);
            if (!r.empty()) return appeal_ref(*tx_, r[0][0].as<std::int64_t>());
        }
        return std::nullopt;
    });
}

std::optional<AppealRef> DecisionTx::appeal_numbered(const std::string& registration_number) {
    return guarded("looking up a registration number", [&]() -> std::optional<AppealRef> {
        auto r = tx_->exec_params("SELECT id FROM appeals WHERE registration_number = $1",
                                  registration_number);
        if (r.empty()) return std::nullopt;
        return appeal_ref(*tx_, r[0][0].as<std::int64_t>());
    });
}

std::optional<AppealRef> DecisionTx::appeal_by_id(std::int64_t id) {
    return guarded("looking up an earlier appeal", [&]() -> std::optional<AppealRef> {
        if (tx_->exec_params("SELECT 1 FROM appeals WHERE id = $1", id).empty())
            return std::nullopt;
        return appeal_ref(*tx_, id);
    });
}

std::int64_t DecisionTx::insert_appeal(const AppealRecord& a) {
    return guarded("recording the decision", [&] {
        return tx_
            ->exec_params1(
                "INSERT INTO appeals (letter_id, kind, verdict, reasons, flags,"
                " complaint_missing, evidence, sender, reply_to, subject, message_id,"
                " department, note, channel, mass_mailing) VALUES ($1, $2, $3, $4::text[],"
                " $5::text[], $6::text[], $7::jsonb, $8::jsonb, nullif($9, ''), $10, $11,"
                " nullif($12, ''), $13, $14, $15) RETURNING id",
                letter_.id, a.kind, a.verdict, text_array(a.reasons), text_array(a.flags),
                text_array(a.complaint_missing), a.evidence_json, a.sender_json, a.reply_to,
                a.subject, a.message_id, a.department, a.note, a.channel, a.mass_mailing)[0]
            .as<std::int64_t>();
    });
}

void DecisionTx::link_resubmission(std::int64_t appeal, std::int64_t original) {
    guarded("linking a resubmission", [&] {
        tx_->exec_params("UPDATE appeals SET resubmission_of = $2 WHERE id = $1", appeal, original);
    });
}

bool DecisionTx::record_staff_answer(std::int64_t answered, const std::string& answered_on,
                                     const std::string& from, bool close) {
    return guarded("recording a staff answer", [&] {
        const auto changed = tx_->exec_params(
            "UPDATE appeals SET answered_on = $2::date, answer_letter_id = $3,"
            " closed_at = CASE WHEN $4 THEN now() END,"
            " result = CASE WHEN $4 THEN coalesce(result, 'answered') END"
            " WHERE id = $1 AND verdict = 'accepted' AND closed_at IS NULL RETURNING id",
            answered, answered_on, letter_.id, close);
        if (changed.empty()) return false;
        if (close)
            tx_->exec_params(
                "UPDATE work_items SET status = 'done' WHERE appeal_id = $1 AND status = 'open'",
                answered);
        tx_->exec_params(
            "INSERT INTO staff_actions (actor, action, appeal_id, letter_id, comment)"
            " VALUES ($1, 'answer by mail', $2, $3, $4)",
            "mail:" + from, answered, letter_.id,
            "ответ заявителю отправлен письмом #" + std::to_string(letter_.id) + " с адреса " +
                from + (close ? "" : "; решение по жалобе отмечает obrctl complaint"));
        return true;
    });
}

void DecisionTx::mark_forwarded(std::int64_t appeal, const std::string& body,
                                const std::string& today) {
    guarded("recording a forwarding", [&] {
        tx_->exec_params(
            "UPDATE appeals SET forwarded_to = $2, forwarded_at = now(), closed_at = now(),"
            " answered_on = $3::date, result = 'redirected' WHERE id = $1",
            appeal, body, today);
    });
}

void DecisionTx::link_follow_up(std::int64_t appeal, std::int64_t original) {
    guarded("linking a follow-up", [&] {
        tx_->exec_params("UPDATE appeals SET follow_up_of = $2 WHERE id = $1", appeal, original);
    });
}

void DecisionTx::link_duplicate(std::int64_t appeal, std::int64_t original) {
    guarded("linking a duplicate", [&] {
        tx_->exec_params("UPDATE appeals SET duplicate_of = $2 WHERE id = $1", appeal, original);
    });
}

std::string register_appeal_in(pqxx::transaction_base& tx, std::int64_t appeal,
                               const Registration& reg) {
    const long n = tx.exec_params1(
                         "INSERT INTO registration_counters (year, last_number) VALUES ($1, 1)"
                         " ON CONFLICT (year) DO UPDATE SET last_number ="
                         " registration_counters.last_number + 1 RETURNING last_number",
                         reg.year)[0]
                       .as<long>();
    const std::string number = registration_number(reg.year, n);
    tx.exec_params(
        "UPDATE appeals SET registration_number = $2, registered_at = to_timestamp($3),"
        " deadline = $4::date, sender_email = $5, sender_inn = $6, text_hash = $7,"
        " shingles = $8::bigint[] WHERE id = $1",
        appeal, number, static_cast<std::int64_t>(reg.at.time_since_epoch().count()), reg.deadline,
        reg.sender_email, reg.sender_inn, reg.text_hash, bigint_array(reg.shingles));
    return number;
}

std::string DecisionTx::register_appeal(std::int64_t appeal, const Registration& reg) {
    return guarded("registering the appeal", [&] { return register_appeal_in(*tx_, appeal, reg); });
}

void DecisionTx::queue(std::int64_t appeal, const std::string& queue, const std::string& reason) {
    guarded("queueing a work item", [&] {
        tx_->exec_params("INSERT INTO work_items (appeal_id, queue, reason) VALUES ($1, $2, $3)",
                         appeal, queue, reason);
    });
}

long DecisionTx::notices_to(const std::string& address, std::chrono::sys_seconds now) {
    return guarded("counting notices to an address", [&] {
        return tx_
            ->exec_params1(
                "SELECT count(*) FROM outbox WHERE purpose = 'notice' AND lower(recipient) ="
                " lower($1) AND created_at > to_timestamp($2) - interval '24 hours'"
                " AND status <> 'suppressed'",
                address, static_cast<std::int64_t>(now.time_since_epoch().count()))[0]
            .as<long>();
    });
}

void DecisionTx::add_outbox(std::int64_t appeal, const OutboxRecord& mail,
                            std::chrono::sys_seconds now) {
    guarded("queueing a message", [&] {
        tx_->exec_params(
            "INSERT INTO outbox (appeal_id, purpose, recipient, subject, message_id, message,"
            " status, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
            " nullif($8, ''), to_timestamp($9))",
            appeal, mail.purpose, mail.recipient, mail.subject, mail.message_id,
            pqxx::binarystring(mail.bytes.data(), mail.bytes.size()), mail.status, mail.error,
            static_cast<std::int64_t>(now.time_since_epoch().count()));
    });
}

void DecisionTx::commit() {
    guarded("committing the decision", [&] {
        tx_->exec_params("UPDATE letters SET decided = true WHERE id = $1", letter_.id);
        tx_->commit();
    });
}

}  // namespace obrd
