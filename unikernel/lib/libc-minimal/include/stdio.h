/*
 * <stdio.h> subset of libc-minimal: formatting into a buffer. There are no
 * streams; console output goes through the console API (uc/console.h).
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

#endif /* UC_LIBC_STDIO_H */
