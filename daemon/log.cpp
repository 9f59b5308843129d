// log.cpp: see log.hpp. Writes whole lines with one write(2) so that lines from
// several threads never interleave.
#include "daemon/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace obrd {
namespace {

std::atomic<bool> verbose{false};

bool journal_attached() {
    static const bool attached = std::getenv("JOURNAL_STREAM") != nullptr;
    return attached;
}

const char* level_word(LogLevel level) {
    switch (level) {
        case LogLevel::error:
            return "error";
        case LogLevel::warning:
            return "warning";
        case LogLevel::notice:
            return "notice";
        case LogLevel::info:
            return "info";
        case LogLevel::debug:
            return "debug";
    }
    return "info";
}

}  // namespace

void set_log_verbose(bool v) {
    verbose = v;
}

void log_line(LogLevel level, std::string_view message) {
    if (level == LogLevel::debug && !verbose) return;
    std::string line;
    line.reserve(message.size() + 16);
    if (journal_attached()) {
        line += '<';
        line += char('0' + static_cast<int>(level));
        line += '>';
    } else {
        line += "obrd: ";
        line += level_word(level);
        line += ": ";
    }
    // A message never spans lines: a CR or LF from outside data must not forge a log line.
    for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
    line += '\n';
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, p, left);
        if (n <= 0) return;  // nowhere left to report a failing stderr
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace obrd
