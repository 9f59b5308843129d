// test_corpus.cpp: `obrctl check` over the sample letters of shared/corpus/letters (and
// over tests/unit/rules/letters), as one history in file order, compared field by field
// with manifest.jsonl. Prints the confusion table (category x verdict) and every
// difference, and writes the JSON lines for shared/tools/score_check.py (the ctest
// "rules_corpus_score").
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "daemon/cmd/obrctl_check.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<nlohmann::json> read_lines(std::istream& in) {
    std::vector<nlohmann::json> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

std::string field(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return "";
    if (j[key].is_string()) return j[key].get<std::string>();
    auto v = j[key];
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const auto& x : v) items.push_back(x.get<std::string>());
        if (std::string(key) == "reasons") std::sort(items.begin(), items.end());
        std::string s;
        for (const auto& x : items) s += (s.empty() ? "" : ",") + x;
        return s;
    }
    return v.dump();
}

// Checks every .eml of `dir` in file order and compares with its manifest.jsonl; writes the
// JSON lines to `output` when given.
void check_corpus(const fs::path& dir, const char* output) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".eml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());

    std::ostringstream out, err;
    const int status = obrd::run_check_command(files, OBRD_RULES_DATA_DIR, out, err);
    EXPECT_EQ(status, 0) << err.str();
    if (output) std::ofstream(output) << out.str();
    std::istringstream got_in(out.str());
    const auto got = read_lines(got_in);
    std::ifstream man_in(dir / "manifest.jsonl");
    const auto manifest = read_lines(man_in);
    ASSERT_EQ(got.size(), files.size());

    std::map<std::string, const nlohmann::json*> by_file;
    for (const auto& g : got)
        by_file[fs::path(g["file"].get<std::string>()).filename().string()] = &g;
    std::map<std::pair<std::string, std::string>, int> confusion;
    std::set<std::string> verdicts;
    std::vector<std::string> diffs;
    for (const auto& m : manifest) {
        const auto file = m["file"].get<std::string>();
        ASSERT_TRUE(by_file.count(file)) << file;
        const auto& g = *by_file[file];
        confusion[{m["category"].get<std::string>(), field(g, "verdict")}]++;
        verdicts.insert(field(g, "verdict"));
        for (const char* key : {"kind", "verdict", "reasons", "complaint_missing", "notice",
                                "reply_to", "duplicate_of"}) {
            std::string want = field(m, key), have = field(g, key);
            if (std::string(key) == "reply_to") {
                std::transform(want.begin(), want.end(), want.begin(), ::tolower);
                std::transform(have.begin(), have.end(), have.begin(), ::tolower);
            }
            if (want != have)
                diffs.push_back(file + ": " + key + " want [" + want + "] got [" + have +
                                "]; evidence " + g["evidence"].dump());
        }
    }
    std::ostringstream table;
    table << "category              ";
    for (const auto& v : verdicts)
        table << v.substr(0, 10) << std::string(11 - std::min<std::size_t>(10, v.size()), ' ');
    table << '\n';
    std::set<std::string> cats;
    for (const auto& [k, n] : confusion) cats.insert(k.first);
    for (const auto& c : cats) {
        table << c << std::string(22 - std::min<std::size_t>(21, c.size()), ' ');
        for (const auto& v : verdicts) {
            const auto it = confusion.find({c, v});
            const std::string n = std::to_string(it == confusion.end() ? 0 : it->second);
            table << n << std::string(11 - n.size(), ' ');
        }
        table << '\n';
    }
    std::cout << table.str();
    for (const auto& d : diffs) std::cout << "  DIFF " << d << '\n';
    EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences";
}

}  // namespace

TEST(RulesCorpus, EveryDecisionMatchesTheManifest) {
    const fs::path dir = OBRD_CORPUS_DIR;
    // The shared corpus is part of the project (CI has it beside the clone): a missing one
    // is a failure, never a silent skip.
    ASSERT_TRUE(fs::exists(dir / "manifest.jsonl")) << "no corpus at " << dir;
    check_corpus(dir, OBRD_CORPUS_OUTPUT);
}

// Letters written for these tests in the same style (form letters, complaints, disguised
// words, KOI8-R mojibake, a form resend), checked the same way.
TEST(RulesCorpus, OwnLettersMatchTheirManifest) {
    check_corpus(OBRD_OWN_LETTERS_DIR, nullptr);
}
