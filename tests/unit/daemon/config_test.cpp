// config_test.cpp: every kind of configuration mistake gives a message naming the section,
// the key and the problem (obrd then exits 78, see the binary test below).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "daemon/config.hpp"
#include "daemon/secret_file.hpp"

namespace {

class ConfigTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/obrd-config-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        std::ofstream(dir_ / "imap.password") << "secret\n";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string valid() const {
        return "[mailbox]\nurl = imaps://mail.example.ru/INBOX\nuser = mszso\n"
               "password_file = " +
               (dir_ / "imap.password").string() +
               "\n[database]\ndsn = host=/run/postgresql dbname=obrd\n"
               "[smtp]\nurl = smtp://relay.example.ru:587\nfrom = mszso@sakhalin.gov.ru\n"
               "[data]\nrules_dir = " OBRD_SOURCE_DIR
               "/rules/data\n"
               "templates_dir = " OBRD_SOURCE_DIR
               "/notices/templates\n"
               "calendar_file = " OBRD_SOURCE_DIR "/notices/data/calendar.txt\n";
    }

    std::filesystem::path write(const std::string& text) const {
        auto p = dir_ / "obrd.conf";
        std::ofstream(p) << text;
        return p;
    }

    // Expects load_config to fail naming [section] key, with `problem` in the message.
    void expect_error(const std::string& text, const std::string& section, const std::string& key,
                      const std::string& problem, const std::vector<std::string>& overrides = {}) {
        try {
            obrd::load_config(write(text), overrides);
            ADD_FAILURE() << "accepted a bad configuration: expected [" << section << "] " << key;
        } catch (const obrd::ConfigError& e) {
            EXPECT_EQ(e.section(), section) << e.what();
            EXPECT_EQ(e.key(), key) << e.what();
            EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
        }
    }

    std::string replace(std::string text, const std::string& from, const std::string& to) const {
        auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return text.replace(at, from.size(), to);
    }

    std::filesystem::path dir_;
};

TEST_F(ConfigTest, ValidFileGivesDefaultsAndSecureTls) {
    auto c = obrd::load_config(write(valid()));
    EXPECT_EQ(c.mailbox.server_url, "imaps://mail.example.ru");
    EXPECT_EQ(c.mailbox.mailbox, "INBOX");
    EXPECT_EQ(c.mailbox.tls.mode, obrd::TlsMode::implicit);
    EXPECT_EQ(c.smtp.tls.mode, obrd::TlsMode::starttls) << "smtp:// without tls= means STARTTLS";
    EXPECT_TRUE(c.mailbox.idle);
    EXPECT_EQ(c.mailbox.poll_interval, std::chrono::seconds(3)) << "auto: without IDLE";
    EXPECT_EQ(c.mailbox.idle_poll_interval, std::chrono::seconds(60)) << "auto: with IDLE";
    EXPECT_EQ(c.smtp.timeout, std::chrono::seconds(60));
    EXPECT_EQ(c.mailbox.max_letter_size, 25u << 20);
    EXPECT_TRUE(c.mailbox.processed_folder.empty());
    EXPECT_TRUE(c.mailbox.authserv_id.empty()) << "staff by From unless set";
    EXPECT_TRUE(c.smtp.user.empty());
    EXPECT_EQ(obrd::load_config(write(valid() + "[mailbox]\nauthserv_id = mx.sakhalin.gov.ru\n"))
                  .mailbox.authserv_id,
              "mx.sakhalin.gov.ru");
}

TEST_F(ConfigTest, DepartmentsMapNamesToAddresses) {
    auto c =
        obrd::load_config(write(valid() + "[departments]\ncontrol = a@x.ru, b@x.ru\nhead =\n"));
    ASSERT_EQ(c.departments.size(), 2u);
    EXPECT_EQ(c.departments["control"], (std::vector<std::string>{"a@x.ru", "b@x.ru"}));
    EXPECT_TRUE(c.departments["head"].empty()) << "a department may keep items in its queue only";
}

TEST_F(ConfigTest, OverridesWinOverTheFile) {
    auto c =
        obrd::load_config(write(valid()), {"mailbox.poll_interval=5m", "mailbox.url=imap://h/Box"});
    EXPECT_EQ(c.mailbox.poll_interval, std::chrono::minutes(5));
    EXPECT_EQ(c.mailbox.idle_poll_interval, std::chrono::minutes(5)) << "written: both";
    EXPECT_EQ(c.mailbox.mailbox, "Box");
    EXPECT_EQ(c.mailbox.tls.mode, obrd::TlsMode::starttls);
}

TEST_F(ConfigTest, MissingFile) {
    EXPECT_THROW(obrd::load_config(dir_ / "absent.conf"), obrd::ConfigError);
}

