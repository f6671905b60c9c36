/*
 * threads-check: the acceptance checks of the threads API, one per
 * argument (default "all"), each printing "check <name>: ok ..." or
 * "check <name>: FAILED ...". The same sources build with sched-coop
 * (recipe.toml) and sched-preempt (preempt.toml); ThreadsIT boots both on
 * QEMU and linuxu.
 *
 *   all               create-join, mutex-counter, producer-consumer,
 *                     sleep, and the scheduler's policy check
 *   create-join       1,000 threads alive at once, then joined
 *   mutex-counter     8 threads add to one counter under a mutex
 *   producer-consumer items through a condition variable, in order
 *                     (argument 2: the count, default 1,000,000)
 *   sleep             sleeps and timed waits never return early
 *   policy            sched-coop: a thread runs until it yields;
 *                     sched-preempt: two spinning threads share the CPU
 *                     40-60% each
 *   overflow          a thread named "deep-recursion" overflows its stack
 *                     (the unikernel must stop with status 123)
 *   shutdown          main returns 7 while threads block, sleep and spin
 *   idle SECONDS      main sleeps, nothing else runs (bench/threads-idle.sh)
 *
 * Exit status: the number of failed checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uc/thread.h>
#include <uc/time.h>

#define THREADS 1000
#define COUNTER_THREADS 8
#define COUNTER_ROUNDS 20000
#define QUEUE_SIZE 16
#define MS 1000000ull

static int failures;

static void report(const char *name, int ok, const char *detail)
{
	printf("check %s: %s%s%s\n", name, ok ? "ok" : "FAILED",
	       *detail ? " " : "", detail);
	if (!ok)
		failures++;
}

static uint64_t now(void)
{
	return uc_time_monotonic_ns();
}

/* --- create-join --- */

static struct uc_semaphore go;

static void *wait_then_return(void *argument)
{
	uc_semaphore_down(&go, 0);
	return argument;
}

static void check_create_join(void)
{
	static struct uc_thread *threads[THREADS];
	struct uc_thread_attr attr = { .stack_size = 8192 };
	unsigned int count_alive = 0;
	int created = 0, joined = 0, i, error = 0;
	uint64_t start = now();
	char detail[128];
	void *result;

	uc_semaphore_init(&go, 0);
	for (i = 0; i < THREADS && !error; i++) {
		error = uc_thread_create(&threads[i], &attr, wait_then_return,
					 (void *)(long)i);
		if (!error)
			created++;
	}
	count_alive = uc_thread_count();
	for (i = 0; i < created; i++)
		uc_semaphore_up(&go);
	for (i = 0; i < created; i++) {
		if (!uc_thread_join(threads[i], &result) &&
		    result == (void *)(long)i)
			joined++;
	}
	snprintf(detail, sizeof(detail),
		 "created %d, alive at once %u, joined %d, %llu ms", created,
		 count_alive, joined,
		 (unsigned long long)((now() - start) / MS));
	report("create-join",
	       created == THREADS && joined == THREADS &&
		       count_alive == THREADS + 1 && uc_thread_count() == 1,
	       detail);
}

/* --- mutex-counter --- */

static struct uc_mutex counter_mutex = UC_MUTEX_INIT(counter_mutex);
static volatile unsigned long counter;

static void *add_to_counter(void *argument)
{
	unsigned long value;
	int i;

	(void)argument;
	for (i = 0; i < COUNTER_ROUNDS; i++) {
		uc_mutex_lock(&counter_mutex);
		value = counter;
		/* A switch here loses updates unless the mutex works. */
		if (i % 64 == 0)
			uc_thread_yield();
		counter = value + 1;
		uc_mutex_unlock(&counter_mutex);
	}
	return NULL;
}

static void check_mutex_counter(void)
{
	struct uc_thread *threads[COUNTER_THREADS];
	char detail[96];
	int i;

	counter = 0;
	for (i = 0; i < COUNTER_THREADS; i++)
		uc_thread_create(&threads[i], NULL, add_to_counter, NULL);
	for (i = 0; i < COUNTER_THREADS; i++)
		uc_thread_join(threads[i], NULL);
	snprintf(detail, sizeof(detail), "counter %lu, expected %lu",
		 (unsigned long)counter,
		 (unsigned long)COUNTER_THREADS * COUNTER_ROUNDS);
	report("mutex-counter",
	       counter == (unsigned long)COUNTER_THREADS * COUNTER_ROUNDS,
	       detail);
}

/* --- producer-consumer --- */

