/*
 * x86_64 entry and system calls of the linuxu platform.
 *
 * _start receives the initial process stack (argc, argv, NULL, envp...)
 * 16-byte aligned at %rsp and passes it to linuxu_start(). The system call
 * wrappers rely on the first three C arguments (%rdi, %rsi, %rdx) being
 * the system call's first three arguments; the kernel clobbers %rcx and
 * %r11, which the C ABI lets a callee clobber anyway.
 */
#define SYS_write 1
#define SYS_exit_group 231

	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp			/* ends frame-pointer backtraces */
	mov %rsp, %rdi
	and $-16, %rsp
	call linuxu_start
	ud2				/* linuxu_start() never returns */
	.size _start, . - _start

	.globl linuxu_write
	.type linuxu_write, @function
linuxu_write:
	mov $SYS_write, %eax
	syscall
	ret
	.size linuxu_write, . - linuxu_write

	.globl linuxu_exit_group
	.type linuxu_exit_group, @function
linuxu_exit_group:
	mov $SYS_exit_group, %eax
	syscall
	ud2				/* exit_group does not return */
	.size linuxu_exit_group, . - linuxu_exit_group

	.section .note.GNU-stack, "", @progbits
