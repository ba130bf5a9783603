// SPDX-License-Identifier: GPL-2.0
/*
 * Loss recovery over the paths: ACKs feed each path's RTT, loss detection
 * (core/loss.c) and congestion control (core/cc.c); the inner packets of
 * datagrams still unacknowledged are held, and a datagram declared lost is
 * sent once more, on the path it reaches the peer first by. A path that
 * fails (slave down, or silent for TQUIC_LOSS_FAIL_PTOS probe timeouts)
 * hands everything it had in flight to the other paths. The peer's
 * reorder buffer waits for such repairs: paths_reorder_timeout().
 *
 * Contexts: softirq (ACK frames), the path timers (timers.c), and RTNL
 * (a path abandoned when its slave goes).
 *
 * Invariants: the held ring and the loss ring share their slots (the
 * inner packet of loss number n is held[n % TQUIC_PATH_RING]) and both
 * are under the path's lock; a datagram is repaired at most once after a
 * loss. Resends leave only after that lock is dropped. Lock order:
 * device.c.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "core/ackranges.h"
#include "core/sched.h"
#include "keypair.h"
#include "path.h"
#include "pnspace.h"
#include "recovery.h"
#include "reorder_buf.h"
#include "timers.h"
#include "tquic.h"
#include "xmit.h"

/* A held inner packet on its way to tquic_recovery_resend(), in its cb. */
struct path_resend_cb {
	u64 seq;
	bool recovered;
};

static struct path_resend_cb *resend_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct path_resend_cb) > sizeof(skb->cb));
	return (struct path_resend_cb *)skb->cb;
}

/* Move the held inner packet of @lpn to @resend; @recovered: after a loss. */
static void held_resend(struct tquic_path *p, u64 lpn, bool recovered,
			struct sk_buff_head *resend)
{
	struct tquic_path_held *h = &p->held[lpn & (TQUIC_PATH_RING - 1)];

	lockdep_assert_held(&p->lock);

	resend_cb(h->skb)->seq = h->seq;
	resend_cb(h->skb)->recovered = h->recovered || recovered;
	__skb_queue_tail(resend, h->skb);
	h->skb = NULL;
}

static void held_free(struct tquic_path *p, u64 lpn)
{
	struct tquic_path_held *h = &p->held[lpn & (TQUIC_PATH_RING - 1)];

	lockdep_assert_held(&p->lock);

	kfree_skb(h->skb);
	h->skb = NULL;
}

/*
 * Loss slots retired since @old_head: the inner packets of those declared
 * lost go to @resend, unless they were lost once before (a second loss in
 * a row is the path's state, and the peer stopped waiting long ago); the
 * rest are freed.
 */
void tquic_recovery_retire(struct tquic_path *p, u64 old_head,
			   struct sk_buff_head *resend)
{
	lockdep_assert_held(&p->lock);

	for (; old_head < p->loss.head; old_head++) {
		u32 i = old_head & (TQUIC_PATH_RING - 1);

		if (p->sent[i].lost && p->held[i].skb && !p->held[i].recovered)
			held_resend(p, old_head, true, resend);
		held_free(p, old_head);
	}
}

/* Forget every packet sent: a new keypair numbers from scratch. */
void tquic_recovery_reset(struct tquic_path *p)
{
	u64 lpn;

	lockdep_assert_held(&p->lock);

	for (lpn = p->loss.head; lpn < p->loss.next; lpn++)
		held_free(p, lpn);
	tquic_loss_init(&p->loss, p->sent, TQUIC_PATH_RING,
			TQUIC_LOSS_FAIL_PTOS);
	p->cc.inflight = 0;
}

/*
 * The path stops carrying data: its unacknowledged inner packets go to
 * @resend for the other paths, and nothing is in flight on it any more.
 * Under p->lock.
 */
void tquic_recovery_take_back(struct tquic_path *p, struct sk_buff_head *resend)
{
	struct tquic_sent out;
	u64 lpn;

	lockdep_assert_held(&p->lock);

	for (;;) {
		struct tquic_path_held *h;

		lpn = p->loss.head;
		if (!tquic_loss_take_unacked(&p->loss, &out))
			break;
		h = &p->held[lpn & (TQUIC_PATH_RING - 1)];
		if (out.state == TQUIC_SENT_INFLIGHT && h->skb && resend) {
			held_resend(p, lpn, false, resend);
			p->st.retransmitted++;
		}
		held_free(p, lpn);
	}
	p->cc.inflight = 0;
}

