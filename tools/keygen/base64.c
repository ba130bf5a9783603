// SPDX-License-Identifier: GPL-2.0
/*
 * Keys pass through here, so neither direction indexes a table with secret
 * bits: the character mapping is done with masks instead, as WireGuard does,
 * to keep cache timing independent of the key.  Only the error paths, which
 * handle malformed (and thus not secret) input, may branch on content.
 */
#include "base64.h"

/*
 * All ones when lo <= c <= hi; the sign bit of each difference says which
 * side of the bound c is on.
 */
static unsigned int in_range(unsigned int c, unsigned int lo, unsigned int hi)
{
	return 0U - ((((lo - 1) - c) & (c - (hi + 1))) >> 31);
}

/* 0..63 for an alphabet character, -1 for anything else including '='. */
static int b64_value(unsigned char ch)
{
	unsigned int c = ch, v = 0;

	/* Biased by one so that zero can mean "no range matched". */
	v |= in_range(c, 'A', 'Z') & (c - 'A' + 1);
	v |= in_range(c, 'a', 'z') & (c - 'a' + 27);
	v |= in_range(c, '0', '9') & (c - '0' + 53);
	v |= in_range(c, '+', '+') & 63;
	v |= in_range(c, '/', '/') & 64;
	return (int)v - 1;
}

static char b64_char(unsigned int v)
{
	/* Start from 'A' and hop over the gaps between the ranges. */
	return (char)('A' + v
		      + (((25 - v) >> 8) & 6)
		      - (((51 - v) >> 8) & 75)
		      - (((61 - v) >> 8) & 15)
		      + (((62 - v) >> 8) & 3));
}

static void put_quad(char *dst, uint32_t word, unsigned int nchars)
{
	unsigned int k;

	for (k = 0; k < 4; k++) {
		if (k < nchars)
			dst[k] = b64_char((word >> (18 - 6 * k)) & 63);
		else
			dst[k] = '=';
	}
}

void b64_encode(char *dst, const uint8_t *src, size_t n)
{
	size_t i;
	uint32_t word;

	for (i = 0; i + 3 <= n; i += 3, dst += 4) {
		word = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8 |
		       src[i + 2];
		put_quad(dst, word, 4);
	}
	if (i < n) {
		word = (uint32_t)src[i] << 16;
		if (i + 1 < n)
			word |= (uint32_t)src[i + 1] << 8;
		put_quad(dst, word, (unsigned int)(n - i) + 1);
		dst += 4;
	}
	*dst = '\0';
}

static int bad_quad(const char *q, unsigned int nchars)
{
	unsigned int k;

	for (k = 0; k < nchars; k++)
		if (q[k] == '=')
			return B64_ERR_PADDING;
	return B64_ERR_CHAR;
}

int b64_decode(uint8_t *dst, size_t dstlen, const char *src, size_t len,
	       size_t *outlen)
{
	size_t pad = 0, n, i, o = 0;
	unsigned int k, nchars;
	uint32_t word;
	int bad;

	if (len % 4)
		return B64_ERR_LENGTH;
	if (len && src[len - 1] == '=')
		pad = src[len - 2] == '=' ? 2 : 1;
	n = len / 4 * 3 - pad;
	if (n > dstlen)
		return B64_ERR_SPACE;

	for (i = 0; i < len; i += 4) {
		nchars = i + 4 == len ? 4 - (unsigned int)pad : 4;
		word = 0;
		bad = 0;
		for (k = 0; k < nchars; k++) {
			int v = b64_value((unsigned char)src[i + k]);

			bad |= v;
			word |= (uint32_t)(v & 63) << (18 - 6 * k);
		}
		if (bad < 0)
			return bad_quad(src + i, nchars);
		/*
		 * Spare low bits must be zero, or two spellings would decode
		 * to the same bytes.
		 */
		if (word & ((1U << (8 * (4 - nchars))) - 1))
			return B64_ERR_PADDING;
		for (k = 0; k < nchars - 1; k++)
			dst[o++] = (uint8_t)(word >> (16 - 8 * k));
	}
	*outlen = n;
	return B64_OK;
}

const char *b64_strerror(int err)
{
	switch (err) {
	case B64_OK:
		return "success";
	case B64_ERR_LENGTH:
		return "length is not a multiple of 4";
	case B64_ERR_CHAR:
		return "bad character";
	case B64_ERR_PADDING:
		return "bad padding";
	case B64_ERR_SPACE:
		return "too long";
	}
	return "unknown error";
}
