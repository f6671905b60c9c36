/*
 * Platform contract: the memory the core may manage, and page protection.
 *
 * A platform hands exactly one range of free memory to the core's region
 * manager (lib/memory): on QEMU the RAM after the image and its page
 * tables, from the machine's memory map; on linuxu one anonymous mapping
 * made at start (platform option memory-size). The range is readable and
 * writable, never executable, page-aligned, and nothing else uses it.
 */
#ifndef UC_PLAT_MEMORY_H
#define UC_PLAT_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/* The granule of ucplat_memory_protect(). */
#define UCPLAT_MEMORY_PAGE_SIZE 4096

/* Accesses ucplat_memory_protect() allows. */
enum ucplat_memory_access {
	UCPLAT_MEMORY_NONE = 0, /* any access faults (a guard page) */
	UCPLAT_MEMORY_READ_WRITE, /* read and write, never execute */
};

/*
 * ucplat_memory_free_range() - the free memory of the unikernel
 * @start: set to the first free address (page-aligned)
 * @end: set to the end of the range (page-aligned, exclusive)
 *
 * Context: after the platform's entry; returns the same range every time.
 * Return: 0; -UC_ENOMEM when the platform has no free memory (the range is
 *         then empty, *@start == *@end).
 */
int ucplat_memory_free_range(uintptr_t *start, uintptr_t *end);

/*
 * ucplat_memory_protect() - change the access to whole pages of the range
 * @start: page-aligned address inside the free range
 * @length: a multiple of UCPLAT_MEMORY_PAGE_SIZE
 * @access: what accesses are allowed from now on
 *
 * Context: thread context; takes effect before it returns.
 * Return: 0; -UC_EINVAL for an unaligned or foreign range.
 */
int ucplat_memory_protect(uintptr_t start, size_t length,
			  enum ucplat_memory_access access);

#endif /* UC_PLAT_MEMORY_H */
