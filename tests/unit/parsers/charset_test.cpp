// charset_test.cpp: conversions of every Cyrillic charset the ministry receives, label
// repair (missing, wrong, unknown labels are detected and reported), and mojibake that
// no label can repair staying as it is.
#include <gtest/gtest.h>

#include "parsers/charset.hpp"
#include "parsers/text_util.hpp"

using obrd::charset::decode_text;
using obrd::charset::to_utf8;

TEST(Charset, ConvertsTheCyrillicCharsets) {
    EXPECT_EQ(*to_utf8("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251"), "Привет");
    EXPECT_EQ(*to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "KOI8-R"), "Привет");
    EXPECT_EQ(*to_utf8("\xB7\xD6\xC1\xCB", "koi8-u"), "Їжак");
    EXPECT_EQ(*to_utf8("\x8F\xE0\xA8\xA2\xA5\xE2", "cp866"), "Привет");
    EXPECT_EQ(*to_utf8("\xBF\xE0\xD8\xD2\xD5\xE2", "ISO-8859-5"), "Привет");
    EXPECT_EQ(*to_utf8("\x8F\xF0\xE8\xE2\xE5\xF2", "x-mac-cyrillic"), "Привет");
    EXPECT_EQ(*to_utf8("\x8F\xF0\xE8\xE2\xE5\xF2", "maccyrillic"), "Привет");
    EXPECT_EQ(*to_utf8("Fr\xF6sche", "iso-8859-1"), "Frösche");
    EXPECT_EQ(*to_utf8("\x96", "iso-8859-1"), "–");  // cp1252 punctuation under a latin1 label
}

TEST(Charset, UnknownCharsetGivesNothing) {
    EXPECT_FALSE(to_utf8("abc", "x-no-such-charset"));
}

TEST(Charset, LabelsAreNormalised) {
    EXPECT_EQ(obrd::charset::normalize_label("\"Windows-1251\" "), "windows-1251");
}

TEST(Charset, DeclaredCharsetIsReported) {
    std::vector<std::string> defects;
    auto d = decode_text("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r", "text part", defects);
    EXPECT_EQ(d.text, "Привет");
    EXPECT_EQ(d.charset, "koi8-r");
    EXPECT_TRUE(defects.empty());
}

TEST(Charset, Utf8UnderASingleByteLabelIsReadAsUtf8) {
    std::vector<std::string> defects;
    auto d = decode_text("Привет, мир", "windows-1251", "text part", defects);
    EXPECT_EQ(d.text, "Привет, мир");
    EXPECT_EQ(d.charset, "utf-8");
    ASSERT_EQ(defects.size(), 1u);
    EXPECT_NE(defects[0].find("declared windows-1251"), std::string::npos);
}

TEST(Charset, MissingLabelIsDetected) {
    std::vector<std::string> defects;
    const std::string cp1251 =
        "\xC4\xEE\xE1\xF0\xFB\xE9 \xE4\xE5\xED\xFC! \xCF\xF0\xEE\xF1\xE8\xEC "
        "\xF0\xE0\xE7\xFA\xFF\xF1\xED\xE8\xF2"
        "\xFC \xEF\xEE\xF0\xFF\xE4\xEE\xEA \xEF\xF0\xEE\xE2\xE5\xE4\xE5\xED\xE8\xFF "
        "\xEF\xF0\xEE\xE2\xE5\xF0"
        "\xEE\xEA \xE8 \xF1\xF0\xEE\xEA\xE8 \xE8\xF1\xEF\xEE\xEB\xED\xE5\xED\xE8\xFF "
        "\xEF\xF0\xE5\xE4\xEF\xE8"
        "\xF1\xE0\xED\xE8\xFF.";
    auto d = decode_text(cp1251, "", "text part", defects);
    EXPECT_EQ(d.charset, "windows-1251");
    EXPECT_EQ(d.text.substr(0, 22), "Добрый день!");
    ASSERT_FALSE(defects.empty());
    EXPECT_NE(defects[0].find("without a charset"), std::string::npos);
}

TEST(Charset, UnknownLabelFallsBackToDetection) {
    std::vector<std::string> defects;
    auto d = decode_text("Привет", "x-unknown-8bit", "text part", defects);
    EXPECT_EQ(d.text, "Привет");
    EXPECT_EQ(d.charset, "utf-8");
    EXPECT_FALSE(defects.empty());
}

TEST(Charset, InvalidUtf8IsRepairedAndReported) {
    std::vector<std::string> defects;
    auto d = decode_text("ok \xFF ok", "utf-8", "text part", defects);
    EXPECT_EQ(d.text, "ok \xEF\xBF\xBD ok");
    EXPECT_FALSE(defects.empty());
}

TEST(Charset, MojibakeStoredAsCharactersStaysAsItIs) {
    // UTF-8 shown as cp1251 and saved again as UTF-8: valid UTF-8, no label can fix it.
    std::vector<std::string> defects;
    const std::string mojibake = "Р”РѕР±СЂС‹Р№ РґРµРЅСЊ";
    auto d = decode_text(mojibake, "utf-8", "text part", defects);
    EXPECT_EQ(d.text, mojibake);
    EXPECT_TRUE(defects.empty());
}

TEST(Charset, SevenBitStatefulCharsetsAreConverted) {
    std::vector<std::string> defects;
    EXPECT_EQ(decode_text("Fr+APY-sche", "utf-7", "t", defects).text, "Frösche");
}

TEST(TextUtil, Utf8Validation) {
    EXPECT_TRUE(obrd::text::is_valid_utf8("Привет"));
    EXPECT_FALSE(obrd::text::is_valid_utf8("\xC0\xAF"));      // overlong
    EXPECT_FALSE(obrd::text::is_valid_utf8("\xED\xA0\x80"));  // surrogate
    EXPECT_EQ(obrd::text::normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
}
