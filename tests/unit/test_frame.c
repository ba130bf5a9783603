// SPDX-License-Identifier: GPL-2.0
/* Frame codec (frame.c). */
#include "proto.h"
#include "frame.h"
#include "packet.h"
#include "varint.h"
#include "tap.h"

static const u8 ack_ranges[] = { 1, 2, 0, 0 };	/* [92, 94], [90, 90] */
static const u8 hello[] = "hello";
static const u8 bye[] = "bye";

struct sample {
	const char *name;
	struct tquic_frame f;
	const u8 *wire;		/* expected encoding, when given */
	size_t wire_len;
};

#define WIRE(...) \
	.wire = (const u8[]){ __VA_ARGS__ }, \
	.wire_len = sizeof((const u8[]){ __VA_ARGS__ })

#define ACK_BODY(t, p)	{						\
	.type = (t),							\
	.ack = {							\
		.path_id = (p), .largest = 100, .delay = 7,		\
		.first_range = 3, .range_count = 2,			\
		.ranges = ack_ranges, .ranges_len = sizeof(ack_ranges),	\
		.smallest = 90,						\
		.ecn = (t) == TQUIC_FT_ACK_ECN ||			\
		       (t) == TQUIC_FT_PATH_ACK_ECN,			\
		.ect0 = (t) & 1 ? 1 : 0, .ect1 = (t) & 1 ? 2 : 0,	\
		.ce = (t) & 1 ? 70000 : 0,				\
	},								\
}

/* One of each frame type, with its encoding worked out by hand. */
static const struct sample samples[] = {
	{ "PADDING", { .type = TQUIC_FT_PADDING, .padding = { 5 } },
	  WIRE(0, 0, 0, 0, 0) },
	{ "PING", { .type = TQUIC_FT_PING }, WIRE(0x01) },
	{ "ACK", ACK_BODY(TQUIC_FT_ACK, 0),
	  WIRE(0x02, 0x40, 100, 7, 2, 3, 1, 2, 0, 0) },
	{ "ACK_ECN", ACK_BODY(TQUIC_FT_ACK_ECN, 0),
	  WIRE(0x03, 0x40, 100, 7, 2, 3, 1, 2, 0, 0, 1, 2,
	       0x80, 0x01, 0x11, 0x70) },
	{ "PATH_ACK", ACK_BODY(TQUIC_FT_PATH_ACK, 7),
	  WIRE(0x3e, 7, 0x40, 100, 7, 2, 3, 1, 2, 0, 0) },
	{ "PATH_ACK_ECN", ACK_BODY(TQUIC_FT_PATH_ACK_ECN, 0xffffffff),
	  WIRE(0x3f, 0xc0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x40, 100, 7, 2,
	       3, 1, 2, 0, 0, 1, 2, 0x80, 0x01, 0x11, 0x70) },
	{ "DATAGRAM", { .type = TQUIC_FT_DATAGRAM,
			.datagram = { 300, hello, 5 } },
	  WIRE(0x30, 0x41, 0x2c, 'h', 'e', 'l', 'l', 'o') },
	{ "DATAGRAM_LEN", { .type = TQUIC_FT_DATAGRAM_LEN,
			    .datagram = { 5, hello, 2 } },
	  WIRE(0x31, 3, 5, 'h', 'e') },
	{ "PATH_CHALLENGE", { .type = TQUIC_FT_PATH_CHALLENGE,
			      .path_data = { { 1, 2, 3, 4, 5, 6, 7, 8 } } },
	  WIRE(0x1a, 1, 2, 3, 4, 5, 6, 7, 8) },
	{ "PATH_RESPONSE", { .type = TQUIC_FT_PATH_RESPONSE,
			     .path_data = { { 8, 7, 6, 5, 4, 3, 2, 1 } } },
	  WIRE(0x1b, 8, 7, 6, 5, 4, 3, 2, 1) },
	{ "CONNECTION_CLOSE", { .type = TQUIC_FT_CONNECTION_CLOSE,
				.close = { 0x0a, TQUIC_FT_PATH_ABANDON, bye, 3 } },
	  WIRE(0x1c, 0x0a, 0x7e, 0x75, 3, 'b', 'y', 'e') },
	{ "CONNECTION_CLOSE_APP", { .type = TQUIC_FT_CONNECTION_CLOSE_APP,
				    .close = { 0x100, 0, NULL, 0 } },
	  WIRE(0x1d, 0x41, 0x00, 0) },
	{ "PATH_ABANDON", { .type = TQUIC_FT_PATH_ABANDON,
			    .path_abandon = { 3, 0 } },
	  WIRE(0x7e, 0x75, 3, 0) },
	{ "PATH_STATUS_BACKUP", { .type = TQUIC_FT_PATH_STATUS_BACKUP,
				  .path_status = { 1, 2 } },
	  WIRE(0x7e, 0x76, 1, 2) },
	{ "PATH_STATUS_AVAILABLE", { .type = TQUIC_FT_PATH_STATUS_AVAILABLE,
				     .path_status = { 1, 3 } },
	  WIRE(0x7e, 0x77, 1, 3) },
	{ "PATH_NEW_CONNECTION_ID",
	  { .type = TQUIC_FT_PATH_NEW_CONNECTION_ID,
	    .path_new_cid = { .path_id = 2, .seq = 5, .retire_prior_to = 3,
			      .cid_len = 8, .cid = { 9, 9, 9, 9, 9, 9, 9, 9 },
			      .reset_token = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4,
					       0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
					       0xfa, 0xfb, 0xfc, 0xfd, 0xfe,
					       0xff } } },
	  WIRE(0x7e, 0x78, 2, 5, 3, 8, 9, 9, 9, 9, 9, 9, 9, 9, 0xf0, 0xf1,
	       0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	       0xfc, 0xfd, 0xfe, 0xff) },
	{ "PATH_RETIRE_CONNECTION_ID",
	  { .type = TQUIC_FT_PATH_RETIRE_CONNECTION_ID,
	    .path_retire_cid = { 2, 4 } },
	  WIRE(0x7e, 0x79, 2, 4) },
	{ "MAX_PATH_ID", { .type = TQUIC_FT_MAX_PATH_ID,
			   .max_path_id = { 0xffffffff } },
	  WIRE(0x7e, 0x7a, 0xc0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff) },
	{ "PATHS_BLOCKED", { .type = TQUIC_FT_PATHS_BLOCKED,
			     .max_path_id = { 9 } },
	  WIRE(0x7e, 0x7b, 9) },
	{ "PATH_CIDS_BLOCKED", { .type = TQUIC_FT_PATH_CIDS_BLOCKED,
				 .path_cids_blocked = { 1, 7 } },
	  WIRE(0x7e, 0x7c, 1, 7) },
};

