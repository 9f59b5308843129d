// auto_submitted.cpp: the header checks of auto_submitted.hpp.
#include "parsers/auto_submitted.hpp"

#include "parsers/text_util.hpp"

namespace obrd {

bool is_automatic(const Letter& letter, std::string_view root_content_type) {
    for (const HeaderField& h : letter.headers) {
        const std::string value = text::to_lower_ascii(text::trim(h.value));
        if (text::iequals(h.name, "Auto-Submitted")) {
            if (!value.empty() && !text::istarts_with(value, "no")) return true;
        } else if (text::iequals(h.name, "Precedence")) {
            if (value == "bulk" || value == "list" || value == "junk" || value == "auto_reply")
                return true;
        } else if (text::iequals(h.name, "X-Autoreply") || text::iequals(h.name, "X-Autorespond") ||
                   text::iequals(h.name, "X-Autoresponse") || text::iequals(h.name, "List-Id")) {
            return true;
        }
    }
    if (text::iequals(root_content_type, "multipart/report")) return true;
    const std::string_view address = letter.from.address;
    const auto at = address.find('@');
    const std::string_view local = address.substr(0, at);
    return text::iequals(local, "mailer-daemon") || text::iequals(local, "postmaster");
}

}  // namespace obrd
