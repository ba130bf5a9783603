/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path choice for each outgoing datagram, one function per mode (enum
 * tquic_mode in the uAPI header). The caller takes a snapshot of its paths
 * into an array of struct tquic_sched_path; nothing here reads path state
 * itself, so the choice is pure and testable. Pure code shared with the
 * userspace tests: see proto.h.
 */
#ifndef _TQUIC_SCHED_H
#define _TQUIC_SCHED_H

#include "proto.h"
#include "rtt.h"

/* A bitmask of paths is a u32: more paths than this are never compared. */
#define TQUIC_SCHED_MAX_PATHS	32
/* Weight of a path nobody configured: its measured rate counts as is. */
#define TQUIC_SCHED_WEIGHT_DEFAULT	100
/* Weights above this (a path trusted with 100x its rate) are clamped. */
#define TQUIC_SCHED_WEIGHT_MAX		10000

struct tquic_sched_path {
	u64 rate;		/* bytes per second, e.g. tquic_cc_rate() */
	u64 one_way_us;		/* one-way delay: tquic_sched_one_way_us() */
	u64 queued;		/* bytes accepted for the path, not yet sent */
	u64 room;		/* bytes the window still takes (cwnd - inflight) */
	u32 weight;		/* percent of the rate to count; 0: never */
	bool usable;		/* validated and not failed */
	bool backup;		/* PATH_STATUS backup */
	bool idle;		/* nothing of ours queued or in flight */
};

int tquic_sched_aggregate(const struct tquic_sched_path *p, u32 n, u32 len);
int tquic_sched_active_backup(const struct tquic_sched_path *p, u32 n,
			      u32 len);
u32 tquic_sched_redundant(const struct tquic_sched_path *p, u32 n);
u64 tquic_sched_one_way_us(const struct tquic_rtt *rtt, bool idle);
u32 tquic_sched_len_hint(u32 hint, u32 len);
u32 tquic_sched_stop_len(u32 hint, u32 mtu);

#endif /* _TQUIC_SCHED_H */
