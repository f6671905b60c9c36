/*
 * Private interface of the random library: the ChaCha20 block function of
 * RFC 8439 (section 2.3), exposed for the generator and for the tests that
 * check it against the RFC's vectors.
 */
#ifndef RANDOM_CHACHA20_H
#define RANDOM_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_NONCE_WORDS 3
#define CHACHA20_BLOCK_SIZE 64

/*
 * chacha20_block() - one 64-byte block of ChaCha20 key stream
 * @key: the 256-bit key as eight little-endian words
 * @counter: the 32-bit block counter
 * @nonce: the 96-bit nonce as three little-endian words
 * @out: the serialized block (RFC 8439 section 2.3.2)
 *
 * Context: any; pure function.
 */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_SIZE]);

#endif /* RANDOM_CHACHA20_H */
