/*
 * <pthread.h> of the pthreads library: POSIX threads on the core's threads
 * API (uc/thread.h), so that threaded C programs build unchanged.
 *
 * Functions return 0 or a positive errno value, as POSIX says; none sets
 * errno. Mutexes always check their owner (a relock by the owner of a
 * non-recursive mutex returns EDEADLK, an unlock by another thread EPERM),
 * which POSIX allows for every type. The static initializers need no
 * pthread_*_init(): the objects initialize on first use.
 *
 * Not provided: cancellation, scheduling priorities and policies, process
 * shared objects, read-write locks, barriers and spinlocks.
 */
#ifndef UC_PTHREAD_H
#define UC_PTHREAD_H

#include <sched.h>
#include <stddef.h>
#include <time.h>
#include <uc/thread.h>

typedef struct uc_thread *pthread_t;

typedef struct {
	size_t stack_size;
	int detach_state;
	const char *name;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

/* Statically initialized objects have a zero list head until first use. */
typedef struct {
	struct uc_mutex mutex;
} pthread_mutex_t;

typedef struct {
	int type;
} pthread_mutexattr_t;

typedef struct {
	struct uc_condition condition;
	clockid_t clock;
} pthread_cond_t;

typedef struct {
	clockid_t clock;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;
typedef volatile int pthread_once_t;

#define PTHREAD_MUTEX_INITIALIZER \
	{                         \
		{                 \
			0         \
		}                 \
	}
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP     \
	{                                          \
		{                                  \
			NULL, 0, 1,                \
			{                          \
				{                  \
					NULL, NULL \
				}                  \
			}                          \
		}                                  \
	}
#define PTHREAD_COND_INITIALIZER                       \
	{                                              \
		{ { { NULL, NULL } } }, CLOCK_REALTIME \
	}
#define PTHREAD_ONCE_INIT 0
#define PTHREAD_KEYS_MAX UC_THREAD_KEYS_MAX
#define PTHREAD_STACK_MIN UC_THREAD_STACK_MIN

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t stack_size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *stack_size);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
/* Unicore's extension: the thread's name in crash reports (kept until the
 * thread is created, then copied; at most 31 characters). */
int pthread_attr_setname_np(pthread_attr_t *attr, const char *name);

/* EINVAL for bad arguments, EAGAIN when memory or stacks run out. */
int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*function)(void *), void *argument);
int pthread_join(pthread_t thread, void **result);
int pthread_detach(pthread_t thread);
_Noreturn void pthread_exit(void *result);
pthread_t pthread_self(void);
int pthread_equal(pthread_t first, pthread_t second);

int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *mutex); /* EBUSY when held */
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_trylock(pthread_mutex_t *mutex); /* EBUSY */
/* @deadline: CLOCK_REALTIME, as POSIX says; ETIMEDOUT. */
int pthread_mutex_timedlock(pthread_mutex_t *mutex,
			    const struct timespec *deadline);
int pthread_mutex_unlock(pthread_mutex_t *mutex);

int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
/* CLOCK_REALTIME (the default) or CLOCK_MONOTONIC for timedwait. */
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock);

int pthread_cond_init(pthread_cond_t *condition,
		      const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *condition); /* EBUSY: waiters */
int pthread_cond_wait(pthread_cond_t *condition, pthread_mutex_t *mutex);
/* @deadline on the condition's clock; ETIMEDOUT, EINVAL, EPERM. */
int pthread_cond_timedwait(pthread_cond_t *condition, pthread_mutex_t *mutex,
			   const struct timespec *deadline);
int pthread_cond_signal(pthread_cond_t *condition);
int pthread_cond_broadcast(pthread_cond_t *condition);

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

int pthread_once(pthread_once_t *once, void (*function)(void));

#endif /* UC_PTHREAD_H */
