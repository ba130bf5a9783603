// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC congestion control (RFC 9438) with the window rules of RFC 9002
 * section 7, and pacing. Pure code shared with the userspace tests: see
 * proto.h.
 *
 * CUBIC's constants are kept as exact fractions: C = 0.4 = 4/10,
 * beta_cubic = 0.7 = 7/10, alpha_cubic = 3 * (1 - beta) / (1 + beta) = 9/17.
 * Time inside the cubic runs in milliseconds: one millisecond of K is well
 * below any RTT a WAN has, and it keeps (t - K)^3 inside 64 bits.
 */
#include "proto.h"
#include "cc.h"

/* (t - K) larger than this is clamped: 2^57 ms^3 times 4 fits 64 bits. */
#define CUBIC_MAX_DT_MS		524288ULL	/* 2^19 */

static u64 min_window(const struct tquic_cc *cc)
{
	return (u64)TQUIC_CC_MIN_PKTS * cc->mss;
}

static u64 clamp_cwnd(u64 w)
{
	return w > TQUIC_CC_MAX_CWND ? TQUIC_CC_MAX_CWND : w;
}

/* Floor of the cube root, one bit at a time: no floating point. */
u64 tquic_cbrt(u64 x)
{
	u64 r = 0;
	int bit;

	/* The cube root of 2^64 - 1 is below 2^22. */
	for (bit = 21; bit >= 0; bit--) {
		u64 c = r | (1ULL << bit);

		/* c^3 <= x, without forming a c^3 that could wrap */
		if (c <= div64_u64(div64_u64(x, c), c))
			r = c;
	}
	return r;
}

/*
 * RFC 9438 eq. 1, in bytes: W_cubic(t) = C * (t - K)^3 + W_max, with t the
 * time since the epoch began. C * d^3 segments for d milliseconds is
 * 4 * d^3 / 10^10 segments; the first division by 10^4 leaves micro-
 * segments, which times the MSS still fits 64 bits.
 */
u64 tquic_cubic_window(const struct tquic_cc *cc, u64 t_ms)
{
	bool above = t_ms >= cc->k_ms;
	u64 d = above ? t_ms - cc->k_ms : cc->k_ms - t_ms;
	u64 off;

	if (d > CUBIC_MAX_DT_MS)
		d = CUBIC_MAX_DT_MS;
	off = div64_u64(div64_u64(4 * d * d * d, 10000) * cc->mss,
			1000000);
	if (above)
		return clamp_cwnd(cc->w_max + off);
	return cc->w_max > off ? cc->w_max - off : 0;
}

/* Packets sent from @now_us on belong to a new round of RTT samples. */
static void round_begin(struct tquic_cc *cc, u64 now_us)
{
	cc->round_start_us = now_us;
	cc->round_min_us = TQUIC_NEVER;
	cc->round_samples = 0;
}

void tquic_cc_init(struct tquic_cc *cc, u32 mss, u64 now_us)
{
	u64 init = (u64)TQUIC_CC_INIT_PKTS * mss;

	/* RFC 9002 7.2: min(10 * mss, max(14720, 2 * mss)). */
	if (init > TQUIC_CC_INIT_BYTES)
		init = TQUIC_CC_INIT_BYTES;
	if (init < (u64)TQUIC_CC_MIN_PKTS * mss)
		init = (u64)TQUIC_CC_MIN_PKTS * mss;
	memset(cc, 0, sizeof(*cc));
	cc->mss = mss;
	cc->cwnd = init;
	cc->ssthresh = TQUIC_NEVER;
	cc->srtt_us = TQUIC_RTT_INITIAL_US;
	cc->pace_us = now_us;
	cc->last_ack_us = now_us;
	round_begin(cc, now_us);
	/* A new path is presumed busy: the first window must be able to grow. */
	cc->last_full_us = now_us;
}

/* Time that @bytes take at the pacing rate gain * cwnd / srtt. */
static u64 pace_interval(const struct tquic_cc *cc, u64 bytes)
{
	u64 pct = cc->cwnd < cc->ssthresh ? TQUIC_CC_PACE_SS_PCT :
					    TQUIC_CC_PACE_CA_PCT;

	return div64_u64(bytes * cc->srtt_us * 100, cc->cwnd * pct);
}

