/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session: static keys, the Noise IK handshake and the 1-RTT keypairs
 * it produces (handshake.c). The data path sees only this interface:
 * ask for the keypair to send with, look up the keypair of a received
 * CID, and report each authenticated packet.
 */
#ifndef _TQUIC_SESSION_H
#define _TQUIC_SESSION_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/tquic.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "core/packet.h"
#include "pnspace.h"

/* Paths at once: one per slave at the client. */
#define TQUIC_MAX_PATHS		TQUIC_MAX_SLAVES
/*
 * Path IDs one keypair may number packets for over its life (a few
 * minutes): slaves flapping open new ones. Past that, new paths wait for
 * the next keypair.
 */
#define TQUIC_KP_PATH_IDS	32

struct sk_buff;
struct tquic_dev;
struct tquic_crypto_key;

/* Configuration of the session, as given over netlink (RTNL-owned). */
struct tquic_keys {
	u8 private_key[TQUIC_KEY_LEN];
	u8 public_key[TQUIC_KEY_LEN];
	u8 peer_key[TQUIC_KEY_LEN];
	u8 psk[TQUIC_KEY_LEN];
	bool has_private;
	bool has_peer;
	bool has_psk;
	u8 cipher;			/* enum tquic_cipher */
	u16 keepalive;			/* seconds, 0 = off */
	u32 rekey_time;			/* seconds */
};

#define TQUIC_REKEY_TIME_DEFAULT	120

/* A UDP endpoint of the peer, IPv4 or IPv6 (sa_family tells). */
struct tquic_endpoint {
	union {
		struct sockaddr sa;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	};
	/*
	 * Our address the peer sent to, when learned from a packet: replies
	 * must come from it, or a NAT on the way takes them for strangers.
	 */
	union {
		__be32 v4;
		struct in6_addr v6;
	} local;
	bool has_local;
};

/*
 * One handshake's 1-RTT keys. Immutable after publication except for the
 * packet-number space, which the data path owns. Readers hold RCU; the
 * session frees keypairs after a grace period.
 */
struct tquic_keypair {
	struct tquic_crypto_key *tx;
	struct tquic_crypto_key *rx;
	u8 local_cid[TQUIC_CID_LEN];	/* DCID of packets sent to us */
	u8 remote_cid[TQUIC_CID_LEN];	/* DCID of packets we send */
	bool key_phase;			/* flips with every new keypair */
	bool initiator;
	unsigned long created;		/* jiffies */
	atomic64_t sent;		/* packets sealed, for the rekey limit */
	/*
	 * Path IDs whose packet numbers this keypair ever kept: a space
	 * never starts over for one of them (datapath.c, tquic_keypair_claim()).
	 */
	spinlock_t claim_lock;
	u32 claimed[TQUIC_KP_PATH_IDS];
	unsigned int nclaimed;
	/* Indexed by path slot (path.h); each knows its path ID. */
	struct tquic_pn_space space[TQUIC_MAX_PATHS];
	struct rcu_work free_work;	/* handshake.c: free after a grace period */
};

/* Defined by handshake.c; the data path never looks inside. */
struct tquic_session;

int tquic_session_init(struct tquic_dev *t);
void tquic_session_uninit(struct tquic_dev *t);
void tquic_session_start(struct tquic_dev *t);
void tquic_session_stop(struct tquic_dev *t);
void tquic_session_configure(struct tquic_dev *t, const struct tquic_keys *keys);
void tquic_session_rekey_now(struct tquic_dev *t);

/* Caller holds rcu_read_lock_bh(). NULL: drop; a handshake is on its way. */
struct tquic_keypair *tquic_session_tx_keypair(struct tquic_dev *t);
struct tquic_keypair *tquic_session_lookup(struct tquic_dev *t, const u8 *cid,
					   u32 *path_id);
void tquic_session_authenticated(struct tquic_dev *t, struct tquic_keypair *kp,
				 const struct tquic_endpoint *src);
bool tquic_session_peer(struct tquic_dev *t, struct tquic_endpoint *ep);

/* A long-header packet at skb->data, linear; consumes @skb. */
void tquic_handshake_rcv(struct tquic_dev *t, struct sk_buff *skb,
			 const struct tquic_endpoint *src);

u8 tquic_session_state(struct tquic_dev *t);
bool tquic_session_key_phase(struct tquic_dev *t);

#endif /* _TQUIC_SESSION_H */
