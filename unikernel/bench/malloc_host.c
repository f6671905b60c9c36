/*
 * The allocator benchmark's workloads (apps/malloc-bench/src/workload.h)
 * on the host's C library (glibc malloc), built by bench/malloc.sh with
 * the host's gcc: the reference the unikernel's allocators are compared
 * with.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "workload.h"

static uint64_t bench_now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void bench_print(const char *name, uint64_t picoseconds_per_op)
{
	printf("workload %s %lu.%03lu\n", name,
	       (unsigned long)(picoseconds_per_op / 1000),
	       (unsigned long)(picoseconds_per_op % 1000));
}

int main(void)
{
	printf("allocator glibc\n");
	return bench_run_all();
}
