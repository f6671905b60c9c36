/*
 * The random library's generator (uc/random.h): ChaCha20 with fast key
 * erasure. Each refill computes one block with the current key and a
 * block counter, replaces the key with the block's first 32 bytes, and
 * keeps the other 32 bytes as output. Bytes are erased from the buffer as
 * they are handed out, so the state never holds past output or a key that
 * produced it (backtracking resistance).
 *
 * Invariants: available counts the unread bytes at the end of buffer;
 * key was seeded by uc_random_init(), which the build runs before any
 * caller that requires the random API.
 */
#include <stdbool.h>
#include <string.h>
#include <uc/errno.h>
#include <uc/plat/entropy.h>
#include <uc/random.h>
#include "chacha20.h"

#define KEY_SIZE (CHACHA20_KEY_WORDS * 4)
#define OUTPUT_SIZE (CHACHA20_BLOCK_SIZE - KEY_SIZE)

static uint32_t key[CHACHA20_KEY_WORDS];
static uint32_t counter;
static uint8_t buffer[OUTPUT_SIZE];
static size_t available;
static bool strong;

int uc_random_init(void);

int uc_random_init(void)
{
	static const uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint8_t block[CHACHA20_BLOCK_SIZE];

	strong = ucplat_entropy_get(key, sizeof(key)) == 0;
	/* Mix the raw seed once, so that output never shows it. */
	chacha20_block(key, 0, nonce, block);
	memcpy(key, block, KEY_SIZE);
	memset(block, 0, sizeof(block));
	counter = 1;
	available = 0;
	return 0;
}

static void refill(void)
{
	static const uint32_t nonce[CHACHA20_NONCE_WORDS];
	uint8_t block[CHACHA20_BLOCK_SIZE];

	chacha20_block(key, counter++, nonce, block);
	memcpy(key, block, KEY_SIZE);
	memcpy(buffer, block + KEY_SIZE, OUTPUT_SIZE);
	memset(block, 0, sizeof(block));
	__asm__ volatile("" : : "r"(block) : "memory");
	available = OUTPUT_SIZE;
}

void uc_random_bytes(void *buf, size_t length)
{
	uint8_t *out = buf;

	while (length) {
		size_t chunk, start;

		if (!available)
			refill();
		chunk = length < available ? length : available;
		start = OUTPUT_SIZE - available;
		memcpy(out, buffer + start, chunk);
		memset(buffer + start, 0, chunk);
		available -= chunk;
		out += chunk;
		length -= chunk;
	}
}

uint32_t uc_random_u32(void)
{
	uint32_t value;

	uc_random_bytes(&value, sizeof(value));
	return value;
}

uint64_t uc_random_u64(void)
{
	uint64_t value;

	uc_random_bytes(&value, sizeof(value));
	return value;
}

uint32_t uc_random_uniform(uint32_t bound)
{
	uint32_t value, threshold;

	if (bound < 2)
		return 0;
	/* Reject the values below 2^32 mod bound, so every residue is equally likely. */
	threshold = -bound % bound;
	do {
		value = uc_random_u32();
	} while (value < threshold);
	return value % bound;
}

bool uc_random_is_strong(void)
{
	return strong;
}
