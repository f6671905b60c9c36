/*
 * Tests of the threads library with whichever scheduler the build has:
 * life cycle (create, join, detach, exit, names, counts), bad input, the
 * per-thread errno and keys, mutexes (owner checks, recursion, hand-off,
 * timeouts), semaphores, condition variables and sleeps that never end
 * early. Each case leaves no thread behind.
 */
#include <errno.h>
#include <stdint.h>
#include <uc/errno.h>
#include <uc/memory.h>
#include <uc/plat/time.h>
#include <uc/test.h>
#include <uc/thread.h>

#define MS 1000000ull

static uint64_t now(void)
{
	return ucplat_time_monotonic_ns();
}

static void *return_argument(void *argument)
{
	return argument;
}

static void *exit_early(void *argument)
{
	uc_thread_exit((char *)argument + 1);
	return NULL; /* never reached */
}

UC_TEST(threads, create_join_returns_the_result)
{
	struct uc_thread *thread;
	void *result = NULL;
	int value;

	UC_ASSERT_INT_EQ(
		uc_thread_create(&thread, NULL, return_argument, &value), 0);
	UC_EXPECT_INT_EQ(uc_thread_count(), 2);
	UC_EXPECT_INT_EQ(uc_thread_join(thread, &result), 0);
	UC_EXPECT_PTR_EQ(result, &value);
	UC_ASSERT_INT_EQ(
		uc_thread_create(&thread, NULL, exit_early, (char *)&value), 0);
	UC_EXPECT_INT_EQ(uc_thread_join(thread, &result), 0);
	UC_EXPECT_PTR_EQ(result, (char *)&value + 1);
	UC_EXPECT_INT_EQ(uc_thread_count(), 1);
}

static void *note_name(void *argument)
{
	const char **name = argument;

	*name = uc_thread_name(uc_thread_current());
	return NULL;
}

UC_TEST(threads, names_and_ids)
{
	struct uc_thread_attr attr = {
		.name = "a-rather-long-thread-name-that-is-cut-somewhere"
	};
	struct uc_thread *thread;
	const char *seen = NULL;

	UC_EXPECT_STR_EQ(uc_thread_name(uc_thread_current()), "main");
	UC_EXPECT_INT_EQ(uc_thread_id(uc_thread_current()), 1);
	UC_ASSERT_INT_EQ(uc_thread_create(&thread, &attr, note_name, &seen), 0);
	UC_EXPECT_STR_EQ(uc_thread_name(thread),
			 "a-rather-long-thread-name-that-");
	UC_EXPECT_TRUE(uc_thread_id(thread) > 1);
	UC_EXPECT_INT_EQ(uc_thread_join(thread, NULL), 0);
	UC_EXPECT_STR_EQ(seen ? seen : "(none)",
			 "a-rather-long-thread-name-that-");
}

