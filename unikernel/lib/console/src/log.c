/*
 * Log lines of the console library (uc_log_write() and friends in
 * uc/console.h): "[date time] LEVEL tag: message", one line per message.
 *
 * A line is built whole in a stack buffer of printf-buffer-size bytes and
 * written with one call, so that it reaches the device in one piece.
 * Invariant: the buffer always keeps room for the final newline.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uc/console.h>
#include <uc/time.h>
#include <uc_config.h>

static const char *const level_names[] = { "EMERG",   "ALERT", "CRIT", "ERR",
					   "WARNING", "INFO",  "DEBUG" };

static const char *level_name(enum uc_log_level level)
{
	return (unsigned int)level <
			       sizeof(level_names) / sizeof(*level_names) ?
		       level_names[level] :
		       "LOG";
}

/* Writes the prefix into @line; returns its length (< @size). */
static size_t format_prefix(char *line, size_t size, enum uc_log_level level,
			    const char *tag)
{
	int64_t now = uc_time_now_us();
	int64_t seconds = now >= 0 ? now / 1000000 : (now - 999999) / 1000000;
	char date[20];
	int length;

	if (!uc_ctime(seconds, "%Y-%m-%d %H:%M:%S", date, sizeof(date)))
		strcpy(date, "0000-00-00 00:00:00"); /* out of range */
	length = snprintf(line, size, "[%s.%06d] %s %s: ", date,
			  (int)(now - seconds * 1000000), level_name(level),
			  tag ? tag : "?");
	return (size_t)length < size ? (size_t)length : size - 1;
}

/* Ends the line at @length, one newline, no inner newlines; writes it. */
static int finish_and_write(char *line, size_t size, size_t prefix_length,
			    size_t length)
{
	size_t i;

	if (length > size - 2)
		length = size - 2;
	while (length > prefix_length &&
	       (line[length - 1] == '\n' || line[length - 1] == '\r'))
		length--;
	for (i = prefix_length; i < length; i++) {
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	}
	line[length++] = '\n';
	uc_console_end_line();
	return uc_console_write(line, length);
}

int uc_log_vwritef(enum uc_log_level level, const char *tag, const char *format,
		   va_list arguments)
{
	char line[UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE];
	size_t prefix = format_prefix(line, sizeof(line), level, tag);
	int length = vsnprintf(line + prefix, sizeof(line) - prefix, format,
			       arguments);

	if (length < 0)
		length = 0;
	return finish_and_write(line, sizeof(line), prefix, prefix + length);
}

int uc_log_writef(enum uc_log_level level, const char *tag, const char *format,
		  ...)
{
	va_list arguments;
	int error;

	va_start(arguments, format);
	error = uc_log_vwritef(level, tag, format, arguments);
	va_end(arguments);
	return error;
}

int uc_log_write(enum uc_log_level level, const char *tag, const char *message)
{
	return uc_log_writef(level, tag, "%s", message);
}
