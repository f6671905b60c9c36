/*
 * x86_64 port I/O: the in and out instructions as inline functions, for
 * platform code that drives legacy ISA devices (16550 UART, isa-debug-exit).
 *
 * Port I/O is privileged: only kernel-mode platforms may use it.
 */
#ifndef UC_X86_64_IO_H
#define UC_X86_64_IO_H

#include <stdint.h>

static inline void x86_outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void x86_outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline uint8_t x86_inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
	return value;
}

#endif /* UC_X86_64_IO_H */
