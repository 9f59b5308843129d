// loop_test.cpp: what obrd sends must never be answered by obrd (design invariant 3): our
// notices and cards, read back by the parser and checked by the rules with the real rule
// data, are automatic letters, ignored, with no notice.
#include <gtest/gtest.h>

#include "daemon/notice_files.hpp"
#include "daemon/rule_files.hpp"
#include "notices/compose.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"

namespace obrd {
namespace {

using namespace std::chrono;

TEST(NoLoops, OurNoticesAndCardsAreAutomatic) {
    const auto templates = load_notice_templates(OBRD_NOTICES_DIR "/templates");
    const auto rules = load_rule_data(OBRD_RULES_DATA_DIR);
    const MemoryHistory history;
    const sys_seconds now = sys_days(year{2026} / November / 28) + hours(3);

    NoticeInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = "irina@example.ru";
    in.original_subject = "Вопрос";
    in.verdict.verdict = Outcome::accepted;
    in.verdict.notice = Notice::acceptance;
    in.registration_number = "МСЗ-2026-000001";
    in.deadline = Date{year{2026}, month{12}, day{28}};
    in.now = now;
    in.token = "1.n";
    const Letter notice = parse_letter(compose_notice(templates, in).bytes);
    EXPECT_TRUE(notice.auto_submitted);
    const Verdict v = check_letter(notice, rules, history, now);
    EXPECT_EQ(v.kind, Kind::automatic);
    EXPECT_EQ(v.verdict, Outcome::ignored);
    EXPECT_EQ(v.notice, Notice::none);

    CardInput c;
    c.from = in.from;
    c.from_name = in.from_name;
    c.to = "control@sakhalin.gov.ru";
    c.letter = &notice;
    c.registration_number = "МСЗ-2026-000001";
    c.original = "Subject: x\r\n\r\ny\r\n";
    c.now = now;
    c.token = "1.c0";
    const Letter card = parse_letter(compose_card(templates, c).bytes);
    const Verdict cv = check_letter(card, rules, history, now);
    EXPECT_EQ(cv.kind, Kind::automatic);
    EXPECT_EQ(cv.notice, Notice::none);
}

}  // namespace
}  // namespace obrd
