// SPDX-License-Identifier: GPL-2.0
/* Acknowledgment ranges and ACK frames (ackranges.c). */
#include "proto.h"
#include "ackranges.h"
#include "frame.h"
#include "packet.h"
#include "tap.h"

static void check_invariants(const struct tquic_ack_ranges *s, int line)
{
	unsigned int i;

	if (s->n > TQUIC_ACK_RANGES_MAX)
		tap_diag_fail(__FILE__, line, "too many ranges");
	for (i = 0; i < s->n && i < TQUIC_ACK_RANGES_MAX; i++) {
		if (s->r[i].lo > s->r[i].hi || s->r[i].hi > TQUIC_PN_MAX)
			tap_diag_fail(__FILE__, line, "bad range");
		if (i && s->r[i - 1].hi + 1 >= s->r[i].lo)
			tap_diag_fail(__FILE__, line, "unsorted or adjacent");
	}
}

#define CHECK_SET(s) check_invariants((s), __LINE__)

static void test_in_order(void)
{
	struct tquic_ack_ranges s;
	u64 pn;

	tquic_ack_ranges_init(&s);
	CHECK_EQ(tquic_ack_ranges_largest(&s), TQUIC_PN_NONE);
	CHECK(!tquic_ack_ranges_contains(&s, 0));
	for (pn = 0; pn < 1000; pn++)
		CHECK_EQ(tquic_ack_ranges_add(&s, pn), 1);
	CHECK_EQ(s.n, 1);
	CHECK_EQ(s.r[0].lo, 0);
	CHECK_EQ(s.r[0].hi, 999);
	CHECK_EQ(tquic_ack_ranges_largest(&s), 999);
	CHECK_EQ(tquic_ack_ranges_add(&s, 999), 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, 0), 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, 500), 0);
	CHECK(tquic_ack_ranges_contains(&s, 500));
	CHECK(!tquic_ack_ranges_contains(&s, 1000));
	CHECK_SET(&s);
}

static void test_out_of_order_merges(void)
{
	struct tquic_ack_ranges s;

	tquic_ack_ranges_init(&s);
	CHECK_EQ(tquic_ack_ranges_add(&s, 10), 1);
	CHECK_EQ(tquic_ack_ranges_add(&s, 14), 1);	/* new top range */
	CHECK_EQ(tquic_ack_ranges_add(&s, 12), 1);	/* island between */
	CHECK_EQ(s.n, 3);
	CHECK_EQ(tquic_ack_ranges_add(&s, 13), 1);	/* joins 12 and 14 */
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.r[1].lo, 12);
	CHECK_EQ(s.r[1].hi, 14);
	CHECK_EQ(tquic_ack_ranges_add(&s, 11), 1);	/* joins everything */
	CHECK_EQ(s.n, 1);
	CHECK_EQ(s.r[0].lo, 10);
	CHECK_EQ(s.r[0].hi, 14);
	CHECK_EQ(tquic_ack_ranges_add(&s, 9), 1);	/* extends down */
	CHECK_EQ(s.r[0].lo, 9);
	CHECK_EQ(tquic_ack_ranges_add(&s, 0), 1);	/* below everything */
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.r[0].lo, 0);
	CHECK_EQ(s.r[0].hi, 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, 1), 1);	/* extends up */
	CHECK_EQ(s.r[0].hi, 1);
	CHECK_EQ(tquic_ack_ranges_add(&s, 1), 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, 12), 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, 16), 1);	/* gap above top */
	CHECK_EQ(s.n, 3);
	CHECK_SET(&s);
	CHECK_EQ(tquic_ack_ranges_largest(&s), 16);
}

