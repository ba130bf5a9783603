// SPDX-License-Identifier: GPL-2.0
/* Packet headers and packet numbers (packet.c). */
#include "proto.h"
#include "packet.h"
#include "varint.h"
#include "tap.h"

static const u8 cid8[TQUIC_CID_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const u8 cid20[TQUIC_MAX_CID_LEN] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
	0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
};

static void test_short_build(void)
{
	static const u8 want[] = {
		0x45, 1, 2, 3, 4, 5, 6, 7, 8, 0x9b, 0x32,
	};
	u8 buf[64];

	/* key phase 1, 2-byte packet number: 0b0100_0101 */
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, true,
				       0xa82f9b32, 2), sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, false, 7, 1),
		 10);
	CHECK_EQ(buf[0], 0x40);
	CHECK_EQ(buf[9], 7);
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, false,
				       0x11223344, 4), 13);
	CHECK_EQ(buf[0], 0x43);
	CHECK_EQ(buf[12], 0x44);
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, false, 1, 0),
		 -EINVAL);
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, false, 1, 5),
		 -EINVAL);
	CHECK_EQ(tquic_short_hdr_build(buf, sizeof(buf), cid8, false,
				       TQUIC_PN_MAX + 1, 4), -EINVAL);
}

static void test_short_build_short_buffer(void)
{
	unsigned int pn_len;
	size_t len;

	for (pn_len = 1; pn_len <= 4; pn_len++) {
		for (len = 0; len < TQUIC_SHORT_PN_OFFSET + pn_len; len++) {
			u8 *b = tap_alloc(len);

			CHECK_EQ(tquic_short_hdr_build(b, len, cid8, true, 9,
						       pn_len), -EMSGSIZE);
			tap_free(b, len);
		}
	}
}

static void test_short_parse(void)
{
	struct tquic_short_hdr h;
	u8 pkt[64];
	unsigned int pn_len;

	for (pn_len = 1; pn_len <= 4; pn_len++) {
		size_t min = TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN;
		u8 *b;

		memset(pkt, 0x5a, sizeof(pkt));
		CHECK_EQ(tquic_short_hdr_build(pkt, sizeof(pkt), cid8, pn_len & 1,
					       0x01020304, pn_len),
			 TQUIC_SHORT_PN_OFFSET + pn_len);
		b = tap_dup(pkt, min);
		CHECK_EQ(tquic_short_hdr_parse(b, min, &h), 0);
		CHECK(h.dcid == b + 1);
		CHECK_EQ(h.pn_offset, 9);
		CHECK_EQ(tquic_short_hdr_unprotected(b, min, &h),
			 TQUIC_SHORT_PN_OFFSET + pn_len);
		CHECK_EQ(h.pn_len, pn_len);
		CHECK_EQ(h.key_phase, pn_len & 1);
		CHECK_EQ(h.spin, 0);
		CHECK_EQ(h.reserved, 0);
		CHECK_EQ(h.truncated_pn,
			 0x01020304ULL & ((1ULL << (8 * pn_len)) - 1));
		tap_free(b, min);
	}
}

/* Too short for a header protection sample, at every length. */
static void test_short_parse_truncated(void)
{
	size_t min = TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN, len;
	struct tquic_short_hdr h;
	u8 pkt[64] = { 0x41 };

	CHECK_EQ(min, 29);
	for (len = 0; len < min; len++) {
		u8 *b = tap_dup(pkt, len);

		CHECK_EQ(tquic_short_hdr_parse(b, len, &h), -EINVAL);
		tap_free(b, len);
	}
	CHECK_EQ(tquic_short_hdr_parse(pkt, min, &h), 0);
}

