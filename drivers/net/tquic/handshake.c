// SPDX-License-Identifier: GPL-2.0
/*
 * The session: the Noise IK handshake (noise.c) run in the kernel, the
 * 1-RTT keypairs it produces, their timers, and the peer's endpoint.
 *
 * Handshake packets arrive in softirq. Only cheap checks happen there
 * (layout, mac1, Retry token, load); the Diffie-Hellman work is queued to a
 * bounded per-device queue and done by a work item. Under load, an Initial
 * without a valid token is answered with a Retry and costs no DH at all.
 *
 * Keypairs sit in three slots read under RCU by the data path: cur (we
 * send with it), prev (the one before, still accepted while the peer
 * switches) and next (a responder's new keypair, used to send only once the
 * initiator has proved it has it by sending on it). next is always newer
 * than cur, so confirming it never steps back to older keys. They are freed
 * after a grace period by a work item, since crypto transforms need process
 * context to be freed.
 *
 * Locking, outermost first:
 *   RTNL		configure, rekey_now, start, stop, init, uninit
 *   s->hs_mutex	our static keys and the handshake in progress;
 *			process context only (the works and RTNL callers)
 *   s->lock		keypair slots, the copies of the MAC keys softirq
 *			needs, Retry token secrets, the initiation rate
 *			limiter; taken with BHs off
 *   s->ep_lock		the peer's endpoint (seqlock: the fast path reads it
 *			without writing to shared memory)
 * s->queue.lock is a leaf. No work item takes RTNL, so the RTNL callers
 * cancel them synchronously (without holding hs_mutex).
 */
#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "crypto.h"
#include "pnspace.h"
#include "socket.h"
#include "core/noise.h"
#include "path.h"
#include "tquic.h"

#define HS_QUEUE_LEN		128
/* Queue depth from which Initials without a valid token get a Retry. */
#define HS_LOAD_THRESHOLD	(HS_QUEUE_LEN / 8)
/* Initiations per second we do Diffie-Hellman for, and the burst. */
#define HS_RATE			20
#define HS_RETRIES_MAX		3	/* Retries followed per handshake */
#define HS_BACKOFF_MIN		HZ
#define HS_BACKOFF_MAX		(16 * HZ)
#define HS_GIVE_UP_MAX		(90 * HZ)
#define SECRET_LIFE		(120 * HZ)
/*
 * The initiator confirms a new keypair at once (a PING on it); one that
 * waits longer than this was most likely never taken (message 2 lost or
 * refused) and no longer holds back our own handshakes.
 */
#define HS_CONFIRM_TIME		(2 * HZ)
/*
 * Rekey long before a keypair's packet numbers run out (2^62): a key
 * should not protect more packets than its AEAD's confidentiality bound.
 */
#define HS_REKEY_AFTER_PACKETS	BIT_ULL(60)
#define MAINT_PERIOD		HZ
#define RETRY_PKT_MAX		128

/* s->flags */
enum {
	S_RUNNING,		/* device up: the works may run and re-arm */
	S_INITIATING,		/* we want keys: init_work sends and resends */
};

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
	u8 secret[2][TQUIC_NOISE_KEY_LEN];	/* token keys: current, previous */
	unsigned long secret_born;
	unsigned long rl_stamp;
	unsigned int rl_tokens;

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

/* What a queued handshake packet carries along. */
struct tquic_hs_cb {
	struct tquic_endpoint src;
};

#define HS_CB(skb) ((struct tquic_hs_cb *)(skb)->cb)

#define slot_deref(s, p)						\
	rcu_dereference_check(p, rcu_read_lock_bh_held() ||		\
			      lockdep_is_held(&(s)->lock))
#define slot_locked(s, p) rcu_dereference_protected(p, lockdep_is_held(&(s)->lock))

/* ---- lib/crypto backend of the Noise core ---- */

static bool tquic_noise_dh(u8 *out, const u8 *priv, const u8 *pub)
{
	return curve25519(out, priv, pub);
}

static void tquic_noise_gen_private(u8 *priv)
{
	curve25519_generate_secret(priv);
}

static void tquic_noise_blake2s(u8 *out, size_t out_len, const u8 *in,
				size_t in_len, const u8 *key, size_t key_len)
{
	blake2s(out, in, key_len ? key : NULL, out_len, in_len, key_len);
}

static void tquic_noise_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
			     size_t ad_len, u64 nonce, const u8 *key)
{
	chacha20poly1305_encrypt(dst, src, len, ad, ad_len, nonce, key);
}

static bool tquic_noise_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
			     size_t ad_len, u64 nonce, const u8 *key)
{
	return chacha20poly1305_decrypt(dst, src, len, ad, ad_len, nonce, key);
}

static const struct tquic_noise_ops tquic_noise_kops = {
	.dh = tquic_noise_dh,
	.gen_private = tquic_noise_gen_private,
	.blake2s = tquic_noise_blake2s,
	.aead_seal = tquic_noise_seal,
	.aead_open = tquic_noise_open,
};

/* ---- keypairs ---- */

static unsigned long rekey_jiffies(const struct tquic_session *s)
{
	return (unsigned long)READ_ONCE(s->rekey_time) * HZ;
}

static bool keypair_expired(const struct tquic_session *s,
		       const struct tquic_keypair *kp, unsigned long now)
{
	return time_after_eq(now, kp->created + 3 * rekey_jiffies(s));
}

static void keypair_destroy(struct tquic_keypair *kp)
{
	tquic_crypto_key_free(kp->tx);
	tquic_crypto_key_free(kp->rx);
	kfree_sensitive(kp);
}

