// watchdog.cpp: see watchdog.hpp.
#include "daemon/watchdog.hpp"

#include <systemd/sd-daemon.h>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace obrd {

void watchdog_ping() {
    static std::atomic<std::int64_t> last_ms{0};
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    auto before = last_ms.load();
    if (now - before < 1000) return;
    if (!last_ms.compare_exchange_strong(before, now)) return;
    sd_notify(0, "WATCHDOG=1");
}

}  // namespace obrd
