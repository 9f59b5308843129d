// imap_session.cpp: see imap_session.hpp.
#include "daemon/net/imap_session.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "daemon/net/curl.hpp"

namespace obrd {
namespace {

std::string percent_encode_path(const std::string& name) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Where the write callback puts data: a buffer with a ceiling.
struct Sink {
    std::string* out = nullptr;
    std::size_t ceiling = 0;
    bool truncated = false;
};

extern "C" size_t on_write(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const size_t len = size * count;
    if (sink->out->size() + len > sink->ceiling) {
        sink->truncated = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    sink->out->append(data, len);
    return len;
}

// Every server line also reaches the header callback. We keep the last few for error
// messages (a tagged NO names the server's reason), and a FETCH line announcing a literal
// of n bytes lets the sink reserve them at once instead of growing by doubling (a 40 MB
// letter would otherwise hold 64 MB).
struct ServerLines {
    std::vector<std::string> lines;
    Sink* sink = nullptr;
};

void reserve_for_literal(const std::string& line, Sink* sink) {
    if (!sink || line.size() < 4 || line.back() != '}' || line.rfind("* ", 0) != 0 ||
        line.find(" FETCH ") == std::string::npos)
        return;
    const auto open = line.rfind('{');
    if (open == std::string::npos) return;
    std::uint64_t n = 0;
    for (std::size_t i = open + 1; i + 1 < line.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(line[i])) || n > (1ull << 40)) return;
        n = n * 10 + static_cast<unsigned>(line[i] - '0');
    }
    sink->out->reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, sink->ceiling)));
}

extern "C" size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* seen = static_cast<ServerLines*>(user);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    reserve_for_literal(line, seen->sink);
    if (seen->lines.size() >= 16) seen->lines.erase(seen->lines.begin());
    seen->lines.push_back(std::move(line));
    return size * count;
}

}  // namespace

bool ImapError::connection_failure() const {
    switch (curl_code_) {
        case CURLE_FAILED_INIT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OUT_OF_MEMORY:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_USE_SSL_FAILED:
        case CURLE_LOGIN_DENIED:
        case CURLE_SSL_CACERT_BADFILE:
            return true;
        default:
            return false;
    }
}

std::uint64_t number_after(std::string_view text, std::string_view key) {
    auto at = text.find(key);
    if (at == std::string_view::npos) return 0;
    at += key.size();
    while (at < text.size() && text[at] == ' ') ++at;
    std::uint64_t n = 0;
    for (int digits = 0; at < text.size() && std::isdigit((unsigned char)text[at]) && digits < 19;
         ++digits)
        n = n * 10 + static_cast<unsigned>(text[at++] - '0');
    return n;
}

MailboxState parse_select_reply(std::string_view reply) {
    MailboxState st;
    st.uidvalidity = number_after(reply, "[UIDVALIDITY");
    st.uidnext = number_after(reply, "[UIDNEXT");
    // "* 12 EXISTS": the number before the word.
    for (std::size_t at = reply.find(" EXISTS"); at != std::string_view::npos;
         at = reply.find(" EXISTS", at + 1)) {
        std::size_t start = at;
        while (start > 0 && std::isdigit((unsigned char)reply[start - 1])) --start;
        if (start == at || start < 2 || reply.substr(start - 2, 2) != "* ") continue;
        st.exists = number_after(reply.substr(start - 1), " ");
    }
    return st;
}

struct ImapSession::Impl {
    MailboxSettings settings;
    std::string password;
    CURL* curl = nullptr;
    bool used = false;  // a transfer succeeded on this handle's connection
    char error[CURL_ERROR_SIZE] = {};
    ServerLines server;
    std::function<void()> progress;

    void open() {
        if (curl) return;
        curl_global_once();
        curl = curl_easy_init();
        if (!curl) throw ImapError("cannot create a libcurl handle", CURLE_FAILED_INIT);
        used = false;
        try {
            configure();
        } catch (const CurlSetupError& e) {
            close();
            throw ImapError(std::string("setting up IMAP: ") + e.what(), CURLE_FAILED_INIT);
        }
    }

