// SPDX-License-Identifier: GPL-2.0
/*
 * Reordering (reorder.c). The items are ints in an array parallel to the
 * slots, as the kernel keeps skb pointers.
 */
#include "proto.h"
#include "reorder.h"
#include "tap.h"

#define WIN	16
#define CAP	100000

static struct tquic_reorder_slot slots[WIN];
static u64 items[WIN];
static u64 out[4096];
static unsigned int nout;

/* The caller's side of the contract: store on HOLD, drain after insert. */
static enum tquic_reorder_verdict put(struct tquic_reorder *r, u64 seq,
				      u64 now)
{
	enum tquic_reorder_verdict v;
	u64 s;

	while ((v = tquic_reorder_insert(r, seq, now)) == TQUIC_REORDER_FLUSH)
		while (tquic_reorder_release(r, now, &s))
			out[nout++] = items[tquic_reorder_index(r, s)];
	if (v == TQUIC_REORDER_DELIVER)
		out[nout++] = seq;
	if (v == TQUIC_REORDER_HOLD)
		items[tquic_reorder_index(r, seq)] = seq;
	while (tquic_reorder_release(r, now, &s))
		out[nout++] = items[tquic_reorder_index(r, s)];
	return v;
}

static void tick(struct tquic_reorder *r, u64 now)
{
	u64 s;

	while (tquic_reorder_release(r, now, &s))
		out[nout++] = items[tquic_reorder_index(r, s)];
}

static void reset(struct tquic_reorder *r, u64 first)
{
	CHECK_EQ(tquic_reorder_init(r, slots, WIN, first, CAP), 0);
	nout = 0;
}

static void test_init(void)
{
	struct tquic_reorder r;

	CHECK_ERR(tquic_reorder_init(&r, slots, 0, 0, CAP));
	CHECK_ERR(tquic_reorder_init(&r, slots, 12, 0, CAP));
	reset(&r, 0);
	CHECK_EQ(tquic_reorder_deadline(&r), TQUIC_REORDER_NEVER);
	CHECK_EQ(r.timeout_us, CAP);
}

static void test_in_order(void)
{
	struct tquic_reorder r;
	unsigned int i;

	reset(&r, 5);
	for (i = 5; i < 105; i++)
		CHECK_EQ(put(&r, i, i), TQUIC_REORDER_DELIVER);
	CHECK_EQ(nout, 100);
	CHECK_EQ(r.stats.delivered, 100);
	CHECK_EQ(r.held, 0);
}

/* 0, 3, 2, 1: 3 and 2 wait, 1 fills the gap and releases 2 and 3. */
static void test_gap_fill(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	CHECK_EQ(put(&r, 0, 0), TQUIC_REORDER_DELIVER);
	CHECK_EQ(put(&r, 3, 10), TQUIC_REORDER_HOLD);
	CHECK_EQ(put(&r, 2, 20), TQUIC_REORDER_HOLD);
	CHECK_EQ(nout, 1);
	CHECK_EQ(tquic_reorder_deadline(&r), 10 + CAP);
	CHECK_EQ(put(&r, 1, 30), TQUIC_REORDER_DELIVER);
	CHECK_EQ(nout, 4);
	CHECK_EQ(out[1], 1);
	CHECK_EQ(out[2], 2);
	CHECK_EQ(out[3], 3);
	CHECK_EQ(r.held, 0);
	CHECK_EQ(tquic_reorder_deadline(&r), TQUIC_REORDER_NEVER);
}

