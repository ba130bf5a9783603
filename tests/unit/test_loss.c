// SPDX-License-Identifier: GPL-2.0
/* Loss detection and PTO (loss.c), against RFC 9002 section 6. */
#include "proto.h"
#include "cc.h"
#include "loss.h"
#include "rtt.h"
#include "tap.h"

#define NSLOTS	64
#define MAD	25000		/* max_ack_delay, us */

static struct tquic_sent slots[NSLOTS];

static void send_n(struct tquic_loss *l, unsigned int n, u64 now)
{
	unsigned int i;
	u64 pn;

	for (i = 0; i < n; i++) {
		CHECK_EQ(tquic_loss_on_sent(l, 1000, true, 100 + l->next, now,
					    &pn), 0);
	}
}

/* An estimator with srtt 100 ms, rttvar 50 ms. */
static void rtt_100ms(struct tquic_rtt *r)
{
	tquic_rtt_init(r);
	tquic_rtt_sample(r, 100000, 0, MAD);
}

static void test_init(void)
{
	struct tquic_loss l;

	CHECK_ERR(tquic_loss_init(&l, slots, 0, 3));
	CHECK_ERR(tquic_loss_init(&l, slots, 48, 3));
	CHECK_ERR(tquic_loss_init(&l, slots, NSLOTS, 0));
	CHECK_EQ(tquic_loss_init(&l, slots, NSLOTS, 3), 0);
	CHECK(tquic_loss_can_record(&l));
	CHECK_EQ(tquic_loss_deadline(&l, NULL, MAD), TQUIC_NEVER);
}

/*
 * RFC 9002 6.1.1, with our threshold T (loss.h): a packet T or more below
 * the largest acked is lost, one fewer below is not, and waits for the
 * time threshold. T + 4 packets; the ACK of 4..T + 3 (largest T + 3)
 * loses 0..3. The ACK of the largest gives an RTT sample.
 */
static void test_packet_threshold(void)
{
	const u64 largest = TQUIC_LOSS_PKT_THRESHOLD + 3;
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, largest + 1, 1000);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_ack_range(&l, 4, largest, 51000, &ev), 0);
	CHECK(ev.has_rtt_sample);
	CHECK_EQ(ev.rtt_sample_us, 50000);
	tquic_loss_on_ack_done(&l, &r, 51000, &ev);
	CHECK_EQ(ev.acked, TQUIC_LOSS_PKT_THRESHOLD);
	CHECK_EQ(ev.acked_bytes, TQUIC_LOSS_PKT_THRESHOLD * 1000);
	CHECK_EQ(ev.lost, 4);
	CHECK_EQ(ev.lost_bytes, 4000);
	CHECK_EQ(ev.lost_sent_us, 1000);
	CHECK_EQ(l.head, largest + 1);
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);

	/*
	 * The largest acked alone, well within the time threshold: 3 is T
	 * below it and lost, 4 (T - 1 below) and every later one is not.
	 */
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, largest + 1, 1000);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, largest, largest, 2000, &ev);
	tquic_loss_on_ack_done(&l, &r, 2000, &ev);
	CHECK_EQ(ev.acked, 1);
	CHECK_EQ(ev.lost, 4);
	CHECK_EQ(l.head, 4);
	CHECK_EQ(l.eliciting_inflight, TQUIC_LOSS_PKT_THRESHOLD - 1);
	/* The time threshold catches them: 9/8 * 100 ms after sending. */
	CHECK_EQ(l.loss_time_us, 1000 + 112500);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 1000 + 112499, &ev),
		 TQUIC_LOSS_TIMER_NONE);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 1000 + 112500, &ev),
		 TQUIC_LOSS_TIMER_LOST);
	CHECK_EQ(ev.lost, TQUIC_LOSS_PKT_THRESHOLD - 1);
	CHECK_EQ(l.head, largest + 1);
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
}

/*
 * RFC 9002 6.1.2: loss delay = 9/8 * max(srtt, latest_rtt), at least
 * kGranularity. Packet 0 sent at 0, packet 1 at 10 ms, ACK of 1 at 110 ms
 * (sample 100 ms, srtt 100 ms): 0 is lost at 112.5 ms by the timer.
 */
