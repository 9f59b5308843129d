// test_complaint.cpp: complaints recognised, and their mandatory items judged.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

const std::string kHead = "Министру социальной защиты Сахалинской области\n\nЖАЛОБА\n\n";
const std::string kEssence =
    "17 сентября 2026 г. консультант отдела контроля Петрова Анна Сергеевна провела у нас "
    "профилактический визит и вручила требование об устранении нарушений, хотя по итогам "
    "профилактического визита такие требования не выдаются, и потребовала копии медицинских "
    "документов всех получателей.\n\n";
const std::string kDemand = "Прошу признать её действия неправомерными.\n\n";
const std::string kNotify = "О принятых мерах прошу сообщить по электронной почте.\n\n";

std::vector<ComplaintItem> missing(const Letter& l) {
    return test::run(ground_complaint_incomplete, l).complaint_missing;
}

}  // namespace

TEST(Complaint, Recognised) {
    EXPECT_TRUE(is_complaint(Context(test::letter(kHead + kEssence), test::data())));
    EXPECT_TRUE(is_complaint(
        Context(test::letter("Текст.", "Жалоба на действия инспектора"), test::data())));
    EXPECT_TRUE(is_complaint(Context(
        test::letter("Прошу рассмотреть мою жалобу на действия сотрудника."), test::data())));
    EXPECT_FALSE(is_complaint(Context(
        test::letter(
            "Жалоб от получателей за два года не поступало. Просим изменить категорию риска."),
        test::data())));
}

TEST(Complaint, CompleteComplaintHasNothingMissing) {
    auto l =
        test::letter(kHead + kEssence + kDemand + kNotify + "Директор\nИванова Мария Петровна\n");
    EXPECT_TRUE(missing(l).empty());
    const auto v = test::check(l);
    EXPECT_EQ(v.kind, Kind::complaint);
    EXPECT_EQ(v.verdict, Outcome::accepted);
    EXPECT_EQ(v.department, "head");
}

TEST(Complaint, NoNotifyMethod) {
    auto l = test::letter(kHead + kEssence + kDemand);
    EXPECT_EQ(missing(l), std::vector<ComplaintItem>{ComplaintItem::notify_method});
}

TEST(Complaint, NoOfficialUnlessUnknownIsSaid) {
    const std::string essence =
        "Во время проверки сотрудник министерства без согласия получателей заходил к ним домой, "
        "осматривал квартиры и расспрашивал пожилых людей об их доходах и родственниках.\n\n";
    auto l = test::letter(kHead + essence + kDemand + kNotify + "Иванова Мария Петровна\n");
    EXPECT_EQ(missing(l), std::vector<ComplaintItem>{ComplaintItem::official});
    l = test::letter(kHead + essence +
                     "Представиться он отказался, поэтому фамилию этого сотрудника мы не знаем.\n" +
                     kDemand + kNotify);
    EXPECT_TRUE(missing(l).empty());
}

// "Фамилию не знаю" counts when a position or an event identifies the official; a hint
// without it, or the sentence alone, is weak evidence; nothing at all is strong.
TEST(Complaint, TheOfficialIdentifiedByPositionOrEvent) {
    const std::string rude =
        "Сотрудник министерства грубо разговаривал с нашими работниками и требовал документы, "
        "которых нет в перечне, и угрожал закрыть организацию.\n\n";
    auto symbol = [](const Letter& l) {
        for (const auto& e : test::run(ground_complaint_incomplete, l).evidence)
            if (e.symbol.find("OFFICIAL") != std::string::npos) return e.symbol;
        return std::string();
    };
    // Nothing that identifies anyone: strong.
    auto l = test::letter(kHead + rude + kDemand + kNotify);
    EXPECT_EQ(symbol(l), "COMPLAINT_NO_OFFICIAL");
    // "Не знаю" alone, the position too vague: weak.
    l = test::letter(kHead + rude + "Фамилию сотрудника я не знаю.\n\n" + kDemand + kNotify);
    EXPECT_EQ(symbol(l), "COMPLAINT_OFFICIAL_UNNAMED");
    EXPECT_EQ(test::check(l).verdict, Outcome::review);
    // A position that identifies, and "не знаю": satisfied.
    l = test::letter(kHead + rude + "Это была инспектор отдела контроля, фамилию я не знаю.\n\n" +
                     kDemand + kNotify);
    EXPECT_TRUE(missing(l).empty());
    // The position without "не знаю": weak.
    l = test::letter(kHead + rude + "Это была инспектор отдела контроля.\n\n" + kDemand + kNotify);
    EXPECT_EQ(symbol(l), "COMPLAINT_OFFICIAL_UNNAMED");
}

