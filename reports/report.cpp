// report.cpp: the report's tables, filled from the rows (report.hpp says what is counted).
//
// Each table is built by one function below, which says what its lines mean. Lines that
// split a whole (kinds, verdicts, outcomes) are exclusive, so that they add up to the line
// or table they split; the tests check that.
#include "reports/report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "reports/statuses.hpp"
#include "rules/verdict.hpp"

namespace obrd {

namespace {

using Chart = ReportTable::Chart;
using Line = ReportTable::Line;

constexpr std::int64_t kSakhalinOffset = 11 * 3600;     // UTC+11 all year
constexpr std::int64_t kRegistrationLimit = 3 * 86400;  // 59-FZ art. 8 p.2: three days

const char* const kMonthsNominative[] = {"январь",   "февраль", "март",   "апрель",
                                         "май",      "июнь",    "июль",   "август",
                                         "сентябрь", "октябрь", "ноябрь", "декабрь"};
const char* const kQuarters[] = {"I", "II", "III", "IV"};

Date sakhalin_date(std::int64_t unix_seconds) {
    const auto days = std::chrono::floor<std::chrono::days>(
        std::chrono::sys_seconds{std::chrono::seconds{unix_seconds + kSakhalinOffset}});
    return Date{days};
}

bool before(Date a, Date b) {
    return std::chrono::sys_days{a} < std::chrono::sys_days{b};
}

std::optional<int> digits(std::string_view s) {
    if (s.empty() || s.size() > 4) return std::nullopt;
    int v = 0;
    for (char ch : s) {
        if (ch < '0' || ch > '9') return std::nullopt;
        v = v * 10 + (ch - '0');
    }
    return v;
}

// What a letter is, for the tables that split all letters: exactly one of these.
enum class Sort { appeal, complaint, follow_up, automatic, staff, undecided };

Sort sort_of(const ReportRow& r) {
    if (!r.decided || r.verdict == "manual") return Sort::undecided;
    if (r.kind == "staff") return Sort::staff;
    if (r.kind == "automatic") return Sort::automatic;
    if (r.verdict == "follow_up") return Sort::follow_up;
    return r.kind == "complaint" ? Sort::complaint : Sort::appeal;
}

bool is_appeal_or_complaint(const ReportRow& r) {
    const Sort s = sort_of(r);
    return s == Sort::appeal || s == Sort::complaint;
}
bool registered(const ReportRow& r) {
    return is_appeal_or_complaint(r) && r.verdict == "accepted";
}
bool spam(const ReportRow& r) {
    return is_appeal_or_complaint(r) && r.mass_mailing;
}
bool refused(const ReportRow& r) {
    return is_appeal_or_complaint(r) && r.verdict == "refused" && !r.mass_mailing;
}

// The date its answer was given or, for an appeal closed without one (redirected, left
// without an answer), the date it was closed.
std::optional<Date> done_on(const ReportRow& r) {
    return r.answered_on ? r.answered_on : r.closed_on;
}

// Three columns: appeals, complaints, both; `add` counts a row into a line.
struct ByKind {
    std::vector<Line> lines;
    void line(std::string key, std::string label) {
        lines.push_back({std::move(key), std::move(label), {0, 0, 0}});
    }
    void count(std::size_t line, const ReportRow& r) {
        lines[line].values[r.kind == "complaint" ? 1 : 0] += 1;
        lines[line].values[2] += 1;
    }
};
const std::vector<std::string> kByKindColumns = {"обращения", "жалобы", "всего"};

ReportTable table(std::string id, std::string title, std::string label_header,
                  std::vector<std::string> columns, std::vector<Line> lines, Chart chart,
                  std::size_t chart_column, std::string note) {
    ReportTable t;
    t.id = std::move(id);
    t.title = std::move(title);
    t.label_header = std::move(label_header);
    t.columns = std::move(columns);
    t.lines = std::move(lines);
    t.chart = chart;
    t.chart_column = chart_column;
    t.note = std::move(note);
    return t;
}

// Every letter received, each under one line.
ReportTable received(const std::vector<ReportRow>& rows) {
    std::vector<Line> lines = {
        {"total", "Всего писем", {0}},
        {"appeal", "Обращения", {0}},
        {"complaint", "Жалобы", {0}},
        {"follow_up", "Дополнения к зарегистрированным обращениям", {0}},
        {"automatic", "Автоматические письма (автоответы, уведомления)", {0}},
        {"staff", "Письма сотрудников министерства (ответы заявителям)", {0}},
        {"undecided", "Не решено (ждут разбора сотрудником)", {0}}};
    for (const auto& r : rows) {
        lines[0].values[0] += 1;
        lines[1 + static_cast<std::size_t>(sort_of(r))].values[0] += 1;
    }
    return table("received", "Поступило писем", "", {"писем"}, std::move(lines), Chart::none, 0,
                 "Строки 2–7 делят все письма: каждое учтено один раз.");
}

// Appeals and complaints (not follow-ups, automatic or staff letters): what was decided.
ReportTable registration(const std::vector<ReportRow>& rows) {
    ByKind t;
    t.line("received", "Поступило обращений и жалоб");
    t.line("registered", "Зарегистрировано");
    t.line("refused", "Отказано в регистрации");
    t.line("mass_mailing", "Реклама и массовые рассылки (отказ без уведомления)");
    t.line("review", "Отказ ждёт проверки сотрудником");
    for (const auto& r : rows) {
        if (!is_appeal_or_complaint(r)) continue;
        t.count(0, r);
        if (registered(r))
            t.count(1, r);
        else if (spam(r))
            t.count(3, r);
        else if (r.verdict == "refused")
            t.count(2, r);
        else
            t.count(4, r);
    }
    return table("registration", "Регистрация обращений и жалоб", "", kByKindColumns,
                 std::move(t.lines), Chart::none, 2,
                 "Зарегистрировано, отказано, рассылки и ждущие проверки вместе дают поступившие.");
}

ReportTable grounds(const std::vector<ReportRow>& rows) {
    ByKind t;
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const auto reason = static_cast<Reason>(i);
        t.line(std::string(to_string(reason)), std::string(reason_title_ru(reason)));
    }
    for (const auto& r : rows) {
        if (!refused(r)) continue;
        for (const auto& code : r.reasons)
            if (const auto reason = reason_from_string(code))
                t.count(static_cast<std::size_t>(*reason), r);
    }
    return table("grounds", "Основания отказа в регистрации", "основание", kByKindColumns,
                 std::move(t.lines), Chart::bars, 2,
                 "Письмо с несколькими основаниями учтено по каждому из них; реклама и "
                 "рассылки — в таблице «Автоматические письма и рассылки».");
}

ReportTable channel(const std::vector<ReportRow>& rows) {
    std::vector<Line> lines = {{"mail", "Электронная почта министерства", {0, 0}},
                               {"form", "Форма обратной связи на сайте", {0, 0}}};
    for (const auto& r : rows) {
        if (!is_appeal_or_complaint(r)) continue;
        Line& l = lines[r.channel == "form" ? 1 : 0];
        l.values[0] += 1;
        if (registered(r)) l.values[1] += 1;
    }
    return table("channel", "Канал поступления обращений и жалоб", "канал",
                 {"поступило", "зарегистрировано"}, std::move(lines), Chart::bars, 0,
                 "Письма, решённые до версии схемы 9, учтены как электронная почта.");
}

ReportTable automatic(const std::vector<ReportRow>& rows) {
    std::vector<Line> lines = {
        {"automatic", "Автоматические письма, оставлены без ответа", {0}},
        {"mass_mailing", "Реклама и массовые рассылки, отказ без уведомления", {0}}};
    for (const auto& r : rows) {
        if (sort_of(r) == Sort::automatic) lines[0].values[0] += 1;
        if (spam(r)) lines[1].values[0] += 1;
    }
    return table("automatic", "Автоматические письма и рассылки", "", {"писем"}, std::move(lines),
                 Chart::none, 0, "");
}

// Nearest-rank percentile of sorted values (p in (0, 1]).
double percentile(const std::vector<double>& sorted, double p) {
    std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

double median(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double round1(double v) {
    return std::round(v * 10) / 10;
}

ReportTable registration_time(const std::vector<ReportRow>& rows) {
    std::vector<double> hours;
    double within = 0, later = 0;
    for (const auto& r : rows) {
        if (!registered(r) || !r.registered_at) continue;
        const std::int64_t took = std::max<std::int64_t>(0, *r.registered_at - r.received_at);
        hours.push_back(static_cast<double>(took) / 3600.0);
        (took <= kRegistrationLimit ? within : later) += 1;
    }
    std::sort(hours.begin(), hours.end());
    std::vector<Line> lines = {
        {"registered", "Зарегистрировано", {static_cast<double>(hours.size())}}};
    if (!hours.empty()) {
        lines.push_back(
            {"median_hours", "Медиана от поступления до регистрации, ч", {round1(median(hours))}});
        lines.push_back({"p90_hours", "90-й процентиль, ч", {round1(percentile(hours, 0.9))}});
    }
    lines.push_back({"within_limit", "Зарегистрировано в течение трёх дней", {within}});
    lines.push_back({"over_limit", "Зарегистрировано позже трёх дней", {later}});
    ReportTable t =
        table("registration_time", "Срок регистрации (59-ФЗ ст. 8 ч. 2: не позднее трёх дней)", "",
              {"значение"}, std::move(lines), Chart::none, 0,
              "Время от поступления письма в почтовый ящик до присвоения номера; "
              "90-й процентиль по ближайшему рангу.");
    t.decimals = 1;
    return t;
}

ReportTable daily(const std::vector<ReportRow>& rows, const ReportPeriod& period) {
    std::vector<Line> lines;
    std::map<std::int64_t, std::size_t> index;  // day number -> line
    for (auto d = std::chrono::sys_days{period.first}; d <= std::chrono::sys_days{period.last};
         d += std::chrono::days{1}) {
        const Date date{d};
        index[d.time_since_epoch().count()] = lines.size();
        std::string label = iso_date(date).substr(8, 2) + "." + iso_date(date).substr(5, 2);
        lines.push_back({iso_date(date), std::move(label), {0, 0}});
    }
    for (const auto& r : rows) {
        const auto day = std::chrono::sys_days{sakhalin_date(r.received_at)};
        const auto it = index.find(day.time_since_epoch().count());
        if (it == index.end()) continue;
        lines[it->second].values[0] += 1;
        if (registered(r)) lines[it->second].values[1] += 1;
    }
    return table("daily", "Поступление по дням", "дата",
                 {"поступило писем", "из них зарегистрировано"}, std::move(lines), Chart::line, 0,
                 "");
}

ReportTable answers(const std::vector<ReportRow>& rows, Date today) {
    ByKind t;
    t.line("on_time", "Ответ дан в срок");
    t.line("late", "Ответ дан с нарушением срока");
    t.line("open", "Рассматривается, срок не истёк");
    t.line("overdue", "Просрочено сейчас: срок истёк, ответа нет");
    for (const auto& r : rows) {
        if (!registered(r)) continue;
        const auto done = done_on(r);
        if (done)
            t.count(r.deadline && before(*r.deadline, *done) ? 1 : 0, r);
        else
            t.count(r.deadline && before(*r.deadline, today) ? 3 : 2, r);
    }
    return table("answers", "Сроки ответа по зарегистрированным (59-ФЗ ст. 12, 248-ФЗ ст. 43 ч. 2)",
                 "", kByKindColumns, std::move(t.lines), Chart::bars, 2,
                 "Срок — с учётом продлений; дата ответа — записанная сотрудником "
                 "(obrctl close, ответ письмом, решение по жалобе).");
}

ReportTable complaints(const std::vector<ReportRow>& rows) {
    std::vector<Line> lines;
    for (const auto& o : complaint_outcomes()) lines.push_back({o.code, o.russian, {0}});
    lines.push_back({"pending", "На рассмотрении", {0}});
    for (const auto& r : rows) {
        if (!registered(r) || r.kind != "complaint") continue;
        std::size_t i = 0;
        while (i + 1 < lines.size() && lines[i].key != r.complaint_outcome) ++i;
        lines[i].values[0] += 1;
    }
    return table("complaints", "Жалобы по результатам рассмотрения (248-ФЗ ст. 43 ч. 6)",
                 "решение руководителя", {"жалоб"}, std::move(lines), Chart::bars, 0, "");
}

ReportTable results(const std::vector<ReportRow>& rows) {
    std::vector<Line> lines = {{"under_review", "Находится на рассмотрении", {0}}};
    for (const auto& s : result_statuses()) lines.push_back({s.code, s.title, {0}});
    lines.push_back({"closed_without_status", "Закрыто без статуса", {0}});
    for (const auto& r : rows) {
        if (sort_of(r) != Sort::appeal) continue;
        // A refused letter counts only when it was sent on to the competent body.
        if (!registered(r) && r.result != "redirected") continue;
        std::size_t i = lines.size() - 1;
        if (!r.closed_on) i = 0;
        for (std::size_t k = 1; k + 1 < lines.size(); ++k)
            if (r.closed_on && lines[k].key == r.result) i = k;
        lines[i].values[0] += 1;
    }
    return table("results", "Обращения по статусам результата рассмотрения (ССТУ.РФ)", "статус",
                 {"обращений"}, std::move(lines), Chart::bars, 0,
                 "Зарегистрированные обращения (без жалоб) и отказанные, направленные по "
                 "компетенции.");
}

ReportTable classifier(const std::vector<ReportRow>& rows, const Classifier& c) {
    ByKind t;
    for (const auto& code : c.codes) t.line(code.code, code.code + " " + code.title);
    std::map<std::string, std::size_t> line_of;
    for (std::size_t i = 0; i < c.codes.size(); ++i) line_of[c.codes[i].code] = i;
    for (const auto& r : rows) {
        if (!registered(r)) continue;
        std::string code = r.classifier_code;
        if (code.empty())
            if (const auto* d = c.default_for(r.kind)) code = d->code;
        auto it = line_of.find(code);
        if (it == line_of.end()) {
            // A code set under an older edition of the file: still counted, under its code.
            t.line(code, code + " (нет в действующем файле классификатора)");
            it = line_of.emplace(code, t.lines.size() - 1).first;
        }
        t.count(it->second, r);
    }
    return table("classifier", "По тематическому классификатору", "код и вопрос", kByKindColumns,
                 std::move(t.lines), Chart::none, 2,
                 "Зарегистрированные обращения и жалобы; без кода, выбранного сотрудником, — "
                 "по коду вида письма по умолчанию.");
}

ReportTable departments(const std::vector<ReportRow>& rows, Date today) {
    std::map<std::string, Line> by_name;
    for (const auto& r : rows) {
        if (!registered(r)) continue;
        const std::string name = r.department.empty() ? "(не указан)" : r.department;
        Line& l = by_name.try_emplace(name, Line{name, name, {0, 0, 0, 0}}).first->second;
        l.values[0] += 1;
        if (r.closed_on)
            l.values[1] += 1;
        else
            l.values[2] += 1;
        if (!done_on(r) && r.deadline && before(*r.deadline, today)) l.values[3] += 1;
    }
    std::vector<Line> lines;
    for (auto& [name, line] : by_name) lines.push_back(std::move(line));
    return table("departments", "По отделам", "отдел",
                 {"зарегистрировано", "закрыто", "открыто", "просрочено сейчас"}, std::move(lines),
                 Chart::bars, 0, "");
}

ReportPeriod make_period(std::string id, std::string label, Date first, Date last) {
    return ReportPeriod{std::move(id), std::move(label), first, last};
}

}  // namespace

std::optional<ReportPeriod> month_period(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const auto y = digits(text.substr(0, 4));
    const auto m = digits(text.substr(5, 2));
    if (!y || !m || *y < 2000 || *m < 1 || *m > 12) return std::nullopt;
    const std::chrono::year_month ym{std::chrono::year{*y}, std::chrono::month{unsigned(*m)}};
    const Date first{ym / 1};
    const Date last{ym / std::chrono::last};
    return make_period(std::string(text),
                       std::string(kMonthsNominative[*m - 1]) + " " + std::to_string(*y) + " г.",
                       first, last);
}

std::optional<ReportPeriod> quarter_period(std::string_view text) {
    if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q'))
        return std::nullopt;
    const auto y = digits(text.substr(0, 4));
    const auto q = digits(text.substr(6, 1));
    if (!y || !q || *y < 2000 || *q < 1 || *q > 4) return std::nullopt;
    const std::chrono::year year{*y};
    const Date first{year / std::chrono::month{unsigned(*q * 3 - 2)} / 1};
    const Date last{year / std::chrono::month{unsigned(*q * 3)} / std::chrono::last};
    return make_period(std::to_string(*y) + "-Q" + std::to_string(*q),
                       std::string(kQuarters[*q - 1]) + " квартал " + std::to_string(*y) + " г.",
                       first, last);
}

const ReportTable* Report::table(std::string_view id) const {
    for (const auto& t : tables)
        if (t.id == id) return &t;
    return nullptr;
}

Report build_report(const std::vector<ReportRow>& rows, const ReportPeriod& period,
                    const Classifier& c, Date today, const std::string& ministry,
                    const std::string& generated) {
    Report r;
    r.ministry = ministry;
    r.period = period;
    r.generated = generated;
    r.classifier_version = c.version;
    r.title = "Отчёт о рассмотрении обращений за " + period.label;
    // Only the period's letters, whatever the caller passed.
    std::vector<ReportRow> in;
    for (const auto& row : rows) {
        const Date d = sakhalin_date(row.received_at);
        if (!before(d, period.first) && !before(period.last, d)) in.push_back(row);
    }
    r.tables = {received(in),   registration(in),      grounds(in),       channel(in),
                automatic(in),  registration_time(in), daily(in, period), answers(in, today),
                complaints(in), results(in),           classifier(in, c), departments(in, today)};
    return r;
}

}  // namespace obrd
