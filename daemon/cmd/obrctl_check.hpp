// obrctl_check.hpp: `obrctl check --json FILE...`: the whole decision, offline, without a
// database or a mail server (shared/spec/verdicts.md).
//
// Promises: the files form one history in the given order (an accepted appeal can make
// a later file a duplicate; "duplicate_of" names the earlier file by its file name);
// "now" for each letter is its own Date (the time it arrived), or the wall clock when it
// has none. One JSON line per file; a file that cannot be read or parsed yields a line
// with "verdict": "error" and "error", and the others are still checked.
// Returns 0 when every file was checked, 1 when some file failed, 2 when the rules data
// cannot be loaded (the message goes to `err`).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace obrd {

int run_check_command(const std::vector<std::string>& files, const std::filesystem::path& rules_dir,
                      std::ostream& out, std::ostream& err);

}  // namespace obrd
