// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC and pacing (cc.c) against RFC 9438 and RFC 9002 section 7, with
 * numbers worked out by hand from the RFCs' formulas (C = 0.4,
 * beta = 0.7, alpha = 9/17); and the delay brake, whose constants are
 * tuning, so its expectations are written with cc.h's macros.
 */
#include "proto.h"
#include "cc.h"
#include "rtt.h"
#include "tap.h"

#define MSS 1200

/* A loss at a 100-segment window from congestion avoidance. */
static void lose_at(struct tquic_cc *cc, u64 cwnd, u64 now)
{
	tquic_cc_init(cc, MSS, 0);
	cc->cwnd = cwnd;
	cc->ssthresh = cwnd;
	cc->srtt_us = 100000;
	/* The window was full when the loss came: not app-limited. */
	cc->last_full_us = now;
	tquic_cc_on_sent(cc, MSS, now);
	tquic_cc_on_lost(cc, MSS, now, now);
}

/* RFC 9002 7.2: min(10 * mss, max(14720, 2 * mss)). */
static void test_initial_window(void)
{
	struct tquic_cc cc;

	tquic_cc_init(&cc, 1200, 0);
	CHECK_EQ(cc.cwnd, 12000);
	tquic_cc_init(&cc, 1500, 0);
	CHECK_EQ(cc.cwnd, 14720);
	tquic_cc_init(&cc, 9000, 0);
	CHECK_EQ(cc.cwnd, 18000);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
	CHECK_EQ(tquic_cc_room(&cc), 18000);
}

static void test_cbrt(void)
{
	CHECK_EQ(tquic_cbrt(0), 0);
	CHECK_EQ(tquic_cbrt(26), 2);
	CHECK_EQ(tquic_cbrt(27), 3);
	CHECK_EQ(tquic_cbrt(75000000000ULL), 4217);	/* 4217.16 */
	CHECK_EQ(tquic_cbrt(1ULL << 63), 2097152);
	CHECK_EQ(tquic_cbrt(~0ULL), 2642245);
}

/* Slow start: the window grows by every acked byte (RFC 9002 7.3.1). */
static void test_slow_start(void)
{
	struct tquic_cc cc;
	unsigned int i;

	tquic_cc_init(&cc, MSS, 0);
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&cc, MSS, 0);
	CHECK(!tquic_cc_can_send(&cc, MSS, 1000000));	/* window full */
	for (i = 0; i < 10; i++)
		tquic_cc_on_ack(&cc, MSS, 0, 50000, 50000);
	CHECK_EQ(cc.cwnd, 24000);
	CHECK_EQ(cc.inflight, 0);
}

/*
 * RFC 9438 4.6/4.7: a loss at W = 100 segments gives ssthresh = cwnd = 70
 * segments and W_max = 100; one more loss of a packet sent before the
 * reduction changes nothing; a new one at 70 < W_max converges fast:
 * W_max = 70 * 1.7 / 2 = 59.5 segments, cwnd = 49 segments.
 */
static void test_loss_reaction(void)
{
	struct tquic_cc cc;

	lose_at(&cc, 120000, 1000000);
	CHECK_EQ(cc.cwnd, 84000);
	CHECK_EQ(cc.ssthresh, 84000);
	CHECK_EQ(cc.w_max, 120000);
	CHECK_EQ(cc.cwnd_prior, 120000);
	tquic_cc_on_lost(&cc, MSS, 999000, 1010000);
	CHECK_EQ(cc.cwnd, 84000);
	tquic_cc_on_sent(&cc, MSS, 1020000);
	tquic_cc_on_lost(&cc, MSS, 1020000, 1200000);
	CHECK_EQ(cc.w_max, 71400);
	CHECK_EQ(cc.cwnd, 58800);
	/* Never below two datagrams. */
	lose_at(&cc, 2400, 0);
	CHECK_EQ(cc.cwnd, 2400);
}

/*
 * RFC 9438 eq. 2: K = cbrt(W_max * (1 - beta) / C) = cbrt(100 * 0.3 / 0.4)
 * = 4.2172 s. Eq. 1 at t = 0, 1, K, K + 1 s: 70, 86.681, 100, 100.4
 * segments; in bytes 84000, 104017, 120000, 120480. K is kept in whole
 * milliseconds (4217), which moves W(1 s) by 3 bytes.
 */
