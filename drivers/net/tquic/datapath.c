// SPDX-License-Identifier: GPL-2.0
/*
 * The data path: UDP sockets, 1-RTT packets in both directions, ACKs, RTT
 * and path MTU. Which path a packet takes is path.c's business.
 *
 * Transmit turns the inner IP packet into a QUIC packet in place: short
 * header, an optional ACK, a DATAGRAM frame header in the headroom, the
 * AEAD tag at the tail, sealed over a scatterlist of the skb itself. The
 * payload is never copied and no socket lock is taken; a packet without
 * keys, route or memory is dropped and counted, and when every path's
 * window is full the device queue stops (path.c).
 *
 * Receive runs in the UDP socket's encap_rcv, in softirq: every length
 * comes from the wire and is checked before it is used, every failure is
 * a counted drop.
 *
 * Locking and lifetimes:
 * - sock4/sock6 are published under RCU by ndo_open and withdrawn by
 *   ndo_stop (RTNL); readers hold rcu_read_lock_bh().
 * - Keypairs come from the session under RCU (session.h). Their packet
 *   number spaces, one per path slot, are ours: the sender numbers under
 *   its path's lock (path.c), the replay window and ACK state are under
 *   space->lock.
 * - rtt_lock guards the device's RTT gauge. Nothing is sent while holding
 *   either lock.
 * - tx_ifindex, the first slave that is up (for handshakes), is written
 *   under RTNL by slave.c and read with READ_ONCE(): a stale value costs
 *   one packet.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/dst_cache.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "compat.h"
#include "crypto.h"
#include "datapath.h"
#include "core/frame.h"
#include "core/packet.h"
#include "core/rtt.h"
#include "tquic.h"
#include "core/varint.h"

/*
 * Frames other than DATAGRAM are parsed from the linear part of the skb:
 * first this much is pulled, which holds any ACK we send ourselves; a
 * longer frame gets one more pull, up to the second bound, past which
 * it is refused.
 */
#define TQUIC_DP_FRAME_PULL	64
#define TQUIC_DP_FRAME_MAX	2048

/*
 * Long-header packets only carry the handshake, whose largest message
 * is a padded Initial of about 1200 bytes; anything far larger is not
 * ours, and is not worth linearizing.
 */
#define TQUIC_DP_HS_MAX		2048

/*
 * The receiver recovers a truncated packet number around the largest one
 * it has received, and its replay window still takes packets up to
 * TQUIC_REPLAY_WINDOW behind that one. Packets do overtake each other on
 * the way (per-CPU receive queues, queueing disciplines, several paths),
 * at high packet rates by more than the 128 that RFC 9000's shortest
 * encoding leaves room for: a number must decode anywhere in the replay
 * window, so it is never shorter than this.
 */
#define TQUIC_DP_PN_MIN_LEN	2

/*
 * Inner packets the receiver may hold back to restore their order: at
 * 50 Mbit/s of full-size packets, 1024 cover 230 ms of one path's lead.
 */
#define TQUIC_DP_REORDER_SLOTS	1024

/* Scatterlist entries on the stack; a longer list is allocated. */
#define TQUIC_DP_SG_STACK	4

static u64 tquic_dp_now_us(void)
{
	return ktime_to_us(ktime_get());
}

void tquic_pn_space_init(struct tquic_pn_space *s, u32 path_id)
{
	spin_lock_init(&s->lock);
	s->path_id = path_id;
	s->next_pn = 0;
	tquic_replay_init(&s->replay);
	tquic_ack_ranges_init(&s->acks);
	s->ack_pending = 0;
	s->largest_rx_us = 0;
}

/**
 * tquic_keypair_spaces_init() - a new keypair's packet-number spaces
 * @kp: the keypair
 */
void tquic_keypair_spaces_init(struct tquic_keypair *kp)
{
	unsigned int i;

	spin_lock_init(&kp->claim_lock);
	kp->nclaimed = 0;
	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		tquic_pn_space_init(&kp->space[i], TQUIC_PATH_ID_NONE);
}

/**
 * tquic_keypair_claim() - the space of slot @slot, for path @path_id
 * @kp: the keypair
 * @slot: the path's slot
 * @path_id: the path
 *
 * A space changes hands only to a path ID this keypair never numbered
 * packets for: one that did would restart its packet numbers, repeating
 * our nonces and taking replays of its old packets. The server forgets
 * paths and their slots go to others; the client never reuses an ID.
 *
 * Return: the space, or NULL when @path_id must wait for a new keypair.
 */
struct tquic_pn_space *tquic_keypair_claim(struct tquic_keypair *kp,
				      unsigned int slot, u32 path_id)
{
	struct tquic_pn_space *s = &kp->space[slot];
	unsigned int i;

	if (READ_ONCE(s->path_id) == path_id)
		return s;
	spin_lock_bh(&kp->claim_lock);
	if (s->path_id == path_id)
		goto out;
	for (i = 0; i < kp->nclaimed; i++)
		if (kp->claimed[i] == path_id)
			goto refuse;
	if (kp->nclaimed == TQUIC_KP_PATH_IDS)
		goto refuse;
	kp->claimed[kp->nclaimed++] = path_id;
	spin_lock(&s->lock);
	WRITE_ONCE(s->path_id, path_id);
	s->next_pn = 0;
	tquic_replay_init(&s->replay);
	tquic_ack_ranges_init(&s->acks);
	s->ack_pending = 0;
	s->largest_rx_us = 0;
	spin_unlock(&s->lock);
out:
	spin_unlock_bh(&kp->claim_lock);
	return s;
refuse:
	spin_unlock_bh(&kp->claim_lock);
	return NULL;
}