void tquic_cc_on_sent(struct tquic_cc *cc, u32 bytes, u64 now_us)
{
	u64 credit = pace_interval(cc, (u64)(TQUIC_CC_BURST_PKTS - 1) * cc->mss);

	cc->inflight += bytes;
	/* No room left for a full datagram: the window, not the app, limits. */
	if (cc->inflight + cc->mss > cc->cwnd)
		cc->last_full_us = now_us;
	/* An idle path banks at most one burst of sending time. */
	if (cc->pace_us + credit < now_us)
		cc->pace_us = now_us - credit;
	cc->pace_us += pace_interval(cc, bytes);
}

static void sub_inflight(struct tquic_cc *cc, u32 bytes)
{
	cc->inflight = cc->inflight > bytes ? cc->inflight - bytes : 0;
}

/*
 * RFC 9438 4.2/4.8: an epoch starts at the first ACK in congestion
 * avoidance; K is the time the cubic needs to climb from this window back
 * to w_max: cbrt((w_max - cwnd) / C) seconds, i.e. cbrt((w_max - cwnd)
 * / mss * 2.5 * 10^9) milliseconds.
 */
static void start_epoch(struct tquic_cc *cc, u64 now_us)
{
	cc->epoch_valid = true;
	cc->epoch_us = now_us;
	cc->w_est = cc->cwnd;
	cc->est_rem = 0;
	cc->inc_rem = 0;
	if (cc->w_max <= cc->cwnd) {
		/* Slow start ended without loss: the plateau is here. */
		cc->w_max = cc->cwnd;
		cc->k_ms = 0;
		return;
	}
	cc->k_ms = tquic_cbrt(div64_u64((cc->w_max - cc->cwnd) * 2500000000ULL,
					cc->mss));
}

static void cubic_increase(struct tquic_cc *cc, u32 bytes, u64 now_us)
{
	u64 t_ms, target, num, alpha_num = 9, alpha_den = 17;

	if (!cc->epoch_valid)
		start_epoch(cc, now_us);
	t_ms = div64_u64(now_us - cc->epoch_us, 1000);

	/*
	 * RFC 9438 4.3: the Reno-friendly estimate grows by alpha segments
	 * per window acknowledged, alpha = 1 once it has passed the window
	 * before the last reduction. Remainders carry over so that small
	 * ACKs on a large window still add up.
	 */
	if (cc->w_est >= cc->cwnd_prior) {
		alpha_num = 1;
		alpha_den = 1;
	}
	num = alpha_num * bytes * cc->mss + cc->est_rem;
	cc->w_est += div64_u64(num, alpha_den * cc->cwnd);
	cc->est_rem = num - div64_u64(num, alpha_den * cc->cwnd) *
			    alpha_den * cc->cwnd;
	if (tquic_cubic_window(cc, t_ms) < cc->w_est) {
		cc->cwnd = clamp_cwnd(cc->w_est);
		return;
	}

	/* RFC 9438 4.4/4.5: aim at W_cubic one RTT ahead, within 1.5 cwnd. */
	target = tquic_cubic_window(cc, t_ms + div64_u64(cc->srtt_us, 1000));
	if (target < cc->cwnd)
		target = cc->cwnd;
	if (target > cc->cwnd + cc->cwnd / 2)
		target = cc->cwnd + cc->cwnd / 2;
	num = (target - cc->cwnd) * bytes + cc->inc_rem;
	cc->inc_rem = num - div64_u64(num, cc->cwnd) * cc->cwnd;
	cc->cwnd = clamp_cwnd(cc->cwnd + div64_u64(num, cc->cwnd));
}

/*
 * @bytes sent at @sent_us were acknowledged at @now_us; @srtt_us is the
 * path's smoothed RTT after this ACK's sample.
 */
