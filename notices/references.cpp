// references.cpp: see references.hpp.
#include "notices/references.hpp"

#include <algorithm>
#include <cstdio>

namespace obrd {
namespace {

constexpr std::string_view kIdPrefix = "obrd.";
constexpr std::string_view kNumberPrefix = "МСЗ-";
// Our tokens are an appeal id, a purpose and a time (about 30 characters); a domain is at
// most 253. Anything longer is not ours.
constexpr std::size_t kMaxToken = 128;
constexpr std::size_t kMaxDomain = 253;

bool token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool domain_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// The length of the run of `accept` characters at `from`, stopping at `limit + 1`.
template <typename Pred>
std::size_t run_length(std::string_view text, std::size_t from, std::size_t limit, Pred accept) {
    std::size_t n = 0;
    while (from + n < text.size() && n <= limit && accept(text[from + n])) ++n;
    return n;
}

}  // namespace

std::string our_message_id(std::string_view token, std::string_view domain) {
    return std::string(kIdPrefix) + std::string(token) + "@" + std::string(domain);
}

std::vector<std::string> find_our_message_ids(std::string_view text, std::size_t max_ids) {
    std::vector<std::string> ids;
    std::size_t at = 0;
    while (ids.size() < max_ids && (at = text.find(kIdPrefix, at)) != std::string_view::npos) {
        // "xobrd." is not the start of one of ours.
        if (at > 0 && token_char(text[at - 1])) {
            at += kIdPrefix.size();
            continue;
        }
        const std::size_t token_at = at + kIdPrefix.size();
        const std::size_t token = run_length(text, token_at, kMaxToken, token_char);
        std::size_t next = token_at + token;  // where scanning resumes: past this candidate
        if (token > 0 && token <= kMaxToken && next < text.size() && text[next] == '@') {
            const std::size_t domain = run_length(text, next + 1, kMaxDomain, domain_char);
            if (domain > 0 && domain <= kMaxDomain) {
                std::string id(text.substr(at, next + 1 + domain - at));
                while (!id.empty() && (id.back() == '.' || id.back() == '-')) id.pop_back();
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
            }
            next += 1 + domain;
        }
        at = next;
    }
    return ids;
}

std::string registration_number(int year, long n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%06ld", year, n);
    return std::string(kNumberPrefix) + buf;
}

std::optional<std::string> find_registration_number(std::string_view text) {
    std::size_t at = 0;
    while ((at = text.find(kNumberPrefix, at)) != std::string_view::npos) {
        const std::size_t year_at = at + kNumberPrefix.size();
        const std::size_t year = run_length(text, year_at, 4, digit);
        const std::size_t dash = year_at + year;
        if (year == 4 && dash < text.size() && text[dash] == '-') {
            const std::size_t serial = run_length(text, dash + 1, 6, digit);
            if (serial == 6) return std::string(text.substr(at, dash + 1 + serial - at));
        }
        at = year_at;
    }
    return std::nullopt;
}

}  // namespace obrd
