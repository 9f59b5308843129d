// notice_files.hpp: reads the notice templates (notices/templates/) and the working-day
// calendar (notices/data/calendar.txt) from disk.
//
// Promises: the parsing itself is the pure NoticeTemplates::from_texts() and
// Calendar::from_text(); any problem throws NoticeFilesError whose message names the
// folder or file and every bad file:line, so a bad edit stops start-up or a reload loudly,
// and nothing is half-loaded.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "notices/calendar.hpp"
#include "notices/templates.hpp"
#include "reports/classifier.hpp"

namespace obrd {

class NoticeFilesError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads every *.txt under `dir` (subfolders reasons/ and items/ included), so that a
// misnamed file is reported rather than ignored.
NoticeTemplates load_notice_templates(const std::filesystem::path& dir);

Calendar load_calendar(const std::filesystem::path& file);
// The report's thematic classifier (reports/classifier.hpp), read and checked.
Classifier load_classifier(const std::filesystem::path& file);

}  // namespace obrd
