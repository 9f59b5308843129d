// stage_loops.cpp: see stage_loops.hpp.
#include "daemon/cmd/stage_loops.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <thread>

#include "daemon/log.hpp"
#include "daemon/net/imap_idle.hpp"
#include "daemon/net/imap_session.hpp"
#include "daemon/net/smtp_session.hpp"
#include "daemon/staff_mail.hpp"
#include "daemon/stages/decide.hpp"
#include "daemon/stages/fetch.hpp"
#include "daemon/stages/send.hpp"
#include "daemon/store/mailbox_lock.hpp"
#include "daemon/store/store.hpp"

namespace obrd {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

void Wakeup::notify() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    cv_.notify_one();
}

void Wakeup::notify_all_waiters() {
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    cv_.notify_all();
}

bool Wakeup::wait(milliseconds limit, const std::atomic<bool>& stop) {
    std::unique_lock lock(mutex_);
    const bool woken = cv_.wait_for(lock, limit, [&] { return pending_ || stop.load(); });
    pending_ = false;
    return woken;
}

void StatusBoard::set(const std::string& stage, const std::string& status) {
    std::lock_guard lock(mutex_);
    status_[stage] = status;
}

void StatusBoard::beat(const std::string& stage) {
    std::lock_guard lock(mutex_);
    beats_[stage] = Clock::now();
}

std::string StatusBoard::line() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const char* stage : {"fetch", "decide", "send"}) {
        auto it = status_.find(stage);
        if (it == status_.end()) continue;
        out += (out.empty() ? "" : "; ") + std::string(stage) + ": " + it->second;
    }
    return out;
}

std::string StatusBoard::stalled(Clock::duration limit) const {
    std::lock_guard lock(mutex_);
    std::string out;
    const auto now = Clock::now();
    for (const auto& [stage, at] : beats_)
        if (now - at > limit) out += (out.empty() ? "" : ", ") + stage;
    return out;
}

std::shared_ptr<const Runtime> ServiceShared::runtime() const {
    std::lock_guard lock(mutex_);
    return runtime_;
}

void ServiceShared::publish(std::shared_ptr<const Runtime> next) {
    {
        std::lock_guard lock(mutex_);
        runtime_ = std::move(next);
    }
    interrupt();
    decide_work.notify();
    send_work.notify();
}

void ServiceShared::interrupt() {
    const std::uint64_t one = 1;
    if (interrupt_fd >= 0 && ::write(interrupt_fd, &one, sizeof one) < 0) {
        // Already signalled (the counter is full) or closed: either way it wakes.
    }
}

namespace {

constexpr seconds kFirstBackoff{2};
constexpr seconds kMaxBackoff{300};
// How often the decide and send stages look on their own: letters stored and rows written
// by another instance, retries that fall due.
constexpr milliseconds kOwnPass{5000};
// How often the decide stage looks for reminders due and the daily digest.
constexpr seconds kStaffMailTasks{60};
// After the IDLE connection failed, the mailbox is polled for this long before IDLE is
// tried again.
constexpr seconds kIdleRetry{30};
constexpr std::chrono::minutes kIdleRestart{25};

std::string clock_time() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%H:%M:%SZ", &tm);
    return buf;
}

// A stage's failures: backoff, and each cause logged once.
class Failures {
  public:
    explicit Failures(std::string stage) : stage_(std::move(stage)) {}

    // Records a failure; returns how long to wait before trying again.
    seconds failed(const std::string& cause) {
        if (count_++ == 0) since_ = Clock::now();
        const seconds wait = backoff_;
        if (cause != logged_) {
            log_error(stage_ + ": " + cause + "; trying again in " + std::to_string(wait.count()) +
                      " s, then less often (at most every " + std::to_string(kMaxBackoff.count()) +
                      " s) until it works");
            logged_ = cause;
        }
        backoff_ = std::min(backoff_ * 2, kMaxBackoff);
        return wait;
    }

