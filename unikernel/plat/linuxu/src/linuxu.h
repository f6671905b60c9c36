/*
 * Private interface of the linuxu platform: the Linux system calls it makes,
 * implemented per architecture in arch/<arch>/ (raw system calls, no host C
 * library). Each returns what the kernel returns: a result, or a negative
 * errno.
 */
#ifndef LINUXU_PRIVATE_H
#define LINUXU_PRIVATE_H

#include <stddef.h>
#include <stdnoreturn.h>

/* write(2) */
long linuxu_write(int fd, const void *buf, size_t length);

/* exit_group(2): ends every thread of the process. */
noreturn void linuxu_exit_group(int status);

/*
 * linuxu_start() - C entry, called by _start with the initial stack
 * @stack: the stack pointer the kernel started the process with, pointing
 *         at argc, followed by argv[0..argc-1], NULL, the environment...
 */
noreturn void linuxu_start(long *stack);

#endif /* LINUXU_PRIVATE_H */
