// test_check.cpp: the whole decision: automatic letters, policy, departments and JSON.
#include <gtest/gtest.h>

#include "rules/verdict_json.hpp"
#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

TEST(Check, OrdinaryAppealIsAcceptedForControl) {
    const auto l = test::letter(
        "Добрый день! Просим разъяснить, включена ли наша организация в план проверок на 2027 "
        "год.");
    const auto v = test::check(l);
    EXPECT_EQ(v.kind, Kind::appeal);
    EXPECT_EQ(v.verdict, Outcome::accepted);
    EXPECT_EQ(v.notice, Notice::acceptance);
    EXPECT_EQ(v.department, "control");
    EXPECT_EQ(v.reply_to, "ivanova@example.ru");
    EXPECT_TRUE(v.reasons.empty());
}

TEST(Check, AutomaticLettersAreIgnored) {
    auto l = test::letter("Я в отпуске до 28 сентября.");
    l.auto_submitted = true;
    l.headers.push_back({"Auto-Submitted", "auto-replied"});
    const auto v = test::check(l);
    EXPECT_EQ(v.kind, Kind::automatic);
    EXPECT_EQ(v.verdict, Outcome::ignored);
    EXPECT_EQ(v.notice, Notice::none);
    const auto j = verdict_to_json(v, l, "a.eml");
    EXPECT_TRUE(j["reply_to"].is_null());
    EXPECT_EQ(j["evidence"][0]["text"], "Auto-Submitted: auto-replied");
    auto h = test::letter("Ваше письмо зарегистрировано.");
    h.headers.push_back({"Precedence", "bulk"});
    EXPECT_EQ(test::check(h).kind, Kind::automatic);
}

TEST(Check, RefusalWithoutReplyAddressHasNoNotice) {
    auto l = test::letter("Это пиздец, а не проверка.");
    l.reply_address.clear();
    l.from.address = "broken";
    const auto v = test::check(l);
    EXPECT_EQ(v.verdict, Outcome::refused);
    EXPECT_EQ(v.reasons, (std::vector<Reason>{Reason::no_email, Reason::obscene}));
    EXPECT_EQ(v.notice, Notice::none);
    EXPECT_TRUE(v.department.empty());
}

TEST(Check, PolicyReviewAndAccept) {
    RuleData d = test::data();
    d.settings.policy.set(Reason::obscene, Action::review);
    MemoryHistory h;
    const auto now = *parse_rfc3339("2026-10-01T10:00:00Z");
    const auto l = test::letter("Это пиздец, а не проверка. Прошу сообщить срок проверки.");
    auto v = check_letter(l, d, h, now);
    EXPECT_EQ(v.verdict, Outcome::review);
    EXPECT_EQ(v.notice, Notice::none);
    EXPECT_EQ(v.reasons, std::vector<Reason>{Reason::obscene});
    d.settings.policy.set(Reason::obscene, Action::accept);
    v = check_letter(l, d, h, now);
    EXPECT_EQ(v.verdict, Outcome::accepted);
    EXPECT_TRUE(v.reasons.empty());
    EXPECT_EQ(v.flags, std::vector<Reason>{Reason::obscene});
    EXPECT_EQ(v.department, "control");
    const auto j = verdict_to_json(v, l, "x.eml");
    EXPECT_EQ(j["flags"][0], "obscene");
}

