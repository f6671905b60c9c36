/*
 * Platform contract: the one-shot timer, interrupt masking and idling that
 * the scheduler (lib/threads) is built on.
 *
 * The timer is tickless: it is armed for one absolute deadline on the
 * monotonic clock (uc/plat/time.h) and fires once, calling the handler
 * given to ucplat_timer_init() in interrupt context. An interrupt that
 * arrives while interrupts are masked is held and delivered when they are
 * unmasked again.
 *
 *  - qemu/x86_64: the local APIC timer, in TSC-deadline mode when the CPU
 *    has it, else one-shot mode; interrupts are the CPU's (cli/sti).
 *  - linuxu/x86_64: a POSIX timer (timer_create on CLOCK_MONOTONIC)
 *    delivering SIGALRM on the current stack; masking is a flag in memory
 *    (no system call), a signal arriving while it is set is held.
 *
 * The handler may switch threads (the scheduler's preemption): the
 * interrupted thread's state stays on its own stack until it runs again.
 */
#ifndef UC_PLAT_TIMER_H
#define UC_PLAT_TIMER_H

#include <stdint.h>

/* The timer's handler: interrupt context, interrupts masked. */
typedef void (*ucplat_timer_handler_fn)(void);

/*
 * ucplat_timer_init() - set up the timer and route it to @handler
 *
 * Interrupts stay masked; the caller unmasks them when ready.
 * Context: thread context, once, from a library's init function.
 * Return: 0; -UC_EINVAL when @handler is NULL; -UC_ENODEV when the machine
 *         has no usable timer.
 */
int ucplat_timer_init(ucplat_timer_handler_fn handler);

/*
 * ucplat_timer_arm() - fire the handler once, at or after @deadline_ns
 * @deadline_ns: on ucplat_time_monotonic_ns()'s clock; a deadline in the
 *               past fires at once; 0 disarms the timer
 *
 * Replaces any earlier deadline. The handler may run a little early when
 * the hardware cannot count that far (QEMU one-shot mode: about 4 s): the
 * handler checks the clock and arms again.
 * Context: interrupts masked.
 */
void ucplat_timer_arm(uint64_t deadline_ns);

/*
 * ucplat_irq_save() - mask interrupts
 *
 * Return: the previous state, for ucplat_irq_restore().
 * Context: any.
 */
unsigned long ucplat_irq_save(void);

/*
 * ucplat_irq_restore() - go back to the state ucplat_irq_save() returned
 *
 * Unmasking delivers a held interrupt at once.
 * Context: any.
 */
void ucplat_irq_restore(unsigned long state);

/* ucplat_irq_enable() - unmask interrupts (a new thread's first act). */
void ucplat_irq_enable(void);

/*
 * ucplat_idle() - wait, using no CPU, until an interrupt has been handled
 *
 * Called with interrupts masked; the timer's handler runs during the wait
 * (with interrupts masked, as always), then ucplat_idle() returns with
 * interrupts masked again. On QEMU the CPU halts (sti; hlt); on linuxu the
 * process sleeps in the host kernel until the armed deadline. With no
 * deadline armed it may wait forever.
 * Context: thread context, interrupts masked.
 */
void ucplat_idle(void);

#endif /* UC_PLAT_TIMER_H */
