// templates.cpp: see templates.hpp. The list of template files, the placeholders each may
// use, and the loader that parses them all.
//
// Promises: nothing half-loaded: every error of every file is collected before throwing.
#include "notices/templates.hpp"

#include <algorithm>

namespace obrd {

namespace {

constexpr ComplaintItem kItems[kComplaintItemCount] = {
    ComplaintItem::applicant, ComplaintItem::reply_address, ComplaintItem::official,
    ComplaintItem::essence, ComplaintItem::notify_method};

// Placeholders of every notice file (acceptance, refusal, reasons, items).
std::vector<std::string> notice_values() {
    return {"salutation",  // «Уважаемая Ирина Петровна!» or «Здравствуйте!»
            "registration_number",
            "registration_date",
            "deadline",
            "deadline_nominal",       // an appeal's 30th day, when it is not a working day
            "deadline_moved",         // non-empty then: the deadline moved to the next one
            "kind",                   // «обращение» or «жалоба»
            "is_complaint",           // non-empty for a complaint
            "original_subject",       // the subject of the sender's letter
            "ministry",               // our display name
            "ministry_email",         // our address
            "reply_to",               // where the notice goes
            "refusal_withdrawn",      // acceptance by a person after a refusal was sent
            "completes_refused",      // the letter answers our refusal of an earlier one
            "refused_letter_date",    // the day that refused letter arrived
            "acceptance_withdrawn"};  // refusal by a person after an acceptance was sent
}

Schema notice_schema() {
    return Schema{notice_values(), {}};
}

// items/: a notice's values, and what the evidence says is wrong with this item.
Schema item_schema() {
    Schema s = notice_schema();
    s.values.push_back("why");
    return s;
}

Schema reason_schema() {
    Schema s = notice_schema();
    s.values.push_back("competent_body");  // off_topic: the body named by the rules
    s.values.push_back("topic");           // off_topic: the topic named by the rules
    // What the evidence says, where a notice may repeat it (compose.cpp).
    s.values.push_back("evidence");          // sender_incomplete, no_email: in the rules' words
    s.values.push_back("duplicate_number");  // duplicate: the earlier appeal's number
    s.values.push_back("duplicate_date");    // duplicate: and the day it was registered
    s.values.push_back("surname_given");     // the sender gave a surname
    s.lists["wrong_values"] = Schema{{"text"}, {}};  // sender_inaccurate: each wrong value
    s.lists["missing_items"] = Schema{{"code", "title", "text"}, {}};
    return s;
}

Schema refusal_schema() {
    Schema s = reason_schema();
    s.lists["reasons"] = Schema{{"code", "title", "text", "number"}, {}};
    return s;
}

Schema extension_schema() {
    Schema s = notice_schema();
    s.values.push_back("previous_deadline");
    s.values.push_back("extension_days");
    return s;
}

Schema reminder_schema() {
    return Schema{{"registration_number", "registration_date", "deadline", "kind", "is_complaint",
                   "department", "letter_id", "original_subject", "sender_name", "reply_to",
                   "missed", "days_left", "ministry"},
                  {}};
}

Schema digest_schema() {
    Schema s{{"day", "department", "count", "ministry"}, {}};
    s.lists["items"] = Schema{
        {"letter_id", "decided_at", "verdict_ru", "kind", "sender", "original_subject", "command"},
        {{"grounds", Schema{{"title", "evidence"}, {}}}}};
    return s;
}

Schema salutation_schema() {
    return Schema{
        {"last_name", "first_name", "patronymic", "organization", "female", "male", "neutral"}, {}};
}

Schema card_schema() {
    Schema s;
    s.values = {"registration_number",
                "registration_date",
                "deadline",
                "kind",
                "is_complaint",
                "department",
                "sender_name",
                "organization",
                "inn",
                "ogrn",
                "email",
                "phone",
                "postal_address",
                "reply_to",
                "from",
                "letter_date",
                "message_id",
                "original_subject",
                "excerpt",
                "excerpt_cut",
                "original_as_file",
                "ministry",
                "reply_to_applicant",  // Reply-To: the applicant and our mailbox
                "answer_closes",       // an appeal (the answer closes it), not a complaint
                "mailbox"};
    s.lists["flags"] = Schema{{"code", "title"}, {}};
    s.lists["attachments"] = Schema{{"filename", "content_type", "size"}, {}};
    // alert.txt only: the urgent card of a refused or held letter.
    s.values.insert(s.values.end(), {"verdict_ru", "letter_id"});
    s.lists["grounds"] = Schema{{"code", "title", "evidence"}, {}};
    return s;
}

Schema forward_schema() {
    Schema s = card_schema();
    s.values.insert(s.values.end(), {"competent_body", "forwarded_on", "ministry_email"});
    return s;
}

Schema forwarded_schema() {
    Schema s = notice_schema();
    s.values.insert(s.values.end(), {"competent_body", "body_email", "forwarded_on"});
    return s;
}

std::string normalize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

bool is_comment_line(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line.empty() ||
           (line.substr(0, 3) == "{{!" && line.size() >= 5 &&
            line.substr(line.size() - 2) == "}}" && line.find("}}") == line.size() - 2);
}

// Splits "subject: ..." off a mail template and parses both parts.
MailTemplate parse_mail(const std::string& name, const std::string& text, const Schema& schema,
                        std::vector<std::string>& errors) {
    MailTemplate m;
    std::size_t pos = 0, line = 1;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view l(text.data() + pos,
                                 (nl == std::string::npos ? text.size() : nl) - pos);
        if (!is_comment_line(l)) {
            if (l.substr(0, 8) != "subject:") break;
            std::string_view subject = l.substr(8);
            while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
            try {
                m.subject = Template::parse(name, subject, schema, line);
            } catch (const TemplateError& e) {
                errors.push_back(e.what());
            }
            const std::size_t body_at = nl == std::string::npos ? text.size() : nl + 1;
            try {
                m.body =
                    Template::parse(name, std::string_view(text).substr(body_at), schema, line + 1);
            } catch (const TemplateError& e) {
                errors.push_back(e.what());
            }
            if (m.subject.empty())
                errors.push_back(name + ":" + std::to_string(line) + ": the subject is empty");
            if (m.body.empty()) errors.push_back(name + ": the body is empty");
            return m;
        }
        if (nl == std::string::npos) break;
        pos = nl + 1;
        ++line;
    }
    errors.push_back(name + ":" + std::to_string(line) +
                     ": the first line (after {{! comments}}) must be \"subject: ...\"");
    return m;
}

Template parse_plain(const std::string& name, const std::string& text, const Schema& schema,
                     std::vector<std::string>& errors) {
    try {
        Template t = Template::parse(name, text, schema);
        if (t.empty()) errors.push_back(name + ": the file is empty");
        return t;
    } catch (const TemplateError& e) {
        errors.push_back(e.what());
        return {};
    }
}

}  // namespace

