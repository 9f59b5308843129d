// staff_test.cpp: a person in the loop, against real PostgreSQL, Dovecot and SMTP servers
// (TLS on): finding letters, closing appeals, a complaint's outcome, extending a deadline,
// refusing by hand, sending mail again, the daily digest, deadline reminders, and a staff
// login that works without the service's password and cannot change the schema.
//
// For each command: the rows it changes (obrctl show --json), the mail it sends (the SMTP
// sink: to whom, subject, threading), its audit line, and its errors for a bad REF or option.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "mail_helpers.hpp"
#include "test_servers.hpp"

using nlohmann::json;
using obrd::test::CommandResult;
using obrd::test::expect_status;
using obrd::test::header;
using obrd::test::json_lines;
using obrd::test::kDepartments;
using obrd::test::obrctl_rows;
using obrd::test::received;
using obrd::test::Received;
using obrd::test::run_command;
using obrd::test::sample;
using obrd::test::sample_letters;
using obrd::test::TestServers;

namespace {

json show(const TestServers& s, const std::string& ref) {
    const auto r = s.obrctl({"show", ref, "--json"});
    EXPECT_EQ(r.status, 0) << r.err;
    return json::parse(r.out);
}

// SQL as the PostgreSQL superuser of the test cluster (to set up roles, or to move a date
// that a test cannot wait for).
void psql(const TestServers& s, const std::string& sql, const std::string& user = "postgres") {
    const auto r = run_command(
        {"psql", "host=127.0.0.1 port=" + s.env("PG_PORT") + " dbname=obrd user=" + user, "-v",
         "ON_ERROR_STOP=1", "-q", "-c", sql});
    ASSERT_EQ(r.status, 0) << sql << "\n" << r.err;
}

// Today in Sakhalin (UTC+11 all year), as obrd counts it: YYYY-MM-DD.
std::string sakhalin_today() {
    const auto now = std::chrono::system_clock::now() + std::chrono::hours{11};
    const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(now)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()));
    return buf;
}

std::string plus_days(const std::string& iso, int n) {
    int y = 0, m = 0, d = 0;
    std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d);
    const auto day = std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::days{n};
    const std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

std::string ru(const std::string& iso) {
    return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

std::vector<std::int64_t> letter_ids(const std::vector<json>& rows) {
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) ids.push_back(r["letter_id"].get<std::int64_t>());
    return ids;
}

std::vector<Received> new_mail(const TestServers& s, std::size_t before) {
    auto all = received(s);
    return std::vector<Received>(all.begin() + static_cast<long>(before), all.end());
}

}  // namespace

TEST(Staff, FindSearchesBySenderInnTextVerdictGroundAndDepartment) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("003-"), sample("005-"), sample("012-")});
    expect_status(s.obrd({"--once"}), 0);

    auto find = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv{"find", "--json"};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto r = s.obrctl(argv);
        EXPECT_EQ(r.status, 0) << r.err;
        return letter_ids(json_lines(r.out));
    };
    using Ids = std::vector<std::int64_t>;
    EXPECT_EQ(find({}), (Ids{4, 3, 2, 1})) << "newest first";
    EXPECT_EQ(find({"--inn", "6501912538"}), (Ids{1}));
    EXPECT_EQ(find({"--sender", "LAZAREVA@teplydom65"}), (Ids{2})) << "any case, part of it";
    EXPECT_EQ(find({"--text", "ПЛАН проведения"}), (Ids{1})) << "every word, any case";
    EXPECT_EQ(find({"--text", "план zzzz"}), (Ids{}));
    EXPECT_EQ(find({"--verdict", "refused"}), (Ids{4, 3}));
    EXPECT_EQ(find({"--ground", "sender_inaccurate"}), (Ids{4}));
    EXPECT_EQ(find({"--department", "head"}), (Ids{2}));
    EXPECT_EQ(find({"--since", sakhalin_today(), "--until", sakhalin_today()}).size(), 4u);
    EXPECT_EQ(find({"--until", plus_days(sakhalin_today(), -1)}), (Ids{}));

    const auto table = s.obrctl({"find", "--verdict", "accepted"});
    expect_status(table, 0);
    EXPECT_NE(table.out.find("получено"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("МСЗ-2026-"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("найдено: 2"), std::string::npos) << table.out;

    for (const auto& bad :
         std::vector<std::vector<std::string>>{{"find", "--verdict", "rejected"},
                                               {"find", "--ground", "rudeness"},
                                               {"find", "--since", "2026-13-01"},
                                               {"find", "--department", "nowhere"},
                                               {"find", "--inn", "123"},
                                               {"find", "--colour", "red"},
                                               {"find", "--text"},
                                               {"find", "extra"}}) {
        const auto r = s.obrctl(bad);
        EXPECT_EQ(r.status, 64) << bad[1] << ": " << r.out << r.err;
        EXPECT_FALSE(r.err.empty());
        EXPECT_TRUE(r.out.empty()) << "never a silent list: " << r.out;
    }
}

TEST(Staff, AnAppealIsClosedWithItsAnswerAndAComplaintWithTheHeadsDecision) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("003-"), sample("005-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::size_t mail_before = received(s).size();
    const std::string appeal = show(s, "#1")["registration_number"];
    const std::string complaint = show(s, "#2")["registration_number"];
    const std::string today = sakhalin_today();

    // Errors change nothing.
    for (const auto& [args, status] : std::vector<std::pair<std::vector<std::string>, int>>{
             {{"close", "#1", "--answered", plus_days(today, 1), "--comment", "x"}, 64},
             {{"close", "#1", "--answered", "вчера", "--comment", "x"}, 64},
             {{"close", "#1", "--answered", today, "--result", "отлично", "--comment", "x"}, 64},
             {{"close", "#1", "--answered", today}, 64},
             {{"close", "#1", "--answered", today, "--comment", "  "}, 64},
             {{"close", "#1", "--comment", "x"}, 64},
             {{"close", "#99", "--answered", today, "--comment", "x"}, 65},
             {{"close", "МСЗ-2026-999999", "--answered", today, "--comment", "x"}, 65},
             {{"close", "17", "--answered", today, "--comment", "x"}, 64},
             {{"close", "#3", "--answered", today, "--comment", "отказ"}, 65},
             {{"close", complaint, "--answered", today, "--comment", "жалоба"}, 65},
             {{"complaint", appeal, "--outcome", "unsatisfied", "--comment", "не жалоба"}, 65},
             {{"complaint", complaint, "--outcome", "maybe", "--comment", "x"}, 64},
             {{"complaint", complaint, "--comment", "x"}, 64}}) {
        const auto r = s.obrctl(args);
        EXPECT_EQ(r.status, status) << args[0] << " " << args[1] << ": " << r.out << r.err;
        EXPECT_FALSE(r.err.empty());
    }
    EXPECT_TRUE(json_lines(s.obrctl({"audit", "--json"}).out).empty()) << "errors change nothing";

    auto r = s.obrctl({"close", appeal, "--answered", today, "--result", "Разъяснено", "--comment",
                       "ответ исх. № 12-345"});
    expect_status(r, 0);
    EXPECT_NE(r.out.find("Рассмотрено: Разъяснено"), std::string::npos) << r.out;
    json a = show(s, appeal);
    EXPECT_EQ(a["answered_on"], today);
    EXPECT_EQ(a["result"], "explained");
    EXPECT_FALSE(a["closed_at"].is_null());
    EXPECT_EQ(a["verdict"], "accepted") << "the decision stays; the appeal is closed";
    for (const auto& w : a["queue_items"]) EXPECT_EQ(w["status"], "done") << w.dump();
    expect_status(s.obrctl({"close", appeal, "--answered", today, "--comment", "ещё раз"}), 65);
    for (const auto& item : json_lines(s.obrctl({"queue", "control", "--json"}).out))
        EXPECT_NE(item["registration_number"], appeal) << "a closed appeal leaves its queue";

    r = s.obrctl({"complaint", complaint, "--outcome", "cancelled-new", "--comment",
                  "решение отменено, выдано новое"});
    expect_status(r, 0);
    a = show(s, complaint);
    EXPECT_EQ(a["complaint_outcome"], "cancelled-new");
    EXPECT_EQ(a["answered_on"], today);
    EXPECT_FALSE(a["closed_at"].is_null());
    EXPECT_TRUE(json_lines(s.obrctl({"queue", "head", "--json"}).out).empty());
    expect_status(
        s.obrctl({"complaint", complaint, "--outcome", "unlawful", "--comment", "передумали"}), 65);

    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0]["action"], "close");
    EXPECT_EQ(audit[0]["registration_number"], appeal);
    EXPECT_EQ(audit[0]["comment"], "ответ исх. № 12-345");
    EXPECT_EQ(audit[0]["actor"], "obrd");
    EXPECT_EQ(audit[1]["action"], "complaint cancelled-new");
    EXPECT_EQ(json_lines(s.obrctl({"audit", "--ref", complaint, "--json"}).out).size(), 1u);
    EXPECT_EQ(json_lines(s.obrctl({"audit", "--since", today, "--json"}).out).size(), 2u);
    EXPECT_EQ(json_lines(s.obrctl({"audit", "--until", plus_days(today, -1), "--json"}).out).size(),
              0u);
    const auto tomorrow = s.obrctl({"audit", "--since", plus_days(today, 1)});
    expect_status(tomorrow, 0);
    EXPECT_EQ(tomorrow.out, "Действий сотрудников нет.\n") << "nothing is said as such";
    expect_status(s.obrctl({"audit", "--since", "32.12.2026"}), 64);
    expect_status(s.obrctl({"audit", "--who", "me"}), 64);

    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(received(s).size(), mail_before) << "closing sends nothing";
    const auto table = s.obrctl({"find"});
    EXPECT_NE(table.out.find("закрыто"), std::string::npos) << table.out;
}

