// ground_off_topic.cpp: the "off_topic" ground: a question that has nothing to do with
// the ministry or its officials.
//
// How: off_topic.txt lists, per [topic: ... | competent body], the words that show the
// topic, and under [ministry] the words of the ministry's own field (social services,
// inspections, orders, the register of providers). Cues are counted once each, over the
// subject and the main text without its signature. The letter is off topic when some topic has at
// least off_topic.min_cues cues and more than off_topic.ministry_weight times as many as the
// ministry's field (a provider who mentions a leaking roof while asking to move an
// inspection is still on topic). The evidence names the
// competent body, so that the notice can say where to write (59-FZ art. 8 p.3). An
// advertisement or mass mailing ([mailing: ...]) is refused without a notice: a refusal
// would only confirm the address to its sender (verdicts.md); notice.mass_mailing =
// refusal restores it.
// Complaints about the ministry's officials name inspections, officials and orders, the
// ministry's own cues, so they stay on topic; a complaint about another body does not.
#include "rules/context.hpp"

namespace obrd {

namespace {

struct Count {
    int cues = 0;
    std::size_t begin = 0, end = 0;  // first cue in the body, when there
    bool in_body = false;
    std::string first_cue;
};

Count count(const Context& c, const std::vector<Phrase>& cues) {
    Count n;
    std::vector<std::vector<const rtext::Word*>> units;
    {
        std::vector<const rtext::Word*> subj;
        for (const auto& w : c.subject_words) subj.push_back(&w);
        units.push_back(std::move(subj));
    }
    // Not the signature: it says who writes ("поставщик социальных услуг"), not what the
    // letter is about, and a provider's identity must not outweigh another body's field.
    for (const auto& s : c.sentences) {
        if (s.begin >= c.signature_begin) break;
        units.push_back(c.words_between(s.begin, s.end));
    }
    std::vector<std::uint64_t> letters;
    for (const auto& u : units) letters.push_back(first_letters(u));
    for (const auto& p : cues) {
        for (std::size_t u = 0; u < units.size(); ++u) {
            auto m = match_phrase(p, units[u], letters[u]);
            if (!m) continue;
            ++n.cues;
            if (n.first_cue.empty()) n.first_cue = p.source;
            if (u > 0 && !n.in_body) {
                n.in_body = true;
                n.begin = units[u][m->first]->begin;
                n.end = units[u][m->last]->end;
            }
            break;
        }
    }
    return n;
}

}  // namespace

void ground_off_topic(const Context& c, Findings& f) {
    const int ministry = count(c, c.data.on_topic).cues;
    const Topic* best = nullptr;
    Count best_count;
    for (const auto& t : c.data.topics) {
        auto n = count(c, t.cues);
        if (n.cues > best_count.cues) {
            best = &t;
            best_count = n;
        }
    }
    const auto& st = c.data.settings;
    if (!best || best_count.cues < st.off_topic_min_cues ||
        best_count.cues <= ministry * st.off_topic_ministry_weight)
        return;
    std::string note = "(тема: " + best->name;
    if (!best->body.empty()) note += "; компетентный орган: " + best->body;
    note += "; признаков темы " + std::to_string(best_count.cues) +
            ", признаков ведения министерства " + std::to_string(ministry) + ")";
    f.mass_mailing = best->mass_mailing;
    // The ministry's own field touched too: the judgement is a weighing, for a person.
    const char* symbol = best->mass_mailing ? "MASS_MAILING"
                         : ministry > 0     ? "OFF_TOPIC_MIXED"
                                            : "OFF_TOPIC";
    if (best_count.in_body) {
        c.cite(f, Reason::off_topic, symbol, best_count.begin, best_count.end, note);
    } else {
        f.add(Reason::off_topic, symbol, c.letter.subject + " " + note, 0, "subject");
    }
}

}  // namespace obrd
