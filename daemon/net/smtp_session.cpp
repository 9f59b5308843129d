// smtp_session.cpp: see smtp_session.hpp.
#include "daemon/net/smtp_session.hpp"

#include <curl/curl.h>

#include <cstring>
#include <vector>

#include "daemon/net/curl.hpp"

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
    std::function<void()> progress;

    void open() {
        if (curl) return;
        curl_global_once();
        curl = curl_easy_init();
        if (!curl) throw CurlSetupError("cannot create a libcurl handle");
        try {
            configure();
        } catch (...) {
            close();
            throw;
        }
    }

    void configure() {
        OBRD_CURL_SET(curl, CURLOPT_URL, settings.url);
        apply_tls(curl, settings.tls);
        if (!settings.user.empty()) {
            OBRD_CURL_SET(curl, CURLOPT_USERNAME, settings.user);
            OBRD_CURL_SET(curl, CURLOPT_PASSWORD, password);
        }
        OBRD_CURL_SET(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings.timeout.count()));
        // A stalled relay: less than 1 byte/s for `timeout` seconds aborts the send.
        OBRD_CURL_SET(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        OBRD_CURL_SET(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings.timeout.count()));
        OBRD_CURL_SET(curl, CURLOPT_NOSIGNAL, 1L);
        OBRD_CURL_SET(curl, CURLOPT_ERRORBUFFER, error);
        OBRD_CURL_CALLBACK(curl, CURLOPT_HEADERFUNCTION, on_reply);
        OBRD_CURL_SET(curl, CURLOPT_HEADERDATA, static_cast<void*>(&replies));
        OBRD_CURL_SET(curl, CURLOPT_UPLOAD, 1L);
        OBRD_CURL_CALLBACK(curl, CURLOPT_READFUNCTION, on_read);
        call_during_transfers(curl, &progress);
        OBRD_CURL_SET(curl, CURLOPT_MAIL_FROM, "<" + settings.from + ">");
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

void SmtpSession::on_progress(std::function<void()> callback) {
    impl_->progress = std::move(callback);
}

SmtpResult SmtpSession::send(const std::string& recipient, const std::string& message) {
    SmtpResult result;
    try {
        impl_->open();
    } catch (const CurlSetupError& e) {
        result.connection = true;
        result.reply = std::string("setting up SMTP: ") + e.what();
        return result;
    }
    CURL* curl = impl_->curl;
    impl_->error[0] = 0;
    impl_->replies.clear();
    Upload up{&message};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
    CURLcode rc = CURLE_OUT_OF_MEMORY;
    try {
        if (!rcpt) throw CurlSetupError("out of memory for the recipient list");
        OBRD_CURL_SET(curl, CURLOPT_MAIL_RCPT, rcpt);
        OBRD_CURL_SET(curl, CURLOPT_READDATA, static_cast<void*>(&up));
        OBRD_CURL_SET(curl, CURLOPT_INFILESIZE, static_cast<long>(message.size()));
        rc = curl_easy_perform(curl);
        OBRD_CURL_SET(curl, CURLOPT_MAIL_RCPT, nullptr);
    } catch (const CurlSetupError& e) {
        curl_slist_free_all(rcpt);
        impl_->close();
        result.connection = true;
        result.reply = std::string("setting up SMTP: ") + e.what();
        return result;
    }
    curl_slist_free_all(rcpt);
    long code = 0;
    if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK) code = 0;
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
        result.reply = impl_->settings.url + ": " +
                       std::string(impl_->error[0] ? impl_->error : curl_easy_strerror(rc)) +
                       tls_hint(rc, "smtp");
    }
    if (rc == CURLE_LOGIN_DENIED) result.connection = true;  // a configuration problem
    if (rc != CURLE_OK) impl_->close();  // never reuse a connection in an unknown state
    return result;
}

}  // namespace obrd
