// threading_test.cpp: letters that answer earlier ones, against real PostgreSQL, Dovecot
// and SMTP servers: a corrected reply to a refusal is registered on its own; a reply to an
// accepted complaint goes to the head; a staff member's reply to a card is recorded on the
// appeal and is never an appeal itself; and all of these again with one running daemon.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "mail_helpers.hpp"
#include "notices/mime.hpp"
#include "parsers/parse.hpp"
#include "test_servers.hpp"

using nlohmann::json;
using obrd::test::expect_status;
using obrd::test::header;
using obrd::test::json_lines;
using obrd::test::kDepartments;
using obrd::test::obrctl_rows;
using obrd::test::read_file;
using obrd::test::Received;
using obrd::test::received;
using obrd::test::sample;
using obrd::test::sample_letters;
using obrd::test::TestServers;
using obrd::test::write_letter;

namespace {

std::string sample_text(const std::string& prefix) {
    return obrd::parse_letter(read_file(sample(prefix))).text;
}

// Today in Sakhalin (UTC+11), DD.MM.YYYY: the day the letters of a test arrive.
std::string sakhalin_today() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                           std::chrono::hours(11));
    const std::chrono::year_month_day d(now);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", unsigned(d.day()), unsigned(d.month()),
                  int(d.year()));
    return buf;
}

std::string iso(const std::string& ru) {
    return ru.substr(6, 4) + "-" + ru.substr(3, 2) + "-" + ru.substr(0, 2);
}

// A reply as a mail client writes it: Re: the subject, In-Reply-To and References, the
// text above the quoted message.
std::string reply_to(const Received& to, const std::string& from, const std::string& recipients,
                     const std::string& id, const std::string& text) {
    std::string refs = header(to.letter, "References");
    refs += (refs.empty() ? "" : " ") + header(to.letter, "Message-ID");
    std::string quoted;
    std::istringstream in(to.letter.text);
    for (std::string line; std::getline(in, line);) quoted += "> " + line + "\r\n";
    return "From: " + from + "\r\nTo: " + recipients + "\r\n" +
           obrd::mime::unstructured_header("Subject", "Re: " + to.letter.subject) +
           "Date: Wed, 02 Dec 2026 10:00:00 +1100\r\nMessage-ID: <" + id +
           ">\r\nIn-Reply-To: " + header(to.letter, "Message-ID") + "\r\nReferences: " + refs +
           "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" +
           text + "\r\n\r\n" + quoted;
}

std::vector<Received> mail_to(const TestServers& s, const std::string& rcpt) {
    std::vector<Received> out;
    for (auto& m : received(s))
        if (std::find(m.rcpt.begin(), m.rcpt.end(), rcpt) != m.rcpt.end()) out.push_back(m);
    return out;
}

}  // namespace

