// SPDX-License-Identifier: GPL-2.0
/* QUIC variable-length integers (varint.h). */
#include "proto.h"
#include "varint.h"
#include "tap.h"

struct vector {
	const u8 *bytes;
	size_t len;
	u64 value;
};

/* RFC 9000 appendix A.1 examples. */
static const u8 ex8[] = { 0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c };
static const u8 ex4[] = { 0x9d, 0x7f, 0x3e, 0x7d };
static const u8 ex2[] = { 0x7b, 0xbd };
static const u8 ex1[] = { 0x25 };
static const u8 ex1_long[] = { 0x40, 0x25 };

static const struct vector rfc[] = {
	{ ex8, sizeof(ex8), 151288809941952652ULL },
	{ ex4, sizeof(ex4), 494878333 },
	{ ex2, sizeof(ex2), 15293 },
	{ ex1, sizeof(ex1), 37 },
};

static void test_rfc_decode(void)
{
	unsigned int i;
	u64 v;

	for (i = 0; i < TAP_COUNT(rfc); i++) {
		u8 *b = tap_dup(rfc[i].bytes, rfc[i].len);

		v = 0;
		CHECK_EQ(tquic_varint_decode(b, rfc[i].len, &v), rfc[i].len);
		CHECK_EQ(v, rfc[i].value);
		tap_free(b, rfc[i].len);
	}
	/* A longer encoding than needed is still the value (not for types). */
	v = 0;
	CHECK_EQ(tquic_varint_decode(ex1_long, 2, &v), 2);
	CHECK_EQ(v, 37);
}

static void test_rfc_encode(void)
{
	unsigned int i;
	u8 buf[8];

	for (i = 0; i < TAP_COUNT(rfc); i++) {
		memset(buf, 0xee, sizeof(buf));
		CHECK_EQ(tquic_varint_encode(buf, sizeof(buf), rfc[i].value),
			 rfc[i].len);
		CHECK_MEM(buf, rfc[i].bytes, rfc[i].len);
		CHECK_EQ(tquic_varint_size(rfc[i].value), rfc[i].len);
	}
	CHECK_EQ(tquic_varint_encode_n(buf, 2, 37, 2), 2);
	CHECK_MEM(buf, ex1_long, 2);
}

static void test_size_boundaries(void)
{
	CHECK_EQ(tquic_varint_size(0), 1);
	CHECK_EQ(tquic_varint_size(63), 1);
	CHECK_EQ(tquic_varint_size(64), 2);
	CHECK_EQ(tquic_varint_size(16383), 2);
	CHECK_EQ(tquic_varint_size(16384), 4);
	CHECK_EQ(tquic_varint_size((1ULL << 30) - 1), 4);
	CHECK_EQ(tquic_varint_size(1ULL << 30), 8);
	CHECK_EQ(tquic_varint_size(TQUIC_VARINT_MAX), 8);
	CHECK_EQ(tquic_varint_size(TQUIC_VARINT_MAX + 1), 0);
	CHECK_EQ(tquic_varint_size(~0ULL), 0);
}

static void test_encode_limits(void)
{
	u8 buf[8];

	CHECK_EQ(tquic_varint_encode(buf, 8, TQUIC_VARINT_MAX + 1), -EINVAL);
	CHECK_EQ(tquic_varint_encode(buf, 8, ~0ULL), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 64, 1), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 16384, 2), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 1, 3), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 1, 0), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 1, 16), -EINVAL);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, TQUIC_VARINT_MAX + 1, 8),
		 -EINVAL);
	CHECK_EQ(tquic_varint_encode(buf, 8, TQUIC_VARINT_MAX), 8);
	CHECK_EQ(buf[0], 0xff);
	CHECK_EQ(buf[7], 0xff);
	CHECK_EQ(tquic_varint_encode_n(buf, 8, 0, 8), 8);
	CHECK_EQ(buf[0], 0xc0);
	CHECK_EQ(buf[7], 0x00);
}

static const u64 edge[] = {
	0, 1, 37, 63, 64, 65, 15293, 16383, 16384, 16385,
	(1ULL << 30) - 1, 1ULL << 30, 494878333, 151288809941952652ULL,
	TQUIC_VARINT_MAX - 1, TQUIC_VARINT_MAX,
};