static void keypair_free_work(struct work_struct *work)
{
	keypair_destroy(container_of(to_rcu_work(work), struct tquic_keypair,
				     free_work));
}

/* Any context: the keypair is freed once no reader can hold it. */
static void keypair_put(struct tquic_session *s, struct tquic_keypair *kp)
{
	if (!kp)
		return;
	INIT_RCU_WORK(&kp->free_work, keypair_free_work);
	queue_rcu_work(s->wq, &kp->free_work);
}

static enum tquic_prot_cipher pp_cipher(u8 cipher)
{
	return cipher == TQUIC_CIPHER_CHACHA20_POLY1305 ?
	       TQUIC_PROT_CHACHA20_POLY1305 : TQUIC_PROT_AES_128_GCM;
}

static struct tquic_keypair *keypair_new(u8 cipher,
					 const struct tquic_noise_secrets *sec,
					 const u8 *local_cid,
					 const u8 *remote_cid, bool key_phase,
					 bool initiator)
{
	struct tquic_keypair *kp;

	kp = kzalloc(sizeof(*kp), GFP_KERNEL);
	if (!kp)
		return NULL;
	kp->tx = tquic_crypto_key_alloc(pp_cipher(cipher), sec->tx);
	kp->rx = tquic_crypto_key_alloc(pp_cipher(cipher), sec->rx);
	if (IS_ERR(kp->tx) || IS_ERR(kp->rx)) {
		keypair_destroy(kp);
		return NULL;
	}
	memcpy(kp->local_cid, local_cid, TQUIC_CID_LEN);
	memcpy(kp->remote_cid, remote_cid, TQUIC_CID_LEN);
	kp->key_phase = key_phase;
	kp->initiator = initiator;
	kp->created = jiffies;
	tquic_keypair_spaces_init(kp);
	return kp;
}

/* A responder's keypair still awaiting its first packet from the initiator. */
static bool next_fresh(const struct tquic_keypair *next, unsigned long now)
{
	return next && time_before(now, next->created + HS_CONFIRM_TIME);
}

/*
 * The initiator's new keypair is used at once; one older keypair stays for
 * rx while the peer switches. A responder's keypair waiting in next is
 * older than @kp and must never be promoted over it. If it is fresh, the
 * peer has just switched to it (both ends initiated at once): it is the
 * one to keep for rx. If not, the peer never took it and still sends with
 * our cur.
 */
static void install_cur(struct tquic_session *s, struct tquic_keypair *kp)
{
	struct tquic_keypair *old_prev, *old_cur, *next;

	spin_lock_bh(&s->lock);
	old_prev = slot_locked(s, s->prev);
	old_cur = slot_locked(s, s->cur);
	next = slot_locked(s, s->next);
	RCU_INIT_POINTER(s->next, NULL);
	if (next_fresh(next, jiffies))
		swap(next, old_cur);
	rcu_assign_pointer(s->prev, old_cur);
	rcu_assign_pointer(s->cur, kp);
	spin_unlock_bh(&s->lock);
	keypair_put(s, old_prev);
	keypair_put(s, next);
}

/* The responder's waits in next until the initiator sends on it. */
static void install_next(struct tquic_session *s, struct tquic_keypair *kp)
{
	struct tquic_keypair *old;

	spin_lock_bh(&s->lock);
	old = slot_locked(s, s->next);
	rcu_assign_pointer(s->next, kp);
	spin_unlock_bh(&s->lock);
	keypair_put(s, old);
}

static void drop_keypairs(struct tquic_session *s, bool expired_only)
{
	struct tquic_keypair __rcu **slots[] = { &s->cur, &s->prev, &s->next };
	struct tquic_keypair *dead[ARRAY_SIZE(slots)] = {};
	unsigned long now = jiffies;
	unsigned int i;

	spin_lock_bh(&s->lock);
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		struct tquic_keypair *kp = slot_locked(s, *slots[i]);

		if (kp && (!expired_only || keypair_expired(s, kp, now))) {
			RCU_INIT_POINTER(*slots[i], NULL);
			dead[i] = kp;
		}
	}
	spin_unlock_bh(&s->lock);
	for (i = 0; i < ARRAY_SIZE(dead); i++)
		keypair_put(s, dead[i]);
}

/* ---- endpoint ---- */

static bool ep_equal(const struct tquic_endpoint *a,
		     const struct tquic_endpoint *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_port == b->sin.sin_port &&
		       a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
	return a->sin6.sin6_port == b->sin6.sin6_port &&
	       ipv6_addr_equal(&a->sin6.sin6_addr, &b->sin6.sin6_addr);
}

/* Address bytes and port that a Retry token binds to. */
static bool ep_addr(const struct tquic_endpoint *ep, const u8 **addr,
		    size_t *len, u16 *port)
{
	switch (ep->sa.sa_family) {
	case AF_INET:
		*addr = (const u8 *)&ep->sin.sin_addr;
		*len = sizeof(ep->sin.sin_addr);
		*port = ntohs(ep->sin.sin_port);
		return true;
	case AF_INET6:
		*addr = (const u8 *)&ep->sin6.sin6_addr;
		*len = sizeof(ep->sin6.sin6_addr);
		*port = ntohs(ep->sin6.sin6_port);
		return true;
	default:
		return false;
	}
}

static void set_peer(struct tquic_session *s, const struct tquic_endpoint *ep)
{
	write_seqlock_bh(&s->ep_lock);
	if (ep)
		s->peer = *ep;
	else
		memset(&s->peer, 0, sizeof(s->peer));
	WRITE_ONCE(s->have_peer, !!ep);
	write_sequnlock_bh(&s->ep_lock);
}

