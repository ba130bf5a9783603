/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-source token buckets for handshake initiations (ratelimit.c), in a
 * table of fixed size: what admission.c uses so that one source, or a
 * few, cannot take the whole budget of Diffie-Hellman work.
 *
 * A source is named by a tag, a keyed hash of its address prefix that the
 * caller computes (an attacker who cannot predict the hash cannot aim at
 * a set). The table is TQUIC_RL_SETS sets of TQUIC_RL_WAYS entries; a tag
 * lives in set (tag % TQUIC_RL_SETS). An entry idle long enough to have
 * refilled its bucket is as good as free; when a set has none, the entry
 * used longest ago is taken over, which only ever gives its source a full
 * bucket again: a full table never refuses anyone. Nothing here locks or
 * allocates: the caller owns the memory and serialises the calls.
 */
#ifndef _TQUIC_RATELIMIT_H
#define _TQUIC_RATELIMIT_H

#include "proto.h"

#define TQUIC_RL_RATE		20	/* initiations a second, per source */
#define TQUIC_RL_BURST		5	/* and in a burst */
#define TQUIC_RL_WAYS		4
/* A power of two: a mask turns a tag into a set. */
#define TQUIC_RL_SETS		256
#define TQUIC_RL_ENTRIES	(TQUIC_RL_SETS * TQUIC_RL_WAYS)

#define TQUIC_RL_NSEC		1000000000ULL
/* Credit is kept in nanoseconds: one initiation costs this much. */
#define TQUIC_RL_COST		(TQUIC_RL_NSEC / TQUIC_RL_RATE)
#define TQUIC_RL_CREDIT_MAX	(TQUIC_RL_COST * TQUIC_RL_BURST)

struct tquic_rl_entry {
	u64 tag;		/* 0: never used */
	u64 stamp;		/* ns, when credit was last brought up to date */
	u64 credit;		/* ns, up to TQUIC_RL_CREDIT_MAX */
};

/*
 * Charge one initiation to the source @tag at time @now_ns (a clock that
 * never goes back) in @table (TQUIC_RL_ENTRIES entries, zeroed at first).
 * Returns true if its bucket had the credit.
 */
bool tquic_rl_allow(struct tquic_rl_entry *table, u64 tag, u64 now_ns);

#endif /* _TQUIC_RATELIMIT_H */