/**
 * tquic_dp_counter() - the value of xstats counter @i
 * @t: the device
 * @i: a TQUIC_XSTATS_* counter
 *
 * The reorder buffer keeps its own counts, under its lock.
 */
u64 tquic_dp_counter(struct tquic_dev *t, unsigned int i)
{
	struct tquic_reorder_buf_stats st;

	switch (i) {
	case TQUIC_XSTATS_RX_DUPLICATE:
	case TQUIC_XSTATS_REORDER_HELD:
	case TQUIC_XSTATS_REORDER_LATE:
	case TQUIC_XSTATS_REORDER_DROPPED:
	case TQUIC_XSTATS_REORDER_TIMEOUTS:
		break;
	default:
		return atomic64_read(&t->stats[i]);
	}
	tquic_reorder_buf_stats(&t->reorder, &st);
	switch (i) {
	case TQUIC_XSTATS_RX_DUPLICATE:
		return st.dup;
	case TQUIC_XSTATS_REORDER_HELD:
		return st.held;
	case TQUIC_XSTATS_REORDER_LATE:
		return st.late;
	case TQUIC_XSTATS_REORDER_DROPPED:
		return st.dropped;
	default:
		return st.timeouts;
	}
}

/* An RTT sample of any path, for the device's gauge. */
void tquic_dp_rtt_sample(struct tquic_dev *t, u64 sample_us, u64 delay_us)
{
	spin_lock_bh(&t->rtt_lock);
	tquic_rtt_sample(&t->rtt, sample_us, delay_us,
			 TQUIC_DP_MAX_ACK_DELAY_MS * USEC_PER_MSEC);
	spin_unlock_bh(&t->rtt_lock);
}

/**
 * tquic_dp_rtt() - the RTT gauges of the xstats
 * @t: the device
 * @srtt_us: smoothed RTT, 0 before the first sample
 * @rttvar_us: its variation, 0 before the first sample
 */
void tquic_dp_rtt(struct tquic_dev *t, u32 *srtt_us, u32 *rttvar_us)
{
	spin_lock_bh(&t->rtt_lock);
	if (t->rtt.valid) {
		*srtt_us = min_t(u64, t->rtt.smoothed_us, U32_MAX);
		*rttvar_us = min_t(u64, t->rtt.var_us, U32_MAX);
	} else {
		*srtt_us = 0;
		*rttvar_us = 0;
	}
	spin_unlock_bh(&t->rtt_lock);
}

/**
 * tquic_dp_route() - the route of a packet to @ep
 * @t: the device
 * @ep: the peer's endpoint
 * @oif: the slave to leave through, 0 for any
 * @sock: the socket to send from; NULL: the device's of @ep's family
 * @cache: the routes found for @ep, @oif and @sock before; NULL for none.
 *	Its owner resets it when any of them changes; a change of the
 *	routing tables, or of a PMTU, makes its entries fail dst_check().
 * @r: the route
 *
 * A slave (@oif) without an address of @ep's family is no route: the
 * kernel's source selection would take an address of another device,
 * often our own inner one, which must not go out on a WAN (a server
 * would even follow the path to it).
 *
 * Caller holds rcu_read_lock_bh(). Counts tx_no_route on failure.
 *
 * Return: 0 or -EHOSTUNREACH.
 */
int tquic_dp_route(struct tquic_dev *t, const struct tquic_endpoint *ep,
		   int oif, struct socket *sock, struct dst_cache *cache,
		   struct tquic_dp_route *r)
{
	struct net *net = dev_net(t->dev);
	unsigned int hdr, mtu;

	r->family = ep->sa.sa_family;
	r->dport = ep->sin.sin_port;
	if (r->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = ep->sin.sin_addr.s_addr,
			.saddr = ep->has_local ? ep->local.v4 : 0,
			.flowi4_oif = oif,
			.flowi4_proto = IPPROTO_UDP,
		};
		struct rtable *rt;

		sock = sock ?: rcu_dereference_bh(t->sock4);
		if (!sock)
			goto no_route;
		r->sport = inet_sk(sock->sk)->inet_sport;
		fl4.fl4_sport = r->sport;
		fl4.fl4_dport = r->dport;
		rt = cache ? dst_cache_get_ip4(cache, &fl4.saddr) : NULL;
		if (!rt) {
			rt = ip_route_output_key(net, &fl4);
			if (IS_ERR(rt))
				goto no_route;
			if (oif && !ep->has_local &&
			    __ip_dev_find(net, fl4.saddr, false) != rt->dst.dev) {
				ip_rt_put(rt);
				goto no_route;
			}
			if (cache)
				dst_cache_set_ip4(cache, &rt->dst, fl4.saddr);
		}
		r->dst = &rt->dst;
		r->saddr.v4 = fl4.saddr;
		r->daddr.v4 = fl4.daddr;
		hdr = sizeof(struct iphdr);
	} else if (IS_ENABLED(CONFIG_IPV6) && r->family == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = ep->sin6.sin6_addr,
			.saddr = ep->has_local ? ep->local.v6 : in6addr_any,
			.flowi6_oif = oif,
			.flowi6_proto = IPPROTO_UDP,
		};
		struct dst_entry *dst;

		sock = sock ?: rcu_dereference_bh(t->sock6);
		if (!sock)
			goto no_route;
		r->sport = inet_sk(sock->sk)->inet_sport;
		fl6.fl6_sport = r->sport;
		fl6.fl6_dport = r->dport;
		dst = cache ? dst_cache_get_ip6(cache, &fl6.saddr) : NULL;
		if (!dst) {
			dst = ipv6_stub->ipv6_dst_lookup_flow(net, sock->sk,
							      &fl6, NULL);
			if (IS_ERR(dst))
				goto no_route;
			if (oif && !ep->has_local &&
			    IS_ERR_OR_NULL(ipv6_stub->ipv6_dev_find(net, &fl6.saddr,
								    dst->dev))) {
				dst_release(dst);
				goto no_route;
			}
			if (cache)
				dst_cache_set_ip6(cache, dst, &fl6.saddr);
		}
		r->dst = dst;
		r->saddr.v6 = fl6.saddr;
		r->daddr.v6 = fl6.daddr;
		hdr = sizeof(struct ipv6hdr);
	} else {
		goto no_route;
	}
	/* Our own packets routed back into us would loop forever. */
	if (r->dst->dev == t->dev) {
		dst_release(r->dst);
		goto no_route;
	}
	r->sk = sock->sk;
	hdr += sizeof(struct udphdr);
	mtu = dst_mtu(r->dst);
	r->mtu = mtu > hdr ? min_t(unsigned int, mtu - hdr,
				   TQUIC_MAX_PACKET_LEN) : 0;
	r->headroom = LL_RESERVED_SPACE(r->dst->dev) + r->dst->header_len +
		      hdr;
	return 0;

