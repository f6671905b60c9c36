/*
 * Entropy of the linuxu platform (uc/plat/entropy.h): the host kernel's
 * generator through getrandom(2), which blocks only until the host's pool
 * is initialized at its boot and then never fails for short requests.
 * Interrupted or short reads are retried; any other failure (a seccomp
 * filter, a kernel before 3.17) falls back to weak bytes from the clock.
 */
#include <stdint.h>
#include <string.h>
#include <uc/errno.h>
#include <uc/plat/entropy.h>
#include "syscall.h"

/* Weak fallback: splitmix64 over the monotonic clock's nanoseconds. */
static void fill_weak(unsigned char *out, size_t length)
{
	long time[2] = { 0, 0 };
	uint64_t x;

	linuxu_syscall3(LINUXU_SYS_CLOCK_GETTIME, 1, (long)time, 0);
	x = (uint64_t)time[0] * 1000000000u + (uint64_t)time[1];
	while (length) {
		uint64_t value;
		size_t chunk = length < sizeof(value) ? length : sizeof(value);

		x += 0x9e3779b97f4a7c15ull;
		value = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
		value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
		value ^= value >> 31;
		memcpy(out, &value, chunk);
		out += chunk;
		length -= chunk;
	}
}

int ucplat_entropy_get(void *buf, size_t length)
{
	unsigned char *out = buf;

	while (length) {
		long got = linuxu_syscall3(LINUXU_SYS_GETRANDOM, (long)out,
					   (long)length, 0);

		if (got == -UC_EINTR)
			continue;
		if (got <= 0) {
			fill_weak(out, length);
			return got == -UC_ENOSYS ? -UC_ENODEV : -UC_EIO;
		}
		out += got;
		length -= got;
	}
	return 0;
}