static struct uc_mutex queue_mutex = UC_MUTEX_INIT(queue_mutex);
static struct uc_condition not_empty = UC_CONDITION_INIT(not_empty);
static struct uc_condition not_full = UC_CONDITION_INIT(not_full);
static unsigned long queue[QUEUE_SIZE];
static unsigned int queue_head, queue_length;
static unsigned long items;

static void *produce(void *argument)
{
	unsigned long i;

	(void)argument;
	for (i = 0; i < items; i++) {
		uc_mutex_lock(&queue_mutex);
		while (queue_length == QUEUE_SIZE)
			uc_condition_wait(&not_full, &queue_mutex, 0);
		queue[(queue_head + queue_length++) % QUEUE_SIZE] = i;
		uc_condition_signal(&not_empty);
		uc_mutex_unlock(&queue_mutex);
	}
	return NULL;
}

static void *consume(void *argument)
{
	unsigned long i, item, out_of_order = 0;

	(void)argument;
	for (i = 0; i < items; i++) {
		uc_mutex_lock(&queue_mutex);
		while (!queue_length)
			uc_condition_wait(&not_empty, &queue_mutex, 0);
		item = queue[queue_head];
		queue_head = (queue_head + 1) % QUEUE_SIZE;
		queue_length--;
		uc_condition_signal(&not_full);
		uc_mutex_unlock(&queue_mutex);
		if (item != i)
			out_of_order++;
	}
	return (void *)out_of_order;
}

static void check_producer_consumer(unsigned long count)
{
	struct uc_thread *producer, *consumer;
	void *out_of_order = (void *)1;
	uint64_t start = now();
	char detail[128];

	items = count;
	uc_thread_create(&consumer, NULL, consume, NULL);
	uc_thread_create(&producer, NULL, produce, NULL);
	uc_thread_join(producer, NULL);
	uc_thread_join(consumer, &out_of_order);
	snprintf(detail, sizeof(detail), "%lu items, %lu out of order, %llu ms",
		 count, (unsigned long)out_of_order,
		 (unsigned long long)((now() - start) / MS));
	report("producer-consumer", !out_of_order && !queue_length, detail);
}

/* --- sleep --- */

static void check_sleep(void)
{
	static const uint64_t lengths_us[] = { 1, 50, 1000, 3000, 20000 };
	struct uc_mutex mutex = UC_MUTEX_INIT(mutex);
	struct uc_condition condition = UC_CONDITION_INIT(condition);
	struct uc_semaphore semaphore;
	uint64_t start, elapsed, shortest_margin = ~0ull, deadline;
	unsigned int i, round, early = 0;
	char detail[128];
	int result;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < sizeof(lengths_us) / sizeof(lengths_us[0]);
		     i++) {
			start = now();
			uc_thread_sleep(lengths_us[i]);
			elapsed = now() - start;
			if (elapsed < lengths_us[i] * 1000)
				early++;
			else if (elapsed - lengths_us[i] * 1000 <
				 shortest_margin)
				shortest_margin =
					elapsed - lengths_us[i] * 1000;
		}
	}
	uc_semaphore_init(&semaphore, 0);
	deadline = now() + 5 * MS;
	result = uc_semaphore_down(&semaphore, deadline);
	if (result != -110 || now() < deadline)
		early++;
	uc_mutex_lock(&mutex);
	deadline = now() + 5 * MS;
	result = uc_condition_wait(&condition, &mutex, deadline);
	if (result != -110 || now() < deadline || !uc_mutex_is_owned(&mutex))
		early++;
	uc_mutex_unlock(&mutex);
	snprintf(detail, sizeof(detail),
		 "%u early of %u waits, smallest lateness %llu ns", early,
		 3 * 5 + 2, (unsigned long long)shortest_margin);
	report("sleep", !early, detail);
}

/* --- policy --- */

static volatile int stop;
static volatile unsigned long spins[2];
static volatile unsigned long yielder_count;
static volatile unsigned long seen_before, seen_after;

static void *spin(void *argument)
{
	volatile unsigned long *count = &spins[(long)argument];

	while (!stop)
		(*count)++;
	return NULL;
}

static void *yield_and_count(void *argument)
{
	(void)argument;
	while (!stop) {
		yielder_count++;
		uc_thread_yield();
	}
	return NULL;
}

/* Spins 100 ms without yielding, noting the yielder's count around it. */
static void *hog(void *argument)
{
	uint64_t end = now() + 100 * MS;

	(void)argument;
	seen_before = yielder_count;
	while (now() < end)
		;
	seen_after = yielder_count;
	return NULL;
}

