// SPDX-License-Identifier: GPL-2.0
/*
 * Receive reorder buffer on skbs (reorder_buf.h).
 *
 * Locking: q->lock covers the window, the held skbs, the queue of released
 * ones and the timer's expiry; only the hrtimer base lock nests inside it
 * (hrtimer_start()). It is taken with BH disabled everywhere, so that a
 * caller may receive from process context (a crypto worker) as well as
 * from the UDP socket's softirq, except in the timer callback, which runs
 * in softirq already (HRTIMER_MODE_ABS_SOFT).
 *
 * Delivery: released skbs join q->out under the lock; one caller at a time
 * (q->delivering) hands them to the callback with the lock dropped, and
 * takes along what other CPUs released meanwhile, so the callback sees
 * the window's order even when several CPUs receive at once, and may take
 * any lock it likes, or even receive into this buffer again.
 */
#include <linux/bottom_half.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "reorder_buf.h"

static u64 reorder_buf_now_us(void)
{
	return ktime_to_us(ktime_get());
}

/* What the window releases now goes onto q->out, in order; under q->lock. */
static void reorder_buf_release(struct tquic_reorder_buf *q, u64 now)
{
	u64 seq;

	lockdep_assert_held(&q->lock);

	while (tquic_reorder_release(&q->r, now, &seq)) {
		u32 i = tquic_reorder_index(&q->r, seq);

		__skb_queue_tail(&q->out, q->skb[i]);
		q->skb[i] = NULL;
	}
}

/*
 * The timer fires at the window's deadline or before it (the callback
 * then finds the deadline moved and re-arms): moving it only when the
 * deadline comes earlier keeps hrtimer_start() off the per-packet path.
 * Under q->lock.
 */
static void reorder_buf_arm(struct tquic_reorder_buf *q)
{
	u64 due = tquic_reorder_deadline(&q->r);

	lockdep_assert_held(&q->lock);

	if (due >= q->armed_us)
		return;
	q->armed_us = due;
	hrtimer_start(&q->timer, ns_to_ktime(due * NSEC_PER_USEC),
		      HRTIMER_MODE_ABS_SOFT);
}

/* Called with q->lock held and BH disabled; returns with the lock free. */
static void reorder_buf_deliver_unlock(struct tquic_reorder_buf *q)
	__releases(&q->lock)
{
	struct sk_buff_head list;
	struct sk_buff *skb;

	lockdep_assert_held(&q->lock);

	if (q->delivering || skb_queue_empty(&q->out)) {
		spin_unlock(&q->lock);
		return;
	}
	q->delivering = true;
	__skb_queue_head_init(&list);
	do {
		skb_queue_splice_init(&q->out, &list);
		spin_unlock(&q->lock);
		while ((skb = __skb_dequeue(&list)))
			q->deliver(q->ctx, skb);
		spin_lock(&q->lock);
	} while (!skb_queue_empty(&q->out));
	q->delivering = false;
	spin_unlock(&q->lock);
}

static void reorder_buf_lock(struct tquic_reorder_buf *q)
	__acquires(&q->lock)
{
	local_bh_disable();
	spin_lock(&q->lock);
}

/* After a change to the window: release, re-arm, deliver, unlock. */
static void reorder_buf_settle_unlock(struct tquic_reorder_buf *q, u64 now)
	__releases(&q->lock)
{
	reorder_buf_release(q, now);
	reorder_buf_arm(q);
	reorder_buf_deliver_unlock(q);
	local_bh_enable();
}

static enum hrtimer_restart reorder_buf_timer(struct hrtimer *timer)
{
	struct tquic_reorder_buf *q = container_of(timer,
						   struct tquic_reorder_buf,
						   timer);

	spin_lock(&q->lock);
	q->armed_us = TQUIC_REORDER_NEVER;
	reorder_buf_release(q, reorder_buf_now_us());
	reorder_buf_arm(q);
	reorder_buf_deliver_unlock(q);
	return HRTIMER_NORESTART;
}

/**
 * tquic_reorder_buf_init() - set up a reorder buffer
 * @q: the buffer
 * @nslots: its window, a power of two: at most this many skbs are held
 * @deliver: called with each packet to pass on, BH disabled, never under
 *	q->lock; it owns the skb
 * @ctx: for @deliver
 *
 * Reordering starts off (cap 0) until tquic_reorder_buf_set_cap(); sequence
 * numbers start at 0. On failure @q needs no tquic_reorder_buf_destroy(), though
 * one does no harm.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int tquic_reorder_buf_init(struct tquic_reorder_buf *q, u32 nslots,
			   void (*deliver)(void *ctx, struct sk_buff *skb), void *ctx)
{
	memset(q, 0, sizeof(*q));
	if (!is_power_of_2(nslots))
		return -EINVAL;
	/* A failure is the caller's -ENOMEM, not a stack dump in the log. */
	q->slots = kvcalloc(nslots, sizeof(*q->slots),
			    GFP_KERNEL | __GFP_NOWARN);
	q->skb = kvcalloc(nslots, sizeof(*q->skb), GFP_KERNEL | __GFP_NOWARN);
	if (!q->slots || !q->skb) {
		kvfree(q->skb);
		kvfree(q->slots);
		q->skb = NULL;
		q->slots = NULL;
		return -ENOMEM;
	}
	tquic_reorder_init(&q->r, q->slots, nslots, 0, 0);
	spin_lock_init(&q->lock);
	__skb_queue_head_init(&q->out);
	hrtimer_init(&q->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	q->timer.function = reorder_buf_timer;
	q->armed_us = TQUIC_REORDER_NEVER;
	q->deliver = deliver;
	q->ctx = ctx;
	return 0;
}

