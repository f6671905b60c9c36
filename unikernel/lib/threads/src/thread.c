/*
 * The threads library's core: thread life cycle, the scheduler loop
 * (schedule()), blocking and waking, the sleepers and the tickless timer,
 * the idle loop, and thread-local keys. The policy (which ready thread runs
 * next, and whether the timer preempts) is the registered scheduler's
 * (uc/sched.h).
 *
 * Invariants, all changed with interrupts masked:
 *  - cpu->current is the one THREAD_RUNNING thread; READY threads are in
 *    the scheduler's run queue; BLOCKED threads are on a wait queue, on
 *    the sleepers list (sorted by deadline), or both;
 *  - cpu->armed is the deadline the platform timer is armed for, or 0;
 *    it is never later than the earliest sleeper's deadline, nor (when the
 *    scheduler has a time slice and a thread is ready) the slice's end; it
 *    may be earlier (a deadline that no longer matters: the interrupt then
 *    finds nothing to do and arms nothing);
 *  - every switch happens inside schedule() with interrupts masked; the
 *    resumed thread restores its own interrupt state (a thread preempted by
 *    the timer returns through its interrupt frame or signal frame);
 *  - errno is one variable switched with the threads (saved_errno).
 *
 * Stacks come from uc_memory_stack_alloc() with a guard page named after
 * the thread (the name lives in the thread block, which stays with its
 * stack); finished threads go to a small cache that create reuses, so a
 * create+join costs no page-table change.
 */
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <uc/errno.h>
#include <uc/memory.h>
#include <uc/plat/time.h>
#include <uc/plat/timer.h>
#include <uc/process.h>
#include <uc/sched.h>
#include <uc/thread.h>
#include <uc_config.h>
#include "threads.h"

#define PAGE 4096u
#define CACHE_MAX 32
#define KEY_DESTRUCTOR_ROUNDS 4

struct cpu {
	struct uc_sched_cpu run_queue;
	struct uc_thread *current;
	struct uc_list sleepers; /* blocked with a deadline, earliest first */
	struct uc_list dead; /* detached and exited, to reap */
	uint64_t armed; /* the timer's deadline, 0 when disarmed */
	uint64_t slice_end; /* when the current thread's slice ends */
	bool idle; /* inside the idle loop: the timer must not switch */
};

struct key {
	bool used;
	void (*destructor)(void *);
};

static const struct uc_sched_ops *sched;
static struct uc_thread main_thread = {
	.state = THREAD_RUNNING,
	.is_static = true,
	.id = 1,
	.name = "main",
};
static struct cpu cpu0 = { .current = &main_thread };
static struct uc_list every_thread = UC_LIST_INIT(every_thread);
static struct uc_list cache = UC_LIST_INIT(cache);
static unsigned int cache_count;
static unsigned int live_threads = 1; /* created and not released */
static unsigned int running_threads = 1; /* created and not exited */
static unsigned long next_id = 2;
static struct key keys[UC_THREAD_KEYS_MAX];

static struct cpu *this_cpu(void)
{
	return &cpu0;
}

static uint64_t now_ns(void)
{
	return ucplat_time_monotonic_ns();
}

static struct uc_thread *thread_of_entity(struct uc_sched_entity *entity)
{
	return uc_list_entry(entity, struct uc_thread, entity);
}

/* Arms the timer for the earliest thing the CPU waits for (tickless). */
static void timer_program(struct cpu *cpu)
{
	uint64_t want = 0;
	struct uc_list *first = uc_list_first(&cpu->sleepers);

	if (first)
		want = uc_list_entry(first, struct uc_thread, timer_link)
			       ->deadline;
	if (sched->time_slice_ns && !cpu->idle && cpu->run_queue.ready_count &&
	    (!want || cpu->slice_end < want))
		want = cpu->slice_end;
	/*
	 * Nothing to wait for: a timer still armed stays so (disarming and
	 * re-arming on every switch would cost two system calls on linuxu);
	 * its interrupt finds nothing to do. An earlier interrupt is coming
	 * anyway: it will look again.
	 */
	if (!want || (cpu->armed && cpu->armed <= want))
		return;
	cpu->armed = want;
	ucplat_timer_arm(want);
}

