/*
 * x86_64 helpers of the linuxu platform's memory and signal code
 * (src/linuxu_memory.h): a six-argument system call (mmap), the signal
 * restorer the kernel returns through, and the switch to the boot stack.
 */
#define SYS_rt_sigreturn 15

	.text
	/* long linuxu_syscall6(number, a1, a2, a3, a4, a5, a6) */
	.globl linuxu_syscall6
	.type linuxu_syscall6, @function
linuxu_syscall6:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	syscall
	ret
	.size linuxu_syscall6, . - linuxu_syscall6

	/* SA_RESTORER: where a signal handler returns to. */
	.globl linuxu_signal_restorer
	.type linuxu_signal_restorer, @function
linuxu_signal_restorer:
	mov $SYS_rt_sigreturn, %eax
	syscall
	ud2
	.size linuxu_signal_restorer, . - linuxu_signal_restorer

	/* noreturn linuxu_stack_switch(top, function, argument) */
	.globl linuxu_stack_switch
	.type linuxu_stack_switch, @function
linuxu_stack_switch:
	mov %rdi, %rsp
	xor %ebp, %ebp			/* ends frame-pointer backtraces */
	mov %rdx, %rdi
	call *%rsi
	ud2
	.size linuxu_stack_switch, . - linuxu_stack_switch

	.section .note.GNU-stack, "", @progbits
