// service.cpp: see service.hpp.
#include "daemon/cmd/service.hpp"

#include <malloc.h>
#include <sys/eventfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <set>
#include <thread>

#include "daemon/cmd/runtime.hpp"
#include "daemon/cmd/stage_loops.hpp"
#include "daemon/fault.hpp"
#include "daemon/log.hpp"
#include "daemon/net/curl.hpp"
#include "daemon/net/imap_session.hpp"
#include "daemon/net/smtp_session.hpp"
#include "daemon/secret_file.hpp"
#include "daemon/staff_mail.hpp"
#include "daemon/stages/decide.hpp"
#include "daemon/stages/fetch.hpp"
#include "daemon/stages/send.hpp"
#include "daemon/store/mailbox_lock.hpp"
#include "daemon/store/store.hpp"
#include "notices/calendar.hpp"
#include "notices/compose.hpp"

namespace obrd {
namespace {

using Clock = std::chrono::steady_clock;

sigset_t service_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    return set;
}

// Said at start and at each reload: a department without staff addresses keeps its items
// in its queue only (obrctl queue NAME), so a configuration with no departments still
// runs; and staff mail is trusted on its From alone while [mailbox] authserv_id is unset.
void report_departments(const Runtime& rt) {
    std::set<std::string> departments{rt.data.rules.settings.department_appeal,
                                      rt.data.rules.settings.department_complaint};
    for (const auto& [name, addresses] : rt.config.departments) departments.insert(name);
    for (const auto& name : departments) {
        auto it = rt.config.departments.find(name);
        if (it == rt.config.departments.end() || it->second.empty())
            log_notice("department " + name +
                       " has no address in [departments]: its items stay in its queue only");
    }
    if (rt.config.mailbox.authserv_id.empty() && !rt.config.departments.empty())
        log_notice(
            "[mailbox] authserv_id is not set: a letter from a staff address is taken for staff "
            "mail by its From alone (set it to the receiving server's authserv-id to require "
            "its Authentication-Results)");
}

// Said once at start and at each reload: a year a deadline set now could fall in (the next
// 60 days: 30 days and their extension's notice) whose transfers no decree confirms yet.
void report_calendar(const Runtime& rt) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const Date today{std::chrono::floor<std::chrono::days>(now + kSakhalinOffset)};
    for (int year : provisional_years(rt.data.calendar, today, 60))
        log_warning(rt.data.calendar.name() + ": " + std::to_string(year) +
                    " has no decree line: its deadlines are provisional (the Government's"
                    " transfers of days off are not in the calendar); add the year from the"
                    " decree");
}

// One pass of each stage in turn, for --once: each its own failure domain here too.
int run_once(const Runtime& rt) {
    std::unique_ptr<Store> store;
    try {
        store = std::make_unique<Store>(rt.config.database);
        if (int applied = store->migrate(); applied > 0)
            log_notice("applied " + std::to_string(applied) + " schema migration(s)");
    } catch (const StoreError& e) {
        log_error(e.what());
        return kExitTempFail;
    }
    bool unreachable = false;
    try {
        ImapSession imap(rt.config.mailbox, rt.imap_password);
        MailboxLock lock(rt.config.database, rt.config.mailbox.mailbox);
        const CycleReport report = run_cycle(rt.config.mailbox, imap, *store, lock);
        if (!report.polled)
            log_info("mailbox " + rt.config.mailbox.mailbox +
                     " is polled by another instance: not fetched");
        log_info("cycle: " + summary(report));
    } catch (const ImapError& e) {
        log_error("mailbox unavailable: " + std::string(e.what()));
        unreachable = true;
    } catch (const StoreError& e) {
        log_error(e.what());
        return kExitTempFail;
    }
    fault_point("before-deciding");
    try {
        const DecideHooks hooks{
            [] {
                return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            },
            {},
            {}};
        log_info("decisions: " + summary(decide_pending(*store, rt.config, rt.data, hooks)));
        staff_mail_tasks(*store, rt.config, rt.data, hooks.now());
        SmtpSession smtp(rt.config.smtp, rt.smtp_password);
        log_info("outbox: " + summary(send_due(*store, smtp, outbox_lease(rt.config.smtp))));
    } catch (const RelayError& e) {
        log_error(e.what());
        unreachable = true;
    } catch (const StoreError& e) {
        log_error(e.what());
        return kExitTempFail;
    }
    return unreachable ? kExitTempFail : 0;
}