static bool ack_eq(const struct tquic_ack_frame *a,
		   const struct tquic_ack_frame *b)
{
	return a->path_id == b->path_id && a->ecn == b->ecn &&
	       a->largest == b->largest && a->delay == b->delay &&
	       a->first_range == b->first_range &&
	       a->range_count == b->range_count &&
	       a->ranges_len == b->ranges_len &&
	       !memcmp(a->ranges, b->ranges, a->ranges_len) &&
	       a->smallest == b->smallest && a->ect0 == b->ect0 &&
	       a->ect1 == b->ect1 && a->ce == b->ce;
}

static bool bytes_eq(const u8 *a, size_t alen, const u8 *b, size_t blen)
{
	return alen == blen && (!alen || !memcmp(a, b, alen));
}

/* Field by field: a parsed frame points into its packet, a sample not. */
static bool frame_eq(const struct tquic_frame *a, const struct tquic_frame *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case TQUIC_FT_PADDING:
		return a->padding.len == b->padding.len;
	case TQUIC_FT_PING:
		return true;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return ack_eq(&a->ack, &b->ack);
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return a->datagram.seq == b->datagram.seq &&
		       bytes_eq(a->datagram.data, a->datagram.len,
				b->datagram.data, b->datagram.len);
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_PATH_RESPONSE:
		return !memcmp(&a->path_data, &b->path_data,
			       sizeof(a->path_data));
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		return a->close.error == b->close.error &&
		       a->close.frame_type == b->close.frame_type &&
		       bytes_eq(a->close.reason, a->close.reason_len,
				b->close.reason, b->close.reason_len);
	case TQUIC_FT_PATH_ABANDON:
		return a->path_abandon.path_id == b->path_abandon.path_id &&
		       a->path_abandon.error == b->path_abandon.error;
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		return a->path_status.path_id == b->path_status.path_id &&
		       a->path_status.seq == b->path_status.seq;
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return a->path_new_cid.path_id == b->path_new_cid.path_id &&
		       a->path_new_cid.seq == b->path_new_cid.seq &&
		       a->path_new_cid.retire_prior_to ==
		       b->path_new_cid.retire_prior_to &&
		       a->path_new_cid.cid_len == b->path_new_cid.cid_len &&
		       !memcmp(a->path_new_cid.cid, b->path_new_cid.cid,
			       a->path_new_cid.cid_len) &&
		       !memcmp(a->path_new_cid.reset_token,
			       b->path_new_cid.reset_token,
			       TQUIC_RESET_TOKEN_LEN);
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		return a->path_retire_cid.path_id ==
		       b->path_retire_cid.path_id &&
		       a->path_retire_cid.seq == b->path_retire_cid.seq;
	case TQUIC_FT_MAX_PATH_ID:
	case TQUIC_FT_PATHS_BLOCKED:
		return a->max_path_id.max_path_id == b->max_path_id.max_path_id;
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		return a->path_cids_blocked.path_id ==
		       b->path_cids_blocked.path_id &&
		       a->path_cids_blocked.next_seq ==
		       b->path_cids_blocked.next_seq;
	}
	return false;
}

