// rule_files.hpp: reads the rules' data files (rules/data/*.txt) from a folder.
//
// Promises: reads every file RuleData needs, once; the parsing itself is the pure
// RuleData::from_texts(); any problem throws RuleFilesError whose message names every
// bad file:line (with the folder), so a bad edit stops start-up or SIGHUP reload loudly.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "rules/rule_data.hpp"

namespace obrd {

class RuleFilesError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

RuleData load_rule_data(const std::filesystem::path& dir);

}  // namespace obrd
