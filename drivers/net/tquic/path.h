/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paths (path.c): one per slave at the client, learned from the client at
 * the server. Each has its own packet numbers (per keypair, in the
 * keypair's space of the path's slot), RTT, loss detection, congestion
 * control and, at the client, a UDP socket bound to its slave.
 */
#ifndef _TQUIC_PATH_H
#define _TQUIC_PATH_H

#include <linux/atomic.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/tquic.h>
#include <net/dst_cache.h>

#include "core/cc.h"
#include "core/loss.h"
#include "core/rtt.h"
#include "session.h"
#include "tquic.h"

struct sk_buff;
struct socket;
struct tquic_ack_frame;
struct tquic_dev;
struct tquic_frame;

/*
 * Packets remembered per path for loss detection, and inner packets kept
 * for re-sending when lost or when the path fails: far above a path's window here
 * (a 50 Mbit/s path with 100 ms of RTT has ~450 packets in flight).
 */
#define TQUIC_PATH_RING		1024

/* PATH_CHALLENGE repeats while validating, and while probing a failed path. */
#define TQUIC_PATH_VALIDATE_US	(200 * USEC_PER_MSEC)
#define TQUIC_PATH_PROBE_US	(500 * USEC_PER_MSEC)

/* A server forgets a path the client stopped answering on after this. */
#define TQUIC_PATH_FORGET_US	(60 * USEC_PER_SEC)
/*
 * ... and one it learned but could not validate in this long: 50 probes,
 * whatever the path's RTT. Slots are few (TQUIC_MAX_PATHS); one held by a
 * path nobody answers on is kept from a real one.
 */
#define TQUIC_PATH_PROOF_US	(10 * USEC_PER_SEC)

/* Congestion-control datagram size before the route says otherwise. */
#define TQUIC_PATH_MSS		1400

/* PATH_CHALLENGE data. */
#define TQUIC_PATH_CHALLENGE_LEN	8
/*
 * PATH_CHALLENGEs a path keeps outstanding (RFC 9000 section 8.2.1 allows
 * several): a response to any of them validates it. Probes go out every
 * TQUIC_PATH_VALIDATE_US, so an answer is taken up to 1.6 s after its
 * challenge while validating (4 s while failed): loaded LTE and satellite
 * paths of 300 ms to 1 s RTT validate too.
 */
#define TQUIC_PATH_CHALLENGES		8
/* Room for the control frames of one packet. */
#define TQUIC_PATH_CTRL_MAX	64

struct tquic_path_held {
	struct sk_buff *skb;		/* the inner packet, to send again */
	u64 seq;			/* its tunnel sequence number */
	bool recovered;			/* already sent again after a loss */
};

struct tquic_path_stats {
	u64 tx_packets;
	u64 tx_bytes;
	u64 lost;
	u64 retransmitted;
	u64 failures;
};

struct tquic_path {
	struct tquic_dev *t;
	u8 slot;			/* index in the device's paths */

	/* Written under the device's path_lock, read anywhere. */
	bool in_use;
	bool abandoned;			/* client: PATH_ABANDON sent (RTNL) */
	u32 id;				/* path ID on the wire */
	int ifindex;			/* client: the slave; server: 0 */
	struct socket __rcu *sock;	/* client: bound to the slave */

	spinlock_t lock;		/* everything below */
	u8 state;			/* enum tquic_path_state */
	bool backup;			/* ours (client) or the peer's word */
	u32 weight;
	u64 status_seq_rx;		/* newest PATH_STATUS taken */
	u64 status_seq_tx;
	bool status_due;		/* our PATH_STATUS still to send */
	seqcount_t remote_seq;		/* writers hold lock; readers retry */
	struct tquic_endpoint remote;
	bool have_remote;
	/*
	 * Routes to remote, per CPU: a lookup per packet was a good part of
	 * a tunnelled packet's cost. Reset inside every write of remote_seq.
	 */
	struct dst_cache dst_cache;
	const struct tquic_keypair *kp;	/* whose packet numbers loss records */
	u64 pn_base;			/* packet number of loss's number 0 */
	struct tquic_rtt rtt;
	struct tquic_cc cc;
	struct tquic_loss loss;
	struct tquic_sent sent[TQUIC_PATH_RING];
	struct tquic_path_held held[TQUIC_PATH_RING];
	u8 challenge[TQUIC_PATH_CHALLENGES][TQUIC_PATH_CHALLENGE_LEN];
	u8 challenge_next;		/* the slot of the next one */
	u8 challenge_out;		/* bitmap: slots sent, not answered */
	u64 probe_at_us;		/* next PATH_CHALLENGE */
	/*
	 * Server: the client's address last validated on this path. While
	 * remote is not validated (learned, or moved to: RFC 9000 section 9)
	 * we send it at most three times the bytes it sent us (section 8),
	 * counted with the IP and UDP headers.
	 */
	struct tquic_endpoint proved;
	bool have_proved;
	bool amp_limited;		/* also read without the lock */
	bool keep_cc;			/* moved to another port only (9.4) */
	u64 amp_rx;
	u64 amp_tx;
	/* Carrying nothing since: failed, or (server) learned, unproved. */
	u64 failed_at_us;
	unsigned long last_tx;		/* jiffies, for keepalives */
	struct tquic_path_stats st;
	struct timer_list timer;	/* loss, PTO, probes, keepalive */

	/* Lockless readers: the reorder timeout, the receive counters. */
	u64 one_way_us;
	u64 var_us;
	u64 srtt_us;
	atomic64_t rx_packets;
	atomic64_t rx_bytes;
};

/*
 * The path's ID where a packet is numbered: under p->lock, which every
 * renumbering holds (path.c), so a packet's number and the path ID in its
 * nonce are of one path, and no nonce repeats under a key.
 */
static inline u32 tquic_path_id_locked(struct tquic_path *p)
{
	lockdep_assert_held(&p->lock);
	return p->id;
}

/* The paths array: under rcu_read_lock_bh() or RTNL. NULL while down. */
static inline struct tquic_path *tquic_paths(struct tquic_dev *t)
{
	return rcu_dereference_bh_check(t->paths, lockdep_rtnl_is_held());
}

/* Device life cycle (RTNL). */
void tquic_paths_init(struct tquic_dev *t);
int tquic_paths_open(struct tquic_dev *t);
void tquic_paths_stop(struct tquic_dev *t);
void tquic_paths_sync(struct tquic_dev *t);
void tquic_paths_carrier(struct tquic_dev *t);

/* The session's event: a keypair the peer holds too is ready to use. */
void tquic_paths_keypair_confirmed(struct tquic_dev *t,
				   struct tquic_keypair *kp);

/* Data path (RCU-BH held by the caller). */
struct tquic_path *tquic_path_find(struct tquic_dev *t, u32 id);
struct tquic_path *tquic_path_learn(struct tquic_dev *t, u32 id,
				    const struct tquic_endpoint *src,
				    unsigned int hint);
void tquic_path_rcv(struct tquic_dev *t, struct tquic_path *p,
		    const struct tquic_endpoint *src, unsigned int len,
		    bool newest);
bool tquic_path_amp_allows(struct tquic_path *p, u32 bytes);
void tquic_path_rcv_frame(struct tquic_dev *t, struct tquic_keypair *kp,
			  struct tquic_path *p, const struct tquic_frame *f);
void tquic_path_forget(struct tquic_dev *t, struct tquic_path *p);

#endif /* _TQUIC_PATH_H */