    void configure() {
        OBRD_CURL_SET(curl, CURLOPT_USERNAME, settings.user);
        OBRD_CURL_SET(curl, CURLOPT_PASSWORD, password);
        // TLS: verified by default; STARTTLS is required, never "try".
        apply_tls(curl, settings.tls);
        // The receive buffer is bounded on both sides. Below: a * SEARCH line longer than
        // 40 bytes under half the buffer is clipped (uids_after's windows of 5000 UIDs
        // make at most 55 kB). Above: Debian's libcurl 7.88.1 counts every byte it reads
        // while waiting for a response line as "response headers" and fails a transfer
        // past 300 kB ("Too large response headers"); the read that brings a FETCH line
        // also brings the start of the literal, up to a whole buffer. With 1 MiB, letters
        // of a few hundred kB failed at random (bench/ingest.sh); 128 KiB stays well below.
        OBRD_CURL_SET(curl, CURLOPT_BUFFERSIZE, 128L << 10);
        OBRD_CURL_SET(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings.timeout.count()));
        // A stalled server: less than 1 byte/s for `timeout` seconds aborts the transfer.
        OBRD_CURL_SET(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        OBRD_CURL_SET(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings.timeout.count()));
        OBRD_CURL_SET(curl, CURLOPT_NOSIGNAL, 1L);
        // Keep the logged-in connection between cycles (libcurl's default is 118 s); a
        // connection the server dropped meanwhile is replaced by select().
        OBRD_CURL_SET(curl, CURLOPT_MAXAGE_CONN, 3600L);
        OBRD_CURL_SET(curl, CURLOPT_ERRORBUFFER, error);
        OBRD_CURL_CALLBACK(curl, CURLOPT_HEADERFUNCTION, on_header);
        OBRD_CURL_SET(curl, CURLOPT_HEADERDATA, static_cast<void*>(&server));
        OBRD_CURL_CALLBACK(curl, CURLOPT_WRITEFUNCTION, on_write);
        call_during_transfers(curl, &progress);
    }

    void close() {
        if (curl) curl_easy_cleanup(curl);
        curl = nullptr;
        used = false;
    }

    std::string mailbox_url(const std::string& name) const {
        return settings.server_url + "/" + percent_encode_path(name);
    }

    std::string describe(CURLcode rc, const std::string& what) const {
        std::string msg = what + " on " + settings.server_url + ": " +
                          (error[0] ? error : curl_easy_strerror(rc)) + tls_hint(rc, "mailbox");
        // The server's own words, when it refused a command (tagged NO/BAD).
        for (auto it = server.lines.rbegin(); it != server.lines.rend(); ++it) {
            auto sp = it->find(' ');
            if (sp != std::string::npos &&
                (it->compare(sp + 1, 3, "NO ") == 0 || it->compare(sp + 1, 4, "BAD ") == 0)) {
                msg += " (server: " + it->substr(sp + 1) + ")";
                break;
            }
        }
        return msg;
    }

    // Runs one transfer; `custom` empty means a URL fetch.
    CURLcode perform(const std::string& url, const std::string& custom, Sink& sink) {
        open();
        error[0] = 0;
        server.lines.clear();
        server.sink = &sink;
        try {
            OBRD_CURL_SET(curl, CURLOPT_URL, url);
            if (custom.empty())
                OBRD_CURL_SET(curl, CURLOPT_CUSTOMREQUEST, nullptr);
            else
                OBRD_CURL_SET(curl, CURLOPT_CUSTOMREQUEST, custom);
            OBRD_CURL_SET(curl, CURLOPT_WRITEDATA, static_cast<void*>(&sink));
        } catch (const CurlSetupError& e) {
            throw ImapError(std::string("setting up IMAP: ") + e.what(), CURLE_FAILED_INIT);
        }
        const CURLcode rc = curl_easy_perform(curl);
        server.sink = nullptr;
        if (rc == CURLE_OK) used = true;
        return rc;
    }

    std::string command(const std::string& url, const std::string& custom, const char* what) {
        std::string out;
        Sink sink{&out, 16u << 20};
        CURLcode rc = perform(url, custom, sink);
        if (rc != CURLE_OK) {
            ImapError e(describe(rc, what), rc);
            if (e.connection_failure()) close();  // never reuse a connection in doubt
            throw e;
        }
        return out;
    }
};

ImapSession::ImapSession(const MailboxSettings& settings, std::string password)
    : impl_(std::make_unique<Impl>()) {
    impl_->settings = settings;
    impl_->password = std::move(password);
}

ImapSession::~ImapSession() {
    impl_->close();
}

void ImapSession::disconnect() {
    impl_->close();
}

void ImapSession::on_progress(std::function<void()> callback) {
    impl_->progress = std::move(callback);
}

MailboxState ImapSession::select() {
    const std::string url = impl_->mailbox_url(impl_->settings.mailbox);
    const std::string cmd = "SELECT \"" + impl_->settings.mailbox + "\"";
    std::string reply;
    const bool kept = impl_->curl && impl_->used;
    try {
        reply = impl_->command(url, cmd, "SELECT");
    } catch (const ImapError& e) {
        // A kept connection may have been dropped by the server while we waited (an
        // autologout, a restart): one fresh try, then the failure is real.
        if (!kept || !e.connection_failure()) throw;
        impl_->close();
        reply = impl_->command(url, cmd, "SELECT");
    }
    const MailboxState st = parse_select_reply(reply);
    if (st.uidvalidity == 0)
        throw ImapError("SELECT on " + impl_->settings.server_url +
                            " returned no UIDVALIDITY for mailbox " + impl_->settings.mailbox,
                        CURLE_WEIRD_SERVER_REPLY);
    return st;
}

