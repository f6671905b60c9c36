/*
 * hello-service: greets and lists its arguments like hello, then serves:
 * it sleeps, printing one line every --interval=S seconds (default 3600),
 * until --exit-after=S seconds have passed (default: never), then returns
 * 0. Sleeping goes through the threads library, so an idle instance costs
 * its host nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <uc/console.h>
#include <uc/thread.h>

#define INTERVAL_OPTION "--interval="
#define EXIT_AFTER_OPTION "--exit-after="
#define STATUS_USAGE 2 /* an option's value is not a positive number */
#define MICROSECONDS_PER_SECOND 1000000ull

/* The value of "--name=N" in @argument, or -1 when @argument is another one. */
static long option(const char *argument, const char *name)
{
	char *end;
	long value;

	if (strncmp(argument, name, strlen(name)))
		return -1;
	value = strtol(argument + strlen(name), &end, 10);
	if (end == argument + strlen(name) || *end || value <= 0)
		return 0;
	return value;
}

int main(int argc, char *argv[])
{
	long interval = 3600, exit_after = 0, slept = 0, value;
	int i;

	uc_console_print("Hello from Unicore!\n");
	for (i = 0; i < argc; i++) {
		uc_console_printf("argv[%d] = \"%s\"\n", i, argv[i]);
		if (i == 0)
			continue;
		if ((value = option(argv[i], INTERVAL_OPTION)) >= 0)
			interval = value;
		else if ((value = option(argv[i], EXIT_AFTER_OPTION)) >= 0)
			exit_after = value;
		if (value == 0) {
			uc_console_printf("hello-service: bad option %s\n",
					  argv[i]);
			return STATUS_USAGE;
		}
	}
	uc_console_printf("hello-service: serving, a line every %ld s\n",
			  interval);
	while (!exit_after || slept < exit_after) {
		long step = interval;

		if (exit_after && exit_after - slept < step)
			step = exit_after - slept;
		uc_thread_sleep((uint64_t)step * MICROSECONDS_PER_SECOND);
		slept += step;
		uc_console_printf("hello-service: up %ld s\n", slept);
	}
	return 0;
}
