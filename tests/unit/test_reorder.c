// SPDX-License-Identifier: GPL-2.0
/*
 * Reordering (reorder.c). The items are ints in an array parallel to the
 * slots, as the kernel keeps skb pointers. Ends with a trace of redundant
 * mode over two lossy paths of different delay.
 */
#include "proto.h"
#include "reorder.h"
#include "tap.h"

#define WIN	16
#define CAP	100000
/* The trace's window, as the kernel's, and its length in datagrams. */
#define BIGWIN	1024
#define NTRACE	200000

static struct tquic_reorder_slot slots[BIGWIN];
static u64 items[BIGWIN];
static u64 out[NTRACE];
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
	if (v == TQUIC_REORDER_DELIVER || v == TQUIC_REORDER_LATE)
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

/*
 * A gap given up on: its datagram still comes out, late, once; a copy of
 * it or of anything delivered is a duplicate; beyond the window's memory
 * it is dropped.
 */
static void test_dup_late(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	put(&r, 0, 0);
	put(&r, 2, 0);
	CHECK_EQ(put(&r, 2, 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 0, 1), TQUIC_REORDER_DROP_DUP);
	/* 1 times out: skipped, then arrives late and goes out at once. */
	tick(&r, CAP);
	CHECK_EQ(nout, 2);
	CHECK_EQ(r.stats.skipped, 1);
	CHECK_EQ(r.stats.timeouts, 1);
	CHECK_EQ(put(&r, 1, CAP + 1), TQUIC_REORDER_LATE);
	CHECK_EQ(nout, 3);
	CHECK_EQ(out[2], 1);
	CHECK_EQ(put(&r, 1, CAP + 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 2, CAP + 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(r.stats.dup, 4);
	CHECK_EQ(r.stats.late, 1);
	CHECK_EQ(r.stats.dropped, 0);
	CHECK_EQ(r.stats.delivered, 2);
	/* The late one widened the timeout by a quarter step. */
	CHECK_EQ(r.widen, 1);
	/* Memory reaches a window back from next (17) exactly. */
	reset(&r, 0);
	put(&r, 0, 0);
	put(&r, WIN, 0);
	tick(&r, CAP);
	CHECK_EQ(r.next, WIN + 1);
	CHECK_EQ(put(&r, 0, CAP), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 1, CAP), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, WIN - 1, CAP), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, WIN, CAP), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(r.stats.dropped, 1);
	/* Nothing before the first sequence number is remembered. */
	reset(&r, 100);
	put(&r, 100, 0);
	CHECK_EQ(put(&r, 99, 0), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 100, 0), TQUIC_REORDER_DROP_DUP);
}

/*
 * Exact accounting over a scripted run: every datagram ends up in exactly
 * one of delivered, late, dup and dropped.
 */
static void test_late_dup_drop_counts(void)
{
	struct tquic_reorder r;
	unsigned int i;

	reset(&r, 0);
	/* 0..9 with 3, 5 and 6 missing; 4 and 7..9 wait behind 3. */
	for (i = 0; i < 10; i++)
		if (i != 3 && i != 5 && i != 6)
			put(&r, i, 0);
	CHECK_EQ(nout, 3);
	CHECK_EQ(r.held, 4);
	CHECK_EQ(r.stats.held, 4);
	tick(&r, CAP);
	/* Out: 0 1 2 4 7 8 9; 3, 5 and 6 skipped by one timeout. */
	CHECK_EQ(nout, 7);
	CHECK_EQ(out[3], 4);
	CHECK_EQ(out[4], 7);
	CHECK_EQ(r.stats.timeouts, 1);
	CHECK_EQ(r.stats.skipped, 3);
	/* Redundant copies: the late ones once, the rest as duplicates. */
	for (i = 0; i < 10; i++)
		put(&r, i, CAP + 1);
	CHECK_EQ(nout, 10);
	CHECK_EQ(out[7], 3);
	CHECK_EQ(out[8], 5);
	CHECK_EQ(out[9], 6);
	/* 26 more: the window's memory (16 behind next) loses 0..9. */
	for (i = 10; i < 36; i++)
		put(&r, i, CAP + 1);
	for (i = 0; i < 10; i++)
		CHECK_EQ(put(&r, i, CAP + 2), TQUIC_REORDER_DROP_LATE);
	for (i = 20; i < 36; i++)
		CHECK_EQ(put(&r, i, CAP + 2), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 1ULL << 62, CAP + 2), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(r.stats.delivered, 33);
	CHECK_EQ(r.stats.late, 3);
	CHECK_EQ(r.stats.dup, 7 + 16);
	CHECK_EQ(r.stats.dropped, 11);
	CHECK_EQ(r.stats.delivered + r.stats.late + r.stats.dup +
		 r.stats.dropped, 7 + 10 + 26 + 10 + 16 + 1);
	/* Too old ones are no reordering the timeout missed. */
	CHECK_EQ(r.widen, 1);
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

/*
 * Cap 0: nothing is held; a datagram ahead skips the gap, whose datagrams
 * come out late; duplicates are still dropped.
 */
static void test_cap_zero(void)
{
	struct tquic_reorder r;

	CHECK_EQ(tquic_reorder_init(&r, slots, WIN, 0, 0), 0);
	nout = 0;
	CHECK_EQ(r.timeout_us, 0);
	CHECK_EQ(put(&r, 3, 0), TQUIC_REORDER_DELIVER);
	CHECK_EQ(put(&r, 1, 0), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, 3, 0), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 2, 0), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, 0, 0), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, 1, 0), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 4, 0), TQUIC_REORDER_DELIVER);
	/* Far ahead: memory cleared on the way, nothing held. */
	CHECK_EQ(put(&r, 1000, 0), TQUIC_REORDER_DELIVER);
	CHECK_EQ(put(&r, 999, 0), TQUIC_REORDER_LATE);
	CHECK_EQ(nout, 7);
	CHECK_EQ(out[0], 3);
	CHECK_EQ(out[1], 1);
	CHECK_EQ(out[3], 0);
	CHECK_EQ(out[6], 999);
	CHECK_EQ(r.held, 0);
	CHECK_EQ(r.stats.held, 0);
	CHECK_EQ(r.stats.skipped, 3 + 995);
	CHECK_EQ(r.stats.late, 4);
	CHECK_EQ(r.stats.dup, 2);
	CHECK_EQ(tquic_reorder_deadline(&r), TQUIC_REORDER_NEVER);
}

