/*
 * In-kernel test framework: test cases live beside the code they test
 * (the tests/ folder of each library), register themselves at link time, and report
 * every failed check with file, line, expression and values.
 *
 * A case is a function defined with UC_TEST(suite, name). Checks come in
 * two kinds: UC_EXPECT_* records a failure and goes on; UC_ASSERT_* records
 * it and returns from the case (for checks later lines depend on, such as
 * a pointer that must not be NULL). uc_test_run_all() runs every case of
 * the image and prints "N passed, N failed".
 *
 * Context: cases run one after the other on the boot thread, after every
 * library has initialized; nothing here is thread-safe.
 */
#ifndef UC_TEST_H
#define UC_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The state of the running case, passed to every check. */
struct uc_test_context {
	unsigned int failed_checks;
};

struct uc_test_case {
	const char *suite;
	const char *name;
	void (*function)(struct uc_test_context *test);
};

/*
 * UC_TEST() - define and register a test case
 * @suite: a C identifier grouping related cases, usually the library
 * @name: a C identifier saying what the case shows
 *
 * Expands to a function header; the braces that follow are its body, in
 * which the checks below refer to the case's context as `test`. The case
 * record goes into the uc_test_cases section, which the runner walks.
 */
#define UC_TEST(suite, name)                                                \
	static void uc_test_##suite##_##name(struct uc_test_context *test); \
	static const struct uc_test_case uc_test_case_##suite##_##name      \
		__attribute__((used, retain, section("uc_test_cases"),      \
			       aligned(8))) = { #suite, #name,              \
						uc_test_##suite##_##name }; \
	static void uc_test_##suite##_##name(struct uc_test_context *test   \
					     __attribute__((unused)))

/*
 * Check functions behind the macros. Each returns whether the check held
 * and, when it did not, prints "FAIL file:line: ..." with the values and
 * counts the failure in @test.
 */
bool uc_test_check(struct uc_test_context *test, bool holds, const char *file,
		   int line, const char *expression);
bool uc_test_check_int(struct uc_test_context *test, long long actual,
		       long long expected, const char *file, int line,
		       const char *expression);
bool uc_test_check_uint(struct uc_test_context *test, unsigned long long actual,
			unsigned long long expected, const char *file, int line,
			const char *expression);
bool uc_test_check_str(struct uc_test_context *test, const char *actual,
		       const char *expected, const char *file, int line,
		       const char *expression);
bool uc_test_check_mem(struct uc_test_context *test, const void *actual,
		       const void *expected, size_t length, const char *file,
		       int line, const char *expression);

#define UC_EXPECT_TRUE(condition) \
	uc_test_check(test, (condition), __FILE__, __LINE__, #condition)
#define UC_EXPECT_FALSE(condition)                            \
	uc_test_check(test, !(condition), __FILE__, __LINE__, \
		      "!(" #condition ")")
#define UC_EXPECT_INT_EQ(actual, expected)                                  \
	uc_test_check_int(test, (long long)(actual), (long long)(expected), \
			  __FILE__, __LINE__, #actual " == " #expected)
#define UC_EXPECT_UINT_EQ(actual, expected)                                    \
	uc_test_check_uint(test, (unsigned long long)(actual),                 \
			   (unsigned long long)(expected), __FILE__, __LINE__, \
			   #actual " == " #expected)
#define UC_EXPECT_PTR_EQ(actual, expected)                                \
	uc_test_check_uint(test, (unsigned long long)(uintptr_t)(actual), \
			   (unsigned long long)(uintptr_t)(expected),     \
			   __FILE__, __LINE__, #actual " == " #expected)
#define UC_EXPECT_NOT_NULL(pointer)                                \
	uc_test_check(test, (pointer) != NULL, __FILE__, __LINE__, \
		      #pointer " != NULL")
#define UC_EXPECT_NULL(pointer)                                    \
	uc_test_check(test, (pointer) == NULL, __FILE__, __LINE__, \
		      #pointer " == NULL")
#define UC_EXPECT_STR_EQ(actual, expected)                                \
	uc_test_check_str(test, (actual), (expected), __FILE__, __LINE__, \
			  #actual " == " #expected)
#define UC_EXPECT_MEM_EQ(actual, expected, length)                        \
	uc_test_check_mem(test, (actual), (expected), (length), __FILE__, \
			  __LINE__, #actual " == " #expected)

/* The same checks, ending the case when they fail. */
#define UC_ASSERT_TRUE(condition)               \
	do {                                    \
		if (!UC_EXPECT_TRUE(condition)) \
			return;                 \
	} while (0)
#define UC_ASSERT_INT_EQ(actual, expected)               \
	do {                                             \
		if (!UC_EXPECT_INT_EQ(actual, expected)) \
			return;                          \
	} while (0)
#define UC_ASSERT_NOT_NULL(pointer)               \
	do {                                      \
		if (!UC_EXPECT_NOT_NULL(pointer)) \
			return;                   \
	} while (0)

/*
 * uc_test_run_all() - run every registered case, in link order
 *
 * Prints "ok   suite.name" or "FAIL suite.name" for each case, then the
 * line "N passed, N failed".
 *
 * Context: boot thread, after library initialization.
 * Return: the number of failed cases (0 when all passed).
 */
int uc_test_run_all(void);

#endif /* UC_TEST_H */
