// fault.hpp: named fault points for crash tests.
//
// When the environment variable OBRD_FAULT names a point, the process kills itself there
// with SIGKILL, as a power cut or the OOM killer would. The integration tests use this to
// prove that no moment of a cycle loses or duplicates a letter. Unset, it costs one
// getenv per call and does nothing.
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace obrd {

inline void fault_point(const char* name) {
    const char* wanted = std::getenv("OBRD_FAULT");
    if (wanted && std::strcmp(wanted, name) == 0) std::raise(SIGKILL);
}

}  // namespace obrd
