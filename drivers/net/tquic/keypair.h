/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keypairs (keypair.c): the 1-RTT keys one handshake produces, the
 * session's three slots for them, and the data path's view of those
 * slots: the keypair to send with, the keypair of a received CID, and
 * the report of each authenticated packet.
 */
#ifndef _TQUIC_KEYPAIR_H
#define _TQUIC_KEYPAIR_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/tquic.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "core/keylimits.h"
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

struct tquic_crypto_key;
struct tquic_dev;
struct tquic_endpoint;
struct tquic_noise_secrets;
struct tquic_session;

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
	struct tquic_key_limits limits;	/* RFC 9001 6.6, set when made */
	atomic64_t sent;		/* packets sealed: tquic_keypair_seal() */
	atomic64_t forged;		/* packets that failed authentication */
	/*
	 * Path IDs whose packet numbers this keypair ever kept: a space
	 * never starts over for one of them (pnspace.c, tquic_keypair_claim()).
	 */
	spinlock_t claim_lock;
	u32 claimed[TQUIC_KP_PATH_IDS];
	unsigned int nclaimed;
	/* Indexed by path slot (path.h); each knows its path ID. */
	struct tquic_pn_space space[TQUIC_MAX_PATHS];
	struct rcu_work free_work;	/* keypair.c: free after a grace period */
};

/*
 * The data path's view (keypair.c says in which context each runs). No
 * keypair to send with: drop the packet; a handshake is on its way.
 */
struct tquic_keypair *tquic_session_tx_keypair(struct tquic_dev *t);
struct tquic_keypair *tquic_session_lookup(struct tquic_dev *t, const u8 *cid,
					   u32 *path_id);
void tquic_session_authenticated(struct tquic_dev *t, struct tquic_keypair *kp,
				 const struct tquic_endpoint *src);
bool tquic_session_key_phase(struct tquic_dev *t);
int tquic_keypair_seal(struct tquic_dev *t, struct tquic_keypair *kp);
void tquic_keypair_forged(struct tquic_dev *t, struct tquic_keypair *kp);

/* The handshake's and the session's. */
struct tquic_keypair *tquic_keypair_new(struct tquic_session *s, u8 cipher,
					const struct tquic_noise_secrets *sec,
					const u8 *local_cid,
					const u8 *remote_cid, bool key_phase,
					bool initiator);
void tquic_keypair_destroy(struct tquic_keypair *kp);
bool tquic_keypair_expired(const struct tquic_session *s,
			   const struct tquic_keypair *kp, unsigned long now);
bool tquic_keypair_rekey_due(struct tquic_session *s,
			     const struct tquic_keypair *kp, unsigned long now);
void tquic_keypair_install_cur(struct tquic_session *s,
			       struct tquic_keypair *kp);
void tquic_keypair_install_next(struct tquic_session *s,
				struct tquic_keypair *kp);
void tquic_keypairs_drop(struct tquic_session *s, bool expired_only);

#endif /* _TQUIC_KEYPAIR_H */