// Refusal -> the applicant presses Reply and adds her full name -> a new appeal with its own
// number, one acceptance that cites the refused letter, a card; the refused one stays
// refused.
TEST(Threading, ACorrectedReplyToARefusalIsRegisteredAsANewAppeal) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("007")});
    expect_status(s.obrd({"--once"}), 0);
    auto to_marina = mail_to(s, "marina.sakh82@yandex.ru");
    ASSERT_EQ(to_marina.size(), 1u);
    ASSERT_EQ(to_marina[0].letter.subject.rfind("Обращение не зарегистрировано", 0), 0u)
        << to_marina[0].letter.subject;

    std::string text = sample_text("007");
    text = text.substr(0, text.rfind("Марина")) +
           "Ершова Марина Сергеевна\nИП Ершова М.С., ИНН 650100394847\nтел. +7 924 180-22-31";
    s.deliver(
        {write_letter(s, "reply.eml",
                      reply_to(to_marina[0], "marina.sakh82@yandex.ru", "mszso@sakhalin.gov.ru",
                               "fix-1@yandex.ru", "Дополняю письмо, как вы просили.\n\n" + text))});
    expect_status(s.obrd({"--once"}), 0);

    const auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 2u);
    EXPECT_EQ(appeals[0]["verdict"], "refused");
    EXPECT_TRUE(appeals[0]["registration_number"].is_null());
    EXPECT_EQ(appeals[1]["verdict"], "accepted") << appeals[1].dump();
    EXPECT_EQ(appeals[1]["kind"], "appeal");
    ASSERT_TRUE(appeals[1]["registration_number"].is_string());
    EXPECT_EQ(appeals[1]["resubmission_of"], appeals[0]["id"]);
    EXPECT_TRUE(appeals[1]["follow_up_of"].is_null()) << "not a follow-up of a refusal";

    to_marina = mail_to(s, "marina.sakh82@yandex.ru");
    ASSERT_EQ(to_marina.size(), 2u) << "one acceptance";
    const Received& acceptance = to_marina[1];
    EXPECT_EQ(
        acceptance.letter.subject.rfind(
            "Обращение зарегистрировано: " + appeals[1]["registration_number"].get<std::string>(),
            0),
        0u)
        << acceptance.letter.subject;
    EXPECT_NE(acceptance.letter.text.find("ответ на наш отказ в регистрации Вашего письма от " +
                                          sakhalin_today()),
              std::string::npos)
        << acceptance.letter.text;
    EXPECT_EQ(header(acceptance.letter, "In-Reply-To"), "<fix-1@yandex.ru>");
    EXPECT_EQ(mail_to(s, "control@msz.example.ru").size(), 1u) << "the new appeal's card";

    const auto shown = s.obrctl({"show", "#2"});
    expect_status(shown, 0);
    EXPECT_NE(shown.out.find("Исправляет письмо #1, в регистрации которого было отказано"),
              std::string::npos)
        << shown.out;
}

// A refused complaint corrected by reply is a complaint of its own, for the head; a reply to
// its acceptance is a follow-up whose card goes to the head too, never to the department
// whose official the complaint is about (59-FZ art. 8 p.6).
TEST(Threading, AComplaintsResubmissionAndFollowUpGoToTheHeadOnly) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("011")});
    expect_status(s.obrd({"--once"}), 0);
    auto to_tsoy = mail_to(s, "tsoy@ryabinushka65.ru");
    ASSERT_EQ(to_tsoy.size(), 1u);

    std::string text = sample_text("011");
    const auto sign = text.find("Директор АНО");
    ASSERT_NE(sign, std::string::npos);
    text.insert(sign,
                "О результатах рассмотрения жалобы прошу сообщить по электронной почте "
                "tsoy@ryabinushka65.ru.\n\n");
    s.deliver({write_letter(s, "fixed.eml",
                            reply_to(to_tsoy[0], "Цой Анна Владимировна <tsoy@ryabinushka65.ru>",
                                     "mszso@sakhalin.gov.ru", "fix-11@ryabinushka65.ru", text))});
    expect_status(s.obrd({"--once"}), 0);
    auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 2u);
    EXPECT_EQ(appeals[1]["verdict"], "accepted") << appeals[1].dump();
    EXPECT_EQ(appeals[1]["kind"], "complaint");
    EXPECT_EQ(appeals[1]["department"], "head");
    EXPECT_EQ(appeals[1]["resubmission_of"], appeals[0]["id"]);
    to_tsoy = mail_to(s, "tsoy@ryabinushka65.ru");
    ASSERT_EQ(to_tsoy.size(), 2u);
    EXPECT_EQ(to_tsoy[1].letter.subject.rfind("Жалоба зарегистрирована", 0), 0u);
    EXPECT_NE(to_tsoy[1].letter.text.find("Исправленная жалоба зарегистрирована как новая"),
              std::string::npos)
        << to_tsoy[1].letter.text;

    s.deliver({write_letter(
        s, "more.eml",
        reply_to(to_tsoy[1], "tsoy@ryabinushka65.ru", "mszso@sakhalin.gov.ru",
                 "more-11@ryabinushka65.ru",
                 "Направляю копию «Требования об устранении нарушений», о котором идёт речь в "
                 "жалобе."))});
    expect_status(s.obrd({"--once"}), 0);
    appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 3u);
    EXPECT_EQ(appeals[2]["verdict"], "follow_up");
    EXPECT_EQ(appeals[2]["follow_up_of"], appeals[1]["id"]);
    EXPECT_EQ(appeals[2]["department"], "head");
    EXPECT_EQ(mail_to(s, "head@msz.example.ru").size(), 2u) << "the card and the follow-up's";
    EXPECT_TRUE(mail_to(s, "control@msz.example.ru").empty()) << "nothing to control";
    EXPECT_EQ(mail_to(s, "tsoy@ryabinushka65.ru").size(), 2u) << "no notice for a follow-up";
    for (const auto& item : json_lines(s.obrctl({"queue", "control", "--json"}).out))
        ADD_FAILURE() << "in control's queue: " << item.dump();
}