/**
 * tquic_session_peer() - where to send to
 * @t: the device
 * @ep: the peer's UDP endpoint out
 *
 * The configured peer on a client; on a server, the source of the latest
 * authenticated packet. Any context.
 *
 * Return: false if we do not know where the peer is.
 */
bool tquic_session_peer(struct tquic_dev *t, struct tquic_endpoint *ep)
{
	struct tquic_session *s = t->sess;
	unsigned int seq;
	bool have;

	do {
		seq = read_seqbegin(&s->ep_lock);
		have = s->have_peer;
		*ep = s->peer;
	} while (read_seqretry(&s->ep_lock, seq));
	return have;
}

/* ---- initiating ---- */

static bool cid_in_use(struct tquic_session *s, const u8 *cid)
{
	struct tquic_keypair *kps[3];
	bool used = false;
	unsigned int i;

	rcu_read_lock_bh();
	kps[0] = rcu_dereference_bh(s->cur);
	kps[1] = rcu_dereference_bh(s->prev);
	kps[2] = rcu_dereference_bh(s->next);
	for (i = 0; i < ARRAY_SIZE(kps); i++)
		if (kps[i] &&
		    !memcmp(kps[i]->local_cid, cid, TQUIC_CID_KEY_LEN))
			used = true;
	rcu_read_unlock_bh();
	return used;
}

/* A connection ID for a new keypair that no live keypair has. */
static void new_cid(struct tquic_session *s, u8 *cid)
{
	do
		get_random_bytes(cid, TQUIC_CID_LEN);
	while (cid_in_use(s, cid));
}

/*
 * Wall-clock time, but never older than what we sent before: the
 * responder rejects anything not newer, and the clock may step back.
 */
static void make_ts(struct tquic_session *s, u8 *ts)
{
	struct timespec64 now;
	int i;

	ktime_get_real_ts64(&now);
	tquic_noise_tai64n(ts, now.tv_sec, now.tv_nsec);
	if (!tquic_noise_ts_newer(ts, s->last_tx_ts)) {
		memcpy(ts, s->last_tx_ts, TQUIC_NOISE_TS_LEN);
		for (i = TQUIC_NOISE_TS_LEN - 1; i >= 0 && !++ts[i]; i--)
			;
	}
	memcpy(s->last_tx_ts, ts, TQUIC_NOISE_TS_LEN);
}

static void set_pending(struct tquic_session *s, const u8 *cid)
{
	spin_lock_bh(&s->lock);
	s->pending = !!cid;
	if (cid)
		memcpy(s->pending_cid, cid, TQUIC_CID_LEN);
	spin_unlock_bh(&s->lock);
}