static void test_time_threshold(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	u64 pn;

	tquic_rtt_init(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 1000, true, 0, 0, &pn);
	tquic_loss_on_sent(&l, 1000, true, 1, 10000, &pn);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 1, 1, 110000, &ev);
	CHECK(ev.has_rtt_sample);
	tquic_rtt_sample(&r, ev.rtt_sample_us, 0, MAD);
	tquic_loss_on_ack_done(&l, &r, 110000, &ev);
	CHECK_EQ(ev.lost, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), 112500);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 112499, &ev),
		 TQUIC_LOSS_TIMER_NONE);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 112500, &ev),
		 TQUIC_LOSS_TIMER_LOST);
	CHECK_EQ(ev.lost, 1);
	CHECK_EQ(ev.lost_sent_us, 0);
	CHECK_EQ(l.loss_time_us, TQUIC_NEVER);

	/* A tiny RTT still waits kGranularity (1 ms). */
	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 10, 0, MAD);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 1000, true, 0, 0, &pn);
	tquic_loss_on_sent(&l, 1000, true, 1, 0, &pn);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 1, 1, 10, &ev);
	tquic_loss_on_ack_done(&l, &r, 10, &ev);
	CHECK_EQ(l.loss_time_us, 1000);
}

/*
 * recovery.c sends again what was declared lost, found by the flag once the
 * slot retired: set on exactly the lost packets (by either threshold),
 * not on acked ones, and gone when the slot carries a new packet.
 */
static void test_lost_flags(void)
{
	const u64 largest = TQUIC_LOSS_PKT_THRESHOLD + 3;
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	u64 pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, largest + 1, 1000);
	tquic_loss_event_init(&ev);
	/* 0..3 lost by the packet threshold; 5 acked; 4 and 6.. by the timer. */
	tquic_loss_on_ack_range(&l, largest, largest, 2000, &ev);
	tquic_loss_on_ack_range(&l, 5, 5, 2000, &ev);
	tquic_loss_on_ack_done(&l, &r, 2000, &ev);
	CHECK_EQ(ev.lost, 4);
	for (pn = 0; pn < 4; pn++)
		CHECK(slots[pn].lost);
	CHECK(!slots[4].lost);
	CHECK_EQ(l.head, 4);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 1000 + 112500, &ev),
		 TQUIC_LOSS_TIMER_LOST);
	CHECK_EQ(ev.lost, TQUIC_LOSS_PKT_THRESHOLD - 2);
	CHECK_EQ(l.head, largest + 1);
	for (pn = 0; pn <= largest; pn++)
		CHECK_EQ(slots[pn].lost, pn != 5 && pn != largest);
	/* The ring wraps onto slot 0: a new packet there is not lost. */
	send_n(&l, NSLOTS - largest, 3000);
	CHECK_EQ(l.next, NSLOTS + 1);
	CHECK(!slots[0].lost);
	CHECK(slots[1].lost);
	CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(pn, NSLOTS + 1);
	CHECK(!slots[1].lost);

	/* The time threshold itself: 9/8, kGranularity at least. */
	CHECK_EQ(tquic_loss_delay_us(100000), 112500);
	CHECK_EQ(tquic_loss_delay_us(800), TQUIC_LOSS_GRANULARITY_US);
	CHECK_EQ(tquic_loss_delay_us(0), TQUIC_LOSS_GRANULARITY_US);
	CHECK_EQ(tquic_loss_delay_us(TQUIC_RTT_MAX_US),
		 TQUIC_RTT_MAX_US / 8 * 9);
}

/*
 * RFC 9002 6.2.1: PTO = srtt + max(4 * rttvar, kGranularity) +
 * max_ack_delay = 100 + 200 + 25 = 325 ms, doubled per PTO, capped.
 */
