/*
 * Console of the linuxu platform: the process's standard output (fd 1),
 * written with write(2) until every byte is out.
 */
#include <uc/errno.h>
#include <uc/plat/console.h>
#include "linuxu.h"

#define STDOUT_FD 1

int ucplat_console_write(const char *buf, size_t length)
{
	long written;

	while (length) {
		written = linuxu_write(STDOUT_FD, buf, length);
		if (written == -UC_EINTR)
			continue;
		if (written < 0)
			return (int)written;
		buf += written;
		length -= written;
	}
	return 0;
}
