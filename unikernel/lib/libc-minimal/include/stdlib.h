/*
 * <stdlib.h> subset of libc-minimal: number parsing.
 */
#ifndef UC_LIBC_STDLIB_H
#define UC_LIBC_STDLIB_H

/*
 * strtol() as in the C standard (leading white space, optional sign, base 0
 * or 2 to 36, "0x" prefix for base 16 and 0), except that there is no errno:
 * an out-of-range value is clamped to LONG_MAX or LONG_MIN without ERANGE.
 * When no digits are found, returns 0 and sets *@end to @string.
 */
long strtol(const char *restrict string, char **restrict end, int base);

#endif /* UC_LIBC_STDLIB_H */
