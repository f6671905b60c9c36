/*
 * Stopping a QEMU virtual machine (uc/plat/lifecycle.h): ask QEMU to exit
 * with the status, and when the machine cannot do that (no exit device),
 * stop the CPU so that the machine idles instead of spinning.
 */
#include <uc/arch/cpu.h>
#include <uc/plat/lifecycle.h>
#include "qemu.h"

noreturn void ucplat_halt(int status)
{
	qemu_vmm_exit(status);
	ucarch_halt();
}
