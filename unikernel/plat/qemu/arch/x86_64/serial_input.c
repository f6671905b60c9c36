/*
 * Console input of the qemu platform on x86_64 (uc/plat/console_input.h):
 * the receive side of the 16550 UART at COM1, which serial.c set up for
 * output. Polled: the line status register's data-ready bit says a byte
 * waits in the receive buffer. A machine without a UART reads all ones
 * from the status register, which is end of input.
 */
#include <stdint.h>
#include <uc/plat/console_input.h>
#include <uc/x86_64/io.h>

#define COM1 0x3f8
#define UART_DATA 0
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_ABSENT 0xff

long ucplat_console_read(char *buf, size_t length)
{
	size_t count = 0;
	uint8_t status;

	while (!((status = x86_inb(COM1 + UART_LSR)) & LSR_DATA_READY))
		__asm__ volatile("pause");
	if (status == LSR_ABSENT)
		return 0;
	while (count < length && (x86_inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[count++] = (char)x86_inb(COM1 + UART_DATA);
	return (long)count;
}
