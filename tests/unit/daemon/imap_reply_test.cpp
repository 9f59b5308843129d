// imap_reply_test.cpp: reading a mailbox's state from a SELECT or EXAMINE reply, the way
// the fetch stage learns of new mail on a kept connection.
#include <gtest/gtest.h>

#include "daemon/net/imap_session.hpp"

namespace {

TEST(ImapReply, SelectGivesUidValidityUidNextAndExists) {
    const auto st = obrd::parse_select_reply(
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags "
        "permitted.\r\n"
        "* 17 EXISTS\r\n* 2 RECENT\r\n"
        "* OK [UIDVALIDITY 1796164906] UIDs valid\r\n"
        "* OK [UIDNEXT 42] Predicted next UID\r\n");
    EXPECT_EQ(st.uidvalidity, 1796164906u);
    EXPECT_EQ(st.uidnext, 42u);
    EXPECT_EQ(st.exists, 17u);
}

TEST(ImapReply, MissingValuesAreZero) {
    const auto st = obrd::parse_select_reply("* 0 EXISTS\r\n* OK [UIDVALIDITY 5] ok\r\n");
    EXPECT_EQ(st.uidvalidity, 5u);
    EXPECT_EQ(st.uidnext, 0u) << "some servers omit UIDNEXT: the search is then open-ended";
    EXPECT_EQ(st.exists, 0u);
    EXPECT_EQ(obrd::parse_select_reply("").uidvalidity, 0u);
}

TEST(ImapReply, OnlyUntaggedExistsCounts) {
    // A flag name or text that merely contains the word is not an EXISTS response.
    const auto st = obrd::parse_select_reply(
        "* OK [ALERT] 99 EXISTS is not a count here\r\n* 3 EXISTS\r\n* OK [UIDVALIDITY 1] x\r\n");
    EXPECT_EQ(st.exists, 3u);
}

TEST(ImapReply, NumbersAreBounded) {
    EXPECT_EQ(obrd::number_after("UIDNEXT 12", "UIDNEXT"), 12u);
    EXPECT_EQ(obrd::number_after("[UIDNEXT  7]", "[UIDNEXT"), 7u);
    EXPECT_EQ(obrd::number_after("UIDNEXT x", "UIDNEXT"), 0u);
    // A hostile server's endless digits are cut at 19, never overflow.
    EXPECT_EQ(obrd::number_after("UIDNEXT " + std::string(100, '9'), "UIDNEXT"),
              9999999999999999999ull);
}

}  // namespace
