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
    // A refusal by a person after an acceptance went out: it says the acceptance is withdrawn.
    bool acceptance_withdrawn = false;
    // The letter replies to a refusal of a letter received that day: an acceptance says it
    // completes that letter and is registered as a new one.
    std::optional<Date> completes_refused_on;
    // A duplicate's refusal: the earlier appeal's number and registration day.
    std::string duplicate_number;
    std::optional<Date> duplicate_registered_on;
    // compose_extension: the deadline before, and the days added (`deadline` is the new one).
    std::optional<Date> previous_deadline;
    int extension_days = 0;
    // compose_forwarded: where the appeal went, and when.
    std::string competent_body, body_email;
    std::optional<Date> forwarded_on;
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
    // compose_forward: the body the letter goes to (`to` is its address), and the day.
    std::string competent_body;
    std::optional<Date> forwarded_on;
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

// The notice of an extended deadline (extension.txt), in reply to the letter. Needs the
// registration number, `deadline` (the new one), previous_deadline and extension_days.
OutgoingMail compose_extension(const NoticeTemplates& templates, const NoticeInput& in);

// A reminder card (reminder.txt) to a department about the deadline of an open appeal.
struct ReminderInput {
    std::string from, from_name;
    std::string to;  // a staff address
    std::string department;
    std::string registration_number;
    std::int64_t letter_id = 0;
    Kind kind = Kind::appeal;
    Date registered_on{}, deadline{};
    bool missed = false;  // the deadline has passed
    int days_left = 0;    // working days up to the deadline, when not missed
    std::string original_subject, sender_name, reply_to;
    std::chrono::sys_seconds now{};
    std::string token;
};
OutgoingMail compose_reminder(const NoticeTemplates& templates, const ReminderInput& in);

// The daily digest (digest.txt) of one department.
struct DigestEntry {
    std::int64_t letter_id = 0;
    std::string decided_at;  // as shown, "02.12.2026 13:18"
    std::string verdict_ru;  // what was decided, in Russian
    Kind kind = Kind::appeal;
    std::string sender, original_subject;
    std::vector<std::pair<std::string, std::string>> grounds;  // title, evidence
    std::string command;                                       // how to overturn it
};
struct DigestInput {
    std::string from, from_name;
    std::string to;
    std::string department;
    Date day{};
    std::vector<DigestEntry> entries;
    std::chrono::sys_seconds now{};
    std::string token;
};
OutgoingMail compose_digest(const NoticeTemplates& templates, const DigestInput& in);

// One of our composed messages for another recipient (obrctl resend --to): the same bytes
// with the To header replaced and a new Message-ID (our_message_id of `token` at the
// domain of `from`). Throws ComposeError when `to` is not a plain addr-spec or `bytes` is
// not a message with a header.
OutgoingMail readdress(std::string_view bytes, const std::string& to, const std::string& from,
                       const std::string& token);

// The covering letter (forward.txt) that sends the letter to a competent body, the original
// attached; `to` is the body's address. Not threaded, not marked automatic. Needs the letter,
// competent_body and forwarded_on; the registration number is optional.
OutgoingMail compose_forward(const NoticeTemplates& templates, const CardInput& in);
// The notice to the applicant (forwarded.txt) that the appeal went to that body. Needs
// competent_body, body_email and forwarded_on.
OutgoingMail compose_forwarded(const NoticeTemplates& templates, const NoticeInput& in);

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
