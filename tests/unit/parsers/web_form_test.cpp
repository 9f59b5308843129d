// web_form_test.cpp: the website's feedback form.
#include <gtest/gtest.h>

#include "parsers/web_form.hpp"

const char* const kForm =
    "Фамилия: Пак\nИмя: Елена\nОтчество: \nОрганизация: ИП Пак Елена Сергеевна\nИНН: 650363142550\n"
    "E-mail: нет\nТелефон: +7 914 758-21-36\nПочтовый адрес: 694030, г. Анива, ул. Калинина, д. "
    "12\n"
    "Тема: Реестр поставщиков социальных услуг\nТекст обращения:\nЗдравствуйте!\n\nВторой абзац.\n";

TEST(WebForm, ReadsAllFields) {
    auto f = obrd::read_web_form(kForm);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->last_name, "Пак");
    EXPECT_EQ(f->first_name, "Елена");
    EXPECT_EQ(f->patronymic, "");
    EXPECT_EQ(f->organization, "ИП Пак Елена Сергеевна");
    EXPECT_EQ(f->inn, "650363142550");
    EXPECT_EQ(f->email, "нет");
    EXPECT_EQ(f->phone, "+7 914 758-21-36");
    EXPECT_EQ(f->postal_address, "694030, г. Анива, ул. Калинина, д. 12");
    EXPECT_EQ(f->topic, "Реестр поставщиков социальных услуг");
    EXPECT_EQ(f->text, "Здравствуйте!\n\nВторой абзац.");
}

TEST(WebForm, OrdinaryLettersAreNotForms) {
    EXPECT_FALSE(obrd::read_web_form("Добрый день!\nФамилия: Пак\n"));
    EXPECT_FALSE(obrd::read_web_form("Фамилия: Пак\nИмя: Елена\n"));  // cut short
    EXPECT_FALSE(obrd::read_web_form(""));
}