static void test_short_parse_bits(void)
{
	struct tquic_short_hdr h;
	u8 pkt[40] = { 0 };

	pkt[0] = 0x00;		/* fixed bit clear */
	CHECK_EQ(tquic_short_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[0] = 0xc0;		/* long header */
	CHECK_EQ(tquic_short_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[0] = 0x7f;		/* everything set: spin, reserved, kp, len 4 */
	CHECK_EQ(tquic_short_hdr_parse(pkt, sizeof(pkt), &h), 0);
	CHECK_EQ(tquic_short_hdr_unprotected(pkt, sizeof(pkt), &h), 13);
	CHECK_EQ(h.reserved, 0x18);
	CHECK_EQ(h.spin, 1);
	CHECK_EQ(h.key_phase, 1);
	CHECK_EQ(h.pn_len, 4);
	/* An unparsed header is refused rather than read at offset 0. */
	memset(&h, 0, sizeof(h));
	CHECK_EQ(tquic_short_hdr_unprotected(pkt, sizeof(pkt), &h), -EINVAL);
}

static struct tquic_long_hdr initial_hdr(u64 length)
{
	static const u8 token[] = { 't', 'o', 'k' };
	struct tquic_long_hdr h = {
		.type = TQUIC_PKT_INITIAL,
		.version = TQUIC_VERSION,
		.dcid = cid8, .dcid_len = sizeof(cid8),
		.scid = cid20, .scid_len = sizeof(cid20),
		.token = token, .token_len = sizeof(token),
		.length = length,
	};
	return h;
}

static void test_long_initial(void)
{
	static const u8 want_hdr[] = {
		0xc1, 0x54, 0x51, 0x00, 0x01,		/* Initial, pn_len 2 */
		8, 1, 2, 3, 4, 5, 6, 7, 8,
		20, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
		0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2,
		0xb3,
		3, 't', 'o', 'k',
		0x40, 30,				/* Length: 2 bytes */
		0x12, 0x34,
	};
	struct tquic_long_hdr in = initial_hdr(30), h;
	u8 pkt[128];
	size_t len;
	int n;

	memset(pkt, 0xee, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0x1234, 2);
	CHECK_EQ(n, sizeof(want_hdr));
	CHECK_MEM(pkt, want_hdr, sizeof(want_hdr));
	len = n - 2 + 30;
	CHECK_EQ(tquic_long_hdr_parse(pkt, len, &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_INITIAL);
	CHECK_EQ(h.version, TQUIC_VERSION);
	CHECK_EQ(h.dcid_len, 8);
	CHECK(h.dcid == pkt + 6);
	CHECK_EQ(h.scid_len, 20);
	CHECK(h.scid == pkt + 15);
	CHECK_EQ(h.token_len, 3);
	CHECK(h.token == pkt + 36);
	CHECK_EQ(h.length, 30);
	CHECK_EQ(h.pn_offset, n - 2);
	CHECK_EQ(h.packet_len, len);
	CHECK_EQ(tquic_long_hdr_unprotected(pkt, &h), n);
	CHECK_EQ(h.pn_len, 2);
	CHECK_EQ(h.truncated_pn, 0x1234);
	CHECK_EQ(h.reserved, 0);
	pkt[0] |= 0x0c;
	CHECK_EQ(tquic_long_hdr_unprotected(pkt, &h), n);
	CHECK_EQ(h.reserved, 0x0c);
}

/* Every truncation of an Initial is refused, never read past. */
static void test_long_truncated(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	size_t full, len;
	u8 pkt[128];
	int n;

	memset(pkt, 0, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 1, 1);
	CHECK(n > 0);
	full = n - 1 + 20;
	for (len = 0; len < full; len++) {
		u8 *b = tap_dup(pkt, len);

		CHECK_ERR(tquic_long_hdr_parse(b, len, &h));
		tap_free(b, len);
	}
	CHECK_EQ(tquic_long_hdr_parse(pkt, full, &h), 0);
	CHECK_EQ(h.packet_len, full);
}

/* Several packets in one datagram: each one's extent comes from Length. */
static void test_long_coalesced(void)
{
	struct tquic_long_hdr in = initial_hdr(40), h;
	size_t off = 0, first;
	u8 dgram[256];
	int n;

	memset(dgram, 0, sizeof(dgram));
	n = tquic_long_hdr_build(dgram, sizeof(dgram), &in, 0, 1);
	CHECK(n > 0);
	first = n - 1 + 40;
	in.type = TQUIC_PKT_HANDSHAKE;
	in.length = 25;
	n = tquic_long_hdr_build(dgram + first, sizeof(dgram) - first, &in,
				 0x123456, 3);
	CHECK(n > 0);

	CHECK_EQ(tquic_long_hdr_parse(dgram, first + n - 3 + 25, &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_INITIAL);
	CHECK_EQ(h.packet_len, first);
	off = h.packet_len;
	CHECK_EQ(tquic_long_hdr_parse(dgram + off, n - 3 + 25, &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_HANDSHAKE);
	CHECK_EQ(h.token_len, 0);
	CHECK(!h.token);
	CHECK_EQ(h.length, 25);
	CHECK_EQ(h.packet_len, (size_t)n - 3 + 25);
	CHECK_EQ(tquic_long_hdr_unprotected(dgram + off, &h), n);
	CHECK_EQ(h.truncated_pn, 0x123456);
	/* The second packet's Length running past the datagram: refused. */
	CHECK_EQ(tquic_long_hdr_parse(dgram + off, n - 3 + 24, &h), -EINVAL);
}

static void test_long_0rtt_handshake(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	u8 pkt[128];
	int n;

	in.type = TQUIC_PKT_0RTT;
	memset(pkt, 0, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 5, 4);
	/* No token field outside Initial: 1 + 4 + 9 + 21 + 2 + 4. */
	CHECK_EQ(n, 41);
	CHECK_EQ(pkt[0], 0xd3);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 4 + 20, &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_0RTT);
	CHECK_EQ(tquic_long_hdr_unprotected(pkt, &h), n);
	CHECK_EQ(h.truncated_pn, 5);
	in.type = TQUIC_PKT_HANDSHAKE;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 5, 1), 38);
	CHECK_EQ(pkt[0], 0xe0);
}

/* Length fields of 1 to 8 bytes, the 2-byte minimum of our own writer. */
static void test_long_length_widths(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	static u8 pkt[20000];
	int n;

	in.token_len = 0;
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	CHECK_EQ(pkt[n - 3], 0x40);
	CHECK_EQ(pkt[n - 2], 20);
	in.length = 16384;
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	CHECK_EQ(pkt[n - 5], 0x80);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 1 + 16384, &h), 0);
	CHECK_EQ(h.length, 16384);
	/* A peer may send a 1-byte Length. */
	in.length = 20;
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	pkt[n - 3] = 20;	/* shift the pn down over the 2-byte field */
	pkt[n - 2] = pkt[n - 1];
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 2 + 20, &h), 0);
	CHECK_EQ(h.pn_offset, (size_t)n - 2);
}

