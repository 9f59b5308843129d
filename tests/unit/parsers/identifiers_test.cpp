// identifiers_test.cpp: check digits of ИНН, ОГРН and ОГРНИП (worked examples from
// shared/reference/legal-notes.md and wrong digits), e-mail syntax, postal indices,
// phone normalisation.
#include <gtest/gtest.h>

#include "parsers/identifiers.hpp"

using namespace obrd;

TEST(Identifiers, Inn) {
    EXPECT_TRUE(inn_is_valid("7707083893"));
    EXPECT_TRUE(inn_is_valid("500100732259"));
    EXPECT_TRUE(inn_is_valid("6501912538"));
    EXPECT_FALSE(inn_is_valid("7707083894"));    // wrong check digit
    EXPECT_FALSE(inn_is_valid("500100732258"));  // 12th digit wrong
    EXPECT_FALSE(inn_is_valid("500100732269"));  // 11th digit wrong
    EXPECT_FALSE(inn_is_valid("770708389"));     // length
    EXPECT_FALSE(inn_is_valid("77070838 3"));
    EXPECT_FALSE(inn_is_valid(""));
}

TEST(Identifiers, Ogrn) {
    EXPECT_TRUE(ogrn_is_valid("1117746358608"));
    EXPECT_TRUE(ogrn_is_valid("1027700132195"));
    EXPECT_TRUE(ogrn_is_valid("1037739010891"));
    EXPECT_FALSE(ogrn_is_valid("1117746358609"));
    EXPECT_FALSE(ogrn_is_valid("111774635860"));
}

TEST(Identifiers, Ogrnip) {
    EXPECT_TRUE(ogrnip_is_valid("304500116000157"));
    EXPECT_TRUE(ogrnip_is_valid("304463210700212"));  // mod 13 = 12, then mod 10
    EXPECT_FALSE(ogrnip_is_valid("304500116000158"));
    EXPECT_TRUE(ogrn_or_ogrnip_is_valid("304500116000157"));
    EXPECT_TRUE(ogrn_or_ogrnip_is_valid("1027700132195"));
    EXPECT_FALSE(ogrn_or_ogrnip_is_valid("12345"));
}

TEST(Identifiers, Email) {
    EXPECT_TRUE(email_is_valid("kovaleva@dobry-ostrov65.ru"));
    EXPECT_TRUE(email_is_valid("pak.elena65@inbox.ru"));
    EXPECT_FALSE(email_is_valid("danilova.ki@mail,ru"));
    EXPECT_FALSE(email_is_valid("нет"));
    EXPECT_FALSE(email_is_valid("a@b"));
    EXPECT_FALSE(email_is_valid("a..b@x.ru"));
    EXPECT_FALSE(email_is_valid("@x.ru"));
    EXPECT_FALSE(email_is_valid("a@-x.ru"));
    EXPECT_FALSE(email_is_valid("a@x.r1"));
}

TEST(Identifiers, PostalIndex) {
    EXPECT_TRUE(postal_index_is_valid("693010"));
    EXPECT_FALSE(postal_index_is_valid("793010"));
    EXPECT_FALSE(postal_index_is_valid("69301"));
    EXPECT_EQ(*postal_index_of("694020, Сахалинская обл., г. Корсаков"), "694020");
    EXPECT_FALSE(postal_index_of("г. Корсаков"));
    EXPECT_FALSE(postal_index_of("6940201, г. Корсаков"));
}

TEST(Identifiers, Phone) {
    EXPECT_EQ(*normalize_phone("+7 (4242) 46-18-23"), "+74242461823");
    EXPECT_EQ(*normalize_phone("8 914 752-30-18"), "+79147523018");
    EXPECT_EQ(*normalize_phone("9147523018"), "+79147523018");
    EXPECT_FALSE(normalize_phone("46-18-23"));
}
