/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of the data path that turn an skb into a protected 1-RTT
 * packet and back, and route it out, apart from the session and the paths
 * (path.c) that decide what goes where. The KUnit suite
 * (datapath_kunit.c) runs the very code that carries packets.
 */
#ifndef _TQUIC_DATAPATH_H
#define _TQUIC_DATAPATH_H

#include <linux/in6.h>
#include <linux/types.h>

#include "core/packet.h"
#include "path.h"
#include "core/protection.h"
#include "core/varint.h"

struct dst_cache;
struct dst_entry;
struct sk_buff;
struct sock;
struct socket;
struct tquic_dev;
struct tquic_endpoint;
struct tquic_frame;
struct tquic_keypair;
struct tquic_pn_space;

/*
 * We send no transport parameters, so both ends use the RFC 9000 defaults:
 * ACK Delay in units of 8 us, at most 25 ms of delay before an ACK.
 */
#define TQUIC_DP_ACK_DELAY_EXP	3
#define TQUIC_DP_MAX_ACK_DELAY_MS	25
/* RFC 9000 section 13.2.2: acknowledge at least every second packet. */
#define TQUIC_DP_ACK_EVERY	2
/* Bytes an ACK frame may take; the largest ranges come first in it. */
#define TQUIC_DP_ACK_MAX	64

/* Short header with the longest packet number. */
#define TQUIC_DP_HDR_MAX	(TQUIC_SHORT_PN_OFFSET + TQUIC_PN_MAX_LEN)
/* DATAGRAM type and the longest tunnel sequence number. */
#define TQUIC_DP_DGRAM_HDR_MAX	(1 + TQUIC_VARINT_MAX_LEN)
/* QUIC bytes around an inner packet, at worst: what the MTU must allow. */
#define TQUIC_DP_DATA_OVERHEAD	(TQUIC_DP_HDR_MAX + TQUIC_DP_DGRAM_HDR_MAX + \
				 TQUIC_PROT_TAG_LEN)
/* Everything we put in front of an inner packet: header and frames. */
#define TQUIC_DP_FRONT_MAX	(TQUIC_DP_HDR_MAX + TQUIC_DP_ACK_MAX + \
				 TQUIC_PATH_CTRL_MAX + \
				 TQUIC_PKT_MIN_AFTER_PN + 1 + \
				 TQUIC_DP_DGRAM_HDR_MAX)

enum tquic_dp_kind {
	TQUIC_DP_DATA,		/* DATAGRAM with an inner packet */
	TQUIC_DP_PING,		/* ack-eliciting, nothing else to say */
	TQUIC_DP_ACK,		/* ACK only, not ack-eliciting */
	TQUIC_DP_CTRL,		/* the given (ack-eliciting) frames */
};

/* One packet to seal: what it is and where it goes. */
struct tquic_dp_pkt {
	struct tquic_keypair *kp;
	struct tquic_pn_space *space;	/* its due ACK rides along */
	u32 path_id;
	u64 pn;
	u64 largest_acked;		/* of ours, TQUIC_PN_NONE before any */
	enum tquic_dp_kind kind;
	u64 seq;			/* DATA: tunnel sequence number */
	const u8 *ctrl;			/* CTRL: frames to send */
	unsigned int ctrl_len;
	unsigned int mtu;		/* largest QUIC packet the path takes */
	unsigned int headroom;		/* for the outer headers */
	bool acked;			/* out: an ACK frame rode along */
};

/* Where and how one packet leaves. */
struct tquic_dp_route {
	struct dst_entry *dst;		/* held; dst_release() when done */
	struct sock *sk;
	sa_family_t family;
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
	__be16 sport;
	__be16 dport;
	unsigned int mtu;		/* largest QUIC packet the path takes */
	unsigned int headroom;		/* for the outer headers */
};

int tquic_dp_seal(struct tquic_dp_pkt *pkt, struct sk_buff *skb);
int tquic_dp_unseal(struct tquic_keypair *kp, struct tquic_pn_space *space,
		    u32 path_id, struct sk_buff *skb, u64 *pn);
bool tquic_dp_accept(struct tquic_keypair *kp, unsigned int slot, u32 path_id,
		     u64 pn);
void tquic_keypair_spaces_init(struct tquic_keypair *kp);
struct tquic_pn_space *tquic_keypair_claim(struct tquic_keypair *kp,
				      unsigned int slot, u32 path_id);
int tquic_dp_next_frame(struct sk_buff *skb, struct tquic_frame *f,
			u64 *seq);

int tquic_dp_route(struct tquic_dev *t, const struct tquic_endpoint *ep,
		   int oif, struct socket *sock, struct dst_cache *cache,
		   struct tquic_dp_route *r);
void tquic_dp_output(struct tquic_dev *t, struct tquic_dp_route *r,
		     struct sk_buff *skb, __be16 df);
struct socket *tquic_dp_sock(struct tquic_dev *t, sa_family_t family,
			     u16 port, int ifindex);
void tquic_dp_rtt_sample(struct tquic_dev *t, u64 sample_us, u64 delay_us);

#endif /* _TQUIC_DATAPATH_H */
