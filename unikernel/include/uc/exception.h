/*
 * Exception API: what happens when the CPU (or, on linuxu, the host kernel
 * through a signal) reports a fault in the unikernel.
 *
 * The platform catches every CPU exception and describes it in a struct
 * uc_exception_context, then calls uc_exception_dispatch() (lib/exception).
 * The handlers registered with uc_exception_handler_add() see it first, most
 * recent first; one of them may repair the cause (map a page, change a
 * register, move the instruction pointer) and resume. When none does, the
 * core prints a crash report on the console and stops the unikernel:
 *
 *   CRASH: <cause>: <detail>
 *     ip 0x... (function+0x12)  fault address 0x...  error code 0x...
 *     <registers>
 *   backtrace:
 *     #0 0x... function+0x12
 *     #1 ...
 *
 * with status UC_PROCESS_STATUS_STACK_OVERFLOW (123) when a stack ran into
 * its guard page and UC_PROCESS_STATUS_CPU_EXCEPTION (122) otherwise (see
 * uc/process.h). The cause lines are part of the console contract
 * (unikernel/README.md).
 *
 * The architecture defines struct ucarch_registers in <uc/arch/registers.h>
 * (arch/<arch>/include/): the general-purpose registers, the instruction
 * pointer, the stack pointer and the flags, with the inline accessors
 * ucarch_registers_ip(), ucarch_registers_sp(), ucarch_registers_frame()
 * and ucarch_registers_ip_set().
 */
#ifndef UC_EXCEPTION_H
#define UC_EXCEPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <uc/arch/registers.h>
#include <uc_config.h>

/* What went wrong, independent of the architecture's vector numbers. */
enum uc_exception_code {
	/* A data access to an unmapped or protected address. */
	UC_EXCEPTION_MEM_FAULT = 1,
	/* An instruction fetch from a non-executable or unmapped page. */
	UC_EXCEPTION_INST_FAULT,
	/* A memory or instruction fault in a stack's guard page. */
	UC_EXCEPTION_STACK_OVERFLOW,
	/* An integer division by zero (or an overflowing division). */
	UC_EXCEPTION_DIV_BY_ZERO,
	/* An undefined instruction (ud2, __builtin_trap()). */
	UC_EXCEPTION_INVALID_OPCODE,
	/* A general protection fault (e.g. a non-canonical address). */
	UC_EXCEPTION_GENERAL_PROTECTION,
	/* A misaligned access with alignment checking on. */
	UC_EXCEPTION_ALIGNMENT,
	/* An x87 or SIMD floating-point exception. */
	UC_EXCEPTION_FPU,
	/* A breakpoint instruction (int3); resuming continues after it. */
	UC_EXCEPTION_BREAKPOINT,
	/* A debug trap (single step, hardware breakpoint). */
	UC_EXCEPTION_DEBUG,
	/* An arithmetic overflow trap (into, bound). */
	UC_EXCEPTION_OVERFLOW,
	/* A fault while the CPU was delivering another one. */
	UC_EXCEPTION_DOUBLE_FAULT,
	/* The hardware reported an error (machine check, bus error). */
	UC_EXCEPTION_MACHINE_CHECK,
	/* Any other exception the CPU raises. */
	UC_EXCEPTION_OTHER,
};

/* The kind of access of a memory or instruction fault. */
enum uc_exception_access {
	UC_EXCEPTION_ACCESS_UNKNOWN = 0,
	UC_EXCEPTION_ACCESS_READ,
	UC_EXCEPTION_ACCESS_WRITE,
	UC_EXCEPTION_ACCESS_EXECUTE,
};

/*
 * struct uc_exception_context - one exception, as a handler sees it
 * @code: what went wrong
 * @vector: the architecture's number for it (x86_64: the interrupt vector;
 *          linuxu: the trap number the host kernel reports)
 * @error_code: the CPU's error code (x86_64 page faults: present, write,
 *              user, reserved, fetch bits), 0 when there is none
 * @fault_address: the address a memory, instruction or stack fault
 *                 touched; 0 for other codes
 * @access: the access of a memory, instruction or stack fault
 * @page_present: for those faults, whether the page was mapped (a
 *                protection violation) rather than unmapped
 * @stack_name: for UC_EXCEPTION_STACK_OVERFLOW, the name of the stack
 *              whose guard page was hit; NULL otherwise
 * @registers: the CPU state at the fault; a handler that resumes may change
 *             it and execution continues with the changed values
 */
struct uc_exception_context {
	enum uc_exception_code code;
	unsigned int vector;
	unsigned long error_code;
	uintptr_t fault_address;
	enum uc_exception_access access;
	bool page_present;
	const char *stack_name;
	struct ucarch_registers registers;
};

/* What a handler tells the dispatcher. */
enum uc_exception_action {
	/* Not mine: ask the next handler, finally crash. */
	UC_EXCEPTION_PASS = 0,
	/* Repaired: continue with context->registers. */
	UC_EXCEPTION_RESUME,
};

