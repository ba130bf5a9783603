// SPDX-License-Identifier: GPL-2.0
/*
 * Paths: draft-ietf-quic-multipath on top of the 1-RTT data path.
 *
 * The client opens one path per slave, each with a UDP socket bound to
 * the slave and a path ID that is never reused; the server learns paths
 * from authenticated packets of path IDs it has not seen. Both ends
 * validate a path (PATH_CHALLENGE/PATH_RESPONSE) before sending data on
 * it, and keep per path: RTT, RFC 9002 loss detection, CUBIC with pacing,
 * and the inner packets still unacknowledged. A datagram declared lost is
 * sent once more, on the path it reaches the peer first by (the peer's
 * reorder buffer waits for it: tquic_paths_reorder_timeout()), so a
 * congested WAN costs the inner connection delay, not a loss; when a path
 * fails (slave down, or silent for TQUIC_LOSS_FAIL_PTOS probe timeouts),
 * all it had in flight goes to the other paths. Failed paths are probed
 * until they answer again.
 *
 * Lock order: RTNL -> tquic_dev.path_lock -> tquic_path.lock ->
 * tquic_keypair.claim_lock -> tquic_pn_space.lock -> tquic_dev.rtt_lock,
 * tquic_dev.ack_lock and the reorder buffer's lock. Two paths' locks are
 * never held at once. A path's lock is held while a packet of it is sealed
 * and sent: nothing comes back in on the way out (receive runs from the
 * backlog, in softirq).
 *
 * The paths array lives from ndo_open to ndo_stop; the data path reaches
 * it under RCU-BH through tquic_dev.paths.
 */
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/udp_tunnel.h>

#include "datapath.h"
#include "core/frame.h"
#include "path.h"
#include "reorder_buf.h"
#include "core/sched.h"
#include "tquic.h"

/* PATH_CHALLENGE repeats while validating, and while probing a failed path. */
#define TQUIC_PATH_VALIDATE_US	(200 * USEC_PER_MSEC)
#define TQUIC_PATH_PROBE_US	(500 * USEC_PER_MSEC)
/* A server forgets a path the client stopped answering on after this. */
#define TQUIC_PATH_FORGET_US	(60 * USEC_PER_SEC)
/* Congestion-control datagram size before the route says otherwise. */
#define TQUIC_PATH_MSS		1400

static u64 now_us(void)
{
	return ktime_to_us(ktime_get());
}

static bool is_client(const struct tquic_dev *t)
{
	return READ_ONCE(t->cfg.peer_family) != AF_UNSPEC;
}

static struct tquic_path *paths_of(struct tquic_dev *t)
{
	return rcu_dereference_bh_check(t->paths, lockdep_rtnl_is_held());
}

/**
 * tquic_path_find() - the path with ID @id
 * @t: the device
 * @id: path ID
 *
 * Caller holds rcu_read_lock_bh().
 *
 * Return: the path or NULL.
 */
struct tquic_path *tquic_path_find(struct tquic_dev *t, u32 id)
{
	struct tquic_path *paths = paths_of(t);
	unsigned int i;

	if (!paths)
		return NULL;
	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		if (READ_ONCE(paths[i].in_use) && READ_ONCE(paths[i].id) == id)
			return &paths[i];
	return NULL;
}

/* ---- per-path state, under p->lock ---- */

/* A held inner packet on its way to path_resend(), in its cb. */
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

	resend_cb(h->skb)->seq = h->seq;
	resend_cb(h->skb)->recovered = h->recovered || recovered;
	__skb_queue_tail(resend, h->skb);
	h->skb = NULL;
}

static void held_free(struct tquic_path *p, u64 lpn)
{
	struct tquic_path_held *h = &p->held[lpn & (TQUIC_PATH_RING - 1)];

	kfree_skb(h->skb);
	h->skb = NULL;
}

/*
 * Loss slots retired since @old_head: the inner packets of those declared
 * lost go to @resend, unless they were lost once before (a second loss in
 * a row is the path's state, and the peer stopped waiting long ago); the
 * rest are freed.
 */
static void held_retire(struct tquic_path *p, u64 old_head,
			struct sk_buff_head *resend)
{
	for (; old_head < p->loss.head; old_head++) {
		u32 i = old_head & (TQUIC_PATH_RING - 1);

		if (p->sent[i].lost && p->held[i].skb && !p->held[i].recovered)
			held_resend(p, old_head, true, resend);
		held_free(p, old_head);
	}
}

/* Forget every packet sent: a new keypair numbers from scratch. */
static void loss_reset(struct tquic_path *p)
{
	u64 lpn;

	for (lpn = p->loss.head; lpn < p->loss.next; lpn++)
		held_free(p, lpn);
	tquic_loss_init(&p->loss, p->sent, TQUIC_PATH_RING,
			TQUIC_LOSS_FAIL_PTOS);
	p->cc.inflight = 0;
}

static void path_reset(struct tquic_path *p, u64 now)
{
	loss_reset(p);
	p->kp = NULL;
	tquic_rtt_init(&p->rtt);
	tquic_cc_init(&p->cc, TQUIC_PATH_MSS, now);
	p->status_seq_rx = 0;
	p->status_due = true;
	p->probe_at_us = now;
	p->failed_at_us = 0;
}

/* A path for another slave or client path: its counters start over. */
static void path_new(struct tquic_path *p, u64 now)
{
	/* A new path on the slot may have another socket and slave. */
	dst_cache_reset(&p->dst_cache);
	path_reset(p, now);
	memset(&p->st, 0, sizeof(p->st));
	atomic64_set(&p->rx_packets, 0);
	atomic64_set(&p->rx_bytes, 0);
}

/*
 * Make @kp's packet-number space of the path's slot ours: a new keypair
 * or a new path ID on the slot starts the space (and loss detection)
 * over. Packet numbers of one (keypair, path ID) never repeat: a space is
 * reset only when it changes hands to another path ID.
 */
static struct tquic_pn_space *path_space(struct tquic_path *p,
					 struct tquic_keypair *kp)
{
	struct tquic_pn_space *space = &kp->space[p->slot];

