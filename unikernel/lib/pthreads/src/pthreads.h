/*
 * Private interface of the pthreads library.
 */
#ifndef PTHREADS_PRIVATE_H
#define PTHREADS_PRIVATE_H

#include <stdint.h>
#include <time.h>

/*
 * pthreads_deadline_of() - an absolute POSIX deadline on @clock as a
 * monotonic deadline in nanoseconds (never 0, which means "none")
 *
 * Return: 0; EINVAL when @deadline is NULL or out of range.
 */
int pthreads_deadline_of(const struct timespec *deadline, clockid_t clock,
			 uint64_t *monotonic_ns);

#endif /* PTHREADS_PRIVATE_H */
