// real_world_bugs_test.cpp: one test per parser bug found in other projects' test mail
// (shared/corpus/external-2; issue 14), each on a small letter written for the test, so
// that the bug stays fixed whatever happens to the corpus scores.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "parsers/addresses.hpp"
#include "parsers/charset.hpp"
#include "parsers/html_text.hpp"
#include "parsers/parse.hpp"

using obrd::parse_letter;

namespace {

bool has_defect(const obrd::Letter& l, std::string_view part) {
    return std::any_of(l.defects.begin(), l.defects.end(),
                       [&](const std::string& d) { return d.find(part) != std::string::npos; });
}

}  // namespace

// RFC 5322 comments (CFWS) may stand inside an addr-spec; they are no part of the address.
TEST(RealWorldBugs, CommentsInsideAnAddressAreDropped) {
    const auto from = obrd::parse_address_list(
        "Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>", nullptr);
    ASSERT_EQ(from.size(), 1u);
    EXPECT_EQ(from[0].address, "pete@silly.test");
    EXPECT_EQ(from[0].name, "Pete");
    const auto to = obrd::parse_address_list(
        "A Group(Some people)\r\n :Chris Jones <c@(Chris's host.)public.example>, "
        "joe@example.org",
        nullptr);
    ASSERT_EQ(to.size(), 2u);
    EXPECT_EQ(to[0].address, "c@public.example");
    EXPECT_EQ(to[1].address, "joe@example.org");
    // A quoted local part keeps what is between its quotes, parentheses included.
    EXPECT_EQ(obrd::parse_address_list("<\"a (b)\"@x.ru>", nullptr).at(0).address,
              "\"a (b)\"@x.ru");
}

// Two Content-Type fields: the first counts (Python's email, mimetic), with a defect; the
// last one used to win and the MIME source became the text.
TEST(RealWorldBugs, OfTwoContentTypesTheFirstCounts) {
    const auto l = parse_letter(
        "From: a@example.ru\r\nContent-Type: multipart/alternative; boundary=b\r\n"
        "Content-Type: text/plain\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfoo\r\n--b--\r\n");
    EXPECT_EQ(l.text, "foo");
    EXPECT_TRUE(has_defect(l, "more than one Content-Type"));
}

// A forwarded message that begins with its mbox "From " line keeps its headers and its
// attachment.
TEST(RealWorldBugs, AnAttachedMessageMayStartWithAnMboxFromLine) {
    const auto l = parse_letter(
        "From: a@example.ru\nContent-Type: multipart/mixed; boundary=o\n\n--o\n"
        "Content-Type: text/plain\n\nSee below.\n--o\nContent-Type: message/rfc822\n\n"
        "From xxxx@xxxx.com Tue May 10 11:28:07 2005\nFrom: b@example.ru\nSubject: inner\n"
        "Content-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/plain\n\nIn.\n"
        "--i\nContent-Type: application/pdf; name=broken.pdf\nContent-Transfer-Encoding: "
        "base64\n\nJVBERi0=\n--i--\n--o--\n");
    std::vector<std::string> names;
    for (const auto& a : l.attachments) names.push_back(a.filename);
    EXPECT_NE(std::find(names.begin(), names.end(), "broken.pdf"), names.end());
    EXPECT_EQ(l.from.address, "a@example.ru");
}

// A raw 8-bit UTF-8 file name cut inside its last character: the valid part is UTF-8 and
// only the cut character becomes U+FFFD (it used to be read whole as windows-1252).
TEST(RealWorldBugs, Utf8CutInsideItsLastCharacterKeepsTheValidPart) {
    const auto l = parse_letter(
        "From: a@example.ru\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
        "Content-Type: text/plain\n\nx\n--b\nContent-Type: image/jpeg; "
        "name=\"\xD0\x9A\xD0\xB0\xD1\x80\xD1\x82\xD0\xB8\xD0\xBD\xD0\xBA\xD0\xB0 \xD1\x87\xD1\"\n\n"
        "JPEG\n--b--\n");
    ASSERT_EQ(l.attachments.size(), 1u);
    EXPECT_EQ(l.attachments[0].filename, "Картинка ч\xEF\xBF\xBD");
    std::vector<std::string> defects;
    EXPECT_EQ(obrd::charset::decode_text("\xD0\x9A\xD1", "", "test", defects).text,
              "К\xEF\xBF\xBD");
    EXPECT_EQ(defects.size(), 1u);
}

// HTML whose text stands in <head> and has no <body>: browsers show it, so do we.
TEST(RealWorldBugs, TextInTheHtmlHeadIsText) {
    const auto l = parse_letter(
        "From: a@example.ru\nContent-Type: text/html\n\n"
        "<html><head><title>T</title>The tags <b>should</b> be stripped!</head></html>\n");
    EXPECT_EQ(l.text, "The tags should be stripped!");
    EXPECT_EQ(obrd::html_to_text("<head><style>p{}</style><title>x</title></head><p>y</p>"), "y");
}