TEST_F(ConfigTest, EachMistakeNamesItsSettingAndProblem) {
    expect_error(valid() + "[mailbox]\npoll_intervall = 5s\n", "mailbox", "poll_intervall",
                 "unknown setting");
    expect_error(replace(valid(), "url = imaps://mail.example.ru/INBOX\n", ""), "mailbox", "url",
                 "is required");
    expect_error(replace(valid(), "imaps://mail", "pop3://mail"), "mailbox", "url",
                 "must start with imap:// or imaps://");
    expect_error(replace(valid(), "imaps://mail.example.ru", "imap://mail.example.ru") +
                     "[mailbox]\ntls = maybe\n",
                 "mailbox", "tls", "must be starttls or off");
    expect_error(valid() + "[mailbox]\ntls = off\n", "mailbox", "tls", "imaps:// URL");
    expect_error(valid() + "[mailbox]\npoll_interval = soon\n", "mailbox", "poll_interval",
                 "not a duration");
    expect_error(valid() + "[mailbox]\npoll_interval = 0s\n", "mailbox", "poll_interval",
                 "at least 1s");
    expect_error(valid() + "[mailbox]\nidle = yes\n", "mailbox", "idle", "must be on or off");
    expect_error(valid() + "[smtp]\ntimeout = 0s\n", "smtp", "timeout", "at least 1s");
    expect_error(valid() + "[smtp]\ntimeout = later\n", "smtp", "timeout", "not a duration");
    expect_error(valid() + "[mailbox]\nmax_letter_size = 10X\n", "mailbox", "max_letter_size",
                 "unknown unit");
    expect_error(valid() + "[mailbox]\nprocessed_folder = INBOX\n", "mailbox", "processed_folder",
                 "must differ");
    expect_error(valid() + "[mailbox]\nauthserv_id = mx.example.ru; dkim=pass\n", "mailbox",
                 "authserv_id", "authserv-id");
    expect_error(valid() + "[mailbox]\nprocessed_folder = Обработано\n", "mailbox",
                 "processed_folder", "modified UTF-7");
    expect_error(valid() + "[mailbox]\nca_file = /nonexistent/ca.pem\n", "mailbox", "ca_file",
                 "does not exist");
    expect_error(replace(valid(), "dbname=obrd", "dbname=obrd password=hunter2"), "database", "dsn",
                 "must not hold a password");
    expect_error(valid() + "[smtp]\nuser = mszso\n", "smtp", "password_file", "go together");
    expect_error(replace(valid(), "from = mszso@sakhalin.gov.ru", "from = Министерство"), "smtp",
                 "from", "not a plain email address");
    expect_error(valid(), "mailbox", "password", "unknown setting", {"mailbox.password=secret"});
    expect_error(valid(), "mailbox", "poll_interval", "section.key=value",
                 {"mailbox.poll_interval"});
    expect_error("url = imap://x/INBOX\n" + valid(), "(none)", "url", "outside any section");
    expect_error(valid() + "[data]\nrules_dir = /nonexistent/rules\n", "data", "rules_dir",
                 "does not exist");
    expect_error(valid() + "[notices]\nmax_per_address_per_day = many\n", "notices",
                 "max_per_address_per_day", "whole number");
    expect_error(valid() + "[departments]\ncontrol = control@x.ru, not an address\n", "departments",
                 "control", "not a plain email address");
    expect_error(valid() + "[departments]\nконтроль = control@x.ru\n", "departments", "контроль",
                 "letters, digits");
    expect_error(valid() + "[notices]\ndigest_at = 9am\n", "notices", "digest_at", "HH:MM");
    expect_error(valid() + "[notices]\ndigest_at = 24:00\n", "notices", "digest_at", "HH:MM");
    expect_error(valid() + "[deadlines]\nremind_days_before = soon\n", "deadlines",
                 "remind_days_before", "whole number");
    expect_error(valid() + "[deadlines]\nremind_days_before = 31\n", "deadlines",
                 "remind_days_before", "0 (off) to 20");
    expect_error(valid() + "[retention]\nkeep = 5 years\n", "retention", "keep", "5y, 18m, 90d");
    expect_error(valid() + "[retention]\nkeep = 0y\n", "retention", "keep", "whole number");
    expect_error(valid() + "[database]\nstaff_dsn = dbname=obrd password=x\n", "database",
                 "staff_dsn", "must not hold a password");
}

