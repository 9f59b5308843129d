// rule_files.cpp: reads the rules' data files and hands their text to
// RuleData::from_texts().
//
// Promises: no partial result: either every file is read and valid, or RuleFilesError
// lists every problem as "DIR/file:line: message", one per line.
#include "daemon/rule_files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace obrd {

RuleData load_rule_data(const std::filesystem::path& dir) {
    std::vector<RuleFile> files;
    std::vector<std::string> errors;
    for (const auto& name : RuleData::file_names()) {
        const auto path = dir / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            errors.push_back(path.string() + ": cannot be read: " + std::strerror(errno));
            continue;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        files.push_back({name, ss.str()});
    }
    if (errors.empty()) {
        auto r = RuleData::from_texts(files);
        if (r.data) return std::move(*r.data);
        for (const auto& e : r.errors) errors.push_back((dir / e).string());
    }
    std::string msg = "rules data in " + dir.string() + " is invalid:";
    for (const auto& e : errors) msg += "\n  " + e;
    throw RuleFilesError(msg);
}

}  // namespace obrd
