// SPDX-License-Identifier: GPL-2.0
/*
 * QUIC frame codec. Pure code shared with the userspace tests: see proto.h.
 */
#include "proto.h"
#include "ackranges.h"
#include "frame.h"
#include "packet.h"
#include "varint.h"

static int rd_path_id(struct tquic_rd *r, u32 *path_id)
{
	u64 v;

	if (tquic_rd_varint(r, &v) || v > TQUIC_PATH_ID_MAX)
		return -EINVAL;
	*path_id = v;
	return 0;
}

static bool is_path_ack(u64 type)
{
	return type == TQUIC_FT_PATH_ACK || type == TQUIC_FT_PATH_ACK_ECN;
}

static bool is_ack_ecn(u64 type)
{
	return type == TQUIC_FT_ACK_ECN || type == TQUIC_FT_PATH_ACK_ECN;
}

/*
 * The ranges are walked once here, so a frame that parses can be iterated
 * later without surprises, and its extent (and the smallest acknowledged
 * packet number) is known.
 */
static int parse_ack(struct tquic_rd *r, u64 type, struct tquic_ack_frame *a)
{
	struct tquic_ack_iter it;
	u64 lo, hi;
	int err;

	a->ecn = is_ack_ecn(type);
	if (is_path_ack(type) && rd_path_id(r, &a->path_id))
		return -EINVAL;
	if (tquic_rd_varint(r, &a->largest) || tquic_rd_varint(r, &a->delay) ||
	    tquic_rd_varint(r, &a->range_count) ||
	    tquic_rd_varint(r, &a->first_range))
		return -EINVAL;
	if (a->range_count > TQUIC_ACK_FRAME_MAX_RANGES)
		return -EINVAL;
	a->ranges = r->p;
	a->ranges_len = tquic_rd_left(r);
	err = tquic_ack_iter_init(&it, a);
	while (!err && (err = tquic_ack_iter_next(&it, &lo, &hi)) > 0) {
		a->smallest = lo;
		err = 0;
	}
	if (err)
		return err;
	a->ranges_len = it.rd.p - a->ranges;
	r->p = it.rd.p;
	if (a->ecn && (tquic_rd_varint(r, &a->ect0) ||
		       tquic_rd_varint(r, &a->ect1) ||
		       tquic_rd_varint(r, &a->ce)))
		return -EINVAL;
	return 0;
}

/*
 * Our DATAGRAM payload is a tunnel sequence number followed by one inner
 * packet; a frame without even the sequence number is malformed.
 */
static int parse_datagram(struct tquic_rd *r, u64 type, struct tquic_frame *f)
{
	struct tquic_rd data;
	const u8 *p;
	u64 len;

	if (type == TQUIC_FT_DATAGRAM)
		len = tquic_rd_left(r);
	else if (tquic_rd_varint(r, &len))
		return -EINVAL;
	if (tquic_rd_take(r, len, &p))
		return -EINVAL;
	tquic_rd_init(&data, p, len);
	if (tquic_rd_varint(&data, &f->datagram.seq))
		return -EINVAL;
	f->datagram.data = data.p;
	f->datagram.len = tquic_rd_left(&data);
	return 0;
}

static int parse_close(struct tquic_rd *r, u64 type, struct tquic_frame *f)
{
	u64 len;

	if (tquic_rd_varint(r, &f->close.error))
		return -EINVAL;
	if (type == TQUIC_FT_CONNECTION_CLOSE &&
	    tquic_rd_varint(r, &f->close.frame_type))
		return -EINVAL;
	/* The reason is bounded by the packet: it is taken in place. */
	if (tquic_rd_varint(r, &len) || tquic_rd_take(r, len, &f->close.reason))
		return -EINVAL;
	f->close.reason_len = len;
	return 0;
}

static int parse_path_new_cid(struct tquic_rd *r, struct tquic_frame *f)
{
	typeof(f->path_new_cid) *c = &f->path_new_cid;
	const u8 *cid, *token;

	if (rd_path_id(r, &c->path_id) || tquic_rd_varint(r, &c->seq) ||
	    tquic_rd_varint(r, &c->retire_prior_to) ||
	    tquic_rd_u8(r, &c->cid_len))
		return -EINVAL;
	/* RFC 9000 section 19.15, which the multipath frame extends. */
	if (!c->cid_len || c->cid_len > TQUIC_FRAME_CID_MAX ||
	    c->retire_prior_to > c->seq)
		return -EINVAL;
	if (tquic_rd_take(r, c->cid_len, &cid) ||
	    tquic_rd_take(r, TQUIC_RESET_TOKEN_LEN, &token))
		return -EINVAL;
	memcpy(c->cid, cid, c->cid_len);
	memcpy(c->reset_token, token, TQUIC_RESET_TOKEN_LEN);
	return 0;
}

