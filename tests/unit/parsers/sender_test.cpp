// sender_test.cpp: sender details from signatures, letter heads, the form and the From
// name; the reply address; readability. Letters here are written for the test, in the
// ways senders write (none is a corpus letter).
#include <gtest/gtest.h>

#include "parsers/sender.hpp"
#include "parsers/web_form.hpp"

namespace {

obrd::Letter letter_with(const std::string& text, const std::string& from_name = "",
                         const std::string& from_address = "sender@example.ru") {
    obrd::Letter l;
    l.text = text;
    l.from = {from_name, from_address};
    l.form = obrd::read_web_form(text);
    return l;
}

}  // namespace

TEST(Sender, SignatureBlock) {
    auto l = letter_with(
        "Добрый день!\n\nПросим разъяснить порядок проверки.\n\nС уважением,\nСмирнова Ольга "
        "Ивановна\n"
        "генеральный директор ООО «Ромашка»\nИНН 6501912538, ОГРН 1027700132195\n"
        "тел. 8 (4242) 11-22-33\n693000, г. Южно-Сахалинск, ул. Ленина, д. 1\n");
    auto s = obrd::extract_sender(l);
    EXPECT_EQ(s.last_name, "Смирнова");
    EXPECT_EQ(s.first_name, "Ольга");
    EXPECT_EQ(s.patronymic, "Ивановна");
    EXPECT_EQ(s.organization, "ООО «Ромашка»");
    EXPECT_EQ(s.inn, "6501912538");
    EXPECT_EQ(s.ogrn, "1027700132195");
    EXPECT_EQ(s.phone, "+74242112233");
    EXPECT_EQ(s.postal_address, "693000, г. Южно-Сахалинск, ул. Ленина, д. 1");
    EXPECT_EQ(s.email, "sender@example.ru");
}

TEST(Sender, WrongCheckDigitsAreCopiedAsWritten) {
    auto s = obrd::extract_sender(
        letter_with("Вопрос.\n\nИванов Пётр Сергеевич\nИНН 6501912539\nОГРН 1027700132196\n"));
    EXPECT_EQ(s.inn, "6501912539");
    EXPECT_EQ(s.ogrn, "1027700132196");
}

TEST(Sender, IndividualEntrepreneurAndOgrnip) {
    auto s =
        obrd::extract_sender(letter_with("Прошу разъяснить.\n\nИП Орлов Денис Игоревич\nИНН "
                                         "500100732259\nОГРНИП 304500116000157\n"));
    EXPECT_EQ(s.organization, "ИП Орлов Денис Игоревич");
    EXPECT_EQ(s.last_name, "Орлов");
    EXPECT_EQ(s.first_name, "Денис");
    EXPECT_EQ(s.ogrn, "304500116000157");
}

TEST(Sender, HeadOfAComplaintAndFullOrganisationForms) {
    auto s =
        obrd::extract_sender(letter_with("Министру социальной защиты\n\nБлаготворительный фонд "
                                         "\"Луч\" (ИНН 7707083893, адрес: 694020, г. Корсаков, "
                                         "ул. Мира, д. 2)\n\nЖАЛОБА\n\nТекст жалобы.\n\nДиректор "
                                         "благотворительного фонда \"Луч\"\nПетров Иван "
                                         "Андреевич\n"));
    EXPECT_EQ(s.organization, "Благотворительный фонд \"Луч\"");
    EXPECT_EQ(s.postal_address, "694020, г. Корсаков, ул. Мира, д. 2");
    EXPECT_EQ(s.last_name, "Петров");
}

TEST(Sender, OrganisationsMentionedInSentencesAreNotTheSender) {
    auto s = obrd::extract_sender(
        letter_with("Управляющая компания ООО «Дом» заявки не выполняет.\nПрошу принять "
                    "меры.\n\nСидоров Олег Павлович\n"));
    EXPECT_FALSE(s.organization);
}

