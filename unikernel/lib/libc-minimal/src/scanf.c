/*
 * sscanf() and vsscanf() of libc-minimal (<stdio.h>); the supported
 * conversions are listed there.
 *
 * Invariant: `in` only moves forward over input the format has matched;
 * on a matching failure parsing stops and the assignments made so far
 * count. Numbers are cut to the field width by copying at most that many
 * bytes into a small buffer before strtoll()/strtoull() parse them.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_BUFFER 72 /* the longest integer with sign and prefix fits */

struct spec {
	bool suppress;
	size_t width; /* 0 when none was given */
	char size; /* 'H' hh, 'h', 'l', 'q' ll, 'z', or 0 */
	char conversion;
};

static void store_signed(va_list *arguments, char size, long long value)
{
	switch (size) {
	case 'H':
		*va_arg(*arguments, signed char *) = (signed char)value;
		break;
	case 'h':
		*va_arg(*arguments, short *) = (short)value;
		break;
	case 'l':
		*va_arg(*arguments, long *) = (long)value;
		break;
	case 'q':
		*va_arg(*arguments, long long *) = value;
		break;
	case 'z':
		*va_arg(*arguments, intptr_t *) = (intptr_t)value;
		break;
	default:
		*va_arg(*arguments, int *) = (int)value;
	}
}

static void store_unsigned(va_list *arguments, char size,
			   unsigned long long value)
{
	switch (size) {
	case 'H':
		*va_arg(*arguments, unsigned char *) = (unsigned char)value;
		break;
	case 'h':
		*va_arg(*arguments, unsigned short *) = (unsigned short)value;
		break;
	case 'l':
		*va_arg(*arguments, unsigned long *) = (unsigned long)value;
		break;
	case 'q':
		*va_arg(*arguments, unsigned long long *) = value;
		break;
	case 'z':
		*va_arg(*arguments, size_t *) = (size_t)value;
		break;
	default:
		*va_arg(*arguments, unsigned int *) = (unsigned int)value;
	}
}

/* Parses an integer at *@in; false on a matching failure. */
static bool scan_integer(const char **in, const struct spec *spec,
			 va_list *arguments)
{
	char digits[NUMBER_BUFFER];
	size_t limit = spec->width && spec->width < sizeof(digits) ?
			       spec->width :
			       sizeof(digits) - 1;
	size_t length = strnlen(*in, limit);
	int base;
	char *end;

	memcpy(digits, *in, length);
	digits[length] = '\0';
	switch (spec->conversion) {
	case 'd':
	case 'u':
		base = 10;
		break;
	case 'o':
		base = 8;
		break;
	case 'i':
		base = 0;
		break;
	default:
		base = 16;
	}
	if (spec->conversion == 'd' || spec->conversion == 'i') {
		long long value = strtoll(digits, &end, base);

		if (end == digits)
			return false;
		if (!spec->suppress)
			store_signed(arguments, spec->size, value);
	} else {
		unsigned long long value = strtoull(digits, &end, base);

		if (end == digits)
			return false;
		if (!spec->suppress)
			store_unsigned(arguments, spec->size, value);
	}
	*in += end - digits;
	return true;
}

/*
 * Whether @character is in the scanset that starts at @set (after '[')
 * and ends before @set_end (the closing ']').
 */
static bool in_scanset(const char *set, const char *set_end, char character)
{
	bool negate = *set == '^';
	bool found = false;

	if (negate)
		set++;
	for (; set < set_end; set++) {
		if (set + 2 < set_end && set[1] == '-') {
			if ((unsigned char)character >= (unsigned char)set[0] &&
			    (unsigned char)character <= (unsigned char)set[2])
				found = true;
			set += 2;
		} else if (*set == character) {
			found = true;
		}
	}
	return found != negate;
}

int vsscanf(const char *restrict string, const char *restrict format,
	    va_list arguments)
{
	const char *in = string;
	int assigned = 0;
	va_list copy;

	va_copy(copy, arguments);
	while (*format) {
		struct spec spec = { 0 };
		const char *set = NULL, *set_end = NULL;
		size_t count;

		if (isspace((unsigned char)*format)) {
			while (isspace((unsigned char)*format))
				format++;
			while (isspace((unsigned char)*in))
				in++;
			continue;
		}
		if (*format != '%' || format[1] == '%') {
			if (*format == '%') {
				format++;
				while (isspace((unsigned char)*in))
					in++;
			}
			if (!*in)
				goto input_end;
			if (*in != *format)
				break;
			in++;
			format++;
			continue;
		}

		format++;
		if (*format == '*') {
			spec.suppress = true;
			format++;
		}
		while (isdigit((unsigned char)*format))
			spec.width = spec.width * 10 + (*format++ - '0');
		if (format[0] == 'h' && format[1] == 'h') {
			spec.size = 'H';
			format += 2;
		} else if (format[0] == 'l' && format[1] == 'l') {
			spec.size = 'q';
			format += 2;
		} else if (*format == 'h' || *format == 'l' || *format == 'z') {
			spec.size = *format++;
		}
		spec.conversion = *format;
		if (!spec.conversion)
			break;
		format++;
		if (spec.conversion == '[') {
			set = format;
			/* A ']' first (after any '^') belongs to the set. */
			set_end = format + (*format == '^') + 1;
			while (*set_end && *set_end != ']')
				set_end++;
			if (!*set_end)
				break;
			format = set_end + 1;
		}

		switch (spec.conversion) {
		case 'n':
			if (!spec.suppress)
				store_signed(&copy, spec.size, in - string);
			continue;
		case 'c':
			count = spec.width ? spec.width : 1;
			if (strnlen(in, count) < count)
				goto input_end;
			if (!spec.suppress)
				memcpy(va_arg(copy, char *), in, count);
			in += count;
			break;
		case 's':
		case '[': {
			char *out;

			if (spec.conversion == 's') {
				while (isspace((unsigned char)*in))
					in++;
			}
			if (!*in)
				goto input_end;
			for (count = 0;
			     in[count] && (!spec.width || count < spec.width);
			     count++) {
				if (spec.conversion == 's' ?
					    isspace((unsigned char)in[count]) :
					    !in_scanset(set, set_end,
							in[count]))
					break;
			}
			if (!count)
				goto done; /* an empty %[ match fails */
			if (!spec.suppress) {
				out = va_arg(copy, char *);
				memcpy(out, in, count);
				out[count] = '\0';
			}
			in += count;
			break;
		}
		case 'd':
		case 'i':
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			while (isspace((unsigned char)*in))
				in++;
			if (!*in)
				goto input_end;
			if (!scan_integer(&in, &spec, &copy))
				goto done;
			break;
		default:
			goto done; /* unsupported conversion */
		}
		if (!spec.suppress)
			assigned++;
	}
done:
	va_end(copy);
	return assigned;
input_end:
	va_end(copy);
	return assigned ? assigned : EOF;
}

int sscanf(const char *restrict string, const char *restrict format, ...)
{
	va_list arguments;
	int count;

	va_start(arguments, format);
	count = vsscanf(string, format, arguments);
	va_end(arguments);
	return count;
}
