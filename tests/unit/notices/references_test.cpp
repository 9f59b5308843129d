// references_test.cpp: the bounded scanners for our Message-IDs and registration numbers,
// on ordinary text and on the hostile shapes that crash-looped the regex they replace.
#include <gtest/gtest.h>

#include "notices/references.hpp"

namespace obrd {
namespace {

using Ids = std::vector<std::string>;

TEST(References, FindsOurMessageIds) {
    EXPECT_EQ(find_our_message_ids("In-Reply-To: <obrd.17.n.1764333558@sakhalin.gov.ru>\r\n"),
              Ids{"obrd.17.n.1764333558@sakhalin.gov.ru"});
    EXPECT_EQ(find_our_message_ids("see obrd.1.c0.5@msz.ru and obrd.2.n.6@msz.ru."),
              (Ids{"obrd.1.c0.5@msz.ru", "obrd.2.n.6@msz.ru"}));
    EXPECT_EQ(find_our_message_ids("<obrd.1.n.5@msz.ru> <obrd.1.n.5@msz.ru>"),
              Ids{"obrd.1.n.5@msz.ru"})
        << "each once";
    EXPECT_EQ(our_message_id("3.n.9", "sakhalin.gov.ru"), "obrd.3.n.9@sakhalin.gov.ru");
}

TEST(References, SkipsWhatIsNotOurs) {
    EXPECT_TRUE(find_our_message_ids("no ids here").empty());
    EXPECT_TRUE(find_our_message_ids("xobrd.1.n.5@msz.ru").empty()) << "inside a longer word";
    EXPECT_TRUE(find_our_message_ids("obrd.@msz.ru obrd.1.n.5@ obrd.1.n.5").empty());
    EXPECT_TRUE(find_our_message_ids("obrd." + std::string(129, 'a') + "@msz.ru").empty())
        << "a token longer than ours";
}

// The letter that crash-looped obrd: one line shaped like our Message-IDs, 200 000 letters
// long; and a line of nothing but prefixes. Both are scanned in one pass, finding nothing.
TEST(References, HostileShapesCostOnePass) {
    const std::string long_token = "obrd." + std::string(200000, 'a') + "@evil.example";
    EXPECT_TRUE(find_our_message_ids(long_token).empty());
    std::string prefixes;
    for (int i = 0; i < 200000; ++i) prefixes += "obrd.";
    EXPECT_TRUE(find_our_message_ids(prefixes).empty());
    std::string many;
    for (int i = 0; i < 1000; ++i) many += "<obrd." + std::to_string(i) + ".n.1@msz.ru>\r\n";
    EXPECT_EQ(find_our_message_ids(many).size(), 64u) << "at most max_ids";
    EXPECT_EQ(find_our_message_ids(many, 3).size(), 3u);
}

TEST(References, RegistrationNumbers) {
    EXPECT_EQ(registration_number(2026, 1), "МСЗ-2026-000001");
    EXPECT_EQ(registration_number(2026, 123456), "МСЗ-2026-123456");
    EXPECT_EQ(find_registration_number("Re: Обращение зарегистрировано: МСЗ-2026-000017"),
              "МСЗ-2026-000017");
    EXPECT_EQ(find_registration_number("МСЗ-26-000017 МСЗ-2026-0000171 МСЗ-2026-000018"),
              "МСЗ-2026-000018")
        << "short years and longer serials are not numbers of ours";
    EXPECT_FALSE(find_registration_number("МСЗ-2026-00001"));
    EXPECT_FALSE(find_registration_number(""));
    std::string hostile;
    for (int i = 0; i < 100000; ++i) hostile += "МСЗ-2026-";
    EXPECT_FALSE(find_registration_number(hostile));
}

}  // namespace
}  // namespace obrd
