/*
 * The trivial PVH kernel bench/boot-time.sh compares Unicore with: the least
 * a PVH kernel can do. It stays in the 32-bit protected mode the loader
 * starts it in, writes one line to the COM1 UART without setting it up or
 * polling it (QEMU accepts that), and exits through isa-debug-exit with
 * status 0.
 *
 * Build: gcc -nostdlib -static -no-pie -Wl,-e,start -Wl,-Ttext-segment=0x100000 \
 *            -Wl,--build-id=none -o trivial.elf trivial.S
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define COM1 0x3f8
#define ISA_DEBUG_EXIT 0xf4

	.section .note.Xen, "a", @note
	.p2align 2
	.long 4				/* name size, "Xen\0" */
	.long 8				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.quad start

	.text
	.code32
	.globl start
start:
	mov $message, %esi
	mov $COM1, %dx
1:	lodsb
	test %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	mov $ISA_DEBUG_EXIT, %dx
	xor %eax, %eax
	outl %eax, %dx
3:	cli				/* no isa-debug-exit: stop here */
	hlt
	jmp 3b

message:
	.asciz "TRIVIAL:UP\n"

	.section .note.GNU-stack, "", @progbits
