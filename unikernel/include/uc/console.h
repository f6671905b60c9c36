/*
 * Console API: text output on the unikernel's console (the serial port on a
 * virtual machine, standard output on linuxu).
 *
 * The console is usable from the first line of the boot sequence: the
 * platform prepares its device before any library initializes. Output is
 * written synchronously (polled), in order, and is complete when a call
 * returns. Calls are not serialized against each other: the core has a
 * single thread of execution for now.
 *
 * Every function returns 0 or the negative errno (Linux numbering) the
 * platform reported, for example -EPIPE when linuxu's standard output is a
 * closed pipe. Output cannot fail on QEMU.
 */
#ifndef UC_CONSOLE_H
#define UC_CONSOLE_H

#include <stddef.h>
#include <uc/compiler.h>

/*
 * uc_console_write() - write bytes to the console as they are
 * @buf: the bytes; need not be NUL-terminated
 * @length: number of bytes of @buf to write; 0 writes nothing
 *
 * Context: any; busy-waits until the device has taken every byte.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_write(const char *buf, size_t length);

/*
 * uc_console_print() - write a NUL-terminated string to the console
 * @string: the text; no newline is added
 *
 * Context: any; busy-waits until the device has taken every byte.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_print(const char *string);

/*
 * uc_console_printf() - format like snprintf() and write the result
 * @format: a format the C library's vsnprintf() understands
 *
 * The text is formatted on the stack into a buffer of
 * UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE bytes (console option
 * printf-buffer-size); longer output is cut to that size minus one byte.
 * Cutting is not reported as an error.
 *
 * Context: any; uses printf-buffer-size bytes of stack.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_printf(const char *format, ...) UC_PRINTF(1, 2);

/*
 * uc_console_end_line() - make the next output start a line
 *
 * Writes "\n" when the last byte written through this API was not a
 * newline (an application left a line unfinished); writes nothing at the
 * start of the output or after a newline. The boot sequence calls it so
 * that its markers always sit on lines of their own.
 *
 * Context: any.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_end_line(void);

#endif /* UC_CONSOLE_H */
