/*
 * Random API: cryptographically secure random numbers for keys, tokens and
 * nonces, from a ChaCha20 generator the random library seeds at boot from
 * the platform's entropy source (RDRAND on QEMU x86_64, getrandom(2) on
 * linuxu).
 *
 * When the platform has no good source, the boot prints a WARNING line and
 * uc_random_is_strong() returns false: the output is then unpredictable
 * only to an attacker who cannot guess the boot's timing. Callers that
 * make long-lived secrets should refuse to run in that case.
 *
 * Context: every function may be called from library init functions that
 * run after the random library's, and from the application; none blocks.
 * Calls are not serialized: the core has one thread for now.
 *
 * The C standard's rand()/srand() (libc-minimal) are a different,
 * reproducible generator and never suitable for secrets.
 */
#ifndef UC_RANDOM_H
#define UC_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * uc_random_bytes() - fill a buffer with random bytes
 * @buf: where the bytes go
 * @length: number of bytes; any size, 0 does nothing
 */
void uc_random_bytes(void *buf, size_t length);

/* uc_random_u32() - a random 32-bit value, every value equally likely. */
uint32_t uc_random_u32(void);

/* uc_random_u64() - a random 64-bit value, every value equally likely. */
uint64_t uc_random_u64(void);

/*
 * uc_random_uniform() - a random value in [0, @bound), without modulo bias
 * @bound: the exclusive upper bound; 0 and 1 both give 0
 */
uint32_t uc_random_uniform(uint32_t bound);

/*
 * uc_random_is_strong() - whether the seed came from a good entropy source
 *
 * Return: true when the platform's source was good at boot.
 */
bool uc_random_is_strong(void);

#endif /* UC_RANDOM_H */