	if (p->kp != kp || READ_ONCE(space->path_id) != p->id) {
		space = tquic_keypair_claim(kp, p->slot, p->id);
		if (!space)
			return NULL;
		loss_reset(p);
		p->kp = kp;
		p->pn_base = space->next_pn;
	}
	return space;
}

/*
 * The path's timer for its next deadline, from @now (a clock read costs,
 * and this runs for every packet sent).
 */
static void path_arm(struct tquic_path *p, u64 now)
{
	u64 due = TQUIC_NEVER;
	u16 ka = READ_ONCE(p->t->cfg.keys.keepalive);
	unsigned long expires;

	if (p->state == TQUIC_PATH_ACTIVE) {
		due = tquic_loss_deadline(&p->loss, &p->rtt,
					  TQUIC_DP_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
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

/*
 * Take the path out of service: its unacknowledged inner packets go to
 * @resend for the other paths. @state is DOWN or FAILED.
 */
static void path_fail(struct tquic_path *p, u8 state,
		      struct sk_buff_head *resend, u64 now)
{
	struct tquic_sent out;
	u64 lpn;

	if (p->state == TQUIC_PATH_ACTIVE) {
		p->st.failures++;
		tquic_stat_inc(p->t, TQUIC_XSTATS_PATH_FAILURES);
	}
	p->state = state;
	p->failed_at_us = now;
	p->probe_at_us = now + TQUIC_PATH_PROBE_US;
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
	tquic_cc_collapse(&p->cc, now);
	p->cc.inflight = 0;
}

/* ---- sending ---- */

struct path_tx {
	enum tquic_dp_kind kind;
	u64 seq;
	const u8 *ctrl;
	unsigned int ctrl_len;
	bool retain;		/* keep the inner packet to send again */
	bool recovered;		/* it is a lost one, sent again */
	u64 now;		/* the sender's clock, if it read it; else 0 */
};

static int path_route(struct tquic_dev *t, struct tquic_path *p,
		      struct tquic_dp_route *r)
{
	struct tquic_endpoint ep;
	unsigned int seq;
	bool have;
	int err;

	do {
		seq = read_seqcount_begin(&p->remote_seq);
		ep = p->remote;
		have = p->have_remote;
	} while (read_seqcount_retry(&p->remote_seq, seq));
	if (!have) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_ROUTE);
		return -EHOSTUNREACH;
	}
	err = tquic_dp_route(t, &ep, p->ifindex, rcu_dereference_bh(p->sock),
			     &p->dst_cache, r);
	/*
	 * The endpoint changed while we looked its route up: the cache may
	 * hold that route, put in after the writer's reset.
	 */
	if (!err && read_seqcount_retry(&p->remote_seq, seq))
		dst_cache_reset(&p->dst_cache);
	return err;
}

/*
 * Where the path sends to, under p->lock. Readers that see the new
 * endpoint find no route cached for the old one.
 */
static void path_set_remote(struct tquic_path *p,
			    const struct tquic_endpoint *ep, bool have)
{
	if (p->have_remote == have && !memcmp(&p->remote, ep, sizeof(*ep)))
		return;
	write_seqcount_begin(&p->remote_seq);
	dst_cache_reset(&p->dst_cache);
	p->remote = *ep;
	p->have_remote = have;
	write_seqcount_end(&p->remote_seq);
}

/*
 * Number a packet of the keypair the path's loss state follows; a new
 * keypair takes it over (path_space()). Under p->lock.
 */
static int path_number(struct tquic_path *p, struct tquic_keypair *kp,
		       const struct path_tx *tx, u32 bytes, u64 now,
		       struct tquic_dp_pkt *pkt, struct sk_buff **keep)
{
	u64 lpn;
	int err;

	pkt->space = path_space(p, kp);
	if (!pkt->space)
		return -EKEYREJECTED;
	pkt->largest_acked = p->loss.acked_any ?
			     p->pn_base + p->loss.largest_acked : TQUIC_PN_NONE;
	/*
	 * ACK-only packets are never acknowledged for their own sake: they
	 * take a number but are neither in flight nor awaited.
	 */
	if (tx->kind == TQUIC_DP_ACK)
		err = READ_ONCE(pkt->space->ack_pending) ?
		      tquic_loss_skip(&p->loss, &lpn) : -ENODATA;
	else
		err = tquic_loss_on_sent(&p->loss, bytes, true, 0, now, &lpn);
	if (err)
		return err;
	pkt->pn = p->pn_base + lpn;
	pkt->space->next_pn = pkt->pn + 1;
	p->held[lpn & (TQUIC_PATH_RING - 1)].skb = *keep;
	p->held[lpn & (TQUIC_PATH_RING - 1)].seq = tx->seq;
	p->held[lpn & (TQUIC_PATH_RING - 1)].recovered = tx->recovered;
	*keep = NULL;
	if (tx->kind != TQUIC_DP_ACK)
		tquic_cc_on_sent(&p->cc, bytes, now);
	return 0;
}

/*
 * An ACK a keypair we no longer send data with still owes (the peer's
 * last packets under it, around a rekey): numbered in that keypair's
 * space of the path and not tracked, so the loss state stays with the
 * current keypair rather than being started over twice. Under p->lock.
 */
static int path_number_ack(struct tquic_path *p, struct tquic_keypair *kp,
			   struct tquic_dp_pkt *pkt)
{
	pkt->space = tquic_keypair_claim(kp, p->slot, p->id);
	if (!pkt->space)
		return -EKEYREJECTED;
	if (!READ_ONCE(pkt->space->ack_pending))
		return -ENODATA;
	pkt->largest_acked = TQUIC_PN_NONE;
	pkt->pn = pkt->space->next_pn++;
	return 0;
}

/*
 * Number, protect and send one packet on @p; consumes @skb (NULL: a new
 * control packet). Caller holds rcu_read_lock_bh().
 */
static int path_send(struct tquic_dev *t, struct tquic_path *p,
		     struct tquic_keypair *kp, struct sk_buff *skb,
		     const struct path_tx *tx)
{
	struct tquic_dp_pkt pkt = {
		.kp = kp,
		.path_id = READ_ONCE(p->id),
		.kind = tx->kind,
		.seq = tx->seq,
		.ctrl = tx->ctrl,
		.ctrl_len = tx->ctrl_len,
	};
	struct sk_buff *keep = NULL;
	struct tquic_dp_route r;
	u64 now = tx->now ?: now_us();
	__be16 df = htons(IP_DF);
	u32 bytes;
	int err;

	err = path_route(t, p, &r);
	if (err)
		goto free;
	pkt.mtu = r.mtu;
	pkt.headroom = r.headroom;
	if (!skb) {
		skb = alloc_skb(r.headroom + TQUIC_DP_FRONT_MAX +
				TQUIC_PROT_TAG_LEN, GFP_ATOMIC);
		if (!skb) {
			err = -ENOMEM;
			goto release;
		}
		skb_reserve(skb, r.headroom + TQUIC_DP_FRONT_MAX);
	}
	if (tx->retain) {
		keep = skb_clone(skb, GFP_ATOMIC);
		if (keep)
			skb_dst_drop(keep);
	}
	bytes = skb->len + TQUIC_DP_DATA_OVERHEAD;
	/* IPv4 without DF, IPv6 within the minimum MTU: tquic_dp_xmit(). */
	if (skb->ignore_df)
		df = 0;

	spin_lock_bh(&p->lock);
	if (tx->kind == TQUIC_DP_ACK && p->kp && p->kp != kp)
		err = path_number_ack(p, kp, &pkt);
	else
		err = path_number(p, kp, tx, bytes, now, &pkt, &keep);
	if (!err) {
		p->st.tx_packets++;
		p->st.tx_bytes += bytes;
		p->last_tx = jiffies;
		path_arm(p, now);
		/*
		 * Sealed and sent in packet-number order: packets of one
		 * path overtaking each other would look lost (RFC 9002's
		 * packet threshold) and halve the window for nothing.
		 */
		err = tquic_dp_seal(&pkt, skb);
		if (!err)
			tquic_dp_output(t, &r, skb, df);
	}
	spin_unlock_bh(&p->lock);
	kfree_skb(keep);
	if (pkt.acked)
		tquic_stat_inc(t, TQUIC_XSTATS_ACKS_SENT);
	if (err)
		goto free_release;
	atomic64_inc(&kp->sent);
	dst_release(r.dst);
	return 0;

free_release:
	kfree_skb(skb);
	skb = NULL;
release:
	dst_release(r.dst);
free:
	kfree_skb(skb);
	/* An ACK with nothing left to say is no error. */
	if (err == -ENODATA)
		return 0;
	if (err != -EHOSTUNREACH)
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
	return err;
}

static int path_send_ctrl(struct tquic_dev *t, struct tquic_path *p,
			  struct tquic_keypair *kp, enum tquic_dp_kind kind,
			  const u8 *frames, unsigned int len)
{
	struct path_tx tx = { .kind = kind, .ctrl = frames, .ctrl_len = len };

	return path_send(t, p, kp, NULL, &tx);
}

/* PATH_CHALLENGE, with our PATH_STATUS if the peer has not had it. */
static void path_challenge(struct tquic_dev *t, struct tquic_path *p,
			   struct tquic_keypair *kp)
{
	u8 buf[TQUIC_PATH_CTRL_MAX];
	int n, m = 0;

	spin_lock_bh(&p->lock);
	get_random_bytes(p->challenge, sizeof(p->challenge));
	n = tquic_frame_write_path_challenge(buf, sizeof(buf), p->challenge);
	if (n > 0 && is_client(t) && p->status_due)
		m = tquic_frame_write_path_status(buf + n, sizeof(buf) - n,
						  !p->backup, p->id,
						  ++p->status_seq_tx);
	spin_unlock_bh(&p->lock);
	if (n > 0 && m >= 0)
		path_send_ctrl(t, p, kp, TQUIC_DP_CTRL, buf, n + m);
}

/*
 * What the scheduler knows of @p. A path being validated is usable too
 * (*@validating) but only taken when no path is validated: the packets
 * that made us learn it were authenticated, so it leads to the peer.
 */
static u64 path_sched_view(struct tquic_path *p, struct tquic_sched_path *v,
			   u32 len, u64 now, bool *validating)
{
	u64 next;

	spin_lock_bh(&p->lock);
	*validating = p->state == TQUIC_PATH_VALIDATING;
	v->usable = (p->state == TQUIC_PATH_ACTIVE || *validating) &&
		    tquic_loss_can_record(&p->loss);
	v->backup = p->backup;
	v->weight = p->weight;
	v->rate = tquic_cc_rate(&p->cc);
	v->idle = !p->cc.inflight;
	v->one_way_us = tquic_sched_one_way_us(&p->rtt, v->idle);
	v->queued = 0;
	v->room = tquic_cc_can_send(&p->cc, len, now) ? tquic_cc_room(&p->cc) :
							  0;
	next = tquic_cc_next_send_us(&p->cc, len, now);
	spin_unlock_bh(&p->lock);
	return next;
}

static int sched_pick(struct tquic_dev *t, struct tquic_sched_path *v,
		      u32 len)
{
	int i;

	if (READ_ONCE(t->cfg.mode) == TQUIC_MODE_ACTIVE_BACKUP)
		i = tquic_sched_active_backup(v, TQUIC_MAX_PATHS, len);
	else
		i = tquic_sched_aggregate(v, TQUIC_MAX_PATHS, len);
	return i;
}

/* The paths to send a @len-byte inner packet on, as a bitmask. */
static u32 path_choose(struct tquic_dev *t, struct tquic_path *paths,
		       u32 len, u32 exclude, u64 now)
{
	struct tquic_sched_path v[TQUIC_MAX_PATHS] = {};
	u32 validating = 0, active = 0;
	unsigned int i;
	bool val;
	int pick;

	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		if (!READ_ONCE(paths[i].in_use) || (exclude & BIT(i)))
			continue;
		path_sched_view(&paths[i], &v[i], len, now, &val);
		if (v[i].usable && val)
			validating |= BIT(i);
		else if (v[i].usable)
			active |= BIT(i);
	}
	for (i = 0; active && i < TQUIC_MAX_PATHS; i++)
		if (validating & BIT(i))
			v[i].usable = false;
	if (READ_ONCE(t->cfg.mode) == TQUIC_MODE_REDUNDANT)
		return tquic_sched_redundant(v, TQUIC_MAX_PATHS);
	pick = sched_pick(t, v, len);
	if (pick < 0) {
		/*
		 * Every window is full: the queue is stopped, and this one
		 * packet that raced past it goes where it arrives first.
		 */
		for (i = 0; i < TQUIC_MAX_PATHS; i++)
			v[i].room = len;
		pick = sched_pick(t, v, len);
	}
	return pick < 0 ? 0 : BIT(pick);
}