no_route:
	tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_ROUTE);
	return -EHOSTUNREACH;
}

/*
 * Send one finished QUIC packet; consumes @skb. With @df (the rule) the
 * outer path's MTU is discovered, not fragmented around: the ICMP errors
 * it brings update the route's PMTU, which the next route lookup sees.
 */
void tquic_dp_output(struct tquic_dev *t, struct tquic_dp_route *r,
		     struct sk_buff *skb, __be16 df)
{
	struct dst_entry *dst = dst_clone(r->dst);

	/* The inner packet's dst, conntrack and marks stay behind. */
	skb_scrub_packet(skb, false);
	skb->ip_summed = CHECKSUM_NONE;
	/* Without DF an outer IPv6 packet may be fragmented here, too. */
	skb->ignore_df = !df;
	if (r->family == AF_INET)
		udp_tunnel_xmit_skb((struct rtable *)dst, r->sk, skb,
				    r->saddr.v4, r->daddr.v4, 0,
				    ip4_dst_hoplimit(dst), df, r->sport,
				    r->dport, false, false);
	else if (IS_ENABLED(CONFIG_IPV6))
		udp_tunnel6_xmit_skb(dst, r->sk, skb, skb->dev, &r->saddr.v6,
				     &r->daddr.v6, 0, ip6_dst_hoplimit(dst), 0,
				     r->sport, r->dport, false);
	WRITE_ONCE(t->last_tx, jiffies);
}

/*
 * Write the ACK frame of @space at @buf if one is due (or @force),
 * in at most @room bytes. Returns its length, 0 for none.
 */
static int tquic_dp_write_ack(struct tquic_pn_space *space, bool force,
			      u8 *buf, size_t room)
{
	struct tquic_ack_info info = {
		.type = TQUIC_FT_PATH_ACK,
		.path_id = READ_ONCE(space->path_id),
		.delay_exponent = TQUIC_DP_ACK_DELAY_EXP,
	};
	int n = 0;

	if (!force && !READ_ONCE(space->ack_pending))
		return 0;
	spin_lock(&space->lock);
	if (space->ack_pending && space->acks.n) {
		info.delay_us = tquic_dp_now_us() - space->largest_rx_us;
		n = tquic_ack_ranges_write(&space->acks, &info, buf,
					   min_t(size_t, room,
						 TQUIC_DP_ACK_MAX));
		if (n > 0)
			space->ack_pending = 0;
	}
	spin_unlock(&space->lock);
	return max(n, 0);
}

/* AEAD over the whole skb in place: [0, @ad_len) is associated data. */
static int tquic_dp_aead(const struct tquic_crypto_key *key, bool encrypt,
			 struct sk_buff *skb, int nsg, unsigned int ad_len,
			 unsigned int cryptlen, u32 path_id, u64 pn)
{
	struct scatterlist sg_stack[TQUIC_DP_SG_STACK], *sg = sg_stack;
	u8 nonce[TQUIC_PROT_IV_LEN];
	int err;

	err = tquic_prot_nonce(key->pp.iv, path_id, pn, nonce);
	if (err)
		return err;
	if (nsg > TQUIC_DP_SG_STACK) {
		sg = kmalloc_array(nsg, sizeof(*sg), GFP_ATOMIC);
		if (!sg)
			return -ENOMEM;
	}
	sg_init_table(sg, nsg);
	err = skb_to_sgvec(skb, sg, 0, skb->len);
	if (err >= 0)
		err = tquic_crypto_aead_sg(key, encrypt, sg, ad_len, cryptlen,
					   nonce);
	if (sg != sg_stack)
		kfree(sg);
	return err;
}

/**
 * tquic_dp_seal() - make @skb a protected 1-RTT packet, in place
 * @pkt: what to send: keypair, path, packet number, kind, MTU, headroom
 * @skb: for DATA, skb->data is the inner packet; otherwise empty
 *
 * A due ACK of pkt->space rides along where it fits under the MTU. Shared
 * or paged data is made private first (skb_cow_data()); the AEAD then
 * runs over the skb itself. Bottom halves off (the ACK state lock).
 *
 * Return: 0, -ENODATA when an ACK-only packet has nothing left to
 * acknowledge (another packet carried it), or another negative errno.
 */
