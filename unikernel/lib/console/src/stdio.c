/*
 * The console half of libc-minimal's <stdio.h>: printf(), vprintf(),
 * puts() and putchar() write to the console through the console API, so
 * that the boot markers still start their own lines after them. They live
 * here because the C library cannot depend on the console (the console
 * depends on it); every image has the console (the process library
 * requires it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <uc/console.h>
#include <uc_config.h>

int vprintf(const char *restrict format, va_list arguments)
{
	char buffer[UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE];
	int length = vsnprintf(buffer, sizeof(buffer), format, arguments);
	size_t stored;

	if (length < 0)
		return -1;
	stored = (size_t)length < sizeof(buffer) ? (size_t)length :
						   sizeof(buffer) - 1;
	return uc_console_write(buffer, stored) ? -1 : (int)stored;
}

int printf(const char *restrict format, ...)
{
	va_list arguments;
	int length;

	va_start(arguments, format);
	length = vprintf(format, arguments);
	va_end(arguments);
	return length;
}

int puts(const char *string)
{
	if (uc_console_print(string) || uc_console_write("\n", 1))
		return -1;
	return 1;
}

int putchar(int character)
{
	char byte = (char)character;

	return uc_console_write(&byte, 1) ? -1 : (unsigned char)byte;
}
