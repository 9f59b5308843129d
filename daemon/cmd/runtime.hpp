// runtime.hpp: one generation of everything obrd runs on -- the configuration, the
// passwords it names and the decision data -- loaded and checked as a whole.
//
// Promises: load_runtime() either returns a complete, checked set or throws (ConfigError
// naming [section] key or file:line, SecretError naming the file), so that at start-up
// and on SIGHUP nothing half-loaded is ever used. A Runtime never changes once made: the
// stages hold a shared_ptr to the generation they started a pass with.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/decision_data.hpp"

namespace obrd {

struct Runtime {
    int generation = 0;  // 1 at start, +1 per successful reload
    Config config;
    std::string imap_password;
    std::string smtp_password;  // empty without [smtp] user
    DecisionData data;
};

// Reads the passwords and data files `config` names.
std::shared_ptr<const Runtime> load_runtime(const Config& config, int generation);

}  // namespace obrd