// Where a letter's text column begins: the character (not byte) offset of `word`.
std::size_t column_of(const std::string& line, const std::string& word) {
    const auto at = line.find(word);
    if (at == std::string::npos) return std::string::npos;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < at; ++i)
        chars += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    return chars;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// letters, appeals and outbox print Russian tables with headers, aligned, in Sakhalin time;
// a letter's status follows its decision and what staff did since, not "new" forever.
TEST(Staff, ListingsAreAlignedRussianTablesAndTheLetterStatusFollowsTheDecision) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("005-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::string number = show(s, "#1")["registration_number"];
    expect_status(s.obrctl({"close", number, "--answered", sakhalin_today(), "--comment", "ответ"}),
                  0);
    s.deliver({sample("002-")});
    EXPECT_EQ(s.obrd({"--once"},
                     {{"OBRD_FAULT", "while-deciding"}, {"OBRD_FAULT_MATCH", "b6b92b1a83cd6245"}})
                  .status,
              128 + SIGKILL);

    std::map<std::int64_t, std::string> status;
    for (const auto& l : obrctl_rows(s, "letters")) {
        status[l["id"].get<std::int64_t>()] = l["status"];
        EXPECT_EQ(l["stored"], "whole");
    }
    EXPECT_EQ(status,
              (std::map<std::int64_t, std::string>{{1, "closed"}, {2, "decided"}, {3, "new"}}));

    auto r = s.obrctl({"letters"});
    expect_status(r, 0);
    auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u) << r.out;
    EXPECT_EQ(lines[0].rfind("письмо", 0), 0u) << r.out;
    const std::size_t state_col = column_of(lines[0], "состояние");
    ASSERT_NE(state_col, std::string::npos) << r.out;
    EXPECT_EQ(column_of(lines[1], "закрыто"), state_col) << r.out;
    EXPECT_EQ(column_of(lines[2], "решено"), state_col) << r.out;
    EXPECT_EQ(column_of(lines[3], "новое"), state_col) << r.out;
    EXPECT_NE(lines[2].find("отказ"), std::string::npos) << r.out;

    // The time column is Sakhalin time: the JSON's UTC time plus 11 hours.
    const std::string utc = obrctl_rows(s, "letters")[0]["received_at"];
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    ASSERT_EQ(std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi), 5) << utc;
    const auto local = std::chrono::sys_days{std::chrono::year{y} / mo / d} +
                       std::chrono::hours{h + 11} + std::chrono::minutes{mi};
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(local)};
    char shown[32];
    std::snprintf(shown, sizeof shown, "%02u.%02u.%04d %02d:%02d", unsigned(day.day()),
                  unsigned(day.month()), int(day.year()), (h + 11) % 24, mi);
    EXPECT_NE(lines[1].find(shown), std::string::npos) << utc << "\n" << r.out;

    r = s.obrctl({"appeals"});
    expect_status(r, 0);
    lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 3u) << r.out;
    for (const char* word : {"номер", "вид", "решение", "основания", "срок", "отдел"})
        EXPECT_NE(lines[0].find(word), std::string::npos) << word << "\n" << r.out;
    EXPECT_EQ(column_of(lines[1], "обращение"), column_of(lines[0], "вид")) << r.out;
    EXPECT_EQ(column_of(lines[2], "отказ"), column_of(lines[0], "решение")) << r.out;
    EXPECT_NE(lines[2].find("obscene"), std::string::npos) << r.out;

    r = s.obrctl({"outbox"});
    expect_status(r, 0);
    lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u) << "acceptance, card, refusal\n" << r.out;
    for (const auto& line : lines) EXPECT_EQ(line.find('\t'), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("отправлено"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("карточка"), std::string::npos) << r.out;
}

