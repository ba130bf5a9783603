// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler modes. Pure code shared with the userspace tests: see proto.h.
 *
 * Backup paths (PATH_STATUS backup, the slave's "backup" flag) carry data
 * in every mode only while no primary path is usable: that is the meaning
 * draft-ietf-quic-multipath gives the status, and it keeps a metered link
 * idle whatever the mode.
 */
#include "proto.h"
#include "cc.h"
#include "sched.h"

static bool any_primary(const struct tquic_sched_path *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (p[i].usable && !p[i].backup)
			return true;
	return false;
}

/* The set of paths to consider: usable primaries, else usable backups. */
static bool eligible(const struct tquic_sched_path *p, bool backups)
{
	return p->usable && p->backup == backups;
}

static u32 clamp_n(u32 n)
{
	return n > TQUIC_SCHED_MAX_PATHS ? TQUIC_SCHED_MAX_PATHS : n;
}

/*
 * Microseconds until a @len-byte datagram handed to @p now would reach the
 * peer: what is queued ahead of it drains at the path's rate, then one
 * one-way delay. The weight scales the rate the user trusts the path with.
 * A path without a rate estimate yet is taken as slow as can be but still
 * usable, so new paths are tried once the others are full. On an idle
 * path the datagram leaves at once (the caller saw window room) with
 * nothing of ours ahead: only the one-way delay counts. Charging it the
 * window's pace instead would keep a path whose window collapsed, or whose
 * last sample met a queue, idle for as long as another path has room: its
 * estimates would never be measured again.
 */
static u64 arrival_us(const struct tquic_sched_path *p, u32 len)
{
	u32 w = p->weight > TQUIC_SCHED_WEIGHT_MAX ? TQUIC_SCHED_WEIGHT_MAX :
						     p->weight;
	u64 bytes = p->queued + len;
	u64 rate = p->rate;

	/* 2^50 B/s is beyond any link; then rate / 100 * w stays below 2^57. */
	if (rate > 1ULL << 50)
		rate = 1ULL << 50;
	if (w != TQUIC_SCHED_WEIGHT_DEFAULT)
		rate = div64_u64(rate, TQUIC_SCHED_WEIGHT_DEFAULT) * w;
	if (!rate)
		return TQUIC_NEVER - 1;
	if (p->idle)
		return p->one_way_us;
	/* 2^40 bytes is more than any queue; times 10^6 it fits 64 bits. */
	if (bytes > (1ULL << 40) || p->queued > (1ULL << 40))
		bytes = 1ULL << 40;
	return div64_u64(bytes * 1000000, rate) + p->one_way_us;
}

/*
 * Mode aggregate: the eligible path with window room whose datagram would
 * arrive first; ties go to the lower index (configuration order).
 * Returns the path index, -ENOBUFS if every eligible path is full (drop
 * and count rather than queue without bound), -ENETUNREACH if none is
 * usable.
 */
int tquic_sched_aggregate(const struct tquic_sched_path *p, u32 n, u32 len)
{
	bool backups;
	u64 best_t = TQUIC_NEVER;
	int best = -ENETUNREACH;
	u32 i;

	n = clamp_n(n);
	backups = !any_primary(p, n);
	for (i = 0; i < n; i++) {
		u64 t;

		if (!eligible(&p[i], backups) || !p[i].weight)
			continue;
		if (p[i].room < p[i].queued + len) {
			if (best < 0)
				best = -ENOBUFS;
			continue;
		}
		t = arrival_us(&p[i], len);
		if (t < best_t) {
			best_t = t;
			best = i;
		}
	}
	return best;
}

/*
 * Mode active-backup: the first usable primary in configuration order,
 * else the first usable backup. It never spills to another path when the
 * active one is full: -ENOBUFS then, -ENETUNREACH if nothing is usable.
 */
int tquic_sched_active_backup(const struct tquic_sched_path *p, u32 n,
			      u32 len)
{
	bool backups;
	u32 i;

	n = clamp_n(n);
	backups = !any_primary(p, n);
	for (i = 0; i < n; i++) {
		if (!eligible(&p[i], backups))
			continue;
		return p[i].room >= p[i].queued + len ? (int)i : -ENOBUFS;
	}
	return -ENETUNREACH;
}

/*
 * Mode redundant: every eligible path, as a bitmask (bit i: path i).
 * Window room is not asked for: a copy goes out whether its window has
 * room or not, because on a lossy path (the reason to be redundant) the
 * window is small and skipping each copy that finds it full would lose
 * far more than the loss rate. The device's queue, which stops only when
 * no path has room, sets the pace.
 */
u32 tquic_sched_redundant(const struct tquic_sched_path *p, u32 n)
{
	bool backups;
	u32 i, mask = 0;

	n = clamp_n(n);
	backups = !any_primary(p, n);
	for (i = 0; i < n; i++)
		if (eligible(&p[i], backups))
			mask |= 1U << i;
	return mask;
}

/*
 * The size to expect of the next packet, from the last @len-byte one and
 * the previous @hint: the queue stops when no path has room for it. The
 * largest recent size, decaying by a sixteenth a packet: a bulk flow
 * (its packets the MTU, with a small one now and then) keeps it at the
 * MTU, so a woken queue's next packet fits; a flow of small packets only
 * (a call, a ping flood) brings it down to theirs within a few dozen, so
 * a window with room for many of them is not stopped as if it had room
 * for none.
 */
u32 tquic_sched_len_hint(u32 hint, u32 len)
{
	u32 decayed = hint - hint / 16;

	return len > decayed ? len : decayed;
}

/*
 * The room the queue stops for want of, from the @hint above and the
 * device's @mtu: the MTU unless the recent packets were all small (under
 * half of it). A bulk flow's short segment (the tail of a write) must not
 * open the queue for a full-size packet no window has room for: that one
 * would go where it arrives first, window or not, and during a blackhole
 * such packets, sent on the silent path, put its failure off (its probe
 * timer counts from the last packet sent).
 */
u32 tquic_sched_stop_len(u32 hint, u32 mtu)
{
	return hint && hint < mtu / 2 ? hint : mtu;
}

/*
 * One-way delay of a path for the arrival estimate (and for the peer's
 * reorder timeout). Half the minimum RTT is the propagation each way; the
 * rest of the latest RTT is queueing, and a tunnel's queue builds where
 * its bulk data goes, so all of it is counted forward. Halving the whole
 * RTT would hide half of a bottleneck's queue and send datagrams to a path
 * they reach later than the scheduler thinks. An @idle path's queue (the
 * one its last sample met) has drained: propagation only.
 */
u64 tquic_sched_one_way_us(const struct tquic_rtt *rtt, bool idle)
{
	if (!rtt->valid)
		return rtt->smoothed_us / 2;
	if (idle || rtt->latest_us <= rtt->min_us)
		return rtt->min_us / 2;
	return rtt->min_us / 2 + rtt->latest_us - rtt->min_us;
}
