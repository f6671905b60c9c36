/*
 * Private interface of the linuxu platform: a generic Linux system call,
 * implemented per architecture in arch/<arch>/syscall.S, for the calls that
 * have no dedicated wrapper in linuxu.h. Returns what the kernel returns: a
 * result, or a negative errno.
 */
#ifndef LINUXU_SYSCALL_H
#define LINUXU_SYSCALL_H

/* Linux x86_64 system call numbers the platform uses. */
#define LINUXU_SYS_READ 0
#define LINUXU_SYS_CLOCK_GETTIME 228
#define LINUXU_SYS_GETRANDOM 318

/* Up to three arguments; unused ones are ignored by the kernel. */
long linuxu_syscall3(long number, long first, long second, long third);

#endif /* LINUXU_SYSCALL_H */
