// service.cpp: see service.hpp. Every failure is logged once, with its cause, where it is
// handled here; the loop then waits (exponential backoff, capped) and tries again.
#include "daemon/service.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "daemon/decisions.hpp"
#include "daemon/imap_session.hpp"
#include "daemon/ingest.hpp"
#include "daemon/log.hpp"
#include "daemon/outbox.hpp"
#include "daemon/secret_file.hpp"
#include "daemon/smtp_session.hpp"
#include "daemon/store.hpp"
#include "daemon/watchdog.hpp"

namespace obrd {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
    stop_requested = true;
}

void install_signal_handlers() {
    struct sigaction sa = {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a dropped connection is an error code, not a death
}

// Sleeps up to `d`, waking early on a stop signal and pinging the watchdog meanwhile.
void pause_for(std::chrono::seconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!stop_requested && std::chrono::steady_clock::now() < until) {
        watchdog_ping();
        auto left = until - std::chrono::steady_clock::now();
        auto step =
            std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(200));
        if (step.count() > 0) std::this_thread::sleep_for(step);
    }
}

std::string summary(const CycleReport& r) {
    return "fetched " + std::to_string(r.fetched) + ", stored " + std::to_string(r.stored) +
           ", already stored " + std::to_string(r.already_stored) + ", oversize " +
           std::to_string(r.oversize) + ", unfetchable " + std::to_string(r.unfetchable) +
           ", marked " + std::to_string(r.marked) + " (" + std::to_string(r.bytes) + " bytes)";
}

std::string summary(const DecisionReport& r) {
    return "decided " + std::to_string(r.decided) + ": accepted " + std::to_string(r.accepted) +
           ", refused " + std::to_string(r.refused) + ", review " + std::to_string(r.review) +
           ", ignored " + std::to_string(r.ignored) + ", follow-ups " +
           std::to_string(r.follow_ups) + ", manual " + std::to_string(r.manual) + ", bounces " +
           std::to_string(r.bounces) + "; notices " + std::to_string(r.notices) + ", cards " +
           std::to_string(r.cards);
}

std::string summary(const OutboxReport& r) {
    return "sent " + std::to_string(r.sent) + ", deferred " + std::to_string(r.retried) +
           ", failed " + std::to_string(r.failed);
}

}  // namespace

int run_daemon(const Config& config, const RunOptions& options) {
    install_signal_handlers();
    std::string imap_password;
    try {
        imap_password = read_secret(config.mailbox.password_file);
    } catch (const SecretError& e) {
        log_error(std::string("[mailbox] password_file: ") + e.what());
        return kExitConfig;
    }

    std::string smtp_password;
    if (!config.smtp.password_file.empty()) {
        try {
            smtp_password = read_secret(config.smtp.password_file);
        } catch (const SecretError& e) {
            log_error(std::string("[smtp] password_file: ") + e.what());
            return kExitConfig;
        }
    }
    DecisionData data;
    try {
        data = load_decision_data(config.data);
    } catch (const ConfigError& e) {
        log_error(std::string("configuration error: ") + e.what());
        return kExitConfig;
    }
    // Said once at start: a department without staff addresses keeps its items in its
    // queue only (obrctl queue NAME), so a configuration with no departments still runs.
    std::set<std::string> departments{data.rules.settings.department_appeal,
                                      data.rules.settings.department_complaint};
    for (const auto& [name, addresses] : config.departments) departments.insert(name);
    for (const auto& name : departments) {
        auto it = config.departments.find(name);
        if (it == config.departments.end() || it->second.empty())
            log_notice("department " + name +
                       " has no address in [departments]: its items stay in its queue only");
    }

    ImapSession imap(config.mailbox, imap_password);
    SmtpSession smtp(config.smtp, smtp_password);
    std::unique_ptr<Store> store;
    bool ready_sent = false;
    auto backoff = std::chrono::seconds(5);
    const auto max_backoff =
        std::max<std::chrono::seconds>(config.mailbox.poll_interval, std::chrono::seconds(300));
    while (!stop_requested) {
        try {
            if (!store) {
                store = std::make_unique<Store>(config.database);
                int applied = store->migrate();
                if (applied > 0)
                    log_notice("applied " + std::to_string(applied) + " schema migration(s)");
            }
            if (!ready_sent) {
                sd_notify(0, "READY=1\nSTATUS=polling");
                ready_sent = true;
            }
            CycleReport report = run_cycle(config.mailbox, imap, *store);
            if (options.once || report.fetched || report.marked || report.unfetchable)
                log_info("cycle: " + summary(report));
            const auto now =
                std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            DecisionReport decided = decide_pending(*store, config, data, now);
            if (options.once || decided.decided) log_info("decisions: " + summary(decided));
            OutboxReport sent = send_due(*store, smtp);
            if (options.once || sent.sent || sent.retried || sent.failed)
                log_info("outbox: " + summary(sent));
            sd_notifyf(0, "STATUS=last cycle: %s; %s", summary(report).c_str(),
                       summary(decided).c_str());
            backoff = std::chrono::seconds(5);
            if (options.once) return 0;
            pause_for(config.mailbox.poll_interval);
        } catch (const StoreError& e) {
            log_error(std::string(e.what()));
            store.reset();  // a new connection next time; nothing uncommitted was marked
            if (options.once) return kExitTempFail;
            log_notice("database unavailable; trying again in " + std::to_string(backoff.count()) +
                       "s");
            sd_notifyf(0, "STATUS=database unavailable: %s", e.what());
            pause_for(backoff);
            backoff = std::min(backoff * 2, max_backoff);
        } catch (const RelayError& e) {
            log_error(std::string(e.what()));
            if (options.once) return kExitTempFail;
            log_notice("SMTP relay unavailable; trying again in " +
                       std::to_string(backoff.count()) + "s");
            sd_notifyf(0, "STATUS=SMTP relay unavailable: %s", e.what());
            pause_for(backoff);
            backoff = std::min(backoff * 2, max_backoff);
        } catch (const ImapError& e) {
            log_error(std::string(e.what()));
            imap.disconnect();
            if (options.once) return kExitTempFail;
            log_notice("mailbox unavailable; trying again in " + std::to_string(backoff.count()) +
                       "s");
            sd_notifyf(0, "STATUS=mailbox unavailable: %s", e.what());
            pause_for(backoff);
            backoff = std::min(backoff * 2, max_backoff);
        }
    }
    sd_notify(0, "STOPPING=1");
    log_notice("stopping on signal");
    return 0;
}

}  // namespace obrd
