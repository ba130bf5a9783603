/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive-side reordering over tunnel sequence numbers: restores the
 * sender's order across paths of different delay, bounded in memory (a
 * fixed window of slots) and in time (a hold timeout that follows the
 * paths' delay difference, under a configured cap).
 *
 * A datagram that comes after its turn was given up on is still delivered
 * (out of order) if the window remembers that it never was: the inner
 * TCP copes with reordering far better than with loss, and in redundant
 * mode the slower path's copy of a datagram lost on the faster path
 * usually comes after the hold timeout. The window remembers, for the
 * last window's worth of sequence numbers behind the next one due,
 * whether each was delivered: that tells a late datagram from a
 * duplicate. Older ones are dropped.
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
/*
 * Datagrams too old for the window's memory or duplicates, and nothing
 * else, arriving for this long mean the sender started its numbers again
 * (its device was recreated): the window follows it.
 */
#define TQUIC_REORDER_RESTART_US	1000000ULL
/* The wire's varint bound: larger numbers are refused as late. */
#define TQUIC_REORDER_SEQ_MAX	((1ULL << 62) - 1)
/* "No deadline". */
#define TQUIC_REORDER_NEVER	(~0ULL)

enum tquic_reorder_verdict {
	TQUIC_REORDER_DELIVER,		/* in order: deliver it now */
	TQUIC_REORDER_HOLD,		/* store it at tquic_reorder_index() */
	TQUIC_REORDER_LATE,		/* its turn has passed: deliver it now */
	TQUIC_REORDER_DROP_LATE,	/* too old for the window's memory */
	TQUIC_REORDER_DROP_DUP,		/* seen already (redundant mode) */
	/*
	 * Drain tquic_reorder_release(), then insert again: the window must
	 * move first (beyond it; no hold; the sender restarted).
	 */
	TQUIC_REORDER_FLUSH,
};

/*
 * Slot i serves two sequence numbers: the one in [next, next + window)
 * whose item it may hold, and the one in [next - window, next) whose fate
 * it remembers.
 */
struct tquic_reorder_slot {
	u64 arrival_us;			/* of the held item */
	bool held;
	bool done;			/* the one behind next was delivered */
};

struct tquic_reorder_stats {
	u64 delivered;			/* in order, directly or released */
	u64 held;			/* HOLD verdicts */
	u64 late;			/* delivered after their turn */
	u64 dup;			/* duplicates dropped */
	u64 dropped;			/* too old, or past the varint range */
	u64 skipped;			/* sequence numbers given up on */
	u64 timeouts;			/* hold timeouts that skipped gaps */
	u64 restarts;			/* the sender's numbers started again */
};

struct tquic_reorder {
	struct tquic_reorder_slot *slot;	/* caller's array */
	u64 mask;			/* window size - 1 */
	u64 next;			/* sequence number due next */
	u64 first;			/* the memory knows nothing before it */
	u64 flush_to;			/* release everything below this */
	u64 restart_seq;		/* next, once nothing is held */
	bool restart;			/* restart_seq is pending */
	u64 stale_since_us;		/* first of a run of too old ones */
	u64 oldest_us;			/* <= arrival of every held item */
	u64 timeout_us;			/* in force: base widened, capped */
	u64 spread_us;			/* the paths' delay difference */
	u64 jitter_us;			/* and their delay variation */
	u64 cap_us;			/* 0: nothing is ever held */
	u64 widened_at;			/* stats.timeouts when last widened */
	u32 widen;			/* quarter-base steps added */
	u32 calm;			/* timeouts since the last late one */
	u32 held;
	struct tquic_reorder_stats stats;
};

int tquic_reorder_init(struct tquic_reorder *r,
		       struct tquic_reorder_slot *slots, u32 nslots,
		       u64 first_seq, u64 cap_us);
void tquic_reorder_set_cap(struct tquic_reorder *r, u64 cap_us);
void tquic_reorder_set_timeout(struct tquic_reorder *r, u64 delay_spread_us,
			       u64 jitter_us);
u32 tquic_reorder_index(const struct tquic_reorder *r, u64 seq);
enum tquic_reorder_verdict tquic_reorder_insert(struct tquic_reorder *r,
						u64 seq, u64 now_us);
bool tquic_reorder_release(struct tquic_reorder *r, u64 now_us, u64 *seq);
u64 tquic_reorder_deadline(const struct tquic_reorder *r);
void tquic_reorder_flush(struct tquic_reorder *r);
void tquic_reorder_reset(struct tquic_reorder *r, u64 first_seq);

#endif /* _TQUIC_REORDER_H */
