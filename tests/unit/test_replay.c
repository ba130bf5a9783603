// SPDX-License-Identifier: GPL-2.0
/* Anti-replay window (replay.c). */
#include "proto.h"
#include "packet.h"
#include "replay.h"
#include "tap.h"

static void test_first_packets(void)
{
	struct tquic_replay w;

	tquic_replay_init(&w);
	CHECK(tquic_replay_check(&w, 0));
	CHECK(tquic_replay_check_and_update(&w, 0));
	CHECK(!tquic_replay_check(&w, 0));
	CHECK(!tquic_replay_check_and_update(&w, 0));
	CHECK(tquic_replay_check_and_update(&w, 1));

	/* The first packet need not be 0, and older ones still count. */
	tquic_replay_init(&w);
	CHECK(tquic_replay_check_and_update(&w, 100));
	CHECK(tquic_replay_check_and_update(&w, 0));
	CHECK(!tquic_replay_check_and_update(&w, 0));
	tquic_replay_init(&w);
	CHECK(tquic_replay_check_and_update(&w, 5000));
	CHECK(!tquic_replay_check_and_update(&w, 0));	/* too old */
}

static void test_in_order_then_replay(void)
{
	struct tquic_replay w;
	u64 pn;

	tquic_replay_init(&w);
	for (pn = 0; pn < 10000; pn++)
		CHECK(tquic_replay_check_and_update(&w, pn));
	for (pn = 0; pn < 10000; pn++)
		CHECK(!tquic_replay_check_and_update(&w, pn));
}

/* Exactly at the edge of the window. */
static void test_window_edge(void)
{
	struct tquic_replay w;
	const u64 top = 100000;

	CHECK_EQ(TQUIC_REPLAY_WINDOW, 1984);
	tquic_replay_init(&w);
	CHECK(tquic_replay_check_and_update(&w, top));
	CHECK(tquic_replay_check(&w, top - (TQUIC_REPLAY_WINDOW - 1)));
	CHECK(tquic_replay_check_and_update(&w,
					    top - (TQUIC_REPLAY_WINDOW - 1)));
	CHECK(!tquic_replay_check_and_update(&w,
					     top - (TQUIC_REPLAY_WINDOW - 1)));
	CHECK(!tquic_replay_check(&w, top - TQUIC_REPLAY_WINDOW));
	CHECK(!tquic_replay_check_and_update(&w, top - TQUIC_REPLAY_WINDOW));
	/* One step forward moves the edge by one. */
	CHECK(tquic_replay_check_and_update(&w, top + 1));
	CHECK(!tquic_replay_check_and_update(&w,
					     top + 1 - TQUIC_REPLAY_WINDOW));
	CHECK(tquic_replay_check_and_update(&w,
					    top + 2 - TQUIC_REPLAY_WINDOW));
}

/*
 * Jumps of every size around the bitmap's length: bits of numbers left
 * behind must never make a new number look seen, and numbers still in the
 * window must stay seen.
 */
static void test_jumps(void)
{
	static const u64 jumps[] = {
		1, 63, 64, 65, 127, 128, TQUIC_REPLAY_WINDOW - 1,
		TQUIC_REPLAY_WINDOW, TQUIC_REPLAY_BITS - 64, TQUIC_REPLAY_BITS - 1,
		TQUIC_REPLAY_BITS, TQUIC_REPLAY_BITS + 1, 2 * TQUIC_REPLAY_BITS,
		1000000, 1ULL << 40,
	};
	struct tquic_replay w;
	unsigned int i;
	u64 base, pn;

	for (i = 0; i < TAP_COUNT(jumps); i++) {
		tquic_replay_init(&w);
		base = 3 * TQUIC_REPLAY_BITS + 17;
		/* Fill the whole window. */
		for (pn = base - TQUIC_REPLAY_WINDOW + 1; pn <= base; pn++)
			CHECK(tquic_replay_check_and_update(&w, pn));
		CHECK(tquic_replay_check_and_update(&w, base + jumps[i]));
		for (pn = base + 1; pn < base + jumps[i] &&
		     pn < base + 3 * TQUIC_REPLAY_BITS; pn++) {
			if (base + jumps[i] - pn < TQUIC_REPLAY_WINDOW)
				CHECK(tquic_replay_check(&w, pn));
			else
				CHECK(!tquic_replay_check(&w, pn));
		}
		for (pn = base - TQUIC_REPLAY_WINDOW + 1; pn <= base; pn++)
			CHECK(!tquic_replay_check(&w, pn));
	}
}

