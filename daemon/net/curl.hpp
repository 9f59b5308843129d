// curl.hpp: what the IMAP and SMTP sessions share of libcurl: one global initialisation,
// options set with their return value checked, and one way to apply TLS settings.
//
// Promises: set_option() throws CurlSetupError naming the option when libcurl refuses it,
// so a guarantee that rests on an option (STARTTLS required, a private CA, certificate
// verification) never silently goes missing. apply_tls() leaves peer and host name
// verification at libcurl's defaults (on) and never asks for "TLS if possible".
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

#include "daemon/config.hpp"

namespace obrd {

class CurlSetupError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Initialises libcurl's global state once per process (thread-safe, idempotent). Call it
// before creating any easy handle; obrd's main calls it before starting threads.
void curl_global_once();

// curl_easy_setopt, checked. `name` is the option's name for the message.
void set_option(CURL* curl, CURLoption option, long value, const char* name);
void set_option(CURL* curl, CURLoption option, const std::string& value, const char* name);
void set_option(CURL* curl, CURLoption option, const char* value, const char* name);
void set_option(CURL* curl, CURLoption option, void* value, const char* name);
void set_option(CURL* curl, CURLoption option, curl_slist* value, const char* name);
void set_option(CURL* curl, CURLoption option, std::nullptr_t, const char* name);  // unset

template <typename Fn>
void set_callback(CURL* curl, CURLoption option, Fn* fn, const char* name) {
    const CURLcode rc = curl_easy_setopt(curl, option, fn);
    if (rc != CURLE_OK)
        throw CurlSetupError(std::string("libcurl refused ") + name + ": " +
                             curl_easy_strerror(rc));
}

// Calls `*callback` (when it holds a function) about once a second during every transfer
// on `curl`; the function must outlive the handle. Never aborts a transfer.
void call_during_transfers(CURL* curl, const std::function<void()>* callback);

// STARTTLS required for `starttls` (CURLUSESSL_ALL: the transfer fails rather than go on
// in plain text), the private CA bundle when one is named; `implicit` needs nothing (the
// URL scheme says it); `off` sets nothing.
void apply_tls(CURL* curl, const TlsSettings& tls);

// What a TLS failure means for the admin, naming the settings to look at ("mailbox",
// "smtp"); empty for other codes. Appended to libcurl's own words in every error.
std::string tls_hint(CURLcode rc, const char* section);

}  // namespace obrd

// Sets an option and names it in the error: OBRD_CURL_SET(curl, CURLOPT_URL, url).
#define OBRD_CURL_SET(curl, option, value) ::obrd::set_option((curl), (option), (value), #option)
#define OBRD_CURL_CALLBACK(curl, option, fn) ::obrd::set_callback((curl), (option), (fn), #option)
