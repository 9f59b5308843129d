// listings.cpp: what obrctl lists (store.hpp). PostgreSQL builds each row's JSON itself
// (row_to_json), so a column added to a query shows up in obrctl without more code.
#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {
namespace {

std::vector<nlohmann::json> rows_as_json(pqxx::connection& conn, const char* what,
                                         const std::string& sql, const std::string& param = {}) {
    return guarded(what, [&] {
        pqxx::read_transaction tx(conn);
        const auto rows = param.empty() ? tx.exec(sql) : tx.exec_params(sql, param);
        std::vector<nlohmann::json> out;
        for (const auto& r : rows) out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

}  // namespace

std::vector<nlohmann::json> Store::list_appeals() {
    return rows_as_json(
        *impl_->conn, "listing decisions",
        "SELECT row_to_json(x)::text FROM (SELECT a.id, a.letter_id, a.message_id, a.kind,"
        " a.verdict, a.reasons, a.flags, a.complaint_missing, a.reply_to, a.subject,"
        " a.registration_number, a.deadline::text AS deadline, a.department,"
        " d.registration_number AS duplicate_of, a.follow_up_of, a.resubmission_of, a.sender,"
        " a.evidence, a.note, a.answered_on::text AS answered_on, a.result,"
        " a.answer_letter_id, a.closed_at IS NOT NULL AS closed,"
        " coalesce(t.attempts, 0) AS attempts,"
        " to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS decided_at"
        " FROM appeals a LEFT JOIN appeals d ON d.id = a.duplicate_of"
        " LEFT JOIN decision_attempts t ON t.letter_id = a.letter_id ORDER BY a.id) x");
}

std::vector<nlohmann::json> Store::report_rows(const std::string& first, const std::string& last) {
    // Sakhalin dates (UTC+11 all year); seconds since the epoch for the time to registration.
    const std::string sql =
        "SELECT row_to_json(x)::text FROM (SELECT l.id AS letter_id,"
        " extract(epoch FROM l.received_at)::bigint AS received_at, a.id IS NOT NULL AS decided,"
        " a.kind, a.verdict, a.reasons, a.channel, a.mass_mailing,"
        " extract(epoch FROM a.registered_at)::bigint AS registered_at,"
        " a.deadline::text AS deadline, a.answered_on::text AS answered_on,"
        " ((a.closed_at AT TIME ZONE 'UTC') + interval '11 hours')::date::text AS closed_on,"
        " a.result, a.complaint_outcome, a.department, a.classifier_code"
        " FROM letters l LEFT JOIN appeals a ON a.letter_id = l.id"
        " WHERE ((l.received_at AT TIME ZONE 'UTC') + interval '11 hours')::date"
        " BETWEEN $1::date AND $2::date ORDER BY l.id) x";
    return guarded("reading the report's letters", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        std::vector<nlohmann::json> out;
        for (const auto& r : tx.exec_params(sql, first, last))
            out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

std::vector<nlohmann::json> Store::list_outbox() {
    return rows_as_json(
        *impl_->conn, "listing the outbox",
        "SELECT row_to_json(x)::text FROM (SELECT o.id, o.appeal_id, a.registration_number,"
        " o.purpose, o.recipient, o.subject, o.message_id, o.status, o.attempts, o.last_error,"
        " to_char(o.lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS "
        "lease_until,"
        " to_char(o.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS sent_at,"
        " to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS"
        " created_at"
        " FROM outbox o LEFT JOIN appeals a ON a.id = o.appeal_id ORDER BY o.id) x");
}

std::vector<nlohmann::json> Store::list_queue(const std::string& queue) {
    const std::string sql =
        "SELECT row_to_json(x)::text FROM (SELECT w.id, w.queue, w.reason, w.appeal_id,"
        " a.letter_id, a.registration_number, a.kind, a.verdict, a.subject, a.reply_to,"
        " a.deadline::text AS deadline,"
        // Overdue: the deadline day has passed in Sakhalin (UTC+11 all year).
        " coalesce(a.deadline < (now() AT TIME ZONE 'UTC' + interval '11 hours')::date, false)"
        " AS overdue,"
        " to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS"
        " created_at, floor(extract(epoch FROM now() - w.created_at))::bigint AS age_seconds"
        " FROM work_items w JOIN appeals a ON a.id = w.appeal_id"
        " WHERE w.status = 'open'" +
        std::string(queue.empty() ? "" : " AND w.queue = $1") + " ORDER BY w.id) x";
    return rows_as_json(*impl_->conn, "listing a queue", sql, queue);
}

}  // namespace obrd

namespace obrd {

std::vector<nlohmann::json> Store::find_appeals(const LetterFilter& f) {
    return guarded("finding letters", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        // An empty filter matches everything; dates are Sakhalin dates of arrival
        // (UTC+11 all year), nullif keeps '' from being cast.
        const auto rows = tx.exec_params(
            "SELECT row_to_json(x)::text FROM (SELECT a.id, a.letter_id, a.kind, a.verdict,"
            " a.reasons, a.flags, a.registration_number, a.deadline::text AS deadline,"
            " a.department, a.reply_to, a.subject, a.sender, a.closed_at IS NOT NULL AS closed,"
            " to_char(l.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            " AS received_at FROM appeals a JOIN letters l ON l.id = a.letter_id"
            " WHERE ($1 = '' OR strpos(lower(coalesce(a.reply_to, '') || ' ' || a.sender::text),"
            " lower($1)) > 0)"
            " AND ($2 = '' OR a.sender_inn = $2 OR a.sender->>'inn' = $2)"
            " AND (l.received_at AT TIME ZONE 'UTC' + interval '11 hours')::date"
            " >= coalesce(nullif($3, '')::date, '-infinity'::date)"
            " AND (l.received_at AT TIME ZONE 'UTC' + interval '11 hours')::date"
            " <= coalesce(nullif($4, '')::date, 'infinity'::date)"
            " AND ($5 = '' OR a.verdict = $5)"
            " AND ($6 = '' OR $6 = ANY (a.reasons) OR $6 = ANY (a.flags))"
            " AND ($7 = '' OR a.department = $7)"
            " ORDER BY l.received_at DESC, a.id DESC) x",
            f.sender, f.inn, f.since, f.until, f.verdict, f.ground, f.department);
        std::vector<nlohmann::json> out;
        for (const auto& r : rows) out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

}  // namespace obrd
