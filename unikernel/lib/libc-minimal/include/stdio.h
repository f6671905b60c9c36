/*
 * <stdio.h> subset of libc-minimal: formatting into a buffer, parsing from
 * a string, and printf()/puts()/putchar() to the console. There are no
 * streams (FILE).
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, with the length modifiers l, ll
 * and z, the flags '-' (left-align) and '0' (zero-pad), a decimal field
 * width, and a precision (maximum length for %s, minimum digits for
 * integers). %p prints 0x and lowercase hexadecimal; %s prints "(null)"
 * for NULL. Any other conversion is copied to the output as it is.
 */
#ifndef UC_LIBC_STDIO_H
#define UC_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <uc/compiler.h>

/*
 * Formats into @buffer, writing at most @size bytes including the
 * terminating NUL (nothing when @size is 0). Returns the length the whole
 * output has, so a result >= @size means the output was cut.
 */
int vsnprintf(char *restrict buffer, size_t size, const char *restrict format,
	      va_list arguments) UC_PRINTF(3, 0);
int snprintf(char *restrict buffer, size_t size, const char *restrict format,
	     ...) UC_PRINTF(3, 4);

#define EOF (-1)

/*
 * printf(), vprintf(), puts(), putchar() write to the console through the
 * console API (uc/console.h); the console library defines them. printf()
 * output is cut to the console option printf-buffer-size minus one byte
 * per call; it returns the bytes written, or EOF when the console failed.
 * puts() adds a newline and returns 1; putchar() returns its character.
 */
int printf(const char *restrict format, ...) UC_PRINTF(1, 2);
int vprintf(const char *restrict format, va_list arguments) UC_PRINTF(1, 0);
int puts(const char *string);
int putchar(int character);

/*
 * sscanf() and vsscanf() - parse @string as the C standard's sscanf().
 *
 * Conversions: %d %i %u %o %x %X (with the length modifiers hh, h, l, ll,
 * z), %s, %c, %[set] (with ^ and ranges a-z), %n and %%; a field width;
 * '*' to skip assignment. White space in the format matches any amount of
 * white space. Numbers follow strtoll()/strtoull() (overflow clamps).
 * Return: the number of assignments, or EOF when the input ended before
 * the first conversion.
 */
int vsscanf(const char *restrict string, const char *restrict format,
	    va_list arguments) __attribute__((format(scanf, 2, 0)));
int sscanf(const char *restrict string, const char *restrict format, ...)
	__attribute__((format(scanf, 2, 3)));

#endif /* UC_LIBC_STDIO_H */
