// report_test.cpp: the classifier file's errors, the report's periods, and a report built
// from hand-made rows: its numbers, and that HTML, CSV and JSON carry them unchanged and
// escaped.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/classifier.hpp"
#include "reports/report.hpp"

namespace {

using obrd::Classifier;
using obrd::parse_classifier;

const char* kMinimal =
    "version test\n"
    "code 0002.0007.0073.0294 appeal Социальное обслуживание\n"
    "code 0002.0007.0067.0272 complaint Деятельность органов\n";

std::string error_of(const std::string& text) {
    try {
        parse_classifier(text, "c.txt");
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(Classifier, TheShippedFileParsesWithADefaultForEachKind) {
    std::ifstream in(OBRD_CLASSIFIER_FILE);
    std::stringstream text;
    text << in.rdbuf();
    const Classifier c = parse_classifier(text.str(), "classifier.txt");
    EXPECT_FALSE(c.version.empty());
    ASSERT_NE(c.default_for("appeal"), nullptr);
    ASSERT_NE(c.default_for("complaint"), nullptr);
    EXPECT_NE(c.find("0002.0007.0073.0295"), nullptr);
    EXPECT_EQ(c.find("0002.0007.0073"), nullptr);
}

TEST(Classifier, EveryBrokenFileIsRefusedWithItsLine) {
    EXPECT_EQ(error_of(kMinimal), "");
    EXPECT_EQ(error_of(std::string(kMinimal) + "code 0002.0007.73.0295 - x\n"),
              "c.txt:4: '0002.0007.73.0295' is not a code РРРР.ТТТТ.ТТТТ.ВВВВ[.ПППП]");
    EXPECT_NE(error_of(std::string(kMinimal) + "code 0002.0007.0073.0294 - again\n")
                  .find("c.txt:4: code 0002.0007.0073.0294 is listed twice"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "code 0002.0007.0073.0295 appeal x\n")
                  .find("a second default for appeal"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "code 0002.0007.0073.0295 staff x\n")
                  .find("expected -, appeal or complaint"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "code 0002.0007.0073.0295 -\n").find("title"),
              std::string::npos);
    EXPECT_NE(error_of("code 0002.0007.0073.0294 appeal,complaint x\n").find("no version"),
              std::string::npos);
    EXPECT_NE(error_of("version v\ncode 0002.0007.0073.0294 appeal x\n")
                  .find("no default code for complaint"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "version again\n").find("a second version"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "kode x\n").find("c.txt:4: expected"),
              std::string::npos);
    EXPECT_TRUE(obrd::is_classifier_code("0002.0007.0071.0284.0025"));
    EXPECT_FALSE(obrd::is_classifier_code("0002.0007.0071.0284.0025.0001"));
    EXPECT_FALSE(obrd::is_classifier_code("0002.0007.0071.028a"));
}

TEST(ReportPeriod, MonthsAndQuartersAndNothingElse) {
    const auto nov = obrd::month_period("2026-11");
    ASSERT_TRUE(nov);
    EXPECT_EQ(nov->label, "ноябрь 2026 г.");
    EXPECT_EQ(obrd::iso_date(nov->first), "2026-11-01");
    EXPECT_EQ(obrd::iso_date(nov->last), "2026-11-30");
    EXPECT_EQ(obrd::iso_date(obrd::month_period("2028-02")->last), "2028-02-29");
    const auto q4 = obrd::quarter_period("2026-Q4");
    ASSERT_TRUE(q4);
    EXPECT_EQ(q4->label, "IV квартал 2026 г.");
    EXPECT_EQ(obrd::iso_date(q4->first), "2026-10-01");
    EXPECT_EQ(obrd::iso_date(q4->last), "2026-12-31");
    for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-Q0",
                            "2026-Q5", "1999-01", "2026-11x"}) {
        EXPECT_FALSE(obrd::month_period(bad)) << bad;
        EXPECT_FALSE(obrd::quarter_period(bad)) << bad;
    }
}

obrd::ReportRow row(std::int64_t id, const char* kind, const char* verdict) {
    obrd::ReportRow r;
    r.letter_id = id;
    r.received_at = 1793577600 + id * 3600;  // 2026-11-02 11:00 Sakhalin, an hour apart
    r.decided = true;
    r.kind = kind;
    r.verdict = verdict;
    return r;
}

TEST(Report, CountsHandMadeRowsAndRendersThemEscaped) {
    const Classifier c = parse_classifier(kMinimal, "c.txt");
    std::vector<obrd::ReportRow> rows;
    auto a = row(1, "appeal", "accepted");
    a.registered_at = a.received_at + 7200;
    a.deadline = obrd::parse_iso_date("2026-12-02");
    a.department = "<script>&\"отдел\"";
    rows.push_back(a);
    auto b = row(2, "complaint", "refused");
    b.reasons = {"obscene", "threat"};
    rows.push_back(b);
    auto m = row(3, "appeal", "refused");
    m.reasons = {"off_topic"};
    m.mass_mailing = true;
    m.channel = "form";
    rows.push_back(m);
    auto outside = row(4, "appeal", "accepted");
    outside.received_at = 1790000000;  // September 2026: not in the period
    rows.push_back(outside);
    const auto today = *obrd::parse_iso_date("2026-12-10");
    const obrd::Report r = obrd::build_report(rows, *obrd::month_period("2026-11"), c, today,
                                              "Министерство", "10.12.2026 10:00 (Сахалин)");
    auto value = [&](const char* table, const char* key, std::size_t col) {
        for (const auto& l : r.table(table)->lines)
            if (l.key == key) return l.values[col];
        ADD_FAILURE() << table << "/" << key;
        return -1.0;
    };
    EXPECT_EQ(value("received", "total", 0), 3);
    EXPECT_EQ(value("registration", "registered", 2), 1);
    EXPECT_EQ(value("registration", "refused", 1), 1);
    EXPECT_EQ(value("registration", "mass_mailing", 0), 1);
    EXPECT_EQ(value("grounds", "obscene", 1), 1);
    EXPECT_EQ(value("grounds", "threat", 2), 1);
    EXPECT_EQ(value("grounds", "off_topic", 2), 0) << "a mass mailing is not a refusal ground";
    EXPECT_EQ(value("channel", "form", 0), 1);
    EXPECT_EQ(value("registration_time", "median_hours", 0), 2.0);
    EXPECT_EQ(value("answers", "overdue", 0), 1);
    EXPECT_EQ(value("classifier", "0002.0007.0073.0294", 0), 1);
    EXPECT_EQ(value("departments", "<script>&\"отдел\"", 3), 1);

    const std::string html = obrd::render_html(r);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;&amp;&quot;отдел&quot;"), std::string::npos);
    const std::string csv = obrd::render_csv(r);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_NE(csv.find("\"<script>&\"\"отдел\"\"\";1;0;1;1\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Медиана от поступления до регистрации, ч;2,0\r\n"), std::string::npos);
    const auto j = nlohmann::json::parse(obrd::render_json(r));
    EXPECT_EQ(j["period"]["id"], "2026-11");
    EXPECT_EQ(j["tables"].size(), r.tables.size());
}

}  // namespace
