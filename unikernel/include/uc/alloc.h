/*
 * Allocator API: one interface, several interchangeable allocators.
 *
 * An allocator is a library that provides the API "alloc" (exactly one per
 * build: alloc-buddy, a binary buddy allocator, or alloc-small, size-class
 * slabs tuned for small objects) and defines uc_alloc_provider, its
 * operations. It takes its memory from the heap of the region manager
 * (uc/memory.h). malloc() and friends (lib/malloc) sit on top.
 *
 * Every allocator checks what it is given back: freeing a pointer it never
 * returned, or one already freed, stops the unikernel with a heap
 * corruption report (uc_exception_heap_corruption(), status 127) instead
 * of corrupting its lists. With its option `poison`, freed memory is filled
 * with UC_ALLOC_POISON_BYTE so that a use after free reads garbage that
 * stands out.
 *
 * Context of every operation: thread context, not from an exception
 * handler; one thread, no locking.
 */
#ifndef UC_ALLOC_H
#define UC_ALLOC_H

#include <stddef.h>

/* The byte freed memory is filled with when poisoning is on. */
#define UC_ALLOC_POISON_BYTE 0xdd
/* The alignment every allocation has at least. */
#define UC_ALLOC_MIN_ALIGNMENT 16

/*
 * struct uc_alloc_ops - an allocator
 * @name: its library name, for reports
 * @poisons: whether this build fills freed memory with UC_ALLOC_POISON_BYTE
 * @alloc: returns @size usable bytes aligned to @alignment (a power of two,
 *         at least UC_ALLOC_MIN_ALIGNMENT), or NULL when memory is
 *         exhausted or @size is absurd; @size 0 gives a unique pointer
 * @free: gives back a pointer @alloc returned; NULL does nothing; anything
 *        else is reported as heap corruption (never returns then)
 * @usable_size: the bytes usable at a pointer @alloc returned (at least the
 *               size asked for)
 * @validate: checks the allocator's structures; 0 when consistent, or
 *            -UC_EINVAL (the first problem is printed on the console)
 */
struct uc_alloc_ops {
	const char *name;
	int poisons;
	void *(*alloc)(size_t size, size_t alignment);
	void (*free)(void *pointer);
	size_t (*usable_size)(const void *pointer);
	int (*validate)(void);
};

/* The allocator of this build, defined by the library providing "alloc". */
extern const struct uc_alloc_ops uc_alloc_provider;

static inline void *uc_alloc_alloc(size_t size, size_t alignment)
{
	return uc_alloc_provider.alloc(size, alignment);
}

static inline void uc_alloc_free(void *pointer)
{
	uc_alloc_provider.free(pointer);
}

static inline size_t uc_alloc_usable_size(const void *pointer)
{
	return uc_alloc_provider.usable_size(pointer);
}

static inline int uc_alloc_validate(void)
{
	return uc_alloc_provider.validate();
}

#endif /* UC_ALLOC_H */
