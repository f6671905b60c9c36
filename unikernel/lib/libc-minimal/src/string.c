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

void *memchr(const void *memory, int byte, size_t length)
{
	const unsigned char *cursor = memory;

	for (; length; length--, cursor++) {
		if (*cursor == (unsigned char)byte)
			return (void *)cursor;
	}
	return NULL;
}

size_t strnlen(const char *string, size_t max_length)
{
	size_t length = 0;

	while (length < max_length && string[length])
		length++;
	return length;
}

char *strrchr(const char *string, int character)
{
	const char wanted = (char)character;
	const char *last = NULL;

	for (;; string++) {
		if (*string == wanted)
			last = string;
		if (!*string)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t length = strlen(needle);

	for (; *haystack; haystack++) {
		if (!strncmp(haystack, needle, length))
			return (char *)haystack;
	}
	return length ? NULL : (char *)haystack;
}

size_t strspn(const char *string, const char *accept)
{
	size_t length = 0;

	while (string[length] && strchr(accept, string[length]))
		length++;
	return length;
}

size_t strcspn(const char *string, const char *reject)
{
	size_t length = 0;

	while (string[length] && !strchr(reject, string[length]))
		length++;
	return length;
}

char *strcpy(char *restrict destination, const char *restrict source)
{
	char *to = destination;

	while ((*to++ = *source++))
		;
	return destination;
}

char *strncpy(char *restrict destination, const char *restrict source,
	      size_t length)
{
	size_t i = 0;

	for (; i < length && source[i]; i++)
		destination[i] = source[i];
	for (; i < length; i++)
		destination[i] = '\0';
	return destination;
}

char *strcat(char *restrict destination, const char *restrict source)
{
	strcpy(destination + strlen(destination), source);
	return destination;
}

char *strncat(char *restrict destination, const char *restrict source,
	      size_t length)
{
	char *to = destination + strlen(destination);

	while (length-- && *source)
		*to++ = *source++;
	*to = '\0';
	return destination;
}