static void test_cubic_curve(void)
{
	struct tquic_cc cc;

	lose_at(&cc, 120000, 1000000);
	/* The epoch starts at the first ACK in congestion avoidance. */
	tquic_cc_on_sent(&cc, MSS, 1100000);
	tquic_cc_on_ack(&cc, MSS, 1100000, 1200000, 100000);
	CHECK(cc.epoch_valid);
	CHECK_EQ(cc.epoch_us, 1200000);
	CHECK_EQ(cc.k_ms, 4217);
	CHECK_EQ(tquic_cubic_window(&cc, 0), 84005);
	CHECK_EQ(tquic_cubic_window(&cc, 1000), 104020);
	CHECK_EQ(tquic_cubic_window(&cc, 4217), 120000);
	CHECK_EQ(tquic_cubic_window(&cc, 5217), 120480);
	/* Far out the curve saturates instead of wrapping. */
	CHECK(tquic_cubic_window(&cc, ~0ULL / 2) <= TQUIC_CC_MAX_CWND);
	CHECK(tquic_cubic_window(&cc, ~0ULL / 2) > 120480);
}

/*
 * Congestion avoidance with one window acked per 100 ms RTT: the window
 * follows W_cubic, between W(t) and W(t + RTT) (the target is one RTT
 * ahead, RFC 9438 4.4), plateaus at W_max around t = K = 4.2 s and then
 * grows convex. Once W_est passes cwnd_prior its alpha becomes 1 (a
 * segment per RTT), which near the plateau beats the cubic: from then on
 * the window is W_est (RFC 9438 4.3), here from t = 5.8 s.
 */
static void test_cubic_growth(void)
{
	struct tquic_cc cc;
	u64 now = 1100000, t, w_lo, w_hi, prev = 0;
	unsigned int round, i;

	lose_at(&cc, 120000, 1000000);
	for (round = 0; round < 70; round++) {
		u64 pkts = cc.cwnd / MSS;

		for (i = 0; i < pkts; i++)
			tquic_cc_on_sent(&cc, MSS, now);
		now += 100000;
		for (i = 0; i < pkts; i++)
			tquic_cc_on_ack(&cc, MSS, now - 100000, now, 100000);
		t = (now - cc.epoch_us) / 1000;
		w_lo = tquic_cubic_window(&cc, t);
		w_hi = tquic_cubic_window(&cc, t + 100);
		if (cc.w_est > w_hi)
			w_hi = cc.w_est;
		/* Within one MSS (integer steps per ACK). */
		CHECK(cc.cwnd + MSS >= w_lo);
		CHECK(cc.cwnd <= w_hi + MSS);
		if (round == 10) {
			/* t = 1 s: W(1 s) = 86.681, W(1.1 s) = 87.885 segs */
			CHECK(cc.cwnd >= 104017 && cc.cwnd <= 105461);
		}
		if (round == 41) {
			/* t = 4.1 s, near K: back at W_max = 120000. */
			CHECK(cc.cwnd >= 119000 && cc.cwnd <= 121000);
		}
		if (round == 50) {
			/* t = 5.0 s: W = 100 + 0.4 * 0.783^3 = 100.19 segs. */
			CHECK(cc.cwnd >= 120230 && cc.cwnd <= 120330 + MSS);
		}
		/* Reno-friendly with alpha 1: one segment per window acked. */
		if (round >= 60)
			CHECK(cc.cwnd - prev >= MSS - 20 && cc.cwnd - prev <= MSS);
		prev = cc.cwnd;
	}
	/* Reno-friendly region: one segment per RTT. */
	CHECK_EQ(cc.cwnd, cc.w_est);
	CHECK(cc.w_est > tquic_cubic_window(&cc, t));
}

/*
 * RFC 9438 4.3: where W_cubic is below the Reno-friendly estimate, cwnd is
 * W_est. A window's worth of ACKs at once right after the epoch starts
 * (W_cubic(0) = 84005) raises W_est by alpha = 9/17 segment: 635 bytes.
 */
static void test_reno_friendly(void)
{
	struct tquic_cc cc;
	unsigned int i;

	lose_at(&cc, 120000, 1000000);
	for (i = 0; i < 70; i++)
		tquic_cc_on_sent(&cc, MSS, 1100000);
	for (i = 0; i < 70; i++)
		tquic_cc_on_ack(&cc, MSS, 1100000, 1100000, 100000);
	CHECK(cc.w_est >= 84000 + 630 && cc.w_est <= 84000 + 636);
	CHECK_EQ(cc.cwnd, cc.w_est);
	/* Past cwnd_prior, alpha is 1: a window acked adds a whole segment. */
	cc.w_est = 120000;
	cc.cwnd = 120000;
	cc.est_rem = 0;
	for (i = 0; i < 100; i++)
		tquic_cc_on_ack(&cc, MSS, 1100000, 1100000, 100000);
	CHECK(cc.w_est >= 121190 && cc.w_est <= 121200);
}

