// decisions_test.cpp: from a provider's letter to an answer in their inbox and an item on
// a staff member's desk, against real PostgreSQL, Dovecot and SMTP servers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "daemon/letter_identity.hpp"
#include "mail_helpers.hpp"
#include "parsers/parse.hpp"
#include "test_servers.hpp"

using nlohmann::json;
using obrd::test::CommandResult;
using obrd::test::expect_status;
using obrd::test::header;
using obrd::test::json_lines;
using obrd::test::kDepartments;
using obrd::test::obrctl_rows;
using obrd::test::read_file;
using obrd::test::Received;
using obrd::test::received;
using obrd::test::sample_letters;
using obrd::test::TestServers;
using obrd::test::write_letter;

namespace {

std::size_t count_headers(const std::string& raw, const std::string& name) {
    std::size_t n = 0;
    const auto end = raw.find("\r\n\r\n");
    std::istringstream in(raw.substr(0, end));
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + ":", 0) == 0) ++n;
    return n;
}

std::map<std::string, json> manifest() {
    std::map<std::string, json> m;
    std::ifstream in(OBRD_SHARED_DIR "/corpus/letters/manifest.jsonl");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) {
            auto j = json::parse(line);
            m[j["file"]] = j;
        }
    return m;
}

TEST(Decisions, SampleLettersAreDecidedNoticedAndRoutedAsTheManifestSays) {
    TestServers s;
    s.write_config(kDepartments);
    const auto letters = sample_letters();
    s.deliver(letters);
    expect_status(s.obrd({"--once"}), 0);

    const auto expected = manifest();
    std::map<std::string, std::string> file_of_message_id;
    for (const auto& f : letters)
        file_of_message_id[obrd::identify_letter(read_file(f)).message_id] = f.filename().string();
    std::map<std::string, json> appeal_of_file;
    std::map<std::string, std::string> file_of_number;
    for (auto& a : obrctl_rows(s, "appeals")) {
        const std::string file = file_of_message_id.at(a["message_id"].get<std::string>());
        if (a["registration_number"].is_string()) file_of_number[a["registration_number"]] = file;
        appeal_of_file[file] = a;
    }
    ASSERT_EQ(appeal_of_file.size(), letters.size());

    std::size_t wrong = 0;
    for (const auto& [file, want] : expected) {
        SCOPED_TRACE(file);
        const json& got = appeal_of_file.at(file);
        std::vector<std::string> reasons = got["reasons"];
        std::vector<std::string> want_reasons = want["reasons"];
        EXPECT_EQ(got["verdict"], want["verdict"]);
        EXPECT_EQ(got["kind"], want["kind"]);
        EXPECT_EQ(std::set(reasons.begin(), reasons.end()),
                  std::set(want_reasons.begin(), want_reasons.end()));
        EXPECT_EQ(got["complaint_missing"], want.value("complaint_missing", json::array()));
        EXPECT_EQ(got["reply_to"], want["reply_to"]);
        if (want.contains("duplicate_of")) {
            ASSERT_TRUE(got["duplicate_of"].is_string());
            EXPECT_EQ(file_of_number.at(got["duplicate_of"]), want["duplicate_of"]);
        }
        if (want["verdict"] == "accepted") {
            EXPECT_TRUE(got["registration_number"].is_string());
            EXPECT_TRUE(got["deadline"].is_string());
            EXPECT_EQ(got["department"], want["kind"] == "complaint" ? "head" : "control");
        } else {
            EXPECT_TRUE(got["registration_number"].is_null());
        }
        wrong += got["verdict"] != want["verdict"];
    }
    EXPECT_EQ(wrong, 0u);

    // Exactly one notice per letter whose manifest says one is due, to the right address,
    // answering that letter, with the registration number or the grounds.
    std::map<std::string, int> notices_per_file;
    std::size_t cards = 0, urgent = 0;
    for (const auto& m : received(s)) {
        ASSERT_EQ(m.rcpt.size(), 1u);
        if (!m.is_notice()) {
            // A threat goes to the head at once as an urgent card (escalate.threat = head),
            // answering the letter, with the original attached.
            if (m.letter.subject.rfind("СРОЧНО", 0) == 0) {
                ++urgent;
                EXPECT_EQ(m.rcpt[0], "head@msz.example.ru");
                EXPECT_EQ(header(m.letter, "Importance"), "high");
                const std::string answered = header(m.letter, "In-Reply-To");
                const std::string id = answered.substr(1, answered.size() - 2);
                ASSERT_TRUE(file_of_message_id.count(id)) << answered;
                const json& want = expected.at(file_of_message_id[id]);
                EXPECT_NE(std::find(want["reasons"].begin(), want["reasons"].end(), "threat"),
                          want["reasons"].end());
                EXPECT_NE(m.letter.text.find("угроз"), std::string::npos) << m.letter.text;
                EXPECT_FALSE(m.letter.attachments.empty());
                continue;
            }
            ++cards;
            EXPECT_TRUE(m.rcpt[0] == "control@msz.example.ru" || m.rcpt[0] == "head@msz.example.ru")
                << m.rcpt[0];
            continue;
        }
        const std::string answered = header(m.letter, "In-Reply-To");
        const std::string id = answered.substr(1, answered.size() - 2);
        ASSERT_TRUE(file_of_message_id.count(id)) << answered;
        const std::string file = file_of_message_id[id];
        ++notices_per_file[file];
        const json& want = expected.at(file);
        const json& got = appeal_of_file.at(file);
        EXPECT_EQ(m.rcpt[0], want["reply_to"]) << file;
        EXPECT_EQ(m.letter.to.at(0).address, want["reply_to"]) << file;
        if (want["notice"] == "acceptance") {
            const std::string number = got["registration_number"];
            EXPECT_NE(m.letter.subject.find(number), std::string::npos) << m.letter.subject;
            EXPECT_NE(m.letter.text.find(number), std::string::npos) << file;
        } else {
            EXPECT_EQ(want["notice"], "refusal") << file;
            EXPECT_FALSE(m.letter.text.empty());
        }
    }
    for (const auto& [file, want] : expected) {
        const int due = want["notice"] == "none" ? 0 : 1;
        EXPECT_EQ(notices_per_file[file], due) << file;
    }
    std::size_t routed = 0, threats = 0;
    for (const auto& [file, got] : appeal_of_file) routed += got["verdict"] == "accepted";
    for (const auto& [file, want] : expected) {
        const auto& r = want["reasons"];
        threats += std::find(r.begin(), r.end(), "threat") != r.end();
    }
    EXPECT_EQ(cards, routed) << "one card per routed item";
    EXPECT_GT(threats, 0u);
    EXPECT_EQ(urgent, threats) << "one urgent card per threat";
    EXPECT_EQ(obrctl_rows(s, "queue").size(), routed + threats);

    // A second run decides and sends nothing more.
    const auto before = received(s).size();
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(received(s).size(), before);
    EXPECT_EQ(obrctl_rows(s, "appeals").size(), letters.size());
}

