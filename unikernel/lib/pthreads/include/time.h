/*
 * <time.h> of the pthreads library: what POSIX threaded programs use from
 * it: struct timespec, clock_gettime() on CLOCK_REALTIME and
 * CLOCK_MONOTONIC, nanosleep() and time(). These set errno on failure, as
 * POSIX says.
 */
#ifndef UC_POSIX_TIME_H
#define UC_POSIX_TIME_H

#include <stdint.h>

typedef int64_t time_t;
typedef int clockid_t;

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

/* 0; -1 with errno EINVAL for another clock, EFAULT-like EINVAL for NULL. */
int clock_gettime(clockid_t clock, struct timespec *time);

/*
 * nanosleep() - sleep at least *@request (never less); other threads run
 * Return: 0; -1 with errno EINVAL when @request is NULL or out of range
 *         (negative, or tv_nsec not below 1,000,000,000). @remaining, when
 *         not NULL, is set to zero: sleeps are never interrupted.
 */
int nanosleep(const struct timespec *request, struct timespec *remaining);

/* Seconds since the Epoch; also stored in *@result when not NULL. */
time_t time(time_t *result);

#endif /* UC_POSIX_TIME_H */