/* RFC 9002 7.3.2: ACKs of packets sent before the reduction grow nothing. */
static void test_recovery(void)
{
	struct tquic_cc cc;

	lose_at(&cc, 120000, 1000000);
	tquic_cc_on_ack(&cc, MSS, 900000, 1200000, 100000);
	CHECK_EQ(cc.cwnd, 84000);
	CHECK(!cc.epoch_valid);
	tquic_cc_on_ack(&cc, MSS, 1000001, 1200000, 100000);
	CHECK(cc.epoch_valid);
}

/*
 * RFC 9438 5.8: a window the sender has not filled for an RTT does not
 * grow, and the epoch moves forward by the idle time so the cubic does not
 * leap when the application comes back.
 */
static void test_app_limited(void)
{
	struct tquic_cc cc;
	u64 epoch, cwnd;

	lose_at(&cc, 120000, 1000000);
	tquic_cc_on_sent(&cc, MSS, 1000000);
	tquic_cc_on_ack(&cc, MSS, 1000000 + 1, 1100000, 100000);
	epoch = cc.epoch_us;
	cwnd = cc.cwnd;
	/* Only one packet in flight: far from a full window. */
	tquic_cc_on_sent(&cc, MSS, 1500000);
	tquic_cc_on_ack(&cc, MSS, 1500000, 1600000, 100000);
	CHECK_EQ(cc.cwnd, cwnd);
	CHECK_EQ(cc.epoch_us, epoch + 500000);
	/* Slow start too: no growth without a full window. */
	tquic_cc_init(&cc, MSS, 0);
	tquic_cc_on_sent(&cc, MSS, 2000000);
	tquic_cc_on_ack(&cc, MSS, 2000000, 2100000, 100000);
	CHECK_EQ(cc.cwnd, 12000);
}

/*
 * Pacing at 1.25 * cwnd / srtt in congestion avoidance: cwnd 120000 and
 * srtt 100 ms give 1.5 MB/s, 800 us per 1200 bytes; an idle path may burst
 * 10 datagrams first. In slow start the gain is 2: 500 us.
 */
static void test_pacing(void)
{
	struct tquic_cc cc;
	u64 now = 10000000;
	unsigned int i;

	tquic_cc_init(&cc, MSS, 0);
	cc.cwnd = 120000;
	cc.ssthresh = 100000;
	cc.srtt_us = 100000;
	for (i = 0; i < 10; i++) {
		CHECK(tquic_cc_can_send(&cc, MSS, now));
		tquic_cc_on_sent(&cc, MSS, now);
	}
	CHECK(!tquic_cc_can_send(&cc, MSS, now));
	CHECK_EQ(tquic_cc_next_send_us(&cc, MSS, now), now + 800);
	CHECK(tquic_cc_can_send(&cc, MSS, now + 800));
	tquic_cc_on_sent(&cc, MSS, now + 800);
	CHECK_EQ(tquic_cc_next_send_us(&cc, MSS, now + 800), now + 1600);
	/* Window full: the next send waits for an ACK, not for a time. */
	cc.inflight = cc.cwnd;
	CHECK_EQ(tquic_cc_next_send_us(&cc, MSS, now + 5000), TQUIC_NEVER);
	CHECK(!tquic_cc_can_send(&cc, MSS, now + 5000));
	/* Rate for the scheduler: one window per RTT. */
	CHECK_EQ(tquic_cc_rate(&cc), 1200000);

	tquic_cc_init(&cc, MSS, 0);
	cc.cwnd = 120000;
	cc.srtt_us = 100000;
	for (i = 0; i < 10; i++)
		tquic_cc_on_sent(&cc, MSS, now);
	CHECK_EQ(tquic_cc_next_send_us(&cc, MSS, now), now + 500);
}

