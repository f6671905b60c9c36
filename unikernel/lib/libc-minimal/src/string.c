/*
 * Memory and string functions of libc-minimal (<string.h>).
 *
 * Written for clarity, byte by byte; the compiler vectorizes the simple
 * loops. The build passes -fno-tree-loop-distribute-patterns so that the
 * compiler never turns these loops back into calls to themselves.
 */
#include <stdint.h>
#include <string.h>

void *memcpy(void *restrict destination, const void *restrict source,
	     size_t length)
{
	unsigned char *to = destination;
	const unsigned char *from = source;

	while (length--)
		*to++ = *from++;
	return destination;
}

void *memmove(void *destination, const void *source, size_t length)
{
	unsigned char *to = destination;
	const unsigned char *from = source;

	/* Copy backwards when the destination starts above the source. */
	if ((uintptr_t)to <= (uintptr_t)from) {
		while (length--)
			*to++ = *from++;
	} else {
		while (length--)
			to[length] = from[length];
	}
	return destination;
}

void *memset(void *destination, int byte, size_t length)
{
	unsigned char *to = destination;

	while (length--)
		*to++ = (unsigned char)byte;
	return destination;
}

int memcmp(const void *left, const void *right, size_t length)
{
	const unsigned char *a = left;
	const unsigned char *b = right;

	for (; length; length--, a++, b++) {
		if (*a != *b)
			return *a - *b;
	}
	return 0;
}

size_t strlen(const char *string)
{
	const char *end = string;

	while (*end)
		end++;
	return end - string;
}

int strcmp(const char *left, const char *right)
{
	const unsigned char *a = (const unsigned char *)left;
	const unsigned char *b = (const unsigned char *)right;

	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a - *b;
}

int strncmp(const char *left, const char *right, size_t length)
{
	const unsigned char *a = (const unsigned char *)left;
	const unsigned char *b = (const unsigned char *)right;

	for (; length; length--, a++, b++) {
		if (*a != *b || !*a)
			return *a - *b;
	}
	return 0;
}

char *strchr(const char *string, int character)
{
	const char wanted = (char)character;

	for (;; string++) {
		if (*string == wanted)
			return (char *)string;
		if (!*string)
			return NULL;
	}
}
