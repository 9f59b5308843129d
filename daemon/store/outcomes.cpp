// outcomes.cpp: the SQL of what a person records on an appeal after its decision
// (store.hpp): closing it, a complaint's outcome, extending its deadline, refusing it,
// and sending an outbox row again.
//
// Each change is one transaction with its staff_actions row (actor = session_user), and
// each checks, in its UPDATE, that the appeal is still in the state the person saw: two
// people acting at once cannot both succeed.
#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {

std::int64_t insert_staff_mail(pqxx::transaction_base& tx, std::optional<std::int64_t> appeal_id,
                               const Store::StaffMail& m) {
    return tx
        .exec_params(
            "INSERT INTO outbox (appeal_id, purpose, recipient, subject, message_id, message)"
            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            appeal_id, m.purpose, m.recipient, m.subject, m.message_id,
            pqxx::binarystring(m.bytes.data(), m.bytes.size()))[0][0]
        .as<std::int64_t>();
}

void audit_staff_action(pqxx::transaction_base& tx, const std::string& action,
                        std::optional<std::int64_t> appeal_id, const std::string& comment,
                        const std::vector<std::int64_t>& outbox_ids) {
    tx.exec_params(
        "INSERT INTO staff_actions (action, appeal_id, comment, outbox_ids)"
        " VALUES ($1, $2, $3, $4::bigint[])",
        action, appeal_id, comment, bigint_array(outbox_ids));
}

bool Store::close_appeal(std::int64_t appeal_id, const std::string& action,
                         const std::string& answered_on, const std::string& result,
                         const std::string& complaint_outcome, const std::string& comment,
                         const std::string& classifier_code) {
    return guarded("closing an appeal", [&] {
        pqxx::work tx(*impl_->conn);
        const auto changed = tx.exec_params(
            "UPDATE appeals SET closed_at = now(), answered_on = $2::date,"
            " result = nullif($3, ''), complaint_outcome = nullif($4, ''),"
            " classifier_code = coalesce(nullif($5, ''), classifier_code)"
            " WHERE id = $1 AND verdict = 'accepted' AND closed_at IS NULL RETURNING id",
            appeal_id, answered_on, result, complaint_outcome, classifier_code);
        if (changed.empty()) return false;
        tx.exec_params(
            "UPDATE work_items SET status = 'done' WHERE appeal_id = $1 AND status ="
            " 'open'",
            appeal_id);
        audit_staff_action(tx, action, appeal_id, comment, {});
        tx.commit();
        return true;
    });
}

std::optional<std::vector<std::int64_t>> Store::extend_deadline(
    std::int64_t appeal_id, const std::string& expected_deadline, const std::string& new_deadline,
    int days, const std::string& comment, const std::optional<StaffMail>& notice) {
    return guarded("extending a deadline", [&]() -> std::optional<std::vector<std::int64_t>> {
        pqxx::work tx(*impl_->conn);
        const auto changed = tx.exec_params(
            "UPDATE appeals SET first_deadline = coalesce(first_deadline, deadline),"
            " deadline = $3::date, extended_days = extended_days + $4"
            " WHERE id = $1 AND verdict = 'accepted' AND closed_at IS NULL"
            " AND deadline = $2::date RETURNING id",
            appeal_id, expected_deadline, new_deadline, days);
        if (changed.empty()) return std::nullopt;
        std::vector<std::int64_t> ids;
        if (notice) ids.push_back(insert_staff_mail(tx, appeal_id, *notice));
        audit_staff_action(tx, "extend", appeal_id, comment, ids);
        tx.commit();
        return ids;
    });
}