/*
 * Take the path out of service: its unacknowledged inner packets go to
 * @resend for the other paths. @state is DOWN or FAILED.
 */
void tquic_recovery_fail(struct tquic_path *p, u8 state,
			 struct sk_buff_head *resend, u64 now)
{
	lockdep_assert_held(&p->lock);

	if (p->state == TQUIC_PATH_ACTIVE) {
		p->st.failures++;
		tquic_stat_inc(p->t, TQUIC_XSTATS_PATH_FAILURES);
	}
	p->state = state;
	p->failed_at_us = now;
	p->probe_at_us = now + TQUIC_PATH_PROBE_US;
	tquic_recovery_take_back(p, resend);
	tquic_cc_collapse(&p->cc, now);
}

/*
 * Send again the inner packets a path lost, or had in flight when it
 * failed: on any path but those in @exclude. Caller holds
 * rcu_read_lock_bh().
 */
void tquic_recovery_resend(struct tquic_dev *t, u32 exclude,
			   struct sk_buff_head *resend)
{
	struct tquic_path *paths = tquic_paths(t);
	struct tquic_keypair *kp;
	struct sk_buff *skb;

	if (skb_queue_empty(resend))
		return;
	kp = tquic_session_tx_keypair(t);
	while ((skb = __skb_dequeue(resend))) {
		if (!kp || !paths) {
			kfree_skb(skb);
			continue;
		}
		tquic_stat_inc(t, TQUIC_XSTATS_TX_RETRANSMITTED);
		/*
		 * The device's stats counted the inner packet when it was
		 * first sent (as the peer's count it once, dropping copies);
		 * tx_retransmitted counts it now.
		 */
		skb->dev = NULL;
		tquic_xmit_data(t, paths, kp, skb, resend_cb(skb)->seq,
				resend_cb(skb)->recovered, exclude);
	}
	tquic_xmit_flow(t);
}

void tquic_recovery_fail_and_resend(struct tquic_dev *t, struct tquic_path *p,
				    u8 state)
{
	struct sk_buff_head resend;
	u64 now = tquic_now_us();

	__skb_queue_head_init(&resend);
	spin_lock_bh(&p->lock);
	if (p->state != state)
		tquic_recovery_fail(p, state, &resend, now);
	tquic_path_arm(p, now);
	spin_unlock_bh(&p->lock);
	rcu_read_lock_bh();
	tquic_recovery_resend(t, BIT(p->slot), &resend);
	rcu_read_unlock_bh();
	tquic_paths_carrier(t);
}

/* An RTT sample of any path, for the device's gauge. */
static void device_rtt_sample(struct tquic_dev *t, u64 sample_us, u64 delay_us)
{
	spin_lock_bh(&t->rtt_lock);
	tquic_rtt_sample(&t->rtt, sample_us, delay_us,
			 TQUIC_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
	spin_unlock_bh(&t->rtt_lock);
}

/*
 * The sample without the peer's ACK delay (as RFC 9002 5.3 takes it off,
 * never below the minimum, which the sample just updated: no wire value
 * can wrap it), judged by rounds in cc.c; where they find the base delay
 * risen for good, the minimum and the scheduler's one-way delay follow.
 * Called with p->lock held.
 */
static void path_delay_signal(struct tquic_path *p, u64 sample_us,
			      u64 delay_us, u64 now)
{
	u64 rtt = sample_us - p->rtt.min_us >= delay_us ?
		  sample_us - delay_us : sample_us;

	lockdep_assert_held(&p->lock);

	if (tquic_cc_rtt_signal(&p->cc, &p->rtt, rtt, now - sample_us, now))
		WRITE_ONCE(p->one_way_us, tquic_sched_one_way_us(&p->rtt, false));
}

/*
 * How long after a datagram's own arrival time its loss is repaired: the
 * sender declares it lost 9/8 of an RTT after sending it (RFC 9002's time
 * threshold; its packet threshold is sooner on a busy path), on a loss
 * timer of jiffies, and sends it again on the path that delivers first,
 * whose delay the lost one would have had at least.
 */
static u64 paths_recovery_us(u64 srtt_us)
{
	return tquic_loss_delay_us(srtt_us) + 2 * jiffies_to_usecs(1);
}

/**
 * paths_reorder_timeout() - hold time from the paths' delays
 * @t: the device
 *
 * The receiver waits for a gap as long as the paths' one-way delays
 * differ, or as long as the peer takes to send a lost datagram again if
 * that is longer (our RTT of each path stands for the peer's), plus their
 * jitter.
 */
static void paths_reorder_timeout(struct tquic_dev *t)
{
	struct tquic_path *paths = tquic_paths(t);
	u64 lo = TQUIC_NEVER, hi = 0, var = 0, srtt = 0;
	unsigned int i, n = 0;

	if (!paths)
		return;
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];
		u64 one_way = READ_ONCE(p->one_way_us);

		if (!READ_ONCE(p->in_use) ||
		    READ_ONCE(p->state) != TQUIC_PATH_ACTIVE || !one_way)
			continue;
		lo = min(lo, one_way);
		hi = max(hi, one_way);
		var = max_t(u64, var, READ_ONCE(p->var_us));
		srtt = max_t(u64, srtt, READ_ONCE(p->srtt_us));
		n++;
	}
	if (n)
		tquic_reorder_buf_set_timeout(&t->reorder,
					      max(hi - lo, paths_recovery_us(srtt)), var);
}

