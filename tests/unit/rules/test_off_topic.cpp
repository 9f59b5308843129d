// test_off_topic.cpp: the "off_topic" ground names the competent body.
#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

TEST(OffTopic, HousingGoesToTheHousingInspectorate) {
    const auto f = test::run(ground_off_topic,
                             test::letter("Управляющая компания не ремонтирует кровлю, в подъезде "
                                          "нет света, по стене течёт вода.",
                                          "Протекает крыша"));
    ASSERT_TRUE(f.has(Reason::off_topic));
    EXPECT_NE(f.evidence[0].text.find("жилищная инспекция"), std::string::npos)
        << f.evidence[0].text;
}

TEST(OffTopic, TrafficFine) {
    const auto f = test::run(ground_off_topic,
                             test::letter("Пришёл штраф с камеры за превышение скорости, а машина "
                                          "стояла в сервисе. Госномер распознан неверно."));
    ASSERT_TRUE(f.has(Reason::off_topic));
    EXPECT_NE(f.evidence[0].text.find("ГИБДД"), std::string::npos);
}

TEST(OffTopic, Advertising) {
    const auto f = test::run(
        ground_off_topic,
        test::letter(
            "Предлагаем поставщикам социальных услуг кровати со склада: скидка 10%, "
            "бесплатная доставка, прайс и каталог по запросу. Будем рады сотрудничеству!"));
    ASSERT_TRUE(f.has(Reason::off_topic));
}

TEST(OffTopic, MinistryQuestionsStay) {
    const auto f = test::run(
        ground_off_topic,
        test::letter(
            "Просим разъяснить, проверяет ли министерство при плановой проверке поставщика "
            "социальных услуг наличие лекарств и записи к врачу получателей."));
    EXPECT_FALSE(f.has(Reason::off_topic));
}

TEST(OffTopic, HomeCareTalksAboutClinicsAndPensions) {
    const auto f = test::run(
        ground_off_topic,
        test::letter("Наш социальный работник сопровождает получателя в поликлинику, покупает "
                     "лекарства и вызывает врача на дом. Плата рассчитана от размера пенсии, "
                     "СНИЛС получателя есть в договоре. Нужно ли это отражать в ИППСУ?"));
    EXPECT_FALSE(f.has(Reason::off_topic)) << (f.evidence.empty() ? "" : f.evidence[0].text);
}

TEST(OffTopic, ProviderMentioningAnotherBodyStaysOnTopic) {
    const auto f = test::run(
        ground_off_topic,
        test::letter("В отделении протекает крыша, управляющая компания не реагирует. В связи с "
                     "этим просим перенести плановую проверку на декабрь."));
    EXPECT_FALSE(f.has(Reason::off_topic)) << (f.evidence.empty() ? "" : f.evidence[0].text);
}