static void test_long_bad(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	u8 pkt[128];
	int n;

	/* Length too small for the header protection sample. */
	in.length = 19;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1), -EINVAL);
	in.length = 20;
	in.dcid_len = 21;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1), -EINVAL);
	in.dcid_len = 8;
	in.type = 7;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1), -EINVAL);
	in.type = TQUIC_PKT_INITIAL;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 5), -EINVAL);

	memset(pkt, 0, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	CHECK(n > 0);
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), 0);
	pkt[n - 2] = 19;		/* Length < 20 on the wire */
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[n - 2] = 20;
	pkt[0] &= ~TQUIC_HDR_FIXED;
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[0] |= TQUIC_HDR_FIXED;
	pkt[5] = 21;			/* DCID length over 20 */
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[5] = 8;
	pkt[14] = 21;			/* SCID length over 20 */
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	pkt[14] = 20;
	pkt[0] &= ~TQUIC_HDR_LONG;
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(pkt), &h), -EINVAL);
	/* A Retry has no packet number to read. */
	h.type = TQUIC_PKT_RETRY;
	CHECK_EQ(tquic_long_hdr_unprotected(pkt, &h), -EINVAL);
}

static void test_long_cid_lengths(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	u8 pkt[128];
	int n;

	in.dcid_len = 0;
	in.scid_len = 20;
	memset(pkt, 0, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	CHECK(n > 0);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 1 + 20, &h), 0);
	CHECK_EQ(h.dcid_len, 0);
	CHECK_EQ(h.scid_len, 20);
	CHECK_MEM(h.scid, cid20, 20);
}

static void test_unknown_version(void)
{
	struct tquic_long_hdr in = initial_hdr(20), h;
	u8 pkt[128];
	int n;

	in.version = 0x00000001;	/* QUIC v1: not ours */
	memset(pkt, 0, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 1);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 1 + 20, &h), -EPROTONOSUPPORT);
	/* Enough to answer with Version Negotiation. */
	CHECK_EQ(h.version, 1);
	CHECK_EQ(h.dcid_len, 8);
	CHECK_MEM(h.dcid, cid8, 8);
	CHECK_EQ(h.scid_len, 20);
	CHECK_MEM(h.scid, cid20, 20);
	/* A greasing version (0x?a?a?a?a) is just as unknown. */
	pkt[1] = 0x1a;
	pkt[2] = 0x2a;
	pkt[3] = 0x3a;
	pkt[4] = 0x4a;
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 1 + 20, &h), -EPROTONOSUPPORT);
	CHECK_EQ(h.version, 0x1a2a3a4a);
	CHECK((TQUIC_VERSION & 0x0f0f0f0f) != 0x0a0a0a0a);
}

