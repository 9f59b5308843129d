// send.cpp: see send.hpp.
#include "daemon/stages/send.hpp"

#include "daemon/fault.hpp"
#include "daemon/log.hpp"

namespace obrd {

long retry_delay_seconds(int attempts) {
    long delay = 60;
    for (int i = 1; i < attempts && delay < 6 * 3600; ++i) delay *= 2;
    return std::min(delay, 6L * 3600);
}

std::chrono::seconds outbox_lease(const SmtpSettings& smtp) {
    return 3 * smtp.timeout;
}

std::string summary(const OutboxReport& r) {
    return "sent " + std::to_string(r.sent) + ", deferred " + std::to_string(r.retried) +
           ", failed " + std::to_string(r.failed) +
           (r.resent ? ", sent again after an expired lease " + std::to_string(r.resent)
                     : std::string());
}

OutboxReport send_due(Store& store, SmtpSession& smtp, std::chrono::seconds lease,
                      const SendHooks& hooks) {
    OutboxReport report;
    smtp.on_progress(hooks.beat);
    for (;;) {
        if (hooks.keep_going && !hooks.keep_going()) return report;
        if (hooks.beat) hooks.beat();
        const std::optional<OutboxClaim> row = store.claim_outbox_row(lease);
        if (!row) return report;
        const std::string what = "outbox #" + std::to_string(row->id) + " (" + row->purpose +
                                 " to " + row->recipient + ")";
        if (row->resend) {
            ++report.resent;
            log_warning(what +
                        ": its sender stopped before recording the result; sending it "
                        "again with the same Message-ID <" +
                        row->message_id + ">");
        }
        const SmtpResult r = smtp.send(row->recipient, row->message);
        fault_point("after-send");
        if (r.outcome == SmtpResult::Outcome::sent) {
            store.outbox_sent(row->id);
            ++report.sent;
            continue;
        }
        if (r.connection) {
            // The relay, not this row: release it as it was and stop the pass.
            store.outbox_released(row->id, r.reply);
            throw RelayError("SMTP relay unavailable while sending " + what + ": " + r.reply);
        }
        if (r.outcome == SmtpResult::Outcome::failed) {
            store.outbox_failed(row->id, r.reply);
            log_error(what + " refused for good: " + r.reply);
            ++report.failed;
            continue;
        }
        const long delay = retry_delay_seconds(row->attempts);
        store.outbox_deferred(row->id, r.reply, delay);
        log_warning(what + " deferred by the relay, next try in " + std::to_string(delay) +
                    "s: " + r.reply);
        ++report.retried;
    }
}

}  // namespace obrd
