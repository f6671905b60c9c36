/*
 * Start and end of a linuxu unikernel, which is an ordinary static Linux
 * process: the fault signals are routed to the exception API, the boot
 * continues on a stack with a guard page in the platform's memory region
 * (memory.c), the process's argument vector becomes the boot information, and
 * stopping exits the process with the status (exit_group keeps its low
 * 8 bits).
 */
#include <uc/plat/boot.h>
#include <uc/plat/lifecycle.h>
#include "linuxu.h"
#include "linuxu_memory.h"

static void boot(void *info)
{
	uc_boot(info);
}

noreturn void linuxu_start(long *stack)
{
	struct uc_boot_info info = {
		.argc = (int)stack[0],
		.argv = (char **)&stack[1],
	};
	void *boot_stack_top;

	linuxu_signals_init();
	boot_stack_top = linuxu_memory_init();
	if (!boot_stack_top)
		uc_boot(&info);
	linuxu_stack_switch(boot_stack_top, boot, &info);
}

noreturn void ucplat_halt(int status)
{
	linuxu_exit_group(status);
}
