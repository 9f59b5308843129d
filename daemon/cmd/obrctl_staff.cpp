// obrctl_staff.cpp: the commands of obrctl_staff.hpp.
#include "daemon/cmd/obrctl_staff.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "daemon/store/decision_tx.hpp"
#include "notices/calendar.hpp"
#include "notices/compose.hpp"
#include "parsers/parse.hpp"
#include "rules/history.hpp"
#include "rules/verdict.hpp"

namespace obrd {

namespace {

constexpr int kExitUsage = 64;
constexpr int kExitNotFound = 65;

struct Resolved {
    std::int64_t appeal_id = 0;
    std::string shown;  // as the user wrote it, for messages
};

// A registration number: МСЗ-YYYY-NNNNNN.
bool is_registration_number(const std::string& s) {
    const std::string prefix = "МСЗ-";
    if (s.size() != prefix.size() + 11 || s.compare(0, prefix.size(), prefix) != 0) return false;
    const std::string rest = s.substr(prefix.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const bool dash = i == 4;
        if (dash ? rest[i] != '-' : (rest[i] < '0' || rest[i] > '9')) return false;
    }
    return true;
}

std::optional<std::int64_t> letter_number(const std::string& s) {
    if (s.size() < 2 || s[0] != '#' || s.size() > 19) return std::nullopt;
    std::int64_t n = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        n = n * 10 + (s[i] - '0');
    }
    return n > 0 ? std::optional<std::int64_t>(n) : std::nullopt;
}

// The appeal REF names, or the Russian error and its exit status.
std::optional<Resolved> resolve(StaffCommandContext& c, const std::string& ref, int& status) {
    if (is_registration_number(ref)) {
        if (auto id = c.store.appeal_of_registration(ref)) return Resolved{*id, ref};
        c.err << "obrctl: обращение " << ref << " не найдено\n";
        status = kExitNotFound;
        return std::nullopt;
    }
    if (auto n = letter_number(ref)) {
        if (auto id = c.store.appeal_of_letter(*n)) return Resolved{*id, ref};
        if (c.store.letter_exists(*n))
            c.err << "obrctl: письмо " << ref << " ещё не рассмотрено (решения по нему нет)\n";
        else
            c.err << "obrctl: письмо " << ref << " не найдено\n";
        status = kExitNotFound;
        return std::nullopt;
    }
    c.err << "obrctl: «" << ref
          << "» — не регистрационный номер (МСЗ-2026-000001) и не номер письма (#17)\n";
    status = kExitUsage;
    return std::nullopt;
}

std::string str(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return {};
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

std::string verdict_ru(const std::string& v) {
    if (v == "accepted") return "принято";
    if (v == "refused") return "не зарегистрировано (отказ)";
    if (v == "review") return "ждёт решения сотрудника (уведомление задержано)";
    if (v == "ignored") return "автоматическое письмо, без ответа";
    if (v == "follow_up") return "дополнение к обращению";
    if (v == "manual") return "не разобрано автоматически, для сотрудника";
    return v;
}

std::string outbox_status_ru(const std::string& s) {
    if (s == "pending") return "ждёт отправки";
    if (s == "sending") return "отправляется";
    if (s == "sent") return "отправлено";
    if (s == "failed") return "не принято сервером";
    if (s == "undeliverable") return "не доставлено (возврат)";
    if (s == "held") return "задержано до решения";
    if (s == "suppressed") return "не отправлено (дневной предел адреса)";
    return s;
}

std::string iso_to_ru_date(const std::string& iso) {
    if (iso.size() != 10) return iso;
    return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

// `s` padded with blanks to `width` characters (UTF-8 code points, not bytes).
std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
    return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

void print_line(std::ostream& out, const char* label, const std::string& value) {
    if (!value.empty()) out << label << ": " << value << "\n";
}

// The stored decision as a Verdict, enough to compose its notice.
Verdict verdict_of(const nlohmann::json& a, Outcome outcome) {
    Verdict v;
    v.kind = str(a, "kind") == "complaint" ? Kind::complaint : Kind::appeal;
    v.verdict = outcome;
    v.notice = outcome == Outcome::accepted ? Notice::acceptance : Notice::refusal;
    v.reply_to = str(a, "reply_to");
    for (const auto& r : a.value("reasons", nlohmann::json::array()))
        if (auto reason = reason_from_string(r.get<std::string>())) v.reasons.push_back(*reason);
    for (const auto& i : a.value("complaint_missing", nlohmann::json::array())) {
        for (ComplaintItem item :
             {ComplaintItem::applicant, ComplaintItem::reply_address, ComplaintItem::official,
              ComplaintItem::essence, ComplaintItem::notify_method})
            if (to_string(item) == i.get<std::string>()) v.complaint_missing.push_back(item);
    }
    for (const auto& e : a.value("evidence", nlohmann::json::array())) {
        Evidence ev;
        ev.reason = reason_from_string(str(e, "reason"));
        ev.symbol = str(e, "symbol");
        ev.text = str(e, "text");
        ev.field = str(e, "field");
        ev.strength = str(e, "strength") == "weak" ? Strength::weak : Strength::strong;
        if (e.contains("offset") && e["offset"].is_number_unsigned())
            ev.offset = e["offset"].get<std::size_t>();
        v.evidence.push_back(std::move(ev));
    }
    return v;
}

}  // namespace

std::string sakhalin_time(const std::string& utc) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (utc.size() != 20 || utc.back() != 'Z' ||
        std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
        return "-";
    using namespace std::chrono;
    const auto day = year_month_day{year{y}, month{unsigned(mo)}, std::chrono::day{unsigned(d)}};
    if (!day.ok()) return "-";
    // Sakhalin keeps UTC+11 the whole year (no summer time since 2016).
    const auto local = sys_days{day} + hours{h} + minutes{mi} + hours{11};
    const auto ld = year_month_day{floor<days>(local)};
    const auto hm = hh_mm_ss{local - floor<days>(local)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d %02d:%02d", unsigned(ld.day()),
                  unsigned(ld.month()), int(ld.year()), int(hm.hours().count()),
                  int(hm.minutes().count()));
    return buf;
}

int run_show(StaffCommandContext& c, const std::vector<std::string>& args_in) {
    std::vector<std::string> args = args_in;
    const auto json_flag = std::find(args.begin(), args.end(), "--json");
    const bool json = json_flag != args.end();
    if (json) args.erase(json_flag);
    if (args.size() != 1) {
        c.err << "usage: obrctl show REF [--json]   (REF: МСЗ-2026-000001 или #17)\n";
        return kExitUsage;
    }
    int status = 0;
    const auto r = resolve(c, args[0], status);
    if (!r) return status;
    nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    const Letter letter = parse_letter(c.store.raw_of_appeal(r->appeal_id));
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& h : letter.headers)
        if (!headers.contains(h.name)) headers[h.name] = h.value;
    auto attachments = nlohmann::json::array();
    for (const auto& at : letter.attachments)
        attachments.push_back(
            {{"filename", at.filename}, {"content_type", at.content_type}, {"size", at.size}});
    a["letter"] = {
        {"from", letter.from.name.empty() ? letter.from.address
                                          : letter.from.name + " <" + letter.from.address + ">"},
        {"subject", letter.subject},
        {"date", letter.date.value_or("")},
        {"text", letter.text},
        {"attachments", attachments},
        {"headers", headers}};
    if (json) {
        c.out << a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::ostream& o = c.out;
    const std::string number = str(a, "registration_number");
    o << "Письмо #" << str(a, "letter_id") << ", получено " << sakhalin_time(str(a, "received_at"))
      << " (время сахалинское), " << str(a, "size") << " байт\n";
    print_line(o, "От", a["letter"]["from"].get<std::string>());
    print_line(o, "Тема", letter.subject.empty() ? "(без темы)" : letter.subject);
    print_line(o, "Дата письма", letter.date.value_or(""));
    print_line(o, "Message-ID", letter.message_id);
    for (const auto& at : letter.attachments)
        o << "Вложение: " << (at.filename.empty() ? "(без имени)" : at.filename) << " ("
          << at.content_type << ", " << at.size << " байт)\n";
    o << "\nТекст:\n----\n"
      << letter.text << (letter.text.empty() || letter.text.back() == '\n' ? "" : "\n")
      << "----\n\n";
    o << "Решение: " << verdict_ru(str(a, "verdict")) << " (" << sakhalin_time(str(a, "decided_at"))
      << ")\n";
    o << "Вид: "
      << (str(a, "kind") == "complaint"   ? "жалоба"
          : str(a, "kind") == "automatic" ? "автоматическое"
                                          : "обращение")
      << "\n";
    if (!number.empty())
        o << "Регистрационный номер: " << number << " от " << sakhalin_time(str(a, "registered_at"))
          << ", срок до " << iso_to_ru_date(str(a, "deadline")) << " включительно\n";
    print_line(o, "Отдел", str(a, "department"));
    print_line(o, "Повторяет", str(a, "duplicate_of"));
    print_line(o, "Адрес для ответа", str(a, "reply_to"));
    if (a.contains("evidence") && a["evidence"].is_array() && !a["evidence"].empty()) {
        o << "Основания и фрагменты:\n";
        for (const auto& e : a["evidence"]) {
            const std::string code = str(e, "reason");
            const auto reason = reason_from_string(code);
            o << "  - " << (reason ? std::string(reason_title_ru(*reason)) : code) << " ["
              << str(e, "symbol") << (str(e, "strength") == "weak" ? ", слабое" : "") << "]: «"
              << str(e, "text") << "»\n";
        }
    }
    if (!a["outbox"].empty()) {
        o << "Исходящие письма:\n";
        for (const auto& m : a["outbox"]) {
            o << "  #" << str(m, "id") << " "
              << (str(m, "purpose") == "notice" ? "уведомление" : "карточка") << " → "
              << str(m, "recipient") << ": " << outbox_status_ru(str(m, "status"));
            if (!str(m, "sent_at").empty()) o << " " << sakhalin_time(str(m, "sent_at"));
            if (!str(m, "last_error").empty()) o << " (" << str(m, "last_error") << ")";
            o << "\n";
        }
    }
    if (!a["queue_items"].empty()) {
        o << "В очередях:\n";
        for (const auto& w : a["queue_items"])
            o << "  " << str(w, "queue") << ": "
              << (str(w, "status") == "open" ? "открыто" : "закрыто") << " с "
              << sakhalin_time(str(w, "created_at")) << " — " << str(w, "reason") << "\n";
    }
    o << "Действия сотрудников:";
    if (a["staff_actions"].empty()) o << " нет";
    o << "\n";
    for (const auto& s : a["staff_actions"])
        o << "  " << sakhalin_time(str(s, "at")) << " " << str(s, "actor") << ": "
          << str(s, "action") << " — «" << str(s, "comment") << "»\n";
    return 0;
}

namespace {

// decide REF accept: the refusal (sent or held) or the manual item overturned: registered
// now, with a deadline from today, an acceptance (saying the refusal is withdrawn when one
// was sent) and the department's cards; see Store::overturn.
int overturn(StaffCommandContext& c, const Resolved& r, const std::string& comment) {
    const nlohmann::json a = c.store.appeal_in_full(r.appeal_id);
    const std::string before = str(a, "verdict");
    if (before != "refused" && before != "review" && before != "manual") {
        c.err << "obrctl decide: " << r.shown << " нельзя принять: решение — " << verdict_ru(before)
              << "\n";
        return kExitNotFound;
    }
    if (!c.config || !c.data) {
        c.err << "obrctl decide: нет настроек для писем\n";
        return kExitUsage;
    }
    const std::string raw = c.store.raw_of_appeal(r.appeal_id);
    const Letter letter = parse_letter(raw);
    Verdict v = verdict_of(a, Outcome::accepted);
    v.reasons.clear();
    v.complaint_missing.clear();
    v.department = v.kind == Kind::complaint ? c.data->rules.settings.department_complaint
                                             : c.data->rules.settings.department_appeal;
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const Date today{std::chrono::floor<std::chrono::days>(now + std::chrono::hours{11})};
    const Date deadline = v.kind == Kind::complaint ? add_working_days(today, 20, c.data->calendar)
                                                    : appeal_deadline(today, 30, c.data->calendar);
    const PriorAppeal fingerprint = make_prior_appeal(letter, c.data->rules, "", now);
    Registration reg;
    reg.year = int(today.year());
    reg.at = now;
    reg.deadline = iso_date(deadline);
    reg.sender_email = fingerprint.sender_email;
    reg.sender_inn = fingerprint.inn;
    reg.text_hash = fingerprint.text_hash;
    reg.shingles = fingerprint.shingles;
    bool refusal_sent = false;
    for (const auto& m : a["outbox"])
        refusal_sent |= str(m, "purpose") == "notice" && str(m, "status") == "sent";
    const std::string token =
        std::to_string(r.appeal_id) + ".a." + std::to_string(now.time_since_epoch().count());
    std::vector<std::string> problems;
    auto compose = [&](const std::string& number) {
        std::vector<Store::StaffMail> mail;
        if (!v.reply_to.empty()) {
            NoticeInput in;
            in.from = c.config->smtp.from;
            in.from_name = c.config->notices.from_name;
            in.to = v.reply_to;
            in.in_reply_to = letter.message_id;
            in.references = letter.references;
            in.original_subject = letter.subject;
            in.verdict = v;
            in.sender = letter.sender;
            in.registration_number = number;
            in.registered_on = today;
            in.deadline = deadline;
            in.now = now;
            in.token = token + ".n";
            in.refusal_withdrawn = refusal_sent;
            try {
                OutgoingMail m = compose_notice(c.data->templates, in);
                mail.push_back({"notice", m.to, m.subject, m.message_id, m.bytes});
            } catch (const ComposeError& e) {
                problems.push_back(std::string("уведомление не составлено: ") + e.what());
            }
        }
        const auto dept = c.config->departments.find(v.department);
        if (dept != c.config->departments.end())
            for (std::size_t i = 0; i < dept->second.size(); ++i) {
                CardInput in;
                in.from = c.config->smtp.from;
                in.from_name = c.config->notices.from_name;
                in.to = dept->second[i];
                in.department = v.department;
                in.letter = &letter;
                in.verdict = v;
                in.registration_number = number;
                in.registered_on = today;
                in.deadline = deadline;
                in.original = raw;
                in.now = now;
                in.token = token + ".c" + std::to_string(i);
                try {
                    OutgoingMail m = compose_card(c.data->templates, in);
                    mail.push_back({"card", m.to, m.subject, m.message_id, m.bytes});
                } catch (const ComposeError& e) {
                    problems.push_back(std::string("карточка не составлена: ") + e.what());
                }
            }
        return mail;
    };
    const auto done = c.store.overturn(r.appeal_id, before, comment, reg, v.department, compose);
    if (!done) {
        c.err << "obrctl decide: " << r.shown << " уже решено другим сотрудником: obrctl show "
              << r.shown << "\n";
        return kExitNotFound;
    }
    for (const auto& p : problems) c.err << "obrctl decide: " << p << "\n";
    c.out << r.shown << ": принято и зарегистрировано под номером " << done->registration_number
          << ", срок до " << iso_to_ru_date(reg.deadline)
          << "; писем к отправке: " << done->outbox_ids.size() << "\n";
    return 0;
}

}  // namespace

int run_decide(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl decide REF refuse|accept [--ground G] --comment TEXT\n";
    std::vector<std::string> positional;
    std::string comment;
    std::vector<std::string> grounds;
    bool has_comment = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--comment" && i + 1 < args.size()) {
            comment = args[++i];
            has_comment = true;
        } else if (args[i] == "--ground" && i + 1 < args.size()) {
            grounds.push_back(args[++i]);
        } else if (args[i].rfind("--", 0) == 0) {
            c.err << "obrctl decide: неизвестный параметр «" << args[i] << "»\n" << usage;
            return kExitUsage;
        } else {
            positional.push_back(args[i]);
        }
    }
    if (positional.size() != 2 || (positional[1] != "refuse" && positional[1] != "accept")) {
        c.err << usage;
        return kExitUsage;
    }
    if (!has_comment || comment.find_first_not_of(" \t\r\n") == std::string::npos) {
        c.err << "obrctl decide: нужен --comment: почему принято это решение (он попадает в "
                 "журнал действий)\n";
        return kExitUsage;
    }
    for (const auto& g : grounds)
        if (!reason_from_string(g)) {
            c.err << "obrctl decide: неизвестное основание «" << g
                  << "» (коды оснований: obrctl symbols)\n";
            return kExitUsage;
        }
    int status = 0;
    const auto r = resolve(c, positional[0], status);
    if (!r) return status;
    if (positional[1] == "accept") return overturn(c, *r, comment);
    // The refusal notice, composed now from the stored decision: the review verdict held it
    // back unwritten. No notice when there is nobody to answer.
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    if (str(a, "verdict") != "review") {
        c.err << "obrctl decide: " << r->shown
              << " не ждёт решения сотрудника (решение: " << verdict_ru(str(a, "verdict")) << ")\n";
        return kExitNotFound;
    }
    std::optional<Store::StaffMail> notice;
    const Verdict v = verdict_of(a, Outcome::refused);
    if (!v.reply_to.empty() && c.config && c.data) {
        const Letter letter = parse_letter(c.store.raw_of_appeal(r->appeal_id));
        NoticeInput in;
        in.from = c.config->smtp.from;
        in.from_name = c.config->notices.from_name;
        in.to = v.reply_to;
        in.in_reply_to = letter.message_id;
        in.references = letter.references;
        in.original_subject = letter.subject;
        in.verdict = v;
        in.sender = letter.sender;
        in.now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        in.token = std::to_string(r->appeal_id) + ".s." +
                   std::to_string(in.now.time_since_epoch().count());
        try {
            const OutgoingMail mail = compose_notice(c.data->templates, in);
            notice = Store::StaffMail{"notice", mail.to, mail.subject, mail.message_id, mail.bytes};
        } catch (const ComposeError& e) {
            c.err << "obrctl decide: уведомление не составлено (" << e.what()
                  << "); отказ подтверждается без него\n";
        }
    }
    const auto released = c.store.confirm_review(r->appeal_id, comment, notice);
    if (!released) {
        c.err << "obrctl decide: " << r->shown << " уже решено другим сотрудником: obrctl show "
              << r->shown << "\n";
        return kExitNotFound;
    }
    c.out << r->shown << ": отказ подтверждён; уведомлений к отправке: " << released->size()
          << "\n";
    return 0;
}

