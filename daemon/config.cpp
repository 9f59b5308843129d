// config.cpp: see config.hpp. Boost.Program_options reads the INI syntax; the checks of
// each value are ours, so that every message names [section] key and what is wrong.
#include "daemon/config.hpp"

#include <boost/program_options.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace po = boost::program_options;

namespace obrd {

ConfigError::ConfigError(std::string section, std::string key, const std::string& problem)
    : std::runtime_error("[" + section + "] " + key + ": " + problem),
      section_(std::move(section)),
      key_(std::move(key)) {}

namespace {

// Every key obrd knows, with its default ("" = none). Unknown keys are errors: a typo
// must not silently fall back to a default.
const std::map<std::string, std::string>& known_settings() {
    static const std::map<std::string, std::string> settings = {
        {"mailbox.url", ""},
        {"mailbox.tls", ""},
        {"mailbox.ca_file", ""},
        {"mailbox.user", ""},
        {"mailbox.password_file", ""},
        {"mailbox.poll_interval", "auto"},
        {"mailbox.idle", "on"},
        {"mailbox.processed_folder", ""},
        {"mailbox.max_letter_size", "25M"},
        {"mailbox.timeout", "60s"},
        {"mailbox.authserv_id", ""},
        {"database.dsn", ""},
        {"database.password_file", ""},
        {"database.staff_dsn", ""},
        {"smtp.url", ""},
        {"smtp.tls", ""},
        {"smtp.ca_file", ""},
        {"smtp.user", ""},
        {"smtp.password_file", ""},
        {"smtp.from", ""},
        {"smtp.timeout", "60s"},
        {"data.rules_dir", ""},
        {"data.templates_dir", ""},
        {"data.calendar_file", ""},
        {"data.classifier_file", ""},
        {"notices.from_name", ""},
        {"notices.max_per_address_per_day", "5"},
        {"notices.own_addresses", ""},
        {"notices.digest_at", "09:00"},
        {"deadlines.remind_days_before", "3"},
        {"retention.keep", "5y"},
    };
    return settings;
}

std::pair<std::string, std::string> split_name(const std::string& name) {
    auto dot = name.find('.');
    if (dot == std::string::npos) return {"", name};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

using Values = std::map<std::string, std::string>;

Values read_values(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
    po::options_description desc;
    for (const auto& [name, def] : known_settings())
        desc.add_options()(name.c_str(), po::value<std::string>());

    std::ifstream in(path);
    if (!in)
        throw ConfigError("file", path.string(),
                          std::string("cannot be read: ") + std::strerror(errno));
    po::parsed_options parsed(&desc);
    try {
        parsed = po::parse_config_file(in, desc, /*allow_unregistered=*/true);
    } catch (const po::error& e) {
        throw ConfigError("file", path.string(), e.what());
    }
    Values values;
    for (const auto& [name, def] : known_settings()) values[name] = def;
    for (const auto& option : parsed.options) {
        auto [section, key] = split_name(option.string_key);
        if (option.unregistered && section == "departments") {
            values[option.string_key] = option.value.empty() ? "" : option.value.front();
            continue;
        }
        if (option.unregistered) {
            if (section.empty()) throw ConfigError("(none)", key, "setting outside any section");
            throw ConfigError(section, key, "unknown setting");
        }
        values[option.string_key] = option.value.empty() ? "" : option.value.front();
    }
    for (const auto& item : overrides) {
        auto eq = item.find('=');
        auto name = item.substr(0, eq);
        auto [section, key] = split_name(name);
        if (eq == std::string::npos)
            throw ConfigError(section, key, "override must be written section.key=value");
        if (!known_settings().count(name) && section != "departments")
            throw ConfigError(section, key, "unknown setting");
        values[name] = item.substr(eq + 1);
    }
    return values;
}

std::string trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

void require(const Values& v, const std::string& name) {
    if (v.at(name).empty()) {
        auto [section, key] = split_name(name);
        throw ConfigError(section, key, "is required");
    }
}

// No control characters or spaces: these values go into URLs and protocol lines.
void require_printable(const std::string& section, const std::string& key,
                       const std::string& value) {
    for (unsigned char c : value)
        if (c < 0x21 || c == 0x7f)
            throw ConfigError(section, key, "must not contain spaces or control characters");
}

TlsSettings parse_tls(const Values& v, const std::string& section, const std::string& url,
                      const std::string& implicit_scheme) {
    TlsSettings tls;
    tls.ca_file = v.at(section + ".ca_file");
    const std::string written = v.at(section + ".tls");
    const bool implicit = starts_with(url, implicit_scheme + "://");
    if (implicit) {
        if (!written.empty() && written != "implicit" && written != "on")
            throw ConfigError(section, "tls",
                              "'" + written + "' does not fit a " + implicit_scheme +
                                  ":// URL, which always uses TLS (leave it empty)");
        tls.mode = TlsMode::implicit;
    } else if (written.empty() || written == "starttls") {
        tls.mode = TlsMode::starttls;
    } else if (written == "off") {
        tls.mode = TlsMode::off;
    } else {
        throw ConfigError(section, "tls", "must be starttls or off, not '" + written + "'");
    }
    if (!tls.ca_file.empty() && !std::filesystem::exists(tls.ca_file))
        throw ConfigError(section, "ca_file", "'" + tls.ca_file + "' does not exist");
    return tls;
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit((unsigned char)s[i + 1]) &&
            std::isxdigit((unsigned char)s[i + 2])) {
            out += char(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

MailboxSettings parse_mailbox(const Values& v) {
    MailboxSettings m;
    require(v, "mailbox.url");
    m.url = v.at("mailbox.url");
    require_printable("mailbox", "url", m.url);
    if (!starts_with(m.url, "imap://") && !starts_with(m.url, "imaps://"))
        throw ConfigError("mailbox", "url", "must start with imap:// or imaps://");
    auto host_start = m.url.find("://") + 3;
    auto slash = m.url.find('/', host_start);
    if (slash == host_start) throw ConfigError("mailbox", "url", "names no server");
    m.server_url = m.url.substr(0, slash);
    m.mailbox = slash == std::string::npos ? "" : percent_decode(m.url.substr(slash + 1));
    while (!m.mailbox.empty() && m.mailbox.back() == '/') m.mailbox.pop_back();
    if (m.mailbox.empty()) m.mailbox = "INBOX";
    if (m.mailbox.find_first_of(";?") != std::string::npos)
        throw ConfigError("mailbox", "url", "must name a mailbox only, without ;UID or ?query");
    m.tls = parse_tls(v, "mailbox", m.url, "imaps");
    require(v, "mailbox.user");
    m.user = v.at("mailbox.user");
    require(v, "mailbox.password_file");
    m.password_file = v.at("mailbox.password_file");
    const std::string idle = v.at("mailbox.idle");
    if (idle != "on" && idle != "off")
        throw ConfigError("mailbox", "idle", "must be on or off, not '" + idle + "'");
    m.idle = idle == "on";
    if (v.at("mailbox.poll_interval") != "auto") {
        try {
            m.poll_interval = parse_duration(v.at("mailbox.poll_interval"));
        } catch (const std::invalid_argument& e) {
            throw ConfigError("mailbox", "poll_interval", e.what() + std::string(" or auto"));
        }
        if (m.poll_interval.count() < 1)
            throw ConfigError("mailbox", "poll_interval", "must be at least 1s");
        m.idle_poll_interval = m.poll_interval;
    }
    try {
        m.timeout = parse_duration(v.at("mailbox.timeout"));
    } catch (const std::invalid_argument& e) {
        throw ConfigError("mailbox", "timeout", e.what());
    }
    if (m.timeout.count() < 1) throw ConfigError("mailbox", "timeout", "must be at least 1s");
    m.processed_folder = v.at("mailbox.processed_folder");
    // IMAP mailbox names go into quoted protocol strings; non-ASCII names would need
    // modified UTF-7, which the admin can write directly.
    auto plain_name = [](const std::string& name) {
        for (unsigned char c : name)
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
        return true;
    };
    if (!plain_name(m.mailbox))
        throw ConfigError("mailbox", "url",
                          "the mailbox name must be printable ASCII without quotes or "
                          "backslashes (write non-ASCII names in modified UTF-7)");
    if (!plain_name(m.processed_folder))
        throw ConfigError("mailbox", "processed_folder",
                          "must be printable ASCII without quotes or backslashes (write "
                          "non-ASCII names in modified UTF-7)");
    if (m.processed_folder == m.mailbox)
        throw ConfigError("mailbox", "processed_folder", "must differ from the polled mailbox");
    try {
        m.max_letter_size = parse_size(v.at("mailbox.max_letter_size"));
    } catch (const std::invalid_argument& e) {
        throw ConfigError("mailbox", "max_letter_size", e.what());
    }
    if (m.max_letter_size < 1024)
        throw ConfigError("mailbox", "max_letter_size", "must be at least 1K");
    m.authserv_id = v.at("mailbox.authserv_id");
    for (unsigned char c : m.authserv_id)
        if (!std::isalnum(c) && c != '.' && c != '-' && c != '_')
            throw ConfigError("mailbox", "authserv_id",
                              "must be the mail server's authserv-id as its "
                              "Authentication-Results header writes it (a host name such as "
                              "mx.sakhalin.gov.ru)");
    return m;
}

bool plausible_address(const std::string& a) {
    auto at = a.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= a.size()) return false;
    if (a.find('@', at + 1) != std::string::npos) return false;
    for (unsigned char c : a)
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"') return false;
    return a.find('.', at) != std::string::npos;
}

SmtpSettings parse_smtp(const Values& v) {
    SmtpSettings s;
    require(v, "smtp.url");
    s.url = v.at("smtp.url");
    require_printable("smtp", "url", s.url);
    if (!starts_with(s.url, "smtp://") && !starts_with(s.url, "smtps://"))
        throw ConfigError("smtp", "url", "must start with smtp:// or smtps://");
    s.tls = parse_tls(v, "smtp", s.url, "smtps");
    s.user = v.at("smtp.user");
    s.password_file = v.at("smtp.password_file");
    if (s.user.empty() != s.password_file.empty())
        throw ConfigError("smtp", s.user.empty() ? "user" : "password_file",
                          "user and password_file go together (both empty: no authentication)");
    try {
        s.timeout = parse_duration(v.at("smtp.timeout"));
    } catch (const std::invalid_argument& e) {
        throw ConfigError("smtp", "timeout", e.what());
    }
    if (s.timeout.count() < 1) throw ConfigError("smtp", "timeout", "must be at least 1s");
    require(v, "smtp.from");
    s.from = v.at("smtp.from");
    if (!plausible_address(s.from))
        throw ConfigError("smtp", "from", "'" + s.from + "' is not a plain email address");
    return s;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        item = trim(item);
        if (!item.empty()) items.push_back(item);
    }
    return items;
}

std::filesystem::path data_path(const Values& v, const std::string& key,
                                const std::filesystem::path& fallback) {
    const std::string& written = v.at("data." + key);
    std::filesystem::path p = written.empty() ? fallback : std::filesystem::path(written);
    if (!std::filesystem::exists(p))
        throw ConfigError("data", key, "'" + p.string() + "' does not exist");
    return p;
}

}  // namespace

#ifndef OBRD_DATA_DIR
#define OBRD_DATA_DIR "/usr/local/share/obrd"
#endif
#ifndef OBRD_CONF_DIR
#define OBRD_CONF_DIR "/usr/local/etc/obrd"
#endif

const char* const kDefaultConfigPath = OBRD_CONF_DIR "/obrd.conf";

std::filesystem::path default_data_dir() {
    return OBRD_DATA_DIR;
}

std::size_t parse_size(const std::string& text) {
    std::string t = trim(text);
    if (t.empty()) throw std::invalid_argument("is empty");
    std::size_t pos = 0;
    unsigned long long n = 0;
    try {
        if (!std::isdigit((unsigned char)t[0])) throw std::invalid_argument("");
        n = std::stoull(t, &pos);
    } catch (const std::exception&) {
        throw std::invalid_argument("'" + text + "' is not a size (e.g. 25M, 512K, 1048576)");
    }
    std::string unit = t.substr(pos);
    unsigned shift = 0;
    if (unit == "" || unit == "B")
        shift = 0;
    else if (unit == "K" || unit == "k" || unit == "KB")
        shift = 10;
    else if (unit == "M" || unit == "MB")
        shift = 20;
    else if (unit == "G" || unit == "GB")
        shift = 30;
    else
        throw std::invalid_argument("'" + text + "' has an unknown unit (use K, M or G)");
    if (n > (~0ull >> (shift + 1))) throw std::invalid_argument("'" + text + "' is too large");
    return static_cast<std::size_t>(n << shift);
}

std::chrono::seconds parse_duration(const std::string& text) {
    std::string t = trim(text);
    std::size_t pos = 0;
    long long n = 0;
    try {
        if (t.empty() || !std::isdigit((unsigned char)t[0])) throw std::invalid_argument("");
        n = std::stoll(t, &pos);
    } catch (const std::exception&) {
        throw std::invalid_argument("'" + text + "' is not a duration (e.g. 30s, 5m, 1h)");
    }
    std::string unit = t.substr(pos);
    long long factor = 0;
    if (unit == "" || unit == "s")
        factor = 1;
    else if (unit == "m" || unit == "min")
        factor = 60;
    else if (unit == "h")
        factor = 3600;
    else
        throw std::invalid_argument("'" + text + "' has an unknown unit (use s, m or h)");
    if (n > 365LL * 24 * 3600) throw std::invalid_argument("'" + text + "' is too long");
    return std::chrono::seconds(n * factor);
}

Config load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
    Values v = read_values(path, overrides);
    Config c;
    c.path = path;
    c.mailbox = parse_mailbox(v);
    require(v, "database.dsn");
    c.database.dsn = v.at("database.dsn");
    if (c.database.dsn.find("password=") != std::string::npos)
        throw ConfigError("database", "dsn",
                          "must not hold a password: use [database] password_file");
    c.database.password_file = v.at("database.password_file");
    c.smtp = parse_smtp(v);

