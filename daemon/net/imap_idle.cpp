// imap_idle.cpp: see imap_idle.hpp.
#include "daemon/net/imap_idle.hpp"

#include <curl/curl.h>
#include <poll.h>

#include <cctype>
#include <stdexcept>

#include "daemon/net/curl.hpp"
#include "daemon/net/imap_session.hpp"

namespace obrd {
namespace {

using Clock = std::chrono::steady_clock;

// A failure of this connection; wait() turns it into Wake::failed.
class IdleFailure : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// "* 3 EXISTS" or "* 1 RECENT": new mail in the examined mailbox.
bool reports_new_mail(const std::string& line) {
    if (line.rfind("* ", 0) != 0) return false;
    std::size_t i = 2;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i == 2) return false;
    const std::string word = line.substr(i);
    return word == " EXISTS" || word == " RECENT";
}

bool has_word(const std::string& line, const std::string& word) {
    std::size_t at = 0;
    while ((at = line.find(word, at)) != std::string::npos) {
        const bool starts = at == 0 || line[at - 1] == ' ' || line[at - 1] == '[';
        const std::size_t end = at + word.size();
        const bool ends = end == line.size() || line[end] == ' ' || line[end] == ']';
        if (starts && ends) return true;
        at = end;
    }
    return false;
}

}  // namespace

const char* to_string(ImapIdle::Wake wake) {
    switch (wake) {
        case ImapIdle::Wake::activity:
            return "activity";
        case ImapIdle::Wake::timeout:
            return "timeout";
        case ImapIdle::Wake::interrupted:
            return "interrupted";
        case ImapIdle::Wake::unsupported:
            return "unsupported";
        case ImapIdle::Wake::failed:
            return "failed";
    }
    return "?";
}

struct ImapIdle::Impl {
    MailboxSettings settings;
    std::string password;
    CURL* curl = nullptr;
    curl_socket_t socket = CURL_SOCKET_BAD;
    char curl_error[CURL_ERROR_SIZE] = {};
    std::string input;  // received, not yet read as lines
    unsigned tag = 0;
    bool examined = false;
    bool no_idle = false;
    std::string error;

    enum class Read { line, timeout, interrupted };

    void close() {
        if (curl) curl_easy_cleanup(curl);
        curl = nullptr;
        socket = CURL_SOCKET_BAD;
        input.clear();
        examined = false;
    }

