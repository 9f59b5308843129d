// test_offensive_threat.cpp: the "offensive" and "threat" grounds, with the described
// (reported) conduct and the language of inspection acts as negatives.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

bool offensive(const std::string& t) {
    return test::has(test::run(ground_offensive, test::letter(t)), Reason::offensive);
}
bool threat(const std::string& t) {
    return test::has(test::run(ground_threat, test::letter(t)), Reason::threat);
}

}  // namespace

TEST(Offensive, InsultsAimedAtPeople) {
    EXPECT_TRUE(offensive("Вы там совсем отупели? Сидят идиоты и бездельники."));
    EXPECT_TRUE(offensive("Ваш инспектор — бестолковая хамка и невежда."));
    EXPECT_TRUE(offensive("Таких бездарей и дармоедов надо гнать."));
    EXPECT_TRUE(offensive("Вы все там дармоеды и тупицы."));
    EXPECT_TRUE(offensive("Негодяи и бездарные чинуши!"));
}

TEST(Offensive, DescribedConductIsNotAnInsult) {
    EXPECT_FALSE(
        offensive("Инспектор допускал оскорбительные высказывания в адрес наших сотрудников."));
    EXPECT_FALSE(offensive("Считаем недопустимым, чтобы должностное лицо оскорбляло работников."));
    EXPECT_FALSE(offensive("Инспектор назвал наших сотрудников идиотами."));
    EXPECT_FALSE(offensive("Называла работу персонала «позором»."));
    EXPECT_FALSE(offensive("Сукно для штор, козлы для пилки дров и дурной запах."));
    EXPECT_FALSE(offensive("Урожай в этом году хороший, сучок на доске."));
    EXPECT_FALSE(offensive("Такой договор — ничтожная сделка, а тупые ножницы заменены."));
}

TEST(Threat, ThreatsToOfficials) {
    EXPECT_TRUE(threat("Если он ещё раз появится, пусть пеняет на себя."));
    EXPECT_TRUE(threat("Если он ещё раз сунется, живым оттуда не выйдет."));
    EXPECT_TRUE(threat("Где он живёт, я знаю."));
    EXPECT_TRUE(threat("И пусть подумает о своей семье, прежде чем писать акт."));
    EXPECT_TRUE(threat("Его машина сгорит, если он не отменит акт."));
    EXPECT_TRUE(threat("Убью!"));
}

TEST(Threat, LanguageOfActsAndFinesIsNoThreat) {
    EXPECT_FALSE(
        threat("Отсутствие системы создаёт угрозу причинения вреда жизни и здоровью "
               "получателей социальных услуг."));
    EXPECT_FALSE(threat("Угроза жизни и здоровью получателей социальных услуг."));
    EXPECT_FALSE(threat("Теперь вы грозите штрафом."));
    EXPECT_FALSE(threat("Инспектор грозит исключить меня из реестра."));
    EXPECT_FALSE(threat("Инспектор угрожал, что мы пожалеем и пусть пеняем на себя."));
}

TEST(Threat, EvidenceNamesThePhrase) {
    const auto l = test::letter("Передайте: живым не выйдет.");
    const auto f = test::run(ground_threat, l);
    ASSERT_EQ(f.evidence.size(), 1u);
    EXPECT_EQ(f.evidence[0].symbol, "THREAT_PHRASE");
    EXPECT_NE(f.evidence[0].text.find("живым не выйдет"), std::string::npos);
    EXPECT_EQ(*f.evidence[0].offset, l.text.find("живым"));
}
