// automatic.cpp: recognises automatic letters (auto-replies, out-of-office, delivery
// status notifications, mailing-list traffic), which are ignored and never answered.
//
// How: Letter::auto_submitted (the parser's judgement), or a top-level header of
// automatic_headers.txt ("Auto-Submitted: !no", "Precedence: bulk", "X-Autoreply: *",
// ...), or a sender address of the form MAILER-DAEMON@ / postmaster@ (also in that file,
// under the pseudo-header "from-local").
#include "rules/context.hpp"

namespace obrd {

bool is_automatic(const Letter& letter, const RuleData& d, std::string& why) {
    if (letter.auto_submitted) {
        why = "письмо помечено разборщиком как автоматическое";
        for (const auto& h : letter.headers) {
            const auto name = rtext::fold_utf8(h.name);
            for (const auto& r : d.automatic_headers)
                if (r.name == name) why = h.name + ": " + h.value;
        }
        return true;
    }
    for (const auto& h : letter.headers) {
        const auto name = rtext::fold_utf8(h.name);
        const auto value = rtext::fold_utf8(rtext::trim(h.value));
        for (const auto& r : d.automatic_headers) {
            if (r.name != name) continue;
            const bool starts = value.compare(0, r.value.size(), r.value) == 0;
            if (r.negate ? !starts : (r.value.empty() || starts)) {
                why = h.name + ": " + h.value;
                return true;
            }
        }
    }
    const auto at = letter.from.address.find('@');
    const auto local = rtext::fold_utf8(letter.from.address.substr(0, at));
    for (const auto& r : d.automatic_headers) {
        if (r.name == "from-local" && local == r.value) {
            why = "From: " + letter.from.address;
            return true;
        }
    }
    return false;
}

}  // namespace obrd
