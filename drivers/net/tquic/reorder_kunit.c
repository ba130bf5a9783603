// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the receive reorder buffer on real skbs (reorder_buf.c):
 * each packet carries its sequence number as payload, so the order the
 * deliver callback sees is checked against what was sent; a destructor
 * counts every skb freed, so none leaks and none is freed twice. Hold
 * timeouts run on the real hrtimer; the other releases (gap filled,
 * window overflow, flush, cap 0, reset) are driven directly.
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "reorder_buf.h"

/* Long enough that no hold times out while a test drives the buffer. */
#define RXR_KUNIT_LONG_MS	10000
/* How long a test waits for the hold timer before failing. */
#define RXR_KUNIT_WAIT_MS	5000
/* Packets each side sends in the concurrent test: a power of two. */
#define RXR_KUNIT_CONC		1024
/* How far one may run ahead of the other. */
#define RXR_KUNIT_LEAD		8

struct reorder_kunit {
	struct tquic_reorder_buf q;
	struct sk_buff_head got;	/* delivered, in delivery order */
	atomic_t allocated;
	atomic_t freed;
};

static void reorder_kunit_destructor(struct sk_buff *skb)
{
	struct reorder_kunit *k = *(struct reorder_kunit **)skb->cb;

	atomic_inc(&k->freed);
}

static void reorder_kunit_deliver(void *ctx, struct sk_buff *skb)
{
	struct reorder_kunit *k = ctx;

	skb_queue_tail(&k->got, skb);
}

static struct reorder_kunit *reorder_kunit_start(struct kunit *test, u32 nslots,
						 u32 cap_ms)
{
	struct reorder_kunit *k = test->priv;

	KUNIT_ASSERT_EQ(test, tquic_reorder_buf_init(&k->q, nslots, reorder_kunit_deliver,
						     k), 0);
	tquic_reorder_buf_set_cap(&k->q, cap_ms);
	return k;
}

static u64 reorder_kunit_seq(const struct sk_buff *skb)
{
	u64 seq;

	memcpy(&seq, skb->data, sizeof(seq));
	return seq;
}

static bool reorder_kunit_send_one(struct reorder_kunit *k, u64 seq)
{
	struct sk_buff *skb = alloc_skb(sizeof(seq), GFP_KERNEL);

	if (!skb)
		return false;
	skb_put_data(skb, &seq, sizeof(seq));
	*(struct reorder_kunit **)skb->cb = k;
	skb->destructor = reorder_kunit_destructor;
	atomic_inc(&k->allocated);
	/* As from the UDP socket's softirq. */
	local_bh_disable();
	tquic_reorder_buf_rcv(&k->q, skb, seq);
	local_bh_enable();
	return true;
}

static void reorder_kunit_rcv(struct kunit *test, struct reorder_kunit *k, u64 seq)
{
	KUNIT_ASSERT_TRUE(test, reorder_kunit_send_one(k, seq));
}

/* What was delivered since the last call, in order, into @seqs. */
static unsigned int reorder_kunit_got(struct reorder_kunit *k, u64 *seqs,
				      unsigned int max)
{
	struct sk_buff *skb;
	unsigned int n = 0;

	while ((skb = skb_dequeue(&k->got))) {
		if (n < max)
			seqs[n] = reorder_kunit_seq(skb);
		n++;
		kfree_skb(skb);
	}
	return n;
}

/* Exactly @n delivered since the last look: @want, unless NULL. */
static void reorder_kunit_expect_got(struct kunit *test, struct reorder_kunit *k,
				     const u64 *want, unsigned int n)
{
	u64 seqs[16];
	unsigned int got, i;

	KUNIT_ASSERT_LE(test, n, ARRAY_SIZE(seqs));
	got = reorder_kunit_got(k, seqs, ARRAY_SIZE(seqs));
	KUNIT_EXPECT_EQ(test, got, n);
	for (i = 0; want && i < min(got, n); i++)
		KUNIT_EXPECT_EQ_MSG(test, seqs[i], want[i], "delivery %u", i);
}

static void reorder_kunit_expect_stats(struct kunit *test, struct reorder_kunit *k,
				       const struct tquic_reorder_buf_stats *want)
{
	struct tquic_reorder_buf_stats st;

	tquic_reorder_buf_stats(&k->q, &st);
	KUNIT_EXPECT_EQ(test, st.delivered, want->delivered);
	KUNIT_EXPECT_EQ(test, st.held, want->held);
	KUNIT_EXPECT_EQ(test, st.late, want->late);
	KUNIT_EXPECT_EQ(test, st.dup, want->dup);
	KUNIT_EXPECT_EQ(test, st.dropped, want->dropped);
	KUNIT_EXPECT_EQ(test, st.timeouts, want->timeouts);
	KUNIT_EXPECT_EQ(test, st.restarts, want->restarts);
}