/* sched-coop: the yielder cannot run while the hog spins. */
static void check_run_until_yield(void)
{
	struct uc_thread *yielder, *hogger;
	unsigned long after_hog;
	char detail[128];

	stop = 0;
	yielder_count = 0;
	uc_thread_create(&yielder, NULL, yield_and_count, NULL);
	uc_thread_create(&hogger, NULL, hog, NULL);
	uc_thread_join(hogger, NULL);
	after_hog = yielder_count;
	uc_thread_sleep(1000);
	stop = 1;
	uc_thread_join(yielder, NULL);
	snprintf(detail, sizeof(detail),
		 "yielder ran %lu times during the 100 ms spin, %lu after",
		 seen_after - seen_before, yielder_count - after_hog);
	report("policy run-until-yield",
	       seen_after == seen_before && seen_before > 0 &&
		       yielder_count > after_hog,
	       detail);
}

/* sched-preempt: two threads that never yield get 40-60% each. */
static void check_fair_share(void)
{
	struct uc_thread *threads[2];
	unsigned long total;
	unsigned int share;
	char detail[160];

	stop = 0;
	spins[0] = spins[1] = 0;
	uc_thread_create(&threads[0], NULL, spin, (void *)0);
	uc_thread_create(&threads[1], NULL, spin, (void *)1);
	uc_thread_sleep(1000000);
	stop = 1;
	uc_thread_join(threads[0], NULL);
	uc_thread_join(threads[1], NULL);
	total = spins[0] + spins[1];
	share = total ? (unsigned int)(spins[0] * 1000 / total) : 0;
	snprintf(detail, sizeof(detail),
		 "first thread %u.%u%%, second %u.%u%% of %lu iterations",
		 share / 10, share % 10, (1000 - share) / 10,
		 (1000 - share) % 10, total);
	report("policy fair-share", share >= 400 && share <= 600, detail);
}

static void check_policy(void)
{
	if (!strcmp(uc_thread_scheduler_name(), "sched-preempt"))
		check_fair_share();
	else
		check_run_until_yield();
}

/* --- overflow and shutdown --- */

static int recurse(volatile char *previous, unsigned long depth)
{
	volatile char frame[256];

	if (depth == ~0ul) /* never: the guard page comes first */
		return 0;
	frame[0] = previous ? previous[0] + 1 : 0;
	return recurse(frame, depth + 1) + frame[1];
}

static void *overflow(void *argument)
{
	(void)argument;
	return (void *)(long)recurse(NULL, 0);
}

static void check_overflow(void)
{
	struct uc_thread_attr attr = { .name = "deep-recursion" };
	struct uc_thread *thread;

	uc_thread_create(&thread, &attr, overflow, NULL);
	uc_thread_join(thread, NULL);
	report("overflow", 0, "the overflow was not stopped");
}

static struct uc_mutex held = UC_MUTEX_INIT(held);

static void *block_forever(void *argument)
{
	(void)argument;
	uc_mutex_lock(&held);
	return NULL;
}

static void *sleep_long(void *argument)
{
	(void)argument;
	uc_thread_sleep(3600ull * 1000000);
	return NULL;
}

static void *spin_forever(void *argument)
{
	(void)argument;
	for (;;)
		if (!strcmp(uc_thread_scheduler_name(), "sched-coop"))
			uc_thread_yield();
	return NULL;
}

static int check_shutdown(void)
{
	struct uc_thread_attr detached = { .detached = true };

	uc_mutex_lock(&held);
	uc_thread_create(NULL, &detached, block_forever, NULL);
	uc_thread_create(NULL, &detached, sleep_long, NULL);
	uc_thread_create(NULL, &detached, spin_forever, NULL);
	uc_thread_sleep(20000);
	printf("check shutdown: main returns 7 with %u threads alive\n",
	       uc_thread_count());
	return 7;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "all";
	int all = !strcmp(what, "all");

	printf("threads-check: scheduler %s\n", uc_thread_scheduler_name());
	if (all || !strcmp(what, "create-join"))
		check_create_join();
	if (all || !strcmp(what, "mutex-counter"))
		check_mutex_counter();
	if (all || !strcmp(what, "producer-consumer"))
		check_producer_consumer(argc > 2 ? strtoul(argv[2], NULL, 10) :
						   1000000);
	if (all || !strcmp(what, "sleep"))
		check_sleep();
	if (all || !strcmp(what, "policy"))
		check_policy();
	if (!strcmp(what, "overflow"))
		check_overflow();
	if (!strcmp(what, "shutdown"))
		return check_shutdown();
	if (!strcmp(what, "idle"))
		uc_thread_sleep((argc > 2 ? strtoul(argv[2], NULL, 10) : 5) *
				1000000);
	printf("threads-check: %d failed\n", failures);
	return failures;
}
