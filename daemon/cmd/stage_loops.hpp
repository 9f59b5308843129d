// stage_loops.hpp: the three stages of the pipeline as long-running threads -- fetch
// (IMAP -> store), decide (store -> rules -> store) and send (outbox -> SMTP) -- and what
// they share with the supervisor (service.cpp).
//
// Promises: each stage is its own failure domain: its own database connection and server
// session, its own backoff (2 s doubling to 5 min), its own status line, and its failures
// logged once per cause (again when the cause changes, and once on recovery). A mailbox
// outage does not stop deciding or sending; a relay outage does not stop fetching; a
// database outage pauses each stage until it is back, and loses nothing (every stage works
// from committed state). A stage checks for a stop between letters and rows, so SIGTERM
// finishes the letter in hand. A stage picks up a new Runtime (SIGHUP) at its next pass
// and rebuilds its connections from it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "daemon/cmd/runtime.hpp"

namespace obrd {

// "There may be work": a flag with a condition variable.
class Wakeup {
  public:
    void notify();
    // Waits until notified, `limit` passes or `stop` is set; clears the flag. True when
    // notified (or stopping), false when `limit` passed.
    bool wait(std::chrono::milliseconds limit, const std::atomic<bool>& stop);
    void notify_all_waiters();  // for stopping

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool pending_ = false;
};

// Each stage's status line and heartbeat, for systemd (STATUS=, WATCHDOG=1).
class StatusBoard {
  public:
    void set(const std::string& stage, const std::string& status);
    void beat(const std::string& stage);
    std::string line() const;  // "fetch: ...; decide: ...; send: ..."
    // The stages whose last heartbeat is older than `limit`.
    std::string stalled(std::chrono::steady_clock::duration limit) const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> status_;
    std::map<std::string, std::chrono::steady_clock::time_point> beats_;
};

struct ServiceShared {
    std::atomic<bool> stopping{false};
    int interrupt_fd = -1;  // an eventfd: wakes the fetch stage's IDLE wait (stop, reload)
    Wakeup decide_work, send_work;
    StatusBoard board;

    std::shared_ptr<const Runtime> runtime() const;
    void publish(std::shared_ptr<const Runtime> next);
    void interrupt();  // writes interrupt_fd

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Runtime> runtime_;
};

void run_fetch_stage(ServiceShared& shared);
void run_decide_stage(ServiceShared& shared);
void run_send_stage(ServiceShared& shared);

}  // namespace obrd
