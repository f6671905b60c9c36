/*
 * Generic three-argument Linux system call of the linuxu platform on x86_64
 * (src/syscall.h): the number goes to %rax and the arguments to %rdi, %rsi
 * and %rdx; the kernel clobbers %rcx and %r11, which the C ABI lets a
 * callee clobber anyway.
 */
	.text
	.globl linuxu_syscall3
	.type linuxu_syscall3, @function
linuxu_syscall3:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	syscall
	ret
	.size linuxu_syscall3, . - linuxu_syscall3

	.section .note.GNU-stack, "", @progbits
