/*
 * <stdlib.h> subset of libc-minimal: number parsing, sorting and
 * searching, absolute values, and the C standard's reproducible rand().
 * Memory allocation (malloc and friends) comes from the memory libraries.
 */
#ifndef UC_LIBC_STDLIB_H
#define UC_LIBC_STDLIB_H

#include <stddef.h>

#define RAND_MAX 0x7fffffff

/*
 * strtol(), strtoll(), strtoul(), strtoull() as in the C standard: leading
 * white space, an optional sign, base 0 or 2 to 36, a "0x" prefix for base
 * 16 and 0; *@end (when @end is not NULL) is set after the last digit, or
 * to @string when there is none (the result is then 0). An out-of-range
 * value gives the type's limit and sets errno to ERANGE; a base outside
 * 0, 2..36 gives 0 and sets errno to EINVAL. The unsigned forms accept a
 * minus sign and negate in the unsigned type, as the standard says.
 */
long strtol(const char *restrict string, char **restrict end, int base);
long long strtoll(const char *restrict string, char **restrict end, int base);
unsigned long strtoul(const char *restrict string, char **restrict end,
		      int base);
unsigned long long strtoull(const char *restrict string, char **restrict end,
			    int base);

/* atoi(), atol(), atoll(): strtol(@string, NULL, 10) in the type. */
int atoi(const char *string);
long atol(const char *string);
long long atoll(const char *string);

int abs(int value);
long labs(long value);
long long llabs(long long value);

/*
 * qsort() - sort @count elements of @size bytes in place, in the order of
 * @compare (negative, zero, positive as for strcmp). Not stable; O(n log n)
 * comparisons whatever the input (heap sort), no extra memory.
 */
void qsort(void *base, size_t count, size_t size,
	   int (*compare)(const void *, const void *));

/*
 * bsearch() - find @key in @count sorted elements of @size bytes; returns
 * a matching element or NULL. @compare gets @key first.
 */
void *bsearch(const void *key, const void *base, size_t count, size_t size,
	      int (*compare)(const void *, const void *));

/*
 * rand() and srand() - the C standard's pseudo-random sequence, the same
 * for the same seed (1 before any srand()), values 0 to RAND_MAX. For
 * simulations and tests only: it is predictable. Secrets come from the
 * random API (uc/random.h).
 */
int rand(void);
void srand(unsigned int seed);

/*
 * The C standard's allocation functions, as <stdlib.h> declares them; the
 * malloc library (lib/malloc, <malloc.h>) defines them when the build has
 * it (a build without it fails to link a call).
 */
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *pointer, size_t size);
void free(void *pointer);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **result, size_t alignment, size_t size);

#endif /* UC_LIBC_STDLIB_H */