/**
 * tquic_recovery_on_ack() - an ACK or PATH_ACK frame of the peer
 * @t: the device
 * @kp: keypair of the packet that carried it
 * @ack: the frame; its packet numbers are the path's, of @kp
 *
 * Softirq. Return: 0, or -EINVAL if it acknowledges what was never sent.
 */
int tquic_recovery_on_ack(struct tquic_dev *t, struct tquic_keypair *kp,
			  const struct tquic_ack_frame *ack)
{
	struct tquic_path *p = tquic_path_find(t, ack->path_id);
	struct sk_buff_head resend;
	struct tquic_loss_event ev;
	struct tquic_ack_iter it;
	u64 lo, hi, now, head, delay = 0;
	int err;

	err = tquic_ack_iter_init(&it, ack);
	if (err)
		return err;
	tquic_stat_inc(t, TQUIC_XSTATS_ACKS_RECEIVED);
	if (!p)
		return 0;
	tquic_loss_event_init(&ev);
	__skb_queue_head_init(&resend);
	now = tquic_now_us();
	spin_lock_bh(&p->lock);
	if (p->kp != kp) {
		/*
		 * For a keypair we no longer send with: what it had in flight
		 * left the window when the new one took over, which may have
		 * room now for a queue stopped before.
		 */
		spin_unlock_bh(&p->lock);
		tquic_xmit_flow(t);
		return 0;
	}
	head = p->loss.head;
	while ((err = tquic_ack_iter_next(&it, &lo, &hi)) > 0) {
		if (hi < p->pn_base)
			continue;
		lo = max(lo, p->pn_base);
		if (hi - p->pn_base >= p->loss.next) {
			err = -EINVAL;
			break;
		}
		tquic_loss_on_ack_range(&p->loss, lo - p->pn_base,
					hi - p->pn_base, now, &ev);
	}
	if (err < 0) {
		spin_unlock_bh(&p->lock);
		return err;
	}
	if (ev.has_rtt_sample) {
		delay = tquic_ack_delay_us(ack->delay, TQUIC_ACK_DELAY_EXP);
		tquic_rtt_sample(&p->rtt, ev.rtt_sample_us, delay,
				 TQUIC_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
		device_rtt_sample(t, ev.rtt_sample_us, delay);
		WRITE_ONCE(p->one_way_us, tquic_sched_one_way_us(&p->rtt, false));
		WRITE_ONCE(p->var_us, p->rtt.var_us);
		WRITE_ONCE(p->srtt_us, p->rtt.smoothed_us);
	}
	tquic_loss_on_ack_done(&p->loss, &p->rtt, now, &ev);
	if (ev.acked_bytes)
		tquic_cc_on_ack(&p->cc, ev.acked_bytes, ev.acked_sent_us, now,
				p->rtt.smoothed_us);
	if (ev.lost) {
		tquic_cc_on_lost(&p->cc, ev.lost_bytes, ev.lost_sent_us, now);
		p->st.lost += ev.lost;
	}
	if (ev.has_rtt_sample)
		path_delay_signal(p, ev.rtt_sample_us, delay, now);
	tquic_recovery_retire(p, head, &resend);
	tquic_path_arm(p, now);
	spin_unlock_bh(&p->lock);
	if (ev.has_rtt_sample)
		paths_reorder_timeout(t);
	if (!skb_queue_empty(&resend))
		tquic_recovery_resend(t, 0, &resend);
	else
		tquic_xmit_flow(t);
	return 0;
}

/* ndo_init: the device's RTT gauge, empty. */
void tquic_recovery_init(struct tquic_dev *t)
{
	spin_lock_init(&t->rtt_lock);
	tquic_rtt_init(&t->rtt);
}
