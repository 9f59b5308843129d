// obrctl_outcomes.cpp: the commands of obrctl_outcomes.hpp.
#include "daemon/cmd/obrctl_outcomes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "daemon/notice_files.hpp"
#include "daemon/staff_mail.hpp"
#include "notices/calendar.hpp"
#include "notices/compose.hpp"
#include "parsers/parse.hpp"
#include "reports/statuses.hpp"
#include "rules/text.hpp"

namespace obrd {

using namespace cli;

namespace {

std::optional<Date> date_of(const std::string& iso) {
    return iso.size() >= 10 ? parse_date(iso.substr(0, 10)) : std::nullopt;
}

// --code, when given, must be a code of [data] classifier_file; `code` gets it.
bool classifier_code_option(StaffCommandContext& c, const char* command, const Options& o,
                            std::string& code) {
    const auto written = o.value("--code");
    if (!written) return true;
    const Classifier classifier = [&] {
        try {
            return load_classifier(c.config->data.classifier_file);
        } catch (const NoticeFilesError& e) {
            throw ConfigError("data", "classifier_file", e.what());
        }
    }();
    const ClassifierCode* found = classifier.find(*written);
    if (!found) {
        c.err << "obrctl " << command << ": --code «" << *written << "» — такого кода нет в "
              << c.config->data.classifier_file.string() << " (" << classifier.version << ")\n";
        return false;
    }
    code = found->code;
    return true;
}

// The appeal must be registered and open for close, complaint and extend.
bool require_open(StaffCommandContext& c, const char* command, const Resolved& r,
                  const nlohmann::json& a) {
    if (str(a, "verdict") != "accepted") {
        c.err << "obrctl " << command << ": " << r.shown
              << " не зарегистрировано (решение: " << verdict_ru(str(a, "verdict")) << ")\n";
        return false;
    }
    if (!str(a, "closed_at").empty()) {
        c.err << "obrctl " << command << ": " << r.shown << " уже закрыто "
              << sakhalin_time(str(a, "closed_at")) << " (obrctl show " << r.shown << ")\n";
        return false;
    }
    return true;
}

bool load_for_mail(StaffCommandContext& c, const char* command) {
    if (c.config && c.data) return true;
    c.err << "obrctl " << command << ": нет настроек для писем\n";
    return false;
}

}  // namespace

int run_close(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage =
        "usage: obrctl close REF --answered ГГГГ-ММ-ДД [--result СТАТУС] [--code КОД] --comment "
        "ТЕКСТ\n";
    Options o;
    if (!parse_options(c, "close", args, {"--answered", "--result", "--code", "--comment"}, {},
                       usage, o))
        return kExitUsage;
    if (o.positional.size() != 1 || !o.value("--answered")) {
        c.err << usage;
        return kExitUsage;
    }
    std::string comment;
    if (!require_comment(c, "close", o, comment)) return kExitUsage;
    const auto answered = parse_date(*o.value("--answered"));
    const Date today = sakhalin_today(now_seconds());
    if (!answered || std::chrono::sys_days{*answered} > std::chrono::sys_days{today}) {
        c.err << "obrctl close: --answered «" << *o.value("--answered")
              << "» — не дата (ГГГГ-ММ-ДД) или дата в будущем\n";
        return kExitUsage;
    }
    std::string result = "answered";
    if (auto written = o.value("--result")) {
        const std::string folded = rtext::fold_utf8(*written);
        const auto& all = result_statuses();
        const auto it = std::find_if(all.begin(), all.end(), [&](const ResultStatus& s) {
            return folded == s.code || folded == rtext::fold_utf8(s.russian);
        });
        if (it == all.end()) {
            c.err << "obrctl close: статуса «" << *written << "» нет; есть:";
            for (const auto& s : all) c.err << " «" << s.russian << "»";
            c.err << "\n";
            return kExitUsage;
        }
        result = it->code;
    }
    int status = 0;
    const auto r = resolve(c, o.positional[0], status);
    if (!r) return status;
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    if (!require_open(c, "close", *r, a)) return kExitNotFound;
    if (str(a, "kind") == "complaint") {
        c.err << "obrctl close: " << r->shown
              << " — жалоба: решение руководителя записывает obrctl complaint " << r->shown
              << " --outcome ...\n";
        return kExitNotFound;
    }
    const auto registered = date_of(sakhalin_time(str(a, "registered_at")));
    if (registered && std::chrono::sys_days{*answered} < std::chrono::sys_days{*registered}) {
        c.err << "obrctl close: ответ не может быть дан раньше регистрации ("
              << ru_date(*registered) << ")\n";
        return kExitUsage;
    }
    std::string code;
    if (!classifier_code_option(c, "close", o, code)) return kExitUsage;
    if (!c.store.close_appeal(r->appeal_id, "close", iso_date(*answered), result, "", comment,
                              code)) {
        c.err << "obrctl close: " << r->shown << " уже закрыто другим сотрудником\n";
        return kExitNotFound;
    }
    const auto& all = result_statuses();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const ResultStatus& s) { return result == s.code; });
    c.out << r->shown << ": закрыто, ответ дан " << ru_date(*answered) << " («" << it->title
          << "»)";
    const auto deadline = date_of(str(a, "deadline"));
    if (deadline && std::chrono::sys_days{*answered} > std::chrono::sys_days{*deadline})
        c.out << "; срок (" << ru_date(*deadline) << ") пропущен";
    c.out << "\n";
    return 0;
}

