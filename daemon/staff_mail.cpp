// staff_mail.cpp: see staff_mail.hpp.
#include "daemon/staff_mail.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "daemon/log.hpp"
#include "notices/calendar.hpp"

namespace obrd {

namespace {

std::string text_of(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_string()) return {};
    return j[key].get<std::string>();
}

std::string sender_line(const nlohmann::json& appeal) {
    const nlohmann::json s = appeal.value("sender", nlohmann::json::object());
    std::string out;
    for (const char* k : {"last_name", "first_name", "patronymic"}) {
        const std::string part = text_of(s, k);
        if (part.empty()) continue;
        if (!out.empty()) out += ' ';
        out += part;
    }
    if (const std::string org = text_of(s, "organization"); !org.empty())
        out.append(out.empty() ? "" : ", ").append(org);
    if (const std::string addr = text_of(appeal, "reply_to"); !addr.empty())
        out.append(out.empty() ? "" : ", ").append(addr);
    return out.empty() ? std::string("не указан") : out;
}

std::string local_time_of(const std::string& utc) {
    // "2026-12-02T02:18:39Z" -> "13:18" (Sakhalin, UTC+11 all year).
    int h = 0, m = 0;
    if (utc.size() != 20 || std::sscanf(utc.c_str() + 11, "%2d:%2d", &h, &m) != 2) return utc;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (h + 11) % 24, m);
    return buf;
}

std::string verdict_words(const std::string& verdict) {
    if (verdict == "refused") return "отказ";
    if (verdict == "review") return "отказ ждёт подтверждения, уведомление задержано";
    if (verdict == "manual") return "не разобрано автоматически";
    return verdict;
}

}  // namespace

NoticeInput notice_input(const Config& config, const Letter& letter, const Verdict& verdict,
                         std::chrono::sys_seconds now, std::string token) {
    NoticeInput in;
    in.from = config.smtp.from;
    in.from_name = config.notices.from_name;
    in.to = verdict.reply_to;
    in.in_reply_to = letter.message_id;
    in.references = letter.references;
    in.original_subject = letter.subject;
    in.verdict = verdict;
    in.sender = letter.sender;
    in.now = now;
    in.token = std::move(token);
    return in;
}

CardInput card_input(const Config& config, const Letter& letter, const Verdict& verdict,
                     const std::string& department, const std::string& to,
                     std::string_view original, std::chrono::sys_seconds now, std::string token) {
    CardInput in;
    in.from = config.smtp.from;
    in.from_name = config.notices.from_name;
    in.to = to;
    in.department = department;
    in.letter = &letter;
    in.verdict = verdict;
    in.original = original;
    in.now = now;
    in.token = std::move(token);
    return in;
}

std::string digest_department(const DecisionData& data, const std::string& kind) {
    return kind == "complaint" ? data.rules.settings.department_complaint
                               : data.rules.settings.department_appeal;
}

std::map<std::string, std::vector<DigestEntry>> digest_entries(Store& store,
                                                               const DecisionData& data, Date day) {
    std::map<std::string, std::vector<DigestEntry>> out;
    for (const auto& a : store.digest_items(iso_date(day))) {
        DigestEntry e;
        e.letter_id = a.value("letter_id", std::int64_t{0});
        e.decided_at = local_time_of(text_of(a, "decided_at"));
        const std::string verdict = text_of(a, "verdict");
        e.verdict_ru = verdict_words(verdict);
        // An off-topic letter sent on to its competent body at once (forwarded_to set at
        // decision time) is no plain refusal: the applicant was told where it went.
        if (const std::string body = text_of(a, "forwarded_to"); !body.empty())
            e.verdict_ru = std::string("не по компетенции, переслано: ").append(body);
        e.kind = text_of(a, "kind") == "complaint" ? Kind::complaint : Kind::appeal;
        e.sender = sender_line(a);
        e.original_subject = text_of(a, "subject");
        const auto evidence = a.value("evidence", nlohmann::json::array());
        for (const auto& r : a.value("reasons", nlohmann::json::array())) {
            const std::string code = r.is_string() ? r.get<std::string>() : std::string();
            const auto reason = reason_from_string(code);
            std::string fragment;
            for (const auto& ev : evidence)
                if (text_of(ev, "reason") == code) {
                    fragment = std::string("«").append(text_of(ev, "text")).append("»");
                    break;
                }
            e.grounds.emplace_back(reason ? std::string(reason_title_ru(*reason)) : code,
                                   fragment.empty() ? std::string("—") : fragment);
        }
        // Appends, not "literal" + string: GCC 12 at -O3 warns falsely (-Wrestrict) on those.
        e.command = std::string("obrctl decide #").append(std::to_string(e.letter_id));
        if (verdict == "refused")
            e.command.append(" accept --comment ТЕКСТ");
        else if (verdict == "review")
            e.command.append(" refuse|accept --comment ТЕКСТ");
        else
            e.command.append(" accept|refuse --ground ОСНОВАНИЕ --comment ТЕКСТ");
        out[digest_department(data, text_of(a, "kind"))].push_back(std::move(e));
    }
    return out;
}

