/*
 * Console of the qemu platform on x86_64: the 16550 UART at I/O port 0x3f8
 * (COM1), which QEMU's -serial option connects (pc, q35 and microvm all
 * have it). Polled, no interrupts; bytes go out as they are ("\n" stays
 * "\n").
 *
 * Invariant: uart_present is set once by qemu_console_init() and only then
 * are bytes sent; without a UART (e.g. -serial none) output is dropped
 * instead of polling a port that never becomes ready.
 */
#include <stdbool.h>
#include <uc/plat/console.h>
#include <uc/x86_64/io.h>
#include "qemu.h"

#define COM1 0x3f8
#define UART_DATA 0 /* transmit holding / receive buffer; divisor low */
#define UART_IER 1 /* interrupt enable; divisor high */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCRATCH 7

#define LCR_8N1 0x03 /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB 0x80 /* DATA and IER address the baud divisor */
#define FCR_ENABLE_CLEAR 0x07 /* enable and clear both FIFOs */
#define MCR_DTR_RTS 0x03
#define LSR_THR_EMPTY 0x20
#define DIVISOR_115200 1

static bool uart_present;

void qemu_console_init(void)
{
	/* A missing UART reads back 0xff from every register. */
	x86_outb(COM1 + UART_SCRATCH, 0x5a);
	if (x86_inb(COM1 + UART_SCRATCH) != 0x5a)
		return;

	x86_outb(COM1 + UART_IER, 0);
	x86_outb(COM1 + UART_LCR, LCR_DLAB);
	x86_outb(COM1 + UART_DATA, DIVISOR_115200);
	x86_outb(COM1 + UART_IER, 0);
	x86_outb(COM1 + UART_LCR, LCR_8N1);
	x86_outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	x86_outb(COM1 + UART_MCR, MCR_DTR_RTS);
	uart_present = true;
}

int ucplat_console_write(const char *buf, size_t length)
{
	if (!uart_present)
		return 0;
	while (length--) {
		while (!(x86_inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
			;
		x86_outb(COM1 + UART_DATA, *buf++);
	}
	return 0;
}