static void test_pto_value(void)
{
	struct tquic_rtt r;

	rtt_100ms(&r);
	CHECK_EQ(tquic_loss_pto_us(&r, MAD, 0), 325000);
	CHECK_EQ(tquic_loss_pto_us(&r, MAD, 1), 650000);
	CHECK_EQ(tquic_loss_pto_us(&r, MAD, 2), 1300000);
	CHECK_EQ(tquic_loss_pto_us(&r, MAD, 100), TQUIC_LOSS_MAX_PTO_US);
	CHECK_EQ(tquic_loss_pto_us(&r, ~0ULL, ~0U), TQUIC_LOSS_MAX_PTO_US);
	/* Before any sample: 333 + 4 * 166.5 + 25 ms. */
	tquic_rtt_init(&r);
	CHECK_EQ(tquic_loss_pto_us(&r, MAD, 0), 333000 + 666000 + MAD);
	/* rttvar 0 still adds kGranularity. */
	r.smoothed_us = 20000;
	r.var_us = 0;
	CHECK_EQ(tquic_loss_pto_us(&r, 0, 0), 21000);
}

/*
 * Silence after a send: PTO at 325 ms, probe; the probe re-arms at its own
 * send time + 650 ms; the third PTO in a row fails the path. An ACK in
 * between resets the count.
 */
static void test_pto_and_failure(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	u64 t, pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 1000, true, 0, 0, &pn);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), 325000);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 300000, &ev),
		 TQUIC_LOSS_TIMER_NONE);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 325000, &ev),
		 TQUIC_LOSS_TIMER_PROBE);
	tquic_loss_on_sent(&l, 50, true, 1, 325000, &pn);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), 325000 + 650000);
	/* The probe is acked: the backoff ends, and packet 0, sent long
	 * before it, is lost by the time threshold.
	 */
	tquic_loss_on_ack_range(&l, 1, 1, 425000, &ev);
	tquic_loss_on_ack_done(&l, &r, 425000, &ev);
	CHECK_EQ(l.pto_count, 0);
	CHECK_EQ(ev.lost, 1);

	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 1000, true, 0, 0, &pn);
	t = tquic_loss_deadline(&l, &r, MAD);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, t, &ev),
		 TQUIC_LOSS_TIMER_PROBE);
	tquic_loss_on_sent(&l, 50, true, 1, t, &pn);
	t = tquic_loss_deadline(&l, &r, MAD);
	CHECK_EQ(t, 325000 + 650000);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, t, &ev),
		 TQUIC_LOSS_TIMER_PROBE);
	tquic_loss_on_sent(&l, 50, true, 2, t, &pn);
	t = tquic_loss_deadline(&l, &r, MAD);
	CHECK_EQ(t, 325000 + 650000 + 1300000);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, t, &ev),
		 TQUIC_LOSS_TIMER_FAILED);
}

/*
 * A silent path that still gets a packet to send every 200 ms, less than
 * one PTO (325 ms): each send re-arms the PTO, yet the path fails when an
 * ACK has been owed for the three PTOs in a row (325 + 650 + 1300 ms)
 * since the first unanswered packet. An ACK starts the clock over from
 * the oldest packet still in flight.
 */
static void test_trickle_fails(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	enum tquic_loss_timer what = TQUIC_LOSS_TIMER_NONE;
	u64 now, pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_event_init(&ev);
	for (now = 0; now < 2275000; now += 200000) {
		CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, now, &ev),
			 TQUIC_LOSS_TIMER_NONE);
		tquic_loss_on_sent(&l, 100, true, 0, now, &pn);
	}
	CHECK_EQ(tquic_loss_owed_since(&l), 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), 2275000);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 2274999, &ev),
		 TQUIC_LOSS_TIMER_NONE);
	what = tquic_loss_on_timer(&l, &r, MAD, 2275000, &ev);
	CHECK_EQ(what, TQUIC_LOSS_TIMER_FAILED);

	/* Packet 5 (sent at 1 s) is acked at 1.1 s: 6 is owed from 1.2 s. */
	tquic_loss_init(&l, slots, NSLOTS, 3);
	for (now = 0; now < 2000000; now += 200000)
		tquic_loss_on_sent(&l, 100, true, 0, now, &pn);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 5, 5, 1100000, &ev);
	tquic_loss_on_ack_done(&l, &r, 1100000, &ev);
	CHECK_EQ(tquic_loss_owed_since(&l), 1200000);
	/* The rest settle: nothing is owed, nothing fails. */
	tquic_loss_on_ack_range(&l, 0, 9, 2000000, &ev);
	tquic_loss_on_ack_done(&l, &r, 2000000, &ev);
	CHECK_EQ(tquic_loss_owed_since(&l), TQUIC_NEVER);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
}

