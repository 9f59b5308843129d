// outbox.cpp: the store's side of the send stage: leasing outbox rows and recording what
// the relay said. Each call is its own short transaction; none is open while obrd talks
// to the relay.
#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {

std::optional<OutboxClaim> Store::claim_outbox_row(std::chrono::seconds lease) {
    return guarded("taking a message to send", [&]() -> std::optional<OutboxClaim> {
        OutboxClaim c;
        {
            pqxx::work tx(*impl_->conn);
            // The lease grows with the message: a second per 64 KiB on top of `lease`, so a
            // large card on a slow link is not taken over while it is still being sent.
            auto r = tx.exec_params(
                "WITH next AS (SELECT id, status AS was FROM outbox"
                " WHERE (status = 'pending' AND next_attempt_at <= now())"
                " OR (status = 'sending' AND lease_until < now())"
                " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                " UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,"
                " lease_until = now() + make_interval(secs => $1 + octet_length(o.message) / 65536)"
                " FROM next WHERE o.id = next.id"
                " RETURNING o.id, o.purpose, o.recipient, o.message_id, o.attempts, next.was",
                static_cast<long>(lease.count()));
            if (r.empty()) return std::nullopt;
            c.id = r[0][0].as<std::int64_t>();
            c.purpose = r[0][1].as<std::string>();
            c.recipient = r[0][2].as<std::string>();
            c.message_id = r[0][3].as<std::string>();
            c.attempts = r[0][4].as<int>();
            c.resend = r[0][5].as<std::string>() == "sending";
            tx.commit();
        }
        pqxx::read_transaction tx(*impl_->conn);
        c.message = read_bytea_in_slices(tx, "outbox", "message", c.id);
        return c;
    });
}

void Store::outbox_sent(std::int64_t id) {
    guarded("recording a sent message", [&] {
        pqxx::work tx(*impl_->conn);
        tx.exec_params(
            "UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL,"
            " lease_until = NULL WHERE id = $1",
            id);
        tx.commit();
    });
}

void Store::outbox_deferred(std::int64_t id, const std::string& reply, long delay_seconds) {
    guarded("recording a deferred message", [&] {
        pqxx::work tx(*impl_->conn);
        tx.exec_params(
            "UPDATE outbox SET status = 'pending', last_error = $2, lease_until = NULL,"
            " next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1",
            id, reply, delay_seconds);
        tx.commit();
    });
}

void Store::outbox_failed(std::int64_t id, const std::string& reply) {
    guarded("recording a refused message", [&] {
        pqxx::work tx(*impl_->conn);
        tx.exec_params(
            "UPDATE outbox SET status = 'failed', last_error = $2, lease_until = NULL"
            " WHERE id = $1",
            id, reply);
        tx.commit();
    });
}

void Store::outbox_released(std::int64_t id, const std::string& reply) {
    guarded("releasing a message", [&] {
        pqxx::work tx(*impl_->conn);
        tx.exec_params(
            "UPDATE outbox SET status = 'pending', attempts = greatest(attempts - 1, 0),"
            " last_error = $2, lease_until = NULL WHERE id = $1",
            id, reply);
        tx.commit();
    });
}

}  // namespace obrd
