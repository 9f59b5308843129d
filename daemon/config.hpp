// config.hpp: obrd's settings, read from an INI file with command-line overrides.
//
// Every setting is validated here, once, at start-up (and on reload). A bad one stops
// start-up with a ConfigError naming the section, the key and the problem; obrd and
// obrctl exit with status 78 (EX_CONFIG) on it. Passwords are never settings: only the
// files that hold them are (see secret_file.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace obrd {

inline constexpr int kExitConfig = 78;  // EX_CONFIG from sysexits.h

class ConfigError : public std::runtime_error {
  public:
    ConfigError(std::string section, std::string key, const std::string& problem);
    const std::string& section() const { return section_; }
    const std::string& key() const { return key_; }

  private:
    std::string section_, key_;
};

// How a connection is protected. `implicit` is imaps:// / smtps://; `starttls` upgrades a
// plain connection and fails if the server cannot; `off` must be written out explicitly.
enum class TlsMode { implicit, starttls, off };

struct TlsSettings {
    TlsMode mode = TlsMode::starttls;
    std::string ca_file;  // a private CA bundle; empty = the system's trust store
};

struct MailboxSettings {
    std::string url;         // imap[s]://host[:port]/MAILBOX
    std::string server_url;  // the URL without the mailbox path: imap[s]://host[:port]
    std::string mailbox;     // the mailbox name from the URL path, e.g. "INBOX"
    TlsSettings tls;
    std::string user;
    std::filesystem::path password_file;
    // IMAP IDLE (RFC 2177) where the server offers it: new mail is reported at once.
    bool idle = true;
    // The longest time between two full checks of the mailbox: without IDLE, and with it
    // (a safety net; IDLE is restarted at each check, and at least every 25 minutes).
    // "auto" (the default): 3 s without IDLE, 60 s with it.
    std::chrono::seconds poll_interval{3};
    std::chrono::seconds idle_poll_interval{60};
    std::string processed_folder;  // empty: only set \Seen after storing
    std::size_t max_letter_size = 25u << 20;
    std::chrono::seconds timeout{60};
    // The authserv-id of the ministry's receiving mail server. Set: a letter from a staff
    // or our own address counts as staff only when that server's Authentication-Results
    // vouches for its From domain (parsers/authentication_results.hpp); one it does not is
    // left for a person (manual). Empty: the From address alone decides.
    std::string authserv_id;
};

struct DatabaseSettings {
    std::string dsn;                      // a libpq connection string, without a password
    std::filesystem::path password_file;  // optional; else libpq's own passfile/peer auth
    // What obrctl's staff commands connect with (a person as themselves, no password read);
    // empty: dsn and password_file, as the service.
    std::string staff_dsn;
};

struct SmtpSettings {
    std::string url;  // smtp[s]://host[:port]
    TlsSettings tls;
    std::string user;  // with password_file: authenticate; both empty: no authentication
    std::filesystem::path password_file;
    std::string from;  // the envelope and header sender of notices
    // Connect timeout, and how long the relay may accept nothing before a send is given up.
    std::chrono::seconds timeout{60};
};

// Where the data files live: rule lists, notice templates, the working-day calendar.
struct DataSettings {
    std::filesystem::path rules_dir;
    std::filesystem::path templates_dir;
    std::filesystem::path calendar_file;
    std::filesystem::path classifier_file;  // the report's thematic classifier codes
};

struct NoticeSettings {
    std::string from_name = "Министерство социальной защиты Сахалинской области";
    int max_per_address_per_day = 5;  // notices to one address in any 24 hours
    // Addresses of ours besides [smtp] from and the mailbox user: never answered.
    std::vector<std::string> own_addresses;
    // When the daemon mails each department the digest of the day before (Sakhalin time,
    // minutes after midnight); nullopt: never (obrctl digest --send still can).
    std::optional<std::chrono::minutes> digest_at = std::chrono::minutes(9 * 60);
};

struct DeadlineSettings {
    // A reminder card this many working days before a deadline (and one the day after it
    // is missed); 0: no reminders.
    int remind_days_before = 3;
};

// How long personal data of a finished appeal is kept (obrctl purge).
struct Retention {
    int amount = 5;
    char unit = 'y';  // y (years), m (months), d (days)
    // As PostgreSQL reads an interval: "5 years".
    std::string interval() const;
    // As written in obrd.conf: "5y".
    std::string text() const;
};

// "5y", "18m", "90d" (a whole number of years, months or days, at least one day). Throws
// std::invalid_argument.
Retention parse_retention(const std::string& text);

struct Config {
    std::filesystem::path path;  // the file it was read from
    MailboxSettings mailbox;
    DatabaseSettings database;
    SmtpSettings smtp;
    DataSettings data;
    NoticeSettings notices;
    DeadlineSettings deadlines;
    Retention retention;  // [retention] keep
    // Department name (as the rules name it: control, head, ...) -> staff addresses.
    // A department without addresses keeps its items in its queue only.
    std::map<std::string, std::vector<std::string>> departments;
};

// The default data folder: <install prefix>/share/obrd.
std::filesystem::path default_data_dir();

// <sysconfdir>/obrd/obrd.conf: /etc/obrd/obrd.conf for the package (prefix /usr).
extern const char* const kDefaultConfigPath;

// Reads and validates the INI file at `path`; `overrides` are "section.key=value" pairs
// from the command line and win over the file. Throws ConfigError.
Config load_config(const std::filesystem::path& path,
                   const std::vector<std::string>& overrides = {});

// Parses a size such as "25M", "512K", "1G" or "1048576". Throws std::invalid_argument.
std::size_t parse_size(const std::string& text);

// Parses a duration such as "30s", "5m", "1h" or "60" (seconds). Throws std::invalid_argument.
std::chrono::seconds parse_duration(const std::string& text);

}  // namespace obrd