    void succeeded() {
        if (count_ > 0)
            log_notice(
                stage_ + ": working again after " + std::to_string(count_) +
                " failed attempt(s) over " +
                std::to_string(std::chrono::duration_cast<seconds>(Clock::now() - since_).count()) +
                " s");
        count_ = 0;
        backoff_ = kFirstBackoff;
        logged_.clear();
    }

  private:
    std::string stage_;
    int count_ = 0;
    seconds backoff_ = kFirstBackoff;
    Clock::time_point since_;
    std::string logged_;
};

// Sleeps up to `limit` in steps of at most a second (beating), waking early on stop or
// on the interrupt fd. Returns true when the interrupt fd woke it (and clears it).
bool sleep_fetch(ServiceShared& shared, milliseconds limit) {
    const auto until = Clock::now() + limit;
    while (!shared.stopping) {
        shared.board.beat("fetch");
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{shared.interrupt_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000))) > 0) {
            std::uint64_t n;
            if (::read(shared.interrupt_fd, &n, sizeof n) < 0) {
                // Another reader took it: the wake-up happened all the same.
            }
            return true;
        }
    }
    return true;
}

void drain_interrupt(ServiceShared& shared) {
    pollfd p{shared.interrupt_fd, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) {
        std::uint64_t n;
        if (::read(shared.interrupt_fd, &n, sizeof n) < 0) {
            // Nothing to clear.
        }
    }
}

// Waits for work up to `limit`, beating once a second.
void wait_for_work(ServiceShared& shared, Wakeup& wakeup, const std::string& stage,
                   milliseconds limit) {
    const auto until = Clock::now() + limit;
    while (!shared.stopping) {
        shared.board.beat(stage);
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
        if (left.count() <= 0) return;
        if (wakeup.wait(std::min(left, milliseconds(1000)), shared.stopping)) return;
    }
}

// A backoff: new work does not cut it short (the server is down), a stop or a reload does.
void back_off(ServiceShared& shared, const std::string& stage, seconds wait, int generation) {
    const auto until = Clock::now() + wait;
    while (!shared.stopping && Clock::now() < until && shared.runtime()->generation == generation) {
        shared.board.beat(stage);
        std::this_thread::sleep_for(
            std::min<Clock::duration>(until - Clock::now(), milliseconds(500)));
    }
}

// A stage's pass failed on the database (or, a bug, on anything else): say so once, show it
// in the status line, back off.
void retry_later(ServiceShared& shared, Failures& failures, const std::string& stage,
                 const std::exception& e, int generation) {
    const bool database = dynamic_cast<const StoreError*>(&e) != nullptr;
    const seconds wait = failures.failed(
        (database ? "database unavailable: " : "internal error: ") + std::string(e.what()));
    shared.board.set(stage, "retrying in " + std::to_string(wait.count()) + " s: " + e.what());
    back_off(shared, stage, wait, generation);
}

}  // namespace