void tquic_cc_on_ack(struct tquic_cc *cc, u32 bytes, u64 sent_us, u64 now_us,
		     u64 srtt_us)
{
	u64 since_ack = now_us > cc->last_ack_us ? now_us - cc->last_ack_us : 0;

	sub_inflight(cc, bytes);
	cc->last_ack_us = now_us;
	if (srtt_us)
		cc->srtt_us = srtt_us > TQUIC_RTT_MAX_US ? TQUIC_RTT_MAX_US :
							   srtt_us;
	/* RFC 9002 7.3.2: packets of the congestion event grow nothing. */
	if (cc->recovered_once && sent_us <= cc->recovery_us)
		return;
	/*
	 * RFC 9002 7.8 and RFC 9438 5.8: a window the sender did not fill for
	 * a whole RTT before this packet left proves nothing about the path,
	 * so it does not grow, and the cubic's clock stops meanwhile (else
	 * the curve would jump ahead when the application resumes).
	 */
	if (sent_us > cc->last_full_us + cc->srtt_us) {
		if (cc->epoch_valid)
			cc->epoch_us = cc->epoch_us + since_ack > now_us ?
				       now_us : cc->epoch_us + since_ack;
		return;
	}
	if (cc->cwnd < cc->ssthresh) {
		cc->cwnd = clamp_cwnd(cc->cwnd + bytes);
		return;
	}
	cubic_increase(cc, bytes, now_us);
}

/* A congestion event: the window times @beta_pct percent. */
static void reduce(struct tquic_cc *cc, u64 now_us, u32 beta_pct)
{
	cc->recovered_once = true;
	cc->recovery_us = now_us;
	cc->cwnd_prior = cc->cwnd;
	/* RFC 9438 4.7 fast convergence: yield to newer flows when shrinking. */
	if (cc->cwnd < cc->w_max)
		cc->w_max = div64_u64(cc->cwnd * 17, 20);
	else
		cc->w_max = cc->cwnd;
	cc->ssthresh = div64_u64(cc->cwnd * beta_pct, 100);
	if (cc->ssthresh < min_window(cc))
		cc->ssthresh = min_window(cc);
	cc->cwnd = cc->ssthresh;
	cc->epoch_valid = false;
}

/* @bytes sent at @sent_us were declared lost at @now_us. */
void tquic_cc_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_us,
		      u64 now_us)
{
	sub_inflight(cc, bytes);
	/* One reduction per round trip, RFC 9002 7.3.2. */
	if (cc->recovered_once && sent_us <= cc->recovery_us)
		return;
	/* RFC 9438 4.6: multiplicative decrease by beta_cubic = 0.7. */
	reduce(cc, now_us, 70);
}

/*
 * A delay signal before the loss one: the path's queue (RTT above its
 * minimum) has grown past TQUIC_CC_QDELAY_PCT of the minimum RTT, at least
 * TQUIC_CC_QDELAY_MIN_US. A tunnel path that fills the bottleneck's buffer
 * until it overflows drops the inner connections' packets, which they
 * take for congestion on their whole path; backing off a little (once per
 * round trip) while the queue is still short keeps it from overflowing and
 * leaves the queueing to our own qdisc, whose AQM the inner senders see.
 *
 * The minimum RTT never ages by itself, yet a route upstream can change
 * for good: a queue that TQUIC_CC_REBASE_BRAKES brakes did not drain is
 * no queue of ours, and braking on would hold the path at its minimum
 * window for ever. True then, instead of a brake: @rtt_us is the path's
 * new base delay.
 */
bool tquic_cc_on_delay(struct tquic_cc *cc, u64 rtt_us, u64 min_rtt_us,
		       u64 now_us)
{
	u64 target = div64_u64(min_rtt_us * TQUIC_CC_QDELAY_PCT, 100);

	if (target < TQUIC_CC_QDELAY_MIN_US)
		target = TQUIC_CC_QDELAY_MIN_US;
	if (rtt_us <= min_rtt_us + target) {
		cc->brakes = 0;
		return false;
	}
	if (cc->recovered_once && now_us < cc->recovery_us + cc->srtt_us)
		return false;
	if (cc->brakes >= TQUIC_CC_REBASE_BRAKES) {
		cc->brakes = 0;
		return true;
	}
	cc->brakes++;
	reduce(cc, now_us, TQUIC_CC_QDELAY_BETA_PCT);
	return false;
}

/*
 * RFC 9406's eta: how far above the minimum RTT the samples of a slow
 * start must stay to say the bottleneck's queue is growing.
 */
static u64 slow_start_eta(u64 min_rtt_us)
{
	u64 eta = min_rtt_us / 8;

	if (eta < TQUIC_CC_SS_ETA_MIN_US)
		return TQUIC_CC_SS_ETA_MIN_US;
	return eta > TQUIC_CC_SS_ETA_MAX_US ? TQUIC_CC_SS_ETA_MAX_US : eta;
}

