// test_abbreviations.cpp: the "abbreviations" ground.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

TEST(Abbreviations, MadeOfUnknownAbbreviations) {
    const auto f = test::run(ground_abbreviations,
                             test::letter("Прошу разъяснить по ВПК: при ОРП в ГРСО нужно ли ЗКД "
                                          "отражать в ЖУПР, если в ТМ нет ОЛК? И по КВЛ — СКП?"));
    ASSERT_TRUE(f.has(Reason::abbreviations));
    EXPECT_EQ(f.evidence[0].symbol, "UNKNOWN_ABBREVIATIONS");
    EXPECT_NE(f.evidence[0].text.find("ВПК"), std::string::npos);
}

TEST(Abbreviations, KnownAbbreviationsAreReadable) {
    const auto f = test::run(
        ground_abbreviations,
        test::letter("АНО (ИНН 6501912538, ОГРН 1126558182805) просит разъяснить порядок ИППСУ, "
                     "проверок по 248-ФЗ, записи в ЕРКНМ и КНД для ИП и НКО в РФ."));
    EXPECT_FALSE(f.has(Reason::abbreviations));
}

TEST(Abbreviations, HeadingsAreNotAbbreviations) {
    const auto f = test::run(ground_abbreviations,
                             test::letter("ЖАЛОБА\nНА ДЕЙСТВИЯ ИНСПЕКТОРА\n\nПрошу рассмотреть."));
    EXPECT_FALSE(f.has(Reason::abbreviations));
}