static void test_version_negotiation(void)
{
	static const u32 versions[] = { TQUIC_VERSION, 0x0a0a0a0a };
	static const u8 want[] = {
		0xa5, 0, 0, 0, 0,
		8, 1, 2, 3, 4, 5, 6, 7, 8,
		0,
		0x54, 0x51, 0x00, 0x01, 0x0a, 0x0a, 0x0a, 0x0a,
	};
	struct tquic_long_hdr h;
	size_t len;
	u8 pkt[64];

	CHECK_EQ(tquic_vn_build(pkt, sizeof(pkt), 0xa5, cid8, 8, NULL, 0,
				versions, 2), sizeof(want));
	CHECK_MEM(pkt, want, sizeof(want));
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(want), &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_VERSION_NEG);
	CHECK_EQ(h.version, 0);
	CHECK_EQ(h.nr_versions, 2);
	CHECK_EQ(h.packet_len, sizeof(want));
	CHECK(tquic_vn_lists(&h, TQUIC_VERSION));
	CHECK(tquic_vn_lists(&h, 0x0a0a0a0a));
	CHECK(!tquic_vn_lists(&h, 1));
	/* The fixed bit does not matter in Version Negotiation. */
	pkt[0] = 0x80;
	CHECK_EQ(tquic_long_hdr_parse(pkt, sizeof(want), &h), 0);
	/* A partial version or an empty list is malformed. */
	for (len = 0; len < sizeof(want); len++) {
		u8 *b = tap_dup(pkt, len);

		if (len != sizeof(want) - 4)
			CHECK_ERR(tquic_long_hdr_parse(b, len, &h));
		tap_free(b, len);
	}
	CHECK_EQ(tquic_vn_build(pkt, sizeof(pkt), 0, cid8, 8, cid8, 8,
				versions, 0), -EINVAL);
	for (len = 0; len < sizeof(want); len++) {
		u8 *b = tap_alloc(len);

		CHECK_EQ(tquic_vn_build(b, len, 0xa5, cid8, 8, NULL, 0,
					versions, 2), -EMSGSIZE);
		tap_free(b, len);
	}
	h.type = TQUIC_PKT_INITIAL;
	CHECK(!tquic_vn_lists(&h, TQUIC_VERSION));
}

static void test_retry(void)
{
	static const u8 token[] = { 0xaa, 0xbb, 0xcc };
	struct tquic_long_hdr in = {
		.type = TQUIC_PKT_RETRY,
		.version = TQUIC_VERSION,
		.dcid = cid8, .dcid_len = 8,
		.scid = cid8, .scid_len = 8,
		.token = token, .token_len = sizeof(token),
	}, h;
	u8 pkt[64];
	int n;

	memset(pkt, 0x77, sizeof(pkt));
	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 0);
	CHECK_EQ(n, 1 + 4 + 9 + 9 + 3);
	CHECK_EQ(pkt[0], 0xf0);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n + TQUIC_RETRY_TAG_LEN, &h), 0);
	CHECK_EQ(h.type, TQUIC_PKT_RETRY);
	CHECK_EQ(h.token_len, 3);
	CHECK_MEM(h.token, token, 3);
	CHECK_EQ(h.packet_len, n + TQUIC_RETRY_TAG_LEN);
	/* No token (tag only) or not even a tag: discarded. */
	CHECK_EQ(tquic_long_hdr_parse(pkt, n - 3 + TQUIC_RETRY_TAG_LEN, &h),
		 -EINVAL);
	CHECK_EQ(tquic_long_hdr_parse(pkt, n, &h), -EINVAL);
	in.token_len = 0;
	CHECK_EQ(tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0, 0), -EINVAL);
}

static void test_long_build_short_buffer(void)
{
	struct tquic_long_hdr in = initial_hdr(20);
	u8 pkt[128];
	size_t len;
	int n;

	n = tquic_long_hdr_build(pkt, sizeof(pkt), &in, 0x1234, 2);
	CHECK(n > 0);
	for (len = 0; len < (size_t)n; len++) {
		u8 *b = tap_alloc(len);

		CHECK_EQ(tquic_long_hdr_build(b, len, &in, 0x1234, 2),
			 -EMSGSIZE);
		tap_free(b, len);
	}
}

