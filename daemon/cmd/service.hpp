// service.hpp: obrd's life as a process: start-up checks, the three stage threads, signals,
// reload, and systemd notification (sd_notify: READY, RELOADING, STATUS, WATCHDOG,
// STOPPING).
//
// Signals are taken synchronously by the main thread (sigtimedwait; every thread has them
// blocked): SIGTERM and SIGINT stop the stages after the letter or row in hand; SIGHUP
// reloads the configuration file (with the same --set overrides), the passwords it names
// and the decision data, all parsed first: an invalid new set is refused with a log line
// naming [section] key or file:line, and the set in force stays. The watchdog is fed only
// while every stage shows a heartbeat younger than half of WatchdogSec, so a stage stuck
// for good gets the service restarted.
#pragma once

#include <string>
#include <vector>

#include "daemon/config.hpp"

namespace obrd {

inline constexpr int kExitTempFail = 75;  // EX_TEMPFAIL: a server was unreachable
inline constexpr int kExitSoftware = 70;  // EX_SOFTWARE: an unexpected internal error

struct RunOptions {
    bool once = false;                   // one fetch, decide and send pass, then exit
    std::vector<std::string> overrides;  // the --set options, applied again on reload
};

// Runs the daemon until SIGTERM/SIGINT (or one pass with `once`). Returns the exit status.
int run_daemon(const Config& config, const RunOptions& options);

}  // namespace obrd
