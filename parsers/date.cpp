// date.cpp: the tolerant date reader of date.hpp.
#include "parsers/date.hpp"

#include <cstdio>

#include "parsers/text_util.hpp"

namespace obrd {

namespace {

std::vector<std::string> tokens_of(std::string_view raw) {
    std::vector<std::string> out;
    std::string cur;
    int comment_depth = 0;
    for (char c : raw) {
        if (c == '(') {
            ++comment_depth;
            continue;
        }
        if (c == ')' && comment_depth > 0) {
            --comment_depth;
            continue;
        }
        if (comment_depth > 0) continue;
        if (text::is_ascii_space(c) || c == ',') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
            continue;
        }
        cur.push_back(c);
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

int month_of(std::string_view t) {
    static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (t.size() < 3) return 0;
    for (int m = 0; m < 12; ++m)
        if (text::istarts_with(t, names[m])) return m + 1;
    return 0;
}

bool all_digits(std::string_view t) {
    if (t.empty()) return false;
    for (char c : t)
        if (!text::is_ascii_digit(c)) return false;
    return true;
}

// Zone offset in minutes, or false when `t` is not a zone.
bool zone_of(std::string_view t, int& minutes) {
    if ((t.front() == '+' || t.front() == '-') && t.size() >= 5 && all_digits(t.substr(1, 4))) {
        const int hh = (t[1] - '0') * 10 + (t[2] - '0');
        const int mm = (t[3] - '0') * 10 + (t[4] - '0');
        minutes = (hh * 60 + mm) * (t.front() == '-' ? -1 : 1);
        return true;
    }
    if ((t.front() == '+' || t.front() == '-') && t.size() == 6 && t[3] == ':') {
        const std::string joined = std::string(t.substr(0, 3)) + std::string(t.substr(4, 2));
        return zone_of(joined, minutes);
    }
    static const struct {
        const char* name;
        int offset;
    } zones[] = {{"UT", 0},     {"UTC", 0},    {"GMT", 0},    {"Z", 0},      {"EST", -300},
                 {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360},
                 {"PST", -480}, {"PDT", -420}, {"MSK", 180},  {"CET", 60},   {"CEST", 120},
                 {"BST", 60},   {"EET", 120},  {"EEST", 180}, {"JST", 540},  {"MET", 60}};
    for (const auto& z : zones)
        if (text::iequals(t, z.name)) {
            minutes = z.offset;
            return true;
        }
    return false;
}

}  // namespace

std::optional<std::string> parse_rfc5322_date(std::string_view raw,
                                              std::vector<std::string>* defects) {
    const auto tokens = tokens_of(raw);
    int day = 0, month = 0, year = -1, hour = -1, minute = 0, second = 0, zone = 0;
    bool have_zone = false;
    for (const std::string& t : tokens) {
        if (t.find(':') != std::string::npos && hour < 0 && text::is_ascii_digit(t.front())) {
            int h = 0, m = 0, s = 0;
            const int n = std::sscanf(t.c_str(), "%d:%d:%d", &h, &m, &s);
            if (n >= 2 && h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s <= 60) {
                hour = h;
                minute = m;
                second = n == 3 ? s : 0;
                continue;
            }
        }
        if (!have_zone && hour >= 0 && zone_of(t, zone)) {
            have_zone = true;
            continue;
        }
        if (month == 0 && month_of(t)) {
            month = month_of(t);
            continue;
        }
        if (all_digits(t) && t.size() <= 4) {
            const int v = std::stoi(t);
            if (day == 0 && t.size() <= 2 && v >= 1 && v <= 31 && (month == 0 || year < 0)) {
                day = v;
            } else if (year < 0) {
                year = v;
            }
            continue;
        }
    }
    if (day == 0 || month == 0 || year < 0) return std::nullopt;
    if (year < 50)
        year += 2000;
    else if (year < 1000)
        year += 1900;
    if (hour < 0) {
        hour = 0;
        if (defects) defects->push_back("Date without a time; read as 00:00");
    }
    if (!have_zone && defects) defects->push_back("Date without a time zone; read as +00:00");
    char buf[96];  // room for any int the format could print
    const int az = zone < 0 ? -zone : zone;
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day,
                  hour, minute, second == 60 ? 59 : second, zone < 0 ? '-' : '+', az / 60, az % 60);
    return std::string(buf);
}

}  // namespace obrd
