// ground_abbreviations.cpp: the "abbreviations" ground: a text made mostly of
// abbreviations nobody can decode.
//
// How: in the lines of the letter that also hold ordinary lower-case words (so headings
// such as "ЖАЛОБА" do not count), words of two to eight capital Cyrillic letters that
// are not in abbreviations.txt are unknown abbreviations. The ground fires when there
// are at least abbreviations.min_unknown of them and they make at least
// abbreviations.min_share of the words of those lines.
#include "rules/context.hpp"

namespace obrd {

void ground_abbreviations(const Context& c, Findings& f) {
    std::size_t total = 0;
    std::vector<const rtext::Word*> unknown;
    for (const auto& line : c.lines) {
        if (line.begin >= c.signature_begin) break;
        const auto ws = c.words_between(line.begin, line.end);
        bool has_lower = false;
        for (const auto* w : ws) has_lower |= w->has_cyrillic && !w->all_upper && w->raw.size() > 1;
        if (!has_lower) continue;
        total += ws.size();
        for (const auto* w : ws) {
            if (!w->all_upper || !w->has_cyrillic || w->has_latin || w->has_digit) continue;
            if (w->raw.size() > 8) continue;
            if (c.data.abbreviations.count(w->norm)) continue;
            unknown.push_back(w);
        }
    }
    const auto& s = c.data.settings;
    if (static_cast<int>(unknown.size()) < s.abbreviations_min_unknown || total == 0) return;
    if (static_cast<double>(unknown.size()) <
        s.abbreviations_min_share * static_cast<double>(total))
        return;
    std::string list;
    for (std::size_t i = 0; i < unknown.size() && i < 12; ++i) {
        if (!list.empty()) list += ", ";
        list += rtext::encode(unknown[i]->raw);
    }
    const auto* first = unknown.front();
    const auto* last = unknown.back();
    c.cite(f, Reason::abbreviations, "UNKNOWN_ABBREVIATIONS", first->begin, last->end,
           "(нерасшифрованные сокращения: " + list + "; " + std::to_string(unknown.size()) +
               " из " + std::to_string(total) + " слов)");
}

}  // namespace obrd
