/*
 * The timer contract (uc/plat/timer.h) on qemu/x86_64: the local APIC
 * timer, one-shot, armed for one deadline at a time (tickless).
 *
 * With CPUID's TSC-deadline feature (KVM with a modern host CPU) the timer
 * fires when the TSC reaches the deadline, converted by the clock code
 * (clock.c); without it (QEMU's software emulation) it counts down the
 * APIC's bus clock, whose rate ucplat_timer_init() measures against the
 * monotonic clock for 2 ms. A 32-bit count at divide-by-1 lasts about 4 s
 * at QEMU's 1 GHz: longer deadlines fire early and the handler re-arms.
 *
 * The legacy 8259 PIC, which the firmware leaves pointing at the CPU
 * exception vectors, is moved to vectors 32-47 and fully masked before
 * interrupts are ever enabled. Interrupts are the CPU's (cli/sti);
 * ucplat_idle() halts with interrupts on (sti; hlt, which cannot lose a
 * wake-up: sti takes effect after hlt has started waiting).
 */
#include <stdbool.h>
#include <stdint.h>
#include <uc/errno.h>
#include <uc/plat/time.h>
#include <uc/plat/timer.h>
#include <uc/x86_64/cpuid.h>
#include <uc/x86_64/io.h>
#include "qemu.h"

#define LAPIC_EOI 0xb0
#define LAPIC_SPURIOUS 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0
#define LAPIC_TASK_PRIORITY 0x80
#define LAPIC_SOFTWARE_ENABLE 0x100
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_LVT_TSC_DEADLINE (2u << 17)
#define LAPIC_DIVIDE_BY_1 0xb

#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDRESS 0xfffff000ull
#define CPUID_1_EDX_APIC (1u << 9)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)

#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA 0xa1
#define PIC_ICW1_INIT_ICW4 0x11
#define PIC_ICW4_8086 0x01

#define RFLAGS_IF 0x200ul
#define CALIBRATION_NS 2000000ull

static ucplat_timer_handler_fn timer_handler;
static bool tsc_deadline;
/* APIC timer ticks per ns, times 2^32 (one-shot mode). */
static uint64_t ticks_per_ns_mult;

static uint32_t lapic_read(unsigned int reg)
{
	return *(volatile uint32_t *)(QEMU_LAPIC_BASE + reg);
}

static void lapic_write(unsigned int reg, uint32_t value)
{
	*(volatile uint32_t *)(QEMU_LAPIC_BASE + reg) = value;
}

static uint64_t msr_read(uint32_t msr)
{
	uint32_t low, high;

	__asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
	return (uint64_t)high << 32 | low;
}

static void msr_write(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr"
			 :
			 : "a"((uint32_t)value), "d"((uint32_t)(value >> 32)),
			   "c"(msr)
			 : "memory");
}

/* Moves the PIC's vectors off the exceptions and masks every line. */
static void pic_disable(void)
{
	x86_outb(PIC1_COMMAND, PIC_ICW1_INIT_ICW4);
	x86_outb(PIC2_COMMAND, PIC_ICW1_INIT_ICW4);
	x86_outb(PIC1_DATA, QEMU_VECTOR_PIC_BASE);
	x86_outb(PIC2_DATA, QEMU_VECTOR_PIC_BASE + 8);
	x86_outb(PIC1_DATA, 4); /* the second PIC hangs on line 2 */
	x86_outb(PIC2_DATA, 2);
	x86_outb(PIC1_DATA, PIC_ICW4_8086);
	x86_outb(PIC2_DATA, PIC_ICW4_8086);
	x86_outb(PIC1_DATA, 0xff);
	x86_outb(PIC2_DATA, 0xff);
}

/* Measures the one-shot count rate against the monotonic clock. */
static int calibrate(void)
{
	uint64_t start, elapsed;
	uint32_t ticks;

	lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_BY_1);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | QEMU_VECTOR_TIMER);
	start = ucplat_time_monotonic_ns();
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffffu);
	do
		elapsed = ucplat_time_monotonic_ns() - start;
	while (elapsed < CALIBRATION_NS);
	ticks = 0xffffffffu - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	if (!ticks)
		return -UC_ENODEV;
	ticks_per_ns_mult = ((uint64_t)ticks << 32) / elapsed;
	return ticks_per_ns_mult ? 0 : -UC_ENODEV;
}

int ucplat_timer_init(ucplat_timer_handler_fn handler)
{
	struct x86_cpuid features = x86_cpuid(1, 0);
	uint64_t base;

	if (!handler)
		return -UC_EINVAL;
	if (!(features.edx & CPUID_1_EDX_APIC))
		return -UC_ENODEV;
	base = msr_read(MSR_APIC_BASE);
	if ((base & APIC_BASE_ADDRESS) != QEMU_LAPIC_BASE)
		return -UC_ENODEV; /* not where the page tables map it */
	ucplat_irq_save();
	pic_disable();
	msr_write(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic_write(LAPIC_SPURIOUS,
		    LAPIC_SOFTWARE_ENABLE | QEMU_VECTOR_SPURIOUS);
	lapic_write(LAPIC_TASK_PRIORITY, 0);
	tsc_deadline = features.ecx & CPUID_1_ECX_TSC_DEADLINE;
	if (tsc_deadline) {
		lapic_write(LAPIC_LVT_TIMER,
			    LAPIC_LVT_TSC_DEADLINE | QEMU_VECTOR_TIMER);
	} else {
		if (calibrate())
			return -UC_ENODEV;
		lapic_write(LAPIC_LVT_TIMER, QEMU_VECTOR_TIMER);
	}
	timer_handler = handler;
	return 0;
}

void ucplat_timer_arm(uint64_t deadline_ns)
{
	uint64_t now, count;

	if (tsc_deadline) {
		msr_write(MSR_TSC_DEADLINE,
			  deadline_ns ? qemu_clock_tsc_of_ns(deadline_ns) | 1 :
					0);
		return;
	}
	if (!deadline_ns) {
		lapic_write(LAPIC_TIMER_INITIAL, 0);
		return;
	}
	now = ucplat_time_monotonic_ns();
	count = deadline_ns > now ?
			(uint64_t)(((unsigned __int128)(deadline_ns - now) *
				    ticks_per_ns_mult) >>
				   32) :
			0;
	if (count < 1)
		count = 1;
	if (count > 0xffffffffu)
		count = 0xffffffffu;
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)count);
}

void qemu_irq(unsigned int vector)
{
	/* The PIC's lines are masked: only its spurious interrupts (which
	 * want no EOI) arrive there; the APIC's spurious vector neither. */
	if (vector != QEMU_VECTOR_TIMER)
		return;
	lapic_write(LAPIC_EOI, 0);
	if (timer_handler)
		timer_handler();
}

unsigned long ucplat_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
	return flags & RFLAGS_IF;
}

void ucplat_irq_restore(unsigned long state)
{
	if (state)
		__asm__ volatile("sti" : : : "memory");
	else
		__asm__ volatile("cli" : : : "memory");
}

void ucplat_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void ucplat_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}
