// ground_complaint.cpp: recognises complaints (жалобы on the decisions, actions or
// inaction of the ministry's officials) and the "complaint_incomplete" ground: a
// mandatory item is missing (applicant, reply_address, official, essence, notify_method,
// in that order; see shared/corpus/README.md "How the complaint items are judged").
//
// How, with the phrases of complaint.txt:
//  - a complaint: the subject, the form's topic, a heading line of the body, or a
//    sentence of the body says so ([subject], [form_topic], [heading], [text]);
//  - applicant: a surname and first name, or an organisation, in Letter::sender;
//  - reply_address: when a request sentence ([notify_verb]) asks for a paper answer
//    ([paper_answer], or [paper_answer_weak] without [electronic_answer]) a postal address
//    is needed (the sender's, or an index + comma anywhere in the letter); otherwise a
//    reply email or a postal address will do;
//  - official: a person named in the text (Фамилия Имя Отчество, Фамилия И.О., or a
//    position of [official_position] followed by a capitalised surname) who is not the
//    applicant, or a sentence saying the name is unknown ([official_unknown]); missing
//    with a position named that is not [official_vague] is weak evidence;
//  - essence: at least essence.min_words content words (four letters or more, not names)
//    in sentences of five words or more that are not formulas ([formula]: greetings,
//    "прошу рассмотреть", "считаем незаконными", requests for an answer, ...), outside
//    the signature;
//  - notify_method: a request sentence ([notify_verb]) that names a way to answer
//    ([notify_method]) or holds an email address.
#include <algorithm>

#include "rules/context.hpp"