/* write -> the expected bytes -> parse -> the same frame -> same bytes. */
static void test_round_trip_every_type(void)
{
	u8 buf[128], again[128];
	struct tquic_frame g;
	unsigned int i;
	int n;

	for (i = 0; i < TAP_COUNT(samples); i++) {
		const struct sample *s = &samples[i];
		u8 *b;

		n = tquic_frame_write(buf, sizeof(buf), &s->f);
		CHECK_EQ(n, s->wire_len);
		if (n != (int)s->wire_len) {
			printf("#   in %s\n", s->name);
			continue;
		}
		CHECK_MEM(buf, s->wire, s->wire_len);
		b = tap_dup(buf, n);
		CHECK_EQ(tquic_frame_parse(b, n, &g), n);
		if (!frame_eq(&g, &s->f))
			tap_diag_fail(__FILE__, __LINE__, s->name);
		CHECK_EQ(tquic_frame_write(again, sizeof(again), &g), n);
		CHECK_MEM(again, buf, n);
		tap_free(b, n);
	}
}

/*
 * Every proper prefix of a frame is refused (and not read past), but for
 * the two frames that run to the end of the packet: a prefix of PADDING is
 * padding, a prefix of DATAGRAM 0x30 past its sequence number is a shorter
 * datagram.
 */
static void test_truncated_every_type(void)
{
	struct tquic_frame g;
	unsigned int i;
	size_t len;

	for (i = 0; i < TAP_COUNT(samples); i++) {
		const struct sample *s = &samples[i];

		for (len = 0; len < s->wire_len; len++) {
			u8 *b = tap_dup(s->wire, len);
			int n = tquic_frame_parse(b, len, &g);

			if (len && s->f.type == TQUIC_FT_PADDING) {
				CHECK_EQ(n, len);
				CHECK_EQ(g.padding.len, len);
			} else if (s->f.type == TQUIC_FT_DATAGRAM && len >= 3) {
				CHECK_EQ(n, len);
				CHECK_EQ(g.datagram.seq, 300);
				CHECK_EQ(g.datagram.len, len - 3);
			} else if (n >= 0) {
				tap_diag_fail(__FILE__, __LINE__, s->name);
			}
			tap_free(b, len);
		}
	}
}

/* Every output buffer shorter than the frame: -EMSGSIZE, no overflow. */
static void test_write_short_buffers(void)
{
	unsigned int i;
	size_t len;

	for (i = 0; i < TAP_COUNT(samples); i++) {
		const struct sample *s = &samples[i];

		for (len = 0; len < s->wire_len; len++) {
			u8 *b = tap_alloc(len);

			CHECK_EQ(tquic_frame_write(b, len, &s->f), -EMSGSIZE);
			tap_free(b, len);
		}
	}
}