/* Turning the cap to 0 releases what is held, in order. */
static void test_set_cap(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	put(&r, 2, 0);
	put(&r, 5, 0);
	tquic_reorder_set_timeout(&r, 20000, 0);
	tquic_reorder_set_cap(&r, 5000);
	CHECK_EQ(r.timeout_us, 5000);
	tquic_reorder_set_cap(&r, 30000);
	CHECK_EQ(r.timeout_us, 21000);
	CHECK_EQ(nout, 0);
	tquic_reorder_set_cap(&r, 0);
	tick(&r, 1);
	CHECK_EQ(nout, 2);
	CHECK_EQ(out[0], 2);
	CHECK_EQ(out[1], 5);
	CHECK_EQ(r.next, 6);
	CHECK_EQ(r.stats.skipped, 4);
	CHECK_EQ(r.stats.timeouts, 0);
	CHECK_EQ(put(&r, 7, 2), TQUIC_REORDER_DELIVER);
	CHECK_EQ(r.held, 0);
}

/* A flush releases everything held, in order, and no further. */
static void test_flush(void)
{
	struct tquic_reorder r;

	reset(&r, 0);
	tquic_reorder_flush(&r);
	tick(&r, 0);
	CHECK_EQ(r.next, 0);
	put(&r, 3, 0);
	put(&r, 1, 0);
	put(&r, WIN - 1, 0);
	tquic_reorder_flush(&r);
	tick(&r, 0);
	CHECK_EQ(nout, 3);
	CHECK_EQ(out[0], 1);
	CHECK_EQ(out[1], 3);
	CHECK_EQ(out[2], WIN - 1);
	CHECK_EQ(r.next, WIN);
	CHECK_EQ(r.stats.skipped, WIN - 3);
	CHECK_EQ(put(&r, 0, 1), TQUIC_REORDER_LATE);
	CHECK_EQ(put(&r, WIN, 1), TQUIC_REORDER_DELIVER);
}

/* An explicit reset: the old numbers go out first, then the new ones. */
static void test_reset(void)
{
	struct tquic_reorder r;
	unsigned int i;

	reset(&r, 0);
	for (i = 0; i < 50; i++)
		put(&r, i, 0);
	put(&r, 52, 0);
	tquic_reorder_reset(&r, 0);
	tick(&r, 0);
	CHECK_EQ(nout, 51);
	CHECK_EQ(out[50], 52);
	CHECK_EQ(r.next, 0);
	CHECK_EQ(r.stats.restarts, 1);
	CHECK_EQ(put(&r, 1, 1), TQUIC_REORDER_HOLD);
	CHECK_EQ(put(&r, 0, 1), TQUIC_REORDER_DELIVER);
	CHECK_EQ(nout, 53);
	CHECK_EQ(out[52], 1);
	/* No memory from before: nothing counted as duplicate. */
	CHECK_EQ(r.stats.dup, 0);
}

