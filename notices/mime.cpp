// mime.cpp: see mime.hpp. Encoders and validators for outgoing headers.
//
// Promises: the validators reject rather than repair anything that could change the
// structure of a header (line ends, brackets, commas, quotes); the encoders only ever emit
// ASCII, with CRLF line ends.
#include "notices/mime.hpp"

#include <unicode/uidna.h>

#include <cstdio>
#include <cstdlib>

#include "parsers/text_util.hpp"

namespace obrd::mime {

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '/':
        case '=':
        case '?':
        case '^':
        case '_':
        case '`':
        case '{':
        case '|':
        case '}':
        case '~':
            return true;
        default:
            return false;
    }
}

bool printable_ascii(std::string_view s) {
    for (char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

std::string describe(char c) {
    switch (c) {
        case ' ':
            return "a space";
        case '\r':
            return "a carriage return (CR)";
        case '\n':
            return "a line feed (LF)";
        case '\t':
            return "a tab";
        case '"':
            return "a quote";
        case '<':
        case '>':
            return "an angle bracket";
        case ',':
            return "a comma";
        default:
            break;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%02X",
                      static_cast<unsigned>(static_cast<unsigned char>(c)));
        return std::string("a control character (") + buf + ")";
    }
    return std::string("\"") + c + "\"";
}

std::string idn_to_ascii(std::string_view domain) {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* idna = uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI, &status);
    if (U_FAILURE(status)) throw InvalidValue("the domain cannot be converted to ASCII");
    std::string out(256, '\0');
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    const int32_t n = uidna_nameToASCII_UTF8(idna, domain.data(), int32_t(domain.size()),
                                             out.data(), int32_t(out.size()), &info, &status);
    uidna_close(idna);
    if (U_FAILURE(status) || info.errors != 0 || n <= 0 || n > 253)
        throw InvalidValue("the domain \"" + one_line(domain, 100) +
                           "\" is not a valid internationalised domain name");
    out.resize(std::size_t(n));
    return out;
}

}  // namespace

std::string base64(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const unsigned v = (unsigned(static_cast<unsigned char>(data[i])) << 16) |
                           (unsigned(static_cast<unsigned char>(data[i + 1])) << 8) |
                           unsigned(static_cast<unsigned char>(data[i + 2]));
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (i < data.size()) {
        unsigned v = unsigned(static_cast<unsigned char>(data[i])) << 16;
        if (i + 1 < data.size()) v |= unsigned(static_cast<unsigned char>(data[i + 1])) << 8;
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += i + 1 < data.size() ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_lines(std::string_view data, std::size_t line_length) {
    const std::string b = base64(data);
    std::string out;
    out.reserve(b.size() + b.size() / line_length * 2 + 2);
    for (std::size_t i = 0; i < b.size(); i += line_length) {
        out.append(b, i, line_length);
        out += "\r\n";
    }
    return out;
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
    const std::string s = text::repair_utf8(text);
    std::string out;
    bool space = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        const char32_t cp = text::next_utf8(s, i);
        const bool control =
            cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
        if (control || cp == ' ' || cp == 0xa0) {
            space = !out.empty();
            continue;
        }
        const std::size_t len = i - start;
        const std::size_t need = len + (space ? 1 : 0);
        if (out.size() + need > max_bytes) {
            static constexpr std::string_view kEllipsis = "\u2026";
            while (!out.empty() && out.size() + kEllipsis.size() > max_bytes) {
                // drop whole characters from the end
                std::size_t k = out.size() - 1;
                while (k > 0 && (static_cast<unsigned char>(out[k]) & 0xc0) == 0x80) --k;
                out.resize(k);
            }
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += kEllipsis;
            return out;
        }
        if (space) out += ' ';
        space = false;
        out.append(s, start, len);
    }
    return out;
}

std::string checked_address(std::string_view address) {
    if (address.empty()) throw InvalidValue("the address is empty");
    if (address.size() > 320) throw InvalidValue("the address is too long");
    for (char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || c == '"' || c == '<' || c == '>' || c == ',' || c == ';' ||
            c == ':' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\')
            throw InvalidValue("the address \"" + one_line(address, 100) + "\" contains " +
                               describe(c) + "; only a plain address like name@example.ru is used");
    }
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || address.find('@') != at)
        throw InvalidValue("the address \"" + one_line(address, 100) +
                           "\" must contain exactly one \"@\"");
    const std::string_view local = address.substr(0, at);
    std::string_view domain = address.substr(at + 1);
    if (local.empty() || local.size() > 64)
        throw InvalidValue("the address \"" + one_line(address, 100) +
                           "\" has an empty or too long part before \"@\"");
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        throw InvalidValue("the address \"" + one_line(address, 100) +
                           "\" has a misplaced dot before \"@\"");
    for (char c : local)
        if (!is_atext(c) && c != '.')
            throw InvalidValue("the address \"" + one_line(address, 100) +
                               "\" has a character that is not plain ASCII before \"@\"");
    std::string ascii_domain;
    if (!text::is_all_ascii(domain)) {
        if (!text::is_valid_utf8(domain))
            throw InvalidValue("the domain of \"" + one_line(address, 100) +
                               "\" is not valid UTF-8");
        ascii_domain = idn_to_ascii(domain);
        domain = ascii_domain;
    }
    if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos)
        throw InvalidValue("the address \"" + one_line(address, 100) +
                           "\" has no domain with a dot after \"@\"");
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i < domain.size() && domain[i] != '.') {
            const char c = domain[i];
            if (!text::is_ascii_alpha(c) && !text::is_ascii_digit(c) && c != '-')
                throw InvalidValue("the domain of \"" + one_line(address, 100) +
                                   "\" may hold only letters, digits, hyphens and dots");
            continue;
        }
        const std::string_view label = domain.substr(label_start, i - label_start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            throw InvalidValue("the domain of \"" + one_line(address, 100) +
                               "\" has an empty or malformed part");
        label_start = i + 1;
    }
    return std::string(local) + "@" + std::string(domain);
}