// A year no decree confirms: obrd says so once at start, and show marks a deadline in it.
TEST(Staff, ADeadlineInAYearWithoutADecreeIsMarkedProvisional) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-")});
    auto r = s.obrd({"--once"});
    expect_status(r, 0);
    EXPECT_EQ(r.err.find("has no decree line"), std::string::npos)
        << "the shipped calendar cites the decrees of this year and the next\n"
        << r.err;
    EXPECT_EQ(show(s, "#1")["deadline_provisional"], false);

    // The same calendar without its decree lines: every year provisional.
    std::string calendar;
    {
        std::ifstream in(OBRD_SOURCE_DIR "/notices/data/calendar.txt");
        for (std::string line; std::getline(in, line);)
            if (line.rfind("decree ", 0) != 0) calendar += line + "\n";
    }
    const auto path = s.dir() / "calendar-without-decrees.txt";
    std::ofstream(path) << calendar;
    s.write_config([&] {
        auto extra = kDepartments;
        extra.push_back({"data", "calendar_file = " + path.string()});
        return extra;
    }());
    r = s.obrd({"--once"});
    expect_status(r, 0);
    const std::string year = sakhalin_today().substr(0, 4);
    const auto said = [&](const std::string& what) {
        std::size_t n = 0;
        for (auto at = r.err.find(what); at != std::string::npos; at = r.err.find(what, at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(said(year + " has no decree line: its deadlines are provisional"), 1u) << r.err;
    const json a = show(s, "#1");
    EXPECT_EQ(a["deadline_provisional"], true) << a.dump();
    const auto text = s.obrctl({"show", "#1"});
    expect_status(text, 0);
    EXPECT_NE(text.out.find("(предварительно: календарь этого года ещё не утверждён"),
              std::string::npos)
        << text.out;
}

TEST(Staff, AnExtendedDeadlineIsNotifiedAndRemindersComeOnceEach) {
    TestServers s;
    s.write_config(kDepartments);
    const auto letter = sample("001-");
    s.deliver({letter, sample("003-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::size_t before = received(s).size();
    json a = show(s, "#1");
    const std::string number = a["registration_number"], first = a["deadline"];

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"extend", "#1", "--days", "31", "--comment", "x"},
             {"extend", "#1", "--days", "0", "--comment", "x"},
             {"extend", "#1", "--days", "десять", "--comment", "x"},
             {"extend", "#1", "--days", "10"},
             {"extend", "#2", "--days", "21", "--comment", "жалоба: до 20 рабочих дней"}}) {
        const auto r = s.obrctl(args);
        EXPECT_EQ(r.status, 64) << args[3] << ": " << r.out << r.err;
    }
    expect_status(s.obrctl({"extend", "#3", "--days", "5", "--comment", "x"}), 65);

    auto r = s.obrctl({"extend", number, "--days", "10", "--comment", "запрошены документы"});
    expect_status(r, 0);
    a = show(s, number);
    EXPECT_EQ(a["first_deadline"], first);
    EXPECT_EQ(a["extended_days"], 10);
    const std::string extended = a["deadline"];
    EXPECT_GE(extended, plus_days(first, 10));
    EXPECT_LE(extended, plus_days(first, 20)) << "10 days, moved past holidays at most";
    // 30 days in all (59-FZ art. 12 p.2).
    expect_status(s.obrctl({"extend", number, "--days", "21", "--comment", "x"}), 64);
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["action"], "extend");
    ASSERT_EQ(audit[0]["outbox_ids"].size(), 1u) << "the notice of extension";

    expect_status(s.obrd({"--once"}), 0);
    const auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].rcpt, std::vector<std::string>{"kovaleva@dobry-ostrov65.ru"});
    EXPECT_EQ(mail[0].letter.subject.rfind("Срок рассмотрения продлён: " + number, 0), 0u)
        << mail[0].letter.subject;
    EXPECT_EQ(header(mail[0].letter, "In-Reply-To"), "<f006f7036f$63efb1cb@dobry-ostrov65.ru>");
    EXPECT_NE(mail[0].letter.text.find("до " + ru(extended) + " включительно"), std::string::npos)
        << mail[0].letter.text;
    EXPECT_NE(mail[0].letter.text.find("ранее — до " + ru(first)), std::string::npos);
    EXPECT_NE(mail[0].letter.text.find("часть 2 статьи 12 Федерального закона от 02.05.2006"),
              std::string::npos);

    // Reminders: the appeal's deadline is today (within 3 working days: "before"), the
    // complaint's was yesterday ("missed"). Each comes once.
    const std::string today = sakhalin_today();
    psql(s, "UPDATE appeals SET deadline = '" + today + "' WHERE letter_id = 1");
    psql(s, "UPDATE appeals SET deadline = '" + plus_days(today, -1) + "' WHERE letter_id = 2");
    expect_status(s.obrd({"--once"}), 0);
    const auto reminders = new_mail(s, before + 1);
    ASSERT_EQ(reminders.size(), 2u);
    std::map<std::string, const Received*> by_rcpt;
    for (const auto& m : reminders) by_rcpt[m.rcpt.at(0)] = &m;
    ASSERT_TRUE(by_rcpt.count("control@msz.example.ru"));
    ASSERT_TRUE(by_rcpt.count("head@msz.example.ru"));
    EXPECT_EQ(by_rcpt["control@msz.example.ru"]->letter.subject,
              "Напоминание о сроке: " + number + " — до " + ru(today));
    EXPECT_NE(by_rcpt["control@msz.example.ru"]->letter.text.find("obrctl close " + number),
              std::string::npos);
    EXPECT_EQ(by_rcpt["head@msz.example.ru"]->letter.subject.rfind("Срок пропущен: МСЗ-2026-", 0),
              0u)
        << by_rcpt["head@msz.example.ru"]->letter.subject;
    EXPECT_EQ(header(by_rcpt["head@msz.example.ru"]->letter, "Auto-Submitted"), "auto-generated");
    const auto overdue = json_lines(s.obrctl({"queue", "--overdue", "--json"}).out);
    ASSERT_EQ(overdue.size(), 1u);
    EXPECT_EQ(overdue[0]["letter_id"], 2);

    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(received(s).size(), before + 3) << "each reminder once";
    // An extension sets a new deadline, and its reminder comes again, once.
    expect_status(s.obrctl({"extend", number, "--days", "5", "--comment", "ещё документы"}), 0);
    psql(s, "UPDATE appeals SET deadline = '" + plus_days(today, 1) + "' WHERE letter_id = 1");
    expect_status(s.obrd({"--once"}), 0);
    expect_status(s.obrd({"--once"}), 0);
    const auto last = new_mail(s, before + 3);
    ASSERT_EQ(last.size(), 2u) << "the second notice of extension, and one reminder";
    std::set<std::string> to;
    for (const auto& m : last) to.insert(m.rcpt.at(0));
    EXPECT_EQ(to, (std::set<std::string>{"kovaleva@dobry-ostrov65.ru", "control@msz.example.ru"}));
}

TEST(Staff, APersonRefusesAnAcceptedLetterAndSendsAFailedNoticeAgain) {
    TestServers s;
    s.write_config(kDepartments);
    const auto control = std::filesystem::path(s.env("SMTP_SPOOL")) / "control.json";
    std::ofstream(control) << R"({"rcpt": {"kovaleva@dobry-ostrov65.ru": "550 5.2.1 Over quota"}})";
    s.deliver({sample("001-")});
    expect_status(s.obrd({"--once"}), 0);
    auto outbox = obrctl_rows(s, "outbox");
    ASSERT_EQ(outbox.size(), 2u) << "the acceptance and the card";
    const auto notice = std::find_if(outbox.begin(), outbox.end(),
                                     [](const json& row) { return row["purpose"] == "notice"; });
    ASSERT_NE(notice, outbox.end());
    ASSERT_EQ((*notice)["status"], "failed");
    const std::string id = std::to_string((*notice)["id"].get<int>());
    const std::string message_id = (*notice)["message_id"];
    std::filesystem::remove(control);
    const std::size_t before = received(s).size();

    expect_status(s.obrctl({"resend", "999"}), 65);
    expect_status(s.obrctl({"resend", "первое"}), 64);
    expect_status(s.obrctl({"resend", id, "--to", "not an address"}), 64);
    expect_status(s.obrctl({"resend"}), 64);
    expect_status(s.obrctl({"resend", id, "--comment", "ящик освободился"}), 0);
    expect_status(s.obrd({"--once"}), 0);
    auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].rcpt.at(0), "kovaleva@dobry-ostrov65.ru");
    EXPECT_EQ(mail[0].letter.message_id, message_id) << "the same message, the same Message-ID";

    expect_status(s.obrctl({"resend", id, "--to", "director@dobry-ostrov65.ru", "--comment",
                            "просили направить директору"}),
                  0);
    expect_status(s.obrd({"--once"}), 0);
    mail = new_mail(s, before + 1);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].rcpt.at(0), "director@dobry-ostrov65.ru");
    EXPECT_EQ(header(mail[0].letter, "To"), "director@dobry-ostrov65.ru");
    EXPECT_NE(mail[0].letter.message_id, message_id) << "another recipient, another message";
    EXPECT_EQ(mail[0].letter.subject, received(s)[before].letter.subject);
    auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0]["action"], "resend");
    EXPECT_EQ(audit[1]["outbox_ids"].size(), 2u) << "the row asked for and the new one";

    // A person refuses the accepted appeal: the refusal says the acceptance is withdrawn.
    expect_status(s.obrctl({"decide", "#1", "refuse", "--comment", "без основания"}), 64);
    expect_status(
        s.obrctl({"decide", "#1", "refuse", "--ground", "rudeness", "--comment", "нет такого"}),
        64);
    auto r = s.obrctl(
        {"decide", "#1", "refuse", "--ground", "off_topic", "--comment", "вопрос Минздрава"});
    expect_status(r, 0);
    const json a = show(s, "#1");
    EXPECT_EQ(a["verdict"], "refused");
    EXPECT_EQ(a["reasons"], json::array({"off_topic"}));
    EXPECT_FALSE(a["registration_number"].is_null()) << "a number given is never taken back";
    bool staff_evidence = false;
    for (const auto& e : a["evidence"]) staff_evidence |= e["symbol"] == "STAFF_DECISION";
    EXPECT_TRUE(staff_evidence) << a["evidence"].dump();
    EXPECT_TRUE(json_lines(s.obrctl({"queue", "control", "--json"}).out).empty());
    expect_status(
        s.obrctl({"decide", "#1", "refuse", "--ground", "off_topic", "--comment", "ещё раз"}), 65);
    expect_status(s.obrd({"--once"}), 0);
    mail = new_mail(s, before + 2);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].rcpt.at(0), "kovaleva@dobry-ostrov65.ru");
    EXPECT_EQ(mail[0].letter.subject.rfind("Обращение не зарегистрировано", 0), 0u);
    EXPECT_NE(mail[0].letter.text.find("уведомление о регистрации обращения отозвано"),
              std::string::npos)
        << mail[0].letter.text;
    audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[2]["action"], "decide refuse");
}