// The first sample letter is an ordinary accepted appeal.
std::filesystem::path accepted_letter() {
    return sample_letters().at(0);
}

TEST(Decisions, SmtpDownThenBackSendsEachNoticeOnce) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({accepted_letter(), sample_letters().at(1)});
    s.stop("smtp");
    auto down = s.obrd({"--once"});
    EXPECT_EQ(down.status, 75) << down.err;
    EXPECT_NE(down.err.find("SMTP relay unavailable"), std::string::npos) << down.err;
    for (const auto& row : obrctl_rows(s, "outbox")) EXPECT_EQ(row["status"], "pending");

    s.start("smtp");
    expect_status(s.obrd({"--once"}), 0);
    const auto outbox = obrctl_rows(s, "outbox");
    ASSERT_EQ(outbox.size(), 4u) << "two notices and two cards";
    for (const auto& row : outbox) EXPECT_EQ(row["status"], "sent") << row.dump();
    EXPECT_EQ(received(s).size(), 4u);
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(received(s).size(), 4u) << "nothing is sent twice";
}

TEST(Decisions, PermanentRefusalMarksTheRowFailedWithTheServersWords) {
    TestServers s;
    s.write_config();
    std::ofstream(std::filesystem::path(s.env("SMTP_SPOOL")) / "control.json")
        << R"({"rcpt": {"kovaleva@dobry-ostrov65.ru": "550 5.1.1 Mailbox does not exist"}})";
    s.deliver({accepted_letter()});
    expect_status(s.obrd({"--once"}), 0);
    const auto outbox = obrctl_rows(s, "outbox");
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0]["status"], "failed");
    EXPECT_NE(outbox[0]["last_error"].get<std::string>().find("550 5.1.1 Mailbox does not exist"),
              std::string::npos)
        << outbox[0].dump();
    EXPECT_EQ(received(s).size(), 0u);
}