/* RFC 9000 appendix A.2. */
static void test_pn_encode_len(void)
{
	CHECK_EQ(tquic_pn_encode_len(0xac5c02, 0xabe8b3), 2);
	CHECK_EQ(tquic_pn_encode_len(0xace8fe, 0xabe8b3), 3);
	/* Nothing acknowledged yet: the packets from 0 count. */
	CHECK_EQ(tquic_pn_encode_len(0, TQUIC_PN_NONE), 1);
	CHECK_EQ(tquic_pn_encode_len(127, TQUIC_PN_NONE), 1);
	CHECK_EQ(tquic_pn_encode_len(128, TQUIC_PN_NONE), 2);
	/* Exactly twice the range: 2^(8n-1) packets fit in n bytes. */
	CHECK_EQ(tquic_pn_encode_len(1000 + 128, 1000), 1);
	CHECK_EQ(tquic_pn_encode_len(1000 + 129, 1000), 2);
	CHECK_EQ(tquic_pn_encode_len(1000 + 32768, 1000), 2);
	CHECK_EQ(tquic_pn_encode_len(1000 + 32769, 1000), 3);
	CHECK_EQ(tquic_pn_encode_len(1000 + (1ULL << 23), 1000), 3);
	CHECK_EQ(tquic_pn_encode_len(1000 + (1ULL << 23) + 1, 1000), 4);
	CHECK_EQ(tquic_pn_encode_len(TQUIC_PN_MAX, 0), 4);
	CHECK_EQ(tquic_pn_encode_len(TQUIC_PN_MAX, TQUIC_PN_MAX - 1), 1);
	/* Not a new packet number: the widest, never a wrong one. */
	CHECK_EQ(tquic_pn_encode_len(5, 5), 4);
	CHECK_EQ(tquic_pn_encode_len(5, 9), 4);
}

/* RFC 9000 appendix A.3 and the window edges. */
static void test_pn_decode(void)
{
	u64 pn = 0;

	CHECK_EQ(tquic_pn_decode(0xa82f30ea, 0x9b32, 2, &pn), 0);
	CHECK_EQ(pn, 0xa82f9b32);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_NONE, 0, 1, &pn), 0);
	CHECK_EQ(pn, 0);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_NONE, 0xff, 1, &pn), 0);
	CHECK_EQ(pn, 0xff);
	/* Window (expected - 128, expected + 128] for one byte. */
	CHECK_EQ(tquic_pn_decode(0x1ff, 0x00, 1, &pn), 0);
	CHECK_EQ(pn, 0x200);
	CHECK_EQ(tquic_pn_decode(0x1ff, 0x80, 1, &pn), 0);
	CHECK_EQ(pn, 0x280);
	CHECK_EQ(tquic_pn_decode(0x1ff, 0x81, 1, &pn), 0);
	CHECK_EQ(pn, 0x181);
	CHECK_EQ(tquic_pn_decode(0x1ff, 0x7f, 1, &pn), 0);
	CHECK_EQ(pn, 0x27f);
	CHECK_EQ(tquic_pn_decode(0x17f, 0x00, 1, &pn), 0);
	CHECK_EQ(pn, 0x200);
	CHECK_EQ(tquic_pn_decode(0x17f, 0xff, 1, &pn), 0);
	CHECK_EQ(pn, 0x1ff);
	CHECK_EQ(tquic_pn_decode(0x10, 0xf0, 1, &pn), 0);
	CHECK_EQ(pn, 0xf0);	/* near 0 nothing may go negative */
	CHECK_EQ(tquic_pn_decode(0xfffffffe, 0xffffffff, 4, &pn), 0);
	CHECK_EQ(pn, 0xffffffff);
	CHECK_EQ(tquic_pn_decode(0xffffffff, 0, 4, &pn), 0);
	CHECK_EQ(pn, 0x100000000ULL);
	/* At the top of the 62-bit space. */
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_MAX - 1, 0xff, 1, &pn), 0);
	CHECK_EQ(pn, TQUIC_PN_MAX);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_MAX, 0xff, 1, &pn), 0);
	CHECK_EQ(pn, TQUIC_PN_MAX);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_MAX, 0x00, 1, &pn), -EINVAL);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_MAX, 0, 4, &pn), -EINVAL);
	/* Bad arguments. */
	CHECK_EQ(tquic_pn_decode(0, 0x100, 1, &pn), -EINVAL);
	CHECK_EQ(tquic_pn_decode(0, 0, 0, &pn), -EINVAL);
	CHECK_EQ(tquic_pn_decode(0, 0, 5, &pn), -EINVAL);
	CHECK_EQ(tquic_pn_decode(TQUIC_PN_MAX + 1, 0, 1, &pn), -EINVAL);
}

