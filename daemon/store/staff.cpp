// staff.cpp: the SQL of obrctl's staff commands (store.hpp): looking up a REF, one appeal
// in full, confirming a held refusal, and the audit of staff actions.
//
// Every change a person makes is written in the same transaction as its staff_actions
// row, whose actor is the database's session_user (schema 0005): the audit cannot miss an
// action, and no one can act under another name.
#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {

namespace {

std::optional<std::int64_t> one_id(pqxx::connection& conn, const char* what, const char* sql,
                                   const auto& param) {
    return guarded(what, [&]() -> std::optional<std::int64_t> {
        pqxx::read_transaction tx(conn);
        const auto rows = tx.exec_params(sql, param);
        if (rows.empty()) return std::nullopt;
        return rows[0][0].template as<std::int64_t>();
    });
}

std::vector<nlohmann::json> json_rows(pqxx::transaction_base& tx, const std::string& sql,
                                      std::int64_t id) {
    std::vector<nlohmann::json> out;
    for (const auto& r : tx.exec_params(sql, id))
        out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
    return out;
}

constexpr const char* kUtc = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

std::string utc(const std::string& column, const std::string& as) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', " + kUtc + ") AS " + as;
}

}  // namespace

std::optional<std::int64_t> Store::appeal_of_registration(const std::string& number) {
    return one_id(*impl_->conn, "looking up a registration number",
                  "SELECT id FROM appeals WHERE registration_number = $1", number);
}

std::optional<std::int64_t> Store::appeal_of_letter(std::int64_t letter_id) {
    return one_id(*impl_->conn, "looking up a letter",
                  "SELECT id FROM appeals WHERE letter_id = $1", letter_id);
}

bool Store::letter_exists(std::int64_t letter_id) {
    return one_id(*impl_->conn, "looking up a letter", "SELECT id FROM letters WHERE id = $1",
                  letter_id)
        .has_value();
}

nlohmann::json Store::appeal_in_full(std::int64_t appeal_id) {
    return guarded("reading an appeal", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        nlohmann::json j;
        const auto appeal = json_rows(
            tx,
            "SELECT row_to_json(x)::text FROM (SELECT a.id, a.letter_id, a.kind, a.verdict,"
            " a.reasons, a.flags, a.complaint_missing, a.evidence, a.sender, a.reply_to,"
            " a.subject, a.message_id, a.registration_number, a.deadline::text AS deadline,"
            " a.department, d.registration_number AS duplicate_of,"
            // Sakhalin dates (UTC+11 all year), for a refusal that cites the registration.
            " (a.registered_at AT TIME ZONE 'UTC' + interval '11 hours')::date::text"
            " AS registered_on,"
            " (d.registered_at AT TIME ZONE 'UTC' + interval '11 hours')::date::text"
            " AS duplicate_registered_on, a.note,"
            " a.answered_on::text AS answered_on, a.result, a.complaint_outcome,"
            " a.extended_days, a.first_deadline::text AS first_deadline, a.forwarded_to,"
            " a.answer_letter_id, r.letter_id AS resubmission_of_letter, " +
                utc("a.forwarded_at", "forwarded_at") + ", " + utc("a.closed_at", "closed_at") +
                ", " + utc("a.registered_at", "registered_at") + ", " +
                utc("a.decided_at", "decided_at") + ", l.size, l.status AS letter_status, " +
                utc("l.received_at", "received_at") + ", " + utc("l.purged_at", "purged_at") +
                " FROM appeals a JOIN letters l ON l.id = a.letter_id"
                " LEFT JOIN appeals d ON d.id = a.duplicate_of"
                " LEFT JOIN appeals r ON r.id = a.resubmission_of WHERE a.id = $1) x",
            appeal_id);
        if (appeal.empty()) return j;
        j = appeal.front();
        j["outbox"] = json_rows(
            tx,
            "SELECT row_to_json(x)::text FROM (SELECT id, purpose, recipient, subject, message_id,"
            " status, attempts, last_error, " +
                utc("created_at", "created_at") + ", " + utc("sent_at", "sent_at") +
                " FROM outbox WHERE appeal_id = $1 ORDER BY id) x",
            appeal_id);
        j["queue_items"] =
            json_rows(tx,
                      "SELECT row_to_json(x)::text FROM (SELECT id, queue, reason, status, " +
                          utc("created_at", "created_at") +
                          " FROM work_items WHERE appeal_id = $1 ORDER BY id) x",
                      appeal_id);
        j["staff_actions"] = json_rows(
            tx,
            "SELECT row_to_json(x)::text FROM (SELECT id, actor, action, comment, outbox_ids, " +
                utc("at", "at") +
                " FROM staff_actions WHERE appeal_id = $1 OR letter_id = (SELECT letter_id FROM"
                " appeals WHERE id = $1) ORDER BY id) x",
            appeal_id);
        return j;
    });
}

