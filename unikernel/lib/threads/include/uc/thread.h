/*
 * Threads API (design §3.6): threads, sleeping, wait queues, mutexes,
 * semaphores, condition variables and thread-local keys.
 *
 * lib/threads implements it on top of a scheduler library (sched-coop or
 * sched-preempt, uc/sched.h), which a recipe chooses; the API is the same
 * with both. Under sched-coop a thread runs until it blocks, sleeps, yields
 * or exits; under sched-preempt the timer also switches threads when a
 * thread has used its time slice and another is ready.
 *
 * Times are microseconds (sleep) or absolute deadlines in nanoseconds on
 * the monotonic clock (uc_time_monotonic_ns(), uc/time.h); a deadline of 0
 * means "no timeout". Waits never end early: a sleep or a timed wait that
 * times out returns at or after its deadline.
 *
 * Context: every function here is for thread context. Functions that may
 * block say so; none may be called from an interrupt or exception handler.
 * All are safe against preemption and interrupts (they mask interrupts
 * around their critical sections). errno (<errno.h>) is per thread.
 *
 * When main() returns, or any thread calls uc_process_exit(), the whole
 * unikernel stops with that status, whatever the other threads are doing
 * (as exit() ends every thread of a POSIX process). When main() calls
 * uc_thread_exit() instead, the others keep running and the unikernel
 * stops with status 0 when the last thread exits.
 */
#ifndef UC_THREAD_H
#define UC_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <uc/list.h>

struct uc_thread;

/* Longest thread name kept, without the NUL; longer names are cut. */
#define UC_THREAD_NAME_MAX 31
/* Thread-local keys that may exist at the same time. */
#define UC_THREAD_KEYS_MAX 64
/* Smallest stack a thread may ask for. */
#define UC_THREAD_STACK_MIN 4096

/*
 * struct uc_thread_attr - how to create a thread; zero means default
 * @name: the name in crash reports (copied); default "thread-<id>"
 * @stack_size: usable bytes, rounded up to pages; default the threads
 *              library's option stack-size-kib
 * @detached: no uc_thread_join(): its resources go when it exits
 */
struct uc_thread_attr {
	const char *name;
	size_t stack_size;
	bool detached;
};

typedef void *(*uc_thread_fn)(void *argument);

/*
 * uc_thread_create() - start a thread
 * @thread: receives the new thread (may be NULL for a detached thread)
 * @attr: options, or NULL for the defaults
 * @function: what it runs; returning from it is uc_thread_exit(its value)
 * @argument: passed to @function
 *
 * The new thread is ready; it runs when the scheduler picks it (the caller
 * keeps running). Its stack comes from the memory library with a guard page
 * under it named after the thread: an overflow is reported as
 * "CRASH: stack overflow: the <name> stack overflowed ..." (status 123).
 * Context: thread context; does not block.
 * Return: 0; -UC_EINVAL when @function is NULL, @thread is NULL for a
 *         joinable thread, or the stack size is below UC_THREAD_STACK_MIN;
 *         -UC_EAGAIN when memory for the stack or the thread is exhausted
 *         (see the memory option max-stacks).
 */
int uc_thread_create(struct uc_thread **thread,
		     const struct uc_thread_attr *attr, uc_thread_fn function,
		     void *argument);

/*
 * uc_thread_exit() - end the calling thread with @result
 *
 * Runs the destructors of its thread-local keys, wakes its joiner. When it
 * is the last thread, the unikernel stops with status 0.
 * Context: thread context; never returns.
 */
noreturn void uc_thread_exit(void *result);

/*
 * uc_thread_join() - wait for @thread to end and release it
 * @result: receives its result (may be NULL)
 *
 * Context: thread context; blocks.
 * Return: 0; -UC_EINVAL when @thread is NULL, detached or already being
 *         joined; -UC_EDEADLK when @thread is the caller.
 */
int uc_thread_join(struct uc_thread *thread, void **result);

/*
 * uc_thread_detach() - let @thread's resources go when it ends
 *
 * Return: 0; -UC_EINVAL when @thread is NULL, already detached or being
 *         joined.
 */
int uc_thread_detach(struct uc_thread *thread);

/* uc_thread_current() - the calling thread; never NULL. */
struct uc_thread *uc_thread_current(void);

