// SPDX-License-Identifier: GPL-2.0
/* Key usage limits (keylimits.c), against RFC 9001 section 6.6. */
#include "proto.h"
#include "keylimits.h"
#include "tap.h"

static void test_rfc_limits(void)
{
	struct tquic_key_limits l;

	tquic_key_limits(TQUIC_PROT_AES_128_GCM, 0, 0, &l);
	CHECK_EQ(l.seal, 1ULL << 23);
	CHECK_EQ(l.forged, 1ULL << 52);
	CHECK_EQ(l.rekey_at, (1ULL << 23) - (1ULL << 21));
	tquic_key_limits(TQUIC_PROT_CHACHA20_POLY1305, 0, 0, &l);
	CHECK_EQ(l.seal, (1ULL << 62) - 1);
	CHECK_EQ(l.forged, 1ULL << 36);
	CHECK(l.rekey_at < l.seal);
}

/* The rekey starts before the limit, and only from its threshold on. */
static void test_rekey_before_limit(void)
{
	struct tquic_key_limits l;

	tquic_key_limits(TQUIC_PROT_AES_128_GCM, 2000, 0, &l);
	CHECK_EQ(l.seal, 2000);
	CHECK_EQ(l.rekey_at, 1500);
	CHECK(!tquic_key_rekey_due(&l, 0));
	CHECK(!tquic_key_rekey_due(&l, 1499));
	CHECK(tquic_key_rekey_due(&l, 1500));
	CHECK(tquic_key_rekey_due(&l, 2000));
}

static void test_integrity(void)
{
	struct tquic_key_limits l;

	tquic_key_limits(TQUIC_PROT_CHACHA20_POLY1305, 0, 50, &l);
	CHECK_EQ(l.forged, 50);
	CHECK(!tquic_key_forged_out(&l, 49));
	CHECK(tquic_key_forged_out(&l, 50));
	CHECK(tquic_key_forged_out(&l, 51));
	/* The confidentiality limit stays the RFC's. */
	CHECK_EQ(l.seal, (1ULL << 62) - 1);
}

/* An override only lowers a limit, and not below the minimums. */
static void test_overrides_bounded(void)
{
	struct tquic_key_limits l;

	tquic_key_limits(TQUIC_PROT_AES_128_GCM, 1ULL << 40, 1ULL << 60, &l);
	CHECK_EQ(l.seal, 1ULL << 23);
	CHECK_EQ(l.forged, 1ULL << 52);
	tquic_key_limits(TQUIC_PROT_AES_128_GCM, 1, 0, &l);
	CHECK_EQ(l.seal, TQUIC_KEY_SEAL_MIN);
	CHECK(l.rekey_at > 0 && l.rekey_at < l.seal);
	tquic_key_limits(TQUIC_PROT_CHACHA20_POLY1305, 0, 1, &l);
	CHECK_EQ(l.forged, 1);
	CHECK(tquic_key_forged_out(&l, 1));
}

static const struct tap_test tests[] = {
	TAP_TEST(test_rfc_limits),
	TAP_TEST(test_rekey_before_limit),
	TAP_TEST(test_integrity),
	TAP_TEST(test_overrides_bounded),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
