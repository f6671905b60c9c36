/*
 * The core's boot sequence, uc_boot(), and the end of the process,
 * uc_process_exit().
 *
 * Order: the platform entry calls uc_boot() once; it sets the stack canary
 * (stack_protector.c: uc_boot() never returns, so it may hold the old
 * canary in its frame), runs the libraries'
 * init functions in the order the build computed from their dependencies
 * (UC_CONFIG_INIT_CALLS), builds argv, prints the start marker, calls main()
 * and passes its return value to uc_process_exit(), which prints the exit
 * marker and halts the platform, first masking interrupts so that no
 * other thread runs once the exit has begun (threads stop with it). A failure before main() prints what failed
 * and stops with one of the statuses 120-127 reserved in uc/process.h,
 * also through the exit marker. The markers are the console contract of
 * unikernel/README.md; change them only together with it.
 */
#include <stddef.h>
#include <uc/console.h>
#include <uc/plat/boot.h>
#include <uc/plat/lifecycle.h>
#include <uc/plat/timer.h>
#include <uc/process.h>
#include <uc_config.h>
#include "process.h"

#define START_MARKER                                                    \
	"UNICORE:START app=" UC_CONFIG_APP_NAME " plat=" UC_CONFIG_PLAT \
	" arch=" UC_CONFIG_ARCH "\n"

struct init_call {
	const char *library;
	const char *function_name;
	int (*function)(void);
};

/* Every init function the build names is an int function(void). */
#define DECLARE_INIT_CALL(library, function) int function(void);
UC_CONFIG_INIT_CALLS(DECLARE_INIT_CALL)

#define INIT_CALL(library, function) { library, #function, function },
static const struct init_call init_calls[] = {
	UC_CONFIG_INIT_CALLS(INIT_CALL) /* in order, then the end: */
	{ NULL, NULL, NULL },
};

static void init_libraries(void)
{
	const struct init_call *call;
	int error;

	for (call = init_calls; call->function; call++) {
		error = call->function();
		if (error) {
			uc_console_end_line();
			uc_console_printf("process: library %s failed to "
					  "initialize: %s() returned %d\n",
					  call->library, call->function_name,
					  error);
			uc_process_exit(UC_PROCESS_STATUS_INIT_FAILED);
		}
	}
}

noreturn void uc_boot(const struct uc_boot_info *info)
{
	const char *name, *cmdline;
	char **argv;
	int argc, error;

	process_stack_protector_init();
	init_libraries();

	if (info->argc > 1) {
		argc = info->argc;
		argv = info->argv;
	} else {
		name = info->argc == 1 ? info->argv[0] : UC_CONFIG_APP_NAME;
		cmdline = info->cmdline && *info->cmdline ? info->cmdline :
							    UC_CONFIG_CMDLINE;
		error = process_argv_build(name, cmdline, &argc, &argv);
		if (error) {
			uc_console_end_line();
			uc_console_printf("process: the command line does not "
					  "fit (error %d); raise the process "
					  "options cmdline-size (%d bytes) or "
					  "max-args (%d)\n",
					  error, UC_CONFIG_PROCESS_CMDLINE_SIZE,
					  UC_CONFIG_PROCESS_MAX_ARGS);
			uc_process_exit(UC_PROCESS_STATUS_CMDLINE_TOO_LONG);
		}
	}

	uc_console_end_line();
	uc_console_print(START_MARKER);
	uc_process_exit(main(argc, argv));
}

noreturn void uc_process_exit(int status)
{
	/* No thread may run (be switched to) once the exit has begun. */
	ucplat_irq_save();
	uc_console_end_line();
	uc_console_printf("UNICORE:EXIT status=%d\n", status);
	ucplat_halt(status);
}
