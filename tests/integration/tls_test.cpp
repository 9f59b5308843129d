// tls_test.cpp: the TLS paths production uses, for real: imaps:// and imap:// with STARTTLS
// against Dovecot, STARTTLS and AUTH against the SMTP sink, verified with a CA made for the
// run; a certificate from another CA, or for another host name, refused; a server without
// STARTTLS refused unless `tls = off` is written; and the passwords never sent in the clear.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>

#include "test_servers.hpp"

using obrd::test::CommandResult;
using obrd::test::read_file;
using obrd::test::sample_letters;
using obrd::test::TestServers;

namespace {

void expect_status(const CommandResult& r, int status) {
    EXPECT_EQ(r.status, status) << "stdout:\n" << r.out << "\nstderr:\n" << r.err;
}

std::size_t stored(const TestServers& s) {
    return s.stored_letters_json().size();
}

// Dovecot's log lines of successful logins ("imap-login: Info: Login: user=<obrd>, ...").
std::vector<std::string> dovecot_logins(const TestServers& s) {
    std::vector<std::string> out;
    std::istringstream in(read_file(s.dir() / "logs" / "dovecot.log"));
    std::string line;
    while (std::getline(in, line))
        if (line.find("imap-login: Info: Login: ") != std::string::npos) out.push_back(line);
    return out;
}

TEST(Tls, ImapsAndStarttlsWithThePrivateCa) {
    TestServers s;
    const auto letters = sample_letters();
    // imaps://: TLS from the first byte.
    s.write_config({{"mailbox", "url = " + s.env("IMAPS_URL")}});
    s.deliver({letters[0]});
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s), 1u);
    // imap:// upgraded with STARTTLS (the default for imap://).
    s.write_config();
    s.deliver({letters[1]});
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(stored(s), 2u);
    const auto sent = s.sink_messages();
    ASSERT_EQ(sent.size(), 2u) << "one notice per letter";
    for (const auto& m : sent) {
        EXPECT_TRUE(m.over_tls) << "every notice went after STARTTLS";
        EXPECT_EQ(m.auth_user, s.env("SMTP_USER")) << "and after SMTP AUTH";
    }
}

// A password only ever crosses inside TLS: Dovecot logs every login with its mechanism and
// the "TLS" mark; the sink takes AUTH only after STARTTLS (and records both).
TEST(Tls, ThePasswordsNeverCrossInTheClear) {
    TestServers s;
    s.write_config({{"mailbox", "poll_interval = auto"}});
    s.deliver({sample_letters()[0]});
    {
        obrd::test::Daemon d(s);  // the fetch connection and the IDLE connection
        ASSERT_TRUE(obrd::test::eventually([&] { return s.sink_messages().size() >= 1; }))
            << d.log();
        ASSERT_TRUE(obrd::test::eventually([&] { return dovecot_logins(s).size() >= 2; }))
            << read_file(s.dir() / "logs" / "dovecot.log");
        d.signal(SIGTERM);
        EXPECT_EQ(d.wait_exit(std::chrono::seconds(30)), 0) << d.log();
        EXPECT_EQ(d.log().find(read_file(s.env("IMAP_PASSWORD_FILE")).substr(0, 12)),
                  std::string::npos)
            << "no password in the log";
    }
    for (const auto& line : dovecot_logins(s)) {
        EXPECT_NE(line.find("user=<obrd>"), std::string::npos) << line;
        EXPECT_NE(line.find(", TLS,"), std::string::npos) << "a login outside TLS: " << line;
    }
    for (const auto& m : s.sink_messages()) {
        EXPECT_TRUE(m.over_tls);
        EXPECT_EQ(m.auth_user, s.env("SMTP_USER"));
    }
    // The mark tells the two apart: the same login without TLS is logged "secured" only
    // (Dovecot trusts a loopback connection), not "TLS".
    s.write_config({{"mailbox", "tls = off"}, {"smtp", "url = " + s.env("SMTP_URL")}});
    s.obrd({"--once"});
    const auto logins = dovecot_logins(s);
    ASSERT_FALSE(logins.empty());
    EXPECT_EQ(logins.back().find(", TLS,"), std::string::npos) << logins.back();
    EXPECT_NE(logins.back().find("secured"), std::string::npos) << logins.back();
}

