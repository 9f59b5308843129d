// report.hpp: the monthly and quarterly report on letters and appeals (obrctl report), as
// numbers in tables, and its three renderings. Pure: rows in, text out; no I/O, no clock
// (the caller passes today and the time the report was made).
//
// What is counted: every letter received in the period (Sakhalin dates), with what became
// of it as the rows say now (a report made later may show more answers). One letter is one
// row; a refused letter with several grounds counts once under each ground. The tables and
// what each line means are in report.cpp, next to the code that fills them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "notices/calendar.hpp"
#include "reports/classifier.hpp"

namespace obrd {

// One letter received in the period and its appeal (the fields empty when undecided).
struct ReportRow {
    std::int64_t letter_id = 0;
    std::int64_t received_at = 0;  // Unix seconds
    bool decided = false;
    std::string kind, verdict;  // appeals.kind / verdict
    std::vector<std::string> reasons;
    std::string channel = "mail";  // mail | form
    bool mass_mailing = false;
    std::optional<std::int64_t> registered_at;             // Unix seconds
    std::optional<Date> deadline, answered_on, closed_on;  // closed_on: Sakhalin date
    std::string result, complaint_outcome, department, classifier_code;
};

// A calendar month or quarter.
struct ReportPeriod {
    std::string id;     // 2026-11 or 2026-Q4
    std::string label;  // «ноябрь 2026 г.», «IV квартал 2026 г.»
    Date first, last;   // inclusive
};

// "YYYY-MM" (month) or "YYYY-Qn" (quarter); nullopt when neither.
std::optional<ReportPeriod> month_period(std::string_view text);
std::optional<ReportPeriod> quarter_period(std::string_view text);

struct ReportTable {
    enum class Chart { none, bars, line };
    struct Line {
        std::string key;  // stable, for scripts: "registered", a ground code, a date...
        std::string label;
        std::vector<double> values;  // one per column
    };
    std::string id, title, note;
    std::string label_header;          // the first column's heading
    std::vector<std::string> columns;  // the value columns' headings
    std::vector<Line> lines;
    Chart chart = Chart::none;
    std::size_t chart_column = 0;  // the value the chart draws
    int decimals = 0;              // digits after the decimal point of every value
};

struct Report {
    std::string ministry, title, generated;  // generated: «01.12.2026 10:00 (Сахалин)»
    std::string classifier_version;
    ReportPeriod period;
    std::vector<ReportTable> tables;

    // The table with this id; null when there is none.
    const ReportTable* table(std::string_view id) const;
};

// `today` (Sakhalin) decides what is overdue now.
Report build_report(const std::vector<ReportRow>& rows, const ReportPeriod& period,
                    const Classifier& classifier, Date today, const std::string& ministry,
                    const std::string& generated);

// One self-contained HTML page (inline CSS and SVG, no script, no network), well-formed XML.
std::string render_html(const Report& report);
// Every table one after another, a blank line between: its title, its header, its lines.
// UTF-8 with a BOM, ";" between fields and "," before decimals, CRLF: what Excel in a
// Russian locale opens by double-click.
std::string render_csv(const Report& report);
// One JSON object: period, title, the tables with keys and numbers.
std::string render_json(const Report& report);

}  // namespace obrd
