/*
 * sched-coop: the cooperative scheduler (uc/sched.h). Ready threads run in
 * FIFO order; a thread keeps the CPU until it yields, blocks, sleeps or
 * exits: the timer never takes it away (time slice 0), it only wakes
 * sleepers, which then wait for the running thread to give the CPU up.
 */
#include <uc/sched.h>

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

static const struct uc_sched_ops coop_ops = {
	.name = "sched-coop",
	.time_slice_ns = 0,
	.enqueue = enqueue,
	.dequeue = dequeue,
};

int uc_sched_coop_init(void)
{
	return uc_sched_register(&coop_ops);
}