/*
 * The pair round-trips: whatever the receiver's largest between the
 * sender's largest acknowledged and the packet before, it decodes the
 * packet number the sender chose the length for.
 */
static void test_pn_round_trip(void)
{
	unsigned int i, n;
	u64 acked, pn, rx, out;

	for (i = 0; i < 200000; i++) {
		acked = tap_rand() >> (2 + tap_rand() % 62);
		pn = acked + 1 + tap_rand() % (1ULL << (tap_rand() % 31));
		if (pn > TQUIC_PN_MAX)
			continue;
		n = tquic_pn_encode_len(pn, acked);
		rx = i & 1 ? acked : pn - 1;
		out = ~0ULL;
		CHECK_EQ(tquic_pn_decode(rx, pn & ((1ULL << (8 * n)) - 1), n,
					 &out), 0);
		CHECK_EQ(out, pn);
	}
}

/*
 * Per-path CIDs (packet.h): path 0's is the base CID, the key bytes never
 * change, the path ID comes back out, and no two paths share a CID. The
 * vector pins the byte order: both ends must derive the same CIDs.
 */
static void test_cid_for_path(void)
{
	static const u8 want[TQUIC_CID_LEN] = {
		1, 2, 3, 4, 5 ^ 0x12, 6 ^ 0x34, 7 ^ 0x56, 8 ^ 0x78,
	};
	static const u32 ids[] = { 0, 1, 0x12345678, 0xffffffff };
	u8 out[TAP_COUNT(ids)][TQUIC_CID_LEN];
	unsigned char *base, *cid;
	unsigned int i, j, k;
	u32 id, other;

	CHECK_EQ(TQUIC_CID_KEY_LEN + 4, TQUIC_CID_LEN);
	/* Exact-size buffers: ASan sees a byte written past either. */
	base = tap_dup(cid8, TQUIC_CID_LEN);
	cid = tap_alloc(TQUIC_CID_LEN);
	tquic_cid_for_path(base, 0x12345678, cid);
	CHECK_MEM(cid, want, TQUIC_CID_LEN);
	for (k = 0; k < 1000; k++) {
		for (i = 0; i < TAP_COUNT(ids); i++) {
			tquic_cid_for_path(base, ids[i], cid);
			CHECK_MEM(cid, base, TQUIC_CID_KEY_LEN);
			CHECK_EQ(tquic_cid_path(base, cid), ids[i]);
			memcpy(out[i], cid, TQUIC_CID_LEN);
		}
		CHECK_MEM(out[0], base, TQUIC_CID_LEN);
		for (i = 0; i < TAP_COUNT(ids); i++)
			for (j = i + 1; j < TAP_COUNT(ids); j++)
				CHECK(memcmp(out[i], out[j], TQUIC_CID_LEN));
		/* Any path of any base, against another path. */
		id = (u32)tap_rand();
		other = id ^ (u32)(1 + tap_rand() % 0xffffffffULL);
		tquic_cid_for_path(base, id, cid);
		CHECK_MEM(cid, base, TQUIC_CID_KEY_LEN);
		CHECK_EQ(tquic_cid_path(base, cid), id);
		tquic_cid_for_path(base, other, out[0]);
		CHECK(memcmp(cid, out[0], TQUIC_CID_LEN));
		for (i = 0; i < TQUIC_CID_LEN; i++)
			base[i] = (u8)tap_rand();
	}
	tap_free(cid, TQUIC_CID_LEN);
	tap_free(base, TQUIC_CID_LEN);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_short_build),
	TAP_TEST(test_short_build_short_buffer),
	TAP_TEST(test_short_parse),
	TAP_TEST(test_short_parse_truncated),
	TAP_TEST(test_short_parse_bits),
	TAP_TEST(test_long_initial),
	TAP_TEST(test_long_truncated),
	TAP_TEST(test_long_coalesced),
	TAP_TEST(test_long_0rtt_handshake),
	TAP_TEST(test_long_length_widths),
	TAP_TEST(test_long_bad),
	TAP_TEST(test_long_cid_lengths),
	TAP_TEST(test_unknown_version),
	TAP_TEST(test_version_negotiation),
	TAP_TEST(test_retry),
	TAP_TEST(test_long_build_short_buffer),
	TAP_TEST(test_pn_encode_len),
	TAP_TEST(test_pn_decode),
	TAP_TEST(test_pn_round_trip),
	TAP_TEST(test_cid_for_path),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
