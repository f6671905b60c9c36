/*
 * threads-bench: thread benchmarks written against POSIX threads only, so
 * that the same source runs as a unikernel (lib/pthreads, either
 * scheduler) and as a host program (gcc -O2 -pthread, glibc's pthreads
 * on futexes); bench/threads.sh builds and runs both in one go.
 *
 * Prints one "bench <name> <ns per operation>" line per workload:
 *   yield            two threads calling sched_yield() in turn (ns per
 *                    yield: one context switch each when they share a CPU)
 *   semaphore-switch two threads waking each other through two semaphores
 *                    (ns per switch: post, wait, block, wake, switch)
 *   mutex-handoff    two threads passing a mutex-protected turn back and
 *                    forth with a condition variable (ns per hand-off)
 *   create-join      create a thread that returns at once and join it
 *                    (ns per pair)
 * Each is the best of 5 runs. Argument 1 scales the counts (default 1).
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RUNS 5

static unsigned long rounds;

static uint64_t now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* --- yield --- */

static void *yield_loop(void *argument)
{
	unsigned long i;

	(void)argument;
	for (i = 0; i < rounds; i++)
		sched_yield();
	return NULL;
}

static uint64_t bench_yield(void)
{
	pthread_t first, second;
	uint64_t start = now_ns();

	pthread_create(&first, NULL, yield_loop, NULL);
	pthread_create(&second, NULL, yield_loop, NULL);
	pthread_join(first, NULL);
	pthread_join(second, NULL);
	return (now_ns() - start) * 1000 / (2 * rounds);
}

/* --- semaphore-switch --- */

static sem_t ping, pong;

static void *pong_loop(void *argument)
{
	unsigned long i;

	(void)argument;
	for (i = 0; i < rounds; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return NULL;
}

static uint64_t bench_semaphore_switch(void)
{
	pthread_t other;
	unsigned long i;
	uint64_t start;

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	pthread_create(&other, NULL, pong_loop, NULL);
	start = now_ns();
	for (i = 0; i < rounds; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	start = now_ns() - start;
	pthread_join(other, NULL);
	return start * 1000 / (2 * rounds);
}

/* --- mutex-handoff --- */

static pthread_mutex_t turn_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;

static void take_turns(int me)
{
	unsigned long i;

	for (i = 0; i < rounds; i++) {
		pthread_mutex_lock(&turn_mutex);
		while (turn != me)
			pthread_cond_wait(&turn_changed, &turn_mutex);
		turn = !me;
		pthread_cond_signal(&turn_changed);
		pthread_mutex_unlock(&turn_mutex);
	}
}

static void *other_turns(void *argument)
{
	(void)argument;
	take_turns(1);
	return NULL;
}

static uint64_t bench_mutex_handoff(void)
{
	pthread_t other;
	uint64_t start;

	turn = 0;
	pthread_create(&other, NULL, other_turns, NULL);
	start = now_ns();
	take_turns(0);
	pthread_join(other, NULL);
	return (now_ns() - start) * 1000 / (2 * rounds);
}

/* --- create-join --- */

static void *nothing(void *argument)
{
	return argument;
}

static uint64_t bench_create_join(void)
{
	unsigned long i, count = rounds / 10;
	pthread_t thread;
	uint64_t start = now_ns();

	for (i = 0; i < count; i++) {
		if (pthread_create(&thread, NULL, nothing, NULL))
			return 0;
		pthread_join(thread, NULL);
	}
	return (now_ns() - start) * 1000 / count;
}

static void run(const char *name, uint64_t (*workload)(void))
{
	uint64_t best = UINT64_MAX, picoseconds;
	int i;

	for (i = 0; i < RUNS; i++) {
		picoseconds = workload();
		if (picoseconds < best)
			best = picoseconds;
	}
	printf("bench %s %lu.%03lu\n", name, (unsigned long)(best / 1000),
	       (unsigned long)(best % 1000));
}

int main(int argc, char *argv[])
{
	rounds = 200000 * (argc > 1 ? strtoul(argv[1], NULL, 10) : 1);
	if (!rounds)
		rounds = 20000;
	run("yield", bench_yield);
	run("semaphore-switch", bench_semaphore_switch);
	run("mutex-handoff", bench_mutex_handoff);
	run("create-join", bench_create_join);
	return 0;
}
