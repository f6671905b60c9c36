/*
 * Platform contract: reading from the console device (the serial port's
 * receiver on a virtual machine, standard input on linuxu). Libraries use
 * the console API (uc/console.h); only the console library calls this.
 */
#ifndef UC_PLAT_CONSOLE_INPUT_H
#define UC_PLAT_CONSOLE_INPUT_H

#include <stddef.h>

/*
 * ucplat_console_read() - read bytes typed on (or piped into) the console
 * @buf: where the bytes go, as they arrive (no echo, no line editing)
 * @length: most bytes to read; at least 1
 *
 * Waits (polling; there are no interrupts yet) until at least one byte is
 * there, then returns what is available up to @length.
 *
 * Context: any; may wait forever when nothing ever arrives.
 * Return: the number of bytes read (1 to @length); 0 at the end of the
 *         input (linuxu: standard input closed; a machine without a
 *         console device); or a negative errno (Linux numbering).
 */
long ucplat_console_read(char *buf, size_t length);

#endif /* UC_PLAT_CONSOLE_INPUT_H */