/* uc_thread_name() - @thread's name ("main" for the boot thread). */
const char *uc_thread_name(const struct uc_thread *thread);

/* uc_thread_id() - a number unique among live threads (main is 1). */
unsigned long uc_thread_id(const struct uc_thread *thread);

/*
 * uc_thread_yield() - let the other ready threads run first
 *
 * The caller goes to the end of the run queue; returns at once when no
 * other thread is ready.
 */
void uc_thread_yield(void);

/*
 * uc_thread_sleep() - sleep for at least @microseconds
 *
 * Other threads run meanwhile; with none ready the CPU idles (QEMU halts,
 * linuxu sleeps in the host kernel). 0 yields.
 * Context: thread context; blocks.
 * Return: 0.
 */
int uc_thread_sleep(uint64_t microseconds);

/*
 * uc_thread_sleep_until() - sleep until the monotonic clock reaches
 * @deadline_ns (nanoseconds); returns at once when it has.
 * Return: 0.
 */
int uc_thread_sleep_until(uint64_t deadline_ns);

/* uc_thread_count() - threads created and not yet released, main included. */
unsigned int uc_thread_count(void);

/*
 * uc_thread_scheduler_name() - "sched-coop" or "sched-preempt": the
 * scheduler of the build.
 */
const char *uc_thread_scheduler_name(void);

/* --- Thread-local keys (the storage behind pthread keys) --- */

/*
 * uc_thread_key_create() - a new key, NULL in every thread
 * @key: receives it
 * @destructor: called with a thread's non-NULL value when it exits (may be
 *              NULL)
 *
 * Return: 0; -UC_EINVAL when @key is NULL; -UC_EAGAIN when
 *         UC_THREAD_KEYS_MAX keys exist.
 */
int uc_thread_key_create(unsigned int *key, void (*destructor)(void *));

/* uc_thread_key_delete() - 0; -UC_EINVAL when @key does not exist. */
int uc_thread_key_delete(unsigned int key);

/* uc_thread_key_get() - the caller's value of @key; NULL when unset. */
void *uc_thread_key_get(unsigned int key);

/* uc_thread_key_set() - 0; -UC_EINVAL when @key does not exist. */
int uc_thread_key_set(unsigned int key, const void *value);

/* --- Wait queues: what every blocking primitive below is built on --- */

/*
 * struct uc_waitq - threads waiting for something, first come first woken
 *
 * Initialize with uc_waitq_init() or UC_WAITQ_INIT.
 */
struct uc_waitq {
	struct uc_list waiters;
};

#define UC_WAITQ_INIT(name)                  \
	{                                    \
		UC_LIST_INIT((name).waiters) \
	}

void uc_waitq_init(struct uc_waitq *queue);

/*
 * uc_waitq_wait() - block on @queue until woken or @deadline_ns
 * @interrupt_state: what ucplat_irq_save() returned: the caller masked
 *                   interrupts, checked its condition, and calls this with
 *                   them still masked, so no wake-up is lost between the
 *                   check and the wait; they are restored on return
 * @deadline_ns: absolute monotonic deadline, 0 for none
 *
 * Context: thread context, interrupts masked; blocks.
 * Return: 0 when woken; -UC_ETIMEDOUT when the deadline passed first.
 */
int uc_waitq_wait(struct uc_waitq *queue, unsigned long interrupt_state,
		  uint64_t deadline_ns);

/*
 * uc_waitq_wake_one() / uc_waitq_wake_all() - make the first waiter (every
 * waiter) ready
 *
 * Context: any, including interrupts; does not block nor switch.
 * Return: the number of threads woken.
 */
unsigned int uc_waitq_wake_one(struct uc_waitq *queue);
unsigned int uc_waitq_wake_all(struct uc_waitq *queue);

/* --- Mutexes --- */

/*
 * struct uc_mutex - a blocking lock with an owner
 *
 * Unlock hands the mutex straight to the first waiter (FIFO, no
 * starvation). A recursive mutex may be locked again by its owner and is
 * released by as many unlocks. Initialize with uc_mutex_init() or
 * UC_MUTEX_INIT / UC_MUTEX_RECURSIVE_INIT.
 */
struct uc_mutex {
	struct uc_thread *owner;
	unsigned int depth;
	bool recursive;
	struct uc_waitq waiters;
};