/* Persistent congestion or a failed path: back to two datagrams. */
static void test_collapse_discard(void)
{
	struct tquic_cc cc;

	lose_at(&cc, 120000, 1000000);
	tquic_cc_on_sent(&cc, 5000, 1000000);
	tquic_cc_on_discard(&cc, 5000);
	CHECK_EQ(cc.inflight, 0);
	tquic_cc_on_discard(&cc, 5000);		/* never below zero */
	CHECK_EQ(cc.inflight, 0);
	tquic_cc_collapse(&cc, 2000000);
	CHECK_EQ(cc.cwnd, 2400);
	CHECK_EQ(cc.ssthresh, 84000);
	/* Slow start again: the next ACK grows the window. */
	tquic_cc_on_sent(&cc, MSS, 2000000);
	tquic_cc_on_sent(&cc, MSS, 2000000);
	tquic_cc_on_ack(&cc, MSS, 2000000, 2100000, 100000);
	CHECK_EQ(cc.cwnd, 3600);
}

/*
 * A path for the delay brake (tquic_cc_on_delay()): @cwnd bytes, srtt
 * 100 ms, still in slow start, where a brake ends it as a loss would.
 */
static void brake_setup(struct tquic_cc *cc, u64 cwnd)
{
	tquic_cc_init(cc, MSS, 0);
	cc->cwnd = cwnd;
	cc->srtt_us = 100000;
}

/* Beta of the brake, applied the way the window is: whole bytes. */
#define BRAKED(w)	((w) * TQUIC_CC_QDELAY_BETA_PCT / 100)

/*
 * The target is min_rtt * TQUIC_CC_QDELAY_PCT / 100 above the minimum
 * RTT: an RTT at the target is still fine, one microsecond more brakes.
 */
static void test_delay_target(void)
{
	const u64 min_rtt = 40000, now = 1000000;
	const u64 target = min_rtt * TQUIC_CC_QDELAY_PCT / 100;
	struct tquic_cc cc;

	/* This minimum RTT is above the floor's domain: the percentage rules. */
	CHECK(target > TQUIC_CC_QDELAY_MIN_US);
	brake_setup(&cc, 120000);
	tquic_cc_on_delay(&cc, min_rtt, min_rtt, now);
	tquic_cc_on_delay(&cc, min_rtt / 2, min_rtt, now);	/* below min */
	tquic_cc_on_delay(&cc, min_rtt + target - 1, min_rtt, now);
	tquic_cc_on_delay(&cc, min_rtt + target, min_rtt, now);
	CHECK_EQ(cc.cwnd, 120000);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
	CHECK(!cc.recovered_once);

	tquic_cc_on_delay(&cc, min_rtt + target + 1, min_rtt, now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
	CHECK_EQ(cc.ssthresh, BRAKED(120000));
	CHECK_EQ(cc.cwnd_prior, 120000);
	/* First reduction: the plateau is the window it left. */
	CHECK_EQ(cc.w_max, 120000);
	CHECK(cc.recovered_once);
	CHECK_EQ(cc.recovery_us, now);
	CHECK(!cc.epoch_valid);
}

/*
 * On a short path the percentage is below TQUIC_CC_QDELAY_MIN_US, which
 * then is the target: scheduling noise on a LAN-like path is no signal.
 * At min_rtt = TQUIC_CC_QDELAY_MIN_US * 100 / TQUIC_CC_QDELAY_PCT both
 * rules give the same target.
 */
static void test_delay_floor(void)
{
	const u64 min_rtt = 2000, now = 1000000;
	const u64 cross = TQUIC_CC_QDELAY_MIN_US * 100 / TQUIC_CC_QDELAY_PCT;
	struct tquic_cc cc;

	CHECK(min_rtt * TQUIC_CC_QDELAY_PCT / 100 < TQUIC_CC_QDELAY_MIN_US);
	brake_setup(&cc, 120000);
	/* Past the percentage, not past the floor. */
	tquic_cc_on_delay(&cc, min_rtt + min_rtt * TQUIC_CC_QDELAY_PCT / 100 + 1,
			  min_rtt, now);
	tquic_cc_on_delay(&cc, min_rtt + TQUIC_CC_QDELAY_MIN_US, min_rtt, now);
	CHECK_EQ(cc.cwnd, 120000);
	tquic_cc_on_delay(&cc, min_rtt + TQUIC_CC_QDELAY_MIN_US + 1, min_rtt,
			  now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));

	/* No minimum yet (0): the floor alone is the target. */
	brake_setup(&cc, 120000);
	tquic_cc_on_delay(&cc, TQUIC_CC_QDELAY_MIN_US, 0, now);
	CHECK_EQ(cc.cwnd, 120000);
	tquic_cc_on_delay(&cc, TQUIC_CC_QDELAY_MIN_US + 1, 0, now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));

	/* The crossover: both rules agree on the boundary. */
	CHECK_EQ(cross * TQUIC_CC_QDELAY_PCT / 100, TQUIC_CC_QDELAY_MIN_US);
	brake_setup(&cc, 120000);
	tquic_cc_on_delay(&cc, cross + TQUIC_CC_QDELAY_MIN_US, cross, now);
	CHECK_EQ(cc.cwnd, 120000);
	tquic_cc_on_delay(&cc, cross + TQUIC_CC_QDELAY_MIN_US + 1, cross, now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));

	/* The largest RTTs the estimator keeps neither wrap nor misfire. */
	brake_setup(&cc, 120000);
	tquic_cc_on_delay(&cc, TQUIC_RTT_MAX_US, TQUIC_RTT_MAX_US, now);
	CHECK_EQ(cc.cwnd, 120000);
	tquic_cc_on_delay(&cc, TQUIC_RTT_MAX_US, 0, now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
}

