// ground_obscene.cpp: the "obscene" ground: мат, plain or disguised.
//
// How: each word is normalised (case, ё -> е, and in words that hold a Cyrillic letter the
// look-alikes of lookalikes.txt: x -> х, y -> у, 0 -> о, 3 -> з, 6 -> б, @ -> а, ...),
// runs of repeated letters are collapsed (хууууй -> хуй), and runs of three or more
// one-letter fragments are glued (х.у.я, «Б л я д ь»). A word is obscene when it starts
// with a root of obscene_roots.txt, directly or after a prefix of obscene_prefixes.txt
// (на-, за-, по-, ...), and does not start with an entry of obscene_exceptions.txt.
// Roots are matched at the start of the word only, so рубля, ансамбля, оскорблять,
// употреблять, хлебать, учебного and командировке never match.
#include <algorithm>

#include "rules/context.hpp"

namespace obrd {

namespace {

constexpr std::size_t kMaxEvidence = 5;

bool token_char(char32_t c, const RuleData& d) {
    return rtext::is_letter(c) || rtext::is_digit(c) || d.lookalikes.count(rtext::fold(c)) > 0;
}

bool separator(std::string_view gap) {
    if (gap.empty() || gap.size() > 4) return false;
    for (char ch : gap)
        if (ch != ' ' && ch != '.' && ch != '-' && ch != '_' && ch != '*' && ch != ',')
            return false;
    return true;
}

}  // namespace

std::vector<ObsceneToken> obscene_tokens(std::string_view s, const RuleData& d) {
    std::vector<ObsceneToken> out;
    const auto cps = rtext::decode(s);
    std::size_t i = 0;
    while (i < cps.size()) {
        if (!token_char(cps[i].cp, d)) {
            ++i;
            continue;
        }
        ObsceneToken t;
        t.begin = cps[i].begin;
        std::u32string folded;
        bool cyrillic = false;
        while (i < cps.size() && token_char(cps[i].cp, d)) {
            folded += rtext::fold(cps[i].cp);
            cyrillic |= rtext::is_cyrillic(cps[i].cp);
            t.end = cps[i].end;
            ++i;
        }
        if (cyrillic) {
            for (auto& c : folded) {
                auto it = d.lookalikes.find(c);
                if (it != d.lookalikes.end()) c = it->second;
            }
        }
        t.norm = rtext::collapse_repeats(folded);
        out.push_back(std::move(t));
    }
    // Glue runs of one-letter fragments split by spaces, dots or dashes: "х.у.я".
    std::vector<ObsceneToken> glued;
    std::size_t k = 0;
    while (k < out.size()) {
        std::size_t j = k;
        while (j < out.size() && out[j].norm.size() == 1 && rtext::is_cyrillic(out[j].norm[0]) &&
               (j == k || separator(s.substr(out[j - 1].end, out[j].begin - out[j - 1].end))))
            ++j;
        if (j - k >= 3) {
            ObsceneToken g;
            g.begin = out[k].begin;
            g.end = out[j - 1].end;
            for (std::size_t m = k; m < j; ++m) g.norm += out[m].norm;
            g.norm = rtext::collapse_repeats(g.norm);
            glued.push_back(std::move(g));
        }
        k = j > k ? j : k + 1;
    }
    out.insert(out.end(), glued.begin(), glued.end());
    std::sort(out.begin(), out.end(),
              [](const ObsceneToken& a, const ObsceneToken& b) { return a.begin < b.begin; });
    return out;
}

std::optional<std::u32string> obscene_root(std::u32string_view word, const RuleData& d) {
    for (const auto& e : d.obscene_exceptions)
        if (e.matches(word)) return std::nullopt;
    for (const auto& r : d.obscene_roots)
        if (r.matches(word)) return r.stem;
    for (const auto& p : d.obscene_prefixes) {
        if (word.size() <= p.size() || word.substr(0, p.size()) != p) continue;
        const auto rest = word.substr(p.size());
        for (const auto& r : d.obscene_roots)
            if (r.matches(rest)) return r.stem;
    }
    return std::nullopt;
}

void ground_obscene(const Context& c, Findings& f) {
    std::size_t hits = 0;
    const auto& subject = c.letter.subject;
    for (const auto& t : obscene_tokens(subject, c.data)) {
        if (auto root = obscene_root(t.norm, c.data); root && hits < kMaxEvidence) {
            f.add(Reason::obscene, "OBSCENE_ROOT",
                  rtext::excerpt(subject, t.begin, t.end) + " (корень «" + rtext::encode(*root) +
                      "»)",
                  t.begin, "subject");
            ++hits;
        }
    }
    for (const auto& t : obscene_tokens(c.main_text(), c.data)) {
        if (hits >= kMaxEvidence) break;
        if (auto root = obscene_root(t.norm, c.data)) {
            c.cite(f, Reason::obscene, "OBSCENE_ROOT", t.begin, t.end,
                   "(корень «" + rtext::encode(*root) + "»)");
            ++hits;
        }
    }
}

}  // namespace obrd