std::optional<std::vector<std::int64_t>> Store::refuse_by_person(
    std::int64_t appeal_id, const std::string& expected_verdict,
    const std::vector<std::string>& reasons, const std::string& evidence_json,
    const std::string& comment, const std::optional<StaffMail>& notice,
    std::optional<std::int64_t> duplicate_of) {
    return guarded("refusing an appeal", [&]() -> std::optional<std::vector<std::int64_t>> {
        pqxx::work tx(*impl_->conn);
        const auto changed = tx.exec_params(
            "UPDATE appeals SET verdict = 'refused', reasons = $3::text[],"
            " evidence = evidence || $4::jsonb, duplicate_of = coalesce($5, duplicate_of)"
            " WHERE id = $1 AND verdict = $2 RETURNING id",
            appeal_id, expected_verdict, text_array(reasons), evidence_json, duplicate_of);
        if (changed.empty()) return std::nullopt;
        tx.exec_params(
            "UPDATE work_items SET status = 'done' WHERE appeal_id = $1 AND status ="
            " 'open'",
            appeal_id);
        // A notice still waiting (an acceptance not yet sent, a held refusal) must not follow.
        tx.exec_params(
            "UPDATE outbox SET status = 'suppressed', last_error = 'withdrawn: refused by a"
            " person' WHERE appeal_id = $1 AND purpose = 'notice' AND status IN ('held',"
            " 'pending')",
            appeal_id);
        std::vector<std::int64_t> ids;
        if (notice) ids.push_back(insert_staff_mail(tx, appeal_id, *notice));
        audit_staff_action(tx, "decide refuse", appeal_id, comment, ids);
        tx.commit();
        return ids;
    });
}

std::optional<std::vector<std::int64_t>> Store::forward_appeal(
    std::int64_t appeal_id, const std::string& expected_verdict, const std::string& body,
    const std::string& today, const std::vector<StaffMail>& mail, const std::string& comment) {
    return guarded("forwarding an appeal", [&]() -> std::optional<std::vector<std::int64_t>> {
        pqxx::work tx(*impl_->conn);
        const auto changed = tx.exec_params(
            "UPDATE appeals SET forwarded_to = $3, forwarded_at = now(),"
            " closed_at = coalesce(closed_at, now()), answered_on = coalesce(answered_on,"
            " $4::date), result = coalesce(result, 'redirected')"
            " WHERE id = $1 AND verdict = $2 AND forwarded_to IS NULL RETURNING id",
            appeal_id, expected_verdict, body, today);
        if (changed.empty()) return std::nullopt;
        tx.exec_params(
            "UPDATE work_items SET status = 'done' WHERE appeal_id = $1 AND status ="
            " 'open'",
            appeal_id);
        tx.exec_params(
            "UPDATE outbox SET status = 'suppressed', last_error = 'withdrawn: forwarded to a"
            " competent body' WHERE appeal_id = $1 AND purpose = 'notice' AND status IN ('held',"
            " 'pending')",
            appeal_id);
        std::vector<std::int64_t> ids;
        for (const auto& m : mail) ids.push_back(insert_staff_mail(tx, appeal_id, m));
        audit_staff_action(tx, "forward", appeal_id, comment, ids);
        tx.commit();
        return ids;
    });
}

std::string Store::reprocess(std::int64_t appeal_id, const std::string& comment) {
    return guarded("taking back a decision", [&] {
        pqxx::work tx(*impl_->conn);
        const std::string answer =
            tx.exec_params1(
                  "SELECT CASE WHEN EXISTS (SELECT 1 FROM appeals a JOIN letters l ON"
                  " l.id = a.letter_id WHERE a.id = $1 AND l.purged_at IS NOT NULL)"
                  " THEN 'purged' ELSE obrd_reprocess($1, $2) END",
                  appeal_id, comment)[0]
                .as<std::string>();
        tx.commit();
        return answer;
    });
}

std::optional<Store::OutboxRow> Store::outbox_row(std::int64_t id) {
    return guarded("reading an outbox row", [&]() -> std::optional<OutboxRow> {
        pqxx::read_transaction tx(*impl_->conn);
        const auto rows = tx.exec_params(
            "SELECT appeal_id, purpose, recipient, subject, message_id, status FROM outbox"
            " WHERE id = $1",
            id);
        if (rows.empty()) return std::nullopt;
        OutboxRow row;
        row.id = id;
        if (!rows[0][0].is_null()) row.appeal_id = rows[0][0].as<std::int64_t>();
        row.purpose = rows[0][1].as<std::string>();
        row.recipient = rows[0][2].as<std::string>();
        row.subject = rows[0][3].as<std::string>();
        row.message_id = rows[0][4].as<std::string>();
        row.status = rows[0][5].as<std::string>();
        row.bytes = read_bytea_in_slices(tx, "outbox", "message", id);
        return row;
    });
}

