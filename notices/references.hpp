// references.hpp: what our own mail carries that lets a later letter point back at it:
// the Message-IDs of our notices and cards, and registration numbers. One home for both
// formats, and bounded scanners that find them in untrusted text.
//
// Promises: pure; every scanner is a single forward pass over its input (no regular
// expressions, no recursion, no backtracking), so a letter of any size and shape costs
// time linear in its length and constant stack. A candidate longer than the format allows
// is skipped as a whole, not re-scanned from each of its characters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

// The Message-ID (without angle brackets) of one of our messages: obrd.TOKEN@DOMAIN.
// `token` is letters, digits, '.', '_' and '-'.
std::string our_message_id(std::string_view token, std::string_view domain);

// Our Message-IDs quoted anywhere in `text` (a bounce, a reply), in order of appearance,
// duplicates removed, at most `max_ids`.
std::vector<std::string> find_our_message_ids(std::string_view text, std::size_t max_ids = 64);

// The registration number of the n-th accepted letter of `year`: МСЗ-YYYY-NNNNNN.
std::string registration_number(int year, long n);

// The first registration number written in `text` (МСЗ-YYYY-NNNNNN, not inside a longer
// run of digits), if any.
std::optional<std::string> find_registration_number(std::string_view text);

}  // namespace obrd
