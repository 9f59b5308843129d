// parse_test.cpp: parse_letter() end to end on small letters written for the test:
// headers, bodies, attachments, automatic letters, hostile input, and the JSON object.
#include <gtest/gtest.h>

#include "parsers/letter_json.hpp"
#include "parsers/parse.hpp"
#include "parsers/sha256.hpp"

using obrd::parse_letter;

TEST(Parse, HeadersAndPlainText) {
    auto l = parse_letter(
        "From: =?UTF-8?B?0JrQvtCy0LDQu9GR0LLQsA==?= <k@example.ru>\r\nTo: a@example.ru, B "
        "<b@example.ru>\r\n"
        "Cc: undisclosed-recipients:;\r\nReply-To: r@example.ru\r\nSubject: "
        "=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=\r\n"
        "Date: Mon, 14 Sep 2026 10:23:05 +1100\r\nMessage-ID: <abc@example.ru>\r\nIn-Reply-To: "
        "<x@y>\r\n"
        "References: <w@y> <x@y>\r\nContent-Type: text/plain; "
        "charset=utf-8\r\n\r\nТекст\r\nписьма\r\n");
    EXPECT_EQ(l.from.name, "Ковалёва");
    EXPECT_EQ(l.subject, "Привет");
    EXPECT_EQ(l.to.size(), 2u);
    EXPECT_TRUE(l.cc.empty());
    EXPECT_EQ(l.reply_to.at(0).address, "r@example.ru");
    EXPECT_EQ(l.date, "2026-09-14T10:23:05+11:00");
    EXPECT_EQ(l.message_id, "abc@example.ru");
    EXPECT_EQ(l.in_reply_to, "x@y");
    EXPECT_EQ(l.references, (std::vector<std::string>{"w@y", "x@y"}));
    EXPECT_EQ(l.text, "Текст\nписьма\n");
    EXPECT_EQ(l.charset, "utf-8");
    EXPECT_EQ(l.reply_address, "r@example.ru");
    EXPECT_FALSE(l.auto_submitted);
    ASSERT_GE(l.headers.size(), 9u);
    EXPECT_EQ(l.headers[0].name, "From");
}

TEST(Parse, AlternativeAttachmentsAndHashes) {
    auto l = parse_letter(
        "From: a@example.ru\nContent-Type: multipart/mixed; boundary=m\n\n--m\n"
        "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain; "
        "charset=koi8-r\n"
        "Content-Transfer-Encoding: quoted-printable\n\n=F0=D2=C9=D7=C5=D4\n--a\nContent-Type: "
        "text/html\n\n"
        "<p>Привет</p>\n--a--\n--m\nContent-Type: application/pdf; "
        "name=\"=?UTF-8?B?0JDQutGCLnBkZg==?=\"\n"
        "Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n--m--\n");
    EXPECT_EQ(l.text, "Привет");
    EXPECT_EQ(l.charset, "koi8-r");
    EXPECT_EQ(l.html, "<p>Привет</p>");
    ASSERT_EQ(l.attachments.size(), 1u);
    EXPECT_EQ(l.attachments[0].filename, "Акт.pdf");
    EXPECT_EQ(l.attachments[0].content_type, "application/pdf");
    EXPECT_EQ(l.attachments[0].size, 5u);
    EXPECT_EQ(l.attachments[0].sha256, obrd::digest::sha256_hex("hello"));
}

TEST(Parse, HtmlOnlyBodyBecomesText) {
    auto l = parse_letter(
        "From: a@example.ru\nContent-Type: text/html; charset=windows-1251\n\n"
        "<html><body><p>\xCF\xF0\xE8\xE2\xE5\xF2</p><p>&#1047;&#1076;</p></body></html>");
    EXPECT_EQ(l.text, "Привет\n\nЗд");
    EXPECT_EQ(l.charset, "windows-1251");
    EXPECT_FALSE(l.html.empty());
}

TEST(Parse, ForwardedMessageIsAnAttachmentAndTheSenderIsTheOuterOne) {
    auto l = parse_letter(
        "From: Outer <outer@example.ru>\nContent-Type: multipart/mixed; boundary=f\n\n--f\n"
        "Content-Type: text/plain; charset=utf-8\n\nПересылаю вопрос юриста.\n\nС "
        "уважением,\nКузнецов Павел "
        "Игоревич\n--f\nContent-Type: message/rfc822\n\nFrom: inner@example.ru\nSubject: inner\n"
        "Content-Type: text/plain; charset=windows-1251\n\n\xCF\xF0\xE8\xE2\xE5\xF2\n--f--\n");
    EXPECT_EQ(l.sender.last_name, "Кузнецов");
    ASSERT_EQ(l.attachments.size(), 1u);
    EXPECT_EQ(l.attachments[0].content_type, "message/rfc822");
    EXPECT_EQ(l.text.find("Привет"), std::string::npos);
    EXPECT_EQ(l.forwarded_text, "Привет");
}

TEST(Parse, FormatFlowed) {
    auto l =
        parse_letter("From: a@example.ru\nContent-Type: text/plain; format=flowed\n\none \ntwo\n");
    EXPECT_EQ(l.text, "one two\n");
}

TEST(Parse, AutomaticLetters) {
    const std::string body = "\n\nBody\n";
    EXPECT_TRUE(
        parse_letter("From: a@example.ru\nAuto-Submitted: auto-replied" + body).auto_submitted);
    EXPECT_FALSE(parse_letter("From: a@example.ru\nAuto-Submitted: no" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: a@example.ru\nPrecedence: bulk" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: a@example.ru\nPrecedence: auto_reply" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: a@example.ru\nX-Autoreply: yes" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: a@example.ru\nX-Autorespond: yes" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: MAILER-DAEMON@mx.example.ru" + body).auto_submitted);
    EXPECT_TRUE(parse_letter("From: postmaster@example.ru" + body).auto_submitted);
    EXPECT_TRUE(
        parse_letter(
            "From: a@example.ru\nContent-Type: multipart/report; report-type=delivery-status; "
            "boundary=r\n\n--r\n\nx\n--r--\n")
            .auto_submitted);
    EXPECT_FALSE(parse_letter("From: a@example.ru\nPrecedence: normal" + body).auto_submitted);
}

TEST(Parse, HostileInputNeverThrows) {
    const std::string cases[] = {
        "",
        "\n\n\n",
        "To: undisclosed-recipients:\n\nx",
        "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
        "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n!!!!",
        std::string("Subject: \0\xFF\xFE=?\n\n\xFF", 17),
        "Content-Type: text/plain; charset=\"\xFF\xFE\"\n\n\xC0\xC1"};
    for (const std::string& c : cases) {
        obrd::Letter l;
        EXPECT_NO_THROW(l = parse_letter(c));
        EXPECT_NO_THROW((void)obrd::letter_to_json(l).dump());
    }
}

TEST(Parse, JsonObjectHasTheKeysOfVerdicts) {
    auto j = obrd::letter_to_json(parse_letter("From: A <a@example.ru>\nSubject: s\n\ntext"));
    for (const char* key : {"message_id", "date", "from", "reply_to", "to", "cc", "subject", "text",
                            "html", "charset", "attachments", "auto_submitted", "defects"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.size(), 13u);
    EXPECT_TRUE(j["date"].is_null());
    EXPECT_EQ(j["from"]["name"], "A");
    EXPECT_FALSE(j.contains("file"));
}
