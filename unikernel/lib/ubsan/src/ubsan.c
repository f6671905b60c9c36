/*
 * Minimal UndefinedBehaviorSanitizer runtime: the __ubsan_handle_* entry
 * points GCC's -fsanitize=undefined calls. Each prints the kind of
 * undefined behaviour and its source location and stops the unikernel
 * (status 126): the build uses -fno-sanitize-recover=all, so the compiler
 * calls the _abort variants and never expects a handler to return; the
 * recoverable names are defined too, with the same behaviour, for code
 * built with recovery.
 *
 * Every handler's first argument points at a structure that starts with
 * the source location; the operands that follow are not printed (their
 * types would have to be decoded), which keeps the runtime small. A
 * handler that fires while a report is being printed (undefined behaviour
 * in the console path) stops at once without printing.
 */
#include <stdbool.h>
#include <stdint.h>
#include <uc/console.h>
#include <uc/process.h>

struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

static bool reporting;

__attribute__((no_sanitize("undefined"))) static noreturn void
report(const char *kind, const struct source_location *location)
{
	if (!reporting) {
		reporting = true;
		uc_console_end_line();
		uc_console_printf(
			"CRASH: undefined behaviour: %s at %s:%u:%u\n", kind,
			location ? location->file : "?",
			location ? location->line : 0,
			location ? location->column : 0);
	}
	uc_process_exit(UC_PROCESS_STATUS_STACK_SMASHED);
}

/*
 * Defines __ubsan_handle_<name> and __ubsan_handle_<name>_abort. The
 * extra parameters cover every handler's operands (at most two words),
 * which the x86_64 calling convention passes in registers, so a caller
 * passing fewer is harmless.
 */
#define HANDLER(name, kind)                                              \
	noreturn void __ubsan_handle_##name(void *data, uintptr_t first, \
					    uintptr_t second);           \
	noreturn void __ubsan_handle_##name##_abort(                     \
		void *data, uintptr_t first, uintptr_t second);          \
	__attribute__((no_sanitize("undefined")))                        \
	noreturn void __ubsan_handle_##name(void *data, uintptr_t first, \
					    uintptr_t second)            \
	{                                                                \
		(void)first;                                             \
		(void)second;                                            \
		report(kind, data);                                      \
	}                                                                \
	__attribute__((no_sanitize("undefined")))                        \
	noreturn void __ubsan_handle_##name##_abort(                     \
		void *data, uintptr_t first, uintptr_t second)           \
	{                                                                \
		(void)first;                                             \
		(void)second;                                            \
		report(kind, data);                                      \
	}

HANDLER(add_overflow, "signed integer overflow in addition")
HANDLER(sub_overflow, "signed integer overflow in subtraction")
HANDLER(mul_overflow, "signed integer overflow in multiplication")
HANDLER(negate_overflow, "signed integer overflow in negation")
HANDLER(divrem_overflow, "division by zero or overflow in division")
HANDLER(shift_out_of_bounds, "shift out of bounds")
HANDLER(out_of_bounds, "array index out of bounds")
HANDLER(type_mismatch_v1, "misaligned, null or too small object access")
HANDLER(vla_bound_not_positive, "variable-length array bound not positive")
HANDLER(load_invalid_value, "load of an invalid bool or enum value")
HANDLER(nonnull_arg, "null passed as a nonnull argument")
HANDLER(nonnull_return_v1, "null returned from a returns_nonnull function")
HANDLER(pointer_overflow, "pointer arithmetic overflow")
HANDLER(invalid_builtin, "invalid argument to a builtin (clz/ctz of 0)")
HANDLER(float_cast_overflow, "floating-point conversion overflow")

/* These two have no _abort variant: execution cannot go on after them. */
noreturn void __ubsan_handle_builtin_unreachable(void *data);
noreturn void __ubsan_handle_missing_return(void *data);

__attribute__((no_sanitize("undefined"))) noreturn void
__ubsan_handle_builtin_unreachable(void *data)
{
	report("__builtin_unreachable() reached", data);
}

__attribute__((no_sanitize("undefined"))) noreturn void
__ubsan_handle_missing_return(void *data)
{
	report("end of a value-returning function reached", data);
}