TEST(Decisions, TemporaryRefusalIsRetriedWithBackoff) {
    TestServers s;
    s.write_config();
    const auto control = std::filesystem::path(s.env("SMTP_SPOOL")) / "control.json";
    std::ofstream(control) << R"({"data": "451 4.3.0 Try again later"})";
    s.deliver({accepted_letter()});
    expect_status(s.obrd({"--once"}), 0);
    auto outbox = obrctl_rows(s, "outbox");
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0]["status"], "pending");
    EXPECT_EQ(outbox[0]["attempts"], 1);
    EXPECT_NE(outbox[0]["last_error"].get<std::string>().find("451"), std::string::npos);
    // Not due yet: a run right away does not hammer the relay.
    std::filesystem::remove(control);
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(obrctl_rows(s, "outbox")[0]["status"], "pending");
    EXPECT_EQ(received(s).size(), 0u);
}

// An auto-responder that answers our notice, with and without RFC 3834 headers.
std::string auto_reply(const Received& notice, bool rfc3834, int round) {
    const std::string id = header(notice.letter, "Message-ID");
    return "From: kovaleva@dobry-ostrov65.ru\r\nTo: mszso@sakhalin.gov.ru\r\n"
           "Subject: Auto: out of office\r\nMessage-ID: <auto-" +
           std::to_string(round) + "@dobry-ostrov65.ru>\r\nIn-Reply-To: " + id + "\r\n" +
           (rfc3834 ? "Auto-Submitted: auto-replied\r\n" : "") +
           "Content-Type: text/plain; charset=utf-8\r\n\r\n"
           "Я в отпуске до понедельника. Ваше письмо получено.\r\n";
}

TEST(Decisions, AnAutoResponderNeverStartsALoop) {
    TestServers s;
    s.write_config();
    s.deliver({accepted_letter()});
    expect_status(s.obrd({"--once"}), 0);
    auto got = received(s);
    ASSERT_EQ(got.size(), 1u);
    for (int round = 0; round < 3; ++round) {
        auto latest = received(s).back();
        s.deliver({write_letter(s, "auto" + std::to_string(round) + ".eml",
                                auto_reply(latest, round % 2 == 0, round))});
        expect_status(s.obrd({"--once"}), 0);
    }
    EXPECT_EQ(received(s).size(), 1u) << "no notice answers an auto-reply";
    const auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 4u);
    EXPECT_EQ(appeals[1]["verdict"], "ignored");
    EXPECT_EQ(appeals[2]["verdict"], "follow_up") << "a reply without RFC 3834 joins the appeal";
    EXPECT_EQ(appeals[2]["follow_up_of"], appeals[0]["id"]);
}