// A staff member answers by Reply on the card: the answer reaches the applicant (the SMTP
// side is the staff's mail system, not ours) and its copy reaches our mailbox. obrd records
// it on the appeal (answered today, closed, its queue item done, audited with the staff
// address) and sends nothing; a staff letter that answers nothing, and one from our own
// address, are ignored; a complaint's answer keeps it open for the head's outcome.
TEST(Threading, AStaffReplyToACardIsRecordedOnTheAppealAndIsNoAppeal) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001"), sample("003")});
    expect_status(s.obrd({"--once"}), 0);
    auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 2u);
    ASSERT_EQ(appeals[0]["verdict"], "accepted");
    ASSERT_EQ(appeals[1]["kind"], "complaint");
    const std::string applicant = appeals[0]["reply_to"];
    const auto cards = mail_to(s, "control@msz.example.ru");
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(header(cards[0].letter, "Reply-To"), "<" + applicant + ">, <mszso@sakhalin.gov.ru>");
    ASSERT_EQ(cards[0].letter.reply_to.size(), 2u);
    const auto sent_before = received(s).size();

    const std::string answer =
        reply_to(cards[0], "Петрова Ольга <control@msz.example.ru>",
                 applicant + ", mszso@sakhalin.gov.ru", "answer-1@msz.example.ru",
                 "Уважаемая Ирина Петровна!\n\nСообщаем, что план проверок на 2027 год "
                 "размещён на сайте министерства.\n\nКонсультант отдела контроля О.Петрова");
    const std::string unrelated =
        "From: control@msz.example.ru\r\nTo: mszso@sakhalin.gov.ru\r\n"
        "Subject: =?utf-8?B?0J/Qu9Cw0L3QtdGA0LrQsA==?=\r\nMessage-ID: <chat-1@msz.example.ru>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nКоллеги, планёрка в 15:00.\r\n";
    const std::string own =
        "From: mszso@sakhalin.gov.ru\r\nTo: mszso@sakhalin.gov.ru\r\nSubject: test\r\n"
        "Message-ID: <self-1@sakhalin.gov.ru>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Проверка ящика: жалоба на бездействие, ИНН 6501234567, Иванов Иван Иванович.\r\n";
    const auto head_cards = mail_to(s, "head@msz.example.ru");
    ASSERT_EQ(head_cards.size(), 1u);
    const std::string complaint_answer =
        reply_to(head_cards[0], "head@msz.example.ru",
                 appeals[1]["reply_to"].get<std::string>() + ", mszso@sakhalin.gov.ru",
                 "answer-3@msz.example.ru", "Сообщаем о решении по Вашей жалобе.");
    std::string second = answer;
    second.replace(second.find("answer-1@"), 9, "answer-2@");
    s.deliver({write_letter(s, "answer.eml", answer), write_letter(s, "chat.eml", unrelated),
               write_letter(s, "own.eml", own), write_letter(s, "again.eml", second),
               write_letter(s, "complaint-answer.eml", complaint_answer)});
    const auto run = s.obrd({"--once"});
    expect_status(run, 0);

    EXPECT_EQ(received(s).size(), sent_before) << "no notice and no card for staff mail";
    appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 7u);
    for (std::size_t i = 2; i < 7; ++i) {
        SCOPED_TRACE(appeals[i].dump());
        EXPECT_EQ(appeals[i]["kind"], "staff");
        EXPECT_EQ(appeals[i]["verdict"], "ignored");
        EXPECT_TRUE(appeals[i]["registration_number"].is_null());
    }
    EXPECT_EQ(appeals[2]["follow_up_of"], appeals[0]["id"]);
    EXPECT_TRUE(appeals[3]["follow_up_of"].is_null()) << "answers nothing";
    EXPECT_TRUE(appeals[4]["follow_up_of"].is_null()) << "our own address, answers nothing";
    EXPECT_EQ(appeals[6]["follow_up_of"], appeals[1]["id"]);

    const json& answered = appeals[0];
    EXPECT_EQ(answered["closed"], true);
    EXPECT_EQ(answered["answered_on"], iso(sakhalin_today()));
    EXPECT_EQ(answered["result"], "answered");
    EXPECT_EQ(answered["answer_letter_id"], appeals[2]["letter_id"]) << "the first answer";
    const json& complaint = appeals[1];
    EXPECT_EQ(complaint["closed"], false) << "the head records a complaint's outcome";
    EXPECT_EQ(complaint["answered_on"], iso(sakhalin_today()));
    EXPECT_TRUE(complaint["result"].is_null());

    EXPECT_TRUE(json_lines(s.obrctl({"queue", "control", "--json"}).out).empty())
        << "the answered appeal left its queue";
    EXPECT_EQ(json_lines(s.obrctl({"queue", "head", "--json"}).out).size(), 1u);
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 2u) << "one row per recorded answer; the second copy changes nothing";
    EXPECT_EQ(audit[0]["action"], "answer by mail");
    EXPECT_EQ(audit[0]["actor"], "mail:control@msz.example.ru");
    EXPECT_EQ(audit[1]["actor"], "mail:head@msz.example.ru");
    EXPECT_NE(run.err.find("answers no registered appeal: ignored"), std::string::npos) << run.err;

    // The appeal can be closed by obrctl no more; the complaint's outcome still can be set.
    expect_status(s.obrctl({"close", appeals[0]["registration_number"], "--answered",
                            iso(sakhalin_today()), "--comment", "ещё раз"}),
                  65);
    expect_status(s.obrctl({"complaint", appeals[1]["registration_number"], "--outcome",
                            "unsatisfied", "--comment", "жалоба не обоснована"}),
                  0);
    const auto shown = s.obrctl({"show", appeals[0]["registration_number"]});
    EXPECT_NE(shown.out.find("Ответ дан: " + sakhalin_today() + " (копия ответа — письмо #3)"),
              std::string::npos)
        << shown.out;
}

