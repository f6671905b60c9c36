/*
 * sched-preempt: the preemptive round-robin scheduler (uc/sched.h). Ready
 * threads run in FIFO order, each for at most one time slice (the option
 * time-slice-us) while another is ready: the threads library arms the
 * timer for the slice's end only then (tickless), and its interrupt puts
 * the running thread at the end of the queue.
 */
#include <uc/sched.h>
#include <uc_config.h>

static const struct uc_sched_ops preempt_ops = {
	.name = "sched-preempt",
	.time_slice_ns = (uint64_t)UC_CONFIG_SCHED_PREEMPT_TIME_SLICE_US * 1000,
	.enqueue = uc_sched_fifo_enqueue,
	.dequeue = uc_sched_fifo_dequeue,
};

int uc_sched_preempt_init(void)
{
	return uc_sched_register(&preempt_ops);
}