/* Build and send message 1 with a fresh ephemeral key. */
static void send_initiation(struct tquic_session *s)
{
	u8 msg[TQUIC_NOISE_MSG1_LEN], dcid[TQUIC_CID_LEN];
	u8 ts[TQUIC_NOISE_TS_LEN];
	struct tquic_dev *t = s->t;
	struct tquic_endpoint ep;
	struct tquic_keypair *cur;
	struct sk_buff *skb;
	u8 flags;
	int n;

	lockdep_assert_held(&s->hs_mutex);
	if (!tquic_session_peer(t, &ep))
		return;
	new_cid(s, s->hs_cid);
	rcu_read_lock_bh();
	cur = rcu_dereference_bh(s->cur);
	s->hs_key_phase = cur ? !cur->key_phase : false;
	rcu_read_unlock_bh();
	make_ts(s, ts);
	flags = s->keys.cipher |
		(s->hs_key_phase ? TQUIC_NOISE_FLAG_KEY_PHASE : 0);
	if (tquic_noise_create_init(&tquic_noise_kops, &s->st, &s->hs,
				    s->hs_cid, ts, flags, msg))
		return;

	skb = alloc_skb(TQUIC_SOCKET_HEADROOM + TQUIC_NOISE_INITIAL_MIN, GFP_KERNEL);
	if (!skb) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_reserve(skb, TQUIC_SOCKET_HEADROOM);
	get_random_bytes(dcid, sizeof(dcid));
	n = tquic_noise_initial_build(&tquic_noise_kops, skb->data,
				      skb_tailroom(skb), dcid, s->hs_cid,
				      s->token_len ? s->token : NULL,
				      s->token_len, msg, s->st.mac.mac1_tx,
				      s->hs_mac1);
	if (n < 0) {
		kfree_skb(skb);
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_put(skb, n);
	set_pending(s, s->hs_cid);
	if (!tquic_socket_send_raw(t, &ep, skb))
		tquic_stat_inc(t, TQUIC_XSTATS_HS_INITIATIONS_SENT);
}

/* Forget the handshake in progress, successful or not. */
static void hs_reset(struct tquic_session *s)
{
	lockdep_assert_held(&s->hs_mutex);
	memzero_explicit(&s->hs, sizeof(s->hs));
	memzero_explicit(s->token, sizeof(s->token));
	s->token_len = 0;
	s->attempts = 0;
	s->retries = 0;
	set_pending(s, NULL);
	/* Cancel before clearing, so a kick in between is not lost for good. */
	cancel_delayed_work(&s->init_work);
	clear_bit(S_INITIATING, &s->flags);
}

static void start_initiation(struct tquic_session *s)
{
	lockdep_assert_held(&s->hs_mutex);
	s->attempts = 0;
	s->retries = 0;
	s->token_len = 0;
	set_bit(S_INITIATING, &s->flags);
	mod_delayed_work(s->wq, &s->init_work, 0);
}

/* From the fast path: we have something to send and no keys. */
static void hs_kick(struct tquic_session *s)
{
	if (!test_bit(S_RUNNING, &s->flags) || !READ_ONCE(s->configured) ||
	    !READ_ONCE(s->have_peer) ||
	    time_before(jiffies, READ_ONCE(s->holddown)))
		return;
	if (!test_and_set_bit(S_INITIATING, &s->flags))
		queue_delayed_work(s->wq, &s->init_work, 0);
}

static unsigned long give_up_after(const struct tquic_session *s)
{
	return min_t(unsigned long, HS_GIVE_UP_MAX, 3 * rekey_jiffies(s));
}

/* After giving up, packets to send do not restart a handshake for this long. */
static unsigned long holddown_time(const struct tquic_session *s)
{
	return min_t(unsigned long, HS_BACKOFF_MAX, rekey_jiffies(s));
}

/*
 * Sends an initiation and re-arms itself with exponential backoff and
 * jitter, until message 2 arrives or give_up_after() has passed.
 */
static void tquic_init_work(struct work_struct *work)
{
	struct tquic_session *s = container_of(to_delayed_work(work),
					       struct tquic_session, init_work);
	unsigned long now = jiffies, delay, deadline;

	mutex_lock(&s->hs_mutex);
	if (!test_bit(S_RUNNING, &s->flags) ||
	    !test_bit(S_INITIATING, &s->flags))
		goto unlock;
	if (!s->configured || !READ_ONCE(s->have_peer)) {
		hs_reset(s);
		goto unlock;
	}
	if (!s->attempts)
		s->hs_started = now;
	deadline = s->hs_started + give_up_after(s);
	if (s->attempts && time_after_eq(now, deadline)) {
		hs_reset(s);
		WRITE_ONCE(s->holddown, now + holddown_time(s));
		goto unlock;
	}
	send_initiation(s);
	delay = min_t(unsigned long, HS_BACKOFF_MIN << min(s->attempts, 4U),
		      HS_BACKOFF_MAX);
	delay += get_random_u32() % (HZ / 3 + 1);
	/* Give up on time rather than at the next backoff step. */
	if (time_after(now + delay, deadline))
		delay = deadline - now;
	s->attempts++;
	queue_delayed_work(s->wq, &s->init_work, delay);
unlock:
	mutex_unlock(&s->hs_mutex);
}

/* ---- receiving ---- */

/* Refill the initiation bucket; caller holds s->lock. */
static void rl_refill(struct tquic_session *s, unsigned long now)
{
	unsigned long add = (now - s->rl_stamp) * HS_RATE / HZ;

	if (!add)
		return;
	s->rl_tokens = min_t(unsigned long, s->rl_tokens + add, HS_RATE);
	s->rl_stamp = now;
}

static void rotate_secret(struct tquic_session *s, unsigned long now)
{
	if (time_before(now, s->secret_born + SECRET_LIFE))
		return;
	memcpy(s->secret[1], s->secret[0], TQUIC_NOISE_KEY_LEN);
	get_random_bytes(s->secret[0], TQUIC_NOISE_KEY_LEN);
	s->secret_born = now;
}

enum admit { ADMIT_QUEUE, ADMIT_RETRY, ADMIT_DROP };

/*
 * Decide what an Initial with a good mac1 costs us: DH work (queue), a
 * Retry (we are loaded and it has no valid token), or nothing (loaded,
 * and even tokens exceed the rate). On ADMIT_RETRY, @token is filled in.
 */
static enum admit admit_initial(struct tquic_session *s,
				const struct tquic_noise_pkt *p,
				const struct tquic_endpoint *src, u8 *token)
{
	u32 secs = (u32)ktime_get_boottime_seconds();
	unsigned long now = jiffies;
	enum admit verdict;
	const u8 *addr;
	bool token_ok;
	size_t alen;
	bool loaded;
	u16 port;

	if (!ep_addr(src, &addr, &alen, &port))
		return ADMIT_DROP;
	spin_lock_bh(&s->lock);
	rotate_secret(s, now);
	rl_refill(s, now);
	token_ok = p->token_len &&
		   (tquic_noise_token_check(&tquic_noise_kops, s->secret[0],
					    secs, addr, alen, port, p->token,
					    p->token_len) ||
		    tquic_noise_token_check(&tquic_noise_kops, s->secret[1],
					    secs, addr, alen, port, p->token,
					    p->token_len));
	loaded = skb_queue_len(&s->queue) >= HS_LOAD_THRESHOLD ||
		 !s->rl_tokens;
	if (loaded && !token_ok) {
		tquic_noise_token_make(&tquic_noise_kops, s->secret[0],
				       secs + TQUIC_NOISE_TOKEN_LIFE, addr,
				       alen, port, token);
		verdict = ADMIT_RETRY;
	} else if (s->rl_tokens) {
		s->rl_tokens--;
		verdict = ADMIT_QUEUE;
	} else {
		verdict = ADMIT_DROP;
	}
	spin_unlock_bh(&s->lock);
	return verdict;
}

static void send_retry(struct tquic_session *s, const struct tquic_noise_pkt *p,
		       const struct tquic_endpoint *src, const u8 *token,
		       const u8 *retry_key)
{
	struct tquic_dev *t = s->t;
	u8 scid[TQUIC_CID_LEN];
	struct sk_buff *skb;
	int n;

	skb = alloc_skb(TQUIC_SOCKET_HEADROOM + RETRY_PKT_MAX, GFP_ATOMIC);
	if (!skb) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_reserve(skb, TQUIC_SOCKET_HEADROOM);
	get_random_bytes(scid, sizeof(scid));
	n = tquic_noise_retry_build(&tquic_noise_kops, skb->data,
				    skb_tailroom(skb), p->scid, scid, token,
				    TQUIC_NOISE_TOKEN_LEN, retry_key, p->mac);
	if (n < 0) {
		kfree_skb(skb);
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_put(skb, n);
	if (!tquic_socket_send_raw(t, src, skb))
		tquic_stat_inc(t, TQUIC_XSTATS_HS_COOKIES_SENT);
}

static bool hs_enqueue(struct tquic_session *s, struct sk_buff *skb,
		       const struct tquic_endpoint *src)
{
	bool queued = false;

	BUILD_BUG_ON(sizeof(struct tquic_hs_cb) > sizeof(skb->cb));
	HS_CB(skb)->src = *src;
	spin_lock_bh(&s->queue.lock);
	if (skb_queue_len(&s->queue) < HS_QUEUE_LEN) {
		__skb_queue_tail(&s->queue, skb);
		queued = true;
	}
	spin_unlock_bh(&s->queue.lock);
	if (queued)
		queue_work(s->wq, &s->rx_work);
	return queued;
}

/**
 * tquic_handshake_rcv() - a long-header packet from the data path
 * @t: the device
 * @skb: the UDP payload at skb->data; consumed
 * @src: where it came from
 *
 * Softirq. Checks what is cheap to check and queues the rest for
 * tquic_rx_work(); every packet dropped here is counted.
 */
void tquic_handshake_rcv(struct tquic_dev *t, struct sk_buff *skb,
			 const struct tquic_endpoint *src)
{
	struct tquic_session *s = t->sess;
	struct tquic_noise_mac_keys mac;
	u8 token[TQUIC_NOISE_TOKEN_LEN];
	u8 pending_cid[TQUIC_CID_LEN];
	struct tquic_noise_pkt p;
	bool pending;

	if (!test_bit(S_RUNNING, &s->flags) || !READ_ONCE(s->configured) ||
	    skb_linearize(skb) ||
	    tquic_noise_pkt_parse(skb->data, skb->len, &p))
		goto invalid;

	spin_lock_bh(&s->lock);
	mac = s->mac;
	pending = s->pending;
	memcpy(pending_cid, s->pending_cid, sizeof(pending_cid));
	spin_unlock_bh(&s->lock);

	switch (p.type) {
	case TQUIC_PKT_INITIAL:
		if (!tquic_noise_pkt_mac1_ok(&tquic_noise_kops, skb->data, &p,
					     mac.mac1_rx))
			goto invalid;
		switch (admit_initial(s, &p, src, token)) {
		case ADMIT_QUEUE:
			break;
		case ADMIT_RETRY:
			send_retry(s, &p, src, token, mac.retry_tx);
			goto consumed;
		case ADMIT_DROP:
			goto dropped;
		}
		break;
	case TQUIC_PKT_HANDSHAKE:
		if (!pending || memcmp(p.dcid, pending_cid, TQUIC_CID_LEN) ||
		    !tquic_noise_pkt_mac1_ok(&tquic_noise_kops, skb->data, &p,
					     mac.mac1_rx))
			goto invalid;
		break;
	case TQUIC_PKT_RETRY:
		if (!pending || memcmp(p.dcid, pending_cid, TQUIC_CID_LEN))
			goto invalid;
		break;
	default:
		goto invalid;
	}
	memzero_explicit(&mac, sizeof(mac));
	if (!hs_enqueue(s, skb, src)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_DROPPED);
		kfree_skb(skb);
	}
	return;

invalid:
	tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
	kfree_skb(skb);
	goto out;
dropped:
	tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_DROPPED);
consumed:
	consume_skb(skb);
out:
	memzero_explicit(&mac, sizeof(mac));
}