// With [mailbox] authserv_id set, a letter from a staff address counts as staff mail only
// when our receiving server's Authentication-Results pass its domain: a forged From (no
// such header, or another server's word) is not recorded as the answer; it waits in the
// manual queue for a person, and nothing is sent. A vouched-for answer is recorded.
TEST(Threading, AForgedStaffAnswerIsNotRecordedWhenAuthenticationIsRequired) {
    TestServers s;
    auto extra = kDepartments;
    extra.push_back({"mailbox", "authserv_id = mx.msz.example.ru"});
    s.write_config(extra);
    s.deliver({sample("001")});
    expect_status(s.obrd({"--once"}), 0);
    const auto cards = mail_to(s, "control@msz.example.ru");
    ASSERT_EQ(cards.size(), 1u);
    const std::string applicant = obrctl_rows(s, "appeals").at(0)["reply_to"];
    auto answer = [&](const std::string& id, const std::string& auth_results) {
        return auth_results + reply_to(cards[0], "Петрова Ольга <control@msz.example.ru>",
                                       applicant + ", mszso@sakhalin.gov.ru", id,
                                       "Сообщаем, что Ваш вопрос рассмотрен.");
    };
    const std::size_t sent_before = received(s).size();
    s.deliver({write_letter(s, "forged.eml", answer("forged-1@evil.example", "")),
               write_letter(s, "other.eml",
                            answer("forged-2@evil.example",
                                   "Authentication-Results: mx.evil.example; dmarc=pass "
                                   "header.from=msz.example.ru\r\n"))});
    const auto run = s.obrd({"--once"});
    expect_status(run, 0);
    auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 3u);
    EXPECT_EQ(appeals[0]["closed"], false) << "a forged answer closes nothing";
    EXPECT_TRUE(appeals[0]["answered_on"].is_null());
    for (std::size_t i : {1u, 2u}) {
        EXPECT_EQ(appeals[i]["verdict"], "manual") << appeals[i].dump();
        EXPECT_TRUE(appeals[i]["follow_up_of"].is_null());
    }
    EXPECT_EQ(json_lines(s.obrctl({"queue", "manual", "--json"}).out).size(), 2u);
    EXPECT_NE(run.err.find("without a pass for its domain in Authentication-Results of "
                           "mx.msz.example.ru"),
              std::string::npos)
        << run.err;
    EXPECT_EQ(received(s).size(), sent_before) << "nothing sent for a forged staff letter";

    s.deliver({write_letter(s, "answer.eml",
                            answer("answer-1@msz.example.ru",
                                   "Authentication-Results: mx.msz.example.ru;\r\n dkim=pass "
                                   "(2048-bit key) header.d=msz.example.ru header.s=s1\r\n"))});
    expect_status(s.obrd({"--once"}), 0);
    appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 4u);
    EXPECT_EQ(appeals[3]["kind"], "staff");
    EXPECT_EQ(appeals[3]["follow_up_of"], appeals[0]["id"]);
    EXPECT_EQ(appeals[0]["closed"], true) << "the vouched-for answer is recorded";
    EXPECT_EQ(appeals[0]["answered_on"], iso(sakhalin_today()));
    EXPECT_EQ(received(s).size(), sent_before);
}

