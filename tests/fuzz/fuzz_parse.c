// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the receive path's parsing in drivers/net/tquic/core.
 *
 * The input is a UDP payload whose packets have already had header and
 * packet protection removed (the fuzzer cannot forge AEAD tags, so this is
 * where the parsers meet attacker-shaped bytes in practice: the peer is
 * authenticated but not trusted). The target walks the long-header packets
 * of the datagram, then a short-header packet, decodes packet numbers into
 * the replay window and the ACK range set, and parses every frame.
 *
 * Beyond "no crash, no sanitizer report", it checks properties and traps
 * when one fails:
 *  - lengths the parsers return stay inside their input;
 *  - a parsed frame writes back (tquic_frame_write) into no more bytes than
 *    it came from, and that parses again to the same frame;
 *  - ACK ranges come out disjoint, descending, ending at ack.smallest;
 *  - the replay window and the ACK range set agree on what is new, and
 *    range sets stay sorted and disjoint however they are filled;
 *  - an ACK frame written from the range set parses, whatever its size.
 */
#include <stdint.h>
#include <stddef.h>

#include "proto.h"
#include "ackranges.h"
#include "frame.h"
#include "packet.h"
#include "replay.h"
#include "varint.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

struct rx_state {
	struct tquic_replay replay;
	struct tquic_ack_ranges acks;
	u64 largest;
	unsigned int ack_room;	/* varies the ACK writer's buffer size */
};

static u8 out[TQUIC_MAX_PACKET_LEN];

/* Fed with the ends of every acknowledged range: fills up, drops, merges. */
static struct tquic_ack_ranges ends;

static void check_set(const struct tquic_ack_ranges *s)
{
	unsigned int i;

	REQUIRE(s->n <= TQUIC_ACK_RANGES_MAX);
	for (i = 0; i < s->n; i++) {
		REQUIRE(s->r[i].lo <= s->r[i].hi);
		REQUIRE(!i || s->r[i - 1].hi + 1 < s->r[i].lo);
	}
}

/* A full set may refuse to keep a packet number below all its ranges. */
static bool kept(const struct tquic_ack_ranges *s, u64 pn)
{
	return tquic_ack_ranges_contains(s, pn) ||
	       (s->n == TQUIC_ACK_RANGES_MAX && pn < s->r[0].lo);
}

static void check_ack(const struct tquic_ack_frame *a)
{
	struct tquic_ack_iter it;
	u64 lo, hi, prev_lo = 0, n = 0;
	int r;

	REQUIRE(!tquic_ack_iter_init(&it, a));
	while ((r = tquic_ack_iter_next(&it, &lo, &hi)) > 0) {
		REQUIRE(lo <= hi);
		REQUIRE(!n || hi + 2 <= prev_lo);
		prev_lo = lo;
		n++;
		REQUIRE(tquic_ack_ranges_add(&ends, hi) >= 0);
		REQUIRE(tquic_ack_ranges_add(&ends, lo) >= 0);
		REQUIRE(kept(&ends, hi));
	}
	REQUIRE(r == 0);
	REQUIRE(n == a->range_count + 1);
	REQUIRE(prev_lo == a->smallest);
	REQUIRE(a->path_id <= TQUIC_PATH_ID_MAX);
	check_set(&ends);
	if (a->delay & 1) {
		tquic_ack_ranges_forget_below(&ends, a->largest > a->delay / 2 ?
					      a->largest - a->delay / 2 : 0);
		check_set(&ends);
	}
}

static bool same_frame(const struct tquic_frame *a, const struct tquic_frame *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case TQUIC_FT_PADDING:
		return a->padding.len == b->padding.len;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return a->ack.largest == b->ack.largest &&
		       a->ack.delay == b->ack.delay &&
		       a->ack.path_id == b->ack.path_id &&
		       a->ack.range_count == b->ack.range_count &&
		       a->ack.first_range == b->ack.first_range &&
		       a->ack.smallest == b->ack.smallest &&
		       a->ack.ce == b->ack.ce;
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return a->datagram.seq == b->datagram.seq &&
		       a->datagram.len == b->datagram.len &&
		       (!a->datagram.len ||
			!memcmp(a->datagram.data, b->datagram.data,
				a->datagram.len));
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		return a->close.error == b->close.error &&
		       a->close.frame_type == b->close.frame_type &&
		       a->close.reason_len == b->close.reason_len;
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return !memcmp(&a->path_new_cid, &b->path_new_cid,
			       sizeof(a->path_new_cid));
	default:
		return true;
	}
}

static void check_frame(const struct tquic_frame *f, const u8 *start, int n)
{
	struct tquic_frame g;
	int w;

	switch (f->type) {
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		check_ack(&f->ack);
		REQUIRE(f->ack.ranges >= start &&
			f->ack.ranges + f->ack.ranges_len <= start + n);
		break;
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		REQUIRE(f->datagram.data >= start &&
			f->datagram.data + f->datagram.len <= start + n);
		break;
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		REQUIRE(f->close.reason >= start &&
			f->close.reason + f->close.reason_len <= start + n);
		break;
	}

	/* Minimal re-encoding never needs more room than the original. */
	w = tquic_frame_write(out, sizeof(out), f);
	REQUIRE(w > 0 && w <= n);
	REQUIRE(tquic_frame_parse(out, w, &g) == w);
	REQUIRE(same_frame(f, &g));
}

