/*
 * A new thread's first context on x86_64: the frame threads_context_switch
 * (switch.S) pops, returning into threads_context_start with the thread in
 * r12 and threads_thread_start in r13.
 */
#include <stdint.h>
#include "threads.h"

void threads_context_start(void);

void threads_context_init(struct uc_thread *thread, void *stack_top)
{
	uint64_t *sp = (uint64_t *)((uintptr_t)stack_top & ~(uintptr_t)15);

	*--sp = 0; /* no caller */
	*--sp = (uintptr_t)threads_context_start; /* the switch's ret */
	*--sp = 0; /* rbp: the end of the frame chain */
	*--sp = 0; /* rbx */
	*--sp = (uintptr_t)thread; /* r12 */
	*--sp = (uintptr_t)threads_thread_start; /* r13 */
	*--sp = 0; /* r14 */
	*--sp = 0; /* r15 */
	thread->saved_sp = sp;
}
