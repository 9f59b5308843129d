// test_robustness.cpp: random text of the kinds the rules look at (Cyrillic, Latin,
// digits, look-alikes, separators, broken UTF-8) never crashes a rule and always gives
// a verdict whose evidence points inside the text. Run under ASan+UBSan in CI.
#include <gtest/gtest.h>

#include <random>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

TEST(Robustness, RandomTextNeverBreaksTheRules) {
    static const std::vector<std::string> pieces = {"а",           "б",
                                                    "х",           "у",
                                                    "й",           "е",
                                                    "ё",           "Р",
                                                    "С",           "”",
                                                    "ѕ",           "x",
                                                    "y",           "@",
                                                    "3",           "6",
                                                    "*",           ".",
                                                    " ",           "  ",
                                                    "\n",          "\r\n",
                                                    "\n\n",        ",",
                                                    "!",           "?",
                                                    "«",           "»",
                                                    "—",           "-",
                                                    "ЖАЛОБА",      "Е.В.",
                                                    "694020, ",    "пизд",
                                                    "бля",         "ывап",
                                                    "Ïð",          "ÐŸ",
                                                    "\xD0",        "\xFF",
                                                    "\xE2\x80",    "qwerty",
                                                    "ghbdtn",      "С уважением,",
                                                    "От: ",        "Отправлено: ",
                                                    "> ",          "прошу сообщить по почте",
                                                    "Иванов И.И.", "инспектор Петров",
                                                    "не знаем",    "убью",
                                                    "идиот",       "ИППСУ",
                                                    "ЖУПСУ"};
    std::mt19937 rng(20261128);
    MemoryHistory history;
    const auto now = *parse_rfc3339("2026-10-01T10:00:00Z");
    for (int round = 0; round < 300; ++round) {
        std::string text, subject;
        const int n = static_cast<int>(rng() % 200);
        for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
        for (int i = 0; i < 5; ++i) subject += pieces[rng() % pieces.size()];
        auto l = test::letter(text, subject);
        if (round % 3 == 0) l.sender = {};
        if (round % 5 == 0) {
            l.form = WebForm{};
            l.form->text = text.substr(text.size() / 2);
            l.form->email = round % 2 ? "нет" : "a@b.ru";
        }
        const auto v = check_letter(l, test::data(), history, now);
        for (const auto& e : v.evidence) {
            if (e.offset && e.field == "text") {
                EXPECT_LE(*e.offset, l.text.size());
            }
            if (e.offset && e.field == "subject") {
                EXPECT_LE(*e.offset, l.subject.size());
            }
        }
        if (v.verdict == Outcome::accepted)
            history.add(make_prior_appeal(l, test::data(), std::to_string(round), now));
    }
}
