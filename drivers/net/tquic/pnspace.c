// SPDX-License-Identifier: GPL-2.0
/*
 * Packet-number spaces of a keypair, one per path slot
 * (draft-ietf-quic-multipath: packet numbers and ACKs are per path), and
 * the receiver's record of the numbers it took.
 *
 * Contexts: spaces are set up when the session makes a keypair (process
 * context); claimed and recorded from softirq and the xmit path.
 *
 * Invariants: packet numbers of one (keypair, path ID) never repeat and a
 * replay is never taken twice: a space changes hands only to a path ID
 * the keypair never numbered for. The sender numbers under its path's
 * lock (send.c); the replay window and ACK state are under space->lock.
 * Lock order: device.c.
 */
#include <linux/err.h>
#include <linux/spinlock.h>

#include "keypair.h"
#include "pnspace.h"
#include "tquic.h"

/* A space starts over for @path_id: nothing sent or received yet. */
static void pn_space_reset(struct tquic_pn_space *s, u32 path_id)
{
	WRITE_ONCE(s->path_id, path_id);
	s->next_pn = 0;
	tquic_replay_init(&s->replay);
	tquic_ack_ranges_init(&s->acks);
	s->ack_pending = 0;
	s->largest_rx_us = 0;
}

void tquic_pn_space_init(struct tquic_pn_space *s, u32 path_id)
{
	spin_lock_init(&s->lock);
	pn_space_reset(s, path_id);
}

/* Did @kp ever number packets for @path_id? Under kp->claim_lock. */
static bool keypair_numbered(const struct tquic_keypair *kp, u32 path_id)
{
	unsigned int i;

	lockdep_assert_held(&kp->claim_lock);
	for (i = 0; i < kp->nclaimed; i++)
		if (kp->claimed[i] == path_id)
			return true;
	return false;
}

/**
 * tquic_keypair_spaces_init() - a new keypair's packet-number spaces
 * @kp: the keypair
 */
void tquic_keypair_spaces_init(struct tquic_keypair *kp)
{
	unsigned int i;

	spin_lock_init(&kp->claim_lock);
	kp->nclaimed = 0;
	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		tquic_pn_space_init(&kp->space[i], TQUIC_PATH_ID_NONE);
}

/**
 * tquic_keypair_claim() - the space of slot @slot, for path @path_id
 * @kp: the keypair
 * @slot: the path's slot
 * @path_id: the path
 *
 * A space changes hands only to a path ID this keypair never numbered
 * packets for: one that did would restart its packet numbers, repeating
 * our nonces and taking replays of its old packets. The server forgets
 * paths and their slots go to others; the client never reuses an ID.
 *
 * Return: the space, or NULL when @path_id must wait for a new keypair
 * or is TQUIC_PATH_ID_NONE.
 */
struct tquic_pn_space *tquic_keypair_claim(struct tquic_keypair *kp,
					   unsigned int slot, u32 path_id)
{
	struct tquic_pn_space *s = &kp->space[slot];

	/* An unused space has this ID: it is nobody's to take. */
	if (path_id == TQUIC_PATH_ID_NONE)
		return NULL;
	if (READ_ONCE(s->path_id) == path_id)
		return s;
	spin_lock_bh(&kp->claim_lock);
	if (s->path_id == path_id)
		goto out;
	if (keypair_numbered(kp, path_id) ||
	    kp->nclaimed == TQUIC_KP_PATH_IDS)
		goto refuse;
	kp->claimed[kp->nclaimed++] = path_id;
	spin_lock(&s->lock);
	pn_space_reset(s, path_id);
	spin_unlock(&s->lock);
out:
	spin_unlock_bh(&kp->claim_lock);
	return s;
refuse:
	spin_unlock_bh(&kp->claim_lock);
	return NULL;
}

/**
 * tquic_pn_space_accept() - record an authenticated packet number
 * @kp: its keypair
 * @slot: its path's slot, whose space is given to @path_id if it was not
 * @path_id: the packet's path
 * @pn: its packet number
 * @newest: set to whether @pn is the highest the space has had
 *
 * Return: false if it was a replay after all, or of a path ID whose
 * history this keypair lost (tquic_keypair_claim()).
 */
bool tquic_pn_space_accept(struct tquic_keypair *kp, unsigned int slot, u32 path_id,
			   u64 pn, bool *newest)
{
	struct tquic_pn_space *space = tquic_keypair_claim(kp, slot, path_id);
	bool fresh;

	*newest = false;
	if (!space)
		return false;
	spin_lock_bh(&space->lock);
	*newest = !space->replay.any || pn > space->replay.largest;
	fresh = space->path_id == path_id &&
		tquic_replay_check_and_update(&space->replay, pn);
	*newest &= fresh;
	if (fresh && tquic_ack_ranges_add(&space->acks, pn) > 0 &&
	    tquic_ack_ranges_largest(&space->acks) == pn)
		space->largest_rx_us = tquic_now_us();
	spin_unlock_bh(&space->lock);
	return fresh;
}

/**
 * tquic_keypair_space_of() - the space of @kp that numbered @path_id
 * @kp: the keypair
 * @path_id: the path ID of a packet that no path of ours has
 *
 * A path is learned only from a packet that is no replay: a packet of a
 * path the server forgot is checked against the replay window of the
 * space that took its numbers, while @kp still has one, before any path
 * comes of it.
 *
 * Return: that space; NULL for a path ID new to @kp; ERR_PTR(-EALREADY)
 * for one whose space went to another path ID since (tquic_keypair_claim()
 * would refuse it), ERR_PTR(-EINVAL) for TQUIC_PATH_ID_NONE.
 */
struct tquic_pn_space *tquic_keypair_space_of(struct tquic_keypair *kp,
					      u32 path_id)
{
	unsigned int i;
	bool claimed;

	if (path_id == TQUIC_PATH_ID_NONE)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		if (READ_ONCE(kp->space[i].path_id) == path_id)
			return &kp->space[i];
	spin_lock_bh(&kp->claim_lock);
	claimed = keypair_numbered(kp, path_id);
	spin_unlock_bh(&kp->claim_lock);
	return claimed ? ERR_PTR(-EALREADY) : NULL;
}
