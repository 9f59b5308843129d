// test_text.cpp: UTF-8 decoding, folding, words and sentences of rules/text.hpp.
#include <gtest/gtest.h>

#include "rules/text.hpp"

using namespace obrd::rtext;

TEST(RulesText, FoldsCaseAndYo) {
    EXPECT_EQ(fold_utf8("ЁЛКА Ёж ёлка Hello"), "елка еж елка hello");
}

TEST(RulesText, BadUtf8BecomesReplacementCharacter) {
    const auto cps =
        decode(std::string("a\xFF"
                           "б"));
    ASSERT_EQ(cps.size(), 3u);
    EXPECT_EQ(cps[1].cp, U'\uFFFD');
    EXPECT_EQ(cps[2].begin, 2u);
}

TEST(RulesText, WordsKeepByteOffsets) {
    const std::string s = "Добрый день, ООО «Ромашка»!";
    const auto ws = words(s);
    ASSERT_EQ(ws.size(), 4u);
    EXPECT_EQ(s.substr(ws[2].begin, ws[2].end - ws[2].begin), "ООО");
    EXPECT_TRUE(ws[2].all_upper);
    EXPECT_FALSE(ws[0].all_upper);
    EXPECT_EQ(encode(ws[3].norm), "ромашка");
}

TEST(RulesText, SentencesSplitAtEndPunctuationAndShortLines) {
    const std::string s = "Первое предложение. Второе!\nС уважением,\nИванова";
    const auto ss = sentences(s);
    ASSERT_EQ(ss.size(), 4u);
    EXPECT_EQ(ss[0].view(s), "Первое предложение.");
    EXPECT_EQ(ss[3].view(s), "Иванова");
}

TEST(RulesText, CollapseRepeats) {
    EXPECT_EQ(encode(collapse_repeats(U"хууууй")), "хуй");
}

TEST(RulesText, ExcerptNeverCutsACharacter) {
    const std::string s = "ЖЖЖЖЖЖ";
    const auto e = excerpt(s, 0, s.size(), 5);
    EXPECT_EQ(e, "ЖЖ…");
}
