// obrctl_report.hpp: obrctl report, the monthly or quarterly report (reports/report.hpp).
//
//   obrctl report --month YYYY-MM | --quarter YYYY-Qn [--format html|csv|json] [--out FILE]
//
// Reads the period's letters (Store::report_rows), counts them with the classifier of
// [data] classifier_file, and writes the page to FILE (written whole or not at all: a
// temporary file renamed over it) or to standard output. Changes nothing in the database.
// Exit status: 0 written; 64 usage; 1 FILE could not be written; the rest as obrctl.
#pragma once

#include <string>
#include <vector>

#include "daemon/cmd/obrctl_common.hpp"
#include "daemon/config.hpp"

namespace obrd {

int run_report(StaffCommandContext& c, const Config& config, const std::vector<std::string>& args);

}  // namespace obrd