/*
 * The room the queue stops for want of. In redundant mode every packet
 * goes on every path, so the stop only paces the whole and the size of
 * the packets expected counts (tquic_sched_stop_len()). Elsewhere a
 * packet that finds no room goes where it arrives first, window or not:
 * during a blackhole that is the silent path, whose failure each such
 * packet puts off, so the queue stops for a full-size one.
 */
static u32 paths_stop_len(struct tquic_dev *t)
{
	u32 mtu = READ_ONCE(t->dev->mtu);

	if (READ_ONCE(t->cfg.mode) != TQUIC_MODE_REDUNDANT)
		return mtu;
	return tquic_sched_stop_len(READ_ONCE(t->tx_len), mtu);
}

/* Stop the queue while no path has room; the ACKs or the timer wake it. */
static void paths_flow(struct tquic_dev *t, struct tquic_path *paths)
{
	u32 len = paths_stop_len(t);
	u64 now = now_us(), next = TQUIC_NEVER;
	bool usable = false;
	unsigned int i;

	if (!paths)
		return;
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_sched_path v = {};
		bool val;
		u64 at;

		if (!READ_ONCE(paths[i].in_use))
			continue;
		at = path_sched_view(&paths[i], &v, len, now, &val);
		if (!v.usable)
			continue;
		if (v.room)
			goto wake;
		usable = true;
		next = min(next, at);
	}
	/* Without any path, packets are dropped (and carrier goes off). */
	if (!usable)
		goto wake;
	netif_stop_queue(t->dev);
	/* Pacing holds us back: wake when it lets go. Else ACKs wake us. */
	if (next != TQUIC_NEVER)
		hrtimer_start(&t->wake_timer,
			      ns_to_ktime((next - min(next, now)) *
					  NSEC_PER_USEC),
			      HRTIMER_MODE_REL_SOFT);
	return;
