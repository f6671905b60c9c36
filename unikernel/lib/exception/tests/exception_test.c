/*
 * Tests of the exception library: a registered handler receives a CPU
 * exception (a breakpoint) with its code and registers and resumes the
 * code after it; handlers are unregistered; the registries refuse bad
 * input and overflow; the symbol table names the image's functions.
 * (Crash reports, statuses and every fault kind are checked by booting
 * apps/security-probe: SecurityProbeIT.)
 */
#include <string.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/test.h>

struct seen {
	int count;
	enum uc_exception_code code;
	uintptr_t ip;
};

static enum uc_exception_action
on_breakpoint(struct uc_exception_context *context, void *argument)
{
	struct seen *seen = argument;

	if (context->code != UC_EXCEPTION_BREAKPOINT)
		return UC_EXCEPTION_PASS;
	seen->count++;
	seen->code = context->code;
	seen->ip = ucarch_registers_ip(&context->registers);
	return UC_EXCEPTION_RESUME;
}

static enum uc_exception_action pass(struct uc_exception_context *context,
				     void *argument)
{
	(void)context;
	(*(int *)argument)++;
	return UC_EXCEPTION_PASS;
}

__attribute__((noinline)) static void raise_breakpoint(void)
{
	ucarch_breakpoint();
}

UC_TEST(exception, handler_resumes_after_a_breakpoint)
{
	struct seen seen = { 0 };
	int passes = 0;
	uintptr_t offset = 0;
	const char *name;

	UC_ASSERT_INT_EQ(uc_exception_handler_add(on_breakpoint, &seen), 0);
	/* Added last, asked first; passing lets the breakpoint handler run. */
	UC_ASSERT_INT_EQ(uc_exception_handler_add(pass, &passes), 0);
	raise_breakpoint();
	raise_breakpoint();
	UC_EXPECT_INT_EQ(seen.count, 2);
	UC_EXPECT_INT_EQ(passes, 2);
	UC_EXPECT_INT_EQ(seen.code, UC_EXCEPTION_BREAKPOINT);
	name = uc_exception_symbol_lookup(seen.ip, &offset);
	UC_ASSERT_NOT_NULL(name);
	UC_EXPECT_STR_EQ(name, "raise_breakpoint");
	UC_EXPECT_INT_EQ(uc_exception_handler_del(pass, &passes), 0);
	UC_EXPECT_INT_EQ(uc_exception_handler_del(on_breakpoint, &seen), 0);
	UC_EXPECT_INT_EQ(uc_exception_handler_del(on_breakpoint, &seen),
			 -UC_ENOENT);
}

UC_TEST(exception, handler_registry_limits)
{
	int counters[UC_EXCEPTION_MAX_HANDLERS + 1];
	int added = 0, i;

	UC_EXPECT_INT_EQ(uc_exception_handler_add(NULL, NULL), -UC_EINVAL);
	for (i = 0; i <= UC_EXCEPTION_MAX_HANDLERS; i++) {
		if (!uc_exception_handler_add(pass, &counters[i]))
			added++;
	}
	UC_EXPECT_TRUE(added <= UC_EXCEPTION_MAX_HANDLERS);
	UC_EXPECT_INT_EQ(uc_exception_handler_add(pass, &counters[0]),
			 -UC_ENOSPC);
	for (i = 0; i < added; i++)
		UC_EXPECT_INT_EQ(uc_exception_handler_del(pass, &counters[i]),
				 0);
}

UC_TEST(exception, stack_guard_registry)
{
	UC_EXPECT_INT_EQ(uc_exception_stack_guard_add("x", 0x1000, 0),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_exception_stack_guard_add(NULL, 0x1000, 1),
			 -UC_EINVAL);
	UC_EXPECT_INT_EQ(uc_exception_stack_guard_add("x", 0x2000, 4096), 0);
	UC_EXPECT_INT_EQ(uc_exception_stack_guard_del(0x2000), 0);
	UC_EXPECT_INT_EQ(uc_exception_stack_guard_del(0x2000), -UC_ENOENT);
}

UC_TEST(exception, symbols_name_functions)
{
	uintptr_t offset = 1;
	uintptr_t address = (uintptr_t)uc_exception_dispatch;
	const char *name = uc_exception_symbol_lookup(address + 3, &offset);

	UC_ASSERT_NOT_NULL(name);
	UC_EXPECT_STR_EQ(name, "uc_exception_dispatch");
	UC_EXPECT_UINT_EQ(offset, 3);
	UC_EXPECT_NULL(uc_exception_symbol_lookup(0, NULL));
	UC_EXPECT_STR_EQ(uc_exception_code_name(UC_EXCEPTION_STACK_OVERFLOW),
			 "stack overflow");
}