/*
 * uc_exception_handler_fn - a registered handler
 * @context: the exception; may be changed before resuming
 * @argument: the value given to uc_exception_handler_add()
 *
 * Context: exception context: on the faulting stack or an exception stack,
 * interrupts off (QEMU) or inside a signal handler (linuxu); it must not
 * allocate memory nor wait. A fault inside a handler is reported as a crash.
 * Return: UC_EXCEPTION_RESUME or UC_EXCEPTION_PASS.
 */
typedef enum uc_exception_action (*uc_exception_handler_fn)(
	struct uc_exception_context *context, void *argument);

/* Most handlers registered at the same time. */
#define UC_EXCEPTION_MAX_HANDLERS 8
/* Most stack guards registered at the same time: the option
 * max-stack-guards. */
#define UC_EXCEPTION_MAX_STACK_GUARDS UC_CONFIG_EXCEPTION_MAX_STACK_GUARDS

/*
 * uc_exception_handler_add() - register a handler for every exception
 * @handler: the function
 * @argument: passed to @handler as it is
 *
 * Handlers run most recently added first.
 * Context: thread context, not from a handler.
 * Return: 0; -UC_EINVAL when @handler is NULL; -UC_ENOSPC when
 *         UC_EXCEPTION_MAX_HANDLERS are registered already.
 */
int uc_exception_handler_add(uc_exception_handler_fn handler, void *argument);

/*
 * uc_exception_handler_del() - unregister a handler
 * @handler, @argument: as given to uc_exception_handler_add()
 *
 * Context: thread context, not from a handler.
 * Return: 0; -UC_ENOENT when that pair is not registered.
 */
int uc_exception_handler_del(uc_exception_handler_fn handler, void *argument);

/*
 * uc_exception_stack_guard_add() - declare a stack's guard area
 * @name: the stack's name in reports ("boot", "exception"...); kept, not
 *        copied
 * @start: the first address of the guard area (inaccessible memory just
 *         below the stack)
 * @length: its length in bytes
 *
 * A memory or instruction fault inside the area becomes
 * UC_EXCEPTION_STACK_OVERFLOW naming the stack.
 * Context: thread context.
 * Return: 0; -UC_EINVAL when @length is 0 or @name NULL; -UC_ENOSPC when
 *         UC_EXCEPTION_MAX_STACK_GUARDS are registered.
 */
int uc_exception_stack_guard_add(const char *name, uintptr_t start,
				 size_t length);

/*
 * uc_exception_stack_guard_del() - forget the guard area starting at @start
 *
 * Context: thread context.
 * Return: 0; -UC_ENOENT when no area starts there.
 */
int uc_exception_stack_guard_del(uintptr_t start);

/*
 * uc_exception_dispatch() - handle one exception (called by the platform)
 * @context: the exception as the platform decoded it; @context->code is
 *           turned into UC_EXCEPTION_STACK_OVERFLOW when the fault address
 *           lies in a registered stack guard
 *
 * Runs the handlers; without one that resumes, prints the crash report and
 * stops the unikernel (122 or 123). A fault while reporting stops at once
 * with 122.
 *
 * Context: the platform's exception entry only.
 * Return: only when a handler resumed; the platform then continues with
 *         @context->registers.
 */
void uc_exception_dispatch(struct uc_exception_context *context);

/*
 * uc_exception_code_name() - the cause as the crash report words it
 * ("memory fault", "stack overflow"...), never NULL.
 */
const char *uc_exception_code_name(enum uc_exception_code code);

/*
 * uc_exception_symbol_lookup() - the function that contains @address
 * @address: a code address
 * @offset: set to @address minus the function's start when found; may be
 *          NULL
 *
 * Uses the symbol table the build links into every image.
 * Context: any.
 * Return: the function's name, or NULL when @address is outside the image's
 *         code.
 */
const char *uc_exception_symbol_lookup(uintptr_t address, uintptr_t *offset);

/*
 * uc_exception_backtrace_print() - print a call chain on the console
 * @ip: the instruction pointer of the innermost frame
 * @frame: its frame pointer (the chain of saved frame pointers starts
 *         there; every source is compiled with frame pointers)
 *
 * Prints "backtrace:" then one "  #N 0x... function+0x..." line per frame,
 * at most 32, stopping at a null, misaligned or non-increasing frame.
 * Context: any.
 */
void uc_exception_backtrace_print(uintptr_t ip, uintptr_t frame);

/*
 * uc_exception_heap_corruption() - report a corrupt heap and stop
 * @allocator: the allocator's name ("alloc-buddy")
 * @problem: what was found ("double free of", "free of a foreign pointer")
 * @pointer: the pointer involved
 *
 * Prints "CRASH: heap corruption: <problem> <pointer> (<allocator>)" and a
 * backtrace of the caller, then stops with
 * UC_PROCESS_STATUS_HEAP_CORRUPTION (127).
 * Context: any; never returns.
 */
noreturn void uc_exception_heap_corruption(const char *allocator,
					   const char *problem,
					   const void *pointer);

#endif /* UC_EXCEPTION_H */