// A person who refuses a letter as a duplicate names the registered appeal it repeats; the
// refusal cites its number and day, and the link is stored as the rules' would be.
TEST(Staff, APersonsDuplicateRefusalNamesTheEarlierAppeal) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("002-")});
    expect_status(s.obrd({"--once"}), 0);
    const json first = show(s, "#1");
    ASSERT_EQ(first["verdict"], "accepted");
    ASSERT_EQ(show(s, "#2")["verdict"], "accepted");
    const std::string number = first["registration_number"];
    const std::size_t before = received(s).size();

    const struct {
        std::vector<std::string> args;
        int status;
        const char* says;
    } bad[] = {
        {{"decide", "#2", "refuse", "--ground", "duplicate", "--comment", "повтор"},
         64,
         "--duplicate-of"},
        {{"decide", "#2", "refuse", "--ground", "duplicate", "--duplicate-of", "#2", "--comment",
          "повтор"},
         65,
         "то же самое письмо"},
        {{"decide", "#2", "refuse", "--ground", "duplicate", "--duplicate-of", "#99", "--comment",
          "повтор"},
         65,
         ""},
        {{"decide", "#2", "refuse", "--ground", "off_topic", "--duplicate-of", "#1", "--comment",
          "повтор"},
         64,
         "только для отказа как повтора"},
        {{"decide", "#2", "accept", "--ground", "duplicate", "--comment", "повтор"},
         64,
         "только для refuse"},
    };
    for (const auto& b : bad) {
        const auto r = s.obrctl(b.args);
        EXPECT_EQ(r.status, b.status) << b.args[3] << " " << r.err;
        EXPECT_NE(r.err.find(b.says), std::string::npos) << r.err;
    }
    EXPECT_EQ(show(s, "#2")["verdict"], "accepted") << "nothing changed by a refused command";

    expect_status(s.obrctl({"decide", "#2", "refuse", "--ground", "duplicate", "--duplicate-of",
                            number, "--comment", "то же, что письмо #1"}),
                  0);
    const json second = show(s, "#2");
    EXPECT_EQ(second["verdict"], "refused");
    EXPECT_EQ(second["reasons"], json::array({"duplicate"}));
    EXPECT_EQ(second["duplicate_of"], number);
    expect_status(s.obrd({"--once"}), 0);
    const auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].letter.subject.rfind("Обращение не зарегистрировано", 0), 0u);
    const std::string today = sakhalin_today();  // YYYY-MM-DD; the notice says DD.MM.YYYY
    const std::string ru_today =
        today.substr(8, 2) + "." + today.substr(5, 2) + "." + today.substr(0, 4);
    EXPECT_NE(mail[0].letter.text.find("№ " + number + " от " + ru_today), std::string::npos)
        << mail[0].letter.text;
}

TEST(Staff, TheDigestListsTheDaysRefusalsAndIsMailedOncePerDepartment) {
    TestServers s;
    // The daemon mails the digest of the day before after 00:00: nothing yet, all is today's.
    auto extra = kDepartments;
    extra.push_back({"notices", "digest_at = 00:00"});
    s.write_config(extra);
    s.deliver({sample("005-"), sample("007-"), sample("003-"), sample("011-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::size_t before = received(s).size();

    const auto entries = json_lines(s.obrctl({"digest", "--json"}).out);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0]["department"], "control");
    EXPECT_EQ(entries[0]["letter_id"], 1);
    EXPECT_EQ(entries[1]["letter_id"], 2);
    EXPECT_EQ(entries[2]["department"], "head") << "a refused complaint goes to the head";
    EXPECT_EQ(entries[2]["letter_id"], 4);
    EXPECT_EQ(entries[0]["command"], "obrctl decide #1 accept --comment ТЕКСТ");
    EXPECT_EQ(entries[0]["grounds"][0]["title"], "нецензурные выражения");
    const auto table = s.obrctl({"digest"});
    expect_status(table, 0);
    EXPECT_NE(table.out.find("Сводка за " + ru(sakhalin_today())), std::string::npos) << table.out;
    expect_status(s.obrctl({"digest", "--date", "вчера"}), 64);
    expect_status(s.obrctl({"digest", "--loud"}), 64);
    EXPECT_TRUE(json_lines(s.obrctl({"digest", "--date", "2026-01-05", "--json"}).out).empty());

    auto r = s.obrctl({"digest", "--send"});
    expect_status(r, 0);
    EXPECT_NE(r.err.find("control"), std::string::npos) << r.err;
    expect_status(s.obrd({"--once"}), 0);
    auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 2u);
    std::sort(mail.begin(), mail.end(),
              [](const Received& x, const Received& y) { return x.rcpt < y.rcpt; });
    EXPECT_EQ(mail[0].rcpt.at(0), "control@msz.example.ru");
    EXPECT_EQ(mail[0].letter.subject,
              "Сводка за " + ru(sakhalin_today()) + ": control, писем без ответа по существу — 2");
    EXPECT_NE(mail[0].letter.text.find("obrctl decide #2 accept"), std::string::npos);
    EXPECT_EQ(mail[1].rcpt.at(0), "head@msz.example.ru");
    EXPECT_NE(mail[1].letter.text.find("Письмо #4"), std::string::npos) << mail[1].letter.text;
    r = s.obrctl({"digest", "--send"});
    expect_status(r, 0);
    EXPECT_NE(r.err.find("никому"), std::string::npos) << "once per day and department";

    // The daemon's own digest: the letters now count as yesterday's; it mails it once.
    psql(s, "UPDATE appeals SET decided_at = decided_at - interval '1 day'");
    expect_status(s.obrd({"--once"}), 0);
    mail = new_mail(s, before + 2);
    ASSERT_EQ(mail.size(), 2u);
    for (const auto& m : mail)
        EXPECT_EQ(m.letter.subject.rfind("Сводка за " + ru(plus_days(sakhalin_today(), -1)), 0), 0u)
            << m.letter.subject;
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(received(s).size(), before + 4);
}