/* Message 1: we are the responder. */
static void rx_initiation(struct tquic_session *s,
			  const struct tquic_noise_pkt *p,
			  const struct tquic_endpoint *src)
{
	u8 msg[TQUIC_NOISE_MSG2_LEN], ts[TQUIC_NOISE_TS_LEN];
	struct tquic_noise_secrets sec;
	struct tquic_dev *t = s->t;
	struct tquic_noise_hs hs;
	struct tquic_keypair *kp;
	u8 cid[TQUIC_CID_LEN];
	struct sk_buff *skb;
	u8 flags, cipher;
	int n;

	if (tquic_noise_consume_init(&tquic_noise_kops, &s->st, &hs, p->scid,
				     p->msg, ts, &flags)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		return;
	}
	cipher = flags & TQUIC_NOISE_FLAG_CIPHER_MASK;
	if (cipher > TQUIC_CIPHER_MAX) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		goto out;
	}
	if (!tquic_noise_ts_newer(ts, s->last_rx_ts)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_REPLAYED);
		goto out;
	}
	memcpy(s->last_rx_ts, ts, sizeof(ts));
	/*
	 * Both ends initiated at once: the one with the greater public key
	 * carries on with its own handshake and ignores this one; the other
	 * answers and abandons its own. One handshake, not two.
	 */
	if (test_bit(S_INITIATING, &s->flags) && s->attempts) {
		if (memcmp(s->st.pub, s->st.peer_pub, TQUIC_NOISE_KEY_LEN) > 0)
			goto out;
		hs_reset(s);
	}

	new_cid(s, cid);
	if (tquic_noise_create_resp(&tquic_noise_kops, &s->st, &hs, cid, msg,
				    &sec)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		goto out;
	}
	kp = keypair_new(cipher, &sec, cid, p->scid,
			 flags & TQUIC_NOISE_FLAG_KEY_PHASE, false);
	memzero_explicit(&sec, sizeof(sec));
	skb = kp ? alloc_skb(TQUIC_SOCKET_HEADROOM + TQUIC_NOISE_INITIAL_MIN,
			     GFP_KERNEL) : NULL;
	if (!skb)
		goto nomem;
	skb_reserve(skb, TQUIC_SOCKET_HEADROOM);
	n = tquic_noise_handshake_build(&tquic_noise_kops, skb->data,
					skb_tailroom(skb), p->scid, cid, msg,
					s->st.mac.mac1_tx);
	if (n < 0) {
		kfree_skb(skb);
		goto nomem;
	}
	skb_put(skb, n);
	install_next(s, kp);
	tquic_socket_send_raw(t, src, skb);
	goto out;
