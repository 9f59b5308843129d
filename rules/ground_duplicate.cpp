// ground_duplicate.cpp: the "duplicate" ground: the same or nearly the same text as an
// appeal accepted earlier from the same sender (reply address or ИНН) within
// duplicate.window_days.
//
// How: the appeal text without quotes and signature (history.hpp: appeal_text), and that
// text with the quoted or forwarded earlier letter, are compared with each candidate by
// the normalised-text hash (DUPLICATE_TEXT) and by the Jaccard similarity of their word
// shingles (NEAR_DUPLICATE, at least duplicate.jaccard). A letter with the
// Message-ID of an earlier appeal is that same letter delivered again, not a new appeal:
// it is reported in Verdict::redelivery_of and never refused as a duplicate.
#include <cstdio>

#include "rules/context.hpp"

namespace obrd {

void ground_duplicate(const Context& c, const History& history, Seconds now, Findings& f,
                      std::optional<std::string>& redelivery_of) {
    const auto& s = c.data.settings;
    const std::string email = rtext::fold_utf8(usable_reply_address(c.letter, c.data));
    const std::string inn = c.letter.sender.inn ? *c.letter.sender.inn : std::string();
    if (email.empty() && inn.empty()) return;
    const Seconds since = now - std::chrono::days(s.duplicate_window_days);
    const auto cands = history.candidates(email, inn, since);
    if (cands.empty()) return;
    // The appeal text, and the same with what it quotes or forwards: a resend often
    // forwards the earlier letter under one new line.
    struct Variant {
        std::string hash;
        std::vector<std::uint64_t> shingles;
    };
    std::vector<Variant> variants;
    auto add = [&](const std::string& t) {
        if (!rtext::trim(t).empty())
            variants.push_back({text_hash(t), shingles(t, s.duplicate_shingle_words)});
    };
    add(std::string(c.unsigned_text()));
    if (c.main_end < c.body.size()) add(std::string(c.body));
    if (!c.letter.forwarded_text.empty())
        add(std::string(c.unsigned_text()) + "\n" + c.letter.forwarded_text);
    const PriorAppeal* best = nullptr;
    double best_score = 0;
    bool best_exact = false;
    for (const auto& p : cands) {
        if (!c.letter.message_id.empty() && p.message_id == c.letter.message_id) {
            redelivery_of = p.id;
            continue;
        }
        for (const auto& v : variants) {
            const bool exact = p.text_hash == v.hash;
            const double score = exact ? 1.0 : jaccard(v.shingles, p.shingles);
            if (score >= s.duplicate_jaccard && score > best_score) {
                best = &p;
                best_score = score;
                best_exact = exact;
            }
        }
    }
    if (!best) return;
    f.duplicate_of = best->id;
    char sim[16];
    std::snprintf(sim, sizeof sim, "%.2f", best_score);
    f.add(Reason::duplicate, best_exact ? "DUPLICATE_TEXT" : "NEAR_DUPLICATE",
          "повторяет обращение " + best->id +
              (best_exact ? " (тот же текст)" : " (сходство " + std::string(sim) + ")"),
          std::nullopt, "history");
}

}  // namespace obrd