TEST(Staff, AStaffLoginWithoutTheServicePasswordRunsStaffCommandsButCannotMigrate) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("005-"), sample("001-")});
    expect_status(s.obrd({"--once"}), 0);
    auto r = s.obrctl({"grant-staff"});
    EXPECT_EQ(r.status, 65) << "the role does not exist yet: " << r.err;
    EXPECT_NE(r.err.find("createuser"), std::string::npos) << r.err;
    psql(s, "CREATE ROLE obrd_staff NOLOGIN; CREATE ROLE ivanova LOGIN IN ROLE obrd_staff");
    expect_status(s.obrctl({"grant-staff"}), 0);

    // Ivanova's obrctl: the service's password file is not even there; she logs in as herself.
    auto extra = kDepartments;
    extra.push_back({"database", "password_file = " + (s.dir() / "no-such-password").string()});
    extra.push_back({"database", "staff_dsn = host=127.0.0.1 port=" + s.env("PG_PORT") +
                                     " dbname=obrd user=ivanova"});
    s.write_config(extra);
    expect_status(s.obrctl({"show", "#1"}), 0);
    expect_status(s.obrctl({"queue"}), 0);
    expect_status(s.obrctl({"find", "--verdict", "refused"}), 0);
    r = s.obrctl({"decide", "#1", "accept", "--comment", "слово не нецензурное, проверено"});
    expect_status(r, 0);
    expect_status(s.obrctl({"close", "#2", "--answered", sakhalin_today(), "--comment", "ответ"}),
                  0);
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 2u);
    for (const auto& row : audit) EXPECT_EQ(row["actor"], "ivanova");

    // The audit is hers to add to, not to rewrite.
    const auto del = run_command(
        {"psql", "host=127.0.0.1 port=" + s.env("PG_PORT") + " dbname=obrd user=ivanova", "-q",
         "-c", "DELETE FROM staff_actions"});
    EXPECT_NE(del.status, 0);
    EXPECT_NE(del.err.find("permission denied"), std::string::npos) << del.err;

    // Pointed at her own login, migrate is refused by the database.
    extra = kDepartments;
    extra.push_back({"database", "dsn = host=127.0.0.1 port=" + s.env("PG_PORT") +
                                     " dbname=obrd user=ivanova"});
    s.write_config(extra);
    r = s.obrctl({"migrate"});
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
    expect_status(s.obrctl({"grant-staff"}), 65);

    // The service still works after all this, and the staff's decision went out.
    s.write_config(kDepartments);
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(show(s, "#1")["verdict"], "accepted");
}

TEST(Staff, ReplayShowsWhatAnotherRuleSetWouldDecideAndChangesNothing) {
    TestServers s;
    s.write_config(kDepartments);
    // 015 repeats 008: the same rules must find the duplicate again, so history is replayed.
    s.deliver({sample("008-"), sample("015-"), sample("005-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::string appeals_before = s.obrctl({"appeals", "--json"}).out;

    const auto rules = s.dir() / "rules";
    std::filesystem::copy(OBRD_SOURCE_DIR "/rules/data", rules);
    auto r = s.obrctl({"replay", "--rules", rules.string(), "--json"});
    expect_status(r, 0);
    EXPECT_TRUE(r.out.empty()) << "the same rules decide the same: " << r.out;
    r = s.obrctl({"replay", "--rules", rules.string()});
    EXPECT_NE(r.out.find("проверено писем: 3, решение другое: 0"), std::string::npos) << r.out;

    // The ministry considers holding obscene letters for a person.
    std::string settings = obrd::test::read_file(rules / "settings.txt");
    const std::string from = "policy.obscene = refuse", to = "policy.obscene = review";
    ASSERT_NE(settings.find(from), std::string::npos);
    settings.replace(settings.find(from), from.size(), to);
    std::ofstream(rules / "settings.txt", std::ios::trunc) << settings;
    const auto changes = json_lines(s.obrctl({"replay", "--rules", rules.string(), "--json"}).out);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0]["letter_id"], 3);
    EXPECT_EQ(changes[0]["before"]["verdict"], "refused");
    EXPECT_EQ(changes[0]["after"]["verdict"], "review");
    EXPECT_EQ(changes[0]["after"]["reasons"], json::array({"obscene"}));
    r = s.obrctl({"replay", "--rules", rules.string()});
    EXPECT_NE(r.out.find("obscene: 1"), std::string::npos) << r.out;
    r = s.obrctl(
        {"replay", "--rules", rules.string(), "--since", plus_days(sakhalin_today(), 1), "--json"});
    expect_status(r, 0);
    EXPECT_TRUE(r.out.empty()) << "nothing arrived since tomorrow";

    std::ofstream(rules / "settings.txt", std::ios::app) << "policy.obscene = sometimes\n";
    r = s.obrctl({"replay", "--rules", rules.string()});
    EXPECT_EQ(r.status, 78) << r.err;
    EXPECT_NE(r.err.find("settings.txt"), std::string::npos) << r.err;
    expect_status(s.obrctl({"replay"}), 64);
    expect_status(s.obrctl({"replay", "--rules", rules.string(), "--since", "завтра"}), 64);

    EXPECT_EQ(s.obrctl({"appeals", "--json"}).out, appeals_before) << "replay changes nothing";
    EXPECT_TRUE(json_lines(s.obrctl({"audit", "--json"}).out).empty());
}

TEST(Staff, AnAppealIsForwardedToTheCompetentBodyAndTheApplicantTold) {
    TestServers s;
    // The ministry has confirmed one body's intake address (rules/data/off_topic.txt).
    const auto rules = s.dir() / "rules";
    std::filesystem::copy(OBRD_SOURCE_DIR "/rules/data", rules);
    std::string topics = obrd::test::read_file(rules / "off_topic.txt");
    const std::string body = "Государственная жилищная инспекция Сахалинской области";
    ASSERT_NE(topics.find(body + "]"), std::string::npos);
    topics.replace(topics.find(body + "]"), body.size() + 1, body + " | gzhi@example.ru]");
    std::ofstream(rules / "off_topic.txt", std::ios::trunc) << topics;
    // A person forwards here; the daemon's own forwarding is in threading_test.cpp.
    std::ofstream(rules / "settings.txt", std::ios::app) << "off_topic.forward = staff\n";
    auto extra = kDepartments;
    extra.push_back({"data", "rules_dir = " + rules.string()});
    s.write_config(extra);
    s.deliver({sample("009-"), sample("001-")});
    expect_status(s.obrd({"--once"}), 0);
    const std::size_t before = received(s).size();
    ASSERT_EQ(show(s, "#1")["reasons"], json::array({"off_topic"}));

    for (const auto& [args, status] : std::vector<std::pair<std::vector<std::string>, int>>{
             {{"forward", "#1", "--to", "Сахалинской области", "--comment", "x"}, 64},
             {{"forward", "#1", "--to", "Марсианская инспекция", "--comment", "x"}, 64},
             {{"forward", "#1", "--to", "жилищная"}, 64},
             {{"forward", "#1", "--to", "ГИБДД", "--comment", "адреса нет"}, 65},
             {{"forward", "#9", "--to", "жилищная", "--comment", "x"}, 65}}) {
        const auto r = s.obrctl(args);
        EXPECT_EQ(r.status, status) << args[3] << ": " << r.out << r.err;
        EXPECT_FALSE(r.err.empty());
    }
    auto r = s.obrctl(
        {"forward", "#1", "--to", "ЖИЛИЩНАЯ инспекция", "--comment", "вопрос о кровле — ГЖИ"});
    expect_status(r, 0);
    EXPECT_NE(r.out.find("заявитель уведомлён"), std::string::npos) << r.out;
    const json a = show(s, "#1");
    EXPECT_EQ(a["forwarded_to"], body);
    EXPECT_EQ(a["result"], "redirected");
    EXPECT_FALSE(a["closed_at"].is_null());
    expect_status(s.obrctl({"forward", "#1", "--to", "жилищная", "--comment", "ещё раз"}), 65);
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["action"], "forward");
    EXPECT_EQ(audit[0]["outbox_ids"].size(), 2u);

    expect_status(s.obrd({"--once"}), 0);
    const auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 2u);
    const Received* to_body = nullptr;
    const Received* to_applicant = nullptr;
    for (const auto& m : mail) (m.rcpt.at(0) == "gzhi@example.ru" ? to_body : to_applicant) = &m;
    ASSERT_TRUE(to_body && to_applicant);
    EXPECT_EQ(to_body->letter.subject.rfind("Направление обращения по компетенции: ", 0), 0u)
        << to_body->letter.subject;
    EXPECT_EQ(header(to_body->letter, "Auto-Submitted"), "") << "a person's letter to a body";
    EXPECT_EQ(header(to_body->letter, "In-Reply-To"), "");
    EXPECT_NE(to_body->letter.text.find("частью 3 статьи 8"), std::string::npos);
    const std::string original_id =
        "Message-ID: " +
        header(obrd::parse_letter(obrd::test::read_file(sample("009-"))), "Message-ID");
    EXPECT_NE(to_body->raw.find(original_id), std::string::npos) << "the original is attached";
    EXPECT_EQ(to_applicant->rcpt.at(0), "r.timofeev1979@rambler.ru");
    EXPECT_EQ(to_applicant->letter.subject.rfind("Обращение направлено по компетенции", 0), 0u);
    EXPECT_NE(to_applicant->letter.text.find(body + " (gzhi@example.ru)"), std::string::npos)
        << to_applicant->letter.text;
    EXPECT_NE(to_applicant->letter.text.find(ru(sakhalin_today())), std::string::npos);
}

