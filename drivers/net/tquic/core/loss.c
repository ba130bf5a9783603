// SPDX-License-Identifier: GPL-2.0
/*
 * Loss detection and probe timeout, RFC 9002 section 6, for one path's
 * packet-number space. Pure code shared with the userspace tests: see
 * proto.h.
 *
 * Invariant: the slot of l->head is in flight unless the ring is empty;
 * settled packets at the head are retired at once, so the oldest packet in
 * flight is found in O(1) and a scan never starts over settled history.
 */
#include "proto.h"
#include "cc.h"
#include "loss.h"

/*
 * @nslots must be a power of two. @fail_ptos: the path is reported failed
 * once an ACK is owed for as long as this many probe timeouts in a row
 * take (at least 1).
 */
int tquic_loss_init(struct tquic_loss *l, struct tquic_sent *slots,
		    u32 nslots, u32 fail_ptos)
{
	if (!nslots || (nslots & (nslots - 1)) || !fail_ptos)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	memset(slots, 0, (size_t)nslots * sizeof(*slots));
	l->slot = slots;
	l->mask = nslots - 1;
	l->loss_time_us = TQUIC_NEVER;
	l->owed_since_us = TQUIC_NEVER;
	l->fail_ptos = fail_ptos;
	return 0;
}

static struct tquic_sent *slot_of(const struct tquic_loss *l, u64 pn)
{
	return &l->slot[pn & l->mask];
}

bool tquic_loss_can_record(const struct tquic_loss *l)
{
	return l->next - l->head <= l->mask;
}

/* Record a packet just sent; *@pn is the packet number it must carry. */
int tquic_loss_on_sent(struct tquic_loss *l, u32 bytes, bool ack_eliciting,
		       u64 cookie, u64 now_us, u64 *pn)
{
	struct tquic_sent *s;

	if (!tquic_loss_can_record(l))
		return -ENOBUFS;
	s = slot_of(l, l->next);
	s->time_us = now_us;
	s->cookie = cookie;
	s->bytes = bytes;
	s->state = TQUIC_SENT_INFLIGHT;
	s->ack_eliciting = ack_eliciting;
	s->lost = false;
	if (ack_eliciting) {
		l->eliciting_inflight++;
		l->last_eliciting_us = now_us;
		if (l->owed_since_us == TQUIC_NEVER)
			l->owed_since_us = now_us;
	}
	*pn = l->next++;
	return 0;
}

void tquic_loss_event_init(struct tquic_loss_event *ev)
{
	memset(ev, 0, sizeof(*ev));
}

static void settle(struct tquic_loss *l, struct tquic_sent *s)
{
	s->state = TQUIC_SENT_DONE;
	if (s->ack_eliciting && !--l->eliciting_inflight)
		l->owed_since_us = TQUIC_NEVER;
}

static void retire(struct tquic_loss *l)
{
	while (l->head < l->next &&
	       slot_of(l, l->head)->state == TQUIC_SENT_DONE) {
		slot_of(l, l->head)->state = TQUIC_SENT_FREE;
		l->head++;
	}
}

/*
 * Number a packet nobody waits for (ACK-only): it takes a packet number,
 * is never in flight and needs no acknowledgment.
 */
int tquic_loss_skip(struct tquic_loss *l, u64 *pn)
{
	struct tquic_sent *s;

	if (!tquic_loss_can_record(l))
		return -ENOBUFS;
	s = slot_of(l, l->next);
	memset(s, 0, sizeof(*s));
	s->state = TQUIC_SENT_DONE;
	*pn = l->next++;
	retire(l);
	return 0;
}

/*
 * One range [@lo, @hi] of an ACK frame, largest range first. The range
 * comes from the wire: a packet number never sent is a protocol violation
 * (-EINVAL), and the walk is bounded by the ring, not by the range.
 */
int tquic_loss_on_ack_range(struct tquic_loss *l, u64 lo, u64 hi, u64 now_us,
			    struct tquic_loss_event *ev)
{
	u64 pn;

