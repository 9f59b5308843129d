// test_servers.hpp: integration-test access to real servers and to the obrd binaries.
//
// TestServers starts a private PostgreSQL, Dovecot and SMTP sink through
// scripts/testenv.sh in a fresh temporary folder, and stops them by pid in its
// destructor (and, through the script's watcher, if the test process dies). Commands run
// through run_command(), which returns the exit status and both output streams.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace obrd::test {

struct CommandResult {
    int status = -1;  // exit status, or 128 + signal number when killed
    std::string out, err;
};

// Runs argv (no shell interpretation of arguments), with extra environment assignments.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {});

std::string read_file(const std::filesystem::path& p);
std::vector<std::filesystem::path> sample_letters();  // shared/corpus/letters/*.eml, sorted

class TestServers {
  public:
    // With TLS (the default, as production runs) Dovecot offers STARTTLS and imaps and
    // refuses logins without TLS, the SMTP sink requires STARTTLS and AUTH, and
    // write_config() names the run's CA (testenv.sh start --tls). Plain: no TLS anywhere.
    enum class Tls { on, off };
    explicit TestServers(Tls tls = Tls::on);
    ~TestServers();
    TestServers(const TestServers&) = delete;
    TestServers& operator=(const TestServers&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    const std::string& env(const std::string& key) const { return env_.at(key); }

    void deliver(const std::vector<std::filesystem::path>& letters);  // doveadm save, in order
    // As a local delivery agent without Dovecot would: a plain file written into the
    // Maildir's tmp/ and renamed into new/.
    void deliver_maildir(const std::filesystem::path& letter);
    void stop(const std::string& service);  // pg | imap | smtp
    void start(const std::string& service);
    void recreate_mailbox();

    bool tls() const { return env_.count("CA_FILE") > 0; }
    // Writes an obrd.conf for these servers (over TLS when they offer it); `extra` lines are added
    // per section, e.g.
    // {{"mailbox", "processed_folder = Processed"}}; one that names a key already written
    // replaces it ({{"mailbox", "poll_interval = auto"}}).
    std::filesystem::path write_config(
        const std::vector<std::pair<std::string, std::string>>& extra = {}) const;

    // Letters in the Maildir folder ("" = INBOX, else the folder name).
    std::size_t letters_in(const std::string& folder = "") const;

    CommandResult obrd(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {}) const;
    CommandResult obrctl(const std::vector<std::string>& args) const;
    std::vector<std::string> stored_letters_json() const;  // obrctl letters --json lines

    // What the SMTP sink accepted, in order.
    struct SinkMessage {
        std::string raw;
        std::vector<std::string> rcpt;
        double received_at = 0;  // seconds since the epoch
        bool over_tls = false;   // it came after STARTTLS
        std::string auth_user;   // who logged in to send it, empty without SMTP AUTH
    };
    std::vector<SinkMessage> sink_messages() const;

  private:
    void script(const std::vector<std::string>& args);
    std::filesystem::path dir_;
    std::map<std::string, std::string> env_;
};

// obrd running as the service runs it: a daemon in the background (no --once), its
// stderr in a log file. Killed (SIGKILL) and reaped by the destructor if still running.
class Daemon {
  public:
    Daemon(const TestServers& servers, const std::map<std::string, std::string>& env = {},
           const std::vector<std::string>& args = {});
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void signal(int sig);
    // Waits up to `limit` for the process to end; its exit status (128 + signal when
    // killed), or -1 when it is still running.
    int wait_exit(std::chrono::seconds limit);
    std::string log() const;
    // Waits up to `limit` until the log contains `text`.
    bool log_shows(const std::string& text, std::chrono::seconds limit);

  private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::filesystem::path log_;
};

// Waits, with a deadline, until `pred` holds; the wait is a bound, not a measurement.
template <typename Pred>
bool eventually(Pred pred, std::chrono::seconds limit = std::chrono::seconds(60)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return pred();
}

}  // namespace obrd::test
