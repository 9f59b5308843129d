// mime_test.cpp: base64, encoded words, folding, dates, and the validators that keep
// letter values out of header structure.
#include <gtest/gtest.h>

#include "notices/mime.hpp"
#include "parsers/encoded_words.hpp"

namespace obrd::mime {
namespace {

TEST(Base64, KnownVectors) {
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64("\xff\xfe"), "//4=");
}

TEST(Base64, LinesOf76) {
    const std::string data(1000, 'x');
    const std::string b = base64_lines(data);
    std::size_t pos = 0, lines = 0;
    while (pos < b.size()) {
        const auto nl = b.find("\r\n", pos);
        ASSERT_NE(nl, std::string::npos);
        EXPECT_LE(nl - pos, 76u);
        pos = nl + 2;
        ++lines;
    }
    EXPECT_EQ(lines, (1000 * 4 / 3 + 3) / 76 + 1);
    EXPECT_EQ(base64_lines(""), "");
}

TEST(OneLine, ControlsBecomeSpaces) {
    EXPECT_EQ(one_line("a\r\nBcc: x\0y"), "a Bcc: x");  // the literal stops at the NUL
    EXPECT_EQ(one_line(std::string("a\0b\x7f"
                                   "c\tz",
                                   7)),
              "a b c z");
    EXPECT_EQ(one_line("x\u2028y\u0085z"), "x y z");
    EXPECT_EQ(one_line("  many    spaces  "), "many spaces");
    EXPECT_EQ(one_line("bad \xff utf8"), "bad \uFFFD utf8");
    const std::string cut = one_line("Привет, мир", 10);
    EXPECT_LE(cut.size(), 10u);
    EXPECT_EQ(cut, "При\u2026");
}

TEST(Address, PlainAddrSpecOnly) {
    EXPECT_EQ(checked_address("irina.p+tag@example.ru"), "irina.p+tag@example.ru");
    EXPECT_EQ(checked_address("o'brien@mail.example.com"), "o'brien@mail.example.com");
    EXPECT_EQ(checked_address("user@пример.рф"), "user@xn--e1afmkfd.xn--p1ai");
    for (const char* bad : {"",
                            "irina@example.ru\r\nBcc: evil@x.ru",
                            "irina@example.ru\nBcc: evil@x.ru",
                            "Irina <irina@example.ru>",
                            "<irina@example.ru>",
                            "\"irina\"@example.ru",
                            "a@b.ru, c@d.ru",
                            "a b@example.ru",
                            "irina@localhost",
                            "ирина@example.ru",
                            "a@@example.ru",
                            "a@b@example.ru",
                            ".a@example.ru",
                            "a..b@example.ru",
                            "a@-example.ru",
                            "a@example..ru",
                            "a@[127.0.0.1]",
                            "a@exa_mple.ru",
                            "a@example.ru;",
                            "a(comment)@example.ru",
                            "a@example.ru\t"}) {
        EXPECT_THROW(checked_address(bad), InvalidValue) << bad;
    }
    try {
        checked_address("irina@example.ru\r\nBcc: evil@x.ru");
    } catch (const InvalidValue& e) {
        EXPECT_NE(std::string(e.what()).find("carriage return"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\r'), std::string::npos);
    }
}

TEST(MessageId, PrintableAsciiWithoutBrackets) {
    EXPECT_EQ(checked_message_id("abc.123@example.ru"), "abc.123@example.ru");
    EXPECT_FALSE(checked_message_id(""));
    EXPECT_FALSE(checked_message_id("abc@x\r\nBcc: evil@x.ru"));
    EXPECT_FALSE(checked_message_id("a b@x"));
    EXPECT_FALSE(checked_message_id("a>b@x"));
    EXPECT_FALSE(checked_message_id("<a@x>"));
    EXPECT_FALSE(checked_message_id("п@x"));
    EXPECT_FALSE(checked_message_id(std::string(251, 'a')));
}

std::vector<std::string> lines_of(const std::string& h) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < h.size()) {
        const auto nl = h.find("\r\n", pos);
        out.push_back(h.substr(pos, nl - pos));
        pos = nl + 2;
    }
    return out;
}

std::string unfold_value(const std::string& h) {
    std::string v = h.substr(h.find(':') + 2);
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v.compare(i, 2, "\r\n") == 0) {
            ++i;
            continue;
        }
        out += v[i];
    }
    return out;
}

