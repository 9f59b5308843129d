// test_duplicate.cpp: the "duplicate" ground: same sender, same or nearly the same text,
// within the window; a redelivered letter (same Message-ID) is not a duplicate appeal.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

const std::string kText =
    "Добрый день!\n\nРешением министерства деятельность ООО «Бор» отнесена к категории "
    "значительного риска. Считаем, что основания для этого отпали: по результатам выездной "
    "проверки нарушений не выявлено, предписание исполнено в полном объёме и в срок, жалоб от "
    "получателей за последние два года не поступало. Просим рассмотреть вопрос об изменении "
    "категории риска на категорию умеренного риска.\n\nС уважением,\nИванова Мария Петровна\n";

Seconds at(const char* s) {
    return *parse_rfc3339(s);
}

Verdict check(const Letter& l, const MemoryHistory& h, const char* now) {
    return check_letter(l, test::data(), h, at(now));
}

}  // namespace

TEST(Duplicate, ExactResendIsADuplicate) {
    MemoryHistory h;
    auto first = test::letter(kText);
    h.add(make_prior_appeal(first, test::data(), "001.eml", at("2026-10-01T10:00:00Z")));
    auto again = test::letter(kText);
    again.message_id = "other@example.ru";
    const auto v = check(again, h, "2026-10-09T10:00:00Z");
    ASSERT_EQ(v.verdict, Outcome::refused);
    EXPECT_EQ(v.reasons, std::vector<Reason>{Reason::duplicate});
    EXPECT_EQ(v.duplicate_of, "001.eml");
    EXPECT_EQ(v.evidence.at(0).symbol, "DUPLICATE_TEXT");
}

TEST(Duplicate, NearDuplicateWithAddedSentence) {
    MemoryHistory h;
    h.add(make_prior_appeal(test::letter(kText), test::data(), "001.eml",
                            at("2026-10-01T10:00:00Z")));
    std::string changed = kText;
    changed.replace(0, std::string("Добрый день!").size(),
                    "Здравствуйте!\n\nНаправляем повторно, так как ответа нет.");
    auto again = test::letter(changed);
    again.message_id = "other@example.ru";
    const auto v = check(again, h, "2026-10-20T10:00:00Z");
    ASSERT_EQ(v.verdict, Outcome::refused);
    EXPECT_EQ(v.evidence.at(0).symbol, "NEAR_DUPLICATE");
}

TEST(Duplicate, OtherSenderOtherQuestionOrOutsideWindow) {
    MemoryHistory h;
    h.add(make_prior_appeal(test::letter(kText), test::data(), "001.eml",
                            at("2026-10-01T10:00:00Z")));
    auto other = test::letter(kText);
    other.message_id = "x@y.ru";
    other.reply_address = other.from.address = "someone@else.ru";
    other.sender.inn = "6504450440";
    EXPECT_EQ(check(other, h, "2026-10-02T10:00:00Z").verdict, Outcome::accepted);
    auto later = test::letter(kText);
    later.message_id = "z@y.ru";
    EXPECT_EQ(check(later, h, "2027-03-01T10:00:00Z").verdict, Outcome::accepted);
    auto different = test::letter(
        "Добрый день! Просим разъяснить порядок самообследования и "
        "где размещена форма декларации соблюдения обязательных требований.");
    different.message_id = "w@y.ru";
    EXPECT_EQ(check(different, h, "2026-10-02T10:00:00Z").verdict, Outcome::accepted);
}

TEST(Duplicate, SameMessageIdIsARedeliveryNotADuplicate) {
    MemoryHistory h;
    const auto first = test::letter(kText);
    h.add(make_prior_appeal(first, test::data(), "001.eml", at("2026-10-01T10:00:00Z")));
    const auto v = check(first, h, "2026-10-01T10:05:00Z");
    EXPECT_EQ(v.verdict, Outcome::accepted);
    EXPECT_EQ(v.redelivery_of, "001.eml");
}

TEST(Duplicate, FingerprintsIgnoreCasePunctuationAndSpacing) {
    EXPECT_EQ(text_hash("Добрый  день,\nмир!"), text_hash("добрый день мир"));
    EXPECT_NE(text_hash("добрый день"), text_hash("добрый вечер"));
    const auto a = shingles("один два три четыре пять", 3);
    EXPECT_EQ(a.size(), 3u);
    EXPECT_DOUBLE_EQ(jaccard(a, a), 1.0);
    EXPECT_DOUBLE_EQ(jaccard(a, shingles("шесть семь восемь", 3)), 0.0);
}

TEST(Duplicate, ResendThatForwardsTheOriginal) {
    MemoryHistory h;
    h.add(make_prior_appeal(test::letter(kText), test::data(), "001.eml",
                            at("2026-10-01T10:00:00Z")));
    auto again = test::letter(
        "Добрый день! Повторно направляем наше заявление, ответа пока нет.\n\n"
        "-------- Пересылаемое сообщение --------\n" +
        kText);
    again.message_id = "resend@example.ru";
    const auto v = check(again, h, "2026-10-20T10:00:00Z");
    ASSERT_EQ(v.verdict, Outcome::refused);
    EXPECT_EQ(v.duplicate_of, "001.eml");
}
