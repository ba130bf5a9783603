// SPDX-License-Identifier: GPL-2.0
/*
 * Reordering of tunnel sequence numbers. Pure code shared with the
 * userspace tests: see proto.h.
 *
 * Invariants: every held item has next <= seq < next + window, so its slot
 * is its own; a slot's done flag is about the one sequence number in
 * [next - window, next) of its index, and is set or cleared whenever next
 * passes a sequence number; oldest_us is never later than the arrival of
 * any held item (it may be earlier after releases: the timer then fires
 * early, finds nothing expired and recomputes it, which is cheaper than
 * recomputing on every release).
 */
#include "proto.h"
#include "reorder.h"

static void update_timeout(struct tquic_reorder *r)
{
	u64 base, t;

	if (r->spread_us > r->cap_us || r->jitter_us > r->cap_us)
		base = r->cap_us;
	else
		base = r->spread_us + 4 * r->jitter_us + TQUIC_REORDER_MIN_US;
	t = base + (base / 4) * r->widen;
	r->timeout_us = t < r->cap_us ? t : r->cap_us;
}

/*
 * @nslots (the window) must be a power of two; @first_seq is the first
 * sequence number the sender uses; @cap_us bounds every hold, 0 holds
 * nothing (duplicates are still dropped).
 */
int tquic_reorder_init(struct tquic_reorder *r,
		       struct tquic_reorder_slot *slots, u32 nslots,
		       u64 first_seq, u64 cap_us)
{
	if (!nslots || (nslots & (nslots - 1)))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	memset(slots, 0, (size_t)nslots * sizeof(*slots));
	r->slot = slots;
	r->mask = nslots - 1;
	r->next = first_seq;
	r->first = first_seq;
	r->flush_to = first_seq;
	r->stale_since_us = TQUIC_REORDER_NEVER;
	r->oldest_us = TQUIC_REORDER_NEVER;
	/* No delay estimates yet: hold up to the cap. */
	r->spread_us = TQUIC_REORDER_NEVER;
	r->jitter_us = TQUIC_REORDER_NEVER;
	r->cap_us = cap_us;
	update_timeout(r);
	return 0;
}

/* Sets flush_to past every held item, so that a drain empties the window. */
void tquic_reorder_flush(struct tquic_reorder *r)
{
	u64 seq;

	if (!r->held)
		return;
	for (seq = r->next + r->mask; !r->slot[seq & r->mask].held; seq--)
		;
	if (seq + 1 > r->flush_to)
		r->flush_to = seq + 1;
}

/*
 * A new cap applies to the next timeout; cap 0 releases what is held
 * (drain tquic_reorder_release() after it) and holds nothing more.
 */
void tquic_reorder_set_cap(struct tquic_reorder *r, u64 cap_us)
{
	r->cap_us = cap_us;
	update_timeout(r);
	if (!cap_us)
		tquic_reorder_flush(r);
}

/*
 * With packets spread by expected arrival, a gap lasts about the paths'
 * one-way delay difference (@delay_spread_us); their delay variation
 * (@jitter_us, e.g. the largest rttvar) adds to it, four times as in RFC
 * 9002's PTO. Late arrivals widen that base (widen()); the cap bounds what
 * a lost packet costs everyone behind it.
 */
void tquic_reorder_set_timeout(struct tquic_reorder *r, u64 delay_spread_us,
			       u64 jitter_us)
{
	r->spread_us = delay_spread_us;
	r->jitter_us = jitter_us;
	update_timeout(r);
}

/*
 * The sender numbers from @first_seq again: what is held goes out first
 * (drain tquic_reorder_release()), then the window starts there with no
 * memory. Timeout and statistics carry on: the paths are the same.
 */
void tquic_reorder_reset(struct tquic_reorder *r, u64 first_seq)
{
	r->restart = true;
	r->restart_seq = first_seq;
	tquic_reorder_flush(r);
}

