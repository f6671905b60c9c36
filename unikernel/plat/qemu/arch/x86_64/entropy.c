/*
 * Entropy of the qemu platform on x86_64 (uc/plat/entropy.h): RDRAND when
 * CPUID says the CPU has it (QEMU's software emulation implements it from
 * the host's getrandom(), for example with -cpu qemu64,+rdrand), else the
 * time-stamp counter mixed through a hash, reported as weak.
 *
 * RDRAND may fail transiently (carry flag clear) when its buffer is
 * drained; Intel's guidance is to retry up to ten times and treat ten
 * failures in a row as a broken generator. A value of all ones is also
 * treated as a failure: some AMD CPUs return it forever after a resume.
 * */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <uc/errno.h>
#include <uc/plat/entropy.h>
#include <uc/x86_64/cpuid.h>

#define RDRAND_RETRIES 10

static bool has_rdrand(void)
{
	return x86_cpuid(1, 0).ecx & X86_CPUID_1_ECX_RDRAND;
}

/* One RDRAND value, retried as Intel recommends; false when it failed. */
static bool rdrand64(uint64_t *value)
{
	int attempt;

	for (attempt = 0; attempt < RDRAND_RETRIES; attempt++) {
		bool ok;

		__asm__ volatile("rdrand %0" : "=r"(*value), "=@ccc"(ok));
		if (ok && *value != UINT64_MAX)
			return true;
	}
	return false;
}

/*
 * A weak 64-bit value: the time-stamp counter, which differs between boots
 * by the host's scheduling, stirred by the splitmix64 finalizer so that
 * every output bit depends on every counter bit.
 */
static uint64_t weak64(uint64_t previous)
{
	uint64_t x = x86_rdtsc() + previous + 0x9e3779b97f4a7c15ull;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int ucplat_entropy_get(void *buf, size_t length)
{
	unsigned char *out = buf;
	int result = has_rdrand() ? 0 : -UC_ENODEV;
	uint64_t value = 0;

	while (length) {
		size_t chunk = length < sizeof(value) ? length : sizeof(value);

		if (result || !rdrand64(&value)) {
			if (!result)
				result = -UC_EIO;
			value = weak64(value);
		}
		memcpy(out, &value, chunk);
		out += chunk;
		length -= chunk;
	}
	value = 0;
	return result;
}