// A letter that killed obrd three times waits in the manual queue; once the cause is fixed a
// person has it decided again, and the daemon answers it as any other.
TEST(Staff, ReprocessHandsAManualLetterBackToTheDaemon) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("005-"), sample("002-")});
    const std::map<std::string, std::string> fault = {{"OBRD_FAULT", "while-deciding"},
                                                      {"OBRD_FAULT_MATCH", "f006f7036f"}};
    for (int i = 0; i < 3; ++i) EXPECT_EQ(s.obrd({"--once"}, fault).status, 128 + SIGKILL);
    expect_status(s.obrd({"--once"}), 0);
    ASSERT_EQ(show(s, "#1")["verdict"], "manual");
    ASSERT_EQ(json_lines(s.obrctl({"queue", "manual", "--json"}).out).size(), 1u);
    const std::size_t before = received(s).size();

    expect_status(s.obrctl({"reprocess", "#2", "--comment", "отказ уже отправлен"}), 65);
    expect_status(s.obrctl({"reprocess", "#3"}), 65);  // registered
    expect_status(s.obrctl({"reprocess", "#9"}), 65);
    expect_status(s.obrctl({"reprocess", "первое"}), 64);
    expect_status(s.obrctl({"reprocess", "#1", "--force"}), 64);

    auto r = s.obrctl({"reprocess", "#1", "--comment", "обновили obrd, письмо больше не роняет"});
    expect_status(r, 0);
    EXPECT_EQ(s.obrctl({"show", "#1"}).status, 65) << "no decision until the daemon makes one";
    EXPECT_TRUE(json_lines(s.obrctl({"queue", "manual", "--json"}).out).empty());
    expect_status(s.obrctl({"reprocess", "#1"}), 65);

    expect_status(s.obrd({"--once"}), 0);
    const json a = show(s, "#1");
    EXPECT_EQ(a["verdict"], "accepted");
    EXPECT_FALSE(a["registration_number"].is_null());
    const auto mail = new_mail(s, before);
    ASSERT_EQ(mail.size(), 2u) << "the acceptance and the card";
    const auto audit = json_lines(s.obrctl({"audit", "--ref", "#1", "--json"}).out);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["action"], "reprocess");
    EXPECT_EQ(audit[0]["letter_id"], 1);
    EXPECT_EQ(audit[0]["comment"], "обновили obrd, письмо больше не роняет");
    EXPECT_EQ(a["staff_actions"].size(), 1u) << "show lists it too";
}

// As the service runs: a daemon over TLS, letters arriving while it runs. A manual letter a
// person hands back is decided by the running daemon within seconds, and the reminder of a
// deadline comes from its own minute tick.
TEST(Staff, TheRunningDaemonRedecidesAReprocessedLetterAndRemindsOnce) {
    using namespace std::chrono_literals;
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-")});
    const std::map<std::string, std::string> fault = {{"OBRD_FAULT", "while-deciding"},
                                                      {"OBRD_FAULT_MATCH", "f006f7036f"}};
    for (int i = 0; i < 3; ++i) EXPECT_EQ(s.obrd({"--once"}, fault).status, 128 + SIGKILL);
    expect_status(s.obrd({"--once"}), 0);
    ASSERT_EQ(show(s, "#1")["verdict"], "manual");

    obrd::test::Daemon d(s);
    s.deliver({sample("005-")});
    ASSERT_TRUE(obrd::test::eventually([&] { return received(s).size() == 1; }, 60s))
        << "the refusal of the letter that arrived while it runs\n"
        << d.log();
    expect_status(s.obrctl({"reprocess", "#1", "--comment", "исправлено"}), 0);
    ASSERT_TRUE(obrd::test::eventually(
        [&] {
            const auto r = s.obrctl({"show", "#1", "--json"});
            return r.status == 0 && json::parse(r.out)["verdict"] == "accepted";
        },
        60s))
        << d.log();
    ASSERT_TRUE(obrd::test::eventually([&] { return received(s).size() == 3; }, 60s))
        << "its acceptance and card\n"
        << d.log();

    psql(s, "UPDATE appeals SET deadline = '" + sakhalin_today() + "' WHERE letter_id = 1");
    auto reminders = [&] {
        std::size_t n = 0;
        for (const auto& m : received(s))
            n += m.letter.subject.rfind("Напоминание о сроке: ", 0) == 0;
        return n;
    };
    ASSERT_TRUE(obrd::test::eventually([&] { return reminders() == 1; }, 120s)) << d.log();
    s.deliver({sample("002-")});
    ASSERT_TRUE(obrd::test::eventually([&] { return received(s).size() == 6; }, 60s))
        << "the reminder, then 002's acceptance and card\n"
        << d.log();
    EXPECT_EQ(reminders(), 1u) << "once per deadline (more ticks are checked with --once)";
    d.signal(SIGTERM);
    EXPECT_EQ(d.wait_exit(30s), 0) << d.log();
}

namespace {

// What the reports count of each appeal: none of it personal.
json counted(const json& a) {
    return {{"kind", a["kind"]},         {"verdict", a["verdict"]},
            {"reasons", a["reasons"]},   {"registration_number", a["registration_number"]},
            {"deadline", a["deadline"]}, {"department", a["department"]},
            {"result", a["result"]},     {"answered_on", a["answered_on"]},
            {"closed", a["closed"]}};
}

}  // namespace