/* Waits for the hold timer to deliver @n packets. */
static void reorder_kunit_wait(struct reorder_kunit *k, unsigned int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(RXR_KUNIT_WAIT_MS);

	while (skb_queue_len(&k->got) < n && time_before(jiffies, end))
		msleep(20);
}

/* Destroy with whatever is held; every skb must be freed exactly once. */
static void reorder_kunit_finish(struct kunit *test, struct reorder_kunit *k)
{
	tquic_reorder_buf_destroy(&k->q);
	skb_queue_purge(&k->got);
	KUNIT_EXPECT_EQ(test, atomic_read(&k->freed),
			atomic_read(&k->allocated));
}

static void reorder_kunit_in_order(struct kunit *test)
{
	static const u64 want[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, RXR_KUNIT_LONG_MS);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		reorder_kunit_rcv(test, k, i);
	reorder_kunit_expect_got(test, k, want, ARRAY_SIZE(want));
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 10 });
	reorder_kunit_finish(test, k);
}

/* 0 3 2 1 5: 3 and 2 wait for 1; 5 waits for 4, which never comes. */
static void reorder_kunit_gap_fill(struct kunit *test)
{
	static const u64 want[] = { 0, 1, 2, 3 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, RXR_KUNIT_LONG_MS);

	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_rcv(test, k, 3);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_expect_got(test, k, want, 1);
	reorder_kunit_rcv(test, k, 1);
	reorder_kunit_expect_got(test, k, want + 1, 3);
	reorder_kunit_rcv(test, k, 5);
	reorder_kunit_expect_got(test, k, NULL, 0);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 4, .held = 3 });
	reorder_kunit_finish(test, k);
}

/*
 * 0 2 3: 2 and 3 wait for 1 until the cap (no delay estimates yet); the
 * timer releases them, not earlier; 1 then comes late and goes out.
 */
static void reorder_kunit_timeout(struct kunit *test)
{
	static const u64 want[] = { 2, 3 }, late[] = { 1 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, 200);
	ktime_t start;

	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_expect_got(test, k, NULL, 1);
	start = ktime_get();
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_rcv(test, k, 3);
	reorder_kunit_wait(k, 2);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), start), 200);
	reorder_kunit_expect_got(test, k, want, ARRAY_SIZE(want));
	reorder_kunit_rcv(test, k, 1);
	reorder_kunit_expect_got(test, k, late, 1);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 4, .held = 2, .late = 1, .timeouts = 1 });
	reorder_kunit_finish(test, k);
}

/*
 * The hold follows the delay estimates: 1 ms + 4 * 1 ms here, and the
 * timer is armed again for the next hold after it fired.
 */
static void reorder_kunit_adaptive_timeout(struct kunit *test)
{
	static const u64 want[] = { 2, 5 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, RXR_KUNIT_LONG_MS);

	tquic_reorder_buf_set_timeout(&k->q, 0, 1000);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_wait(k, 1);
	reorder_kunit_expect_got(test, k, want, 1);
	reorder_kunit_rcv(test, k, 5);
	reorder_kunit_wait(k, 1);
	reorder_kunit_expect_got(test, k, want + 1, 1);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 2, .held = 2, .timeouts = 2 });
	reorder_kunit_finish(test, k);
}

/*
 * A gap given up on (flush): its packet still goes out, late, once; a
 * copy of it or of anything delivered is a duplicate; a packet older than
 * the window's memory is dropped.
 */
static void reorder_kunit_late_dup(struct kunit *test)
{
	static const u64 want[] = { 0, 2 }, late[] = { 1 };
	struct reorder_kunit *k = reorder_kunit_start(test, 8, RXR_KUNIT_LONG_MS);
	unsigned int i;

	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_rcv(test, k, 2);
	tquic_reorder_buf_flush(&k->q);
	reorder_kunit_expect_got(test, k, want, ARRAY_SIZE(want));
	reorder_kunit_rcv(test, k, 1);
	reorder_kunit_expect_got(test, k, late, 1);
	reorder_kunit_rcv(test, k, 1);
	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_expect_got(test, k, NULL, 0);
	/* Eight more: 0 is more than a window (8) behind next (11). */
	for (i = 3; i < 11; i++)
		reorder_kunit_rcv(test, k, i);
	reorder_kunit_expect_got(test, k, NULL, 8);
	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_rcv(test, k, 3);
	reorder_kunit_rcv(test, k, U64_MAX);
	reorder_kunit_expect_got(test, k, NULL, 0);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 11, .held = 1, .late = 1, .dup = 4,
		.dropped = 2 });
	reorder_kunit_finish(test, k);
}

