/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slaves (slave.c): parsing and holding a device's slave set, and the
 * netdevice notifier that follows the slaves' state. RTNL throughout.
 */
#ifndef _TQUIC_SLAVE_H
#define _TQUIC_SLAVE_H

#include <linux/types.h>

struct net;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;
struct tquic_dev;
struct tquic_slave_set;

int tquic_slaves_parse(struct net *net, const struct nlattr *nest,
		       struct tquic_slave_set *set,
		       struct netlink_ext_ack *extack);
void tquic_slaves_release(struct tquic_slave_set *set);
void tquic_slaves_replace(struct tquic_dev *t, struct tquic_slave_set *set);
int tquic_slaves_fill(struct sk_buff *skb, const struct tquic_slave_set *set);
size_t tquic_slaves_size(void);
void tquic_track(struct tquic_dev *t);
void tquic_untrack(struct tquic_dev *t);
void tquic_update_carrier(struct tquic_dev *t);
int tquic_notifier_register(void);
void tquic_notifier_unregister(void);

#endif /* _TQUIC_SLAVE_H */