UC_TEST(threads, bad_input_gets_errors)
{
	struct uc_thread_attr tiny = { .stack_size = 100 };
	struct uc_thread_attr detached = { .detached = true };
	struct uc_thread *thread;

	UC_EXPECT_INT_EQ(uc_thread_create(&thread, NULL, NULL, NULL),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_create(NULL, NULL, return_argument, NULL),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_create(&thread, &tiny, return_argument,
					  NULL),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_join(NULL, NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_join(uc_thread_current(), NULL),
			 -UC_EDEADLK);
	UC_EXPECT_INT_EQ(uc_thread_detach(NULL), -UC_EINVAL);
	UC_ASSERT_INT_EQ(
		uc_thread_create(&thread, &detached, return_argument, NULL), 0);
	UC_EXPECT_INT_EQ(uc_thread_join(thread, NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_mutex_lock(NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_semaphore_up(NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_condition_signal(NULL), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_key_set(UC_THREAD_KEYS_MAX, NULL),
			 -UC_EINVAL);
	uc_thread_sleep(1000); /* the detached thread ends */
	UC_EXPECT_INT_EQ(uc_thread_count(), 1);
}

UC_TEST(threads, hundred_threads_run_in_creation_order)
{
	static struct uc_thread *threads[100];
	static int order[100];
	static int next;
	int i, in_order = 0;

	next = 0;
	for (i = 0; i < 100; i++)
		UC_ASSERT_INT_EQ(uc_thread_create(&threads[i], NULL,
						  return_argument,
						  (void *)(long)i),
				 0);
	for (i = 0; i < 100; i++) {
		void *result;

		UC_EXPECT_INT_EQ(uc_thread_join(threads[i], &result), 0);
		order[next++] = (int)(long)result;
	}
	for (i = 0; i < 100; i++)
		in_order += order[i] == i;
	UC_EXPECT_INT_EQ(in_order, 100);
	UC_EXPECT_INT_EQ(uc_thread_count(), 1);
}

static void *set_errno(void *argument)
{
	errno = (int)(long)argument;
	uc_thread_yield();
	return (void *)(long)errno;
}

UC_TEST(threads, errno_is_per_thread)
{
	struct uc_thread *first, *second;
	void *first_result, *second_result;

	errno = 5;
	UC_ASSERT_INT_EQ(uc_thread_create(&first, NULL, set_errno, (void *)11L),
			 0);
	UC_ASSERT_INT_EQ(
		uc_thread_create(&second, NULL, set_errno, (void *)22L), 0);
	uc_thread_join(first, &first_result);
	uc_thread_join(second, &second_result);
	UC_EXPECT_INT_EQ((long)first_result, 11);
	UC_EXPECT_INT_EQ((long)second_result, 22);
	UC_EXPECT_INT_EQ(errno, 5);
}

static int destroyed;
static unsigned int test_key;

static void destroy(void *value)
{
	destroyed += *(int *)value;
}

static void *use_key(void *argument)
{
	void *initial = uc_thread_key_get(test_key);

	uc_thread_key_set(test_key, argument);
	uc_thread_yield();
	return initial ? initial : uc_thread_key_get(test_key);
}

UC_TEST(threads, keys_are_per_thread_with_destructors)
{
	static int one = 1, two = 2;
	struct uc_thread *first, *second;
	void *first_result, *second_result;

	destroyed = 0;
	UC_ASSERT_INT_EQ(uc_thread_key_create(&test_key, destroy), 0);
	UC_EXPECT_NULL(uc_thread_key_get(test_key));
	uc_thread_create(&first, NULL, use_key, &one);
	uc_thread_create(&second, NULL, use_key, &two);
	uc_thread_join(first, &first_result);
	uc_thread_join(second, &second_result);
	UC_EXPECT_PTR_EQ(first_result, &one);
	UC_EXPECT_PTR_EQ(second_result, &two);
	UC_EXPECT_INT_EQ(destroyed, 3);
	UC_EXPECT_NULL(uc_thread_key_get(test_key));
	UC_EXPECT_INT_EQ(uc_thread_key_delete(test_key), 0);
	UC_EXPECT_INT_EQ(uc_thread_key_delete(test_key), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_thread_key_create(NULL, NULL), -UC_EINVAL);
}

static struct uc_mutex shared = UC_MUTEX_INIT(shared);

static void *try_shared(void *argument)
{
	(void)argument;
	return (void *)(long)uc_mutex_unlock(&shared) == 0 ?
		       (void *)1L :
		       (void *)(long)uc_mutex_trylock(&shared);
}

UC_TEST(threads, mutex_checks_its_owner)
{
	struct uc_mutex recursive;
	struct uc_thread *thread;
	void *result;

	UC_EXPECT_INT_EQ(uc_mutex_unlock(&shared), -UC_EPERM);
	UC_ASSERT_INT_EQ(uc_mutex_lock(&shared), 0);
	UC_EXPECT_TRUE(uc_mutex_is_owned(&shared));
	UC_EXPECT_INT_EQ(uc_mutex_lock(&shared), -UC_EDEADLK);
	/* Another thread may neither unlock it nor take it. */
	uc_thread_create(&thread, NULL, try_shared, NULL);
	uc_thread_join(thread, &result);
	UC_EXPECT_INT_EQ((long)result, -UC_EBUSY);
	UC_EXPECT_INT_EQ(uc_mutex_timedlock(&shared, now() + MS), -UC_EDEADLK);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&shared), 0);
	UC_EXPECT_FALSE(uc_mutex_is_owned(&shared));

	uc_mutex_init(&recursive, true);
	UC_EXPECT_INT_EQ(uc_mutex_lock(&recursive), 0);
	UC_EXPECT_INT_EQ(uc_mutex_lock(&recursive), 0);
	UC_EXPECT_INT_EQ(uc_mutex_trylock(&recursive), 0);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&recursive), 0);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&recursive), 0);
	UC_EXPECT_TRUE(uc_mutex_is_owned(&recursive));
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&recursive), 0);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&recursive), -UC_EPERM);
}

