/*
 * Tests of the time library: calendar conversion at the edges the
 * Gregorian rules create (leap days, century years, before the Epoch, the
 * range's ends) and every uc_ctime() conversion, with expected values from
 * the host C library's gmtime() and strftime() on the same timestamps; and
 * the clocks' basic promises.
 */
#include <string.h>
#include <uc/errno.h>
#include <uc/time.h>
#include <uc/test.h>

/* Every conversion uc_ctime() knows, %s aside (its value is the input). */
#define ALL_CONVERSIONS                                                      \
	"%a %A %b %B %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %p %R %S " \
	"%T %u %U %V %w %W %x %X %y %Y %z %Z %%"

static void expect_tm(struct uc_test_context *test, uc_time_t time,
		      const struct uc_tm *expected)
{
	struct uc_tm tm;

	UC_ASSERT_INT_EQ(uc_time_to_tm(time, &tm), 0);
	UC_EXPECT_INT_EQ(tm.year, expected->year);
	UC_EXPECT_INT_EQ(tm.month, expected->month);
	UC_EXPECT_INT_EQ(tm.day, expected->day);
	UC_EXPECT_INT_EQ(tm.hour, expected->hour);
	UC_EXPECT_INT_EQ(tm.minute, expected->minute);
	UC_EXPECT_INT_EQ(tm.second, expected->second);
	UC_EXPECT_INT_EQ(tm.weekday, expected->weekday);
	UC_EXPECT_INT_EQ(tm.yearday, expected->yearday);
}

UC_TEST(time, calendar_conversion_across_leap_rules_and_the_epoch)
{
	expect_tm(test, 0, &(struct uc_tm){ 1970, 1, 1, 0, 0, 0, 4, 0 });
	expect_tm(test, -1,
		  &(struct uc_tm){ 1969, 12, 31, 23, 59, 59, 3, 364 });
	expect_tm(test, 951782400,
		  &(struct uc_tm){ 2000, 2, 29, 0, 0, 0, 2, 59 });
	/* 2100 is not a leap year: February 28th is day 59 (index 58). */
	expect_tm(test, 4107542399,
		  &(struct uc_tm){ 2100, 2, 28, 23, 59, 59, 0, 58 });
	expect_tm(test, 1735689599,
		  &(struct uc_tm){ 2024, 12, 31, 23, 59, 59, 2, 365 });
	expect_tm(test, UC_TIME_MAX,
		  &(struct uc_tm){ 9999, 12, 31, 23, 59, 59, 5, 364 });
	expect_tm(test, UC_TIME_MIN, &(struct uc_tm){ 1, 1, 1, 0, 0, 0, 1, 0 });
}

UC_TEST(time, out_of_range_times_are_refused)
{
	struct uc_tm tm;
	char buffer[UC_TTIME_SIZE] = "x";

	UC_EXPECT_INT_EQ(uc_time_to_tm(UC_TIME_MAX + 1, &tm), -UC_ERANGE);
	UC_EXPECT_INT_EQ(uc_time_to_tm(UC_TIME_MIN - 1, &tm), -UC_ERANGE);
	UC_EXPECT_UINT_EQ(uc_ttime(UC_TIME_MAX + 1, buffer), 0);
	UC_EXPECT_STR_EQ(buffer, "");
}

UC_TEST(time, ttime_is_asctime_without_the_newline)
{
	char buffer[UC_TTIME_SIZE];

	UC_EXPECT_UINT_EQ(uc_ttime(0, buffer), 24);
	UC_EXPECT_STR_EQ(buffer, "Thu Jan  1 00:00:00 1970");
	uc_ttime(1609459199, buffer);
	UC_EXPECT_STR_EQ(buffer, "Thu Dec 31 23:59:59 2020");
	uc_ttime(951782400, buffer);
	UC_EXPECT_STR_EQ(buffer, "Tue Feb 29 00:00:00 2000");
}

UC_TEST(time, ctime_conversions_match_the_c_library)
{
	char buffer[256];

	uc_ctime(0, ALL_CONVERSIONS, buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer,
			 "Thu Thursday Jan January 19 01 01/01/70  1 "
			 "1970-01-01 70 1970 Jan 00 12 001  0 12 01 00 AM "
			 "00:00 00 00:00:00 4 00 01 4 00 01/01/70 00:00:00 "
			 "70 1970 +0000 UTC %");
	uc_ctime(-1, ALL_CONVERSIONS, buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer,
			 "Wed Wednesday Dec December 19 31 12/31/69 31 "
			 "1969-12-31 70 1970 Dec 23 11 365 23 11 12 59 PM "
			 "23:59 59 23:59:59 3 52 01 3 52 12/31/69 23:59:59 "
			 "69 1969 +0000 UTC %");
	uc_ctime(4107542399, ALL_CONVERSIONS, buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer,
			 "Sun Sunday Feb February 21 28 02/28/00 28 "
			 "2100-02-28 00 2100 Feb 23 11 059 23 11 02 59 PM "
			 "23:59 59 23:59:59 7 09 08 0 08 02/28/00 23:59:59 "
			 "00 2100 +0000 UTC %");
	uc_ctime(1735689599, ALL_CONVERSIONS, buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer,
			 "Tue Tuesday Dec December 20 31 12/31/24 31 "
			 "2024-12-31 25 2025 Dec 23 11 366 23 11 12 59 PM "
			 "23:59 59 23:59:59 2 52 01 2 53 12/31/24 23:59:59 "
			 "24 2024 +0000 UTC %");
	uc_ctime(1230768000, "%c|%s|%n%t|%q", buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer, "Thu Jan  1 00:00:00 2009|1230768000|\n\t|%q");
	uc_ctime(-62135596800, "%s %Y", buffer, sizeof(buffer));
	UC_EXPECT_STR_EQ(buffer, "-62135596800 1");
}

UC_TEST(time, ctime_returns_0_when_the_text_does_not_fit)
{
	char buffer[10];

	UC_EXPECT_UINT_EQ(uc_ctime(0, "%F", buffer, sizeof(buffer)), 0);
	UC_EXPECT_STR_EQ(buffer, "");
	UC_EXPECT_UINT_EQ(uc_ctime(0, "%F", buffer, 11), 10);
	UC_EXPECT_STR_EQ(buffer, "1970-01-01");
	UC_EXPECT_UINT_EQ(uc_ctime(0, "", buffer, sizeof(buffer)), 0);
}

UC_TEST(time, clocks_advance_and_the_wall_clock_is_recent)
{
	uint64_t before = uc_time_monotonic_ns();
	uint64_t after;
	int64_t wall = uc_time_now_us();

	do {
		after = uc_time_monotonic_ns();
	} while (after == before);
	UC_EXPECT_TRUE(after > before);
	/* The host or the RTC says so: after 2020-01-01. */
	UC_EXPECT_TRUE(wall > 1577836800ll * 1000000);
	UC_EXPECT_TRUE(uc_time_now() >= wall / 1000000);
	UC_EXPECT_INT_EQ(uc_difftime(10, 25), -15);
}
