/*
 * Private interface of the threads library: the thread control block, the
 * per-CPU state, and the architecture's context switch
 * (arch/<arch>/context.c and switch.S).
 *
 * Locking: every field below is changed with interrupts masked on the CPU
 * (ucplat_irq_save()); that is the only lock while there is one CPU.
 */
#ifndef THREADS_PRIVATE_H
#define THREADS_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <uc/list.h>
#include <uc/sched.h>
#include <uc/thread.h>

enum thread_state {
	THREAD_READY, /* in the run queue */
	THREAD_RUNNING, /* the CPU's current thread */
	THREAD_BLOCKED, /* on a wait queue, the sleepers, or both */
	THREAD_EXITED, /* finished, waiting to be joined or reaped */
};

struct uc_thread {
	void *saved_sp; /* the stack pointer while it does not run */
	struct uc_sched_entity entity; /* run queue (scheduler's) */
	struct uc_list wait_link; /* in waitq->waiters, or cache/dead */
	struct uc_list timer_link; /* in the sleepers, by deadline */
	struct uc_list all_link; /* in every_thread */
	struct uc_waitq *waitq; /* what it waits on, or NULL */
	uint64_t deadline; /* of its wait, 0 for none */
	int wake_result; /* 0 when woken, -UC_ETIMEDOUT */
	enum thread_state state;
	uc_thread_fn function;
	void *argument;
	void *result;
	struct uc_waitq joiners;
	bool detached;
	bool joining;
	bool is_static; /* main: no stack nor block to free */
	void *stack; /* lowest usable address, from uc_memory_stack_alloc */
	size_t stack_size;
	unsigned long id;
	int saved_errno;
	void *keys[UC_THREAD_KEYS_MAX];
	char name[UC_THREAD_NAME_MAX + 1];
};

/*
 * threads_context_init() - prepare @thread's stack so that switching to it
 * calls threads_thread_start(@thread) on it
 * @stack_top: the highest address of its stack
 */
void threads_context_init(struct uc_thread *thread, void *stack_top);

/*
 * threads_context_switch() - save the callee-saved registers on the
 * current stack and its stack pointer in *@saved_sp, then resume the
 * context whose stack pointer is @next_sp. Returns when something switches
 * back to the saved context.
 */
void threads_context_switch(void **saved_sp, void *next_sp);

/* The C entry of every new thread (thread.c); never returns. */
noreturn void threads_thread_start(struct uc_thread *thread);

/*
 * The blocking primitives of thread.c for sync.c; all with interrupts
 * masked on entry and on return.
 *
 * threads_block() - block the current thread on @queue (may be NULL) until
 * woken or @deadline (0: none); -UC_ETIMEDOUT at once when the deadline has
 * passed. Return: 0 when woken, -UC_ETIMEDOUT.
 * threads_block_prepare() / threads_block_commit() - the same in two steps,
 * so that the caller can release something (a mutex) in between without a
 * window for a lost wake-up.
 * threads_wake_first() - wake @queue's first waiter with result 0; returns
 * it, or NULL when the queue is empty.
 */
int threads_block(struct uc_waitq *queue, uint64_t deadline);
int threads_block_prepare(struct uc_waitq *queue, uint64_t deadline);
int threads_block_commit(void);
struct uc_thread *threads_wake_first(struct uc_waitq *queue);

#endif /* THREADS_PRIVATE_H */
