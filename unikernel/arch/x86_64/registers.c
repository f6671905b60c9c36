/*
 * Printing the x86_64 register state of an exception (uc/arch/registers.h)
 * for the crash report.
 */
#include <uc/arch/registers.h>
#include <uc/console.h>

void ucarch_registers_print(const struct ucarch_registers *r)
{
	uc_console_printf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
			  (unsigned long)r->rax, (unsigned long)r->rbx,
			  (unsigned long)r->rcx, (unsigned long)r->rdx);
	uc_console_printf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n",
			  (unsigned long)r->rsi, (unsigned long)r->rdi,
			  (unsigned long)r->rbp, (unsigned long)r->rsp);
	uc_console_printf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n",
			  (unsigned long)r->r8, (unsigned long)r->r9,
			  (unsigned long)r->r10, (unsigned long)r->r11);
	uc_console_printf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n",
			  (unsigned long)r->r12, (unsigned long)r->r13,
			  (unsigned long)r->r14, (unsigned long)r->r15);
	uc_console_printf("  rip %016lx rflags %08lx cs %04lx ss %04lx\n",
			  (unsigned long)r->rip, (unsigned long)r->rflags,
			  (unsigned long)r->cs, (unsigned long)r->ss);
}
