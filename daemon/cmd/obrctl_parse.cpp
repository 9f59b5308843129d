// obrctl_parse.cpp: the file reading and JSON lines of obrctl_parse.hpp. The parser
// itself is pure; this is the only place the parse command touches files.
#include "daemon/cmd/obrctl_parse.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "parsers/letter_json.hpp"
#include "parsers/parse.hpp"

namespace obrd {

namespace {

bool read_file(const std::string& path, std::string& content, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return false;
    }
    content = std::move(buffer).str();
    return true;
}

}  // namespace

int run_parse_command(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
    int status = 0;
    for (const std::string& path : files) {
        std::string content, error;
        nlohmann::json line;
        if (!read_file(path, content, error)) {
            line["file"] = path;
            line["error"] = error;
            err << "obrctl parse: " << path << ": " << error << "\n";
            status = 1;
        } else {
            line = letter_to_json(parse_letter(content));
            line["file"] = path;
        }
        // Invalid UTF-8 cannot reach here (the parser repairs it), but never throw on it.
        out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    out.flush();
    return status;
}

}  // namespace obrd
