/*
 * <sched.h> of the pthreads library: sched_yield() only (the core has no
 * priorities nor policies to set).
 */
#ifndef UC_SCHED_POSIX_H
#define UC_SCHED_POSIX_H

/* sched_yield() - let other ready threads run first; returns 0. */
int sched_yield(void);

#endif /* UC_SCHED_POSIX_H */