static int parse_bytes(const u8 *wire, size_t len, struct tquic_frame *f)
{
	u8 *b = tap_dup(wire, len);
	int n = tquic_frame_parse(b, len, f);

	tap_free(b, len);
	return n;
}

#define PARSE(f, ...) \
	parse_bytes((const u8[]){ __VA_ARGS__ }, \
		    sizeof((const u8[]){ __VA_ARGS__ }), (f))

/* RFC 9000 section 12.4: frame types in their shortest encoding only. */
static void test_type_encoding(void)
{
	struct tquic_frame f;

	CHECK_EQ(PARSE(&f, 0x40, 0x01), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x80, 0x00, 0x00, 0x01), -EINVAL);
	CHECK_EQ(PARSE(&f, 0xc0, 0, 0, 0, 0, 0, 0, 0x01), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x40, 0x00), -EINVAL);	/* 2-byte PADDING */
	CHECK_EQ(PARSE(&f, 0x40, 0x3e, 7, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x80, 0x00, 0x3e, 0x75, 3, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x75, 3, 0), 4);
	CHECK_EQ(f.type, TQUIC_FT_PATH_ABANDON);
	/* A truncated type varint. */
	CHECK_EQ(PARSE(&f, 0x7e), -EINVAL);
	CHECK_EQ(PARSE(&f, 0xc0, 0, 0), -EINVAL);
}

static void test_unknown_types(void)
{
	struct tquic_frame f;

	CHECK_EQ(PARSE(&f, 0x08, 0, 0), -EOPNOTSUPP);	/* STREAM */
	CHECK_EQ(f.type, 0x08);
	CHECK_EQ(PARSE(&f, 0x06, 0, 0), -EOPNOTSUPP);	/* CRYPTO */
	CHECK_EQ(PARSE(&f, 0x18), -EOPNOTSUPP);		/* NEW_CONNECTION_ID */
	CHECK_EQ(PARSE(&f, 0x1e), -EOPNOTSUPP);		/* HANDSHAKE_DONE */
	/* PATH_ACK as drafts -10..-17 numbered it. */
	CHECK_EQ(PARSE(&f, 0x95, 0x22, 0x8c, 0x00, 0, 0, 0, 0, 0),
		 -EOPNOTSUPP);
	CHECK_EQ(f.type, 0x15228c00);
	CHECK_EQ(PARSE(&f, 0x7e, 0x7d), -EOPNOTSUPP);
	f.type = 0x08;
	CHECK_EQ(tquic_frame_write((u8[8]){ 0 }, 8, &f), -EINVAL);
}

static void test_padding_run(void)
{
	struct tquic_frame f;

	CHECK_EQ(PARSE(&f, 0, 0, 0, 0x01), 3);
	CHECK_EQ(f.type, TQUIC_FT_PADDING);
	CHECK_EQ(f.padding.len, 3);
	CHECK_EQ(PARSE(&f, 0), 1);
	CHECK_EQ(parse_bytes(NULL, 0, &f), -EINVAL);
	CHECK_EQ(tquic_frame_write_padding((u8[4]){ 0 }, 4, 0), -EINVAL);
	CHECK_EQ(tquic_frame_write_padding((u8[4]){ 0 }, 4, 5), -EMSGSIZE);
	CHECK_EQ(tquic_frame_write_padding((u8[4]){ 1, 1, 1, 1 }, 4, 4), 4);
}

static void test_too_long_input(void)
{
	static u8 big[TQUIC_MAX_PACKET_LEN + 1];
	struct tquic_frame f;

	big[0] = TQUIC_FT_PING;
	CHECK_EQ(tquic_frame_parse(big, sizeof(big), &f), -EINVAL);
	CHECK_EQ(tquic_frame_parse(big, sizeof(big) - 1, &f), 1);
}

