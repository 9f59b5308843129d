// compose.hpp: a decision in, the exact RFC 5322 bytes of the notice or staff card out.
//
// Promises: pure (no I/O, no clock: `now` and the unique `token` come in) and deterministic:
// the same input gives the same bytes, boundaries included. The bytes are 7-bit headers
// (RFC 2047 B encoded UTF-8 where needed, lines of at most 76 columns), CRLF line ends,
// no dot-stuffing (libcurl does it), ready for an SMTP upload. Nothing taken from a letter
// reaches a header unchecked: addresses must be plain addr-specs (else ComposeError),
// Message-IDs that are not printable ASCII without "<>" and blanks are left out, free text
// loses its control characters and is encoded.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "notices/calendar.hpp"
#include "notices/templates.hpp"
#include "parsers/letter.hpp"
#include "rules/verdict.hpp"

namespace obrd {

class ComposeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OutgoingMail {
    std::string to;          // the recipient's addr-spec, as checked (envelope RCPT TO)
    std::string subject;     // decoded, UTF-8 (for logs and the outbox table)
    std::string message_id;  // without angle brackets: obrd.{token}@{domain of from}
    std::string bytes;       // the whole message, CRLF line ends
};

// The notice to the sender: acceptance (Verdict::notice == acceptance, or an accepted
// verdict) or refusal (notice == refusal, or a refused verdict, or one held for review:
// this is the notice sent once a person confirms the refusal).
struct NoticeInput {
    std::string from;       // our address (addr-spec), e.g. mszso@sakhalin.gov.ru
    std::string from_name;  // "Министерство социальной защиты Сахалинской области"
    std::string to;         // the verdict's reply_to
    std::string in_reply_to;              // the letter's Message-ID, without brackets
    std::vector<std::string> references;  // the letter's References, without brackets
    std::string original_subject;         // the letter's decoded subject
    Verdict verdict;
    SenderDetails sender;                            // for the salutation
    std::optional<std::string> registration_number;  // required for an acceptance
    std::optional<Date> registered_on;
    std::optional<Date> deadline;
    std::chrono::sys_seconds now{};  // for the Date header (written in +11:00)
    std::string token;               // unique per message: letters, digits, "-", "_", "."
    // An acceptance by a person after a refusal notice went out: it says the refusal is
    // withdrawn.
    bool refusal_withdrawn = false;
};

// The staff card: to a department's address, with the original letter attached.
struct CardInput {
    std::string from;
    std::string from_name;
    std::string to;                  // a staff address
    std::string department;          // as the rules name it (control, head, ...)
    const Letter* letter = nullptr;  // the parsed letter (required)
    Verdict verdict;
    std::string registration_number;
    std::optional<Date> registered_on;
    std::optional<Date> deadline;
    std::string_view original;  // the letter's raw bytes; must outlive the call
    std::chrono::sys_seconds now{};
    std::string token;
    std::int64_t letter_id = 0;  // compose_alert: the stored letter's id (obrctl show #ID)
};

// Throws ComposeError when an address is not a plain addr-spec, the token is unusable, the
// verdict has no notice (ignored), an acceptance or a card has no registration number, a
// refusal has no reason, or a card has no letter.
OutgoingMail compose_notice(const NoticeTemplates& templates, const NoticeInput& in);
OutgoingMail compose_card(const NoticeTemplates& templates, const CardInput& in);
// The urgent card of a letter refused or held on an escalated ground (alert.txt): its
// grounds with evidence, the sender, the original attached; Importance: high. Needs
// in.letter_id and a reason; no registration number.
OutgoingMail compose_alert(const NoticeTemplates& templates, const CardInput& in);

// The greeting of a notice («Уважаемая Ирина Петровна!», «Уважаемый Иван Петрович!», or
// the template's neutral form when the first name or patronymic is unknown, or the gender
// cannot be told from the patronymic).
std::string salutation(const NoticeTemplates& templates, const SenderDetails& sender);

// The competent body and topic the off_topic evidence names ("компетентный орган: ..."),
// empty when the rules named none.
struct OffTopicNote {
    std::string topic;
    std::string body;
};
OffTopicNote off_topic_note(const Verdict& v);

// Sakhalin time, UTC+11 all year: the offset of the Date header.
inline constexpr std::chrono::minutes kSakhalinOffset{11 * 60};

}  // namespace obrd
