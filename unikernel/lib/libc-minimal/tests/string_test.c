/*
 * Tests of the string functions of libc-minimal, against values the C
 * standard fixes.
 */
#include <string.h>
#include <uc/test.h>

UC_TEST(string, strlen_counts_bytes_before_the_nul)
{
	UC_EXPECT_UINT_EQ(strlen(""), 0);
	UC_EXPECT_UINT_EQ(strlen("unicore"), 7);
}

UC_TEST(string, compare_orders_as_unsigned_bytes)
{
	UC_EXPECT_INT_EQ(strcmp("abc", "abc"), 0);
	UC_EXPECT_TRUE(strcmp("abc", "abd") < 0);
	UC_EXPECT_TRUE(strcmp("b", "a") > 0);
	UC_EXPECT_TRUE(strcmp("\x80", "a") > 0);
	UC_EXPECT_INT_EQ(strncmp("abcx", "abcy", 3), 0);
	UC_EXPECT_TRUE(memcmp("\x01\xff", "\x01\x00", 2) > 0);
}

UC_TEST(string, strchr_finds_characters_and_the_terminator)
{
	const char *text = "key=value";

	UC_EXPECT_PTR_EQ(strchr(text, '='), text + 3);
	UC_EXPECT_PTR_EQ(strchr(text, '\0'), text + 9);
	UC_EXPECT_NULL(strchr(text, '#'));
}

UC_TEST(string, memmove_handles_overlap_both_ways)
{
	char forward[] = "abcdef";
	char backward[] = "abcdef";

	memmove(forward + 2, forward, 4);
	memmove(backward, backward + 2, 4);
	UC_EXPECT_STR_EQ(forward, "ababcd");
	UC_EXPECT_STR_EQ(backward, "cdefef");
}

UC_TEST(string, memset_and_memcpy_fill_exactly_the_range)
{
	char buffer[8] = "xxxxxxx";

	memset(buffer + 1, 'a', 3);
	memcpy(buffer + 4, "bc", 2);
	UC_EXPECT_STR_EQ(buffer, "xaaabcx");
}
