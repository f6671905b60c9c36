/*
 * The x86_64 CPUID instruction and the feature bits the core tests.
 * Usable from any privilege level (linuxu too).
 */
#ifndef UC_X86_64_CPUID_H
#define UC_X86_64_CPUID_H

#include <stdbool.h>
#include <stdint.h>

struct x86_cpuid {
	uint32_t eax, ebx, ecx, edx;
};

#define X86_CPUID_1_ECX_RDRAND (1u << 30)
#define X86_CPUID_7_EBX_RDSEED (1u << 18)

/* Runs CPUID for @leaf and @subleaf. */
static inline struct x86_cpuid x86_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct x86_cpuid result;

	__asm__ volatile("cpuid"
			 : "=a"(result.eax), "=b"(result.ebx), "=c"(result.ecx),
			   "=d"(result.edx)
			 : "a"(leaf), "c"(subleaf));
	return result;
}

/* Highest basic leaf the CPU answers (leaf 0's eax). */
static inline uint32_t x86_cpuid_max_leaf(void)
{
	return x86_cpuid(0, 0).eax;
}

/* The time-stamp counter. */
static inline uint64_t x86_rdtsc(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return ((uint64_t)high << 32) | low;
}

#endif /* UC_X86_64_CPUID_H */