static void test_ack_range_count(void)
{
	u8 wire[7 + 2 * 65], *p;
	struct tquic_frame f;
	unsigned int i;

	/* largest 200, first range 0, then 64 pairs of (gap 0, length 0) */
	p = wire;
	*p++ = TQUIC_FT_ACK;
	*p++ = 0x40;		/* 200 */
	*p++ = 200;
	*p++ = 0;
	*p++ = 0x40;		/* 64 */
	*p++ = 64;
	*p++ = 0;
	for (i = 0; i < 64; i++) {
		*p++ = 0;
		*p++ = 0;
	}
	CHECK_EQ(parse_bytes(wire, p - wire, &f), p - wire);
	CHECK_EQ(f.ack.range_count, 64);
	CHECK_EQ(f.ack.smallest, 200 - 2 * 64);
	/* One more than we accept, even with the bytes present. */
	wire[5] = 65;
	*p++ = 0;
	*p++ = 0;
	CHECK_EQ(parse_bytes(wire, p - wire, &f), -EINVAL);
	/* A count far beyond the bytes. */
	CHECK_EQ(PARSE(&f, 0x02, 10, 0, 0xbf, 0xff, 0xff, 0xff, 0), -EINVAL);
}

/* Gap and length values chosen to make naive arithmetic wrap. */
static void test_ack_adversarial(void)
{
	struct tquic_frame f;

	/* First range reaching below 0. */
	CHECK_EQ(PARSE(&f, 0x02, 5, 0, 0, 6), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x02, 5, 0, 0, 5), 5);
	CHECK_EQ(f.ack.smallest, 0);
	/* Any range below a range that ends at 0. */
	CHECK_EQ(PARSE(&f, 0x02, 5, 0, 1, 5, 0, 0), -EINVAL);
	/* lo = 10: gap 8 gives hi 0, gap 9 would give -1. */
	CHECK_EQ(PARSE(&f, 0x02, 10, 0, 1, 0, 8, 0), 7);
	CHECK_EQ(f.ack.smallest, 0);
	CHECK_EQ(PARSE(&f, 0x02, 10, 0, 1, 0, 9, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x02, 10, 0, 1, 0, 8, 1), -EINVAL);
	/* lo = 1: no room for the gap of one unacknowledged number. */
	CHECK_EQ(PARSE(&f, 0x02, 1, 0, 1, 0, 0, 0), -EINVAL);
	/* Maximal values: gap 2^62 - 1 from a low lo. */
	CHECK_EQ(PARSE(&f, 0x02, 10, 0, 1, 0,
		       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0),
		 -EINVAL);
	/* Largest 2^62 - 1 with a first range of everything, then more. */
	CHECK_EQ(PARSE(&f, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		       0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		       0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		       0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
		 19);
	CHECK_EQ(f.ack.largest, TQUIC_VARINT_MAX);
	CHECK_EQ(f.ack.smallest, 0);
	/* Range length that would wrap: hi 3 (lo 5, gap 0), length 4. */
	CHECK_EQ(PARSE(&f, 0x02, 5, 0, 1, 0, 0, 4), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x02, 5, 0, 1, 0, 0, 3), 7);
	CHECK_EQ(f.ack.smallest, 0);
	/* Path IDs are 32 bits. */
	CHECK_EQ(PARSE(&f, 0x3e, 0xc0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 0, 0),
		 -EINVAL);
	CHECK_EQ(PARSE(&f, 0x3e, 0xc0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
		       5, 0, 0, 0), 13);
	CHECK_EQ(f.ack.path_id, 0xffffffff);
	/* Writing an ACK whose ranges do not parse is refused as well. */
	f.ack.range_count = 1;
	CHECK_EQ(tquic_frame_write((u8[32]){ 0 }, 32, &f), -EINVAL);
	f.ack.range_count = 0;
	f.ack.first_range = 6;
	CHECK_EQ(tquic_frame_write((u8[32]){ 0 }, 32, &f), -EINVAL);
}

