// ingest_test.cpp: obrd's ingestion against real PostgreSQL and Dovecot: every letter is
// stored exactly once, whatever crashes, mailbox changes and server outages happen.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "test_servers.hpp"

using obrd::test::CommandResult;
using obrd::test::eventually;
using obrd::test::sample_letters;
using obrd::test::TestServers;

namespace {

std::vector<std::filesystem::path> first_letters(std::size_t n) {
    auto all = sample_letters();
    all.resize(std::min(n, all.size()));
    return all;
}

std::vector<nlohmann::json> stored(const TestServers& s) {
    std::vector<nlohmann::json> rows;
    for (const auto& line : s.stored_letters_json()) rows.push_back(nlohmann::json::parse(line));
    return rows;
}

// Fails the test with obrd's own words when it did not exit as expected.
void expect_status(const CommandResult& r, int status) {
    EXPECT_EQ(r.status, status) << "stdout:\n" << r.out << "\nstderr:\n" << r.err;
}

TEST(Ingest, StoresEachLetterOnceAndFetchesNothingTwice) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    const auto letters = first_letters(12);
    s.deliver(letters);

    auto first = s.obrd({"--once"});
    expect_status(first, 0);
    EXPECT_NE(first.err.find("fetched 12, stored 12"), std::string::npos) << first.err;
    auto rows = stored(s);
    ASSERT_EQ(rows.size(), letters.size());
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string raw = obrd::test::read_file(letters[i]);
        EXPECT_EQ(rows[i]["size"].get<std::size_t>(), raw.size()) << letters[i];
        EXPECT_EQ(rows[i]["stored"], "whole");
        EXPECT_NE(rows[i]["status"], "new") << "decided in the same cycle";
        EXPECT_EQ(rows[i]["mailbox"], "INBOX");
        EXPECT_EQ(rows[i]["uid"].get<int>(), int(i + 1));
        ids.insert(rows[i]["message_id"].get<std::string>());
    }
    EXPECT_EQ(ids.size(), letters.size()) << "each letter keeps its own Message-ID";

    auto second = s.obrd({"--once"});
    expect_status(second, 0);
    EXPECT_NE(second.err.find("fetched 0, stored 0"), std::string::npos) << second.err;
    EXPECT_EQ(stored(s).size(), letters.size());
    EXPECT_EQ(s.letters_in(), letters.size()) << "without processed_folder letters stay in INBOX";
}

TEST(Ingest, RawBytesAreKeptExactly) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    const auto letters = first_letters(3);
    s.deliver(letters);
    expect_status(s.obrd({"--once"}), 0);
    auto rows = stored(s);
    ASSERT_EQ(rows.size(), 3u);
    // The sha256 column is of the bytes as fetched; the sample letters have CRLF line
    // ends, so the fetched bytes are the file's bytes.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto r = obrd::test::run_command({"sha256sum", letters[i].string()});
        EXPECT_EQ(r.out.substr(0, 64), rows[i]["sha256"].get<std::string>()) << letters[i];
    }
}

// A letter of a few MB comes through whole. (With a 1 MiB receive buffer libcurl 7.88
// failed such letters at random with "Too large response headers", seen in bench/ingest.sh;
// this test does not reproduce that timing reliably, it guards the size and the bytes.)
TEST(Ingest, BigLettersArriveWhole) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    std::string big =
        "From: sender@example.ru\r\nTo: mszso@sakhalin.gov.ru\r\nSubject: big\r\n"
        "Message-ID: <big-1@example.ru>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    std::uint32_t x = 2463534242u;  // xorshift: incompressible, deterministic
    static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int line = 0; line < 40000; ++line) {  // about 3 MB
        for (int i = 0; i < 76; ++i) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            big += b64[x % 64];
        }
        big += "\r\n";
    }
    auto path = s.dir() / "big.eml";
    std::ofstream(path, std::ios::binary) << big;
    s.deliver({path, sample_letters().at(0)});
    expect_status(s.obrd({"--once"}), 0);
    auto rows = stored(s);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["size"].get<std::size_t>(), big.size());
    auto sum = obrd::test::run_command({"sha256sum", path.string()});
    EXPECT_EQ(sum.out.substr(0, 64), rows[0]["sha256"].get<std::string>());
}