// Advertising is refused as off_topic without a notice (verdicts.md); the setting
// notice.mass_mailing = refusal restores it; an ordinary off-topic letter keeps its notice.
TEST(Check, AdvertisingIsRefusedWithoutANoticeUnlessTheSettingSaysSo) {
    const auto ad = test::letter(
        "Предлагаем функциональные кровати со склада: скидка 15%, бесплатная доставка, прайс "
        "и каталог по запросу. Коммерческое предложение действует до конца месяца.",
        "Коммерческое предложение");
    auto v = test::check(ad);
    EXPECT_EQ(v.verdict, Outcome::refused);
    EXPECT_EQ(v.reasons, std::vector<Reason>{Reason::off_topic});
    EXPECT_EQ(v.notice, Notice::none);
    ASSERT_FALSE(v.evidence.empty());
    EXPECT_EQ(v.evidence[0].symbol, "MASS_MAILING");

    RuleData d = test::data();
    d.settings.mass_mailing_notice = true;
    MemoryHistory h;
    v = check_letter(ad, d, h, *parse_rfc3339("2026-10-01T10:00:00Z"));
    EXPECT_EQ(v.notice, Notice::refusal);

    const auto housing = test::letter(
        "Управляющая компания не ремонтирует кровлю, в подъезде нет света, по стене течёт вода.",
        "Протекает крыша");
    v = test::check(housing);
    EXPECT_EQ(v.reasons, std::vector<Reason>{Reason::off_topic});
    EXPECT_EQ(v.notice, Notice::refusal);
}

TEST(Check, JsonFollowsVerdictsMd) {
    auto l = test::letter("Какой-то пи3дец.", "Тема");
    l.sender.phone = "+74242000000";
    const auto v = test::check(l);
    const auto j = verdict_to_json(v, l, "005.eml");
    EXPECT_EQ(j["file"], "005.eml");
    EXPECT_EQ(j["kind"], "appeal");
    EXPECT_EQ(j["verdict"], "refused");
    EXPECT_EQ(j["reasons"], nlohmann::json::array({"obscene"}));
    EXPECT_EQ(j["notice"], "refusal");
    EXPECT_EQ(j["reply_to"], "ivanova@example.ru");
    EXPECT_FALSE(j.contains("department"));
    EXPECT_FALSE(j.contains("complaint_missing"));
    EXPECT_EQ(j["sender"]["last_name"], "Иванова");
    EXPECT_FALSE(j["sender"].contains("ogrn"));
    EXPECT_EQ(j["subject"], "Тема");
    EXPECT_EQ(j["evidence"][0]["reason"], "obscene");
    EXPECT_EQ(j["evidence"][0]["offset"], l.text.find("пи3дец"));
    const auto e = check_error_to_json("bad.eml", "cannot read the file");
    EXPECT_EQ(e["verdict"], "error");
}

TEST(Check, Rfc3339) {
    EXPECT_EQ(parse_rfc3339("2026-09-09T10:15:00+11:00"), parse_rfc3339("2026-09-08T23:15:00Z"));
    EXPECT_FALSE(parse_rfc3339("09.09.2026"));
    EXPECT_FALSE(parse_rfc3339("2026-02-30T10:00:00Z"));
}

TEST(Check, AutomaticBySubjectOrReport) {
    auto l = test::letter("Меня нет на месте до понедельника.", "Автоматический ответ: Запрос");
    l.headers.push_back({"Subject", "Автоматический ответ: Запрос"});
    EXPECT_EQ(test::check(l).kind, Kind::automatic);
    auto r = test::letter("The mail system");
    r.headers.push_back({"Content-Type", "multipart/report; report-type=delivery-status"});
    EXPECT_EQ(test::check(r).kind, Kind::automatic);
}

TEST(Check, QuotedEarlierLetterIsNotTheAppeal) {
    const Letter l = test::letter(
        "Добрый день! Направляем сведения.\n\nОтправлено письмо 5 октября, ответа нет.\n\n"
        "От: Министерство <mszso@sakhalin.gov.ru>\nОтправлено: 20 ноября 2026 г.\nТема: Запрос\n\n"
        "Просим представить сведения.\n");
    const Context c(l, test::data());
    EXPECT_EQ(c.main_text().find("От: Министерство"), std::string_view::npos);
    EXPECT_NE(c.main_text().find("Отправлено письмо"), std::string_view::npos);
    EXPECT_EQ(l.text.substr(c.main_end, 5), "От:");
}
