/*
 * <string.h> subset of libc-minimal: memory and string functions with the
 * C standard's semantics. Behaviour is undefined, as in the standard, for
 * NULL pointers and for overlapping buffers except in memmove().
 */
#ifndef UC_LIBC_STRING_H
#define UC_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict destination, const void *restrict source,
	     size_t length);
void *memmove(void *destination, const void *source, size_t length);
void *memset(void *destination, int byte, size_t length);
int memcmp(const void *left, const void *right, size_t length);

size_t strlen(const char *string);
int strcmp(const char *left, const char *right);
int strncmp(const char *left, const char *right, size_t length);
char *strchr(const char *string, int character);

#endif /* UC_LIBC_STRING_H */
