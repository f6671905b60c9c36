/*
 * Platform contract: handing over from the platform's entry code to the
 * core's boot sequence.
 *
 * A platform's entry code sets up the CPU, a stack and its console device,
 * collects the command line, and calls uc_boot() exactly once. uc_boot()
 * (lib/process) runs the library initializers and the application.
 */
#ifndef UC_PLAT_BOOT_H
#define UC_PLAT_BOOT_H

#include <stdnoreturn.h>

/*
 * struct uc_boot_info - what the platform learned about how it was started
 * @cmdline: the arguments after argv[0] as one string (split on spaces,
 *           double quotes group), or NULL or "" for none; read only
 * @argc: number of entries of @argv, or 0 when the platform has no argument
 *        vector of its own (a virtual machine)
 * @argv: an argument vector already split by the host (linuxu), with
 *        argv[argc] == NULL, or NULL when @argc is 0
 *
 * When @argc > 1, @argv is used as it is and @cmdline is ignored. Otherwise
 * argv[0] is @argv[0] (if @argc is 1) or the application's name, followed by
 * @cmdline split into words, or by the build's default command line
 * (UC_CONFIG_CMDLINE) when @cmdline is empty.
 */
struct uc_boot_info {
	const char *cmdline;
	int argc;
	char **argv;
};

/*
 * uc_boot() - run the unikernel: initialize, run main(), stop
 * @info: how the platform was started; only read during the call
 *
 * Context: the platform's entry, once, on the boot stack, with the console
 * ready. Never returns: it ends in ucplat_halt().
 */
noreturn void uc_boot(const struct uc_boot_info *info);

#endif /* UC_PLAT_BOOT_H */
