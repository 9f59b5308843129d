// bench_report.cpp: what `obrctl report` spends outside the database: build_report over the
// period's rows, then render_html, render_csv and render_json (reports/).
//
// usage: bench_report [--rows N]... [--rounds R]
// For each N (default 1000, 10000, 100000) generates N rows received over one quarter from a
// fixed seed (kinds, verdicts, grounds, channels, mass mailings, registration delays,
// answers, outcomes, departments and codes in proportions like the sample letters'), then
// times each step R times (default 5) and prints the median in milliseconds, rows per
// second of the whole, and the size of each rendering. The database query (Store::
// report_rows) is not included: bench/ingest.sh measures the store.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/classifier.hpp"
#include "reports/report.hpp"

using Clock = std::chrono::steady_clock;
using namespace std::chrono;

namespace {

std::uint32_t seed = 2026;
std::uint32_t next() {
    return seed = seed * 1103515245u + 12345u;
}
std::uint32_t pick(std::uint32_t n) {
    return (next() >> 8) % n;
}

std::vector<obrd::ReportRow> generate(std::size_t count, const obrd::ReportPeriod& period,
                                      const obrd::Classifier& classifier) {
    const char* grounds[] = {"sender_incomplete",   "no_email",  "obscene",
                             "unreadable",          "off_topic", "duplicate",
                             "complaint_incomplete"};
    const char* results[] = {"supported",     "measures_taken", "explained",
                             "not_supported", "answered",       "redirected"};
    const char* outcomes[] = {"unsatisfied", "cancelled", "cancelled-new", "unlawful"};
    const char* departments[] = {"licensing", "control", "ngo_support", "head"};
    const std::int64_t first = sys_days{period.first}.time_since_epoch() / seconds(1);
    const std::int64_t span = (sys_days{period.last} - sys_days{period.first}).count() + 1;
    std::vector<obrd::ReportRow> rows;
    rows.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
        obrd::ReportRow r;
        r.letter_id = std::int64_t(k + 1);
        r.received_at = first + std::int64_t(pick(std::uint32_t(span))) * 86400 + pick(86400);
        r.decided = pick(100) < 98;
        r.channel = pick(10) < 3 ? "form" : "mail";
        if (r.decided) {
            r.kind = pick(10) < 2 ? "complaint" : "appeal";
            const auto v = pick(100);
            r.verdict = v < 60 ? "accepted" : v < 90 ? "refused" : "ignored";
            if (r.verdict == "refused") {
                r.mass_mailing = pick(5) == 0;
                if (!r.mass_mailing) {
                    r.reasons.push_back(grounds[pick(7)]);
                    if (pick(4) == 0) r.reasons.push_back(grounds[pick(7)]);
                }
            }
            if (r.verdict == "accepted") {
                r.registered_at = r.received_at + std::int64_t(pick(5 * 86400));
                const auto registered =
                    year_month_day{floor<days>(sys_seconds{seconds(*r.registered_at)})};
                r.deadline = year_month_day{sys_days{registered} + days{30}};
                r.department = departments[pick(4)];
                if (pick(3) != 0) {
                    r.answered_on = year_month_day{sys_days{registered} + days{pick(40)}};
                    r.closed_on = r.answered_on;
                    if (r.kind == "complaint")
                        r.complaint_outcome = outcomes[pick(4)];
                    else
                        r.result = results[pick(6)];
                    if (pick(2) == 0)
                        r.classifier_code =
                            classifier.codes[pick(std::uint32_t(classifier.codes.size()))].code;
                }
            }
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

template <class F>
double median_ms(int rounds, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        const auto t0 = Clock::now();
        f();
        t.push_back(duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> counts;
    int rounds = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rows") == 0 && i + 1 < argc) {
            counts.push_back(std::strtoul(argv[++i], nullptr, 10));
        } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: bench_report [--rows N]... [--rounds R]\n");
            return 64;
        }
    }
    if (counts.empty()) counts = {1000, 10000, 100000};
    std::ifstream in(OBRD_CLASSIFIER_FILE);
    std::stringstream text;
    text << in.rdbuf();
    const obrd::Classifier classifier = obrd::parse_classifier(text.str(), OBRD_CLASSIFIER_FILE);
    const auto period = *obrd::quarter_period("2026-Q3");
    const obrd::Date today = year{2026} / November / 15;

    std::printf("%8s %10s %10s %10s %10s %12s %10s %10s %10s\n", "rows", "build_ms", "html_ms",
                "csv_ms", "json_ms", "rows/s", "html_kB", "csv_kB", "json_kB");
    for (const std::size_t n : counts) {
        const auto rows = generate(n, period, classifier);
        obrd::Report report;
        const double build = median_ms(rounds, [&] {
            report = obrd::build_report(rows, period, classifier, today, "Министерство",
                                        "15.11.2026 10:00 (Сахалин)");
        });
        std::string html, csv, json;
        const double html_ms = median_ms(rounds, [&] { html = obrd::render_html(report); });
        const double csv_ms = median_ms(rounds, [&] { csv = obrd::render_csv(report); });
        const double json_ms = median_ms(rounds, [&] { json = obrd::render_json(report); });
        const double total = build + html_ms;
        std::printf("%8zu %10.2f %10.2f %10.2f %10.2f %12.0f %10.1f %10.1f %10.1f\n", n, build,
                    html_ms, csv_ms, json_ms, double(n) / (total / 1000.0),
                    double(html.size()) / 1024.0, double(csv.size()) / 1024.0,
                    double(json.size()) / 1024.0);
    }
    return 0;
}
