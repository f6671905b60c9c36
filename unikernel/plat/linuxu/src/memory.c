/*
 * Memory of the linuxu platform (uc/plat/memory.h): one private anonymous
 * mapping of memory-size MiB, made at start, read/write and never
 * executable (MAP_NORESERVE: the host commits pages only when touched).
 * Its bottom holds the boot stack, above an inaccessible guard page
 * registered with the exception library as the "boot" stack; the rest is
 * the free range handed to the region manager.
 */
#include <stdint.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/plat/memory.h>
#include <uc_config.h>
#include "linuxu_memory.h"

#define PROT_NONE 0
#define PROT_READ_WRITE 3
#define MAP_PRIVATE_ANONYMOUS_NORESERVE (0x02 | 0x20 | 0x4000)
#define PAGE UCPLAT_MEMORY_PAGE_SIZE
#define BOOT_STACK_SIZE (1024 * 1024)

static uintptr_t free_start, free_end;

void *linuxu_memory_init(void)
{
	size_t size = (size_t)UC_CONFIG_LINUXU_MEMORY_SIZE << 20;
	long base = linuxu_syscall6(LINUXU_SYS_MMAP, 0, (long)size,
				    PROT_READ_WRITE,
				    MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);

	if (base < 0 && base > -4096)
		return NULL;
	if (linuxu_syscall6(LINUXU_SYS_MPROTECT, base, PAGE, PROT_NONE, 0, 0,
			    0))
		return NULL;
	uc_exception_stack_guard_add("boot", (uintptr_t)base, PAGE);
	free_start = (uintptr_t)base + PAGE + BOOT_STACK_SIZE;
	free_end = (uintptr_t)base + size;
	return (void *)free_start;
}

int ucplat_memory_free_range(uintptr_t *start, uintptr_t *end)
{
	*start = free_start;
	*end = free_end;
	return free_start < free_end ? 0 : -UC_ENOMEM;
}

int ucplat_memory_protect(uintptr_t start, size_t length,
			  enum ucplat_memory_access access)
{
	if ((start | length) & (PAGE - 1) || start < free_start ||
	    start + length > free_end || start + length < start)
		return -UC_EINVAL;
	return (int)linuxu_syscall6(
		LINUXU_SYS_MPROTECT, (long)start, (long)length,
		access == UCPLAT_MEMORY_NONE ? PROT_NONE : PROT_READ_WRITE, 0,
		0, 0);
}
