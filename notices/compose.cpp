// compose.cpp: see compose.hpp. Fills the template values from the decision, renders the
// templates, and writes the headers and MIME structure by hand (libraries-and-techniques.md
// §3.2: mimetic writes 8-bit headers and random boundaries).
//
// Promises: every header line is built by notices/mime.hpp from checked values; the body
// is base64 of UTF-8 text in 76-column lines; the card's original letter is attached
// as message/rfc822 with its bytes unchanged except for line ends (CRLF), 7bit or 8bit,
// never base64 (RFC 2046 §5.2.1) -- unless it could not cross SMTP so (lines over 998
// octets, NUL, bare CR): then its exact bytes go as a base64 file original.eml.
#include "notices/compose.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "notices/mime.hpp"
#include "notices/references.hpp"
#include "parsers/text_util.hpp"

namespace obrd {

namespace {

constexpr std::size_t kMaxReferences = 20;
constexpr std::size_t kExcerptLines = 15;
constexpr std::size_t kExcerptBytes = 1500;

std::string checked(std::string_view address, const char* what) {
    try {
        return mime::checked_address(address);
    } catch (const mime::InvalidValue& e) {
        throw ComposeError(std::string(what) + ": " + e.what());
    }
}

void check_token(std::string_view token) {
    bool ok = !token.empty() && token.size() <= 100 && token.front() != '.' &&
              token.back() != '.' && token.find("..") == std::string_view::npos;
    for (char c : token)
        if (!text::is_ascii_alpha(c) && !text::is_ascii_digit(c) && c != '-' && c != '_' &&
            c != '.')
            ok = false;
    if (!ok)
        throw ComposeError("the Message-ID token \"" + mime::one_line(token, 100) +
                           "\" must be 1-100 letters, digits, \"-\", \"_\" or inner dots");
}

std::string domain_of(const std::string& address) {
    return address.substr(address.rfind('@') + 1);
}

// The thread: the letter's References (valid ones), then its own Message-ID; at most
// kMaxReferences, keeping the first (the thread's root) and the latest.
std::vector<std::string> thread_ids(const std::vector<std::string>& references,
                                    const std::string& message_id) {
    std::vector<std::string> ids;
    auto add = [&](const std::string& raw) {
        if (auto id = mime::checked_message_id(raw);
            id && std::find(ids.begin(), ids.end(), *id) == ids.end())
            ids.push_back(*id);
    };
    for (const auto& r : references) add(r);
    add(message_id);
    if (ids.size() > kMaxReferences)
        ids.erase(ids.begin() + 1, ids.begin() + std::ptrdiff_t(ids.size() - kMaxReferences + 1));
    return ids;
}

// Cyrillic and Latin case mapping for names (А-Я, Ё, A-Z), enough to tidy a name written
// in capitals.
char32_t lower(char32_t c) {
    if (c >= U'А' && c <= U'Я') return c + 0x20;
    if (c == U'Ё') return U'ё';
    if (c >= U'A' && c <= U'Z') return c + 0x20;
    return c;
}
char32_t upper(char32_t c) {
    if (c >= U'а' && c <= U'я') return c - 0x20;
    if (c == U'ё') return U'Ё';
    if (c >= U'a' && c <= U'z') return c - 0x20;
    return c;
}
bool is_name_letter(char32_t c) {
    return (c >= U'А' && c <= U'я') || c == U'Ё' || c == U'ё' || (c >= U'A' && c <= U'Z') ||
           (c >= U'a' && c <= U'z');
}

// A name as it can stand in a greeting: letters with inner hyphens, spaces or apostrophes;
// all-capital or all-small words get a capital initial. Empty when it is not a name.
std::string greeting_name(const std::optional<std::string>& raw) {
    if (!raw) return {};
    const std::string s = mime::one_line(*raw, 80);
    std::u32string cps;
    for (std::size_t i = 0; i < s.size();) cps.push_back(text::next_utf8(s, i));
    if (cps.empty() || !is_name_letter(cps.front()) || !is_name_letter(cps.back())) return {};
    for (char32_t c : cps)
        if (!is_name_letter(c) && c != U'-' && c != U' ' && c != U'\'') return {};
    std::string out;
    std::size_t w = 0;
    while (w < cps.size()) {
        std::size_t e = w;
        while (e < cps.size() && is_name_letter(cps[e])) ++e;
        bool all_upper = true, all_lower = true;
        for (std::size_t k = w; k < e; ++k) {
            if (lower(cps[k]) != cps[k]) all_lower = false;
            if (upper(cps[k]) != cps[k]) all_upper = false;
        }
        for (std::size_t k = w; k < e; ++k) {
            char32_t c = cps[k];
            if (all_upper || all_lower) c = k == w ? upper(c) : lower(c);
            text::append_utf8(out, c);
        }
        if (e < cps.size()) text::append_utf8(out, cps[e]);
        w = e + 1;
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string lower_name(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) text::append_utf8(out, lower(text::next_utf8(s, i)));
    return out;
}

// The subject of the sender's letter for our subject line: one line, without "Re:" prefixes.
std::string quoted_subject(std::string_view subject) {
    std::string s = mime::one_line(subject, 400);
    for (;;) {
        const std::string_view v = s;
        if (text::istarts_with(v, "re:")) {
            s = std::string(text::trim(v.substr(3)));
        } else if (text::istarts_with(v, "re[") && v.find("]:") != std::string_view::npos &&
                   v.find("]:") < 8) {
            s = std::string(text::trim(v.substr(v.find("]:") + 2)));
        } else {
            break;
        }
    }
    return mime::one_line(s, 150);
}

std::string text_body(std::string_view text) {
    std::string crlf;
    const std::string t = tidy_text(text) + "\n";
    for (char c : t) {
        if (c == '\n')
            crlf += "\r\n";
        else
            crlf += c;
    }
    return crlf;
}

// The headers common to notices and cards, up to MIME-Version. Without `auto_submitted`
// (a person's letter to another body) neither Auto-Submitted nor X-Auto-Response-Suppress.
std::string common_headers(const std::string& from, const std::string& from_name,
                           const std::string& to, const std::string& subject,
                           const std::string& message_id, const std::string& in_reply_to,
                           const std::vector<std::string>& references, std::chrono::sys_seconds now,
                           const char* auto_submitted) {
    std::string h;
    h += "Date: " + mime::rfc5322_date(now, kSakhalinOffset) + "\r\n";
    h += mime::address_header("From", mime::one_line(from_name, 200), from);
    h += mime::address_header("To", "", to);
    h += mime::unstructured_header("Subject", subject);
    h += "Message-ID: <" + message_id + ">\r\n";
    if (auto id = mime::checked_message_id(in_reply_to)) h += "In-Reply-To: <" + *id + ">\r\n";
    h += mime::id_list_header("References", thread_ids(references, in_reply_to));
    if (auto_submitted) {
        h += std::string("Auto-Submitted: ") + auto_submitted + "\r\n";
        h += "X-Auto-Response-Suppress: All\r\n";
    }
    h += "MIME-Version: 1.0\r\n";
    return h;
}

std::string render_line(const Template& t, const Values& v) {
    return mime::one_line(t.render(v), 300);
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::string with_crlf(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + raw.size() / 50);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

// True when `raw`, with its line ends made CRLF, can travel as an SMTP message body.
bool smtp_safe_as_message(std::string_view raw) {
    std::size_t line = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\0') return false;
        if (c == '\r') {
            if (i + 1 >= raw.size() || raw[i + 1] != '\n') return false;  // a bare CR
            continue;
        }
        if (c == '\n') {
            line = 0;
            continue;
        }
        if (++line > 998) return false;
    }
    return true;
}

std::string size_text(std::size_t n) {
    char buf[32];
    if (n < 1024)
        std::snprintf(buf, sizeof buf, "%zu Б", n);
    else if (n < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f КБ", double(n) / 1024);
    else
        std::snprintf(buf, sizeof buf, "%.1f МБ", double(n) / (1024 * 1024));
    std::string s = buf;
    if (auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
    return s;
}

std::string kind_word(Kind k) {
    return k == Kind::complaint ? "жалоба" : "обращение";
}

void set_optional(Values& v, const char* name, const std::optional<std::string>& value) {
    v.set(name, value ? mime::one_line(*value, 300) : std::string());
}

}  // namespace

OffTopicNote off_topic_note(const Verdict& v) {
    OffTopicNote note;
    for (const auto& e : v.evidence) {
        if (e.reason != Reason::off_topic) continue;
        const std::string_view t = e.text;
        const auto open = t.rfind("(тема: ");
        if (open == std::string_view::npos) continue;
        std::string_view rest = t.substr(open + std::string_view("(тема: ").size());
        note.topic = mime::one_line(rest.substr(0, rest.find(';')), 200);
        constexpr std::string_view kBody = "компетентный орган: ";
        if (const auto b = rest.find(kBody); b != std::string_view::npos) {
            rest = rest.substr(b + kBody.size());
            note.body = mime::one_line(rest.substr(0, rest.find(';')), 300);
        }
        break;
    }
    return note;
}

std::string salutation(const NoticeTemplates& templates, const SenderDetails& sender) {
    Values v;
    const std::string first = greeting_name(sender.first_name);
    const std::string patronymic = greeting_name(sender.patronymic);
    v.set("first_name", first);
    v.set("patronymic", patronymic);
    v.set("last_name", greeting_name(sender.last_name));
    set_optional(v, "organization", sender.organization);
    bool female = false, male = false;
    if (!first.empty() && !patronymic.empty()) {
        const std::string p = lower_name(patronymic);
        female = ends_with(p, "вна") || ends_with(p, "чна") || ends_with(p, "шна") ||
                 ends_with(p, "кызы") || ends_with(p, "гызы");
        male = !female && (ends_with(p, "ич") || ends_with(p, "оглы") || ends_with(p, "улы"));
    }
    v.set_flag("female", female);
    v.set_flag("male", male);
    v.set_flag("neutral", !female && !male);
    return mime::one_line(templates.salutation().render(v), 300);
}

namespace {

// What every notice to the sender says (acceptance.txt's placeholders); checks the token and
// the addresses and fills mail.to and mail.message_id.
Values notice_values(const NoticeTemplates& templates, const NoticeInput& in, OutgoingMail& mail) {
    check_token(in.token);
    const std::string from = checked(in.from, "our From address");
    mail.to = checked(in.to, "the recipient");
    mail.message_id = our_message_id(in.token, domain_of(from));
    Values v;
    v.set("salutation", salutation(templates, in.sender));
    set_optional(v, "registration_number", in.registration_number);
    v.set("registration_date", in.registered_on ? ru_date(*in.registered_on) : std::string());
    v.set("deadline", in.deadline ? ru_date(*in.deadline) : std::string());
    // An appeal's 30 days end on a day off: the notice names that day and says why the
    // deadline is the next working day (Civil Code art. 193).
    const bool moved = in.verdict.kind == Kind::appeal && in.registered_on && in.deadline &&
                       std::chrono::sys_days(*in.deadline) >
                           std::chrono::sys_days(add_days(*in.registered_on, 30));
    v.set("deadline_nominal", moved ? ru_date(add_days(*in.registered_on, 30)) : std::string());
    v.set_flag("deadline_moved", moved);
    v.set("kind", kind_word(in.verdict.kind));
    v.set_flag("is_complaint", in.verdict.kind == Kind::complaint);
    v.set("original_subject", quoted_subject(in.original_subject));
    v.set("ministry", mime::one_line(in.from_name, 300));
    v.set("ministry_email", from);
    v.set("reply_to", mail.to);
    v.set_flag("refusal_withdrawn", in.refusal_withdrawn);
    v.set_flag("acceptance_withdrawn", in.acceptance_withdrawn);
    v.set_flag("completes_refused", in.completes_refused_on.has_value());
    v.set("refused_letter_date",
          in.completes_refused_on ? ru_date(*in.completes_refused_on) : std::string());
    return v;
}

// Renders `t` into mail.subject and mail.bytes: a plain UTF-8 text in reply to the letter.
void finish_notice(const MailTemplate& t, const Values& v, const NoticeInput& in,
                   OutgoingMail& mail) {
    mail.subject = render_line(t.subject, v);
    const std::string body = text_body(t.body.render(v));
    mail.bytes =
        common_headers(checked(in.from, "our From address"), in.from_name, mail.to, mail.subject,
                       mail.message_id, in.in_reply_to, in.references, in.now, "auto-replied");
    mail.bytes += "Content-Type: text/plain; charset=utf-8\r\n";
    mail.bytes += "Content-Transfer-Encoding: base64\r\n\r\n";
    mail.bytes += mime::base64_lines(body);
}

}  // namespace

namespace {

// What a refusal's paragraph for `r` may say about this letter: the evidence, in the words
// of the rules, for the grounds about the sender's details and the address (never for
// obscene, offensive or threatening words, which a notice must not quote back); the wrong
// values of sender_inaccurate, each with what is wrong with it; a duplicate's earlier
// number and day; whether a surname was given (art. 11 p.1 of 59-FZ is about letters
// without one).
void set_reason_evidence(const NoticeInput& in, Reason r, Values& v) {
    const Verdict& verdict = in.verdict;
    std::string evidence;
    // A name the rules read from a letter of abuse may itself be abuse: then nothing is quoted.
    const bool abusive = std::any_of(verdict.reasons.begin(), verdict.reasons.end(), [](Reason g) {
        return g == Reason::obscene || g == Reason::offensive || g == Reason::threat;
    });
    if (!abusive && (r == Reason::sender_incomplete || r == Reason::no_email))
        for (const auto& e : verdict.evidence)
            if (e.reason == r) evidence += (evidence.empty() ? "" : "; ") + e.text;
    v.set("evidence", mime::one_line(evidence, 300));
    auto& wrong = v.lists["wrong_values"];
    wrong.clear();
    if (r == Reason::sender_inaccurate) {
        const SenderDetails& s = in.sender;
        for (const auto& e : verdict.evidence) {
            if (e.reason != r) continue;
            std::string text;
            if (e.symbol == "INN_CHECK_DIGIT" && s.inn)
                text = "контрольное число ИНН " + *s.inn + " не сходится";
            else if (e.symbol == "OGRN_CHECK_DIGIT" && s.ogrn)
                text = std::string("контрольное число ")
                           .append(s.ogrn->size() == 15 ? "ОГРНИП " : "ОГРН ")
                           .append(*s.ogrn)
                           .append(" не сходится");
            else if (e.symbol == "EMAIL_MALFORMED" && s.email)
                text = "адрес электронной почты «" + *s.email + "» записан с ошибкой";
            else if (e.symbol == "POSTAL_INDEX_MALFORMED")
                text = "почтовый индекс " + e.text.substr(0, e.text.find(' ')) +
                       " — в индексе должно быть 6 цифр";
            if (text.empty()) continue;
            Values item;
            item.set("text", mime::one_line(text, 300));
            wrong.push_back(std::move(item));
        }
    }
    v.set("duplicate_number", mime::one_line(in.duplicate_number, 100));
    v.set("duplicate_date",
          in.duplicate_registered_on ? ru_date(*in.duplicate_registered_on) : std::string());
    v.set_flag("surname_given", in.sender.last_name && !in.sender.last_name->empty());
}

}  // namespace

namespace {

// What the rules noted about a missing complaint item (the note of its evidence, without
// the letter's fragment before it), for the items whose note says more than the item's
// text: a paper answer asked for without a postal address. Empty otherwise, and for a
// letter of abuse.
std::string item_evidence(const Verdict& verdict, ComplaintItem item) {
    if (item != ComplaintItem::reply_address) return {};
    for (Reason g : verdict.reasons)
        if (g == Reason::obscene || g == Reason::offensive || g == Reason::threat) return {};
    for (const auto& e : verdict.evidence) {
        if (e.reason != Reason::complaint_incomplete || e.symbol != "COMPLAINT_NO_REPLY_ADDRESS")
            continue;
        std::string note = e.text;
        if (!note.empty() && note.back() == ')')
            if (const auto open = note.rfind(" ("); open != std::string::npos)
                note = note.substr(open + 2, note.size() - open - 3);
        return mime::one_line(note, 300);
    }
    return {};
}

}  // namespace

OutgoingMail compose_notice(const NoticeTemplates& templates, const NoticeInput& in) {
    const Verdict& verdict = in.verdict;
    bool acceptance;
    if (verdict.notice == Notice::acceptance) {
        acceptance = true;
    } else if (verdict.notice == Notice::refusal) {
        acceptance = false;
    } else if (verdict.verdict == Outcome::accepted) {
        acceptance = true;
    } else if (verdict.verdict == Outcome::refused || verdict.verdict == Outcome::review) {
        acceptance = false;
    } else {
        throw ComposeError("an ignored letter gets no notice");
    }
    if (acceptance && (!in.registration_number || in.registration_number->empty()))
        throw ComposeError("an acceptance notice needs the registration number");
    if (!acceptance && verdict.reasons.empty())
        throw ComposeError("a refusal notice needs at least one reason");
    OutgoingMail mail;
    Values v = notice_values(templates, in, mail);
    const OffTopicNote note = off_topic_note(verdict);
    v.set("competent_body", note.body);
    v.set("topic", note.topic);
    auto& missing = v.lists["missing_items"];
    for (ComplaintItem item : verdict.complaint_missing) {
        Values m;
        m.set("code", std::string(to_string(item)));
        m.set("title", std::string(item_title_ru(item)));
        Values with_why = v;
        with_why.set("why", item_evidence(verdict, item));
        m.set("text", tidy_text(templates.item(item).render(with_why)));
        missing.push_back(std::move(m));
    }
    if (!acceptance) {
        std::vector<Values> reasons;
        std::size_t number = 0;
        for (Reason r : verdict.reasons) {
            Values item;
            item.set("code", std::string(to_string(r)));
            item.set("title", std::string(reason_title_ru(r)));
            set_reason_evidence(in, r, v);
            item.set("text", tidy_text(templates.reason(r).render(v)));
            item.set("number", std::to_string(++number));
            reasons.push_back(std::move(item));
        }
        v.lists["reasons"] = std::move(reasons);
    }
    finish_notice(acceptance ? templates.acceptance() : templates.refusal(), v, in, mail);
    return mail;
}

OutgoingMail compose_forwarded(const NoticeTemplates& templates, const NoticeInput& in) {
    if (in.competent_body.empty() || in.body_email.empty() || !in.forwarded_on)
        throw ComposeError("a notice of forwarding needs the body, its address and the date");
    OutgoingMail mail;
    Values v = notice_values(templates, in, mail);
    v.set("competent_body", mime::one_line(in.competent_body, 300));
    v.set("body_email", checked(in.body_email, "the competent body's address"));
    v.set("forwarded_on", ru_date(*in.forwarded_on));
    finish_notice(templates.forwarded(), v, in, mail);
    return mail;
}

OutgoingMail compose_extension(const NoticeTemplates& templates, const NoticeInput& in) {
    if (!in.registration_number || in.registration_number->empty() || !in.deadline ||
        !in.previous_deadline || in.extension_days <= 0)
        throw ComposeError(
            "a notice of extension needs the registration number, both deadlines and the days");
    OutgoingMail mail;
    Values v = notice_values(templates, in, mail);
    v.set("previous_deadline", ru_date(*in.previous_deadline));
    v.set("extension_days", std::to_string(in.extension_days));
    finish_notice(templates.extension(), v, in, mail);
    return mail;
}

namespace {

// The staff card (card.txt) of a registered letter, or the urgent card (alert.txt) of a
// letter refused or held on an escalated ground: the same facts and the original.
enum class StaffMailKind { card, alert, forward };

// `address` as checked() returns it, or empty when it is empty or no plain addr-spec.
std::string usable_address(const std::string& address) {
    if (address.empty()) return {};
    try {
        return checked(address, "an address");
    } catch (const ComposeError&) {
        return {};
    }
}

OutgoingMail compose_staff_mail(const NoticeTemplates& templates, const CardInput& in,
                                StaffMailKind kind) {
    const bool alert = kind == StaffMailKind::alert;
    if (!in.letter) throw ComposeError("a staff card needs the parsed letter");
    if (kind == StaffMailKind::card && in.registration_number.empty())
        throw ComposeError("a staff card needs the registration number");
    if (kind == StaffMailKind::forward && (in.competent_body.empty() || !in.forwarded_on))
        throw ComposeError("a forwarding letter needs the competent body and the date");
    if (alert && (in.letter_id <= 0 || in.verdict.reasons.empty()))
        throw ComposeError("an urgent card needs the letter's id and a ground");
    check_token(in.token);
    const Letter& letter = *in.letter;
    const Verdict& verdict = in.verdict;
    OutgoingMail mail;
    const std::string from = checked(in.from, "our From address");
    mail.to = checked(in.to, "the staff address");
    mail.message_id = our_message_id(in.token, domain_of(from));

    Values v;
    v.set("registration_number", mime::one_line(in.registration_number, 100));
    v.set("registration_date", in.registered_on ? ru_date(*in.registered_on) : std::string());
    v.set("deadline", in.deadline ? ru_date(*in.deadline) : std::string());
    v.set("kind", kind_word(verdict.kind));
    v.set_flag("is_complaint", verdict.kind == Kind::complaint);
    v.set("department", mime::one_line(in.department, 100));
    const SenderDetails& s = letter.sender;
    std::string name;
    for (const auto* part : {&s.last_name, &s.first_name, &s.patronymic}) {
        if (!*part || part->value().empty()) continue;
        if (!name.empty()) name += ' ';
        name += **part;
    }
    v.set("sender_name", mime::one_line(name, 300));
    set_optional(v, "organization", s.organization);
    set_optional(v, "inn", s.inn);
    set_optional(v, "ogrn", s.ogrn);
    set_optional(v, "email", s.email);
    set_optional(v, "phone", s.phone);
    set_optional(v, "postal_address", s.postal_address);
    v.set("reply_to", mime::one_line(verdict.reply_to, 300));
    std::string sender_line = mime::one_line(letter.from.name, 200);
    // Appended piece by piece: GCC 12 at -O3 warns -Wrestrict on "<" + std::string here.
    if (!letter.from.address.empty()) {
        if (!sender_line.empty()) sender_line.push_back(' ');
        sender_line.append(1, '<').append(mime::one_line(letter.from.address, 300)).append(1, '>');
    }
    v.set("from", sender_line);
    set_optional(v, "letter_date", letter.date);
    v.set("message_id", mime::one_line(letter.message_id, 300));
    v.set("original_subject", mime::one_line(letter.subject, 300));
    v.set("ministry", mime::one_line(in.from_name, 300));

    // The first lines of the text.
    std::string excerpt;
    bool cut = false;
    {
        const std::string text = text::normalize_newlines(letter.text);
        std::size_t pos = 0, lines = 0;
        while (pos < text.size() && text[pos] == '\n') ++pos;
        while (pos < text.size()) {
            if (lines == kExcerptLines || excerpt.size() >= kExcerptBytes) {
                cut = true;
                break;
            }
            const auto nl = text.find('\n', pos);
            const std::string_view line(text.data() + pos,
                                        (nl == std::string::npos ? text.size() : nl) - pos);
            excerpt += mime::one_line(line, 300) + "\n";
            ++lines;
            pos = nl == std::string::npos ? text.size() : nl + 1;
        }
        if (!cut && text.find_first_not_of(" \t\n", pos) != std::string::npos) cut = true;
    }
    while (!excerpt.empty() && excerpt.back() == '\n') excerpt.pop_back();
    v.set("excerpt", excerpt);
    v.set_flag("excerpt_cut", cut);
    auto& flags = v.lists["flags"];
    for (Reason r : verdict.flags) {
        Values f;
        f.set("code", std::string(to_string(r)));
        f.set("title", std::string(reason_title_ru(r)));
        flags.push_back(std::move(f));
    }
    auto& attachments = v.lists["attachments"];
    for (const auto& a : letter.attachments) {
        Values item;
        item.set("filename", mime::one_line(a.filename.empty() ? "(без имени)" : a.filename, 200));
        item.set("content_type", mime::one_line(a.content_type, 100));
        item.set("size", size_text(a.size));
        attachments.push_back(std::move(item));
    }

    // The original letter: as message/rfc822 with CRLF line ends (8bit when it has any byte
    // above 127) when that is safe for SMTP (RFC 5321 §4.5.3.1.6: lines of at most 998
    // octets; no NUL; CR only before LF); else its exact bytes as a base64 file.
    const bool as_file = !in.original.empty() && !smtp_safe_as_message(in.original);
    v.set_flag("original_as_file", as_file);
    const std::string original = as_file ? std::string() : with_crlf(in.original);
    const bool eight_bit = std::any_of(original.begin(), original.end(),
                                       [](char c) { return static_cast<unsigned char>(c) > 127; });
    if (alert) {
        v.set("letter_id", std::to_string(in.letter_id));
        v.set("verdict_ru", verdict.verdict == Outcome::review
                                ? "задержано до решения сотрудника (уведомление не отправлено)"
                                : "не зарегистрировано, отправителю направлен отказ");
        auto& grounds = v.lists["grounds"];
        for (Reason r : verdict.reasons) {
            Values g;
            g.set("code", std::string(to_string(r)));
            g.set("title", std::string(reason_title_ru(r)));
            std::string evidence;
            for (const auto& e : verdict.evidence)
                if (e.reason == r) {
                    evidence = mime::one_line(e.text, 300);
                    break;
                }
            g.set("evidence", evidence);
            grounds.push_back(std::move(g));
        }
    }
    if (kind == StaffMailKind::forward) {
        v.set("competent_body", mime::one_line(in.competent_body, 300));
        v.set("forwarded_on", ru_date(*in.forwarded_on));
        v.set("ministry_email", from);
    }
    // An applicant's address that is no plain addr-spec gets no Reply-To (the card still goes).
    const std::string applicant =
        kind == StaffMailKind::card ? usable_address(verdict.reply_to) : std::string();
    const bool reply_to_applicant = !applicant.empty();
    v.set_flag("reply_to_applicant", reply_to_applicant);
    v.set_flag("answer_closes", verdict.kind != Kind::complaint);
    v.set("mailbox", from);
    const MailTemplate& t = alert                            ? templates.alert()
                            : kind == StaffMailKind::forward ? templates.forward()
                                                             : templates.card();
    mail.subject = render_line(t.subject, v);
    const std::string body = text_body(t.body.render(v));
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(in.token)));
    std::string boundary = std::string("=_obrd_") + hex;
    for (int n = 1; original.find("--" + boundary) != std::string::npos; ++n)
        boundary = std::string("=_obrd_") + hex + "_" + std::to_string(n);

    // A letter to another body is a person's act, not an automatic one (its intake may drop
    // auto-generated mail, as ours does), and does not join the applicant's thread.
    if (kind == StaffMailKind::forward)
        mail.bytes = common_headers(from, in.from_name, mail.to, mail.subject, mail.message_id, "",
                                    {}, in.now, nullptr);
    else
        mail.bytes = common_headers(from, in.from_name, mail.to, mail.subject, mail.message_id,
                                    letter.message_id, letter.references, in.now, "auto-generated");
    // Reply on a card writes to the applicant with a copy to our mailbox, so that obrd
    // sees the answer and records it on the appeal (daemon/stages/decide.cpp).
    if (reply_to_applicant) mail.bytes += "Reply-To: <" + applicant + ">,\r\n <" + from + ">\r\n";
    // RFC 2156 Importance, and the X-Priority most clients show as "high".
    if (alert) mail.bytes += "Importance: high\r\nX-Priority: 1 (Highest)\r\n";
    mail.bytes += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    mail.bytes += kind == StaffMailKind::forward
                      ? "This is a MIME message: a letter forwarded by the ministry.\r\n"
                      : "This is a MIME message: a card of the ministry's email intake.\r\n";
    mail.bytes += "--" + boundary + "\r\n";
    mail.bytes += "Content-Type: text/plain; charset=utf-8\r\n";
    mail.bytes += "Content-Transfer-Encoding: base64\r\n\r\n";
    mail.bytes += mime::base64_lines(body);
    if (as_file) {
        mail.bytes += "--" + boundary + "\r\n";
        mail.bytes += "Content-Type: application/octet-stream; name=\"original.eml\"\r\n";
        mail.bytes += "Content-Disposition: attachment; filename=\"original.eml\"\r\n";
        mail.bytes += "Content-Transfer-Encoding: base64\r\n\r\n";
        mail.bytes += mime::base64_lines(in.original);
    } else if (!original.empty()) {
        mail.bytes += "--" + boundary + "\r\n";
        mail.bytes += "Content-Type: message/rfc822\r\n";
        mail.bytes += "Content-Disposition: attachment; filename=\"letter.eml\"\r\n";
        mail.bytes +=
            std::string("Content-Transfer-Encoding: ") + (eight_bit ? "8bit" : "7bit") + "\r\n\r\n";
        mail.bytes += original;
        mail.bytes += "\r\n";
    }
    mail.bytes += "--" + boundary + "--\r\n";
    return mail;
}

}  // namespace

OutgoingMail compose_card(const NoticeTemplates& templates, const CardInput& in) {
    return compose_staff_mail(templates, in, StaffMailKind::card);
}

OutgoingMail compose_alert(const NoticeTemplates& templates, const CardInput& in) {
    return compose_staff_mail(templates, in, StaffMailKind::alert);
}

OutgoingMail compose_forward(const NoticeTemplates& templates, const CardInput& in) {
    return compose_staff_mail(templates, in, StaffMailKind::forward);
}

namespace {

// A staff mail of one plain text part: Auto-Submitted auto-generated, no thread.
void finish_staff_text(const MailTemplate& t, const Values& v, const std::string& from,
                       const std::string& from_name, std::chrono::sys_seconds now,
                       OutgoingMail& mail) {
    mail.subject = render_line(t.subject, v);
    const std::string body = text_body(t.body.render(v));
    mail.bytes = common_headers(from, from_name, mail.to, mail.subject, mail.message_id, "", {},
                                now, "auto-generated");
    mail.bytes += "Content-Type: text/plain; charset=utf-8\r\n";
    mail.bytes += "Content-Transfer-Encoding: base64\r\n\r\n";
    mail.bytes += mime::base64_lines(body);
}

}  // namespace

OutgoingMail compose_reminder(const NoticeTemplates& templates, const ReminderInput& in) {
    if (in.registration_number.empty() || in.letter_id <= 0)
        throw ComposeError("a reminder needs the registration number and the letter's id");
    check_token(in.token);
    OutgoingMail mail;
    const std::string from = checked(in.from, "our From address");
    mail.to = checked(in.to, "the staff address");
    mail.message_id = our_message_id(in.token, domain_of(from));
    Values v;
    v.set("registration_number", mime::one_line(in.registration_number, 100));
    v.set("registration_date", ru_date(in.registered_on));
    v.set("deadline", ru_date(in.deadline));
    v.set("kind", kind_word(in.kind));
    v.set_flag("is_complaint", in.kind == Kind::complaint);
    v.set("department", mime::one_line(in.department, 100));
    v.set("letter_id", std::to_string(in.letter_id));
    v.set("original_subject", mime::one_line(in.original_subject, 300));
    v.set("sender_name", mime::one_line(in.sender_name, 300));
    v.set("reply_to", mime::one_line(in.reply_to, 300));
    v.set_flag("missed", in.missed);
    v.set("days_left", std::to_string(in.days_left));
    v.set("ministry", mime::one_line(in.from_name, 300));
    finish_staff_text(templates.reminder(), v, from, in.from_name, in.now, mail);
    return mail;
}

OutgoingMail compose_digest(const NoticeTemplates& templates, const DigestInput& in) {
    check_token(in.token);
    OutgoingMail mail;
    const std::string from = checked(in.from, "our From address");
    mail.to = checked(in.to, "the staff address");
    mail.message_id = our_message_id(in.token, domain_of(from));
    Values v;
    v.set("day", ru_date(in.day));
    v.set("department", mime::one_line(in.department, 100));
    v.set("count", std::to_string(in.entries.size()));
    v.set("ministry", mime::one_line(in.from_name, 300));
    auto& items = v.lists["items"];
    for (const DigestEntry& e : in.entries) {
        Values item;
        item.set("letter_id", std::to_string(e.letter_id));
        item.set("decided_at", mime::one_line(e.decided_at, 50));
        item.set("verdict_ru", mime::one_line(e.verdict_ru, 200));
        item.set("kind", kind_word(e.kind));
        item.set("sender", mime::one_line(e.sender, 300));
        item.set("original_subject", mime::one_line(e.original_subject, 300));
        item.set("command", mime::one_line(e.command, 300));
        auto& grounds = item.lists["grounds"];
        for (const auto& [title, evidence] : e.grounds) {
            Values g;
            g.set("title", mime::one_line(title, 200));
            g.set("evidence", mime::one_line(evidence, 300));
            grounds.push_back(std::move(g));
        }
        items.push_back(std::move(item));
    }
    finish_staff_text(templates.digest(), v, from, in.from_name, in.now, mail);
    return mail;
}

OutgoingMail readdress(std::string_view bytes, const std::string& to, const std::string& from,
                       const std::string& token) {
    check_token(token);
    OutgoingMail mail;
    mail.to = checked(to, "the recipient");
    mail.message_id = our_message_id(token, domain_of(checked(from, "our From address")));
    const auto header_end = bytes.find("\r\n\r\n");
    if (header_end == std::string_view::npos)
        throw ComposeError("the stored message has no header");
    std::string out;
    bool skipping = false;  // inside a replaced field's continuation lines
    std::size_t pos = 0;
    while (pos < header_end + 2) {
        const auto eol = bytes.find("\r\n", pos);
        const std::string_view line = bytes.substr(pos, eol + 2 - pos);
        pos = eol + 2;
        const bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t');
        if (continuation && skipping) continue;
        skipping = false;
        auto is_field = [&](std::string_view name) {
            if (line.size() <= name.size() || line[name.size()] != ':') return false;
            for (std::size_t i = 0; i < name.size(); ++i)
                if (std::tolower(static_cast<unsigned char>(line[i])) !=
                    std::tolower(static_cast<unsigned char>(name[i])))
                    return false;
            return true;
        };
        if (is_field("To")) {
            out += mime::address_header("To", "", mail.to);
            skipping = true;
        } else if (is_field("Message-ID")) {
            out += "Message-ID: <" + mail.message_id + ">\r\n";
            skipping = true;
        } else {
            out.append(line);
        }
    }
    out.append(bytes.substr(header_end + 2));
    mail.bytes = std::move(out);
    return mail;
}

}  // namespace obrd