int run_complaint(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage =
        "usage: obrctl complaint REF --outcome unsatisfied|cancelled|cancelled-new|unlawful "
        "[--answered ГГГГ-ММ-ДД] [--code КОД] --comment ТЕКСТ\n";
    Options o;
    if (!parse_options(c, "complaint", args, {"--outcome", "--comment", "--answered", "--code"}, {},
                       usage, o))
        return kExitUsage;
    if (o.positional.size() != 1 || !o.value("--outcome")) {
        c.err << usage;
        return kExitUsage;
    }
    std::string comment;
    if (!require_comment(c, "complaint", o, comment)) return kExitUsage;
    const std::string outcome = *o.value("--outcome");
    const ComplaintOutcome* found = nullptr;
    for (const auto& k : complaint_outcomes())
        if (outcome == k.code) found = &k;
    if (!found) {
        c.err << "obrctl complaint: решения «" << outcome
              << "» нет (статья 43 ч.6 248-ФЗ): unsatisfied, cancelled, cancelled-new, unlawful\n";
        return kExitUsage;
    }
    const Date today = sakhalin_today(now_seconds());
    Date answered = today;
    if (auto written = o.value("--answered")) {
        const auto d = parse_date(*written);
        if (!d || std::chrono::sys_days{*d} > std::chrono::sys_days{today}) {
            c.err << "obrctl complaint: --answered «" << *written
                  << "» — не дата (ГГГГ-ММ-ДД) или дата в будущем\n";
            return kExitUsage;
        }
        answered = *d;
    }
    int status = 0;
    const auto r = resolve(c, o.positional[0], status);
    if (!r) return status;
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    if (!require_open(c, "complaint", *r, a)) return kExitNotFound;
    if (str(a, "kind") != "complaint") {
        c.err << "obrctl complaint: " << r->shown << " — не жалоба: ответ отмечает obrctl close "
              << r->shown << " --answered ...\n";
        return kExitNotFound;
    }
    std::string code;
    if (!classifier_code_option(c, "complaint", o, code)) return kExitUsage;
    if (!c.store.close_appeal(r->appeal_id, "complaint " + outcome, iso_date(answered), "", outcome,
                              comment, code)) {
        c.err << "obrctl complaint: " << r->shown << " уже закрыто другим сотрудником\n";
        return kExitNotFound;
    }
    c.out << r->shown << ": жалоба рассмотрена, " << found->russian << " (" << ru_date(answered)
          << ")\n";
    return 0;
}

