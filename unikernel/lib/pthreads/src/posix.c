/*
 * The POSIX clock, sleep and semaphore calls of the pthreads library
 * (<time.h>, <unistd.h>, <semaphore.h>). Unlike <pthread.h>, these report
 * errors through errno and -1.
 */
#include <errno.h>
#include <semaphore.h>
#include <time.h>
#include <uc/thread.h>
#include <uc/time.h>
#include <unistd.h>
#include "pthreads.h"

#define NS_PER_SECOND 1000000000ll

int clock_gettime(clockid_t clock, struct timespec *time)
{
	int64_t ns;

	if (!time || (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)) {
		errno = EINVAL;
		return -1;
	}
	if (clock == CLOCK_REALTIME)
		ns = uc_time_now_us() * 1000;
	else
		ns = (int64_t)uc_time_monotonic_ns();
	time->tv_sec = ns / NS_PER_SECOND;
	time->tv_nsec = (long)(ns % NS_PER_SECOND);
	return 0;
}

int nanosleep(const struct timespec *request, struct timespec *remaining)
{
	uint64_t ns;

	if (!request || request->tv_sec < 0 || request->tv_nsec < 0 ||
	    request->tv_nsec >= NS_PER_SECOND) {
		errno = EINVAL;
		return -1;
	}
	if ((uint64_t)request->tv_sec > UINT64_MAX / NS_PER_SECOND / 2)
		ns = UINT64_MAX / 2;
	else
		ns = (uint64_t)request->tv_sec * NS_PER_SECOND +
		     (uint64_t)request->tv_nsec;
	uc_thread_sleep_until(uc_time_monotonic_ns() + ns);
	if (remaining) {
		remaining->tv_sec = 0;
		remaining->tv_nsec = 0;
	}
	return 0;
}

time_t time(time_t *result)
{
	time_t now = (time_t)uc_time_now();

	if (result)
		*result = now;
	return now;
}

int usleep(unsigned long microseconds)
{
	uc_thread_sleep(microseconds);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	uc_thread_sleep((uint64_t)seconds * 1000000);
	return 0;
}

static int fail(int error)
{
	errno = error;
	return -1;
}

int sem_init(sem_t *semaphore, int shared, unsigned int value)
{
	if (!semaphore || shared || value > SEM_VALUE_MAX)
		return fail(EINVAL);
	uc_semaphore_init(&semaphore->semaphore, value);
	return 0;
}

int sem_destroy(sem_t *semaphore)
{
	if (!semaphore)
		return fail(EINVAL);
	if (!uc_list_is_empty(&semaphore->semaphore.waiters.waiters))
		return fail(EBUSY);
	return 0;
}

int sem_wait(sem_t *semaphore)
{
	if (!semaphore)
		return fail(EINVAL);
	uc_semaphore_down(&semaphore->semaphore, 0);
	return 0;
}

int sem_trywait(sem_t *semaphore)
{
	if (!semaphore)
		return fail(EINVAL);
	return uc_semaphore_trydown(&semaphore->semaphore) ? fail(EAGAIN) : 0;
}

int sem_timedwait(sem_t *semaphore, const struct timespec *deadline)
{
	uint64_t monotonic;
	int error;

	if (!semaphore)
		return fail(EINVAL);
	if (!uc_semaphore_trydown(&semaphore->semaphore))
		return 0;
	error = pthreads_deadline_of(deadline, CLOCK_REALTIME, &monotonic);
	if (error)
		return fail(error);
	error = uc_semaphore_down(&semaphore->semaphore, monotonic);
	return error ? fail(-error) : 0;
}

int sem_post(sem_t *semaphore)
{
	if (!semaphore)
		return fail(EINVAL);
	if (semaphore->semaphore.count >= SEM_VALUE_MAX)
		return fail(ERANGE);
	return uc_semaphore_up(&semaphore->semaphore) ? fail(ERANGE) : 0;
}

int sem_getvalue(sem_t *semaphore, int *value)
{
	if (!semaphore || !value)
		return fail(EINVAL);
	*value = (int)semaphore->semaphore.count;
	return 0;
}