TEST(Tls, ACertificateFromAnotherCaIsRefused) {
    TestServers s;
    s.deliver({sample_letters()[0]});
    s.write_config({{"mailbox", "ca_file = " + s.env("OTHER_CA_FILE")}});
    const auto imap = s.obrd({"--once"});
    EXPECT_EQ(imap.status, 75) << imap.err;
    EXPECT_NE(imap.err.find("on imap://127.0.0.1:" + s.env("IMAP_PORT")), std::string::npos)
        << "names the server: " << imap.err;
    EXPECT_NE(imap.err.find("TLS certificate was not trusted"), std::string::npos) << imap.err;
    EXPECT_EQ(stored(s), 0u);

    // The relay's certificate checked the same way: the letter is stored and decided, the
    // notice waits in the outbox.
    s.write_config({{"smtp", "ca_file = " + s.env("OTHER_CA_FILE")}});
    const auto smtp = s.obrd({"--once"});
    EXPECT_EQ(smtp.status, 75) << smtp.err;
    EXPECT_NE(smtp.err.find("smtp://127.0.0.1:" + s.env("SMTP_PORT")), std::string::npos)
        << smtp.err;
    EXPECT_NE(smtp.err.find("TLS certificate was not trusted"), std::string::npos) << smtp.err;
    EXPECT_EQ(stored(s), 1u);
    EXPECT_TRUE(s.sink_messages().empty());
    s.write_config();
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(s.sink_messages().size(), 1u) << "sent once the setting is right";
}

TEST(Tls, ACertificateForAnotherHostNameIsRefused) {
    TestServers s;
    s.deliver({sample_letters()[0]});
    // The certificate names IP 127.0.0.1 only; "localhost" reaches the same server.
    s.write_config({{"mailbox", "url = imaps://localhost:" + s.env("IMAPS_PORT") + "/INBOX"}});
    const auto r = s.obrd({"--once"});
    EXPECT_EQ(r.status, 75) << r.err;
    EXPECT_NE(r.err.find("imaps://localhost:" + s.env("IMAPS_PORT")), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("TLS certificate was not trusted"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("localhost"), std::string::npos) << r.err;
    EXPECT_EQ(stored(s), 0u);
}

TEST(Tls, AServerWithoutStarttlsIsRefusedUnlessTlsOffIsWritten) {
    TestServers s(TestServers::Tls::off);
    s.deliver({sample_letters()[0]});
    // `tls = starttls` is the default for imap:// and smtp://: written here to replace the
    // plain configuration's `tls = off`.
    s.write_config({{"mailbox", "tls = starttls"}, {"smtp", "tls = starttls"}});
    const auto imap = s.obrd({"--once"});
    EXPECT_EQ(imap.status, 75) << imap.err;
    EXPECT_NE(imap.err.find("mailbox unavailable"), std::string::npos) << imap.err;
    EXPECT_NE(imap.err.find("offers no STARTTLS"), std::string::npos) << imap.err;
    EXPECT_EQ(stored(s), 0u) << "nothing read in plain text";

    s.write_config({{"smtp", "tls = starttls"}});  // the mailbox on a trusted network
    const auto smtp = s.obrd({"--once"});
    EXPECT_EQ(smtp.status, 75) << smtp.err;
    EXPECT_NE(smtp.err.find("SMTP relay unavailable"), std::string::npos) << smtp.err;
    EXPECT_NE(smtp.err.find("offers no STARTTLS"), std::string::npos) << smtp.err;
    EXPECT_EQ(stored(s), 1u);
    EXPECT_TRUE(s.sink_messages().empty()) << "no notice in plain text";

    s.write_config();  // tls = off written out for both
    expect_status(s.obrd({"--once"}), 0);
    EXPECT_EQ(s.sink_messages().size(), 1u);
}

}  // namespace