static void walk_frames(const u8 *p, size_t len)
{
	struct tquic_frame f;
	size_t off = 0;
	int n;

	while (off < len) {
		n = tquic_frame_parse(p + off, len - off, &f);
		if (n < 0)
			return;
		REQUIRE(n > 0 && (size_t)n <= len - off);
		check_frame(&f, p + off, n);
		off += n;
	}
}

static void on_packet(struct rx_state *st, u32 truncated, unsigned int pn_len)
{
	struct tquic_ack_info info = {
		.type = st->largest & 1 ? TQUIC_FT_PATH_ACK_ECN : TQUIC_FT_ACK,
		.path_id = truncated,
		.delay_us = truncated,
		.delay_exponent = pn_len * 5,
		.ect0 = truncated, .ect1 = pn_len, .ce = 1,
	};
	struct tquic_frame f;
	bool fresh;
	int added, n;
	u64 pn;

	if (tquic_pn_decode(st->largest, truncated, pn_len, &pn))
		return;
	REQUIRE(pn <= TQUIC_PN_MAX);
	fresh = tquic_replay_check(&st->replay, pn);
	REQUIRE(tquic_replay_check_and_update(&st->replay, pn) == fresh);
	added = tquic_ack_ranges_add(&st->acks, pn);
	REQUIRE(added == 0 || added == 1);
	/* The window only forgets by age, the range set only the oldest. */
	REQUIRE(!fresh || added == 1);
	if (st->largest == TQUIC_PN_NONE || pn > st->largest)
		st->largest = pn;
	REQUIRE(tquic_ack_ranges_largest(&st->acks) == st->largest);
	REQUIRE(kept(&st->acks, pn));
	check_set(&st->acks);

	st->ack_room = (st->ack_room * 7 + truncated) % 300;
	n = tquic_ack_ranges_write(&st->acks, &info, out, st->ack_room);
	if (n == -EMSGSIZE)
		return;
	REQUIRE(n > 0 && (unsigned int)n <= st->ack_room);
	REQUIRE(tquic_frame_parse(out, n, &f) == n);
	REQUIRE(f.ack.largest == st->largest);
	check_ack(&f.ack);
}

/* Returns the bytes of the datagram this packet takes, 0 to stop. */
static size_t one_packet(struct rx_state *st, const u8 *pkt, size_t left)
{
	struct tquic_short_hdr sh;
	struct tquic_long_hdr lh;
	int off;

	if (tquic_pkt_is_long(pkt[0])) {
		if (tquic_long_hdr_parse(pkt, left, &lh))
			return 0;
		REQUIRE(lh.packet_len > 0 && lh.packet_len <= left);
		if (lh.type == TQUIC_PKT_VERSION_NEG) {
			tquic_vn_lists(&lh, TQUIC_VERSION);
			return lh.packet_len;
		}
		if (lh.type == TQUIC_PKT_RETRY) {
			REQUIRE(lh.token_len &&
				lh.token + lh.token_len + TQUIC_RETRY_TAG_LEN ==
				pkt + left);
			return lh.packet_len;
		}
		off = tquic_long_hdr_unprotected(pkt, &lh);
		REQUIRE(off > 0 && (size_t)off <= lh.packet_len);
		on_packet(st, lh.truncated_pn, lh.pn_len);
		walk_frames(pkt + off, lh.packet_len - off);
		return lh.packet_len;
	}

	if (tquic_short_hdr_parse(pkt, left, &sh))
		return 0;
	off = tquic_short_hdr_unprotected(pkt, left, &sh);
	REQUIRE(off > 0 && (size_t)off <= left);
	/* The header builds back to the same bytes, but for spin/reserved. */
	REQUIRE(tquic_short_hdr_build(out, sizeof(out), sh.dcid, sh.key_phase,
				      sh.truncated_pn, sh.pn_len) == off);
	REQUIRE((out[0] ^ pkt[0]) == (pkt[0] & (TQUIC_HDR_SPIN |
						TQUIC_HDR_SHORT_RESERVED)));
	REQUIRE(!memcmp(out + 1, pkt + 1, off - 1));
	on_packet(st, sh.truncated_pn, sh.pn_len);
	walk_frames(pkt + off, left - off);
	return 0;	/* a short header runs to the end of the datagram */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rx_state st;
	size_t off = 0, n;

	tquic_replay_init(&st.replay);
	tquic_ack_ranges_init(&st.acks);
	tquic_ack_ranges_init(&ends);
	st.largest = TQUIC_PN_NONE;
	st.ack_room = 40;
	while (off < size) {
		n = one_packet(&st, data + off, size - off);
		if (!n)
			break;
		off += n;
	}
	return 0;
}
