// obrctl_staff.cpp: the commands of obrctl_staff.hpp.
#include "daemon/cmd/obrctl_staff.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

#include "daemon/staff_mail.hpp"
#include "daemon/store/decision_tx.hpp"
#include "notices/calendar.hpp"
#include "notices/compose.hpp"
#include "parsers/parse.hpp"
#include "rules/history.hpp"
#include "rules/verdict.hpp"

namespace obrd {

using namespace cli;

namespace {

void print_line(std::ostream& out, const char* label, const std::string& value) {
    if (!value.empty()) out << label << ": " << value << "\n";
}

}  // namespace

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
    // A deadline in a year whose transfers of days off no decree confirms yet may move.
    bool provisional = false;
    if (const auto deadline = parse_iso_date(str(a, "deadline")); deadline && c.calendar)
        provisional = c.calendar->provisional(deadline->year());
    a["deadline_provisional"] = provisional;
    if (json) {
        c.out << a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::ostream& o = c.out;
    const std::string number = str(a, "registration_number");
    o << "Письмо #" << str(a, "letter_id") << ", получено " << sakhalin_time(str(a, "received_at"))
      << " (время сахалинское), " << str(a, "size") << " байт\n";
    if (!str(a, "purged_at").empty())
        o << "Письмо и персональные данные удалены " << sakhalin_time(str(a, "purged_at"))
          << " по сроку хранения (obrctl purge); остались сведения для отчётов\n";
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
          : str(a, "kind") == "staff" ? "письмо сотрудника или с нашего адреса (не обращение)"
                                      : "обращение")
      << "\n";
    if (!number.empty())
        o << "Регистрационный номер: " << number << " от " << sakhalin_time(str(a, "registered_at"))
          << ", срок до " << iso_to_ru_date(str(a, "deadline")) << " включительно"
          << (provisional ? " (предварительно: календарь этого года ещё не утверждён"
                            " постановлением Правительства)"
                          : "")
          << "\n";
    print_line(o, "Отдел", str(a, "department"));
    print_line(o, "Повторяет", str(a, "duplicate_of"));
    if (!str(a, "resubmission_of_letter").empty())
        o << "Исправляет письмо #" << str(a, "resubmission_of_letter")
          << ", в регистрации которого было отказано\n";
    if (!str(a, "answered_on").empty())
        o << "Ответ дан: " << iso_to_ru_date(str(a, "answered_on"))
          << (str(a, "answer_letter_id").empty() ? std::string()
                                                 : std::string(" (копия ответа — письмо #")
                                                       .append(str(a, "answer_letter_id"))
                                                       .append(")"))
          << "\n";
    if (!str(a, "closed_at").empty())
        o << "Закрыто: " << sakhalin_time(str(a, "closed_at"))
          << (str(a, "result").empty() ? std::string()
                                       : std::string(", результат ").append(str(a, "result")))
          << (str(a, "complaint_outcome").empty()
                  ? std::string()
                  : std::string(", решение по жалобе ").append(str(a, "complaint_outcome")))
          << "\n";
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
            o << "  #" << str(m, "id") << " " << purpose_ru(str(m, "purpose")) << " → "
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
    const auto now = now_seconds();
    const Date today = sakhalin_today(now);
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
    const std::string token = message_token(r.appeal_id, "a");
    std::vector<std::string> problems;
    auto compose = [&](const std::string& number) {
        std::vector<Store::StaffMail> mail;
        if (!v.reply_to.empty()) {
            NoticeInput in = notice_input(*c.config, letter, v, now, token + ".n");
            in.registration_number = number;
            in.registered_on = today;
            in.deadline = deadline;
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
                CardInput in = card_input(*c.config, letter, v, v.department, dept->second[i], raw,
                                          now, token + ".c" + std::to_string(i));
                in.registration_number = number;
                in.registered_on = today;
                in.deadline = deadline;
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

// The earlier appeal a refusal as a duplicate cites: its number and registration day.
struct DuplicateCited {
    std::optional<std::int64_t> appeal_id;  // set when a person named it (--duplicate-of)
    std::string number;
    std::optional<Date> registered_on;
};

// A refusal on the duplicate ground names the registered appeal it repeats (the ministry's
// procedure; the notice gives its number and day): the one a person names with --duplicate-of,
// else the one the rules found. Nullopt, with the error written and `status` set, when a
// person's duplicate ground names none or names one that cannot be repeated.
std::optional<DuplicateCited> duplicate_cited(StaffCommandContext& c, const Resolved& r,
                                              const nlohmann::json& a,
                                              const std::optional<std::string>& named,
                                              bool person_grounds, int& status) {
    DuplicateCited cited;
    if (!named) {
        cited.number = str(a, "duplicate_of");
        cited.registered_on = parse_iso_date(str(a, "duplicate_registered_on"));
        if (cited.number.empty() && person_grounds) {
            c.err << "obrctl decide: отказ как повтор называет прежнее обращение: --duplicate-of "
                     "REF (его номер или #письмо)\n";
            status = kExitUsage;
            return std::nullopt;
        }
        return cited;
    }
    const auto earlier = resolve(c, *named, status);
    if (!earlier) return std::nullopt;
    const nlohmann::json e = c.store.appeal_in_full(earlier->appeal_id);
    if (earlier->appeal_id == r.appeal_id || str(e, "registration_number").empty()) {
        c.err << "obrctl decide: --duplicate-of " << earlier->shown
              << (earlier->appeal_id == r.appeal_id ? ": это то же самое письмо"
                                                    : ": оно не зарегистрировано")
              << "; повтор называет зарегистрированное ранее обращение\n";
        status = kExitNotFound;
        return std::nullopt;
    }
    cited.appeal_id = earlier->appeal_id;
    cited.number = str(e, "registration_number");
    cited.registered_on = parse_iso_date(str(e, "registered_on"));
    return cited;
}

// decide REF refuse: confirms a refusal held for review (its grounds, or those a person
// names instead), or refuses on the grounds a person names an accepted appeal or a manual
// item. The refusal notice is composed now from the stored decision; none when there is
// nobody to answer.
int refuse(StaffCommandContext& c, const Resolved& r, const std::vector<std::string>& grounds,
           const std::optional<std::string>& duplicate_of, const std::string& comment) {
    const nlohmann::json a = c.store.appeal_in_full(r.appeal_id);
    const std::string before = str(a, "verdict");
    if (before != "review" && before != "accepted" && before != "manual") {
        c.err << "obrctl decide: " << r.shown << " нельзя отказать: решение — "
              << verdict_ru(before) << "\n";
        return kExitNotFound;
    }
    if (before != "review" && grounds.empty()) {
        c.err << "obrctl decide: отказ сотрудника называет основание: --ground КОД (коды: obrctl "
                 "symbols)\n";
        return kExitUsage;
    }
    if (before == "accepted" && !str(a, "closed_at").empty()) {
        c.err << "obrctl decide: " << r.shown << " уже закрыто: ответ дан\n";
        return kExitNotFound;
    }
    Verdict v = verdict_of(a, Outcome::refused);
    if (!grounds.empty()) {
        v.reasons.clear();
        for (const auto& g : grounds) v.reasons.push_back(*reason_from_string(g));
    }
    std::optional<DuplicateCited> duplicate;
    if (std::find(v.reasons.begin(), v.reasons.end(), Reason::duplicate) != v.reasons.end()) {
        int status = 0;
        duplicate = duplicate_cited(c, r, a, duplicate_of, !grounds.empty(), status);
        if (!duplicate) return status;
    } else if (duplicate_of) {
        c.err << "obrctl decide: --duplicate-of — только для отказа как повтора (--ground "
                 "duplicate)\n";
        return kExitUsage;
    }
    bool acceptance_sent = false;
    for (const auto& m : a["outbox"])
        acceptance_sent |=
            before == "accepted" && str(m, "purpose") == "notice" && str(m, "status") == "sent";
    std::optional<Store::StaffMail> notice;
    if (!v.reply_to.empty() && c.config && c.data) {
        const Letter letter = parse_letter(c.store.raw_of_appeal(r.appeal_id));
        const auto now = now_seconds();
        NoticeInput in = notice_input(*c.config, letter, v, now, message_token(r.appeal_id, "s"));
        in.acceptance_withdrawn = acceptance_sent;
        if (duplicate) {
            in.duplicate_number = duplicate->number;
            in.duplicate_registered_on = duplicate->registered_on;
        }
        try {
            const OutgoingMail mail = compose_notice(c.data->templates, in);
            notice = Store::StaffMail{"notice", mail.to, mail.subject, mail.message_id, mail.bytes};
        } catch (const ComposeError& e) {
            c.err << "obrctl decide: уведомление не составлено (" << e.what()
                  << "); отказ записывается без него\n";
        }
    }
    std::optional<std::vector<std::int64_t>> queued;
    if (before == "review" && grounds.empty()) {
        queued = c.store.confirm_review(r.appeal_id, comment, notice);
    } else {
        // The person's grounds, as evidence a reader can tell from the rules'.
        nlohmann::json evidence = nlohmann::json::array();
        for (const auto& g : grounds)
            evidence.push_back({{"reason", g},
                                {"symbol", "STAFF_DECISION"},
                                {"strength", "strong"},
                                {"field", "staff"},
                                {"text", comment}});
        std::vector<std::string> codes;
        for (Reason reason : v.reasons) codes.emplace_back(to_string(reason));
        queued = c.store.refuse_by_person(r.appeal_id, before, codes, evidence.dump(), comment,
                                          notice, duplicate ? duplicate->appeal_id : std::nullopt);
    }
    if (!queued) {
        c.err << "obrctl decide: " << r.shown << " уже решено другим сотрудником: obrctl show "
              << r.shown << "\n";
        return kExitNotFound;
    }
    c.out << r.shown << (before == "review" ? ": отказ подтверждён" : ": отказ записан")
          << "; уведомлений к отправке: " << queued->size() << "\n";
    return 0;
}

}  // namespace

int run_decide(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage =
        "usage: obrctl decide REF refuse|accept [--ground G]... [--duplicate-of REF] --comment "
        "TEXT\n";
    std::vector<std::string> positional;
    std::string comment;
    std::vector<std::string> grounds;
    std::optional<std::string> duplicate_of;
    bool has_comment = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--comment" && i + 1 < args.size()) {
            comment = args[++i];
            has_comment = true;
        } else if (args[i] == "--ground" && i + 1 < args.size()) {
            grounds.push_back(args[++i]);
        } else if (args[i] == "--duplicate-of" && i + 1 < args.size() && !duplicate_of) {
            duplicate_of = args[++i];
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
    if (positional[1] == "accept") {
        if (!grounds.empty() || duplicate_of) {
            c.err << "obrctl decide: --ground и --duplicate-of — только для refuse\n" << usage;
            return kExitUsage;
        }
        return overturn(c, *r, comment);
    }
    return refuse(c, *r, grounds, duplicate_of, comment);
}

int run_audit(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl audit [--ref REF] [--since D] [--until D] [--json]\n";
    Options o;
    if (!parse_options(c, "audit", args, {"--ref", "--since", "--until"}, {"--json"}, usage, o))
        return kExitUsage;
    if (!o.positional.empty()) {
        c.err << usage;
        return kExitUsage;
    }
    std::optional<std::int64_t> appeal;
    if (auto ref = o.value("--ref")) {
        int status = 0;
        const auto r = resolve(c, *ref, status);
        if (!r) return status;
        appeal = r->appeal_id;
    }
    // The days are Sakhalin days, as staff see them in the table.
    std::optional<Date> since, until;
    for (auto [name, day] : {std::pair{"--since", &since}, std::pair{"--until", &until}}) {
        if (auto v = o.value(name)) {
            *day = parse_date(*v);
            if (!*day) {
                c.err << "obrctl audit: " << name << " " << *v
                      << ": дата пишется ГГГГ-ММ-ДД или ДД.ММ.ГГГГ\n";
                return kExitUsage;
            }
        }
    }
    Table table({"время (Сахалин)", "кто", "действие", "письмо", "номер", "комментарий"});
    for (const auto& row : c.store.list_staff_actions(appeal)) {
        const std::string at = sakhalin_time(str(row, "at"));
        const auto day = parse_date(at.substr(0, 10));
        if ((since && (!day || *day < *since)) || (until && (!day || *day > *until))) continue;
        if (o.has("--json")) {
            c.out << row.dump() << "\n";
            continue;
        }
        table.add({at, str(row, "actor"), str(row, "action"),
                   std::string(1, '#').append(str(row, "letter_id")),
                   str(row, "registration_number"), str(row, "comment")});
    }
    if (!o.has("--json")) table.print(c.out, "Действий сотрудников нет.");
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
    Table table({"№", "очередь", "письмо", "номер", "срок", "ждёт", "тема — причина"});
    for (const auto& r : rows) {
        const long long age = r.value("age_seconds", 0LL);
        std::string waits =
            age >= 86400 ? std::to_string(age / 86400) + " дн." : std::to_string(age / 3600) + " ч";
        std::string deadline = iso_to_ru_date(str(r, "deadline"));
        if (deadline.empty()) deadline.assign(1, '-');
        if (r.value("overdue", false)) deadline += '!';
        table.add({str(r, "id"), str(r, "queue"), std::string(1, '#').append(str(r, "letter_id")),
                   str(r, "registration_number"), deadline, waits,
                   std::string(str(r, "subject"))
                       .append(" — ")
                       .append(queue_reason_ru(str(r, "reason")))});
    }
    table.print(c.out, overdue_only ? "Просроченных нет." : "Открытых дел нет.");
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
