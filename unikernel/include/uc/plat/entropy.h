/*
 * Platform contract: entropy for seeding the core's random generators (the
 * stack-protector canary, lib/random).
 *
 * A platform returns bytes from the best source it has: a CPU instruction
 * backed by a hardware noise source (RDRAND on x86_64), or the host
 * kernel's generator (getrandom(2) on linuxu). When it has none, it still
 * fills the buffer, from timer readings that differ between boots but that
 * an attacker can guess, and says so through the return value; callers
 * must then warn loudly and must not claim cryptographic strength.
 */
#ifndef UC_PLAT_ENTROPY_H
#define UC_PLAT_ENTROPY_H

#include <stddef.h>

/*
 * ucplat_entropy_get() - fill a buffer with seed material
 * @buf: where the bytes go
 * @length: number of bytes; 0 fills nothing and returns 0
 *
 * Context: any, from the first line of uc_boot(); may busy-wait briefly
 * (hardware retries). The boot sequence calls it before the stack canary
 * is set, so it must return without relying on the canary's value.
 * Return: 0 when every byte came from a good source; -UC_ENODEV when the
 *         platform has no good source (the bytes are weak, see above);
 *         -UC_EIO when the good source failed repeatedly (bytes weak too).
 */
int ucplat_entropy_get(void *buf, size_t length);

#endif /* UC_PLAT_ENTROPY_H */
