/*
 * Private interface of the linuxu platform's memory and exception code:
 * the free region (one anonymous mapping), the boot stack in it, and the
 * signal handlers that feed the exception API.
 */
#ifndef LINUXU_MEMORY_H
#define LINUXU_MEMORY_H

#include <stdnoreturn.h>

#define LINUXU_SYS_MMAP 9
#define LINUXU_SYS_MPROTECT 10
#define LINUXU_SYS_RT_SIGACTION 13
#define LINUXU_SYS_SIGALTSTACK 131

/* Up to six arguments (arch/<arch>/exception_entry.S). */
long linuxu_syscall6(long number, long first, long second, long third,
		     long fourth, long fifth, long sixth);

/*
 * linuxu_stack_switch() - call @function(@argument) on the stack whose top
 * (highest address, 16-byte aligned) is @top; never returns.
 */
noreturn void linuxu_stack_switch(void *top, void (*function)(void *),
				  void *argument);

/*
 * linuxu_memory_init() - map the region (platform option memory-size) and
 * carve the boot stack and its guard page out of its bottom
 *
 * Return: the top of the boot stack, or NULL when the mapping failed (the
 *         process stack is then used and there is no free memory).
 * Context: linuxu_start(), once.
 */
void *linuxu_memory_init(void);

/*
 * linuxu_signals_init() - route SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP
 * to uc_exception_dispatch(), on an alternate signal stack
 *
 * Context: linuxu_start(), once, before the boot stack is used.
 */
void linuxu_signals_init(void);

#endif /* LINUXU_MEMORY_H */