TEST(Ingest, MovesStoredLettersToTheProcessedFolder) {
    TestServers s(TestServers::Tls::off);
    s.write_config({{"mailbox", "processed_folder = Processed"}});
    s.deliver(first_letters(5));
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s).size(), 5u);
    EXPECT_EQ(s.letters_in(), 0u);
    EXPECT_EQ(s.letters_in("Processed"), 5u);
    // New letters after the move are picked up too.
    s.deliver({sample_letters().at(5)});
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s).size(), 6u);
    EXPECT_EQ(s.letters_in("Processed"), 6u);
}

TEST(Ingest, KilledAfterCommitBeforeMarkStoresNoDuplicate) {
    TestServers s(TestServers::Tls::off);
    s.write_config({{"mailbox", "processed_folder = Processed"}});
    s.deliver(first_letters(8));
    auto killed = s.obrd({"--once"}, {{"OBRD_FAULT", "after-commit"}});
    EXPECT_EQ(killed.status, 128 + SIGKILL) << killed.err;
    const auto committed = stored(s).size();
    EXPECT_GE(committed, 1u) << "the first batch was committed before the kill";
    EXPECT_LE(committed, 8u);
    EXPECT_EQ(s.letters_in(), 8u) << "nothing was moved before the kill";

    auto after = s.obrd({"--once"});
    expect_status(after, 0);
    EXPECT_EQ(stored(s).size(), 8u);
    EXPECT_EQ(s.letters_in(), 0u) << "the owed marks were made on the next run";
    EXPECT_EQ(s.letters_in("Processed"), 8u);
}

TEST(Ingest, KilledAfterMarkBeforeBookkeepingStoresNoDuplicate) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    s.deliver(first_letters(4));
    auto killed = s.obrd({"--once"}, {{"OBRD_FAULT", "after-mark"}});
    EXPECT_EQ(killed.status, 128 + SIGKILL) << killed.err;
    expect_status(s.obrd({"--once"}), 0);
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s).size(), 4u);
}

TEST(Ingest, ChangedUidValidityStoresNoDuplicate) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    s.deliver(first_letters(6));
    expect_status(s.obrd({"--once"}), 0);
    ASSERT_EQ(stored(s).size(), 6u);
    const auto before = stored(s).front()["uidvalidity"].get<std::uint64_t>();

    s.recreate_mailbox();
    s.deliver({sample_letters().at(6)});
    auto r = s.obrd({"--once"});
    expect_status(r, 0);
    EXPECT_NE(r.err.find("changed UIDVALIDITY"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("fetched 7, stored 1, already stored 6"), std::string::npos) << r.err;
    auto rows = stored(s);
    ASSERT_EQ(rows.size(), 7u);
    EXPECT_NE(rows.back()["uidvalidity"].get<std::uint64_t>(), before);
}

TEST(Ingest, SameLetterDeliveredTwiceIsStoredOnce) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    const auto letter = sample_letters().at(0);
    // The second copy went through one more relay: an extra Received line in front.
    auto relayed = s.dir() / "relayed.eml";
    {
        std::ofstream out(relayed, std::ios::binary);
        out << "Received: from relay.example.ru by mx.sakhalin.gov.ru; Mon, 2 Nov 2026 "
               "10:00:00 +1100\r\n"
            << obrd::test::read_file(letter);
    }
    s.deliver({letter, letter, relayed});
    auto r = s.obrd({"--once"});
    expect_status(r, 0);
    EXPECT_NE(r.err.find("fetched 3, stored 1, already stored 2"), std::string::npos) << r.err;
    EXPECT_EQ(stored(s).size(), 1u);
}

TEST(Ingest, OversizeAndMalformedLettersAreStoredForAPerson) {
    TestServers s(TestServers::Tls::off);
    s.write_config({{"mailbox", "max_letter_size = 4K"}});
    auto garbage = s.dir() / "garbage.eml";
    {
        std::ofstream out(garbage, std::ios::binary);
        out << "\x01\x02 not a header\r\n\r\n\xff\xfe binary junk without any structure\r\n";
    }
    auto big = sample_letters().at(2);  // 11 KB
    s.deliver({garbage, big});
    auto r = s.obrd({"--once"});
    expect_status(r, 0);
    auto rows = stored(s);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["stored"], "whole");
    EXPECT_EQ(rows[0]["message_id"], "");
    EXPECT_EQ(rows[1]["stored"], "oversize");
    EXPECT_EQ(rows[0]["status"], "decided") << "refused: no sender address";
    EXPECT_EQ(rows[1]["status"], "manual") << "a person reads what obrd did not parse";
    EXPECT_NE(r.err.find("above max_letter_size"), std::string::npos) << r.err;
}

