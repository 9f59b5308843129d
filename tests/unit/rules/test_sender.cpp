// test_sender.cpp: "sender_incomplete", "sender_inaccurate" and "no_email".
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

Findings sender(const Letter& l) {
    Context c(l, test::data());
    Findings f;
    ground_sender_incomplete(c, f);
    ground_sender_inaccurate(c, f);
    ground_no_email(c, usable_reply_address(l, test::data()), f);
    return f;
}

}  // namespace

TEST(Sender, CompletePersonOrOrganisation) {
    auto l = test::letter("Вопрос.");
    EXPECT_TRUE(sender(l).grounds.empty());
    l.sender.organization.reset();
    EXPECT_TRUE(sender(l).grounds.empty());
    l.sender.last_name.reset();
    l.sender.first_name.reset();
    l.sender.organization = "ООО «Опора»";
    EXPECT_TRUE(sender(l).grounds.empty());
}

TEST(Sender, FirstNameOnlyOrSurnameOnlyIsIncomplete) {
    auto l = test::letter("Вопрос.");
    l.from.name.clear();
    l.sender = {};
    l.sender.first_name = "Марина";
    auto f = sender(l);
    ASSERT_TRUE(f.has(Reason::sender_incomplete));
    EXPECT_EQ(f.evidence[0].symbol, "SENDER_PARTIAL_NAME");
    l.sender = {};
    l.sender.last_name = "Шубина";
    EXPECT_TRUE(sender(l).has(Reason::sender_incomplete));
    l.sender = {};
    EXPECT_EQ(sender(l).evidence[0].symbol, "SENDER_NO_NAME");
}

TEST(Sender, WrongCheckDigits) {
    auto l = test::letter("ИНН 6515714580");
    l.sender.inn = "6515714580";
    auto f = sender(l);
    ASSERT_TRUE(f.has(Reason::sender_inaccurate));
    EXPECT_EQ(f.evidence[0].symbol, "INN_CHECK_DIGIT");
    EXPECT_EQ(*f.evidence[0].offset, 7u);
    l = test::letter("ОГРН");
    l.sender.ogrn = "1206592433424";
    EXPECT_EQ(sender(l).evidence.at(0).symbol, "OGRN_CHECK_DIGIT");
    l = test::letter("ОГРН");
    l.sender.ogrn = "1126558182805";
    EXPECT_TRUE(sender(l).grounds.empty());
}

TEST(Sender, MalformedEmailAndIndex) {
    auto l = test::letter("Вопрос.");
    l.sender.email = "danilova.ki@mail,ru";
    EXPECT_EQ(sender(l).evidence.at(0).symbol, "EMAIL_MALFORMED");
    l = test::letter("Вопрос.");
    l.sender.postal_address = "69402, г. Корсаков, ул. Нагорная, д. 21";
    EXPECT_EQ(sender(l).evidence.at(0).symbol, "POSTAL_INDEX_MALFORMED");
    l.sender.postal_address = "694020, г. Корсаков, ул. Нагорная, д. 21";
    EXPECT_TRUE(sender(l).grounds.empty());
    l.sender.postal_address = "г. Корсаков, ул. Нагорная, д. 21";
    EXPECT_TRUE(sender(l).grounds.empty());
}

TEST(NoEmail, FormWithoutEmailField) {
    auto l = test::letter("Вопрос.");
    l.from = {"Сайт министерства", "noreply@msz.sakhalin.gov.ru"};
    l.reply_address = "noreply@msz.sakhalin.gov.ru";
    l.form = WebForm{};
    l.form->email = "нет";
    l.form->text = "Вопрос.";
    auto f = sender(l);
    ASSERT_TRUE(f.has(Reason::no_email));
    EXPECT_NE(f.evidence.back().text.find("нет"), std::string::npos);
    l.form->email = "pak@inbox.ru";
    EXPECT_EQ(usable_reply_address(l, test::data()), "pak@inbox.ru");
}

TEST(NoEmail, OwnAddressesNeverAnswered) {
    auto l = test::letter("Вопрос.");
    l.reply_address = "";
    l.reply_to.clear();
    l.from = {"", "mszso@sakhalin.gov.ru"};
    EXPECT_EQ(usable_reply_address(l, test::data()), "");
}

TEST(Sender, FullFromNameCountsWhenTheTextHasNone) {
    auto l = test::letter("Вопрос.");
    l.sender = {};
    l.from = {"Ким Анна Ивановна", "kim@example.ru"};
    EXPECT_FALSE(sender(l).has(Reason::sender_incomplete));
    l.from = {"Марина", "marina@example.ru"};
    EXPECT_TRUE(sender(l).has(Reason::sender_incomplete));
    l.from = {"ООО «Опора» — служба поддержки", "info@example.ru"};
    EXPECT_TRUE(sender(l).has(Reason::sender_incomplete));
    l.from = {"Ким Анна Ивановна", "kim@example.ru"};
    l.form = WebForm{};
    EXPECT_TRUE(sender(l).has(Reason::sender_incomplete));
}
