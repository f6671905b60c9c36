/*
 * Tests of libc-minimal's string additions, <ctype.h>, <stdlib.h>
 * conversions, sorting and searching, errno, rand() and sscanf(), against
 * the values the C standard fixes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uc/test.h>

UC_TEST(string, copy_and_concatenate)
{
	char buffer[16];
	char padded[6];

	UC_EXPECT_PTR_EQ(strcpy(buffer, "uni"), buffer);
	UC_EXPECT_STR_EQ(strcat(buffer, "core"), "unicore");
	UC_EXPECT_STR_EQ(strncat(buffer, "!!!", 1), "unicore!");
	memset(padded, 'x', sizeof(padded));
	strncpy(padded, "ab", sizeof(padded));
	UC_EXPECT_MEM_EQ(padded, "ab\0\0\0\0", 6);
	strncpy(padded, "abcdefgh", 3);
	UC_EXPECT_MEM_EQ(padded, "abc\0\0\0", 6);
}

UC_TEST(string, search_from_both_ends_and_for_substrings)
{
	const char *path = "/a/b/c";

	UC_EXPECT_PTR_EQ(strrchr(path, '/'), path + 4);
	UC_EXPECT_PTR_EQ(strrchr(path, '\0'), path + 6);
	UC_EXPECT_NULL(strrchr(path, 'z'));
	UC_EXPECT_PTR_EQ(strstr("hello world", "o w"), "hello world" + 4);
	UC_EXPECT_NULL(strstr("hello", "help"));
	UC_EXPECT_STR_EQ(strstr("abc", ""), "abc");
	UC_EXPECT_PTR_EQ(memchr("abc", 'c', 3), "abc" + 2);
	UC_EXPECT_NULL(memchr("abc", 'c', 2));
	UC_EXPECT_UINT_EQ(strnlen("abcdef", 3), 3);
	UC_EXPECT_UINT_EQ(strspn("  x", " "), 2);
	UC_EXPECT_UINT_EQ(strcspn("key=value", "=;"), 3);
}

UC_TEST(ctype, classes_of_the_c_locale)
{
	UC_EXPECT_TRUE(isdigit('7') && !isdigit('a'));
	UC_EXPECT_TRUE(isalpha('q') && isalpha('Q') && !isalpha('1'));
	UC_EXPECT_TRUE(isxdigit('F') && !isxdigit('g'));
	UC_EXPECT_TRUE(isspace('\t') && isspace('\n') && !isspace('x'));
	UC_EXPECT_TRUE(ispunct('!') && !ispunct('a') && !ispunct(' '));
	UC_EXPECT_TRUE(isprint(' ') && !isgraph(' ') && iscntrl(127));
	UC_EXPECT_FALSE(isalpha(EOF) || isalpha(0xe9));
	UC_EXPECT_INT_EQ(toupper('a'), 'A');
	UC_EXPECT_INT_EQ(tolower('Z'), 'z');
	UC_EXPECT_INT_EQ(tolower('1'), '1');
}

UC_TEST(stdlib, conversions_clamp_and_set_erange)
{
	char *end;

	UC_EXPECT_INT_EQ(atoi("  -42abc"), -42);
	UC_EXPECT_INT_EQ(atol("123456789012"), 123456789012l);
	UC_EXPECT_INT_EQ(atoll("-9000000000"), -9000000000ll);
	UC_EXPECT_UINT_EQ(strtoul("0xffffffffffffffff", NULL, 16), UINT64_MAX);
	UC_EXPECT_UINT_EQ(strtoull("777", &end, 8), 511);
	UC_EXPECT_STR_EQ(end, "");
	UC_EXPECT_UINT_EQ(strtoul("-1", NULL, 10), UINT64_MAX);
	UC_EXPECT_INT_EQ(strtoll("-9223372036854775808", NULL, 10), INT64_MIN);

	errno = 0;
	UC_EXPECT_INT_EQ(strtoll("9223372036854775808", NULL, 10), INT64_MAX);
	UC_EXPECT_INT_EQ(errno, ERANGE);
	errno = 0;
	UC_EXPECT_UINT_EQ(strtoull("18446744073709551616", NULL, 10),
			  UINT64_MAX);
	UC_EXPECT_INT_EQ(errno, ERANGE);
	errno = 0;
	UC_EXPECT_INT_EQ(strtol("-99999999999999999999", &end, 10), INT64_MIN);
	UC_EXPECT_INT_EQ(errno, ERANGE);
	UC_EXPECT_STR_EQ(end, "");
	errno = 0;
	UC_EXPECT_INT_EQ(strtol("12", &end, 1), 0);
	UC_EXPECT_INT_EQ(errno, EINVAL);
	UC_EXPECT_INT_EQ(abs(-5), 5);
	UC_EXPECT_INT_EQ(labs(-5000000000l), 5000000000l);
	UC_EXPECT_INT_EQ(llabs(7), 7);
}

static int compare_ints(const void *left, const void *right)
{
	int a = *(const int *)left, b = *(const int *)right;

	return (a > b) - (a < b);
}

UC_TEST(stdlib, qsort_sorts_and_bsearch_finds)
{
	int values[] = { 5, -3, 9, 0, 5, 12, -8, 1, 7, 3, 2 };
	const int sorted[] = { -8, -3, 0, 1, 2, 3, 5, 5, 7, 9, 12 };
	int key = 7, missing = 4;
	int *found;

	qsort(values, 11, sizeof(int), compare_ints);
	UC_EXPECT_MEM_EQ(values, sorted, sizeof(sorted));
	found = bsearch(&key, values, 11, sizeof(int), compare_ints);
	UC_ASSERT_NOT_NULL(found);
	UC_EXPECT_INT_EQ(*found, 7);
	UC_EXPECT_NULL(
		bsearch(&missing, values, 11, sizeof(int), compare_ints));
	UC_EXPECT_NULL(bsearch(&key, values, 0, sizeof(int), compare_ints));
	qsort(values, 1, sizeof(int), compare_ints);
	UC_EXPECT_INT_EQ(values[0], -8);
}

UC_TEST(stdlib, rand_repeats_for_the_same_seed)
{
	int first[4], i;

	srand(42);
	for (i = 0; i < 4; i++)
		first[i] = rand();
	srand(42);
	for (i = 0; i < 4; i++) {
		int value = rand();

		UC_EXPECT_INT_EQ(value, first[i]);
		UC_EXPECT_TRUE(value >= 0 && value <= RAND_MAX);
	}
	UC_EXPECT_TRUE(first[0] != first[1]);
}

UC_TEST(stdio, sscanf_converts_numbers_strings_and_sets)
{
	int number = 0, count = 0, hex = 0;
	long long big = 0;
	unsigned int octal = 0;
	char word[16] = "", letters[16] = "", pair[3] = "";

	UC_EXPECT_INT_EQ(sscanf("  -12 unicore 0x1f", "%d %15s %i", &number,
				word, &hex),
			 3);
	UC_EXPECT_INT_EQ(number, -12);
	UC_EXPECT_STR_EQ(word, "unicore");
	UC_EXPECT_INT_EQ(hex, 31);
	UC_EXPECT_INT_EQ(sscanf("9000000000 017 abcde12", "%lld %o %[a-c]%n",
				&big, &octal, letters, &count),
			 3);
	UC_EXPECT_INT_EQ(big, 9000000000ll);
	UC_EXPECT_UINT_EQ(octal, 15);
	UC_EXPECT_STR_EQ(letters, "abc");
	UC_EXPECT_INT_EQ(count, 18);
	UC_EXPECT_INT_EQ(sscanf("12345", "%3d%2c", &number, pair), 2);
	UC_EXPECT_INT_EQ(number, 123);
	UC_EXPECT_MEM_EQ(pair, "45", 2);
	UC_EXPECT_INT_EQ(sscanf("key=value", "key=%*s"), 0);
}

UC_TEST(stdio, sscanf_stops_at_mismatch_and_reports_eof)
{
	int a = 0, b = 0;

	UC_EXPECT_INT_EQ(sscanf("1,x", "%d,%d", &a, &b), 1);
	UC_EXPECT_INT_EQ(a, 1);
	UC_EXPECT_INT_EQ(sscanf("", "%d", &a), EOF);
	UC_EXPECT_INT_EQ(sscanf("   ", "%d", &a), EOF);
	UC_EXPECT_INT_EQ(sscanf("7", "%d %d", &a, &b), 1);
	UC_EXPECT_INT_EQ(sscanf("50%", "%d%%", &a), 1);
	UC_EXPECT_INT_EQ(a, 50);
}
