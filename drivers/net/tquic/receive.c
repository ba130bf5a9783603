// SPDX-License-Identifier: GPL-2.0
/*
 * encap_rcv of our sockets: a UDP datagram in, inner IP packets out.
 * Long-header packets go to the handshake; a short-header packet is
 * matched to its keypair and path by its CID, its header protection is
 * removed, its number checked against the replay window, it is opened in
 * place, and its frames are taken: ACKs to recovery.c, multipath frames
 * to path.c, the DATAGRAM to the reorder buffer (reorder_buf.c), which
 * hands inner packets back here, in order, for gro_cells.
 *
 * Contexts: softirq, under rcu_read_lock_bh(); delivery also from the
 * reorder buffer's hrtimer (BH disabled).
 *
 * Invariants: every length comes from the wire and is checked before it
 * is used; every failure is a counted drop; nothing is believed of a
 * packet (not even its path) before it authenticated and passed the
 * replay window. Lock order: device.c.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/udp.h>

#include "core/frame.h"
#include "core/packet.h"
#include "core/varint.h"
#include "admission.h"
#include "crypto.h"
#include "keypair.h"
#include "path.h"
#include "pnspace.h"
#include "receive.h"
#include "recovery.h"
#include "reorder_buf.h"
#include "send.h"
#include "timers.h"
#include "tquic.h"

/*
 * Frames other than DATAGRAM are parsed from the linear part of the skb:
 * first this much is pulled, which holds any ACK we send ourselves; a
 * longer frame gets one more pull, up to the second bound, past which
 * it is refused.
 */
#define TQUIC_RX_FRAME_PULL	64

#define TQUIC_RX_FRAME_MAX	2048

/*
 * Long-header packets only carry the handshake, whose largest message
 * is a padded Initial of about 1200 bytes; anything far larger is not
 * ours, and is not worth linearizing.
 */
#define TQUIC_RX_HS_MAX		2048

/*
 * Inner packets the receiver may hold back to restore their order: at
 * 50 Mbit/s of full-size packets, 1024 cover 230 ms of one path's lead.
 */
#define TQUIC_RX_REORDER_SLOTS	1024

/*
 * Parse the frame at skb->data from the linear part, pulling more of the
 * packet in when the frame runs past it. Returns its length or -EINVAL.
 */
