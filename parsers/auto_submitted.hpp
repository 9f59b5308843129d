// auto_submitted.hpp: is a letter automatic (never to be answered)?
//
// Yes for: Auto-Submitted other than "no" (RFC 3834); Precedence bulk, list, junk or
// auto_reply; X-Autoreply / X-Autorespond; a List-Id (mailing-list traffic); a delivery
// report (multipart/report); a MAILER-DAEMON or postmaster sender.
#pragma once

#include <string_view>

#include "parsers/letter.hpp"

namespace obrd {

bool is_automatic(const Letter& letter, std::string_view root_content_type);

}  // namespace obrd