TEST(Sender, NameOrderAndPartialNames) {
    auto s = obrd::extract_sender(letter_with("Спасибо.\n\nАлина Морозова\nменеджер\n"));
    EXPECT_EQ(s.first_name, "Алина");
    EXPECT_EQ(s.last_name, "Морозова");
    s = obrd::extract_sender(letter_with("Подскажите, пожалуйста, сроки.\n\nСпасибо.\nМарина\n"));
    EXPECT_EQ(s.first_name, "Марина");
    EXPECT_FALSE(s.last_name);
    s = obrd::extract_sender(letter_with("Добрый день.\n\nПрошу продлить срок.\n\nШубина\n"));
    EXPECT_EQ(s.last_name, "Шубина");
    EXPECT_FALSE(s.first_name);
}

TEST(Sender, QuotedReplyIsIgnored) {
    auto s =
        obrd::extract_sender(letter_with("Направляем сведения.\n\nС уважением,\nРябова Светлана "
                                         "Олеговна\n\nОт: Министерство <m@example.ru>\n"
                                         "Отправлено: 20 ноября\n\nУважаемые "
                                         "руководители!\n\nИванов Иван Иванович\nООО «Другое»\n"));
    EXPECT_EQ(s.last_name, "Рябова");
    EXPECT_FALSE(s.organization);
}

TEST(Sender, UnreadableBodyTakesTheFromName) {
    auto s = obrd::extract_sender(
        letter_with("ывфа фывао лоррр ывапп\nжжжжж дддлорпа\n", "Устинов Дмитрий Алексеевич"));
    EXPECT_EQ(s.last_name, "Устинов");
    EXPECT_EQ(s.patronymic, "Алексеевич");
    s = obrd::extract_sender(letter_with("Р”РѕР±СЂС‹Р№ РґРµРЅСЊ!\n", "Хегай Светлана Игоревна"));
    EXPECT_EQ(s.first_name, "Светлана");
}

TEST(Sender, ReadableBodyWithoutANameDoesNotTakeTheFromName) {
    auto s =
        obrd::extract_sender(letter_with("Добрый день!\n\nАкт был вручён нам вчера, просим "
                                         "разъяснить сроки.\n\nС уважением,\nдиректор\n",
                                         "Иванов Иван Иванович"));
    EXPECT_FALSE(s.last_name);
    EXPECT_FALSE(s.first_name);
}

TEST(Sender, Readability) {
    EXPECT_TRUE(
        obrd::text_looks_readable("Добрый день! Прошу разъяснить, что нам делать с актом."));
    EXPECT_FALSE(obrd::text_looks_readable("Plhfdcndeqnt! Yfie jhufybpfwb"));
    EXPECT_FALSE(obrd::text_looks_readable("Р”РѕР±СЂС‹Р№ РґРµРЅСЊ!"));
    EXPECT_FALSE(obrd::text_looks_readable("ывфа фывао лоррр ывапп ааааа"));
}

TEST(Sender, FormFields) {
    auto l = letter_with(
        "Фамилия: Лебедева\nИмя: Нина\nОтчество: Павловна\nОрганизация: АНО «Соседи»\nИНН: "
        "6504495089\n"
        "E-mail: нет\nТелефон: 8-914-000-11-22\nПочтовый адрес: 694051, г. Долинск, ул. Ленина, д. "
        "7\n"
        "Тема: Консультирование\nТекст обращения:\nВопрос.\n",
        "Сайт министерства", "noreply@msz.example.ru");
    auto s = obrd::extract_sender(l);
    EXPECT_EQ(s.last_name, "Лебедева");
    EXPECT_EQ(s.organization, "АНО «Соседи»");
    EXPECT_FALSE(s.email);  // "нет" is not an address
    EXPECT_EQ(s.phone, "+79140001122");
    l.sender = s;
    EXPECT_EQ(obrd::choose_reply_address(l), "");  // never the site's own From
}

TEST(Sender, ReplyAddressOrder) {
    auto l = letter_with("text", "", "office@example.ru");
    EXPECT_EQ(obrd::choose_reply_address(l), "office@example.ru");
    l.reply_to = {{"", "director@example.ru"}};
    EXPECT_EQ(obrd::choose_reply_address(l), "director@example.ru");
    l.reply_to = {{"", "bad@address"}};
    EXPECT_EQ(obrd::choose_reply_address(l), "office@example.ru");
    l.from = {"", "MAILER-DAEMON@example.ru"};
    EXPECT_EQ(obrd::choose_reply_address(l), "");
}

