// obrd_main.cpp: the obrd daemon's command line.
//
//   obrd [--config FILE] [--set section.key=value]... [--credentials-dir DIR]
//        [--check-config | --once] [--verbose]
//   obrd --version
//
// Without --once obrd runs as a service (cmd/service.hpp): SIGHUP reloads the file, with the
// same --set overrides; SIGTERM stops it after the letter in hand.
// Exit status: 0 done; 78 bad configuration; 75 a server was unreachable (--once);
// 70 an unexpected internal error. Passwords are never options: only the files that hold
// them are settings.
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "daemon/cmd/runtime.hpp"
#include "daemon/cmd/service.hpp"
#include "daemon/config.hpp"
#include "daemon/log.hpp"
#include "daemon/secret_file.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
    po::options_description desc("obrd: email intake of the Ministry of Social Protection");
    desc.add_options()("help,h", "show this help")(
        "config,c", po::value<std::string>()->default_value(obrd::kDefaultConfigPath),
        "configuration file")("set", po::value<std::vector<std::string>>()->composing(),
                              "override a setting: --set section.key=value")(
        "credentials-dir", po::value<std::string>(),
        "where credential names (password_file = mailbox-password) are looked up outside "
        "systemd, which sets $CREDENTIALS_DIRECTORY")("check-config",
                                                      "validate the configuration and exit")(
        "once", "run one full cycle and exit")("verbose,v", "log debug lines too")(
        "version", "print the version and exit");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "obrd: " << e.what() << "\n" << desc;
        return 64;  // EX_USAGE
    }
    if (vm.count("help")) {
        std::cout << desc;
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "obrd " << OBRD_VERSION << "\n";
        return 0;
    }
    if (vm.count("credentials-dir")) {
        // The same lookup systemd's LoadCredential= makes (secret_file.hpp).
        const auto dir = std::filesystem::absolute(vm["credentials-dir"].as<std::string>());
        if (!std::filesystem::is_directory(dir)) {
            std::cerr << "obrd: --credentials-dir " << dir.string() << " is not a folder\n";
            return 64;
        }
        setenv("CREDENTIALS_DIRECTORY", dir.c_str(), 1);
    }
    obrd::set_log_verbose(vm.count("verbose") > 0);
    std::vector<std::string> overrides;
    if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
    try {
        // Absolute, so that a reload finds the same file whatever the working directory.
        obrd::Config config =
            obrd::load_config(std::filesystem::absolute(vm["config"].as<std::string>()), overrides);
        if (vm.count("check-config")) {
            // The passwords and data files must be readable too, or start-up would fail.
            try {
                obrd::load_runtime(config, 0);
            } catch (const obrd::SecretError& e) {
                std::cerr << "obrd: " << e.what() << "\n";
                return obrd::kExitConfig;
            }
            std::cout << "obrd: configuration " << config.path.string() << " is valid\n";
            return 0;
        }
        return obrd::run_daemon(config, obrd::RunOptions{vm.count("once") > 0, overrides});
    } catch (const obrd::ConfigError& e) {
        std::cerr << "obrd: configuration error: " << e.what() << "\n";
        return obrd::kExitConfig;
    } catch (const std::exception& e) {
        obrd::log_error(std::string("unexpected error: ") + e.what());
        return obrd::kExitSoftware;
    }
}
