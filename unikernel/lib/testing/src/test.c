/*
 * The test runner and the check functions behind uc/test.h.
 *
 * Cases are found through the uc_test_cases section: the linker gathers
 * every case record there and marks its bounds with __start_/__stop_
 * symbols (the qemu linker script defines them explicitly; the linuxu
 * default script does so for any section named like a C identifier). The
 * bounds are weak, so an image without a single case still links and
 * reports "0 passed, 0 failed".
 */
#include <stdint.h>
#include <string.h>
#include <uc/console.h>
#include <uc/test.h>

extern const struct uc_test_case __start_uc_test_cases[] __attribute__((weak));
extern const struct uc_test_case __stop_uc_test_cases[] __attribute__((weak));

static void report_failure(const char *file, int line, const char *expression)
{
	uc_console_end_line();
	uc_console_printf("FAIL %s:%d: %s", file, line, expression);
}

bool uc_test_check(struct uc_test_context *test, bool holds, const char *file,
		   int line, const char *expression)
{
	if (holds)
		return true;
	test->failed_checks++;
	report_failure(file, line, expression);
	uc_console_print("\n");
	return false;
}

bool uc_test_check_int(struct uc_test_context *test, long long actual,
		       long long expected, const char *file, int line,
		       const char *expression)
{
	if (actual == expected)
		return true;
	test->failed_checks++;
	report_failure(file, line, expression);
	uc_console_printf(": actual %lld, expected %lld\n", actual, expected);
	return false;
}

bool uc_test_check_uint(struct uc_test_context *test, unsigned long long actual,
			unsigned long long expected, const char *file, int line,
			const char *expression)
{
	if (actual == expected)
		return true;
	test->failed_checks++;
	report_failure(file, line, expression);
	uc_console_printf(": actual %llu (0x%llx), expected %llu (0x%llx)\n",
			  actual, actual, expected, expected);
	return false;
}

bool uc_test_check_str(struct uc_test_context *test, const char *actual,
		       const char *expected, const char *file, int line,
		       const char *expression)
{
	if (actual && expected && !strcmp(actual, expected))
		return true;
	test->failed_checks++;
	report_failure(file, line, expression);
	uc_console_printf(": actual \"%s\", expected \"%s\"\n",
			  actual ? actual : "(null)",
			  expected ? expected : "(null)");
	return false;
}

bool uc_test_check_mem(struct uc_test_context *test, const void *actual,
		       const void *expected, size_t length, const char *file,
		       int line, const char *expression)
{
	const unsigned char *left = actual, *right = expected;
	size_t i;

	if (!memcmp(actual, expected, length))
		return true;
	for (i = 0; left[i] == right[i]; i++)
		;
	test->failed_checks++;
	report_failure(file, line, expression);
	uc_console_printf(": first difference at byte %zu: 0x%02x, expected "
			  "0x%02x\n",
			  i, left[i], right[i]);
	return false;
}

int uc_test_run_all(void)
{
	const struct uc_test_case *test_case;
	int passed = 0, failed = 0;

	for (test_case = __start_uc_test_cases;
	     test_case && test_case < __stop_uc_test_cases; test_case++) {
		struct uc_test_context context = { 0 };

		test_case->function(&context);
		uc_console_end_line();
		if (context.failed_checks) {
			failed++;
			uc_console_printf("FAIL %s.%s\n", test_case->suite,
					  test_case->name);
		} else {
			passed++;
			uc_console_printf("ok   %s.%s\n", test_case->suite,
					  test_case->name);
		}
	}
	uc_console_printf("%d passed, %d failed\n", passed, failed);
	return failed;
}
