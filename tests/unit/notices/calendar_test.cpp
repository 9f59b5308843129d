// calendar_test.cpp: the production calendar file, its parser's errors, and the deadlines
// (20 working days across New Year, 30 days landing on a holiday).
#include <gtest/gtest.h>

#include "daemon/notice_files.hpp"
#include "notices/calendar.hpp"

namespace obrd {
namespace {

using namespace std::chrono;

Date d(int y, unsigned m, unsigned day) {
    return Date{year{y}, month{m}, std::chrono::day{day}};
}

const Calendar& real() {
    static const Calendar c = load_calendar(OBRD_NOTICES_DIR "/data/calendar.txt");
    return c;
}

int working_days_in(int y) {
    int n = 0;
    for (sys_days day = sys_days(d(y, 1, 1)); day < sys_days(d(y + 1, 1, 1)); day += days{1})
        n += real().is_working_day(Date{day});
    return n;
}

TEST(Calendar, PublishedTotals) {
    // The published production calendars: 247 working days in 2025, 2026 and 2027.
    EXPECT_EQ(working_days_in(2025), 247);
    EXPECT_EQ(working_days_in(2026), 247);
    EXPECT_EQ(working_days_in(2027), 247);
    EXPECT_TRUE(real().covers(year{2025}));
    EXPECT_TRUE(real().covers(year{2026}));
    EXPECT_TRUE(real().covers(year{2027}));
    EXPECT_FALSE(real().covers(year{2028}));
}

TEST(Calendar, HolidaysAndTransfers2026) {
    for (unsigned day = 1; day <= 11; ++day)
        EXPECT_FALSE(real().is_working_day(d(2026, 1, day))) << "January " << day;
    EXPECT_TRUE(real().is_working_day(d(2026, 1, 12)));
    EXPECT_FALSE(real().is_working_day(d(2026, 2, 23)));
    EXPECT_FALSE(real().is_working_day(d(2026, 3, 9)));  // 8 March is a Sunday
    EXPECT_TRUE(real().is_working_day(d(2026, 3, 10)));
    EXPECT_FALSE(real().is_working_day(d(2026, 5, 1)));
    EXPECT_FALSE(real().is_working_day(d(2026, 5, 11)));  // 9 May is a Saturday
    EXPECT_FALSE(real().is_working_day(d(2026, 6, 12)));
    EXPECT_FALSE(real().is_working_day(d(2026, 11, 4)));
    EXPECT_FALSE(real().is_working_day(d(2026, 12, 31)));  // transferred from 4 January
    EXPECT_TRUE(real().is_working_day(d(2026, 12, 30)));
}

// Decree of 17.09.2026 No. 1187: Sat 2 Jan -> Fri 5 Nov, Sun 3 Jan -> Fri 31 Dec, Sat 20 Feb
// worked for Mon 22 Feb.
TEST(Calendar, HolidaysAndTransfers2027) {
    for (unsigned day = 1; day <= 10; ++day)
        EXPECT_FALSE(real().is_working_day(d(2027, 1, day))) << "January " << day;
    EXPECT_TRUE(real().is_working_day(d(2027, 1, 11)));
    EXPECT_TRUE(real().is_working_day(d(2027, 2, 20)));  // a Saturday, worked
    EXPECT_FALSE(real().is_working_day(d(2027, 2, 22)));
    EXPECT_FALSE(real().is_working_day(d(2027, 2, 23)));
    EXPECT_FALSE(real().is_working_day(d(2027, 3, 8)));
    EXPECT_FALSE(real().is_working_day(d(2027, 5, 3)));   // 1 May is a Saturday
    EXPECT_FALSE(real().is_working_day(d(2027, 5, 10)));  // 9 May is a Sunday
    EXPECT_FALSE(real().is_working_day(d(2027, 6, 14)));  // 12 June is a Saturday
    EXPECT_FALSE(real().is_working_day(d(2027, 11, 4)));
    EXPECT_FALSE(real().is_working_day(d(2027, 11, 5)));  // from 2 January
    EXPECT_TRUE(real().is_working_day(d(2027, 11, 8)));
    EXPECT_FALSE(real().is_working_day(d(2027, 12, 31)));  // from 3 January
    EXPECT_TRUE(real().is_working_day(d(2027, 12, 30)));
}

// Each year the file covers cites its decree; a year without one is provisional.
TEST(Calendar, EachYearCitesItsDecree) {
    for (int y : {2025, 2026, 2027}) {
        const std::string* decree = real().decree(year{y});
        ASSERT_NE(decree, nullptr) << y;
        EXPECT_NE(decree->find("постановление Правительства РФ"), std::string::npos) << *decree;
        EXPECT_FALSE(real().provisional(year{y}));
    }
    EXPECT_NE(real().decree(year{2027})->find("№ 1187"), std::string::npos);
    EXPECT_TRUE(real().provisional(year{2028}));
    EXPECT_EQ(provisional_years(real(), d(2027, 12, 1), 60), (std::vector<int>{2028}));
    EXPECT_TRUE(provisional_years(real(), d(2027, 10, 1), 60).empty());
    EXPECT_EQ(provisional_years(Calendar{}, d(2026, 12, 2), 60), (std::vector<int>{2026, 2027}));
}

TEST(Calendar, WorkingSaturday2025) {
    EXPECT_TRUE(real().is_working_day(d(2025, 11, 1)));   // a Saturday, worked
    EXPECT_FALSE(real().is_working_day(d(2025, 11, 3)));  // the Monday it paid for
    EXPECT_FALSE(real().is_working_day(d(2025, 11, 8)));  // an ordinary Saturday
}

TEST(Calendar, DefaultKnowsWeekendsOnly) {
    const Calendar c;
    EXPECT_TRUE(c.is_working_day(d(2026, 1, 1)));
    EXPECT_FALSE(c.is_working_day(d(2026, 1, 3)));
    EXPECT_FALSE(c.covers(year{2026}));
}

TEST(Deadlines, AddDays) {
    EXPECT_EQ(add_days(d(2026, 12, 20), 30), d(2027, 1, 19));
    EXPECT_EQ(add_days(d(2028, 2, 28), 1), d(2028, 2, 29));
    EXPECT_EQ(add_days(d(2026, 3, 1), -1), d(2026, 2, 28));
}

TEST(Deadlines, RegistrationDayNotCounted) {
    EXPECT_EQ(add_working_days(d(2026, 1, 16), 1, real()), d(2026, 1, 19));  // Friday -> Monday
    EXPECT_EQ(add_working_days(d(2026, 1, 17), 1, real()), d(2026, 1, 19));  // from a Saturday
    EXPECT_EQ(add_working_days(d(2026, 1, 19), 5, real()), d(2026, 1, 26));
}

TEST(Deadlines, TwentyWorkingDaysAcrossNewYear) {
    // 26, 29, 30 December; 31 December and 1-11 January are off; then 17 more.
    EXPECT_EQ(add_working_days(d(2025, 12, 25), 20, real()), d(2026, 2, 3));
    // Weekends only, it would be 22 January.
    EXPECT_EQ(add_working_days(d(2025, 12, 25), 20, Calendar{}), d(2026, 1, 22));
}

TEST(Deadlines, ThirtyDaysLandingOnAHoliday) {
    // 2 December 2025 + 30 days = 1 January 2026, a holiday: the first working day is 12 January.
    EXPECT_EQ(appeal_deadline(d(2025, 12, 2), 30, real()), d(2026, 1, 12));
    // 7 February 2026 + 30 days = 9 March, a holiday (8 March moved): 10 March.
    EXPECT_EQ(appeal_deadline(d(2026, 2, 7), 30, real()), d(2026, 3, 10));
    // 2 April 2026 + 30 days = Saturday 2 May: Monday 4 May.
    EXPECT_EQ(appeal_deadline(d(2026, 4, 2), 30, real()), d(2026, 5, 4));
    // A working day stays.
    EXPECT_EQ(appeal_deadline(d(2026, 2, 10), 30, real()), d(2026, 3, 12));
    // 2 December 2026 + 30 days = 1 January 2027: the first working day is 11 January.
    EXPECT_EQ(appeal_deadline(d(2026, 12, 2), 30, real()), d(2027, 1, 11));
    // 21 January 2027 + 30 days = Saturday 20 February, a working day by the decree.
    EXPECT_EQ(appeal_deadline(d(2027, 1, 21), 30, real()), d(2027, 2, 20));
    // 23 January 2027 + 30 days = Monday 22 February, moved off: 24 February.
    EXPECT_EQ(appeal_deadline(d(2027, 1, 23), 30, real()), d(2027, 2, 24));
}

TEST(Deadlines, TwentyWorkingDaysAcrossNewYear2027) {
    // From 15 December 2026: 11 working days in December (31 December is off), then
    // 11-15 and 18-21 January 2027.
    EXPECT_EQ(add_working_days(d(2026, 12, 15), 20, real()), d(2027, 1, 21));
}

TEST(CalendarText, ParsesCommentsAndBlanks) {
    const auto c = Calendar::from_text("cal.txt",
                                       "# comment\n\nholiday 2030-01-01  # New Year\r\n"
                                       "workday 2030-01-05\n");
    EXPECT_FALSE(c.is_working_day(d(2030, 1, 1)));
    EXPECT_TRUE(c.is_working_day(d(2030, 1, 5)));
    EXPECT_EQ(c.name(), "cal.txt");
}

TEST(CalendarText, EveryBadLineIsNamed) {
    const std::string text =
        "holiday 2026-01-12\n"           // 1: fine
        "holyday 2026-01-13\n"           // 2: unknown keyword
        "holiday 2026-02-30\n"           // 3: no such date
        "holiday 2026-01-03\n"           // 4: a Saturday
        "workday 2026-01-14\n"           // 5: a weekday
        "holiday 2026-01-12\n"           // 6: twice
        "holiday\n"                      // 7: no date
        "decree 2026 от 1.1.2026 № 1\n"  // 8: fine
        "decree 2026 ещё одно\n"         // 9: a second decree
        "decree 26 постановление\n"      // 10: not a year
        "decree 2027\n";                 // 11: no citation
    try {
        Calendar::from_text("calendar.txt", text);
        FAIL() << "no error";
    } catch (const CalendarError& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.find("calendar.txt:1:"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:2: unknown keyword \"holyday\""), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:3: \"2026-02-30\" is not a date"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:4: 2026-01-03 is a Saturday"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:5: 2026-01-14 is a Wednesday"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:6: 2026-01-12 is listed twice"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:7:"), std::string::npos) << m;
        EXPECT_EQ(m.find("calendar.txt:8:"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:9: a second decree for 2026"), std::string::npos) << m;
        EXPECT_NE(m.find("calendar.txt:10: expected \"decree YYYY CITATION\""), std::string::npos)
            << m;
        EXPECT_NE(m.find("calendar.txt:11: expected \"decree YYYY CITATION\""), std::string::npos)
            << m;
    }
}

TEST(CalendarFile, MissingFileIsNamed) {
    try {
        load_calendar("/nonexistent/calendar.txt");
        FAIL() << "no error";
    } catch (const NoticeFilesError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/calendar.txt"), std::string::npos);
    }
}

TEST(Dates, Formats) {
    EXPECT_EQ(iso_date(d(2026, 1, 9)), "2026-01-09");
    EXPECT_EQ(ru_date(d(2026, 1, 9)), "09.01.2026");
    EXPECT_EQ(parse_iso_date("2026-01-09"), d(2026, 1, 9));
    EXPECT_FALSE(parse_iso_date("2026-1-09"));
    EXPECT_FALSE(parse_iso_date("2026-02-29"));
}

}  // namespace
}  // namespace obrd