int tquic_dp_seal(struct tquic_dp_pkt *pkt, struct sk_buff *skb)
{
	struct tquic_keypair *kp = pkt->kp;
	u8 front[TQUIC_DP_FRONT_MAX], cid[TQUIC_CID_LEN];
	u8 sample[TQUIC_PROT_SAMPLE_LEN];
	unsigned int pn_len, hlen, off, dlen = 0, used, min_frames;
	struct sk_buff *trailer;
	size_t room;
	int n, nsg, err;

	pkt->acked = false;
	if (pkt->pn > TQUIC_PN_MAX)
		return -EOVERFLOW;
	if (pkt->ctrl_len > TQUIC_PATH_CTRL_MAX)
		return -EINVAL;
	pn_len = max_t(unsigned int, TQUIC_DP_PN_MIN_LEN,
		       tquic_pn_encode_len(pkt->pn, pkt->largest_acked));
	tquic_cid_for_path(kp->remote_cid, pkt->path_id, cid);
	n = tquic_short_hdr_build(front, sizeof(front), cid, kp->key_phase,
				  pkt->pn, pn_len);
	if (n < 0)
		return n;
	hlen = n;
	off = hlen;
	if (pkt->kind == TQUIC_DP_DATA)
		dlen = 1 + tquic_varint_size(pkt->seq);

	/* An ACK rides along only where it does not push us past the MTU. */
	used = hlen + dlen + pkt->ctrl_len + skb->len + TQUIC_PROT_TAG_LEN;
	room = pkt->mtu > used ? pkt->mtu - used : 0;
	off += tquic_dp_write_ack(pkt->space, pkt->kind == TQUIC_DP_ACK,
				  front + off, room);
	pkt->acked = off > hlen;
	if (pkt->kind == TQUIC_DP_ACK && !pkt->acked)
		return -ENODATA;
	if (pkt->kind == TQUIC_DP_PING) {
		n = tquic_frame_write_ping(front + off, sizeof(front) - off);
		if (n < 0)
			return n;
		off += n;
	}
	if (pkt->kind == TQUIC_DP_CTRL) {
		memcpy(front + off, pkt->ctrl, pkt->ctrl_len);
		off += pkt->ctrl_len;
	}

	/*
	 * Header protection samples 16 bytes from 4 past the packet number
	 * start: pad short packets up to that. PADDING goes before the
	 * DATAGRAM frame, which runs to the end of the packet.
	 */
	min_frames = tquic_pkt_min_payload(pn_len) - TQUIC_PROT_TAG_LEN;
	used = off - hlen + dlen + skb->len;
	if (used < min_frames) {
		n = tquic_frame_write_padding(front + off, sizeof(front) - off,
					      min_frames - used);
		if (n < 0)
			return n;
		off += n;
	}
	if (pkt->kind == TQUIC_DP_DATA) {
		n = tquic_frame_write_datagram_hdr(front + off,
						   sizeof(front) - off,
						   pkt->seq);
		if (n < 0)
			return n;
		off += n;
	}

	err = skb_cow_head(skb, pkt->headroom + off);
	if (err)
		return err;
	memcpy(skb_push(skb, off), front, off);
	nsg = skb_cow_data(skb, TQUIC_PROT_TAG_LEN, &trailer);
	if (nsg < 0)
		return nsg;
	if (unlikely(!pskb_put(skb, trailer, TQUIC_PROT_TAG_LEN)))
		return -ENOMEM;
	err = tquic_dp_aead(kp->tx, true, skb, nsg, hlen,
			    skb->len - hlen - TQUIC_PROT_TAG_LEN, pkt->path_id,
			    pkt->pn);
	if (err)
		return err;
	err = skb_copy_bits(skb, TQUIC_SHORT_PN_OFFSET + TQUIC_PROT_SAMPLE_SKIP,
			    sample, sizeof(sample));
	if (err)
		return err;
	return tquic_prot_hp_apply_sample(&kp->tx->pp, skb->data,
					TQUIC_SHORT_PN_OFFSET, sample);
}

/**
 * tquic_dp_send_raw() - send a handshake packet
 * @t: the device
 * @dst: the peer's endpoint
 * @skb: one whole QUIC packet at skb->data; consumed
 *
 * Any context but hard IRQ.
 *
 * Return: 0 or a negative errno (the drop is counted).
 */
int tquic_dp_send_raw(struct tquic_dev *t, const struct tquic_endpoint *dst,
		      struct sk_buff *skb)
{
	struct tquic_dp_route r;
	int err;

	rcu_read_lock_bh();
	/* Handshakes leave through the first slave that is up. */
	err = tquic_dp_route(t, dst, READ_ONCE(t->tx_ifindex), NULL, NULL, &r);
	if (err)
		goto drop;
	err = skb->len > r.mtu ? -EMSGSIZE : skb_cow_head(skb, r.headroom);
	if (err) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
	} else {
		/* The device's stats count tunnelled packets only. */
		skb->dev = NULL;
		tquic_dp_output(t, &r, skb, htons(IP_DF));
		skb = NULL;
	}
	dst_release(r.dst);
drop:
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return err;
}

/*
 * Delayed ACK: acknowledge what every keypair that asked for it has
 * received, the previous one of a rekey too. A keypair is named by its
 * local CID: the timer may outlive it, and the lookup says if it is gone.
 */
static void tquic_dp_ack_timer(struct timer_list *timer)
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
			tquic_path_send_acks(t, kp, 1);
	}
	rcu_read_unlock_bh();
}

