/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-path congestion control: CUBIC (RFC 9438) over the RFC 9002 window
 * rules, plus pacing so that a path is never sent more than its window per
 * smoothed RTT in a burst. Pure code shared with the userspace tests: see
 * proto.h.
 *
 * Units: bytes for windows, microseconds for time. Every product is bounded
 * by TQUIC_CC_MAX_CWND and TQUIC_RTT_MAX_US so that none overflows 64 bits.
 *
 * No locking here: the owner (one path) serialises every call.
 */
#ifndef _TQUIC_CC_H
#define _TQUIC_CC_H

#include <linux/math64.h>

#include "proto.h"
#include "rtt.h"

/* "No deadline": a time no clock reaches. */
#define TQUIC_NEVER		(~0ULL)

/* RFC 9002 section 7.2: the window never goes below two datagrams. */
#define TQUIC_CC_MIN_PKTS	2
/* RFC 9002 section 7.2: initial window of 10 datagrams, at most 14720. */
#define TQUIC_CC_INIT_PKTS	10
#define TQUIC_CC_INIT_BYTES	14720
/* 1 GiB, far above any BDP: keeps every CUBIC product inside 64 bits. */
#define TQUIC_CC_MAX_CWND	0x40000000ULL
/* Pacing gain in percent: faster in slow start so growth is not capped. */
#define TQUIC_CC_PACE_SS_PCT	200
#define TQUIC_CC_PACE_CA_PCT	125
/*
 * Delay brake (tquic_cc_on_delay()): queueing delay that counts as a
 * congestion signal, in percent of the minimum RTT and at least the
 * floor; and the window kept then, in percent.
 */
#define TQUIC_CC_QDELAY_PCT	50
#define TQUIC_CC_QDELAY_MIN_US	10000ULL
#define TQUIC_CC_QDELAY_BETA_PCT	85
/*
 * Brakes in a row, a round trip apart, after which a queue that has not
 * drained is taken for the path's new base delay (a reroute upstream):
 * four take the window to about half, which empties any queue of ours.
 */
#define TQUIC_CC_REBASE_BRAKES	4
/*
 * RTT samples (tquic_cc_on_rtt()): this many in a row an eta above the
 * minimum RTT end slow start (RFC 9406's eta: an eighth of the minimum,
 * within the bounds), before the bottleneck's buffer overflows; and a
 * round's lowest sample feeds the delay brake once the round has this
 * many, so that a few ACKs a busy CPU delivered late, or the slow first
 * samples of a new path, are no queue.
 */
#define TQUIC_CC_ROUND_SAMPLES	8
#define TQUIC_CC_SS_ETA_MIN_US	4000ULL
#define TQUIC_CC_SS_ETA_MAX_US	16000ULL
/* Datagrams an idle path may send back to back before pacing bites. */
#define TQUIC_CC_BURST_PKTS	10

struct tquic_cc {
	u64 cwnd;		/* congestion window */
	u64 ssthresh;		/* TQUIC_NEVER until the first loss */
	u64 inflight;		/* sent, not yet acked, lost or discarded */
	u64 w_max;		/* RFC 9438 W_max (after fast convergence) */
	u64 cwnd_prior;		/* window just before the last reduction */
	u64 w_est;		/* RFC 9438 4.3 Reno-friendly estimate */
	u64 est_rem;		/* remainder of w_est's integer division */
	u64 inc_rem;		/* remainder of cwnd's CUBIC increase */
	u64 k_ms;		/* RFC 9438 K: time to climb back to w_max */
	u64 epoch_us;		/* start of the congestion-avoidance epoch */
	u64 recovery_us;	/* sent at or before this: same congestion event */
	u64 last_ack_us;
	u64 last_full_us;	/* last send that left no room for a datagram */
	u64 srtt_us;
	u64 pace_us;		/* earliest time of the next paced send */
	u64 round_start_us;	/* packets sent from here on: the next round */
	u64 round_min_us;	/* lowest RTT sample of this round */
	u32 round_samples;
	u32 ss_rises;		/* samples in a row an eta above the minimum */
	u32 brakes;		/* delay brakes in a row, queue never drained */
	u32 mss;		/* max datagram size on this path */
	bool epoch_valid;
	bool recovered_once;	/* recovery_us is meaningful */
};

void tquic_cc_init(struct tquic_cc *cc, u32 mss, u64 now_us);
void tquic_cc_on_sent(struct tquic_cc *cc, u32 bytes, u64 now_us);
void tquic_cc_on_ack(struct tquic_cc *cc, u32 bytes, u64 sent_us, u64 now_us,
		     u64 srtt_us);
void tquic_cc_on_lost(struct tquic_cc *cc, u32 bytes, u64 sent_us,
		      u64 now_us);
bool tquic_cc_on_delay(struct tquic_cc *cc, u64 rtt_us, u64 min_rtt_us,
		       u64 now_us);
u64 tquic_cc_on_rtt(struct tquic_cc *cc, u64 rtt_us, u64 sent_us,
		    u64 min_rtt_us, u64 now_us);
bool tquic_cc_rtt_signal(struct tquic_cc *cc, struct tquic_rtt *r,
			 u64 rtt_us, u64 sent_us, u64 now_us);
void tquic_cc_on_discard(struct tquic_cc *cc, u32 bytes);
void tquic_cc_collapse(struct tquic_cc *cc, u64 now_us);
bool tquic_cc_can_send(const struct tquic_cc *cc, u32 bytes, u64 now_us);
u64 tquic_cc_next_send_us(const struct tquic_cc *cc, u32 bytes, u64 now_us);
u64 tquic_cc_room(const struct tquic_cc *cc);
u64 tquic_cc_rate(const struct tquic_cc *cc);
u64 tquic_cubic_window(const struct tquic_cc *cc, u64 t_ms);
u64 tquic_cbrt(u64 x);

#endif /* _TQUIC_CC_H */
