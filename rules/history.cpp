// history.cpp: fingerprints of appeal texts and the in-memory History.
//
// Promises: text_hash() is SHA-256 (hex) of the normalised words joined by one space, so
// it ignores case, ё/е, punctuation, line breaks and spacing; shingles() uses the same
// words and FNV-1a, both stable across runs and machines.
#include "rules/history.hpp"

#include <openssl/sha.h>

#include <algorithm>

#include "parsers/letter.hpp"
#include "rules/context.hpp"
#include "rules/text.hpp"

namespace obrd {

namespace {

std::vector<std::string> norm_words(std::string_view s) {
    std::vector<std::string> out;
    for (const auto& w : rtext::words(s)) out.push_back(rtext::encode(w.norm));
    return out;
}

}  // namespace

std::vector<PriorAppeal> MemoryHistory::candidates(std::string_view email, std::string_view inn,
                                                   Seconds since) const {
    std::vector<PriorAppeal> out;
    for (const auto& a : appeals_) {
        if (a.accepted_at < since) continue;
        const bool same_email = !email.empty() && a.sender_email == email;
        const bool same_inn = !inn.empty() && a.inn == inn;
        if (same_email || same_inn) out.push_back(a);
    }
    return out;
}

std::string appeal_text(const Letter& letter, const RuleData& data) {
    Context c(letter, data);
    return std::string(c.unsigned_text());
}

std::string text_hash(std::string_view text) {
    std::string joined;
    for (const auto& w : norm_words(text)) {
        if (!joined.empty()) joined += ' ';
        joined += w;
    }
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), md);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : md) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

std::vector<std::uint64_t> shingles(std::string_view text, int k) {
    const auto ws = norm_words(text);
    std::vector<std::uint64_t> out;
    const std::size_t n = static_cast<std::size_t>(std::max(k, 1));
    if (ws.empty()) return out;
    if (ws.size() < n) {
        std::string all;
        for (const auto& w : ws) all += w + " ";
        out.push_back(rtext::fnv1a(all));
        return out;
    }
    for (std::size_t i = 0; i + n <= ws.size(); ++i) {
        std::string s;
        for (std::size_t j = i; j < i + n; ++j) {
            s += ws[j];
            s += ' ';
        }
        out.push_back(rtext::fnv1a(s));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    if (a.empty() && b.empty()) return 0.0;
    std::size_t i = 0, j = 0, common = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) {
            ++common;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

PriorAppeal make_prior_appeal(const Letter& letter, const RuleData& data, std::string id,
                              Seconds accepted_at) {
    PriorAppeal p;
    p.id = std::move(id);
    p.message_id = letter.message_id;
    p.sender_email = rtext::fold_utf8(usable_reply_address(letter, data));
    if (letter.sender.inn) p.inn = *letter.sender.inn;
    const auto t = appeal_text(letter, data);
    p.text_hash = text_hash(t);
    p.shingles = shingles(t, data.settings.duplicate_shingle_words);
    p.accepted_at = accepted_at;
    return p;
}

}  // namespace obrd
