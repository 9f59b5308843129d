// digests.cpp: the SQL of the daily digest and of deadline reminders (store.hpp).
//
// Both are sent once: a digest per (day, department) and a reminder per (appeal, kind,
// deadline) are primary keys, written in the same transaction as their outbox rows, so two
// instances (or the daemon and a person with obrctl digest --send) cannot send one twice.
#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {

namespace {

std::vector<std::int64_t> insert_mails(pqxx::transaction_base& tx,
                                       std::optional<std::int64_t> appeal_id,
                                       const std::vector<Store::StaffMail>& mail) {
    std::vector<std::int64_t> ids;
    for (const auto& m : mail) ids.push_back(insert_staff_mail(tx, appeal_id, m));
    return ids;
}

}  // namespace

std::vector<nlohmann::json> Store::digest_items(const std::string& day) {
    return guarded("reading the day's decisions", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        std::vector<nlohmann::json> out;
        // The day is a Sakhalin date (UTC+11 all year); decided_at is stored in UTC.
        for (const auto& r : tx.exec_params(
                 "SELECT row_to_json(x)::text FROM (SELECT a.id, a.letter_id, a.kind, a.verdict,"
                 " a.reasons, a.evidence, a.sender, a.reply_to, a.subject, a.forwarded_to,"
                 " to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                 " AS decided_at FROM appeals a"
                 " WHERE a.verdict IN ('refused', 'review', 'manual')"
                 " AND (a.decided_at AT TIME ZONE 'UTC' + interval '11 hours')::date = $1::date"
                 " ORDER BY a.id) x",
                 day))
            out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

bool Store::digest_sent(const std::string& day, const std::string& department) {
    return guarded("looking up a digest", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        return !tx.exec_params("SELECT 1 FROM digests WHERE day = $1::date AND department = $2",
                               day, department)
                    .empty();
    });
}

bool Store::record_digest(const std::string& day, const std::string& department,
                          const std::vector<StaffMail>& mail) {
    return guarded("recording a digest", [&] {
        pqxx::work tx(*impl_->conn);
        if (tx.exec_params("INSERT INTO digests (day, department) VALUES ($1::date, $2)"
                           " ON CONFLICT DO NOTHING RETURNING day",
                           day, department)
                .empty())
            return false;
        const auto ids = insert_mails(tx, std::nullopt, mail);
        tx.exec_params(
            "UPDATE digests SET outbox_ids = $3::bigint[] WHERE day = $1::date AND department = $2",
            day, department, bigint_array(ids));
        tx.commit();
        return true;
    });
}

std::vector<nlohmann::json> Store::reminder_candidates(const std::string& until) {
    return guarded("finding deadlines to remind of", [&] {
        pqxx::read_transaction tx(*impl_->conn);
        std::vector<nlohmann::json> out;
        for (const auto& r : tx.exec_params(
                 "SELECT row_to_json(x)::text FROM (SELECT a.id, a.letter_id, a.kind,"
                 " a.registration_number, a.deadline::text AS deadline, a.department,"
                 " a.subject, a.sender, a.reply_to,"
                 " to_char(a.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                 " AS registered_at,"
                 " coalesce((SELECT array_agg(m.kind) FROM deadline_reminders m"
                 " WHERE m.appeal_id = a.id AND m.deadline = a.deadline), '{}') AS reminded"
                 " FROM appeals a WHERE a.verdict = 'accepted' AND a.closed_at IS NULL"
                 " AND a.deadline IS NOT NULL AND a.deadline <= $1::date ORDER BY a.id) x",
                 until))
            out.push_back(nlohmann::json::parse(r[0].as<std::string>()));
        return out;
    });
}

bool Store::record_reminder(std::int64_t appeal_id, const std::string& kind,
                            const std::string& deadline, const std::vector<StaffMail>& mail) {
    return guarded("recording a deadline reminder", [&] {
        pqxx::work tx(*impl_->conn);
        if (tx.exec_params("INSERT INTO deadline_reminders (appeal_id, kind, deadline)"
                           " VALUES ($1, $2, $3::date) ON CONFLICT DO NOTHING RETURNING appeal_id",
                           appeal_id, kind, deadline)
                .empty())
            return false;
        const auto ids = insert_mails(tx, appeal_id, mail);
        tx.exec_params(
            "UPDATE deadline_reminders SET outbox_ids = $4::bigint[] WHERE appeal_id = $1"
            " AND kind = $2 AND deadline = $3::date",
            appeal_id, kind, deadline, bigint_array(ids));
        tx.commit();
        return true;
    });
}

}  // namespace obrd
