// log.hpp: one line per event on stderr, which systemd's journal collects.
//
// Under systemd (JOURNAL_STREAM set) each line carries the sd-daemon "<N>" priority
// prefix so that journalctl -p works; on a terminal it carries a readable level word.
// Callers log every failure once, with its cause; secrets are never passed here.
#pragma once

#include <string_view>

namespace obrd {

enum class LogLevel { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

void log_line(LogLevel level, std::string_view message);
void set_log_verbose(bool verbose);  // debug lines are dropped unless verbose

inline void log_error(std::string_view m) {
    log_line(LogLevel::error, m);
}
inline void log_warning(std::string_view m) {
    log_line(LogLevel::warning, m);
}
inline void log_notice(std::string_view m) {
    log_line(LogLevel::notice, m);
}
inline void log_info(std::string_view m) {
    log_line(LogLevel::info, m);
}
inline void log_debug(std::string_view m) {
    log_line(LogLevel::debug, m);
}

}  // namespace obrd
