/*
 * sched-coop's policy: a thread keeps the CPU until it yields or blocks
 * (even while a sleeper's deadline passes), and ready threads take turns
 * in FIFO order.
 */
#include <uc/plat/time.h>
#include <uc/test.h>
#include <uc/thread.h>

static volatile unsigned long turns;
static volatile int stop;

static void *count_turns(void *argument)
{
	(void)argument;
	while (!stop) {
		turns++;
		uc_thread_yield();
	}
	return NULL;
}

UC_TEST(sched_coop, a_thread_runs_until_it_yields)
{
	struct uc_thread *thread;
	uint64_t end;
	unsigned long before;

	UC_EXPECT_STR_EQ(uc_thread_scheduler_name(), "sched-coop");
	stop = 0;
	turns = 0;
	UC_ASSERT_INT_EQ(uc_thread_create(&thread, NULL, count_turns, NULL), 0);
	UC_EXPECT_INT_EQ(turns, 0); /* creating does not switch */
	uc_thread_yield();
	UC_EXPECT_INT_EQ(turns, 1); /* one turn each */
	before = turns;
	end = ucplat_time_monotonic_ns() + 20000000;
	while (ucplat_time_monotonic_ns() < end)
		;
	UC_EXPECT_INT_EQ(turns, before); /* 20 ms without a yield */
	uc_thread_yield();
	UC_EXPECT_INT_EQ(turns, before + 1);
	stop = 1;
	uc_thread_join(thread, NULL);
}

static char order[8];
static int position;

static void *note(void *argument)
{
	order[position++] = *(const char *)argument;
	uc_thread_yield();
	order[position++] = *(const char *)argument;
	return NULL;
}

UC_TEST(sched_coop, ready_threads_take_turns_in_order)
{
	struct uc_thread *threads[3];
	int i;

	position = 0;
	uc_thread_create(&threads[0], NULL, note, "a");
	uc_thread_create(&threads[1], NULL, note, "b");
	uc_thread_create(&threads[2], NULL, note, "c");
	for (i = 0; i < 3; i++)
		uc_thread_join(threads[i], NULL);
	order[position] = '\0';
	UC_EXPECT_STR_EQ(order, "abcabc");
}
