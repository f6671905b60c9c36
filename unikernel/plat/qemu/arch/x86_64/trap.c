/*
 * CPU exceptions on the qemu platform (x86_64): the GDT with a TSS, the
 * IDT, and the translation of a trap frame into the exception API's
 * context (uc/exception.h).
 *
 * Page faults and double faults switch to their own stack (IST 1), machine
 * checks and NMIs to another (IST 2), so that a fault caused by an
 * exhausted stack is still reported: the boot stack's guard page
 * (pvh_entry.S, unmapped by paging.c) is registered with the exception
 * library, which names the overflow. qemu_traps_init() runs once, at the
 * start of qemu_pvh_start(); the tables never change afterwards.
 */
#include <uc/exception.h>
#include <uc/x86_64/page_fault.h>
#include "pvh.h"
#include "qemu.h"

#define VECTORS 32
#define IDT_ENTRIES 256
#define IRQ_STUBS 18
#define GDT_CODE64 0x08
#define GDT_TSS 0x18
#define IDT_INTERRUPT_GATE 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89 /* present, 64-bit TSS, available */
#define EXCEPTION_STACK_SIZE 16384
#define PAGE_SIZE 4096

/* x86 vectors. */
enum {
	VECTOR_DIVIDE = 0,
	VECTOR_DEBUG = 1,
	VECTOR_NMI = 2,
	VECTOR_BREAKPOINT = 3,
	VECTOR_OVERFLOW = 4,
	VECTOR_BOUND = 5,
	VECTOR_INVALID_OPCODE = 6,
	VECTOR_DEVICE_NOT_AVAILABLE = 7,
	VECTOR_DOUBLE_FAULT = 8,
	VECTOR_GENERAL_PROTECTION = 13,
	VECTOR_PAGE_FAULT = 14,
	VECTOR_X87 = 16,
	VECTOR_ALIGNMENT = 17,
	VECTOR_MACHINE_CHECK = 18,
	VECTOR_SIMD = 19,
};

/* What trap_entry.S pushes; see there. */
struct qemu_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_middle;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t io_map_base;
} __attribute__((packed));

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void qemu_trap(struct qemu_trap_frame *frame);
extern const uint64_t qemu_trap_stubs[VECTORS];
extern const uint64_t qemu_irq_stubs[IRQ_STUBS];

/* The vectors of qemu_irq_stubs, in order. */
static const uint8_t irq_vectors[IRQ_STUBS] = {
	32,
	33,
	34,
	35,
	36,
	37,
	38,
	39,
	40,
	41,
	42,
	43,
	44,
	45,
	46,
	47,
	QEMU_VECTOR_TIMER,
	QEMU_VECTOR_SPURIOUS,
};

static struct idt_entry idt[IDT_ENTRIES];
static struct tss tss;
/* Null, 64-bit code, data, then the TSS's two slots. */
static uint64_t gdt[5] = { 0, 0x00af9a000000ffffull, 0x00cf92000000ffffull };
static uint8_t fault_stack[EXCEPTION_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t nmi_stack[EXCEPTION_STACK_SIZE] __attribute__((aligned(16)));

static void tss_descriptor_set(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof(tss) - 1;

	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 |
		 (uint64_t)TSS_AVAILABLE << 40 | ((limit >> 16) & 0xf) << 48 |
		 ((base >> 24) & 0xff) << 56;
	gdt[4] = base >> 32;
}

static unsigned int ist_of(unsigned int vector)
{
	switch (vector) {
	case VECTOR_PAGE_FAULT:
	case VECTOR_DOUBLE_FAULT:
		return 1;
	case VECTOR_NMI:
	case VECTOR_MACHINE_CHECK:
		return 2;
	default:
		return 0;
	}
}

static void gate_set(unsigned int vector, uint64_t stub, unsigned int ist)
{
	idt[vector].offset_low = stub & 0xffff;
	idt[vector].selector = GDT_CODE64;
	idt[vector].ist = ist;
	idt[vector].type = IDT_INTERRUPT_GATE;
	idt[vector].offset_middle = (stub >> 16) & 0xffff;
	idt[vector].offset_high = stub >> 32;
}

void qemu_traps_init(void)
{
	struct table_pointer pointer;
	unsigned int vector, i;

	tss.ist[0] = (uintptr_t)(fault_stack + sizeof(fault_stack));
	tss.ist[1] = (uintptr_t)(nmi_stack + sizeof(nmi_stack));
	tss.io_map_base = sizeof(tss);
	tss_descriptor_set();
	pointer.limit = sizeof(gdt) - 1;
	pointer.base = (uintptr_t)gdt;
	/* Same selectors as the entry code's GDT: no segment reload. */
	__asm__ volatile("lgdt %0" : : "m"(pointer) : "memory");
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS) : "memory");

	for (vector = 0; vector < VECTORS; vector++)
		gate_set(vector, qemu_trap_stubs[vector], ist_of(vector));
	/* Interrupts are masked until the timer code unmasks them. */
	for (i = 0; i < IRQ_STUBS; i++)
		gate_set(irq_vectors[i], qemu_irq_stubs[i], 0);
	pointer.limit = sizeof(idt) - 1;
	pointer.base = (uintptr_t)idt;
	__asm__ volatile("lidt %0" : : "m"(pointer) : "memory");

	uc_exception_stack_guard_add("boot", (uintptr_t)pvh_boot_stack_guard,
				     PAGE_SIZE);
}