/* Nothing held: the pending restart takes effect. */
static void restart(struct tquic_reorder *r)
{
	u64 i;

	for (i = 0; i <= r->mask; i++)
		r->slot[i].done = false;
	r->next = r->restart_seq;
	r->first = r->restart_seq;
	r->flush_to = r->restart_seq;
	r->restart = false;
	r->stale_since_us = TQUIC_REORDER_NEVER;
	r->stats.restarts++;
}

/*
 * Nothing held: next jumps to @to. Whatever the jump, only the last
 * window of the numbers passed needs forgetting.
 */
static void skip_to(struct tquic_reorder *r, u64 to)
{
	u64 seq = to - r->next > r->mask ? to - r->mask - 1 : r->next;

	r->stats.skipped += to - r->next;
	for (; seq < to; seq++)
		r->slot[seq & r->mask].done = false;
	r->next = to;
}

/*
 * A datagram came after its turn was given up: the delay estimates
 * under-state the reordering, so wait longer. The datagrams one timeout
 * skipped count as one event, whatever their number.
 */
static void widen(struct tquic_reorder *r)
{
	r->calm = 0;
	if (r->widened_at == r->stats.timeouts ||
	    r->widen >= TQUIC_REORDER_WIDEN_MAX)
		return;
	r->widened_at = r->stats.timeouts;
	r->widen++;
	update_timeout(r);
}

/* A timeout fired: after enough of them without a late arrival, narrow. */
static void calm_down(struct tquic_reorder *r)
{
	r->stats.timeouts++;
	if (++r->calm < TQUIC_REORDER_CALM_TIMEOUTS)
		return;
	r->calm = 0;
	if (r->widen) {
		r->widen--;
		update_timeout(r);
	}
}

u32 tquic_reorder_index(const struct tquic_reorder *r, u64 seq)
{
	return (u32)(seq & r->mask);
}

/*
 * Another datagram the window cannot deliver (too old for its memory, or
 * a duplicate): true once nothing else has come for
 * TQUIC_REORDER_RESTART_US, which means the sender is numbering from
 * scratch.
 */
static bool stale(struct tquic_reorder *r, u64 now_us)
{
	if (r->stale_since_us == TQUIC_REORDER_NEVER ||
	    now_us < r->stale_since_us) {
		r->stale_since_us = now_us;
		return false;
	}
	return now_us - r->stale_since_us >= TQUIC_REORDER_RESTART_US;
}

/*
 * @seq < next. Within the memory: late or duplicate. Older: dropped. If
 * nothing but these comes for long, the sender is numbering from scratch:
 * its new numbers are too old for the memory, or, after fewer datagrams
 * than the memory holds, duplicates of its old ones. A replayed old
 * datagram cannot fake that: the AEAD's replay window refuses it before
 * it gets here. A path lagging the others by more than a second can, once
 * it is the only one left: its datagrams were delivered over the other
 * paths already and come again, which is what the inner protocols see on
 * any retransmission.
 */
static enum tquic_reorder_verdict behind(struct tquic_reorder *r, u64 seq,
					 u64 now_us)
{
	struct tquic_reorder_slot *s = &r->slot[seq & r->mask];
	bool remembered = seq >= r->first && r->next - seq <= r->mask + 1;

	if (remembered && !s->done) {
		r->stale_since_us = TQUIC_REORDER_NEVER;
		s->done = true;
		r->stats.late++;
		widen(r);
		return TQUIC_REORDER_LATE;
	}
	if (stale(r, now_us)) {
		tquic_reorder_reset(r, seq);
		return TQUIC_REORDER_FLUSH;
	}
	if (remembered) {
		r->stats.dup++;
		return TQUIC_REORDER_DROP_DUP;
	}
	r->stats.dropped++;
	return TQUIC_REORDER_DROP_LATE;
}