TEST(Decisions, ABounceMarksTheNoticeUndeliverable) {
    TestServers s;
    s.write_config();
    s.deliver({accepted_letter()});
    expect_status(s.obrd({"--once"}), 0);
    const auto notice = received(s).at(0);
    const std::string id = header(notice.letter, "Message-ID");
    const std::string dsn =
        "From: MAILER-DAEMON@mx.dobry-ostrov65.ru\r\nTo: mszso@sakhalin.gov.ru\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: "
        "<dsn1@mx.dobry-ostrov65.ru>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
        "--b1\r\nContent-Type: text/plain\r\n\r\nUser unknown.\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
        "Final-Recipient: rfc822; kovaleva@dobry-ostrov65.ru\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " +
        id + "\r\nSubject: whatever\r\n--b1--\r\n";
    s.deliver({write_letter(s, "dsn.eml", dsn)});
    expect_status(s.obrd({"--once"}), 0);
    const auto outbox = obrctl_rows(s, "outbox");
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0]["status"], "undeliverable");
    EXPECT_EQ(received(s).size(), 1u) << "nothing is sent to MAILER-DAEMON";
    EXPECT_EQ(obrctl_rows(s, "appeals").back()["verdict"], "ignored");
}

TEST(Decisions, AReplyToANoticeJoinsItsAppeal) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({accepted_letter()});
    expect_status(s.obrd({"--once"}), 0);
    const auto first = obrctl_rows(s, "appeals").at(0);
    const std::string number = first["registration_number"];
    const std::string reply =
        "From: =?utf-8?B?0JrQvtCy0LDQu9GR0LLQsCDQmNGA0LjQvdCw?= <kovaleva@dobry-ostrov65.ru>\r\n"
        "To: mszso@sakhalin.gov.ru\r\nSubject: Re: =?utf-8?B?" +
        std::string("0J7QsdGA0LDRidC10L3QuNC1INC30LDRgNC10LPQuNGB0YLRgNC40YDQvtCy0LDQvdC+") +
        "?= " + number +
        "\r\nMessage-ID: <reply-1@dobry-ostrov65.ru>\r\nContent-Type: text/plain; "
        "charset=utf-8\r\n\r\nДобавляю копию устава к обращению.\r\n";
    s.deliver({write_letter(s, "reply.eml", reply)});
    const auto before = received(s).size();
    expect_status(s.obrd({"--once"}), 0);
    const auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 2u);
    EXPECT_EQ(appeals[1]["verdict"], "follow_up");
    EXPECT_EQ(appeals[1]["follow_up_of"], first["id"]);
    EXPECT_TRUE(appeals[1]["registration_number"].is_null()) << "no new registration";
    const auto now = received(s);
    ASSERT_EQ(now.size(), before + 1) << "a card to the department, no notice";
    EXPECT_FALSE(now.back().is_notice());
    EXPECT_EQ(now.back().rcpt.at(0), "control@msz.example.ru");
}

TEST(Decisions, NoticesPerAddressAreCappedPerDay) {
    TestServers s;
    s.write_config({{"notices", "max_per_address_per_day = 2"}});
    const std::string raw = read_file(accepted_letter());
    std::vector<std::filesystem::path> copies;
    for (int i = 0; i < 4; ++i) {
        std::string copy = raw;
        copy.replace(copy.find("Message-ID: <"), 13, "Message-ID: <copy" + std::to_string(i));
        copies.push_back(write_letter(s, "copy" + std::to_string(i) + ".eml", copy));
    }
    s.deliver(copies);
    expect_status(s.obrd({"--once"}), 0);
    std::map<std::string, int> by_status;
    for (const auto& row : obrctl_rows(s, "outbox")) ++by_status[row["status"]];
    EXPECT_EQ(by_status["sent"], 2);
    EXPECT_EQ(by_status["suppressed"], 2);
    EXPECT_EQ(received(s).size(), 2u);
}

TEST(Decisions, ValuesFromALetterNeverInjectHeaders) {
    TestServers s;
    s.write_config();
    std::string raw = read_file(accepted_letter());
    // Display name and subject whose decoded text carries CR LF and a Bcc header.
    const std::string evil_name =
        "=?utf-8?B?0JrQvtCy0LDQu9GR0LLQsA0KQmNjOiB2aWN0aW1AZXZpbC5leGFtcGxl?=";
    const std::string evil_subject =
        "=?utf-8?B?0JLQvtC/0YDQvtGBDQpCY2M6IHZpY3RpbUBldmlsLmV4YW1wbGU=?=";
    raw.replace(raw.find("From: "), 6, "From: " + evil_name + "\r\n ");
    raw.replace(raw.find("Subject: "), 9, "Subject: " + evil_subject + "\r\n ");
    s.deliver({write_letter(s, "evil.eml", raw)});
    expect_status(s.obrd({"--once"}), 0);
    const auto got = received(s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].rcpt, std::vector<std::string>{"kovaleva@dobry-ostrov65.ru"});
    EXPECT_EQ(count_headers(got[0].raw, "Bcc"), 0u) << got[0].raw.substr(0, 2000);
    EXPECT_EQ(count_headers(got[0].raw, "To"), 1u);
    EXPECT_EQ(got[0].raw.find("victim@evil.example"), std::string::npos)
        << "the injected text may appear only encoded";
}

