/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tquic device: its configuration, the state its files share, and
 * the numbers every file agrees on.
 *
 * All configuration (slave sets, peer, ports, mode, keys) and the list
 * of tquic devices are owned by RTNL; netlink handlers and the netdevice
 * notifier run with RTNL held. The session keeps its own copy of the keys
 * (session.h); the data path reads sockets, paths and keypairs under RCU.
 * Lock order: device.c.
 */
#ifndef _TQUIC_H
#define _TQUIC_H

#include <linux/hrtimer.h>
#include <linux/ktime.h>
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

	/* session.c */
	struct tquic_session *sess;	/* from tquic_session_init() */

	/* socket.c */
	struct socket __rcu *sock4;
	struct socket __rcu *sock6;
	unsigned long last_tx;		/* jiffies, for keepalives */
	int tx_ifindex;			/* first slave that is up; slave.c */

	/* receive.c */
	struct gro_cells gro_cells;
	unsigned long last_rx;
	struct tquic_reorder_buf reorder;	/* restores the peer's tx_seq order */

	/* xmit.c */
	atomic64_t tx_seq;		/* tunnel sequence numbers */
	struct hrtimer wake_timer;	/* wakes the queue when pacing allows */
	u32 tx_len;			/* tquic_sched_len_hint(); racy, a hint */

	/* path.c */
	struct tquic_path __rcu *paths;	/* TQUIC_MAX_PATHS, while up */
	spinlock_t path_lock;		/* taking and freeing path slots */
	u32 next_path_id;		/* client: never reused (RTNL) */
	unsigned int slaves_up;		/* slave.c, for the carrier */

	/* timers.c */
	struct timer_list ack_timer;	/* delayed ACK */
	/*
	 * Local CIDs of the keypairs the timer acknowledges for: during a
	 * rekey the previous keypair may owe an ACK as well as the current.
	 */
	spinlock_t ack_lock;		/* guards ack_cids and ack_ncids */
	u8 ack_cids[TQUIC_ACK_KEYPAIRS][TQUIC_CID_LEN];
	unsigned int ack_ncids;
	/* recovery.c samples it, netlink.c shows it */
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

/* The clock of RTTs, pacing and path deadlines. */
static inline u64 tquic_now_us(void)
{
	return ktime_to_us(ktime_get());
}

/* The client end knows its peer's address; the server learns its clients'. */
static inline bool tquic_is_client(const struct tquic_dev *t)
{
	return READ_ONCE(t->cfg.peer_family) != AF_UNSPEC;
}

#endif /* _TQUIC_H */