std::vector<std::string> send_digests(Store& store, const Config& config, const DecisionData& data,
                                      Date day, std::chrono::sys_seconds now, bool even_if_empty) {
    std::vector<std::string> sent;
    auto entries = digest_entries(store, data, day);
    for (const auto& [department, addresses] : config.departments) {
        if (addresses.empty()) continue;
        const auto it = entries.find(department);
        if ((it == entries.end() || it->second.empty()) && !even_if_empty) continue;
        if (store.digest_sent(iso_date(day), department)) continue;
        std::vector<Store::StaffMail> mail;
        for (std::size_t i = 0; i < addresses.size(); ++i) {
            DigestInput in;
            in.from = config.smtp.from;
            in.from_name = config.notices.from_name;
            in.to = addresses[i];
            in.department = department;
            in.day = day;
            if (it != entries.end()) in.entries = it->second;
            in.now = now;
            in.token = std::string("d.")
                           .append(iso_date(day))
                           .append(".")
                           .append(department)
                           .append(".")
                           .append(std::to_string(i));
            try {
                const OutgoingMail m = compose_digest(data.templates, in);
                mail.push_back({"digest", m.to, m.subject, m.message_id, m.bytes});
            } catch (const ComposeError& e) {
                log_warning(std::string("digest of ")
                                .append(iso_date(day))
                                .append(" for ")
                                .append(department)
                                .append(": ")
                                .append(e.what()));
            }
        }
        if (!mail.empty() && store.record_digest(iso_date(day), department, mail))
            sent.push_back(department);
    }
    return sent;
}

int send_reminders(Store& store, const Config& config, const DecisionData& data,
                   std::chrono::sys_seconds now) {
    const int ahead = config.deadlines.remind_days_before;
    if (ahead <= 0) return 0;
    const Date today{std::chrono::floor<std::chrono::days>(now + std::chrono::hours{11})};
    const Date horizon = add_working_days(today, ahead, data.calendar);
    int recorded = 0;
    for (const auto& a : store.reminder_candidates(iso_date(horizon))) {
        const std::string deadline_text = text_of(a, "deadline");
        int y = 0, m = 0, d = 0;
        if (std::sscanf(deadline_text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) continue;
        const Date deadline{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                            std::chrono::day{unsigned(d)}};
        const bool missed = std::chrono::sys_days{deadline} < std::chrono::sys_days{today};
        const std::string kind = missed ? "missed" : "before";
        bool done = false;
        for (const auto& k : a.value("reminded", nlohmann::json::array())) done |= k == kind;
        if (done) continue;
        int left = 0;
        for (Date x = add_days(today, 1);
             std::chrono::sys_days{x} <= std::chrono::sys_days{deadline}; x = add_days(x, 1))
            left += data.calendar.is_working_day(x);
        std::string department = text_of(a, "department");
        if (department.empty()) department = digest_department(data, text_of(a, "kind"));
        const auto dept = config.departments.find(department);
        std::vector<Store::StaffMail> mail;
        if (dept != config.departments.end()) {
            const std::string registered = text_of(a, "registered_at");
            Date registered_on = today;
            if (std::sscanf(registered.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3)
                registered_on = Date{std::chrono::floor<std::chrono::days>(
                    std::chrono::sys_days{Date{std::chrono::year{y},
                                               std::chrono::month{unsigned(m)},
                                               std::chrono::day{unsigned(d)}}} +
                    std::chrono::hours{11})};
            for (std::size_t i = 0; i < dept->second.size(); ++i) {
                ReminderInput in;
                in.from = config.smtp.from;
                in.from_name = config.notices.from_name;
                in.to = dept->second[i];
                in.department = department;
                in.registration_number = text_of(a, "registration_number");
                in.letter_id = a.value("letter_id", std::int64_t{0});
                in.kind = text_of(a, "kind") == "complaint" ? Kind::complaint : Kind::appeal;
                in.registered_on = registered_on;
                in.deadline = deadline;
                in.missed = missed;
                in.days_left = left;
                in.original_subject = text_of(a, "subject");
                in.sender_name = sender_line(a);
                in.reply_to = text_of(a, "reply_to");
                in.now = now;
                in.token = std::string("r.")
                               .append(std::to_string(a.value("id", std::int64_t{0})))
                               .append(".")
                               .append(kind)
                               .append(".")
                               .append(deadline_text)
                               .append(".")
                               .append(std::to_string(i));
                try {
                    const OutgoingMail out = compose_reminder(data.templates, in);
                    mail.push_back({"reminder", out.to, out.subject, out.message_id, out.bytes});
                } catch (const ComposeError& e) {
                    log_warning("reminder for " + in.registration_number + ": " + e.what());
                }
            }
        }
        // Recorded even without addresses: the queue shows it overdue; no card to send.
        if (store.record_reminder(a.value("id", std::int64_t{0}), kind, deadline_text, mail))
            ++recorded;
    }
    return recorded;
}

int staff_mail_tasks(Store& store, const Config& config, const DecisionData& data,
                     std::chrono::sys_seconds now) {
    int queued = send_reminders(store, config, data, now);
    if (queued)
        log_info(
            std::string("deadline reminders: ").append(std::to_string(queued)).append(" queued"));
    if (config.notices.digest_at) {
        const auto local = now + std::chrono::hours{11};
        const auto since_midnight = std::chrono::floor<std::chrono::minutes>(
            local - std::chrono::floor<std::chrono::days>(local));
        if (since_midnight >= *config.notices.digest_at) {
            const Date yesterday{std::chrono::floor<std::chrono::days>(local) -
                                 std::chrono::days{1}};
            const auto sent = send_digests(store, config, data, yesterday, now, false);
            if (!sent.empty()) {
                std::string names;
                for (const auto& d : sent) names.append(names.empty() ? "" : ", ").append(d);
                log_info(std::string("digest of ")
                             .append(ru_date(yesterday))
                             .append(" queued for ")
                             .append(names));
                queued += static_cast<int>(sent.size());
            }
        }
    }
    return queued;
}

}  // namespace obrd
