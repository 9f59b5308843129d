// authentication_results.cpp: RFC 8601 section 2.2, read with a hand-written lexer.
//
//   authres  = authserv-id [CFWS version] ( ";" "none" / 1*( ";" resinfo ) )
//   resinfo  = method ["/" version] "=" result [reason "=" value] *( ptype "." property "=" pvalue
//   )
//
// CFWS (white space and nested parenthesised comments) may stand between any two tokens.
#include "parsers/authentication_results.hpp"

#include <algorithm>

namespace obrd {

namespace {

char lower_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower_ascii);
    return out;
}

bool is_keyword_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

class Lexer {
  public:
    explicit Lexer(std::string_view s) : s_(s) {}

    bool at_end() {
        skip_cfws();
        return i_ >= s_.size();
    }
    // The next character after CFWS, or '\0' at the end.
    char peek() {
        skip_cfws();
        return i_ < s_.size() ? s_[i_] : '\0';
    }
    bool take(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    // Letters, digits, '-' and '_'; empty when there is none here.
    std::string keyword() {
        skip_cfws();
        const std::size_t start = i_;
        while (i_ < s_.size() && is_keyword_char(s_[i_])) ++i_;
        return std::string(s_.substr(start, i_ - start));
    }
    // A quoted-string (unescaped) or a run up to white space, ';' or '('; nullopt when
    // neither is here (or a quoted-string is unterminated).
    std::optional<std::string> value() {
        skip_cfws();
        if (i_ >= s_.size()) return std::nullopt;
        if (s_[i_] == '"') {
            std::string out;
            for (++i_; i_ < s_.size(); ++i_) {
                if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                    out += s_[++i_];
                } else if (s_[i_] == '"') {
                    ++i_;
                    return out;
                } else {
                    out += s_[i_];
                }
            }
            return std::nullopt;
        }
        const std::size_t start = i_;
        while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != ';' && s_[i_] != '(' &&
               s_[i_] != '"')
            ++i_;
        if (i_ == start) return std::nullopt;
        return std::string(s_.substr(start, i_ - start));
    }
    // Past the next ';' (or to the end): where the next resinfo starts after a broken one.
    void skip_past_semicolon() {
        while (i_ < s_.size()) {
            skip_cfws();
            if (i_ >= s_.size()) return;
            if (s_[i_] == '"') {
                value();
                continue;
            }
            if (s_[i_++] == ';') return;
        }
    }

  private:
    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

    // White space and comments; a comment nests and may quote a character with '\'.
    void skip_cfws() {
        while (i_ < s_.size()) {
            if (is_space(s_[i_])) {
                ++i_;
            } else if (s_[i_] == '(') {
                int depth = 0;
                for (; i_ < s_.size(); ++i_) {
                    if (s_[i_] == '\\') {
                        ++i_;
                    } else if (s_[i_] == '(') {
                        ++depth;
                    } else if (s_[i_] == ')' && --depth == 0) {
                        ++i_;
                        break;
                    }
                }
            } else {
                return;
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

// One resinfo after its ';'; nullopt when its syntax is broken.
std::optional<AuthResult> resinfo(Lexer& in) {
    AuthResult r;
    r.method = lower(in.keyword());
    if (r.method.empty()) return std::nullopt;
    if (in.take('/') && in.keyword().empty()) return std::nullopt;
    if (!in.take('=')) return std::nullopt;
    r.result = lower(in.keyword());
    if (r.result.empty()) return std::nullopt;
    while (!in.at_end() && in.peek() != ';') {
        const std::string name = lower(in.keyword());
        if (name.empty()) return std::nullopt;
        if (name == "reason") {
            if (!in.take('=') || !in.value()) return std::nullopt;
            continue;
        }
        if (!in.take('.')) return std::nullopt;
        const std::string property = lower(in.keyword());
        if (property.empty() || !in.take('=')) return std::nullopt;
        const auto v = in.value();
        if (!v) return std::nullopt;
        r.properties.emplace_back(name + "." + property, lower(*v));
    }
    return r;
}

// "a@example.ru", "@example.ru" or "example.ru" (lower case already): in `domain` when its
// domain part is exactly it (no subdomains: a staff address's domain is the ministry's own).
bool in_domain(const std::optional<std::string>& identity, std::string_view domain) {
    if (!identity) return false;
    const auto at = identity->rfind('@');
    const std::string_view d = at == std::string::npos ? std::string_view(*identity)
                                                       : std::string_view(*identity).substr(at + 1);
    return !d.empty() && d == domain;
}

}  // namespace

std::optional<std::string> AuthResult::get(std::string_view name) const {
    for (const auto& [k, v] : properties)
        if (k == name) return v;
    return std::nullopt;
}

std::optional<AuthenticationResults> parse_authentication_results(std::string_view value) {
    Lexer in(value);
    const auto id = in.value();
    if (!id) return std::nullopt;
    AuthenticationResults out;
    out.authserv_id = lower(*id);
    // An authres-version (digits) may follow the authserv-id.
    if (in.peek() >= '0' && in.peek() <= '9') in.keyword();
    if (!in.take(';')) return out;
    // resinfo never takes the ';' that ends it; after a broken one, skip to the next.
    while (!in.at_end()) {
        auto r = resinfo(in);
        if (!r || (!in.at_end() && in.peek() != ';')) {
            in.skip_past_semicolon();
            continue;
        }
        out.results.push_back(std::move(*r));
        in.take(';');
    }
    return out;
}

bool from_domain_authenticated(const std::vector<HeaderField>& headers,
                               std::string_view authserv_id, std::string_view domain) {
    const std::string want_id = lower(authserv_id);
    const std::string want_domain = lower(domain);
    if (want_id.empty() || want_domain.empty()) return false;
    for (const auto& h : headers) {
        if (lower(h.name) != "authentication-results") continue;
        const auto ar = parse_authentication_results(h.value);
        if (!ar || ar->authserv_id != want_id) continue;
        for (const auto& r : ar->results) {
            if (r.result != "pass") continue;
            if (r.method == "dmarc" && r.get("header.from") == want_domain) return true;
            if (r.method == "dkim" &&
                (r.get("header.d") == want_domain || in_domain(r.get("header.i"), want_domain)))
                return true;
            if (r.method == "spf" && in_domain(r.get("smtp.mailfrom"), want_domain)) return true;
            if (r.method == "auth" && (in_domain(r.get("smtp.auth"), want_domain) ||
                                       in_domain(r.get("smtp.mailfrom"), want_domain)))
                return true;
        }
    }
    return false;
}

}  // namespace obrd
