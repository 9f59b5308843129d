// test_servers.hpp: integration-test access to real servers and to the obrd binaries.
//
// TestServers starts a private PostgreSQL, Dovecot and SMTP sink through
// scripts/testenv.sh in a fresh temporary folder, and stops them by pid in its
// destructor (and, through the script's watcher, if the test process dies). Commands run
// through run_command(), which returns the exit status and both output streams.
#pragma once

#include <filesystem>
#include <map>
#include <string>
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
    TestServers();
    ~TestServers();
    TestServers(const TestServers&) = delete;
    TestServers& operator=(const TestServers&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    const std::string& env(const std::string& key) const { return env_.at(key); }

    void deliver(const std::vector<std::filesystem::path>& letters);
    void stop(const std::string& service);  // pg | imap | smtp
    void start(const std::string& service);
    void recreate_mailbox();

    // Writes an obrd.conf for these servers; `extra` lines are appended per section,
    // e.g. {{"mailbox", "processed_folder = Processed"}}.
    std::filesystem::path write_config(
        const std::vector<std::pair<std::string, std::string>>& extra = {}) const;

    // Letters in the Maildir folder ("" = INBOX, else the folder name).
    std::size_t letters_in(const std::string& folder = "") const;

    CommandResult obrd(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {}) const;
    CommandResult obrctl(const std::vector<std::string>& args) const;
    std::vector<std::string> stored_letters_json() const;  // obrctl letters --json lines

  private:
    void script(const std::vector<std::string>& args);
    std::filesystem::path dir_;
    std::map<std::string, std::string> env_;
};

}  // namespace obrd::test
