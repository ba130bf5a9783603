// SPDX-License-Identifier: GPL-2.0
/*
 * The session (session.h): its state and life cycle, its configuration,
 * the peer's endpoint, and the maintenance work that expires keypairs and
 * rekeys on time.
 *
 * Contexts: init, uninit, start, stop, configure and rekey_now are called
 * under RTNL (device.c, netlink.c). No work item takes RTNL, so these
 * cancel the works synchronously, without holding s->hs_mutex. The peer's
 * endpoint is read in any context (tquic_session_peer()) and written under
 * s->ep_lock by the RTNL callers and, on a server, by the data path in
 * softirq (tquic_session_follow()). maint_work runs once a second while
 * the device is up.
 *
 * Guarantees: once tquic_session_stop() returns, no keypair is left in a
 * slot and the works do nothing until the next start (a kick that raced
 * with stop may queue init_work, which finds S_RUNNING clear); a client's
 * configured peer survives stop, a server's learned one does not. The
 * timestamp of the last initiation accepted survives both stop and new
 * keys for the same peer.
 *
 * Locking: the fields each lock guards are listed with struct
 * tquic_session (session.h). Lock order: see device.c.
 */
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "admission.h"
#include "handshake.h"
#include "keypair.h"
#include "tquic.h"

#define MAINT_PERIOD		HZ

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

/*
 * Softirq: a server follows the client to the source of its latest
 * authenticated packet (tquic_session_authenticated()).
 */
void tquic_session_follow(struct tquic_session *s,
			  const struct tquic_endpoint *src)
{
	struct tquic_endpoint cur;

	if (READ_ONCE(s->client) || !src)
		return;
	if (tquic_session_peer(s->t, &cur) && ep_equal(&cur, src))
		return;
	set_peer(s, src);
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
	tquic_keypairs_drop(s, true);

	mutex_lock(&s->hs_mutex);
	rcu_read_lock_bh();
	kp = rcu_dereference_bh(s->cur);
	rekey = kp && tquic_keypair_rekey_due(s, kp, now);
	rcu_read_unlock_bh();
	if (rekey && s->configured && READ_ONCE(s->have_peer) &&
	    !test_bit(S_INITIATING, &s->flags))
		tquic_hs_start(s);
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

	ASSERT_RTNL();
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
	if (tquic_admission_init(s)) {
		destroy_workqueue(s->wq);
		kfree(s);
		return -ENOMEM;
	}
	s->holddown = jiffies;
	s->rekey_time = TQUIC_REKEY_TIME_DEFAULT;
	t->sess = s;
	return 0;
}

static void cancel_works(struct tquic_session *s)
{
	ASSERT_RTNL();
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

	ASSERT_RTNL();
	mutex_lock(&s->hs_mutex);
	tquic_hs_reset(s);
	WRITE_ONCE(s->holddown, jiffies);
	set_bit(S_RUNNING, &s->flags);
	if (s->configured && s->client)
		tquic_hs_start(s);
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

	ASSERT_RTNL();
	clear_bit(S_RUNNING, &s->flags);
	cancel_works(s);
	mutex_lock(&s->hs_mutex);
	tquic_hs_reset(s);
	tquic_keypairs_drop(s, false);
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

	ASSERT_RTNL();
	if (!s)
		return;
	tquic_session_stop(t);
	/* A kick that raced with stop may have queued init_work again. */
	cancel_works(s);
	/* Keypair frees wait in RCU callbacks, then run on s->wq. */
	rcu_barrier();
	destroy_workqueue(s->wq);
	mutex_destroy(&s->hs_mutex);
	tquic_admission_uninit(s);
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
	tquic_hs_reset(s);
	tquic_keypairs_drop(s, false);
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
		tquic_hs_start(s);
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

	ASSERT_RTNL();
	mutex_lock(&s->hs_mutex);
	if (test_bit(S_RUNNING, &s->flags) && s->configured &&
	    READ_ONCE(s->have_peer))
		tquic_hs_start(s);
	mutex_unlock(&s->hs_mutex);
}

/* ---- state, for netlink ---- */

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
	if (kp && !tquic_keypair_expired(s, kp, jiffies))
		state = TQUIC_SESSION_ESTABLISHED;
	else if (test_bit(S_INITIATING, &s->flags))
		state = TQUIC_SESSION_HANDSHAKE;
	else
		state = TQUIC_SESSION_NONE;
	rcu_read_unlock_bh();
	return state;
}