/*
 * At most one brake per smoothed RTT: the queue an earlier reduction
 * drains takes an RTT to show in the samples. The second brake, from a
 * window below W_max, converges fast (RFC 9438 4.7): W_max = cwnd * 0.85.
 */
static void test_delay_once_per_rtt(void)
{
	const u64 min_rtt = 40000, now = 1000000, rtt = 200000;
	struct tquic_cc cc;
	u64 w1, w2;

	brake_setup(&cc, 120000);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now);
	w1 = BRAKED(120000);
	CHECK_EQ(cc.cwnd, w1);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now + cc.srtt_us - 1);
	CHECK_EQ(cc.cwnd, w1);
	CHECK_EQ(cc.ssthresh, w1);
	CHECK_EQ(cc.w_max, 120000);
	CHECK_EQ(cc.recovery_us, now);

	tquic_cc_on_delay(&cc, rtt, min_rtt, now + cc.srtt_us);
	w2 = BRAKED(w1);
	CHECK_EQ(cc.cwnd, w2);
	CHECK_EQ(cc.ssthresh, w2);
	CHECK_EQ(cc.cwnd_prior, w1);
	CHECK_EQ(cc.w_max, w1 * 17 / 20);
	CHECK_EQ(cc.recovery_us, now + cc.srtt_us);

	/* The RTT that counts is the current srtt, not the one at the brake. */
	cc.srtt_us = 50000;
	tquic_cc_on_delay(&cc, rtt, min_rtt, now + 100000 + 49999);
	CHECK_EQ(cc.cwnd, w2);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now + 100000 + 50000);
	CHECK_EQ(cc.cwnd, BRAKED(w2));
}

/*
 * Loss and delay share one recovery period: whichever reduces first, the
 * other does not reduce again for the same round trip.
 */
static void test_delay_and_loss(void)
{
	const u64 min_rtt = 40000, now = 1000000, rtt = 200000;
	struct tquic_cc cc;

	/* Loss first (0.7), then queueing within the RTT: nothing more. */
	lose_at(&cc, 120000, now);
	CHECK_EQ(cc.cwnd, 84000);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now + cc.srtt_us - 1);
	CHECK_EQ(cc.cwnd, 84000);
	CHECK_EQ(cc.ssthresh, 84000);
	CHECK_EQ(cc.w_max, 120000);
	/* An RTT later the queue is still there: the brake, fast converging. */
	tquic_cc_on_delay(&cc, rtt, min_rtt, now + cc.srtt_us);
	CHECK_EQ(cc.cwnd, BRAKED(84000));
	CHECK_EQ(cc.ssthresh, BRAKED(84000));
	CHECK_EQ(cc.w_max, 84000 * 17 / 20);
	CHECK_EQ(cc.cwnd_prior, 84000);

	/*
	 * Brake first: losses of packets sent before it belong to the same
	 * event (and only leave the flight); a loss sent after it is new
	 * congestion and takes beta_cubic on top.
	 */
	brake_setup(&cc, 120000);
	cc.ssthresh = 120000;
	tquic_cc_on_sent(&cc, MSS, now - 1000);
	tquic_cc_on_sent(&cc, MSS, now);
	tquic_cc_on_delay(&cc, rtt, min_rtt, now);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
	tquic_cc_on_lost(&cc, MSS, now - 1000, now + 10000);
	tquic_cc_on_lost(&cc, MSS, now, now + 10000);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
	CHECK_EQ(cc.ssthresh, BRAKED(120000));
	CHECK_EQ(cc.w_max, 120000);
	CHECK_EQ(cc.inflight, 0);
	/* ACKs of packets sent before the brake grow nothing either. */
	tquic_cc_on_sent(&cc, MSS, now);
	cc.last_full_us = now;
	tquic_cc_on_ack(&cc, MSS, now, now + 20000, 100000);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
	CHECK(!cc.epoch_valid);

	tquic_cc_on_sent(&cc, MSS, now + 1);
	tquic_cc_on_lost(&cc, MSS, now + 1, now + 20000);
	CHECK_EQ(cc.cwnd, BRAKED(120000) * 7 / 10);
	CHECK_EQ(cc.ssthresh, BRAKED(120000) * 7 / 10);
	CHECK_EQ(cc.cwnd_prior, BRAKED(120000));
	CHECK_EQ(cc.w_max, BRAKED(120000) * 17 / 20);
	CHECK_EQ(cc.recovery_us, now + 20000);
}

