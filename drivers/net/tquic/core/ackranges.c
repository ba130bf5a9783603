// SPDX-License-Identifier: GPL-2.0
/*
 * Acknowledgment ranges: the receiver's record of packet numbers and the
 * ACK frames built from it, and the sender's walk over a received ACK.
 * Pure code shared with the userspace tests: see proto.h.
 */
#include "proto.h"
#include "ackranges.h"
#include "frame.h"
#include "packet.h"
#include "varint.h"

void tquic_ack_ranges_init(struct tquic_ack_ranges *s)
{
	s->n = 0;
}

/*
 * Make [pn, pn] a range of its own before r[i]. When the array is full the
 * lowest range goes. That is safe: ranges are reported largest first, so
 * the lowest one has been in every ACK frame sent since it last changed,
 * and the peer has long had the chance to see it. At worst the peer never
 * learns of a very old packet and counts it lost; DATAGRAM frames are not
 * retransmitted for that, so the cost is one spurious loss signal. A new
 * packet below every range of a full set is dropped for the same reason.
 */
static void insert_range(struct tquic_ack_ranges *s, unsigned int i, u64 pn)
{
	if (s->n == TQUIC_ACK_RANGES_MAX) {
		if (!i)
			return;
		memmove(&s->r[0], &s->r[1], (i - 1) * sizeof(s->r[0]));
		i--;
	} else {
		memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
		s->n++;
	}
	s->r[i].lo = pn;
	s->r[i].hi = pn;
}

static void remove_range(struct tquic_ack_ranges *s, unsigned int i)
{
	memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(s->r[0]));
	s->n--;
}

/* A packet below the top range: fill a hole, grow a range or make one. */
static int add_out_of_order(struct tquic_ack_ranges *s, u64 pn)
{
	bool joins_below, joins_above;
	unsigned int i = s->n;

	/* Out-of-order packets are mostly recent: search from the top. */
	while (i > 0 && s->r[i - 1].lo > pn)
		i--;
	/* Now r[i - 1].lo <= pn < r[i].lo, where those ranges exist. */
	if (i > 0 && pn <= s->r[i - 1].hi)
		return 0;
	joins_below = i > 0 && pn == s->r[i - 1].hi + 1;
	joins_above = i < s->n && pn + 1 == s->r[i].lo;
	if (joins_below && joins_above) {
		s->r[i - 1].hi = s->r[i].hi;
		remove_range(s, i);
	} else if (joins_below) {
		s->r[i - 1].hi = pn;
	} else if (joins_above) {
		s->r[i].lo = pn;
	} else {
		insert_range(s, i, pn);
	}
	return 1;
}

/*
 * Record packet number @pn. Returns 1 if it was not recorded before, 0 if
 * it was, -EINVAL if it is not a packet number.
 */
int tquic_ack_ranges_add(struct tquic_ack_ranges *s, u64 pn)
{
	struct tquic_ack_range *top;

	if (unlikely(pn > TQUIC_PN_MAX))
		return -EINVAL;
	if (unlikely(!s->n)) {
		insert_range(s, 0, pn);
		return 1;
	}
	top = &s->r[s->n - 1];
	if (likely(pn == top->hi + 1)) {
		top->hi = pn;
		return 1;
	}
	if (pn > top->hi) {
		insert_range(s, s->n, pn);
		return 1;
	}
	return add_out_of_order(s, pn);
}

bool tquic_ack_ranges_contains(const struct tquic_ack_ranges *s, u64 pn)
{
	unsigned int i;

	for (i = s->n; i > 0; i--)
		if (pn >= s->r[i - 1].lo)
			return pn <= s->r[i - 1].hi;
	return false;
}

/* TQUIC_PN_NONE when nothing has been received. */
u64 tquic_ack_ranges_largest(const struct tquic_ack_ranges *s)
{
	return s->n ? s->r[s->n - 1].hi : TQUIC_PN_NONE;
}

/*
 * Stop reporting packet numbers below @pn, typically once the peer has
 * acknowledged an ACK frame whose smallest range started there (RFC 9000
 * section 13.2.4).
 */
