/*
 * The generic half of the exception API (uc/exception.h): the handler and
 * stack-guard registries, the dispatcher the platforms call, and the crash
 * report.
 *
 * Invariants: the registries are fixed arrays changed only from thread
 * context (there is one thread), so a dispatch sees a consistent snapshot.
 * A fault while a report is being printed (reporting != 0) stops at once
 * instead of recursing.
 */
#include <uc/console.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/plat/lifecycle.h>
#include <uc/process.h>

struct handler {
	uc_exception_handler_fn function;
	void *argument;
};

struct stack_guard {
	const char *name;
	uintptr_t start;
	size_t length;
};

static struct handler handlers[UC_EXCEPTION_MAX_HANDLERS];
static unsigned int handler_count;
static struct stack_guard guards[UC_EXCEPTION_MAX_STACK_GUARDS];
static volatile int reporting;

int uc_exception_handler_add(uc_exception_handler_fn handler, void *argument)
{
	if (!handler)
		return -UC_EINVAL;
	if (handler_count == UC_EXCEPTION_MAX_HANDLERS)
		return -UC_ENOSPC;
	handlers[handler_count].function = handler;
	handlers[handler_count].argument = argument;
	handler_count++;
	return 0;
}

int uc_exception_handler_del(uc_exception_handler_fn handler, void *argument)
{
	unsigned int i;

	for (i = 0; i < handler_count; i++) {
		if (handlers[i].function == handler &&
		    handlers[i].argument == argument)
			break;
	}
	if (i == handler_count)
		return -UC_ENOENT;
	for (; i + 1 < handler_count; i++)
		handlers[i] = handlers[i + 1];
	handler_count--;
	return 0;
}

int uc_exception_stack_guard_add(const char *name, uintptr_t start,
				 size_t length)
{
	unsigned int i;

	if (!name || !length)
		return -UC_EINVAL;
	for (i = 0; i < UC_EXCEPTION_MAX_STACK_GUARDS; i++) {
		if (!guards[i].length) {
			guards[i].name = name;
			guards[i].start = start;
			guards[i].length = length;
			return 0;
		}
	}
	return -UC_ENOSPC;
}

int uc_exception_stack_guard_del(uintptr_t start)
{
	unsigned int i;

	for (i = 0; i < UC_EXCEPTION_MAX_STACK_GUARDS; i++) {
		if (guards[i].length && guards[i].start == start) {
			guards[i].length = 0;
			return 0;
		}
	}
	return -UC_ENOENT;
}

static const struct stack_guard *guard_of(uintptr_t address)
{
	unsigned int i;

	for (i = 0; i < UC_EXCEPTION_MAX_STACK_GUARDS; i++) {
		if (guards[i].length && address >= guards[i].start &&
		    address - guards[i].start < guards[i].length)
			return &guards[i];
	}
	return NULL;
}

const char *uc_exception_code_name(enum uc_exception_code code)
{
	switch (code) {
	case UC_EXCEPTION_MEM_FAULT:
		return "memory fault";
	case UC_EXCEPTION_INST_FAULT:
		return "instruction fault";
	case UC_EXCEPTION_STACK_OVERFLOW:
		return "stack overflow";
	case UC_EXCEPTION_DIV_BY_ZERO:
		return "division by zero";
	case UC_EXCEPTION_INVALID_OPCODE:
		return "invalid opcode";
	case UC_EXCEPTION_GENERAL_PROTECTION:
		return "general protection fault";
	case UC_EXCEPTION_ALIGNMENT:
		return "alignment check";
	case UC_EXCEPTION_FPU:
		return "floating-point exception";
	case UC_EXCEPTION_BREAKPOINT:
		return "breakpoint";
	case UC_EXCEPTION_DEBUG:
		return "debug trap";
	case UC_EXCEPTION_OVERFLOW:
		return "arithmetic overflow";
	case UC_EXCEPTION_DOUBLE_FAULT:
		return "double fault";
	case UC_EXCEPTION_MACHINE_CHECK:
		return "machine check";
	default:
		return "CPU exception";
	}
}

