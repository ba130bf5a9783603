// SPDX-License-Identifier: GPL-2.0
/*
 * Keypairs (keypair.h): the 1-RTT keys of one handshake, the session's
 * slots for them, and the data path's view of the slots.
 *
 * Keypairs sit in three slots read under RCU by the data path: cur (we
 * send with it), prev (the one before, still accepted while the peer
 * switches) and next (a responder's new keypair, used to send only once the
 * initiator has proved it has it by sending on it). next is always newer
 * than cur, so confirming it never steps back to older keys. They are freed
 * after a grace period by a work item, since crypto transforms need process
 * context to be freed.
 *
 * Contexts: the data path's view runs in softirq or under
 * rcu_read_lock_bh() anywhere; new keypairs are made and installed by the
 * handshake's rx work under s->hs_mutex (handshake.c); all slots are
 * dropped by the session's RTNL callers and expired ones by its
 * maintenance work (session.c), or one that has seen too many forgeries
 * by the receive path in softirq. Every slot change happens under s->lock.
 *
 * Usage limits (RFC 9001 6.6, core/keylimits.h): a keypair seals at most
 * its confidentiality limit of packets, and one that nears it is due for
 * a rekey like one that is old; it is retired at its integrity limit of
 * packets that failed authentication. The module parameters below lower
 * both, for tests only.
 */
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "crypto.h"
#include "keypair.h"
#include "pnspace.h"
#include "handshake.h"
#include "tquic.h"

/*
 * The initiator confirms a new keypair at once (a PING on it); one that
 * waits longer than this was most likely never taken (message 2 lost or
 * refused) and no longer holds back our own handshakes.
 */
#define HS_CONFIRM_TIME		(2 * HZ)

/* A usage limit's testing knob: 0, or a value within [min, max]. */
struct limit_param {
	u64 val;
	u64 min;
	u64 max;
};

static struct limit_param seal_limit = {
	.min = TQUIC_KEY_SEAL_MIN, .max = TQUIC_KEY_CHACHA_SEAL_MAX,
};

static struct limit_param forged_limit = {
	.min = TQUIC_KEY_FORGED_MIN, .max = TQUIC_KEY_AES_GCM_FORGED_MAX,
};

static int limit_param_set(const char *val, const struct kernel_param *kp)
{
	struct limit_param *lp = kp->arg;
	u64 v;
	int err;

	err = kstrtou64(val, 0, &v);
	if (err)
		return err;
	if (v && (v < lp->min || v > lp->max))
		return -ERANGE;
	WRITE_ONCE(lp->val, v);
	return 0;
}

static int limit_param_get(char *buf, const struct kernel_param *kp)
{
	const struct limit_param *lp = kp->arg;

	return scnprintf(buf, PAGE_SIZE, "%llu\n", READ_ONCE(lp->val));
}

static const struct kernel_param_ops limit_param_ops = {
	.set = limit_param_set,
	.get = limit_param_get,
};

module_param_cb(confidentiality_limit, &limit_param_ops, &seal_limit, 0644);
MODULE_PARM_DESC(confidentiality_limit,
		 "testing only: packets a key may seal, if below RFC 9001's limit (0: the RFC's; else 256 to 2^62-1); for keys made after the change");
module_param_cb(integrity_limit, &limit_param_ops, &forged_limit, 0644);
MODULE_PARM_DESC(integrity_limit,
		 "testing only: forged packets that retire a key, if below RFC 9001's limit (0: the RFC's; else 1 to 2^52); for keys made after the change");

#define slot_deref(s, p)						\
	rcu_dereference_check(p, rcu_read_lock_bh_held() ||		\
			      lockdep_is_held(&(s)->lock))
#define slot_locked(s, p) rcu_dereference_protected(p, lockdep_is_held(&(s)->lock))

/* Three rekey times old: neither sent with nor accepted any more. */
bool tquic_keypair_expired(const struct tquic_session *s,
			   const struct tquic_keypair *kp, unsigned long now)
{
	return time_after_eq(now, kp->created +
			     3 * tquic_session_rekey_jiffies(s));
}

/* At once: @kp was never published, or no reader can hold it any more. */
void tquic_keypair_destroy(struct tquic_keypair *kp)
{
	tquic_crypto_key_free(kp->tx);
	tquic_crypto_key_free(kp->rx);
	kfree_sensitive(kp);
}