static int parse_frame(struct sk_buff *skb, struct tquic_frame *f)
{
	unsigned int want = min_t(unsigned int, skb->len, TQUIC_RX_FRAME_PULL);
	int n;

	if (!pskb_may_pull(skb, want))
		return -EINVAL;
	n = tquic_frame_parse(skb->data, skb_headlen(skb), f);
	if (n == -EINVAL && skb_headlen(skb) < skb->len) {
		want = min_t(unsigned int, skb->len, TQUIC_RX_FRAME_MAX);
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
static int pull_datagram_hdr(struct sk_buff *skb, u64 *seq)
{
	unsigned int want = min_t(unsigned int, skb->len,
				  TQUIC_DGRAM_HDR_MAX);
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
 * tquic_receive_next_frame() - the frame at skb->data of an opened packet
 * @skb: positioned at a frame, as tquic_receive_unseal() leaves it
 * @f: the frame, unless it is a DATAGRAM
 * @seq: a DATAGRAM's tunnel sequence number
 *
 * A DATAGRAM frame runs to the end of the packet and is not parsed as a
 * whole: its header is pulled, leaving the inner packet at skb->data.
 *
 * Return: 0 for a DATAGRAM, the length of any other frame (for the
 * caller to pull), or -EINVAL for a malformed one.
 */
int tquic_receive_next_frame(struct sk_buff *skb, struct tquic_frame *f,
			     u64 *seq)
{
	if (!pskb_may_pull(skb, 1))
		return -EINVAL;
	if (skb->data[0] == TQUIC_FT_DATAGRAM)
		return pull_datagram_hdr(skb, seq);
	return parse_frame(skb, f);
}

/* The inner packet must be IPv4 or IPv6 and as long as it says. */
static bool inner_valid(struct sk_buff *skb)
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
static void deliver(void *ctx, struct sk_buff *skb)
{
	struct tquic_dev *t = ctx;
	unsigned int len;

	if (!inner_valid(skb)) {
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
static void ack_due(struct tquic_dev *t, struct tquic_keypair *kp,
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
	tquic_ack_later(t, kp, pending >= TQUIC_ACK_EVERY ? 1 :
			msecs_to_jiffies(TQUIC_MAX_ACK_DELAY_MS));
}

static bool is_ack_frame(u64 type)
{
	return type == TQUIC_FT_ACK || type == TQUIC_FT_ACK_ECN ||
	       type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN;
}

/*
 * The frames of an authenticated packet at skb->data, which came on @p;
 * consumes @skb. Returns -EINVAL for a malformed packet, for the caller
 * to count.
 */
static int rcv_frames(struct tquic_dev *t, struct tquic_keypair *kp,
		      struct tquic_path *p, struct tquic_pn_space *space,
		      struct sk_buff *skb)
{
	bool eliciting = false, datagram = false;
	struct tquic_frame f;
	u64 seq = 0;
	int n;

	while (skb->len) {
		n = tquic_receive_next_frame(skb, &f, &seq);
		if (n < 0)
			goto malformed;
		if (!n) {
			eliciting = true;
			datagram = true;
			break;
		}
		if (tquic_frame_ack_eliciting(f.type))
			eliciting = true;
		if (is_ack_frame(f.type)) {
			if (tquic_recovery_on_ack(t, kp, &f.ack))
				goto malformed;
		} else {
			tquic_path_rcv_frame(t, kp, p, &f);
		}
		__skb_pull(skb, n);
	}
	if (eliciting)
		ack_due(t, kp, space);
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
static int unprotect_hdr(struct tquic_keypair *kp,
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
	err = tquic_prot_hp_remove_sample(&kp->rx->prot, skb->data, h->pn_offset,
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

/* The header and the header protection sample, linear, and the header. */
static int short_hdr(struct sk_buff *skb, struct tquic_short_hdr *h)
{
	if (skb->len > TQUIC_MAX_PACKET_LEN ||
	    !pskb_may_pull(skb, TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN))
		return -EINVAL;
	return tquic_short_hdr_parse(skb->data, skb_headlen(skb), h);
}

/**
 * tquic_receive_unseal() - open a 1-RTT packet of @kp, in place
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
 * tag is trimmed off; the caller records the number (tquic_pn_space_accept()).
 * Bottom halves off (the space lock).
 *
 * Return: 0; -EBADMSG if it does not authenticate; -EALREADY for a
 * replay; -ENOMEM; -EINVAL or -EPROTO for a malformed packet.
 */
int tquic_receive_unseal(struct tquic_keypair *kp, struct tquic_pn_space *space,
			 u32 path_id, struct sk_buff *skb, u64 *pn)
{
	unsigned int len = skb->len;
	struct tquic_short_hdr h;
	struct sk_buff *trailer;
	int nsg, hlen, err;

	err = short_hdr(skb, &h);
	if (err)
		return err;
	/* Decryption and header protection both work in place. */
	nsg = skb_cow_data(skb, 0, &trailer);
	if (nsg < 0)
		return nsg;
	hlen = unprotect_hdr(kp, space, path_id, skb, &h, pn);
	if (hlen < 0)
		return hlen;
	err = tquic_crypto_aead_skb(kp->rx, false, skb, nsg, hlen, len - hlen,
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
static void unseal_failed(struct tquic_dev *t, int err)
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
static void rcv_short(struct tquic_dev *t, struct sk_buff *skb,
		      const struct tquic_endpoint *src)
{
	struct tquic_pn_space *space = NULL;
	unsigned int len = skb->len;
	struct tquic_keypair *kp;
	struct tquic_short_hdr h;
	struct tquic_path *p;
	bool newest;
	u32 path_id;
	int err;
	u64 pn;

	if (short_hdr(skb, &h)) {
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
	space = p ? &kp->space[p->slot] : tquic_keypair_space_of(kp, path_id);
	if (IS_ERR(space)) {
		unseal_failed(t, PTR_ERR(space));
		goto drop;
	}
	err = tquic_receive_unseal(kp, space, path_id, skb, &pn);
	if (err) {
		unseal_failed(t, err);
		if (err == -EBADMSG)
			tquic_keypair_forged(t, kp);
		goto drop;
	}
	if (!p) {
		/* Where its numbers were, if the slot is free. */
		p = tquic_path_learn(t, path_id, src,
				     space ? space - kp->space : TQUIC_MAX_PATHS);
		if (!p) {
			tquic_stat_inc(t, TQUIC_XSTATS_RX_UNKNOWN_CID);
			goto drop;
		}
		space = &kp->space[p->slot];
	}
	if (!tquic_pn_space_accept(kp, p->slot, path_id, pn, &newest)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_REPLAYED);
		goto drop;
	}
	/* Only the newest packet may move the peer (RFC 9000 section 9.3). */
	tquic_session_authenticated(t, kp, newest ? src : NULL);
	tquic_path_rcv(t, p, src, len, newest);
	WRITE_ONCE(t->last_rx, jiffies);
	if (rcv_frames(t, kp, p, space, skb))
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
	return;

drop:
	DEV_STATS_INC(t->dev, rx_dropped);
	kfree_skb(skb);
}

/* The peer's endpoint, from the outer headers of a received packet. */
static void rcv_source(const struct sk_buff *skb,
		       struct tquic_endpoint *src)
{
	const struct udphdr *uh = udp_hdr(skb);

	memset(src, 0, sizeof(*src));
	src->local_ifindex = skb->skb_iif;
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
int tquic_receive(struct sock *sk, struct sk_buff *skb)
{
	struct tquic_endpoint src;
	struct tquic_dev *t;

	rcu_read_lock_bh();
	t = rcu_dereference_sk_user_data(sk);
	if (!t) {
		kfree_skb(skb);
		goto out;
	}
	rcv_source(skb, &src);
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + 1)) {
		tquic_stat_inc(t, TQUIC_XSTATS_RX_MALFORMED);
		goto drop;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	if (!tquic_pkt_is_long(skb->data[0])) {
		rcv_short(t, skb, &src);
		goto out;
	}
	if (skb->len > TQUIC_RX_HS_MAX) {
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
 * tquic_receive_init() - the receive side of a new device (ndo_init)
 * @t: the device
 *
 * Return: 0 or a negative errno, with nothing left to undo.
 */
int tquic_receive_init(struct tquic_dev *t)
{
	int err;

	err = tquic_reorder_buf_init(&t->reorder, TQUIC_RX_REORDER_SLOTS,
				     deliver, t);
	if (err)
		return err;
	tquic_reorder_buf_set_cap(&t->reorder, t->cfg.reorder_timeout_ms);
	err = gro_cells_init(&t->gro_cells, t->dev);
	if (err)
		tquic_reorder_buf_destroy(&t->reorder);
	return err;
}

/* ndo_uninit: the device is closed, nothing is received any more. */
void tquic_receive_uninit(struct tquic_dev *t)
{
	tquic_reorder_buf_destroy(&t->reorder);
	gro_cells_destroy(&t->gro_cells);
}
