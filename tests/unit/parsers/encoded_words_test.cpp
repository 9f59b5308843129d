// encoded_words_test.cpp: RFC 2047 decoding: B and Q, charset per word, adjacent words
// joined, names split over words joined without a blank, broken words read anyway.
#include <gtest/gtest.h>

#include "parsers/encoded_words.hpp"

using obrd::decode_encoded_words;

TEST(EncodedWords, DecodesBAndQ) {
    EXPECT_EQ(decode_encoded_words("=?UTF-8?B?0JrQvtCy0LDQu9GR0LLQsA==?="), "Ковалёва");
    EXPECT_EQ(decode_encoded_words("=?utf-8?q?=D0=9F=D1=80=D0=B8_=D0=B2?="), "При в");
    EXPECT_EQ(decode_encoded_words("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?="), "Привет");
    EXPECT_EQ(decode_encoded_words("=?KOI8-R?B?8NLJ18XU?="), "Привет");
}

TEST(EncodedWords, AdjacentWordsAreJoinedWithoutTheBlank) {
    // "Петровн" + "а" in two words: the name must read "Петровна".
    EXPECT_EQ(decode_encoded_words(
                  "=?UTF-8?B?0JjRgNC40L3QsCDQn9C10YLRgNC+0LLQvQ==?=\r\n =?UTF-8?B?0LA=?="),
              "Ирина Петровна");
}

TEST(EncodedWords, MultibyteCharacterSplitAcrossWords) {
    // "П" is D0 9F: the two bytes sit in two words.
    EXPECT_EQ(decode_encoded_words("=?UTF-8?Q?=D0?= =?UTF-8?Q?=9F?="), "П");
}

TEST(EncodedWords, DifferentCharsetsPerWord) {
    EXPECT_EQ(decode_encoded_words("=?windows-1251?Q?=CF=F0=E8?= =?KOI8-R?Q?=D7=C5=D4?="),
              "Привет");
}

TEST(EncodedWords, PlainTextAroundWordsIsKept) {
    EXPECT_EQ(decode_encoded_words("Re: =?UTF-8?B?0JrQvtCy0LDQu9GR0LLQsA==?= and more"),
              "Re: Ковалёва and more");
}

TEST(EncodedWords, BrokenWordsAreReadAsFarAsPossible) {
    std::vector<std::string> defects;
    EXPECT_EQ(decode_encoded_words("=?UTF-8?B?0JrQvtCy0LDQu9GR0LLQsA==", &defects), "Ковалёва");
    EXPECT_FALSE(defects.empty());
    EXPECT_EQ(decode_encoded_words("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");  // not an encoding
    EXPECT_EQ(decode_encoded_words("=?"), "=?");
}

TEST(EncodedWords, Raw8BitHeaderIsDetected) {
    std::vector<std::string> defects;
    const std::string cp1251 =
        "\xC6\xE0\xEB\xEE\xE1\xE0 \xED\xE0 \xE4\xE5\xE9\xF1\xF2\xE2\xE8\xFF "
        "\xE4\xEE\xEB\xE6\xED\xEE\xF1\xF2\xED\xEE\xE3\xEE \xEB\xE8\xF6\xE0";
    EXPECT_EQ(decode_encoded_words(cp1251, &defects), "Жалоба на действия должностного лица");
    EXPECT_FALSE(defects.empty());
}

TEST(EncodedWords, LanguageSuffixIsIgnored) {
    EXPECT_EQ(decode_encoded_words("=?UTF-8*ru?B?0JrQvtCy0LDQu9GR0LLQsA==?="), "Ковалёва");
}