static void keypair_free_work(struct work_struct *work)
{
	tquic_keypair_destroy(container_of(to_rcu_work(work),
					   struct tquic_keypair, free_work));
}

/* Any context: the keypair is freed once no reader can hold it. */
static void keypair_put(struct tquic_session *s, struct tquic_keypair *kp)
{
	if (!kp)
		return;
	INIT_RCU_WORK(&kp->free_work, keypair_free_work);
	queue_rcu_work(s->wq, &kp->free_work);
}

/*
 * The link was made with the AEAD at hand, but it is gone now (a module
 * unloaded and not to be loaded again): no handshake can complete. Say
 * so once until keys can be made again, not once per attempt.
 */
static void crypto_missing(struct tquic_session *s, enum tquic_prot_cipher c)
{
	tquic_stat_inc(s->t, TQUIC_XSTATS_CRYPTO_MISSING);
	if (!test_and_set_bit(S_CRYPTO_MISSING, &s->flags))
		net_warn_ratelimited("tquic: %s: cannot make keys: the kernel has no %s\n",
				     netdev_name(s->t->dev),
				     tquic_crypto_aead_alg(c));
}

/* Process context: crypto transforms are allocated. NULL on failure. */
struct tquic_keypair *tquic_keypair_new(struct tquic_session *s, u8 cipher,
					const struct tquic_noise_secrets *sec,
					const u8 *local_cid,
					const u8 *remote_cid, bool key_phase,
					bool initiator)
{
	enum tquic_prot_cipher c = tquic_crypto_cipher(cipher);
	struct tquic_keypair *kp;

	kp = kzalloc(sizeof(*kp), GFP_KERNEL);
	if (!kp)
		return NULL;
	kp->tx = tquic_crypto_key_alloc(c, sec->tx);
	kp->rx = IS_ERR(kp->tx) ? NULL : tquic_crypto_key_alloc(c, sec->rx);
	if (IS_ERR(kp->tx) || IS_ERR(kp->rx)) {
		if (PTR_ERR(kp->tx) == -ENOENT || PTR_ERR(kp->rx) == -ENOENT)
			crypto_missing(s, c);
		tquic_keypair_destroy(kp);
		return NULL;
	}
	clear_bit(S_CRYPTO_MISSING, &s->flags);
	tquic_key_limits(c, READ_ONCE(seal_limit.val),
			 READ_ONCE(forged_limit.val), &kp->limits);
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
void tquic_keypair_install_cur(struct tquic_session *s,
			       struct tquic_keypair *kp)
{
	struct tquic_keypair *old_prev, *old_cur, *next;

	lockdep_assert_held(&s->hs_mutex);
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
void tquic_keypair_install_next(struct tquic_session *s,
				struct tquic_keypair *kp)
{
	struct tquic_keypair *old;

	lockdep_assert_held(&s->hs_mutex);
	spin_lock_bh(&s->lock);
	old = slot_locked(s, s->next);
	rcu_assign_pointer(s->next, kp);
	spin_unlock_bh(&s->lock);
	keypair_put(s, old);
}

/*
 * Empty the slots of @only, or without it every slot (with @expired_only
 * those of expired keypairs). Any context. Return: keypairs dropped.
 */
static unsigned int slots_drop(struct tquic_session *s,
			       const struct tquic_keypair *only,
			       bool expired_only)
{
	struct tquic_keypair __rcu **slots[] = { &s->cur, &s->prev, &s->next };
	struct tquic_keypair *dead[ARRAY_SIZE(slots)] = {};
	unsigned long now = jiffies;
	unsigned int i, n = 0;

	spin_lock_bh(&s->lock);
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		struct tquic_keypair *kp = slot_locked(s, *slots[i]);

		if (!kp || (only && kp != only) ||
		    (expired_only && !tquic_keypair_expired(s, kp, now)))
			continue;
		RCU_INIT_POINTER(*slots[i], NULL);
		dead[i] = kp;
		n++;
	}
	spin_unlock_bh(&s->lock);
	for (i = 0; i < ARRAY_SIZE(dead); i++)
		keypair_put(s, dead[i]);
	return n;
}

/*
 * Empty every slot, or with @expired_only those of expired keypairs.
 * Process context (the session's RTNL callers and maintenance work).
 */
void tquic_keypairs_drop(struct tquic_session *s, bool expired_only)
{
	slots_drop(s, NULL, expired_only);
}

/*
 * The initiator of the current keypair rekeys after rekey_time. The
 * responder steps in only at twice that, if the initiator's rekeys did
 * not get through, so the two ends seldom initiate at once.
 */
static unsigned long rekey_after(const struct tquic_session *s,
				 const struct tquic_keypair *kp)
{
	unsigned long r = tquic_session_rekey_jiffies(s);

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

/*
 * No new keypair waits for confirmation and @kp is due for replacement:
 * it is old, or near its confidentiality limit. Whichever end sealed that
 * many starts the rekey, initiator or not.
 */
bool tquic_keypair_rekey_due(struct tquic_session *s,
			     const struct tquic_keypair *kp, unsigned long now)
{
	return !confirming(s, now) &&
	       (time_after_eq(now, kp->created + rekey_after(s, kp)) ||
		tquic_key_rekey_due(&kp->limits, atomic64_read(&kp->sent)));
}

/**
 * tquic_keypair_seal() - count a packet about to be sealed with @kp
 * @t: the device
 * @kp: the keypair
 *
 * Counted before it is sealed, so that no packet goes past the limit
 * however many CPUs seal at once; one that then fails to go is counted
 * all the same, erring towards the limit. The rekey due near the limit
 * starts from the next packet to send (tquic_session_tx_keypair()) or the
 * maintenance work. Under RCU, any context.
 *
 * Return: 0, or -EKEYEXPIRED: @kp has sealed all it may; drop the packet.
 */
int tquic_keypair_seal(struct tquic_dev *t, struct tquic_keypair *kp)
{
	s64 sealed = atomic64_fetch_add_unless(&kp->sent, 1, kp->limits.seal);

	if (sealed == kp->limits.seal) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_KEY_LIMIT);
		return -EKEYEXPIRED;
	}
	if (sealed + 1 == kp->limits.rekey_at)
		tquic_stat_inc(t, TQUIC_XSTATS_REKEYS_AT_LIMIT);
	return 0;
}