/* A full set drops its lowest range, or the new packet if that is lower. */
static void test_full(void)
{
	struct tquic_ack_ranges s;
	unsigned int i;

	tquic_ack_ranges_init(&s);
	for (i = 0; i < TQUIC_ACK_RANGES_MAX; i++)
		CHECK_EQ(tquic_ack_ranges_add(&s, 10 + 2 * i), 1);
	CHECK_EQ(s.n, TQUIC_ACK_RANGES_MAX);
	CHECK_EQ(s.r[0].lo, 10);
	/* New top range: [10, 10] goes. */
	CHECK_EQ(tquic_ack_ranges_add(&s, 200), 1);
	CHECK_EQ(s.n, TQUIC_ACK_RANGES_MAX);
	CHECK_EQ(s.r[0].lo, 12);
	CHECK_EQ(tquic_ack_ranges_largest(&s), 200);
	CHECK(!tquic_ack_ranges_contains(&s, 10));
	/* Below everything while full: not kept. */
	CHECK_EQ(tquic_ack_ranges_add(&s, 5), 1);
	CHECK(!tquic_ack_ranges_contains(&s, 5));
	CHECK_EQ(s.r[0].lo, 12);
	/* An island in the middle: the lowest goes, order is kept. */
	CHECK_EQ(tquic_ack_ranges_add(&s, 100), 1);
	CHECK(tquic_ack_ranges_contains(&s, 100));
	CHECK(!tquic_ack_ranges_contains(&s, 12));
	CHECK_EQ(s.r[0].lo, 14);
	CHECK_SET(&s);
	/* Filling a hole merges and frees a slot: nothing is dropped. */
	CHECK_EQ(tquic_ack_ranges_add(&s, 15), 1);
	CHECK_EQ(s.n, TQUIC_ACK_RANGES_MAX - 1);
	CHECK_EQ(s.r[0].lo, 14);
	CHECK_EQ(s.r[0].hi, 16);
	CHECK_SET(&s);
}

static void test_pn_limits(void)
{
	struct tquic_ack_ranges s;

	tquic_ack_ranges_init(&s);
	CHECK_EQ(tquic_ack_ranges_add(&s, TQUIC_PN_MAX + 1), -EINVAL);
	CHECK_EQ(tquic_ack_ranges_add(&s, ~0ULL), -EINVAL);
	CHECK_EQ(s.n, 0);
	CHECK_EQ(tquic_ack_ranges_add(&s, TQUIC_PN_MAX), 1);
	CHECK_EQ(tquic_ack_ranges_add(&s, TQUIC_PN_MAX - 1), 1);
	CHECK_EQ(s.n, 1);
	CHECK_EQ(tquic_ack_ranges_add(&s, 0), 1);
	CHECK_EQ(s.n, 2);
	CHECK_EQ(tquic_ack_ranges_add(&s, TQUIC_PN_MAX), 0);
	CHECK_EQ(tquic_ack_ranges_largest(&s), TQUIC_PN_MAX);
	CHECK_SET(&s);
}

static void test_forget_below(void)
{
	struct tquic_ack_ranges s;

	tquic_ack_ranges_init(&s);
	tquic_ack_ranges_add(&s, 1);
	tquic_ack_ranges_add(&s, 2);
	tquic_ack_ranges_add(&s, 5);
	tquic_ack_ranges_add(&s, 6);
	tquic_ack_ranges_add(&s, 7);
	tquic_ack_ranges_add(&s, 9);
	tquic_ack_ranges_forget_below(&s, 0);
	CHECK_EQ(s.n, 3);
	tquic_ack_ranges_forget_below(&s, 6);	/* cuts [5, 7] */
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.r[0].lo, 6);
	CHECK_EQ(s.r[0].hi, 7);
	tquic_ack_ranges_forget_below(&s, 8);	/* in a hole */
	CHECK_EQ(s.n, 1);
	CHECK_EQ(s.r[0].lo, 9);
	tquic_ack_ranges_forget_below(&s, 100);
	CHECK_EQ(s.n, 0);
	CHECK_EQ(tquic_ack_ranges_largest(&s), TQUIC_PN_NONE);
}

static struct tquic_ack_info ack_info(u64 type)
{
	struct tquic_ack_info info = { .type = type };

	return info;
}

/* [0, 2], [5, 5], [9, 12]: the encoding worked out by hand. */
static void test_write_ack(void)
{
	static const u8 want[] = { 0x02, 12, 0x40, 125, 2, 3, 2, 0, 1, 2 };
	struct tquic_ack_info info = ack_info(TQUIC_FT_ACK);
	struct tquic_ack_ranges s;
	struct tquic_ack_iter it;
	struct tquic_frame f;
	u64 lo, hi;
	u8 buf[64];

	tquic_ack_ranges_init(&s);
	tquic_ack_ranges_add(&s, 12);
	tquic_ack_ranges_add(&s, 0);
	tquic_ack_ranges_add(&s, 10);
	tquic_ack_ranges_add(&s, 2);
	tquic_ack_ranges_add(&s, 5);
	tquic_ack_ranges_add(&s, 1);
	tquic_ack_ranges_add(&s, 9);
	tquic_ack_ranges_add(&s, 11);
	CHECK_EQ(s.n, 3);
	info.delay_us = 1000;
	info.delay_exponent = 3;
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)),
		 sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));

	CHECK_EQ(tquic_frame_parse(buf, sizeof(want), &f), sizeof(want));
	CHECK_EQ(f.ack.delay, 125);
	CHECK_EQ(tquic_ack_delay_us(f.ack.delay, 3), 1000);
	CHECK_EQ(f.ack.smallest, 0);
	CHECK_EQ(tquic_ack_iter_init(&it, &f.ack), 0);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(lo, 9);
	CHECK_EQ(hi, 12);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(lo, 5);
	CHECK_EQ(hi, 5);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(lo, 0);
	CHECK_EQ(hi, 2);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 0);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 0);
}