static void *lock_with_timeout(void *argument)
{
	uint64_t deadline = now() + 3 * MS;
	int result = uc_mutex_timedlock(&shared, deadline);

	(void)argument;
	if (result == -UC_ETIMEDOUT && now() < deadline)
		result = -1000; /* early */
	if (!result)
		uc_mutex_unlock(&shared);
	return (void *)(long)result;
}

static void *lock_and_note(void *argument)
{
	int *order = argument;

	uc_mutex_lock(&shared);
	*order = *order * 10 + 1;
	uc_mutex_unlock(&shared);
	return NULL;
}

UC_TEST(threads, mutex_hands_off_in_order_and_times_out)
{
	struct uc_thread *threads[3];
	void *result;
	int order = 0;

	UC_ASSERT_INT_EQ(uc_mutex_lock(&shared), 0);
	uc_thread_create(&threads[0], NULL, lock_with_timeout, NULL);
	uc_thread_join(threads[0], &result);
	UC_EXPECT_INT_EQ((long)result, -UC_ETIMEDOUT);
	uc_thread_create(&threads[0], NULL, lock_and_note, &order);
	uc_thread_create(&threads[1], NULL, lock_and_note, &order);
	uc_thread_yield();
	uc_thread_sleep(1000); /* both wait on the mutex now */
	UC_EXPECT_INT_EQ(order, 0);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&shared), 0);
	uc_thread_join(threads[0], NULL);
	uc_thread_join(threads[1], NULL);
	UC_EXPECT_INT_EQ(order, 11);
	UC_EXPECT_FALSE(uc_mutex_is_owned(&shared));
	UC_EXPECT_INT_EQ(uc_mutex_trylock(&shared), 0);
	UC_EXPECT_INT_EQ(uc_mutex_unlock(&shared), 0);
}

static struct uc_semaphore semaphore;

static void *down_twice(void *argument)
{
	(void)argument;
	uc_semaphore_down(&semaphore, 0);
	uc_semaphore_down(&semaphore, 0);
	return (void *)2L;
}

UC_TEST(threads, semaphore_counts_and_wakes)
{
	struct uc_thread *thread;
	uint64_t deadline;
	void *result;

	uc_semaphore_init(&semaphore, 1);
	UC_EXPECT_INT_EQ(uc_semaphore_trydown(&semaphore), 0);
	UC_EXPECT_INT_EQ(uc_semaphore_trydown(&semaphore), -UC_EAGAIN);
	deadline = now() + 2 * MS;
	UC_EXPECT_INT_EQ(uc_semaphore_down(&semaphore, deadline),
			 -UC_ETIMEDOUT);
	UC_EXPECT_TRUE(now() >= deadline);
	uc_thread_create(&thread, NULL, down_twice, NULL);
	uc_thread_sleep(500);
	UC_EXPECT_INT_EQ(uc_semaphore_up(&semaphore), 0);
	UC_EXPECT_INT_EQ(uc_semaphore_up(&semaphore), 0);
	UC_EXPECT_INT_EQ(uc_thread_join(thread, &result), 0);
	UC_EXPECT_INT_EQ((long)result, 2);
	UC_EXPECT_INT_EQ(semaphore.count, 0);
}

static struct uc_mutex condition_mutex = UC_MUTEX_INIT(condition_mutex);
static struct uc_condition condition = UC_CONDITION_INIT(condition);
static int ready_flag, woken;

static void *wait_for_flag(void *argument)
{
	(void)argument;
	uc_mutex_lock(&condition_mutex);
	while (!ready_flag)
		uc_condition_wait(&condition, &condition_mutex, 0);
	woken++;
	uc_mutex_unlock(&condition_mutex);
	return NULL;
}

