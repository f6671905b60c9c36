/*
 * console-check: exercises log lines (levels, tags, the build-time minimum
 * level) and formatted console input; see README.md.
 */
#include <stdio.h>
#include <uc/console.h>

#define MAX_LINES 100

int main(void)
{
	char word[16];
	int number, lines = 0, count;

	uc_log(UC_LOG_EMERG, "emergency");
	uc_log(UC_LOG_ALERT, "alert");
	uc_log(UC_LOG_CRIT, "critical");
	uc_log(UC_LOG_ERR, "error");
	uc_log(UC_LOG_WARNING, "warning");
	uc_logf(UC_LOG_INFO, "info %d%s", 42, "!");
	uc_log(UC_LOG_DEBUG, "debug is compiled out");
	uc_log(UC_LOG_INFO, "two\nlines\n");
	printf("printf %s %05d\n", "works", 7);
	puts("puts works");

	while (lines < MAX_LINES) {
		count = uc_console_scanf("%d %15s", &number, word);
		if (count == UC_CONSOLE_EOF)
			break;
		lines++;
		if (count == 2 && number == 0)
			break; /* "0 end": QEMU's serial line never ends */
		if (count == 2)
			printf("got %d %s\n", number, word);
		else
			puts("no match");
	}
	puts("end of input");
	return lines;
}
