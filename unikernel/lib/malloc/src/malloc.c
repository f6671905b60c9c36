/*
 * malloc and friends (<malloc.h>) over the allocator API (uc/alloc.h).
 * This is the POSIX layer: it sets errno, the allocators never do. The
 * allocators check frees and report corruption themselves.
 *
 * The allocators are not thread-safe: every call into them masks
 * interrupts (uc/plat/timer.h), so that a preemptive scheduler cannot
 * switch threads in the middle of one. Without threads that costs a flag.
 */
#include <errno.h>
#include <stdbool.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include <uc/alloc.h>
#include <uc/plat/timer.h>

static bool power_of_two(size_t value)
{
	return value && !(value & (value - 1));
}

static void *alloc_masked(size_t size, size_t alignment)
{
	unsigned long state = ucplat_irq_save();
	void *pointer = uc_alloc_alloc(size, alignment);

	ucplat_irq_restore(state);
	return pointer;
}

static size_t usable_size_masked(void *pointer)
{
	unsigned long state = ucplat_irq_save();
	size_t size = uc_alloc_usable_size(pointer);

	ucplat_irq_restore(state);
	return size;
}

static void *allocate(size_t size, size_t alignment)
{
	void *pointer;

	if (alignment < UC_ALLOC_MIN_ALIGNMENT)
		alignment = UC_ALLOC_MIN_ALIGNMENT;
	pointer = alloc_masked(size, alignment);
	if (!pointer)
		errno = ENOMEM;
	return pointer;
}

void *malloc(size_t size)
{
	return allocate(size, UC_ALLOC_MIN_ALIGNMENT);
}

void *calloc(size_t count, size_t size)
{
	void *pointer;

	if (size && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	pointer = allocate(count * size, UC_ALLOC_MIN_ALIGNMENT);
	if (pointer)
		memset(pointer, 0, count * size);
	return pointer;
}

void *realloc(void *pointer, size_t size)
{
	size_t usable;
	void *moved;

	if (!pointer)
		return malloc(size);
	if (!size) {
		free(pointer);
		return NULL;
	}
	usable = usable_size_masked(pointer);
	if (size <= usable)
		return pointer;
	moved = malloc(size);
	if (!moved)
		return NULL;
	memcpy(moved, pointer, usable);
	free(pointer);
	return moved;
}

void free(void *pointer)
{
	unsigned long state = ucplat_irq_save();

	uc_alloc_free(pointer);
	ucplat_irq_restore(state);
}

void *memalign(size_t alignment, size_t size)
{
	if (!power_of_two(alignment)) {
		errno = EINVAL;
		return NULL;
	}
	return allocate(size, alignment);
}

void *aligned_alloc(size_t alignment, size_t size)
{
	return memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
	void *pointer;

	if (!power_of_two(alignment) || alignment % sizeof(void *))
		return EINVAL;
	pointer = alloc_masked(size, alignment < UC_ALLOC_MIN_ALIGNMENT ?
					     UC_ALLOC_MIN_ALIGNMENT :
					     alignment);
	if (!pointer)
		return ENOMEM;
	*result = pointer;
	return 0;
}

size_t malloc_usable_size(void *pointer)
{
	return pointer ? usable_size_masked(pointer) : 0;
}