/* Every short output buffer fails cleanly and writes nothing past it. */
static void test_encode_short_buffers(void)
{
	unsigned int i;
	size_t len;

	for (i = 0; i < TAP_COUNT(edge); i++) {
		unsigned int n = tquic_varint_size(edge[i]);

		for (len = 0; len < n; len++) {
			u8 *b = tap_alloc(len);

			CHECK_EQ(tquic_varint_encode(b, len, edge[i]),
				 -EMSGSIZE);
			tap_free(b, len);
		}
	}
}

/* Every truncation of an encoding is refused, and never overread. */
static void test_decode_truncated(void)
{
	unsigned int i;
	size_t len;
	u8 buf[8];
	u64 v;

	for (i = 0; i < TAP_COUNT(edge); i++) {
		int n = tquic_varint_encode(buf, sizeof(buf), edge[i]);

		CHECK(n > 0);
		for (len = 0; len < (size_t)n; len++) {
			u8 *b = tap_dup(buf, len);

			CHECK_EQ(tquic_varint_decode(b, len, &v), -EINVAL);
			tap_free(b, len);
		}
	}
}

static void test_round_trip(void)
{
	unsigned int i, n;
	u8 buf[8];
	u64 v, x;

	for (i = 0; i < 100000; i++) {
		x = i < TAP_COUNT(edge) ? edge[i] :
		    tap_rand() >> (2 + tap_rand() % 62);
		n = tquic_varint_size(x);
		CHECK_EQ(tquic_varint_encode(buf, sizeof(buf), x), n);
		CHECK_EQ(tquic_varint_decode(buf, sizeof(buf), &v), n);
		CHECK_EQ(v, x);
		/* Every wider legal width decodes to the same value. */
		for (; n <= 8; n *= 2) {
			CHECK_EQ(tquic_varint_encode_n(buf, n, x, n), n);
			CHECK_EQ(tquic_varint_decode(buf, n, &v), n);
			CHECK_EQ(v, x);
		}
	}
}

static void test_cursors(void)
{
	static const u8 in[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0x40, 0x25 };
	struct tquic_rd r;
	struct tquic_wr w;
	const u8 *p;
	u8 out[5], b;
	u32 u;
	u64 v;

	tquic_rd_init(&r, in, sizeof(in));
	CHECK_EQ(tquic_rd_u32(&r, &u), 0);
	CHECK_EQ(u, 0x12345678);
	CHECK_EQ(tquic_rd_u32(&r, &u), -EINVAL);	/* 3 left */
	CHECK_EQ(tquic_rd_take(&r, 4, &p), -EINVAL);
	CHECK_EQ(tquic_rd_take(&r, ~0ULL, &p), -EINVAL);
	CHECK_EQ(tquic_rd_u8(&r, &b), 0);
	CHECK_EQ(b, 0x9a);
	CHECK_EQ(tquic_rd_varint(&r, &v), 0);
	CHECK_EQ(v, 37);
	CHECK_EQ(tquic_rd_left(&r), 0);
	CHECK_EQ(tquic_rd_u8(&r, &b), -EINVAL);
	CHECK_EQ(tquic_rd_varint(&r, &v), -EINVAL);
	CHECK_EQ(tquic_rd_take(&r, 0, &p), 0);

	tquic_wr_init(&w, out, sizeof(out));
	CHECK_EQ(tquic_wr_u32(&w, 0xdeadbeef), 0);
	CHECK_EQ(tquic_wr_varint(&w, 64), -EMSGSIZE);	/* needs 2 */
	CHECK_EQ(tquic_wr_u32(&w, 1), -EMSGSIZE);
	CHECK_EQ(tquic_wr_bytes(&w, in, 2), -EMSGSIZE);
	CHECK_EQ(tquic_wr_varint(&w, 63), 0);
	CHECK_EQ(tquic_wr_u8(&w, 1), -EMSGSIZE);
	CHECK_EQ(tquic_wr_bytes(&w, in, 0), 0);
	CHECK_EQ(w.p - out, 5);
	CHECK_EQ(out[0], 0xde);
	CHECK_EQ(out[3], 0xef);
	CHECK_EQ(out[4], 63);

	/* A NULL, empty buffer is a valid empty input. */
	tquic_rd_init(&r, NULL, 0);
	CHECK_EQ(tquic_rd_left(&r), 0);
	CHECK_EQ(tquic_rd_varint(&r, &v), -EINVAL);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_rfc_decode),
	TAP_TEST(test_rfc_encode),
	TAP_TEST(test_size_boundaries),
	TAP_TEST(test_encode_limits),
	TAP_TEST(test_encode_short_buffers),
	TAP_TEST(test_decode_truncated),
	TAP_TEST(test_round_trip),
	TAP_TEST(test_cursors),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