wake:
	if (netif_queue_stopped(t->dev))
		netif_wake_queue(t->dev);
}

static enum hrtimer_restart paths_wake(struct hrtimer *timer)
{
	struct tquic_dev *t = container_of(timer, struct tquic_dev, wake_timer);
	struct tquic_path *paths;

	rcu_read_lock_bh();
	paths = paths_of(t);
	paths_flow(t, paths);
	rcu_read_unlock_bh();
	return HRTIMER_NORESTART;
}

static void path_send_data(struct tquic_dev *t, struct tquic_path *paths,
			   struct tquic_keypair *kp, struct sk_buff *skb,
			   u64 seq, bool recovered, u32 exclude)
{
	u64 now = now_us();
	u32 mask = path_choose(t, paths, skb->len, exclude, now);
	bool redundant = hweight32(mask) > 1;
	struct path_tx tx = {
		.kind = TQUIC_DP_DATA,
		.seq = seq,
		.retain = !redundant,
		.recovered = recovered,
		.now = now,
	};
	unsigned int i;

	if (!mask) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_PATH);
		DEV_STATS_INC(t->dev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct sk_buff *copy = skb;

		if (!(mask & BIT(i)))
			continue;
		mask &= ~BIT(i);
		if (mask) {
			copy = skb_copy(skb, GFP_ATOMIC);
			if (!copy)
				continue;
		}
		if (path_send(t, &paths[i], kp, copy, &tx))
			DEV_STATS_INC(t->dev, tx_errors);
	}
}

/**
 * tquic_path_xmit() - send one inner packet (not GSO)
 * @t: the device
 * @kp: keypair to send with
 * @skb: the inner packet; consumed
 *
 * The caller stops or wakes the queue (tquic_paths_flow()) once it has
 * sent all it was given. Caller holds rcu_read_lock_bh().
 */
void tquic_path_xmit(struct tquic_dev *t, struct tquic_keypair *kp,
		     struct sk_buff *skb)
{
	struct tquic_path *paths = paths_of(t);

	if (!paths) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_PATH);
		DEV_STATS_INC(t->dev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	WRITE_ONCE(t->tx_len, tquic_sched_len_hint(READ_ONCE(t->tx_len),
						   skb->len));
	path_send_data(t, paths, kp, skb, atomic64_inc_return(&t->tx_seq) - 1,
		       false, 0);
}

/**
 * tquic_paths_flow() - stop the queue if no path has room, else wake it
 * @t: the device
 *
 * After the segments of one packet from the stack: once for them all, as
 * they are sent whatever the windows say. Caller holds rcu_read_lock_bh().
 */
void tquic_paths_flow(struct tquic_dev *t)
{
	paths_flow(t, paths_of(t));
}

/**
 * tquic_path_route() - route of the path an inner packet will likely take
 * @t: the device
 * @r: the route; release r->dst when done
 *
 * For the MTU check of a packet before it is segmented. Caller holds
 * rcu_read_lock_bh().
 *
 * Return: 0 or -EHOSTUNREACH.
 */
int tquic_path_route(struct tquic_dev *t, struct tquic_dp_route *r)
{
	struct tquic_path *paths = paths_of(t);
	u32 mask;

	if (!paths)
		return -EHOSTUNREACH;
	mask = path_choose(t, paths, READ_ONCE(t->dev->mtu), 0, now_us());
	if (!mask)
		return -EHOSTUNREACH;
	return path_route(t, &paths[__ffs(mask)], r);
}

/*
 * Send again the inner packets a path lost, or had in flight when it
 * failed: on any path but those in @exclude. Caller holds
 * rcu_read_lock_bh().
 */
