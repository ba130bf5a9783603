/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive-side reordering over tunnel sequence numbers: restores the
 * sender's order across paths of different delay, bounded in memory (a
 * fixed window of slots) and in time (a hold timeout that follows the
 * paths' delay difference, under a configured cap).
 *
 * The items themselves stay with the caller: it keeps an array of the same
 * size as the slot array (skb pointers in the kernel, ints in the tests)
 * and stores an item at tquic_reorder_index(seq) when insert says HOLD.
 * Nothing here allocates or touches the items.
 *
 * No locking here: the owner serialises every call.
 */
#ifndef _TQUIC_REORDER_H
#define _TQUIC_REORDER_H

#include "proto.h"

/* Hold timeout floor: scheduling and timer slack on the fastest paths. */
#define TQUIC_REORDER_MIN_US	1000ULL
/*
 * Late arrivals widen the timeout by a quarter of its base each (once per
 * timeout that caused them); this many timeouts without one narrow it
 * back by a step. RACK (RFC 8985 6.2) adapts its reordering window alike.
 */
#define TQUIC_REORDER_WIDEN_MAX		64
#define TQUIC_REORDER_CALM_TIMEOUTS	16
/* The wire's varint bound: larger numbers are refused as late. */
#define TQUIC_REORDER_SEQ_MAX	((1ULL << 62) - 1)
/* "No deadline". */
#define TQUIC_REORDER_NEVER	(~0ULL)

enum tquic_reorder_verdict {
	TQUIC_REORDER_DELIVER,		/* in order: deliver it now */
	TQUIC_REORDER_HOLD,		/* store it at tquic_reorder_index() */
	TQUIC_REORDER_DROP_LATE,	/* its turn has passed */
	TQUIC_REORDER_DROP_DUP,		/* seen already (redundant mode) */
	/*
	 * Beyond the window: drain tquic_reorder_release(), which makes
	 * room by giving up the oldest gaps, then insert again.
	 */
	TQUIC_REORDER_FLUSH,
};

enum tquic_reorder_slot_state {
	TQUIC_RSLOT_EMPTY,
	TQUIC_RSLOT_HELD,
	TQUIC_RSLOT_DELIVERED,		/* remembered to tell duplicates */
};

struct tquic_reorder_slot {
	u64 seq;
	u64 arrival_us;
	u8 state;			/* enum tquic_reorder_slot_state */
};

struct tquic_reorder_stats {
	u64 delivered;			/* in order, directly or released */
	u64 late;			/* arrived after their turn */
	u64 dup;			/* duplicates dropped */
	u64 skipped;			/* sequence numbers given up on */
	u64 timeouts;			/* gaps skipped because of the timeout */
};

struct tquic_reorder {
	struct tquic_reorder_slot *slot;	/* caller's array */
	u64 mask;			/* window size - 1 */
	u64 next;			/* sequence number due next */
	u64 flush_to;			/* release everything below this */
	u64 oldest_us;			/* <= arrival of every held item */
	u64 timeout_us;			/* in force: base widened, capped */
	u64 base_us;			/* from the paths' delays */
	u64 cap_us;
	u64 widened_at;			/* stats.timeouts when last widened */
	u32 widen;			/* quarter-base steps added */
	u32 calm;			/* timeouts since the last late one */
	u32 held;
	struct tquic_reorder_stats stats;
};

int tquic_reorder_init(struct tquic_reorder *r,
		       struct tquic_reorder_slot *slots, u32 nslots,
		       u64 first_seq, u64 cap_us);
void tquic_reorder_set_timeout(struct tquic_reorder *r, u64 delay_spread_us,
			       u64 jitter_us);
u32 tquic_reorder_index(const struct tquic_reorder *r, u64 seq);
enum tquic_reorder_verdict tquic_reorder_insert(struct tquic_reorder *r,
						u64 seq, u64 now_us);
bool tquic_reorder_release(struct tquic_reorder *r, u64 now_us, u64 *seq);
u64 tquic_reorder_deadline(const struct tquic_reorder *r);

#endif /* _TQUIC_REORDER_H */
