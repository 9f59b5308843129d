// ground_obscene.cpp: the "obscene" ground: мат, plain or disguised.
//
// How: each word is normalised (case, ё -> е, and in words that hold a Cyrillic letter the
// look-alikes of lookalikes.txt: x -> х, y -> у, 0 -> о, 3 -> з, 6 -> б, @ -> а, ...),
// runs of repeated letters are collapsed (хууууй -> хуй), and runs of three or more
// one-letter fragments are glued (х.у.я, «Б л я д ь»). A word is obscene when it starts
// with a root of obscene_roots.txt, directly or after a prefix of obscene_prefixes.txt
// (на-, за-, по-, ...), and does not start with an entry of obscene_exceptions.txt.
// Roots are matched at the start of the word only, so рубля, ансамбля, оскорблять,
// употреблять, хлебать, учебного and командировке never match. Letters hidden behind
// asterisks ("бл*дь", "п*здец") match a root when at least two of its letters are shown.
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
        // Look-alikes are mapped inside Cyrillic words, and in one-character fragments
        // ("x y й"), never in Latin words ("Toyota") or numbers.
        const bool fragment = folded.size() == 1 && !rtext::is_digit(folded[0]);
        if (cyrillic || fragment) {
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
    // Letters hidden behind asterisks: "п*здец", "бл*дь", "ху*ня" ('*' stands for a letter).
    for (std::size_t t = 0; t < out.size(); ++t) {
        std::size_t pos = out[t].end;
        if (pos >= s.size() || s[pos] != '*') continue;
        if (t > 0 && out[t].begin > 0 && s[out[t].begin - 1] == '*') continue;  // inside a run
        ObsceneToken g;
        g.begin = out[t].begin;
        g.norm = out[t].norm;
        std::size_t next = t + 1;
        while (pos < s.size() && s[pos] == '*') {
            while (pos < s.size() && s[pos] == '*') {
                g.norm += U'*';
                ++pos;
            }
            g.end = pos;
            if (next < out.size() && out[next].begin == pos) {
                g.norm += out[next].norm;
                pos = g.end = out[next].end;
                ++next;
            } else {
                break;
            }
        }
        glued.push_back(std::move(g));
    }
    out.insert(out.end(), glued.begin(), glued.end());
    std::sort(out.begin(), out.end(),
              [](const ObsceneToken& a, const ObsceneToken& b) { return a.begin < b.begin; });
    return out;
}

std::optional<std::u32string> obscene_root(std::u32string_view word, const RuleData& d) {
    if (word.find(U'*') != std::u32string_view::npos) {
        // A root matches when every letter it shows is the root's and at least two are.
        for (const auto& r : d.obscene_roots) {
            if (r.exact ? word.size() != r.stem.size() : word.size() < r.stem.size()) continue;
            std::size_t shown = 0, hidden = 0;
            bool ok = true;
            for (std::size_t i = 0; i < r.stem.size() && ok; ++i) {
                if (word[i] == U'*')
                    ++hidden;
                else if (word[i] == r.stem[i])
                    ++shown;
                else
                    ok = false;
            }
            if (ok && shown >= 2 && hidden >= 1 && hidden < shown + 1) return r.stem;
        }
        return std::nullopt;
    }
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