static void path_resend(struct tquic_dev *t, u32 exclude,
			struct sk_buff_head *resend)
{
	struct tquic_path *paths = paths_of(t);
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
		path_send_data(t, paths, kp, skb, resend_cb(skb)->seq,
			       resend_cb(skb)->recovered, exclude);
	}
	paths_flow(t, paths);
}

/* ---- receiving ---- */

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

	if (tquic_cc_rtt_signal(&p->cc, &p->rtt, rtt, now - sample_us, now))
		WRITE_ONCE(p->one_way_us, tquic_sched_one_way_us(&p->rtt, false));
}

/**
 * tquic_path_on_ack() - an ACK or PATH_ACK frame of the peer
 * @t: the device
 * @kp: keypair of the packet that carried it
 * @ack: the frame; its packet numbers are the path's, of @kp
 *
 * Softirq. Return: 0, or -EINVAL if it acknowledges what was never sent.
 */
int tquic_path_on_ack(struct tquic_dev *t, struct tquic_keypair *kp,
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
	now = now_us();
	spin_lock_bh(&p->lock);
	if (p->kp != kp) {
		/*
		 * For a keypair we no longer send with: what it had in flight
		 * left the window when the new one took over, which may have
		 * room now for a queue stopped before.
		 */
		spin_unlock_bh(&p->lock);
		paths_flow(t, paths_of(t));
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
		delay = tquic_ack_delay_us(ack->delay, TQUIC_DP_ACK_DELAY_EXP);
		tquic_rtt_sample(&p->rtt, ev.rtt_sample_us, delay,
				 TQUIC_DP_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
		tquic_dp_rtt_sample(t, ev.rtt_sample_us, delay);
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
	held_retire(p, head, &resend);
	path_arm(p, now);
	spin_unlock_bh(&p->lock);
	if (ev.has_rtt_sample)
		tquic_paths_reorder_timeout(t);
	if (!skb_queue_empty(&resend))
		path_resend(t, 0, &resend);
	else
		paths_flow(t, paths_of(t));
	return 0;
}

static void path_validated(struct tquic_dev *t, struct tquic_path *p,
			   const u8 *data)
{
	u64 now = now_us();
	bool ok;

	spin_lock_bh(&p->lock);
	ok = p->state != TQUIC_PATH_ACTIVE && p->state != TQUIC_PATH_DOWN &&
	     !memcmp(data, p->challenge, TQUIC_PATH_CHALLENGE_LEN);
	if (ok) {
		p->state = TQUIC_PATH_ACTIVE;
		p->status_due = false;
		tquic_cc_init(&p->cc, TQUIC_PATH_MSS, now);
		path_arm(p, now);
	}
	spin_unlock_bh(&p->lock);
	if (ok) {
		tquic_paths_carrier(t);
		paths_flow(t, paths_of(t));
	}
}

/* The server forgets a path: the client abandoned it or went silent. */
static void path_forget(struct tquic_dev *t, struct tquic_path *p)
{
	spin_lock_bh(&t->path_lock);
	spin_lock(&p->lock);
	if (p->in_use) {
		loss_reset(p);
		p->state = TQUIC_PATH_DOWN;
		WRITE_ONCE(p->in_use, false);
	}
	spin_unlock(&p->lock);
	spin_unlock_bh(&t->path_lock);
}

static void path_fail_and_resend(struct tquic_dev *t, struct tquic_path *p,
				 u8 state)
{
	struct sk_buff_head resend;
	u64 now = now_us();

	__skb_queue_head_init(&resend);
	spin_lock_bh(&p->lock);
	if (p->state != state)
		path_fail(p, state, &resend, now);
	path_arm(p, now);
	spin_unlock_bh(&p->lock);
	rcu_read_lock_bh();
	path_resend(t, BIT(p->slot), &resend);
	rcu_read_unlock_bh();
	tquic_paths_carrier(t);
}

/**
 * tquic_path_rcv_frame() - a multipath frame of an authenticated packet
 * @t: the device
 * @kp: its keypair
 * @p: the path it came on
 * @f: the frame
 *
 * Softirq, under rcu_read_lock_bh().
 */
void tquic_path_rcv_frame(struct tquic_dev *t, struct tquic_keypair *kp,
			  struct tquic_path *p, const struct tquic_frame *f)
{
	struct tquic_path *q;
	u8 buf[TQUIC_PATH_CTRL_MAX];
	int n;

	switch (f->type) {
	case TQUIC_FT_PATH_CHALLENGE:
		n = tquic_frame_write_path_response(buf, sizeof(buf),
						    f->path_data.data);
		if (n > 0)
			path_send_ctrl(t, p, kp, TQUIC_DP_CTRL, buf, n);
		break;
	case TQUIC_FT_PATH_RESPONSE:
		path_validated(t, p, f->path_data.data);
		break;
	case TQUIC_FT_PATH_ABANDON:
		q = tquic_path_find(t, f->path_abandon.path_id);
		if (!q)
			break;
		path_fail_and_resend(t, q, TQUIC_PATH_FAILED);
		if (!is_client(t))
			path_forget(t, q);
		break;
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		/* The client decides which of its links are backups. */
		q = tquic_path_find(t, f->path_status.path_id);
		if (!q || is_client(t))
			break;
		spin_lock_bh(&q->lock);
		if (f->path_status.seq > q->status_seq_rx) {
			q->status_seq_rx = f->path_status.seq;
			q->backup = f->type == TQUIC_FT_PATH_STATUS_BACKUP;
		}
		spin_unlock_bh(&q->lock);
		break;
	}
}

/**
 * tquic_path_rcv() - account an authenticated packet to its path
 * @t: the device
 * @p: the path
 * @src: the peer's endpoint it came from
 * @len: its length
 *
 * The server follows the client's endpoint of each path (NAT rebinding),
 * as it does for the session.
 */
void tquic_path_rcv(struct tquic_dev *t, struct tquic_path *p,
		    const struct tquic_endpoint *src, unsigned int len)
{
	atomic64_inc(&p->rx_packets);
	atomic64_add(len, &p->rx_bytes);
	if (is_client(t) || (READ_ONCE(p->have_remote) &&
			     !memcmp(&p->remote, src, sizeof(*src))))
		return;
	spin_lock_bh(&p->lock);
	path_set_remote(p, src, true);
	spin_unlock_bh(&p->lock);
}

/**
 * tquic_path_learn() - the server's path for a new path ID of the client
 * @t: the device
 * @id: the path ID of an authenticated packet no path has
 * @src: where it came from
 *
 * Takes a free slot, else the one of the failed path silent longest.
 * Softirq, under rcu_read_lock_bh().
 *
 * Return: the path, or NULL when every slot is busy (drop the packet).
 */
struct tquic_path *tquic_path_learn(struct tquic_dev *t, u32 id,
				    const struct tquic_endpoint *src)
{
	struct tquic_path *paths = paths_of(t), *p = NULL, *free = NULL;
	struct tquic_path *victim = NULL;
	unsigned int i;
	u64 now = now_us();

	if (!paths || is_client(t))
		return NULL;
	spin_lock_bh(&t->path_lock);
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *q = &paths[i];

		if (q->in_use && q->id == id) {
			p = q;
			goto out;
		}
		if (!q->in_use) {
			if (!free)
				free = q;
		} else if (READ_ONCE(q->state) == TQUIC_PATH_FAILED &&
			   (!victim || q->failed_at_us < victim->failed_at_us)) {
			victim = q;
		}
	}
	p = free ?: victim;
	if (!p)
		goto out;
	spin_lock(&p->lock);
	path_new(p, now);
	WRITE_ONCE(p->id, id);
	p->ifindex = 0;
	p->backup = false;
	p->weight = TQUIC_SCHED_WEIGHT_DEFAULT;
	p->state = TQUIC_PATH_VALIDATING;
	path_set_remote(p, src, true);
	WRITE_ONCE(p->in_use, true);
	path_arm(p, now);
	spin_unlock(&p->lock);
out:
	spin_unlock_bh(&t->path_lock);
	return p;
}

/* ---- timer ---- */

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
	u64 now = now_us(), head;

	__skb_queue_head_init(&resend);
	tquic_loss_event_init(&ev);
	rcu_read_lock_bh();
	kp = READ_ONCE(p->in_use) ? tquic_session_tx_keypair(t) : NULL;
	spin_lock(&p->lock);
	head = p->loss.head;
	switch (p->state) {
	case TQUIC_PATH_ACTIVE:
		what = tquic_loss_on_timer(&p->loss, &p->rtt,
					   TQUIC_DP_MAX_ACK_DELAY_MS *
					   USEC_PER_MSEC, now, &ev);
		if (what == TQUIC_LOSS_TIMER_LOST && ev.lost) {
			tquic_cc_on_lost(&p->cc, ev.lost_bytes,
					 ev.lost_sent_us, now);
			p->st.lost += ev.lost;
		} else if (what == TQUIC_LOSS_TIMER_PROBE) {
			ping = true;
		} else if (what == TQUIC_LOSS_TIMER_FAILED) {
			path_fail(p, TQUIC_PATH_FAILED, &resend, now);
		}
		held_retire(p, head, &resend);
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
		if (!is_client(t) && p->state == TQUIC_PATH_FAILED &&
		    now - p->failed_at_us > TQUIC_PATH_FORGET_US) {
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
		path_arm(p, now);
	spin_unlock(&p->lock);

	if (forget)
		path_forget(t, p);
	if (kp && challenge)
		path_challenge(t, p, kp);
	if (kp && ping)
		path_send_ctrl(t, p, kp, TQUIC_DP_PING, NULL, 0);
	if (what == TQUIC_LOSS_TIMER_FAILED) {
		path_resend(t, BIT(p->slot), &resend);
		tquic_paths_carrier(t);
	} else if (!skb_queue_empty(&resend)) {
		path_resend(t, 0, &resend);
	} else if (what != TQUIC_LOSS_TIMER_NONE) {
		struct tquic_path *paths = paths_of(t);

		if (paths)
			paths_flow(t, paths);
	}
	rcu_read_unlock_bh();
}

/* ---- acknowledgments ---- */

/**
 * tquic_path_send_acks() - send the ACKs @kp owes on every path
 * @t: the device
 * @kp: the keypair
 * @threshold: only spaces with at least this many packets unacknowledged
 *
 * Each path's ACK goes on that path. Under rcu_read_lock_bh().
 */
void tquic_path_send_acks(struct tquic_dev *t, struct tquic_keypair *kp,
			  unsigned int threshold)
{
	struct tquic_path *paths = paths_of(t);
	unsigned int i;

	if (!paths)
		return;
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_pn_space *space = &kp->space[i];
		struct tquic_path *p = &paths[i];

		if (READ_ONCE(space->ack_pending) < max(threshold, 1U) ||
		    !READ_ONCE(p->in_use) ||
		    READ_ONCE(space->path_id) != READ_ONCE(p->id))
			continue;
		path_send_ctrl(t, p, kp, TQUIC_DP_ACK, NULL, 0);
	}
}

/**
 * tquic_paths_kick() - a new keypair is ready: use it on every path
 * @t: the device
 * @kp: the keypair
 *
 * Paths waiting for validation are challenged now rather than at their
 * next probe; active paths get a PING. Both confirm the keypair to the
 * responder, which switches to it on its first packet.
 */
void tquic_paths_kick(struct tquic_dev *t, struct tquic_keypair *kp)
{
	struct tquic_path *paths;
	unsigned int i;

	rcu_read_lock_bh();
	paths = paths_of(t);
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];
		u8 state = READ_ONCE(p->state);

		if (!READ_ONCE(p->in_use) || state == TQUIC_PATH_DOWN)
			continue;
		if (state == TQUIC_PATH_ACTIVE)
			path_send_ctrl(t, p, kp, TQUIC_DP_PING, NULL, 0);
		else
			path_challenge(t, p, kp);
	}
	/* The new keypair started the windows over: room for a stopped queue. */
	paths_flow(t, paths);
	rcu_read_unlock_bh();
}