// off_topic.forward = auto (the default): a letter refused only as off-topic whose competent
// body has a confirmed address goes there once, with the original attached, and the
// applicant is told where and when instead of being refused; a body without an address
// gets nothing and the refusal names it.
TEST(Threading, AnOffTopicLetterIsForwardedOnceWhenItsBodyHasAnAddress) {
    TestServers s;
    const auto rules = s.dir() / "rules";
    std::filesystem::copy(OBRD_SOURCE_DIR "/rules/data", rules);
    std::string topics = read_file(rules / "off_topic.txt");
    const std::string body = "Государственная жилищная инспекция Сахалинской области";
    ASSERT_NE(topics.find(body + "]"), std::string::npos);
    topics.replace(topics.find(body + "]"), body.size() + 1, body + " | gzhi@example.ru]");
    std::ofstream(rules / "off_topic.txt", std::ios::trunc) << topics;
    auto extra = kDepartments;
    extra.push_back({"data", "rules_dir = " + rules.string()});
    s.write_config(extra);
    s.deliver({sample("009")});
    const auto run = s.obrd({"--once"});
    expect_status(run, 0);
    expect_status(s.obrd({"--once"}), 0);

    const auto to_body = mail_to(s, "gzhi@example.ru");
    ASSERT_EQ(to_body.size(), 1u) << "forwarded once";
    EXPECT_EQ(to_body[0].letter.subject.rfind("Направление обращения по компетенции: ", 0), 0u)
        << to_body[0].letter.subject;
    const std::string original_id =
        "Message-ID: " + header(obrd::parse_letter(read_file(sample("009"))), "Message-ID");
    EXPECT_NE(to_body[0].raw.find(original_id), std::string::npos) << "the original is attached";
    const auto to_applicant = mail_to(s, "r.timofeev1979@rambler.ru");
    ASSERT_EQ(to_applicant.size(), 1u) << "told, not refused";
    EXPECT_EQ(to_applicant[0].letter.subject.rfind("Обращение направлено по компетенции", 0), 0u)
        << to_applicant[0].letter.subject;
    EXPECT_NE(to_applicant[0].letter.text.find(body + " (gzhi@example.ru)"), std::string::npos);
    EXPECT_NE(to_applicant[0].letter.text.find(sakhalin_today() + " оно направлено"),
              std::string::npos)
        << to_applicant[0].letter.text;
    EXPECT_EQ(received(s).size(), 2u);

    const auto a = obrctl_rows(s, "appeals").at(0);
    EXPECT_EQ(a["verdict"], "refused");
    EXPECT_EQ(a["reasons"], json::array({"off_topic"}));
    EXPECT_EQ(a["result"], "redirected");
    EXPECT_EQ(a["closed"], true);
    EXPECT_NE(run.err.find("is forwarded to " + body), std::string::npos) << run.err;
    expect_status(s.obrctl({"forward", "#1", "--to", "жилищная", "--comment", "ещё раз"}), 65);
    // The day's digest tells the department where it went, not that it was refused.
    const auto digest = json_lines(s.obrctl({"digest", "--json"}).out);
    ASSERT_EQ(digest.size(), 1u);
    EXPECT_EQ(digest[0]["verdict"], "не по компетенции, переслано: " + body) << digest[0].dump();
}

