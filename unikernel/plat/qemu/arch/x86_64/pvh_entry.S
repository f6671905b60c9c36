/*
 * PVH entry of the qemu platform on x86_64: from the 32-bit protected mode
 * the loader starts us in to 64-bit C.
 *
 * The loader (QEMU -kernel with -M pc, q35 or microvm) finds pvh_start32
 * through the XEN_ELFNOTE_PHYS32_ENTRY note and jumps there with paging off,
 * flat 32-bit segments, interrupts off and the physical address of the
 * start_info structure in %ebx. There is no usable stack and the loader's
 * GDT may be gone, so the code below uses neither until it has its own.
 *
 * It then: clears .bss (page tables and stack live there), identity-maps the
 * first 1 GiB with 2 MiB pages (every address the image and QEMU's boot data
 * use; paging.c replaces this map with 4 KiB pages and W^X permissions
 * before uc_boot()), enables SSE (the compiler may use it), enters long mode and calls
 * qemu_pvh_start(start_info) on the boot stack. Runs once, on the boot CPU.
 */
#include "pvh.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_NE (1 << 5)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)

#define PTE_PRESENT (1 << 0)
#define PTE_WRITABLE (1 << 1)
#define PTE_LARGE (1 << 7)
#define LARGE_PAGE_SIZE 0x200000

#define GDT_CODE64 0x08
#define GDT_DATA 0x10

	/* The note QEMU reads the entry point from; a 4-byte aligned note. */
	.section .note.Xen, "a", @note
	.p2align 2
	.long 4				/* name size, "Xen\0" */
	.long 8				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.quad pvh_start32		/* loaders may read 4 or 8 bytes */

	.section .text.boot, "ax", @progbits
	.code32
	.globl pvh_start32
	.type pvh_start32, @function
pvh_start32:
	cld
	mov %ebx, %esi			/* start_info, for qemu_pvh_start() */

	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb

	/* pml4[0] -> pdpt, pdpt[0] -> pd, pd[i] -> i * 2 MiB */
	movl $(pvh_pdpt + PTE_PRESENT + PTE_WRITABLE), pvh_pml4
	movl $(pvh_pd + PTE_PRESENT + PTE_WRITABLE), pvh_pdpt
	mov $pvh_pd, %edi
	mov $(PTE_PRESENT + PTE_WRITABLE + PTE_LARGE), %eax
	mov $(PVH_IDENTITY_MAP_END / LARGE_PAGE_SIZE), %ecx
1:	mov %eax, (%edi)
	add $LARGE_PAGE_SIZE, %eax
	add $8, %edi
	dec %ecx
	jnz 1b

	lgdt gdt_pointer

	mov %cr4, %eax
	or $(CR4_PAE + CR4_OSFXSR + CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	mov $pvh_pml4, %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	and $~CR0_EM, %eax
	or $(CR0_PE + CR0_MP + CR0_NE + CR0_PG), %eax
	mov %eax, %cr0
	ljmp $GDT_CODE64, $pvh_start64

	.code64
pvh_start64:
	mov $GDT_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	mov %eax, %fs
	mov %eax, %gs
	fninit
	mov $boot_stack_top, %esp	/* below 4 GiB: zero-extends to %rsp */
	xor %ebp, %ebp			/* ends frame-pointer backtraces */
	mov %esi, %edi
	call qemu_pvh_start
2:	hlt				/* qemu_pvh_start() never returns */
	jmp 2b
	.size pvh_start32, . - pvh_start32

	.section .rodata.boot, "a", @progbits
	.p2align 3
gdt:
	.quad 0				/* null descriptor */
	.quad 0x00af9a000000ffff	/* GDT_CODE64: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff	/* GDT_DATA: read/write data, ring 0 */
gdt_end:
gdt_pointer:
	.word gdt_end - gdt - 1
	.quad gdt

	.section .bss.boot, "aw", @nobits
	.p2align 12
pvh_pml4:
	.skip 4096
pvh_pdpt:
	.skip 4096
pvh_pd:
	.skip 4096
	/* paging.c unmaps this page: a boot stack overflow faults in it. */
	.p2align 12
	.globl pvh_boot_stack_guard
pvh_boot_stack_guard:
	.skip 4096
boot_stack:
	.skip PVH_BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
