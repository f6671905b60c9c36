/*
 * Architecture contract: CPU control that every platform running the CPU in
 * kernel mode needs. A user-space platform (linuxu) never calls it.
 */
#ifndef UC_ARCH_CPU_H
#define UC_ARCH_CPU_H

#include <stdnoreturn.h>

/*
 * ucarch_halt() - stop this CPU for good
 *
 * Disables interrupts and waits forever; a non-maskable interrupt that wakes
 * the CPU puts it back to sleep.
 *
 * Context: kernel mode only; never returns.
 */
noreturn void ucarch_halt(void);

#endif /* UC_ARCH_CPU_H */
