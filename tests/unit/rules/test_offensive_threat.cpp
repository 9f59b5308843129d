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

// Insults as phrases: an address and what is said of the person, or sending them away.
TEST(Offensive, InsultsAsPhrases) {
    EXPECT_TRUE(offensive("Пошёл в жопу со своими проверками."));
    EXPECT_TRUE(offensive("Вот ты собака сутулая."));
    EXPECT_TRUE(offensive("От вас воняет бюрократией."));
    EXPECT_TRUE(offensive("Ну и лошара этот инспектор."));
    EXPECT_FALSE(offensive("В подвале воняет сыростью, акт составлен."));
    EXPECT_FALSE(offensive("Собака охраны лаяла всю проверку."));
    EXPECT_FALSE(offensive("Записались на педикюр для получателей услуг."));
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

// Intent stated: a verb of intent, a verb of harm and a person, in one sentence; idioms
// and harm to things do not count.
TEST(Threat, IntentToHarmAPerson) {
    EXPECT_TRUE(threat("Я собираюсь убить его, если акт не отменят."));
    EXPECT_TRUE(threat("Хочу избить этого инспектора."));
    EXPECT_TRUE(threat("Мы готовы поджечь дом начальника."));
    EXPECT_FALSE(threat("Хочу сжечь старые черновики документов."));
    EXPECT_FALSE(threat("Пока ждали инспектора, убьём время за чаем."));
    EXPECT_FALSE(threat("Так мы убьём двух зайцев: и отчёт сдадим, и план."));
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

// settings.txt escalates threats to the head: the verdict says so, refused or held alike;
// other grounds are not escalated.
TEST(Threat, IsEscalatedToTheHead) {
    EXPECT_EQ(
        test::check(test::letter("Если он ещё раз появится, пусть пеняет на себя.")).escalate_to,
        "head");
    const auto held = test::check(test::letter("Я собираюсь убить его, если акт не отменят."));
    EXPECT_EQ(held.verdict, Outcome::review) << "intent is weak evidence";
    EXPECT_EQ(held.escalate_to, "head");
    EXPECT_EQ(test::check(test::letter("Сидят там идиоты и бездельники.")).escalate_to, "");
}