void run_fetch_stage(ServiceShared& shared) {
    Failures failures("fetch");
    auto rt = shared.runtime();
    std::unique_ptr<Store> store;
    std::unique_ptr<MailboxLock> lock;
    std::unique_ptr<ImapSession> imap;
    std::unique_ptr<ImapIdle> idle;
    bool poller = true;  // as last said in the log
    std::uint64_t known_uidnext = 0;
    bool idle_unsupported = false;
    std::string idle_problem;  // logged once until IDLE works again
    Clock::time_point idle_retry_at{};
    const auto beat = [&] { shared.board.beat("fetch"); };
    const FetchHooks hooks{[&] { return !shared.stopping.load(); }, beat};
    std::string last_result = "starting";
    while (!shared.stopping) {
        if (auto now = shared.runtime(); now->generation != rt->generation) {
            rt = now;
            store.reset();
            lock.reset();
            imap.reset();
            idle.reset();
            idle_unsupported = false;
        }
        const MailboxSettings& mailbox = rt->config.mailbox;
        // One full check.
        try {
            if (!store) store = std::make_unique<Store>(rt->config.database);
            if (!lock) lock = std::make_unique<MailboxLock>(rt->config.database, mailbox.mailbox);
            if (!imap) imap = std::make_unique<ImapSession>(mailbox, rt->imap_password);
            shared.board.set("fetch", "checking the mailbox");
            const CycleReport report =
                run_cycle(mailbox, *imap, *store, *lock, IngestTuning{}, hooks);
            failures.succeeded();
            if (report.polled != poller)
                log_notice(report.polled
                               ? "fetch: this instance polls mailbox " + mailbox.mailbox
                               : "fetch: another instance polls mailbox " + mailbox.mailbox +
                                     "; this one takes over if it stops");
            poller = report.polled;
            if (!report.polled) {
                // Not the poller: no IDLE; try for the lock again at the poll interval.
                idle.reset();
                imap->disconnect();
                shared.board.set("fetch", "another instance polls the mailbox");
                sleep_fetch(shared, mailbox.poll_interval);
                continue;
            }
            known_uidnext = report.uidnext;
            if (report.stored || report.already_stored || report.unfetchable)
                shared.decide_work.notify();
            if (report.fetched || report.marked || report.unfetchable)
                log_info("cycle: " + summary(report));
            if (report.fetched || report.marked)
                last_result = summary(report) + " at " + clock_time();
        } catch (const StoreError& e) {
            store.reset();
            lock.reset();
            const seconds wait = failures.failed("database unavailable: " + std::string(e.what()));
            shared.board.set("fetch", "database unavailable, retrying in " +
                                          std::to_string(wait.count()) + " s: " + e.what());
            sleep_fetch(shared, wait);
            continue;
        } catch (const ImapError& e) {
            imap->disconnect();
            const seconds wait = failures.failed("mailbox unavailable: " + std::string(e.what()));
            shared.board.set("fetch", "mailbox unavailable, retrying in " +
                                          std::to_string(wait.count()) + " s: " + e.what());
            sleep_fetch(shared, wait);
            continue;
        } catch (const std::exception& e) {
            store.reset();
            imap.reset();
            const seconds wait = failures.failed("internal error: " + std::string(e.what()));
            sleep_fetch(shared, wait);
            continue;
        }
        if (shared.stopping) break;

        // Wait for new mail: IDLE where offered, else the poll interval.
        const bool use_idle = mailbox.idle && !idle_unsupported && Clock::now() >= idle_retry_at;
        if (!use_idle) {
            shared.board.set("fetch", "polling every " +
                                          std::to_string(mailbox.poll_interval.count()) +
                                          " s; last: " + last_result);
            sleep_fetch(shared, mailbox.poll_interval);
            continue;
        }
        if (!idle) idle = std::make_unique<ImapIdle>(mailbox, rt->imap_password);
        shared.board.set("fetch", "waiting for new mail (IDLE); last: " + last_result);
        // RFC 2177: IDLE is re-issued at least every 29 minutes (servers log out an idle
        // client after 30), whatever poll_interval says.
        const ImapIdle::Wake wake =
            idle->wait(std::min<milliseconds>(mailbox.idle_poll_interval, kIdleRestart),
                       known_uidnext, shared.interrupt_fd, beat);
        switch (wake) {
            case ImapIdle::Wake::activity:
            case ImapIdle::Wake::timeout:
                if (!idle_problem.empty()) log_notice("fetch: IMAP IDLE works again");
                idle_problem.clear();
                break;
            case ImapIdle::Wake::interrupted:
                drain_interrupt(shared);
                break;
            case ImapIdle::Wake::unsupported:
                idle_unsupported = true;
                log_notice("fetch: " + idle->last_error() + ": checking the mailbox every " +
                           std::to_string(mailbox.poll_interval.count()) + " s instead");
                break;
            case ImapIdle::Wake::failed:
                idle_retry_at = Clock::now() + kIdleRetry;
                if (idle->last_error() != idle_problem)
                    log_warning("fetch: IMAP IDLE: " + idle->last_error() +
                                "; checking the mailbox every " +
                                std::to_string(mailbox.poll_interval.count()) +
                                " s until IDLE works again");
                idle_problem = idle->last_error();
                sleep_fetch(shared, mailbox.poll_interval);
                break;
        }
    }
    shared.board.set("fetch", "stopped");
}

