// watchdog.hpp: keeps systemd's watchdog (WatchdogSec=) fed during long work.
//
// watchdog_ping() may be called as often as wanted (once per fetched letter, say); it
// sends WATCHDOG=1 at most once a second. Outside systemd it does nothing.
#pragma once

namespace obrd {

void watchdog_ping();

}  // namespace obrd
