/*
 * strtol() of libc-minimal (<stdlib.h>). Libraries never set errno, so an
 * out-of-range value is clamped without reporting ERANGE.
 */
#include <stdbool.h>
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

long strtol(const char *restrict string, char **restrict end, int base)
{
	const char *cursor = string;
	bool negative = false;
	unsigned long limit, value = 0;
	bool overflow = false;
	const char *digits;

	while (is_space(*cursor))
		cursor++;
	if (*cursor == '-' || *cursor == '+')
		negative = *cursor++ == '-';
	if ((base == 0 || base == 16) && cursor[0] == '0' &&
	    (cursor[1] == 'x' || cursor[1] == 'X') &&
	    digit_value(cursor[2]) < 16) {
		cursor += 2;
		base = 16;
	} else if (base == 0) {
		base = cursor[0] == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = (char *)string;
		return 0;
	}

	/* The magnitude of LONG_MIN is one more than LONG_MAX. */
	limit = (unsigned long)__LONG_MAX__ + negative;
	digits = cursor;
	for (; digit_value(*cursor) < base; cursor++) {
		unsigned long digit = digit_value(*cursor);

		if (value > (limit - digit) / base)
			overflow = true;
		else
			value = value * base + digit;
	}
	if (end)
		*end = (char *)(cursor == digits ? string : cursor);
	if (overflow)
		value = limit;
	return negative ? -value : value;
}
