// html_text_test.cpp: HTML bodies to readable text.
#include <gtest/gtest.h>

#include "parsers/html_text.hpp"

using obrd::html_to_text;

TEST(HtmlText, ParagraphsAndBreaks) {
    EXPECT_EQ(html_to_text("<p>Добрый день!</p><p>Строка<br>вторая</p>"),
              "Добрый день!\n\nСтрока\nвторая");
}

TEST(HtmlText, ScriptsStylesHeadAndCommentsAreDropped) {
    EXPECT_EQ(html_to_text("<html><head><title>T</title><style>p{x:1}</style></head><body>"
                           "<script>alert(1)</script><!-- note -->Текст</body></html>"),
              "Текст");
}

TEST(HtmlText, EntitiesNamedAndNumeric) {
    EXPECT_EQ(
        html_to_text(
            "&#1047;&#1076;&#x440;&#1072;&#1074;&#1089;&#1090;&#1074;&#1091;&#1081;&#1090;&#1077;"),
        "Здравствуйте");
    EXPECT_EQ(html_to_text("АНО &laquo;Рука помощи&raquo; &ndash; г.&nbsp;Корсаков &amp; Co"),
              "АНО «Рука помощи» – г. Корсаков & Co");
    EXPECT_EQ(obrd::decode_html_entities("&unknown; &#150; &lt"), "&unknown; – <");
}

TEST(HtmlText, ListsAndLinks) {
    EXPECT_EQ(html_to_text("<ul><li>один</li><li>два</li></ul>"), "- один\n- два");
    EXPECT_EQ(html_to_text("<a href=\"https://example.ru/x\">сайт</a>"),
              "сайт <https://example.ru/x>");
    EXPECT_EQ(html_to_text("<a href=\"mailto:a@b.ru\">a@b.ru</a>"), "a@b.ru");
}

TEST(HtmlText, BlanksCollapseOutsidePre) {
    EXPECT_EQ(html_to_text("<div>a   \n  b</div><pre>x  y\nz</pre>"), "a b\nx  y\nz");
}

TEST(HtmlText, MetaCharset) {
    EXPECT_EQ(obrd::html_declared_charset(
                  "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"),
              "windows-1251");
    EXPECT_EQ(obrd::html_declared_charset("<meta charset=\"KOI8-R\">"), "koi8-r");
}

TEST(HtmlText, BrokenMarkupIsSafe) {
    for (const char* s : {"<", "<a", "<p", "&#", "&#x;", "<script>", "<!--", "<a href='x", "a < b"})
        EXPECT_NO_THROW(html_to_text(s));
    EXPECT_EQ(html_to_text("a < b"), "a < b");
}