int run_audit(StaffCommandContext& c, const std::vector<std::string>& args_in) {
    std::vector<std::string> args = args_in;
    const auto json_flag = std::find(args.begin(), args.end(), "--json");
    const bool json = json_flag != args.end();
    if (json) args.erase(json_flag);
    std::optional<std::int64_t> appeal;
    if (args.size() == 2 && args[0] == "--ref") {
        int status = 0;
        const auto r = resolve(c, args[1], status);
        if (!r) return status;
        appeal = r->appeal_id;
    } else if (!args.empty()) {
        c.err << "usage: obrctl audit [--ref REF] [--json]\n";
        return kExitUsage;
    }
    const auto rows = c.store.list_staff_actions(appeal);
    if (json) {
        for (const auto& row : rows) c.out << row.dump() << "\n";
        return 0;
    }
    c.out << pad("время (Сахалин)", 17) << pad("кто", 12) << pad("действие", 16) << pad("письмо", 8)
          << pad("номер", 16) << "комментарий\n";
    for (const auto& row : rows) {
        const std::string number = str(row, "registration_number");
        c.out << pad(sakhalin_time(str(row, "at")), 17) << pad(str(row, "actor"), 12)
              << pad(str(row, "action"), 16)
              << pad(std::string(1, '#').append(str(row, "letter_id")), 8)
              << pad(number.empty() ? "-" : number, 16) << str(row, "comment") << "\n";
    }
    return 0;
}

