/*
 * time-check: prints uc_ttime() and uc_ctime() of each timestamp given as
 * an argument, and the clocks' readings, for comparison with the host's
 * C library (see README.md).
 */
#include <stdlib.h>
#include <uc/console.h>
#include <uc/time.h>

#define FORMAT                                                               \
	"%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %p %R " \
	"%s %S %T %u %U %V %w %W %x %X %y %Y %z %Z %%"
#define STATUS_USAGE 2

int main(int argc, char *argv[])
{
	char ttime[UC_TTIME_SIZE], formatted[256];
	uint64_t monotonic;
	int i;

	for (i = 1; i < argc; i++) {
		char *end;
		long long timestamp = strtol(argv[i], &end, 10);

		if (end == argv[i] || *end) {
			uc_console_printf("time-check: %s is not a number\n",
					  argv[i]);
			return STATUS_USAGE;
		}
		uc_ttime(timestamp, ttime);
		uc_ctime(timestamp, FORMAT, formatted, sizeof(formatted));
		uc_console_printf("%lld|%s|%s\n", timestamp, ttime, formatted);
	}
	monotonic = uc_time_monotonic_ns();
	uc_console_printf("now=%lld\n", (long long)uc_time_now_us());
	uc_console_printf("monotonic-ok=%s\n",
			  uc_time_monotonic_ns() >= monotonic ? "yes" : "no");
	return 0;
}