// obrctl purge: the letters and personal data of finished appeals older than the retention
// period go; open items, and what the reports count, stay; --dry-run changes nothing; a bad
// duration or setting is an error.
TEST(Staff, PurgeErasesFinishedAppealsPersonalDataAndKeepsTheCounts) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("003-"), sample("005-"), sample("007-")});
    expect_status(s.obrd({"--once"}), 0);
    expect_status(s.obrctl({"close", "#1", "--answered", sakhalin_today(), "--comment", "ответ"}),
                  0);
    // Six years pass for all four; the complaint (#2) is still open.
    psql(s,
         "UPDATE appeals SET decided_at = decided_at - interval '6 years', closed_at ="
         " closed_at - interval '6 years'");
    const auto before = obrctl_rows(s, "appeals");
    ASSERT_EQ(before.size(), 4u);
    ASSERT_EQ(before[1]["kind"], "complaint");

    for (const auto& bad :
         std::vector<std::vector<std::string>>{{"purge", "--older-than", "5 years"},
                                               {"purge", "--older-than", "0y"},
                                               {"purge", "--olderthan", "5y"}}) {
        const auto r = s.obrctl(bad);
        EXPECT_EQ(r.status, 64) << r.out << r.err;
    }
    auto r = s.obrctl({"purge", "--dry-run"});
    expect_status(r, 0);
    EXPECT_NE(r.out.find("Будут удалены письма и персональные данные завершённых обращений "
                         "старше 5y: писем 3, исходящих "),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("не тронуто открытых старше срока: 1 (--dry-run"), std::string::npos);
    EXPECT_EQ(obrctl_rows(s, "appeals"), before) << "a dry run changes nothing";
    expect_status(s.obrctl({"purge", "--older-than", "7y"}), 0);
    EXPECT_EQ(obrctl_rows(s, "appeals"), before) << "nothing is older than 7 years";

    r = s.obrctl({"purge", "--comment", "ежегодная очистка"});
    expect_status(r, 0);
    EXPECT_NE(r.out.find("Удалены письма и персональные данные"), std::string::npos) << r.out;
    const auto after = obrctl_rows(s, "appeals");
    ASSERT_EQ(after.size(), 4u);
    for (std::size_t i = 0; i < after.size(); ++i) {
        SCOPED_TRACE(after[i].dump());
        EXPECT_EQ(counted(after[i]), counted(before[i])) << "the counts stay";
        if (i == 1) {
            EXPECT_EQ(after[i], before[i]) << "the open complaint is untouched";
            continue;
        }
        EXPECT_EQ(after[i]["sender"], json::object());
        EXPECT_TRUE(after[i]["reply_to"].is_null());
        EXPECT_EQ(after[i]["subject"], "");
        EXPECT_EQ(after[i]["evidence"], json::array());
        const auto shown =
            s.obrctl({"show", "#" + std::to_string(after[i]["letter_id"].get<int>())});
        expect_status(shown, 0);
        EXPECT_NE(shown.out.find("Письмо и персональные данные удалены"), std::string::npos)
            << shown.out;
        EXPECT_EQ(shown.out.find(before[i]["reply_to"].get<std::string>()), std::string::npos)
            << shown.out;
    }
    for (const auto& m : obrctl_rows(s, "outbox"))
        if (m["appeal_id"] != before[1]["id"]) {
            EXPECT_EQ(m["recipient"], "") << m.dump();
        }
    const auto letters = json_lines(s.obrctl({"letters", "--json"}).out);
    ASSERT_EQ(letters.size(), 4u);
    EXPECT_EQ(letters[0]["message_id"], "");
    EXPECT_NE(letters[1]["message_id"], "") << "the open complaint's letter stays";
    const auto audit = json_lines(s.obrctl({"audit", "--json"}).out);
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back()["action"], "purge");
    EXPECT_EQ(audit.back()["comment"], "старше 5y: ежегодная очистка");
    // Once only; a purged letter is not decided again; its mail cannot be sent again.
    EXPECT_NE(s.obrctl({"purge"}).out.find("писем 0"), std::string::npos);
    expect_status(s.obrctl({"reprocess", "#3", "--comment", "x"}), 65);
    const auto outbox = obrctl_rows(s, "outbox");
    for (const auto& m : outbox)
        if (m["appeal_id"] == before[2]["id"]) {
            EXPECT_NE(
                s.obrctl({"resend", std::to_string(m["id"].get<int>()), "--comment", "x"}).status,
                0);
        }

    s.write_config({{"retention", "keep = 5 years"}});
    r = s.obrctl({"purge", "--dry-run"});
    EXPECT_EQ(r.status, 78) << r.err;
    EXPECT_NE(r.err.find("[retention] keep"), std::string::npos) << r.err;
}

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A report table's lines as key -> values.
std::map<std::string, std::vector<double>> lines_of(const json& report, const std::string& id) {
    std::map<std::string, std::vector<double>> out;
    for (const auto& t : report["tables"])
        if (t["id"] == id)
            for (const auto& l : t["lines"]) out[l["key"]] = l["values"].get<std::vector<double>>();
    return out;
}

json without_generated(json report) {
    report.erase("generated");
    return report;
}

}  // namespace