int run_extend(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl extend REF --days N --comment ТЕКСТ\n";
    Options o;
    if (!parse_options(c, "extend", args, {"--days", "--comment"}, {}, usage, o)) return kExitUsage;
    if (o.positional.size() != 1 || !o.value("--days")) {
        c.err << usage;
        return kExitUsage;
    }
    std::string comment;
    if (!require_comment(c, "extend", o, comment)) return kExitUsage;
    const std::string days_text = *o.value("--days");
    int days = 0;
    if (days_text.empty() || days_text.size() > 3 ||
        !std::all_of(days_text.begin(), days_text.end(),
                     [](char ch) { return ch >= '0' && ch <= '9'; }) ||
        (days = std::stoi(days_text)) < 1) {
        c.err << "obrctl extend: --days «" << days_text << "» — нужно целое число дней от 1\n";
        return kExitUsage;
    }
    int status = 0;
    const auto r = resolve(c, o.positional[0], status);
    if (!r) return status;
    if (!load_for_mail(c, "extend")) return kExitUsage;
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    if (!require_open(c, "extend", *r, a)) return kExitNotFound;
    const bool complaint = str(a, "kind") == "complaint";
    // 59-FZ art. 12 p.2: up to 30 days in all; 248-FZ art. 43 p.2: up to 20 working days.
    const int limit = complaint ? 20 : 30;
    const int before = a.value("extended_days", 0);
    if (before + days > limit) {
        c.err << "obrctl extend: срок " << (complaint ? "жалобы" : "обращения")
              << " можно продлить не более чем на " << limit
              << (complaint ? " рабочих дней (статья 43 248-ФЗ)" : " дней (статья 12 ч.2 59-ФЗ)")
              << "; уже продлён на " << before << "\n";
        return kExitUsage;
    }
    const auto deadline = date_of(str(a, "deadline"));
    if (!deadline) {
        c.err << "obrctl extend: у " << r->shown << " нет срока\n";
        return kExitNotFound;
    }
    const Date extended = complaint ? add_working_days(*deadline, days, c.data->calendar)
                                    : appeal_deadline(*deadline, days, c.data->calendar);
    const auto now = now_seconds();
    std::optional<Store::StaffMail> notice;
    const Verdict v = verdict_of(a, Outcome::accepted);
    if (!v.reply_to.empty()) {
        const Letter letter = parse_letter(c.store.raw_of_appeal(r->appeal_id));
        NoticeInput in = notice_input(*c.config, letter, v, now, message_token(r->appeal_id, "x"));
        in.registration_number = str(a, "registration_number");
        in.registered_on = date_of(sakhalin_time(str(a, "registered_at")));
        in.deadline = extended;
        in.previous_deadline = *deadline;
        in.extension_days = days;
        try {
            const OutgoingMail m = compose_extension(c.data->templates, in);
            notice = Store::StaffMail{"notice", m.to, m.subject, m.message_id, m.bytes};
        } catch (const ComposeError& e) {
            c.err << "obrctl extend: уведомление не составлено (" << e.what()
                  << "); срок продлевается без него\n";
        }
    }
    const auto ids = c.store.extend_deadline(r->appeal_id, iso_date(*deadline), iso_date(extended),
                                             days, comment, notice);
    if (!ids) {
        c.err << "obrctl extend: " << r->shown << " изменено другим сотрудником: obrctl show "
              << r->shown << "\n";
        return kExitNotFound;
    }
    c.out << r->shown << ": срок продлён с " << ru_date(*deadline) << " до " << ru_date(extended)
          << " включительно; уведомлений к отправке: " << ids->size() << "\n";
    return 0;
}

