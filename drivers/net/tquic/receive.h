/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encap_rcv of our sockets, and the pieces of packet opening the KUnit
 * suite (seal_kunit.c) runs on real skbs (receive.c).
 */
#ifndef _TQUIC_RECEIVE_H
#define _TQUIC_RECEIVE_H

#include <linux/types.h>

struct sk_buff;
struct sock;
struct tquic_dev;
struct tquic_frame;
struct tquic_keypair;
struct tquic_pn_space;

int tquic_receive_init(struct tquic_dev *t);
void tquic_receive_uninit(struct tquic_dev *t);
int tquic_receive(struct sock *sk, struct sk_buff *skb);
int tquic_receive_unseal(struct tquic_keypair *kp, struct tquic_pn_space *space,
			 u32 path_id, struct sk_buff *skb, u64 *pn);
int tquic_receive_next_frame(struct sk_buff *skb, struct tquic_frame *f,
			     u64 *seq);

#endif /* _TQUIC_RECEIVE_H */