TEST(Decisions, OversizeLettersGoToTheManualQueueUnanswered) {
    TestServers s;
    s.write_config({{"mailbox", "max_letter_size = 4K"}});
    s.deliver({sample_letters().at(2)});  // 11 KB
    expect_status(s.obrd({"--once"}), 0);
    const auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 1u);
    EXPECT_EQ(appeals[0]["verdict"], "manual");
    const auto queue = json_lines(s.obrctl({"queue", "manual", "--json"}).out);
    ASSERT_EQ(queue.size(), 1u);
    EXPECT_NE(queue[0]["reason"].get<std::string>().find("max_letter_size"), std::string::npos);
    EXPECT_EQ(received(s).size(), 0u);
}

}  // namespace

// Staff in the loop: a letter held on weak evidence waits in `review` until a person
// confirms it with `obrctl decide`, which sends exactly one refusal and is audited under
// the database login; a threat reaches the head at once; bad REFs, queues and options get
// a Russian message and exit 64/65.
TEST(Decisions, AHeldRefusalIsConfirmedByAPersonAndAThreatReachesTheHead) {
    TestServers s;
    s.write_config(kDepartments);
    const auto weak = write_letter(
        s, "weak.eml",
        "From: Ivanova Maria <ivanova@zabota65.ru>\r\nTo: mszso@sakhalin.gov.ru\r\n"
        "Subject: Vopros\r\nDate: Mon, 30 Nov 2026 10:00:00 +1100\r\n"
        "Message-ID: <weak1@zabota65.ru>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Добрый день. Ваша проверка — это huilo какое-то, а не контроль. Прошу разъяснить "
        "порядок проверки поставщиков социальных услуг.\r\n\r\n"
        "Иванова Мария Петровна\r\nдиректор АНО «Забота», ИНН 6501912538\r\n");
    std::filesystem::path threat;
    for (const auto& f : sample_letters())
        if (f.filename().string().find("threat-car") != std::string::npos) threat = f;
    ASSERT_FALSE(threat.empty());
    s.deliver({weak, threat});
    expect_status(s.obrd({"--once"}), 0);

    // Held: nothing to Ivanova yet; the threat's refusal and its urgent card went out.
    auto mail = received(s);
    std::size_t to_ivanova = 0, urgent = 0;
    for (const auto& m : mail) {
        to_ivanova += m.rcpt.at(0) == "ivanova@zabota65.ru";
        urgent += m.rcpt.at(0) == "head@msz.example.ru" && m.letter.subject.rfind("СРОЧНО", 0) == 0;
    }
    EXPECT_EQ(to_ivanova, 0u);
    EXPECT_EQ(urgent, 1u);
    const auto review = json_lines(s.obrctl({"queue", "review", "--json"}).out);
    ASSERT_EQ(review.size(), 1u);
    const auto head = json_lines(s.obrctl({"queue", "head", "--json"}).out);
    ASSERT_EQ(head.size(), 1u);
    EXPECT_EQ(head[0]["reason"], "urgent: threat");
    auto letters = json_lines(s.obrctl({"letters", "--json"}).out);
    ASSERT_EQ(letters.size(), 2u);
    EXPECT_EQ(letters[0]["decision"], "review") << "a letter's standing follows its decision";
    EXPECT_EQ(letters[1]["decision"], "refused");

    // show: the letter, the weak evidence, in Russian; and as JSON.
    auto shown = s.obrctl({"show", "#1"});
    expect_status(shown, 0);
    for (const char* part :
         {"Письмо #1", "huilo какое-то", "ждёт решения сотрудника", "OBSCENE_LATIN, слабое",
          "review: открыто", "Действия сотрудников: нет"})
        EXPECT_NE(shown.out.find(part), std::string::npos) << part << "\n" << shown.out;
    auto shown_json = json::parse(s.obrctl({"show", "#1", "--json"}).out);
    EXPECT_EQ(shown_json["verdict"], "review");
    EXPECT_EQ(shown_json["letter"]["subject"], "Vopros");

    // Errors: Russian, 64 for what is malformed, 65 for what names nothing.
    struct Bad {
        std::vector<std::string> args;
        int status;
        const char* says;
    };
    const Bad bad[] = {
        {{"show", "МСЗ-2026-000099"}, 65, "не найдено"},
        {{"show", "#99"}, 65, "не найдено"},
        {{"show", "abc"}, 64, "не регистрационный номер"},
        {{"queue", "nonexistent"}, 64, "очереди «nonexistent» нет"},
        {{"decide", "#1", "refuse"}, 64, "нужен --comment"},
        {{"decide", "#1", "refuse", "--ground", "nope", "--comment", "x"},
         64,
         "неизвестное основание"},
        {{"decide", "#1", "maybe", "--comment", "x"}, 64, "usage"},
        {{"decide", "#2", "refuse", "--comment", "x"}, 65, "нельзя отказать"},
    };
    for (const Bad& b : bad) {
        const auto r = s.obrctl(b.args);
        EXPECT_EQ(r.status, b.status) << b.args[0] << " " << b.args[1] << "\n" << r.err;
        EXPECT_NE(r.err.find(b.says), std::string::npos) << r.err;
    }
    EXPECT_TRUE(json_lines(s.obrctl({"audit", "--json"}).out).empty()) << "errors change nothing";

    // The confirmation: one refusal to Ivanova, answering her letter; audited.
    expect_status(s.obrctl({"decide", "#1", "refuse", "--comment", "мат латиницей, отказ верный"}),
                  0);
    expect_status(s.obrctl({"decide", "#1", "refuse", "--comment", "ещё раз"}), 65);
    expect_status(s.obrd({"--once"}), 0);
    mail = received(s);
    std::vector<const Received*> refusals;
    for (const auto& m : mail)
        if (m.rcpt.at(0) == "ivanova@zabota65.ru") refusals.push_back(&m);
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_EQ(header(refusals[0]->letter, "In-Reply-To"), "<weak1@zabota65.ru>");
    EXPECT_NE(refusals[0]->letter.subject.find("не зарегистрировано"), std::string::npos)
        << refusals[0]->letter.subject;
    EXPECT_NE(refusals[0]->letter.text.find("нецензурные"), std::string::npos);
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["actor"], "obrd") << "the PostgreSQL session_user of the obrctl session";
    EXPECT_EQ(audit[0]["action"], "decide refuse");
    EXPECT_EQ(audit[0]["comment"], "мат латиницей, отказ верный");
    EXPECT_EQ(audit[0]["outbox_ids"].size(), 1u);
    EXPECT_TRUE(json_lines(s.obrctl({"queue", "review", "--json"}).out).empty());
    shown_json = json::parse(s.obrctl({"show", "#1", "--json"}).out);
    EXPECT_EQ(shown_json["verdict"], "refused");
    EXPECT_EQ(shown_json["staff_actions"].size(), 1u);
    EXPECT_EQ(json_lines(s.obrctl({"letters", "--json"}).out)[0]["decision"], "refused");
}

