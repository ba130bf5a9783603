/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ndo_start_xmit and the scheduler glue (xmit.c).
 */
#ifndef _TQUIC_XMIT_H
#define _TQUIC_XMIT_H

#include <linux/netdevice.h>
#include <linux/types.h>

struct sk_buff;
struct tquic_dev;
struct tquic_keypair;
struct tquic_path;

void tquic_xmit_init(struct tquic_dev *t);
void tquic_xmit_stop(struct tquic_dev *t);
netdev_tx_t tquic_xmit(struct sk_buff *skb, struct net_device *dev);
void tquic_xmit_data(struct tquic_dev *t, struct tquic_path *paths,
		     struct tquic_keypair *kp, struct sk_buff *skb,
		     u64 seq, bool recovered, u32 exclude);
void tquic_xmit_flow(struct tquic_dev *t);

#endif /* _TQUIC_XMIT_H */
