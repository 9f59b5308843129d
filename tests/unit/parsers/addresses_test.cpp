// addresses_test.cpp: address lists: display names (quoted, encoded, with commas),
// groups (also without ";"), comments as names, bare names, route addresses.
#include <gtest/gtest.h>

#include "parsers/addresses.hpp"

using obrd::parse_address_list;

TEST(Addresses, NameAndAddress) {
    auto l = parse_address_list("\"Ivanov, Ivan\" <ivan@example.ru>, petr@example.ru");
    ASSERT_EQ(l.size(), 2u);
    EXPECT_EQ(l[0].name, "Ivanov, Ivan");
    EXPECT_EQ(l[0].address, "ivan@example.ru");
    EXPECT_EQ(l[1].name, "");
    EXPECT_EQ(l[1].address, "petr@example.ru");
}

TEST(Addresses, EncodedDisplayNameSplitOverWords) {
    auto l = parse_address_list(
        "=?UTF-8?B?0JjRgNC40L3QsCDQn9C10YLRgNC+0LLQvQ==?= =?UTF-8?B?0LA=?= "
        "<kovaleva@dobry-ostrov65.ru>");
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].name, "Ирина Петровна");
}

TEST(Addresses, Groups) {
    EXPECT_TRUE(parse_address_list("undisclosed-recipients:;").empty());
    EXPECT_TRUE(parse_address_list("undisclosed-recipients:").empty());
    auto l = parse_address_list("team: a@x.ru, B <b@x.ru>;, c@x.ru");
    ASSERT_EQ(l.size(), 3u);
    EXPECT_EQ(l[1].name, "B");
    EXPECT_EQ(l[2].address, "c@x.ru");
}

TEST(Addresses, CommentNamesABareAddress) {
    auto l = parse_address_list("joe@example.com (Joe Bloggs)");
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].name, "Joe Bloggs");
    EXPECT_EQ(l[0].address, "joe@example.com");
}

TEST(Addresses, NameWithoutAddress) {
    auto l = parse_address_list("Whomever");
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].name, "Whomever");
    EXPECT_EQ(l[0].address, "");
}

TEST(Addresses, SourceRouteAndUnclosedAngle) {
    EXPECT_EQ(parse_address_list("<@relay.example:user@example.ru>")[0].address, "user@example.ru");
    std::vector<std::string> defects;
    EXPECT_EQ(parse_address_list("Name <user@example.ru", &defects)[0].address, "user@example.ru");
    EXPECT_FALSE(defects.empty());
}
