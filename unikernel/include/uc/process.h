/*
 * Process API: the unikernel runs exactly one application, started once at
 * boot, and stops when it ends.
 *
 * The boot sequence (lib/process) calls the application's main() after every
 * library has initialized, and stops the unikernel with main()'s return
 * value, exactly as if main() had called uc_process_exit(). The console
 * markers and exit codes around it are described in unikernel/README.md.
 */
#ifndef UC_PROCESS_H
#define UC_PROCESS_H

#include <stdnoreturn.h>

/*
 * Exit statuses 120 to 127 are reserved for the core, which uses them when
 * the application never starts or crashes. They fit the 7 bits that survive
 * isa-debug-exit on QEMU.
 */
/* A library's init function failed; the console names the library. */
#define UC_PROCESS_STATUS_INIT_FAILED 120
/* The command line does not fit the process options cmdline-size/max-args. */
#define UC_PROCESS_STATUS_CMDLINE_TOO_LONG 121
/* A CPU exception (or fault signal) no handler resolved (uc/exception.h). */
#define UC_PROCESS_STATUS_CPU_EXCEPTION 122
/* A stack ran into its guard page (uc/exception.h). */
#define UC_PROCESS_STATUS_STACK_OVERFLOW 123
/* 124 and 125 are never used: `unicore run` reports a timeout and a
 * missing exit marker with them. */
/* A function found its stack canary overwritten (a stack buffer overflow). */
#define UC_PROCESS_STATUS_STACK_SMASHED 126
/* An allocator found its heap corrupt: a double free, a free of a pointer
 * it never returned, overwritten block headers (uc/exception.h). */
#define UC_PROCESS_STATUS_HEAP_CORRUPTION 127

/*
 * main() - the application's entry point, provided by the application
 * @argc: number of entries of @argv, at least 1
 * @argv: the arguments, NULL-terminated; argv[0] is the application's name
 *        (on linuxu the program path the process was started with)
 *
 * Context: called once, on the boot stack, after all library init functions.
 * Return: the exit status of the unikernel.
 */
int main(int argc, char *argv[]);

/*
 * uc_process_exit() - stop the application and the unikernel
 * @status: exit status; the console marker shows it in full, the platform's
 *          exit code may keep only its low bits (see unikernel/README.md)
 *
 * Prints the exit marker, then asks the platform to stop with @status.
 *
 * Context: any; never returns.
 */
noreturn void uc_process_exit(int status);

#endif /* UC_PROCESS_H */
