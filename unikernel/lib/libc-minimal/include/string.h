/*
 * <string.h> subset of libc-minimal: memory and string functions with the
 * C standard's semantics. Behaviour is undefined, as in the standard, for
 * NULL pointers, for destinations too small, and for overlapping buffers
 * except in memmove(). strdup() comes with the memory libraries' malloc.
 */
#ifndef UC_LIBC_STRING_H
#define UC_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict destination, const void *restrict source,
	     size_t length);
void *memmove(void *destination, const void *source, size_t length);
void *memset(void *destination, int byte, size_t length);
int memcmp(const void *left, const void *right, size_t length);
void *memchr(const void *memory, int byte, size_t length);

size_t strlen(const char *string);
size_t strnlen(const char *string, size_t max_length);
int strcmp(const char *left, const char *right);
int strncmp(const char *left, const char *right, size_t length);
char *strchr(const char *string, int character);
char *strrchr(const char *string, int character);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *string, const char *accept);
size_t strcspn(const char *string, const char *reject);

char *strcpy(char *restrict destination, const char *restrict source);
/* Pads with NULs up to @length; no NUL when @source is that long or longer. */
char *strncpy(char *restrict destination, const char *restrict source,
	      size_t length);
char *strcat(char *restrict destination, const char *restrict source);
/* Appends at most @length bytes of @source, then always a NUL. */
char *strncat(char *restrict destination, const char *restrict source,
	      size_t length);

#endif /* UC_LIBC_STRING_H */