std::optional<std::int64_t> Store::resend(std::int64_t id, const std::string& expected_status,
                                          const std::optional<StaffMail>& readdressed,
                                          const std::string& comment) {
    return guarded("sending an outbox row again", [&]() -> std::optional<std::int64_t> {
        pqxx::work tx(*impl_->conn);
        const auto row =
            // A purged row has no bytes left to send.
            tx.exec_params(
                "SELECT appeal_id FROM outbox WHERE id = $1 AND status = $2"
                " AND octet_length(message) > 0 FOR UPDATE",
                id, expected_status);
        if (row.empty()) return std::nullopt;
        std::optional<std::int64_t> appeal;
        if (!row[0][0].is_null()) appeal = row[0][0].as<std::int64_t>();
        std::int64_t sent = id;
        if (readdressed) {
            sent = insert_staff_mail(tx, appeal, *readdressed);
        } else {
            tx.exec_params(
                "UPDATE outbox SET status = 'pending', next_attempt_at = now(), attempts = 0,"
                " lease_until = NULL WHERE id = $1",
                id);
        }
        // The row asked for, and the new row when the recipient changed.
        audit_staff_action(
            tx, "resend", appeal, comment,
            sent == id ? std::vector<std::int64_t>{id} : std::vector<std::int64_t>{id, sent});
        tx.commit();
        return sent;
    });
}

Store::PurgeCount Store::purge(const std::string& interval, bool dry_run,
                               const std::string& comment) {
    return guarded("purging personal data", [&] {
        pqxx::work tx(*impl_->conn);
        // Finished: refused, ignored, a follow-up or a staff letter, or registered and closed;
        // nothing of it still waits for a person or the relay.
        const std::string finished =
            "l.purged_at IS NULL"
            " AND (a.verdict IN ('refused', 'ignored', 'follow_up') OR (a.verdict = 'accepted'"
            " AND a.closed_at IS NOT NULL))"
            " AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.appeal_id = a.id AND w.status"
            " = 'open')"
            " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.appeal_id = a.id AND o.status IN"
            " ('pending', 'sending', 'held'))"
            " AND NOT EXISTS (SELECT 1 FROM appeals p WHERE p.id = a.follow_up_of AND"
            " p.verdict = 'accepted' AND p.closed_at IS NULL)";
        const std::string old = "coalesce(a.closed_at, a.decided_at) < now() - $1::interval";
        tx.exec_params(
            "CREATE TEMP TABLE purge_target ON COMMIT DROP AS SELECT a.id AS"
            " appeal_id, a.letter_id FROM appeals a JOIN letters l ON l.id ="
            " a.letter_id WHERE " +
                old + " AND " + finished,
            interval);
        PurgeCount n;
        n.letters = tx.exec1("SELECT count(*) FROM purge_target")[0].as<long>();
        n.outbox = tx.exec1(
                         "SELECT count(*) FROM outbox WHERE appeal_id IN (SELECT appeal_id"
                         " FROM purge_target)")[0]
                       .as<long>();
        n.open_kept = tx.exec_params1(
                            "SELECT count(*) FROM appeals a JOIN letters l ON l.id ="
                            " a.letter_id WHERE l.purged_at IS NULL AND " +
                                old + " AND NOT (" + finished + ")",
                            interval)[0]
                          .as<long>();
        if (dry_run || n.letters == 0) return n;
        tx.exec(
            "UPDATE letters SET raw = ''::bytea, message_id = '', purged_at = now()"
            " WHERE id IN (SELECT letter_id FROM purge_target)");
        tx.exec(
            "UPDATE appeals SET sender = '{}', reply_to = NULL, subject = '', message_id ="
            " '', evidence = '[]', sender_email = '', sender_inn = '', text_hash = '',"
            " shingles = '{}' WHERE id IN (SELECT appeal_id FROM purge_target)");
        tx.exec(
            "UPDATE outbox SET message = ''::bytea, recipient = '', subject = '',"
            " last_error = '' WHERE appeal_id IN (SELECT appeal_id FROM purge_target)");
        audit_staff_action(tx, "purge", std::nullopt, comment, {});
        tx.commit();
        return n;
    });
}

}  // namespace obrd
