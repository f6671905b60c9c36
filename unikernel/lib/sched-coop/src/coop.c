/*
 * sched-coop: the cooperative scheduler (uc/sched.h). Ready threads run in
 * FIFO order; a thread keeps the CPU until it yields, blocks, sleeps or
 * exits: the timer never takes it away (time slice 0), it only wakes
 * sleepers, which then wait for the running thread to give the CPU up.
 */
#include <uc/sched.h>

static const struct uc_sched_ops coop_ops = {
	.name = "sched-coop",
	.time_slice_ns = 0,
	.enqueue = uc_sched_fifo_enqueue,
	.dequeue = uc_sched_fifo_dequeue,
};

int uc_sched_coop_init(void)
{
	return uc_sched_register(&coop_ops);
}