/**
 * tquic_reorder_buf_destroy() - free a reorder buffer and the packets it holds
 * @q: the buffer, which nothing receives into any more
 *
 * Held packets are freed, not delivered (tquic_reorder_buf_flush() delivers).
 * Sleeps (waits for a running timer callback). Idempotent.
 */
void tquic_reorder_buf_destroy(struct tquic_reorder_buf *q)
{
	u64 i;

	if (!q->slots)
		return;
	hrtimer_cancel(&q->timer);
	for (i = 0; i <= q->r.mask; i++)
		kfree_skb(q->skb[i]);
	__skb_queue_purge(&q->out);
	kvfree(q->skb);
	kvfree(q->slots);
	q->skb = NULL;
	q->slots = NULL;
}

/**
 * tquic_reorder_buf_set_cap() - the longest a packet is held
 * @q: the buffer
 * @cap_ms: milliseconds; 0 turns reordering off: what is held goes out
 *	now, and every packet from now on at once (duplicates still dropped)
 */
void tquic_reorder_buf_set_cap(struct tquic_reorder_buf *q, u32 cap_ms)
{
	reorder_buf_lock(q);
	tquic_reorder_set_cap(&q->r, (u64)cap_ms * USEC_PER_MSEC);
	reorder_buf_settle_unlock(q, reorder_buf_now_us());
}

/**
 * tquic_reorder_buf_set_timeout() - adapt the hold time to the paths
 * @q: the buffer
 * @delay_spread_us: largest one-way delay difference between live paths
 * @jitter_us: their delay variation (e.g. the largest rttvar)
 */
void tquic_reorder_buf_set_timeout(struct tquic_reorder_buf *q, u64 delay_spread_us,
				   u64 jitter_us)
{
	reorder_buf_lock(q);
	tquic_reorder_set_timeout(&q->r, delay_spread_us, jitter_us);
	reorder_buf_settle_unlock(q, reorder_buf_now_us());
}

/**
 * tquic_reorder_buf_rcv() - a packet with tunnel sequence number @seq arrived
 * @q: the buffer
 * @skb: the packet, consumed: delivered now or later, or freed
 * @seq: its sequence number, as the (authenticated) peer sent it
 *
 * Any context that may take a BH-disabling spinlock.
 */
void tquic_reorder_buf_rcv(struct tquic_reorder_buf *q, struct sk_buff *skb, u64 seq)
{
	enum tquic_reorder_verdict v;
	u64 now = reorder_buf_now_us();

	reorder_buf_lock(q);
	while ((v = tquic_reorder_insert(&q->r, seq, now)) ==
	       TQUIC_REORDER_FLUSH)
		reorder_buf_release(q, now);
	switch (v) {
	case TQUIC_REORDER_DELIVER:
	case TQUIC_REORDER_LATE:
		__skb_queue_tail(&q->out, skb);
		skb = NULL;
		break;
	case TQUIC_REORDER_HOLD:
		q->skb[tquic_reorder_index(&q->r, seq)] = skb;
		skb = NULL;
		break;
	default:
		break;
	}
	reorder_buf_settle_unlock(q, now);
	if (!skb)
		return;
	if (v == TQUIC_REORDER_DROP_DUP)
		consume_skb(skb);
	else
		kfree_skb(skb);
}

/**
 * tquic_reorder_buf_flush() - deliver everything held, in order, now
 * @q: the buffer
 *
 * For a device going down or reordering turned off; the gaps before them
 * are given up (their packets, should they come, are late). If another
 * CPU is delivering at the time, it delivers these too, and this returns
 * at once.
 */
void tquic_reorder_buf_flush(struct tquic_reorder_buf *q)
{
	reorder_buf_lock(q);
	tquic_reorder_flush(&q->r);
	reorder_buf_settle_unlock(q, reorder_buf_now_us());
}

/**
 * tquic_reorder_buf_stats() - counters since tquic_reorder_buf_init()
 * @q: the buffer
 * @st: filled in
 */
void tquic_reorder_buf_stats(struct tquic_reorder_buf *q, struct tquic_reorder_buf_stats *st)
{
	spin_lock_bh(&q->lock);
	st->delivered = q->r.stats.delivered + q->r.stats.late;
	st->held = q->r.stats.held;
	st->late = q->r.stats.late;
	st->dup = q->r.stats.dup;
	st->dropped = q->r.stats.dropped;
	st->timeouts = q->r.stats.timeouts;
	st->restarts = q->r.stats.restarts;
	spin_unlock_bh(&q->lock);
}