	if (lo > hi || hi >= l->next)
		return -EINVAL;
	if (!l->acked_any || hi > l->largest_acked) {
		struct tquic_sent *s = slot_of(l, hi);

		l->largest_acked = hi;
		l->acked_any = true;
		/* RFC 9002 5.1: sample only a newly acked, eliciting largest. */
		if (hi >= l->head && s->state == TQUIC_SENT_INFLIGHT &&
		    s->ack_eliciting && now_us >= s->time_us) {
			ev->rtt_sample_us = now_us - s->time_us;
			ev->has_rtt_sample = true;
		}
	}
	for (pn = lo > l->head ? lo : l->head; pn <= hi; pn++) {
		struct tquic_sent *s = slot_of(l, pn);

		if (s->state != TQUIC_SENT_INFLIGHT)
			continue;
		settle(l, s);
		ev->acked++;
		ev->acked_bytes += s->bytes;
		if (s->time_us > ev->acked_sent_us)
			ev->acked_sent_us = s->time_us;
	}
	retire(l);
	return 0;
}

/*
 * RFC 9002 6.1.2's time threshold for an RTT of @rtt_us: 9/8 of it, at
 * least kGranularity. RTTs are at most TQUIC_RTT_MAX_US (rtt.c), so the
 * sum cannot wrap.
 */
u64 tquic_loss_delay_us(u64 rtt_us)
{
	u64 delay = rtt_us + rtt_us / 8;

	return delay < TQUIC_LOSS_GRANULARITY_US ? TQUIC_LOSS_GRANULARITY_US :
						   delay;
}

/* Send time of the oldest ack-eliciting packet in flight, or TQUIC_NEVER. */
static u64 oldest_eliciting(const struct tquic_loss *l)
{
	u64 pn;

	if (!l->eliciting_inflight)
		return TQUIC_NEVER;
	for (pn = l->head; pn < l->next; pn++) {
		const struct tquic_sent *s = slot_of(l, pn);

		if (s->state == TQUIC_SENT_INFLIGHT && s->ack_eliciting)
			return s->time_us;
	}
	return TQUIC_NEVER;
}

/*
 * RFC 9002 6.1: a packet is lost once TQUIC_LOSS_PKT_THRESHOLD later
 * packets are acked, or once it is older than 9/8 of the RTT (and at
 * least kGranularity) while a later one was acked. Packets not yet past the time threshold arm the
 * loss timer.
 */
static void detect_lost(struct tquic_loss *l, const struct tquic_rtt *rtt,
			u64 now_us, struct tquic_loss_event *ev)
{
	u64 delay = tquic_loss_delay_us(rtt->latest_us > rtt->smoothed_us ?
					rtt->latest_us : rtt->smoothed_us);
	u64 pn;

	l->loss_time_us = TQUIC_NEVER;
	if (!l->acked_any)
		return;
	for (pn = l->head; pn < l->next && pn < l->largest_acked; pn++) {
		struct tquic_sent *s = slot_of(l, pn);

		if (s->state != TQUIC_SENT_INFLIGHT)
			continue;
		if (l->largest_acked - pn >= TQUIC_LOSS_PKT_THRESHOLD ||
		    s->time_us + delay <= now_us) {
			settle(l, s);
			s->lost = true;
			ev->lost++;
			ev->lost_bytes += s->bytes;
			if (s->time_us > ev->lost_sent_us)
				ev->lost_sent_us = s->time_us;
		} else if (s->time_us + delay < l->loss_time_us) {
			l->loss_time_us = s->time_us + delay;
		}
	}
	retire(l);
	l->owed_since_us = oldest_eliciting(l);
}

/*
 * After the ranges of one ACK frame, and after the RTT estimator took the
 * event's sample: an ACK that acknowledged anything ends the PTO backoff
 * (RFC 9002 6.2.1), then losses are detected.
 */
void tquic_loss_on_ack_done(struct tquic_loss *l, const struct tquic_rtt *rtt,
			    u64 now_us, struct tquic_loss_event *ev)
{
	if (!ev->acked)
		return;
	l->pto_count = 0;
	detect_lost(l, rtt, now_us, ev);
}

/* RFC 9002 6.2.1: srtt + max(4 rttvar, kGranularity) + max_ack_delay. */
u64 tquic_loss_pto_us(const struct tquic_rtt *rtt, u64 max_ack_delay_us,
		      u32 pto_count)
{
	u64 var = 4 * rtt->var_us;
	u64 pto;

	if (var < TQUIC_LOSS_GRANULARITY_US)
		var = TQUIC_LOSS_GRANULARITY_US;
	if (max_ack_delay_us > TQUIC_LOSS_MAX_PTO_US)
		max_ack_delay_us = TQUIC_LOSS_MAX_PTO_US;
	pto = rtt->smoothed_us + var + max_ack_delay_us;
	if (pto_count > TQUIC_LOSS_MAX_BACKOFF)
		pto_count = TQUIC_LOSS_MAX_BACKOFF;
	pto <<= pto_count;
	return pto > TQUIC_LOSS_MAX_PTO_US ? TQUIC_LOSS_MAX_PTO_US : pto;
}

