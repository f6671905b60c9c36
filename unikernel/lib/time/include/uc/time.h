/*
 * Time API: the wall clock (UTC since the Epoch), a monotonic clock, the
 * UTC calendar, and text forms of a time.
 *
 * Times are uc_time_t seconds since 1970-01-01 00:00:00 UTC, without leap
 * seconds (POSIX time). The calendar functions accept the years 0001 to
 * 9999 (uc_time_t from UC_TIME_MIN to UC_TIME_MAX) in the proleptic
 * Gregorian calendar, and always use UTC: a unikernel has no time zone.
 *
 * Context: every function may be called from any context after the
 * platform has booted; none allocates. The first clock read on QEMU may
 * busy-wait about 10 ms while the platform measures its clock (once).
 */
#ifndef UC_TIME_H
#define UC_TIME_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t uc_time_t;

/* 0001-01-01 00:00:00 and 9999-12-31 23:59:59 UTC. */
#define UC_TIME_MIN ((uc_time_t)-62135596800)
#define UC_TIME_MAX ((uc_time_t)253402300799)

/* Bytes uc_ttime() needs: 24 characters and the NUL. */
#define UC_TTIME_SIZE 25

/* A broken-down UTC time. */
struct uc_tm {
	int year; /* the full year, 1 to 9999 */
	int month; /* 1 (January) to 12 */
	int day; /* 1 to 31 */
	int hour; /* 0 to 23 */
	int minute; /* 0 to 59 */
	int second; /* 0 to 59 */
	int weekday; /* 0 (Sunday) to 6 */
	int yearday; /* 0 (January 1st) to 365 */
};

/* uc_time_now_us() - microseconds since the Epoch, from the wall clock. */
int64_t uc_time_now_us(void);

/* uc_time_now() - whole seconds since the Epoch, from the wall clock. */
uc_time_t uc_time_now(void);

/*
 * uc_time_monotonic_ns() - nanoseconds on the monotonic clock
 *
 * For measuring intervals and timeouts: it never goes back and ignores
 * changes of the wall clock. Its start is unspecified.
 */
uint64_t uc_time_monotonic_ns(void);

/* uc_difftime() - @t1 - @t0 in seconds, as C's difftime(). */
int64_t uc_difftime(uc_time_t t1, uc_time_t t0);

/*
 * uc_time_to_tm() - break a time down into UTC calendar fields
 * @time: seconds since the Epoch
 * @tm: set to the fields; untouched on error
 *
 * Return: 0; -UC_ERANGE when @time is outside UC_TIME_MIN..UC_TIME_MAX.
 */
int uc_time_to_tm(uc_time_t time, struct uc_tm *tm);

/*
 * uc_ttime() - the fixed text form "Www Mmm dd hh:mm:ss yyyy"
 * @time: seconds since the Epoch
 * @buf: UC_TTIME_SIZE bytes; receives e.g. "Thu Jan  1 00:00:00 1970"
 *       (the day padded with a space, as C's asctime(), no newline)
 *
 * Return: 24, the length written; 0 (and @buf "") when @time is out of
 *         range.
 */
size_t uc_ttime(uc_time_t time, char buf[UC_TTIME_SIZE]);

/*
 * uc_ctime() - format a time like strftime() in the C locale, in UTC
 * @time: seconds since the Epoch
 * @format: text with conversions: %a %A %b %B %c %C %d %D %e %F %g %G %h
 *          %H %I %j %k %l %m %M %n %p %R %s %S %t %T %u %U %V %w %W %x %X
 *          %y %Y %z %Z %% as in glibc's strftime (%Z is "UTC", %z
 *          "+0000"); an unknown conversion is copied as it is
 * @buf: where the text goes
 * @size: bytes of @buf, the NUL included
 *
 * Return: the length written without the NUL; 0 when the text and its NUL
 *         do not fit (as strftime(); @buf is then "" if @size > 0) or
 *         @time is out of range.
 */
size_t uc_ctime(uc_time_t time, const char *format, char *buf, size_t size);

#endif /* UC_TIME_H */
