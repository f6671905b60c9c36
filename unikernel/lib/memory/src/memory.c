/*
 * The region manager (uc/memory.h): two bump pointers into the platform's
 * free range, the heap's break moving up from the bottom and the stack
 * limit moving down from the top.
 *
 * Invariants: region_start <= heap_end <= stack_limit <= region_end; the
 * stacks table holds every stack in use or freed but not yet returned,
 * each [guard, guard + PAGE + size) inside [stack_limit, region_end). A
 * freed stack returns to the free range when it is the lowest one (LIFO
 * frees cost nothing; others wait for the stacks below them).
 */
#include <stdbool.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/memory.h>
#include <uc/plat/memory.h>

#define PAGE UCPLAT_MEMORY_PAGE_SIZE
#define HEAP_ALIGN 16

struct stack {
	uintptr_t guard; /* lowest address: the guard page, then the stack */
	size_t size; /* usable bytes, above the guard page */
	bool in_use;
};

static uintptr_t region_start, region_end;
static uintptr_t heap_end, stack_limit;
static struct stack stacks[UC_MEMORY_MAX_STACKS];

int uc_memory_init(void)
{
	int error = ucplat_memory_free_range(&region_start, &region_end);

	region_start = (region_start + HEAP_ALIGN - 1) & ~(uintptr_t)15;
	if (region_start > region_end)
		region_start = region_end;
	heap_end = region_start;
	stack_limit = region_end;
	return error;
}

void *uc_memory_heap_grow(size_t increment)
{
	uintptr_t old_end = heap_end;

	increment = (increment + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	if (increment > stack_limit - heap_end)
		return NULL;
	heap_end += increment;
	return (void *)old_end;
}

int uc_memory_heap_shrink(size_t decrement)
{
	decrement = (decrement + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	if (decrement > heap_end - region_start)
		return -UC_EINVAL;
	heap_end -= decrement;
	return 0;
}

uintptr_t uc_memory_heap_start(void)
{
	return region_start;
}

uintptr_t uc_memory_heap_end(void)
{
	return heap_end;
}

size_t uc_memory_free_bytes(void)
{
	return stack_limit - heap_end;
}

/* Moves the stack limit up over freed stacks at the bottom. */
static void stacks_release(void)
{
	unsigned int i;
	bool moved = true;

	while (moved) {
		moved = false;
		for (i = 0; i < UC_MEMORY_MAX_STACKS; i++) {
			if (stacks[i].size && !stacks[i].in_use &&
			    stacks[i].guard == stack_limit) {
				stack_limit += PAGE + stacks[i].size;
				stacks[i].size = 0;
				moved = true;
			}
		}
	}
}

void *uc_memory_stack_alloc(size_t size, const char *name)
{
	struct stack *stack = NULL;
	uintptr_t guard;
	unsigned int i;

	if (!size || size > region_end)
		return NULL;
	size = (size + PAGE - 1) & ~(size_t)(PAGE - 1);
	for (i = 0; i < UC_MEMORY_MAX_STACKS && !stack; i++) {
		if (!stacks[i].size)
			stack = &stacks[i];
	}
	if (!stack || size + PAGE > stack_limit - heap_end)
		return NULL;
	/* Stacks are page-aligned: the limit only moves by whole pages. */
	guard = (stack_limit - size - PAGE) & ~(uintptr_t)(PAGE - 1);
	if (guard < heap_end)
		return NULL;
	if (ucplat_memory_protect(guard, PAGE, UCPLAT_MEMORY_NONE) ||
	    uc_exception_stack_guard_add(name ? name : "unnamed", guard, PAGE))
		goto err_unprotect;
	size = stack_limit - guard - PAGE;
	stack->guard = guard;
	stack->size = size;
	stack->in_use = true;
	stack_limit = guard;
	return (void *)(guard + PAGE);

err_unprotect:
	ucplat_memory_protect(guard, PAGE, UCPLAT_MEMORY_READ_WRITE);
	return NULL;
}

int uc_memory_stack_free(void *pointer)
{
	uintptr_t guard = (uintptr_t)pointer - PAGE;
	unsigned int i;

	for (i = 0; i < UC_MEMORY_MAX_STACKS; i++) {
		if (stacks[i].size && stacks[i].in_use &&
		    stacks[i].guard == guard)
			break;
	}
	if (i == UC_MEMORY_MAX_STACKS)
		return -UC_EINVAL;
	uc_exception_stack_guard_del(guard);
	ucplat_memory_protect(guard, PAGE, UCPLAT_MEMORY_READ_WRITE);
	stacks[i].in_use = false;
	stacks_release();
	return 0;
}

int uc_memory_validate(void)
{
	unsigned int i;

	if (region_start > heap_end || heap_end > stack_limit ||
	    stack_limit > region_end)
		return -UC_EINVAL;
	for (i = 0; i < UC_MEMORY_MAX_STACKS; i++) {
		if (stacks[i].size &&
		    (stacks[i].guard < stack_limit ||
		     stacks[i].guard + PAGE + stacks[i].size > region_end))
			return -UC_EINVAL;
	}
	return 0;
}
