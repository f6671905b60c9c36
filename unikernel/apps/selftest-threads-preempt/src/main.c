/*
 * selftest: runs the in-kernel tests of every library in its build (its
 * recipe sets with-tests) and exits with the number of failed cases, so a
 * runner can tell success from the exit status alone; the console ends
 * with "N passed, N failed".
 */
#include <uc/test.h>

/* Exit statuses 120-127 are the core's; a count above this is capped. */
#define MAX_REPORTED_FAILURES 119

int main(void)
{
	int failed = uc_test_run_all();

	return failed > MAX_REPORTED_FAILURES ? MAX_REPORTED_FAILURES : failed;
}
