// obrctl_main.cpp: the staff and admin command line.
//
//   obrctl [--config FILE] migrate             apply pending schema migrations
//   obrctl [--config FILE] letters [--json]    list the stored letters
//   obrctl parse --json FILE...                the letters as the parser reads them
//   obrctl check --json [--rules DIR] FILE...  the decision, offline (no database)
//
// Exit status: 0 done; 1 some file could not be read or parsed; 64 usage; 78 bad
// configuration; 75 the database was unreachable.
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/log.hpp"
#include "daemon/service.hpp"
#include "daemon/store.hpp"
#ifdef OBRD_HAVE_PARSE
#include "daemon/obrctl_parse.hpp"
#include "parsers/parse.hpp"
#endif
#ifdef OBRD_HAVE_CHECK
#include "daemon/obrctl_check.hpp"
#endif

namespace {

constexpr int kExitUsage = 64;

const char* kUsage =
    "usage: obrctl [--config FILE] COMMAND [ARGS]\n"
    "commands:\n"
    "  migrate                       apply pending database schema migrations\n"
    "  letters [--json]              list the stored letters\n"
    "  parse --json FILE...          print each letter as the parser reads it\n"
    "  check --json [--rules DIR] FILE...\n"
    "                                decide each letter offline; files form one history\n";

#ifndef OBRD_RULES_DIR
#define OBRD_RULES_DIR "/usr/share/obrd/rules"
#endif

obrd::Config config_from(const std::string& path) {
    // obrctl needs only [database]; still the whole file must be valid, so that what
    // obrctl accepts, obrd accepts too.
    return obrd::load_config(path);
}

int cmd_migrate(const std::string& config_path) {
    obrd::Store store(config_from(config_path).database);
    int applied = store.migrate();
    std::cout << "schema version " << store.schema_version() << " (" << applied
              << " migration(s) applied)\n";
    return 0;
}

int cmd_letters(const std::string& config_path, bool json) {
    obrd::Store store(config_from(config_path).database);
    store.migrate();
    for (const auto& l : store.letters()) {
        std::string subject;
#ifdef OBRD_HAVE_PARSE
        if (auto raw = store.raw_letter(l.id)) subject = obrd::parse_letter(*raw).subject;
#endif
        if (json) {
            nlohmann::json j = {
                {"id", l.id},        {"mailbox", l.mailbox},         {"uidvalidity", l.uidvalidity},
                {"uid", l.uid},      {"message_id", l.message_id},   {"sha256", l.sha256},
                {"size", l.size},    {"received_at", l.received_at}, {"status", l.status},
                {"subject", subject}};
            std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            std::cout << l.id << "\t" << l.received_at << "\t" << l.status << "\t" << l.size << "\t"
                      << l.message_id << "\t" << subject << "\n";
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string config_path = obrd::kDefaultConfigPath;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        if ((args[i] == "--config" || args[i] == "-c") && i + 1 < args.size()) {
            config_path = args[++i];
        } else if (args[i].rfind("--config=", 0) == 0) {
            config_path = args[i].substr(9);
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::cout << kUsage;
            return 0;
        } else {
            break;
        }
    }
    if (i >= args.size()) {
        std::cerr << kUsage;
        return kExitUsage;
    }
    const std::string command = args[i++];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i), args.end());
    auto take_flag = [&](const std::string& flag) {
        for (auto it = rest.begin(); it != rest.end(); ++it)
            if (*it == flag) {
                rest.erase(it);
                return true;
            }
        return false;
    };
    try {
        if (command == "migrate") return cmd_migrate(config_path);
        if (command == "letters") return cmd_letters(config_path, take_flag("--json"));
        if (command == "parse") {
            if (!take_flag("--json") || rest.empty()) {
                std::cerr << "usage: obrctl parse --json FILE...\n";
                return kExitUsage;
            }
#ifdef OBRD_HAVE_PARSE
            return obrd::run_parse_command(rest, std::cout, std::cerr);
#else
            std::cerr << "obrctl: this build has no parser\n";
            return kExitUsage;
#endif
        }
        if (command == "check") {
            std::string rules_dir = OBRD_RULES_DIR;
            for (auto it = rest.begin(); it != rest.end(); ++it)
                if (*it == "--rules" && it + 1 != rest.end()) {
                    rules_dir = *(it + 1);
                    rest.erase(it, it + 2);
                    break;
                }
            if (!take_flag("--json") || rest.empty()) {
                std::cerr << "usage: obrctl check --json [--rules DIR] FILE...\n";
                return kExitUsage;
            }
#ifdef OBRD_HAVE_CHECK
            return obrd::run_check_command(rest, rules_dir, std::cout, std::cerr);
#else
            std::cerr << "obrctl: this build has no rules\n";
            return kExitUsage;
#endif
        }
        std::cerr << "obrctl: unknown command '" << command << "'\n" << kUsage;
        return kExitUsage;
    } catch (const obrd::ConfigError& e) {
        std::cerr << "obrctl: configuration error: " << e.what() << "\n";
        return obrd::kExitConfig;
    } catch (const obrd::StoreError& e) {
        std::cerr << "obrctl: " << e.what() << "\n";
        return obrd::kExitTempFail;
    }
}
