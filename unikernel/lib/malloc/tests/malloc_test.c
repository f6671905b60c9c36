/*
 * Tests of malloc and friends on the build's allocator: sizes from 0 to
 * megabytes keep their contents, alignment requests are met, calloc zeroes
 * and catches overflow, realloc keeps contents, exhaustion gives NULL and
 * ENOMEM, and after a random mix of allocations and frees the allocator's
 * own consistency check passes.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include <uc/alloc.h>
#include <uc/test.h>

#define SLOTS 256

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

UC_TEST(malloc, sizes_keep_their_contents)
{
	static const size_t sizes[] = { 0,     1,	15,	16,   17,
					100,   512,	2048,	2049, 4000,
					65536, 1 << 20, 3 << 20 };
	char *pointers[sizeof(sizes) / sizeof(sizes[0])];
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		pointers[i] = malloc(sizes[i]);
		UC_ASSERT_NOT_NULL(pointers[i]);
		UC_EXPECT_UINT_EQ((uintptr_t)pointers[i] % 16, 0);
		UC_EXPECT_TRUE(malloc_usable_size(pointers[i]) >= sizes[i]);
		memset(pointers[i], (int)i, sizes[i]);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i]) {
			UC_EXPECT_INT_EQ(pointers[i][0], (char)i);
			UC_EXPECT_INT_EQ(pointers[i][sizes[i] - 1], (char)i);
		}
		free(pointers[i]);
	}
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}

UC_TEST(malloc, alignment)
{
	size_t alignment;
	void *pointer = NULL;

	for (alignment = 16; alignment <= 8192; alignment *= 2) {
		pointer = memalign(alignment, 40);
		UC_ASSERT_NOT_NULL(pointer);
		UC_EXPECT_UINT_EQ((uintptr_t)pointer % alignment, 0);
		memset(pointer, 1, 40);
		free(pointer);
	}
	UC_EXPECT_INT_EQ(posix_memalign(&pointer, 64, 100), 0);
	UC_EXPECT_UINT_EQ((uintptr_t)pointer % 64, 0);
	free(pointer);
	UC_EXPECT_INT_EQ(posix_memalign(&pointer, 24, 100), EINVAL);
	UC_EXPECT_NULL(memalign(48, 10));
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}

UC_TEST(malloc, calloc_and_realloc)
{
	unsigned char *zeroed = calloc(100, 3);
	char *grown;
	unsigned int i;

	UC_ASSERT_NOT_NULL(zeroed);
	for (i = 0; i < 300; i++) {
		if (zeroed[i])
			break;
	}
	UC_EXPECT_UINT_EQ(i, 300);
	free(zeroed);
	errno = 0;
	UC_EXPECT_NULL(calloc(SIZE_MAX / 2, 4));
	UC_EXPECT_INT_EQ(errno, ENOMEM);

	grown = realloc(NULL, 10);
	UC_ASSERT_NOT_NULL(grown);
	memcpy(grown, "012345678", 10);
	grown = realloc(grown, 5000);
	UC_ASSERT_NOT_NULL(grown);
	UC_EXPECT_STR_EQ(grown, "012345678");
	UC_EXPECT_NULL(realloc(grown, 0));
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}

UC_TEST(malloc, exhaustion_returns_null)
{
	errno = 0;
	UC_EXPECT_NULL(malloc(SIZE_MAX - 8));
	UC_EXPECT_INT_EQ(errno, ENOMEM);
	UC_EXPECT_NULL(malloc((size_t)1 << 46));
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}

UC_TEST(malloc, random_mix_stays_consistent)
{
	static char *slots[SLOTS];
	static size_t sizes[SLOTS];
	uint32_t state = 12345;
	unsigned int round, slot;

	for (round = 0; round < 20000; round++) {
		slot = next_random(&state) % SLOTS;
		if (slots[slot]) {
			UC_EXPECT_INT_EQ(slots[slot][0], (char)slot);
			UC_EXPECT_INT_EQ(slots[slot][sizes[slot] - 1],
					 (char)slot);
			free(slots[slot]);
			slots[slot] = NULL;
			continue;
		}
		sizes[slot] = next_random(&state) % 8 ?
				      1 + next_random(&state) % 256 :
				      1 + next_random(&state) % 40000;
		slots[slot] = malloc(sizes[slot]);
		UC_ASSERT_NOT_NULL(slots[slot]);
		memset(slots[slot], (char)slot, sizes[slot]);
	}
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
	for (slot = 0; slot < SLOTS; slot++) {
		free(slots[slot]);
		slots[slot] = NULL;
	}
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}