TEST_F(ConfigTest, DigestRemindersAndTheStaffConnection) {
    auto c = obrd::load_config(write(valid()));
    ASSERT_TRUE(c.notices.digest_at.has_value());
    EXPECT_EQ(c.notices.digest_at->count(), 9 * 60) << "09:00 Sakhalin time by default";
    EXPECT_EQ(c.deadlines.remind_days_before, 3);
    EXPECT_EQ(c.retention.interval(), "5 years") << "[retention] keep = 5y by default";
    EXPECT_TRUE(c.database.staff_dsn.empty());
    c = obrd::load_config(write(valid() +
                                "[notices]\ndigest_at = 17:45\n[deadlines]\nremind_days_before = "
                                "0\n[database]\nstaff_dsn = host=/run/postgresql dbname=obrd\n"));
    EXPECT_EQ(c.notices.digest_at->count(), 17 * 60 + 45);
    EXPECT_EQ(c.deadlines.remind_days_before, 0);
    EXPECT_EQ(c.database.staff_dsn, "host=/run/postgresql dbname=obrd");
    c = obrd::load_config(write(valid() + "[notices]\ndigest_at = off\n"));
    EXPECT_FALSE(c.notices.digest_at.has_value());
}

TEST(ParseRetention, UnitsAndErrors) {
    EXPECT_EQ(obrd::parse_retention("5y").interval(), "5 years");
    EXPECT_EQ(obrd::parse_retention("18m").interval(), "18 months");
    EXPECT_EQ(obrd::parse_retention("90d").interval(), "90 days");
    EXPECT_EQ(obrd::parse_retention("90d").text(), "90d");
    for (const char* bad : {"", "y", "5", "5Y", "-1y", "0d", "1.5y", "5 y", "123456y", "5w"})
        EXPECT_THROW(obrd::parse_retention(bad), std::invalid_argument) << bad;
}

TEST(ParseSize, UnitsAndErrors) {
    EXPECT_EQ(obrd::parse_size("1048576"), 1048576u);
    EXPECT_EQ(obrd::parse_size("512K"), 512u << 10);
    EXPECT_EQ(obrd::parse_size(" 25M "), 25u << 20);
    EXPECT_EQ(obrd::parse_size("1G"), 1u << 30);
    EXPECT_THROW(obrd::parse_size("-1M"), std::invalid_argument);
    EXPECT_THROW(obrd::parse_size("M"), std::invalid_argument);
    EXPECT_THROW(obrd::parse_size("99999999999999999999G"), std::invalid_argument);
}

TEST(ParseDuration, UnitsAndErrors) {
    EXPECT_EQ(obrd::parse_duration("60"), std::chrono::seconds(60));
    EXPECT_EQ(obrd::parse_duration("5m"), std::chrono::seconds(300));
    EXPECT_EQ(obrd::parse_duration("2h"), std::chrono::seconds(7200));
    EXPECT_THROW(obrd::parse_duration("5 days"), std::invalid_argument);
    EXPECT_THROW(obrd::parse_duration(""), std::invalid_argument);
}

TEST(SecretFile, ReadsOneLineAndNamesTheFileOnError) {
    char tmpl[] = "/tmp/obrd-secret-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::filesystem::path dir(tmpl);
    std::ofstream(dir / "ok") << "pa ss\n";
    std::ofstream(dir / "empty") << "";
    std::ofstream(dir / "two") << "a\nb\n";
    EXPECT_EQ(obrd::read_secret(dir / "ok"), "pa ss");
    EXPECT_THROW(obrd::read_secret(dir / "empty"), obrd::SecretError);
    EXPECT_THROW(obrd::read_secret(dir / "two"), obrd::SecretError);
    try {
        obrd::read_secret(dir / "missing");
        ADD_FAILURE();
    } catch (const obrd::SecretError& e) {
        EXPECT_NE(std::string(e.what()).find((dir / "missing").string()), std::string::npos);
    }
    // systemd's LoadCredential= puts the file into $CREDENTIALS_DIRECTORY.
    setenv("CREDENTIALS_DIRECTORY", dir.c_str(), 1);
    EXPECT_EQ(obrd::read_secret("ok"), "pa ss");
    // A credential name found nowhere says where it was looked for and what provides it.
    for (const bool set : {true, false}) {
        if (!set) unsetenv("CREDENTIALS_DIRECTORY");
        try {
            obrd::read_secret("mailbox-password");
            ADD_FAILURE();
        } catch (const obrd::SecretError& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("'mailbox-password' is a credential name"), std::string::npos) << m;
            EXPECT_NE(m.find(set ? dir.string() : std::string("(not set)")), std::string::npos)
                << m;
            EXPECT_NE(m.find("LoadCredential=mailbox-password:FILE"), std::string::npos) << m;
            EXPECT_NE(m.find("--credentials-dir"), std::string::npos) << m;
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