static void test_62bit_boundary(void)
{
	struct tquic_replay w;

	tquic_replay_init(&w);
	CHECK(!tquic_replay_check(&w, TQUIC_PN_MAX + 1));
	CHECK(!tquic_replay_check_and_update(&w, TQUIC_PN_MAX + 1));
	CHECK(!tquic_replay_check_and_update(&w, ~0ULL));
	CHECK(!tquic_replay_check_and_update(&w, 1ULL << 63));
	CHECK(!w.any);
	CHECK(tquic_replay_check_and_update(&w, 7));
	CHECK(tquic_replay_check_and_update(&w, TQUIC_PN_MAX - 1));
	CHECK(!tquic_replay_check_and_update(&w, 7));
	CHECK(tquic_replay_check_and_update(&w, TQUIC_PN_MAX));
	CHECK(!tquic_replay_check_and_update(&w, TQUIC_PN_MAX));
	CHECK(!tquic_replay_check_and_update(&w, TQUIC_PN_MAX - 1));
	CHECK(tquic_replay_check_and_update(&w, TQUIC_PN_MAX - 2));
	CHECK(tquic_replay_check_and_update(&w,
					    TQUIC_PN_MAX - TQUIC_REPLAY_WINDOW + 1));
	CHECK(!tquic_replay_check_and_update(&w,
					     TQUIC_PN_MAX - TQUIC_REPLAY_WINDOW));
	CHECK(!tquic_replay_check_and_update(&w, TQUIC_PN_MAX + 1));
	CHECK_EQ(w.largest, TQUIC_PN_MAX);
	/* From 0 straight to the top. */
	tquic_replay_init(&w);
	CHECK(tquic_replay_check_and_update(&w, 0));
	CHECK(tquic_replay_check_and_update(&w, TQUIC_PN_MAX));
	CHECK(!tquic_replay_check_and_update(&w, 0));
	CHECK(tquic_replay_check_and_update(&w, TQUIC_PN_MAX - 64));
}

/* Against a plain bitmap over a bounded space, with reordering and jumps. */
static void test_model(void)
{
	enum { SPACE = 1 << 20 };
	static u8 seen[SPACE / 8];
	struct tquic_replay w;
	u64 largest = 0, pn;
	bool any = false;
	unsigned int i;

	tquic_replay_init(&w);
	for (i = 0; i < 400000; i++) {
		unsigned int r = tap_rand() % 100;
		bool want, dup;

		if (r < 60)
			pn = largest + 1 + tap_rand() % 4;
		else if (r < 95)
			pn = largest - tap_rand() % (TQUIC_REPLAY_WINDOW + 64);
		else if (r < 99)
			pn = largest + tap_rand() % 3000;
		else
			pn = largest + 50000;
		if (pn >= SPACE)	/* also catches largest - x below 0 */
			continue;
		dup = seen[pn / 8] & (1 << (pn % 8));
		want = !dup && (!any || pn > largest ||
				largest - pn < TQUIC_REPLAY_WINDOW);
		CHECK_EQ(tquic_replay_check(&w, pn), want);
		CHECK_EQ(tquic_replay_check_and_update(&w, pn), want);
		if (want) {
			seen[pn / 8] |= 1 << (pn % 8);
			if (!any || pn > largest)
				largest = pn;
			any = true;
		}
	}
	CHECK(largest > SPACE / 2);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_first_packets),
	TAP_TEST(test_in_order_then_replay),
	TAP_TEST(test_window_edge),
	TAP_TEST(test_jumps),
	TAP_TEST(test_62bit_boundary),
	TAP_TEST(test_model),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
