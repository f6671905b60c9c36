/*
 * Console API: text output on the unikernel's console (the serial port on a
 * virtual machine, standard output on linuxu), log lines with a level, a
 * time stamp and a tag, and line-based formatted input (the serial port's
 * receiver on a virtual machine, standard input on linuxu).
 *
 * The console is usable from the first line of the boot sequence: the
 * platform prepares its device before any library initializes. Output is
 * written synchronously (polled), in order, and is complete when a call
 * returns. Calls are not serialized against each other: the core has a
 * single thread of execution for now.
 *
 * Every function returns 0 or the negative errno (Linux numbering) the
 * platform reported, for example -EPIPE when linuxu's standard output is a
 * closed pipe. Output cannot fail on QEMU.
 */
#ifndef UC_CONSOLE_H
#define UC_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <uc/compiler.h>
#include <uc_config.h>

/*
 * uc_console_write() - write bytes to the console as they are
 * @buf: the bytes; need not be NUL-terminated
 * @length: number of bytes of @buf to write; 0 writes nothing
 *
 * Context: any; busy-waits until the device has taken every byte.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_write(const char *buf, size_t length);

/*
 * uc_console_print() - write a NUL-terminated string to the console
 * @string: the text; no newline is added
 *
 * Context: any; busy-waits until the device has taken every byte.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_print(const char *string);

/*
 * uc_console_printf() - format like snprintf() and write the result
 * @format: a format the C library's vsnprintf() understands
 *
 * The text is formatted on the stack into a buffer of
 * UC_CONFIG_CONSOLE_PRINTF_BUFFER_SIZE bytes (console option
 * printf-buffer-size); longer output is cut to that size minus one byte.
 * Cutting is not reported as an error.
 *
 * Context: any; uses printf-buffer-size bytes of stack.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_printf(const char *format, ...) UC_PRINTF(1, 2);

/*
 * uc_console_end_line() - make the next output start a line
 *
 * Writes "\n" when the last byte written through this API was not a
 * newline (an application left a line unfinished); writes nothing at the
 * start of the output or after a newline. The boot sequence calls it so
 * that its markers always sit on lines of their own.
 *
 * Context: any.
 * Return: 0, or a negative errno from the platform.
 */
int uc_console_end_line(void);

/*
 * Log levels, most to least severe (the syslog levels and numbers).
 */
enum uc_log_level {
	UC_LOG_EMERG = 0, /* the unikernel is unusable */
	UC_LOG_ALERT = 1, /* action must be taken immediately */
	UC_LOG_CRIT = 2, /* critical conditions */
	UC_LOG_ERR = 3, /* errors */
	UC_LOG_WARNING = 4, /* warnings */
	UC_LOG_INFO = 5, /* informational */
	UC_LOG_DEBUG = 6, /* debugging */
};

/*
 * UC_LOG_LEVEL_MIN - the least severe level the build keeps, from the
 * console option log-level (default "info"). Calls of uc_log()/uc_logf()
 * with a less severe level compile to nothing, their arguments unevaluated.
 */
#if defined(UC_CONFIG_CONSOLE_LOG_LEVEL_DEBUG)
#define UC_LOG_LEVEL_MIN UC_LOG_DEBUG
#elif defined(UC_CONFIG_CONSOLE_LOG_LEVEL_WARNING)
#define UC_LOG_LEVEL_MIN UC_LOG_WARNING
#elif defined(UC_CONFIG_CONSOLE_LOG_LEVEL_ERR)
#define UC_LOG_LEVEL_MIN UC_LOG_ERR
#elif defined(UC_CONFIG_CONSOLE_LOG_LEVEL_CRIT)
#define UC_LOG_LEVEL_MIN UC_LOG_CRIT
#elif defined(UC_CONFIG_CONSOLE_LOG_LEVEL_ALERT)
#define UC_LOG_LEVEL_MIN UC_LOG_ALERT
#elif defined(UC_CONFIG_CONSOLE_LOG_LEVEL_EMERG)
#define UC_LOG_LEVEL_MIN UC_LOG_EMERG
#else
#define UC_LOG_LEVEL_MIN UC_LOG_INFO
#endif

/*
 * UC_LOG_TAG - the tag of the code being compiled: the Makefile defines it
 * as the library's (or the application's) name for every source.
 */
