/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of the data path that turn an skb into a protected 1-RTT
 * packet and back, apart from sockets, routes and the session, so that
 * the KUnit suite (datapath_kunit.c) runs the very code that carries
 * packets.
 */
#ifndef _TQUIC_DATAPATH_H
#define _TQUIC_DATAPATH_H

#include <linux/types.h>

struct sk_buff;
struct tquic_frame;
struct tquic_keypair;

enum tquic_dp_kind {
	TQUIC_DP_DATA,		/* DATAGRAM with an inner packet */
	TQUIC_DP_PING,		/* ack-eliciting, nothing else to say */
	TQUIC_DP_ACK,		/* ACK only, not ack-eliciting */
};

int tquic_dp_seal(struct tquic_keypair *kp, struct sk_buff *skb,
		  unsigned int mtu, unsigned int headroom,
		  enum tquic_dp_kind kind, u64 seq, bool *acked);
int tquic_dp_unseal(struct tquic_keypair *kp, struct sk_buff *skb, u64 *pn);
int tquic_dp_next_frame(struct sk_buff *skb, struct tquic_frame *f);

#endif /* _TQUIC_DATAPATH_H */
