/*
 * POSIX threads (<pthread.h>, <sched.h>) on the threads API (uc/thread.h).
 *
 * The core returns negative errno values; POSIX functions return them
 * positive. Statically initialized mutexes and condition variables have
 * a zero wait-queue head: lazy_init() finishes them on first use, with
 * interrupts masked so that two threads cannot both do it. Absolute
 * CLOCK_REALTIME deadlines become monotonic ones when the wait starts (a
 * change of the wall clock during the wait does not move it).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <uc/plat/timer.h>
#include <uc/thread.h>
#include <uc/time.h>
#include "pthreads.h"

#define NS_PER_SECOND 1000000000ll

static void mutex_lazy_init(pthread_mutex_t *mutex)
{
	unsigned long state;

	if (mutex->mutex.waiters.waiters.next)
		return;
	state = ucplat_irq_save();
	if (!mutex->mutex.waiters.waiters.next)
		uc_waitq_init(&mutex->mutex.waiters);
	ucplat_irq_restore(state);
}

static void condition_lazy_init(pthread_cond_t *condition)
{
	unsigned long state;

	if (condition->condition.waiters.waiters.next)
		return;
	state = ucplat_irq_save();
	if (!condition->condition.waiters.waiters.next)
		uc_condition_init(&condition->condition);
	ucplat_irq_restore(state);
}

int pthreads_deadline_of(const struct timespec *deadline, clockid_t clock,
			 uint64_t *monotonic_ns)
{
	int64_t now, target;
	uint64_t monotonic = uc_time_monotonic_ns();

	if (!deadline || deadline->tv_nsec < 0 ||
	    deadline->tv_nsec >= NS_PER_SECOND || deadline->tv_sec < 0)
		return EINVAL;
	if (deadline->tv_sec > INT64_MAX / NS_PER_SECOND - 1) {
		*monotonic_ns = UINT64_MAX;
		return 0;
	}
	target = deadline->tv_sec * NS_PER_SECOND + deadline->tv_nsec;
	if (clock == CLOCK_MONOTONIC) {
		*monotonic_ns = target > 0 ? (uint64_t)target : 1;
		return 0;
	}
	now = uc_time_now_us() * 1000;
	if (target <= now)
		*monotonic_ns = monotonic ? monotonic : 1;
	else
		*monotonic_ns = monotonic + (uint64_t)(target - now);
	return 0;
}

/* --- Attributes and threads --- */

int pthread_attr_init(pthread_attr_t *attr)
{
	if (!attr)
		return EINVAL;
	attr->stack_size = 0;
	attr->detach_state = PTHREAD_CREATE_JOINABLE;
	attr->name = NULL;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	return attr ? 0 : EINVAL;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t stack_size)
{
	if (!attr || stack_size < PTHREAD_STACK_MIN)
		return EINVAL;
	attr->stack_size = stack_size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *stack_size)
{
	if (!attr || !stack_size)
		return EINVAL;
	*stack_size = attr->stack_size;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (!attr || (state != PTHREAD_CREATE_JOINABLE &&
		      state != PTHREAD_CREATE_DETACHED))
		return EINVAL;
	attr->detach_state = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	if (!attr || !state)
		return EINVAL;
	*state = attr->detach_state;
	return 0;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*function)(void *), void *argument)
{
	struct uc_thread_attr options = { 0 };
	struct uc_thread *created;
	int error;

	if (!thread)
		return EINVAL;
	if (attr) {
		options.stack_size = attr->stack_size;
		options.detached = attr->detach_state ==
				   PTHREAD_CREATE_DETACHED;
		options.name = attr->name;
	}
	error = uc_thread_create(&created, &options, function, argument);
	if (error)
		return -error;
	*thread = created;
	return 0;
}

int pthread_join(pthread_t thread, void **result)
{
	return -uc_thread_join(thread, result);
}

int pthread_detach(pthread_t thread)
{
	return -uc_thread_detach(thread);
}

_Noreturn void pthread_exit(void *result)
{
	uc_thread_exit(result);
}

pthread_t pthread_self(void)
{
	return uc_thread_current();
}

int pthread_equal(pthread_t first, pthread_t second)
{
	return first == second;
}

int sched_yield(void)
{
	uc_thread_yield();
	return 0;
}

/* --- Mutexes --- */

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	if (!attr)
		return EINVAL;
	attr->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	return attr ? 0 : EINVAL;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (!attr || type < PTHREAD_MUTEX_NORMAL ||
	    type > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	attr->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	if (!attr || !type)
		return EINVAL;
	*type = attr->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr)
{
	if (!mutex)
		return EINVAL;
	uc_mutex_init(&mutex->mutex,
		      attr && attr->type == PTHREAD_MUTEX_RECURSIVE);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex)
{
	if (!mutex)
		return EINVAL;
	return mutex->mutex.owner ? EBUSY : 0;
}

