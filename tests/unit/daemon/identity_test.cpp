// identity_test.cpp: what makes two fetched letters "the same letter" for storage.
#include <gtest/gtest.h>

#include "daemon/letter_identity.hpp"
#include "daemon/net/imap_session.hpp"

namespace {

const std::string kLetter =
    "Received: from a by b; Mon, 2 Nov 2026 10:00:00 +1100\r\n"
    "Message-ID: <abc@example.ru>\r\n"
    "Subject: test\r\n"
    "\r\n"
    "Body line\r\n";

TEST(LetterIdentity, ExtractsMessageIdWithoutBrackets) {
    EXPECT_EQ(obrd::identify_letter(kLetter).message_id, "abc@example.ru");
    EXPECT_EQ(obrd::identify_letter("Message-Id:\r\n <folded@x>\r\n\r\nb").message_id, "folded@x");
    EXPECT_EQ(obrd::identify_letter("Subject: none\r\n\r\nb").message_id, "");
}

TEST(LetterIdentity, TraceFieldsAndLineEndsDoNotChangeIt) {
    const auto base = obrd::identify_letter(kLetter);
    const auto relayed = obrd::identify_letter(
        "Received: from c by d; Tue, 3 Nov 2026\r\n"
        "Return-Path: <x@y>\r\nDelivered-To: mszso@sakhalin.gov.ru\r\n" +
        kLetter);
    EXPECT_EQ(base.identity, relayed.identity);
    EXPECT_NE(base.sha256, relayed.sha256) << "sha256 covers the exact bytes";
    std::string lf;  // kLetter with bare LF line ends (it has no other CR)
    for (char c : std::string_view(kLetter))
        if (c != '\r') lf += c;
    EXPECT_EQ(base.identity, obrd::identify_letter(lf).identity);
}

TEST(LetterIdentity, DifferentContentOrMessageIdDiffers) {
    const auto base = obrd::identify_letter(kLetter);
    std::string other_body = kLetter;
    other_body.replace(other_body.find("Body"), 4, "Text");
    EXPECT_NE(base.identity, obrd::identify_letter(other_body).identity);
    std::string other_id = kLetter;
    other_id.replace(other_id.find("abc@"), 4, "abd@");
    EXPECT_NE(base.identity, obrd::identify_letter(other_id).identity);
    // A Received line inside the body is content, not trace.
    std::string in_body = kLetter + "Received: quoted in the text\r\n";
    EXPECT_NE(base.identity, obrd::identify_letter(in_body).identity);
}

TEST(LetterIdentity, NeverFailsOnGarbage) {
    const std::string junk("\0\xff\r\n\r\n\x01", 7);
    auto id = obrd::identify_letter(junk);
    EXPECT_EQ(id.sha256.size(), 64u);
    EXPECT_EQ(id.identity.size(), 64u);
    EXPECT_EQ(obrd::identify_letter("").sha256,
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(UidSet, CompressesRuns) {
    EXPECT_EQ(obrd::uid_set({}), "");
    EXPECT_EQ(obrd::uid_set({5}), "5");
    EXPECT_EQ(obrd::uid_set({1, 2, 3, 7, 9, 10}), "1:3,7,9:10");
}

}  // namespace