TEST(Complaint, NoEssence) {
    auto l = test::letter(
        "Добрый день!\n\nПрошу рассмотреть жалобу АНО «Забота» на действия консультанта отдела "
        "контроля Петрова Ивана Сергеевича при проведении проверки в октябре 2026 г.\n\n"
        "Считаем его действия незаконными и нарушающими права нашей организации.\n\n" +
        kNotify +
        "Иванова Мария Петровна\nдиректор АНО «Забота»\n693012, г. Южно-Сахалинск, ул. Ленина, д. "
        "3\n");
    EXPECT_EQ(missing(l), std::vector<ComplaintItem>{ComplaintItem::essence});
}

TEST(Complaint, PaperAnswerNeedsAPostalAddress) {
    auto l =
        test::letter(kHead + kEssence + kDemand +
                     "Ответ и уведомление о принятых мерах просим направить в письменной форме "
                     "почтой по адресу организации.\n");
    auto f = test::run(ground_complaint_incomplete, l);
    EXPECT_EQ(f.complaint_missing, std::vector<ComplaintItem>{ComplaintItem::reply_address});
    l.sender.postal_address = "694020, г. Корсаков, ул. Нагорная, д. 21";
    EXPECT_TRUE(missing(l).empty());
}

TEST(Complaint, ItemsComeInTheOrderOfVerdictsMd) {
    auto l = test::letter(kHead + "Прошу разобраться.\n");
    l.sender = {};
    l.reply_address.clear();
    l.from.address.clear();
    const auto m = missing(l);
    EXPECT_EQ(m, (std::vector<ComplaintItem>{ComplaintItem::applicant, ComplaintItem::reply_address,
                                             ComplaintItem::official, ComplaintItem::essence,
                                             ComplaintItem::notify_method}));
}

TEST(Complaint, TerseEssenceAndPostalAddressInTheText) {
    auto l = test::letter(
        kHead + "Инспектор Петров 5 октября требовал взятку за положительный акт проверки.\n\n" +
        "Ответ прошу направить почтой по адресу: 694020, г. Корсаков, ул. Нагорная, д. 21.\n");
    EXPECT_TRUE(missing(l).empty());
}

TEST(Complaint, InitialsDoNotSplitTheFormula) {
    auto l = test::letter(
        "Прошу рассмотреть мою жалобу на действия специалиста Кравцовой Е.В. при проведении "
        "проверки "
        "ООО «Ромашка» в сентябре 2026 года.\n\nСчитаю её действия неправомерными.\n\n" +
        kNotify);
    EXPECT_EQ(missing(l), std::vector<ComplaintItem>{ComplaintItem::essence});
}

TEST(Complaint, AComplaintAboutOurOwnEmployeeIsAnAppeal) {
    EXPECT_FALSE(is_complaint(Context(
        test::letter("Мы получили жалобу на нашего сотрудника от родственника получателя. Как "
                     "нам поступить?"),
        test::data())));
}

TEST(Complaint, AComplaintAboutAnotherBodyIsOffTopic) {
    const auto v = test::check(test::letter(
        "Управляющая компания второй год не ремонтирует кровлю, в подъезде течёт, на потолке "
        "плесень. Прошу принять меры.",
        "Жалоба на управляющую компанию"));
    EXPECT_EQ(v.kind, Kind::appeal);
    EXPECT_EQ(v.reasons, std::vector<Reason>{Reason::off_topic});
}
