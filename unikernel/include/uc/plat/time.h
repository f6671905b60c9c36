/*
 * Platform contract: the clocks.
 *
 * A platform provides a wall clock (UTC since the Epoch, as the host or the
 * machine's real-time clock tells it) and a monotonic clock (never goes
 * back, unaffected by changes of the wall clock). Neither costs anything at
 * boot: a platform that must measure its clock's frequency does so on the
 * first call, which may then take a few milliseconds.
 */
#ifndef UC_PLAT_TIME_H
#define UC_PLAT_TIME_H

#include <stdint.h>

/*
 * ucplat_time_wall_us() - the wall clock
 *
 * A machine without a real-time clock (QEMU microvm with rtc=off) starts
 * its wall clock at the Epoch when the clock is first read.
 *
 * Context: any; the first call may busy-wait a few milliseconds.
 * Return: microseconds since 1970-01-01 00:00:00 UTC (leap seconds not
 *         counted, as in POSIX).
 */
int64_t ucplat_time_wall_us(void);

/*
 * ucplat_time_monotonic_ns() - the monotonic clock
 *
 * Context: any; the first call may busy-wait a few milliseconds.
 * Return: nanoseconds since an unspecified start (at or before the first
 *         call); successive calls never return a smaller value.
 */
uint64_t ucplat_time_monotonic_ns(void);

#endif /* UC_PLAT_TIME_H */
