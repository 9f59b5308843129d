// bench_rules.cpp: how many letters per second `obrctl check` decides, without I/O.
//
// usage: bench_rules [--rules DIR] [--repeat N] [PATH...]
// PATHs are .eml files or folders (walked recursively, e.g. a Maildir or the output of
// bench/gen_mailbox.py). Without PATHs: the sample letters of shared/corpus/letters,
// repeated N times (default 50). All files are read into memory first; then it times
//   parse:         parse_letter() alone (for reference),
//   rules:         check_letter() over the parsed letters,
//   parse + rules: both, as `obrctl check` does per file,
// each letter checked against the history of the ones before it (one history per pass
// over the sample letters, one for the whole of a given mailbox). Prints one line per
// measure: letters, seconds, letters per second, microseconds per letter.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/rule_files.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void collect(const fs::path& p, std::vector<fs::path>& out) {
    if (fs::is_directory(p)) {
        for (const auto& e : fs::recursive_directory_iterator(p))
            // Letters are *.eml files, or Maildir files without an extension (not the
            // generator's index.tsv or a manifest.jsonl).
            if (e.is_regular_file() && e.path().filename().string()[0] != '.' &&
                (e.path().extension() == ".eml" || !e.path().has_extension()))
                out.push_back(e.path());
    } else if (fs::is_regular_file(p)) {
        out.push_back(p);
    }
}

obrd::Seconds when(const obrd::Letter& l) {
    if (l.date)
        if (auto t = obrd::parse_rfc3339(*l.date)) return *t;
    return obrd::Seconds{};
}

void report(const char* what, std::size_t n, Clock::duration d) {
    const double s = std::chrono::duration<double>(d).count();
    std::printf("%-14s letters=%zu seconds=%.3f letters_per_second=%.0f us_per_letter=%.1f\n", what,
                n, s, s > 0 ? static_cast<double>(n) / s : 0.0,
                n ? s * 1e6 / static_cast<double>(n) : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
    fs::path rules_dir = OBRD_RULES_DATA_DIR;
    int repeat = 50;
    std::vector<fs::path> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rules" && i + 1 < argc)
            rules_dir = argv[++i];
        else if (a == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else
            collect(a, paths);
    }
    const bool sample = paths.empty();
    if (sample) {
        collect(OBRD_CORPUS_DIR, paths);
        paths.erase(std::remove_if(paths.begin(), paths.end(),
                                   [](const fs::path& p) { return p.extension() != ".eml"; }),
                    paths.end());
    } else {
        repeat = 1;
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
        std::cerr << "bench_rules: no letters\n";
        return 2;
    }
    const obrd::RuleData data = obrd::load_rule_data(rules_dir);
    std::vector<std::string> raw;
    for (const auto& p : paths) raw.push_back(read(p));
    const std::size_t n = raw.size() * static_cast<std::size_t>(repeat);
    std::printf("bench_rules: %zu files x %d (%s), rules from %s\n", raw.size(), repeat,
                sample ? "sample letters" : "mailbox", rules_dir.c_str());

    std::vector<obrd::Letter> letters;
    auto t0 = Clock::now();
    for (int r = 0; r < repeat; ++r)
        for (const auto& m : raw) {
            auto l = obrd::parse_letter(m);
            if (r == 0) letters.push_back(std::move(l));
        }
    report("parse", n, Clock::now() - t0);

    std::size_t refused = 0;
    auto run_rules = [&](bool parse) {
        std::size_t count = 0;
        for (int r = 0; r < repeat; ++r) {
            obrd::MemoryHistory history;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                obrd::Letter parsed;
                if (parse) parsed = obrd::parse_letter(raw[i]);
                const obrd::Letter& l = parse ? parsed : letters[i];
                const auto now = when(l);
                const auto v = obrd::check_letter(l, data, history, now);
                if (v.verdict == obrd::Outcome::accepted && v.kind != obrd::Kind::automatic)
                    history.add(
                        obrd::make_prior_appeal(l, data, paths[i].filename().string(), now));
                refused += v.verdict == obrd::Outcome::refused;
                ++count;
            }
        }
        return count;
    };
    t0 = Clock::now();
    const auto c1 = run_rules(false);
    report("rules", c1, Clock::now() - t0);
    t0 = Clock::now();
    const auto c2 = run_rules(true);
    report("parse+rules", c2, Clock::now() - t0);
    std::printf("refused %zu of %zu decisions\n", refused, c1 + c2);
    return 0;
}