static const char *access_name(enum uc_exception_access access)
{
	switch (access) {
	case UC_EXCEPTION_ACCESS_READ:
		return "read of";
	case UC_EXCEPTION_ACCESS_WRITE:
		return "write to";
	case UC_EXCEPTION_ACCESS_EXECUTE:
		return "execution of";
	default:
		return "access to";
	}
}

/* The cause line: "CRASH: <cause>: <detail>". */
static void print_cause(const struct uc_exception_context *context)
{
	const char *cause = uc_exception_code_name(context->code);
	uintptr_t address = context->fault_address;

	switch (context->code) {
	case UC_EXCEPTION_STACK_OVERFLOW:
		uc_console_printf("CRASH: %s: the %s stack overflowed into its "
				  "guard page at %p\n",
				  cause, context->stack_name, (void *)address);
		break;
	case UC_EXCEPTION_MEM_FAULT:
	case UC_EXCEPTION_INST_FAULT:
		uc_console_printf(
			"CRASH: %s: %s %s page at %p%s\n", cause,
			access_name(context->access),
			context->page_present ?
				(context->access ==
						 UC_EXCEPTION_ACCESS_EXECUTE ?
					 "a non-executable" :
					 "a read-only") :
				"an unmapped",
			(void *)address,
			address < 4096 ? " (NULL pointer)" : "");
		break;
	default:
		uc_console_printf(
			"CRASH: %s: vector %u at ip %p\n", cause,
			context->vector,
			(void *)ucarch_registers_ip(&context->registers));
		break;
	}
}

static void print_report(const struct uc_exception_context *context)
{
	uintptr_t ip = ucarch_registers_ip(&context->registers);
	uintptr_t offset = 0;
	const char *function = uc_exception_symbol_lookup(ip, &offset);

	uc_console_end_line();
	print_cause(context);
	uc_console_printf("  ip %p (%s+0x%lx)  fault address %p  error code "
			  "0x%lx\n",
			  (void *)ip, function ? function : "?",
			  (unsigned long)offset, (void *)context->fault_address,
			  context->error_code);
	ucarch_registers_print(&context->registers);
	uc_exception_backtrace_print(
		ip, ucarch_registers_frame(&context->registers));
}

void uc_exception_dispatch(struct uc_exception_context *context)
{
	const struct stack_guard *guard;
	unsigned int i;
	int status;

	if (reporting) {
		uc_console_print("\nCRASH: fault while reporting a crash\n");
		ucplat_halt(UC_PROCESS_STATUS_CPU_EXCEPTION);
	}
	if (context->code == UC_EXCEPTION_MEM_FAULT ||
	    context->code == UC_EXCEPTION_INST_FAULT) {
		guard = guard_of(context->fault_address);
		if (guard) {
			context->code = UC_EXCEPTION_STACK_OVERFLOW;
			context->stack_name = guard->name;
		}
	}

	for (i = handler_count; i > 0; i--) {
		if (handlers[i - 1].function(context,
					     handlers[i - 1].argument) ==
		    UC_EXCEPTION_RESUME)
			return;
	}

	reporting = 1;
	print_report(context);
	status = context->code == UC_EXCEPTION_STACK_OVERFLOW ?
			 UC_PROCESS_STATUS_STACK_OVERFLOW :
			 UC_PROCESS_STATUS_CPU_EXCEPTION;
	uc_process_exit(status);
}

noreturn void uc_exception_heap_corruption(const char *allocator,
					   const char *problem,
					   const void *pointer)
{
	reporting = 1;
	uc_console_end_line();
	uc_console_printf("CRASH: heap corruption: %s %p (%s)\n", problem,
			  pointer, allocator);
	/* From the caller: its return address and its caller's frame. */
	uc_exception_backtrace_print(
		(uintptr_t)__builtin_return_address(0) - 1,
		*(const uintptr_t *)ucarch_frame_current());
	uc_process_exit(UC_PROCESS_STATUS_HEAP_CORRUPTION);
}