// Every sample letter through the real servers: each refusal says what exactly was wrong,
// from the decision's own evidence, and never repeats abuse; each complaint's notice gives
// the Gosuslugi route of 248-FZ.
TEST(Threading, EachRefusalStatesItsEvidenceAndComplaintsTheGosuslugiRoute) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver(sample_letters());
    expect_status(s.obrd({"--once"}), 0);
    std::map<std::string, Received> notice_of;  // by the Message-ID it answers
    for (auto& m : received(s))
        if (m.is_notice()) notice_of[header(m.letter, "In-Reply-To")] = m;
    std::map<std::string, std::size_t> checked;
    for (const auto& a : obrctl_rows(s, "appeals")) {
        const auto it = notice_of.find("<" + a["message_id"].get<std::string>() + ">");
        if (it == notice_of.end()) continue;
        const std::string& text = it->second.letter.text;
        SCOPED_TRACE(a.dump() + "\n" + text);
        const bool complaint = a["kind"] == "complaint";
        if (complaint) {
            EXPECT_NE(text.find("do.gosuslugi.ru"), std::string::npos);
            EXPECT_NE(text.find("часть 5 статьи 40"), std::string::npos);
            ++checked["complaint"];
        }
        if (a["verdict"] != "refused") continue;
        std::set<std::string> reasons;
        for (const auto& r : a["reasons"]) reasons.insert(r);
        const bool abuse =
            reasons.count("obscene") || reasons.count("offensive") || reasons.count("threat");
        for (const auto& e : a["evidence"]) {
            const std::string reason = e.value("reason", "");
            const std::string evidence = e.value("text", "");
            if (reason == "obscene" || reason == "offensive" || reason == "threat") {
                EXPECT_EQ(text.find(evidence), std::string::npos) << "abuse is never quoted back";
            } else if (reason == "sender_inaccurate" && e["symbol"] == "INN_CHECK_DIGIT") {
                EXPECT_NE(text.find("контрольное число ИНН " +
                                    a["sender"]["inn"].get<std::string>() + " не сходится"),
                          std::string::npos);
            } else if (reason == "sender_incomplete" && !abuse) {
                EXPECT_NE(text.find(evidence), std::string::npos);
            } else if (reason == "duplicate") {
                EXPECT_NE(text.find("№ " + a["duplicate_of"].get<std::string>() + " от "),
                          std::string::npos);
            } else if (reason == "off_topic") {
                const auto at = evidence.find("компетентный орган: ");
                if (at != std::string::npos) {
                    const auto from = at + std::string("компетентный орган: ").size();
                    const std::string body = evidence.substr(from, evidence.find(';', from) - from);
                    EXPECT_NE(text.find(body), std::string::npos) << body;
                }
            } else if (reason == "complaint_incomplete") {
                EXPECT_NE(text.find("часть 1 статьи 41"), std::string::npos);
            } else {
                continue;
            }
            ++checked[reason];
        }
    }
    // The corpus has each of these; a check that never ran would prove nothing.
    for (const char* reason : {"complaint", "obscene", "sender_inaccurate", "sender_incomplete",
                               "duplicate", "off_topic", "complaint_incomplete"})
        EXPECT_GT(checked[reason], 0u) << reason;
}

