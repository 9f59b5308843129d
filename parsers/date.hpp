// date.hpp: RFC 5322 Date header values to RFC 3339 text.
//
// Tolerant of what senders write: a missing day name or seconds, two-digit years,
// obsolete zone names (GMT, UT, EST, ...), comments, a missing zone (read as +00:00,
// and reported), full month names. Returns nothing when no date can be read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

std::optional<std::string> parse_rfc5322_date(std::string_view raw,
                                              std::vector<std::string>* defects = nullptr);

}  // namespace obrd