nomem:
	if (kp)
		keypair_destroy(kp);
	tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
out:
	memzero_explicit(&hs, sizeof(hs));
}

static bool answers_us(struct tquic_session *s, const struct tquic_noise_pkt *p)
{
	return test_bit(S_INITIATING, &s->flags) && s->attempts &&
	       !memcmp(p->dcid, s->hs_cid, TQUIC_CID_LEN);
}

/* Message 2: our initiation is answered. */
static void rx_response(struct tquic_session *s,
			const struct tquic_noise_pkt *p)
{
	struct tquic_noise_secrets sec;
	struct tquic_dev *t = s->t;
	struct tquic_keypair *kp;

	if (!answers_us(s, p) ||
	    tquic_noise_consume_resp(&tquic_noise_kops, &s->st, &s->hs, p->scid,
				     p->msg, &sec)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		return;
	}
	kp = keypair_new(s->keys.cipher, &sec, s->hs_cid, p->scid,
			 s->hs_key_phase, true);
	memzero_explicit(&sec, sizeof(sec));
	hs_reset(s);
	if (!kp) {
		/* The next packet to send starts over. */
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	install_cur(s, kp);
	tquic_stat_inc(t, TQUIC_XSTATS_HS_COMPLETED);
	/*
	 * Key confirmation: the responder switches once it sees this. Under
	 * hs_mutex no second new keypair can push kp out and free it.
	 */
	rcu_read_lock_bh();
	tquic_paths_keypair_confirmed(t, kp);
	rcu_read_unlock_bh();
}

static void rx_retry(struct tquic_session *s, const u8 *pkt,
		     const struct tquic_noise_pkt *p)
{
	if (!answers_us(s, p) || s->retries >= HS_RETRIES_MAX ||
	    !tquic_noise_retry_ok(&tquic_noise_kops, pkt, p, s->st.mac.retry_rx,
				  s->hs_mac1)) {
		tquic_stat_inc(s->t, TQUIC_XSTATS_HS_RX_INVALID);
		return;
	}
	memcpy(s->token, p->token, p->token_len);
	s->token_len = p->token_len;
	s->retries++;
	send_initiation(s);
}

static void tquic_rx_work(struct work_struct *work)
{
	struct tquic_session *s = container_of(work, struct tquic_session,
					       rx_work);
	struct tquic_noise_pkt p;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&s->queue))) {
		mutex_lock(&s->hs_mutex);
		/* Parsed in softirq already; this only finds the parts. */
		if (test_bit(S_RUNNING, &s->flags) && s->configured &&
		    !tquic_noise_pkt_parse(skb->data, skb->len, &p)) {
			if (p.type == TQUIC_PKT_INITIAL)
				rx_initiation(s, &p, &HS_CB(skb)->src);
			else if (p.type == TQUIC_PKT_HANDSHAKE)
				rx_response(s, &p);
			else
				rx_retry(s, skb->data, &p);
		}
		mutex_unlock(&s->hs_mutex);
		consume_skb(skb);
		cond_resched();
	}
}

/* ---- the data path's view ---- */

/*
 * The initiator of the current keypair rekeys after rekey_time. The
 * responder steps in only at twice that, if the initiator's rekeys did
 * not get through, so the two ends seldom initiate at once.
 */
static unsigned long rekey_after(const struct tquic_session *s,
				 const struct tquic_keypair *kp)
{
	unsigned long r = rekey_jiffies(s);

	return kp->initiator ? r : 2 * r;
}

/*
 * Caller holds RCU or s->lock. A keypair we answered with is on its way to
 * confirmation: starting a handshake of our own now would only collide.
 */
static bool confirming(struct tquic_session *s, unsigned long now)
{
	return next_fresh(slot_deref(s, s->next), now);
}

/* No new keypair waits for confirmation and @kp is due for replacement. */
static bool rekey_due(struct tquic_session *s, const struct tquic_keypair *kp,
		      unsigned long now)
{
	return !confirming(s, now) &&
	       (time_after_eq(now, kp->created + rekey_after(s, kp)) ||
		(u64)atomic64_read(&kp->sent) >= HS_REKEY_AFTER_PACKETS);
}

/**
 * tquic_session_tx_keypair() - the keypair to send with
 * @t: the device
 *
 * Caller holds rcu_read_lock_bh(). Without one, a handshake is started
 * (if we know where the peer is) and NULL returned: drop the packet.
 *
 * Return: the keypair, valid until rcu_read_unlock_bh(), or NULL.
 */
struct tquic_keypair *tquic_session_tx_keypair(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *kp = rcu_dereference_bh(s->cur);
	unsigned long now = jiffies;

	if (kp && !keypair_expired(s, kp, now)) {
		/* Rekey on time while traffic flows, not at the next tick. */
		if (rekey_due(s, kp, now) && !test_bit(S_INITIATING, &s->flags))
			hs_kick(s);
		return kp;
	}
	if (!confirming(s, now))
		hs_kick(s);
	return NULL;
}

/**
 * tquic_session_lookup() - the keypair one of whose connection IDs is @cid
 * @t: the device
 * @cid: TQUIC_CID_LEN bytes, the DCID of a received packet
 * @path_id: if not NULL, the path ID the CID names
 *
 * Caller holds RCU (either flavour).
 *
 * Return: the keypair or NULL.
 */