static void test_write_path_ack_ecn(void)
{
	static const u8 want[] = {
		0x3f, 0x80, 0x01, 0x00, 0x00,	/* type, path ID 65536 */
		0x43, 0xe8, 0x00, 0x00, 0x00,	/* 1000, delay, count, first */
		0x40, 0x44, 0x80, 0x01, 0x00, 0x00, 0x01,	/* ECN */
	};
	struct tquic_ack_info info = {
		.type = TQUIC_FT_PATH_ACK_ECN, .path_id = 65536,
		.delay_us = 0, .ect0 = 68, .ect1 = 65536, .ce = 1,
	};
	struct tquic_ack_ranges s;
	struct tquic_frame f;
	u8 buf[64];

	tquic_ack_ranges_init(&s);
	tquic_ack_ranges_add(&s, 1000);
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)),
		 sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	CHECK_EQ(tquic_frame_parse(buf, sizeof(want), &f), sizeof(want));
	CHECK_EQ(f.type, TQUIC_FT_PATH_ACK_ECN);
	CHECK_EQ(f.ack.path_id, 65536);
	CHECK_EQ(f.ack.largest, 1000);
	CHECK_EQ(f.ack.ect0, 68);
	CHECK_EQ(f.ack.ect1, 65536);
	CHECK_EQ(f.ack.ce, 1);
}

static void test_write_bad(void)
{
	struct tquic_ack_info info = ack_info(TQUIC_FT_ACK);
	struct tquic_ack_ranges s;
	u8 buf[64];

	tquic_ack_ranges_init(&s);
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)), -EINVAL);
	tquic_ack_ranges_add(&s, 3);
	info.type = TQUIC_FT_PING;
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)), -EINVAL);
	info.type = TQUIC_FT_ACK;
	info.delay_exponent = 21;
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)), -EINVAL);
	info.delay_exponent = 0;
	info.delay_us = ~0ULL;		/* clamped to the varint maximum */
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)), 12);
	info.type = TQUIC_FT_ACK_ECN;
	info.ce = 1ULL << 62;		/* not encodable */
	CHECK_EQ(tquic_ack_ranges_write(&s, &info, buf, sizeof(buf)), -EINVAL);
}

/*
 * However small the buffer, the frame written is valid and reports the
 * highest ranges; below the size of the first range, nothing is written.
 */
static void test_write_truncates(void)
{
	struct tquic_ack_info info = ack_info(TQUIC_FT_PATH_ACK);
	unsigned int i, prev = 0;
	struct tquic_ack_ranges s;
	size_t len, min = 0;

	info.path_id = 3;
	tquic_ack_ranges_init(&s);
	/* 32 ranges with gaps and lengths of growing encoded size. */
	for (i = 0; i < TQUIC_ACK_RANGES_MAX; i++) {
		u64 base = (u64)i * i * i * 5000;

		tquic_ack_ranges_add(&s, base);
		tquic_ack_ranges_add(&s, base + 1);
	}
	CHECK_EQ(s.n, TQUIC_ACK_RANGES_MAX);
	for (len = 0; len < 400; len++) {
		u8 *b = tap_alloc(len);
		int n = tquic_ack_ranges_write(&s, &info, b, len);
		struct tquic_ack_iter it;
		struct tquic_frame f;
		unsigned int k = 0;
		u64 lo, hi;

		if (n == -EMSGSIZE) {
			CHECK(!min);
			tap_free(b, len);
			continue;
		}
		if (!min)
			min = len;
		CHECK(n > 0 && (size_t)n <= len);
		CHECK_EQ(tquic_frame_parse(b, n, &f), n);
		CHECK_EQ(f.ack.path_id, 3);
		tquic_ack_iter_init(&it, &f.ack);
		while (tquic_ack_iter_next(&it, &lo, &hi) > 0) {
			unsigned int j = s.n - 1 - k++;

			CHECK_EQ(lo, s.r[j].lo);
			CHECK_EQ(hi, s.r[j].hi);
		}
		CHECK(k >= prev);
		prev = k;
		tap_free(b, len);
	}
	CHECK_EQ(prev, TQUIC_ACK_RANGES_MAX);
	/* type, path, largest (4 bytes), delay, count, first range */
	CHECK_EQ(min, 1 + 1 + 4 + 1 + 1 + 1);
}