static void make_ready(struct cpu *cpu, struct uc_thread *thread)
{
	thread->state = THREAD_READY;
	sched->enqueue(&cpu->run_queue, &thread->entity);
	if (sched->time_slice_ns && !cpu->idle)
		timer_program(cpu);
}

/* Ends @thread's wait with @result: off its queue and the sleepers. */
static void wake(struct cpu *cpu, struct uc_thread *thread, int result)
{
	if (thread->waitq) {
		uc_list_del(&thread->wait_link);
		thread->waitq = NULL;
	}
	if (uc_list_is_linked(&thread->timer_link))
		uc_list_del(&thread->timer_link);
	thread->deadline = 0;
	thread->wake_result = result;
	make_ready(cpu, thread);
}

static void sleepers_expire(struct cpu *cpu, uint64_t now)
{
	struct uc_list *first;
	struct uc_thread *thread;

	while ((first = uc_list_first(&cpu->sleepers))) {
		thread = uc_list_entry(first, struct uc_thread, timer_link);
		if (thread->deadline > now)
			break;
		wake(cpu, thread, -UC_ETIMEDOUT);
	}
}

static void sleepers_insert(struct cpu *cpu, struct uc_thread *thread,
			    uint64_t deadline)
{
	struct uc_list *link;
	struct uc_thread *other;

	thread->deadline = deadline;
	uc_list_for_each(link, &cpu->sleepers)
	{
		other = uc_list_entry(link, struct uc_thread, timer_link);
		if (other->deadline > deadline)
			break;
	}
	uc_list_add_before(&thread->timer_link, link);
	timer_program(cpu);
}

static void thread_release(struct uc_thread *thread);

/* Frees the detached threads that exited (never the running one). */
static void reap_dead(struct cpu *cpu)
{
	struct uc_list *first;

	while ((first = uc_list_first(&cpu->dead))) {
		uc_list_del(first);
		thread_release(
			uc_list_entry(first, struct uc_thread, wait_link));
	}
}

/*
 * Gives the CPU to the next ready thread; the current one goes back to the
 * run queue when it is still RUNNING (a yield or a preemption), else it has
 * blocked or exited. With nothing ready, idles until the timer wakes a
 * sleeper. Interrupts masked; returns when the caller runs again.
 */
static void schedule(struct cpu *cpu)
{
	struct uc_thread *prev = cpu->current, *next;
	struct uc_sched_entity *entity;

	if (prev->state == THREAD_RUNNING) {
		prev->state = THREAD_READY;
		sched->enqueue(&cpu->run_queue, &prev->entity);
	}
	while (!(entity = sched->dequeue(&cpu->run_queue))) {
		cpu->idle = true;
		timer_program(cpu);
		ucplat_idle();
		cpu->idle = false;
		if (!uc_list_is_empty(&cpu->sleepers))
			sleepers_expire(cpu, now_ns());
	}
	next = thread_of_entity(entity);
	next->state = THREAD_RUNNING;
	if (sched->time_slice_ns) {
		cpu->slice_end = now_ns() + sched->time_slice_ns;
		timer_program(cpu);
	}
	if (next == prev)
		return;
	prev->saved_errno = errno;
	errno = next->saved_errno;
	cpu->current = next;
	threads_context_switch(&prev->saved_sp, next->saved_sp);
	/* prev runs again: cpu->current was set by whoever switched here. */
	if (!uc_list_is_empty(&cpu->dead))
		reap_dead(cpu);
}

/* The platform timer's handler: interrupt context, interrupts masked. */
static void tick(void)
{
	struct cpu *cpu = this_cpu();
	uint64_t now = now_ns();

	cpu->armed = 0;
	sleepers_expire(cpu, now);
	if (cpu->idle)
		return; /* the idle loop picks up the woken threads */
	if (sched->time_slice_ns && cpu->run_queue.ready_count &&
	    now >= cpu->slice_end) {
		schedule(cpu); /* preemption */
		return;
	}
	timer_program(cpu);
}