/*
 * A packet a window ahead pushes the oldest gap out: 1..7 wait for 0,
 * 9 makes 0 give way, 8 then releases 9; 0 is then more than a window
 * behind. At most a window is held.
 */
static void reorder_kunit_overflow(struct kunit *test)
{
	static const u64 want[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct reorder_kunit *k = reorder_kunit_start(test, 8, RXR_KUNIT_LONG_MS);
	unsigned int i;

	for (i = 1; i < 8; i++)
		reorder_kunit_rcv(test, k, i);
	reorder_kunit_expect_got(test, k, NULL, 0);
	reorder_kunit_rcv(test, k, 9);
	reorder_kunit_expect_got(test, k, want, 7);
	reorder_kunit_rcv(test, k, 8);
	reorder_kunit_expect_got(test, k, want + 7, 2);
	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_expect_got(test, k, NULL, 0);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 9, .held = 8, .dropped = 1 });
	reorder_kunit_finish(test, k);
}

/* Cap 0: every packet out at once, in arrival order, duplicates dropped. */
static void reorder_kunit_cap_zero(struct kunit *test)
{
	static const u64 want[] = { 3, 1, 2, 0, 4 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, 0);

	reorder_kunit_rcv(test, k, 3);
	reorder_kunit_rcv(test, k, 1);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_rcv(test, k, 0);
	reorder_kunit_rcv(test, k, 4);
	reorder_kunit_expect_got(test, k, want, ARRAY_SIZE(want));
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 5, .late = 3, .dup = 1 });
	reorder_kunit_finish(test, k);
}

/* Turning reordering off releases what is held, in order. */
static void reorder_kunit_set_cap_off(struct kunit *test)
{
	static const u64 want[] = { 2, 4, 6 };
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, RXR_KUNIT_LONG_MS);

	reorder_kunit_rcv(test, k, 4);
	reorder_kunit_rcv(test, k, 2);
	reorder_kunit_expect_got(test, k, NULL, 0);
	tquic_reorder_buf_set_cap(&k->q, 0);
	reorder_kunit_expect_got(test, k, want, 2);
	reorder_kunit_rcv(test, k, 6);
	reorder_kunit_expect_got(test, k, want + 2, 1);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.delivered = 3, .held = 2 });
	reorder_kunit_finish(test, k);
}

/* Held packets are freed, not delivered, by destroy; twice is harmless. */
static void reorder_kunit_destroy_held(struct kunit *test)
{
	struct reorder_kunit *k = reorder_kunit_start(test, 1024, RXR_KUNIT_LONG_MS);
	unsigned int i;

	for (i = 1; i < 100; i++)
		reorder_kunit_rcv(test, k, i);
	reorder_kunit_expect_stats(test, k, &(struct tquic_reorder_buf_stats){
		.held = 99 });
	KUNIT_EXPECT_EQ(test, atomic_read(&k->freed), 0);
	reorder_kunit_finish(test, k);
	reorder_kunit_expect_got(test, k, NULL, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&k->freed), 99);
	tquic_reorder_buf_destroy(&k->q);
}

static void reorder_kunit_bad_init(struct kunit *test)
{
	struct reorder_kunit *k = test->priv;

	KUNIT_EXPECT_EQ(test, tquic_reorder_buf_init(&k->q, 0, reorder_kunit_deliver, k),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tquic_reorder_buf_init(&k->q, 1000, reorder_kunit_deliver,
						     k), -EINVAL);
	tquic_reorder_buf_destroy(&k->q);
}

struct reorder_kunit_sender {
	struct work_struct work;
	struct reorder_kunit *k;
	u64 first;			/* sends first, first + 2, ... */
	unsigned int sent;		/* short of RXR_KUNIT_CONC: no memory */
	atomic_t done;			/* packets it has been through */
	struct reorder_kunit_sender *peer;
};

/*
 * Each sender keeps within a few packets of the other: left alone, one
 * would finish before the other got going, and that is not concurrency.
 */