TEST(Sender, NameLinesWithGreetingsOrPositions) {
    auto s = obrd::extract_sender(
        letter_with("Прошу разъяснить сроки.\n\nС уважением, Петрова Анна Сергеевна\n"));
    EXPECT_EQ(s.last_name, "Петрова");
    EXPECT_EQ(s.patronymic, "Сергеевна");
    s = obrd::extract_sender(
        letter_with("Прошу разъяснить сроки.\n\nПетрова Анна Сергеевна, директор\n"));
    EXPECT_EQ(s.first_name, "Анна");
    s = obrd::extract_sender(
        letter_with("Прошу разъяснить сроки.\n\nгенеральный директор Петрова Анна Сергеевна\n"));
    EXPECT_EQ(s.last_name, "Петрова");
    // A sentence that happens to end in a name is not a signature.
    s = obrd::extract_sender(
        letter_with("Проверку проводила Петрова Анна Сергеевна\n\nСпасибо.\n"));
    EXPECT_FALSE(s.last_name);
    s = obrd::extract_sender(
        letter_with("Вопрос по акту. Проверку\nпроводила Петрова Анна Сергеевна.\n\nСпасибо.\n"));
    EXPECT_FALSE(s.last_name);
}

TEST(Sender, OrganisationWithAQualifier) {
    auto s = obrd::extract_sender(
        letter_with("Вопрос.\n\nИванов Иван Иванович\nдиректор АНО СО «Забота»\n"));
    EXPECT_EQ(s.organization, "АНО СО «Забота»");
}

TEST(Sender, MistypedPostalIndexIsKeptForTheRules) {
    auto s = obrd::extract_sender(
        letter_with("Вопрос.\n\nИванов Иван Иванович\n69402, г. Корсаков, ул. Мира, д. 1\n"));
    EXPECT_EQ(s.postal_address, "69402, г. Корсаков, ул. Мира, д. 1");
    // Amounts and other numbers before a comma are not addresses.
    s = obrd::extract_sender(
        letter_with("Оплата 15000, как договаривались, и вопрос.\n\nИванов Иван Иванович\n"));
    EXPECT_FALSE(s.postal_address);
}

// "от Петровой Анны Сергеевны" in the head of a letter to an official: the name in the
// genitive is read back into the nominative (a complaint was refused for "no applicant"
// when the name stood only there).
TEST(Sender, GenitiveNameInTheHead) {
    struct Case {
        const char* head;
        const char* last;
        const char* first;
        const char* patronymic;  // "" for none
    };
    const Case cases[] = {
        {"от Петровой Анны Сергеевны", "Петрова", "Анна", "Сергеевна"},
        {"от Петрова Ивана Сергеевича,", "Петров", "Иван", "Сергеевич"},
        {"От индивидуального предпринимателя Бельской Марии Олеговны", "Бельская", "Мария",
         "Олеговна"},
        {"от ИП Ким Ольги Андреевны", "Ким", "Ольга", "Андреевна"},
        {"от директора Черных Андрея Павловича, ИНН 6501912538", "Черных", "Андрей", "Павлович"},
        {"от Вишневского Ильи Петровича", "Вишневский", "Илья", "Петрович"},
        {"от Соколовой Натальи", "Соколова", "Наталья", ""},
    };
    for (const Case& c : cases) {
        const auto s = obrd::extract_sender(letter_with(
            std::string("Министру социальной защиты Сахалинской области\n") + c.head +
            "\n\nЖАЛОБА\n\nВо время проверки инспектор отказалась принять документы.\n"));
        EXPECT_EQ(s.last_name.value_or(""), c.last) << c.head;
        EXPECT_EQ(s.first_name.value_or(""), c.first) << c.head;
        EXPECT_EQ(s.patronymic.value_or(""), c.patronymic) << c.head;
    }
    for (const char* head : {"от 12 октября 2026 г.", "от имени организации", "от Министерства",
                             "от Сахалинской области"}) {
        const auto s = obrd::extract_sender(
            letter_with(std::string("Министру\n") + head + "\n\nПрошу разъяснить порядок.\n"));
        EXPECT_FALSE(s.last_name) << head;
    }
}
