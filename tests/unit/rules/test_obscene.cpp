// test_obscene.cpp: the "obscene" ground: disguised мат found, ordinary words left alone.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

bool obscene(const std::string& text) {
    return test::has(test::run(ground_obscene, test::letter(text)), Reason::obscene);
}

}  // namespace

class ObscenePositive : public ::testing::TestWithParam<const char*> {};
TEST_P(ObscenePositive, Fires) {
    EXPECT_TRUE(obscene(GetParam())) << GetParam();
}
INSTANTIATE_TEST_SUITE_P(Disguised, ObscenePositive,
                         ::testing::Values("это х у й знает что", "полная xуй", "ну и п1зд@ вам",
                                           "6ля, опять проверка", "ёб твою", "хууууй",
                                           "Б л я д ь, сколько можно", "какого х.у.я опять",
                                           "это пиздец", "это пи3дец", "Вы 3@ебали",
                                           "какая-то xyйня", "Eбaнaя бюрократия", "нахуя это",
                                           "охуели совсем", "ХУЙНЯ", "бля", "распиздяи", "мудак",
                                           "пидорас", "заебись", "ЁБАНЫЙ"));

class ObsceneNegative : public ::testing::TestWithParam<const char*> {};
TEST_P(ObsceneNegative, Silent) {
    EXPECT_FALSE(obscene(GetParam())) << GetParam();
}
INSTANTIATE_TEST_SUITE_P(
    Clean, ObsceneNegative,
    ::testing::Values("плата 1 452 рубля", "употреблять слово", "оскорблять сотрудников",
                      "борт корабля", "репетиции ансамбля", "хлебать щи", "учебного корабля",
                      "в командировке", "оскорбляло работников", "требования", "мандат",
                      "мандарины", "небо", "себе", "тебя", "застрахуйте", "психует", "хулиган",
                      "мебель", "скипидар", "колебаться", "истреблять", "сабля", "гребля",
                      "команда", "Кравцова Е.Б. провела", "б/у оборудование", "страховка",
                      "Toyota Corolla", "х/б ткань", "ребенок", "учебе", "хлебозавод",
                      "злоупотребление", "потребитель", "x y z", "сноска*", "п*", "3 x 4 м",
                      "в * и", "ответ * да"));

// Words built from the roots the ways Russian builds words, written for this test (the
// language corpus holds other projects' cases): compounds with a joining vowel, а- for о-,
// prefixes with and without ъ, leading й, letters hidden or inserted, Latin spellings.
INSTANTIATE_TEST_SUITE_P(Built, ObscenePositive,
                         ::testing::Values("какой-то долбоёб писал", "дураёбы из отдела",
                                           "мудаёбище", "ахуеть можно", "далбаёб", "вспизднул",
                                           "подъёбка", "взъебали", "съебались", "остопиздело",
                                           "Йебаный стыд", "бл*ядь", "пи**дец", "E6AHOE", "huilo",
                                           "pizdec", "монда", "пидер", "мандавошка",
                                           "распиздяйство", "выблядок", "схуярили"));

// Ordinary words those ways of building must leave alone: a short root inside a longer
// stem, a joining vowel that belongs to the stem, a prefix without its ъ, the verbs in
// -блять, names, Latin words.
INSTANTIATE_TEST_SUITE_P(Built, ObsceneNegative,
                         ::testing::Values("вебинар", "двоеборье", "сваебойная установка",
                                           "Амударья", "аблятив", "уподоблять", "пособлять",
                                           "обособляться", "город Мандалай", "округ Мандаль",
                                           "драчун", "драчливый", "мудрость", "ebay", "ebony",
                                           "hues", "Hui", "Вебер", "сабля", "учебник",
                                           "небоскреб"));

TEST(Obscene, EvidenceHasFragmentAndOffset) {
    const auto l = test::letter("Добрый день. Это пи3дец, уважаемые.");
    const auto f = test::run(ground_obscene, l);
    ASSERT_EQ(f.evidence.size(), 1u);
    EXPECT_EQ(f.evidence[0].symbol, "OBSCENE_ROOT");
    ASSERT_TRUE(f.evidence[0].offset);
    EXPECT_EQ(*f.evidence[0].offset, l.text.find("пи3дец"));
    EXPECT_NE(f.evidence[0].text.find("пизд"), std::string::npos);
}

TEST(Obscene, SubjectCounts) {
    auto l = test::letter("Добрый день.", "хуйня какая-то");
    const auto f = test::run(ground_obscene, l);
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence[0].field, "subject");
}

TEST(Obscene, GluedFragmentsAreNormalised) {
    const auto toks = obscene_tokens("Б л я д ь", test::data());
    bool found = false;
    for (const auto& t : toks) found |= t.norm == U"блядь";
    EXPECT_TRUE(found);
}