int run_forward(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl forward REF --to ОРГАН --comment ТЕКСТ\n";
    Options o;
    if (!parse_options(c, "forward", args, {"--to", "--comment"}, {}, usage, o)) return kExitUsage;
    if (o.positional.size() != 1 || !o.value("--to")) {
        c.err << usage;
        return kExitUsage;
    }
    std::string comment;
    if (!require_comment(c, "forward", o, comment)) return kExitUsage;
    if (!load_for_mail(c, "forward")) return kExitUsage;
    // The body: its name as rules/data/off_topic.txt writes it, or a part of it that names
    // one body only; any case.
    const std::string wanted = rtext::fold_utf8(*o.value("--to"));
    std::vector<const Topic*> bodies, matches;
    for (const Topic& t : c.data->rules.topics) {
        if (t.body.empty() || std::any_of(bodies.begin(), bodies.end(),
                                          [&](const Topic* b) { return b->body == t.body; }))
            continue;
        bodies.push_back(&t);
        const std::string name = rtext::fold_utf8(t.body);
        if (name == wanted) {
            matches = {&t};
            break;
        }
        if (!wanted.empty() && name.find(wanted) != std::string::npos) matches.push_back(&t);
    }
    if (matches.size() != 1) {
        c.err << "obrctl forward: «" << *o.value("--to") << "» "
              << (matches.empty() ? "не называет компетентный орган"
                                  : "подходит к нескольким органам")
              << "; органы из правил (rules/data/off_topic.txt):\n";
        for (const Topic* b : bodies)
            c.err << "  " << b->body << (b->address.empty() ? " (адрес не указан)" : "") << "\n";
        return kExitUsage;
    }
    const Topic& body = *matches.front();
    if (body.address.empty()) {
        c.err << "obrctl forward: у органа «" << body.body
              << "» нет адреса в rules/data/off_topic.txt: перешлите письмо вручную или внесите "
                 "подтверждённый адрес\n";
        return kExitNotFound;
    }
    int status = 0;
    const auto r = resolve(c, o.positional[0], status);
    if (!r) return status;
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    const std::string verdict = str(a, "verdict");
    if (verdict == "ignored" || verdict == "follow_up") {
        c.err << "obrctl forward: " << r->shown << " — " << verdict_ru(verdict)
              << ": пересылать нечего\n";
        return kExitNotFound;
    }
    if (!str(a, "forwarded_to").empty()) {
        c.err << "obrctl forward: " << r->shown << " уже направлено: " << str(a, "forwarded_to")
              << ", " << sakhalin_time(str(a, "forwarded_at")) << "\n";
        return kExitNotFound;
    }
    const auto now = now_seconds();
    const Date today = sakhalin_today(now);
    const std::string raw = c.store.raw_of_appeal(r->appeal_id);
    const Letter letter = parse_letter(raw);
    const Verdict v = verdict_of(a, verdict == "accepted" ? Outcome::accepted : Outcome::refused);
    std::vector<Store::StaffMail> mail;
    try {
        CardInput in = card_input(*c.config, letter, v, "", body.address, raw, now,
                                  message_token(r->appeal_id, "f"));
        in.registration_number = str(a, "registration_number");
        in.registered_on = date_of(sakhalin_time(str(a, "registered_at")));
        in.competent_body = body.body;
        in.forwarded_on = today;
        const OutgoingMail m = compose_forward(c.data->templates, in);
        mail.push_back({"forward", m.to, m.subject, m.message_id, m.bytes});
        if (!v.reply_to.empty()) {
            NoticeInput n =
                notice_input(*c.config, letter, v, now, message_token(r->appeal_id, "g"));
            if (!in.registration_number.empty()) n.registration_number = in.registration_number;
            n.competent_body = body.body;
            n.body_email = body.address;
            n.forwarded_on = today;
            const OutgoingMail notice = compose_forwarded(c.data->templates, n);
            mail.push_back({"notice", notice.to, notice.subject, notice.message_id, notice.bytes});
        }
    } catch (const ComposeError& e) {
        c.err << "obrctl forward: письмо не составлено: " << e.what() << "\n";
        return kExitNotFound;
    }
    const auto ids =
        c.store.forward_appeal(r->appeal_id, verdict, body.body, iso_date(today), mail, comment);
    if (!ids) {
        c.err << "obrctl forward: " << r->shown << " изменено другим сотрудником: obrctl show "
              << r->shown << "\n";
        return kExitNotFound;
    }
    c.out << r->shown << ": направлено в " << body.body << " (" << body.address << ")"
          << (v.reply_to.empty() ? "; заявителю сообщить некуда" : "; заявитель уведомлён") << "\n";
    return 0;
}