/*
 * Exact model: in 0..62 there can be at most 32 ranges, so nothing is
 * ever dropped and the set must equal a plain bitmap.
 */
static void test_model(void)
{
	struct tquic_ack_info info = ack_info(TQUIC_FT_ACK);
	unsigned int round, i;
	u8 buf[256];

	for (round = 0; round < 2000; round++) {
		struct tquic_ack_ranges s;
		struct tquic_ack_iter it;
		struct tquic_frame f;
		u64 model = 0, seen = 0, lo, hi, pn;
		int n;

		tquic_ack_ranges_init(&s);
		for (i = 0; i < 1 + round % 80; i++) {
			pn = tap_rand() % 63;
			CHECK_EQ(tquic_ack_ranges_add(&s, pn),
				 !(model & 1ULL << pn));
			model |= 1ULL << pn;
		}
		CHECK_SET(&s);
		for (pn = 0; pn < 64; pn++)
			CHECK_EQ(tquic_ack_ranges_contains(&s, pn),
				 !!(model & 1ULL << pn));
		CHECK_EQ(tquic_ack_ranges_largest(&s), 63 - __builtin_clzll(model));

		n = tquic_ack_ranges_write(&s, &info, buf, sizeof(buf));
		CHECK_EQ(tquic_frame_parse(buf, n, &f), n);
		CHECK_EQ(tquic_ack_iter_init(&it, &f.ack), 0);
		while (tquic_ack_iter_next(&it, &lo, &hi) > 0)
			for (pn = lo; pn <= hi; pn++)
				seen |= 1ULL << pn;
		CHECK_EQ(seen, model);
	}
}

/* Random packet numbers in a wide space: only the invariants can be held. */
static void test_random_wide(void)
{
	struct tquic_ack_ranges s;
	unsigned int i;
	u64 top = 1000;

	tquic_ack_ranges_init(&s);
	for (i = 0; i < 200000; i++) {
		u64 pn;

		if (tap_rand() % 4)
			pn = top++;
		else
			pn = top - 1 - tap_rand() % 300;
		if (tap_rand() % 3 == 0)
			top++;		/* a loss */
		tquic_ack_ranges_add(&s, pn);
		if (i % 1000 == 0)
			CHECK_SET(&s);
	}
	CHECK_SET(&s);
	CHECK_EQ(s.n, TQUIC_ACK_RANGES_MAX);
	CHECK(tquic_ack_ranges_largest(&s) < top);
}

static void test_iter_adversarial(void)
{
	struct tquic_ack_frame a = { .largest = 10, .first_range = 11 };
	static const u8 big_gap[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0 };
	struct tquic_ack_iter it;
	u64 lo, hi;

	CHECK_EQ(tquic_ack_iter_init(&it, &a), -EINVAL);
	a.largest = TQUIC_PN_MAX + 1;
	a.first_range = 0;
	CHECK_EQ(tquic_ack_iter_init(&it, &a), -EINVAL);
	/* A count larger than the ranges present: refused, not overread. */
	a.largest = 100;
	a.range_count = 5;
	a.ranges = (const u8[]){ 0, 0 };
	a.ranges_len = 2;
	CHECK_EQ(tquic_ack_iter_init(&it, &a), 0);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(hi, 98);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), -EINVAL);
	/* A gap of 2^62 - 1. */
	a.range_count = 1;
	a.ranges = big_gap;
	a.ranges_len = sizeof(big_gap);
	CHECK_EQ(tquic_ack_iter_init(&it, &a), 0);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), -EINVAL);
	/* No ranges at all, NULL pointer. */
	a.range_count = 0;
	a.ranges = NULL;
	a.ranges_len = 0;
	CHECK_EQ(tquic_ack_iter_init(&it, &a), 0);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 1);
	CHECK_EQ(tquic_ack_iter_next(&it, &lo, &hi), 0);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_in_order),
	TAP_TEST(test_out_of_order_merges),
	TAP_TEST(test_full),
	TAP_TEST(test_pn_limits),
	TAP_TEST(test_forget_below),
	TAP_TEST(test_write_ack),
	TAP_TEST(test_write_path_ack_ecn),
	TAP_TEST(test_write_bad),
	TAP_TEST(test_write_truncates),
	TAP_TEST(test_model),
	TAP_TEST(test_random_wide),
	TAP_TEST(test_iter_adversarial),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
