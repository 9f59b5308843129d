// rule_data.cpp: parses the rules' data files (see rules/README.md for their formats).
//
// Promises: pure; collects every error with its file:line instead of stopping at the
// first; returns data only when there is no error, so a bad edit never half-loads.
#include "rules/rule_data.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

namespace obrd {

namespace {

using rtext::fold;
using rtext::to_u32;

struct Line {
    std::size_t number;
    std::string text;  // trimmed, comment removed, never empty
};

std::vector<Line> data_lines(std::string_view content) {
    std::vector<Line> out;
    std::size_t number = 0;
    for (const auto& span : rtext::lines(content)) {
        ++number;
        std::string_view l = rtext::trim(span.view(content));
        if (l.empty() || l.front() == '#') continue;
        if (auto pos = l.find(" #"); pos != std::string_view::npos)
            l = rtext::trim(l.substr(0, pos));
        if (auto pos = l.find("\t#"); pos != std::string_view::npos)
            l = rtext::trim(l.substr(0, pos));
        if (!l.empty()) out.push_back({number, std::string(l)});
    }
    return out;
}

std::vector<std::string_view> split_ws(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

class Parser {
  public:
    std::vector<std::string> errors;

    void error(const std::string& file, std::size_t line, const std::string& msg) {
        errors.push_back(line == 0 ? file + ": " + msg
                                   : file + ":" + std::to_string(line) + ": " + msg);
    }

    std::optional<Term> term(const std::string& file, std::size_t line, std::string_view raw,
                             bool collapse) {
        Term t;
        std::string_view w = raw;
        if (!w.empty() && w.back() == '=') {
            t.exact = true;
            w.remove_suffix(1);
        }
        t.stem = fold(to_u32(w));
        if (t.stem.empty()) {
            error(file, line, "empty word");
            return std::nullopt;
        }
        for (char32_t c : t.stem) {
            if (!rtext::is_letter(c) && !rtext::is_digit(c)) {
                // Appended, not "\"" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that.
                std::string message = "\"";
                message += raw;
                message += "\": a word may hold only letters and digits (and a final '=')";
                error(file, line, message);
                return std::nullopt;
            }
        }
        if (collapse) t.stem = rtext::collapse_repeats(t.stem);
        return t;
    }

    // A word of a phrase; it may list alternatives, "хочу=|буду=|собира" (Term::or_else).
    std::optional<Term> phrase_word(const std::string& file, std::size_t line,
                                    std::string_view word) {
        std::optional<Term> t;
        while (true) {
            const auto bar = word.find('|');
            auto option = term(file, line, word.substr(0, bar), false);
            if (!option) return std::nullopt;
            if (!t)
                t = std::move(option);
            else
                t->or_else.push_back(std::move(*option));
            if (bar == std::string_view::npos) return t;
            word = word.substr(bar + 1);
        }
    }

    std::optional<Phrase> phrase(const std::string& file, const Line& l) {
        Phrase p;
        std::string_view rest = l.text;
        if (rest.front() == '~') {  // weak evidence
            p.weak = true;
            rest = rtext::trim(rest.substr(1));
        }
        p.source = std::string(rest);
        while (true) {
            const auto amp = rest.find('&');
            std::string_view part = rtext::trim(rest.substr(0, amp));
            std::vector<Term> group;
            for (auto w : split_ws(part)) {
                auto t = phrase_word(file, l.number, w);
                if (!t) return std::nullopt;
                group.push_back(std::move(*t));
            }
            if (group.empty()) {
                error(file, l.number, "empty group in \"" + l.text + "\"");
                return std::nullopt;
            }
            // A first word with alternatives promises no particular first letters.
            if (group[0].or_else.empty()) p.first_letters |= start_bit(group[0].stem);
            p.groups.push_back(std::move(group));
            if (amp == std::string_view::npos) break;
            rest = rest.substr(amp + 1);
        }
        return p;
    }

    std::vector<Phrase> phrases(const std::string& file, const std::vector<Line>& ls) {
        std::vector<Phrase> out;
        for (const auto& l : ls)
            if (auto p = phrase(file, l)) out.push_back(std::move(*p));
        return out;
    }

    std::vector<Term> terms(const std::string& file, const std::vector<Line>& ls, bool collapse) {
        std::vector<Term> out;
        for (const auto& l : ls) {
            if (split_ws(l.text).size() != 1) {
                error(file, l.number, "one word per line expected, got \"" + l.text + "\"");
                continue;
            }
            if (auto t = term(file, l.number, l.text, collapse)) out.push_back(std::move(*t));
        }
        return out;
    }

    // Splits a file into its [sections]; lines before the first header are an error.
    std::map<std::string, std::vector<Line>> sections(const std::string& file,
                                                      const std::vector<Line>& ls,
                                                      const std::vector<std::string>& allowed) {
        std::map<std::string, std::vector<Line>> out;
        std::string current;
        for (const auto& l : ls) {
            if (l.text.front() == '[' && l.text.back() == ']') {
                current =
                    std::string(rtext::trim(std::string_view(l.text).substr(1, l.text.size() - 2)));
                const auto name = current.substr(0, current.find(':'));
                if (!allowed.empty() &&
                    std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                    error(file, l.number, "unknown section [" + current + "]");
                }
                out[current];
                continue;
            }
            if (current.empty()) {
                error(file, l.number, "entry before the first [section]");
                continue;
            }
            out[current].push_back(l);
        }
        for (const auto& name : allowed)
            if (name.find(':') == std::string::npos && !out.count(name) && name != "topic" &&
                name != "mailing")
                error(file, 0, "missing section [" + name + "]");
        return out;
    }

    // obscene_roots.txt: "stem[=] [compound] [latin] [: ending ending* ...]".
    std::vector<ObsceneRoot> obscene_roots(const std::string& file, const std::vector<Line>& ls) {
        std::vector<ObsceneRoot> out;
        for (const auto& l : ls) {
            const auto colon = l.text.find(':');
            const auto head = split_ws(std::string_view(l.text).substr(0, colon));
            if (head.empty()) {
                error(file, l.number, "a root is missing before ':'");
                continue;
            }
            auto t = term(file, l.number, head[0], true);
            if (!t) continue;
            ObsceneRoot r;
            r.shown = t->stem;
            r.stem = rtext::fold_vowels(t->stem);
            r.exact = t->exact;
            bool ok = true;
            for (std::size_t k = 1; k < head.size(); ++k) {
                if (head[k] == "compound") {
                    r.compound = true;
                } else if (head[k] == "latin") {
                    r.latin = true;
                } else if (head[k] == "bare") {
                    r.bare = true;
                } else {
                    std::string message = "unknown flag \"";  // appended: see term()
                    message += head[k];
                    message += "\" (expected compound, latin, bare, or ': endings')";
                    error(file, l.number, message);
                    ok = false;
                }
            }
            if (colon != std::string::npos) {
                for (auto e : split_ws(std::string_view(l.text).substr(colon + 1))) {
                    ObsceneRoot::Ending ending;
                    if (!e.empty() && e.back() == '*') {
                        ending.open = true;
                        e.remove_suffix(1);
                    }
                    if (e == "-") e = {};  // the bare stem
                    ending.text = rtext::fold_vowels(fold(to_u32(e)));
                    r.endings.push_back(std::move(ending));
                }
                if (r.endings.empty()) {
                    error(file, l.number, "':' without endings");
                    ok = false;
                }
                if (r.exact) {
                    error(file, l.number, "'=' and endings exclude each other");
                    ok = false;
                }
            }
            if (ok) out.push_back(std::move(r));
        }
        return out;
    }

    // translit.txt: "latin cyrillic" pairs of letter sequences.
    std::vector<std::pair<std::u32string, std::u32string>> translit(const std::string& file,
                                                                    const std::vector<Line>& ls) {
        std::vector<std::pair<std::u32string, std::u32string>> out;
        for (const auto& l : ls) {
            const auto parts = split_ws(l.text);
            if (parts.size() != 2) {
                error(file, l.number, "expected \"latin cyrillic\", got \"" + l.text + "\"");
                continue;
            }
            std::u32string latin = fold(to_u32(parts[0])), cyrillic = fold(to_u32(parts[1]));
            const bool latin_ok = std::all_of(latin.begin(), latin.end(), rtext::is_latin);
            const bool cyrillic_ok =
                std::all_of(cyrillic.begin(), cyrillic.end(), rtext::is_cyrillic);
            if (!latin_ok || !cyrillic_ok) {
                error(file, l.number, "expected Latin letters, then Cyrillic letters");
                continue;
            }
            out.emplace_back(std::move(latin), std::move(cyrillic));
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.first.size() > b.first.size();
        });
        return out;
    }

    void char_pairs(const std::string& file, const std::vector<Line>& ls,
                    std::unordered_map<char32_t, char32_t>& out, bool fold_key) {
        for (const auto& l : ls) {
            const auto parts = split_ws(l.text);
            std::u32string a = parts.size() == 2 ? to_u32(parts[0]) : U"";
            std::u32string b = parts.size() == 2 ? to_u32(parts[1]) : U"";
            if (a.size() != 1 || b.size() != 1) {
                error(file, l.number, "expected two single characters, got \"" + l.text + "\"");
                continue;
            }
            const char32_t key = fold_key ? fold(a[0]) : a[0];
            if (out.count(key)) {
                std::string message = "\"";  // appended: see term()
                message += parts[0];
                message += "\" is mapped twice";
                error(file, l.number, message);
                continue;
            }
            out[key] = fold(b[0]);
        }
    }
};

bool parse_number(std::string_view v, double& out) {
    std::string s(v);
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
}

bool parse_int(std::string_view v, int& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
}

void parse_settings(Parser& ps, const std::string& file, const std::vector<Line>& ls, Settings& s) {
    for (const auto& l : ls) {
        const auto eq = l.text.find('=');
        if (eq == std::string::npos) {
            ps.error(file, l.number, "expected \"key = value\"");
            continue;
        }
        const std::string key(rtext::trim(std::string_view(l.text).substr(0, eq)));
        const std::string value(rtext::trim(std::string_view(l.text).substr(eq + 1)));
        auto bad = [&](const char* what) {
            ps.error(file, l.number, key + ": " + what + ", got \"" + value + "\"");
        };
        auto ratio = [&](double& dst) {
            double d = 0;
            if (!parse_number(value, d) || d < 0 || d > 1)
                return bad("a number from 0 to 1 expected");
            dst = d;
        };
        auto count = [&](int& dst, int lo, int hi) {
            int n = 0;
            if (!parse_int(value, n) || n < lo || n > hi)
                return bad(("a whole number from " + std::to_string(lo) + " to " +
                            std::to_string(hi) + " expected")
                               .c_str());
            dst = n;
        };
        if (key.rfind("policy.", 0) == 0) {
            // policy.<ground> (strong evidence) or policy.weak.<ground> (weak only).
            const bool weak = key.rfind("policy.weak.", 0) == 0;
            const auto r = reason_from_string(std::string_view(key).substr(weak ? 12 : 7));
            const auto a = action_from_string(value);
            if (!r)
                ps.error(file, l.number, "unknown reason in \"" + key + "\"");
            else if (!a)
                bad("refuse, review or accept expected");
            else if (weak)
                s.policy.set_weak(*r, *a);
            else
                s.policy.set(*r, *a);
        } else if (key.rfind("escalate.", 0) == 0) {
            const auto r = reason_from_string(std::string_view(key).substr(9));
            if (!r)
                ps.error(file, l.number, "unknown reason in \"" + key + "\"");
            else if (value.empty() || value.find_first_of(" \t\"") != std::string::npos)
                bad("a department name without spaces expected");
            else
                s.escalate[static_cast<std::size_t>(*r)] = value;
        } else if (key == "department.appeal" || key == "department.complaint") {
            if (value.empty() || value.find_first_of(" \t\"") != std::string::npos)
                bad("a department name without spaces expected");
            else
                (key == "department.appeal" ? s.department_appeal : s.department_complaint) = value;
        } else if (key == "duplicate.window_days") {
            count(s.duplicate_window_days, 1, 3650);
        } else if (key == "duplicate.jaccard") {
            ratio(s.duplicate_jaccard);
        } else if (key == "duplicate.shingle_words") {
            count(s.duplicate_shingle_words, 1, 9);
        } else if (key == "unreadable.min_bad_share") {
            ratio(s.unreadable_min_bad_share);
        } else if (key == "unreadable.max_known_share") {
            ratio(s.unreadable_max_known_share);
        } else if (key == "abbreviations.min_unknown") {
            count(s.abbreviations_min_unknown, 1, 1000);
        } else if (key == "abbreviations.min_share") {
            ratio(s.abbreviations_min_share);
        } else if (key == "off_topic.min_cues") {
            count(s.off_topic_min_cues, 1, 100);
        } else if (key == "off_topic.ministry_weight") {
            count(s.off_topic_ministry_weight, 1, 100);
        } else if (key == "notice.mass_mailing") {
            if (value == "none" || value == "refusal")
                s.mass_mailing_notice = value == "refusal";
            else
                bad("none or refusal expected");
        } else if (key == "off_topic.forward") {
            if (value == "auto" || value == "staff")
                s.off_topic_auto_forward = value == "auto";
            else
                bad("auto or staff expected");
        } else if (key == "essence.min_words") {
            count(s.essence_min_words, 1, 1000);
        } else {
            ps.error(file, l.number, "unknown setting \"" + key + "\"");
        }
    }
}

}  // namespace

namespace {

std::uint64_t pair_bit(char32_t a, char32_t b) {
    return std::uint64_t{1} << ((static_cast<std::uint32_t>(a) * 31u + b) % 64u);
}

}  // namespace

std::uint64_t start_bit(std::u32string_view stem) {
    if (stem.empty()) return 0;
    return pair_bit(stem[0], stem.size() >= 2 ? stem[1] : 0);
}

std::uint64_t first_letters(const std::vector<const rtext::Word*>& ws) {
    std::uint64_t bits = 0;
    for (const auto* w : ws) {
        if (w->norm.empty()) continue;
        bits |= start_bit(w->norm) | pair_bit(w->norm[0], 0);
    }
    return bits;
}

std::optional<PhraseMatch> match_phrase(const Phrase& p, const std::vector<const rtext::Word*>& ws,
                                        std::uint64_t letters) {
    if ((p.first_letters & ~letters) != 0) return std::nullopt;
    return match_phrase(p, ws);
}

std::optional<PhraseMatch> match_phrase(const Phrase& p,
                                        const std::vector<const rtext::Word*>& ws) {
    std::optional<PhraseMatch> first_group;
    for (const auto& group : p.groups) {
        std::optional<PhraseMatch> found;
        for (std::size_t start = 0; start < ws.size() && !found; ++start) {
            if (!group[0].matches(ws[start]->norm)) continue;
            std::size_t pos = start;
            bool ok = true;
            for (std::size_t t = 1; t < group.size() && ok; ++t) {
                ok = false;
                for (std::size_t k = pos + 1; k < ws.size() && k <= pos + 1 + Phrase::kMaxGap;
                     ++k) {
                    if (group[t].matches(ws[k]->norm)) {
                        pos = k;
                        ok = true;
                        break;
                    }
                }
            }
            if (ok) found = PhraseMatch{start, pos};
        }
        if (!found) return std::nullopt;
        if (!first_group) first_group = found;
    }
    return first_group;
}

const std::vector<std::string>& RuleData::file_names() {
    static const std::vector<std::string> names = {
        "settings.txt",           "obscene_roots.txt",     "obscene_prefixes.txt",
        "obscene_exceptions.txt", "lookalikes.txt",        "offensive.txt",
        "reported_speech.txt",    "threats.txt",           "common_words.txt",
        "keyboard.txt",           "abbreviations.txt",     "off_topic.txt",
        "complaint.txt",          "automatic_headers.txt", "own_addresses.txt",
        "text_markers.txt",       "translit.txt",
    };
    return names;
}

RuleDataResult RuleData::from_texts(const std::vector<RuleFile>& files) {
    Parser ps;
    RuleData d;
    std::map<std::string, std::vector<Line>> by_name;
    for (const auto& f : files) {
        if (std::find(file_names().begin(), file_names().end(), f.name) == file_names().end()) {
            ps.error(f.name, 0, "not a rules data file (expected one of rules/README.md)");
            continue;
        }
        if (by_name.count(f.name)) {
            ps.error(f.name, 0, "given twice");
            continue;
        }
        by_name[f.name] = data_lines(f.content);
    }
    for (const auto& name : file_names())
        if (!by_name.count(name)) ps.error(name, 0, "missing");
    auto lines = [&](const char* name) -> const std::vector<Line>& { return by_name[name]; };

    parse_settings(ps, "settings.txt", lines("settings.txt"), d.settings);
    d.obscene_roots = ps.obscene_roots("obscene_roots.txt", lines("obscene_roots.txt"));
    for (const auto& t : ps.terms("obscene_prefixes.txt", lines("obscene_prefixes.txt"), false))
        d.obscene_prefixes.push_back(rtext::fold_vowels(t.stem));
    d.obscene_exceptions =
        ps.terms("obscene_exceptions.txt", lines("obscene_exceptions.txt"), true);
    for (Term& e : d.obscene_exceptions) e.stem = rtext::fold_vowels(e.stem);
    d.translit = ps.translit("translit.txt", lines("translit.txt"));
    ps.char_pairs("lookalikes.txt", lines("lookalikes.txt"), d.lookalikes, true);
    d.offensive = ps.phrases("offensive.txt", lines("offensive.txt"));
    d.reported_speech = ps.phrases("reported_speech.txt", lines("reported_speech.txt"));
    {
        // "!phrase": an idiom that only looks like a threat ("убьём время").
        std::vector<Line> threats, idioms;
        for (Line l : lines("threats.txt")) {
            if (l.text.front() == '!') {
                l.text = std::string(rtext::trim(std::string_view(l.text).substr(1)));
                idioms.push_back(std::move(l));
            } else {
                threats.push_back(std::move(l));
            }
        }
        d.threats = ps.phrases("threats.txt", threats);
        d.threat_idioms = ps.phrases("threats.txt", idioms);
    }
    for (const auto& t : ps.terms("common_words.txt", lines("common_words.txt"), false))
        d.common_words.insert(t.stem);
    {
        auto secs = ps.sections("keyboard.txt", lines("keyboard.txt"), {"layout", "rows"});
        ps.char_pairs("keyboard.txt", secs["layout"], d.layout, false);
        for (const auto& t : ps.terms("keyboard.txt", secs["rows"], false))
            d.keyboard_rows.push_back(t.stem);
        for (const auto& row : d.keyboard_rows) {
            for (std::size_t i = 0; i + 5 <= row.size(); ++i) {
                const auto run = row.substr(i, 5);
                d.keyboard_runs.push_back(run);
                d.keyboard_runs.emplace_back(run.rbegin(), run.rend());
            }
        }
    }
    for (const auto& t : ps.terms("abbreviations.txt", lines("abbreviations.txt"), false))
        d.abbreviations.insert(t.stem);
    {
        const std::string file = "off_topic.txt";
        auto secs = ps.sections(file, lines(file.c_str()), {"ministry", "topic", "mailing"});
        for (auto& [name, ls] : secs) {
            if (name == "ministry") {
                d.on_topic = ps.phrases(file, ls);
                continue;
            }
            // [topic: what it is | the competent body | its address], [mailing: what it is]
            const bool mailing = name.rfind("mailing", 0) == 0;
            const auto spec =
                std::string(rtext::trim(std::string_view(name).substr(name.find(':') + 1)));
            Topic t;
            const auto bar = spec.find('|');
            t.name = std::string(rtext::trim(std::string_view(spec).substr(0, bar)));
            if (bar != std::string::npos) {
                const std::string rest = spec.substr(bar + 1);
                const auto second = rest.find('|');
                t.body = std::string(rtext::trim(std::string_view(rest).substr(0, second)));
                if (second != std::string::npos)
                    t.address = std::string(rtext::trim(std::string_view(rest).substr(second + 1)));
            }
            const auto at = t.address.find('@');
            if (!t.address.empty() &&
                (at == 0 || at == std::string::npos || at + 1 == t.address.size() ||
                 t.address.find_first_of(" \t<>,;\"") != std::string::npos || t.body.empty()))
                ps.error(file, ls.empty() ? 0 : ls.front().number,
                         "'" + t.address + "' is not a plain email address of a named body");
            if (t.name.empty())
                ps.error(file, ls.empty() ? 0 : ls.front().number, "topic without a name");
            t.mass_mailing = mailing;
            if (mailing && !t.body.empty())
                ps.error(file, ls.empty() ? 0 : ls.front().number,
                         "a [mailing: ...] has no competent body");
            t.cues = ps.phrases(file, ls);
            d.topics.push_back(std::move(t));
        }
        if (d.topics.empty()) ps.error(file, 0, "no [topic: ...] section");
    }
    {
        const std::string file = "complaint.txt";
        auto secs = ps.sections(
            file, lines(file.c_str()),
            {"subject", "text", "heading", "form_topic", "paper_answer", "paper_answer_weak",
             "electronic_answer", "notify_verb", "notify_method", "official_unknown",
             "official_position", "official_vague", "official_event", "not_a_name", "formula"});
        d.complaint_subject = ps.phrases(file, secs["subject"]);
        d.complaint_text = ps.phrases(file, secs["text"]);
        d.complaint_heading = ps.phrases(file, secs["heading"]);
        d.complaint_topic = ps.phrases(file, secs["form_topic"]);
        d.paper_answer = ps.phrases(file, secs["paper_answer"]);
        d.paper_answer_weak = ps.phrases(file, secs["paper_answer_weak"]);
        d.electronic_answer = ps.phrases(file, secs["electronic_answer"]);
        d.notify_verb = ps.phrases(file, secs["notify_verb"]);
        d.notify_method = ps.phrases(file, secs["notify_method"]);
        d.official_unknown = ps.phrases(file, secs["official_unknown"]);
        d.official_position = ps.phrases(file, secs["official_position"]);
        d.official_vague = ps.phrases(file, secs["official_vague"]);
        d.official_event = ps.phrases(file, secs["official_event"]);
        d.not_a_name = ps.phrases(file, secs["not_a_name"]);
        d.formula = ps.phrases(file, secs["formula"]);
    }
    for (const auto& l : lines("automatic_headers.txt")) {
        const auto colon = l.text.find(':');
        if (colon == std::string::npos || colon == 0) {
            ps.error("automatic_headers.txt", l.number, "expected \"Header-Name: value\"");
            continue;
        }
        HeaderRule h;
        h.name = rtext::fold_utf8(rtext::trim(std::string_view(l.text).substr(0, colon)));
        std::string v = rtext::fold_utf8(rtext::trim(std::string_view(l.text).substr(colon + 1)));
        if (v.empty()) {
            ps.error("automatic_headers.txt", l.number, "value missing (use * for any value)");
            continue;
        }
        if (v == "*") v.clear();
        if (!v.empty() && v.front() == '!') {
            h.negate = true;
            v.erase(0, 1);
        }
        h.value = v;
        d.automatic_headers.push_back(std::move(h));
    }
    for (const auto& l : lines("own_addresses.txt")) {
        if (l.text.find('@') == std::string::npos || l.text.find(' ') != std::string::npos) {
            ps.error("own_addresses.txt", l.number, "an email address expected");
            continue;
        }
        d.own_addresses.push_back(rtext::fold_utf8(l.text));
    }
    {
        auto secs =
            ps.sections("text_markers.txt", lines("text_markers.txt"), {"signature", "quote"});
        d.signature_markers = ps.phrases("text_markers.txt", secs["signature"]);
        d.quote_markers = ps.phrases("text_markers.txt", secs["quote"]);
    }
    auto require = [&](bool ok, const char* file, const char* what) {
        if (!ok) ps.error(file, 0, std::string("no entries: ") + what);
    };
    require(!d.obscene_roots.empty(), "obscene_roots.txt", "roots");
    require(!d.common_words.empty(), "common_words.txt", "words");
    require(!d.layout.empty(), "keyboard.txt", "[layout]");
    require(!d.threats.empty(), "threats.txt", "phrases");
    require(!d.offensive.empty(), "offensive.txt", "words");

    RuleDataResult r;
    r.errors = std::move(ps.errors);
    if (r.errors.empty()) r.data = std::move(d);
    return r;
}

}  // namespace obrd