namespace {

// The queue item reasons obrd writes, in Russian for staff; others (a manual item's cause)
// as written.
std::string queue_reason_ru(const std::string& reason) {
    static const std::pair<const char*, const char*> kPrefixes[] = {
        {"accepted appeal", "принятое обращение"},
        {"complaint for the head's review", "жалоба на рассмотрение руководству"},
        {"confirm the refusal before its notice is sent",
         "подтвердить или отменить отказ (уведомление задержано)"},
        {"urgent: ", "срочно: "},
        {"follow-up to ", "дополнение к "},
        {"follow-up", "дополнение"},
        {"accepted by a person after ", "принято сотрудником после решения "},
    };
    for (const auto& [en, ru] : kPrefixes) {
        const std::string prefix(en);
        if (reason.rfind(prefix, 0) != 0) continue;
        std::string rest = reason.substr(prefix.size());
        if (prefix == "urgent: ") {
            std::string titles;
            std::size_t pos = 0;
            while (pos <= rest.size()) {
                const auto comma = rest.find(", ", pos);
                const std::string code =
                    rest.substr(pos, comma == std::string::npos ? comma : comma - pos);
                const auto r = reason_from_string(code);
                if (!titles.empty()) titles += "; ";
                titles += r ? std::string(reason_title_ru(*r)) : code;
                if (comma == std::string::npos) break;
                pos = comma + 2;
            }
            rest = titles;
        } else if (prefix == "accepted by a person after ") {
            rest = verdict_ru(rest);
        }
        return std::string(ru).append(rest);
    }
    return reason;
}

}  // namespace