enum tquic_reorder_verdict tquic_reorder_insert(struct tquic_reorder *r,
						u64 seq, u64 now_us)
{
	struct tquic_reorder_slot *s = &r->slot[seq & r->mask];

	/* Beyond the varint range next + window could wrap: never valid. */
	if (unlikely(seq > TQUIC_REORDER_SEQ_MAX)) {
		r->stats.dropped++;
		return TQUIC_REORDER_DROP_LATE;
	}
	if (seq < r->next)
		return behind(r, seq, now_us);
	r->stale_since_us = TQUIC_REORDER_NEVER;
	if (seq - r->next > r->mask) {
		/* Room for @seq: give up whatever is a window behind it. */
		if (seq - r->mask > r->flush_to)
			r->flush_to = seq - r->mask;
		return TQUIC_REORDER_FLUSH;
	}
	if (s->held) {
		r->stats.dup++;
		return TQUIC_REORDER_DROP_DUP;
	}
	if (seq == r->next) {
		s->done = true;
		r->next++;
		r->stats.delivered++;
		return TQUIC_REORDER_DELIVER;
	}
	if (!r->cap_us) {
		/* No hold: skip to it; the gap's datagrams will be late. */
		if (seq > r->flush_to)
			r->flush_to = seq;
		return TQUIC_REORDER_FLUSH;
	}
	s->held = true;
	s->arrival_us = now_us;
	r->held++;
	r->stats.held++;
	if (now_us < r->oldest_us)
		r->oldest_us = now_us;
	return TQUIC_REORDER_HOLD;
}

/*
 * The hold timer ran out for something: release up to the newest held item
 * that waited longer than the timeout, and recompute oldest_us over what
 * stays. O(window), once per timeout.
 */
static bool expire(struct tquic_reorder *r, u64 now_us)
{
	u64 oldest = TQUIC_REORDER_NEVER;
	u64 seq, last = 0;
	bool found = false;

	for (seq = r->next; seq <= r->next + r->mask; seq++) {
		struct tquic_reorder_slot *s = &r->slot[seq & r->mask];

		if (s->held && s->arrival_us + r->timeout_us <= now_us) {
			last = seq;
			found = true;
		}
	}
	for (seq = found ? last + 1 : r->next; seq <= r->next + r->mask;
	     seq++) {
		struct tquic_reorder_slot *s = &r->slot[seq & r->mask];

		if (s->held && s->arrival_us < oldest)
			oldest = s->arrival_us;
	}
	r->oldest_us = oldest;
	if (found) {
		r->flush_to = last + 1;
		calm_down(r);
	}
	return found;
}

/*
 * Next item to deliver in order, if any is due: *@seq says which (its item
 * is at tquic_reorder_index(*@seq)). Call until it returns false after
 * every insert and when the deadline passes. Gaps given up on (timeout,
 * window overflow, flush) are counted as skipped; their datagrams may
 * still come, late.
 */
bool tquic_reorder_release(struct tquic_reorder *r, u64 now_us, u64 *seq)
{
	for (;;) {
		struct tquic_reorder_slot *s = &r->slot[r->next & r->mask];

		if (!r->held) {
			if (r->restart)
				restart(r);
			else if (r->flush_to > r->next)
				skip_to(r, r->flush_to);
			r->oldest_us = TQUIC_REORDER_NEVER;
			return false;
		}
		if (s->held) {
			s->held = false;
			s->done = true;
			r->held--;
			*seq = r->next++;
			r->stats.delivered++;
			return true;
		}
		if (r->flush_to > r->next) {
			s->done = false;
			r->stats.skipped++;
			r->next++;
			continue;
		}
		if (r->oldest_us + r->timeout_us > now_us || !expire(r, now_us))
			return false;
	}
}

/* When tquic_reorder_release() must run again, or TQUIC_REORDER_NEVER. */
u64 tquic_reorder_deadline(const struct tquic_reorder *r)
{
	if (!r->held)
		return TQUIC_REORDER_NEVER;
	return r->oldest_us + r->timeout_us;
}