/*
 * Blocks the current thread on @queue (may be NULL) until woken or
 * @deadline (0: none). Interrupts masked on entry and on return.
 * Return: the wake result (0, or -UC_ETIMEDOUT).
 */
static int block_prepare(struct cpu *cpu, struct uc_waitq *queue,
			 uint64_t deadline)
{
	struct uc_thread *thread = cpu->current;

	thread->state = THREAD_BLOCKED;
	thread->wake_result = 0;
	if (queue) {
		thread->waitq = queue;
		uc_list_add_tail(&thread->wait_link, &queue->waiters);
	}
	if (deadline)
		sleepers_insert(cpu, thread, deadline);
	return 0;
}

static int block_commit(struct cpu *cpu)
{
	struct uc_thread *thread = cpu->current;

	schedule(cpu);
	return thread->wake_result;
}

/* Used by sync.c: the same, for the current CPU. */
int threads_block(struct uc_waitq *queue, uint64_t deadline)
{
	struct cpu *cpu = this_cpu();

	if (deadline && now_ns() >= deadline)
		return -UC_ETIMEDOUT;
	block_prepare(cpu, queue, deadline);
	return block_commit(cpu);
}

int threads_block_prepare(struct uc_waitq *queue, uint64_t deadline)
{
	return block_prepare(this_cpu(), queue, deadline);
}

int threads_block_commit(void)
{
	return block_commit(this_cpu());
}

/* Wakes the first waiter of @queue; returns it, or NULL. */
struct uc_thread *threads_wake_first(struct uc_waitq *queue)
{
	struct uc_list *first = uc_list_first(&queue->waiters);
	struct uc_thread *thread;

	if (!first)
		return NULL;
	thread = uc_list_entry(first, struct uc_thread, wait_link);
	wake(this_cpu(), thread, 0);
	return thread;
}

bool threads_scheduler_ready(void)
{
	return sched != NULL;
}

/* --- Threads --- */

