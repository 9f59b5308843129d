// notice_files.cpp: reads the template folder and the calendar file, then hands their text
// to the pure parsers of notices/.
//
// Promises: no partial result: either everything is read and valid, or NoticeFilesError
// lists every problem as "DIR/file:line: message", one per line.
#include "daemon/notice_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace obrd {

namespace {

bool read_file(const std::filesystem::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return false;
    out = ss.str();
    return true;
}

}  // namespace

NoticeTemplates load_notice_templates(const std::filesystem::path& dir) {
    std::map<std::string, std::string> files;
    std::vector<std::string> errors;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw NoticeFilesError("notice templates: " + dir.string() + " is not a readable folder");
    }
    std::filesystem::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().extension() != ".txt") continue;
        const std::string name = it->path().lexically_relative(dir).generic_string();
        std::string text;
        if (!read_file(it->path(), text)) {
            errors.push_back(it->path().string() + ": cannot be read: " + std::strerror(errno));
            continue;
        }
        files.emplace(name, std::move(text));
    }
    if (ec) errors.push_back(dir.string() + ": cannot be listed: " + ec.message());
    if (errors.empty()) {
        try {
            return NoticeTemplates::from_texts(files);
        } catch (const TemplateError& e) {
            std::istringstream lines(e.what());
            for (std::string line; std::getline(lines, line);)
                errors.push_back((dir / line).string());
        }
    }
    std::string msg = "notice templates in " + dir.string() + " are invalid:";
    for (const auto& e : errors) msg += "\n  " + e;
    throw NoticeFilesError(msg);
}

Calendar load_calendar(const std::filesystem::path& file) {
    std::string text;
    if (!read_file(file, text))
        throw NoticeFilesError("calendar " + file.string() +
                               ": cannot be read: " + std::strerror(errno));
    try {
        return Calendar::from_text(file.string(), text);
    } catch (const CalendarError& e) {
        throw NoticeFilesError(e.what());
    }
}

Classifier load_classifier(const std::filesystem::path& file) {
    std::string text;
    if (!read_file(file, text))
        throw NoticeFilesError("classifier " + file.string() +
                               ": cannot be read: " + std::strerror(errno));
    try {
        return parse_classifier(text, file.string());
    } catch (const std::invalid_argument& e) {
        throw NoticeFilesError(e.what());
    }
}

}  // namespace obrd
