// letter_identity.cpp: see letter_identity.hpp. Reads only the header block, field by
// field, and never fails: a letter without a readable header still gets an identity
// from its bytes.
#include "daemon/letter_identity.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace obrd {
namespace {

class Sha256 {
  public:
    Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("OpenSSL SHA-256 is unavailable");
    }
    void update(std::string_view data) { EVP_DigestUpdate(ctx_.get(), data.data(), data.size()); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_.get(), md.data(), &len);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < len; ++i) {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }

  private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

bool iequals_prefix(std::string_view field, std::string_view name) {
    if (field.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower((unsigned char)field[i]) != std::tolower((unsigned char)name[i]))
            return false;
    return true;
}

std::string_view field_name(std::string_view field) {
    auto colon = field.find(':');
    return colon == std::string_view::npos ? std::string_view{} : field.substr(0, colon);
}

// Fields added by the servers a letter passed through, not by its author.
bool is_trace_field(std::string_view name) {
    static const char* exact[] = {
        "received",      "return-path",    "delivered-to",           "x-original-to", "envelope-to",
        "x-envelope-to", "x-delivered-to", "authentication-results", "received-spf"};
    for (const char* e : exact) {
        std::string_view ev(e);
        if (name.size() == ev.size() && iequals_prefix(name, ev)) return true;
    }
    static const char* prefixes[] = {"arc-", "x-spam", "x-virus", "x-rspamd"};
    for (const char* p : prefixes)
        if (iequals_prefix(name, p)) return true;
    return false;
}

std::string extract_message_id(std::string_view value) {
    auto lt = value.find('<');
    auto gt = value.find('>', lt == std::string_view::npos ? 0 : lt);
    std::string_view id;
    if (lt != std::string_view::npos && gt != std::string_view::npos) {
        id = value.substr(lt + 1, gt - lt - 1);
    } else {
        id = value;
    }
    std::string out;
    for (char c : id)
        if (!std::isspace((unsigned char)c)) out += c;
    if (out.size() > 998) out.resize(998);
    return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

LetterIdentity identify_letter(std::string_view raw) {
    LetterIdentity id;
    id.sha256 = sha256_hex(raw);

    Sha256 content;
    content.update("obrd-identity-v1");
    std::size_t pos = 0;
    bool in_header = true;
    bool skipping = false;
    std::string_view current;  // the field being read, for Message-ID
    std::string message_id_value;
    bool reading_message_id = false;
    while (pos < raw.size()) {
        auto nl = raw.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? raw.size() : nl + 1;
        std::string_view line = raw.substr(pos, end - pos);
        pos = end;
        std::string_view bare = line;
        while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
        if (in_header) {
            if (bare.empty()) {
                in_header = false;
            } else if (bare.front() == ' ' || bare.front() == '\t') {
                if (reading_message_id) message_id_value.append(bare);
                if (skipping) continue;
            } else {
                current = field_name(bare);
                skipping = is_trace_field(current);
                reading_message_id = current.size() == 10 &&
                                     iequals_prefix(current, "message-id") &&
                                     message_id_value.empty();
                if (reading_message_id) message_id_value.assign(bare.substr(11));
                if (skipping) continue;
            }
        }
        content.update(bare);
        content.update("\n");
    }
    id.message_id = extract_message_id(message_id_value);
    content.update(std::string_view("\0", 1));
    content.update(id.message_id);
    id.identity = content.hex();
    return id;
}

}  // namespace obrd
