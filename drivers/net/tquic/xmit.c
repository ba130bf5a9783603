// SPDX-License-Identifier: GPL-2.0
/*
 * ndo_start_xmit: inner IP packets into the tunnel. Each packet gets the
 * next tunnel sequence number and goes to the path(s) the mode's
 * scheduler picks (core/sched.c): aggregate, active-backup or redundant.
 * When no path has room the device queue stops, and the ACKs or the
 * pacing timer wake it again.
 *
 * Contexts: the xmit path (LLTX, any CPU at once), and from softirq and
 * the timers for resends and queue wake-ups; under rcu_read_lock_bh().
 *
 * Invariants: what is too big for the outer path is answered with ICMP
 * (RFC 1191, 8201), not fragmented; GSO packets are segmented here, once
 * the outer route's MTU is known; a packet no path can take is dropped
 * and counted. The scheduler reads each path under its lock, one at a
 * time. Lock order: device.c.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "core/sched.h"
#include "keypair.h"
#include "path.h"
#include "send.h"
#include "socket.h"
#include "tquic.h"
#include "xmit.h"

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
	u64 now = tquic_now_us(), next = TQUIC_NEVER;
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
	paths = tquic_paths(t);
	paths_flow(t, paths);
	rcu_read_unlock_bh();
	return HRTIMER_NORESTART;
}

void tquic_xmit_data(struct tquic_dev *t, struct tquic_path *paths,
		     struct tquic_keypair *kp, struct sk_buff *skb,
		     u64 seq, bool recovered, u32 exclude)
{
	u64 now = tquic_now_us();
	u32 mask = path_choose(t, paths, skb->len, exclude, now);
	bool redundant = hweight32(mask) > 1;
	struct tquic_send_req tx = {
		.kind = TQUIC_SEND_DATA,
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
		if (tquic_send(t, &paths[i], kp, copy, &tx))
			DEV_STATS_INC(t->dev, tx_errors);
	}
}

/**
 * path_xmit() - send one inner packet (not GSO)
 * @t: the device
 * @kp: keypair to send with
 * @skb: the inner packet; consumed
 *
 * The caller stops or wakes the queue (tquic_xmit_flow()) once it has
 * sent all it was given. Caller holds rcu_read_lock_bh().
 */
static void path_xmit(struct tquic_dev *t, struct tquic_keypair *kp,
		      struct sk_buff *skb)
{
	struct tquic_path *paths = tquic_paths(t);

	if (!paths) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_PATH);
		DEV_STATS_INC(t->dev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	WRITE_ONCE(t->tx_len, tquic_sched_len_hint(READ_ONCE(t->tx_len),
						   skb->len));
	tquic_xmit_data(t, paths, kp, skb, atomic64_inc_return(&t->tx_seq) - 1,
			false, 0);
}

/**
 * tquic_xmit_flow() - stop the queue if no path has room, else wake it
 * @t: the device
 *
 * After the segments of one packet from the stack: once for them all, as
 * they are sent whatever the windows say. Caller holds rcu_read_lock_bh().
 */
void tquic_xmit_flow(struct tquic_dev *t)
{
	paths_flow(t, tquic_paths(t));
}

/**
 * xmit_route() - route of the path an inner packet will likely take
 * @t: the device
 * @r: the route; release r->dst when done
 *
 * For the MTU check of a packet before it is segmented. Caller holds
 * rcu_read_lock_bh().
 *
 * Return: 0 or -EHOSTUNREACH.
 */
static int xmit_route(struct tquic_dev *t, struct tquic_route *r)
{
	struct tquic_path *paths = tquic_paths(t);
	u32 mask;

	if (!paths)
		return -EHOSTUNREACH;
	mask = path_choose(t, paths, READ_ONCE(t->dev->mtu), 0, tquic_now_us());
	if (!mask)
		return -EHOSTUNREACH;
	return tquic_send_route(t, &paths[__ffs(mask)], r);
}

/*
 * IPv4 or IPv6 with a whole header at skb->data, as the protocol says;
 * packet sockets can send anything with any protocol.
 */