// A refused complaint overturned by a person: registered now with a number and a deadline
// from today, exactly one acceptance that withdraws the refusal, a card to the head, the
// item in the head's queue, audited; a second overturn and one of an accepted appeal are
// refused with 65. A held refusal overturned sends no withdrawal (none was sent).
TEST(Decisions, ARefusedComplaintOverturnedByAPersonIsRegisteredWithOneAcceptance) {
    TestServers s;
    s.write_config(kDepartments);
    std::filesystem::path complaint, accepted;
    for (const auto& f : sample_letters()) {
        const std::string name = f.filename().string();
        if (name.find("complaint-no-notify") != std::string::npos) complaint = f;
        if (name.rfind("001-", 0) == 0) accepted = f;
    }
    ASSERT_FALSE(complaint.empty());
    s.deliver({complaint, accepted});
    expect_status(s.obrd({"--once"}), 0);
    auto before = received(s);
    ASSERT_EQ(before.size(), 3u) << "the refusal, the acceptance and its card";
    const std::string applicant = before[0].rcpt.at(0);

    auto r = s.obrctl({"decide", "#1", "accept", "--comment", "способ уведомления указан в шапке"});
    expect_status(r, 0);
    EXPECT_NE(r.out.find("МСЗ-2026-"), std::string::npos) << r.out;
    expect_status(s.obrctl({"decide", "#1", "accept", "--comment", "ещё раз"}), 65);
    expect_status(s.obrctl({"decide", "#2", "accept", "--comment", "уже принято"}), 65);
    expect_status(s.obrd({"--once"}), 0);

    const auto after = received(s);
    std::vector<const Received*> acceptances, cards;
    for (std::size_t i = before.size(); i < after.size(); ++i) {
        if (after[i].is_notice())
            acceptances.push_back(&after[i]);
        else
            cards.push_back(&after[i]);
    }
    ASSERT_EQ(acceptances.size(), 1u);
    ASSERT_EQ(cards.size(), 1u);
    const auto shown = json::parse(s.obrctl({"show", "#1", "--json"}).out);
    const std::string number = shown["registration_number"];
    EXPECT_EQ(shown["verdict"], "accepted");
    EXPECT_EQ(shown["department"], "head");
    EXPECT_TRUE(shown["deadline"].is_string());
    EXPECT_EQ(shown["flags"], json::array({"complaint_incomplete"}));
    EXPECT_EQ(acceptances[0]->rcpt.at(0), applicant);
    EXPECT_NE(acceptances[0]->letter.subject.find(number), std::string::npos);
    EXPECT_NE(acceptances[0]->letter.text.find("отказе в регистрации жалобы отозвано"),
              std::string::npos)
        << acceptances[0]->letter.text;
    EXPECT_EQ(cards[0]->rcpt.at(0), "head@msz.example.ru");
    EXPECT_NE(cards[0]->letter.subject.find(number), std::string::npos);
    const auto head = json_lines(s.obrctl({"queue", "head", "--json"}).out);
    ASSERT_EQ(head.size(), 1u);
    EXPECT_EQ(head[0]["registration_number"], number);
    const auto audit = json_lines(s.obrctl({"audit", "--ref", number, "--json"}).out);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["action"], "decide accept");
    EXPECT_EQ(audit[0]["outbox_ids"].size(), 2u);

    // The queue as staff read it: Russian, with age and deadline; --overdue once the
    // deadline has passed (moved into the past here, as time would).
    auto table = s.obrctl({"queue", "head"});
    expect_status(table, 0);
    EXPECT_NE(table.out.find("очередь"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find(number), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("принято сотрудником"), std::string::npos) << table.out;
    EXPECT_TRUE(json_lines(s.obrctl({"queue", "--overdue", "--json"}).out).empty());
    const std::string sql = "psql \"" + s.env("PG_DSN") +
                            "\" -q -c \"UPDATE appeals SET deadline = '2026-01-09' WHERE"
                            " registration_number = '" +
                            number + "'\" >/dev/null";
    ASSERT_EQ(std::system(sql.c_str()), 0) << sql;
    const auto overdue = json_lines(s.obrctl({"queue", "--overdue", "--json"}).out);
    ASSERT_EQ(overdue.size(), 1u);
    EXPECT_EQ(overdue[0]["registration_number"], number);
    EXPECT_EQ(overdue[0]["overdue"], true);
    EXPECT_NE(s.obrctl({"queue", "--overdue"}).out.find("09.01.2026!"), std::string::npos);
}
