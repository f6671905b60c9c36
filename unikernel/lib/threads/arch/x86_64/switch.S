/*
 * The x86_64 context switch of the threads library (src/threads.h).
 *
 * Only the registers the System V ABI makes callee-saved are switched (rbx,
 * rbp, r12-r15, the stack pointer): the switch is a function call, so the
 * compiler has saved everything else. A thread preempted by an interrupt or
 * signal has its full state in the interrupt frame below, on its own stack.
 * Interrupts are masked around every switch (thread.c).
 */
	.text

	/* void threads_context_switch(void **saved_sp, void *next_sp) */
	.globl threads_context_switch
	.type threads_context_switch, @function
threads_context_switch:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret
	.size threads_context_switch, . - threads_context_switch

	/*
	 * Where a new thread's first switch returns to (context.c): r12 holds
	 * the thread, r13 the C entry. rbp is 0, which ends backtraces.
	 */
	.globl threads_context_start
	.type threads_context_start, @function
threads_context_start:
	mov %r12, %rdi
	and $-16, %rsp
	call *%r13
	ud2
	.size threads_context_start, . - threads_context_start

	.section .note.GNU-stack, "", @progbits
