/*
 * Tests of the allocator API (uc/alloc.h), whichever library provides it
 * in this build (selftest: alloc-small, selftest-buddy: alloc-buddy): freed
 * memory is poisoned when the provider says so, usable sizes cover the
 * request, and the structures validate after allocations and frees of
 * every size class.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uc/alloc.h>
#include <uc/test.h>

/* Prints the provider: CoreTestsIT and SecurityProbeIT check which one ran. */
UC_TEST(alloc, provider_is_named)
{
	UC_ASSERT_NOT_NULL(uc_alloc_provider.name);
	UC_EXPECT_TRUE(strncmp(uc_alloc_provider.name, "alloc-", 6) == 0);
	printf("allocator: %s\n", uc_alloc_provider.name);
}

UC_TEST(alloc, freed_memory_is_poisoned)
{
	unsigned char *pointer = uc_alloc_alloc(200, 16);
	unsigned int i, poisoned = 0;

	UC_ASSERT_NOT_NULL(pointer);
	UC_EXPECT_TRUE(uc_alloc_usable_size(pointer) >= 200);
	memset(pointer, 0x11, 200);
	uc_alloc_free(pointer);
	if (!uc_alloc_provider.poisons)
		return;
	/* The first 32 bytes may hold the allocator's free-list links. */
	for (i = 32; i < 200; i++)
		poisoned += ((volatile unsigned char *)pointer)[i] ==
			    UC_ALLOC_POISON_BYTE;
	UC_EXPECT_UINT_EQ(poisoned, 200 - 32);
}

UC_TEST(alloc, every_size_validates)
{
	void *pointers[64];
	size_t size;
	unsigned int i;

	for (size = 1; size < 70000; size = size * 3 / 2 + 1) {
		for (i = 0; i < 64; i++) {
			pointers[i] = uc_alloc_alloc(size, i % 4 ? 16 : 256);
			UC_ASSERT_NOT_NULL(pointers[i]);
			memset(pointers[i], 0x5a, size);
		}
		for (i = 0; i < 64; i += 2)
			uc_alloc_free(pointers[i]);
		UC_ASSERT_INT_EQ(uc_alloc_validate(), 0);
		for (i = 1; i < 64; i += 2)
			uc_alloc_free(pointers[i]);
	}
	UC_EXPECT_INT_EQ(uc_alloc_validate(), 0);
}
