/*
 * Tests of the pthreads layer: POSIX return conventions (positive errno),
 * static initializers, recursive mutexes, timed waits on both clocks that
 * never end early, once, keys, semaphores and nanosleep's bad input.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <uc/test.h>
#include <unistd.h>

static pthread_mutex_t static_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t static_condition = PTHREAD_COND_INITIALIZER;

static long long now_ns(clockid_t clock)
{
	struct timespec time;

	clock_gettime(clock, &time);
	return (long long)time.tv_sec * 1000000000 + time.tv_nsec;
}

static void *add_one(void *argument)
{
	int *value = argument;

	pthread_mutex_lock(&static_mutex);
	(*value)++;
	pthread_mutex_unlock(&static_mutex);
	return argument;
}

UC_TEST(pthreads, create_join_with_static_mutex)
{
	pthread_t threads[4];
	void *result;
	int value = 0, i;

	for (i = 0; i < 4; i++)
		UC_ASSERT_INT_EQ(
			pthread_create(&threads[i], NULL, add_one, &value), 0);
	for (i = 0; i < 4; i++) {
		UC_EXPECT_INT_EQ(pthread_join(threads[i], &result), 0);
		UC_EXPECT_PTR_EQ(result, &value);
	}
	UC_EXPECT_INT_EQ(value, 4);
	UC_EXPECT_INT_EQ(pthread_create(NULL, NULL, add_one, &value), EINVAL);
	UC_EXPECT_INT_EQ(pthread_join(pthread_self(), NULL), EDEADLK);
	UC_EXPECT_TRUE(pthread_equal(pthread_self(), pthread_self()));
}

UC_TEST(pthreads, mutex_types_and_errors)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t mutex;

	UC_ASSERT_INT_EQ(pthread_mutexattr_init(&attr), 0);
	UC_EXPECT_INT_EQ(pthread_mutexattr_settype(&attr, 99), EINVAL);
	UC_ASSERT_INT_EQ(
		pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE), 0);
	UC_ASSERT_INT_EQ(pthread_mutex_init(&mutex, &attr), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_lock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_lock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_destroy(&mutex), EBUSY);
	UC_EXPECT_INT_EQ(pthread_mutex_unlock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_unlock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_unlock(&mutex), EPERM);
	UC_EXPECT_INT_EQ(pthread_mutex_destroy(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_init(&mutex, NULL), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_lock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_trylock(&mutex), EDEADLK);
	UC_EXPECT_INT_EQ(pthread_mutex_unlock(&mutex), 0);
	UC_EXPECT_INT_EQ(pthread_mutex_lock(NULL), EINVAL);
}

UC_TEST(pthreads, timed_waits_never_end_early)
{
	pthread_condattr_t attr;
	pthread_cond_t monotonic;
	struct timespec deadline, bad = { 0, 2000000000 };
	long long target;

	pthread_mutex_lock(&static_mutex);
	target = now_ns(CLOCK_REALTIME) + 3000000;
	deadline.tv_sec = target / 1000000000;
	deadline.tv_nsec = target % 1000000000;
	UC_EXPECT_INT_EQ(pthread_cond_timedwait(&static_condition,
						&static_mutex, &deadline),
			 ETIMEDOUT);
	UC_EXPECT_TRUE(now_ns(CLOCK_REALTIME) >= target);
	UC_EXPECT_INT_EQ(pthread_cond_timedwait(&static_condition,
						&static_mutex, &bad),
			 EINVAL);

	pthread_condattr_init(&attr);
	UC_EXPECT_INT_EQ(pthread_condattr_setclock(&attr, 7), EINVAL);
	UC_ASSERT_INT_EQ(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), 0);
	pthread_cond_init(&monotonic, &attr);
	target = now_ns(CLOCK_MONOTONIC) + 3000000;
	deadline.tv_sec = target / 1000000000;
	deadline.tv_nsec = target % 1000000000;
	UC_EXPECT_INT_EQ(pthread_cond_timedwait(&monotonic, &static_mutex,
						&deadline),
			 ETIMEDOUT);
	UC_EXPECT_TRUE(now_ns(CLOCK_MONOTONIC) >= target);
	UC_EXPECT_INT_EQ(pthread_cond_destroy(&monotonic), 0);
	pthread_mutex_unlock(&static_mutex);
	UC_EXPECT_INT_EQ(pthread_cond_wait(&static_condition, &static_mutex),
			 EPERM);
}

static int once_runs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void run_once(void)
{
	once_runs++;
	sched_yield(); /* others arrive meanwhile and must wait */
}

static void *call_once(void *argument)
{
	(void)argument;
	pthread_once(&once, run_once);
	return (void *)(long)once_runs;
}

UC_TEST(pthreads, once_runs_once_and_others_wait)
{
	pthread_t threads[3];
	void *result;
	int i, saw_one = 0;

	for (i = 0; i < 3; i++)
		pthread_create(&threads[i], NULL, call_once, NULL);
	for (i = 0; i < 3; i++) {
		pthread_join(threads[i], &result);
		saw_one += (long)result == 1;
	}
	UC_EXPECT_INT_EQ(once_runs, 1);
	UC_EXPECT_INT_EQ(saw_one, 3);
}

UC_TEST(pthreads, semaphores_and_sleeps)
{
	struct timespec bad = { -1, 0 }, short_sleep = { 0, 1000000 };
	long long start;
	sem_t semaphore;
	int value;

	UC_EXPECT_INT_EQ(sem_init(&semaphore, 1, 0), -1);
	UC_EXPECT_INT_EQ(errno, EINVAL);
	UC_ASSERT_INT_EQ(sem_init(&semaphore, 0, 1), 0);
	UC_EXPECT_INT_EQ(sem_trywait(&semaphore), 0);
	UC_EXPECT_INT_EQ(sem_trywait(&semaphore), -1);
	UC_EXPECT_INT_EQ(errno, EAGAIN);
	UC_EXPECT_INT_EQ(sem_post(&semaphore), 0);
	UC_EXPECT_INT_EQ(sem_getvalue(&semaphore, &value), 0);
	UC_EXPECT_INT_EQ(value, 1);
	UC_EXPECT_INT_EQ(sem_destroy(&semaphore), 0);

	UC_EXPECT_INT_EQ(nanosleep(&bad, NULL), -1);
	UC_EXPECT_INT_EQ(errno, EINVAL);
	UC_EXPECT_INT_EQ(nanosleep(NULL, NULL), -1);
	start = now_ns(CLOCK_MONOTONIC);
	UC_EXPECT_INT_EQ(nanosleep(&short_sleep, NULL), 0);
	UC_EXPECT_TRUE(now_ns(CLOCK_MONOTONIC) - start >= 1000000);
	start = now_ns(CLOCK_MONOTONIC);
	UC_EXPECT_INT_EQ(usleep(2000), 0);
	UC_EXPECT_TRUE(now_ns(CLOCK_MONOTONIC) - start >= 2000000);
	UC_EXPECT_INT_EQ(clock_gettime(42, NULL), -1);
}