/* Duplicates held or just delivered are told apart from late arrivals. */
static void test_dup_late(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	put(&r, 0, 0);
	put(&r, 2, 0);
	CHECK_EQ(put(&r, 2, 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 0, 1), TQUIC_REORDER_DROP_DUP);
	/* 1 times out: skipped, then arrives late. */
	tick(&r, CAP);
	CHECK_EQ(nout, 2);
	CHECK_EQ(r.stats.skipped, 1);
	CHECK_EQ(r.stats.timeouts, 1);
	CHECK_EQ(put(&r, 1, CAP + 1), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 2, CAP + 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(r.stats.dup, 3);
	CHECK_EQ(r.stats.late, 1);
	/* Beyond a window back the history is gone: late, not duplicate. */
	reset(&r, 0);
	put(&r, 0, 0);
	put(&r, WIN, 0);
	tick(&r, CAP);
	CHECK_EQ(put(&r, 0, CAP), TQUIC_REORDER_DROP_LATE);
}

/*
 * The timeout releases exactly what waited longer than it, skipping the
 * gaps below it; younger items behind a new gap wait for their own turn.
 */
static void test_timeout(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	tquic_reorder_set_timeout(&r, 20000, 0);
	CHECK_EQ(r.timeout_us, 21000);
	CHECK_EQ(put(&r, 2, 1000), TQUIC_REORDER_HOLD);
	CHECK_EQ(put(&r, 5, 15000), TQUIC_REORDER_HOLD);
	CHECK_EQ(tquic_reorder_deadline(&r), 22000);
	tick(&r, 21999);
	CHECK_EQ(nout, 0);
	tick(&r, 22000);
	CHECK_EQ(nout, 1);
	CHECK_EQ(out[0], 2);
	CHECK_EQ(r.next, 3);
	CHECK_EQ(r.stats.skipped, 2);
	/* 5 waits from 15000: due at 36000, then 3 and 4 are skipped. */
	CHECK_EQ(tquic_reorder_deadline(&r), 36000);
	tick(&r, 35999);
	CHECK_EQ(nout, 1);
	CHECK_EQ(put(&r, 4, 35999), TQUIC_REORDER_HOLD);
	tick(&r, 36000);
	CHECK_EQ(nout, 3);
	CHECK_EQ(out[1], 4);
	CHECK_EQ(out[2], 5);
	CHECK_EQ(r.stats.skipped, 3);
	CHECK_EQ(r.stats.timeouts, 2);
	CHECK_EQ(tquic_reorder_deadline(&r), TQUIC_REORDER_NEVER);
}

/* Timeout = spread + 4 * jitter + 1 ms, at most the cap. */
static void test_adaptive_timeout(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	tquic_reorder_set_timeout(&r, 20000, 2000);
	CHECK_EQ(r.timeout_us, 29000);
	tquic_reorder_set_timeout(&r, 0, 0);
	CHECK_EQ(r.timeout_us, TQUIC_REORDER_MIN_US);
	tquic_reorder_set_timeout(&r, 90000, 5000);
	CHECK_EQ(r.timeout_us, CAP);
	tquic_reorder_set_timeout(&r, ~0ULL, ~0ULL);
	CHECK_EQ(r.timeout_us, CAP);
}

/*
 * A sequence number a window or more ahead forces the oldest gaps out:
 * memory stays at the window, and nothing is delivered out of order.
 */
static void test_window_overflow(void)
{
	struct tquic_reorder r;
	unsigned int i;

	reset(&r, 0);
	put(&r, 1, 0);
	put(&r, 3, 0);
	CHECK_EQ(put(&r, WIN + 2, 0), TQUIC_REORDER_HOLD);
	/* Room for 18 means next >= 3: 1 released, 0 and 2 skipped. */
	CHECK_EQ(nout, 2);
	CHECK_EQ(out[0], 1);
	CHECK_EQ(out[1], 3);
	CHECK_EQ(r.next, 4);
	CHECK_EQ(r.stats.skipped, 2);
	/* A huge jump with items held: bounded work, everything released. */
	CHECK_EQ(put(&r, 1ULL << 61, 0), TQUIC_REORDER_HOLD);
	CHECK_EQ(nout, 3);
	CHECK_EQ(out[2], WIN + 2);
	CHECK_EQ(r.next, (1ULL << 61) - WIN + 1);
	for (i = 0; i < WIN - 1; i++)
		put(&r, r.next, 0);
	CHECK_EQ(nout, 3 + WIN);
	CHECK_EQ(out[nout - 1], 1ULL << 61);
	/* Past the varint range: refused, whatever the window. */
	CHECK_EQ(put(&r, 1ULL << 62, 0), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, ~0ULL, 0), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, TQUIC_REORDER_SEQ_MAX, 0), TQUIC_REORDER_HOLD);
	CHECK_EQ(r.held, 1);
}

/*
 * Random arrival orders with bounded displacement (< window): everything
 * comes out, in order, with no loss and no timeout needed.
 */
static void test_random_permutations(void)
{
	static u64 seqs[1000];
	struct tquic_reorder r;
	unsigned int i, k, round;

	for (round = 0; round < 50; round++) {
		reset(&r, 0);
		for (i = 0; i < 1000; i++)
			seqs[i] = i;
		/* Shuffle within blocks of WIN - 1. */
		for (i = 0; i + WIN - 1 <= 1000; i += WIN - 1) {
			for (k = WIN - 2; k > 0; k--) {
				unsigned int j = tap_rand() % (k + 1);
				u64 t = seqs[i + k];

				seqs[i + k] = seqs[i + j];
				seqs[i + j] = t;
			}
		}
		for (i = 0; i < 1000; i++)
			put(&r, seqs[i], i);
		/* The tail past the last full block came in order. */
		CHECK_EQ(nout, 1000);
		for (i = 0; i < nout; i++)
			CHECK_EQ(out[i], i);
		CHECK_EQ(r.stats.skipped + r.stats.late + r.stats.dup, 0);
	}
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_init),
		TAP_TEST(test_in_order),
		TAP_TEST(test_gap_fill),
		TAP_TEST(test_dup_late),
		TAP_TEST(test_timeout),
		TAP_TEST(test_adaptive_timeout),
		TAP_TEST(test_window_overflow),
		TAP_TEST(test_random_permutations),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
