// calendar.hpp: the working-day calendar and the deadlines of 59-FZ and 248-FZ.
//
// Promises: pure (no I/O, no clock: dates come in as parameters). A Calendar is the
// Russian production calendar read from notices/data/calendar.txt by
// Calendar::from_text(), which reports every bad line as "name:line: message". Saturday
// and Sunday are days off unless listed as `workday`; weekdays are working days unless
// listed as `holiday`. A default-constructed Calendar knows weekends only. A year whose
// decree (the Government's yearly transfer of days off) is cited with a `decree` line is
// confirmed; any other year is provisional: it is counted with the entries given (the
// Labour Code's own holidays) but may still move, and obrd says so.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

using Date = std::chrono::year_month_day;

class CalendarError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Calendar {
  public:
    Calendar() = default;

    // Parses the calendar format (see notices/data/calendar.txt):
    //   # comment                  (also after an entry)
    //   holiday YYYY-MM-DD         a weekday that is not a working day
    //   workday YYYY-MM-DD         a Saturday or Sunday that is a working day (a transfer)
    //   decree YYYY CITATION       the decree the year's entries follow
    // Throws CalendarError listing every bad line as "name:line: message": an unknown
    // keyword, a bad date, a holiday on a weekend, a workday on a weekday, a date given twice,
    // a decree without a year or citation, or a second decree for a year.
    static Calendar from_text(std::string_view name, std::string_view text);

    bool is_working_day(Date d) const;
    // True when the calendar has at least one entry in that year: outside its years it
    // still answers, but with weekends only.
    bool covers(std::chrono::year y) const { return years_.count(int(y)) != 0; }
    // The decree cited for year `y`, or nullptr: then the year is provisional.
    const std::string* decree(std::chrono::year y) const;
    bool provisional(std::chrono::year y) const { return decree(y) == nullptr; }
    const std::string& name() const { return name_; }

  private:
    std::string name_;
    std::set<int> holidays_;  // days since the epoch
    std::set<int> workdays_;
    std::set<int> years_;
    std::map<int, std::string> decrees_;
};

// The provisional years among those of the days from `from` to `from` + `days_ahead`: the
// years a deadline set now could fall in without a decree behind it.
std::vector<int> provisional_years(const Calendar& calendar, Date from, int days_ahead);

// `d` plus `n` calendar days (n may be negative).
Date add_days(Date d, int n);

// The n-th working day after `d` (n >= 1; `d` itself is never counted, whether it is a
// working day or not). 248-FZ art. 43 p.2: a complaint is decided within 20 working days
// of its registration: add_working_days(registered, 20, calendar).
Date add_working_days(Date d, int n, const Calendar& calendar);

// `d` if it is a working day, else the first working day after it.
Date next_working_day(Date d, const Calendar& calendar);

// A deadline of `days` calendar days from registration (59-FZ art. 12 p.1: 30 days): the
// day `days` days after `registered` (the registration day is not counted, as in Civil
// Code art. 191); when that day is not a working day, the deadline moves to the next
// working day (Civil Code art. 193, applied to appeals by most regulations and by the
// prosecutors' instruction; see shared/reference/legal-notes.md, art. 12).
Date appeal_deadline(Date registered, int days, const Calendar& calendar);

// "2026-01-12".
std::string iso_date(Date d);
// "12.01.2026", the form used in Russian official letters.
std::string ru_date(Date d);
// Parses "YYYY-MM-DD" (exactly); nullopt when malformed or not a real date.
std::optional<Date> parse_iso_date(std::string_view s);

}  // namespace obrd
