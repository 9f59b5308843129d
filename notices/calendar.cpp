// calendar.cpp: see calendar.hpp. The production calendar's parser and the day arithmetic.
//
// Promises: from_text() either returns a complete Calendar or throws with every bad line;
// the arithmetic works on std::chrono::sys_days, so it is exact across months and years.
#include "notices/calendar.hpp"

#include <cstdio>
#include <vector>

namespace obrd {

namespace {

using std::chrono::sys_days;

int day_number(Date d) {
    return int(sys_days(d).time_since_epoch().count());
}

bool is_weekend(Date d) {
    const std::chrono::weekday w{sys_days(d)};
    return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

const char* weekday_name(Date d) {
    static const char* const names[] = {"a Sunday",   "a Monday", "a Tuesday", "a Wednesday",
                                        "a Thursday", "a Friday", "a Saturday"};
    return names[std::chrono::weekday{sys_days(d)}.c_encoding()];
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int v[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k) {
        for (std::size_t i = 0; i < lens[k]; ++i) {
            const char c = s[starts[k] + i];
            if (c < '0' || c > '9') return std::nullopt;
            v[k] = v[k] * 10 + (c - '0');
        }
    }
    const Date d{std::chrono::year{v[0]}, std::chrono::month{unsigned(v[1])},
                 std::chrono::day{unsigned(v[2])}};
    if (!d.ok()) return std::nullopt;
    return d;
}

std::string iso_date(Date d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()));
    return buf;
}

std::string ru_date(Date d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", unsigned(d.day()), unsigned(d.month()),
                  int(d.year()));
    return buf;
}

Calendar Calendar::from_text(std::string_view name, std::string_view text) {
    Calendar c;
    c.name_ = std::string(name);
    std::vector<std::string> errors;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        auto fail = [&](const std::string& m) {
            errors.push_back(std::string(name) + ":" + std::to_string(line_no) + ": " + m);
        };
        const auto sp = line.find_first_of(" \t");
        if (sp == std::string_view::npos) {
            fail("expected \"holiday YYYY-MM-DD\" or \"workday YYYY-MM-DD\", got \"" +
                 std::string(line) + "\"");
            continue;
        }
        const std::string_view keyword = line.substr(0, sp);
        const std::string_view value = trim(line.substr(sp + 1));
        if (keyword == "decree") {
            // "decree 2027 постановление Правительства РФ от ... № ...". The comment
            // stripping above stops at "#", so a citation writes "№", never "#".
            const auto gap = value.find_first_of(" \t");
            const std::string_view y = value.substr(0, gap);
            const std::string_view citation =
                gap == std::string_view::npos ? std::string_view{} : trim(value.substr(gap));
            int year_value = 0;
            bool digits = y.size() == 4;
            for (char ch : y) digits = digits && ch >= '0' && ch <= '9';
            if (!digits || citation.empty()) {
                fail("expected \"decree YYYY CITATION\", got \"" + std::string(line) + "\"");
                continue;
            }
            for (char ch : y) year_value = year_value * 10 + (ch - '0');
            if (!c.decrees_.emplace(year_value, std::string(citation)).second) {
                fail("a second decree for " + std::string(y));
                continue;
            }
            continue;
        }
        if (keyword != "holiday" && keyword != "workday") {
            fail("unknown keyword \"" + std::string(keyword) +
                 "\" (expected \"holiday\", \"workday\" or \"decree\")");
            continue;
        }
        const auto d = parse_iso_date(value);
        if (!d) {
            // Appended, not "lit" + std::string: GCC 12 at -O3 warns -Wrestrict on that.
            fail(std::string(1, '"').append(value).append(
                "\" is not a date of the form YYYY-MM-DD"));
            continue;
        }
        const int n = day_number(*d);
        if (keyword == "holiday") {
            if (is_weekend(*d)) {
                fail(std::string(value) + " is " + weekday_name(*d) +
                     ": only weekdays need a holiday line");
                continue;
            }
            if (!c.holidays_.insert(n).second) {
                fail(std::string(value) + " is listed twice");
                continue;
            }
        } else {
            if (!is_weekend(*d)) {
                fail(std::string(value) + " is " + weekday_name(*d) +
                     ": only a Saturday or Sunday can be a transferred workday");
                continue;
            }
            if (!c.workdays_.insert(n).second) {
                fail(std::string(value) + " is listed twice");
                continue;
            }
        }
        c.years_.insert(int(d->year()));
    }
    if (!errors.empty()) {
        std::string msg = "calendar " + std::string(name) + " is invalid:";
        for (const auto& e : errors) msg += "\n  " + e;
        throw CalendarError(msg);
    }
    return c;
}

const std::string* Calendar::decree(std::chrono::year y) const {
    const auto it = decrees_.find(int(y));
    return it == decrees_.end() ? nullptr : &it->second;
}

std::vector<int> provisional_years(const Calendar& calendar, Date from, int days_ahead) {
    std::vector<int> years;
    for (int y = int(from.year()); y <= int(add_days(from, days_ahead).year()); ++y)
        if (calendar.provisional(std::chrono::year{y})) years.push_back(y);
    return years;
}

bool Calendar::is_working_day(Date d) const {
    const int n = day_number(d);
    if (is_weekend(d)) return workdays_.count(n) != 0;
    return holidays_.count(n) == 0;
}

Date add_days(Date d, int n) {
    return Date{sys_days(d) + std::chrono::days{n}};
}

Date add_working_days(Date d, int n, const Calendar& calendar) {
    sys_days day = sys_days(d);
    for (int counted = 0; counted < n;) {
        day += std::chrono::days{1};
        if (calendar.is_working_day(Date{day})) ++counted;
    }
    return Date{day};
}

Date next_working_day(Date d, const Calendar& calendar) {
    sys_days day = sys_days(d);
    // A year has far fewer than 30 consecutive days off; the bound only guards the loop.
    for (int i = 0; i < 366 && !calendar.is_working_day(Date{day}); ++i)
        day += std::chrono::days{1};
    return Date{day};
}

Date appeal_deadline(Date registered, int days, const Calendar& calendar) {
    return next_working_day(add_days(registered, days), calendar);
}

}  // namespace obrd
