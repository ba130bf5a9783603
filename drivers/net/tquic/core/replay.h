/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anti-replay window for received packet numbers: a sliding bitmap in the
 * style of RFC 6479. The bitmap is a ring of 64-bit words; moving the window
 * forward only clears the words it enters, never shifts bits, so a packet
 * costs O(1) whatever the jump.
 *
 * Each packet number space (path) has its own window. Nothing here locks:
 * the caller holds the lock that serialises its receive path for the space.
 */
#ifndef _TQUIC_REPLAY_H
#define _TQUIC_REPLAY_H

#include "proto.h"

/* Must be a power of two: a mask turns a word number into a ring index. */
#define TQUIC_REPLAY_WORDS	32
#define TQUIC_REPLAY_BITS	(TQUIC_REPLAY_WORDS * 64)
/*
 * How far below the largest packet number a packet is still judged on its
 * own merit; anything older is refused. One word less than the bitmap: the
 * word holding the largest number is partly ahead of it.
 */
#define TQUIC_REPLAY_WINDOW	(TQUIC_REPLAY_BITS - 64)

struct tquic_replay {
	u64 largest;		/* valid once any is true */
	bool any;
	u64 map[TQUIC_REPLAY_WORDS];
};

void tquic_replay_init(struct tquic_replay *w);
bool tquic_replay_check(const struct tquic_replay *w, u64 pn);
bool tquic_replay_check_and_update(struct tquic_replay *w, u64 pn);

#endif /* _TQUIC_REPLAY_H */