/* ---- reorder timeout and carrier ---- */

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
 * tquic_paths_reorder_timeout() - hold time from the paths' delays
 * @t: the device
 *
 * The receiver waits for a gap as long as the paths' one-way delays
 * differ, or as long as the peer takes to send a lost datagram again if
 * that is longer (our RTT of each path stands for the peer's), plus their
 * jitter.
 */
void tquic_paths_reorder_timeout(struct tquic_dev *t)
{
	struct tquic_path *paths = paths_of(t);
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
 * tquic_paths_carrier() - carrier of the device from its paths
 * @t: the device
 *
 * On while a slave is up, unless there are paths and every one of them
 * is down or failed. Any context.
 */
void tquic_paths_carrier(struct tquic_dev *t)
{
	struct tquic_path *paths;
	bool any = false, up = false;
	unsigned int i;

	rcu_read_lock_bh();
	paths = paths_of(t);
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		u8 state = READ_ONCE(paths[i].state);

		if (!READ_ONCE(paths[i].in_use))
			continue;
		any = true;
		if (state == TQUIC_PATH_ACTIVE ||
		    state == TQUIC_PATH_VALIDATING)
			up = true;
	}
	rcu_read_unlock_bh();
	if (!READ_ONCE(t->slaves_up) || (any && !up))
		netif_carrier_off(t->dev);
	else
		netif_carrier_on(t->dev);
}

/* ---- life cycle (RTNL) ---- */

static int path_init(struct tquic_dev *t, struct tquic_path *p, u8 slot)
{
	int err = dst_cache_init(&p->dst_cache, GFP_KERNEL | __GFP_NOWARN);

	if (err)
		return err;
	p->t = t;
	p->slot = slot;
	spin_lock_init(&p->lock);
	seqcount_init(&p->remote_seq);
	timer_setup(&p->timer, path_timer, 0);
	path_new(p, now_us());
	p->state = TQUIC_PATH_DOWN;
	return 0;
}

/* Sockets go after a grace period: encap_rcv may still be on them. */
static void path_close_sock(struct tquic_path *p)
{
	struct socket *sock = rtnl_dereference(p->sock);

	if (!sock)
		return;
	RCU_INIT_POINTER(p->sock, NULL);
	synchronize_net();
	udp_tunnel_sock_release(sock);
}

/* The client's path for a new slave: a fresh ID and a socket on it. */
static int path_open(struct tquic_dev *t, struct tquic_path *p,
		     const struct tquic_slave *s)
{
	struct socket *sock;

	sock = tquic_dp_sock(t, t->cfg.peer_family, 0, s->dev->ifindex);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	rcu_assign_pointer(p->sock, sock);
	spin_lock_bh(&t->path_lock);
	spin_lock(&p->lock);
	path_new(p, now_us());
	WRITE_ONCE(p->id, t->next_path_id++);
	p->ifindex = s->dev->ifindex;
	p->state = TQUIC_PATH_DOWN;
	WRITE_ONCE(p->in_use, true);
	spin_unlock(&p->lock);
	spin_unlock_bh(&t->path_lock);
	return 0;
}

/*
 * The client gives a path up (its slave went down or away): the server
 * hears it at once on another path, rather than after its probe timeouts,
 * and stops sending there. Its packets in flight go to the other paths.
 */
static void path_abandon(struct tquic_dev *t, struct tquic_path *p)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	u8 buf[TQUIC_PATH_CTRL_MAX];
	struct tquic_keypair *kp;
	unsigned int i;
	int n;

	n = tquic_frame_write_path_abandon(buf, sizeof(buf), p->id, 0);
	rcu_read_lock_bh();
	kp = tquic_session_tx_keypair(t);
	for (i = 0; kp && n > 0 && i < TQUIC_MAX_PATHS; i++) {
		if (&paths[i] == p || !paths[i].in_use ||
		    READ_ONCE(paths[i].state) != TQUIC_PATH_ACTIVE)
			continue;
		path_send_ctrl(t, &paths[i], kp, TQUIC_DP_CTRL, buf, n);
		break;
	}
	rcu_read_unlock_bh();
	p->abandoned = true;
	path_fail_and_resend(t, p, TQUIC_PATH_DOWN);
}

