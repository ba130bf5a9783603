// SPDX-License-Identifier: GPL-2.0
/*
 * The timers of the paths and the device's delayed ACK: when they are
 * armed, and what they do when they fire.
 *
 * A path's timer serves every deadline of the path: loss detection and
 * probe timeouts (RFC 9002 section 6), the keepalive, PATH_CHALLENGE
 * probes while validating and while failed, and the server forgetting a
 * path that stays failed. The delayed-ACK timer acknowledges for every
 * keypair that owes an ACK.
 *
 * Contexts: armed under the path's lock from any context; fire in softirq.
 * Cancelled by ndo_stop (path.c, device.c) before what they use goes.
 *
 * Invariants: a path timer is only ever moved earlier; one that fires
 * early finds nothing due and arms itself again. Nothing is sent while
 * the path's lock is held. Lock order: device.c.
 */
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <linux/timer.h>

#include "keypair.h"
#include "path.h"
#include "pnspace.h"
#include "recovery.h"
#include "send.h"
#include "session.h"
#include "timers.h"
#include "tquic.h"
#include "xmit.h"

/*
 * The path's timer for its next deadline, from @now (a clock read costs,
 * and this runs for every packet sent).
 */
void tquic_path_arm(struct tquic_path *p, u64 now)
{
	u64 due = TQUIC_NEVER;
	u16 ka = READ_ONCE(p->t->cfg.keys.keepalive);
	unsigned long expires;

	lockdep_assert_held(&p->lock);

	if (p->state == TQUIC_PATH_ACTIVE) {
		due = tquic_loss_deadline(&p->loss, &p->rtt,
					  TQUIC_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
		if (ka) {
			long left = (long)(p->last_tx + ka * HZ - jiffies);

			due = min_t(u64, due, now + (left > 0 ?
					      jiffies_to_usecs(left) : 0));
		}
	} else if (p->state != TQUIC_PATH_DOWN) {
		due = p->probe_at_us;
	}
	if (due == TQUIC_NEVER)
		return;
	due = due > now ? due - now : 0;
	/*
	 * Only ever earlier: a deadline that moved later finds the timer
	 * early, with nothing due, and it arms itself again.
	 */
	expires = jiffies + usecs_to_jiffies(due) + 1;
	if (!timer_pending(&p->timer) ||
	    time_before(expires, p->timer.expires))
		mod_timer(&p->timer, expires);
}

static void path_timer(struct timer_list *timer)
{
	struct tquic_path *p = from_timer(p, timer, timer);
	struct tquic_dev *t = p->t;
	enum tquic_loss_timer what = TQUIC_LOSS_TIMER_NONE;
	bool challenge = false, ping = false, forget = false;
	u16 ka = READ_ONCE(t->cfg.keys.keepalive);
	struct tquic_loss_event ev;
	struct sk_buff_head resend;
	struct tquic_keypair *kp;
	u64 now = tquic_now_us(), head;

	__skb_queue_head_init(&resend);
	tquic_loss_event_init(&ev);
	rcu_read_lock_bh();
	kp = READ_ONCE(p->in_use) ? tquic_session_tx_keypair(t) : NULL;
	spin_lock(&p->lock);
	head = p->loss.head;
	switch (p->state) {
	case TQUIC_PATH_ACTIVE:
		what = tquic_loss_on_timer(&p->loss, &p->rtt,
					   TQUIC_MAX_ACK_DELAY_MS *
					   USEC_PER_MSEC, now, &ev);
		if (what == TQUIC_LOSS_TIMER_LOST && ev.lost) {
			tquic_cc_on_lost(&p->cc, ev.lost_bytes,
					 ev.lost_sent_us, now);
			p->st.lost += ev.lost;
		} else if (what == TQUIC_LOSS_TIMER_PROBE) {
			ping = true;
		} else if (what == TQUIC_LOSS_TIMER_FAILED) {
			tquic_recovery_fail(p, TQUIC_PATH_FAILED, &resend, now);
		}
		tquic_recovery_retire(p, head, &resend);
		if (ka && p->state == TQUIC_PATH_ACTIVE &&
		    time_after_eq(jiffies, p->last_tx + ka * HZ)) {
			ping = true;
			tquic_stat_inc(t, TQUIC_XSTATS_KEEPALIVES_SENT);
		}
		break;
	case TQUIC_PATH_VALIDATING:
	case TQUIC_PATH_FAILED:
		if (now < p->probe_at_us)
			break;
		if (!tquic_is_client(t) &&
		    now - p->failed_at_us > (p->state == TQUIC_PATH_FAILED ?
					     TQUIC_PATH_FORGET_US :
					     TQUIC_PATH_PROOF_US)) {
			forget = true;
			break;
		}
		challenge = true;
		p->probe_at_us = now + (p->state == TQUIC_PATH_VALIDATING ?
					TQUIC_PATH_VALIDATE_US :
					TQUIC_PATH_PROBE_US);
		break;
	}
	if (READ_ONCE(p->in_use) && !forget)
		tquic_path_arm(p, now);
	spin_unlock(&p->lock);

	if (forget)
		tquic_path_forget(t, p);
	if (kp && challenge)
		tquic_send_challenge(t, p, kp);
	if (kp && ping)
		tquic_send_ctrl(t, p, kp, TQUIC_SEND_PING, NULL, 0);
	if (what == TQUIC_LOSS_TIMER_FAILED) {
		tquic_recovery_resend(t, BIT(p->slot), &resend);
		tquic_paths_carrier(t);
	} else if (!skb_queue_empty(&resend)) {
		tquic_recovery_resend(t, 0, &resend);
	} else if (what != TQUIC_LOSS_TIMER_NONE) {
		tquic_xmit_flow(t);
	}
	rcu_read_unlock_bh();
}

/*
 * Delayed ACK: acknowledge what every keypair that asked for it has
 * received, the previous one of a rekey too. A keypair is named by its
 * local CID: the timer may outlive it, and the lookup says if it is gone.
 */
static void ack_timer_fire(struct timer_list *timer)
{
	struct tquic_dev *t = from_timer(t, timer, ack_timer);
	u8 cids[TQUIC_ACK_KEYPAIRS][TQUIC_CID_LEN];
	struct tquic_keypair *kp;
	unsigned int i, n;

	spin_lock(&t->ack_lock);
	n = t->ack_ncids;
	memcpy(cids, t->ack_cids, n * TQUIC_CID_LEN);
	t->ack_ncids = 0;
	spin_unlock(&t->ack_lock);

	rcu_read_lock_bh();
	for (i = 0; i < n; i++) {
		kp = tquic_session_lookup(t, cids[i], NULL);
		if (kp)
			tquic_send_acks(t, kp, 1);
	}
	rcu_read_unlock_bh();
}

/* Have the delayed-ACK timer acknowledge for @kp; softirq. */
void tquic_ack_later(struct tquic_dev *t,
		     const struct tquic_keypair *kp,
		     unsigned long delay)
{
	unsigned long when = jiffies + delay;
	unsigned int i;

	spin_lock(&t->ack_lock);
	for (i = 0; i < t->ack_ncids; i++)
		if (!memcmp(t->ack_cids[i], kp->local_cid, TQUIC_CID_LEN))
			break;
	if (i == t->ack_ncids) {
		/* More keypairs than can receive at once: the oldest is gone. */
		if (i == TQUIC_ACK_KEYPAIRS) {
			i--;
			memmove(t->ack_cids[0], t->ack_cids[1],
				i * TQUIC_CID_LEN);
		} else {
			t->ack_ncids++;
		}
		memcpy(t->ack_cids[i], kp->local_cid, TQUIC_CID_LEN);
	}
	spin_unlock(&t->ack_lock);
	if (!timer_pending(&t->ack_timer) ||
	    time_before(when, t->ack_timer.expires))
		mod_timer(&t->ack_timer, when);
}

/* The timer of a path slot; ndo_stop shuts it down (path.c). */
void tquic_path_timer_setup(struct tquic_path *p)
{
	timer_setup(&p->timer, path_timer, 0);
}

/* ndo_init. */
void tquic_ack_timer_init(struct tquic_dev *t)
{
	timer_setup(&t->ack_timer, ack_timer_fire, 0);
	spin_lock_init(&t->ack_lock);
}

/*
 * ndo_stop, once the sockets are closed and the paths gone: nothing can
 * arm it any more, receive and transmit are over.
 */
void tquic_ack_timer_stop(struct tquic_dev *t)
{
	timer_delete_sync(&t->ack_timer);
	t->ack_ncids = 0;
}

/* ndo_uninit. */
void tquic_ack_timer_shutdown(struct tquic_dev *t)
{
	timer_shutdown_sync(&t->ack_timer);
}
