// mail_helpers.hpp: what the integration tests that read obrctl's JSON and the SMTP sink's
// messages share: exit status checks, JSON lines, and the received mail as obrd's parser
// reads it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "parsers/parse.hpp"
#include "test_servers.hpp"

namespace obrd::test {

inline void expect_status(const CommandResult& r, int status) {
    EXPECT_EQ(r.status, status) << "stdout:\n" << r.out << "\nstderr:\n" << r.err;
}

inline std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
    return rows;
}

inline std::vector<nlohmann::json> obrctl_rows(const TestServers& s, const std::string& what) {
    auto r = s.obrctl({what, "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    return json_lines(r.out);
}

// What the SMTP sink received: envelope recipients, and the message as obrd's parser
// reads it.
struct Received {
    std::vector<std::string> rcpt;
    std::string raw;
    obrd::Letter letter;
    bool is_notice() const {
        for (const auto& h : letter.headers)
            if (h.name == "Auto-Submitted" && h.value == "auto-replied") return true;
        return false;
    }
};

inline std::vector<Received> received(const TestServers& s) {
    std::vector<Received> out;
    for (auto& m : s.sink_messages()) {
        Received r;
        r.rcpt = std::move(m.rcpt);
        r.raw = std::move(m.raw);
        r.letter = obrd::parse_letter(r.raw);
        out.push_back(std::move(r));
    }
    return out;
}

// The departments most tests configure, with one address each.
inline const std::vector<std::pair<std::string, std::string>> kDepartments = {
    {"departments", "control = control@msz.example.ru"},
    {"departments", "head = head@msz.example.ru"}};

// The sample letter (shared/corpus/letters) whose file name starts with `prefix`.
inline std::filesystem::path sample(const std::string& prefix) {
    for (const auto& f : sample_letters())
        if (f.filename().string().rfind(prefix, 0) == 0) return f;
    throw std::runtime_error("no sample letter " + prefix);
}

// A letter written by the test, in the run's directory, for TestServers::deliver.
inline std::filesystem::path write_letter(const TestServers& s, const std::string& name,
                                          const std::string& text) {
    auto p = s.dir() / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

inline std::string header(const obrd::Letter& l, const std::string& name) {
    for (const auto& h : l.headers)
        if (h.name == name) return h.value;
    return "";
}

}  // namespace obrd::test
