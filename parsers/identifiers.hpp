// identifiers.hpp: check-digit and syntax validators for what senders write about
// themselves: ИНН, ОГРН, ОГРНИП, e-mail addresses, postal indices, phone numbers.
//
// Pure functions of their argument (the digits exactly as written: any non-digit makes
// an identifier invalid). The rules use them to decide `sender_inaccurate`.
// Check-digit rules: shared/reference/legal-notes.md section 4.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace obrd {

bool inn_is_valid(std::string_view inn);        // 10 digits (organisation) or 12 (person, ИП)
bool ogrn_is_valid(std::string_view ogrn);      // 13 digits, mod 11
bool ogrnip_is_valid(std::string_view ogrnip);  // 15 digits, mod 13
// ОГРН or ОГРНИП, chosen by length (the manifest's `ogrn` holds either).
bool ogrn_or_ogrnip_is_valid(std::string_view value);
// A plain addr-spec: dot-atom local part, a domain with at least one dot and a TLD of
// two or more letters. "danilova.ki@mail,ru" and "нет" are not e-mail addresses.
bool email_is_valid(std::string_view address);
// Six digits, the first 1-6 (Russian Post).
bool postal_index_is_valid(std::string_view index);
// The leading six-digit index of a postal address ("694020, г. Корсаков, ..."), if any.
std::optional<std::string> postal_index_of(std::string_view address);
// A Russian phone number as +7 and ten digits; nothing when it cannot be one.
std::optional<std::string> normalize_phone(std::string_view phone);

}  // namespace obrd
