// ground_offensive.cpp: the "offensive" ground: insults aimed at people.
//
// How: a sentence of the letter (without the quoted earlier letter) that holds a word or
// phrase of offensive.txt is offensive, unless the same sentence holds a marker of
// reported_speech.txt (называл, оскорбительные высказывания, ...): a provider who
// describes what an inspector said is not insulting anyone.
#include "rules/context.hpp"

namespace obrd {

namespace {

constexpr std::size_t kMaxEvidence = 5;

bool reported(const Context& c, const std::vector<const rtext::Word*>& ws, std::uint64_t letters) {
    for (const auto& p : c.data.reported_speech)
        if (match_phrase(p, ws, letters)) return true;
    return false;
}

}  // namespace

// Shared with ground_threat.cpp: every sentence of the main text where a phrase of
// `phrases` is used, not reported, and not one of the `idioms` (phrases that only look
// like one: "убьём время"); cited as `symbol`, or `weak_symbol` for a phrase marked '~'.
void cite_phrases(const Context& c, const std::vector<Phrase>& phrases, Reason reason,
                  const char* symbol, const char* weak_symbol, Findings& f,
                  const std::vector<Phrase>& idioms) {
    std::size_t hits = 0;
    for (const auto& s : c.sentences) {
        if (s.begin >= c.main_end || hits >= kMaxEvidence) break;
        const auto ws = c.words_between(s.begin, s.end);
        if (ws.empty()) continue;
        const auto letters = first_letters(ws);
        bool checked_reported = false, is_reported = false;
        for (const auto& p : phrases) {
            auto m = match_phrase(p, ws, letters);
            if (!m) continue;
            if (!checked_reported) {
                is_reported = reported(c, ws, letters);
                checked_reported = true;
            }
            if (is_reported) break;
            bool idiom = false;
            for (const auto& i : idioms) idiom = idiom || match_phrase(i, ws, letters).has_value();
            if (idiom) break;
            // A phrase of several groups is cited with its whole sentence.
            const bool whole = p.groups.size() > 1;
            c.cite(f, reason, p.weak ? weak_symbol : symbol, whole ? s.begin : ws[m->first]->begin,
                   whole ? s.end : ws[m->last]->end, "(«" + p.source + "»)");
            ++hits;
            break;
        }
    }
}

void ground_offensive(const Context& c, Findings& f) {
    cite_phrases(c, c.data.offensive, Reason::offensive, "OFFENSIVE_WORD", "OFFENSIVE_AMBIGUOUS", f,
                 {});
}

}  // namespace obrd
