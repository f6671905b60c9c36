/*
 * random-check: prints this boot's stack canary and random output, or with
 * the argument "smash" overflows a stack buffer so that the stack
 * protector must stop the unikernel (status 126). See README.md.
 */
#include <stdint.h>
#include <string.h>
#include <uc/console.h>
#include <uc/random.h>

#define OVERFLOW_LENGTH 64

extern uintptr_t __stack_chk_guard;

/*
 * Copies @length bytes of @source into a 16-byte buffer: with 64, the copy
 * runs over the canary and the return address, and the check before the
 * return must catch it. The length is read from a volatile at run time, so
 * the compiler cannot see the overflow (and -Werror cannot refuse it).
 */
static __attribute__((noinline)) int overflow(const char *source, size_t length)
{
	char buffer[16];

	memcpy(buffer, source, length);
	return buffer[0];
}

int main(int argc, char *argv[])
{
	uint8_t bytes[32];
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "smash")) {
		char source[OVERFLOW_LENGTH];
		volatile size_t length = sizeof(source);

		memset(source, 'A', sizeof(source));
		uc_console_print("random-check: overflowing a stack buffer\n");
		overflow(source, length);
		uc_console_print("random-check: the overflow went unnoticed\n");
		return 1;
	}

	uc_console_printf("canary=0x%016lx\n",
			  (unsigned long)__stack_chk_guard);
	uc_random_bytes(bytes, sizeof(bytes));
	uc_console_print("random=");
	for (i = 0; i < sizeof(bytes); i++)
		uc_console_printf("%02x", bytes[i]);
	uc_console_printf("\nstrong=%s\n",
			  uc_random_is_strong() ? "yes" : "no");
	return 0;
}
