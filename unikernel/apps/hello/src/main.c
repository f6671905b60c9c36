/*
 * hello: the smallest Unicore application. Greets, lists its arguments and
 * returns 0, or N when an argument is --exit=N, so tests can check that the
 * exit status leaves the unikernel.
 */
#include <stdlib.h>
#include <string.h>
#include <uc/console.h>

#define EXIT_OPTION "--exit="
#define STATUS_USAGE 2 /* the --exit value is not a number */

int main(int argc, char *argv[])
{
	int status = 0;
	int i;

	uc_console_print("Hello from Unicore!\n");
	for (i = 0; i < argc; i++) {
		const char *value;
		char *end;

		uc_console_printf("argv[%d] = \"%s\"\n", i, argv[i]);
		if (i == 0 ||
		    strncmp(argv[i], EXIT_OPTION, strlen(EXIT_OPTION)))
			continue;
		value = argv[i] + strlen(EXIT_OPTION);
		status = (int)strtol(value, &end, 10);
		if (end == value || *end) {
			uc_console_printf("hello: %s is not a number\n", value);
			return STATUS_USAGE;
		}
	}
	return status;
}
