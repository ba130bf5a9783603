// SPDX-License-Identifier: GPL-2.0
/*
 * TAP unit tests of base64.c.  Buffers are heap-allocated at their exact
 * size so that AddressSanitizer turns any overrun into a failure.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

static unsigned int tests, failures;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

static __printf(2, 3) void ok(bool pass, const char *fmt, ...);

static void ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", pass ? "" : "not ", ++tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures += !pass;
}

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Table-driven reference, obviously right, to check the masked encoder. */
static void ref_encode(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 3) {
		unsigned int w = src[i] << 16;

		w |= i + 1 < n ? src[i + 1] << 8 : 0;
		w |= i + 2 < n ? src[i + 2] : 0;
		*dst++ = alphabet[w >> 18];
		*dst++ = alphabet[(w >> 12) & 63];
		*dst++ = i + 1 < n ? alphabet[(w >> 6) & 63] : '=';
		*dst++ = i + 2 < n ? alphabet[w & 63] : '=';
	}
	*dst = '\0';
}

static char *encode(const uint8_t *src, size_t n)
{
	char *dst = malloc(b64_encoded_len(n) + 1);

	if (!dst)
		abort();
	b64_encode(dst, src, n);
	return dst;
}

/* Decodes @s into an exact-size buffer; returns the b64_err. */
static int decode(const char *s, size_t dstlen, uint8_t **out, size_t *n)
{
	uint8_t *dst = malloc(dstlen ? dstlen : 1);

	if (!dst)
		abort();
	*n = (size_t)-1;
	*out = dst;
	return b64_decode(dst, dstlen, s, strlen(s), n);
}

static void test_rfc4648(void)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	size_t i, n, len;
	uint8_t *out;
	char *enc;
	int err;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		len = strlen(v[i][0]);
		enc = encode((const uint8_t *)v[i][0], len);
		ok(!strcmp(enc, v[i][1]), "encode \"%s\" is \"%s\"",
		   v[i][0], v[i][1]);
		err = decode(v[i][1], len, &out, &n);
		ok(err == B64_OK && n == len && !memcmp(out, v[i][0], len),
		   "decode \"%s\" is \"%s\"", v[i][1], v[i][0]);
		free(out);
		free(enc);
	}
}

/* Every byte value in every position of a quad, every tail length. */
static void test_roundtrip(void)
{
	uint8_t src[259], *out;
	char ref[b64_encoded_len(sizeof(src)) + 1], *enc;
	bool enc_ok = true, dec_ok = true;
	size_t i, len, n;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 167 + 13);
	for (len = 0; len <= sizeof(src); len++) {
		ref_encode(ref, src, len);
		enc = encode(src, len);
		enc_ok &= !strcmp(enc, ref);
		dec_ok &= decode(enc, len, &out, &n) == B64_OK && n == len &&
			  !memcmp(out, src, len);
		free(out);
		free(enc);
	}
	ok(enc_ok, "encoder matches reference for lengths 0..%zu",
	   sizeof(src));
	ok(dec_ok, "decode(encode(x)) == x for lengths 0..%zu", sizeof(src));
}

static void test_alphabet(void)
{
	char quad[5] = "AAAA";
	bool good = true;
	uint8_t *out;
	size_t n;
	int c, err;

	for (c = 1; c < 256; c++) {
		bool member = (c >= 'A' && c <= 'Z') ||
			      (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '+' || c == '/';

		quad[1] = (char)c;
		err = decode(quad, 3, &out, &n);
		if (c == '=')
			good &= err == B64_ERR_PADDING;
		else
			good &= member ? err == B64_OK : err == B64_ERR_CHAR;
		free(out);
	}
	ok(good, "exactly the 64 alphabet bytes are accepted");
}

static void test_reject(void)
{
	static const struct {
		const char *in;
		int err;
		const char *why;
	} v[] = {
		{ "Zg", B64_ERR_LENGTH, "missing padding" },
		{ "Zg=", B64_ERR_LENGTH, "short padding" },
		{ "Zm9vY", B64_ERR_LENGTH, "length 5" },
		{ "Zm9v\n", B64_ERR_LENGTH, "trailing newline" },
		{ "Zh==", B64_ERR_PADDING, "non-zero spare bits, one byte" },
		{ "Zm9=", B64_ERR_PADDING, "non-zero spare bits, two bytes" },
		{ "Z===", B64_ERR_PADDING, "three padding characters" },
		{ "====", B64_ERR_PADDING, "padding only" },
		{ "Zg=a", B64_ERR_PADDING, "padding before data" },
		{ "Zg==Zg==", B64_ERR_PADDING, "padding in the middle" },
		{ "Zm 9", B64_ERR_CHAR, "space inside" },
		{ "Zm9-", B64_ERR_CHAR, "base64url '-'" },
		{ "Zm9_", B64_ERR_CHAR, "base64url '_'" },
		{ "Zm9\xc3", B64_ERR_CHAR, "high byte" },
	};
	size_t i, n;
	uint8_t *out;
	int err;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		err = decode(v[i].in, 16, &out, &n);
		ok(err == v[i].err && n == (size_t)-1,
		   "reject %s: %s", v[i].why, b64_strerror(v[i].err));
		free(out);
	}
}

static void test_space(void)
{
	static const char nul[] = "Zm\0v";
	uint8_t *out, buf[3];
	size_t n = 0;
	int err;

	err = decode("Zm9vYmFy", 5, &out, &n);
	ok(err == B64_ERR_SPACE, "output one byte short is refused");
	free(out);
	err = decode("Zm9vYmE=", 5, &out, &n);
	ok(err == B64_OK && n == 5, "output of exact size is enough");
	free(out);
	err = b64_decode(buf, sizeof(buf), nul, sizeof(nul) - 1, &n);
	ok(err == B64_ERR_CHAR, "embedded NUL is a bad character");
}

int main(void)
{
	printf("TAP version 13\n");
	test_rfc4648();
	test_roundtrip();
	test_alphabet();
	test_reject();
	test_space();
	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
