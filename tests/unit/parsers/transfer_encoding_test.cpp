// transfer_encoding_test.cpp: base64, quoted-printable, uuencode and format=flowed.
#include <gtest/gtest.h>

#include "parsers/transfer_encoding.hpp"

using namespace obrd::transfer;

TEST(TransferEncoding, Base64IsTolerant) {
    EXPECT_EQ(decode_to_string("0J/RgNC4\r\n0LLQtdGC", Encoding::base64), "Привет");
    EXPECT_EQ(decode_to_string("aGVsbG8", Encoding::base64), "hello");     // no padding
    EXPECT_EQ(decode_to_string("aGV*sb!G8=", Encoding::base64), "hello");  // junk skipped
    // RFC 2045: "-" and "_" (base64url) are outside the alphabet and ignored, as Python does.
    EXPECT_EQ(decode_to_string("aGV-sb_G8=", Encoding::base64), "hello");
    EXPECT_EQ(decode_to_string("aGk=aGk=", Encoding::base64), "hihi");  // concatenated
    EXPECT_EQ(decode_to_string("", Encoding::base64), "");
}

TEST(TransferEncoding, Base64StreamsLargeInputInChunks) {
    std::string encoded;
    for (int i = 0; i < 100000; ++i) encoded += "QUJD";  // "ABC"
    std::size_t chunks = 0, total = 0;
    decode_base64(encoded, [&](std::string_view c) {
        ++chunks;
        total += c.size();
    });
    EXPECT_EQ(total, 300000u);
    EXPECT_GT(chunks, 1u);
}

TEST(TransferEncoding, QuotedPrintable) {
    EXPECT_EQ(
        decode_to_string("=D0=9F=D1=80=D0=B8=\r\n=D0=B2=D0=B5=D1=82", Encoding::quoted_printable),
        "Привет");
    EXPECT_EQ(decode_to_string("a=3Db  \r\nc", Encoding::quoted_printable),
              "a=b\r\nc");  // padding dropped
    EXPECT_EQ(decode_to_string("50=% off =zz", Encoding::quoted_printable),
              "50=% off =zz");  // bad escapes kept
    EXPECT_EQ(decode_to_string("soft=  \nbreak", Encoding::quoted_printable), "softbreak");
}

TEST(TransferEncoding, Uuencode) {
    EXPECT_EQ(decode_to_string("begin 644 x.txt\n%:&5L;&\\ \n`\nend\n", Encoding::uuencode),
              "hello");
}

TEST(TransferEncoding, EncodingNames) {
    bool known = true;
    EXPECT_EQ(parse_encoding("BASE64"), Encoding::base64);
    EXPECT_EQ(parse_encoding(" Quoted-Printable "), Encoding::quoted_printable);
    EXPECT_EQ(parse_encoding("8bit", &known), Encoding::identity);
    EXPECT_TRUE(known);
    EXPECT_EQ(parse_encoding("x-gzip64", &known), Encoding::identity);
    EXPECT_FALSE(known);
}

TEST(TransferEncoding, FormatFlowed) {
    EXPECT_EQ(unflow("Это длинная \nстрока.\nНовая", false), "Это длинная строка.\nНовая");
    EXPECT_EQ(unflow("joined \nword", true), "joinedword");
    EXPECT_EQ(unflow(" >not quote", false), ">not quote");  // space stuffing removed
    EXPECT_EQ(unflow("-- \nsig", false), "-- \nsig");       // signature separator stays
    EXPECT_EQ(unflow("> quoted \n> more", false), "> quoted more");
}
