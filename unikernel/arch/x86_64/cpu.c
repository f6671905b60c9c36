/*
 * x86_64 implementation of the CPU contract (uc/arch/cpu.h).
 *
 * Compiled for every x86_64 platform; a user-space platform (linuxu) never
 * calls it and the linker drops it there (--gc-sections).
 */
#include <uc/arch/cpu.h>

noreturn void ucarch_halt(void)
{
	/* hlt with interrupts off only wakes for an NMI: go back to sleep. */
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}
