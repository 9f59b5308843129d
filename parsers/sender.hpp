// sender.hpp: what a letter says about its sender, and where an answer should go.
//
// From the website form's fields when the letter is a form letter; otherwise from the
// letter's signature block and head: full name, organisation (ООО «…», АНО "…",
// Благотворительный фонд «…», ИП Фамилия Имя Отчество, ...), ИНН, ОГРН/ОГРНИП, phone,
// postal address with its index. Values are copied as written (quotes kept); no check
// digit is judged here (identifiers.hpp does that). When the body cannot be read, the
// names come from the From display name. Quoted replies below the text are ignored.
#pragma once

#include <string>

#include "parsers/letter.hpp"

namespace obrd {

SenderDetails extract_sender(const Letter& letter);

// The form's E-mail field, then Reply-To, then From; the first one that is a usable
// address (valid syntax, not a no-reply or MAILER-DAEMON box), else empty. A form letter
// never falls back to the site's own From address.
std::string choose_reply_address(const Letter& letter);

// True when the text reads as Russian or English prose at all (not mojibake, mashing or
// another keyboard layout): a few common words must occur.
bool text_looks_readable(std::string_view text);

}  // namespace obrd
