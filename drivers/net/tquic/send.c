// SPDX-License-Identifier: GPL-2.0
/*
 * One QUIC packet on one path: numbered in the path's packet-number
 * space, an ACK riding along when one is due, protected in place and
 * handed to socket.c. Inner packets (DATAGRAM), PINGs, ACKs and the
 * multipath control frames all leave through tquic_send().
 *
 * The inner packet becomes the QUIC packet where it lies: short header,
 * an optional ACK and the DATAGRAM frame header go in the headroom, the
 * AEAD tag at the tail, sealed over a scatterlist of the skb itself. The
 * payload is never copied and no socket lock is taken.
 *
 * Contexts: the xmit path, softirq (ACK and response frames, resends),
 * and the timers; always under rcu_read_lock_bh().
 *
 * Invariants: a path's packets are numbered, sealed and sent under its
 * lock, in packet-number order, so they never overtake each other; a
 * packet without keys, route or memory is dropped and counted, and so is
 * one whose keys have sealed all they may (keypair.c). Nothing
 * comes back in on the way out (receive runs from the backlog).
 * Lock order: device.c.
 */
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "core/frame.h"
#include "core/packet.h"
#include "core/varint.h"
#include "crypto.h"
#include "keypair.h"
#include "path.h"
#include "recovery.h"
#include "send.h"
#include "socket.h"
#include "timers.h"
#include "tquic.h"

/*
 * The receiver recovers a truncated packet number around the largest one
 * it has received, and its replay window still takes packets up to
 * TQUIC_REPLAY_WINDOW behind that one. Packets do overtake each other on
 * the way (per-CPU receive queues, queueing disciplines, several paths),
 * at high packet rates by more than the 128 that RFC 9000's shortest
 * encoding leaves room for: a number must decode anywhere in the replay
 * window, so it is never shorter than this.
 */
#define TQUIC_TX_PN_MIN_LEN	2

/* Every packet number the replay window takes decodes (see above). */
static_assert(TQUIC_REPLAY_WINDOW < 1U << (8 * TQUIC_TX_PN_MIN_LEN - 1));
/* The device MTU leaves room for the worst case of the outer headers. */
static_assert(sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
	      TQUIC_DATA_OVERHEAD <= TQUIC_OVERHEAD);

/*
 * Write the ACK frame of @space at @buf if one is due (or @force),
 * in at most @room bytes. Returns its length, 0 for none.
 */
static int write_ack(struct tquic_pn_space *space, bool force,
		     u8 *buf, size_t room)
{
	struct tquic_ack_info info = {
		.type = TQUIC_FT_PATH_ACK,
		.path_id = READ_ONCE(space->path_id),
		.delay_exponent = TQUIC_ACK_DELAY_EXP,
	};
	int n = 0;

	if (!force && !READ_ONCE(space->ack_pending))
		return 0;
	spin_lock(&space->lock);
	if (space->ack_pending && space->acks.n) {
		info.delay_us = tquic_now_us() - space->largest_rx_us;
		n = tquic_ack_ranges_write(&space->acks, &info, buf,
					   min_t(size_t, room,
						 TQUIC_ACK_FRAME_MAX));
		if (n > 0)
			space->ack_pending = 0;
	}
	spin_unlock(&space->lock);
	return max(n, 0);
}

