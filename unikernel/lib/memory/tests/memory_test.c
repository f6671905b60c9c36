/*
 * Tests of the region manager: the heap grows and shrinks from the bottom,
 * stacks come from the top with a guard page that faults as a named stack
 * overflow (a handler repairs the mapping and resumes: the recovery path
 * of the exception API), freed stacks return their memory, and neither
 * side can take more than what is free.
 */
#include <stdint.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/memory.h>
#include <uc/plat/memory.h>
#include <uc/test.h>

struct guard_hit {
	int count;
	const char *stack_name;
	uintptr_t address;
};

static enum uc_exception_action unguard(struct uc_exception_context *context,
					void *argument)
{
	struct guard_hit *hit = argument;
	uintptr_t page = context->fault_address &
			 ~(uintptr_t)(UCPLAT_MEMORY_PAGE_SIZE - 1);

	if (context->code != UC_EXCEPTION_STACK_OVERFLOW)
		return UC_EXCEPTION_PASS;
	hit->count++;
	hit->stack_name = context->stack_name;
	hit->address = context->fault_address;
	/* Fix the mapping; the faulting instruction runs again. */
	if (ucplat_memory_protect(page, UCPLAT_MEMORY_PAGE_SIZE,
				  UCPLAT_MEMORY_READ_WRITE))
		return UC_EXCEPTION_PASS;
	return UC_EXCEPTION_RESUME;
}

UC_TEST(memory, heap_grows_and_shrinks)
{
	uintptr_t end = uc_memory_heap_end();
	size_t free_bytes = uc_memory_free_bytes();
	char *grown = uc_memory_heap_grow(100);

	UC_ASSERT_NOT_NULL(grown);
	UC_EXPECT_UINT_EQ((uintptr_t)grown, end);
	UC_EXPECT_UINT_EQ(uc_memory_heap_end(), end + 112);
	UC_EXPECT_UINT_EQ(uc_memory_free_bytes(), free_bytes - 112);
	grown[0] = 1;
	grown[111] = 2;
	UC_EXPECT_INT_EQ(uc_memory_heap_shrink(100), 0);
	UC_EXPECT_UINT_EQ(uc_memory_heap_end(), end);
	UC_EXPECT_NULL(uc_memory_heap_grow(free_bytes + 16));
	UC_EXPECT_INT_EQ(uc_memory_heap_shrink(uc_memory_heap_end() -
					       uc_memory_heap_start() + 16),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_memory_validate(), 0);
}

UC_TEST(memory, stacks_come_from_the_top_and_return)
{
	size_t free_bytes = uc_memory_free_bytes();
	char *first = uc_memory_stack_alloc(8192, "first");
	char *second = uc_memory_stack_alloc(100, "second");

	UC_ASSERT_NOT_NULL(first);
	UC_ASSERT_NOT_NULL(second);
	UC_EXPECT_TRUE(second < first);
	UC_EXPECT_UINT_EQ((uintptr_t)first % UCPLAT_MEMORY_PAGE_SIZE, 0);
	UC_EXPECT_UINT_EQ(uc_memory_free_bytes(), free_bytes - 5 * 4096);
	first[0] = 1;
	first[8191] = 1;
	second[4095] = 1;
	UC_EXPECT_INT_EQ(uc_memory_validate(), 0);
	/* Not the lowest: its memory waits for the one below. */
	UC_EXPECT_INT_EQ(uc_memory_stack_free(first), 0);
	UC_EXPECT_UINT_EQ(uc_memory_free_bytes(), free_bytes - 5 * 4096);
	UC_EXPECT_INT_EQ(uc_memory_stack_free(first), -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_memory_stack_free(second), 0);
	UC_EXPECT_UINT_EQ(uc_memory_free_bytes(), free_bytes);
	UC_EXPECT_NULL(uc_memory_stack_alloc(free_bytes, "too big"));
	UC_EXPECT_INT_EQ(uc_memory_validate(), 0);
}

UC_TEST(memory, stack_guard_faults_as_a_named_overflow)
{
	struct guard_hit hit = { 0 };
	volatile char *stack = uc_memory_stack_alloc(4096, "test-stack");
	char value;

	UC_ASSERT_NOT_NULL((void *)stack);
	UC_ASSERT_INT_EQ(uc_exception_handler_add(unguard, &hit), 0);
	value = stack[-1]; /* the guard page */
	(void)value;
	UC_EXPECT_INT_EQ(uc_exception_handler_del(unguard, &hit), 0);
	UC_EXPECT_INT_EQ(hit.count, 1);
	UC_EXPECT_STR_EQ(hit.stack_name ? hit.stack_name : "(none)",
			 "test-stack");
	UC_EXPECT_UINT_EQ(hit.address, (uintptr_t)stack - 1);
	UC_EXPECT_INT_EQ(uc_memory_stack_free((void *)stack), 0);
}
