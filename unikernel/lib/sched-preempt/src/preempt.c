/*
 * sched-preempt: the preemptive round-robin scheduler (uc/sched.h). Ready
 * threads run in FIFO order, each for at most one time slice (the option
 * time-slice-us) while another is ready: the threads library arms the
 * timer for the slice's end only then (tickless), and its interrupt puts
 * the running thread at the end of the queue.
 */
#include <uc/sched.h>
#include <uc_config.h>

static void enqueue(struct uc_sched_cpu *cpu, struct uc_sched_entity *entity)
{
	uc_list_add_tail(&entity->link, &cpu->ready);
	cpu->ready_count++;
}

static struct uc_sched_entity *dequeue(struct uc_sched_cpu *cpu)
{
	struct uc_list *first = uc_list_first(&cpu->ready);

	if (!first)
		return NULL;
	uc_list_del(first);
	cpu->ready_count--;
	return uc_list_entry(first, struct uc_sched_entity, link);
}

static const struct uc_sched_ops preempt_ops = {
	.name = "sched-preempt",
	.time_slice_ns = (uint64_t)UC_CONFIG_SCHED_PREEMPT_TIME_SLICE_US * 1000,
	.enqueue = enqueue,
	.dequeue = dequeue,
};

int uc_sched_preempt_init(void)
{
	return uc_sched_register(&preempt_ops);
}
