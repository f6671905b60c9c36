/*
 * x86_64 part of the exception contract (uc/exception.h): the CPU state a
 * platform saves when an exception arrives, in the order its exception
 * entry pushes it, and the accessors generic code uses.
 */
#ifndef UC_ARCH_REGISTERS_H
#define UC_ARCH_REGISTERS_H

#include <stdint.h>

/*
 * struct ucarch_registers - the interrupted CPU state
 *
 * Every general-purpose register, then what the CPU pushes on an
 * exception: the instruction pointer (@rip), code segment, flags, stack
 * pointer (@rsp) and stack segment. A handler that resumes may change any
 * of them except the segments.
 */
struct ucarch_registers {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t rip, cs, rflags, rsp, ss;
};

static inline uintptr_t
ucarch_registers_ip(const struct ucarch_registers *registers)
{
	return registers->rip;
}

static inline void ucarch_registers_ip_set(struct ucarch_registers *registers,
					   uintptr_t ip)
{
	registers->rip = ip;
}

static inline uintptr_t
ucarch_registers_sp(const struct ucarch_registers *registers)
{
	return registers->rsp;
}

/* The frame pointer, where a frame-pointer backtrace starts. */
static inline uintptr_t
ucarch_registers_frame(const struct ucarch_registers *registers)
{
	return registers->rbp;
}

/*
 * ucarch_registers_print() - print the registers on the console, four per
 * line, each line indented by two spaces.
 * Context: any.
 */
void ucarch_registers_print(const struct ucarch_registers *registers);

/*
 * ucarch_breakpoint() - raise a breakpoint exception (int3)
 *
 * Returns when a handler resumes: int3 is a trap, so execution continues
 * after it without changing the instruction pointer.
 */
static inline void ucarch_breakpoint(void)
{
	__asm__ volatile("int3" : : : "memory");
}

/* The caller's frame pointer, for a backtrace from the current function. */
static inline uintptr_t ucarch_frame_current(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

#endif /* UC_ARCH_REGISTERS_H */
