// obrctl_parse.hpp: `obrctl parse --json FILE...`: each letter as the parser reads it.
//
// One JSON object per line and per file, in the given order (verdicts.md, "obrctl parse
// --json"), with "file" set to the path as given. A file that cannot be read yields a
// line with "file" and "error"; the others are still parsed. Returns 0 when every file
// was read, 1 otherwise.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace obrd {

int run_parse_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace obrd