std::vector<std::string> NoticeTemplates::file_names() {
    std::vector<std::string> names = {
        "acceptance.txt", "refusal.txt", "card.txt",    "alert.txt",     "extension.txt",
        "reminder.txt",   "digest.txt",  "forward.txt", "forwarded.txt", "salutation.txt"};
    for (std::size_t i = 0; i < kReasonCount; ++i)
        names.push_back("reasons/" + std::string(to_string(static_cast<Reason>(i))) + ".txt");
    for (ComplaintItem it : kItems) names.push_back("items/" + std::string(to_string(it)) + ".txt");
    return names;
}

Schema NoticeTemplates::schema_of(const std::string& file) {
    if (file == "acceptance.txt") return notice_schema();
    if (file == "refusal.txt") return refusal_schema();
    if (file == "card.txt" || file == "alert.txt") return card_schema();
    if (file == "salutation.txt") return salutation_schema();
    if (file == "extension.txt") return extension_schema();
    if (file == "reminder.txt") return reminder_schema();
    if (file == "digest.txt") return digest_schema();
    if (file == "forward.txt") return forward_schema();
    if (file == "forwarded.txt") return forwarded_schema();
    if (file.rfind("reasons/", 0) == 0) return reason_schema();
    return item_schema();  // items/
}

NoticeTemplates NoticeTemplates::from_texts(const std::map<std::string, std::string>& files) {
    NoticeTemplates t;
    std::vector<std::string> errors;
    const auto names = file_names();
    for (const auto& [name, text] : files)
        if (std::find(names.begin(), names.end(), name) == names.end())
            errors.push_back(
                name +
                ": not a notice template (expected names: acceptance.txt, "
                "refusal.txt, card.txt, alert.txt, extension.txt, reminder.txt, "
                "digest.txt, forward.txt, forwarded.txt, salutation.txt, reasons/<reason "
                "code>.txt, items/<complaint item code>.txt)");
    auto text_of = [&](const std::string& name) -> const std::string* {
        auto it = files.find(name);
        if (it == files.end()) {
            errors.push_back(name + ": missing");
            return nullptr;
        }
        return &it->second;
    };
    auto mail = [&](const std::string& name, MailTemplate& out) {
        if (const auto* s = text_of(name))
            out = parse_mail(name, normalize(*s), schema_of(name), errors);
    };
    mail("acceptance.txt", t.acceptance_);
    mail("refusal.txt", t.refusal_);
    mail("card.txt", t.card_);
    mail("alert.txt", t.alert_);
    mail("extension.txt", t.extension_);
    mail("reminder.txt", t.reminder_);
    mail("digest.txt", t.digest_);
    mail("forward.txt", t.forward_);
    mail("forwarded.txt", t.forwarded_);
    if (const auto* s = text_of("salutation.txt"))
        t.salutation_ = parse_plain("salutation.txt", normalize(*s), salutation_schema(), errors);
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const std::string name =
            "reasons/" + std::string(to_string(static_cast<Reason>(i))) + ".txt";
        if (const auto* s = text_of(name))
            t.reasons_[i] = parse_plain(name, normalize(*s), reason_schema(), errors);
    }
    for (std::size_t i = 0; i < kComplaintItemCount; ++i) {
        const std::string name = "items/" + std::string(to_string(kItems[i])) + ".txt";
        if (const auto* s = text_of(name))
            t.items_[i] = parse_plain(name, normalize(*s), item_schema(), errors);
    }
    // What a notice must say, whatever the wording: an edit cannot drop it.
    if (errors.empty()) {
        auto require = [&](const std::string& file, const MailTemplate& m, const char* name,
                           bool in_subject) {
            if (!m.body.uses(name) || (in_subject && !m.subject.uses(name)))
                errors.push_back(file + ": must use {{" + name + "}}" +
                                 (in_subject ? " in the subject and the body" : ""));
        };
        require("acceptance.txt", t.acceptance_, "registration_number", true);
        require("acceptance.txt", t.acceptance_, "deadline", false);
        require("refusal.txt", t.refusal_, "reasons", false);
        require("card.txt", t.card_, "registration_number", true);
        require("card.txt", t.card_, "deadline", false);
        require("card.txt", t.card_, "excerpt", false);
        require("alert.txt", t.alert_, "grounds", false);
        require("alert.txt", t.alert_, "letter_id", true);
        require("extension.txt", t.extension_, "registration_number", true);
        require("extension.txt", t.extension_, "deadline", false);
        require("reminder.txt", t.reminder_, "registration_number", true);
        require("reminder.txt", t.reminder_, "deadline", true);
        require("digest.txt", t.digest_, "items", false);
        require("digest.txt", t.digest_, "day", true);
        require("forward.txt", t.forward_, "competent_body", false);
        require("forward.txt", t.forward_, "excerpt", false);
        require("forwarded.txt", t.forwarded_, "competent_body", false);
        require("forwarded.txt", t.forwarded_, "forwarded_on", false);
        if (!t.reasons_[static_cast<std::size_t>(Reason::complaint_incomplete)].uses(
                "missing_items"))
            errors.push_back("reasons/complaint_incomplete.txt: must use {{#missing_items}}");
        if (!t.reasons_[static_cast<std::size_t>(Reason::off_topic)].uses("competent_body"))
            errors.push_back("reasons/off_topic.txt: must use {{competent_body}}");
    }
    if (!errors.empty()) {
        std::string msg;
        for (const auto& e : errors) msg += (msg.empty() ? "" : "\n") + e;
        throw TemplateError(msg);
    }
    return t;
}

std::string tidy_text(std::string_view text) {
    const std::string s = normalize(text);
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= s.size()) {
        const auto nl = s.find('\n', pos);
        std::string_view l(s.data() + pos, (nl == std::string::npos ? s.size() : nl) - pos);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
        lines.push_back(l);
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    std::string out;
    bool pending_blank = false;
    for (auto l : lines) {
        if (l.empty()) {
            pending_blank = !out.empty();
            continue;
        }
        if (!out.empty()) out += pending_blank ? "\n\n" : "\n";
        pending_blank = false;
        out += l;
    }
    return out;
}

}  // namespace obrd