/* Have the delayed-ACK timer acknowledge for @kp; softirq. */
static void tquic_dp_ack_later(struct tquic_dev *t,
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

/*
 * IPv4 or IPv6 with a whole header at skb->data, as the protocol says;
 * packet sockets can send anything with any protocol.
 */
static bool tquic_dp_inner_ip(struct sk_buff *skb)
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

static bool tquic_dp_fits(struct sk_buff *skb, unsigned int mtu)
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
static bool tquic_dp_too_big(struct tquic_dev *t, struct sk_buff *skb,
			     const struct tquic_dp_route *r, __be16 *df)
{
	unsigned int mtu = r->mtu > TQUIC_DP_DATA_OVERHEAD ?
			   r->mtu - TQUIC_DP_DATA_OVERHEAD : 0;

	if (tquic_dp_fits(skb, mtu))
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
		if (mtu < IPV6_MIN_MTU && tquic_dp_fits(skb, IPV6_MIN_MTU)) {
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
static void tquic_dp_send_data(struct tquic_dev *t, struct tquic_keypair *kp,
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
	tquic_path_xmit(t, kp, skb);
}

netdev_tx_t tquic_dp_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	struct tquic_keypair *kp;
	struct tquic_dp_route r;
	__be16 df = htons(IP_DF);
	struct sk_buff *next;

	if (!tquic_dp_inner_ip(skb))
		goto drop;
	rcu_read_lock_bh();
	kp = tquic_session_tx_keypair(t);
	if (!kp) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_SESSION);
		goto unlock_drop;
	}
	if (tquic_path_route(t, &r)) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_PATH);
		goto unlock_drop;
	}
	/*
	 * The MTU of the path the first segment will likely take stands for
	 * all: the device MTU keeps every path's in reach.
	 */
	if (tquic_dp_too_big(t, skb, &r, &df))
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
		tquic_dp_send_data(t, kp, skb);
	}
	tquic_paths_flow(t);
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

/*
 * Parse the frame at skb->data from the linear part, pulling more of the
 * packet in when the frame runs past it. Returns its length or -EINVAL.
 */
static int tquic_dp_parse_frame(struct sk_buff *skb, struct tquic_frame *f)
{
	unsigned int want = min_t(unsigned int, skb->len, TQUIC_DP_FRAME_PULL);
	int n;

	if (!pskb_may_pull(skb, want))
		return -EINVAL;
	n = tquic_frame_parse(skb->data, skb_headlen(skb), f);
	if (n == -EINVAL && skb_headlen(skb) < skb->len) {
		want = min_t(unsigned int, skb->len, TQUIC_DP_FRAME_MAX);
		if (!pskb_may_pull(skb, want))
			return -EINVAL;
		n = tquic_frame_parse(skb->data, skb_headlen(skb), f);
	}
	return n < 0 ? -EINVAL : n;
}

/*
 * After a DATAGRAM frame's type byte: skip the tunnel sequence number.
 * The inner packet is the rest of the skb.
 */
static int tquic_dp_pull_datagram_hdr(struct sk_buff *skb, u64 *seq)
{
	unsigned int want = min_t(unsigned int, skb->len,
				  TQUIC_DP_DGRAM_HDR_MAX);
	int n;

	if (!pskb_may_pull(skb, want))
		return -EINVAL;
	n = tquic_varint_decode(skb->data + 1, skb_headlen(skb) - 1, seq);
	if (n < 0)
		return n;
	__skb_pull(skb, 1 + n);
	return 0;
}

/**
 * tquic_dp_next_frame() - the frame at skb->data of an opened packet
 * @skb: positioned at a frame, as tquic_dp_unseal() leaves it
 * @f: the frame, unless it is a DATAGRAM
 * @seq: a DATAGRAM's tunnel sequence number
 *
 * A DATAGRAM frame runs to the end of the packet and is not parsed as a
 * whole: its header is pulled, leaving the inner packet at skb->data.
 *
 * Return: 0 for a DATAGRAM, the length of any other frame (for the
 * caller to pull), or -EINVAL for a malformed one.
 */
int tquic_dp_next_frame(struct sk_buff *skb, struct tquic_frame *f,
			u64 *seq)
{
	if (!pskb_may_pull(skb, 1))
		return -EINVAL;
	if (skb->data[0] == TQUIC_FT_DATAGRAM)
		return tquic_dp_pull_datagram_hdr(skb, seq);
	return tquic_dp_parse_frame(skb, f);
}

/* The inner packet must be IPv4 or IPv6 and as long as it says. */
static bool tquic_dp_inner_valid(struct sk_buff *skb)
{
	unsigned int len;

	if (!pskb_may_pull(skb, 1))
		return false;
	switch (skb->data[0] >> 4) {
	case 4: {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)skb->data;
		len = ntohs(iph->tot_len);
		if (iph->ihl < 5 || len < iph->ihl * 4U || len > skb->len)
			return false;
		skb->protocol = htons(ETH_P_IP);
		break;
	}
	case 6: {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return false;
		ip6h = (const struct ipv6hdr *)skb->data;
		len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
		/* A jumbogram (payload length 0) never fits a tunnel MTU. */
		if (!ip6h->payload_len || len > skb->len)
			return false;
		skb->protocol = htons(ETH_P_IPV6);
		break;
	}
	default:
		return false;
	}
	return !pskb_trim(skb, len);
}

/*
 * Hand the inner packet at skb->data to the stack; consumes @skb. The
 * reorder buffer calls this, in order.
 */
static void tquic_dp_deliver(void *ctx, struct sk_buff *skb)
{
	struct tquic_dev *t = ctx;
	unsigned int len;

	if (!tquic_dp_inner_valid(skb)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_BAD_INNER);
		DEV_STATS_INC(t->dev, rx_dropped);
		kfree_skb(skb);
		return;
	}
	/* Nothing of the outer packet (dst, conntrack, hash) carries over. */
	skb_scrub_packet(skb, false);
	skb_clear_hash(skb);
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb->dev = t->dev;
	/* The AEAD tag covered every byte: nothing can be corrupt. */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	len = skb->len;
	if (gro_cells_receive(&t->gro_cells, skb) == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(t->dev, len);
	else
		DEV_STATS_INC(t->dev, rx_dropped);
}

/* Queue or send the acknowledgment an ack-eliciting packet needs. */
static void tquic_dp_ack_due(struct tquic_dev *t, struct tquic_keypair *kp,
			     struct tquic_pn_space *space)
{
	unsigned int pending;

