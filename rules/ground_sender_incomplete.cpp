// ground_sender_incomplete.cpp: the "sender_incomplete" ground: the letter names neither
// a person (at least surname and first name) nor an organisation.
//
// How: reads Letter::sender, which the parser fills from the website form, the letter's
// head and signature; when that has no full name, a From display name that is one
// (two or three capitalised Cyrillic words) will do, except for website form letters.
// The evidence says what is there and what is missing.
#include "rules/context.hpp"

namespace obrd {

namespace {

bool given(const std::optional<std::string>& v) {
    return v && !rtext::trim(*v).empty();
}

}  // namespace

// "Фамилия Имя" or "Фамилия Имя Отчество" (or "Имя Фамилия"): two or three capitalised
// Cyrillic words, nothing else.
bool full_name(std::string_view display) {
    const auto ws = rtext::words(display);
    if (ws.size() < 2 || ws.size() > 3) return false;
    std::size_t covered = 0;
    for (const auto& w : ws) {
        if (!w.has_cyrillic || w.has_latin || w.has_digit || w.all_upper || w.raw.size() < 2 ||
            !rtext::is_upper(w.raw[0]))
            return false;
        covered += w.end - w.begin;
    }
    // Only spaces (and hyphens of double names) between the words.
    return rtext::trim(display).size() <= covered + 2 * ws.size();
}

void ground_sender_incomplete(const Context& c, Findings& f) {
    const auto& s = c.letter.sender;
    const bool person = given(s.last_name) && given(s.first_name);
    if (person || given(s.organization)) return;
    // What the letter's text does not say, a mail client's From name may: "Ким Анна
    // Ивановна <kim@...>" is a full name. Never for the website form, whose From is the site.
    if (!c.letter.form && full_name(c.letter.from.name)) return;
    std::string have;
    if (given(s.last_name)) have = "фамилия «" + *s.last_name + "»";
    if (given(s.first_name)) have += (have.empty() ? "" : ", ") + ("имя «" + *s.first_name + "»");
    std::string t = have.empty() ? "не указаны ни фамилия и имя, ни наименование организации"
                                 : "указаны только " + have + "; нет " +
                                       (given(s.last_name) ? "имени" : "фамилии") +
                                       " и наименования организации";
    f.add(Reason::sender_incomplete,
          given(s.last_name) || given(s.first_name) ? "SENDER_PARTIAL_NAME" : "SENDER_NO_NAME", t,
          std::nullopt, "sender");
}

}  // namespace obrd
