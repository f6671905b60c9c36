/*
 * Start and end of a linuxu unikernel, which is an ordinary static Linux
 * process: the process's argument vector becomes the boot information, and
 * stopping exits the process with the status (exit_group keeps its low
 * 8 bits).
 */
#include <uc/plat/boot.h>
#include <uc/plat/lifecycle.h>
#include "linuxu.h"

noreturn void linuxu_start(long *stack)
{
	struct uc_boot_info info = {
		.argc = (int)stack[0],
		.argv = (char **)&stack[1],
	};

	uc_boot(&info);
}

noreturn void ucplat_halt(int status)
{
	linuxu_exit_group(status);
}