void run_decide_stage(ServiceShared& shared) {
    Failures failures("decide");
    auto rt = shared.runtime();
    std::unique_ptr<Store> store;
    DecisionReport total;
    auto next_tasks = Clock::now();
    const DecideHooks hooks{
        [] { return std::chrono::floor<seconds>(std::chrono::system_clock::now()); },
        [&] { return !shared.stopping.load(); }, [&] { shared.board.beat("decide"); }};
    while (!shared.stopping) {
        if (auto now = shared.runtime(); now->generation != rt->generation) {
            if (now->config.database.dsn != rt->config.database.dsn ||
                now->config.database.password_file != rt->config.database.password_file)
                store.reset();
            rt = now;
        }
        try {
            if (!store) store = std::make_unique<Store>(rt->config.database);
            const DecisionReport r = decide_pending(*store, rt->config, rt->data, hooks);
            if (Clock::now() >= next_tasks) {
                if (staff_mail_tasks(*store, rt->config, rt->data, hooks.now()) > 0)
                    shared.send_work.notify();
                next_tasks = Clock::now() + kStaffMailTasks;
            }
            failures.succeeded();
            if (r.decided || r.failed_attempts) {
                log_info("decisions: " + summary(r));
                total += r;
            }
            if (r.notices || r.cards) shared.send_work.notify();
            shared.board.set("decide", "decided " + std::to_string(total.decided) +
                                           " since start (accepted " +
                                           std::to_string(total.accepted) + ", refused " +
                                           std::to_string(total.refused) + ", manual " +
                                           std::to_string(total.manual) + ")");
        } catch (const std::exception& e) {
            store.reset();
            retry_later(shared, failures, "decide", e, rt->generation);
            continue;
        }
        wait_for_work(shared, shared.decide_work, "decide", kOwnPass);
    }
    shared.board.set("decide", "stopped");
}

void run_send_stage(ServiceShared& shared) {
    Failures failures("send");
    auto rt = shared.runtime();
    std::unique_ptr<Store> store;
    std::unique_ptr<SmtpSession> smtp;
    OutboxReport total;
    const SendHooks hooks{[&] { return !shared.stopping.load(); },
                          [&] { shared.board.beat("send"); }};
    while (!shared.stopping) {
        if (auto now = shared.runtime(); now->generation != rt->generation) {
            rt = now;
            store.reset();
            smtp.reset();
        }
        try {
            if (!store) store = std::make_unique<Store>(rt->config.database);
            if (!smtp) smtp = std::make_unique<SmtpSession>(rt->config.smtp, rt->smtp_password);
            const OutboxReport r = send_due(*store, *smtp, outbox_lease(rt->config.smtp), hooks);
            failures.succeeded();
            if (r.sent || r.retried || r.failed) log_info("outbox: " + summary(r));
            total.sent += r.sent;
            total.retried += r.retried;
            total.failed += r.failed;
            shared.board.set("send", "sent " + std::to_string(total.sent) + " since start" +
                                         (total.failed ? ", refused " + std::to_string(total.failed)
                                                       : std::string()));
        } catch (const RelayError& e) {
            smtp.reset();
            const seconds wait = failures.failed(e.what());
            shared.board.set("send", "SMTP relay unavailable, retrying in " +
                                         std::to_string(wait.count()) + " s: " + e.what());
            back_off(shared, "send", wait, rt->generation);
            continue;
        } catch (const std::exception& e) {
            store.reset();
            retry_later(shared, failures, "send", e, rt->generation);
            continue;
        }
        wait_for_work(shared, shared.send_work, "send", kOwnPass);
    }
    shared.board.set("send", "stopped");
}

}  // namespace obrd