// Connects and migrates, retrying with backoff until it works or a stop signal comes.
// False when stopped first.
bool wait_for_database(const DatabaseSettings& db, const sigset_t& signals) {
    auto backoff = std::chrono::seconds(2);
    std::string logged;
    for (;;) {
        try {
            Store store(db);
            if (int applied = store.migrate(); applied > 0)
                log_notice("applied " + std::to_string(applied) + " schema migration(s)");
            if (!logged.empty()) log_notice("database reachable again");
            return true;
        } catch (const StoreError& e) {
            if (logged != e.what())
                log_error(std::string(e.what()) + "; trying again, at most every 5 min");
            logged = e.what();
            sd_notifyf(0, "STATUS=database unavailable: %s", e.what());
        }
        const auto until = Clock::now() + backoff;
        while (Clock::now() < until) {
            sd_notify(0, "WATCHDOG=1");
            timespec one{1, 0};
            const int sig = sigtimedwait(&signals, nullptr, &one);
            if (sig == SIGTERM || sig == SIGINT) return false;
        }
        backoff = std::min(backoff * 2, std::chrono::seconds(300));
    }
}

// SIGHUP: the whole new set, or nothing.
void reload(ServiceShared& shared, const Config& running, const RunOptions& options) {
    sd_notify(0, "RELOADING=1");
    const auto current = shared.runtime();
    try {
        const Config next = load_config(running.path, options.overrides);
        auto rt = load_runtime(next, current->generation + 1);
        if (next.database.dsn != current->config.database.dsn ||
            next.database.password_file != current->config.database.password_file) {
            Store store(next.database);  // the new database must be reachable and current
            store.migrate();
        }
        shared.publish(rt);
        log_notice("reloaded " + running.path.string() + ", the passwords and the data files");
        report_departments(*rt);
        report_calendar(*rt);
    } catch (const std::exception& e) {
        log_error(std::string("reload refused, the configuration in force stays: ") + e.what());
    }
    sd_notify(0, "READY=1");
}

}  // namespace

int run_daemon(const Config& config, const RunOptions& options) {
    signal(SIGPIPE, SIG_IGN);  // a dropped connection is an error code, not a death
    // Big buffers (letters, cards) are mmapped and given back when freed, instead of
    // staying in a thread's heap arena: peak memory stays near one letter's copies.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    std::shared_ptr<const Runtime> rt;
    try {
        rt = load_runtime(config, 1);
    } catch (const std::exception& e) {
        log_error(std::string("configuration error: ") + e.what());
        return kExitConfig;
    }
    try {
        curl_global_once();
    } catch (const CurlSetupError& e) {
        log_error(e.what());
        return kExitSoftware;
    }
    report_departments(*rt);
    report_calendar(*rt);
    if (options.once) return run_once(*rt);

    // Every thread started below inherits the mask: signals reach only sigtimedwait here.
    const sigset_t signals = service_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    if (!wait_for_database(config.database, signals)) {
        log_notice("stopping on signal");
        return 0;
    }

    ServiceShared shared;
    shared.interrupt_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (shared.interrupt_fd < 0) {
        log_error(std::string("eventfd: ") + std::strerror(errno));
        return kExitSoftware;
    }
    shared.publish(rt);
    std::thread fetch([&] { run_fetch_stage(shared); });
    std::thread decide([&] { run_decide_stage(shared); });
    std::thread send([&] { run_send_stage(shared); });
    sd_notify(0, "READY=1\nSTATUS=starting");
    log_notice("obrd started: fetch, decide and send running");

    std::uint64_t watchdog_usec = 0;
    const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0;
    const auto stall_limit = std::chrono::microseconds(watchdog_usec / 2);
    std::string status, stalled_logged;
    while (!shared.stopping) {
        timespec one{1, 0};
        const int sig = sigtimedwait(&signals, nullptr, &one);
        if (sig == SIGTERM || sig == SIGINT) {
            log_notice(std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                       ": finishing the letter in hand");
            sd_notify(0, "STOPPING=1");
            shared.stopping = true;
            break;
        }
        if (sig == SIGHUP) reload(shared, config, options);
        if (watchdog) {
            const std::string stalled = shared.board.stalled(stall_limit);
            if (stalled.empty()) {
                sd_notify(0, "WATCHDOG=1");
            } else if (stalled != stalled_logged) {
                log_error("no progress from stage(s) " + stalled + " for over " +
                          std::to_string(watchdog_usec / 2000000) +
                          " s: no longer feeding the watchdog, systemd will restart obrd");
            }
            stalled_logged = stalled;
        }
        if (const std::string now = shared.board.line(); now != status) {
            status = now;
            sd_notifyf(0, "STATUS=%s", status.c_str());
        }
    }
    shared.interrupt();
    shared.decide_work.notify_all_waiters();
    shared.send_work.notify_all_waiters();
    fetch.join();
    decide.join();
    send.join();
    ::close(shared.interrupt_fd);
    log_notice("stopped");
    return 0;
}

}  // namespace obrd
