/*
 * Tests of snprintf() and strtol() of libc-minimal: conversions, flags,
 * widths, truncation and the return values the C standard requires.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uc/test.h>

UC_TEST(stdio, integers_in_every_base_and_size)
{
	char buffer[64];

	snprintf(buffer, sizeof(buffer), "%d %i %u %x %X", -42, 7, 42u, 255u,
		 255u);
	UC_EXPECT_STR_EQ(buffer, "-42 7 42 ff FF");
	snprintf(buffer, sizeof(buffer), "%lld %llu %zu", (long long)INT64_MIN,
		 (unsigned long long)UINT64_MAX, (size_t)123);
	UC_EXPECT_STR_EQ(buffer,
			 "-9223372036854775808 18446744073709551615 123");
}

UC_TEST(stdio, widths_padding_and_precision)
{
	char buffer[64];

	snprintf(buffer, sizeof(buffer), "[%5d][%-5d][%05d][%.3s][%c%%]", 42,
		 42, -42, "abcdef", 'z');
	UC_EXPECT_STR_EQ(buffer, "[   42][42   ][-0042][abc][z%]");
}

UC_TEST(stdio, pointers_and_null_strings)
{
	char buffer[64];

	snprintf(buffer, sizeof(buffer), "%p %s", (void *)0x1000, (char *)0);
	UC_EXPECT_STR_EQ(buffer, "0x1000 (null)");
}

UC_TEST(stdio, truncation_keeps_the_nul_and_returns_the_full_length)
{
	char buffer[4] = "zzz";

	UC_EXPECT_INT_EQ(snprintf(buffer, sizeof(buffer), "%s", "abcdef"), 6);
	UC_EXPECT_STR_EQ(buffer, "abc");
	UC_EXPECT_INT_EQ(snprintf(buffer, 0, "%d", 12345), 5);
	UC_EXPECT_STR_EQ(buffer, "abc");
}

UC_TEST(stdlib, strtol_parses_bases_signs_and_reports_the_end)
{
	char *end;

	UC_EXPECT_INT_EQ(strtol("  -123xyz", &end, 10), -123);
	UC_EXPECT_STR_EQ(end, "xyz");
	UC_EXPECT_INT_EQ(strtol("0x1F", NULL, 0), 31);
	UC_EXPECT_INT_EQ(strtol("017", NULL, 0), 15);
	UC_EXPECT_INT_EQ(strtol("z", &end, 36), 35);
	UC_EXPECT_INT_EQ(strtol("nope", &end, 10), 0);
	UC_EXPECT_STR_EQ(end, "nope");
}
