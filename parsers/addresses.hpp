// addresses.hpp: RFC 5322 address lists (From, To, Cc, Reply-To) to decoded mailboxes.
//
// Works on the raw header value, so a comma inside an encoded-word or a quoted display
// name never splits a mailbox. Groups (`undisclosed-recipients:;`, also without the
// closing ";") yield their members only. Comments serve as the display name of a bare
// address. Never throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/letter.hpp"

namespace obrd {

std::vector<Address> parse_address_list(std::string_view raw,
                                        std::vector<std::string>* defects = nullptr);

}  // namespace obrd
