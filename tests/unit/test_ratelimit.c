// SPDX-License-Identifier: GPL-2.0
/* Per-source token buckets for initiations (ratelimit.c). */
#include <stdlib.h>

#include "proto.h"
#include "ratelimit.h"
#include "tap.h"

#define MS	1000000ULL
#define T0	(1000 * TQUIC_RL_NSEC)	/* a clock far from zero */

static struct tquic_rl_entry table[TQUIC_RL_ENTRIES];

static void reset(void)
{
	memset(table, 0, sizeof(table));
}

/* How many of @n back-to-back initiations of @tag at @now get through. */
static unsigned int burst(u64 tag, u64 now, unsigned int n)
{
	unsigned int ok = 0;

	while (n--)
		ok += tquic_rl_allow(table, tag, now);
	return ok;
}

/* A new source gets its burst, then one initiation per 1/RATE s. */
static void test_burst_then_rate(void)
{
	u64 now = T0;
	unsigned int ok = 0, i;

	reset();
	CHECK_EQ(burst(42, now, 100), TQUIC_RL_BURST);
	/* 10 s at 1000 tries a second: 20 a second get through. */
	for (i = 0; i < 10000; i++) {
		now += MS;
		ok += tquic_rl_allow(table, 42, now);
	}
	CHECK_EQ(ok, 10 * TQUIC_RL_RATE);
}

/* Idle time refills the bucket, never beyond the burst. */
static void test_refill_capped(void)
{
	reset();
	CHECK_EQ(burst(7, T0, 10), TQUIC_RL_BURST);
	CHECK_EQ(burst(7, T0 + TQUIC_RL_COST - 1, 10), 0);
	CHECK_EQ(burst(7, T0 + TQUIC_RL_COST, 10), 1);
	CHECK_EQ(burst(7, T0 + 3600 * TQUIC_RL_NSEC, 100), TQUIC_RL_BURST);
	/* A clock that stands still or steps back refills nothing. */
	CHECK_EQ(burst(7, T0, 10), 0);
}

/* Sources do not share buckets, nor tag 0 anyone else's but tag 1's. */
static void test_sources_apart(void)
{
	u64 tag;

	reset();
	for (tag = 1; tag <= 64; tag++)
		CHECK_EQ(burst(tag << 20, T0, 10), TQUIC_RL_BURST);
	CHECK_EQ(burst(0, T0, 10), TQUIC_RL_BURST);
	CHECK_EQ(burst(1, T0, 10), 0);
}

/*
 * More sources in one set than it has ways: the ones refilled are taken
 * over first, then the one used longest ago; a source in the middle of
 * its limit keeps its entry while it keeps sending.
 */
static void test_set_full(void)
{
	u64 now = T0, tag;
	unsigned int i;

	reset();
	/* The flooder: all of its burst gone. */
	CHECK_EQ(burst(TQUIC_RL_SETS, now, 10), TQUIC_RL_BURST);
	/* Many other sources of the same set, one initiation each. */
	for (i = 2; i < 1000; i++) {
		now += MS;
		tag = (u64)i * TQUIC_RL_SETS;
		CHECK(tquic_rl_allow(table, tag, now));
		/* The flooder keeps trying, and stays limited. */
		if (now - T0 < TQUIC_RL_COST)
			CHECK(!tquic_rl_allow(table, TQUIC_RL_SETS, now));
	}
	/* Taken over, an entry gives back no more than a full bucket. */
	now += MS;
	CHECK_EQ(burst(2 * TQUIC_RL_SETS, now, 10), TQUIC_RL_BURST);
}

/* Random tags and times against a model of one bucket per tag. */
static void test_model(void)
{
	static u64 credit[16], stamp[16];
	u64 now = T0;
	unsigned int i, k;

	reset();
	for (k = 0; k < 16; k++) {
		credit[k] = TQUIC_RL_CREDIT_MAX;
		stamp[k] = now;
	}
	for (i = 0; i < 200000; i++) {
		u64 c, idle;
		bool want;

		now += tap_rand() % (5 * MS);
		k = tap_rand() % 16;
		idle = now - stamp[k];
		c = credit[k] + idle;
		if (c > TQUIC_RL_CREDIT_MAX)
			c = TQUIC_RL_CREDIT_MAX;
		want = c >= TQUIC_RL_COST;
		credit[k] = want ? c - TQUIC_RL_COST : c;
		stamp[k] = now;
		/* 16 tags in distinct sets never push each other out. */
		CHECK_EQ(tquic_rl_allow(table, k + 1, now), want);
	}
}

static const struct tap_test tests[] = {
	TAP_TEST(test_burst_then_rate),
	TAP_TEST(test_refill_capped),
	TAP_TEST(test_sources_apart),
	TAP_TEST(test_set_full),
	TAP_TEST(test_model),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
