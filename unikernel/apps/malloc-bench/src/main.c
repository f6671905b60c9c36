/*
 * malloc-bench: runs the allocator benchmark's workloads (workload.h) on
 * the build's allocator and prints one "workload <name> <ns>" line each.
 */
#include <malloc.h>
#include <stdio.h>
#include <uc/alloc.h>
#include <uc/time.h>
#include "workload.h"

static uint64_t bench_now_ns(void)
{
	return uc_time_monotonic_ns();
}

static void bench_print(const char *name, uint64_t picoseconds_per_op)
{
	printf("workload %s %lu.%03lu\n", name,
	       (unsigned long)(picoseconds_per_op / 1000),
	       (unsigned long)(picoseconds_per_op % 1000));
}

int main(void)
{
	printf("allocator %s\n", uc_alloc_provider.name);
	return bench_run_all();
}
