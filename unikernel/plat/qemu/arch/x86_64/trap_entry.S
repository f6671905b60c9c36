/*
 * Entry stubs of the 32 x86_64 CPU exceptions for the qemu platform, and
 * of the interrupts it takes (the 8259 PIC's range 32-47, masked but able
 * to raise spurious interrupts; the local APIC timer, 48; the local APIC's
 * spurious vector, 255); trap.c installs them in the IDT. Interrupts run
 * on the interrupted thread's stack, through the same frame, so the timer
 * handler may switch threads and resume this one later with iretq.
 *
 * Each stub makes the stack look the same: the CPU's frame (rip, cs,
 * rflags, rsp, ss), an error code (the CPU's, or 0 pushed by the stub), the
 * vector, then every general-purpose register: a struct qemu_trap_frame
 * (trap.c), whose address qemu_trap() gets. The SSE state is saved around
 * the C code (fxsave), so a handler that resumes leaves the interrupted
 * code's registers as they were. The CPU aligns the stack to 16 bytes
 * before pushing its frame; 22 pushed words keep that alignment.
 */
	.text

.macro TRAP vector, has_error_code
	.p2align 4
trap_\vector:
	.if \has_error_code == 0
	push $0
	.endif
	push $\vector
	jmp trap_common
.endm

TRAP 0, 0
TRAP 1, 0
TRAP 2, 0
TRAP 3, 0
TRAP 4, 0
TRAP 5, 0
TRAP 6, 0
TRAP 7, 0
TRAP 8, 1
TRAP 9, 0
TRAP 10, 1
TRAP 11, 1
TRAP 12, 1
TRAP 13, 1
TRAP 14, 1
TRAP 15, 0
TRAP 16, 0
TRAP 17, 1
TRAP 18, 0
TRAP 19, 0
TRAP 20, 0
TRAP 21, 1
TRAP 22, 0
TRAP 23, 0
TRAP 24, 0
TRAP 25, 0
TRAP 26, 0
TRAP 27, 0
TRAP 28, 0
TRAP 29, 1
TRAP 30, 1
TRAP 31, 0
	.irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,255
	TRAP \vector, 0
	.endr

	.type trap_common, @function
trap_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi			/* struct qemu_trap_frame * */
	sub $512, %rsp
	fxsave (%rsp)
	cld
	call qemu_trap
	fxrstor (%rsp)
	add $512, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp			/* vector and error code */
	iretq
	.size trap_common, . - trap_common

	/* The stubs' addresses, for trap.c. */
	.section .rodata
	.p2align 3
	.globl qemu_trap_stubs
qemu_trap_stubs:
	.irp vector, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad trap_\vector
	.endr

	/* The interrupt stubs, in the order of trap.c's irq_vectors. */
	.p2align 3
	.globl qemu_irq_stubs
qemu_irq_stubs:
	.irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,255
	.quad trap_\vector
	.endr

	.section .note.GNU-stack, "", @progbits
