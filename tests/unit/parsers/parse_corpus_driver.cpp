// parse_corpus_driver.cpp: parses every message named in an expected.jsonl and prints
// one `obrctl parse --json` line per message, "file" being the name relative to the
// corpus root (as score_parse.py expects).
//
// usage: parse_corpus_driver CORPUS_DIR EXPECTED.jsonl > parsed.jsonl
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "parsers/letter_json.hpp"
#include "parsers/parse.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: parse_corpus_driver CORPUS_DIR EXPECTED.jsonl\n";
        return 64;
    }
    const std::string root = argv[1];
    std::ifstream expected(argv[2]);
    if (!expected) {
        std::cerr << "cannot open " << argv[2] << "\n";
        return 1;
    }
    std::set<std::string> done;
    std::string line;
    int status = 0;
    while (std::getline(expected, line)) {
        if (line.empty()) continue;
        const std::string file = nlohmann::json::parse(line).value("file", "");
        if (file.empty() || !done.insert(file).second) continue;
        std::ifstream in(root + "/" + file, std::ios::binary);
        nlohmann::json out;
        if (!in) {
            out["error"] = "cannot open";
            status = 1;
        } else {
            std::ostringstream buffer;
            buffer << in.rdbuf();
            out = obrd::letter_to_json(obrd::parse_letter(buffer.str()));
        }
        out["file"] = file;
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return status;
}