TEST(Ingest, DatabaseDownFailsClearlyAndLosesNothing) {
    TestServers s(TestServers::Tls::off);
    s.write_config({{"mailbox", "processed_folder = Processed"}});
    s.deliver(first_letters(5));
    s.stop("pg");
    auto r = s.obrd({"--once"});
    EXPECT_EQ(r.status, 75) << r.err;
    EXPECT_NE(r.err.find("connecting to PostgreSQL"), std::string::npos) << r.err;
    EXPECT_EQ(s.letters_in(), 5u) << "nothing leaves the mailbox while the database is down";

    s.start("pg");
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s).size(), 5u);
    EXPECT_EQ(s.letters_in("Processed"), 5u);
}

TEST(Ingest, ImapDownFailsClearlyAndLosesNothing) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    s.deliver(first_letters(5));
    s.stop("imap");
    auto r = s.obrd({"--once"});
    EXPECT_EQ(r.status, 75) << r.err;
    EXPECT_NE(r.err.find("SELECT on imap://127.0.0.1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Couldn't connect"), std::string::npos) << r.err;

    s.start("imap");
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s).size(), 5u);
}

// Commands that only read never change the schema: on a database obrd has not migrated they
// refuse with a clear message (exit 65) and leave it as it was.
TEST(Ingest, ReadOnlyCommandsNeverMigrate) {
    TestServers s(TestServers::Tls::off);
    s.write_config();
    for (const char* command : {"letters", "appeals", "outbox", "queue"}) {
        const auto r = s.obrctl({command});
        EXPECT_EQ(r.status, 65) << command << ": " << r.err;
        EXPECT_NE(r.err.find("schema is version 0"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("run 'obrctl migrate'"), std::string::npos) << r.err;
    }
    const auto migrated = s.obrctl({"migrate"});
    EXPECT_EQ(migrated.status, 0) << migrated.err;
    int version = -1, applied = -2;
    std::sscanf(migrated.out.c_str(), "schema version %d (%d migration", &version, &applied);
    EXPECT_GT(version, 0) << migrated.out;
    EXPECT_EQ(applied, version) << "the reads above created nothing: " << migrated.out;
    EXPECT_EQ(s.obrctl({"letters"}).status, 0);
}

TEST(Ingest, WrongImapPasswordIsReported) {
    TestServers s(TestServers::Tls::off);
    auto wrong = s.dir() / "wrong.password";
    std::ofstream(wrong) << "not-the-password\n";
    s.write_config();
    auto conf = obrd::test::read_file(s.dir() / "obrd.conf");
    auto r = s.obrd({"--once", "--set", "mailbox.password_file=" + wrong.string()});
    EXPECT_EQ(r.status, 75) << r.err;
    EXPECT_NE(r.err.find("Login denied"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("not-the-password"), std::string::npos)
        << "a password never reaches the log";
}

TEST(Ingest, DaemonRetriesUntilTheDatabaseIsBack) {
    TestServers s(TestServers::Tls::off);
    auto conf = s.write_config();
    s.deliver(first_letters(3));
    s.stop("pg");
    const std::string log = (s.dir() / "obrd.log").string();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        freopen(log.c_str(), "w", stderr);
        execl(OBRD_BIN, OBRD_BIN, "--config", conf.c_str(), (char*)nullptr);
        _exit(127);
    }
    EXPECT_TRUE(eventually([&] {
        return obrd::test::read_file(log).find("trying again") != std::string::npos;
    })) << obrd::test::read_file(log);
    s.start("pg");
    EXPECT_TRUE(eventually([&] {
        try {
            return stored(s).size() == 3u;
        } catch (const std::exception&) {
            return false;  // obrctl may race the daemon's first migration
        }
    })) << obrd::test::read_file(log);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << obrd::test::read_file(log);
    EXPECT_NE(obrd::test::read_file(log).find("stopping on SIGTERM"), std::string::npos);
}

}  // namespace
