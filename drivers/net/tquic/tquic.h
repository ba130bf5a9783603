/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: multipath QUIC tunnel device, shared definitions.
 *
 * Locking: all configuration (slave sets, peer, ports, mode) and the list
 * of tquic devices are owned by RTNL. Netlink handlers and the netdevice
 * notifier run with RTNL held; nothing here is read outside it yet.
 */
#ifndef _TQUIC_H
#define _TQUIC_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/tquic.h>
#include <net/ip.h>

struct tquic_slave {
	struct net_device *dev;
	netdevice_tracker tracker;
};

struct tquic_slave_set {
	struct tquic_slave slave[TQUIC_MAX_SLAVES];
	unsigned int n;
};

struct tquic_config {
	sa_family_t peer_family;	/* AF_UNSPEC: no peer (server end) */
	union {
		__be32 v4;
		struct in6_addr v6;
	} peer;
	u16 peer_port;
	u16 listen_port;
	u8 mode;			/* enum tquic_mode */
};

struct tquic_dev {
	struct net_device *dev;
	struct list_head node;		/* in tquic_devs */
	struct tquic_slave_set slaves;
	struct tquic_config cfg;
};

/*
 * Worst-case bytes around an inner packet: outer IPv6 (40) + UDP (8) +
 * short header (1 + 20-byte CID + 4-byte PN) + DATAGRAM type and tunnel
 * sequence varints (1 + 8) + AEAD tag (16).
 */
#define TQUIC_OVERHEAD		98
#define TQUIC_DEFAULT_MTU	(ETH_DATA_LEN - TQUIC_OVERHEAD)
#define TQUIC_MAX_MTU		(IP_MAX_MTU - TQUIC_OVERHEAD)

/* device.c */
extern struct rtnl_link_ops tquic_link_ops;
void tquic_setup(struct net_device *dev);
bool tquic_is_tquic(const struct net_device *dev);

/* slave.c */
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

#endif /* _TQUIC_H */