	spin_lock(&space->lock);
	pending = ++space->ack_pending;
	spin_unlock(&space->lock);
	/*
	 * Even when an ACK is due it waits a tick: packets of one path that
	 * the receive queues of two CPUs hand us out of order are all in by
	 * then, and the ACK shows no gap the sender would take for a loss.
	 */
	tquic_dp_ack_later(t, kp, pending >= TQUIC_DP_ACK_EVERY ? 1 :
			   msecs_to_jiffies(TQUIC_DP_MAX_ACK_DELAY_MS));
}

static bool tquic_dp_ack_frame(u64 type)
{
	return type == TQUIC_FT_ACK || type == TQUIC_FT_ACK_ECN ||
	       type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN;
}

/*
 * The frames of an authenticated packet at skb->data, which came on @p;
 * consumes @skb. Returns -EINVAL for a malformed packet, for the caller
 * to count.
 */
static int tquic_dp_frames(struct tquic_dev *t, struct tquic_keypair *kp,
			   struct tquic_path *p, struct tquic_pn_space *space,
			   struct sk_buff *skb)
{
	bool eliciting = false, datagram = false;
	struct tquic_frame f;
	u64 seq = 0;
	int n;

	while (skb->len) {
		n = tquic_dp_next_frame(skb, &f, &seq);
		if (n < 0)
			goto malformed;
		if (!n) {
			eliciting = true;
			datagram = true;
			break;
		}
		if (tquic_frame_ack_eliciting(f.type))
			eliciting = true;
		if (tquic_dp_ack_frame(f.type)) {
			if (tquic_path_on_ack(t, kp, &f.ack))
				goto malformed;
		} else {
			tquic_path_rcv_frame(t, kp, p, &f);
		}
		__skb_pull(skb, n);
	}
	if (eliciting)
		tquic_dp_ack_due(t, kp, space);
	if (datagram)
		tquic_reorder_buf_rcv(&t->reorder, skb, seq);
	else
		consume_skb(skb);
	return 0;

malformed:
	kfree_skb(skb);
	return -EINVAL;
}

/*
 * Remove header protection and decode the packet number; -errno or the
 * header length. Without @space (a path new to us) nothing has been
 * received on the path yet.
 */
static int tquic_dp_unprotect_hdr(struct tquic_keypair *kp,
				  struct tquic_pn_space *space, u32 path_id,
				  struct sk_buff *skb, struct tquic_short_hdr *h,
				  u64 *pn)
{
	u64 largest = TQUIC_PN_NONE;
	bool fresh = true;
	int err, hlen;

	err = tquic_short_hdr_parse(skb->data, skb_headlen(skb), h);
	if (err)
		return err;
	err = tquic_prot_hp_remove_sample(&kp->rx->pp, skb->data, h->pn_offset,
					skb->data + h->pn_offset +
					TQUIC_PROT_SAMPLE_SKIP,
					&h->truncated_pn, &h->pn_len);
	if (err)
		return err;
	hlen = tquic_short_hdr_unprotected(skb->data, skb_headlen(skb), h);
	if (hlen < 0)
		return hlen;
	if (h->key_phase != kp->key_phase)
		return -EINVAL;

	if (space) {
		spin_lock(&space->lock);
		if (space->path_id == path_id && space->replay.any)
			largest = space->replay.largest;
		err = tquic_pn_decode(largest, h->truncated_pn, h->pn_len, pn);
		if (!err && space->path_id == path_id)
			fresh = tquic_replay_check(&space->replay, *pn);
		spin_unlock(&space->lock);
	} else {
		err = tquic_pn_decode(largest, h->truncated_pn, h->pn_len, pn);
	}
	if (err)
		return err;
	return fresh ? hlen : -EALREADY;
}

/**
 * tquic_dp_accept() - record an authenticated packet number
 * @kp: its keypair
 * @slot: its path's slot, whose space is given to @path_id if it was not
 * @path_id: the packet's path
 * @pn: its packet number
 *
 * Return: false if it was a replay after all, or of a path ID whose
 * history this keypair lost (tquic_keypair_claim()).
 */
bool tquic_dp_accept(struct tquic_keypair *kp, unsigned int slot, u32 path_id,
		     u64 pn)
{
	struct tquic_pn_space *space = tquic_keypair_claim(kp, slot, path_id);
	bool fresh;

	if (!space)
		return false;
	spin_lock_bh(&space->lock);
	fresh = space->path_id == path_id &&
		tquic_replay_check_and_update(&space->replay, pn);
	if (fresh && tquic_ack_ranges_add(&space->acks, pn) > 0 &&
	    tquic_ack_ranges_largest(&space->acks) == pn)
		space->largest_rx_us = tquic_dp_now_us();
	spin_unlock_bh(&space->lock);
	return fresh;
}

/* The header and the header protection sample, linear, and the header. */
static int tquic_dp_short_hdr(struct sk_buff *skb, struct tquic_short_hdr *h)
{
	if (skb->len > TQUIC_MAX_PACKET_LEN ||
	    !pskb_may_pull(skb, TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN))
		return -EINVAL;
	return tquic_short_hdr_parse(skb->data, skb_headlen(skb), h);
}

/**
 * tquic_dp_unseal() - open a 1-RTT packet of @kp, in place
 * @kp: the keypair its DCID names
 * @space: the packet-number space of its path's slot; NULL for a path
 *	not known yet
 * @path_id: the path its DCID names
 * @skb: the packet at skb->data
 * @pn: its packet number, once recovered
 *
 * Header protection comes off, the packet number is checked against the
 * replay window before the AEAD opens the packet, and only then are the
 * reserved bits judged. On success skb->data is the first frame and the
 * tag is trimmed off; the caller records the number (tquic_dp_accept()).
 * Bottom halves off (the space lock).
 *
 * Return: 0; -EBADMSG if it does not authenticate; -EALREADY for a
 * replay; -ENOMEM; -EINVAL or -EPROTO for a malformed packet.
 */