static int parse_body(struct tquic_rd *r, u64 type, struct tquic_frame *f)
{
	const u8 *p;

	switch (type) {
	case TQUIC_FT_PING:
		return 0;
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return parse_ack(r, type, &f->ack);
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return parse_datagram(r, type, f);
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_PATH_RESPONSE:
		if (tquic_rd_take(r, TQUIC_PATH_DATA_LEN, &p))
			return -EINVAL;
		memcpy(f->path_data.data, p, TQUIC_PATH_DATA_LEN);
		return 0;
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		return parse_close(r, type, f);
	case TQUIC_FT_PATH_ABANDON:
		return rd_path_id(r, &f->path_abandon.path_id) ?:
		       tquic_rd_varint(r, &f->path_abandon.error);
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		return rd_path_id(r, &f->path_status.path_id) ?:
		       tquic_rd_varint(r, &f->path_status.seq);
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return parse_path_new_cid(r, f);
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		return rd_path_id(r, &f->path_retire_cid.path_id) ?:
		       tquic_rd_varint(r, &f->path_retire_cid.seq);
	case TQUIC_FT_MAX_PATH_ID:
	case TQUIC_FT_PATHS_BLOCKED:
		/* Both carry a path ID limit, which must fit a path ID. */
		return rd_path_id(r, &f->max_path_id.max_path_id);
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		return rd_path_id(r, &f->path_cids_blocked.path_id) ?:
		       tquic_rd_varint(r, &f->path_cids_blocked.next_seq);
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * Parse the frame at @buf. Returns the bytes it takes: a run of PADDING is
 * one frame of padding.len bytes, and DATAGRAM type 0x30 takes all of @len.
 * Errors: -EINVAL for a truncated or malformed frame or a frame type not
 * in its shortest encoding (RFC 9000 section 12.4), -EOPNOTSUPP for a
 * frame type we do not know (f->type is set). RFC 9000 makes both a
 * connection error; the caller picks the error code.
 */
int tquic_frame_parse(const u8 *buf, size_t len, struct tquic_frame *f)
{
	struct tquic_rd r;
	size_t n;
	int err;

	memset(f, 0, sizeof(*f));
	if (!len || len > TQUIC_MAX_PACKET_LEN)
		return -EINVAL;
	if (buf[0] == TQUIC_FT_PADDING) {
		for (n = 1; n < len && !buf[n]; n++)
			;
		f->padding.len = n;
		return n;
	}
	tquic_rd_init(&r, buf, len);
	if (tquic_rd_varint(&r, &f->type) ||
	    (size_t)(r.p - buf) != tquic_varint_size(f->type))
		return -EINVAL;
	err = parse_body(&r, f->type, f);
	return err ?: r.p - buf;
}

static int wr_ack(struct tquic_wr *w, u64 type, const struct tquic_ack_frame *a)
{
	struct tquic_ack_iter it;
	u64 lo, hi;
	int err;

	/* Only write ranges that the receiver would accept. */
	err = tquic_ack_iter_init(&it, a);
	while (!err && (err = tquic_ack_iter_next(&it, &lo, &hi)) > 0)
		err = 0;
	if (err || tquic_rd_left(&it.rd) ||
	    a->range_count > TQUIC_ACK_FRAME_MAX_RANGES)
		return -EINVAL;

	err = tquic_wr_varint(w, type);
	if (!err && is_path_ack(type))
		err = tquic_wr_varint(w, a->path_id);
	err = err ?: tquic_wr_varint(w, a->largest) ?:
	      tquic_wr_varint(w, a->delay) ?:
	      tquic_wr_varint(w, a->range_count) ?:
	      tquic_wr_varint(w, a->first_range) ?:
	      tquic_wr_bytes(w, a->ranges, a->ranges_len);
	if (!err && is_ack_ecn(type))
		err = tquic_wr_varint(w, a->ect0) ?:
		      tquic_wr_varint(w, a->ect1) ?:
		      tquic_wr_varint(w, a->ce);
	return err;
}

static int wr_datagram(struct tquic_wr *w, u64 type, const struct tquic_frame *f)
{
	unsigned int seq_len = tquic_varint_size(f->datagram.seq);
	int err;

	if (!seq_len)
		return -EINVAL;
	err = tquic_wr_varint(w, type);
	if (!err && type == TQUIC_FT_DATAGRAM_LEN)
		err = tquic_wr_varint(w, seq_len + (u64)f->datagram.len);
	return err ?: tquic_wr_varint(w, f->datagram.seq) ?:
	       tquic_wr_bytes(w, f->datagram.data, f->datagram.len);
}

static int wr_close(struct tquic_wr *w, u64 type, const struct tquic_frame *f)
{
	int err;

	err = tquic_wr_varint(w, type) ?: tquic_wr_varint(w, f->close.error);
	if (!err && type == TQUIC_FT_CONNECTION_CLOSE)
		err = tquic_wr_varint(w, f->close.frame_type);
	return err ?: tquic_wr_varint(w, f->close.reason_len) ?:
	       tquic_wr_bytes(w, f->close.reason, f->close.reason_len);
}

static int wr_path_new_cid(struct tquic_wr *w, const struct tquic_frame *f)
{
	const typeof(f->path_new_cid) *c = &f->path_new_cid;

	if (!c->cid_len || c->cid_len > TQUIC_FRAME_CID_MAX ||
	    c->retire_prior_to > c->seq)
		return -EINVAL;
	return tquic_wr_varint(w, TQUIC_FT_PATH_NEW_CONNECTION_ID) ?:
	       tquic_wr_varint(w, c->path_id) ?:
	       tquic_wr_varint(w, c->seq) ?:
	       tquic_wr_varint(w, c->retire_prior_to) ?:
	       tquic_wr_u8(w, c->cid_len) ?:
	       tquic_wr_bytes(w, c->cid, c->cid_len) ?:
	       tquic_wr_bytes(w, c->reset_token, TQUIC_RESET_TOKEN_LEN);
}

/* A type and two varints: the shape of most multipath control frames. */
static int wr_2(struct tquic_wr *w, u64 type, u64 a, u64 b)
{
	return tquic_wr_varint(w, type) ?: tquic_wr_varint(w, a) ?:
	       tquic_wr_varint(w, b);
}

static int wr_body(struct tquic_wr *w, const struct tquic_frame *f)
{
	u64 type = f->type;

	switch (type) {
	case TQUIC_FT_PING:
		return tquic_wr_varint(w, type);
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
		return wr_ack(w, type, &f->ack);
	case TQUIC_FT_DATAGRAM:
	case TQUIC_FT_DATAGRAM_LEN:
		return wr_datagram(w, type, f);
	case TQUIC_FT_PATH_CHALLENGE:
	case TQUIC_FT_PATH_RESPONSE:
		return tquic_wr_varint(w, type) ?:
		       tquic_wr_bytes(w, f->path_data.data,
				      TQUIC_PATH_DATA_LEN);
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		return wr_close(w, type, f);
	case TQUIC_FT_PATH_ABANDON:
		return wr_2(w, type, f->path_abandon.path_id,
			    f->path_abandon.error);
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		return wr_2(w, type, f->path_status.path_id,
			    f->path_status.seq);
	case TQUIC_FT_PATH_NEW_CONNECTION_ID:
		return wr_path_new_cid(w, f);
	case TQUIC_FT_PATH_RETIRE_CONNECTION_ID:
		return wr_2(w, type, f->path_retire_cid.path_id,
			    f->path_retire_cid.seq);
	case TQUIC_FT_MAX_PATH_ID:
	case TQUIC_FT_PATHS_BLOCKED:
		return tquic_wr_varint(w, type) ?:
		       tquic_wr_varint(w, f->max_path_id.max_path_id);
	case TQUIC_FT_PATH_CIDS_BLOCKED:
		return wr_2(w, type, f->path_cids_blocked.path_id,
			    f->path_cids_blocked.next_seq);
	default:
		return -EINVAL;
	}
}

/*
 * Write any frame tquic_frame_parse() returns, the inverse of it: data the
 * parsed frame points to (DATAGRAM payload, reason, ACK ranges) is copied.
 * Returns the bytes written, -EMSGSIZE if @len is too small, -EINVAL for a
 * frame that could not be parsed back. Nothing is promised about @buf on
 * error.
 */
int tquic_frame_write(u8 *buf, size_t len, const struct tquic_frame *f)
{
	struct tquic_wr w;
	int err;

	if (len > TQUIC_MAX_PACKET_LEN)
		len = TQUIC_MAX_PACKET_LEN;
	if (f->type == TQUIC_FT_PADDING)
		return tquic_frame_write_padding(buf, len, f->padding.len);
	tquic_wr_init(&w, buf, len);
	err = wr_body(&w, f);
	return err ?: w.p - buf;
}

/* @n bytes of PADDING, as many frames. */
int tquic_frame_write_padding(u8 *buf, size_t len, size_t n)
{
	if (!n || n > TQUIC_MAX_PACKET_LEN)
		return -EINVAL;
	if (n > len)
		return -EMSGSIZE;
	memset(buf, TQUIC_FT_PADDING, n);
	return n;
}

int tquic_frame_write_ping(u8 *buf, size_t len)
{
	if (!len)
		return -EMSGSIZE;
	buf[0] = TQUIC_FT_PING;
	return 1;
}

/*
 * DATAGRAM (0x30) header: type and tunnel sequence number. The frame runs
 * to the end of the packet, so the caller places the inner packet right
 * after the returned header length, in place, and puts nothing after it.
 */
int tquic_frame_write_datagram_hdr(u8 *buf, size_t len, u64 seq)
{
	struct tquic_wr w;
	int err;

	tquic_wr_init(&w, buf, len);
	err = tquic_wr_varint(&w, TQUIC_FT_DATAGRAM) ?: tquic_wr_varint(&w, seq);
	return err ?: w.p - buf;
}

/* DATAGRAM with Length (0x31), for a frame that other frames follow. */
int tquic_frame_write_datagram_len_hdr(u8 *buf, size_t len, u64 seq,
				       size_t payload_len)
{
	unsigned int seq_len = tquic_varint_size(seq);
	struct tquic_wr w;
	int err;

	if (!seq_len || payload_len > TQUIC_MAX_PACKET_LEN)
		return -EINVAL;
	tquic_wr_init(&w, buf, len);
	err = tquic_wr_varint(&w, TQUIC_FT_DATAGRAM_LEN) ?:
	      tquic_wr_varint(&w, seq_len + (u64)payload_len) ?:
	      tquic_wr_varint(&w, seq);
	return err ?: w.p - buf;
}

static int write_path_data(u8 *buf, size_t len, u64 type, const u8 *data)
{
	struct tquic_frame f = { .type = type };

	memcpy(f.path_data.data, data, TQUIC_PATH_DATA_LEN);
	return tquic_frame_write(buf, len, &f);
}

int tquic_frame_write_path_challenge(u8 *buf, size_t len, const u8 *data)
{
	return write_path_data(buf, len, TQUIC_FT_PATH_CHALLENGE, data);
}

int tquic_frame_write_path_response(u8 *buf, size_t len, const u8 *data)
{
	return write_path_data(buf, len, TQUIC_FT_PATH_RESPONSE, data);
}

int tquic_frame_write_path_abandon(u8 *buf, size_t len, u32 path_id,
				   u64 error)
{
	struct tquic_frame f = {
		.type = TQUIC_FT_PATH_ABANDON,
		.path_abandon = { .path_id = path_id, .error = error },
	};

	return tquic_frame_write(buf, len, &f);
}

int tquic_frame_write_path_status(u8 *buf, size_t len, bool available,
				  u32 path_id, u64 seq)
{
	struct tquic_frame f = {
		.type = available ? TQUIC_FT_PATH_STATUS_AVAILABLE :
				    TQUIC_FT_PATH_STATUS_BACKUP,
		.path_status = { .path_id = path_id, .seq = seq },
	};

	return tquic_frame_write(buf, len, &f);
}

/* @frame_type is ignored for the application variant (0x1d). */
int tquic_frame_write_close(u8 *buf, size_t len, bool app, u64 error,
			    u64 frame_type, const u8 *reason,
			    size_t reason_len)
{
	struct tquic_frame f = {
		.type = app ? TQUIC_FT_CONNECTION_CLOSE_APP :
			      TQUIC_FT_CONNECTION_CLOSE,
		.close = {
			.error = error,
			.frame_type = frame_type,
			.reason = reason,
			.reason_len = reason_len,
		},
	};

	return tquic_frame_write(buf, len, &f);
}
