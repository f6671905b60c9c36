/*
 * ubsan-check: a signed integer overflow for UndefinedBehaviorSanitizer
 * to catch (see README.md). The operand is read through a volatile so that
 * the compiler cannot fold or remove the addition.
 */
#include <stdlib.h>
#include <uc/console.h>

int main(int argc, char *argv[])
{
	volatile int operand = argc > 1 ? atoi(argv[1]) : 1;
	int sum = __INT_MAX__ + operand;

	uc_console_printf("sum=%d\n", sum);
	return 0;
}
