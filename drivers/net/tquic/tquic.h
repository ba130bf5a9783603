/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic: multipath QUIC tunnel device, shared definitions.
 *
 * Locking: all configuration (slave sets, peer, ports, mode, keys) and
 * the list of tquic devices are owned by RTNL. Netlink handlers and the
 * netdevice notifier run with RTNL held. The handshake keeps its own copy
 * of the keys under its own lock (session.h); the data path reads sockets
 * and keypairs under RCU (datapath.c documents its side).
 */
#ifndef _TQUIC_H
#define _TQUIC_H

#include <linux/hrtimer.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/tquic.h>
#include <net/gro_cells.h>
#include <net/ip.h>

#include "core/rtt.h"
#include "reorder_buf.h"
#include "session.h"

struct tquic_slave {
	struct net_device *dev;
	netdevice_tracker tracker;
	bool backup;			/* active-backup: only when no primary */
	u32 weight;			/* aggregate: percent of the rate */
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
	u32 reorder_timeout_ms;		/* hold cap; 0: no reordering */
	struct tquic_keys keys;
};

/* Keypairs that may receive at once: previous, current and next. */
#define TQUIC_ACK_KEYPAIRS	3

struct tquic_dev {
	struct net_device *dev;
	struct list_head node;		/* in tquic_devs */
	struct tquic_slave_set slaves;
	struct tquic_config cfg;

	/* handshake.c */
	struct tquic_session *sess;	/* from tquic_session_init() */

	/* datapath.c */
	struct socket __rcu *sock4;
	struct socket __rcu *sock6;
	struct gro_cells gro_cells;
	unsigned long last_tx;		/* jiffies, for keepalives */
	unsigned long last_rx;
	int tx_ifindex;			/* first slave that is up; slave.c */
	atomic64_t tx_seq;		/* tunnel sequence numbers */
	struct tquic_reorder_buf reorder;	/* restores the peer's tx_seq order */

	/* path.c */
	struct tquic_path __rcu *paths;	/* TQUIC_MAX_PATHS, while up */
	spinlock_t path_lock;		/* taking and freeing path slots */
	u32 next_path_id;		/* client: never reused (RTNL) */
	unsigned int slaves_up;		/* slave.c, for the carrier */
	struct hrtimer wake_timer;	/* wakes the queue when pacing allows */
	u32 tx_len;			/* tquic_sched_len_hint(); racy, a hint */
	struct timer_list ack_timer;	/* delayed ACK */
	/*
	 * Local CIDs of the keypairs the timer acknowledges for: during a
	 * rekey the previous keypair may owe an ACK as well as the current.
	 */
	spinlock_t ack_lock;		/* guards ack_cids and ack_ncids */
	u8 ack_cids[TQUIC_ACK_KEYPAIRS][TQUIC_CID_LEN];
	unsigned int ack_ncids;
	spinlock_t rtt_lock;		/* guards rtt */
	struct tquic_rtt rtt;
	atomic64_t stats[__TQUIC_XSTATS_COUNTERS];
};

static inline void tquic_stat_inc(struct tquic_dev *t, unsigned int idx)
{
	atomic64_inc(&t->stats[idx]);
}

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

/* datapath.c: sockets, 1-RTT packets in both directions, ACKs, MTU */
int tquic_dp_init(struct tquic_dev *t);
void tquic_dp_uninit(struct tquic_dev *t);
int tquic_dp_open(struct tquic_dev *t);
void tquic_dp_stop(struct tquic_dev *t);
netdev_tx_t tquic_dp_xmit(struct sk_buff *skb, struct net_device *dev);
/*
 * Send a handshake packet: @skb's data is one whole QUIC packet with at
 * least TQUIC_DP_HEADROOM bytes of headroom. Consumes @skb.
 */
#define TQUIC_DP_HEADROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + 8)
int tquic_dp_send_raw(struct tquic_dev *t, const struct tquic_endpoint *dst,
		      struct sk_buff *skb);
void tquic_dp_rtt(struct tquic_dev *t, u32 *srtt_us, u32 *rttvar_us);
u64 tquic_dp_counter(struct tquic_dev *t, unsigned int i);

/* netlink.c */
void tquic_config_wipe(struct tquic_dev *t);

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