namespace obrd {

namespace {

bool any_match(const std::vector<Phrase>& ps, const std::vector<const rtext::Word*>& ws) {
    const auto letters = first_letters(ws);
    for (const auto& p : ps)
        if (match_phrase(p, ws, letters)) return true;
    return false;
}

std::vector<const rtext::Word*> all(const std::vector<rtext::Word>& ws) {
    std::vector<const rtext::Word*> out;
    for (const auto& w : ws) out.push_back(&w);
    return out;
}

bool capitalised(const rtext::Word& w) {
    return w.has_cyrillic && !w.has_latin && !w.has_digit && w.raw.size() >= 2 &&
           rtext::is_upper(w.raw[0]) && !w.all_upper;
}

bool initial(const rtext::Word& w, std::string_view body) {
    return w.raw.size() == 1 && rtext::is_upper(w.raw[0]) && rtext::is_cyrillic(w.raw[0]) &&
           w.end < body.size() && body[w.end] == '.';
}

bool patronymic(const rtext::Word& w) {
    static const std::vector<std::u32string> endings = {
        U"вич", U"вича", U"вичу", U"вичем", U"виче", U"вна",  U"вны",  U"вне",
        U"вну", U"вной", U"вною", U"ична",  U"ичны", U"ичне", U"ичну", U"ичной",
        U"ьич", U"ьича", U"ьичу", U"ьичем", U"кич",  U"кича", U"кичу", U"кичем",
    };
    if (!capitalised(w)) return false;
    for (const auto& e : endings)
        if (w.norm.size() > e.size() + 2 &&
            w.norm.compare(w.norm.size() - e.size(), e.size(), e) == 0)
            return true;
    return false;
}

// The first letters of a name: enough to match its inflected forms.
std::u32string stem(std::u32string_view s) {
    const std::size_t n = s.size() > 4 ? s.size() - 2 : std::min<std::size_t>(s.size(), 3);
    return std::u32string(s.substr(0, n));
}

bool same_person(const std::u32string& word, const std::optional<std::string>& name) {
    if (!name || name->empty()) return false;
    const auto n = rtext::fold(rtext::to_u32(*name));
    const auto st = stem(n);
    return !st.empty() && word.compare(0, st.size(), st) == 0;
}

struct NamedOfficial {
    std::size_t begin = 0, end = 0;
};

std::optional<NamedOfficial> named_official(const Context& c) {
    const auto ws = c.words_between(0, c.signature_begin);
    const auto& sender = c.letter.sender;
    auto applicant = [&](const rtext::Word& surname, const rtext::Word* first) {
        if (same_person(surname.norm, sender.last_name)) return true;
        return first && same_person(first->norm, sender.first_name) &&
               sender.last_name.has_value() == false;
    };
    for (std::size_t i = 0; i + 2 < ws.size(); ++i) {
        const auto &a = *ws[i], &b = *ws[i + 1], &d = *ws[i + 2];
        // Фамилия Имя Отчество
        if (capitalised(a) && capitalised(b) && patronymic(d) && !applicant(a, &b))
            return NamedOfficial{a.begin, d.end};
        // Имя Отчество Фамилия is rare in letters; Фамилия И.О.
        if (capitalised(a) && initial(b, c.body) && initial(d, c.body) && !applicant(a, nullptr))
            return NamedOfficial{a.begin, d.end + 1};
        // И.О. Фамилия
        if (initial(a, c.body) && initial(b, c.body) && capitalised(d) && !applicant(d, nullptr))
            return NamedOfficial{a.begin, d.end};
    }
    // A position followed by a surname within a few words: "инспектору Семёнову",
    // "начальника отдела контроля Семёнова" (but not "... Сахалинской области").
    auto not_a_name = [&](const rtext::Word* w) {
        const std::vector<const rtext::Word*> one{w};
        for (const auto& p : c.data.not_a_name)
            if (match_phrase(p, one)) return true;
        return false;
    };
    constexpr std::size_t kLookAhead = 6;
    for (const auto& s : c.sentences) {
        if (s.begin >= c.signature_begin) break;
        const auto sw = c.words_between(s.begin, s.end);
        for (const auto& p : c.data.official_position) {
            auto m = match_phrase(p, sw);
            if (!m) continue;
            for (std::size_t k = m->last + 1; k < sw.size() && k <= m->last + kLookAhead; ++k) {
                const auto& next = *sw[k];
                if (!capitalised(next) || not_a_name(sw[k])) continue;
                if (applicant(next, nullptr)) break;
                return NamedOfficial{sw[m->first]->begin, next.end};
            }
        }
    }
    return std::nullopt;
}

// A postal address written anywhere in the letter: a six-digit index followed by a comma
// ("694020, г. Корсаков, ..."), even where the parser took no sender address from it.
bool has_postal_index(std::string_view t) {
    for (std::size_t i = 0; i + 7 <= t.size(); ++i) {
        if (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9') continue;
        std::size_t n = 0;
        while (i + n < t.size() && t[i + n] >= '0' && t[i + n] <= '9') ++n;
        if (n == 6 && i + n < t.size() && t[i + n] == ',' && t[i] != '0') return true;
        i += n;
    }
    return false;
}

}  // namespace

bool is_complaint(const Context& c) {
    const auto& d = c.data;
    if (any_match(d.complaint_subject, all(c.subject_words))) return true;
    if (c.letter.form && any_match(d.complaint_topic, all(rtext::words(c.letter.form->topic))))
        return true;
    for (const auto& line : c.lines) {
        if (line.begin >= c.main_end) break;
        const auto ws = c.words_between(line.begin, line.end);
        if (ws.empty() || ws.size() > 6) continue;
        for (const auto& p : d.complaint_heading) {
            auto m = match_phrase(p, ws);
            if (m && m->first == 0) return true;
        }
    }
    for (const auto& s : c.sentences) {
        if (s.begin >= c.main_end) break;
        if (any_match(d.complaint_text, c.words_between(s.begin, s.end))) return true;
    }
    return false;
}

void ground_complaint_incomplete(const Context& c, Findings& f) {
    const auto& d = c.data;
    const auto& sender = c.letter.sender;
    auto given = [](const std::optional<std::string>& v) { return v && !rtext::trim(*v).empty(); };
    std::vector<ComplaintItem> missing;
    std::vector<std::string> notes;

    if (!((given(sender.last_name) && given(sender.first_name)) || given(sender.organization))) {
        missing.push_back(ComplaintItem::applicant);
        notes.push_back("нет фамилии и имени заявителя или наименования организации");
    }

    bool paper = false, notify = false;
    std::optional<rtext::Span> paper_at;
    for (const auto& s : c.sentences) {
        if (s.begin >= c.main_end) break;
        const auto ws = c.words_between(s.begin, s.end);
        if (!any_match(d.notify_verb, ws)) continue;
        // "в письменной форме" alone may still mean by email; "по почтовому адресу" may not.
        if (any_match(d.paper_answer, ws) ||
            (any_match(d.paper_answer_weak, ws) && !any_match(d.electronic_answer, ws))) {
            paper = true;
            if (!paper_at) paper_at = s;
        }
        if (any_match(d.notify_method, ws) || s.view(c.body).find('@') != std::string_view::npos)
            notify = true;
    }
    const bool postal = given(sender.postal_address) || has_postal_index(c.main_text());
    const bool email = !usable_reply_address(c.letter, d).empty();
    if (paper ? !postal : !(postal || email)) {
        missing.push_back(ComplaintItem::reply_address);
        notes.push_back(paper ? "ответ просят направить почтой, но почтовый адрес не указан"
                              : "нет ни почтового адреса, ни адреса электронной почты");
    }

    // The official: named, or identified well enough. "Фамилию не знаю" (official_unknown)
    // satisfies the item when a position that is not [official_vague] or an event
    // ([official_event]: "выездная проверка", "на приёме") identifies the person, as the
    // procedure's "при наличии информации" allows. Missing with such a hint (or with only
    // the "unknown" sentence) is weak evidence, for a person to judge; missing with nothing
    // at all ("сотрудник министерства грубил") is strong.
    bool unknown = false, by_position = false, event = false;
    auto vague = [&](const Phrase& p) {
        return std::any_of(d.official_vague.begin(), d.official_vague.end(),
                           [&](const Phrase& v) { return v.source == p.source; });
    };
    for (const auto& s : c.sentences) {
        if (s.begin >= c.signature_begin) break;
        const auto ws = c.words_between(s.begin, s.end);
        if (any_match(d.official_unknown, ws)) unknown = true;
        for (const auto& p : d.official_position)
            if (!vague(p) && match_phrase(p, ws)) by_position = true;
        if (any_match(d.official_event, ws)) event = true;
    }
    const bool identified = named_official(c) || (unknown && (by_position || event));
    const bool official_hint = by_position || event || unknown;
    if (!identified) {
        missing.push_back(ComplaintItem::official);
        notes.push_back(
            unknown         ? "сказано, что имя должностного лица неизвестно, но не названы ни его "
                              "должность, ни событие, по которым его можно определить"
            : official_hint ? "должностное лицо не названо; упомянуты должность или событие, но не "
                              "сказано, что его имя неизвестно"
                            : "должностное лицо не названо, и не сказано, что его имя неизвестно");
    }

    // Content words of real sentences (five words or more, so not the head or signature
    // lines) that are not formulas: lower-case words of four letters or more, and the
    // sentence's first word; capitalised words inside a sentence are names.
    constexpr std::size_t kSentenceWords = 5;
    std::size_t content = 0;
    for (const auto& s : c.sentences) {
        if (s.begin >= c.signature_begin) break;
        const auto ws = c.words_between(s.begin, s.end);
        if (ws.size() < kSentenceWords || any_match(d.formula, ws)) continue;
        for (std::size_t i = 0; i < ws.size(); ++i) {
            const auto* w = ws[i];
            if (w->has_cyrillic && !w->has_digit && !w->all_upper && w->raw.size() >= 4 &&
                (i == 0 || !rtext::is_upper(w->raw[0])))
                ++content;
        }
    }
    if (static_cast<int>(content) < d.settings.essence_min_words) {
        missing.push_back(ComplaintItem::essence);
        notes.push_back("не изложена суть нарушения (содержательных слов вне формул: " +
                        std::to_string(content) + ")");
    }

    if (!notify) {
        missing.push_back(ComplaintItem::notify_method);
        notes.push_back("не указан способ уведомления о принятых мерах");
    }

    if (missing.empty()) return;
    f.complaint_missing = missing;
    for (std::size_t i = 0; i < missing.size(); ++i) {
        std::string sym = "COMPLAINT_NO_";
        for (char ch : to_string(missing[i]))
            sym += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (missing[i] == ComplaintItem::official && official_hint)
            sym = "COMPLAINT_OFFICIAL_UNNAMED";
        if (missing[i] == ComplaintItem::reply_address && paper_at) {
            c.cite(f, Reason::complaint_incomplete, sym, paper_at->begin, paper_at->end,
                   "(" + notes[i] + ")");
        } else {
            f.add(Reason::complaint_incomplete, sym, notes[i], std::nullopt, "text");
        }
    }
}

}  // namespace obrd
