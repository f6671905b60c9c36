/*
 * <semaphore.h> of the pthreads library: unnamed POSIX semaphores on the
 * core's semaphores (uc/thread.h). They return 0, or -1 with errno set.
 */
#ifndef UC_POSIX_SEMAPHORE_H
#define UC_POSIX_SEMAPHORE_H

#include <time.h>
#include <uc/thread.h>

typedef struct {
	struct uc_semaphore semaphore;
} sem_t;

#define SEM_VALUE_MAX 0x7fffffff

/* @shared must be 0 (no processes here); EINVAL above SEM_VALUE_MAX. */
int sem_init(sem_t *semaphore, int shared, unsigned int value);
int sem_destroy(sem_t *semaphore);
int sem_wait(sem_t *semaphore);
int sem_trywait(sem_t *semaphore); /* EAGAIN */
/* @deadline on CLOCK_REALTIME; ETIMEDOUT. */
int sem_timedwait(sem_t *semaphore, const struct timespec *deadline);
int sem_post(sem_t *semaphore);
int sem_getvalue(sem_t *semaphore, int *value);

#endif /* UC_POSIX_SEMAPHORE_H */