int run_reprocess(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl reprocess REF [--comment ТЕКСТ]\n";
    Options o;
    if (!parse_options(c, "reprocess", args, {"--comment"}, {}, usage, o)) return kExitUsage;
    if (o.positional.size() != 1) {
        c.err << usage;
        return kExitUsage;
    }
    int status = 0;
    const auto r = resolve(c, o.positional[0], status);
    if (!r) return status;
    const nlohmann::json a = c.store.appeal_in_full(r->appeal_id);
    if (str(a, "letter_status") != "new") {
        c.err << "obrctl reprocess: " << r->shown
              << " сохранено не полностью или больше [mailbox] max_letter_size: автоматически оно "
                 "не решается; решение принимает сотрудник: obrctl decide "
              << r->shown << " accept|refuse ...\n";
        return kExitNotFound;
    }
    const std::string answer =
        c.store.reprocess(r->appeal_id, o.value("--comment").value_or("решить заново"));
    if (answer == "ok") {
        c.out << r->shown
              << ": решение снято; obrd решит письмо заново по текущим правилам "
                 "(через несколько секунд; obrctl show "
              << r->shown << ")\n";
        return 0;
    }
    const std::string via = "; изменить решение можно так: obrctl decide " + r->shown +
                            " accept|refuse --comment ТЕКСТ\n";
    if (answer == "registered")
        c.err << "obrctl reprocess: " << r->shown << " зарегистрировано под номером "
              << str(a, "registration_number") << via;
    else if (answer == "answered")
        c.err << "obrctl reprocess: по " << r->shown << " уже отправлено письмо" << via;
    else if (answer == "acted")
        c.err << "obrctl reprocess: по " << r->shown << " уже действовал сотрудник" << via;
    else if (answer == "referenced")
        c.err << "obrctl reprocess: на " << r->shown << " ссылается другое обращение" << via;
    else if (answer == "purged")
        c.err << "obrctl reprocess: письмо " << r->shown
              << " удалено по сроку хранения (obrctl purge): решать заново нечего\n";
    else
        c.err << "obrctl reprocess: " << r->shown << " изменено другим сотрудником\n";
    return kExitNotFound;
}

int run_resend(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl resend OUTBOX_ID [--to АДРЕС] [--comment ТЕКСТ]\n";
    Options o;
    if (!parse_options(c, "resend", args, {"--to", "--comment"}, {}, usage, o)) return kExitUsage;
    if (o.positional.size() != 1) {
        c.err << usage;
        return kExitUsage;
    }
    std::string id_text = o.positional[0];
    if (!id_text.empty() && id_text[0] == '#') id_text.erase(0, 1);
    if (id_text.empty() || id_text.size() > 18 ||
        !std::all_of(id_text.begin(), id_text.end(),
                     [](char ch) { return ch >= '0' && ch <= '9'; })) {
        c.err << "obrctl resend: «" << o.positional[0]
              << "» — не номер исходящего письма (его показывают obrctl outbox и obrctl show)\n";
        return kExitUsage;
    }
    const std::int64_t id = std::stoll(id_text);
    const auto row = c.store.outbox_row(id);
    if (!row) {
        c.err << "obrctl resend: исходящего письма " << id << " нет\n";
        return kExitNotFound;
    }
    // A sent one too: the applicant says it never arrived (a spam folder, a full mailbox).
    static const std::set<std::string> kAgain = {"failed", "undeliverable", "suppressed", "held",
                                                 "sent"};
    if (!kAgain.count(row->status)) {
        c.err << "obrctl resend: письмо " << id << " — " << outbox_status_ru(row->status)
              << "; дождитесь, пока оно будет отправлено или отклонено (obrctl outbox)\n";
        return kExitNotFound;
    }
    if (row->status == "held" && row->purpose == "notice") {
        c.err << "obrctl resend: уведомление " << id
              << " задержано до решения сотрудника: отправляет его obrctl decide REF refuse\n";
        return kExitNotFound;
    }
    std::optional<Store::StaffMail> readdressed;
    if (auto to = o.value("--to")) {
        if (!c.config) {
            c.err << "obrctl resend: нет настроек для писем\n";
            return kExitUsage;
        }
        try {
            const OutgoingMail m =
                readdress(row->bytes, *to, c.config->smtp.from, message_token(id, "r"));
            readdressed = Store::StaffMail{row->purpose, m.to, row->subject, m.message_id, m.bytes};
        } catch (const ComposeError& e) {
            c.err << "obrctl resend: --to «" << *to << "»: " << e.what() << "\n";
            return kExitUsage;
        }
    }
    const auto sent =
        c.store.resend(id, row->status, readdressed, o.value("--comment").value_or(""));
    if (!sent) {
        c.err << "obrctl resend: письмо " << id << " изменилось: obrctl outbox\n";
        return kExitNotFound;
    }
    c.out << "письмо " << id << " будет отправлено снова"
          << (readdressed ? " на " + readdressed->recipient + " (новое письмо " +
                                std::to_string(*sent) + ")"
                          : std::string())
          << "\n";
    return 0;
}