/*
 * A fresh record (a rekey) keeps the clock of the one before: once
 * something is in flight again, the path fails on the old schedule.
 */
static void test_carry_owed(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	u64 owed, pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 100, true, 0, 0, &pn);
	owed = tquic_loss_owed_since(&l);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_carry_owed(&l, owed);
	/* Nothing in flight yet: nothing can fail. */
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
	tquic_loss_on_sent(&l, 100, true, 0, 1000000, &pn);
	CHECK_EQ(tquic_loss_owed_since(&l), 0);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_timer(&l, &r, MAD, 2275000, &ev),
		 TQUIC_LOSS_TIMER_FAILED);
	/* A later clock does not replace an earlier one. */
	tquic_loss_carry_owed(&l, 5000000);
	CHECK_EQ(tquic_loss_owed_since(&l), 0);
}

/* Only a newly acked, ack-eliciting largest gives an RTT sample. */
static void test_rtt_sample_rules(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	u64 pn;

	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_on_sent(&l, 1000, true, 0, 0, &pn);
	tquic_loss_on_sent(&l, 40, false, 0, 0, &pn);	/* ACK-only */
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 0, 1, 5000, &ev);
	CHECK(!ev.has_rtt_sample);
	tquic_loss_on_sent(&l, 1000, true, 0, 6000, &pn);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 2, 2, 9000, &ev);
	CHECK(ev.has_rtt_sample);
	CHECK_EQ(ev.rtt_sample_us, 3000);
	/* The same ACK again: nothing new. */
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 2, 2, 9500, &ev);
	CHECK(!ev.has_rtt_sample);
	CHECK_EQ(ev.acked, 0);
}

/* Failover: the unacked packets come back oldest first with cookies. */
static void test_take_unacked(void)
{
	struct tquic_loss_event ev;
	struct tquic_sent s;
	struct tquic_loss l;
	struct tquic_rtt r;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, 6, 0);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 1, 1, 1000, &ev);
	tquic_loss_on_ack_range(&l, 3, 3, 1000, &ev);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 100);
	CHECK_EQ(s.bytes, 1000);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 102);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 104);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 105);
	CHECK(!tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
}

/*
 * Failover after out-of-order ACKs and a loss: only packets still in
 * flight come back, each once, and the count of ack-eliciting ones in
 * flight comes down to exactly 0 (unsigned: settling a packet twice would
 * wrap it).
 */
