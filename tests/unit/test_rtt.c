// SPDX-License-Identifier: GPL-2.0
/* RTT estimator (rtt.c), against RFC 9002 section 5. */
#include "proto.h"
#include "rtt.h"
#include "tap.h"

static void test_initial(void)
{
	struct tquic_rtt r;

	tquic_rtt_init(&r);
	CHECK(!r.valid);
	CHECK_EQ(r.smoothed_us, 333000);
	CHECK_EQ(r.var_us, 166500);
}

/* Section 5.3: the first sample sets everything, ack delay ignored. */
static void test_first_sample(void)
{
	struct tquic_rtt r;

	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 100000, 20000, 25000);
	CHECK(r.valid);
	CHECK_EQ(r.latest_us, 100000);
	CHECK_EQ(r.min_us, 100000);
	CHECK_EQ(r.smoothed_us, 100000);
	CHECK_EQ(r.var_us, 50000);
}

static void test_ewma(void)
{
	struct tquic_rtt r;

	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 100000, 0, 25000);
	/* adjusted 180000: var = (3 * 50000 + 80000) / 4, srtt + 80000 / 8 */
	tquic_rtt_sample(&r, 200000, 20000, 25000);
	CHECK_EQ(r.min_us, 100000);
	CHECK_EQ(r.var_us, 57500);
	CHECK_EQ(r.smoothed_us, 110000);
	/* A lower sample lowers min_rtt; no ack delay to subtract. */
	tquic_rtt_sample(&r, 50000, 0, 25000);
	CHECK_EQ(r.min_us, 50000);
	CHECK_EQ(r.var_us, (3 * 57500 + 60000) / 4);
	CHECK_EQ(r.smoothed_us, (7 * 110000 + 50000) / 8);
}

/* The peer's ack delay is capped and never takes a sample below min_rtt. */
static void test_ack_delay_bounds(void)
{
	struct tquic_rtt r;

	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 100000, 0, 25000);
	/* Capped at max_ack_delay: adjusted = 150000 - 25000. */
	tquic_rtt_sample(&r, 150000, 1000000, 25000);
	CHECK_EQ(r.smoothed_us, (7 * 100000 + 125000) / 8);
	/* 110000 - 20000 would go below min_rtt: the delay is not taken off. */
	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 100000, 0, 25000);
	tquic_rtt_sample(&r, 110000, 20000, 25000);
	CHECK_EQ(r.smoothed_us, (7 * 100000 + 110000) / 8);
	/* A hostile delay of 2^62 - 1 changes nothing beyond the cap. */
	tquic_rtt_sample(&r, 110000, (1ULL << 62) - 1, 25000);
	CHECK(r.smoothed_us >= 100000);
}

/* Huge samples are clamped; zero samples (same microsecond) are fine. */
static void test_extremes(void)
{
	struct tquic_rtt r;
	unsigned int i;

	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, ~0ULL, 0, 25000);
	CHECK_EQ(r.latest_us, TQUIC_RTT_MAX_US);
	for (i = 0; i < 1000; i++)
		tquic_rtt_sample(&r, ~0ULL, ~0ULL, ~0ULL);
	CHECK(r.smoothed_us <= TQUIC_RTT_MAX_US);
	CHECK(r.var_us <= TQUIC_RTT_MAX_US);
	for (i = 0; i < 1000; i++)
		tquic_rtt_sample(&r, 0, 0, 25000);
	CHECK_EQ(r.min_us, 0);
	CHECK_EQ(r.smoothed_us, 0);
	CHECK_EQ(r.var_us, 0);
}

/* Constant samples converge to that RTT with variation going to zero. */
static void test_converges(void)
{
	struct tquic_rtt r;
	unsigned int i;

	tquic_rtt_init(&r);
	tquic_rtt_sample(&r, 30000, 0, 25000);
	for (i = 0; i < 200; i++)
		tquic_rtt_sample(&r, 20000 + (i & 1), 0, 25000);
	CHECK(r.smoothed_us >= 20000 && r.smoothed_us <= 20001);
	CHECK(r.var_us <= 1);
	CHECK_EQ(r.min_us, 20000);
}

/*
 * A rebase (the congestion controller found a new base delay) sets the
 * minimum, clamped like a sample; lower samples still bring it down. Not
 * before the first sample, and 0 is no minimum.
 */
static void test_rebase(void)
{
	struct tquic_rtt r;

	tquic_rtt_init(&r);
	tquic_rtt_rebase(&r, 50000);
	CHECK(!r.valid);
	CHECK_EQ(r.min_us, 0);
	tquic_rtt_sample(&r, 20000, 0, 25000);
	tquic_rtt_rebase(&r, 0);
	CHECK_EQ(r.min_us, 20000);
	tquic_rtt_rebase(&r, 80000);
	CHECK_EQ(r.min_us, 80000);
	CHECK_EQ(r.smoothed_us, 20000);
	tquic_rtt_sample(&r, 90000, 0, 25000);
	CHECK_EQ(r.min_us, 80000);
	tquic_rtt_sample(&r, 70000, 0, 25000);
	CHECK_EQ(r.min_us, 70000);
	tquic_rtt_rebase(&r, ~0ULL);
	CHECK_EQ(r.min_us, TQUIC_RTT_MAX_US);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_initial),
	TAP_TEST(test_first_sample),
	TAP_TEST(test_ewma),
	TAP_TEST(test_ack_delay_bounds),
	TAP_TEST(test_extremes),
	TAP_TEST(test_converges),
	TAP_TEST(test_rebase),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