// obrctl report over letters that went through obrd, moved back three months, with staff
// actions: every number equals what this test counts from obrctl appeals; the CSV and HTML
// say the same (check_report.py, headless Chromium); the quarter around it counts the same;
// purge leaves the report unchanged.
TEST(Staff, TheMonthlyReportCountsWhatHappenedAndSurvivesAPurge) {
    TestServers s;
    s.write_config(kDepartments);
    s.deliver({sample("001-"), sample("003-"), sample("005-"), sample("007-"), sample("009-"),
               sample("041-"), sample("012-")});
    expect_status(s.obrd({"--once"}), 0);
    // The letters arrive on the 10th of the month three months back (Sakhalin).
    using namespace std::chrono;
    const year_month_day today{floor<days>(system_clock::now() + hours{11})};
    const year_month month = year_month{today.year(), today.month()} - months{3};
    const year_month_day tenth{month / 10};
    const int shift = int((sys_days{today} - sys_days{tenth}).count());
    char month_id[16];
    std::snprintf(month_id, sizeof month_id, "%04d-%02u", int(month.year()),
                  unsigned(month.month()));
    const std::string d = "interval '" + std::to_string(shift) + " days'";
    psql(s, "UPDATE letters SET received_at = received_at - " + d);
    psql(s, "UPDATE appeals SET decided_at = decided_at - " + d +
                ", registered_at = registered_at - " + d + ", deadline = deadline - " +
                std::to_string(shift) +
                ", first_deadline = "
                "first_deadline - " +
                std::to_string(shift));
    // One registered letter took four days to register (over the 3-day limit).
    psql(s,
         "UPDATE appeals SET registered_at = registered_at + interval '4 days' WHERE letter_id"
         " = 1");
    char answered[16];
    const year_month_day fifteenth{month / 15};
    std::snprintf(answered, sizeof answered, "%04d-%02u-15", int(fifteenth.year()),
                  unsigned(fifteenth.month()));
    const auto bad_code = s.obrctl(
        {"close", "#1", "--answered", answered, "--code", "0002.9999", "--comment", "ответ"});
    EXPECT_EQ(bad_code.status, 64) << bad_code.err;
    expect_status(s.obrctl({"close", "#1", "--answered", answered, "--result", "разъяснено",
                            "--code", "0002.0007.0073.0295", "--comment", "ответ"}),
                  0);
    expect_status(s.obrctl({"complaint", "#2", "--outcome", "unsatisfied", "--comment", "решено"}),
                  0);

    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"report"},
             {"report", "--month", "2026-13"},
             {"report", "--quarter", "2026-Q5"},
             {"report", "--month", month_id, "--format", "pdf"},
             {"report", "--month", month_id, "--quarter", "2026-Q1"}}) {
        const auto r = s.obrctl(bad);
        EXPECT_EQ(r.status, 64) << r.err;
    }
    const auto empty =
        json::parse(s.obrctl({"report", "--month", "2001-01", "--format", "json"}).out);
    EXPECT_EQ(lines_of(empty, "received")["total"], std::vector<double>{0});

    const auto r = s.obrctl({"report", "--month", month_id, "--format", "json"});
    expect_status(r, 0);
    const json report = json::parse(r.out);

    // Counted here, from obrctl appeals, independently of the report's code.
    const auto appeals = obrctl_rows(s, "appeals");
    ASSERT_EQ(appeals.size(), 7u);
    double registered[2] = {0, 0}, refused = 0, mailing = 0, on_time = 0, late = 0, open = 0,
           overdue = 0;
    std::map<std::string, double> grounds, departments;
    const std::string now = sakhalin_today();
    for (const auto& a : appeals) {
        const int k = a["kind"] == "complaint" ? 1 : 0;
        bool is_mailing = false;
        for (const auto& e : a["evidence"]) is_mailing |= e["symbol"] == "MASS_MAILING";
        if (a["verdict"] == "accepted") {
            registered[k] += 1;
            departments[a["department"]] += 1;
            if (!a["answered_on"].is_null())
                (a["answered_on"].get<std::string>() <= a["deadline"].get<std::string>() ? on_time
                                                                                         : late) +=
                    1;
            else if (a["closed"] == true)
                on_time += 0;  // (not the case here)
            else
                (a["deadline"].get<std::string>() < now ? overdue : open) += 1;
        } else if (a["verdict"] == "refused" && is_mailing) {
            mailing += 1;
        } else if (a["verdict"] == "refused") {
            refused += 1;
            for (const auto& g : a["reasons"]) grounds[g] += 1;
        }
    }
    EXPECT_GE(refused, 3);
    EXPECT_EQ(mailing, 1);
    EXPECT_EQ(lines_of(report, "received")["total"], std::vector<double>{7});
    const auto reg = lines_of(report, "registration");
    EXPECT_EQ(reg.at("received"), (std::vector<double>{6, 1, 7}));
    EXPECT_EQ(reg.at("registered"),
              (std::vector<double>{registered[0], registered[1], registered[0] + registered[1]}));
    EXPECT_EQ(reg.at("refused")[2], refused);
    EXPECT_EQ(reg.at("mass_mailing")[2], mailing);
    for (const auto& [key, values] : lines_of(report, "grounds"))
        EXPECT_EQ(values[2], grounds.count(key) ? grounds[key] : 0) << key;
    const auto ans = lines_of(report, "answers");
    EXPECT_EQ(ans.at("on_time")[2], on_time);
    EXPECT_EQ(ans.at("late")[2], late);
    EXPECT_EQ(ans.at("open")[2], open);
    EXPECT_EQ(ans.at("overdue")[2], overdue);
    EXPECT_EQ(on_time + late, 2) << "the closed appeal and the decided complaint";
    const auto time = lines_of(report, "registration_time");
    EXPECT_EQ(time.at("over_limit"), std::vector<double>{1});
    EXPECT_EQ(time.at("within_limit")[0], registered[0] + registered[1] - 1);
    EXPECT_EQ(lines_of(report, "complaints").at("unsatisfied"), std::vector<double>{1});
    EXPECT_EQ(lines_of(report, "results").at("explained"), std::vector<double>{1});
    EXPECT_EQ(lines_of(report, "classifier").at("0002.0007.0073.0295")[2], 1);
    EXPECT_EQ(lines_of(report, "classifier").at("0002.0007.0067.0272")[1], registered[1])
        << "complaints without a chosen code count under the default";
    for (const auto& [dept, n] : departments)
        EXPECT_EQ(lines_of(report, "departments").at(dept)[0], n) << dept;
    EXPECT_EQ(lines_of(report, "automatic").at("mass_mailing"), std::vector<double>{mailing});
    double days_total = 0;
    for (const auto& [key, values] : lines_of(report, "daily")) days_total += values[0];
    EXPECT_EQ(days_total, 7);

    // The quarter holding that month counts the same letters: every table as the month's
    // but the days, which run over the whole quarter.
    const std::string quarter_id = std::string(month_id, 4)
                                       .append("-Q")
                                       .append(std::to_string((unsigned(month.month()) + 2) / 3));
    const auto q = s.obrctl({"report", "--quarter", quarter_id, "--format", "json"});
    expect_status(q, 0);
    const json quarter = json::parse(q.out);
    EXPECT_EQ(quarter["period"]["id"], quarter_id);
    ASSERT_EQ(quarter["tables"].size(), report["tables"].size());
    for (const auto& t : report["tables"]) {
        const std::string id = t["id"];
        if (id == "daily") continue;
        EXPECT_EQ(lines_of(quarter, id), lines_of(report, id)) << id;
    }
    const auto quarter_days = lines_of(quarter, "daily");
    EXPECT_GE(quarter_days.size(), 90u);
    EXPECT_LE(quarter_days.size(), 92u);
    const auto month_days = lines_of(report, "daily");
    double quarter_total = 0;
    for (const auto& [day, values] : quarter_days) {
        quarter_total += values[0];
        const auto in_month = month_days.find(day);
        const std::vector<double> expected =
            in_month != month_days.end() ? in_month->second : std::vector<double>{0, 0};
        EXPECT_EQ(values, expected) << day;
    }
    EXPECT_EQ(quarter_total, 7);

    // The same report as CSV and HTML, written to files; checked by Python and Chromium.
    char dir_template[] = "/tmp/obrd-report-XXXXXX";
    const std::string dir = mkdtemp(dir_template);
    for (const char* format : {"json", "csv", "html"}) {
        const auto w = s.obrctl({"report", "--month", month_id, "--format", format, "--out",
                                 dir + "/report." + format});
        expect_status(w, 0);
        EXPECT_NE(w.out.find("записан"), std::string::npos) << w.out;
    }
    const auto unwritable =
        s.obrctl({"report", "--month", month_id, "--out", dir + "/no/such/dir/report.html"});
    EXPECT_EQ(unwritable.status, 1) << unwritable.err;
    const auto checked =
        run_command({"/usr/bin/python3", OBRD_SOURCE_DIR "/tests/integration/check_report.py",
                     dir + "/report.json", dir + "/report.csv", dir + "/report.html", dir});
    EXPECT_EQ(checked.status, 0) << checked.out << checked.err;
    std::cout << checked.out;

    // A purge of everything finished older than 30 days leaves the report as it was.
    const auto purged = s.obrctl({"purge", "--older-than", "30d"});
    expect_status(purged, 0);
    EXPECT_EQ(purged.out.find("писем 0"), std::string::npos) << purged.out;
    const json again =
        json::parse(s.obrctl({"report", "--month", month_id, "--format", "json"}).out);
    EXPECT_EQ(without_generated(again), without_generated(report));
    EXPECT_EQ(json::parse(read_text(dir + "/report.json"))["tables"], report["tables"]);
    std::filesystem::remove_all(dir);
}
