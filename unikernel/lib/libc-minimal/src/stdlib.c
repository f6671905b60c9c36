/*
 * <stdlib.h> of libc-minimal: number parsing (one parser for the four
 * strto* functions), heap sort, binary search, absolute values and rand().
 *
 * The parser works on the magnitude as an unsigned long long with a limit
 * that depends on the target type and the sign, so the four functions
 * share it and each only clamps and sets errno.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static bool is_space(char character)
{
	return character == ' ' || (character >= '\t' && character <= '\r');
}

/* Value of @character as a digit, or 36 (no base has it) when it is none. */
static int digit_value(char character)
{
	if (character >= '0' && character <= '9')
		return character - '0';
	if (character >= 'a' && character <= 'z')
		return character - 'a' + 10;
	if (character >= 'A' && character <= 'Z')
		return character - 'A' + 10;
	return 36;
}

struct parsed {
	unsigned long long magnitude; /* clamped to the limit on overflow */
	bool negative;
	bool overflow;
};

/*
 * Parses @string in @base. @limit(negative) is the largest magnitude the
 * caller's type holds for that sign. Sets *@end as strtol() does.
 */
static struct parsed parse(const char *string, char **end, int base,
			   unsigned long long positive_limit,
			   unsigned long long negative_limit)
{
	struct parsed result = { 0, false, false };
	const char *cursor = string, *digits;
	unsigned long long limit;

	while (is_space(*cursor))
		cursor++;
	if (*cursor == '-' || *cursor == '+')
		result.negative = *cursor++ == '-';
	if ((base == 0 || base == 16) && cursor[0] == '0' &&
	    (cursor[1] == 'x' || cursor[1] == 'X') &&
	    digit_value(cursor[2]) < 16) {
		cursor += 2;
		base = 16;
	} else if (base == 0) {
		base = cursor[0] == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)string;
		return (struct parsed){ 0, false, false };
	}

	limit = result.negative ? negative_limit : positive_limit;
	digits = cursor;
	for (; digit_value(*cursor) < base; cursor++) {
		unsigned long long digit = digit_value(*cursor);

		if (result.overflow ||
		    result.magnitude > (limit - digit) / base)
			result.overflow = true;
		else
			result.magnitude = result.magnitude * base + digit;
	}
	if (end)
		*end = (char *)(cursor == digits ? string : cursor);
	if (result.overflow) {
		result.magnitude = limit;
		errno = ERANGE;
	}
	return result;
}

long long strtoll(const char *restrict string, char **restrict end, int base)
{
	/* The magnitude of LLONG_MIN is one more than LLONG_MAX. */
	struct parsed value = parse(string, end, base, INT64_MAX,
				    (unsigned long long)INT64_MAX + 1);

	return value.negative ? (long long)-value.magnitude :
				(long long)value.magnitude;
}

long strtol(const char *restrict string, char **restrict end, int base)
{
	struct parsed value = parse(string, end, base, __LONG_MAX__,
				    (unsigned long long)__LONG_MAX__ + 1);

	return value.negative ? (long)-value.magnitude : (long)value.magnitude;
}

unsigned long long strtoull(const char *restrict string, char **restrict end,
			    int base)
{
	struct parsed value = parse(string, end, base, UINT64_MAX, UINT64_MAX);

	if (value.overflow)
		return UINT64_MAX;
	return value.negative ? -value.magnitude : value.magnitude;
}

unsigned long strtoul(const char *restrict string, char **restrict end,
		      int base)
{
	const unsigned long max = ~0ul;
	struct parsed value = parse(string, end, base, max, max);

	if (value.overflow)
		return max;
	return value.negative ? -(unsigned long)value.magnitude :
				(unsigned long)value.magnitude;
}

int atoi(const char *string)
{
	return (int)strtol(string, NULL, 10);
}

long atol(const char *string)
{
	return strtol(string, NULL, 10);
}

long long atoll(const char *string)
{
	return strtoll(string, NULL, 10);
}

int abs(int value)
{
	return value < 0 ? -value : value;
}

long labs(long value)
{
	return value < 0 ? -value : value;
}

long long llabs(long long value)
{
	return value < 0 ? -value : value;
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char byte = *a;

		*a++ = *b;
		*b++ = byte;
	}
}

/* Moves element @root down the max-heap of @count elements to its place. */
static void sift_down(unsigned char *base, size_t root, size_t count,
		      size_t size, int (*compare)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= count)
			return;
		if (child + 1 < count &&
		    compare(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compare(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void qsort(void *base, size_t count, size_t size,
	   int (*compare)(const void *, const void *))
{
	unsigned char *bytes = base;
	size_t i;

	if (count < 2 || !size)
		return;
	for (i = count / 2; i-- > 0;)
		sift_down(bytes, i, count, size, compare);
	for (i = count - 1; i > 0; i--) {
		swap_bytes(bytes, bytes + i * size, size);
		sift_down(bytes, 0, i, size, compare);
	}
}

void *bsearch(const void *key, const void *base, size_t count, size_t size,
	      int (*compare)(const void *, const void *))
{
	const unsigned char *bytes = base;

	while (count) {
		const unsigned char *middle = bytes + (count / 2) * size;
		int order = compare(key, middle);

		if (!order)
			return (void *)middle;
		if (order > 0) {
			bytes = middle + size;
			count -= count / 2 + 1;
		} else {
			count /= 2;
		}
	}
	return NULL;
}

/*
 * rand(): a 64-bit linear congruential generator (Knuth's MMIX constants)
 * whose high 31 bits are the result; the low bits of an LCG are weak.
 */
static uint64_t rand_state = 1;

int rand(void)
{
	rand_state =
		rand_state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)(rand_state >> 33);
}

void srand(unsigned int seed)
{
	rand_state = seed;
}
