// ground_obscene.cpp: the "obscene" ground: мат, plain or disguised.
//
// Words. Each word is normalised (case, ё -> е; in words that hold a Cyrillic letter, or a
// Latin word disguised with a digit such as "E6AHOE", the look-alikes of lookalikes.txt:
// x -> х, 0 -> о, 3 -> з, 6 -> б, @ -> а, ...), runs of repeated letters are collapsed
// (хууууй -> хуй), and runs of three or more one-letter fragments are glued (х.у.я,
// «Б л я д ь»). A plain Latin word is read through translit.txt ("huilo" -> хуило) and
// compared only with the roots marked `latin`. Asterisks stand for hidden letters
// ("п*здец") or are noise inside a word ("бл*ядь"); both readings are tried.
//
// Roots. Russian мат is a handful of roots and the ordinary ways of building words from
// them, so the data lists roots and prefixes, never forms. Words and data are compared in
// rtext::fold_vowels() form (а = о: "ахуеть", "далбаёб", "монда"); a leading "йе"/"йо" is
// read as е ("Йебать", "йоба"). A word is obscene when, after at most two prefixes of
// obscene_prefixes.txt (на-, за-, вс-, под-, ...), it continues with a root of
// obscene_roots.txt. After a prefix that ends in a consonant, a root that starts with a
// vowel needs the separating ъ (or ь) that Russian writes there (подъёб, взъёбка, съебать),
// so "вебинар" is no в- + ебин-; a root marked `bare` takes no prefix at all. A root marked
// `compound` also matches after a joining vowel (о, е; а by the fold) inside a compound word:
// долбоёб, мудаёб, коноёбиться. A root with endings matches only when one of them follows (манд: а
// ы у ... авош*), which keeps place names on a short root (Мандалай, Мандан) and мандат, мандарин
// clean without listing them. obscene_exceptions.txt lists ordinary words that would still match.
// Roots are never found inside a word otherwise, so рубля, ансамбля, оскорблять,
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
        // Look-alikes are mapped inside Cyrillic words, in one-character fragments
        // ("x y й"), and in Latin words disguised with a digit look-alike ("E6AHOE"); never
        // in plain Latin words ("Toyota") or numbers. A plain Latin word of four letters
        // or more is transliterated instead.
        const bool fragment = folded.size() == 1 && !rtext::is_digit(folded[0]);
        std::size_t latin_letters = 0, digits = 0, mapped = 0;
        for (char32_t c : folded) {
            latin_letters += rtext::is_latin(c);
            digits += rtext::is_digit(c);
            mapped += d.lookalikes.count(c);
        }
        const bool disguised_latin =
            !cyrillic && digits > 0 && latin_letters >= 2 && mapped == folded.size();
        if (cyrillic || fragment || disguised_latin) {
            for (auto& c : folded) {
                auto it = d.lookalikes.find(c);
                if (it != d.lookalikes.end()) c = it->second;
            }
        } else if (latin_letters == folded.size() && latin_letters >= 4) {
            std::u32string cyr;
            for (std::size_t k = 0; k < folded.size();) {
                bool done = false;
                for (const auto& [from, to] : d.translit) {
                    if (folded.compare(k, from.size(), from) == 0) {
                        cyr += to;
                        k += from.size();
                        done = true;
                        break;
                    }
                }
                if (!done) cyr += folded[k++];
            }
            folded = std::move(cyr);
            t.latin = true;
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

namespace {

bool is_vowel(char32_t c) {
    return std::u32string_view(U"аеиоуыэюяё").find(c) != std::u32string_view::npos;
}

// The root that `rest` (what follows the prefixes) starts with, honouring `exact` and the
// endings; `compound_only` limits the search to roots marked compound; `latin_only` to
// roots marked latin.
const ObsceneRoot* root_at(std::u32string_view rest, const RuleData& d, bool compound_only,
                           bool latin_only, bool after_prefix) {
    for (const auto& r : d.obscene_roots) {
        if ((compound_only && !r.compound) || (latin_only && !r.latin)) continue;
        if (after_prefix && r.bare) continue;
        // Compounds compare the root as written: folded, еба- would be ебо-, and -ебо- is
        // what двоеборье and сваебойный hold.
        const std::u32string& stem = compound_only ? r.shown : r.stem;
        if (rest.size() < stem.size() || rest.substr(0, stem.size()) != stem) continue;
        const std::u32string_view after = rest.substr(stem.size());
        if (r.exact && !after.empty()) continue;
        if (!r.endings.empty()) {
            bool ok = false;
            for (const auto& e : r.endings)
                ok |= e.open ? after.substr(0, e.text.size()) == e.text : after == e.text;
            if (!ok) continue;
        }
        return &r;
    }
    return nullptr;
}

// The root after up to `depth` more prefixes (see the file comment for the ъ rule).
const ObsceneRoot* root_after_prefixes(std::u32string_view w, const RuleData& d, int depth,
                                       bool latin_only, bool after_prefix = false) {
    if (const ObsceneRoot* r = root_at(w, d, false, latin_only, after_prefix)) return r;
    if (depth == 0) return nullptr;
    for (const auto& p : d.obscene_prefixes) {
        if (w.size() <= p.size() || w.substr(0, p.size()) != p) continue;
        std::u32string_view rest = w.substr(p.size());
        const bool hard_sign = rest[0] == U'ъ' || rest[0] == U'ь';
        if (hard_sign) {
            if (is_vowel(p.back())) continue;
            rest.remove_prefix(1);
            if (rest.empty() || !is_vowel(rest[0])) continue;
        } else if (!is_vowel(p.back()) && is_vowel(rest[0])) {
            continue;  // в- + ебин- is no word: Russian writes въеб-
        }
        // A one-letter prefix (в-, с-, у-, о-) stands right before the root: "с" + "во" +
        // "ебой" (сваебойный) is no word.
        const int more = p.size() == 1 ? 0 : depth - 1;
        if (const ObsceneRoot* r = root_after_prefixes(rest, d, more, latin_only, true)) return r;
    }
    return nullptr;
}

const ObsceneRoot* match_word(std::u32string_view word, const RuleData& d, bool latin) {
    std::u32string w = rtext::fold_vowels(word);
    // "йе", "йо" (ё already folded to е) spell е at the start of a word: "Йебать", "йоба".
    if (w.size() > 3 && w[0] == U'й' && (w[1] == U'е' || w[1] == U'о')) {
        w.erase(0, 1);
        w[0] = U'е';
    }
    for (const auto& e : d.obscene_exceptions)
        if (e.matches(w)) return nullptr;
    if (const ObsceneRoot* r = root_after_prefixes(w, d, 2, latin)) return r;
    if (latin) return nullptr;
    // A compound: stem + joining vowel (о, е, а) + root ("долбо" + "ёб", "муда" + "ёб"),
    // compared unfolded.
    for (std::size_t k = 3; k + 1 < word.size(); ++k) {
        if (word[k - 1] != U'о' && word[k - 1] != U'е' && word[k - 1] != U'а') continue;
        if (is_vowel(word[k - 2])) continue;
        if (const ObsceneRoot* r = root_at(word.substr(k), d, true, false, true)) return r;
    }
    return nullptr;
}

// Asterisks as hidden letters: a root matches when every letter it shows is the root's,
// at least two are shown, and no more are hidden than shown.
const ObsceneRoot* match_hidden(std::u32string_view word, const RuleData& d) {
    for (const auto& r : d.obscene_roots) {
        const std::u32string& stem = r.shown;
        if (r.exact ? word.size() != stem.size() : word.size() < stem.size()) continue;
        std::size_t shown = 0, hidden = 0;
        bool ok = true;
        for (std::size_t i = 0; i < stem.size() && ok; ++i) {
            if (word[i] == U'*')
                ++hidden;
            else if (word[i] == stem[i])
                ++shown;
            else
                ok = false;
        }
        if (ok && shown >= 2 && hidden >= 1 && hidden < shown + 1) return &r;
    }
    return nullptr;
}

}  // namespace

std::optional<std::u32string> obscene_root(std::u32string_view word, const RuleData& d,
                                           bool latin) {
    const ObsceneRoot* r = nullptr;
    if (word.find(U'*') != std::u32string_view::npos) {
        r = match_hidden(word, d);
        if (!r) {
            // Or the asterisks are noise inside a word: "бл*ядь".
            std::u32string plain;
            for (char32_t c : word)
                if (c != U'*') plain += c;
            if (plain.size() >= 3) r = match_word(rtext::collapse_repeats(plain), d, false);
        }
    } else {
        r = match_word(word, d, latin);
    }
    if (!r) return std::nullopt;
    return r->shown;
}

void ground_obscene(const Context& c, Findings& f) {
    std::size_t hits = 0;
    const auto& subject = c.letter.subject;
    for (const auto& t : obscene_tokens(subject, c.data)) {
        if (auto root = obscene_root(t.norm, c.data, t.latin); root && hits < kMaxEvidence) {
            f.add(Reason::obscene, t.latin ? "OBSCENE_LATIN" : "OBSCENE_ROOT",
                  rtext::excerpt(subject, t.begin, t.end) + " (корень «" + rtext::encode(*root) +
                      "»)",
                  t.begin, "subject");
            ++hits;
        }
    }
    for (const auto& t : obscene_tokens(c.main_text(), c.data)) {
        if (hits >= kMaxEvidence) break;
        if (auto root = obscene_root(t.norm, c.data, t.latin)) {
            c.cite(f, Reason::obscene, t.latin ? "OBSCENE_LATIN" : "OBSCENE_ROOT", t.begin, t.end,
                   "(корень «" + rtext::encode(*root) + "»)");
            ++hits;
        }
    }
}

}  // namespace obrd