int tquic_dp_unseal(struct tquic_keypair *kp, struct tquic_pn_space *space,
		    u32 path_id, struct sk_buff *skb, u64 *pn)
{
	unsigned int len = skb->len;
	struct tquic_short_hdr h;
	struct sk_buff *trailer;
	int nsg, hlen, err;

	err = tquic_dp_short_hdr(skb, &h);
	if (err)
		return err;
	/* Decryption and header protection both work in place. */
	nsg = skb_cow_data(skb, 0, &trailer);
	if (nsg < 0)
		return nsg;
	hlen = tquic_dp_unprotect_hdr(kp, space, path_id, skb, &h, pn);
	if (hlen < 0)
		return hlen;
	err = tquic_dp_aead(kp->rx, false, skb, nsg, hlen, len - hlen,
			    path_id, *pn);
	if (err)
		return err;
	/* RFC 9000 17.3.1: reserved bits count only once authenticated. */
	if (h.reserved)
		return -EPROTO;
	if (pskb_trim(skb, len - TQUIC_PROT_TAG_LEN))
		return -ENOMEM;
	__skb_pull(skb, hlen);
	return 0;
}

/* Count a failed unseal by its reason. */
static void tquic_dp_unseal_failed(struct tquic_dev *t, int err)
{
	switch (err) {
	case -EBADMSG:
		tquic_stat_inc(t, TQUIC_XSTATS_RX_AUTH_FAILED);
		break;
	case -EALREADY:
		tquic_stat_inc(t, TQUIC_XSTATS_RX_REPLAYED);
		break;
	case -ENOMEM:
		break;
	default:
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
		break;
	}
}

/* A short-header (1-RTT) packet at skb->data; consumes @skb. */
static void tquic_dp_rcv_short(struct tquic_dev *t, struct sk_buff *skb,
			       const struct tquic_endpoint *src)
{
	struct tquic_pn_space *space = NULL;
	unsigned int len = skb->len;
	struct tquic_keypair *kp;
	struct tquic_short_hdr h;
	struct tquic_path *p;
	u32 path_id;
	int err;
	u64 pn;

	if (tquic_dp_short_hdr(skb, &h)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
		goto drop;
	}
	kp = tquic_session_lookup(t, h.dcid, &path_id);
	p = kp ? tquic_path_find(t, path_id) : NULL;
	/* Only the client opens paths; the server learns them. */
	if (!kp || (!p && t->cfg.peer_family != AF_UNSPEC)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_UNKNOWN_CID);
		goto drop;
	}
	if (p)
		space = &kp->space[p->slot];
	err = tquic_dp_unseal(kp, space, path_id, skb, &pn);
	if (err) {
		tquic_dp_unseal_failed(t, err);
		goto drop;
	}
	if (!p) {
		p = tquic_path_learn(t, path_id, src);
		if (!p) {
			tquic_stat_inc(t, TQUIC_XSTATS_RX_UNKNOWN_CID);
			goto drop;
		}
		space = &kp->space[p->slot];
	}
	if (!tquic_dp_accept(kp, p->slot, path_id, pn)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_REPLAYED);
		goto drop;
	}
	tquic_session_authenticated(t, kp, src);
	tquic_path_rcv(t, p, src, len);
	WRITE_ONCE(t->last_rx, jiffies);
	if (tquic_dp_frames(t, kp, p, space, skb))
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
	return;

drop:
	DEV_STATS_INC(t->dev, rx_dropped);
	kfree_skb(skb);
}

/* The peer's endpoint, from the outer headers of a received packet. */
static void tquic_dp_source(const struct sk_buff *skb,
			    struct tquic_endpoint *src)
{
	const struct udphdr *uh = udp_hdr(skb);

	memset(src, 0, sizeof(*src));
	src->has_local = true;
	if (ip_hdr(skb)->version == 4) {
		src->sin.sin_family = AF_INET;
		src->sin.sin_addr.s_addr = ip_hdr(skb)->saddr;
		src->sin.sin_port = uh->source;
		src->local.v4 = ip_hdr(skb)->daddr;
	} else {
		src->sin6.sin6_family = AF_INET6;
		src->sin6.sin6_addr = ipv6_hdr(skb)->saddr;
		src->local.v6 = ipv6_hdr(skb)->daddr;
		src->sin6.sin6_port = uh->source;
		src->sin6.sin6_scope_id =
			ipv6_iface_scope_id(&src->sin6.sin6_addr,
					    skb->skb_iif);
	}
}

/*
 * encap_rcv of our sockets: skb->data is the UDP header, its checksum
 * already verified. Always consumes @skb (returns 0).
 */
static int tquic_dp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_endpoint src;
	struct tquic_dev *t;

	rcu_read_lock_bh();
	t = rcu_dereference_sk_user_data(sk);
	if (!t) {
		kfree_skb(skb);
		goto out;
	}
	tquic_dp_source(skb, &src);
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + 1)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
		goto drop;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	if (!tquic_pkt_is_long(skb->data[0])) {
		tquic_dp_rcv_short(t, skb, &src);
		goto out;
	}
	if (skb->len > TQUIC_DP_HS_MAX) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		goto drop;
	}
	if (skb_linearize(skb))
		goto drop;
	/*
	 * The handshake may queue the packet for a worker: the dst of the
	 * receive path is only borrowed for this softirq, so let it go.
	 */
	skb_dst_drop(skb);
	tquic_handshake_rcv(t, skb, &src);
	goto out;

