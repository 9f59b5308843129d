// runtime.cpp: see runtime.hpp.
#include "daemon/cmd/runtime.hpp"

#include "daemon/secret_file.hpp"

namespace obrd {

std::shared_ptr<const Runtime> load_runtime(const Config& config, int generation) {
    auto rt = std::make_shared<Runtime>();
    rt->generation = generation;
    rt->config = config;
    try {
        rt->imap_password = read_secret(config.mailbox.password_file);
    } catch (const SecretError& e) {
        throw SecretError(std::string("[mailbox] password_file: ") + e.what());
    }
    if (!config.smtp.password_file.empty()) {
        try {
            rt->smtp_password = read_secret(config.smtp.password_file);
        } catch (const SecretError& e) {
            throw SecretError(std::string("[smtp] password_file: ") + e.what());
        }
    }
    if (!config.database.password_file.empty()) {
        try {
            read_secret(config.database.password_file);  // read again at each connection
        } catch (const SecretError& e) {
            throw SecretError(std::string("[database] password_file: ") + e.what());
        }
    }
    rt->data = load_decision_data(config.data);
    return rt;
}

}  // namespace obrd
