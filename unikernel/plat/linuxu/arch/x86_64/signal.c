/*
 * Faults of the linuxu platform on x86_64, fed to the exception API
 * (uc/exception.h) from signals: SIGSEGV, SIGBUS, SIGFPE, SIGILL and
 * SIGTRAP, caught with SA_SIGINFO on an alternate stack (so that a stack
 * overflow can still be reported) and SA_NODEFER (so that a fault inside
 * the report reaches the dispatcher, which stops at once, instead of
 * killing the process silently).
 *
 * The host kernel's x86_64 signal frame carries what the CPU reported:
 * the trap number, the error code and CR2 (page faults), so the mapping to
 * exception codes is the same as on QEMU. A handler that resumes changes
 * the registers; they are written back into the signal frame and
 * rt_sigreturn continues with them.
 */
#include <stdint.h>
#include <uc/exception.h>
#include <uc/x86_64/page_fault.h>
#include "linuxu_memory.h"

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SIGALRM 14
#define SA_SIGINFO 0x4ul
#define SA_ONSTACK 0x08000000ul
#define SA_RESTORER 0x04000000ul
#define SA_NODEFER 0x40000000ul
#define ALTERNATE_STACK_SIZE 65536

#define TRAP_DIVIDE 0
#define TRAP_DEBUG 1
#define TRAP_BREAKPOINT 3
#define TRAP_OVERFLOW 4
#define TRAP_BOUND 5
#define TRAP_GENERAL_PROTECTION 13
#define TRAP_PAGE_FAULT 14
#define TRAP_ALIGNMENT 17
#define FPE_INTDIV 1

struct kernel_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

struct kernel_stack {
	void *base;
	int flags;
	size_t size;
};

struct siginfo {
	int signal;
	int error;
	int code;
	int padding;
	void *address;
};

/* The kernel's struct sigcontext on x86_64. */
struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
};

struct ucontext {
	unsigned long flags;
	struct ucontext *link;
	struct kernel_stack stack;
	struct sigcontext mcontext;
};

void linuxu_signal_restorer(void);

static uint8_t alternate_stack[ALTERNATE_STACK_SIZE]
	__attribute__((aligned(16)));

static enum uc_exception_code code_of(int signal, const struct siginfo *info,
				      const struct sigcontext *sc)
{
	switch (signal) {
	case SIGSEGV:
		if (sc->trapno == TRAP_GENERAL_PROTECTION)
			return UC_EXCEPTION_GENERAL_PROTECTION;
		return x86_page_fault_code(sc->err);
	case SIGBUS:
		return sc->trapno == TRAP_ALIGNMENT ? UC_EXCEPTION_ALIGNMENT :
						      UC_EXCEPTION_MEM_FAULT;
	case SIGFPE:
		if (sc->trapno == TRAP_DIVIDE || info->code == FPE_INTDIV)
			return UC_EXCEPTION_DIV_BY_ZERO;
		if (sc->trapno == TRAP_OVERFLOW || sc->trapno == TRAP_BOUND)
			return UC_EXCEPTION_OVERFLOW;
		return UC_EXCEPTION_FPU;
	case SIGILL:
		return UC_EXCEPTION_INVALID_OPCODE;
	case SIGTRAP:
		return sc->trapno == TRAP_DEBUG ? UC_EXCEPTION_DEBUG :
						  UC_EXCEPTION_BREAKPOINT;
	default:
		return UC_EXCEPTION_OTHER;
	}
}

static void on_signal(int signal, void *info_pointer, void *ucontext_pointer)
{
	const struct siginfo *info = info_pointer;
	struct sigcontext *sc =
		&((struct ucontext *)ucontext_pointer)->mcontext;
	struct uc_exception_context context = {
		.vector = sc->trapno,
		.error_code = sc->err,
	};
	struct ucarch_registers *r = &context.registers;

	context.code = code_of(signal, info, sc);
	if (context.code == UC_EXCEPTION_MEM_FAULT ||
	    context.code == UC_EXCEPTION_INST_FAULT) {
		context.fault_address = (uintptr_t)info->address;
		if (sc->trapno == TRAP_PAGE_FAULT)
			x86_page_fault_describe(sc->err, &context);
	}

	r->r15 = sc->r15, r->r14 = sc->r14, r->r13 = sc->r13;
	r->r12 = sc->r12, r->r11 = sc->r11, r->r10 = sc->r10;
	r->r9 = sc->r9, r->r8 = sc->r8, r->rbp = sc->rbp;
	r->rdi = sc->rdi, r->rsi = sc->rsi, r->rdx = sc->rdx;
	r->rcx = sc->rcx, r->rbx = sc->rbx, r->rax = sc->rax;
	r->rip = sc->rip, r->cs = sc->cs, r->rflags = sc->eflags;
	r->rsp = sc->rsp, r->ss = sc->ss;

	uc_exception_dispatch(&context);

	sc->r15 = r->r15, sc->r14 = r->r14, sc->r13 = r->r13;
	sc->r12 = r->r12, sc->r11 = r->r11, sc->r10 = r->r10;
	sc->r9 = r->r9, sc->r8 = r->r8, sc->rbp = r->rbp;
	sc->rdi = r->rdi, sc->rsi = r->rsi, sc->rdx = r->rdx;
	sc->rcx = r->rcx, sc->rbx = r->rbx, sc->rax = r->rax;
	sc->rip = r->rip, sc->eflags = r->rflags, sc->rsp = r->rsp;
}

void linuxu_signals_init(void)
{
	static const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				       SIGTRAP };
	struct kernel_stack stack = {
		.base = alternate_stack,
		.size = sizeof(alternate_stack),
	};
	struct kernel_sigaction action = {
		.handler = on_signal,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER,
		.restorer = linuxu_signal_restorer,
		/* The scheduler's timer must not switch threads while a
		 * fault is handled on the one alternate stack. */
		.mask = 1ull << (SIGALRM - 1),
	};
	unsigned int i;

	linuxu_syscall6(LINUXU_SYS_SIGALTSTACK, (long)&stack, 0, 0, 0, 0, 0);
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		linuxu_syscall6(LINUXU_SYS_RT_SIGACTION, signals[i],
				(long)&action, 0, sizeof(action.mask), 0, 0);
}
