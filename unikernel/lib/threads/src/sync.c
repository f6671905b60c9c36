/*
 * Wait queues, mutexes, semaphores and condition variables (uc/thread.h),
 * all built on one primitive: a FIFO wait queue whose waiters block through
 * thread.c (threads_block*) and are woken by threads_wake_first().
 *
 * Every operation masks interrupts for its critical section, which makes
 * it atomic against preemption and against the timer handler (the only
 * code that runs in interrupt context, and that only wakes sleepers).
 * Mutex unlock and semaphore up hand the resource directly to the first
 * waiter, so a woken thread never has to compete for it again.
 */
#include <uc/errno.h>
#include <uc/plat/timer.h>
#include <uc/thread.h>
#include "threads.h"

void uc_waitq_init(struct uc_waitq *queue)
{
	uc_list_init(&queue->waiters);
}

int uc_waitq_wait(struct uc_waitq *queue, unsigned long interrupt_state,
		  uint64_t deadline_ns)
{
	int result = threads_block(queue, deadline_ns);

	ucplat_irq_restore(interrupt_state);
	return result;
}

unsigned int uc_waitq_wake_one(struct uc_waitq *queue)
{
	unsigned long state = ucplat_irq_save();
	unsigned int woken = threads_wake_first(queue) ? 1 : 0;

	ucplat_irq_restore(state);
	return woken;
}

unsigned int uc_waitq_wake_all(struct uc_waitq *queue)
{
	unsigned long state = ucplat_irq_save();
	unsigned int woken = 0;

	while (threads_wake_first(queue))
		woken++;
	ucplat_irq_restore(state);
	return woken;
}

/* --- Mutexes --- */

void uc_mutex_init(struct uc_mutex *mutex, bool recursive)
{
	mutex->owner = NULL;
	mutex->depth = 0;
	mutex->recursive = recursive;
	uc_waitq_init(&mutex->waiters);
}

/* Takes @mutex for the current thread; interrupts masked. */
static int mutex_lock_masked(struct uc_mutex *mutex, uint64_t deadline,
			     bool wait)
{
	struct uc_thread *self = uc_thread_current();

	if (!mutex->owner) {
		mutex->owner = self;
		mutex->depth = 1;
		return 0;
	}
	if (mutex->owner == self) {
		if (!mutex->recursive)
			return -UC_EDEADLK;
		mutex->depth++;
		return 0;
	}
	if (!wait)
		return -UC_EBUSY;
	/* The unlocker hands the mutex over: owner becomes self. */
	while (mutex->owner != self) {
		if (threads_block(&mutex->waiters, deadline) == -UC_ETIMEDOUT &&
		    mutex->owner != self)
			return -UC_ETIMEDOUT;
	}
	return 0;
}

/* Releases @mutex once; interrupts masked; the caller checked the owner. */
static void mutex_unlock_masked(struct uc_mutex *mutex)
{
	struct uc_thread *next;

	if (--mutex->depth)
		return;
	next = threads_wake_first(&mutex->waiters);
	mutex->owner = next;
	mutex->depth = next ? 1 : 0;
}

static int mutex_lock(struct uc_mutex *mutex, uint64_t deadline, bool wait)
{
	unsigned long state;
	int result;

	if (!mutex)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	result = mutex_lock_masked(mutex, deadline, wait);
	ucplat_irq_restore(state);
	return result;
}

int uc_mutex_lock(struct uc_mutex *mutex)
{
	return mutex_lock(mutex, 0, true);
}

int uc_mutex_timedlock(struct uc_mutex *mutex, uint64_t deadline_ns)
{
	return mutex_lock(mutex, deadline_ns, true);
}

int uc_mutex_trylock(struct uc_mutex *mutex)
{
	return mutex_lock(mutex, 0, false);
}

int uc_mutex_unlock(struct uc_mutex *mutex)
{
	unsigned long state;

	if (!mutex)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	if (mutex->owner != uc_thread_current() || !mutex->depth) {
		ucplat_irq_restore(state);
		return -UC_EPERM;
	}
	mutex_unlock_masked(mutex);
	ucplat_irq_restore(state);
	return 0;
}

bool uc_mutex_is_owned(const struct uc_mutex *mutex)
{
	return mutex && mutex->owner == uc_thread_current();
}

/* --- Semaphores --- */

void uc_semaphore_init(struct uc_semaphore *semaphore, unsigned int count)
{
	semaphore->count = count;
	uc_waitq_init(&semaphore->waiters);
}

static int semaphore_down(struct uc_semaphore *semaphore, uint64_t deadline,
			  bool wait)
{
	unsigned long state;
	int result = 0;

	if (!semaphore)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	if (semaphore->count)
		semaphore->count--;
	else if (!wait)
		result = -UC_EAGAIN;
	else
		/* Woken means handed a unit by uc_semaphore_up(). */
		result = threads_block(&semaphore->waiters, deadline);
	ucplat_irq_restore(state);
	return result;
}

int uc_semaphore_down(struct uc_semaphore *semaphore, uint64_t deadline_ns)
{
	return semaphore_down(semaphore, deadline_ns, true);
}

int uc_semaphore_trydown(struct uc_semaphore *semaphore)
{
	return semaphore_down(semaphore, 0, false);
}

int uc_semaphore_up(struct uc_semaphore *semaphore)
{
	unsigned long state;
	int result = 0;

	if (!semaphore)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	if (!threads_wake_first(&semaphore->waiters)) {
		if (semaphore->count == ~0u)
			result = -UC_ERANGE;
		else
			semaphore->count++;
	}
	ucplat_irq_restore(state);
	return result;
}

/* --- Condition variables --- */

void uc_condition_init(struct uc_condition *condition)
{
	uc_waitq_init(&condition->waiters);
}

int uc_condition_wait(struct uc_condition *condition, struct uc_mutex *mutex,
		      uint64_t deadline_ns)
{
	unsigned long state;
	int result;

	if (!condition || !mutex)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	if (mutex->owner != uc_thread_current() || mutex->depth != 1) {
		ucplat_irq_restore(state);
		return -UC_EPERM;
	}
	/* Queued before the mutex is released: no signal can be missed. */
	threads_block_prepare(&condition->waiters, deadline_ns);
	mutex_unlock_masked(mutex);
	result = threads_block_commit();
	mutex_lock_masked(mutex, 0, true);
	ucplat_irq_restore(state);
	return result;
}

int uc_condition_signal(struct uc_condition *condition)
{
	if (!condition)
		return -UC_EINVAL;
	uc_waitq_wake_one(&condition->waiters);
	return 0;
}

int uc_condition_broadcast(struct uc_condition *condition)
{
	if (!condition)
		return -UC_EINVAL;
	uc_waitq_wake_all(&condition->waiters);
	return 0;
}