static void name_set(struct uc_thread *thread, const char *name)
{
	unsigned long id = thread->id;
	size_t length = 0;
	char digits[24];
	int count = 0;

	if (name) {
		while (name[length] && length < UC_THREAD_NAME_MAX) {
			thread->name[length] = name[length];
			length++;
		}
		thread->name[length] = '\0';
		return;
	}
	/* "thread-<id>" */
	memcpy(thread->name, "thread-", 7);
	length = 7;
	do {
		digits[count++] = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	while (count)
		thread->name[length++] = digits[--count];
	thread->name[length] = '\0';
}

/* A thread block with a stack of @stack_size, reused or new; NULL when out. */
static struct uc_thread *thread_alloc(size_t stack_size)
{
	struct uc_thread *thread = NULL;
	struct uc_list *link;
	unsigned long state = ucplat_irq_save();

	uc_list_for_each(link, &cache)
	{
		thread = uc_list_entry(link, struct uc_thread, wait_link);
		if (thread->stack_size == stack_size) {
			uc_list_del(link);
			cache_count--;
			ucplat_irq_restore(state);
			return thread;
		}
	}
	ucplat_irq_restore(state);

	thread = malloc(sizeof(*thread));
	if (!thread)
		return NULL;
	memset(thread, 0, sizeof(*thread));
	/* The guard keeps a pointer to the name, updated on each reuse. */
	state = ucplat_irq_save();
	thread->stack = uc_memory_stack_alloc(stack_size, thread->name);
	ucplat_irq_restore(state);
	if (!thread->stack) {
		free(thread);
		return NULL;
	}
	thread->stack_size = stack_size;
	return thread;
}

/* Gives back a joined or reaped thread's block and stack. Masked. */
static void thread_release(struct uc_thread *thread)
{
	uc_list_del(&thread->all_link);
	live_threads--;
	if (thread->is_static)
		return;
	if (cache_count < CACHE_MAX) {
		uc_list_add(&thread->wait_link, &cache);
		cache_count++;
		return;
	}
	uc_memory_stack_free(thread->stack);
	free(thread);
}

int uc_thread_create(struct uc_thread **result,
		     const struct uc_thread_attr *attr, uc_thread_fn function,
		     void *argument)
{
	size_t stack_size = (size_t)UC_CONFIG_THREADS_STACK_SIZE_KIB * 1024;
	bool detached = attr && attr->detached;
	struct uc_thread *thread;
	unsigned long state;
	void *stack;

	if (!sched)
		return -UC_ENOSYS;
	if (!function || (!result && !detached))
		return -UC_EINVAL;
	if (attr && attr->stack_size) {
		if (attr->stack_size < UC_THREAD_STACK_MIN ||
		    attr->stack_size > ((size_t)1 << 40))
			return -UC_EINVAL;
		stack_size = attr->stack_size;
	}
	stack_size = (stack_size + PAGE - 1) & ~(size_t)(PAGE - 1);

	thread = thread_alloc(stack_size);
	if (!thread)
		return -UC_EAGAIN;
	stack = thread->stack;
	memset(thread, 0, sizeof(*thread));
	thread->stack = stack;
	thread->stack_size = stack_size;
	uc_list_init(&thread->wait_link);
	uc_list_init(&thread->timer_link);
	uc_waitq_init(&thread->joiners);
	thread->function = function;
	thread->argument = argument;
	thread->detached = detached;
	threads_context_init(thread, (char *)stack + stack_size);

	state = ucplat_irq_save();
	thread->id = next_id++;
	name_set(thread, attr ? attr->name : NULL);
	uc_list_add_tail(&thread->all_link, &every_thread);
	live_threads++;
	running_threads++;
	if (result)
		*result = thread;
	make_ready(this_cpu(), thread);
	ucplat_irq_restore(state);
	return 0;
}

noreturn void threads_thread_start(struct uc_thread *thread)
{
	struct cpu *cpu = this_cpu();

	/* Arrived from schedule(), interrupts masked. */
	if (!uc_list_is_empty(&cpu->dead))
		reap_dead(cpu);
	ucplat_irq_enable();
	uc_thread_exit(thread->function(thread->argument));
}

static void keys_destroy(struct uc_thread *thread)
{
	void (*destructor)(void *);
	unsigned int round, i;
	bool called = true;
	void *value;

	for (round = 0; round < KEY_DESTRUCTOR_ROUNDS && called; round++) {
		called = false;
		for (i = 0; i < UC_THREAD_KEYS_MAX; i++) {
			value = thread->keys[i];
			destructor = keys[i].destructor;
			if (!value || !keys[i].used || !destructor)
				continue;
			thread->keys[i] = NULL;
			destructor(value);
			called = true;
		}
	}
}

noreturn void uc_thread_exit(void *result)
{
	struct cpu *cpu = this_cpu();
	struct uc_thread *thread = cpu->current;

	keys_destroy(thread);
	ucplat_irq_save();
	thread->result = result;
	thread->state = THREAD_EXITED;
	if (--running_threads == 0)
		uc_process_exit(0);
	if (thread->detached)
		uc_list_add_tail(&thread->wait_link, &cpu->dead);
	else
		uc_waitq_wake_all(&thread->joiners);
	schedule(cpu);
	__builtin_unreachable();
}

int uc_thread_join(struct uc_thread *thread, void **result)
{
	struct cpu *cpu = this_cpu();
	unsigned long state;

	if (!thread)
		return -UC_EINVAL;
	if (thread == cpu->current)
		return -UC_EDEADLK;
	state = ucplat_irq_save();
	if (thread->detached || thread->joining) {
		ucplat_irq_restore(state);
		return -UC_EINVAL;
	}
	thread->joining = true;
	while (thread->state != THREAD_EXITED)
		threads_block(&thread->joiners, 0);
	if (result)
		*result = thread->result;
	thread_release(thread);
	ucplat_irq_restore(state);
	return 0;
}

int uc_thread_detach(struct uc_thread *thread)
{
	unsigned long state;

	if (!thread)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	if (thread->detached || thread->joining) {
		ucplat_irq_restore(state);
		return -UC_EINVAL;
	}
	thread->detached = true;
	if (thread->state == THREAD_EXITED)
		uc_list_add_tail(&thread->wait_link, &this_cpu()->dead);
	ucplat_irq_restore(state);
	return 0;
}

struct uc_thread *uc_thread_current(void)
{
	return this_cpu()->current;
}

const char *uc_thread_name(const struct uc_thread *thread)
{
	return thread ? thread->name : "";
}

unsigned long uc_thread_id(const struct uc_thread *thread)
{
	return thread ? thread->id : 0;
}

unsigned int uc_thread_count(void)
{
	return live_threads;
}

const char *uc_thread_scheduler_name(void)
{
	return sched ? sched->name : "none";
}

void uc_thread_yield(void)
{
	unsigned long state;

	if (!sched)
		return;
	state = ucplat_irq_save();
	schedule(this_cpu());
	ucplat_irq_restore(state);
}

int uc_thread_sleep_until(uint64_t deadline_ns)
{
	unsigned long state;

	if (!sched) {
		while (now_ns() < deadline_ns)
			;
		return 0;
	}
	state = ucplat_irq_save();
	while (now_ns() < deadline_ns)
		threads_block(NULL, deadline_ns);
	ucplat_irq_restore(state);
	return 0;
}

int uc_thread_sleep(uint64_t microseconds)
{
	uint64_t now = now_ns(), deadline;

	if (!microseconds) {
		uc_thread_yield();
		return 0;
	}
	if (microseconds > (UINT64_MAX - now) / 1000)
		deadline = UINT64_MAX;
	else
		deadline = now + microseconds * 1000;
	return uc_thread_sleep_until(deadline);
}

/* --- Keys --- */

int uc_thread_key_create(unsigned int *key, void (*destructor)(void *))
{
	struct uc_list *link;
	unsigned long state;
	unsigned int i;

	if (!key)
		return -UC_EINVAL;
	state = ucplat_irq_save();
	for (i = 0; i < UC_THREAD_KEYS_MAX && keys[i].used; i++)
		;
	if (i == UC_THREAD_KEYS_MAX) {
		ucplat_irq_restore(state);
		return -UC_EAGAIN;
	}
	keys[i].used = true;
	keys[i].destructor = destructor;
	/* A reused key starts NULL in every thread. */
	main_thread.keys[i] = NULL;
	uc_list_for_each(link, &every_thread)
	{
		uc_list_entry(link, struct uc_thread, all_link)->keys[i] = NULL;
	}
	ucplat_irq_restore(state);
	*key = i;
	return 0;
}

int uc_thread_key_delete(unsigned int key)
{
	if (key >= UC_THREAD_KEYS_MAX || !keys[key].used)
		return -UC_EINVAL;
	keys[key].used = false;
	keys[key].destructor = NULL;
	return 0;
}

void *uc_thread_key_get(unsigned int key)
{
	if (key >= UC_THREAD_KEYS_MAX || !keys[key].used)
		return NULL;
	return this_cpu()->current->keys[key];
}

int uc_thread_key_set(unsigned int key, const void *value)
{
	if (key >= UC_THREAD_KEYS_MAX || !keys[key].used)
		return -UC_EINVAL;
	this_cpu()->current->keys[key] = (void *)value;
	return 0;
}

/* --- Registration --- */

int uc_sched_register(const struct uc_sched_ops *ops)
{
	struct cpu *cpu = this_cpu();
	int error;

	if (!ops || !ops->enqueue || !ops->dequeue || !ops->name)
		return -UC_EINVAL;
	if (sched)
		return -UC_EBUSY;
	uc_list_init(&cpu->run_queue.ready);
	cpu->run_queue.ready_count = 0;
	cpu->run_queue.id = 0;
	uc_list_init(&cpu->sleepers);
	uc_list_init(&cpu->dead);
	uc_list_init(&main_thread.wait_link);
	uc_list_init(&main_thread.timer_link);
	uc_waitq_init(&main_thread.joiners);
	main_thread.saved_errno = errno;
	uc_list_add_tail(&main_thread.all_link, &every_thread);
	cpu->current = &main_thread;
	error = ucplat_timer_init(tick);
	if (error)
		return error;
	sched = ops;
	ucplat_irq_enable();
	return 0;
}
