// test_servers.cpp: see test_servers.hpp.
#include "test_servers.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace obrd::test {
namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

}  // namespace

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env) {
    char tmpl[] = "/tmp/obrd-cmd-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    std::filesystem::path tmp(tmpl);
    std::string cmd;
    for (const auto& [k, v] : env) cmd += k + "=" + shell_quote(v) + " ";
    for (const auto& a : argv) cmd += shell_quote(a) + " ";
    cmd += "</dev/null >" + (tmp / "out").string() + " 2>" + (tmp / "err").string();
    int raw = std::system(cmd.c_str());
    CommandResult r;
    if (raw != -1 && WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
    r.out = read_file(tmp / "out");
    r.err = read_file(tmp / "err");
    std::filesystem::remove_all(tmp);
    return r;
}

std::vector<std::filesystem::path> sample_letters() {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(OBRD_SHARED_DIR "/corpus/letters"))
        if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

TestServers::TestServers(Tls tls) {
    char tmpl[] = "/tmp/obrd-it-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::vector<std::string> start{"start", dir_.string(), "--owner-pid", std::to_string(getpid())};
    if (tls == Tls::on) start.push_back("--tls");
    script(start);
    std::ifstream in(dir_ / "env");
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
        env_[line.substr(0, eq)] = value;
    }
}

TestServers::~TestServers() {
    try {
        script({"stop", dir_.string()});
    } catch (...) {
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void TestServers::script(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"bash", OBRD_TESTENV};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv);
    if (r.status != 0)
        throw std::runtime_error("testenv.sh " + args.front() + " failed: " + r.err + r.out);
}

void TestServers::deliver(const std::vector<std::filesystem::path>& letters) {
    std::vector<std::string> args{"deliver", dir_.string()};
    for (const auto& l : letters) args.push_back(l.string());
    script(args);
}

void TestServers::stop(const std::string& service) {
    script({"stop-service", dir_.string(), service});
}
void TestServers::start(const std::string& service) {
    script({"start-service", dir_.string(), service});
}
void TestServers::recreate_mailbox() {
    script({"recreate-mailbox", dir_.string()});
}

std::filesystem::path TestServers::write_config(
    const std::vector<std::pair<std::string, std::string>>& extra) const {
    std::map<std::string, std::vector<std::string>> sections;
    sections["mailbox"] = {"url = " + env("IMAP_URL"), "user = obrd",
                           "password_file = " + env("IMAP_PASSWORD_FILE"), "poll_interval = 1s",
                           "timeout = 5s"};
    sections["database"] = {"dsn = " + env("PG_DSN")};
    sections["smtp"] = {"url = " + env("SMTP_URL"), "from = mszso@sakhalin.gov.ru"};
    if (tls()) {  // STARTTLS (the default for imap:// and smtp://), verified with the run's CA
        sections["mailbox"].push_back("ca_file = " + env("CA_FILE"));
        sections["smtp"].push_back("ca_file = " + env("CA_FILE"));
        sections["smtp"].push_back("user = " + env("SMTP_USER"));
        sections["smtp"].push_back("password_file = " + env("SMTP_PASSWORD_FILE"));
    } else {
        sections["mailbox"].push_back("tls = off");
        sections["smtp"].push_back("tls = off");
    }
    sections["data"] = {"rules_dir = " OBRD_SOURCE_DIR "/rules/data",
                        "templates_dir = " OBRD_SOURCE_DIR "/notices/templates",
                        "calendar_file = " OBRD_SOURCE_DIR "/notices/data/calendar.txt"};
    const auto key_of = [](const std::string& line) { return line.substr(0, line.find(" =")); };
    for (const auto& [section, line] : extra) {
        auto& lines = sections[section];
        auto same = std::find_if(lines.begin(), lines.end(),
                                 [&](const std::string& l) { return key_of(l) == key_of(line); });
        if (same != lines.end())
            *same = line;
        else
            lines.push_back(line);
    }
    auto path = dir_ / "obrd.conf";
    std::ofstream out(path);
    for (const auto& [section, lines] : sections) {
        out << "[" << section << "]\n";
        for (const auto& l : lines) out << l << "\n";
    }
    return path;
}

