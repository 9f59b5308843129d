// context.cpp: prepares one letter for the rules (appeal text, quoted part, signature).
//
// Promises: the quoted earlier letter starts at a [quote] marker line of
// text_markers.txt written as a header ("Отправлено: ...") or between dashes ("-----
// Original Message -----"), or at a line starting with '>'; it is moved up to an
// "От:"/"From:" line just above. The signature block starts at the first [signature]
// marker line or "-- ".
#include "rules/context.hpp"

namespace obrd {

namespace {

// The first word of the line starts a marker phrase; with `header`, the phrase must also
// be a header label ("Отправлено: ...") or stand in a rule of dashes ("---- Original
// Message ----"), so that a sentence starting "Отправлено письмо ..." is no quote.
bool line_starts_with(const Context& c, rtext::Span line, const std::vector<Phrase>& markers,
                      bool header) {
    const auto ws = c.words_between(line.begin, line.end);
    if (ws.empty()) return false;
    for (const auto& p : markers) {
        auto m = match_phrase(p, ws);
        if (!m || m->first != 0) continue;
        if (!header) return true;
        const auto v = line.view(c.body);
        const auto after =
            rtext::trim(c.body.substr(ws[m->last]->end, line.end - ws[m->last]->end));
        if (!after.empty() && after.front() == ':') return true;
        if (!v.empty() && (v.front() == '-' || v.front() == '_' || v.front() == '=')) return true;
    }
    return false;
}

bool is_header_line(std::string_view l, std::string_view name) {
    return l.size() > name.size() && l.substr(0, name.size()) == name && l[name.size()] == ':';
}

}  // namespace

Context::Context(const Letter& l, const RuleData& d) : letter(l), data(d) {
    if (l.form) {
        body = l.form->text;
        const auto pos = l.text.find(l.form->text);
        if (!l.form->text.empty() && pos != std::string::npos) body_offset = pos;
        if (pos != std::string::npos)
            body = std::string_view(l.text).substr(pos, l.form->text.size());
    } else {
        body = l.text;
        body_offset = 0;
    }
    words = rtext::words(body);
    sentences = rtext::sentences(body);
    lines = rtext::lines(body);
    subject_words = rtext::words(l.subject);

    main_end = body.size();
    std::size_t prev_nonblank = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto v = rtext::trim(lines[i].view(body));
        if (v.empty()) continue;
        const bool quote =
            v.front() == '>' || line_starts_with(*this, lines[i], d.quote_markers, true);
        if (quote) {
            std::size_t cut = lines[i].begin;
            if (prev_nonblank < lines.size()) {
                const auto pv = rtext::trim(lines[prev_nonblank].view(body));
                if (is_header_line(pv, "От") || is_header_line(pv, "From"))
                    cut = lines[prev_nonblank].begin;
            }
            main_end = cut;
            break;
        }
        prev_nonblank = i;
    }
    signature_begin = main_end;
    for (const auto& line : lines) {
        if (line.begin >= main_end) break;
        const auto v = line.view(body);
        // A closing formula stands on a short line ("С уважением," / "С уважением, Ким А.И.");
        // "С уважением к вашему труду просим ..." in a paragraph is not one.
        constexpr std::size_t kSignatureLineWords = 8;
        const bool short_line = words_between(line.begin, line.end).size() <= kSignatureLineWords;
        if (v == "-- " || v == "--" ||
            (short_line && line_starts_with(*this, line, d.signature_markers, false))) {
            signature_begin = line.begin;
            break;
        }
    }
}

void Context::cite(Findings& f, Reason r, std::string symbol, std::size_t begin, std::size_t end,
                   std::string note) const {
    std::string t = rtext::excerpt(body, begin, end);
    if (!note.empty()) t += " " + note;
    f.add(r, std::move(symbol), std::move(t), text_offset(begin));
}

}  // namespace obrd