/* A slave left the list: its path goes for good. */
static void path_close(struct tquic_dev *t, struct tquic_path *p)
{
	path_abandon(t, p);
	path_forget(t, p);
	timer_delete_sync(&p->timer);
	path_close_sock(p);
}

static const struct tquic_slave *slave_of(struct tquic_dev *t, int ifindex)
{
	unsigned int i;

	for (i = 0; i < t->slaves.n; i++)
		if (t->slaves.slave[i].dev->ifindex == ifindex)
			return &t->slaves.slave[i];
	return NULL;
}

/* Follow the slave's state and options. */
static void path_follow(struct tquic_dev *t, struct tquic_path *p,
			const struct tquic_slave *s)
{
	bool up = netif_running(s->dev) && netif_oper_up(s->dev);
	u8 state = READ_ONCE(p->state);
	struct tquic_endpoint ep;
	bool have = tquic_session_peer(t, &ep);

	spin_lock_bh(&p->lock);
	path_set_remote(p, &ep, have);
	if (p->backup != s->backup) {
		p->backup = s->backup;
		p->status_due = true;
		/* Validated paths tell the peer with the next probe: now. */
		if (p->state == TQUIC_PATH_ACTIVE) {
			p->state = TQUIC_PATH_VALIDATING;
			p->probe_at_us = now_us();
		}
	}
	p->weight = s->weight;
	spin_unlock_bh(&p->lock);
	if (!up && state != TQUIC_PATH_DOWN)
		path_abandon(t, p);
	if (up && state == TQUIC_PATH_DOWN) {
		/* Abandoned IDs are not reused: the server forgot this one. */
		spin_lock_bh(&t->path_lock);
		spin_lock(&p->lock);
		path_reset(p, now_us());
		if (p->abandoned)
			WRITE_ONCE(p->id, t->next_path_id++);
		p->abandoned = false;
		p->state = TQUIC_PATH_VALIDATING;
		spin_unlock(&p->lock);
		spin_unlock_bh(&t->path_lock);
	}
	spin_lock_bh(&p->lock);
	if (p->state != TQUIC_PATH_DOWN)
		path_arm(p, now_us());
	spin_unlock_bh(&p->lock);
}