TEST(Headers, SubjectEncodedAndFolded) {
    const std::string subject =
        "Обращение зарегистрировано: МСЗ-2026-000123 (Re: Вопрос о компенсации поставщику "
        "социальных услуг за 2026 год)";
    const std::string h = unstructured_header("Subject", subject);
    for (const auto& l : lines_of(h)) {
        EXPECT_LE(l.size(), 76u) << l;
        for (char c : l) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << l;
    }
    EXPECT_GT(lines_of(h).size(), 2u);
    EXPECT_EQ(decode_encoded_words(unfold_value(h)), subject);
}

TEST(Headers, PlainAsciiStaysPlain) {
    EXPECT_EQ(unstructured_header("Subject", "Hello"), "Subject: Hello\r\n");
    // "=?" could be read as an encoded word: it is encoded.
    EXPECT_NE(unstructured_header("Subject", "=?UTF-8?B?QQ==?=").find("=?UTF-8?B?"),
              std::string::npos);
    EXPECT_EQ(decode_encoded_words(unfold_value(unstructured_header("Subject", "=?x?= y"))),
              "=?x?= y");
    const std::string longer(200, 'a');
    for (const auto& l : lines_of(unstructured_header("Subject", longer + " " + longer)))
        EXPECT_LE(l.size(), 76u);
}

TEST(Headers, AddressWithEncodedName) {
    const std::string h = address_header(
        "From", "Министерство социальной защиты Сахалинской области", "mszso@sakhalin.gov.ru");
    for (const auto& l : lines_of(h)) EXPECT_LE(l.size(), 76u) << l;
    EXPECT_NE(h.find("<mszso@sakhalin.gov.ru>\r\n"), std::string::npos);
    EXPECT_EQ(address_header("To", "", "a@b.ru"), "To: a@b.ru\r\n");
    EXPECT_EQ(address_header("To", "Irina", "a@b.ru"), "To: Irina <a@b.ru>\r\n");
}

TEST(Headers, EncodedWordsSplitAtCharacters) {
    const std::string text = "ёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёёё";
    const auto words = encoded_words(text, 40, 75);
    ASSERT_GT(words.size(), 1u);
    EXPECT_LE(words[0].size(), 40u);
    std::string joined;
    for (const auto& w : words) {
        EXPECT_LE(w.size(), 75u);
        joined += (joined.empty() ? "" : " ") + w;
    }
    EXPECT_EQ(decode_encoded_words(joined), text);
}

// Words break after a space where the text has one, so that a decoder that keeps the
// whitespace between encoded words (Python's address parser does) shows a double space at
// worst, never a space inside a word ("социальн ой").
// Breaks fall at a space (just before or after it), preferring pieces of a multiple of 3
// bytes (no base64 padding).
TEST(Headers, EncodedWordsBreakAtSpaces) {
    const std::string name = "Министерство социальной защиты Сахалинской области";
    const auto words = encoded_words(name, 70, 75);
    ASSERT_GT(words.size(), 1u);
    std::string joined, naive;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const std::string piece = decode_encoded_words(words[k]);
        if (k + 1 < words.size()) {
            const std::string next = decode_encoded_words(words[k + 1]);
            EXPECT_TRUE(piece.back() == ' ' || next.front() == ' ') << piece << "|" << next;
            EXPECT_EQ(words[k].find("=?="), std::string::npos) << "no padding: " << words[k];
        }
        if (k > 0) {
            joined += ' ';
            naive += ' ';
        }
        joined += words[k];
        naive += piece;
    }
    EXPECT_EQ(decode_encoded_words(joined), name) << "RFC 2047: the whitespace between goes";
    for (const char* word : {"Министерство", "социальной", "защиты", "Сахалинской", "области"})
        EXPECT_NE(naive.find(word), std::string::npos) << naive;
}

TEST(Date, SakhalinOffset) {
    using namespace std::chrono;
    const sys_seconds t =
        sys_days(year{2026} / November / 28) + hours(12) + minutes(39) + seconds(18);
    EXPECT_EQ(rfc5322_date(t, minutes(11 * 60)), "Sat, 28 Nov 2026 23:39:18 +1100");
    EXPECT_EQ(rfc5322_date(t + hours(12), minutes(11 * 60)), "Sun, 29 Nov 2026 11:39:18 +1100");
    EXPECT_EQ(rfc5322_date(t, minutes(-90)), "Sat, 28 Nov 2026 11:09:18 -0130");
}

}  // namespace
}  // namespace obrd::mime