static void test_datagram(void)
{
	static const u8 inner[] = { 0x45, 0, 0, 20, 1, 2, 3, 4 };
	struct tquic_frame f;
	u8 pkt[64];
	int n;

	/* Header in place, then the inner packet after it. */
	n = tquic_frame_write_datagram_hdr(pkt, sizeof(pkt), 1ULL << 40);
	CHECK_EQ(n, 9);
	CHECK_EQ(pkt[0], 0x30);
	CHECK_EQ(pkt[1], 0xc0);
	memcpy(pkt + n, inner, sizeof(inner));
	CHECK_EQ(tquic_frame_parse(pkt, n + sizeof(inner), &f),
		 n + sizeof(inner));
	CHECK_EQ(f.type, TQUIC_FT_DATAGRAM);
	CHECK_EQ(f.datagram.seq, 1ULL << 40);
	CHECK(f.datagram.data == pkt + n);
	CHECK_EQ(f.datagram.len, sizeof(inner));
	CHECK_EQ(tquic_frame_write_datagram_hdr(pkt, 8, 1ULL << 40),
		 -EMSGSIZE);
	CHECK_EQ(tquic_frame_write_datagram_hdr(pkt, 64, 1ULL << 62),
		 -EINVAL);

	/* With Length, followed by another frame. */
	n = tquic_frame_write_datagram_len_hdr(pkt, sizeof(pkt), 7,
					       sizeof(inner));
	CHECK_EQ(n, 3);
	memcpy(pkt + n, inner, sizeof(inner));
	pkt[n + sizeof(inner)] = TQUIC_FT_PING;
	CHECK_EQ(tquic_frame_parse(pkt, n + sizeof(inner) + 1, &f),
		 n + sizeof(inner));
	CHECK_EQ(f.datagram.seq, 7);
	CHECK_EQ(f.datagram.len, sizeof(inner));
	CHECK_EQ(tquic_frame_write_datagram_len_hdr(pkt, 2, 7, 8), -EMSGSIZE);
	CHECK_EQ(tquic_frame_write_datagram_len_hdr(pkt, 64, 7, 70000),
		 -EINVAL);

	/* No room for the sequence number: malformed for us. */
	CHECK_EQ(PARSE(&f, 0x30), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x30, 0x40), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x31, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x31, 1, 0x40, 5), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x31, 3, 1, 2), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x31, 0xbf, 0xff, 0xff, 0xff, 1, 2), -EINVAL);
	/* Just a sequence number: an empty inner packet, for the caller. */
	CHECK_EQ(PARSE(&f, 0x31, 1, 9, 0x01), 3);
	CHECK_EQ(f.datagram.seq, 9);
	CHECK_EQ(f.datagram.len, 0);
}

static void test_close(void)
{
	struct tquic_frame f;
	u8 buf[32];

	CHECK_EQ(tquic_frame_write_close(buf, sizeof(buf), false, 0x0a,
					 TQUIC_FT_PATH_ABANDON, bye, 3), 8);
	CHECK_MEM(buf, samples[10].wire, 8);
	CHECK_EQ(tquic_frame_write_close(buf, sizeof(buf), true, 0x100, 99,
					 NULL, 0), 4);
	CHECK_MEM(buf, samples[11].wire, 4);
	CHECK_EQ(PARSE(&f, 0x1c, 0, 0, 4, 'a', 'b', 'c'), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x1c, 0, 0, 0xbf, 0xff, 0xff, 0xff, 'a'), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x1d, 0, 0xc0, 0, 0, 0, 0, 0, 0, 1, 'a'), 11);
	CHECK_EQ(f.close.reason_len, 1);
	CHECK_EQ(f.close.frame_type, 0);
}

