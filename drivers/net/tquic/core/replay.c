// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-replay window for received packet numbers. Pure code shared with
 * the userspace tests: see proto.h.
 */
#include "proto.h"
#include "packet.h"
#include "replay.h"

#define WORD_MASK	(TQUIC_REPLAY_WORDS - 1)

void tquic_replay_init(struct tquic_replay *w)
{
	memset(w, 0, sizeof(*w));
}

static unsigned int word_idx(u64 pn)
{
	return (pn >> 6) & WORD_MASK;
}

/*
 * Make @pn the largest: clear the words the window moves into, which hold
 * bits of numbers that have just fallen out of it. A jump of a whole
 * bitmap or more clears everything, so the cost is bounded.
 */
static void advance(struct tquic_replay *w, u64 pn)
{
	u64 from = w->largest >> 6, to = pn >> 6, i;

	if (!w->any || to - from >= TQUIC_REPLAY_WORDS) {
		memset(w->map, 0, sizeof(w->map));
	} else {
		for (i = from + 1; i <= to; i++)
			w->map[i & WORD_MASK] = 0;
	}
	w->any = true;
	w->largest = pn;
}

/*
 * Would @pn be accepted? Lets a caller drop a duplicate before paying for
 * its decryption; only tquic_replay_check_and_update() records anything.
 */
bool tquic_replay_check(const struct tquic_replay *w, u64 pn)
{
	if (pn > TQUIC_PN_MAX)
		return false;
	if (!w->any || pn > w->largest)
		return true;
	if (w->largest - pn >= TQUIC_REPLAY_WINDOW)
		return false;
	return !(w->map[word_idx(pn)] & (1ULL << (pn & 63)));
}

/*
 * Returns true and records @pn if it is new, false if it was seen before or
 * is too old to tell. Call it only for packets that authenticated, so that
 * forged packet numbers cannot move the window.
 */
bool tquic_replay_check_and_update(struct tquic_replay *w, u64 pn)
{
	u64 bit = 1ULL << (pn & 63);
	u64 *word;

	if (pn > TQUIC_PN_MAX)
		return false;
	if (!w->any || pn > w->largest)
		advance(w, pn);
	else if (w->largest - pn >= TQUIC_REPLAY_WINDOW)
		return false;
	word = &w->map[word_idx(pn)];
	if (*word & bit)
		return false;
	*word |= bit;
	return true;
}
