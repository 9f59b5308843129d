// ground_duplicate.cpp: the "duplicate" ground: the same or nearly the same text as an
// appeal accepted earlier from the same sender (reply address or ИНН) within
// duplicate.window_days.
//
// How: the appeal text without quotes and signature (history.hpp: appeal_text) is
// compared by its normalised-text hash (DUPLICATE_TEXT) and by the Jaccard similarity
// of its word shingles (NEAR_DUPLICATE, at least duplicate.jaccard). A letter with the
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
    const std::string t(c.unsigned_text());
    const std::string hash = text_hash(t);
    const auto sh = shingles(t, s.duplicate_shingle_words);
    const PriorAppeal* best = nullptr;
    double best_score = 0;
    for (const auto& p : cands) {
        if (!c.letter.message_id.empty() && p.message_id == c.letter.message_id) {
            redelivery_of = p.id;
            continue;
        }
        const double score = p.text_hash == hash ? 1.0 : jaccard(sh, p.shingles);
        if (score >= s.duplicate_jaccard && score > best_score) {
            best = &p;
            best_score = score;
        }
    }
    if (!best) return;
    f.duplicate_of = best->id;
    char sim[16];
    std::snprintf(sim, sizeof sim, "%.2f", best_score);
    const bool exact = best->text_hash == hash;
    f.add(Reason::duplicate, exact ? "DUPLICATE_TEXT" : "NEAR_DUPLICATE",
          "повторяет обращение " + best->id +
              (exact ? " (тот же текст)" : " (сходство " + std::string(sim) + ")"),
          std::nullopt, "history");
}

}  // namespace obrd
