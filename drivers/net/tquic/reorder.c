// SPDX-License-Identifier: GPL-2.0
/*
 * Reordering of tunnel sequence numbers. Pure code shared with the
 * userspace tests: see proto.h.
 *
 * Invariants: every held item has next <= seq < next + window, so its slot
 * is its own; a slot keeps the sequence number it last held, which tells a
 * duplicate of a recent delivery from a late arrival; oldest_us is never
 * later than the arrival of any held item (it may be earlier after
 * releases: the timer then fires early, finds nothing expired and
 * recomputes it, which is cheaper than recomputing on every release).
 */
#include "proto.h"
#include "reorder.h"

/*
 * @nslots (the window) must be a power of two; @first_seq is the first
 * sequence number the sender uses; @cap_us bounds every hold.
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
	r->flush_to = first_seq;
	r->oldest_us = TQUIC_REORDER_NEVER;
	r->cap_us = cap_us;
	r->base_us = cap_us;
	r->timeout_us = cap_us;
	return 0;
}

static void update_timeout(struct tquic_reorder *r)
{
	u64 t = r->base_us + (r->base_us / 4) * r->widen;

	r->timeout_us = t < r->cap_us ? t : r->cap_us;
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
	if (delay_spread_us > r->cap_us || jitter_us > r->cap_us)
		r->base_us = r->cap_us;
	else
		r->base_us = delay_spread_us + 4 * jitter_us +
			     TQUIC_REORDER_MIN_US;
	update_timeout(r);
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

enum tquic_reorder_verdict tquic_reorder_insert(struct tquic_reorder *r,
						u64 seq, u64 now_us)
{
	struct tquic_reorder_slot *s = &r->slot[seq & r->mask];

	/* Beyond the varint range next + window could wrap: never valid. */
	if (unlikely(seq > TQUIC_REORDER_SEQ_MAX)) {
		r->stats.late++;
		return TQUIC_REORDER_DROP_LATE;
	}
	if (seq < r->next) {
		if (s->seq == seq && s->state == TQUIC_RSLOT_DELIVERED) {
			r->stats.dup++;
			return TQUIC_REORDER_DROP_DUP;
		}
		r->stats.late++;
		widen(r);
		return TQUIC_REORDER_DROP_LATE;
	}
	if (seq - r->next > r->mask) {
		/* Room for @seq: give up whatever is a window behind it. */
		if (seq - r->mask > r->flush_to)
			r->flush_to = seq - r->mask;
		return TQUIC_REORDER_FLUSH;
	}
	if (s->state == TQUIC_RSLOT_HELD && s->seq == seq) {
		r->stats.dup++;
		return TQUIC_REORDER_DROP_DUP;
	}
	s->seq = seq;
	if (seq == r->next) {
		s->state = TQUIC_RSLOT_DELIVERED;
		r->next++;
		r->stats.delivered++;
		return TQUIC_REORDER_DELIVER;
	}
	s->state = TQUIC_RSLOT_HELD;
	s->arrival_us = now_us;
	r->held++;
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

		if (s->state != TQUIC_RSLOT_HELD || s->seq != seq)
			continue;
		if (s->arrival_us + r->timeout_us <= now_us) {
			last = seq;
			found = true;
		}
	}
	for (seq = found ? last + 1 : r->next; seq <= r->next + r->mask;
	     seq++) {
		struct tquic_reorder_slot *s = &r->slot[seq & r->mask];

		if (s->state == TQUIC_RSLOT_HELD && s->seq == seq &&
		    s->arrival_us < oldest)
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
 * every insert and when the deadline passes. Gaps given up on (timeout or
 * window overflow) are counted as skipped.
 */
bool tquic_reorder_release(struct tquic_reorder *r, u64 now_us, u64 *seq)
{
	for (;;) {
		struct tquic_reorder_slot *s = &r->slot[r->next & r->mask];

		if (!r->held) {
			if (r->flush_to > r->next) {
				r->stats.skipped += r->flush_to - r->next;
				r->next = r->flush_to;
			}
			r->oldest_us = TQUIC_REORDER_NEVER;
			return false;
		}
		if (s->state == TQUIC_RSLOT_HELD && s->seq == r->next) {
			s->state = TQUIC_RSLOT_DELIVERED;
			r->held--;
			*seq = r->next++;
			r->stats.delivered++;
			return true;
		}
		if (r->flush_to > r->next) {
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