struct tquic_keypair *tquic_session_lookup(struct tquic_dev *t, const u8 *cid,
					   u32 *path_id)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *kps[3];
	unsigned int i;

	kps[0] = slot_deref(s, s->cur);
	kps[1] = slot_deref(s, s->next);
	kps[2] = slot_deref(s, s->prev);
	for (i = 0; i < ARRAY_SIZE(kps); i++) {
		if (!kps[i] ||
		    memcmp(kps[i]->local_cid, cid, TQUIC_CID_KEY_LEN))
			continue;
		if (keypair_expired(s, kps[i], jiffies))
			return NULL;
		if (path_id)
			*path_id = tquic_cid_path(kps[i]->local_cid, cid);
		return kps[i];
	}
	return NULL;
}

/**
 * tquic_session_authenticated() - a packet on @kp passed AEAD and replay
 * @t: the device
 * @kp: its keypair, from tquic_session_lookup()
 * @src: where it came from
 *
 * Softirq, under RCU. The first packet on a responder's new keypair makes
 * it current; a server follows the client to its latest address.
 */
void tquic_session_authenticated(struct tquic_dev *t, struct tquic_keypair *kp,
				 const struct tquic_endpoint *src)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *old = NULL;
	struct tquic_endpoint cur;

	if (rcu_access_pointer(s->next) == kp) {
		spin_lock_bh(&s->lock);
		if (slot_locked(s, s->next) == kp) {
			old = slot_locked(s, s->prev);
			rcu_assign_pointer(s->prev, slot_locked(s, s->cur));
			rcu_assign_pointer(s->cur, kp);
			RCU_INIT_POINTER(s->next, NULL);
			tquic_stat_inc(t, TQUIC_XSTATS_HS_COMPLETED);
		}
		spin_unlock_bh(&s->lock);
		keypair_put(s, old);
	}
	if (READ_ONCE(s->client) || !src)
		return;
	if (tquic_session_peer(t, &cur) && ep_equal(&cur, src))
		return;
	set_peer(s, src);
}

/**
 * tquic_session_state() - enum tquic_session_state, for the statistics
 * @t: the device
 *
 * Return: established while a current keypair is alive, handshake while
 * we initiate, none otherwise.
 */
u8 tquic_session_state(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *kp;
	u8 state;

	rcu_read_lock_bh();
	kp = rcu_dereference_bh(s->cur);
	if (kp && !keypair_expired(s, kp, jiffies))
		state = TQUIC_SESSION_ESTABLISHED;
	else if (test_bit(S_INITIATING, &s->flags))
		state = TQUIC_SESSION_HANDSHAKE;
	else
		state = TQUIC_SESSION_NONE;
	rcu_read_unlock_bh();
	return state;
}

/**
 * tquic_session_key_phase() - the key phase we send with
 * @t: the device
 *
 * Return: the current keypair's key phase, false without one.
 */
bool tquic_session_key_phase(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *kp;
	bool phase;

	rcu_read_lock_bh();
	kp = rcu_dereference_bh(s->cur);
	phase = kp && kp->key_phase;
	rcu_read_unlock_bh();
	return phase;
}

/* ---- timers ---- */

/* Once a second: expire keypairs, rekey (keepalives are per path). */
static void tquic_maint_work(struct work_struct *work)
{
	struct tquic_session *s = container_of(to_delayed_work(work),
					       struct tquic_session,
					       maint_work);
	unsigned long now = jiffies;
	struct tquic_keypair *kp;
	bool rekey;

	if (!test_bit(S_RUNNING, &s->flags))
		return;
	drop_keypairs(s, true);

	mutex_lock(&s->hs_mutex);
	rcu_read_lock_bh();
	kp = rcu_dereference_bh(s->cur);
	rekey = kp && rekey_due(s, kp, now);
	rcu_read_unlock_bh();
	if (rekey && s->configured && READ_ONCE(s->have_peer) &&
	    !test_bit(S_INITIATING, &s->flags))
		start_initiation(s);
	mutex_unlock(&s->hs_mutex);

	queue_delayed_work(s->wq, &s->maint_work, MAINT_PERIOD);
}

/* ---- life cycle and configuration (RTNL) ---- */

/**
 * tquic_session_init() - allocate the session of a new device
 * @t: the device; t->sess is set
 *
 * Return: 0 or -ENOMEM.
 */
int tquic_session_init(struct tquic_dev *t)
{
	struct tquic_session *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->wq = alloc_workqueue("tquic-hs", WQ_UNBOUND, 0);
	if (!s->wq) {
		kfree(s);
		return -ENOMEM;
	}
	s->t = t;
	mutex_init(&s->hs_mutex);
	spin_lock_init(&s->lock);
	seqlock_init(&s->ep_lock);
	skb_queue_head_init(&s->queue);
	INIT_WORK(&s->rx_work, tquic_rx_work);
	INIT_DELAYED_WORK(&s->init_work, tquic_init_work);
	INIT_DELAYED_WORK(&s->maint_work, tquic_maint_work);
	get_random_bytes(s->secret, sizeof(s->secret));
	s->secret_born = jiffies;
	s->rl_stamp = jiffies;
	s->rl_tokens = HS_RATE;
	s->holddown = jiffies;
	s->rekey_time = TQUIC_REKEY_TIME_DEFAULT;
	t->sess = s;
	return 0;
}

static void cancel_works(struct tquic_session *s)
{
	/* maint_work starts initiations and rx_work sends: stop them first. */
	cancel_delayed_work_sync(&s->maint_work);
	cancel_work_sync(&s->rx_work);
	cancel_delayed_work_sync(&s->init_work);
	skb_queue_purge(&s->queue);
}

