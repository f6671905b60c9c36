/*
 * Private interface between the generic part of the qemu platform (src/)
 * and its architecture part (arch/<arch>/), which drives the machine's
 * devices.
 */
#ifndef QEMU_PRIVATE_H
#define QEMU_PRIVATE_H

#include <stdint.h>

/*
 * qemu_console_init() - prepare the console device for ucplat_console_write()
 *
 * When the machine has no console device, output is dropped.
 * Context: the platform entry, once, before uc_boot().
 */
void qemu_console_init(void);

/*
 * qemu_vmm_exit() - ask QEMU to exit with @status
 *
 * Returns only when the machine has no device for it.
 * Context: any.
 */
void qemu_vmm_exit(int status);

/*
 * qemu_traps_init() - install the CPU exception handlers (GDT, TSS, IDT)
 *
 * From then on every CPU exception reaches uc_exception_dispatch().
 * Context: the platform entry, once, right after qemu_console_init().
 */
void qemu_traps_init(void);

struct pvh_start_info;

/*
 * qemu_paging_init() - replace the boot map by W^X 4 KiB page tables
 * @start_info: the loader's start_info (its memory map), or NULL
 *
 * Context: the platform entry, once, after qemu_traps_init().
 */
void qemu_paging_init(const struct pvh_start_info *start_info);

/* Interrupt vectors: the 8259 PIC is moved to 32-47 and masked. */
#define QEMU_VECTOR_PIC_BASE 32
#define QEMU_VECTOR_TIMER 48
#define QEMU_VECTOR_SPURIOUS 255

/*
 * qemu_irq() - handle interrupt @vector (trap.c calls it)
 *
 * Context: interrupt, interrupts off, on the interrupted thread's stack.
 */
void qemu_irq(unsigned int vector);

/* The local APIC's registers, mapped uncached by qemu_paging_init(). */
#define QEMU_LAPIC_BASE 0xfee00000ul

/*
 * qemu_clock_tsc_of_ns() - the TSC value at monotonic time @ns
 * (uc/plat/time.h's clock), for the TSC-deadline timer.
 */
uint64_t qemu_clock_tsc_of_ns(uint64_t ns);

#endif /* QEMU_PRIVATE_H */