/*
 * A sender that numbers from 0 again without a reset: only too old
 * datagrams, and nothing else, for TQUIC_REORDER_RESTART_US. A stray old
 * one among live traffic never restarts the window.
 */
static void test_restart(void)
{
	const u64 sec = TQUIC_REORDER_RESTART_US;
	struct tquic_reorder r;
	unsigned int i;

	/* A cap beyond the restart time: the held one waits for it. */
	CHECK_EQ(tquic_reorder_init(&r, slots, WIN, 0, 2 * sec), 0);
	nout = 0;
	for (i = 0; i < 1000; i++)
		put(&r, i, 0);
	CHECK_EQ(put(&r, 5, 10), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 1000, sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(put(&r, 6, sec + 1), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 1001, 2 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(put(&r, 7, 2 * sec + 2), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(r.stats.restarts, 0);
	/* Now the peer restarted: 0, 1 and 2 are dropped, 3 restarts. */
	put(&r, 1003, 3 * sec);
	CHECK_EQ(put(&r, 0, 3 * sec), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 1, 3 * sec + 1), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 2, 4 * sec - 1), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(r.held, 1);
	nout = 0;
	CHECK_EQ(put(&r, 4, 4 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(nout, 2);
	CHECK_EQ(out[0], 1003);
	CHECK_EQ(out[1], 4);
	CHECK_EQ(r.stats.restarts, 1);
	CHECK_EQ(r.next, 5);
	CHECK_EQ(put(&r, 3, 4 * sec), TQUIC_REORDER_DROP_LATE);
	CHECK_EQ(put(&r, 5, 4 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(r.stats.dropped, 7);
}

/*
 * A sender recreated after fewer datagrams than the memory holds: its new
 * numbers are ones delivered already, so they come as duplicates. Only
 * duplicates for TQUIC_REORDER_RESTART_US are a restart too; duplicates
 * among live traffic (redundant mode) never are.
 */
static void test_restart_dups(void)
{
	const u64 sec = TQUIC_REORDER_RESTART_US;
	struct tquic_reorder r;
	unsigned int i;

	reset(&r, 0);
	for (i = 0; i < WIN / 2; i++)
		put(&r, i, 0);
	/* Live traffic with the slower path's copies: never a restart. */
	for (i = 0; i < 4; i++) {
		CHECK_EQ(put(&r, WIN / 2 + i, i * sec), TQUIC_REORDER_DELIVER);
		CHECK_EQ(put(&r, i, i * sec + 1), TQUIC_REORDER_DROP_DUP);
		CHECK_EQ(put(&r, i, i * sec + sec - 1), TQUIC_REORDER_DROP_DUP);
	}
	CHECK_EQ(put(&r, WIN / 2 + 4, 9 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(r.stats.restarts, 0);
	/* The peer restarted at 10 s: 0 and 1 are duplicates, 2 restarts. */
	nout = 0;
	CHECK_EQ(put(&r, 0, 10 * sec), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 1, 11 * sec - 1), TQUIC_REORDER_DROP_DUP);
	CHECK_EQ(put(&r, 2, 11 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(r.stats.restarts, 1);
	CHECK_EQ(nout, 1);
	CHECK_EQ(out[0], 2);
	CHECK_EQ(put(&r, 3, 11 * sec), TQUIC_REORDER_DELIVER);
	CHECK_EQ(r.next, 4);
	CHECK_EQ(r.stats.dup, 4 * 2 + 2);
	CHECK_EQ(r.stats.dropped, 0);
}

struct trace_path {
	u64 one_way_us;
	u64 last_us;		/* arrival of its latest datagram */
	u64 *at;		/* arrival of each copy, NEVER if lost */
};

/* A path in FIFO order: jitter delays, never reorders within it. */
static void trace_path_fill(struct trace_path *p, u64 gap_us)
{
	unsigned int i;

	p->last_us = 0;
	for (i = 0; i < NTRACE; i++) {
		u64 t = i * gap_us + p->one_way_us + tap_rand() % 500;

		if (t < p->last_us)
			t = p->last_us;
		p->last_us = t;
		p->at[i] = tap_rand() % 10 ? t : TQUIC_REORDER_NEVER;
	}
}

/*
 * Redundant mode, every datagram on both paths, 10 ms and 30 ms one way,
 * 10% independent loss on each, 10000 datagrams a second for 20 s. A
 * datagram is lost only when both copies are (1% expected); whatever
 * arrives comes out exactly once, whether or not the hold timeout covers
 * the slower path. Where it does not, the slower copy of a datagram the
 * faster path lost comes after the timeout and is delivered late, where
 * dropping it would lose about 9%.
 */
static void trace_redundant(u64 spread_us, u64 cap_us)
{
	static u64 at_a[NTRACE], at_b[NTRACE];
	static u8 times[NTRACE];
	struct trace_path a = { .one_way_us = 10000, .at = at_a };
	struct trace_path b = { .one_way_us = 30000, .at = at_b };
	u64 arrived = 0, both = 0, lost = 0, multi = 0;
	unsigned int i, ia = 0, ib = 0;
	struct tquic_reorder r;

	CHECK_EQ(tquic_reorder_init(&r, slots, BIGWIN, 0, cap_us), 0);
	tquic_reorder_set_timeout(&r, spread_us, 500);
	nout = 0;
	/* The same losses and delays for every setting. */
	tap_rng_state = 0x9e3779b97f4a7c15ULL;
	trace_path_fill(&a, 100);
	trace_path_fill(&b, 100);
	/* Arrivals of both paths in time order, the timer between them. */
	for (;;) {
		bool from_a;
		unsigned int k;
		u64 t;

		while (ia < NTRACE && at_a[ia] == TQUIC_REORDER_NEVER)
			ia++;
		while (ib < NTRACE && at_b[ib] == TQUIC_REORDER_NEVER)
			ib++;
		if (ia == NTRACE && ib == NTRACE)
			break;
		from_a = ib == NTRACE || (ia < NTRACE && at_a[ia] <= at_b[ib]);
		k = from_a ? ia++ : ib++;
		t = from_a ? at_a[k] : at_b[k];
		if (tquic_reorder_deadline(&r) <= t)
			tick(&r, tquic_reorder_deadline(&r));
		put(&r, k, t);
	}
	tick(&r, TQUIC_REORDER_NEVER - 1);
	memset(times, 0, sizeof(times));
	for (i = 0; i < nout; i++)
		times[out[i]]++;
	for (i = 0; i < NTRACE; i++) {
		bool got_a = at_a[i] != TQUIC_REORDER_NEVER;
		bool got_b = at_b[i] != TQUIC_REORDER_NEVER;

		arrived += got_a || got_b;
		both += got_a && got_b;
		lost += !times[i];
		multi += times[i] > 1;
	}
	printf("# spread %llu us, cap %llu us: timeout %.1f ms, %.2f%% lost (%llu of %u, %llu arrived), %llu late (%.2f%%: dropped before), %llu duplicates, %llu timeouts\n",
	       (unsigned long long)spread_us, (unsigned long long)cap_us,
	       r.timeout_us / 1000.0,
	       100.0 * lost / NTRACE, (unsigned long long)lost, NTRACE,
	       (unsigned long long)arrived, (unsigned long long)r.stats.late,
	       100.0 * r.stats.late / NTRACE,
	       (unsigned long long)r.stats.dup,
	       (unsigned long long)r.stats.timeouts);
	/*
	 * The buffer loses nothing that arrived and delivers nothing twice:
	 * what is lost is what both paths lost, 1% expected; 1.1% is more
	 * than four standard deviations above that.
	 */
	CHECK_EQ(multi, 0);
	CHECK_EQ(NTRACE - lost, arrived);
	CHECK(lost * 1000 < NTRACE * 11);
	CHECK_EQ(r.stats.delivered + r.stats.late, arrived);
	CHECK_EQ(r.stats.dup, both);
	CHECK_EQ(r.stats.dropped, 0);
	CHECK_EQ(r.held, 0);
}

/* The timeout follows the paths: the slower copy fills the gap in time. */
static void test_trace_redundant_covered(void)
{
	trace_redundant(20000, 200000);
}

/* The receiver knows no spread: late arrivals widen the timeout. */
static void test_trace_redundant_adapting(void)
{
	trace_redundant(0, 200000);
}

/* A cap under the spread: every rescue by the slower path comes late. */
static void test_trace_redundant_capped(void)
{
	trace_redundant(20000, 5000);
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_init),
		TAP_TEST(test_in_order),
		TAP_TEST(test_gap_fill),
		TAP_TEST(test_dup_late),
		TAP_TEST(test_late_dup_drop_counts),
		TAP_TEST(test_timeout),
		TAP_TEST(test_adaptive_timeout),
		TAP_TEST(test_window_overflow),
		TAP_TEST(test_random_permutations),
		TAP_TEST(test_cap_zero),
		TAP_TEST(test_set_cap),
		TAP_TEST(test_flush),
		TAP_TEST(test_reset),
		TAP_TEST(test_restart),
		TAP_TEST(test_restart_dups),
		TAP_TEST(test_trace_redundant_covered),
		TAP_TEST(test_trace_redundant_adapting),
		TAP_TEST(test_trace_redundant_capped),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
