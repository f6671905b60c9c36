/*
 * pthreads-example: a plain POSIX threaded C program, written against
 * <pthread.h> and the C library only, that builds unchanged as a unikernel
 * (lib/pthreads) and on a Linux host (gcc -pthread main.c).
 *
 * A pool of workers takes numbers from a bounded queue (a mutex and two
 * condition variables), counts the primes among them and adds to a shared
 * total; a pthread_once initializes the queue, a key holds each worker's
 * private tally (its destructor adds it to the total), nanosleep and a
 * semaphore pace a reporter thread. Prints the same lines everywhere:
 * "primes below N: C" is checked by ThreadsIT.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 4
#define QUEUE_SIZE 32

static unsigned long queue[QUEUE_SIZE];
static unsigned int head, length;
static int finished;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t tally_key;
static unsigned long total;
static int initializations;
static sem_t reported;

static void add_tally(void *tally)
{
	pthread_mutex_lock(&lock);
	total += *(unsigned long *)tally;
	pthread_mutex_unlock(&lock);
	free(tally);
}

static void initialize(void)
{
	initializations++;
	pthread_key_create(&tally_key, add_tally);
}

static int is_prime(unsigned long n)
{
	unsigned long d;

	if (n < 2)
		return 0;
	for (d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

static void *worker(void *argument)
{
	unsigned long *tally = calloc(1, sizeof(*tally));
	unsigned long n;

	(void)argument;
	pthread_once(&once, initialize);
	pthread_setspecific(tally_key, tally);
	for (;;) {
		pthread_mutex_lock(&lock);
		while (!length && !finished)
			pthread_cond_wait(&not_empty, &lock);
		if (!length && finished) {
			pthread_mutex_unlock(&lock);
			break;
		}
		n = queue[head];
		head = (head + 1) % QUEUE_SIZE;
		length--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
		*tally += is_prime(n);
	}
	return NULL; /* the key's destructor adds the tally */
}

static void *reporter(void *argument)
{
	struct timespec pause = { 0, 2000000 }; /* 2 ms */

	(void)argument;
	nanosleep(&pause, NULL);
	printf("reporter: awake after at least 2 ms\n");
	sem_post(&reported);
	return NULL;
}

int main(int argc, char *argv[])
{
	unsigned long limit = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	pthread_t workers[WORKERS], report;
	struct timespec start, end, timeout;
	pthread_attr_t attr;
	unsigned long n;
	int i, error;

	clock_gettime(CLOCK_MONOTONIC, &start);
	pthread_once(&once, initialize);
	sem_init(&reported, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 65536);
	for (i = 0; i < WORKERS; i++) {
		error = pthread_create(&workers[i], &attr, worker, NULL);
		if (error) {
			printf("pthread_create: error %d\n", error);
			return 1;
		}
	}
	pthread_create(&report, NULL, reporter, NULL);
	pthread_detach(report);

	for (n = 0; n < limit; n++) {
		pthread_mutex_lock(&lock);
		while (length == QUEUE_SIZE)
			pthread_cond_wait(&not_full, &lock);
		queue[(head + length++) % QUEUE_SIZE] = n;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	finished = 1;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < WORKERS; i++)
		pthread_join(workers[i], NULL);

	clock_gettime(CLOCK_REALTIME, &timeout);
	timeout.tv_sec += 5;
	if (sem_timedwait(&reported, &timeout))
		printf("reporter: no report (errno %d)\n", errno);
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("primes below %lu: %lu (%d workers, once ran %d time)\n", limit,
	       total, WORKERS, initializations);
	printf("took %ld ms\n",
	       (long)((end.tv_sec - start.tv_sec) * 1000 +
		      (end.tv_nsec - start.tv_nsec) / 1000000));
	return total == 0;
}