static void test_take_unacked_settled(void)
{
	struct tquic_loss_event ev;
	struct tquic_sent s;
	struct tquic_loss l;
	struct tquic_rtt r;
	unsigned int i;
	u64 pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	/* 0 at 0 ms, 1..7 at 200 ms; 5 is not ack-eliciting. */
	tquic_loss_on_sent(&l, 1000, true, 100, 0, &pn);
	for (i = 1; i < 8; i++)
		tquic_loss_on_sent(&l, 1000, i != 5, 100 + i, 200000, &pn);
	CHECK_EQ(l.eliciting_inflight, 7);
	/*
	 * Never more than two below the largest acked, so only the time
	 * threshold loses anything: 0, at the first ACK (3 and 1, 250 ms).
	 */
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 3, 3, 250000, &ev);
	tquic_loss_on_ack_range(&l, 1, 1, 250000, &ev);
	tquic_loss_on_ack_done(&l, &r, 250000, &ev);
	CHECK_EQ(ev.acked, 2);
	CHECK_EQ(ev.lost, 1);
	/* Then 2 alone, then 6 with 3 again. */
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 2, 2, 260000, &ev);
	tquic_loss_on_ack_done(&l, &r, 260000, &ev);
	CHECK_EQ(ev.acked, 1);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, 6, 6, 270000, &ev);
	tquic_loss_on_ack_range(&l, 3, 3, 270000, &ev);
	tquic_loss_on_ack_done(&l, &r, 270000, &ev);
	CHECK_EQ(ev.acked, 1);
	CHECK_EQ(ev.lost, 0);
	CHECK_EQ(l.head, 4);
	CHECK_EQ(l.eliciting_inflight, 2);
	/* 4, 5 and 7 are left. */
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 104);
	CHECK_EQ(s.state, TQUIC_SENT_INFLIGHT);
	CHECK_EQ(l.eliciting_inflight, 1);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 105);
	CHECK_EQ(s.state, TQUIC_SENT_INFLIGHT);
	CHECK(!s.ack_eliciting);
	CHECK_EQ(l.eliciting_inflight, 1);
	CHECK(tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(s.cookie, 107);
	CHECK_EQ(s.state, TQUIC_SENT_INFLIGHT);
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK(!tquic_loss_take_unacked(&l, &s));
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(l.head, l.next);
	/* Whatever timer is left finds nothing more to lose. */
	tquic_loss_event_init(&ev);
	tquic_loss_on_timer(&l, &r, MAD, 1000000, &ev);
	CHECK_EQ(ev.lost, 0);
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
}

/*
 * An ACK-only packet takes a packet number but is never in flight: it
 * retires with the head, and its ACK, when one comes, acknowledges
 * nothing and gives no RTT sample. It still is the largest acked that
 * older packets are T (the packet threshold) below.
 */
static void test_skip(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	unsigned int i;
	u64 pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(pn, 0);
	CHECK_EQ(l.head, 1);
	CHECK_EQ(l.eliciting_inflight, 0);
	CHECK_EQ(tquic_loss_deadline(&l, &r, MAD), TQUIC_NEVER);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_ack_range(&l, 0, 0, 1000, &ev), 0);
	tquic_loss_on_ack_done(&l, &r, 1000, &ev);
	CHECK_EQ(ev.acked, 0);
	CHECK_EQ(ev.acked_bytes, 0);
	CHECK(!ev.has_rtt_sample);

	/* Between real packets 1 and 3, 2 and 4 wait for the head. */
	tquic_loss_on_sent(&l, 1000, true, 101, 2000, &pn);
	CHECK_EQ(pn, 1);
	CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(pn, 2);
	tquic_loss_on_sent(&l, 1000, true, 103, 2000, &pn);
	CHECK_EQ(pn, 3);
	CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(pn, 4);
	CHECK_EQ(l.head, 1);
	CHECK_EQ(l.eliciting_inflight, 2);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_ack_range(&l, 3, 4, 12000, &ev), 0);
	CHECK(!ev.has_rtt_sample);
	CHECK_EQ(ev.acked, 1);
	CHECK_EQ(tquic_loss_on_ack_range(&l, 1, 1, 12000, &ev), 0);
	tquic_loss_on_ack_done(&l, &r, 12000, &ev);
	CHECK(!ev.has_rtt_sample);
	CHECK_EQ(ev.acked, 2);
	CHECK_EQ(ev.acked_bytes, 2000);
	CHECK_EQ(l.largest_acked, 4);
	CHECK_EQ(l.head, 5);
	CHECK_EQ(l.eliciting_inflight, 0);

	/* 0 and 1 real, 2..T skipped; the ACK of 1 and T loses 0. */
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, 2, 0);
	for (i = 2; i <= TQUIC_LOSS_PKT_THRESHOLD; i++)
		CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(pn, TQUIC_LOSS_PKT_THRESHOLD);
	tquic_loss_event_init(&ev);
	tquic_loss_on_ack_range(&l, pn, pn, 1000, &ev);
	tquic_loss_on_ack_range(&l, 1, 1, 1000, &ev);
	tquic_loss_on_ack_done(&l, &r, 1000, &ev);
	CHECK_EQ(ev.acked, 1);
	CHECK_EQ(ev.lost, 1);
	CHECK_EQ(ev.lost_bytes, 1000);
	CHECK_EQ(l.head, l.next);
	CHECK_EQ(l.loss_time_us, TQUIC_NEVER);

	/* A packet in flight holds the ring: skips fill it too. */
	tquic_loss_init(&l, slots, NSLOTS, 3);
	send_n(&l, 1, 0);
	for (i = 1; i < NSLOTS; i++)
		CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK(!tquic_loss_can_record(&l));
	CHECK_EQ(tquic_loss_skip(&l, &pn), -ENOBUFS);
	CHECK_EQ(pn, NSLOTS - 1);
	CHECK_EQ(l.next, NSLOTS);
	CHECK_EQ(tquic_loss_on_sent(&l, 1, true, 0, 0, &pn), -ENOBUFS);
	tquic_loss_event_init(&ev);
	CHECK_EQ(tquic_loss_on_ack_range(&l, 0, 0, 1000, &ev), 0);
	CHECK_EQ(ev.acked, 1);
	CHECK_EQ(l.head, NSLOTS);
	CHECK(tquic_loss_can_record(&l));

	/* Alone they never fill it, however often the ring wraps. */
	for (i = 0; i < 10 * NSLOTS; i++)
		CHECK_EQ(tquic_loss_skip(&l, &pn), 0);
	CHECK_EQ(l.head, 11 * NSLOTS);
	CHECK_EQ(l.next, 11 * NSLOTS);
}