#define UC_MUTEX_INIT(name)                                   \
	{                                                     \
		NULL, 0, false, UC_WAITQ_INIT((name).waiters) \
	}
#define UC_MUTEX_RECURSIVE_INIT(name)                        \
	{                                                    \
		NULL, 0, true, UC_WAITQ_INIT((name).waiters) \
	}

void uc_mutex_init(struct uc_mutex *mutex, bool recursive);

/*
 * uc_mutex_lock() - take @mutex, waiting while another thread holds it
 *
 * Context: thread context; blocks.
 * Return: 0; -UC_EDEADLK when the caller holds a non-recursive @mutex;
 *         -UC_EINVAL when @mutex is NULL.
 */
int uc_mutex_lock(struct uc_mutex *mutex);

/*
 * uc_mutex_timedlock() - uc_mutex_lock() giving up at @deadline_ns
 * Return: as uc_mutex_lock(), or -UC_ETIMEDOUT.
 */
int uc_mutex_timedlock(struct uc_mutex *mutex, uint64_t deadline_ns);

/* uc_mutex_trylock() - as uc_mutex_lock(), or -UC_EBUSY instead of waiting. */
int uc_mutex_trylock(struct uc_mutex *mutex);

/*
 * uc_mutex_unlock() - release @mutex
 *
 * Context: thread context; does not block.
 * Return: 0; -UC_EPERM when the caller does not hold it; -UC_EINVAL when
 *         @mutex is NULL.
 */
int uc_mutex_unlock(struct uc_mutex *mutex);

/* uc_mutex_is_owned() - whether the caller holds @mutex. */
bool uc_mutex_is_owned(const struct uc_mutex *mutex);

/* --- Semaphores --- */

/* struct uc_semaphore - a counter threads wait on while it is zero. */
struct uc_semaphore {
	unsigned int count;
	struct uc_waitq waiters;
};

void uc_semaphore_init(struct uc_semaphore *semaphore, unsigned int count);

/*
 * uc_semaphore_down() - wait until the count is positive, then decrement
 * @deadline_ns: absolute monotonic deadline, 0 for none
 *
 * Context: thread context; blocks.
 * Return: 0; -UC_ETIMEDOUT; -UC_EINVAL when @semaphore is NULL.
 */
int uc_semaphore_down(struct uc_semaphore *semaphore, uint64_t deadline_ns);

/* uc_semaphore_trydown() - 0, or -UC_EAGAIN when the count is zero. */
int uc_semaphore_trydown(struct uc_semaphore *semaphore);

/*
 * uc_semaphore_up() - increment, or hand the unit to the first waiter
 *
 * Context: any, including interrupts; does not block.
 * Return: 0; -UC_EINVAL when @semaphore is NULL; -UC_ERANGE when the count
 *         would overflow.
 */
int uc_semaphore_up(struct uc_semaphore *semaphore);

/* --- Condition variables --- */

/* struct uc_condition - threads waiting for a change under a mutex. */
struct uc_condition {
	struct uc_waitq waiters;
};

#define UC_CONDITION_INIT(name)               \
	{                                     \
		UC_WAITQ_INIT((name).waiters) \
	}

void uc_condition_init(struct uc_condition *condition);

/*
 * uc_condition_wait() - release @mutex, wait for a signal, take @mutex
 * @deadline_ns: absolute monotonic deadline, 0 for none
 *
 * Releasing and starting to wait is atomic: a signal sent after the caller
 * released the mutex wakes it. Like POSIX, a waiter may wake without a
 * signal only on timeout; callers re-check their predicate anyway.
 * Context: thread context; blocks. The caller holds @mutex once (depth 1)
 * and holds it again on return, timeout included.
 * Return: 0; -UC_ETIMEDOUT; -UC_EPERM when the caller does not hold @mutex
 *         exactly once; -UC_EINVAL when an argument is NULL.
 */
int uc_condition_wait(struct uc_condition *condition, struct uc_mutex *mutex,
		      uint64_t deadline_ns);

/*
 * uc_condition_signal() / uc_condition_broadcast() - wake one (every)
 * waiter
 *
 * Context: any; does not block.
 * Return: 0; -UC_EINVAL when @condition is NULL.
 */
int uc_condition_signal(struct uc_condition *condition);
int uc_condition_broadcast(struct uc_condition *condition);

#endif /* UC_THREAD_H */