/**
 * tquic_keypair_forged() - a packet on @kp failed authentication
 * @t: the device
 * @kp: the keypair its CID named
 *
 * At the integrity limit the keypair is retired from whichever slot holds
 * it, never to open or seal another packet, and a handshake is started
 * for new keys. Softirq, under RCU.
 */
void tquic_keypair_forged(struct tquic_dev *t, struct tquic_keypair *kp)
{
	struct tquic_session *s = t->sess;

	if (atomic64_inc_return(&kp->forged) != kp->limits.forged)
		return;
	if (!slots_drop(s, kp, false))
		return;
	tquic_stat_inc(t, TQUIC_XSTATS_KEYS_FORGED_OUT);
	tquic_hs_kick(s);
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

	if (kp && !tquic_keypair_expired(s, kp, now)) {
		/* Rekey on time while traffic flows, not at the next tick. */
		if (tquic_keypair_rekey_due(s, kp, now) &&
		    !test_bit(S_INITIATING, &s->flags))
			tquic_hs_kick(s);
		return kp;
	}
	if (!confirming(s, now))
		tquic_hs_kick(s);
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
		if (tquic_keypair_expired(s, kps[i], jiffies))
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
 * @src: where it came from, if it is the newest packet of its path, or NULL
 *
 * Softirq, under RCU. The first packet on a responder's new keypair makes
 * it current; a server follows the client to its latest address.
 */
void tquic_session_authenticated(struct tquic_dev *t, struct tquic_keypair *kp,
				 const struct tquic_endpoint *src)
{
	struct tquic_session *s = t->sess;
	struct tquic_keypair *old = NULL;

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
	tquic_session_follow(s, src);
}

/**
 * tquic_session_key_phase() - the key phase we send with
 * @t: the device
 *
 * Return: the current keypair's key phase, false without one.
 */
bool tquic_session_key_phase(struct tquic_dev *t)
{
	struct tquic_keypair *kp;
	bool phase;

	rcu_read_lock_bh();
	kp = rcu_dereference_bh(t->sess->cur);
	phase = kp && kp->key_phase;
	rcu_read_unlock_bh();
	return phase;
}