std::vector<std::uint64_t> ImapSession::uids_after(std::uint64_t after, std::uint64_t uidnext) {
    std::vector<std::uint64_t> uids;
    const std::uint64_t window = 5000;
    // Without UIDNEXT (some servers omit it) one open-ended search is all we can do.
    const std::uint64_t last = uidnext > 0 ? uidnext - 1 : after + window;
    for (std::uint64_t lo = after + 1; lo <= last; lo += window) {
        std::uint64_t hi = uidnext > 0 ? std::min(last, lo + window - 1) : 0;
        std::string range = std::to_string(lo) + ":" + (hi ? std::to_string(hi) : "*");
        std::string reply = impl_->command(impl_->mailbox_url(impl_->settings.mailbox),
                                           "UID SEARCH UID " + range, "UID SEARCH");
        std::istringstream lines(reply);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind("* SEARCH", 0) != 0) continue;
            std::istringstream words(line.substr(8));
            std::uint64_t uid;
            // "UID n:*" always matches the highest UID, even below n: filter here.
            while (words >> uid)
                if (uid > after) uids.push_back(uid);
        }
        if (!hi) break;
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

void ImapSession::fetch(std::uint64_t uidvalidity, std::uint64_t uid, std::size_t ceiling,
                        std::string& out, bool& truncated) {
    out.clear();
    out.shrink_to_fit();  // the last letter's buffer is not kept for this one
    Sink sink{&out, ceiling};
    const std::string url = impl_->mailbox_url(impl_->settings.mailbox) +
                            ";UIDVALIDITY=" + std::to_string(uidvalidity) +
                            "/;UID=" + std::to_string(uid);
    CURLcode rc = impl_->perform(url, "", sink);
    truncated = sink.truncated;
    if (rc == CURLE_WRITE_ERROR && sink.truncated) {
        impl_->close();  // the rest of the literal is still on the wire
        return;
    }
    if (rc == CURLE_REMOTE_FILE_NOT_FOUND)
        throw ImapError(impl_->describe(rc, "fetching UID " + std::to_string(uid)), rc, true);
    if (rc != CURLE_OK) {
        ImapError e(impl_->describe(rc, "fetching UID " + std::to_string(uid)), rc);
        if (e.connection_failure()) impl_->close();
        throw e;
    }
    // A UID expunged between SEARCH and FETCH comes back as an empty transfer.
    if (out.empty())
        throw ImapError("UID " + std::to_string(uid) + " is no longer in the mailbox",
                        CURLE_REMOTE_FILE_NOT_FOUND, true);
}

void ImapSession::mark_processed(const std::vector<std::uint64_t>& uids,
                                 const std::string& folder) {
    if (uids.empty()) return;
    const std::string set = uid_set(uids);
    const std::string url = impl_->mailbox_url(impl_->settings.mailbox);
    impl_->command(url, "UID STORE " + set + " +FLAGS.SILENT (\\Seen)", "UID STORE");
    if (folder.empty()) return;
    try {
        impl_->command(url, "UID MOVE " + set + " \"" + folder + "\"", "UID MOVE");
    } catch (const ImapError& e) {
        if (e.curl_code() != CURLE_QUOTE_ERROR) throw;
        // No MOVE (RFC 6851) on this server: copy, flag deleted, expunge those UIDs only.
        impl_->command(url, "UID COPY " + set + " \"" + folder + "\"", "UID COPY");
        impl_->command(url, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)", "UID STORE");
        impl_->command(url, "UID EXPUNGE " + set, "UID EXPUNGE");
    }
}

void ImapSession::ensure_folder(const std::string& folder) {
    if (folder.empty()) return;
    try {
        impl_->command(impl_->settings.server_url + "/", "CREATE \"" + folder + "\"", "CREATE");
    } catch (const ImapError& e) {
        // Servers answer NO [ALREADYEXISTS] (RFC 5530) or a plain NO for an existing folder;
        // a real failure shows up at the first MOVE, with the server's reason.
        if (e.curl_code() != CURLE_QUOTE_ERROR) throw;
    }
}

std::string uid_set(const std::vector<std::uint64_t>& uids) {
    std::string out;
    for (std::size_t i = 0; i < uids.size();) {
        std::size_t j = i;
        while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(uids[i]);
        if (j > i) {
            out += ':';  // not ":" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that
            out += std::to_string(uids[j]);
        }
        i = j + 1;
    }
    return out;
}

}  // namespace obrd
