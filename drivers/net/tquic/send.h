/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One QUIC packet on one path (send.c). The KUnit suite (seal_kunit.c)
 * runs tquic_send_seal(), the very code that carries packets.
 */
#ifndef _TQUIC_SEND_H
#define _TQUIC_SEND_H

#include <linux/types.h>

#include "core/packet.h"
#include "core/protection.h"
#include "core/varint.h"
#include "path.h"

struct sk_buff;
struct tquic_dev;
struct tquic_keypair;
struct tquic_pn_space;
struct tquic_route;

/* Short header with the longest packet number. */
#define TQUIC_SHORT_HDR_MAX	(TQUIC_SHORT_PN_OFFSET + TQUIC_PN_MAX_LEN)
/* DATAGRAM type and the longest tunnel sequence number. */
#define TQUIC_DGRAM_HDR_MAX	(1 + TQUIC_VARINT_MAX_LEN)
/* QUIC bytes around an inner packet, at worst: what the MTU must allow. */
#define TQUIC_DATA_OVERHEAD	(TQUIC_SHORT_HDR_MAX + TQUIC_DGRAM_HDR_MAX + \
				 TQUIC_PROT_TAG_LEN)
/* Everything we put in front of an inner packet: header and frames. */
#define TQUIC_FRONT_MAX		(TQUIC_SHORT_HDR_MAX + TQUIC_ACK_FRAME_MAX + \
				 TQUIC_PATH_CTRL_MAX + \
				 TQUIC_PKT_MIN_AFTER_PN + 1 + \
				 TQUIC_DGRAM_HDR_MAX)

enum tquic_send_kind {
	TQUIC_SEND_DATA,	/* DATAGRAM with an inner packet */
	TQUIC_SEND_PING,	/* ack-eliciting, nothing else to say */
	TQUIC_SEND_ACK,		/* ACK only, not ack-eliciting */
	TQUIC_SEND_CTRL,	/* the given (ack-eliciting) frames */
};

/* What to send on a path, as its callers ask for it. */
struct tquic_send_req {
	enum tquic_send_kind kind;
	u64 seq;
	const u8 *ctrl;
	unsigned int ctrl_len;
	bool retain;		/* keep the inner packet to send again */
	bool recovered;		/* it is a lost one, sent again */
	u64 now;		/* the sender's clock, if it read it; else 0 */
};

/* One packet to seal: what it is and where it goes. */
struct tquic_send_pkt {
	struct tquic_keypair *kp;
	struct tquic_pn_space *space;	/* its due ACK rides along */
	u32 path_id;
	u64 pn;
	u64 largest_acked;		/* of ours, TQUIC_PN_NONE before any */
	enum tquic_send_kind kind;
	u64 seq;			/* DATA: tunnel sequence number */
	const u8 *ctrl;			/* CTRL: frames to send */
	unsigned int ctrl_len;
	unsigned int mtu;		/* largest QUIC packet the path takes */
	unsigned int headroom;		/* for the outer headers */
	bool acked;			/* out: an ACK frame rode along */
};

int tquic_send_seal(struct tquic_send_pkt *pkt, struct sk_buff *skb);
int tquic_send_route(struct tquic_dev *t, struct tquic_path *p,
		     struct tquic_route *r);
int tquic_send(struct tquic_dev *t, struct tquic_path *p,
	       struct tquic_keypair *kp, struct sk_buff *skb,
	       const struct tquic_send_req *tx);
int tquic_send_ctrl(struct tquic_dev *t, struct tquic_path *p,
		    struct tquic_keypair *kp, enum tquic_send_kind kind,
		    const u8 *frames, unsigned int len);
void tquic_send_challenge(struct tquic_dev *t, struct tquic_path *p,
			  struct tquic_keypair *kp);
void tquic_send_acks(struct tquic_dev *t, struct tquic_keypair *kp,
		     unsigned int threshold);

#endif /* _TQUIC_SEND_H */