#ifndef UC_LOG_TAG
#define UC_LOG_TAG "unknown"
#endif

/*
 * uc_log_write() - write one log line
 * @level: the message's level; out-of-range values print as "LOG"
 * @tag: who logs, usually UC_LOG_TAG
 * @message: the text; a trailing newline is dropped (one is always added),
 *           other newlines become spaces, so a message is one line
 *
 * The line is "[YYYY-MM-DD hh:mm:ss.uuuuuu] LEVEL tag: message\n", the time
 * in UTC from the wall clock (uc/time.h), LEVEL one of EMERG ALERT CRIT ERR
 * WARNING INFO DEBUG. It starts a line (uc_console_end_line() first) and
 * is cut to printf-buffer-size bytes, newline included.
 *
 * uc_log() and uc_logf() below are the usual entry points: they add the
 * tag and drop levels below UC_LOG_LEVEL_MIN at compile time. The runtime
 * functions log whatever they get.
 *
 * Context: any; uses printf-buffer-size bytes of stack; the first log line
 * of a QEMU boot may wait ~10 ms while the platform measures its clock.
 * Return: 0, or a negative errno from the platform.
 */
int uc_log_write(enum uc_log_level level, const char *tag, const char *message);

/* uc_log_writef() - uc_log_write() with a message formatted like printf. */
int uc_log_writef(enum uc_log_level level, const char *tag, const char *format,
		  ...) UC_PRINTF(3, 4);

/* uc_log_vwritef() - uc_log_writef() with a va_list. */
int uc_log_vwritef(enum uc_log_level level, const char *tag, const char *format,
		   va_list arguments) UC_PRINTF(3, 0);

/* uc_log_is_enabled() - whether this build keeps messages of @level. */
static inline bool uc_log_is_enabled(enum uc_log_level level)
{
	return level <= UC_LOG_LEVEL_MIN;
}

/*
 * uc_log(level, message) and uc_logf(level, format, ...) - log with the
 * caller's tag. Macros, not functions, because the tag is the caller's
 * UC_LOG_TAG; a level below UC_LOG_LEVEL_MIN removes the call entirely.
 * They evaluate to uc_log_write()'s return value, 0 when compiled out.
 */
#define uc_log(level, message)                                                 \
	(uc_log_is_enabled(level) ? uc_log_write(level, UC_LOG_TAG, message) : \
				    0)
#define uc_logf(level, ...)                                      \
	(uc_log_is_enabled(level) ?                              \
		 uc_log_writef(level, UC_LOG_TAG, __VA_ARGS__) : \
		 0)

/* uc_console_scanf() and uc_console_read_line() at the end of the input. */
#define UC_CONSOLE_EOF (-1)

/*
 * uc_console_read() - read bytes from the console as they arrive
 * @buf: where they go (no echo, no line editing)
 * @length: most bytes to read; 0 returns 0 at once
 *
 * Context: any; waits (polling) until at least one byte arrives.
 * Return: bytes read, 0 at the end of the input, or a negative errno.
 */
long uc_console_read(char *buf, size_t length);

/*
 * uc_console_read_line() - read one line from the console
 * @buf: receives the line without its "\n" (nor a "\r" before it)
 * @size: bytes of @buf, the NUL included; at least 1
 *
 * Reads byte by byte up to a newline or the end of the input. The part of
 * a longer line that does not fit is read and dropped.
 *
 * Context: any; waits for the input.
 * Return: the length stored; UC_CONSOLE_EOF when the input ended before
 *         any byte; a negative errno (below -1) when the platform failed.
 */
int uc_console_read_line(char *buf, size_t size);

/*
 * uc_console_scanf() - read one line and parse it like sscanf()
 * @format: the conversions of libc-minimal's sscanf() (<stdio.h>)
 *
 * Unlike C's scanf(), exactly one line is consumed, so the conversions
 * never wait for a next line and never leave half a line behind. Lines are
 * cut at printf-buffer-size - 1 bytes. For debugging and simple
 * interactive tools, as API.md intends.
 *
 * Context: any; waits for the input; uses printf-buffer-size bytes of stack.
 * Return: the number of conversions assigned (may be 0), or
 *         UC_CONSOLE_EOF when the input ended before a line.
 */
int uc_console_scanf(const char *format, ...)
	__attribute__((format(scanf, 1, 2)));

#endif /* UC_CONSOLE_H */
