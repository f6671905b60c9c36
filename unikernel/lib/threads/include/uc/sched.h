/*
 * Scheduler API: what a scheduler library (sched-coop, sched-preempt)
 * gives the threads library (lib/threads), which does everything else
 * (contexts, blocking, timers, the idle loop, preemption).
 *
 * A scheduler is a policy over a per-CPU run queue: which ready thread runs
 * next, and for how long before the timer may take the CPU away
 * (time_slice_ns; 0 means never: cooperative). Its library's init function
 * registers its ops with uc_sched_register(); the build has exactly one
 * (both provide the API "thread").
 *
 * Run queues are per CPU (struct uc_sched_cpu) so that several CPUs can
 * follow; there is one CPU today. The threads library calls the ops with
 * interrupts masked on that CPU, which is their only lock; a multi-core
 * version adds a spinlock per run queue.
 */
#ifndef UC_SCHED_H
#define UC_SCHED_H

#include <stdint.h>
#include <uc/list.h>

/* The part of a thread a scheduler owns: its run-queue link. */
struct uc_sched_entity {
	struct uc_list link;
};

/* One CPU's run queue; only the scheduler's ops touch @ready. */
struct uc_sched_cpu {
	struct uc_list ready;
	unsigned int ready_count;
	unsigned int id;
};

/*
 * struct uc_sched_ops - a scheduling policy
 * @name: the library's name ("sched-coop")
 * @time_slice_ns: how long a thread may run while others are ready before
 *                 the timer preempts it; 0: never (cooperative)
 * @enqueue: @entity became ready (created, woken, yielded or preempted)
 * @dequeue: remove and return the entity to run next, NULL when none is
 *           ready
 */
struct uc_sched_ops {
	const char *name;
	uint64_t time_slice_ns;
	void (*enqueue)(struct uc_sched_cpu *cpu,
			struct uc_sched_entity *entity);
	struct uc_sched_entity *(*dequeue)(struct uc_sched_cpu *cpu);
};

/*
 * uc_sched_register() - make @ops the scheduler and turn the boot thread
 * into the thread "main"
 *
 * Context: a scheduler library's init function, once.
 * Return: 0; -UC_EINVAL when @ops or one of its functions is NULL;
 *         -UC_EBUSY when a scheduler is registered already; the platform
 *         timer's error (uc/plat/timer.h) when it cannot be set up.
 */
int uc_sched_register(const struct uc_sched_ops *ops);

/*
 * uc_sched_fifo_enqueue() / uc_sched_fifo_dequeue() - a first-in,
 * first-out run queue, the order both round-robin schedulers use; a
 * scheduler with another policy writes its own.
 * Context: the ops' context (interrupts masked).
 */
static inline void uc_sched_fifo_enqueue(struct uc_sched_cpu *cpu,
					 struct uc_sched_entity *entity)
{
	uc_list_add_tail(&entity->link, &cpu->ready);
	cpu->ready_count++;
}

static inline struct uc_sched_entity *
uc_sched_fifo_dequeue(struct uc_sched_cpu *cpu)
{
	struct uc_list *first = uc_list_first(&cpu->ready);

	if (!first)
		return NULL;
	uc_list_del(first);
	cpu->ready_count--;
	return uc_list_entry(first, struct uc_sched_entity, link);
}

#endif /* UC_SCHED_H */
