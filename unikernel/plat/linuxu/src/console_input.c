/*
 * Console input of the linuxu platform (uc/plat/console_input.h): the
 * process's standard input (fd 0), read with read(2), which blocks until
 * bytes arrive and returns 0 at the end of the input.
 */
#include <uc/errno.h>
#include <uc/plat/console_input.h>
#include "syscall.h"

#define STDIN_FD 0

long ucplat_console_read(char *buf, size_t length)
{
	long got;

	do {
		got = linuxu_syscall3(LINUXU_SYS_READ, STDIN_FD, (long)buf,
				      (long)length);
	} while (got == -UC_EINTR);
	return got;
}
