// letter.hpp: the Letter, what the parser makes of one email's raw bytes.
//
// A Letter is plain data: every string is UTF-8, every header value is decoded (RFC 2047,
// RFC 2231), and anything that was wrong with the input is named in `defects` instead of
// being thrown. The rules (rules/) and the daemon read Letters; only parsers/ builds them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace obrd {

// One mailbox of an address header: decoded display name (may be empty) and addr-spec.
struct Address {
    std::string name;
    std::string address;
};

struct Attachment {
    std::string filename;      // decoded; empty when the part has none
    std::string content_type;  // lower case "type/subtype"
    std::string disposition;   // "attachment", "inline" or empty
    std::size_t size = 0;      // bytes after transfer decoding
    std::string sha256;        // hex, of the decoded bytes
};

// What a letter says about who sent it: from the website form's fields, or the letter's
// head and signature block. Values are copied as the letter writes them (quotes kept).
// A field the letter does not give stays empty.
struct SenderDetails {
    std::optional<std::string> last_name;
    std::optional<std::string> first_name;
    std::optional<std::string> patronymic;
    std::optional<std::string> organization;
    std::optional<std::string> inn;             // digits as written (10 or 12 expected)
    std::optional<std::string> ogrn;            // ОГРН (13) or ОГРНИП (15)
    std::optional<std::string> email;           // the address the letter itself gives
    std::optional<std::string> phone;           // normalised to +7XXXXXXXXXX when possible
    std::optional<std::string> postal_address;  // as written, with its 6-digit index
};

// The website feedback form (see shared/corpus/README.md), when the letter is one.
struct WebForm {
    std::string last_name, first_name, patronymic, organization, inn, email, phone, postal_address,
        topic, text;
};

// An RFC 5322 header field of the top-level message, name as written, value unfolded
// and decoded.
struct HeaderField {
    std::string name;
    std::string value;
};

struct Letter {
    std::string message_id;           // without angle brackets; empty when absent
    std::optional<std::string> date;  // RFC 3339, when the Date header could be read
    Address from;
    std::vector<Address> reply_to, to, cc;
    std::string subject;
    std::string in_reply_to;              // Message-ID without angle brackets, or empty
    std::vector<std::string> references;  // Message-IDs without angle brackets
    std::string text;                     // the body as plain UTF-8 text (HTML converted)
    std::string html;                     // the HTML body, UTF-8, if any
    std::string forwarded_text;  // the text of attached (forwarded) messages, not part of `text`
    std::string charset;         // the main text part's declared or detected charset
    std::vector<Attachment> attachments;
    std::vector<HeaderField> headers;  // top-level header fields, in order
    bool auto_submitted = false;       // auto-reply, DSN, list traffic, MAILER-DAEMON
    std::optional<WebForm> form;
    SenderDetails sender;
    // Where an answer goes: the form's E-mail field, then Reply-To, then From. Empty when
    // none of them is a syntactically usable address.
    std::string reply_address;
    std::vector<std::string> defects;  // what was wrong and how it was read anyway
};

}  // namespace obrd