/* The brake, like a loss, never takes the window below two datagrams. */
static void test_delay_min_window(void)
{
	const u64 min_rtt = 40000, rtt = 200000;
	struct tquic_cc cc;
	unsigned int i;

	/* 2600 * 0.85 = 2210 would be below 2400. */
	CHECK(BRAKED(2600) < TQUIC_CC_MIN_PKTS * MSS);
	brake_setup(&cc, 2600);
	tquic_cc_on_delay(&cc, rtt, min_rtt, 1000000);
	CHECK_EQ(cc.cwnd, TQUIC_CC_MIN_PKTS * MSS);
	CHECK_EQ(cc.ssthresh, TQUIC_CC_MIN_PKTS * MSS);
	CHECK_EQ(cc.w_max, 2600);
	for (i = 1; i < TQUIC_CC_REBASE_BRAKES; i++)
		CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt,
					 1000000 + i * cc.srtt_us));
	CHECK_EQ(cc.cwnd, TQUIC_CC_MIN_PKTS * MSS);
	CHECK_EQ(cc.ssthresh, TQUIC_CC_MIN_PKTS * MSS);
	CHECK_EQ(cc.recovery_us,
		 1000000 + (TQUIC_CC_REBASE_BRAKES - 1) * cc.srtt_us);
}

/*
 * A queue that TQUIC_CC_REBASE_BRAKES brakes, a round trip apart, did
 * not drain is the path's new base delay: the next signal reports it
 * instead of braking (the window stays), and the count starts over. A
 * round at or under the target on the way means the brakes work, and
 * also starts the count over; signals inside the recovery period count
 * nothing.
 */
static void test_delay_rebase(void)
{
	const u64 min_rtt = 40000, rtt = 200000, t0 = 1000000;
	struct tquic_cc cc;
	unsigned int i;
	u64 t = t0, w = 120000;

	brake_setup(&cc, w);
	for (i = 0; i < TQUIC_CC_REBASE_BRAKES; i++, t += cc.srtt_us) {
		CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt, t));
		/* Inside the recovery period: neither a brake nor a count. */
		CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt, t + 1));
		w = BRAKED(w);
		CHECK_EQ(cc.cwnd, w);
	}
	CHECK_EQ(cc.brakes, TQUIC_CC_REBASE_BRAKES);
	CHECK(tquic_cc_on_delay(&cc, rtt, min_rtt, t));
	CHECK_EQ(cc.cwnd, w);
	CHECK_EQ(cc.brakes, 0);
	CHECK_EQ(cc.recovery_us, t - cc.srtt_us);

	/* One brake short, then a round without a queue: from zero again. */
	brake_setup(&cc, 120000);
	t = t0;
	for (i = 1; i < TQUIC_CC_REBASE_BRAKES; i++, t += cc.srtt_us)
		CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt, t));
	CHECK(!tquic_cc_on_delay(&cc, min_rtt, min_rtt, t));
	CHECK_EQ(cc.brakes, 0);
	for (i = 0; i < TQUIC_CC_REBASE_BRAKES; i++, t += cc.srtt_us)
		CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt, t));
	CHECK(tquic_cc_on_delay(&cc, rtt, min_rtt, t));

	/* A path that failed starts its count over with its window. */
	brake_setup(&cc, 120000);
	CHECK(!tquic_cc_on_delay(&cc, rtt, min_rtt, t0));
	tquic_cc_collapse(&cc, t0 + 1);
	CHECK_EQ(cc.brakes, 0);
}

