// identifiers.cpp: the validators of identifiers.hpp.
#include "parsers/identifiers.hpp"

#include <cstdint>

#include "parsers/text_util.hpp"

namespace obrd {

namespace {

bool digits_only(std::string_view s, std::size_t length) {
    if (s.size() != length) return false;
    for (char c : s)
        if (!text::is_ascii_digit(c)) return false;
    return true;
}

int weighted_check(std::string_view digits, std::initializer_list<int> weights) {
    int sum = 0;
    std::size_t i = 0;
    for (int w : weights) sum += (digits[i++] - '0') * w;
    return sum % 11 % 10;
}

std::uint64_t number_of(std::string_view digits) {
    std::uint64_t v = 0;
    for (char c : digits) v = v * 10 + std::uint64_t(c - '0');
    return v;
}

}  // namespace

bool inn_is_valid(std::string_view inn) {
    if (digits_only(inn, 10))
        return weighted_check(inn, {2, 4, 10, 3, 5, 9, 4, 6, 8}) == inn[9] - '0';
    if (digits_only(inn, 12)) {
        return weighted_check(inn, {7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == inn[10] - '0' &&
               weighted_check(inn, {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == inn[11] - '0';
    }
    return false;
}

bool ogrn_is_valid(std::string_view ogrn) {
    if (!digits_only(ogrn, 13)) return false;
    return int(number_of(ogrn.substr(0, 12)) % 11 % 10) == ogrn[12] - '0';
}

bool ogrnip_is_valid(std::string_view ogrnip) {
    if (!digits_only(ogrnip, 15)) return false;
    return int(number_of(ogrnip.substr(0, 14)) % 13 % 10) == ogrnip[14] - '0';
}

bool ogrn_or_ogrnip_is_valid(std::string_view value) {
    return value.size() == 15 ? ogrnip_is_valid(value) : ogrn_is_valid(value);
}

bool email_is_valid(std::string_view address) {
    if (address.size() > 254) return false;
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
    const std::string_view local = address.substr(0, at);
    const std::string_view domain = address.substr(at + 1);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos)
        return false;
    static const std::string_view specials = "!#$%&'*+/=?^_`{|}~-.";
    for (char c : local) {
        const auto u = static_cast<unsigned char>(c);
        if (!(text::is_ascii_alpha(c) || text::is_ascii_digit(c) ||
              specials.find(c) != std::string_view::npos || u >= 0x80))
            return false;
    }
    // Domain: dot-separated labels of letters, digits and inner hyphens (UTF-8 allowed
    // for internationalised names); the last label is the TLD.
    std::size_t label_start = 0;
    int labels = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i < domain.size() && domain[i] != '.') {
            const char c = domain[i];
            const auto u = static_cast<unsigned char>(c);
            if (!(text::is_ascii_alpha(c) || text::is_ascii_digit(c) || c == '-' || u >= 0x80))
                return false;
            continue;
        }
        const std::string_view label = domain.substr(label_start, i - label_start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        ++labels;
        if (i == domain.size()) {
            // The TLD: letters only (or an IDN / punycode label).
            if (label.size() < 2) return false;
            for (char c : label)
                if (text::is_ascii_digit(c)) return false;
        }
        label_start = i + 1;
    }
    return labels >= 2;
}

bool postal_index_is_valid(std::string_view index) {
    return digits_only(index, 6) && index[0] >= '1' && index[0] <= '6';
}

std::optional<std::string> postal_index_of(std::string_view address) {
    address = text::trim(address);
    if (address.size() < 6) return std::nullopt;
    const std::string_view head = address.substr(0, 6);
    if (!digits_only(head, 6)) return std::nullopt;
    if (address.size() > 6 && text::is_ascii_digit(address[6])) return std::nullopt;
    return std::string(head);
}

std::optional<std::string> normalize_phone(std::string_view phone) {
    std::string digits;
    for (char c : phone) {
        if (text::is_ascii_digit(c)) digits.push_back(c);
        if (digits.size() > 15) return std::nullopt;
    }
    if (digits.size() == 11 && (digits[0] == '7' || digits[0] == '8'))
        return "+7" + digits.substr(1);
    if (digits.size() == 10) return "+7" + digits;
    return std::nullopt;
}

}  // namespace obrd
