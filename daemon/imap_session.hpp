// imap_session.hpp: one logged-in IMAP connection to the polled mailbox, via libcurl.
//
// libcurl 7.88 constraints shape this class (shared/reference/libraries-and-techniques.md
// §1): letter bodies are fetched only through the URL form (INBOX;UIDVALIDITY=v/;UID=n),
// which handles literals; custom requests are used only for commands that never return a
// literal (STATUS, UID SEARCH, UID STORE, UID MOVE, CREATE); one easy handle is reused so
// that one connection stays logged in. Every failure becomes an ImapError carrying
// libcurl's code and message and whether trying again later can help.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/config.hpp"

namespace obrd {

class ImapError : public std::runtime_error {
  public:
    // `gone`: the letter (or the UIDVALIDITY it was fetched under) no longer exists.
    ImapError(const std::string& what, int curl_code, bool gone = false)
        : std::runtime_error(what), curl_code_(curl_code), gone_(gone) {}
    int curl_code() const { return curl_code_; }
    bool gone() const { return gone_; }

  private:
    int curl_code_;
    bool gone_;
};

struct MailboxStatus {
    std::uint64_t uidvalidity = 0;
    std::uint64_t uidnext = 0;
    std::uint64_t messages = 0;
};

class ImapSession {
  public:
    ImapSession(const MailboxSettings& settings, std::string password);
    ~ImapSession();
    ImapSession(const ImapSession&) = delete;
    ImapSession& operator=(const ImapSession&) = delete;

    // STATUS of the polled mailbox: its UIDVALIDITY and UIDNEXT.
    MailboxStatus status();

    // UIDs above `after`, ascending, searched in windows so that no reply line grows huge.
    std::vector<std::uint64_t> uids_after(std::uint64_t after, std::uint64_t uidnext);

    // Fetches one whole letter into `out`. Throws ImapError with gone() when the UID or
    // the UIDVALIDITY no longer exists. `ceiling` bounds memory: beyond it the transfer
    // stops and `truncated` is set.
    void fetch(std::uint64_t uidvalidity, std::uint64_t uid, std::size_t ceiling, std::string& out,
               bool& truncated);

    // Marks letters as processed: \Seen, or moved to `folder` when it is not empty.
    void mark_processed(const std::vector<std::uint64_t>& uids, const std::string& folder);

    // Creates `folder` unless it exists.
    void ensure_folder(const std::string& folder);

    // Drops the connection; the next call logs in again.
    void disconnect();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "1:3,7,9:10" for the given ascending UIDs.
std::string uid_set(const std::vector<std::uint64_t>& uids);

}  // namespace obrd
