// obrctl_check.cpp: `obrctl check --json`: parse each file, check it against the rules
// and the history of the files before it, print one JSON line per file.
//
// Promises: see obrctl_check.hpp. The in-memory history holds the accepted appeals
// only, under their file names.
#include "daemon/cmd/obrctl_check.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include "daemon/rule_files.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"
#include "rules/verdict_json.hpp"

namespace obrd {

namespace {

void print(std::ostream& out, const nlohmann::json& j) {
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

int run_check_command(const std::vector<std::string>& files, const std::filesystem::path& rules_dir,
                      std::ostream& out, std::ostream& err) {
    RuleData data;
    try {
        data = load_rule_data(rules_dir);
    } catch (const RuleFilesError& e) {
        err << "obrctl check: " << e.what() << '\n';
        return 2;
    }
    MemoryHistory history;
    int status = 0;
    for (const auto& file : files) {
        std::error_code ec;
        const bool regular = std::filesystem::is_regular_file(file, ec);
        std::ifstream in(file, std::ios::binary);
        std::ostringstream raw;
        if (regular && in && std::filesystem::file_size(file, ec) > 0) raw << in.rdbuf();
        if (!regular || !in || in.bad()) {
            print(out, check_error_to_json(file, "cannot read the file"));
            err << "obrctl check: " << file << ": cannot read the file\n";
            status = 1;
            continue;
        }
        try {
            const Letter letter = parse_letter(raw.str());
            const auto now = (letter.date ? parse_rfc3339(*letter.date) : std::nullopt)
                                 .value_or(std::chrono::floor<std::chrono::seconds>(
                                     std::chrono::system_clock::now()));
            const Verdict v = check_letter(letter, data, history, now);
            if (v.verdict == Outcome::accepted && v.kind != Kind::automatic)
                history.add(make_prior_appeal(
                    letter, data, std::filesystem::path(file).filename().string(), now));
            print(out, verdict_to_json(v, letter, file));
        } catch (const std::exception& e) {
            print(out, check_error_to_json(file, e.what()));
            err << "obrctl check: " << file << ": " << e.what() << '\n';
            status = 1;
        }
    }
    return status;
}

}  // namespace obrd