// The same threads as the tests above, the way the service runs them: one obrd for the
// whole exchange, over TLS, with IMAP IDLE, letters arriving while it runs. A refusal is
// answered by a corrected letter (a new appeal citing it), an acceptance by the applicant's
// follow-up (a card, no notice), and the card by a staff member's answer (recorded, the
// appeal closed, nothing sent); each is picked up as it lands, not at a restart.
TEST(Threading, TheRunningDaemonThreadsResubmissionsFollowUpsAndStaffAnswersAsTheyArrive) {
    using namespace std::chrono_literals;
    TestServers s;  // TLS on
    s.write_config(kDepartments);
    obrd::test::Daemon d(s);
    ASSERT_TRUE(d.log_shows("obrd started", 60s)) << d.log();
    auto wait_for = [&](const std::string& rcpt, std::size_t n) {
        return obrd::test::eventually([&] { return mail_to(s, rcpt).size() >= n; }, 60s);
    };

    s.deliver({sample("007")});
    s.deliver_maildir(sample("001"));
    ASSERT_TRUE(wait_for("marina.sakh82@yandex.ru", 1)) << "007's refusal\n" << d.log();
    ASSERT_TRUE(wait_for("control@msz.example.ru", 1)) << "001's card\n" << d.log();
    auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 2u);
    auto by_reply_to = [&](const std::string& address) {
        for (const auto& a : obrctl_rows(s, "appeals"))
            if (a["reply_to"] == address && a["kind"] != "staff") return a;
        return json();
    };
    const json refused = by_reply_to("marina.sakh82@yandex.ru");
    ASSERT_EQ(refused["verdict"], "refused") << refused.dump();
    const json accepted = appeals[0]["id"] == refused["id"] ? appeals[1] : appeals[0];
    ASSERT_EQ(accepted["verdict"], "accepted") << accepted.dump();
    const std::string applicant = accepted["reply_to"];
    ASSERT_TRUE(wait_for(applicant, 1)) << "001's acceptance\n" << d.log();

    // The corrected letter, by IMAP APPEND; the applicant's follow-up, by a Maildir write.
    const auto refusal = mail_to(s, "marina.sakh82@yandex.ru")[0];
    std::string text = sample_text("007");
    text = text.substr(0, text.rfind("Марина")) +
           "Ершова Марина Сергеевна\nИП Ершова М.С., ИНН 650100394847\nтел. +7 924 180-22-31";
    s.deliver({write_letter(
        s, "fix.eml",
        reply_to(refusal, "marina.sakh82@yandex.ru", "mszso@sakhalin.gov.ru", "fix-d1@yandex.ru",
                 "Дополняю письмо, как вы просили.\n\n" + text))});
    std::this_thread::sleep_for(2s);
    s.deliver_maildir(write_letter(
        s, "more.eml",
        reply_to(mail_to(s, applicant)[0], applicant, "mszso@sakhalin.gov.ru", "more-d1@example.ru",
                 "Направляю дополнительно копию устава организации.")));
    ASSERT_TRUE(wait_for("marina.sakh82@yandex.ru", 2)) << "the acceptance\n" << d.log();
    ASSERT_TRUE(wait_for("control@msz.example.ru", 3)) << "two more cards\n" << d.log();
    const json fixed = [&] {
        for (const auto& a : obrctl_rows(s, "appeals"))
            if (a["resubmission_of"] == refused["id"]) return a;
        return json();
    }();
    ASSERT_FALSE(fixed.is_null()) << "no appeal cites the refused one\n" << d.log();
    EXPECT_EQ(fixed["verdict"], "accepted") << fixed.dump();
    EXPECT_TRUE(fixed["registration_number"].is_string());
    const Received acceptance = mail_to(s, "marina.sakh82@yandex.ru")[1];
    EXPECT_EQ(header(acceptance.letter, "In-Reply-To"), "<fix-d1@yandex.ru>");
    EXPECT_NE(acceptance.letter.text.find("ответ на наш отказ в регистрации"), std::string::npos)
        << acceptance.letter.text;

    // The staff member answers 001 by Reply on its card.
    const auto first_card = [&] {
        for (const auto& c : mail_to(s, "control@msz.example.ru"))
            if (header(c.letter, "Reply-To").find(applicant) != std::string::npos &&
                c.letter.subject.find(accepted["registration_number"].get<std::string>()) !=
                    std::string::npos)
                return c;
        return Received{};
    }();
    ASSERT_FALSE(first_card.raw.empty()) << "001's card";
    const std::size_t sent_before = received(s).size();
    s.deliver({write_letter(
        s, "answer.eml",
        reply_to(first_card, "Петрова Ольга <control@msz.example.ru>",
                 applicant + ", mszso@sakhalin.gov.ru", "answer-d1@msz.example.ru",
                 "Уважаемый заявитель!\n\nСообщаем, что Ваш вопрос рассмотрен.\n\nО.Петрова"))});
    ASSERT_TRUE(obrd::test::eventually(
        [&] {
            const json a = by_reply_to(applicant);
            return !a.is_null() && a["closed"] == true;
        },
        60s))
        << "the answer recorded\n"
        << d.log();
    const json answered = by_reply_to(applicant);
    EXPECT_EQ(answered["answered_on"], iso(sakhalin_today()));
    EXPECT_EQ(answered["result"], "answered");
    appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 5u) << "007, 001, the correction, the follow-up, the answer";
    std::multiset<std::string> verdicts;
    for (const auto& a : appeals)
        verdicts.insert(a["kind"].get<std::string>() + "/" + a["verdict"].get<std::string>());
    EXPECT_EQ(verdicts,
              (std::multiset<std::string>{"appeal/refused", "appeal/accepted", "appeal/accepted",
                                          "appeal/follow_up", "staff/ignored"}));
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(received(s).size(), sent_before) << "nothing is sent for a staff answer";
    EXPECT_EQ(mail_to(s, applicant).size(), 1u) << "no notice for the follow-up";
    EXPECT_EQ(mail_to(s, "marina.sakh82@yandex.ru").size(), 2u);
    bool fixed_waits = false;
    for (const auto& item : json_lines(s.obrctl({"queue", "control", "--json"}).out)) {
        EXPECT_NE(item["appeal_id"], answered["id"]) << "the answered appeal left its queue";
        fixed_waits |= item["appeal_id"] == fixed["id"];
    }
    EXPECT_TRUE(fixed_waits) << "the corrected appeal waits in control's queue";
    EXPECT_TRUE(d.running());
    d.signal(SIGTERM);
    EXPECT_EQ(d.wait_exit(60s), 0) << d.log();
}
