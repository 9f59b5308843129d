// test_unreadable.cpp: the "unreadable" ground: mojibake, wrong layout, gibberish.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

Findings run(const std::string& t) {
    return test::run(ground_unreadable, test::letter(t));
}

}  // namespace

TEST(Unreadable, Mojibake) {
    const auto f =
        run("Р”РѕР±СЂС‹Р№ РґРµРЅСЊ! РќР°РїСЂР°РІР»СЏРµРј РїРµСЂРµС‡РµРЅСЊ РґРѕРєСѓРјРµРЅС‚РѕРІ.");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_EQ(f.evidence[0].symbol, "MOJIBAKE");
    EXPECT_NE(f.evidence[0].text.find("Добрый день"), std::string::npos) << f.evidence[0].text;
}

TEST(Unreadable, WrongLayout) {
    const auto f =
        run("Plhfdcndeqnt! Yfv ye;ty jndtn yf djghjc j ghjdthrt/ Gjlcrf;bnt? gj;fkeqcnf? "
            "rfrbt ljrevtyns ye;yj gjlujnjdbnm/");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_EQ(f.evidence[0].symbol, "WRONG_LAYOUT");
    EXPECT_NE(f.evidence[0].text.find("здравствуйте"), std::string::npos) << f.evidence[0].text;
}

TEST(Unreadable, KeyboardMashing) {
    const auto f = run("ывфа фывао лоррр ывапп\nжжжжж дддлорпа ячсм\nщшгнек олджэ ыыыы");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_EQ(f.evidence[0].symbol, "GIBBERISH");
}

TEST(Unreadable, OrdinaryLettersAreReadable) {
    EXPECT_FALSE(run("Добрый день! Просим разъяснить порядок проведения проверки и сообщить срок.")
                     .has(Reason::unreadable));
    EXPECT_FALSE(
        run("Please find the documents attached. Best regards, John Smith, Vladivostok office.")
            .has(Reason::unreadable));
    EXPECT_FALSE(run("").has(Reason::unreadable));
    EXPECT_FALSE(run("Здравствуйте, ИНН 6501912538, ОГРН 1126558182805, ИППСУ, ЕРКНМ.")
                     .has(Reason::unreadable));
}

TEST(Unreadable, OtherMojibakeKinds) {
    auto f = run("Ïðèâåò! Ïðîñèì ðàçúÿñíèòü ïîðÿäîê ïðîâåäåíèÿ ïðîâåðêè.");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_NE(f.evidence[0].text.find("Привет"), std::string::npos) << f.evidence[0].text;
    f = run("ÐŸÑ€Ð¸Ð²ÐµÑ‚! ÐŸÑ€Ð¾Ñ Ð¸Ð¼ Ñ€Ð°Ð·ÑŠÑ Ñ Ð½Ð¸Ñ‚ÑŒ Ð¿Ð¾Ñ€Ñ Ð´Ð¾Ðº.");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_NE(f.evidence[0].text.find("Привет"), std::string::npos) << f.evidence[0].text;
    f = run("рТЙЧЕФ, НЙТ! рТПУЙН ТБЪЯСУОЙФШ РПТСДПЛ РТПЧЕДЕОЙС РТПЧЕТЛЙ Й УППВЭЙФШ УТПЛ.");
    EXPECT_TRUE(f.has(Reason::unreadable));
}

TEST(Unreadable, Koi8AndCp1251Swapped) {
    // "Добрый день! Просим сообщить срок проверки и перечень документов." written in KOI8-R
    // and read as windows-1251.
    const auto f =
        run("дПВТЩК ДЕОШ! рТПУЙН УППВЭЙФШ УТПЛ РТПЧЕТЛЙ Й РЕТЕЮЕОШ ДПЛХНЕОФПЧ, ЛПФПТЩЕ "
            "ОХЦОП РПДЗПФПЧЙФШ.");
    ASSERT_TRUE(f.has(Reason::unreadable));
    EXPECT_EQ(f.evidence[0].symbol, "MOJIBAKE");
    EXPECT_NE(f.evidence[0].text.find("Добрый день"), std::string::npos) << f.evidence[0].text;
}

TEST(Unreadable, ForeignLatinTextIsNotAWrongLayout) {
    EXPECT_FALSE(run("Uw bestelgegevens: Besteldatum 12-03-2020, artikel 4, verzending binnen twee "
                     "werkdagen. Met vriendelijke groet, de klantenservice van de winkel.")
                     .has(Reason::unreadable));
    EXPECT_FALSE(
        run("Text body 0123456789abcdefghijklmnopqrstuvwxyz ABCDEFLMNOPRSTUVWXYZ, the quick "
            "brown fox jumps over the lazy dog again and again.")
            .has(Reason::unreadable));
}
