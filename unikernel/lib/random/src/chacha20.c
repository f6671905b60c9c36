/*
 * The ChaCha20 block function of RFC 8439, section 2.3: a 4x4 matrix of
 * 32-bit words (constants, key, counter, nonce), 20 rounds of quarter
 * rounds (10 column rounds interleaved with 10 diagonal rounds), the input
 * added back, serialized little-endian. Written from the RFC's description;
 * the tests check it against the RFC's vectors.
 */
#include <stdint.h>
#include "chacha20.h"

#define ROUNDS 20

static inline uint32_t rotate_left(uint32_t value, int bits)
{
	return (value << bits) | (value >> (32 - bits));
}

static void quarter_round(uint32_t *state, int a, int b, int c, int d)
{
	state[a] += state[b];
	state[d] = rotate_left(state[d] ^ state[a], 16);
	state[c] += state[d];
	state[b] = rotate_left(state[b] ^ state[c], 12);
	state[a] += state[b];
	state[d] = rotate_left(state[d] ^ state[a], 8);
	state[c] += state[d];
	state[b] = rotate_left(state[b] ^ state[c], 7);
}

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_SIZE])
{
	/* "expand 32-byte k" as four little-endian words. */
	uint32_t input[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t state[16];
	int i;

	for (i = 0; i < CHACHA20_KEY_WORDS; i++)
		input[4 + i] = key[i];
	input[12] = counter;
	for (i = 0; i < CHACHA20_NONCE_WORDS; i++)
		input[13 + i] = nonce[i];

	for (i = 0; i < 16; i++)
		state[i] = input[i];
	for (i = 0; i < ROUNDS; i += 2) {
		quarter_round(state, 0, 4, 8, 12);
		quarter_round(state, 1, 5, 9, 13);
		quarter_round(state, 2, 6, 10, 14);
		quarter_round(state, 3, 7, 11, 15);
		quarter_round(state, 0, 5, 10, 15);
		quarter_round(state, 1, 6, 11, 12);
		quarter_round(state, 2, 7, 8, 13);
		quarter_round(state, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++) {
		uint32_t word = state[i] + input[i];

		out[4 * i] = (uint8_t)word;
		out[4 * i + 1] = (uint8_t)(word >> 8);
		out[4 * i + 2] = (uint8_t)(word >> 16);
		out[4 * i + 3] = (uint8_t)(word >> 24);
	}
	for (i = 0; i < 16; i++)
		state[i] = 0; /* no key stream left on the stack */
	__asm__ volatile("" : : "r"(state) : "memory");
}
