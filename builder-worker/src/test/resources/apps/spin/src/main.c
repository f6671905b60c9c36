/*
 * spin: a test application of the builder worker that starts and never
 * exits, like a server, so that a build can be cancelled, timed out or
 * killed while its smoke boot runs.
 */
#include <uc/console.h>

int main(void)
{
	volatile unsigned long turns = 0;

	uc_console_print("spinning\n");
	for (;;)
		turns++;
	return 0;
}
