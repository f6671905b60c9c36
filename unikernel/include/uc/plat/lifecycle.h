/*
 * Platform contract: stopping the unikernel.
 */
#ifndef UC_PLAT_LIFECYCLE_H
#define UC_PLAT_LIFECYCLE_H

#include <stdnoreturn.h>

/*
 * ucplat_halt() - stop the unikernel and hand @status to whoever runs it
 * @status: exit status; each platform documents how many bits survive
 *          (QEMU x86_64: the low 7 bits, linuxu: the low 8 bits)
 *
 * Prints nothing: the caller has already printed the exit marker. When the
 * platform has no way to report a status, it stops the CPU for good.
 *
 * Context: any; never returns.
 */
noreturn void ucplat_halt(int status);

#endif /* UC_PLAT_LIFECYCLE_H */
