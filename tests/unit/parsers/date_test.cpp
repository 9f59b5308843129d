// date_test.cpp: RFC 5322 dates to RFC 3339, with the usual deviations.
#include <gtest/gtest.h>

#include "parsers/date.hpp"

using obrd::parse_rfc5322_date;

TEST(Date, Standard) {
    EXPECT_EQ(*parse_rfc5322_date("Mon, 14 Sep 2026 10:23:05 +1100"), "2026-09-14T10:23:05+11:00");
    EXPECT_EQ(*parse_rfc5322_date("14 Sep 2026 10:23:05 -0330"), "2026-09-14T10:23:05-03:30");
}

TEST(Date, Deviations) {
    EXPECT_EQ(*parse_rfc5322_date("Fri, 26 Mar 93 11:13 GMT"), "1993-03-26T11:13:00+00:00");
    EXPECT_EQ(*parse_rfc5322_date("Thu, 1 Oct 2026 09:00:00 +0300 (MSK)"),
              "2026-10-01T09:00:00+03:00");
    EXPECT_EQ(*parse_rfc5322_date("Wed, 3 December 2025 16:12:00 EST"),
              "2025-12-03T16:12:00-05:00");
    std::vector<std::string> defects;
    EXPECT_EQ(*parse_rfc5322_date("3 Dec 2025 16:12:00", &defects), "2025-12-03T16:12:00+00:00");
    EXPECT_FALSE(defects.empty());
}

TEST(Date, Unreadable) {
    EXPECT_FALSE(parse_rfc5322_date("yesterday"));
    EXPECT_FALSE(parse_rfc5322_date(""));
    EXPECT_FALSE(parse_rfc5322_date("99999999999999999999 Sep"));
}