static void test_path_frames(void)
{
	static const u8 data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct tquic_frame f;
	u8 buf[32];

	CHECK_EQ(tquic_frame_write_path_challenge(buf, sizeof(buf), data), 9);
	CHECK_MEM(buf, samples[8].wire, 9);
	CHECK_EQ(tquic_frame_write_path_response(buf, sizeof(buf), data), 9);
	CHECK_EQ(buf[0], 0x1b);
	CHECK_EQ(tquic_frame_write_path_abandon(buf, sizeof(buf), 3, 0), 4);
	CHECK_MEM(buf, samples[12].wire, 4);
	CHECK_EQ(tquic_frame_write_path_status(buf, sizeof(buf), false, 1, 2),
		 4);
	CHECK_MEM(buf, samples[13].wire, 4);
	CHECK_EQ(tquic_frame_write_path_status(buf, sizeof(buf), true, 1, 3),
		 4);
	CHECK_MEM(buf, samples[14].wire, 4);
	CHECK_EQ(tquic_frame_write_path_status(buf, 3, true, 1, 3), -EMSGSIZE);

	/* Path IDs and their limits are 32 bits. */
	CHECK_EQ(PARSE(&f, 0x7e, 0x75, 0xc0, 0, 0, 1, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x76, 0xc0, 0, 0, 1, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x79, 0xc0, 0, 0, 1, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x7a, 0xc0, 0, 0, 1, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x7b, 0xc0, 0, 0, 1, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x7c, 0xc0, 0, 0, 1, 0, 0, 0, 0, 0), -EINVAL);

	/* PATH_NEW_CONNECTION_ID: length 1..20, Retire Prior To <= seq. */
	CHECK_EQ(PARSE(&f, 0x7e, 0x78, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x78, 0, 0, 0, 21), -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x78, 0, 1, 2, 1, 0xaa,
		       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		 -EINVAL);
	CHECK_EQ(PARSE(&f, 0x7e, 0x78, 0, 2, 2, 1, 0xaa,
		       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 23);
	CHECK_EQ(f.path_new_cid.cid_len, 1);
	CHECK_EQ(f.path_new_cid.cid[0], 0xaa);
	f.path_new_cid.cid_len = 21;
	CHECK_EQ(tquic_frame_write(buf, sizeof(buf), &f), -EINVAL);
	f.path_new_cid.cid_len = 1;
	f.path_new_cid.retire_prior_to = 3;
	CHECK_EQ(tquic_frame_write(buf, sizeof(buf), &f), -EINVAL);
}

/* A whole payload, frame after frame, as the receive path walks it. */
static void test_payload_walk(void)
{
	static const u64 want[] = {
		TQUIC_FT_PING, TQUIC_FT_ACK, TQUIC_FT_DATAGRAM_LEN,
		TQUIC_FT_PATH_STATUS_AVAILABLE, TQUIC_FT_PADDING,
		TQUIC_FT_DATAGRAM,
	};
	struct tquic_frame f;
	u8 pkt[128], *p = pkt;
	size_t off, len;
	unsigned int i;

	p += tquic_frame_write_ping(p, 1);
	p += tquic_frame_write(p, 64, &samples[2].f);
	p += tquic_frame_write(p, 64, &samples[7].f);
	p += tquic_frame_write_path_status(p, 64, true, 1, 3);
	p += tquic_frame_write_padding(p, 64, 10);
	p += tquic_frame_write(p, 64, &samples[6].f);
	len = p - pkt;
	CHECK_EQ(len, 1 + 10 + 5 + 4 + 10 + 8);
	for (off = 0, i = 0; off < len && i < TAP_COUNT(want); i++) {
		int n = tquic_frame_parse(pkt + off, len - off, &f);

		CHECK(n > 0);
		if (n <= 0)
			return;
		CHECK_EQ(f.type, want[i]);
		CHECK_EQ(tquic_frame_ack_eliciting(f.type),
			 i == 0 || i == 2 || i == 3 || i == 5);
		off += n;
	}
	CHECK_EQ(off, len);
	CHECK_EQ(i, TAP_COUNT(want));
	CHECK_EQ(tquic_frame_write_ping(pkt, 0), -EMSGSIZE);
}

static void test_ack_delay_us(void)
{
	CHECK_EQ(tquic_ack_delay_us(125, 3), 1000);
	CHECK_EQ(tquic_ack_delay_us(7, 0), 7);
	CHECK_EQ(tquic_ack_delay_us(TQUIC_VARINT_MAX, 20), ~0ULL);
	CHECK_EQ(tquic_ack_delay_us(1, 40), 1 << 20);	/* clamped */
	CHECK_EQ(tquic_ack_delay_us((1ULL << 44) - 1, 20),
		 ((1ULL << 44) - 1) << 20);
	CHECK_EQ(tquic_ack_delay_us(1ULL << 44, 20), ~0ULL);
}

static const struct tap_test tests[] = {
	TAP_TEST(test_round_trip_every_type),
	TAP_TEST(test_truncated_every_type),
	TAP_TEST(test_write_short_buffers),
	TAP_TEST(test_type_encoding),
	TAP_TEST(test_unknown_types),
	TAP_TEST(test_padding_run),
	TAP_TEST(test_too_long_input),
	TAP_TEST(test_ack_range_count),
	TAP_TEST(test_ack_adversarial),
	TAP_TEST(test_datagram),
	TAP_TEST(test_close),
	TAP_TEST(test_path_frames),
	TAP_TEST(test_payload_walk),
	TAP_TEST(test_ack_delay_us),
};

int main(void)
{
	return tap_main(tests, TAP_COUNT(tests));
}