static void reorder_kunit_send(struct reorder_kunit_sender *s)
{
	unsigned int i;

	for (i = 0; i < RXR_KUNIT_CONC; i++) {
		unsigned long end = jiffies + HZ;

		while (i > atomic_read(&s->peer->done) + RXR_KUNIT_LEAD &&
		       time_before(jiffies, end))
			cond_resched();
		s->sent += reorder_kunit_send_one(s->k, s->first + 2 * i);
		atomic_inc(&s->done);
	}
}

static void reorder_kunit_send_work(struct work_struct *work)
{
	reorder_kunit_send(container_of(work, struct reorder_kunit_sender, work));
}

/*
 * Two CPUs receive the odd and the even numbers at once, with a short
 * hold so that the timer runs among them. The window spans every number
 * sent, so however far one CPU runs ahead of the other, nothing is too
 * old: each packet comes out exactly once, and the in-order ones in
 * order; a step back is a packet delivered late.
 */
static void reorder_kunit_concurrent(struct kunit *test)
{
	struct reorder_kunit *k = reorder_kunit_start(test, 2 * RXR_KUNIT_CONC, 2);
	struct reorder_kunit_sender odd = { .k = k, .first = 1 };
	struct reorder_kunit_sender even = { .k = k, .first = 0 };
	unsigned long *seen;
	struct tquic_reorder_buf_stats st;
	struct sk_buff *skb;
	u64 max = 0, n = 0, descents = 0;

	seen = kunit_kcalloc(test, BITS_TO_LONGS(2 * RXR_KUNIT_CONC),
			     sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	odd.peer = &even;
	even.peer = &odd;
	INIT_WORK_ONSTACK(&odd.work, reorder_kunit_send_work);
	queue_work(system_unbound_wq, &odd.work);
	reorder_kunit_send(&even);
	flush_work(&odd.work);
	destroy_work_on_stack(&odd.work);
	tquic_reorder_buf_flush(&k->q);
	while ((skb = skb_dequeue(&k->got))) {
		u64 seq = reorder_kunit_seq(skb);

		kfree_skb(skb);
		n++;
		if (seq >= 2 * RXR_KUNIT_CONC ||
		    test_and_set_bit(seq, seen)) {
			KUNIT_FAIL(test, "%llu delivered twice or invalid",
				   seq);
			continue;
		}
		if (n > 1 && seq < max)
			descents++;
		max = max_t(u64, max, seq);
	}
	tquic_reorder_buf_stats(&k->q, &st);
	kunit_info(test, "held %llu late %llu dropped %llu timeouts %llu restarts %llu\n",
		   st.held, st.late, st.dropped, st.timeouts, st.restarts);
	KUNIT_EXPECT_EQ(test, n, st.delivered);
	KUNIT_EXPECT_EQ(test, n, odd.sent + even.sent);
	KUNIT_EXPECT_EQ(test, st.dup + st.dropped + st.restarts, 0);
	KUNIT_EXPECT_LE(test, descents, st.late);
	reorder_kunit_finish(test, k);
}

static int reorder_kunit_init(struct kunit *test)
{
	struct reorder_kunit *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	if (!k)
		return -ENOMEM;
	skb_queue_head_init(&k->got);
	test->priv = k;
	return 0;
}

/* A test stopped by a failed assertion still frees what it had. */
static void reorder_kunit_exit(struct kunit *test)
{
	struct reorder_kunit *k = test->priv;

	tquic_reorder_buf_destroy(&k->q);
	skb_queue_purge(&k->got);
}

static struct kunit_case reorder_kunit_cases[] = {
	KUNIT_CASE(reorder_kunit_in_order),
	KUNIT_CASE(reorder_kunit_gap_fill),
	KUNIT_CASE(reorder_kunit_timeout),
	KUNIT_CASE(reorder_kunit_adaptive_timeout),
	KUNIT_CASE(reorder_kunit_late_dup),
	KUNIT_CASE(reorder_kunit_overflow),
	KUNIT_CASE(reorder_kunit_cap_zero),
	KUNIT_CASE(reorder_kunit_set_cap_off),
	KUNIT_CASE(reorder_kunit_destroy_held),
	KUNIT_CASE(reorder_kunit_bad_init),
	KUNIT_CASE(reorder_kunit_concurrent),
	{}
};

static struct kunit_suite reorder_kunit_suite = {
	.name = "tquic-reorder",
	.init = reorder_kunit_init,
	.exit = reorder_kunit_exit,
	.test_cases = reorder_kunit_cases,
};

kunit_test_suite(reorder_kunit_suite);