int pthread_mutex_lock(pthread_mutex_t *mutex)
{
	if (!mutex)
		return EINVAL;
	mutex_lazy_init(mutex);
	return -uc_mutex_lock(&mutex->mutex);
}

int pthread_mutex_trylock(pthread_mutex_t *mutex)
{
	if (!mutex)
		return EINVAL;
	mutex_lazy_init(mutex);
	return -uc_mutex_trylock(&mutex->mutex);
}

int pthread_mutex_timedlock(pthread_mutex_t *mutex,
			    const struct timespec *deadline)
{
	uint64_t monotonic;
	int error;

	if (!mutex)
		return EINVAL;
	mutex_lazy_init(mutex);
	error = pthreads_deadline_of(deadline, CLOCK_REALTIME, &monotonic);
	if (error)
		return error;
	return -uc_mutex_timedlock(&mutex->mutex, monotonic);
}

int pthread_mutex_unlock(pthread_mutex_t *mutex)
{
	if (!mutex)
		return EINVAL;
	mutex_lazy_init(mutex);
	return -uc_mutex_unlock(&mutex->mutex);
}

/* --- Condition variables --- */

int pthread_condattr_init(pthread_condattr_t *attr)
{
	if (!attr)
		return EINVAL;
	attr->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	return attr ? 0 : EINVAL;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (!attr || (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC))
		return EINVAL;
	attr->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	if (!attr || !clock)
		return EINVAL;
	*clock = attr->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *condition, const pthread_condattr_t *attr)
{
	if (!condition)
		return EINVAL;
	uc_condition_init(&condition->condition);
	condition->clock = attr ? attr->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *condition)
{
	if (!condition)
		return EINVAL;
	if (condition->condition.waiters.waiters.next &&
	    !uc_list_is_empty(&condition->condition.waiters.waiters))
		return EBUSY;
	return 0;
}

int pthread_cond_wait(pthread_cond_t *condition, pthread_mutex_t *mutex)
{
	if (!condition || !mutex)
		return EINVAL;
	condition_lazy_init(condition);
	mutex_lazy_init(mutex);
	return -uc_condition_wait(&condition->condition, &mutex->mutex, 0);
}

int pthread_cond_timedwait(pthread_cond_t *condition, pthread_mutex_t *mutex,
			   const struct timespec *deadline)
{
	uint64_t monotonic;
	int error;

	if (!condition || !mutex)
		return EINVAL;
	condition_lazy_init(condition);
	mutex_lazy_init(mutex);
	error = pthreads_deadline_of(deadline, condition->clock, &monotonic);
	if (error)
		return error;
	return -uc_condition_wait(&condition->condition, &mutex->mutex,
				  monotonic);
}

int pthread_cond_signal(pthread_cond_t *condition)
{
	if (!condition)
		return EINVAL;
	condition_lazy_init(condition);
	return -uc_condition_signal(&condition->condition);
}

int pthread_cond_broadcast(pthread_cond_t *condition)
{
	if (!condition)
		return EINVAL;
	condition_lazy_init(condition);
	return -uc_condition_broadcast(&condition->condition);
}

/* --- Keys and once --- */

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	return -uc_thread_key_create(key, destructor);
}

int pthread_key_delete(pthread_key_t key)
{
	return -uc_thread_key_delete(key);
}

void *pthread_getspecific(pthread_key_t key)
{
	return uc_thread_key_get(key);
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	return -uc_thread_key_set(key, value);
}

enum {
	ONCE_NOT_YET = 0,
	ONCE_RUNNING = 1,
	ONCE_DONE = 2
};

static struct uc_mutex once_mutex = UC_MUTEX_INIT(once_mutex);
static struct uc_condition once_done = UC_CONDITION_INIT(once_done);

int pthread_once(pthread_once_t *once, void (*function)(void))
{
	if (!once || !function)
		return EINVAL;
	if (*once == ONCE_DONE)
		return 0;
	uc_mutex_lock(&once_mutex);
	while (*once == ONCE_RUNNING)
		uc_condition_wait(&once_done, &once_mutex, 0);
	if (*once == ONCE_DONE) {
		uc_mutex_unlock(&once_mutex);
		return 0;
	}
	*once = ONCE_RUNNING;
	uc_mutex_unlock(&once_mutex);
	function();
	uc_mutex_lock(&once_mutex);
	*once = ONCE_DONE;
	uc_condition_broadcast(&once_done);
	uc_mutex_unlock(&once_mutex);
	return 0;
}

int pthread_attr_setname_np(pthread_attr_t *attr, const char *name)
{
	if (!attr)
		return EINVAL;
	attr->name = name;
	return 0;
}