/**
 * tquic_session_start() - the device comes up
 * @t: the device
 *
 * A client starts its handshake now, so the tunnel is up before the first
 * packet needs it.
 */
void tquic_session_start(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;

	mutex_lock(&s->hs_mutex);
	hs_reset(s);
	WRITE_ONCE(s->holddown, jiffies);
	set_bit(S_RUNNING, &s->flags);
	if (s->configured && s->client)
		start_initiation(s);
	mutex_unlock(&s->hs_mutex);
	queue_delayed_work(s->wq, &s->maint_work, MAINT_PERIOD);
}

/**
 * tquic_session_stop() - the device goes down: forget all keys
 * @t: the device
 *
 * The timestamp of the last initiation accepted is kept, so a captured
 * initiation cannot be replayed after the device comes back up.
 */
void tquic_session_stop(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;

	clear_bit(S_RUNNING, &s->flags);
	cancel_works(s);
	mutex_lock(&s->hs_mutex);
	hs_reset(s);
	drop_keypairs(s, false);
	if (!s->client)
		set_peer(s, NULL);
	mutex_unlock(&s->hs_mutex);
}

/**
 * tquic_session_uninit() - free the session of a dying device
 * @t: the device; the data path no longer calls in
 */
void tquic_session_uninit(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;

	if (!s)
		return;
	tquic_session_stop(t);
	/* A kick that raced with stop may have queued init_work again. */
	cancel_works(s);
	/* Keypair frees wait in RCU callbacks, then run on s->wq. */
	rcu_barrier();
	destroy_workqueue(s->wq);
	mutex_destroy(&s->hs_mutex);
	t->sess = NULL;
	kfree_sensitive(s);
}

static bool keys_changed(const struct tquic_keys *a, const struct tquic_keys *b)
{
	return a->has_private != b->has_private || a->has_peer != b->has_peer ||
	       a->has_psk != b->has_psk || a->cipher != b->cipher ||
	       memcmp(a->private_key, b->private_key, TQUIC_KEY_LEN) ||
	       memcmp(a->peer_key, b->peer_key, TQUIC_KEY_LEN) ||
	       memcmp(a->psk, b->psk, TQUIC_KEY_LEN);
}

/* The peer's endpoint from the configuration; false on a server. */
static bool cfg_peer(const struct tquic_config *cfg, struct tquic_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	switch (cfg->peer_family) {
	case AF_INET:
		ep->sin.sin_family = AF_INET;
		ep->sin.sin_addr.s_addr = cfg->peer.v4;
		ep->sin.sin_port = htons(cfg->peer_port);
		return true;
	case AF_INET6:
		ep->sin6.sin6_family = AF_INET6;
		ep->sin6.sin6_addr = cfg->peer.v6;
		ep->sin6.sin6_port = htons(cfg->peer_port);
		return true;
	default:
		return false;
	}
}

/**
 * tquic_session_configure() - take a new configuration
 * @t: the device
 * @keys: the full key configuration
 *
 * Called under RTNL after newlink and every changelink; also reads the
 * peer's address from t->cfg. New keys, PSK or cipher drop every keypair
 * and, on a running client, start a handshake.
 */
void tquic_session_configure(struct tquic_dev *t, const struct tquic_keys *keys)
{
	struct tquic_session *s = t->sess;
	struct tquic_endpoint ep;
	bool client, ok;

	ASSERT_RTNL();
	mutex_lock(&s->hs_mutex);
	WRITE_ONCE(s->rekey_time, keys->rekey_time ?: TQUIC_REKEY_TIME_DEFAULT);
	client = cfg_peer(&t->cfg, &ep);
	if (client)
		set_peer(s, &ep);
	else if (s->client)
		set_peer(s, NULL);
	WRITE_ONCE(s->client, client);

	if (!keys_changed(&s->keys, keys))
		goto unlock;
	hs_reset(s);
	drop_keypairs(s, false);
	/*
	 * The same peer's clock goes on: its initiations captured before a
	 * new PSK or cipher must stay stale, or a replayed one would push the
	 * keypair of a genuine one out of next.
	 */
	if (!s->keys.has_peer || !keys->has_peer ||
	    memcmp(s->keys.peer_key, keys->peer_key, TQUIC_KEY_LEN))
		memzero_explicit(s->last_rx_ts, sizeof(s->last_rx_ts));
	memzero_explicit(&s->st, sizeof(s->st));
	memzero_explicit(&s->keys, sizeof(s->keys));
	s->keys = *keys;
	ok = keys->has_private && keys->has_peer &&
	     !tquic_noise_static_init(&tquic_noise_kops, &s->st,
				      keys->private_key, keys->public_key,
				      keys->peer_key,
				      keys->has_psk ? keys->psk : NULL);
	spin_lock_bh(&s->lock);
	s->mac = s->st.mac;
	spin_unlock_bh(&s->lock);
	WRITE_ONCE(s->configured, ok);
	if (ok && client && test_bit(S_RUNNING, &s->flags))
		start_initiation(s);
unlock:
	mutex_unlock(&s->hs_mutex);
}

/**
 * tquic_session_rekey_now() - start a handshake now (ip link set ... rekey)
 * @t: the device
 */
void tquic_session_rekey_now(struct tquic_dev *t)
{
	struct tquic_session *s = t->sess;

	mutex_lock(&s->hs_mutex);
	if (test_bit(S_RUNNING, &s->flags) && s->configured &&
	    READ_ONCE(s->have_peer))
		start_initiation(s);
	mutex_unlock(&s->hs_mutex);
}