/**
 * tquic_send_seal() - make @skb a protected 1-RTT packet, in place
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
int tquic_send_seal(struct tquic_send_pkt *pkt, struct sk_buff *skb)
{
	struct tquic_keypair *kp = pkt->kp;
	u8 front[TQUIC_FRONT_MAX], cid[TQUIC_CID_LEN];
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
	pn_len = max_t(unsigned int, TQUIC_TX_PN_MIN_LEN,
		       tquic_pn_encode_len(pkt->pn, pkt->largest_acked));
	tquic_cid_for_path(kp->remote_cid, pkt->path_id, cid);
	n = tquic_short_hdr_build(front, sizeof(front), cid, kp->key_phase,
				  pkt->pn, pn_len);
	if (n < 0)
		return n;
	hlen = n;
	off = hlen;
	if (pkt->kind == TQUIC_SEND_DATA)
		dlen = 1 + tquic_varint_size(pkt->seq);

	/* An ACK rides along only where it does not push us past the MTU. */
	used = hlen + dlen + pkt->ctrl_len + skb->len + TQUIC_PROT_TAG_LEN;
	room = pkt->mtu > used ? pkt->mtu - used : 0;
	off += write_ack(pkt->space, pkt->kind == TQUIC_SEND_ACK,
			 front + off, room);
	pkt->acked = off > hlen;
	if (pkt->kind == TQUIC_SEND_ACK && !pkt->acked)
		return -ENODATA;
	if (pkt->kind == TQUIC_SEND_PING) {
		n = tquic_frame_write_ping(front + off, sizeof(front) - off);
		if (n < 0)
			return n;
		off += n;
	}
	if (pkt->kind == TQUIC_SEND_CTRL) {
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
	if (pkt->kind == TQUIC_SEND_DATA) {
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
	err = tquic_crypto_aead_skb(kp->tx, true, skb, nsg, hlen,
				    skb->len - hlen - TQUIC_PROT_TAG_LEN, pkt->path_id,
				    pkt->pn);
	if (err)
		return err;
	err = skb_copy_bits(skb, TQUIC_SHORT_PN_OFFSET + TQUIC_PROT_SAMPLE_SKIP,
			    sample, sizeof(sample));
	if (err)
		return err;
	return tquic_prot_hp_apply_sample(&kp->tx->prot, skb->data,
					  TQUIC_SHORT_PN_OFFSET, sample);
}

int tquic_send_route(struct tquic_dev *t, struct tquic_path *p,
		     struct tquic_route *r)
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
	err = tquic_socket_route(t, &ep, p->ifindex, rcu_dereference_bh(p->sock),
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
 * Make @kp's packet-number space of the path's slot ours: a new keypair
 * or a new path ID on the slot starts the space (and loss detection)
 * over. Packet numbers of one (keypair, path ID) never repeat: a space is
 * reset only when it changes hands to another path ID.
 */
static struct tquic_pn_space *path_space(struct tquic_path *p,
					 struct tquic_keypair *kp)
{
	struct tquic_pn_space *space = &kp->space[p->slot];
	u32 id = tquic_path_id_locked(p);

	if (p->kp != kp || READ_ONCE(space->path_id) != id) {
		u64 owed = tquic_loss_owed_since(&p->loss);

		space = tquic_keypair_claim(kp, p->slot, id);
		if (!space)
			return NULL;
		tquic_recovery_reset(p);
		/* A rekey must not hold off the failure of a silent path. */
		tquic_loss_carry_owed(&p->loss, owed);
		p->kp = kp;
		p->pn_base = space->next_pn;
	}
	return space;
}

/*
 * Number a packet of the keypair the path's loss state follows; a new
 * keypair takes it over (path_space()). Under p->lock.
 */
static int path_number(struct tquic_path *p, struct tquic_keypair *kp,
		       const struct tquic_send_req *tx, u32 bytes, u64 now,
		       struct tquic_send_pkt *pkt, struct sk_buff **keep)
{
	u64 lpn;
	int err;

	lockdep_assert_held(&p->lock);

	pkt->space = path_space(p, kp);
	if (!pkt->space)
		return -EKEYREJECTED;
	pkt->largest_acked = p->loss.acked_any ?
			     p->pn_base + p->loss.largest_acked : TQUIC_PN_NONE;
	/*
	 * ACK-only packets are never acknowledged for their own sake: they
	 * take a number but are neither in flight nor awaited.
	 */
	if (tx->kind == TQUIC_SEND_ACK)
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
	if (tx->kind != TQUIC_SEND_ACK)
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
			   struct tquic_send_pkt *pkt)
{
	lockdep_assert_held(&p->lock);

	pkt->space = tquic_keypair_claim(kp, p->slot, tquic_path_id_locked(p));
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
int tquic_send(struct tquic_dev *t, struct tquic_path *p,
	       struct tquic_keypair *kp, struct sk_buff *skb,
	       const struct tquic_send_req *tx)
{
	struct tquic_send_pkt pkt = {
		.kp = kp,
		.kind = tx->kind,
		.seq = tx->seq,
		.ctrl = tx->ctrl,
		.ctrl_len = tx->ctrl_len,
	};
	struct sk_buff *keep = NULL;
	struct tquic_route r;
	u64 now = tx->now ?: tquic_now_us();
	__be16 df = htons(IP_DF);
	u32 bytes;
	int err;

	err = tquic_send_route(t, p, &r);
	if (err)
		goto free;
	pkt.mtu = r.mtu;
	pkt.headroom = r.headroom;
	if (!skb) {
		skb = alloc_skb(r.headroom + TQUIC_FRONT_MAX +
				TQUIC_PROT_TAG_LEN, GFP_ATOMIC);
		if (!skb) {
			err = -ENOMEM;
			goto release;
		}
		skb_reserve(skb, r.headroom + TQUIC_FRONT_MAX);
	}
	/* Before it takes a number: a refused packet leaves no gap. */
	err = tquic_keypair_seal(t, kp);
	if (err)
		goto release;
	if (tx->retain) {
		keep = skb_clone(skb, GFP_ATOMIC);
		if (keep)
			skb_dst_drop(keep);
	}
	bytes = skb->len + TQUIC_DATA_OVERHEAD;
	/* IPv4 without DF, IPv6 within the minimum MTU: tquic_xmit(). */
	if (skb->ignore_df)
		df = 0;

	spin_lock_bh(&p->lock);
	/*
	 * The ID under the lock that numbers the packet: a slot renumbered
	 * meanwhile must not seal a number of one path ID with the nonce of
	 * another, which could repeat a nonce under the key.
	 */
	pkt.path_id = tquic_path_id_locked(p);
	/*
	 * An address being validated gets what validates it, within its
	 * amplification limit; ACKs can wait until it is validated.
	 */
	if (p->amp_limited && tx->kind == TQUIC_SEND_ACK)
		err = -ENODATA;
	else if (tx->kind == TQUIC_SEND_ACK && p->kp && p->kp != kp)
		err = path_number_ack(p, kp, &pkt);
	else
		err = path_number(p, kp, tx, bytes, now, &pkt, &keep);
	if (!err) {
		p->st.tx_packets++;
		p->st.tx_bytes += bytes;
		p->last_tx = jiffies;
		tquic_path_arm(p, now);
		/*
		 * Sealed and sent in packet-number order: packets of one
		 * path overtaking each other would look lost (RFC 9002's
		 * packet threshold) and halve the window for nothing.
		 */
		err = tquic_send_seal(&pkt, skb);
		if (!err && !tquic_path_amp_allows(p, skb->len))
			err = -EAGAIN;
		if (!err)
			tquic_socket_output(t, &r, skb, df);
	}
	spin_unlock_bh(&p->lock);
	kfree_skb(keep);
	if (pkt.acked)
		tquic_stat_inc(t, TQUIC_XSTATS_ACKS_SENT);
	if (err)
		goto free_release;
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
	if (err == -EAGAIN) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_AMP_LIMITED);
		return err;
	}
	if (err != -EHOSTUNREACH && err != -EKEYEXPIRED)
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
	return err;
}

int tquic_send_ctrl(struct tquic_dev *t, struct tquic_path *p,
		    struct tquic_keypair *kp, enum tquic_send_kind kind,
		    const u8 *frames, unsigned int len)
{
	struct tquic_send_req tx = { .kind = kind, .ctrl = frames, .ctrl_len = len };

	return tquic_send(t, p, kp, NULL, &tx);
}

/*
 * PATH_CHALLENGE, with our PATH_STATUS if the peer has not had it. The
 * challenges before it stay answerable (path.h, TQUIC_PATH_CHALLENGES).
 */
void tquic_send_challenge(struct tquic_dev *t, struct tquic_path *p,
			  struct tquic_keypair *kp)
{
	u8 buf[TQUIC_PATH_CTRL_MAX], *data;
	int n, m = 0;

	spin_lock_bh(&p->lock);
	/* The oldest outstanding challenge makes room for this one. */
	data = p->challenge[p->challenge_next];
	get_random_bytes(data, TQUIC_PATH_CHALLENGE_LEN);
	p->challenge_out |= BIT(p->challenge_next);
	p->challenge_next = (p->challenge_next + 1) % TQUIC_PATH_CHALLENGES;
	n = tquic_frame_write_path_challenge(buf, sizeof(buf), data);
	if (n > 0 && tquic_is_client(t) && p->status_due)
		m = tquic_frame_write_path_status(buf + n, sizeof(buf) - n,
						  !p->backup,
						  tquic_path_id_locked(p),
						  ++p->status_seq_tx);
	spin_unlock_bh(&p->lock);
	if (n > 0 && m >= 0)
		tquic_send_ctrl(t, p, kp, TQUIC_SEND_CTRL, buf, n + m);
}

/**
 * tquic_send_acks() - send the ACKs @kp owes on every path
 * @t: the device
 * @kp: the keypair
 * @threshold: only spaces with at least this many packets unacknowledged
 *
 * Each path's ACK goes on that path. Under rcu_read_lock_bh().
 */
void tquic_send_acks(struct tquic_dev *t, struct tquic_keypair *kp,
		     unsigned int threshold)
{
	struct tquic_path *paths = tquic_paths(t);
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
		tquic_send_ctrl(t, p, kp, TQUIC_SEND_ACK, NULL, 0);
	}
}