/*
 * tquic_cc_on_rtt(): one round, sent at 0 .. @n - 1 us and acknowledged
 * @rtt later, one sample each; the round began at @start (an ACK of a
 * packet sent at or after it opened the next one).
 */
static u64 round_of(struct tquic_cc *cc, u64 start, unsigned int n, u64 rtt,
		    u64 min_rtt)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		tquic_cc_on_rtt(cc, rtt, start + i, min_rtt, start + rtt + i);
	return start + rtt + n;
}

/*
 * A round's minimum counts only with TQUIC_CC_ROUND_SAMPLES samples, and
 * one low sample in a round is enough to show there is no queue: a few
 * late ACKs, or the slow first samples of a new path, do not brake.
 */
static void test_rtt_rounds(void)
{
	const u64 min_rtt = 40000, high = 200000;
	struct tquic_cc cc;
	unsigned int i;
	u64 t;

	brake_setup(&cc, 120000);
	cc.ssthresh = 120000;		/* congestion avoidance */
	/* Fewer samples than a round needs, all of them high. */
	t = round_of(&cc, 0, TQUIC_CC_ROUND_SAMPLES - 1, high, min_rtt);
	CHECK_EQ(cc.cwnd, 120000);
	/* A full round of high samples but one at the minimum. */
	tquic_cc_on_rtt(&cc, min_rtt, t, min_rtt, t + min_rtt);
	for (i = 1; i < 3 * TQUIC_CC_ROUND_SAMPLES; i++)
		tquic_cc_on_rtt(&cc, high, t + i, min_rtt, t + high + i);
	CHECK_EQ(cc.cwnd, 120000);
	CHECK(!cc.recovered_once);
	/* A round whose every sample is high: the brake, at its last sample. */
	t += high + 3 * TQUIC_CC_ROUND_SAMPLES;
	round_of(&cc, t, TQUIC_CC_ROUND_SAMPLES - 1, high, min_rtt);
	CHECK_EQ(cc.cwnd, 120000);
	t += TQUIC_CC_ROUND_SAMPLES - 1;
	tquic_cc_on_rtt(&cc, high, t, min_rtt, t + high);
	CHECK_EQ(cc.cwnd, BRAKED(120000));
}

/*
 * tquic_cc_on_rtt() hands the rebase on: after TQUIC_CC_REBASE_BRAKES
 * rounds that braked, the next round's lowest sample is the new minimum,
 * returned at the sample that completes the round's count; 0 otherwise.
 */
static void test_rtt_rebase(void)
{
	const u64 min_rtt = 40000, high = 200000;
	struct tquic_cc cc;
	unsigned int r, i, reported = 0;
	u64 t = 0, got = 0;

	brake_setup(&cc, 120000);
	cc.ssthresh = 120000;		/* congestion avoidance */
	for (r = 0; r <= TQUIC_CC_REBASE_BRAKES; r++) {
		for (i = 0; i < TQUIC_CC_ROUND_SAMPLES; i++) {
			/* The round's lowest sample is its last one. */
			u64 rtt = high + TQUIC_CC_ROUND_SAMPLES - i;
			u64 min = tquic_cc_on_rtt(&cc, rtt, t + i, min_rtt,
						  t + rtt + i);

			if (min) {
				reported++;
				got = min;
				CHECK_EQ(r, TQUIC_CC_REBASE_BRAKES);
				CHECK_EQ(i, TQUIC_CC_ROUND_SAMPLES - 1);
			}
		}
		t += 2 * high;
	}
	CHECK_EQ(reported, 1);
	CHECK_EQ(got, high + 1);
	/* Four brakes, and not a fifth. */
	CHECK_EQ(cc.cwnd, BRAKED(BRAKED(BRAKED(BRAKED(120000)))));
}

/*
 * Slow start ends, without a reduction, at the TQUIC_CC_ROUND_SAMPLES-th
 * sample in a row an eta above the minimum RTT: an eighth of it within
 * [TQUIC_CC_SS_ETA_MIN_US, TQUIC_CC_SS_ETA_MAX_US]. One sample below
 * starts the count over.
 */
static void ss_samples(struct tquic_cc *cc, unsigned int n, u64 rtt,
		       u64 min_rtt, u64 *t)
{
	unsigned int i;

	for (i = 0; i < n; i++, (*t)++)
		tquic_cc_on_rtt(cc, rtt, *t, min_rtt, *t + rtt);
}