/*
 * Since when an acknowledgment is owed: the send time of the oldest
 * ack-eliciting packet not settled when an ACK last arrived (or carried
 * over a reset), TQUIC_NEVER when none is owed.
 */
u64 tquic_loss_owed_since(const struct tquic_loss *l)
{
	return l->owed_since_us;
}

/*
 * A fresh record (a new packet-number space on the path) still waits for
 * what the old one was owed: starting it over must not start the failure
 * clock over. The clock runs again once something is in flight.
 */
void tquic_loss_carry_owed(struct tquic_loss *l, u64 since_us)
{
	if (since_us < l->owed_since_us)
		l->owed_since_us = since_us;
}

/*
 * How long an acknowledgment may be owed before the path fails: as long as
 * fail_ptos probe timeouts in a row take when nothing else is sent. A
 * steady trickle of new packets re-arms the PTO each time (RFC 9002 6.2.1
 * counts from the last packet sent), so it cannot be what fails a silent
 * path that still gets something to send every PTO.
 */
static u64 fail_after_us(const struct tquic_loss *l,
			 const struct tquic_rtt *rtt, u64 max_ack_delay_us)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < l->fail_ptos && sum < TQUIC_LOSS_MAX_PTO_US; i++)
		sum += tquic_loss_pto_us(rtt, max_ack_delay_us, i);
	return sum;
}

static u64 fail_deadline(const struct tquic_loss *l,
			 const struct tquic_rtt *rtt, u64 max_ack_delay_us)
{
	if (!l->eliciting_inflight || l->owed_since_us == TQUIC_NEVER)
		return TQUIC_NEVER;
	return l->owed_since_us + fail_after_us(l, rtt, max_ack_delay_us);
}

/* When tquic_loss_on_timer() is next due, or TQUIC_NEVER. */
u64 tquic_loss_deadline(const struct tquic_loss *l,
			const struct tquic_rtt *rtt, u64 max_ack_delay_us)
{
	u64 fail = fail_deadline(l, rtt, max_ack_delay_us);
	u64 pto;

	if (l->loss_time_us != TQUIC_NEVER)
		return l->loss_time_us < fail ? l->loss_time_us : fail;
	if (!l->eliciting_inflight)
		return fail;
	pto = l->last_eliciting_us +
	      tquic_loss_pto_us(rtt, max_ack_delay_us, l->pto_count);
	return pto < fail ? pto : fail;
}

/*
 * The loss timer fired: time-threshold losses if they are due, the path's
 * failure if an ACK has been owed too long, otherwise a probe timeout. The
 * PTO count only grows here and only an ACK resets it.
 */
enum tquic_loss_timer tquic_loss_on_timer(struct tquic_loss *l,
					  const struct tquic_rtt *rtt,
					  u64 max_ack_delay_us, u64 now_us,
					  struct tquic_loss_event *ev)
{
	u64 due = tquic_loss_deadline(l, rtt, max_ack_delay_us);

	if (due > now_us)
		return TQUIC_LOSS_TIMER_NONE;
	if (fail_deadline(l, rtt, max_ack_delay_us) <= now_us)
		return TQUIC_LOSS_TIMER_FAILED;
	if (l->loss_time_us != TQUIC_NEVER) {
		detect_lost(l, rtt, now_us, ev);
		return TQUIC_LOSS_TIMER_LOST;
	}
	l->pto_count++;
	return TQUIC_LOSS_TIMER_PROBE;
}

/*
 * Failover: hand back the oldest packet still in flight (its cookie tells
 * the caller what to re-send elsewhere) and forget it. False when none is
 * left. The caller tells the CC with tquic_cc_on_discard().
 */
bool tquic_loss_take_unacked(struct tquic_loss *l, struct tquic_sent *out)
{
	struct tquic_sent *s;

	if (l->head == l->next)
		return false;
	s = slot_of(l, l->head);
	*out = *s;
	if (s->state == TQUIC_SENT_INFLIGHT)
		settle(l, s);
	retire(l);
	return true;
}