    const auto data = default_data_dir();
    c.data.rules_dir = data_path(v, "rules_dir", data / "rules");
    c.data.templates_dir = data_path(v, "templates_dir", data / "notices" / "templates");
    c.data.calendar_file =
        data_path(v, "calendar_file", data / "notices" / "data" / "calendar.txt");
    // Read only by obrctl report and close/complaint --code (an error there, not here):
    // by default beside the calendar, so that a config pointing at a source tree finds it.
    c.data.classifier_file = v.at("data.classifier_file").empty()
                                 ? c.data.calendar_file.parent_path() / "classifier.txt"
                                 : std::filesystem::path(v.at("data.classifier_file"));

    if (!v.at("notices.from_name").empty()) c.notices.from_name = v.at("notices.from_name");
    if (c.notices.from_name.find_first_of("\r\n") != std::string::npos)
        throw ConfigError("notices", "from_name", "must be one line");
    try {
        std::size_t pos = 0;
        c.notices.max_per_address_per_day =
            std::stoi(v.at("notices.max_per_address_per_day"), &pos);
        if (pos != trim(v.at("notices.max_per_address_per_day")).size())
            throw std::invalid_argument("");
    } catch (const std::exception&) {
        throw ConfigError("notices", "max_per_address_per_day", "must be a whole number");
    }
    if (c.notices.max_per_address_per_day < 1)
        throw ConfigError("notices", "max_per_address_per_day", "must be at least 1");
    for (const auto& a : split_list(v.at("notices.own_addresses"))) {
        if (!plausible_address(a))
            throw ConfigError("notices", "own_addresses",
                              "'" + a + "' is not a plain email address");
        c.notices.own_addresses.push_back(a);
    }
    c.database.staff_dsn = v.at("database.staff_dsn");
    if (c.database.staff_dsn.find("password=") != std::string::npos)
        throw ConfigError("database", "staff_dsn",
                          "must not hold a password: a person logs in as themselves");
    {
        const std::string at = trim(v.at("notices.digest_at"));
        int h = -1, m = -1;
        char tail = 0;
        if (at == "off") {
            c.notices.digest_at.reset();
        } else if (at.size() == 5 && at[2] == ':' &&
                   std::sscanf(at.c_str(), "%2d:%2d%c", &h, &m, &tail) == 2 && h >= 0 && h < 24 &&
                   m >= 0 && m < 60) {
            c.notices.digest_at = std::chrono::minutes(h * 60 + m);
        } else {
            throw ConfigError("notices", "digest_at",
                              "must be HH:MM (Sakhalin time) or off, not '" + at + "'");
        }
    }
    try {
        const std::string days = trim(v.at("deadlines.remind_days_before"));
        std::size_t pos = 0;
        c.deadlines.remind_days_before = std::stoi(days, &pos);
        if (pos != days.size()) throw std::invalid_argument("");
    } catch (const std::exception&) {
        throw ConfigError("deadlines", "remind_days_before", "must be a whole number");
    }
    if (c.deadlines.remind_days_before < 0 || c.deadlines.remind_days_before > 20)
        throw ConfigError("deadlines", "remind_days_before", "must be 0 (off) to 20 working days");
    try {
        c.retention = parse_retention(trim(v.at("retention.keep")));
    } catch (const std::invalid_argument&) {
        throw ConfigError("retention", "keep",
                          "must be a whole number of years, months or days: 5y, 18m, 90d");
    }
    for (const auto& [name, value] : v) {
        auto [section, key] = split_name(name);
        if (section != "departments") continue;
        for (unsigned char ch : key)
            if (!std::isalnum(ch) && ch != '_' && ch != '-')
                throw ConfigError("departments", key,
                                  "a department name is letters, digits, _ and - only");
        auto& addresses = c.departments[key];
        for (const auto& a : split_list(value)) {
            if (!plausible_address(a))
                throw ConfigError("departments", key, "'" + a + "' is not a plain email address");
            addresses.push_back(a);
        }
    }
    return c;
}

Retention parse_retention(const std::string& text) {
    if (text.size() < 2) throw std::invalid_argument(text);
    const char unit = text.back();
    if (unit != 'y' && unit != 'm' && unit != 'd') throw std::invalid_argument(text);
    const std::string digits = text.substr(0, text.size() - 1);
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument(text);
    Retention r;
    r.amount = std::stoi(digits);
    r.unit = unit;
    if (r.amount < 1) throw std::invalid_argument(text);
    return r;
}

std::string Retention::interval() const {
    return std::to_string(amount) + (unit == 'y' ? " years" : unit == 'm' ? " months" : " days");
}

std::string Retention::text() const {
    return std::to_string(amount) + unit;
}

}  // namespace obrd