UC_TEST(threads, condition_signals_broadcasts_and_times_out)
{
	struct uc_thread *threads[3];
	uint64_t deadline;
	int i;

	ready_flag = woken = 0;
	for (i = 0; i < 3; i++)
		uc_thread_create(&threads[i], NULL, wait_for_flag, NULL);
	uc_thread_sleep(1000);
	UC_EXPECT_INT_EQ(woken, 0);
	uc_mutex_lock(&condition_mutex);
	ready_flag = 1;
	uc_condition_broadcast(&condition);
	uc_mutex_unlock(&condition_mutex);
	for (i = 0; i < 3; i++)
		uc_thread_join(threads[i], NULL);
	UC_EXPECT_INT_EQ(woken, 3);

	UC_EXPECT_INT_EQ(uc_condition_wait(&condition, &condition_mutex, 0),
			 -UC_EPERM);
	uc_mutex_lock(&condition_mutex);
	deadline = now() + 2 * MS;
	UC_EXPECT_INT_EQ(uc_condition_wait(&condition, &condition_mutex,
					   deadline),
			 -UC_ETIMEDOUT);
	UC_EXPECT_TRUE(now() >= deadline);
	UC_EXPECT_TRUE(uc_mutex_is_owned(&condition_mutex));
	uc_mutex_unlock(&condition_mutex);
}

UC_TEST(threads, sleep_never_returns_early)
{
	static const uint64_t lengths_us[] = { 1, 10, 100, 1000, 5000 };
	uint64_t start, elapsed;
	unsigned int i, early = 0;

	for (i = 0; i < sizeof(lengths_us) / sizeof(lengths_us[0]); i++) {
		start = now();
		UC_EXPECT_INT_EQ(uc_thread_sleep(lengths_us[i]), 0);
		elapsed = now() - start;
		if (elapsed < lengths_us[i] * 1000)
			early++;
	}
	UC_EXPECT_INT_EQ(early, 0);
	start = now();
	uc_thread_sleep_until(start - 1); /* in the past: returns */
	UC_EXPECT_TRUE(now() - start < 1000 * MS);
}

static void *sleep_a_little(void *argument)
{
	uc_thread_sleep((uint64_t)(long)argument);
	return argument;
}

UC_TEST(threads, sleepers_wake_in_deadline_order)
{
	struct uc_thread *threads[3];
	static const long lengths_us[3] = { 3000, 1000, 2000 };
	uint64_t start = now();
	int i;

	for (i = 0; i < 3; i++)
		uc_thread_create(&threads[i], NULL, sleep_a_little,
				 (void *)lengths_us[i]);
	for (i = 0; i < 3; i++)
		uc_thread_join(threads[i], NULL);
	UC_EXPECT_TRUE(now() - start >= 3 * MS);
	UC_EXPECT_INT_EQ(uc_thread_count(), 1);
}

static struct uc_semaphore hold;

static void *wait_on_hold(void *argument)
{
	uc_semaphore_down(&hold, 0);
	return argument;
}

UC_TEST(threads, running_out_of_stacks_gives_eagain)
{
	static struct uc_thread *threads[UC_MEMORY_MAX_STACKS + 1];
	struct uc_thread_attr attr = { .stack_size = UC_THREAD_STACK_MIN };
	int created = 0, error = 0, i;

	uc_semaphore_init(&hold, 0);
	while (created <= UC_MEMORY_MAX_STACKS) {
		error = uc_thread_create(&threads[created], &attr, wait_on_hold,
					 NULL);
		if (error)
			break;
		created++;
	}
	UC_EXPECT_INT_EQ(error, -UC_EAGAIN);
	UC_EXPECT_TRUE(created > 0 && created <= UC_MEMORY_MAX_STACKS);
	for (i = 0; i < created; i++)
		uc_semaphore_up(&hold);
	for (i = 0; i < created; i++)
		UC_EXPECT_INT_EQ(uc_thread_join(threads[i], NULL), 0);
	UC_EXPECT_INT_EQ(uc_thread_count(), 1);
	/* Stacks are usable again. */
	UC_EXPECT_INT_EQ(
		uc_thread_create(&threads[0], NULL, return_argument, NULL), 0);
	UC_EXPECT_INT_EQ(uc_thread_join(threads[0], NULL), 0);
}