void tquic_ack_ranges_forget_below(struct tquic_ack_ranges *s, u64 pn)
{
	unsigned int i = 0;

	while (i < s->n && s->r[i].hi < pn)
		i++;
	memmove(&s->r[0], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->n -= i;
	if (s->n && s->r[0].lo < pn)
		s->r[0].lo = pn;
}

static bool ack_type_valid(u64 type)
{
	return type == TQUIC_FT_ACK || type == TQUIC_FT_ACK_ECN ||
	       type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN;
}

static bool ack_type_path(u64 type)
{
	return type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN;
}

static bool ack_type_ecn(u64 type)
{
	return type == TQUIC_FT_ACK_ECN || type == TQUIC_FT_PATH_ACK_ECN;
}

/* Gap and length of the range below r[i + 1], as an ACK frame encodes them. */
static void range_pair(const struct tquic_ack_ranges *s, unsigned int i,
		       u64 *gap, u64 *len)
{
	*gap = s->r[i + 1].lo - s->r[i].hi - 2;
	*len = s->r[i].hi - s->r[i].lo;
}

static int write_fields(struct tquic_wr *w, const struct tquic_ack_info *info,
			u64 largest, u64 delay, u64 count, u64 first_range)
{
	int err;

	err = tquic_wr_varint(w, info->type);
	if (!err && ack_type_path(info->type))
		err = tquic_wr_varint(w, info->path_id);
	return err ?: tquic_wr_varint(w, largest) ?:
	       tquic_wr_varint(w, delay) ?:
	       tquic_wr_varint(w, count) ?:
	       tquic_wr_varint(w, first_range);
}

/*
 * Write the ACK frame (of type info->type) reporting @s into @buf. When not
 * every range fits in @len, the lowest ones are left out: the largest
 * packet numbers matter most to the sender's loss detection. Returns the
 * bytes written, -EMSGSIZE if not even the largest range fits, -EINVAL for
 * an empty set or bad @info.
 */
int tquic_ack_ranges_write(const struct tquic_ack_ranges *s,
			   const struct tquic_ack_info *info, u8 *buf,
			   size_t len)
{
	const struct tquic_ack_range *top;
	size_t fixed, room, sz;
	unsigned int i, count;
	u64 delay, gap, rlen;
	struct tquic_wr w;
	int err;

	if (!s->n || !ack_type_valid(info->type) ||
	    info->delay_exponent > TQUIC_ACK_DELAY_EXPONENT_MAX)
		return -EINVAL;
	if (len > TQUIC_MAX_PACKET_LEN)
		len = TQUIC_MAX_PACKET_LEN;
	top = &s->r[s->n - 1];
	delay = info->delay_us >> info->delay_exponent;
	if (delay > TQUIC_VARINT_MAX)
		delay = TQUIC_VARINT_MAX;

	/* The count is sized for every range: never smaller than needed. */
	fixed = tquic_varint_size(info->type) +
		tquic_varint_size(top->hi) + tquic_varint_size(delay) +
		tquic_varint_size(s->n - 1) +
		tquic_varint_size(top->hi - top->lo);
	if (ack_type_path(info->type))
		fixed += tquic_varint_size(info->path_id);
	if (ack_type_ecn(info->type))
		fixed += tquic_varint_size(info->ect0) +
			 tquic_varint_size(info->ect1) +
			 tquic_varint_size(info->ce);
	if (fixed > len)
		return -EMSGSIZE;

	room = len - fixed;
	count = 0;
	for (i = s->n - 1; i-- > 0; count++) {
		range_pair(s, i, &gap, &rlen);
		sz = tquic_varint_size(gap) + tquic_varint_size(rlen);
		if (sz > room)
			break;
		room -= sz;
	}

	tquic_wr_init(&w, buf, len);
	err = write_fields(&w, info, top->hi, delay, count, top->hi - top->lo);
	for (i = s->n - 1; !err && count--; ) {
		range_pair(s, --i, &gap, &rlen);
		err = tquic_wr_varint(&w, gap) ?: tquic_wr_varint(&w, rlen);
	}
	if (!err && ack_type_ecn(info->type))
		err = tquic_wr_varint(&w, info->ect0) ?:
		      tquic_wr_varint(&w, info->ect1) ?:
		      tquic_wr_varint(&w, info->ce);
	return err ?: w.p - buf;
}

int tquic_ack_iter_init(struct tquic_ack_iter *it,
			const struct tquic_ack_frame *ack)
{
	if (ack->largest > TQUIC_PN_MAX || ack->first_range > ack->largest)
		return -EINVAL;
	tquic_rd_init(&it->rd, ack->ranges, ack->ranges_len);
	it->left = ack->range_count;
	it->first_hi = ack->largest;
	it->first_lo = ack->largest - ack->first_range;
	it->lo = it->first_lo;
	it->started = false;
	return 0;
}

/*
 * Next acknowledged range [*lo, *hi], from the largest down. Returns 1 with
 * a range, 0 after the last, -EINVAL when the frame is truncated or a Gap
 * or ACK Range Length would take the range below packet number 0: the
 * subtractions are checked before they are made, so nothing wraps.
 */
int tquic_ack_iter_next(struct tquic_ack_iter *it, u64 *lo, u64 *hi)
{
	u64 gap, len, next_hi;

	if (!it->started) {
		it->started = true;
		*hi = it->first_hi;
		*lo = it->first_lo;
		return 1;
	}
	if (!it->left)
		return 0;
	if (tquic_rd_varint(&it->rd, &gap) || tquic_rd_varint(&it->rd, &len))
		return -EINVAL;
	/* next_hi = lo - gap - 2: one unacknowledged number at least between */
	if (it->lo < 2 || gap > it->lo - 2)
		return -EINVAL;
	next_hi = it->lo - 2 - gap;
	if (len > next_hi)
		return -EINVAL;
	it->lo = next_hi - len;
	it->left--;
	*hi = next_hi;
	*lo = it->lo;
	return 1;
}