    std::chrono::milliseconds answer_time() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout);
    }

    void connect() {
        curl_global_once();
        no_idle = false;
        curl = curl_easy_init();
        if (!curl) throw IdleFailure("cannot create a libcurl handle");
        try {
            OBRD_CURL_SET(curl, CURLOPT_URL, settings.server_url + "/");
            OBRD_CURL_SET(curl, CURLOPT_USERNAME, settings.user);
            OBRD_CURL_SET(curl, CURLOPT_PASSWORD, password);
            apply_tls(curl, settings.tls);
            OBRD_CURL_SET(curl, CURLOPT_CONNECT_ONLY, 1L);
            OBRD_CURL_SET(curl, CURLOPT_CONNECTTIMEOUT,
                          static_cast<long>(settings.timeout.count()));
            OBRD_CURL_SET(curl, CURLOPT_NOSIGNAL, 1L);
            OBRD_CURL_SET(curl, CURLOPT_ERRORBUFFER, curl_error);
        } catch (const CurlSetupError& e) {
            throw IdleFailure(std::string("setting up IMAP IDLE: ") + e.what());
        }
        curl_error[0] = 0;
        const CURLcode rc = curl_easy_perform(curl);
        if (rc != CURLE_OK)
            throw IdleFailure("IDLE connection to " + settings.server_url + ": " +
                              (curl_error[0] ? curl_error : curl_easy_strerror(rc)) +
                              tls_hint(rc, "mailbox"));
        if (curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK ||
            socket == CURL_SOCKET_BAD)
            throw IdleFailure("IDLE connection to " + settings.server_url + ": no socket");
        // Logged in: ask what the server offers now (the greeting's list is pre-login).
        const std::string caps = command("CAPABILITY", Clock::now() + answer_time());
        no_idle = !has_word(caps, "IDLE");
    }

    void send_all(const std::string& text, Clock::time_point deadline) {
        std::size_t done = 0;
        while (done < text.size()) {
            std::size_t n = 0;
            const CURLcode rc = curl_easy_send(curl, text.data() + done, text.size() - done, &n);
            if (rc == CURLE_OK) {
                done += n;
                continue;
            }
            if (rc != CURLE_AGAIN)
                throw IdleFailure("sending to " + settings.server_url + ": " +
                                  curl_easy_strerror(rc));
            pollfd p{socket, POLLOUT, 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0)
                throw IdleFailure("sending to " + settings.server_url + ": timed out");
        }
    }

    // One server line, without its CRLF. A literal ({n} at the end of a line) is read and
    // left out, so that its bytes are never taken for protocol lines.
    Read read_line(std::string& line, Clock::time_point deadline, int interrupt_fd,
                   const std::function<void()>* beat) {
        std::size_t literal = 0;  // bytes of a literal still to skip
        line.clear();
        for (;;) {
            if (literal > 0 && !input.empty()) {
                const std::size_t n = std::min(literal, input.size());
                input.erase(0, n);
                literal -= n;
            }
            const auto eol = literal > 0 ? std::string::npos : input.find("\r\n");
            if (eol != std::string::npos) {
                line += input.substr(0, eol);
                input.erase(0, eol + 2);
                if (line.size() > 2 && line.back() == '}') {
                    const auto open = line.rfind('{');
                    std::size_t n = 0;
                    bool digits = open != std::string::npos && open + 2 < line.size();
                    for (std::size_t i = open + 1; digits && i + 1 < line.size(); ++i) {
                        if (!std::isdigit(static_cast<unsigned char>(line[i])) || n > (1u << 24))
                            digits = false;
                        else
                            n = n * 10 + static_cast<std::size_t>(line[i] - '0');
                    }
                    if (digits) {
                        literal = n;
                        line.erase(open);
                        continue;
                    }
                }
                return Read::line;
            }
            if (input.size() > (1u << 20))
                throw IdleFailure("a line of over 1 MiB from " + settings.server_url);
            char buf[16384];
            std::size_t n = 0;
            const CURLcode rc = curl_easy_recv(curl, buf, sizeof buf, &n);
            if (rc == CURLE_OK && n == 0)
                throw IdleFailure(settings.server_url + " closed the IDLE connection");
            if (rc == CURLE_OK) {
                input.append(buf, n);
                continue;
            }
            if (rc != CURLE_AGAIN)
                throw IdleFailure("reading from " + settings.server_url + ": " +
                                  curl_easy_strerror(rc));
            const auto now = Clock::now();
            if (now >= deadline) return Read::timeout;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
            pollfd p[2] = {{socket, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
            const int ready = ::poll(p, interrupt_fd >= 0 ? 2 : 1,
                                     static_cast<int>(std::min<long long>(left.count() + 1, 1000)));
            if (beat && *beat) (*beat)();
            if (ready > 0 && interrupt_fd >= 0 && (p[1].revents & POLLIN)) return Read::interrupted;
        }
    }

    // Sends "TAG COMMAND" and reads to the tagged answer; returns the untagged lines.
    std::string command(const std::string& cmd, Clock::time_point deadline) {
        const std::string t = std::string(1, 'I').append(std::to_string(++tag));
        send_all(t + " " + cmd + "\r\n", deadline);
        std::string untagged, line;
        for (;;) {
            if (read_line(line, deadline, -1, nullptr) != Read::line)
                throw IdleFailure(cmd.substr(0, cmd.find(' ')) + " on " + settings.server_url +
                                  ": no answer in time");
            if (line.rfind(t + " ", 0) == 0) {
                if (line.compare(t.size() + 1, 3, "OK ") != 0 && line != t + " OK")
                    throw IdleFailure(cmd.substr(0, cmd.find(' ')) + " on " + settings.server_url +
                                      ": " + line.substr(t.size() + 1));
                return untagged;
            }
            if (line.rfind("* BYE", 0) == 0)
                throw IdleFailure(settings.server_url + " said " + line.substr(2));
            untagged += line + "\r\n";
        }
    }

    ImapIdle::Wake idle(std::chrono::milliseconds limit, int interrupt_fd,
                        const std::function<void()>& beat) {
        const std::string t = std::string(1, 'I').append(std::to_string(++tag));
        send_all(t + " IDLE\r\n", Clock::now() + answer_time());
        std::string line;
        bool news = false;
        for (;;) {  // up to the continuation "+ idling"
            if (read_line(line, Clock::now() + answer_time(), -1, nullptr) != Read::line)
                throw IdleFailure("IDLE on " + settings.server_url + ": no answer in time");
            if (line.rfind("+", 0) == 0) break;
            if (line.rfind(t + " ", 0) == 0) {  // refused: treat the server as without IDLE
                no_idle = true;
                error = "IDLE refused by " + settings.server_url + ": " + line.substr(t.size() + 1);
                return ImapIdle::Wake::unsupported;
            }
            if (line.rfind("* BYE", 0) == 0)
                throw IdleFailure(settings.server_url + " said " + line.substr(2));
            news = news || reports_new_mail(line);
        }
        ImapIdle::Wake result = ImapIdle::Wake::activity;
        if (!news) {
            const auto until = Clock::now() + limit;
            for (;;) {
                const Read r = read_line(line, until, interrupt_fd, &beat);
                if (r == Read::timeout) {
                    result = ImapIdle::Wake::timeout;
                    break;
                }
                if (r == Read::interrupted) {
                    result = ImapIdle::Wake::interrupted;
                    break;
                }
                if (line.rfind("* BYE", 0) == 0)
                    throw IdleFailure(settings.server_url + " said " + line.substr(2));
                if (reports_new_mail(line)) break;  // activity
            }
        }
        send_all("DONE\r\n", Clock::now() + answer_time());
        const auto deadline = Clock::now() + answer_time();
        for (;;) {
            if (read_line(line, deadline, -1, nullptr) != Read::line)
                throw IdleFailure("IDLE on " + settings.server_url + ": no answer to DONE");
            if (line.rfind(t + " ", 0) == 0) break;
            if (line.rfind("* BYE", 0) == 0)
                throw IdleFailure(settings.server_url + " said " + line.substr(2));
        }
        return result;
    }
};

ImapIdle::ImapIdle(const MailboxSettings& settings, std::string password)
    : impl_(std::make_unique<Impl>()) {
    impl_->settings = settings;
    impl_->password = std::move(password);
}

ImapIdle::~ImapIdle() {
    impl_->close();
}

void ImapIdle::disconnect() {
    impl_->close();
}

const std::string& ImapIdle::last_error() const {
    return impl_->error;
}

ImapIdle::Wake ImapIdle::wait(std::chrono::milliseconds limit, std::uint64_t known_uidnext,
                              int interrupt_fd, const std::function<void()>& beat) {
    auto& m = *impl_;
    try {
        if (!m.curl) m.connect();
        if (m.no_idle) {
            m.error = m.settings.server_url + " does not offer IDLE";
            return Wake::unsupported;
        }
        if (!m.examined) {
            const MailboxState st = parse_select_reply(m.command(
                "EXAMINE \"" + m.settings.mailbox + "\"", Clock::now() + m.answer_time()));
            m.examined = true;
            // Mail that came between the last full check and this connection's EXAMINE is
            // not "new" to this connection: the UIDNEXT tells.
            if (known_uidnext > 0 && st.uidnext > known_uidnext) return Wake::activity;
        }
        const Wake w = m.idle(limit, interrupt_fd, beat);
        m.error.clear();
        return w;
    } catch (const IdleFailure& e) {
        m.error = e.what();
        m.close();
        return Wake::failed;
    }
}

}  // namespace obrd
