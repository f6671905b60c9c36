/*
 * The malloc/free workloads of the allocator benchmark, shared by the
 * malloc-bench application and the host program bench/malloc_host.c so
 * that both run exactly the same sequence. The includer defines
 * bench_now_ns() and bench_print() and has malloc() and free().
 *
 * A workload keeps SLOTS pointers; each step picks a slot at random and
 * frees what it holds or allocates a new object of a size from the
 * workload's distribution, writing its first and last byte. Best of
 * ROUNDS runs, in nanoseconds per malloc or free.
 */
#ifndef MALLOC_BENCH_WORKLOAD_H
#define MALLOC_BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define SLOTS 4096
#define STEPS 2000000
#define ROUNDS 5

static uint64_t bench_now_ns(void);
static void bench_print(const char *name, uint64_t picoseconds_per_op);

struct workload {
	const char *name;
	unsigned int small_percent; /* the rest are large */
	size_t small_max, large_min, large_max;
};

static const struct workload workloads[] = {
	{ "small(8-256B)", 100, 256, 0, 0 },
	{ "mixed(90%small,10%1K-64K)", 90, 256, 1024, 65536 },
	{ "large(1K-64K)", 0, 0, 1024, 65536 },
};

static void *slots[SLOTS];

static uint32_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (uint32_t)*state;
}

static uint64_t run_once(const struct workload *workload)
{
	uint64_t state = 0x9e3779b97f4a7c15ull, start, end;
	unsigned int step, slot;
	uint32_t random;
	size_t size;
	char *object;

	start = bench_now_ns();
	for (step = 0; step < STEPS; step++) {
		random = next_random(&state);
		slot = random % SLOTS;
		if (slots[slot]) {
			free(slots[slot]);
			slots[slot] = NULL;
			continue;
		}
		random = next_random(&state);
		if (random % 100 < workload->small_percent)
			size = 8 + (random >> 8) % (workload->small_max - 7);
		else
			size = workload->large_min +
			       (random >> 8) % (workload->large_max -
						workload->large_min);
		object = malloc(size);
		if (!object)
			return 0;
		object[0] = 1;
		object[size - 1] = 1;
		slots[slot] = object;
	}
	end = bench_now_ns();
	for (slot = 0; slot < SLOTS; slot++) {
		free(slots[slot]);
		slots[slot] = NULL;
	}
	return end - start;
}

static int bench_run_all(void)
{
	unsigned int w, round;
	uint64_t best, elapsed;

	for (w = 0; w < sizeof(workloads) / sizeof(workloads[0]); w++) {
		best = UINT64_MAX;
		for (round = 0; round < ROUNDS; round++) {
			elapsed = run_once(&workloads[w]);
			if (!elapsed)
				return 1;
			if (elapsed < best)
				best = elapsed;
		}
		bench_print(workloads[w].name, best * 1000 / STEPS);
	}
	return 0;
}

#endif /* MALLOC_BENCH_WORKLOAD_H */
