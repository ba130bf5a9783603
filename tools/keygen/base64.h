/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict standard base64 (RFC 4648 section 4, padded): every input has
 * exactly one accepted spelling, so a key compares equal to itself as text.
 */
#ifndef TQUIC_BASE64_H
#define TQUIC_BASE64_H

#include <stddef.h>
#include <stdint.h>

enum b64_err {
	B64_OK = 0,
	B64_ERR_LENGTH = -1,	/* length is not a multiple of 4 */
	B64_ERR_CHAR = -2,	/* byte outside the alphabet */
	B64_ERR_PADDING = -3,	/* '=' misplaced, or non-zero spare bits */
	B64_ERR_SPACE = -4,	/* output buffer too small */
};

/* Characters needed for @n bytes, not counting the terminating NUL. */
static inline size_t b64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

/* Largest decoded size of @len characters; exact once padding is known. */
static inline size_t b64_max_decoded_len(size_t len)
{
	return len / 4 * 3;
}

/* Writes b64_encoded_len(@n) characters and a NUL to @dst. */
void b64_encode(char *dst, const uint8_t *src, size_t n);

/*
 * Decodes exactly @len characters of @src; on success stores the byte
 * count in *@outlen and returns B64_OK, else returns a b64_err and leaves
 * *@outlen untouched (@dst may hold partial output, wipe it if secret).
 */
int b64_decode(uint8_t *dst, size_t dstlen, const char *src, size_t len,
	       size_t *outlen);

const char *b64_strerror(int err);

#endif /* TQUIC_BASE64_H */
