// fault.hpp: named fault points for crash tests.
//
// When the environment variable OBRD_FAULT names a point, the process kills itself there
// with SIGKILL, as a power cut or the OOM killer would. With OBRD_FAULT_MATCH set too, a
// point that is given the data in hand fires only when that data contains the text (one
// letter among many). The integration tests use this to prove that no moment of a cycle
// loses or duplicates a letter or a notice. Unset, it costs one getenv per call and does
// nothing.
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace obrd {

inline void fault_point(const char* name, std::string_view data = {}) {
    const char* wanted = std::getenv("OBRD_FAULT");
    if (!wanted || std::strcmp(wanted, name) != 0) return;
    const char* match = std::getenv("OBRD_FAULT_MATCH");
    if (match && *match && data.find(match) == std::string_view::npos) return;
    std::raise(SIGKILL);
}

}  // namespace obrd
