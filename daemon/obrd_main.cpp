// obrd_main.cpp: the obrd daemon's command line.
//
//   obrd [--config FILE] [--set section.key=value]... [--check-config | --once] [--verbose]
//
// Exit status: 0 done; 78 bad configuration; 75 a server was unreachable (--once);
// 70 an unexpected internal error. Passwords are never options: only the files that hold
// them are settings.
#include <boost/program_options.hpp>
#include <iostream>

#include "daemon/config.hpp"
#include "daemon/decisions.hpp"
#include "daemon/log.hpp"
#include "daemon/secret_file.hpp"
#include "daemon/service.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
    po::options_description desc("obrd: email intake of the Ministry of Social Protection");
    desc.add_options()("help,h", "show this help")(
        "config,c", po::value<std::string>()->default_value(obrd::kDefaultConfigPath),
        "configuration file")("set", po::value<std::vector<std::string>>()->composing(),
                              "override a setting: --set section.key=value")(
        "check-config", "validate the configuration and exit")(
        "once", "run one full cycle and exit")("verbose,v", "log debug lines too");
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
    obrd::set_log_verbose(vm.count("verbose") > 0);
    std::vector<std::string> overrides;
    if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
    try {
        obrd::Config config = obrd::load_config(vm["config"].as<std::string>(), overrides);
        if (vm.count("check-config")) {
            // The secrets must be readable too, or start-up would fail later.
            for (auto [key, file] :
                 {std::pair{"[mailbox] password_file", config.mailbox.password_file},
                  std::pair{"[database] password_file", config.database.password_file},
                  std::pair{"[smtp] password_file", config.smtp.password_file}}) {
                if (file.empty()) continue;
                try {
                    obrd::read_secret(file);
                } catch (const obrd::SecretError& e) {
                    std::cerr << "obrd: " << key << ": " << e.what() << "\n";
                    return obrd::kExitConfig;
                }
            }
            obrd::load_decision_data(config.data);  // rule lists, templates, calendar
            std::cout << "obrd: configuration " << config.path.string() << " is valid\n";
            return 0;
        }
        return obrd::run_daemon(config, obrd::RunOptions{vm.count("once") > 0});
    } catch (const obrd::ConfigError& e) {
        std::cerr << "obrd: configuration error: " << e.what() << "\n";
        return obrd::kExitConfig;
    } catch (const std::exception& e) {
        obrd::log_error(std::string("unexpected error: ") + e.what());
        return obrd::kExitSoftware;
    }
}