int run_queue(StaffCommandContext& c, const std::vector<std::string>& args_in,
              const std::vector<std::string>& departments) {
    std::vector<std::string> args = args_in;
    auto take = [&](const char* flag) {
        const auto it = std::find(args.begin(), args.end(), flag);
        if (it == args.end()) return false;
        args.erase(it);
        return true;
    };
    const bool json = take("--json");
    const bool overdue_only = take("--overdue");
    if (args.size() > 1 || (!args.empty() && args[0].rfind("--", 0) == 0)) {
        c.err << "usage: obrctl queue [NAME] [--overdue] [--json]\n";
        return kExitUsage;
    }
    const std::string name = args.empty() ? "" : args[0];
    if (!name.empty())
        if (int status = check_queue_name(c, name, departments)) return status;
    std::vector<nlohmann::json> rows;
    for (auto& r : c.store.list_queue(name))
        if (!overdue_only || (r.contains("overdue") && r["overdue"] == true))
            rows.push_back(std::move(r));
    if (json) {
        for (const auto& r : rows)
            c.out << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    c.out << pad("№", 6) << pad("очередь", 10) << pad("письмо", 8) << pad("номер", 17)
          << pad("срок", 12) << pad("ждёт", 8) << "тема — причина\n";
    for (const auto& r : rows) {
        const long long age = r.value("age_seconds", 0LL);
        std::string waits =
            age >= 86400 ? std::to_string(age / 86400) + " дн." : std::to_string(age / 3600) + " ч";
        std::string deadline = iso_to_ru_date(str(r, "deadline"));
        if (deadline.empty()) deadline.assign(1, '-');
        if (r.value("overdue", false)) deadline += '!';
        const std::string number = str(r, "registration_number");
        c.out << pad(str(r, "id"), 6) << pad(str(r, "queue"), 10)
              << pad(std::string(1, '#').append(str(r, "letter_id")), 8)
              << pad(number.empty() ? std::string(1, '-') : number, 17) << pad(deadline, 12)
              << pad(waits, 8) << str(r, "subject") << " — " << queue_reason_ru(str(r, "reason"))
              << "\n";
    }
    if (overdue_only || std::any_of(rows.begin(), rows.end(), [](const nlohmann::json& r) {
            return r.value("overdue", false);
        }))
        c.out << "(«!» после срока: срок прошёл)\n";
    return 0;
}

int check_queue_name(StaffCommandContext& c, const std::string& queue,
                     const std::vector<std::string>& departments) {
    std::vector<std::string> known = {"review", "manual"};
    known.insert(known.end(), departments.begin(), departments.end());
    for (const auto& q : c.store.queue_names()) known.push_back(q);
    if (std::find(known.begin(), known.end(), queue) != known.end()) return 0;
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    c.err << "obrctl queue: очереди «" << queue << "» нет; есть:";
    for (const auto& q : known) c.err << " " << q;
    c.err << "\n";
    return kExitUsage;
}

}  // namespace obrd