/*
 * Wire input is untrusted: ACKs of packets never sent are refused, huge
 * ranges cost no more than the ring, a full ring refuses to record.
 */
static void test_bounds(void)
{
	struct tquic_loss_event ev;
	struct tquic_loss l;
	struct tquic_rtt r;
	unsigned int i;
	u64 pn;

	rtt_100ms(&r);
	tquic_loss_init(&l, slots, NSLOTS, 3);
	tquic_loss_event_init(&ev);
	CHECK_ERR(tquic_loss_on_ack_range(&l, 0, 0, 0, &ev));
	send_n(&l, NSLOTS, 0);
	CHECK(!tquic_loss_can_record(&l));
	CHECK_ERR(tquic_loss_on_sent(&l, 1, true, 0, 0, &pn));
	CHECK_ERR(tquic_loss_on_ack_range(&l, 0, NSLOTS, 0, &ev));
	CHECK_ERR(tquic_loss_on_ack_range(&l, 5, 4, 0, &ev));
	CHECK_ERR(tquic_loss_on_ack_range(&l, 0, ~0ULL, 0, &ev));
	CHECK_EQ(tquic_loss_on_ack_range(&l, 0, NSLOTS - 1, 100, &ev), 0);
	tquic_loss_on_ack_done(&l, &r, 100, &ev);
	CHECK_EQ(ev.acked, NSLOTS);
	CHECK(tquic_loss_can_record(&l));
	/* The ring wraps many times over. */
	for (i = 0; i < 10 * NSLOTS; i++) {
		tquic_loss_event_init(&ev);
		CHECK_EQ(tquic_loss_on_sent(&l, 1, true, i, 200 + i, &pn), 0);
		CHECK_EQ(tquic_loss_on_ack_range(&l, pn, pn, 300 + i, &ev), 0);
		tquic_loss_on_ack_done(&l, &r, 300 + i, &ev);
		CHECK_EQ(ev.acked, 1);
	}
	CHECK_EQ(l.head, 11 * NSLOTS);
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_init),
		TAP_TEST(test_packet_threshold),
		TAP_TEST(test_time_threshold),
		TAP_TEST(test_lost_flags),
		TAP_TEST(test_pto_value),
		TAP_TEST(test_pto_and_failure),
		TAP_TEST(test_trickle_fails),
		TAP_TEST(test_carry_owed),
		TAP_TEST(test_rtt_sample_rules),
		TAP_TEST(test_take_unacked),
		TAP_TEST(test_take_unacked_settled),
		TAP_TEST(test_skip),
		TAP_TEST(test_bounds),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
