/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session (session.c): our static keys, the Noise IK handshakes they
 * run (handshake.c), the admission of handshake packets (admission.c) and
 * the 1-RTT keypairs the handshakes produce (keypair.c). The data path
 * sees only keypair.h's view, tquic_handshake_rcv() (admission.h) and
 * tquic_session_peer().
 *
 * struct tquic_session is shared by session.c, handshake.c, admission.c
 * and keypair.c; nothing else looks inside.
 */
#ifndef _TQUIC_SESSION_H
#define _TQUIC_SESSION_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/tquic.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "core/noise.h"
#include "core/packet.h"
#include "core/ratelimit.h"

struct tquic_dev;
struct tquic_keypair;

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
	/*
	 * With local: the interface the packet came in on, where replies
	 * leave; 0 for an endpoint not learned from a packet.
	 */
	int local_ifindex;
};

/* tquic_session.flags */
enum {
	S_RUNNING,		/* device up: the works may run and re-arm */
	S_INITIATING,		/* we want keys: init_work sends and resends */
	S_CRYPTO_MISSING,	/* said that keys cannot be made (keypair.c) */
};

/*
 * One per device (tquic_dev.sess). Which lock guards what:
 *
 *   RTNL	the calls of session.c that configure the session and run
 *		its life cycle (init, uninit, start, stop, configure,
 *		rekey_now)
 *   hs_mutex	from keys to last_tx_ts: our static keys and the handshake
 *		in progress; process context only (the works and the RTNL
 *		callers)
 *   lock	from cur to rl_sources: the keypair slots, the copies of
 *		the MAC keys softirq needs, the pending initiation and the
 *		answers it had, the Retry token secrets and the initiation
 *		rate limiters; taken with BHs off
 *   ep_lock	peer and have_peer (a seqlock: the fast path reads them
 *		without writing to shared memory)
 *   queue.lock	the handshake packets waiting for rx_work
 *
 * configured, client, rekey_time and holddown are written under hs_mutex
 * and read anywhere (READ_ONCE). flags are atomic bitops.
 *
 * Lock order: see device.c.
 */
struct tquic_session {
	struct tquic_dev *t;
	struct workqueue_struct *wq;
	unsigned long flags;

	struct mutex hs_mutex;			/* from here to lock */
	struct tquic_keys keys;			/* as last configured */
	struct tquic_noise_static st;
	struct tquic_noise_hs hs;		/* our initiation */
	u8 hs_cid[TQUIC_CID_LEN];		/* its SCID, our next CID */
	u8 hs_mac1[TQUIC_NOISE_MAC_LEN];	/* a Retry must bind to it */
	bool hs_key_phase;
	u8 token[TQUIC_NOISE_TOKEN_MAX];	/* from a Retry */
	size_t token_len;
	unsigned int attempts;
	unsigned int retries;
	unsigned long hs_started;
	u8 last_rx_ts[TQUIC_NOISE_TS_LEN];	/* newest initiation accepted */
	u8 last_tx_ts[TQUIC_NOISE_TS_LEN];	/* newest initiation sent */

	spinlock_t lock;			/* from here to configured */
	struct tquic_keypair __rcu *cur;
	struct tquic_keypair __rcu *prev;
	struct tquic_keypair __rcu *next;
	struct tquic_noise_mac_keys mac;
	bool pending;				/* pending_cid awaits an answer */
	u8 pending_cid[TQUIC_CID_LEN];
	unsigned int pending_answers;		/* queued for pending_cid */
	u8 secret[2][TQUIC_NOISE_KEY_LEN];	/* token keys: current, previous */
	unsigned long secret_born;
	unsigned long rl_stamp;
	unsigned int rl_tokens;
	/* Per source (core/ratelimit.h): TQUIC_RL_ENTRIES, keyed by rl_key. */
	struct tquic_rl_entry *rl_sources;
	siphash_key_t rl_key;

	/* Written under hs_mutex, read anywhere (READ_ONCE). */
	bool configured;
	bool client;				/* the peer's address is configured */
	u32 rekey_time;
	unsigned long holddown;

	seqlock_t ep_lock;
	struct tquic_endpoint peer;
	bool have_peer;

	struct sk_buff_head queue;
	struct work_struct rx_work;
	struct delayed_work init_work;
	struct delayed_work maint_work;
};

/* The configured rekey time (struct tquic_keys), in jiffies. */
static inline unsigned long
tquic_session_rekey_jiffies(const struct tquic_session *s)
{
	return (unsigned long)READ_ONCE(s->rekey_time) * HZ;
}

int tquic_session_init(struct tquic_dev *t);
void tquic_session_uninit(struct tquic_dev *t);
void tquic_session_start(struct tquic_dev *t);
void tquic_session_stop(struct tquic_dev *t);
void tquic_session_configure(struct tquic_dev *t, const struct tquic_keys *keys);
void tquic_session_rekey_now(struct tquic_dev *t);

bool tquic_session_peer(struct tquic_dev *t, struct tquic_endpoint *ep);
void tquic_session_follow(struct tquic_session *s,
			  const struct tquic_endpoint *src);

u8 tquic_session_state(struct tquic_dev *t);

#endif /* _TQUIC_SESSION_H */
