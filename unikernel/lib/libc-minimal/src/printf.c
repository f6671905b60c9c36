/*
 * snprintf() and vsnprintf() of libc-minimal (<stdio.h>); the supported
 * conversions are listed in include/stdio.h.
 *
 * Invariant: struct output counts every byte the whole output needs
 * (output.length) but stores only the bytes that fit before the last byte
 * of the buffer, which is kept for the terminating NUL.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct output {
	char *buffer;
	size_t size;
	size_t length;
};

/* A parsed conversion specification: %[flags][width][.precision][length] */
struct spec {
	bool left_align;
	bool zero_pad;
	int width;
	int precision; /* -1 when none was given */
};

static void put_char(struct output *out, char character)
{
	if (out->length + 1 < out->size)
		out->buffer[out->length] = character;
	out->length++;
}

static void put_repeated(struct output *out, char character, int count)
{
	while (count-- > 0)
		put_char(out, character);
}

static void put_string(struct output *out, const char *string, int length)
{
	while (length-- > 0)
		put_char(out, *string++);
}

/* Writes @length bytes of @text padded with spaces to the field width. */
static void put_field(struct output *out, const struct spec *spec,
		      const char *text, int length)
{
	int padding = spec->width - length;

	if (!spec->left_align)
		put_repeated(out, ' ', padding);
	put_string(out, text, length);
	if (spec->left_align)
		put_repeated(out, ' ', padding);
}

/*
 * Writes @value in @base (10 or 16) after @prefix (a sign or "0x"), with the
 * precision's minimum digits and the field width's padding.
 */
static void put_number(struct output *out, const struct spec *spec,
		       unsigned long long value, unsigned int base, bool upper,
		       const char *prefix)
{
	const char *digit_chars = upper ? "0123456789ABCDEF" :
					  "0123456789abcdef";
	char digits[sizeof(value) * 3]; /* 20 decimal digits fit */
	int count = 0;
	int prefix_length = strlen(prefix);
	int zeros, padding;

	/* The C standard prints no digit for 0 with a precision of 0. */
	while (value || (count == 0 && spec->precision != 0)) {
		digits[count++] = digit_chars[value % base];
		value /= base;
	}
	zeros = spec->precision > count ? spec->precision - count : 0;
	padding = spec->width - prefix_length - zeros - count;
	if (spec->zero_pad && !spec->left_align && spec->precision < 0) {
		zeros += padding > 0 ? padding : 0;
		padding = 0;
	}

	if (!spec->left_align)
		put_repeated(out, ' ', padding);
	put_string(out, prefix, prefix_length);
	put_repeated(out, '0', zeros);
	while (count)
		put_char(out, digits[--count]);
	if (spec->left_align)
		put_repeated(out, ' ', padding);
}

/* Parses a decimal number at *@cursor, advancing past it. */
static int parse_decimal(const char **cursor)
{
	int value = 0;

	while (**cursor >= '0' && **cursor <= '9')
		value = value * 10 + (*(*cursor)++ - '0');
	return value;
}

/* Reads a signed argument of the size the length modifier @size names. */
static long long signed_argument(va_list *arguments, char size)
{
	switch (size) {
	case 'l':
		return va_arg(*arguments, long);
	case 'q':
		return va_arg(*arguments, long long);
	case 'z':
		return va_arg(*arguments, intptr_t); /* signed size_t */
	default:
		return va_arg(*arguments, int);
	}
}

static unsigned long long unsigned_argument(va_list *arguments, char size)
{
	switch (size) {
	case 'l':
		return va_arg(*arguments, unsigned long);
	case 'q':
		return va_arg(*arguments, unsigned long long);
	case 'z':
		return va_arg(*arguments, size_t);
	default:
		return va_arg(*arguments, unsigned int);
	}
}

/*
 * Formats one conversion whose specification is @spec, length modifier
 * @size ('l', 'q' for ll, 'z' or 0) and conversion character @conversion.
 * Returns false when the conversion is not supported.
 */
static bool put_conversion(struct output *out, const struct spec *spec,
			   char size, char conversion, va_list *arguments)
{
	const char *string;
	long long number;
	char character;
	int length;

	switch (conversion) {
	case 'd':
	case 'i':
		number = signed_argument(arguments, size);
		if (number < 0)
			put_number(out, spec, -(unsigned long long)number, 10,
				   false, "-");
		else
			put_number(out, spec, number, 10, false, "");
		return true;
	case 'u':
		put_number(out, spec, unsigned_argument(arguments, size), 10,
			   false, "");
		return true;
	case 'x':
	case 'X':
		put_number(out, spec, unsigned_argument(arguments, size), 16,
			   conversion == 'X', "");
		return true;
	case 'p':
		put_number(out, spec, (uintptr_t)va_arg(*arguments, void *), 16,
			   false, "0x");
		return true;
	case 's':
		string = va_arg(*arguments, const char *);
		if (!string)
			string = "(null)";
		for (length = 0; string[length]; length++) {
			if (length == spec->precision)
				break;
		}
		put_field(out, spec, string, length);
		return true;
	case 'c':
		character = (char)va_arg(*arguments, int);
		put_field(out, spec, &character, 1);
		return true;
	case '%':
		put_char(out, '%');
		return true;
	default:
		return false;
	}
}

int vsnprintf(char *restrict buffer, size_t size, const char *restrict format,
	      va_list arguments)
{
	struct output out = { .buffer = buffer, .size = size, .length = 0 };
	const char *cursor = format;
	va_list copy;

	/* A va_list is an array on x86_64: work on a copy we can point at. */
	va_copy(copy, arguments);
	while (*cursor) {
		const char *start = cursor;
		struct spec spec = { .precision = -1 };
		char size_modifier = 0;

		if (*cursor != '%') {
			put_char(&out, *cursor++);
			continue;
		}
		cursor++;
		for (;; cursor++) {
			if (*cursor == '-')
				spec.left_align = true;
			else if (*cursor == '0')
				spec.zero_pad = true;
			else
				break;
		}
		spec.width = parse_decimal(&cursor);
		if (*cursor == '.') {
			cursor++;
			spec.precision = parse_decimal(&cursor);
		}
		if (*cursor == 'l' && cursor[1] == 'l') {
			size_modifier = 'q';
			cursor += 2;
		} else if (*cursor == 'l' || *cursor == 'z') {
			size_modifier = *cursor++;
		}
		if (*cursor && put_conversion(&out, &spec, size_modifier,
					      *cursor, &copy)) {
			cursor++;
			continue;
		}
		/* Unsupported: copy the specification as it is. */
		while (start < cursor)
			put_char(&out, *start++);
	}
	va_end(copy);

	if (size)
		buffer[out.length < size ? out.length : size - 1] = '\0';
	return out.length;
}

int snprintf(char *restrict buffer, size_t size, const char *restrict format,
	     ...)
{
	va_list arguments;
	int length;

	va_start(arguments, format);
	length = vsnprintf(buffer, size, format, arguments);
	va_end(arguments);
	return length;
}