std::optional<std::string> checked_message_id(std::string_view id) {
    if (id.empty() || id.size() > 250) return std::nullopt;
    for (char c : id)
        if (c <= 0x20 || c > 0x7e || c == '<' || c == '>') return std::nullopt;
    return std::string(id);
}

namespace {

std::string q_encoded(std::string_view piece) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "=?UTF-8?Q?";
    for (unsigned char c : piece) {
        if (c == ' ') {
            out += '_';
        } else if (text::is_ascii_alpha(static_cast<char>(c)) ||
                   text::is_ascii_digit(static_cast<char>(c))) {
            out += static_cast<char>(c);
        } else {
            out += '=';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out + "?=";
}

// The encoded words of `text`, cut by one pass of dynamic programming over its character
// boundaries, cheapest first:
// - a cut just before or just after a space; one inside a word only where a word does not
//   fit in one encoded word (RFC 2047 decoders join adjacent words without the whitespace
//   between them, but some keep it, and a cut inside a word then shows as a space in it);
// - B-encoded pieces, but a piece whose base64 ends in "=" padding only last or before a
//   Q-encoded piece: GMime joins the base64 of adjacent B words of one charset before
//   decoding and stops at padding in the middle, and starts afresh after a Q word; a
//   padded B piece before another B piece only as a last resort;
// - the fewest pieces.
std::vector<std::string> cut_words(std::string_view text, std::size_t first, std::size_t rest) {
    auto b_capacity = [](std::size_t limit) -> std::size_t {
        // "=?UTF-8?B?" + base64 + "?=": 12 characters around 4 per 3 bytes.
        return limit > 16 ? (limit - 12) / 4 * 3 : 3;
    };
    const std::size_t size = text.size();
    std::vector<std::size_t> q_prefix(size + 1, 0);  // Q-encoded length of text[0, k)
    for (std::size_t k = 0; k < size; ++k) {
        const char c = text[k];
        q_prefix[k + 1] =
            q_prefix[k] + (c == ' ' || text::is_ascii_alpha(c) || text::is_ascii_digit(c) ? 1 : 3);
    }
    auto boundary = [&](std::size_t k) {
        return k == size || (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
    };
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    // By where the rest starts: the cheapest cutting whose first piece is B, and Q.
    struct Best {
        std::size_t cost = kNone, to = 0;
        bool then_q = false;  // the next piece is Q-encoded (as the cost assumed)
    };
    std::vector<Best> as_b(size + 1), as_q(size + 1);
    auto either = [&](std::size_t k) { return std::min(as_b[k].cost, as_q[k].cost); };
    auto offer = [](Best& b, std::size_t cost, std::size_t to, bool then_q) {
        if (cost < b.cost) b = {cost, to, then_q};
    };
    auto then_q = [&](std::size_t k) { return as_q[k].cost < as_b[k].cost; };
    as_b[size].cost = 0;
    for (std::size_t from = size; from-- > 0;) {
        if (!boundary(from)) continue;
        const std::size_t limit = from == 0 ? first : rest;
        const std::size_t b_cap = b_capacity(limit);
        for (std::size_t to = from + 1; to <= size; ++to) {
            const std::size_t bytes = to - from;
            const std::size_t q_len = 12 + q_prefix[to] - q_prefix[from];
            if (bytes > b_cap && q_len > limit) break;
            if (!boundary(to)) continue;
            const std::size_t cut = to < size && text[to] != ' ' && text[to - 1] != ' ' ? 1000 : 0;
            if (bytes <= b_cap) {
                if (to == size) {
                    offer(as_b[from], 10, to, false);
                } else if (bytes % 3 == 0) {
                    if (either(to) != kNone)
                        offer(as_b[from], 10 + cut + either(to), to, then_q(to));
                } else {
                    if (as_q[to].cost != kNone)
                        offer(as_b[from], 10 + cut + as_q[to].cost, to, true);
                    if (as_b[to].cost != kNone)
                        offer(as_b[from], 500 + cut + as_b[to].cost, to, false);
                }
            }
            if (q_len <= limit && either(to) != kNone)
                offer(as_q[from], 11 + cut + either(to), to, then_q(to));
        }
        if (either(from) == kNone) {
            // Not even one character fits (a tiny `first`): it goes alone, over the limit.
            std::size_t to = from + 1;
            while (!boundary(to)) ++to;
            offer(as_b[from], 100000 + either(to), to, then_q(to));
        }
    }
    std::vector<std::string> words;
    bool q = then_q(0);
    for (std::size_t from = 0; from < size;) {
        const Best& piece_best = q ? as_q[from] : as_b[from];
        const std::string_view piece = text.substr(from, piece_best.to - from);
        words.push_back(q ? q_encoded(piece) : "=?UTF-8?B?" + base64(piece) + "?=");
        from = piece_best.to;
        q = piece_best.then_q;
    }
    return words;
}

}  // namespace

std::vector<std::string> encoded_words(std::string_view text, std::size_t first, std::size_t rest) {
    if (text.empty()) return {std::string("=?UTF-8?B?").append("?=")};
    return cut_words(text, first, rest);
}

std::string unstructured_header(std::string_view name, std::string_view value) {
    const std::string prefix = std::string(name) + ": ";
    if (printable_ascii(value) && value.find("=?") == std::string_view::npos) {
        // Plain text, folded at spaces when every word fits on a line.
        std::string out = prefix;
        std::size_t col = prefix.size();
        bool ok = true;
        std::size_t pos = 0;
        bool first = true;
        while (pos <= value.size()) {
            auto sp = value.find(' ', pos);
            if (sp == std::string_view::npos) sp = value.size();
            const std::string_view word = value.substr(pos, sp - pos);
            if (first) {
                out += word;
                col += word.size();
                first = false;
            } else if (col + 1 + word.size() <= 76) {
                out += ' ';
                out += word;
                col += 1 + word.size();
            } else {
                out += "\r\n ";
                out += word;
                col = 1 + word.size();
            }
            if (col > 76) ok = false;
            pos = sp + 1;
            if (sp == value.size()) break;
        }
        if (ok) return out + "\r\n";
    }
    const auto words = encoded_words(value, 76 - prefix.size());
    std::string out = prefix;
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (k) out += "\r\n ";
        out += words[k];
    }
    return out + "\r\n";
}

std::string address_header(std::string_view name, std::string_view display_name,
                           std::string_view address) {
    const std::string prefix = std::string(name) + ": ";
    // Appended, not "<" + std::string: GCC 12 at -O3 warns -Wrestrict on that.
    const std::string addr = std::string(1, '<').append(address).append(1, '>');
    if (display_name.empty()) return prefix + std::string(address) + "\r\n";
    bool plain = true;
    for (char c : display_name)
        if (!text::is_ascii_alpha(c) && !text::is_ascii_digit(c) && c != ' ') plain = false;
    std::string out = prefix;
    std::size_t col;
    if (plain && prefix.size() + display_name.size() <= 76) {
        out += display_name;
        col = out.size();
    } else {
        const auto words = encoded_words(display_name, 76 - prefix.size());
        col = prefix.size();
        for (std::size_t k = 0; k < words.size(); ++k) {
            if (k) {
                out += "\r\n ";
                col = 1;
            }
            out += words[k];
            col += words[k].size();
        }
    }
    if (col + 1 + addr.size() <= 76) {
        out += " " + addr;
    } else {
        out += "\r\n " + addr;
    }
    return out + "\r\n";
}

std::string id_list_header(std::string_view name, const std::vector<std::string>& ids) {
    if (ids.empty()) return {};
    std::string out = std::string(name) + ":";
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (k) out += "\r\n";
        out += " <" + ids[k] + ">";
    }
    return out + "\r\n";
}

std::string rfc5322_date(std::chrono::sys_seconds t, std::chrono::minutes offset) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto local = t + offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{local - day};
    const std::chrono::weekday wd{day};
    const long off = offset.count();
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s, %u %s %04d %02ld:%02ld:%02ld %c%02ld%02ld",
                  kDays[wd.c_encoding()], unsigned(ymd.day()), kMonths[unsigned(ymd.month()) - 1],
                  int(ymd.year()), long(hms.hours().count()), long(hms.minutes().count()),
                  long(hms.seconds().count()), off < 0 ? '-' : '+', std::labs(off) / 60,
                  std::labs(off) % 60);
    return buf;
}

}  // namespace obrd::mime
