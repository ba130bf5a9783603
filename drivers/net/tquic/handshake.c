// SPDX-License-Identifier: GPL-2.0
/*
 * The Noise IK handshake (core/noise.c) run in the kernel (handshake.h):
 * the lib/crypto backend of the Noise core, our initiations with their
 * connection IDs, timestamps and backoff, and the work that answers the
 * handshake packets admission.c let in: message 1 (we respond), message 2
 * (our initiation is answered) and Retry.
 *
 * Contexts: the handshake runs in process context under s->hs_mutex:
 * init_work and rx_work take it, the session's RTNL callers and its
 * maintenance work (session.c) hold it when they call in. Two things run
 * anywhere: tquic_hs_kick(), called by the data path in softirq or under
 * rcu_read_lock_bh(), which only queues init_work; and the lib/crypto ops,
 * which admission.c uses in softirq.
 *
 * Guarantees: at most one initiation of ours is in flight (s->hs), and
 * when both ends initiate at once only one of the two carries on. Our
 * initiations' timestamps never go back, and an initiation not newer than
 * the last one accepted is refused, so a captured one cannot be replayed.
 * A new keypair's CID is unlike those of the live ones. Keypairs made here
 * go to their slots through keypair.c.
 *
 * Locking: the fields each lock guards are listed with struct
 * tquic_session (session.h). Lock order: see device.c.
 */
#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "keypair.h"
#include "socket.h"
#include "handshake.h"
#include "path.h"
#include "tquic.h"

#define HS_RETRIES_MAX		3	/* Retries followed per handshake */
#define HS_BACKOFF_MIN		HZ
#define HS_BACKOFF_MAX		(16 * HZ)
#define HS_GIVE_UP_MAX		(90 * HZ)

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

const struct tquic_noise_ops tquic_noise_kops = {
	.dh = tquic_noise_dh,
	.gen_private = tquic_noise_gen_private,
	.blake2s = tquic_noise_blake2s,
	.aead_seal = tquic_noise_seal,
	.aead_open = tquic_noise_open,
};

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
	lockdep_assert_held(&s->hs_mutex);
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

	lockdep_assert_held(&s->hs_mutex);
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
	lockdep_assert_held(&s->hs_mutex);
	spin_lock_bh(&s->lock);
	s->pending = !!cid;
	s->pending_answers = 0;
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
void tquic_hs_reset(struct tquic_session *s)
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

/* A handshake of our own, from its first attempt: init_work sends now. */
void tquic_hs_start(struct tquic_session *s)
{
	lockdep_assert_held(&s->hs_mutex);
	s->attempts = 0;
	s->retries = 0;
	s->token_len = 0;
	set_bit(S_INITIATING, &s->flags);
	mod_delayed_work(s->wq, &s->init_work, 0);
}

/* From the fast path: we have something to send and no keys. */
void tquic_hs_kick(struct tquic_session *s)
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
	return min_t(unsigned long, HS_GIVE_UP_MAX,
		     3 * tquic_session_rekey_jiffies(s));
}

/* After giving up, packets to send do not restart a handshake for this long. */
static unsigned long holddown_time(const struct tquic_session *s)
{
	return min_t(unsigned long, HS_BACKOFF_MAX,
		     tquic_session_rekey_jiffies(s));
}

/*
 * Sends an initiation and re-arms itself with exponential backoff and
 * jitter, until message 2 arrives or give_up_after() has passed.
 */
void tquic_init_work(struct work_struct *work)
{
	struct tquic_session *s = container_of(to_delayed_work(work),
					       struct tquic_session, init_work);
	unsigned long now = jiffies, delay, deadline;

	mutex_lock(&s->hs_mutex);
	if (!test_bit(S_RUNNING, &s->flags) ||
	    !test_bit(S_INITIATING, &s->flags))
		goto unlock;
	if (!s->configured || !READ_ONCE(s->have_peer)) {
		tquic_hs_reset(s);
		goto unlock;
	}
	if (!s->attempts)
		s->hs_started = now;
	deadline = s->hs_started + give_up_after(s);
	if (s->attempts && time_after_eq(now, deadline)) {
		tquic_hs_reset(s);
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

	lockdep_assert_held(&s->hs_mutex);
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
		tquic_hs_reset(s);
	}

	new_cid(s, cid);
	if (tquic_noise_create_resp(&tquic_noise_kops, &s->st, &hs, cid, msg,
				    &sec)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		goto out;
	}
	kp = tquic_keypair_new(s, cipher, &sec, cid, p->scid,
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
	tquic_keypair_install_next(s, kp);
	tquic_socket_send_raw(t, src, skb);
	goto out;
nomem:
	if (kp)
		tquic_keypair_destroy(kp);
	tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
out:
	memzero_explicit(&hs, sizeof(hs));
}

static bool answers_us(struct tquic_session *s, const struct tquic_noise_pkt *p)
{
	lockdep_assert_held(&s->hs_mutex);
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

	lockdep_assert_held(&s->hs_mutex);
	if (!answers_us(s, p) ||
	    tquic_noise_consume_resp(&tquic_noise_kops, &s->st, &s->hs, p->scid,
				     p->msg, &sec)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
		return;
	}
	kp = tquic_keypair_new(s, s->keys.cipher, &sec, s->hs_cid, p->scid,
			       s->hs_key_phase, true);
	memzero_explicit(&sec, sizeof(sec));
	tquic_hs_reset(s);
	if (!kp) {
		/* The next packet to send starts over. */
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	tquic_keypair_install_cur(s, kp);
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
	lockdep_assert_held(&s->hs_mutex);
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

void tquic_rx_work(struct work_struct *work)
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
