// smtp_session.cpp: see smtp_session.hpp.
#include "daemon/smtp_session.hpp"

#include <curl/curl.h>

#include <cstring>
#include <vector>

namespace obrd {
namespace {

struct Upload {
    const std::string* message;
    std::size_t offset = 0;
};

extern "C" size_t on_read(char* buffer, size_t size, size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const size_t n = std::min(size * count, up->message->size() - up->offset);
    std::memcpy(buffer, up->message->data() + up->offset, n);
    up->offset += n;
    return n;
}

// Keeps the server's last reply lines: after a refusal libcurl still sends QUIT, so the
// line that explains the refusal is not always the last one.
extern "C" size_t on_reply(char* data, size_t size, size_t count, void* user) {
    auto* lines = static_cast<std::vector<std::string>*>(user);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.empty()) return size * count;
    if (lines->size() >= 32) lines->erase(lines->begin());
    lines->push_back(std::move(line));
    return size * count;
}

// The last reply line that carries `code`.
std::string reply_for(const std::vector<std::string>& lines, long code) {
    const std::string prefix = std::to_string(code);
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->compare(0, prefix.size(), prefix) == 0) return *it;
    return lines.empty() ? std::string() : lines.back();
}

}  // namespace

struct SmtpSession::Impl {
    SmtpSettings settings;
    std::string password;
    CURL* curl = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    std::vector<std::string> replies;

    void open() {
        if (curl) return;
        curl_global_init(CURL_GLOBAL_DEFAULT);  // idempotent; the IMAP side does the same
        curl = curl_easy_init();
        if (!curl) return;
        curl_easy_setopt(curl, CURLOPT_URL, settings.url.c_str());
        if (settings.tls.mode == TlsMode::starttls)
            curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
        if (!settings.tls.ca_file.empty())
            curl_easy_setopt(curl, CURLOPT_CAINFO, settings.tls.ca_file.c_str());
        if (!settings.user.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, settings.user.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_reply);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &replies);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
        const std::string from = "<" + settings.from + ">";
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());  // libcurl copies strings
    }

    void close() {
        if (curl) curl_easy_cleanup(curl);
        curl = nullptr;
    }
};

SmtpSession::SmtpSession(const SmtpSettings& settings, std::string password)
    : impl_(std::make_unique<Impl>()) {
    impl_->settings = settings;
    impl_->password = std::move(password);
}

SmtpSession::~SmtpSession() {
    impl_->close();
}

SmtpResult SmtpSession::send(const std::string& recipient, const std::string& message) {
    SmtpResult result;
    impl_->open();
    if (!impl_->curl) {
        result.connection = true;
        result.reply = "cannot create a libcurl handle";
        return result;
    }
    CURL* curl = impl_->curl;
    impl_->error[0] = 0;
    impl_->replies.clear();
    Upload up{&message};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message.size());
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    result.code = code;
    result.reply = reply_for(impl_->replies, code);
    if (result.reply.empty())
        result.reply = impl_->error[0] ? impl_->error : curl_easy_strerror(rc);
    if (rc == CURLE_OK && code >= 200 && code < 300) {
        result.outcome = SmtpResult::Outcome::sent;
    } else if (code >= 500 && code < 600) {
        result.outcome = SmtpResult::Outcome::failed;
    } else if (code >= 400 && code < 500) {
        result.outcome = SmtpResult::Outcome::retry;
    } else {
        // No reply code: the relay could not be reached, TLS failed, or the connection
        // dropped. After the final dot this is ambiguous (the mail may have gone); the
        // outbox accepts at-least-once there and keeps one Message-ID per row.
        result.outcome = SmtpResult::Outcome::retry;
        result.connection = true;
        result.reply = std::string(impl_->error[0] ? impl_->error : curl_easy_strerror(rc));
    }
    if (rc == CURLE_LOGIN_DENIED) result.connection = true;  // a configuration problem
    if (rc != CURLE_OK) impl_->close();  // never reuse a connection in an unknown state
    return result;
}

}  // namespace obrd
