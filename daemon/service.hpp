// service.hpp: obrd's life as a process: start-up checks, the poll loop with backoff,
// signals, and systemd notification (sd_notify: READY, STATUS, WATCHDOG, STOPPING).
#pragma once

#include "daemon/config.hpp"

namespace obrd {

inline constexpr int kExitTempFail = 75;  // EX_TEMPFAIL: a server was unreachable
inline constexpr int kExitSoftware = 70;  // EX_SOFTWARE: an unexpected internal error

struct RunOptions {
    bool once = false;  // one full cycle, then exit
};

// Runs the daemon until SIGTERM/SIGINT (or one cycle with `once`). Returns the exit status.
int run_daemon(const Config& config, const RunOptions& options);

}  // namespace obrd