// Old Mac mail ends lines with CR alone; it used to be one long header line.
TEST(RealWorldBugs, CrOnlyLineEnds) {
    const auto l = parse_letter(
        "From: mailer-daemon@yandex.ru\rSubject: =?koi8-r?B?8NLJ18XU?=\rTo: b@example.ru\r\r"
        "Text\rmore\r");
    EXPECT_EQ(l.from.address, "mailer-daemon@yandex.ru");
    EXPECT_EQ(l.subject, "Привет");
    EXPECT_EQ(l.text, "Text\nmore\n");
    EXPECT_TRUE(has_defect(l, "CR alone"));
    // A stray CR inside a line of an ordinary letter changes nothing.
    const auto ordinary = parse_letter("From: a@example.ru\nSubject: a\rb\n\nText\n");
    EXPECT_EQ(ordinary.from.address, "a@example.ru");
    EXPECT_FALSE(has_defect(ordinary, "CR alone"));
}

// "From  :" (blanks before the colon, RFC 822's obsolete syntax) is still the From field.
TEST(RealWorldBugs, BlanksBeforeTheColonOfAFieldName) {
    const auto l = parse_letter("From  : Anna <anna@example.ru>\nSubject\t: Hi\n\nText\n");
    EXPECT_EQ(l.from.address, "anna@example.ru");
    EXPECT_EQ(l.subject, "Hi");
}

// A part labelled koi8-r that holds windows-1251 bytes (and the other way round) is read
// with the table that gives Russian its usual lower case, with a defect.
TEST(RealWorldBugs, Koi8rAndWindows1251Swapped) {
    const std::string text_1251 =
        "\xC4\xEE\xE1\xF0\xFB\xE9 \xE4\xE5\xED\xFC, \xEF\xF0\xEE\xF8\xF3 \xF0\xE0\xF1\xF1\xEC"
        "\xEE\xF2\xF0\xE5\xF2\xFC \xEC\xEE\xB8 \xEE\xE1\xF0\xE0\xF9\xE5\xED\xE8\xE5.";
    const std::string expected = "Добрый день, прошу рассмотреть моё обращение.";
    std::vector<std::string> defects;
    EXPECT_EQ(obrd::charset::decode_text(text_1251, "koi8-r", "text part", defects).text, expected);
    ASSERT_EQ(defects.size(), 1u);
    EXPECT_NE(defects[0].find("windows-1251"), std::string::npos);
    // The same sentence in KOI8-R, labelled windows-1251.
    const std::string koi8 =
        "\xE4\xCF\xC2\xD2\xD9\xCA \xC4\xC5\xCE\xD8, \xD0\xD2\xCF\xDB\xD5 \xD2\xC1\xD3\xD3\xCD"
        "\xCF\xD4\xD2\xC5\xD4\xD8 \xCD\xCF\xA3 \xCF\xC2\xD2\xC1\xDD\xC5\xCE\xC9\xC5.";
    defects.clear();
    EXPECT_EQ(obrd::charset::decode_text(koi8, "windows-1251", "text part", defects).text,
              expected);
    EXPECT_EQ(defects.size(), 1u);
    // Text in capitals under its right label stays as labelled: the case alone is no sign.
    defects.clear();
    const std::string caps_1251 =
        "\xCF\xD0\xCE\xD8\xD3 \xD0\xC0\xD1\xD1\xCC\xCE\xD2\xD0\xC5\xD2"
        "\xDC \xCC\xCE\xC5 \xCE\xC1\xD0\xC0\xD9\xC5\xCD\xC8\xC5";
    EXPECT_EQ(obrd::charset::decode_text(caps_1251, "windows-1251", "text part", defects).text,
              "ПРОШУ РАССМОТРЕТЬ МОЕ ОБРАЩЕНИЕ");
    EXPECT_TRUE(defects.empty());
}

// A Content-Type without a subtype that names a file ("application-x-gzip;
// name=document.xml.gz") is a file, not the text.
TEST(RealWorldBugs, InvalidContentTypeThatNamesAFileIsAnAttachment) {
    const auto l = parse_letter(
        "From: a@example.ru\nContent-Type: application-x-gzip; name=\"document.xml.gz\"\n\n"
        "blah blah blah\n");
    ASSERT_EQ(l.attachments.size(), 1u);
    EXPECT_EQ(l.attachments[0].filename, "document.xml.gz");
    EXPECT_EQ(l.attachments[0].content_type, "application/octet-stream");
    EXPECT_TRUE(l.text.empty());
    // Without a name it stays text/plain, as RFC 2045 says.
    EXPECT_EQ(parse_letter("From: a@example.ru\nContent-Type: text\n\nhello\n").text, "hello\n");
}
