// ground_no_email.cpp: the "no_email" ground: no usable address to answer to.
//
// How: the answer goes to the website form's E-mail field for form letters (the form's
// own From address never counts), otherwise to Letter::reply_address (Reply-To, then
// From). An address is usable when it is syntactically an address and is not one of
// the ministry's own (own_addresses.txt).
#include <algorithm>

#include "parsers/identifiers.hpp"
#include "rules/context.hpp"

namespace obrd {

namespace {

bool own(std::string_view a, const RuleData& d) {
    const auto f = rtext::fold_utf8(a);
    return std::find(d.own_addresses.begin(), d.own_addresses.end(), f) != d.own_addresses.end();
}

}  // namespace

std::string usable_reply_address(const Letter& letter, const RuleData& d) {
    auto ok = [&](std::string_view a) { return email_is_valid(a) && !own(a, d); };
    if (letter.form) {
        const auto e = rtext::trim(letter.form->email);
        return ok(e) ? std::string(e) : std::string();
    }
    if (ok(letter.reply_address)) return letter.reply_address;
    for (const auto& r : letter.reply_to)
        if (ok(r.address)) return r.address;
    if (ok(letter.from.address)) return letter.from.address;
    return {};
}

void ground_no_email(const Context& c, const std::string& reply_to, Findings& f) {
    if (!reply_to.empty()) return;
    const auto& l = c.letter;
    std::string t;
    if (l.form) {
        const auto e = rtext::trim(l.form->email);
        t = e.empty() ? "поле «E-mail» формы сайта не заполнено"
                      : "в поле «E-mail» формы сайта нет адреса: «" + std::string(e) + "»";
    } else {
        t = "нет пригодного адреса: From «" + l.from.address + "»";
        if (!l.reply_to.empty()) t += ", Reply-To «" + l.reply_to.front().address + "»";
    }
    f.add(Reason::no_email, "NO_REPLY_ADDRESS", t, std::nullopt, "sender");
}

}  // namespace obrd
