// header_params_test.cpp: Content-Type / Content-Disposition parameters: quoted ";",
// RFC 2231 continuations and charsets, RFC 2047 in quoted names, both forms at once.
#include <gtest/gtest.h>

#include "parsers/header_params.hpp"

using obrd::parse_header_params;

TEST(HeaderParams, ValueAndSimpleParameters) {
    auto p = parse_header_params("Text/Plain; charset=\"UTF-8\"; format=flowed");
    EXPECT_EQ(p.value, "text/plain");
    EXPECT_EQ(*p.get("charset"), "UTF-8");
    EXPECT_EQ(*p.get("format"), "flowed");
    EXPECT_FALSE(p.get("delsp"));
}

TEST(HeaderParams, SemicolonInsideQuotesDoesNotSplit) {
    auto p = parse_header_params("attachment; filename=\"a;b.pdf\"; size=10");
    EXPECT_EQ(*p.get("filename"), "a;b.pdf");
    EXPECT_EQ(*p.get("size"), "10");
}

TEST(HeaderParams, EscapedQuotes) {
    auto p = parse_header_params(R"(attachment; filename="say \"hi\".txt")");
    EXPECT_EQ(*p.get("filename"), "say \"hi\".txt");
}

TEST(HeaderParams, Rfc2231WithCharset) {
    auto p = parse_header_params("attachment; filename*=UTF-8''%D0%90%D0%BA%D1%82.pdf");
    EXPECT_EQ(*p.get("filename"), "Акт.pdf");
}

TEST(HeaderParams, Rfc2231Continuations) {
    auto p = parse_header_params(
        "attachment;\r\n filename*0*=windows-1251''%CF%F0%E8%EB;\r\n "
        "filename*1*=%EE%E6%E5%ED%E8%E5;\r\n "
        "filename*2=\".pdf\"");
    EXPECT_EQ(*p.get("filename"), "Приложение.pdf");
}

TEST(HeaderParams, ContinuationsOutOfOrder) {
    auto p = parse_header_params("attachment; filename*1=\"b.txt\"; filename*0=\"a\"");
    EXPECT_EQ(*p.get("filename"), "ab.txt");
}

TEST(HeaderParams, Rfc2231WinsOverThePlainForm) {
    auto p = parse_header_params("attachment; filename=\"old.pdf\"; filename*=utf-8''%D0%90.pdf");
    EXPECT_EQ(*p.get("filename"), "А.pdf");
}

TEST(HeaderParams, EncodedWordInQuotedName) {
    auto p = parse_header_params("application/pdf; name=\"=?UTF-8?B?0JDQutGCLnBkZg==?=\"");
    EXPECT_EQ(*p.get("name"), "Акт.pdf");
}

TEST(HeaderParams, GarbageNeverThrows) {
    for (const char* s :
         {"", ";;;", "=", "a=\"", "x; *=1", "x; a*99999999999=1", "x; a*0*='", "\"unclosed"})
        EXPECT_NO_THROW(parse_header_params(s));
}

TEST(HeaderParams, MissingSemicolonBeforeTheFirstParameter) {
    auto p = parse_header_params("multipart/mixed\r\n\tboundary=\"b1\"");
    EXPECT_EQ(p.value, "multipart/mixed");
    EXPECT_EQ(*p.get("boundary"), "b1");
}
