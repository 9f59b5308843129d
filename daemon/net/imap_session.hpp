// imap_session.hpp: one logged-in IMAP connection to the polled mailbox, via libcurl's URL
// API, kept open across cycles.
//
// libcurl 7.88 constraints shape this class (shared/reference/libraries-and-techniques.md
// §1): letter bodies are fetched only through the URL form (INBOX;UIDVALIDITY=v/;UID=n),
// which handles literals; custom requests are used only for commands that never return a
// literal (SELECT of the polled mailbox itself, UID SEARCH, UID STORE, UID MOVE, CREATE);
// one easy handle is reused so that one connection stays logged in. The mailbox's state
// comes from a fresh SELECT of the same mailbox on that connection, never from STATUS: on
// the selected mailbox STATUS is not refreshed (RFC 3501 §6.3.10), and libcurl's own record
// of the selected mailbox stays true because it is the same one. Every failure becomes an
// ImapError carrying libcurl's code and message and whether the connection itself failed.
#pragma once

#include <cstdint>
#include <functional>
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
    // The server or the connection failed, not one command or one letter.
    bool connection_failure() const;

  private:
    int curl_code_;
    bool gone_;
};

// What a SELECT of the polled mailbox reports.
struct MailboxState {
    std::uint64_t uidvalidity = 0;
    std::uint64_t uidnext = 0;  // 0: the server did not say
    std::uint64_t exists = 0;
};

class ImapSession {
  public:
    ImapSession(const MailboxSettings& settings, std::string password);
    ~ImapSession();
    ImapSession(const ImapSession&) = delete;
    ImapSession& operator=(const ImapSession&) = delete;

    // Selects the polled mailbox afresh and returns its state. A kept connection that the
    // server dropped meanwhile is replaced once, silently.
    MailboxState select();

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

    // Called now and then while a transfer runs (a long fetch), e.g. to feed a watchdog.
    void on_progress(std::function<void()> callback);

    // Drops the connection; the next call logs in again.
    void disconnect();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "1:3,7,9:10" for the given ascending UIDs.
std::string uid_set(const std::vector<std::uint64_t>& uids);

// The number after `key` in `text` ("UIDNEXT 17" -> 17), 0 when absent.
std::uint64_t number_after(std::string_view text, std::string_view key);

// From the untagged lines of a SELECT or EXAMINE: UIDVALIDITY, UIDNEXT and EXISTS.
MailboxState parse_select_reply(std::string_view reply);

}  // namespace obrd
