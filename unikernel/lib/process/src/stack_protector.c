/*
 * The stack protector's runtime: the canary (__stack_chk_guard) and the
 * report when a function finds it overwritten (__stack_chk_fail).
 *
 * The Makefile compiles everything with -fstack-protector-strong and
 * -mstack-protector-guard=global, so every function with a local array or
 * an address-taken local copies __stack_chk_guard into its frame on entry
 * and compares the copy before returning.
 *
 * Invariant: the canary changes exactly once, in
 * process_stack_protector_init(), which uc_boot() calls first. At that
 * moment the only protected functions on the stack are the platform's entry
 * and uc_boot() itself, and neither ever returns, so no function ever
 * compares a copy of the boot-time zero with the random canary. The init
 * function itself is not protected (no_stack_protector). The canary's low
 * byte is zero, so that an overflow through a C string copy cannot write
 * the canary back; the rest comes from the platform's entropy, never 0.
 */
#include <stdint.h>
#include <uc/console.h>
#include <uc/plat/entropy.h>
#include <uc/process.h>
#include "process.h"

/* Any non-zero value with a zero low byte; used only if entropy gave 0. */
#define FALLBACK_CANARY 0x8badf00dfeedfa00ull

uintptr_t __stack_chk_guard;

noreturn void __stack_chk_fail(void);

__attribute__((no_stack_protector)) void process_stack_protector_init(void)
{
	uintptr_t canary = 0;
	int error = ucplat_entropy_get(&canary, sizeof(canary));

	canary &= ~(uintptr_t)0xff;
	if (!canary)
		canary = FALLBACK_CANARY;
	__stack_chk_guard = canary;
	canary = 0;

	if (error) {
		uc_console_end_line();
		uc_console_printf(
			"WARNING: no good entropy source (error %d): the stack "
			"canary and random numbers are guessable; give the CPU "
			"RDRAND (QEMU: -cpu qemu64,+rdrand or -cpu max)\n",
			error);
	}
}

__attribute__((no_stack_protector)) noreturn void __stack_chk_fail(void)
{
	/* The call sits in the function whose frame was overwritten. */
	void *ip = __builtin_return_address(0);

	uc_console_end_line();
	uc_console_printf("CRASH: stack smashing detected: a stack buffer "
			  "overflowed in the function at ip %p\n",
			  ip);
	uc_process_exit(UC_PROCESS_STATUS_STACK_SMASHED);
}
