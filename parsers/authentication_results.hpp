// authentication_results.hpp: the Authentication-Results header (RFC 8601) a receiving mail
// server adds, read to tell whether the ministry's own server vouched for a letter's From
// domain. obrd uses it to trust mail from staff addresses ([mailbox] authserv_id): without
// it, anyone outside can write "From: control@..." and be taken for staff.
//
// Promises: a single left-to-right pass over the value (comments, quoted strings, no
// backtracking); a result whose syntax is broken is dropped, never read as a pass; method,
// result, property names and values are lower case. Only headers whose authserv-id is the
// one configured count: RFC 8601 section 5 has the receiving server delete any such header
// that arrived from outside, so those left were written by it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/letter.hpp"

namespace obrd {

struct AuthResult {
    std::string method;  // dkim, spf, dmarc, auth, ...
    std::string result;  // pass, fail, none, ...
    // "ptype.property" -> value, e.g. {"header.d", "example.ru"}, {"smtp.mailfrom", "a@b.ru"}
    std::vector<std::pair<std::string, std::string>> properties;

    std::optional<std::string> get(std::string_view name) const;
};

struct AuthenticationResults {
    std::string authserv_id;  // lower case
    std::vector<AuthResult> results;
};

// One header value; nullopt when even the authserv-id cannot be read.
std::optional<AuthenticationResults> parse_authentication_results(std::string_view value);

// Whether a header of `authserv_id` says the From domain `domain` passed: dmarc=pass for
// header.from = domain; dkim=pass signed by d = domain (or i = ...@domain); spf=pass for a
// smtp.mailfrom in domain; or auth=pass (an authenticated submission) for a smtp.auth or
// smtp.mailfrom in domain. A "fail" in the same header does not undo another's "pass":
// each method speaks for its own identifier.
bool from_domain_authenticated(const std::vector<HeaderField>& headers,
                               std::string_view authserv_id, std::string_view domain);

}  // namespace obrd