std::string Store::raw_of_appeal(std::int64_t appeal_id) {
    return guarded("reading a letter", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        const auto rows = tx.exec_params("SELECT letter_id FROM appeals WHERE id = $1", appeal_id);
        if (rows.empty()) return std::string();
        return read_bytea_in_slices(tx, "letters", "raw", rows[0][0].as<std::int64_t>());
    });
}

std::vector<std::string> Store::queue_names() {
    return guarded("listing queue names", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        std::vector<std::string> out;
        for (const auto& r : tx.exec("SELECT DISTINCT queue FROM work_items ORDER BY queue"))
            out.push_back(r[0].as<std::string>());
        return out;
    });
}

std::optional<std::vector<std::int64_t>> Store::confirm_review(
    std::int64_t appeal_id, const std::string& comment, const std::optional<StaffMail>& notice) {
    return guarded("confirming a held refusal", [&]() -> std::optional<std::vector<std::int64_t>> {
        pqxx::work tx(*impl_->conn);
        const auto held = tx.exec_params(
            "UPDATE appeals SET verdict = 'refused' WHERE id = $1 AND verdict = "
            "'review' RETURNING id",
            appeal_id);
        if (held.empty()) return std::nullopt;
        std::vector<std::int64_t> released;
        for (const auto& r :
             tx.exec_params("UPDATE outbox SET status = 'pending', next_attempt_at = now()"
                            " WHERE appeal_id = $1 AND status = 'held' RETURNING id",
                            appeal_id))
            released.push_back(r[0].as<std::int64_t>());
        if (notice) released.push_back(insert_staff_mail(tx, appeal_id, *notice));
        tx.exec_params(
            "UPDATE work_items SET status = 'done' WHERE appeal_id = $1"
            " AND queue = 'review' AND status = 'open'",
            appeal_id);
        audit_staff_action(tx, "decide refuse", appeal_id, comment, released);
        tx.commit();
        return released;
    });
}

std::optional<Store::Overturned> Store::overturn(
    std::int64_t appeal_id, const std::string& expected_verdict, const std::string& comment,
    const Registration& registration, const std::string& department,
    const std::function<std::vector<StaffMail>(const std::string& number)>& compose) {
    return guarded("overturning a refusal", [&]() -> std::optional<Overturned> {
        pqxx::work tx(*impl_->conn);
        const auto changed = tx.exec_params(
            "UPDATE appeals SET verdict = 'accepted', flags = array_cat(flags, reasons),"
            " reasons = '{}', complaint_missing = '{}', department = $3"
            " WHERE id = $1 AND verdict = $2 RETURNING id",
            appeal_id, expected_verdict, department);
        if (changed.empty()) return std::nullopt;
        Overturned result;
        result.registration_number = register_appeal_in(tx, appeal_id, registration);
        tx.exec_params(
            "UPDATE work_items SET status = 'done' WHERE appeal_id = $1 AND status = 'open'"
            " AND queue IN ('review', 'manual')",
            appeal_id);
        tx.exec_params("INSERT INTO work_items (appeal_id, queue, reason) VALUES ($1, $2, $3)",
                       appeal_id, department, "accepted by a person after " + expected_verdict);
        // A refusal notice still waiting (held, or not yet sent) must not follow the acceptance.
        tx.exec_params(
            "UPDATE outbox SET status = 'suppressed', last_error = 'withdrawn: the refusal was"
            " overturned' WHERE appeal_id = $1 AND purpose = 'notice' AND status IN ('held',"
            " 'pending')",
            appeal_id);
        for (const StaffMail& m : compose(result.registration_number))
            result.outbox_ids.push_back(insert_staff_mail(tx, appeal_id, m));
        audit_staff_action(tx, "decide accept", appeal_id, comment, result.outbox_ids);
        tx.commit();
        return result;
    });
}

std::vector<nlohmann::json> Store::list_staff_actions(std::optional<std::int64_t> appeal_id) {
    return guarded("listing staff actions", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        const std::string sql =
            "SELECT row_to_json(x)::text FROM (SELECT s.id, s.actor, s.action, s.appeal_id,"
            " a.registration_number, coalesce(a.letter_id, s.letter_id) AS letter_id, s.comment,"
            " s.outbox_ids, " +
            utc("s.at", "at") +
            " FROM staff_actions s LEFT JOIN appeals a ON a.id = s.appeal_id"
            // An appeal's actions, and those on its letter while it had no decision.
            " WHERE $1::bigint IS NULL OR s.appeal_id = $1"
            " OR s.letter_id = (SELECT letter_id FROM appeals WHERE id = $1) ORDER BY s.id) x";
        std::vector<nlohmann::json> out;
        for (const auto& r : tx.exec_params(sql, appeal_id))
            out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

}  // namespace obrd
