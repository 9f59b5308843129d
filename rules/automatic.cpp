// automatic.cpp: recognises automatic letters (auto-replies, out-of-office, delivery
// status notifications, mailing-list traffic), which are ignored and never answered.
//
// How: Letter::auto_submitted (the parser's judgement), or a top-level header of
// automatic_headers.txt ("Auto-Submitted: !no", "Precedence: bulk", "X-Autoreply: *",
// ...), or a sender address of the form MAILER-DAEMON@ / postmaster@ (also in that file,
// under the pseudo-header "from-local").
#include "rules/context.hpp"

namespace obrd {

namespace {

// The first rule of automatic_headers.txt that a header of the letter matches.
bool header_match(const Letter& letter, const RuleData& d, std::string& why) {
    for (const auto& r : d.automatic_headers) {
        if (r.name == "from-local") {
            const auto at = letter.from.address.find('@');
            if (at != std::string::npos &&
                rtext::fold_utf8(letter.from.address.substr(0, at)) == r.value) {
                why = "From: " + letter.from.address;
                return true;
            }
            continue;
        }
        for (const auto& h : letter.headers) {
            if (rtext::fold_utf8(h.name) != r.name) continue;
            const auto value = rtext::fold_utf8(rtext::trim(h.value));
            const bool starts = value.compare(0, r.value.size(), r.value) == 0;
            if (r.negate ? !starts : (r.value.empty() || starts)) {
                why = h.name + ": " + h.value;
                return true;
            }
        }
    }
    return false;
}

}  // namespace

bool is_automatic_letter(const Letter& letter, const RuleData& d, std::string& why) {
    if (header_match(letter, d, why)) return true;
    if (letter.auto_submitted) {
        why = "письмо помечено разборщиком как автоматическое";
        return true;
    }
    return false;
}

}  // namespace obrd
