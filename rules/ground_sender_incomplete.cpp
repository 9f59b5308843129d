// ground_sender_incomplete.cpp: the "sender_incomplete" ground: the letter names neither
// a person (at least surname and first name) nor an organisation.
//
// How: reads Letter::sender, which the parser fills from the website form, the letter's
// head and signature, or the From display name. The evidence says what is there and
// what is missing.
#include "rules/context.hpp"

namespace obrd {

namespace {

bool given(const std::optional<std::string>& v) {
    return v && !rtext::trim(*v).empty();
}

}  // namespace

void ground_sender_incomplete(const Context& c, Findings& f) {
    const auto& s = c.letter.sender;
    const bool person = given(s.last_name) && given(s.first_name);
    if (person || given(s.organization)) return;
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