static enum uc_exception_code code_of(unsigned int vector,
				      unsigned long error_code)
{
	switch (vector) {
	case VECTOR_DIVIDE:
		return UC_EXCEPTION_DIV_BY_ZERO;
	case VECTOR_DEBUG:
		return UC_EXCEPTION_DEBUG;
	case VECTOR_BREAKPOINT:
		return UC_EXCEPTION_BREAKPOINT;
	case VECTOR_OVERFLOW:
	case VECTOR_BOUND:
		return UC_EXCEPTION_OVERFLOW;
	case VECTOR_INVALID_OPCODE:
		return UC_EXCEPTION_INVALID_OPCODE;
	case VECTOR_DOUBLE_FAULT:
		return UC_EXCEPTION_DOUBLE_FAULT;
	case VECTOR_GENERAL_PROTECTION:
		return UC_EXCEPTION_GENERAL_PROTECTION;
	case VECTOR_PAGE_FAULT:
		return x86_page_fault_code(error_code);
	case VECTOR_DEVICE_NOT_AVAILABLE:
	case VECTOR_X87:
	case VECTOR_SIMD:
		return UC_EXCEPTION_FPU;
	case VECTOR_ALIGNMENT:
		return UC_EXCEPTION_ALIGNMENT;
	case VECTOR_MACHINE_CHECK:
		return UC_EXCEPTION_MACHINE_CHECK;
	default:
		return UC_EXCEPTION_OTHER;
	}
}

/* Called by trap_entry.S with interrupts off; returns to the interrupted
 * code with the (possibly changed) frame. Interrupts (vectors 32 and up)
 * go to qemu_irq() (timer.c), which may switch threads before returning. */
void qemu_trap(struct qemu_trap_frame *frame)
{
	struct uc_exception_context context = {
		.vector = frame->vector,
		.error_code = frame->error_code,
	};
	struct ucarch_registers *r = &context.registers;
	unsigned long cr2;

	if (frame->vector >= VECTORS) {
		qemu_irq(frame->vector);
		return;
	}
	context.code = code_of(frame->vector, frame->error_code);
	if (frame->vector == VECTOR_PAGE_FAULT) {
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		context.fault_address = cr2;
		x86_page_fault_describe(frame->error_code, &context);
	}

	r->r15 = frame->r15, r->r14 = frame->r14, r->r13 = frame->r13;
	r->r12 = frame->r12, r->r11 = frame->r11, r->r10 = frame->r10;
	r->r9 = frame->r9, r->r8 = frame->r8, r->rbp = frame->rbp;
	r->rdi = frame->rdi, r->rsi = frame->rsi, r->rdx = frame->rdx;
	r->rcx = frame->rcx, r->rbx = frame->rbx, r->rax = frame->rax;
	r->rip = frame->rip, r->cs = frame->cs, r->rflags = frame->rflags;
	r->rsp = frame->rsp, r->ss = frame->ss;

	uc_exception_dispatch(&context);

	frame->r15 = r->r15, frame->r14 = r->r14, frame->r13 = r->r13;
	frame->r12 = r->r12, frame->r11 = r->r11, frame->r10 = r->r10;
	frame->r9 = r->r9, frame->r8 = r->r8, frame->rbp = r->rbp;
	frame->rdi = r->rdi, frame->rsi = r->rsi, frame->rdx = r->rdx;
	frame->rcx = r->rcx, frame->rbx = r->rbx, frame->rax = r->rax;
	frame->rip = r->rip, frame->rflags = r->rflags, frame->rsp = r->rsp;
}