static void paths_sync_client(struct tquic_dev *t, struct tquic_path *paths)
{
	unsigned int i, j;

	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		if (paths[i].in_use && !slave_of(t, paths[i].ifindex))
			path_close(t, &paths[i]);
	for (j = 0; j < t->slaves.n; j++) {
		const struct tquic_slave *s = &t->slaves.slave[j];
		struct tquic_path *p = NULL, *free = NULL;

		for (i = 0; i < TQUIC_MAX_PATHS; i++) {
			if (paths[i].in_use &&
			    paths[i].ifindex == s->dev->ifindex)
				p = &paths[i];
			else if (!paths[i].in_use && !free)
				free = &paths[i];
		}
		if (!p && free && !path_open(t, free, s))
			p = free;
		if (p)
			path_follow(t, p, s);
	}
}

/**
 * tquic_paths_sync() - follow the configuration and the slaves' state
 * @t: the device
 *
 * After a change of slaves, of their options, of the mode or reorder
 * timeout, or of a slave's state. RTNL; nothing to do while down.
 */
void tquic_paths_sync(struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);

	ASSERT_RTNL();
	if (paths) {
		if (is_client(t))
			paths_sync_client(t, paths);
		tquic_reorder_buf_set_cap(&t->reorder, t->cfg.reorder_timeout_ms);
	}
	tquic_paths_carrier(t);
	rcu_read_lock_bh();
	if (paths)
		paths_flow(t, paths);
	rcu_read_unlock_bh();
}

/**
 * tquic_paths_open() - the paths of a device going up (ndo_open)
 * @t: the device
 *
 * Return: 0 or -ENOMEM.
 */
int tquic_paths_open(struct tquic_dev *t)
{
	struct tquic_path *paths;
	unsigned int i;

	ASSERT_RTNL();
	/* A failure is ndo_open's -ENOMEM, not a stack dump in the log. */
	paths = kvcalloc(TQUIC_MAX_PATHS, sizeof(*paths),
			 GFP_KERNEL | __GFP_NOWARN);
	if (!paths)
		return -ENOMEM;
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		if (path_init(t, &paths[i], i))
			goto undo;
	}
	rcu_assign_pointer(t->paths, paths);
	tquic_paths_sync(t);
	return 0;

undo:
	while (i--)
		dst_cache_destroy(&paths[i].dst_cache);
	kvfree(paths);
	return -ENOMEM;
}

/**
 * tquic_paths_stop() - close every path (ndo_stop)
 * @t: the device
 *
 * After the sockets are closed: nothing receives any more.
 */
void tquic_paths_stop(struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	unsigned int i;

	ASSERT_RTNL();
	if (!paths)
		return;
	RCU_INIT_POINTER(t->paths, NULL);
	synchronize_net();
	hrtimer_cancel(&t->wake_timer);
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];

		timer_shutdown_sync(&p->timer);
		path_close_sock(p);
		loss_reset(p);
		dst_cache_destroy(&p->dst_cache);
	}
	kvfree(paths);
	tquic_reorder_buf_flush(&t->reorder);
	tquic_paths_carrier(t);
}

/**
 * tquic_paths_init() - path state of a new device (ndo_init)
 * @t: the device
 */
void tquic_paths_init(struct tquic_dev *t)
{
	spin_lock_init(&t->path_lock);
	hrtimer_init(&t->wake_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	t->wake_timer.function = paths_wake;
}

/* ---- statistics ---- */

static int path_fill(struct sk_buff *skb, struct tquic_path *p)
{
	struct tquic_path_stats st;
	u32 id, srtt, var;
	u64 cwnd, inflight;
	u8 state, backup;
	int ifindex;

	spin_lock_bh(&p->lock);
	id = p->id;
	ifindex = p->ifindex;
	state = p->state;
	backup = p->backup;
	srtt = p->rtt.valid ? min_t(u64, p->rtt.smoothed_us, U32_MAX) : 0;
	var = p->rtt.valid ? min_t(u64, p->rtt.var_us, U32_MAX) : 0;
	cwnd = p->cc.cwnd;
	inflight = p->cc.inflight;
	st = p->st;
	spin_unlock_bh(&p->lock);

	if (nla_put_u32(skb, TQUIC_PATH_STAT_ID, id) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_IFINDEX, ifindex) ||
	    nla_put_u8(skb, TQUIC_PATH_STAT_STATE, state) ||
	    nla_put_u8(skb, TQUIC_PATH_STAT_BACKUP, backup) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_SRTT_US, srtt) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_RTTVAR_US, var))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, TQUIC_PATH_STAT_CWND, cwnd,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_INFLIGHT, inflight,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_TX_PACKETS, st.tx_packets,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_TX_BYTES, st.tx_bytes,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RX_PACKETS,
			      atomic64_read(&p->rx_packets),
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RX_BYTES,
			      atomic64_read(&p->rx_bytes),
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_LOST, st.lost,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RETRANSMITTED,
			      st.retransmitted, TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_FAILURES, st.failures,
			      TQUIC_PATH_STAT_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * tquic_paths_fill_xstats() - the TQUIC_XSTATS_PATHS nest
 * @skb: the message
 * @t: the device
 *
 * RTNL. Return: 0 or -EMSGSIZE.
 */
int tquic_paths_fill_xstats(struct sk_buff *skb, struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = nla_nest_start(skb, TQUIC_XSTATS_PATHS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		if (!READ_ONCE(paths[i].in_use))
			continue;
		entry = nla_nest_start(skb, TQUIC_XSTATS_PATH);
		if (!entry || path_fill(skb, &paths[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

size_t tquic_paths_xstats_size(void)
{
	size_t one = nla_total_size(0) +			/* PATH */
		     4 * nla_total_size(sizeof(u32)) +		/* ID .. RTTVAR */
		     2 * nla_total_size(sizeof(u8)) +		/* STATE, BACKUP */
		     11 * nla_total_size_64bit(sizeof(u64));	/* counters */

	return nla_total_size(0) + TQUIC_MAX_PATHS * one;
}
