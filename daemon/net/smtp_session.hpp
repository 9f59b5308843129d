// smtp_session.hpp: sends one prepared message at a time through the configured relay,
// via libcurl, reusing one connection.
//
// libcurl 7.88 reports an SMTP refusal through CURLINFO_RESPONSE_CODE, not through its
// CURLcode (a 451 and a 554 after DATA both give CURLE_WEIRD_SERVER_REPLY), so every send
// is classified by the reply code (RFC 5321 §4.2.1) and carries the server's last reply
// line: sent, retry later (4xx, or no answer at all), or failed for good (5xx).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "daemon/config.hpp"

namespace obrd {

struct SmtpResult {
    enum class Outcome { sent, retry, failed };
    Outcome outcome = Outcome::retry;
    long code = 0;            // the server's reply code; 0: no reply (connection failure)
    std::string reply;        // the server's last reply line, or libcurl's error
    bool connection = false;  // the relay itself could not be reached or talked to
};

class SmtpSession {
  public:
    // `password` is empty when [smtp] has no user.
    SmtpSession(const SmtpSettings& settings, std::string password);
    ~SmtpSession();
    SmtpSession(const SmtpSession&) = delete;
    SmtpSession& operator=(const SmtpSession&) = delete;

    // `message` is RFC 5322 text with CRLF line ends, not dot-stuffed (libcurl does that).
    // `recipient` must already be a validated addr-spec.
    SmtpResult send(const std::string& recipient, const std::string& message);

    // Called now and then while a send runs (a large card), e.g. to feed a watchdog.
    void on_progress(std::function<void()> callback);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace obrd
