/*
 * The timer contract (uc/plat/timer.h) on linuxu: one POSIX timer on
 * CLOCK_MONOTONIC, armed with an absolute deadline, delivering SIGALRM.
 *
 * Interrupt masking is a flag in memory, so that masking and unmasking
 * cost no system call: SIGALRM is never blocked in the host kernel
 * (SA_NODEFER); when it arrives while the flag is set, the handler only
 * notes it (pending) and ucplat_irq_restore() runs the handler later. The
 * signal is delivered on the current thread's stack (no SA_ONSTACK),
 * because the handler may switch threads: the interrupted thread's signal
 * frame stays on its stack until it runs again and returns through
 * rt_sigreturn. SA_RESTART keeps console reads and writes from failing
 * with EINTR. The fault signals block SIGALRM while a crash is reported
 * (signal.c).
 *
 * Invariants: masked is 1 whenever the handler runs; pending is cleared
 * before the handler runs, so a signal arriving meanwhile is never lost.
 */
#include <stdbool.h>
#include <stdint.h>
#include <uc/errno.h>
#include <uc/plat/time.h>
#include <uc/plat/timer.h>
#include "linuxu_memory.h"

#define SIGALRM 14
#define SA_SIGINFO 0x4ul
#define SA_RESTART 0x10000000ul
#define SA_RESTORER 0x04000000ul
#define SA_NODEFER 0x40000000ul
#define SIGEV_SIGNAL 0
#define CLOCK_MONOTONIC 1
#define TIMER_ABSTIME 1
#define SYS_TIMER_CREATE 222
#define SYS_TIMER_SETTIME 223
#define SYS_CLOCK_NANOSLEEP 230
#define SYS_PPOLL 271
#define NS_PER_SECOND 1000000000ull

struct kernel_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

struct kernel_sigevent {
	uint64_t value;
	int signal;
	int notify;
	int padding[12];
};

struct kernel_timespec {
	long seconds;
	long nanoseconds;
};

struct kernel_itimerspec {
	struct kernel_timespec interval;
	struct kernel_timespec value;
};

void linuxu_signal_restorer(void);

static ucplat_timer_handler_fn timer_handler;
static int timer_id;
static volatile int masked = 1;
static volatile int pending;
static uint64_t armed_deadline;

static void run_pending(void)
{
	while (pending) {
		pending = 0;
		masked = 1;
		timer_handler();
		masked = 0;
	}
}

static void on_alarm(int signal, void *info, void *ucontext)
{
	(void)signal, (void)info, (void)ucontext;
	if (masked || !timer_handler) {
		pending = 1;
		return;
	}
	masked = 1;
	timer_handler();
	masked = 0;
	run_pending();
}

int ucplat_timer_init(ucplat_timer_handler_fn handler)
{
	struct kernel_sigevent event = {
		.signal = SIGALRM,
		.notify = SIGEV_SIGNAL,
	};
	struct kernel_sigaction action = {
		.handler = on_alarm,
		.flags = SA_SIGINFO | SA_RESTORER | SA_NODEFER | SA_RESTART,
		.restorer = linuxu_signal_restorer,
	};
	long error;

	if (!handler)
		return -UC_EINVAL;
	masked = 1;
	timer_handler = handler;
	error = linuxu_syscall6(LINUXU_SYS_RT_SIGACTION, SIGALRM, (long)&action,
				0, sizeof(action.mask), 0, 0);
	if (!error)
		error = linuxu_syscall6(SYS_TIMER_CREATE, CLOCK_MONOTONIC,
					(long)&event, (long)&timer_id, 0, 0, 0);
	return error ? -UC_ENODEV : 0;
}

void ucplat_timer_arm(uint64_t deadline_ns)
{
	struct kernel_itimerspec value = { { 0, 0 }, { 0, 0 } };

	armed_deadline = deadline_ns;
	if (deadline_ns) {
		value.value.seconds = (long)(deadline_ns / NS_PER_SECOND);
		value.value.nanoseconds = (long)(deadline_ns % NS_PER_SECOND);
	}
	linuxu_syscall6(SYS_TIMER_SETTIME, timer_id, TIMER_ABSTIME,
			(long)&value, 0, 0, 0);
}

unsigned long ucplat_irq_save(void)
{
	unsigned long state = masked;

	masked = 1;
	__asm__ volatile("" : : : "memory");
	return state;
}

void ucplat_irq_restore(unsigned long state)
{
	__asm__ volatile("" : : : "memory");
	if (state)
		return;
	masked = 0;
	if (pending)
		run_pending();
}

void ucplat_irq_enable(void)
{
	ucplat_irq_restore(0);
}

void ucplat_idle(void)
{
	uint64_t deadline = armed_deadline;
	struct kernel_timespec until;

	if (!pending && deadline && ucplat_time_monotonic_ns() < deadline) {
		/* Absolute: the deadline or a signal (EINTR) ends it. */
		until.seconds = (long)(deadline / NS_PER_SECOND);
		until.nanoseconds = (long)(deadline % NS_PER_SECOND);
		linuxu_syscall6(SYS_CLOCK_NANOSLEEP, CLOCK_MONOTONIC,
				TIMER_ABSTIME, (long)&until, 0, 0, 0);
	} else if (!pending && !deadline) {
		/* Nothing armed: only a signal ends the wait. */
		linuxu_syscall6(SYS_PPOLL, 0, 0, 0, 0, 8, 0);
	}
	/* A deadline that passed counts as fired: run the handler now,
	 * masked, rather than waiting for its signal (which then finds
	 * nothing to do), and wait for a new deadline next time. */
	if (deadline && ucplat_time_monotonic_ns() >= deadline) {
		armed_deadline = 0;
		pending = 1;
	}
	if (pending) {
		pending = 0;
		timer_handler();
	}
}
