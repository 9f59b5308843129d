// curl.cpp: see curl.hpp.
#include "daemon/net/curl.hpp"

#include <cstdlib>
#include <mutex>

namespace obrd {
namespace {

[[noreturn]] void refused(const char* name, CURLcode rc) {
    throw CurlSetupError(std::string("libcurl refused ") + name + ": " + curl_easy_strerror(rc));
}

extern "C" int obrd_curl_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* callback = static_cast<const std::function<void()>*>(user);
    if (*callback) (*callback)();
    return 0;  // never abort: a letter in hand is finished even when obrd is stopping
}

}  // namespace

void call_during_transfers(CURL* curl, const std::function<void()>* callback) {
    OBRD_CURL_CALLBACK(curl, CURLOPT_XFERINFOFUNCTION, obrd_curl_progress);
    OBRD_CURL_SET(curl, CURLOPT_XFERINFODATA,
                  const_cast<void*>(static_cast<const void*>(callback)));
    OBRD_CURL_SET(curl, CURLOPT_NOPROGRESS, 0L);
}

void curl_global_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (rc != CURLE_OK)
            throw CurlSetupError(std::string("curl_global_init failed: ") + curl_easy_strerror(rc));
        // Cleaned up at exit: no thread uses libcurl after main returns.
        std::atexit(curl_global_cleanup);
    });
}

void set_option(CURL* curl, CURLoption option, long value, const char* name) {
    if (const CURLcode rc = curl_easy_setopt(curl, option, value); rc != CURLE_OK)
        refused(name, rc);
}

void set_option(CURL* curl, CURLoption option, const std::string& value, const char* name) {
    set_option(curl, option, value.c_str(), name);  // libcurl copies strings
}

void set_option(CURL* curl, CURLoption option, const char* value, const char* name) {
    if (const CURLcode rc = curl_easy_setopt(curl, option, value); rc != CURLE_OK)
        refused(name, rc);
}

void set_option(CURL* curl, CURLoption option, void* value, const char* name) {
    if (const CURLcode rc = curl_easy_setopt(curl, option, value); rc != CURLE_OK)
        refused(name, rc);
}

void set_option(CURL* curl, CURLoption option, curl_slist* value, const char* name) {
    if (const CURLcode rc = curl_easy_setopt(curl, option, value); rc != CURLE_OK)
        refused(name, rc);
}

void set_option(CURL* curl, CURLoption option, std::nullptr_t, const char* name) {
    if (const CURLcode rc = curl_easy_setopt(curl, option, nullptr); rc != CURLE_OK)
        refused(name, rc);
}

std::string tls_hint(CURLcode rc, const char* section) {
    const std::string s = std::string("[") + section + "]";
    switch (rc) {
        case CURLE_PEER_FAILED_VERIFICATION:
            return " (the server's TLS certificate was not trusted: it is not signed by a CA in " +
                   s + " ca_file or the system's trust store, or it does not name the host in " +
                   s + " url)";
        case CURLE_SSL_CACERT_BADFILE:
            return " (" + s + " ca_file could not be read as a CA bundle)";
        case CURLE_USE_SSL_FAILED:
            return " (the server offers no STARTTLS; obrd never falls back to plain text: write " +
                   s + " tls = off only for a server on a trusted network)";
        case CURLE_SSL_CONNECT_ERROR:
            return " (the TLS handshake failed)";
        default:
            return "";
    }
}

void apply_tls(CURL* curl, const TlsSettings& tls) {
    if (tls.mode == TlsMode::starttls)
        OBRD_CURL_SET(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (tls.mode != TlsMode::off && !tls.ca_file.empty())
        OBRD_CURL_SET(curl, CURLOPT_CAINFO, tls.ca_file);
}

}  // namespace obrd
