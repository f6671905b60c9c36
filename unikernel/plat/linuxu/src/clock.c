/*
 * Clocks of the linuxu platform (uc/plat/time.h): the host's
 * CLOCK_REALTIME and CLOCK_MONOTONIC through the clock_gettime(2) system
 * call (no vDSO: the platform links no host C library).
 */
#include <uc/plat/time.h>
#include "syscall.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct kernel_timespec {
	long seconds;
	long nanoseconds;
};

/* Cannot fail for these clocks and a valid pointer; 0 if it ever did. */
static struct kernel_timespec read_clock(int clock)
{
	struct kernel_timespec time = { 0, 0 };

	linuxu_syscall3(LINUXU_SYS_CLOCK_GETTIME, clock, (long)&time, 0);
	return time;
}

int64_t ucplat_time_wall_us(void)
{
	struct kernel_timespec time = read_clock(CLOCK_REALTIME);

	return (int64_t)time.seconds * 1000000 + time.nanoseconds / 1000;
}

uint64_t ucplat_time_monotonic_ns(void)
{
	struct kernel_timespec time = read_clock(CLOCK_MONOTONIC);

	return (uint64_t)time.seconds * 1000000000u + time.nanoseconds;
}
