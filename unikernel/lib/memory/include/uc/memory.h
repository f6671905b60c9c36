/*
 * Memory API, low level (design §3.4): the platform's free memory
 * (uc/plat/memory.h) is one exhaustible region. Stacks are taken from its
 * highest free addresses, heap from its lowest; either may consume what
 * the other left. Allocators (uc/alloc.h) grow the heap; threads take
 * stacks.
 *
 *   region start                                            region end
 *   | heap ->  (break)        free        (stack limit)  <- stacks |
 *
 * Every stack gets an inaccessible guard page below it, registered with
 * the exception library: running off its end is reported as a stack
 * overflow naming the stack.
 *
 * Context of every function: thread context, not from an exception
 * handler; nothing locks: with several threads (lib/threads) the caller
 * masks interrupts around the calls.
 */
#ifndef UC_MEMORY_H
#define UC_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <uc_config.h>

/* Most stacks allocated at the same time: the option max-stacks. */
#define UC_MEMORY_MAX_STACKS UC_CONFIG_MEMORY_MAX_STACKS

/*
 * uc_memory_init() - take the platform's free range (the library's init)
 *
 * Return: 0; -UC_ENOMEM when the platform has no free memory (every
 *         allocation then fails).
 */
int uc_memory_init(void);

/*
 * uc_memory_heap_grow() - extend the heap (like sbrk)
 * @increment: bytes to add; rounded up to 16
 *
 * Return: the start of the new bytes (the old end of the heap, 16-byte
 *         aligned; the heap is contiguous), or NULL when the free memory
 *         cannot hold @increment more bytes.
 */
void *uc_memory_heap_grow(size_t increment);

/*
 * uc_memory_heap_shrink() - give back the last @decrement heap bytes
 * @decrement: rounded up to 16
 *
 * Return: 0; -UC_EINVAL when the heap is smaller than @decrement.
 */
int uc_memory_heap_shrink(size_t decrement);

/*
 * uc_memory_heap_start() / uc_memory_heap_end() - the heap's extent,
 * [start, end); start never changes after initialization.
 */
uintptr_t uc_memory_heap_start(void);
uintptr_t uc_memory_heap_end(void);

/*
 * uc_memory_stack_alloc() - take a stack from the top of free memory
 * @size: usable bytes; rounded up to whole pages
 * @name: the stack's name in crash reports; kept, not copied
 *
 * The page below the stack becomes inaccessible (a guard page).
 * Return: the lowest usable address of the stack (its top, where the
 *         stack pointer starts, is that plus the rounded size), or NULL
 *         when the free memory is too small or UC_MEMORY_MAX_STACKS are in
 *         use.
 */
void *uc_memory_stack_alloc(size_t size, const char *name);

/*
 * uc_memory_stack_free() - return a stack from uc_memory_stack_alloc()
 * @stack: its return value
 *
 * The memory returns to the free range once every stack below it is free.
 * Return: 0; -UC_EINVAL when @stack is not an allocated stack.
 */
int uc_memory_stack_free(void *stack);

/* uc_memory_free_bytes() - bytes between the heap and the lowest stack. */
size_t uc_memory_free_bytes(void);

/*
 * uc_memory_validate() - check the region's invariants
 *
 * Return: 0 when heap start <= heap end <= stack limit <= region end and
 *         every stack lies within [stack limit, region end); -UC_EINVAL
 *         otherwise.
 */
int uc_memory_validate(void);

#endif /* UC_MEMORY_H */