static void test_slow_start_exit(void)
{
	const u64 base = 60000, eta = base / 8;
	struct tquic_cc cc;
	u64 t = 0;

	CHECK(eta > TQUIC_CC_SS_ETA_MIN_US && eta < TQUIC_CC_SS_ETA_MAX_US);
	tquic_cc_init(&cc, MSS, 0);
	cc.cwnd = 60000;
	/* Just below the eta, any number of them: slow start goes on. */
	ss_samples(&cc, 3 * TQUIC_CC_ROUND_SAMPLES, base + eta - 1, base, &t);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
	/* A run one short, broken by a sample at the minimum, and again. */
	ss_samples(&cc, TQUIC_CC_ROUND_SAMPLES - 1, base + eta, base, &t);
	ss_samples(&cc, 1, base, base, &t);
	ss_samples(&cc, TQUIC_CC_ROUND_SAMPLES - 1, base + eta, base, &t);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
	ss_samples(&cc, 1, base + eta, base, &t);
	CHECK_EQ(cc.ssthresh, 60000);
	CHECK_EQ(cc.cwnd, 60000);
	CHECK(!cc.recovered_once);

	/* A short path: the eta is the floor, not an eighth. */
	tquic_cc_init(&cc, MSS, 0);
	cc.cwnd = 60000;
	ss_samples(&cc, 2 * TQUIC_CC_ROUND_SAMPLES,
		   10000 + TQUIC_CC_SS_ETA_MIN_US - 1, 10000, &t);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
	ss_samples(&cc, TQUIC_CC_ROUND_SAMPLES,
		   10000 + TQUIC_CC_SS_ETA_MIN_US, 10000, &t);
	CHECK_EQ(cc.ssthresh, 60000);

	/* A long one: at most the ceiling. */
	tquic_cc_init(&cc, MSS, 0);
	ss_samples(&cc, TQUIC_CC_ROUND_SAMPLES,
		   400000 + TQUIC_CC_SS_ETA_MAX_US, 400000, &t);
	CHECK_EQ(cc.ssthresh, cc.cwnd);

	/* A path that collapsed counts afresh. */
	tquic_cc_init(&cc, MSS, 0);
	ss_samples(&cc, TQUIC_CC_ROUND_SAMPLES - 1, base + eta, base, &t);
	tquic_cc_collapse(&cc, t);
	CHECK_EQ(cc.ss_rises, 0);
	CHECK_EQ(cc.round_samples, 0);
	ss_samples(&cc, 1, base + eta, base, &t);
	CHECK_EQ(cc.ssthresh, TQUIC_NEVER);
}

/* Hostile or extreme inputs keep every value bounded. */
static void test_extremes(void)
{
	struct tquic_cc cc;
	unsigned int i;

	tquic_cc_init(&cc, 65535, 0);
	cc.cwnd = TQUIC_CC_MAX_CWND;
	for (i = 0; i < 1000; i++) {
		tquic_cc_on_sent(&cc, ~0U, i);
		tquic_cc_on_ack(&cc, ~0U, i, ~0ULL / 4 + i, ~0ULL);
	}
	CHECK(cc.cwnd <= TQUIC_CC_MAX_CWND);
	CHECK(cc.srtt_us <= 60000000);
	tquic_cc_on_lost(&cc, ~0U, ~0ULL / 2, ~0ULL / 2);
	CHECK(cc.cwnd >= 2 * 65535);
	for (i = 0; i < 100; i++)
		tquic_cc_on_lost(&cc, 1, ~0ULL / 2 + i + 1, ~0ULL / 2 + i + 1);
	CHECK_EQ(cc.cwnd, 2 * 65535);
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_initial_window),
		TAP_TEST(test_cbrt),
		TAP_TEST(test_slow_start),
		TAP_TEST(test_loss_reaction),
		TAP_TEST(test_cubic_curve),
		TAP_TEST(test_cubic_growth),
		TAP_TEST(test_reno_friendly),
		TAP_TEST(test_recovery),
		TAP_TEST(test_app_limited),
		TAP_TEST(test_pacing),
		TAP_TEST(test_collapse_discard),
		TAP_TEST(test_delay_target),
		TAP_TEST(test_delay_floor),
		TAP_TEST(test_delay_once_per_rtt),
		TAP_TEST(test_delay_and_loss),
		TAP_TEST(test_delay_min_window),
		TAP_TEST(test_delay_rebase),
		TAP_TEST(test_rtt_rebase),
		TAP_TEST(test_rtt_rounds),
		TAP_TEST(test_slow_start_exit),
		TAP_TEST(test_extremes),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
