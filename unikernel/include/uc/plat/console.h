/*
 * Platform contract: the console device.
 *
 * Every platform implements ucplat_console_write() and makes it usable
 * before it calls uc_boot(), so that the boot sequence and every library
 * initializer can print. Libraries use the console API (uc/console.h);
 * only the core's boot sequence calls this directly.
 */
#ifndef UC_PLAT_CONSOLE_H
#define UC_PLAT_CONSOLE_H

#include <stddef.h>

/*
 * ucplat_console_write() - write bytes to the console device
 * @buf: the bytes, written as they are (no newline translation)
 * @length: number of bytes; 0 writes nothing
 *
 * Writes all @length bytes before returning, retrying short writes.
 *
 * Context: any; busy-waits on the device; not serialized between callers.
 * Return: 0, or a negative errno (Linux numbering) when the device failed;
 *         bytes written before the failure stay written.
 */
int ucplat_console_write(const char *buf, size_t length);

#endif /* UC_PLAT_CONSOLE_H */