void TestServers::deliver_maildir(const std::filesystem::path& letter) {
    static int n = 0;
    const std::filesystem::path maildir = env("MAILDIR");
    const std::string name = std::to_string(std::time(nullptr)) + ".M" + std::to_string(++n) + "P" +
                             std::to_string(getpid()) + ".obrd-test";
    std::filesystem::copy_file(letter, maildir / "tmp" / name);
    if (getuid() == 0) {  // the test mailbox belongs to "nobody" (testenv.sh)
        struct stat owner {};
        if (::stat(maildir.c_str(), &owner) == 0 &&
            ::chown((maildir / "tmp" / name).c_str(), owner.st_uid, owner.st_gid) != 0)
            throw std::runtime_error("chown of a Maildir file failed");
    }
    std::filesystem::rename(maildir / "tmp" / name, maildir / "new" / name);
}

std::vector<TestServers::SinkMessage> TestServers::sink_messages() const {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(env("SMTP_SPOOL"), ec))
        if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<SinkMessage> out;
    for (const auto& f : files) {
        SinkMessage m;
        m.raw = read_file(f);
        auto envelope = f;
        envelope.replace_extension(".json");
        const auto meta = nlohmann::json::parse(read_file(envelope));
        for (const auto& a : meta["rcpt_tos"]) m.rcpt.push_back(a);
        m.received_at = meta.value("received_at", 0.0);
        m.over_tls = meta.value("tls", false);
        if (meta.contains("auth_user") && meta["auth_user"].is_string())
            m.auth_user = meta["auth_user"];
        out.push_back(std::move(m));
    }
    return out;
}

std::size_t TestServers::letters_in(const std::string& folder) const {
    std::filesystem::path maildir = env("MAILDIR");
    if (!folder.empty()) maildir /= "." + folder;
    std::size_t n = 0;
    for (const char* sub : {"new", "cur"}) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(maildir / sub, ec)) {
            (void)e;
            ++n;
        }
    }
    return n;
}

CommandResult TestServers::obrd(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env) const {
    std::vector<std::string> argv{OBRD_BIN, "--config", (dir_ / "obrd.conf").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, env);
}

CommandResult TestServers::obrctl(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{OBRCTL_BIN, "--config", (dir_ / "obrd.conf").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

std::vector<std::string> TestServers::stored_letters_json() const {
    auto r = obrctl({"letters", "--json"});
    if (r.status != 0) throw std::runtime_error("obrctl letters failed: " + r.err);
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(line);
    return lines;
}

}  // namespace obrd::test

namespace obrd::test {

Daemon::Daemon(const TestServers& servers, const std::map<std::string, std::string>& env,
               const std::vector<std::string>& args) {
    static int n = 0;
    log_ = servers.dir() / ("obrd-daemon-" + std::to_string(++n) + ".log");
    const std::string conf = (servers.dir() / "obrd.conf").string();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        if (!freopen(log_.c_str(), "w", stderr)) _exit(126);
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        std::vector<std::string> argv_s{OBRD_BIN, "--config", conf};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(OBRD_BIN, argv.data());
        _exit(127);
    }
}

Daemon::~Daemon() {
    if (running()) {
        ::kill(pid_, SIGKILL);
        wait_exit(std::chrono::seconds(10));
    }
}

bool Daemon::running() {
    if (status_ >= 0) return false;
    int raw = 0;
    const pid_t r = waitpid(pid_, &raw, WNOHANG);
    if (r == 0) return true;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return false;
}

void Daemon::signal(int sig) {
    if (running()) ::kill(pid_, sig);
}

int Daemon::wait_exit(std::chrono::seconds limit) {
    eventually([&] { return !running(); }, limit);
    return status_;
}

std::string Daemon::log() const {
    return read_file(log_);
}

bool Daemon::log_shows(const std::string& text, std::chrono::seconds limit) {
    return eventually([&] { return log().find(text) != std::string::npos; }, limit);
}

}  // namespace obrd::test