/*
 * The RTT sample @rtt_us (ACK delay taken off) of a packet sent at
 * @sent_us.
 * - Slow start ends, where the window is, after TQUIC_CC_ROUND_SAMPLES
 *   samples in a row an eta above the minimum: the queue grows, and
 *   doubling once more would overflow a buffer of one BDP. Not the
 *   lowest sample of a round, as RFC 9406 takes: in slow start the first
 *   packets of a round find the queue the previous round left, which
 *   shows too little and too late.
 * - The delay brake is fed by rounds: a round ends when a packet sent
 *   after it began is acknowledged, and its lowest sample is the queue
 *   the path kept all through it, once it has TQUIC_CC_ROUND_SAMPLES.
 * Returns the path's new minimum RTT where the brake found one (see
 * tquic_cc_on_delay()), else 0.
 */
u64 tquic_cc_on_rtt(struct tquic_cc *cc, u64 rtt_us, u64 sent_us,
		    u64 min_rtt_us, u64 now_us)
{
	if (sent_us >= cc->round_start_us)
		round_begin(cc, now_us);
	if (rtt_us < cc->round_min_us)
		cc->round_min_us = rtt_us;
	cc->round_samples++;
	if (cc->cwnd < cc->ssthresh) {
		if (rtt_us < min_rtt_us + slow_start_eta(min_rtt_us)) {
			cc->ss_rises = 0;
		} else if (++cc->ss_rises >= TQUIC_CC_ROUND_SAMPLES) {
			cc->ssthresh = cc->cwnd;
			return 0;
		}
	}
	if (cc->round_samples >= TQUIC_CC_ROUND_SAMPLES &&
	    tquic_cc_on_delay(cc, cc->round_min_us, min_rtt_us, now_us))
		return cc->round_min_us;
	return 0;
}

/*
 * tquic_cc_on_rtt() for the path whose estimator is @r: where the brake
 * finds the base delay risen for good, @r's minimum follows. True then.
 */
bool tquic_cc_rtt_signal(struct tquic_cc *cc, struct tquic_rtt *r,
			 u64 rtt_us, u64 sent_us, u64 now_us)
{
	u64 min = tquic_cc_on_rtt(cc, rtt_us, sent_us, r->min_us, now_us);

	if (!min)
		return false;
	tquic_rtt_rebase(r, min);
	return true;
}

/* Bytes that left the path without a verdict (failover re-queued them). */
void tquic_cc_on_discard(struct tquic_cc *cc, u32 bytes)
{
	sub_inflight(cc, bytes);
}

/*
 * RFC 9002 7.6 persistent congestion, and a path that failed: nothing is
 * known about it any more, so it restarts from the minimum window and slow
 * starts up to the last ssthresh.
 */
void tquic_cc_collapse(struct tquic_cc *cc, u64 now_us)
{
	cc->cwnd = min_window(cc);
	cc->epoch_valid = false;
	cc->recovered_once = false;
	round_begin(cc, now_us);
	cc->ss_rises = 0;
	cc->brakes = 0;
	cc->pace_us = now_us;
	cc->last_full_us = now_us;
}

bool tquic_cc_can_send(const struct tquic_cc *cc, u32 bytes, u64 now_us)
{
	return cc->inflight + bytes <= cc->cwnd && cc->pace_us <= now_us;
}

/* When @bytes may go: TQUIC_NEVER while the window is full (wait for ACKs). */
u64 tquic_cc_next_send_us(const struct tquic_cc *cc, u32 bytes, u64 now_us)
{
	if (cc->inflight + bytes > cc->cwnd)
		return TQUIC_NEVER;
	return cc->pace_us > now_us ? cc->pace_us : now_us;
}

u64 tquic_cc_room(const struct tquic_cc *cc)
{
	return cc->cwnd > cc->inflight ? cc->cwnd - cc->inflight : 0;
}

/* Bytes per second the path is expected to deliver: one window per RTT. */
u64 tquic_cc_rate(const struct tquic_cc *cc)
{
	return div64_u64(cc->cwnd * 1000000, cc->srtt_us ? cc->srtt_us : 1);
}
