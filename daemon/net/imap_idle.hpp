// imap_idle.hpp: waits for new mail with IMAP IDLE (RFC 2177) on a second connection.
//
// libcurl 7.88 cannot IDLE through its URL API, so this connection is opened with
// CURLOPT_CONNECT_ONLY: libcurl connects, upgrades with STARTTLS or starts TLS, verifies
// the certificate and logs in exactly as ImapSession does (the same settings through
// net/curl.hpp), then hands over the socket; the few commands IDLE needs (CAPABILITY,
// EXAMINE, IDLE, DONE) are written and read here with curl_easy_send/curl_easy_recv.
// The mailbox is EXAMINEd (read-only): this connection never changes anything.
//
// Promises: wait() returns within `limit` (plus the server's answer to DONE, bounded by
// [mailbox] timeout), at once when `interrupt_fd` becomes readable, and reports every
// EXISTS or RECENT the server sends as activity. It never throws for a server problem:
// a refused login, a dropped connection or a server without IDLE is a Wake value with
// the reason in last_error(); the next wait() connects again.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "daemon/config.hpp"

namespace obrd {

class ImapIdle {
  public:
    enum class Wake {
        activity,     // the server reported new mail (or the mailbox changed)
        timeout,      // `limit` passed quietly
        interrupted,  // `interrupt_fd` became readable
        unsupported,  // the server does not offer IDLE: poll instead
        failed,       // connecting, logging in or reading failed: see last_error()
    };

    ImapIdle(const MailboxSettings& settings, std::string password);
    ~ImapIdle();
    ImapIdle(const ImapIdle&) = delete;
    ImapIdle& operator=(const ImapIdle&) = delete;

    // Waits for the server to report a change of the mailbox. `known_uidnext` is the
    // UIDNEXT the last full check saw: on a new connection a larger one counts as activity
    // (mail that arrived before this connection was watching). `beat` is called about once
    // a second while waiting.
    Wake wait(std::chrono::milliseconds limit, std::uint64_t known_uidnext, int interrupt_fd,
              const std::function<void()>& beat);

    const std::string& last_error() const;
    void disconnect();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

const char* to_string(ImapIdle::Wake wake);

}  // namespace obrd