int run_find(StaffCommandContext& c, const std::vector<std::string>& args,
             const std::vector<std::string>& departments) {
    const char* usage =
        "usage: obrctl find [--sender A] [--inn N] [--text СЛОВА] [--since Д] [--until Д]\n"
        "                   [--verdict V] [--ground G] [--department D] [--json]\n";
    Options o;
    if (!parse_options(c, "find", args,
                       {"--sender", "--inn", "--text", "--since", "--until", "--verdict",
                        "--ground", "--department"},
                       {"--json"}, usage, o))
        return kExitUsage;
    if (!o.positional.empty()) {
        c.err << usage;
        return kExitUsage;
    }
    Store::LetterFilter f;
    f.sender = o.value("--sender").value_or("");
    f.inn = o.value("--inn").value_or("");
    if (!f.inn.empty() && (f.inn.size() != 10 && f.inn.size() != 12)) {
        c.err << "obrctl find: ИНН — 10 или 12 цифр, не «" << f.inn << "»\n";
        return kExitUsage;
    }
    for (const char* opt : {"--since", "--until"})
        if (auto d = o.value(opt)) {
            const auto date = parse_date(*d);
            if (!date) {
                c.err << "obrctl find: " << opt << " «" << *d << "» — не дата (ГГГГ-ММ-ДД)\n";
                return kExitUsage;
            }
            (std::string(opt) == "--since" ? f.since : f.until) = iso_date(*date);
        }
    f.verdict = o.value("--verdict").value_or("");
    static const std::set<std::string> kVerdicts = {"accepted", "refused", "review",
                                                    "ignored",  "manual",  "follow_up"};
    if (!f.verdict.empty() && !kVerdicts.count(f.verdict)) {
        c.err << "obrctl find: решения «" << f.verdict
              << "» нет: accepted, refused, review, ignored, manual, follow_up\n";
        return kExitUsage;
    }
    f.ground = o.value("--ground").value_or("");
    if (!f.ground.empty() && !reason_from_string(f.ground)) {
        c.err << "obrctl find: неизвестное основание «" << f.ground
              << "» (коды оснований: obrctl symbols)\n";
        return kExitUsage;
    }
    f.department = o.value("--department").value_or("");
    if (!f.department.empty() &&
        std::find(departments.begin(), departments.end(), f.department) == departments.end()) {
        c.err << "obrctl find: отдела «" << f.department << "» нет; есть:";
        for (const auto& d : departments) c.err << " " << d;
        c.err << "\n";
        return kExitUsage;
    }
    // Every word of --text, folded (case, ё), must occur in the letter's subject or text.
    std::vector<std::string> words;
    if (auto text = o.value("--text")) {
        const std::string folded = rtext::fold_utf8(*text);
        std::size_t pos = 0;
        while (pos < folded.size()) {
            const auto sp = folded.find(' ', pos);
            const std::string w =
                folded.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
            if (!w.empty()) words.push_back(w);
            if (sp == std::string::npos) break;
            pos = sp + 1;
        }
        if (words.empty()) {
            c.err << "obrctl find: --text без слов\n";
            return kExitUsage;
        }
    }
    std::vector<nlohmann::json> rows;
    for (auto& row : c.store.find_appeals(f)) {
        if (!words.empty()) {
            const Letter letter =
                parse_letter(c.store.raw_of_appeal(row.value("id", std::int64_t{0})));
            const std::string hay = rtext::fold_utf8(letter.subject + "\n" + letter.text);
            if (!std::all_of(words.begin(), words.end(), [&](const std::string& w) {
                    return hay.find(w) != std::string::npos;
                }))
                continue;
        }
        rows.push_back(std::move(row));
    }
    if (o.has("--json")) {
        for (const auto& r : rows)
            c.out << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    Table table({"письмо", "получено (Сахалин)", "решение", "номер", "отправитель", "тема"});
    for (const auto& r : rows) {
        std::string verdict = verdict_short_ru(str(r, "verdict"));
        if (str(r, "verdict") == "accepted" && r.value("closed", false)) verdict = "закрыто";
        table.add({std::string(1, '#').append(str(r, "letter_id")),
                   sakhalin_time(str(r, "received_at")), verdict, str(r, "registration_number"),
                   str(r, "reply_to"), str(r, "subject")});
    }
    table.print(c.out, "Ничего не найдено.");
    if (table.size() > 0) c.out << "найдено: " << rows.size() << "\n";
    return 0;
}

int run_digest(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl digest [--date ГГГГ-ММ-ДД] [--send] [--json]\n";
    Options o;
    if (!parse_options(c, "digest", args, {"--date"}, {"--send", "--json"}, usage, o))
        return kExitUsage;
    if (!o.positional.empty()) {
        c.err << usage;
        return kExitUsage;
    }
    if (!load_for_mail(c, "digest")) return kExitUsage;
    const auto now = now_seconds();
    Date day = sakhalin_today(now);
    if (auto d = o.value("--date")) {
        const auto date = parse_date(*d);
        if (!date) {
            c.err << "obrctl digest: --date «" << *d << "» — не дата (ГГГГ-ММ-ДД)\n";
            return kExitUsage;
        }
        day = *date;
    }
    const auto entries = digest_entries(c.store, *c.data, day);
    if (o.has("--json")) {
        for (const auto& [department, list] : entries)
            for (const auto& e : list) {
                nlohmann::json j = {{"department", department},   {"letter_id", e.letter_id},
                                    {"decided_at", e.decided_at}, {"verdict", e.verdict_ru},
                                    {"sender", e.sender},         {"subject", e.original_subject},
                                    {"command", e.command}};
                for (const auto& [title, evidence] : e.grounds)
                    j["grounds"].push_back({{"title", title}, {"evidence", evidence}});
                c.out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            }
    } else {
        c.out << "Сводка за " << ru_date(day) << " (время сахалинское)\n";
        if (entries.empty()) c.out << "Писем без регистрации за этот день нет.\n";
        for (const auto& [department, list] : entries) {
            c.out << "\nОтдел " << department << ": " << list.size() << "\n";
            for (const auto& e : list) {
                c.out << "  #" << e.letter_id << " " << e.decided_at << " " << e.verdict_ru << " — "
                      << e.sender << " — "
                      << (e.original_subject.empty() ? "(без темы)" : e.original_subject) << "\n";
                for (const auto& [title, evidence] : e.grounds)
                    c.out << "      " << title << ": " << evidence << "\n";
                c.out << "      " << e.command << "\n";
            }
        }
    }
    if (o.has("--send")) {
        const auto sent = send_digests(c.store, *c.config, *c.data, day, now, true);
        c.err << "сводка отправлена:";
        if (sent.empty())
            c.err << " никому (уже отправлена за этот день, или у отделов нет адресов)";
        for (const auto& d : sent) c.err << " " << d;
        c.err << "\n";
    }
    return 0;
}

}  // namespace obrd
