/*
 * Console input of the console library (uc/console.h): raw reads, lines
 * and line-based scanf, on top of the platform's ucplat_console_read().
 * Lines are read one byte at a time so that nothing after a newline is
 * ever taken from the device and lost.
 */
#include <stdarg.h>
#include <stdio.h>
#include <uc/console.h>
#include <uc/errno.h>
#include <uc/plat/console_input.h>
#include <uc_config.h>

long uc_console_read(char *buf, size_t length)
{
	return length ? ucplat_console_read(buf, length) : 0;
}

int uc_console_read_line(char *buf, size_t size)
{
	size_t length = 0;
	bool any = false;
	char byte;
	long got;

	for (;;) {
		got = ucplat_console_read(&byte, 1);
		if (got < 0)
			return got == UC_CONSOLE_EOF ? -UC_EIO : (int)got;
		if (got == 0) {
			if (!any)
				return UC_CONSOLE_EOF;
			break;
		}
		any = true;
		if (byte == '\n')
			break;
		if (length + 1 < size)
			buf[length++] = byte;
	}
	if (length && buf[length - 1] == '\r')
		length--;
	buf[length] = '\0';
	return (int)length;
}

int uc_console_scanf(const char *format, ...)
{
	char line[UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE];
	va_list arguments;
	int count;

	count = uc_console_read_line(line, sizeof(line));
	if (count < 0)
		return UC_CONSOLE_EOF;
	va_start(arguments, format);
	count = vsscanf(line, format, arguments);
	va_end(arguments);
	return count < 0 ? 0 : count;
}
