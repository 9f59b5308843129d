// obrctl_common.cpp: see obrctl_common.hpp.
#include "daemon/cmd/obrctl_common.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

namespace obrd {

namespace {

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

}  // namespace

namespace cli {

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

bool Options::has(const std::string& name) const {
    return std::find(flags.begin(), flags.end(), name) != flags.end() || value(name).has_value();
}

std::optional<std::string> Options::value(const std::string& name) const {
    for (const auto& [k, v] : values)
        if (k == name) return v;
    return std::nullopt;
}

std::vector<std::string> Options::all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : values)
        if (k == name) out.push_back(v);
    return out;
}

bool parse_options(StaffCommandContext& c, const char* command,
                   const std::vector<std::string>& args, const std::vector<std::string>& valued,
                   const std::vector<std::string>& flags, const char* usage, Options& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            out.positional.push_back(a);
            continue;
        }
        if (std::find(flags.begin(), flags.end(), a) != flags.end()) {
            out.flags.push_back(a);
        } else if (std::find(valued.begin(), valued.end(), a) != valued.end()) {
            if (i + 1 >= args.size()) {
                c.err << "obrctl " << command << ": у параметра " << a << " нет значения\n"
                      << usage;
                return false;
            }
            out.values.emplace_back(a, args[++i]);
        } else {
            c.err << "obrctl " << command << ": неизвестный параметр «" << a << "»\n" << usage;
            return false;
        }
    }
    return true;
}

bool require_comment(StaffCommandContext& c, const char* command, const Options& o,
                     std::string& comment) {
    comment = o.value("--comment").value_or("");
    if (comment.find_first_not_of(" \t\r\n") != std::string::npos) return true;
    c.err << "obrctl " << command
          << ": нужен --comment: почему принято это решение (он попадает в журнал действий)\n";
    return false;
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
    if (s == "suppressed") return "не отправлено (дневной предел адреса или отозвано)";
    return s;
}

std::string purpose_ru(const std::string& p) {
    if (p == "notice") return "уведомление";
    if (p == "card") return "карточка";
    if (p == "reminder") return "напоминание";
    if (p == "digest") return "сводка";
    if (p == "forward") return "письмо в орган";
    return p;
}

std::string iso_to_ru_date(const std::string& iso) {
    if (iso.size() != 10) return iso;
    return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

std::optional<Date> parse_date(const std::string& s) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-' &&
        std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
    } else if (s.size() == 10 && s[2] == '.' && s[5] == '.' &&
               std::sscanf(s.c_str(), "%2d.%2d.%4d%c", &d, &m, &y, &tail) == 3) {
    } else {
        return std::nullopt;
    }
    const Date date{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                    std::chrono::day{unsigned(d)}};
    if (!date.ok() || y < 2000 || y > 2100) return std::nullopt;
    return date;
}

std::string pad(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
    return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

std::string verdict_short_ru(const std::string& v) {
    if (v == "accepted") return "принято";
    if (v == "refused") return "отказ";
    if (v == "review") return "проверка";
    if (v == "ignored") return "автоответ";
    if (v == "follow_up") return "дополнение";
    if (v == "manual") return "вручную";
    if (v == "undecided") return "не решено";
    return v;
}

std::string letter_state_ru(const std::string& s) {
    if (s == "new") return "новое";
    if (s == "decided") return "решено";
    if (s == "review") return "проверка";
    if (s == "manual") return "вручную";
    if (s == "forwarded") return "переслано";
    if (s == "closed") return "закрыто";
    return s;
}

namespace {
std::size_t chars_of(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}
}  // namespace

void Table::print(std::ostream& out, const char* empty) const {
    if (rows_.empty()) {
        out << empty << "\n";
        return;
    }
    std::vector<std::size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
            width[i] = std::max(width[i], chars_of(row[i]));
    };
    measure(header_);
    for (const auto& r : rows_) measure(r);
    auto line = [&](const std::vector<std::string>& row) {
        std::string text;
        for (std::size_t i = 0; i < width.size(); ++i) {
            const std::string cell = i < row.size() && !row[i].empty() ? row[i] : "-";
            if (i + 1 == width.size()) {
                text += cell;
            } else {
                text += cell;
                text.append(width[i] - std::min(width[i], chars_of(cell)) + 2, ' ');
            }
        }
        out << text << "\n";
    };
    line(header_);
    for (const auto& r : rows_) line(r);
}

Verdict verdict_of(const nlohmann::json& a, Outcome outcome) {
    Verdict v;
    v.kind = str(a, "kind") == "complaint" ? Kind::complaint : Kind::appeal;
    v.verdict = outcome;
    v.notice = outcome == Outcome::accepted ? Notice::acceptance : Notice::refusal;
    v.reply_to = str(a, "reply_to");
    v.department = str(a, "department");
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

std::string message_token(std::int64_t id, const char* tag) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    std::random_device random;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
    return std::to_string(id) + "." + tag + "." + std::to_string(us) + "." + suffix;
}

std::chrono::sys_seconds now_seconds() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Date sakhalin_today(std::chrono::sys_seconds now) {
    // Sakhalin keeps UTC+11 the whole year (no summer time since 2016).
    return Date{std::chrono::floor<std::chrono::days>(now + std::chrono::hours{11})};
}

}  // namespace cli

std::string sakhalin_time(const std::string& utc) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (utc.size() != 20 || utc.back() != 'Z' ||
        std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
        return "-";
    using namespace std::chrono;
    const auto day = year_month_day{year{y}, month{unsigned(mo)}, std::chrono::day{unsigned(d)}};
    if (!day.ok()) return "-";
    const auto local = sys_days{day} + hours{h} + minutes{mi} + hours{11};
    const auto ld = year_month_day{floor<days>(local)};
    const auto hm = hh_mm_ss{local - floor<days>(local)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d %02d:%02d", unsigned(ld.day()),
                  unsigned(ld.month()), int(ld.year()), int(hm.hours().count()),
                  int(hm.minutes().count()));
    return buf;
}

}  // namespace obrd