drop:
	DEV_STATS_INC(t->dev, rx_dropped);
	kfree_skb(skb);
out:
	rcu_read_unlock_bh();
	return 0;
}

/**
 * tquic_dp_sock() - a UDP socket of ours
 * @t: the device
 * @family: AF_INET or AF_INET6
 * @port: local port, 0 for any
 * @ifindex: the device it is bound to (a path's slave), 0 for none
 *
 * RTNL. Return: the socket or an ERR_PTR().
 */
struct socket *tquic_dp_sock(struct tquic_dev *t, sa_family_t family,
			     u16 port, int ifindex)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = t,
		.encap_type = 1,
		.encap_rcv = tquic_dp_encap_rcv,
	};
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(port),
		.bind_ifindex = ifindex,
	};
	struct socket *sock;
	int err;

	if (family == AF_INET6) {
		cfg.local_ip6 = in6addr_any;
		cfg.ipv6_v6only = 1;
	} else {
		cfg.local_ip.s_addr = htonl(INADDR_ANY);
	}
	err = udp_sock_create(dev_net(t->dev), &cfg, &sock);
	if (err)
		return ERR_PTR(err);
	setup_udp_tunnel_sock(dev_net(t->dev), sock, &tcfg);
	return sock;
}

/**
 * tquic_dp_open() - open the UDP sockets (ndo_open)
 * @t: the device
 *
 * IPv4 always, IPv6 too unless it is disabled. Both take the listen
 * port; without one the IPv6 socket takes the port the kernel gave the
 * IPv4 socket if it is free there, so a client sends from one port.
 *
 * Return: 0, -EADDRINUSE if the listen port is taken, or another errno.
 */
int tquic_dp_open(struct tquic_dev *t)
{
	struct socket *sock4, *sock6 = NULL;
	u16 port = t->cfg.listen_port;
	int err;

	ASSERT_RTNL();
	sock4 = tquic_dp_sock(t, AF_INET, port, 0);
	if (IS_ERR(sock4)) {
		err = PTR_ERR(sock4);
		goto err;
	}
	if (IS_ENABLED(CONFIG_IPV6) && ipv6_mod_enabled()) {
		u16 p4 = ntohs(inet_sk(sock4->sk)->inet_sport);

		sock6 = tquic_dp_sock(t, AF_INET6, port ?: p4, 0);
		if (IS_ERR(sock6) && !port && PTR_ERR(sock6) == -EADDRINUSE)
			sock6 = tquic_dp_sock(t, AF_INET6, 0, 0);
		if (IS_ERR(sock6)) {
			err = PTR_ERR(sock6);
			udp_tunnel_sock_release(sock4);
			goto err;
		}
	}
	rcu_assign_pointer(t->sock4, sock4);
	rcu_assign_pointer(t->sock6, sock6);
	err = tquic_paths_open(t);
	if (err)
		tquic_dp_stop(t);
	return err;

err:
	if (err == -EADDRINUSE)
		netdev_info(t->dev, "UDP port %u is already in use\n", port);
	return err;
}

/**
 * tquic_dp_stop() - close the UDP sockets (ndo_stop)
 * @t: the device
 *
 * After this nothing of the data path runs: no receive (the sockets are
 * gone after a grace period), no transmit (the core stopped it), no timer.
 */
void tquic_dp_stop(struct tquic_dev *t)
{
	struct socket *sock4 = rtnl_dereference(t->sock4);
	struct socket *sock6 = rtnl_dereference(t->sock6);

	tquic_paths_stop(t);
	RCU_INIT_POINTER(t->sock4, NULL);
	RCU_INIT_POINTER(t->sock6, NULL);
	synchronize_net();
	/* Each release waits for encap_rcv callers still on the socket. */
	if (sock4)
		udp_tunnel_sock_release(sock4);
	if (sock6)
		udp_tunnel_sock_release(sock6);
	/* Nothing can arm it any more: receive and transmit are over. */
	timer_delete_sync(&t->ack_timer);
	t->ack_ncids = 0;
}

/**
 * tquic_dp_init() - data path state of a new device (ndo_init)
 * @t: the device
 *
 * Return: 0 or a negative errno, with nothing left to undo.
 */
int tquic_dp_init(struct tquic_dev *t)
{
	int err;

	BUILD_BUG_ON(sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
		     TQUIC_DP_DATA_OVERHEAD > TQUIC_OVERHEAD);
	BUILD_BUG_ON(TQUIC_REPLAY_WINDOW >= 1U << (8 * TQUIC_DP_PN_MIN_LEN - 1));

	atomic64_set(&t->tx_seq, 0);
	timer_setup(&t->ack_timer, tquic_dp_ack_timer, 0);
	spin_lock_init(&t->ack_lock);
	spin_lock_init(&t->rtt_lock);
	tquic_rtt_init(&t->rtt);
	tquic_paths_init(t);
	err = tquic_reorder_buf_init(&t->reorder, TQUIC_DP_REORDER_SLOTS, tquic_dp_deliver,
			     t);
	if (err)
		return err;
	tquic_reorder_buf_set_cap(&t->reorder, t->cfg.reorder_timeout_ms);
	err = gro_cells_init(&t->gro_cells, t->dev);
	if (err)
		tquic_reorder_buf_destroy(&t->reorder);
	return err;
}

/**
 * tquic_dp_uninit() - free the data path state (ndo_uninit)
 * @t: the device
 */
void tquic_dp_uninit(struct tquic_dev *t)
{
	timer_shutdown_sync(&t->ack_timer);
	tquic_reorder_buf_destroy(&t->reorder);
	gro_cells_destroy(&t->gro_cells);
}
