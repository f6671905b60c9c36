/*
 * Exit device of the qemu platform on x86_64: isa-debug-exit at I/O port
 * 0xf4 (-device isa-debug-exit,iobase=0xf4,iosize=0x04). Writing V makes
 * QEMU exit with the code (V << 1) | 1, so only the low 7 bits of the status
 * survive and exit code 1 means status 0. Without the device the write is
 * ignored and qemu_vmm_exit() returns.
 */
#include <stdint.h>
#include <uc/x86_64/io.h>
#include "qemu.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

void qemu_vmm_exit(int status)
{
	x86_outl(ISA_DEBUG_EXIT_PORT, (uint32_t)status);
}
