// mime.hpp: the pieces of an outgoing RFC 5322 / MIME message: base64, RFC 2047 encoded
// words, header folding, the Date format, and the checks of every value that comes from a
// letter (addresses, Message-IDs, free text) before it goes near a header.
//
// Promises: pure; everything written is 7-bit ASCII with lines of at most 76 characters
// (a single token longer than that, like a long Message-ID, gets a line of its own, and
// header values are capped so that no line exceeds 998). No function here lets CR, LF or
// another control character from its input into its output.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace obrd::mime {

class InvalidValue : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Base64 of `data`, lines of `line_length` characters joined by CRLF, ending with CRLF
// (nothing for empty data).
std::string base64_lines(std::string_view data, std::size_t line_length = 76);
std::string base64(std::string_view data);

// Free text from a letter made fit for one line: invalid UTF-8 is repaired, every control
// character (C0, DEL, C1, the Unicode line and paragraph separators) becomes a space, runs
// of blanks become one, and the ends are trimmed. At most `max_bytes` bytes are kept (cut at
// a character boundary, with "…" appended when cut).
std::string one_line(std::string_view text, std::size_t max_bytes = 400);

// A plain addr-spec: ASCII dot-atom local part (at most 64), "@", a domain of letters,
// digits and hyphens in dot-separated labels with a dot (at most 253; a Cyrillic domain
// such as пример.рф is converted to its ASCII form xn--...). Throws InvalidValue naming what
// is wrong (spaces, quotes, angle brackets, commas, control characters...). Returns the
// address as it will be written (domain in ASCII).
std::string checked_address(std::string_view address);

// A Message-ID from a letter (without angle brackets): printable ASCII without "<", ">",
// spaces or controls, 1..250 characters; nullopt otherwise (it is then left out).
std::optional<std::string> checked_message_id(std::string_view id);

// "Name: value" with `value` as RFC 2047 B encoded words (UTF-8) when it is not plain
// printable ASCII fitting on one line or when it contains "=?"; folded to 76 columns.
// `value` must already be one line (see one_line()). Ends with CRLF.
std::string unstructured_header(std::string_view name, std::string_view value);

// "Name: =?UTF-8?B?...?= <address>" (display name encoded unless it is plain letters,
// digits and spaces); `address` must be a checked address. Ends with CRLF.
std::string address_header(std::string_view name, std::string_view display_name,
                           std::string_view address);

// "Name: <id1>\r\n <id2>..." (one id per line after the first). Ends with CRLF; empty when
// `ids` is empty.
std::string id_list_header(std::string_view name, const std::vector<std::string>& ids);

// RFC 5322 date-time of `t` at a fixed offset from UTC, e.g. "Sun, 29 Nov 2026 09:00:00 +1100".
std::string rfc5322_date(std::chrono::sys_seconds t, std::chrono::minutes offset);

// RFC 2047 decoding is the parser's (parsers/encoded_words.hpp); this is only the encoder.
// The encoded words of `text`, each at most `first` characters for the first and `rest`
// for the others, split at UTF-8 character boundaries.
std::vector<std::string> encoded_words(std::string_view text, std::size_t first,
                                       std::size_t rest = 75);

}  // namespace obrd::mime
