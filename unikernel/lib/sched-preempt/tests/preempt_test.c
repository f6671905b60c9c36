/*
 * sched-preempt's policy: a thread that never yields loses the CPU when
 * its slice ends while another is ready, and two such threads share it.
 */
#include <uc/plat/time.h>
#include <uc/test.h>
#include <uc/thread.h>

static volatile int stop;
static volatile unsigned long spins[2];

static void *spin(void *argument)
{
	volatile unsigned long *count = &spins[(long)argument];

	while (!stop)
		(*count)++;
	return NULL;
}

UC_TEST(sched_preempt, a_spinning_thread_is_preempted)
{
	struct uc_thread *thread;
	uint64_t end;
	unsigned long seen;

	UC_EXPECT_STR_EQ(uc_thread_scheduler_name(), "sched-preempt");
	stop = 0;
	spins[0] = 0;
	UC_ASSERT_INT_EQ(uc_thread_create(&thread, NULL, spin, (void *)0), 0);
	/* main spins too, never yielding: the spinner must still run. */
	end = ucplat_time_monotonic_ns() + 60000000;
	while (ucplat_time_monotonic_ns() < end)
		;
	seen = spins[0];
	stop = 1;
	uc_thread_join(thread, NULL);
	UC_EXPECT_TRUE(seen > 0);
}

UC_TEST(sched_preempt, two_spinning_threads_share_the_cpu)
{
	struct uc_thread *threads[2];
	unsigned long total, share;

	stop = 0;
	spins[0] = spins[1] = 0;
	uc_thread_create(&threads[0], NULL, spin, (void *)0);
	uc_thread_create(&threads[1], NULL, spin, (void *)1);
	uc_thread_sleep(300000);
	stop = 1;
	uc_thread_join(threads[0], NULL);
	uc_thread_join(threads[1], NULL);
	total = spins[0] + spins[1];
	share = total ? spins[0] * 100 / total : 0;
	UC_EXPECT_TRUE(share >= 35 && share <= 65);
}
