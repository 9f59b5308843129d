// history.hpp: what the duplicate rule may know about appeals accepted earlier, as a
// pure interface, and the fingerprints (normalised-text hash, word shingles) that the
// daemon stores with each accepted appeal.
//
// Promises: fingerprints depend only on the letter text and the shingle size, never on
// time or process; History implementations are read-only views.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

struct Letter;
struct RuleData;

using Seconds = std::chrono::sys_seconds;

// One appeal accepted earlier, as the history keeps it.
struct PriorAppeal {
    std::string id;                       // registration id (obrctl check: the file name)
    std::string message_id;               // of the letter that brought it
    std::string sender_email;             // lower case; the reply address
    std::string inn;                      // digits, or empty
    std::string text_hash;                // text_hash() of the appeal text
    std::vector<std::uint64_t> shingles;  // shingles() of the appeal text, sorted, unique
    Seconds accepted_at;
};

// A read-only view of the accepted appeals. The daemon implements it over PostgreSQL.
class History {
  public:
    virtual ~History() = default;
    // Appeals accepted at or after `since` whose sender_email equals `email` (lower
    // case) or whose inn equals `inn` (an empty argument matches nothing).
    virtual std::vector<PriorAppeal> candidates(std::string_view email, std::string_view inn,
                                                Seconds since) const = 0;
};

// History kept in memory (obrctl check, tests).
class MemoryHistory : public History {
  public:
    void add(PriorAppeal a) { appeals_.push_back(std::move(a)); }
    std::vector<PriorAppeal> candidates(std::string_view email, std::string_view inn,
                                        Seconds since) const override;

  private:
    std::vector<PriorAppeal> appeals_;
};

// The appeal text the fingerprints are taken of: the form's text or the body, without
// a quoted earlier letter and without the signature block.
std::string appeal_text(const Letter& letter, const RuleData& data);
// Hex SHA-like digest (two FNV-1a 64 halves) of the normalised words of `text`.
std::string text_hash(std::string_view text);
// Hashes of every run of `k` consecutive normalised words, sorted and unique.
std::vector<std::uint64_t> shingles(std::string_view text, int k);
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// The fingerprint of an accepted letter, ready to store.
PriorAppeal make_prior_appeal(const Letter& letter, const RuleData& data, std::string id,
                              Seconds accepted_at);

}  // namespace obrd