static bool inner_ip(struct sk_buff *skb)
{
	unsigned int hlen, version;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		hlen = sizeof(struct iphdr);
		version = 4;
		break;
	case htons(ETH_P_IPV6):
		hlen = sizeof(struct ipv6hdr);
		version = 6;
		break;
	default:
		return false;
	}
	if (!pskb_may_pull(skb, hlen) || skb->data[0] >> 4 != version)
		return false;
	skb_reset_network_header(skb);
	return true;
}

static bool fits(struct sk_buff *skb, unsigned int mtu)
{
	return skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
				 skb->len <= mtu;
}

/*
 * Does the inner packet (every segment of a GSO one) fit the outer path?
 * If not, tell its sender the MTU that does (RFC 1191, 8201) and drop it.
 * Two exceptions are sent anyway, in outer packets that may be fragmented
 * (*@df = 0): IPv4 without DF, and IPv6 no larger than the IPv6 minimum
 * MTU, which no sender can go below. Returns true to drop.
 */
static bool too_big(struct tquic_dev *t, struct sk_buff *skb,
		    const struct tquic_route *r, __be16 *df)
{
	unsigned int mtu = r->mtu > TQUIC_DATA_OVERHEAD ?
			   r->mtu - TQUIC_DATA_OVERHEAD : 0;

	if (fits(skb, mtu))
		return false;
	if (skb->protocol == htons(ETH_P_IP)) {
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF))) {
			*df = 0;
			return false;
		}
		mtu = max_t(unsigned int, mtu, 68);
		skb_dst_update_pmtu_no_confirm(skb, mtu);
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			      htonl(mtu));
	} else {
		if (mtu < IPV6_MIN_MTU && fits(skb, IPV6_MIN_MTU)) {
			*df = 0;
			return false;
		}
		mtu = max_t(unsigned int, mtu, IPV6_MIN_MTU);
		skb_dst_update_pmtu_no_confirm(skb, mtu);
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	}
	tquic_stat_inc(t, TQUIC_XSTATS_TX_TOO_BIG);
	return true;
}

/* One inner packet, not GSO, to the paths; consumed. */
static void send_data(struct tquic_dev *t, struct tquic_keypair *kp,
		      struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		DEV_STATS_INC(t->dev, tx_errors);
		kfree_skb(skb);
		return;
	}
	/* Device stats count from here: the inner packet (and the tag). */
	skb_reset_inner_network_header(skb);
	path_xmit(t, kp, skb);
}

netdev_tx_t tquic_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	struct tquic_keypair *kp;
	struct tquic_route r;
	__be16 df = htons(IP_DF);
	struct sk_buff *next;

	if (!inner_ip(skb))
		goto drop;
	rcu_read_lock_bh();
	kp = tquic_session_tx_keypair(t);
	if (!kp) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_SESSION);
		goto unlock_drop;
	}
	if (xmit_route(t, &r)) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_PATH);
		goto unlock_drop;
	}
	/*
	 * The MTU of the path the first segment will likely take stands for
	 * all: the device MTU keeps every path's in reach.
	 */
	if (too_big(t, skb, &r, &df))
		goto release_drop;
	dst_release(r.dst);
	if (skb_is_gso(skb)) {
		struct sk_buff *segs = skb_gso_segment(skb, 0);

		if (IS_ERR_OR_NULL(segs)) {
			tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
			goto unlock_drop;
		}
		consume_skb(skb);
		skb = segs;
	}
	skb_list_walk_safe(skb, skb, next) {
		skb_mark_not_on_list(skb);
		skb->ignore_df = !df;
		send_data(t, kp, skb);
	}
	tquic_xmit_flow(t);
	rcu_read_unlock_bh();
	return NETDEV_TX_OK;

release_drop:
	dst_release(r.dst);
unlock_drop:
	rcu_read_unlock_bh();
drop:
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* ndo_init: tunnel sequence numbers from 0, the queue's wake-up timer. */
void tquic_xmit_init(struct tquic_dev *t)
{
	atomic64_set(&t->tx_seq, 0);
	hrtimer_init(&t->wake_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	t->wake_timer.function = paths_wake;
}

/* ndo_stop, after the paths are gone: nothing arms the timer again. */
void tquic_xmit_stop(struct tquic_dev *t)
{
	hrtimer_cancel(&t->wake_timer);
}
