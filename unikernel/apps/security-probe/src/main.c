/*
 * security-probe: does exactly one forbidden thing, named by its argument,
 * and expects the core to stop it with a crash report (see README.md for
 * the list, the report each gives and its exit status). When the action
 * is not stopped, it says so and exits with status 1, which the tests
 * treat as a hole.
 *
 * The code uses volatile pointers so that the compiler cannot prove the
 * action undefined and drop or replace it.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uc/console.h>

typedef void (*code_fn)(void);

/* A byte that returns if it were executed (ret on x86_64). */
#define RETURN_INSTRUCTION 0xc3

static unsigned char data_code[64] = { RETURN_INSTRUCTION };
static const char read_only[] = "read-only data";
static volatile uintptr_t zero;
/* Never reached: only hides the unbounded recursion from the compiler. */
static volatile int recursion_limit = -1;

static int not_stopped(const char *action)
{
	printf("probe: %s was NOT stopped\n", action);
	return 1;
}

static void run(void *code)
{
	code_fn function;

	memcpy(&function, &code, sizeof(function));
	function();
}

static int exec_heap(void)
{
	unsigned char *buf = malloc(64);

	if (!buf)
		return not_stopped("exec-heap (malloc failed)");
	buf[0] = RETURN_INSTRUCTION;
	run(buf);
	return not_stopped("exec-heap");
}

static int exec_stack(void)
{
	volatile unsigned char buf[64];

	buf[0] = RETURN_INSTRUCTION;
	run((void *)buf);
	return not_stopped("exec-stack");
}

static int exec_data(void)
{
	run(data_code);
	return not_stopped("exec-data");
}

static int write_text(void)
{
	volatile unsigned char *text;
	code_fn function = (code_fn)exec_data;

	memcpy((void *)&text, &function, sizeof(text));
	text[0] = RETURN_INSTRUCTION;
	return not_stopped("write-text");
}

static int write_rodata(void)
{
	volatile char *rodata = (volatile char *)read_only;

	rodata[0] = 'X';
	return not_stopped("write-rodata");
}

static int read_null(void)
{
	volatile int *pointer = (volatile int *)zero;

	printf("probe: read %d at address 0\n", *pointer);
	return not_stopped("read-null");
}

static int write_null(void)
{
	volatile int *pointer = (volatile int *)zero;

	*pointer = 1;
	return not_stopped("write-null");
}

static int recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == recursion_limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static int stack_overflow(void)
{
	printf("probe: %d\n", recurse(0));
	return not_stopped("stack-overflow");
}

static int double_free(void)
{
	void *pointer = malloc(48);

	free(pointer);
	free(pointer);
	return not_stopped("double-free");
}

static int foreign_free(void)
{
	static char not_from_malloc[64];

	free(not_from_malloc + 16);
	return not_stopped("foreign-free");
}

/* Allocates until malloc says no; a crash or a hang is the failure. */
static int exhaust(void)
{
	size_t total = 0, size = 1 << 20;
	void *pointer;

	for (;;) {
		pointer = malloc(size);
		if (!pointer) {
			if (size == 64)
				break;
			size /= 2;
			continue;
		}
		total += size;
	}
	printf("probe: exhaust: malloc returned NULL after %lu KiB\n",
	       (unsigned long)(total >> 10));
	return 0;
}

struct action {
	const char *name;
	int (*run)(void);
};

static const struct action actions[] = {
	{ "exec-heap", exec_heap },	  { "exec-stack", exec_stack },
	{ "exec-data", exec_data },	  { "write-text", write_text },
	{ "write-rodata", write_rodata }, { "read-null", read_null },
	{ "write-null", write_null },	  { "stack-overflow", stack_overflow },
	{ "double-free", double_free },	  { "foreign-free", foreign_free },
	{ "exhaust", exhaust },
};

int main(int argc, char *argv[])
{
	unsigned int i;

	for (i = 0; argc == 2 && i < sizeof(actions) / sizeof(actions[0]);
	     i++) {
		if (!strcmp(argv[1], actions[i].name)) {
			printf("probe: %s\n", actions[i].name);
			return actions[i].run();
		}
	}
	printf("usage: security-probe ACTION; actions:");
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		printf(" %s", actions[i].name);
	printf("\n");
	return 2;
}
