/*
 * Console library: the console API (uc/console.h) on top of the platform's
 * console device (ucplat_console_write).
 *
 * Every call goes straight to the platform, so the console works before any
 * library has initialized and needs no init function. The only state is
 * whether the last byte written ended a line (line_open), which
 * uc_console_end_line() needs; it is updated on every write, whether or not
 * the platform reported an error.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <uc/console.h>
#include <uc/errno.h>
#include <uc/plat/console.h>
#include <uc_config.h>

UC_BUILD_ASSERT(UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE >= 2,
		"printf-buffer-size must hold a character and a NUL");

/* True when bytes have been written since the last newline. */
static bool line_open;

int uc_console_write(const char *buf, size_t length)
{
	if (length)
		line_open = buf[length - 1] != '\n';
	return ucplat_console_write(buf, length);
}

int uc_console_print(const char *string)
{
	return uc_console_write(string, strlen(string));
}

int uc_console_printf(const char *format, ...)
{
	char buffer[UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE];
	va_list arguments;
	int length;

	va_start(arguments, format);
	length = vsnprintf(buffer, sizeof(buffer), format, arguments);
	va_end(arguments);
	if (length < 0)
		return -UC_EINVAL; /* the C library rejected the format */
	if ((size_t)length >= sizeof(buffer))
		length = sizeof(buffer) - 1; /* cut, as documented */
	return uc_console_write(buffer, length);
}

int uc_console_end_line(void)
{
	return line_open ? uc_console_write("\n", 1) : 0;
}
