// outbox.cpp: see outbox.hpp.
#include "daemon/outbox.hpp"

#include <pqxx/pqxx>

#include "daemon/log.hpp"
#include "daemon/watchdog.hpp"

namespace obrd {

long retry_delay_seconds(int attempts) {
    long delay = 60;
    for (int i = 1; i < attempts && delay < 6 * 3600; ++i) delay *= 2;
    return std::min(delay, 6L * 3600);
}

OutboxReport send_due(Store& store, SmtpSession& smtp) {
    OutboxReport report;
    for (;;) {
        watchdog_ping();
        bool more = guarded("sending from the outbox", [&] {
            pqxx::work tx(store.connection());
            auto rows = tx.exec(
                "SELECT id, recipient, message, attempts, purpose FROM outbox"
                " WHERE status = 'pending' AND next_attempt_at <= now()"
                " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (rows.empty()) return false;
            const auto id = rows[0][0].as<std::int64_t>();
            const auto recipient = rows[0][1].as<std::string>();
            const pqxx::binarystring message(rows[0][2]);
            const int attempts = rows[0][3].as<int>() + 1;
            const SmtpResult r = smtp.send(recipient, message.str());
            const std::string row = "outbox #" + std::to_string(id) + " (" +
                                    rows[0][4].as<std::string>() + " to " + recipient + ")";
            if (r.outcome == SmtpResult::Outcome::sent) {
                tx.exec_params(
                    "UPDATE outbox SET status = 'sent', sent_at = now(), attempts = $2,"
                    " last_error = NULL WHERE id = $1",
                    id, attempts);
                tx.commit();
                ++report.sent;
                return true;
            }
            if (r.connection) {
                // The relay, not this row: leave the row as it was (the transaction rolls
                // back) and stop the pass.
                throw RelayError("SMTP relay unavailable while sending " + row + ": " + r.reply);
            }
            if (r.outcome == SmtpResult::Outcome::failed) {
                tx.exec_params(
                    "UPDATE outbox SET status = 'failed', attempts = $2, last_error = $3"
                    " WHERE id = $1",
                    id, attempts, r.reply);
                tx.commit();
                log_error(row + " refused for good: " + r.reply);
                ++report.failed;
                return true;
            }
            const long delay = retry_delay_seconds(attempts);
            tx.exec_params(
                "UPDATE outbox SET attempts = $2, last_error = $3,"
                " next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1",
                id, attempts, r.reply, delay);
            tx.commit();
            log_warning(row + " deferred by the relay, next try in " + std::to_string(delay) +
                        "s: " + r.reply);
            ++report.retried;
            return true;
        });
        if (!more) return report;
    }
}

}  // namespace obrd
