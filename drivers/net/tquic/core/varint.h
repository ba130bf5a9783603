/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QUIC variable-length integers (RFC 9000 section 16) and the bounded
 * cursors the packet and frame codecs read and write with.
 *
 * The two top bits of the first byte give the length (1, 2, 4 or 8 bytes),
 * the other bits hold the value in network byte order, so the largest value
 * is 2^62 - 1. Values may use a longer encoding than needed (frame types may
 * not: frame.c checks that itself).
 *
 * Error convention of the whole protocol core: input that is short or
 * malformed gives -EINVAL; an output buffer that is too small gives
 * -EMSGSIZE.
 */
#ifndef _TQUIC_VARINT_H
#define _TQUIC_VARINT_H

#include "proto.h"

#define TQUIC_VARINT_MAX	((1ULL << 62) - 1)
#define TQUIC_VARINT_MAX_LEN	8

/* Bytes of the shortest encoding of @v; 0 if @v cannot be encoded. */
static inline unsigned int tquic_varint_size(u64 v)
{
	if (v < (1ULL << 6))
		return 1;
	if (v < (1ULL << 14))
		return 2;
	if (v < (1ULL << 30))
		return 4;
	if (v <= TQUIC_VARINT_MAX)
		return 8;
	return 0;
}

/*
 * Write @v in exactly @n bytes (1, 2, 4 or 8). A fixed width lets a caller
 * reserve a field, such as a long header's Length, before it knows the value.
 * Returns @n, -EINVAL if @v does not fit in @n bytes, -EMSGSIZE if @len < @n.
 */
static inline int tquic_varint_encode_n(u8 *buf, size_t len, u64 v,
					unsigned int n)
{
	unsigned int i, prefix;

	switch (n) {
	case 1:
		prefix = 0;
		break;
	case 2:
		prefix = 1;
		break;
	case 4:
		prefix = 2;
		break;
	case 8:
		prefix = 3;
		break;
	default:
		return -EINVAL;
	}
	if (v > TQUIC_VARINT_MAX || tquic_varint_size(v) > n)
		return -EINVAL;
	if (len < n)
		return -EMSGSIZE;
	for (i = n; i-- > 0; v >>= 8)
		buf[i] = v & 0xff;
	buf[0] |= prefix << 6;
	return n;
}

/* Write @v in its shortest encoding; returns the bytes written. */
static inline int tquic_varint_encode(u8 *buf, size_t len, u64 v)
{
	unsigned int n = tquic_varint_size(v);

	if (!n)
		return -EINVAL;
	return tquic_varint_encode_n(buf, len, v, n);
}

/* Read one varint from @buf; returns the bytes it took or -EINVAL. */
static inline int tquic_varint_decode(const u8 *buf, size_t len, u64 *v)
{
	unsigned int i, n;
	u64 x;

	if (unlikely(!len))
		return -EINVAL;
	n = 1U << (buf[0] >> 6);
	if (unlikely(len < n))
		return -EINVAL;
	x = buf[0] & 0x3f;
	for (i = 1; i < n; i++)
		x = (x << 8) | buf[i];
	*v = x;
	return n;
}

/*
 * Read cursor: every read checks the bytes left, so a codec built on it
 * cannot run past the end of its input whatever lengths the input claims.
 */
struct tquic_rd {
	const u8 *p;
	const u8 *end;
};

static inline void tquic_rd_init(struct tquic_rd *r, const u8 *buf, size_t len)
{
	r->p = buf;
	r->end = len ? buf + len : buf;	/* no arithmetic on a NULL buf */
}

static inline size_t tquic_rd_left(const struct tquic_rd *r)
{
	return r->end - r->p;
}

static inline int tquic_rd_varint(struct tquic_rd *r, u64 *v)
{
	int n = tquic_varint_decode(r->p, tquic_rd_left(r), v);

	if (n > 0)
		r->p += n;
	return n < 0 ? n : 0;
}

static inline int tquic_rd_u8(struct tquic_rd *r, u8 *v)
{
	if (unlikely(r->p == r->end))
		return -EINVAL;
	*v = *r->p++;
	return 0;
}

static inline int tquic_rd_u32(struct tquic_rd *r, u32 *v)
{
	if (unlikely(tquic_rd_left(r) < 4))
		return -EINVAL;
	*v = (u32)r->p[0] << 24 | (u32)r->p[1] << 16 | (u32)r->p[2] << 8 |
	     r->p[3];
	r->p += 4;
	return 0;
}

/* Take @n bytes in place: *@out points into the input. */
static inline int tquic_rd_take(struct tquic_rd *r, u64 n, const u8 **out)
{
	if (unlikely(n > tquic_rd_left(r)))
		return -EINVAL;
	*out = r->p;
	r->p += n;
	return 0;
}

/* Write cursor: fails with -EMSGSIZE instead of writing past @end. */
struct tquic_wr {
	u8 *p;
	u8 *end;
};

static inline void tquic_wr_init(struct tquic_wr *w, u8 *buf, size_t len)
{
	w->p = buf;
	w->end = len ? buf + len : buf;
}

static inline int tquic_wr_varint(struct tquic_wr *w, u64 v)
{
	int n = tquic_varint_encode(w->p, w->end - w->p, v);

	if (n > 0)
		w->p += n;
	return n < 0 ? n : 0;
}

static inline int tquic_wr_u8(struct tquic_wr *w, u8 v)
{
	if (unlikely(w->p == w->end))
		return -EMSGSIZE;
	*w->p++ = v;
	return 0;
}

static inline int tquic_wr_u32(struct tquic_wr *w, u32 v)
{
	if (unlikely(w->end - w->p < 4))
		return -EMSGSIZE;
	w->p[0] = v >> 24;
	w->p[1] = v >> 16;
	w->p[2] = v >> 8;
	w->p[3] = v;
	w->p += 4;
	return 0;
}

static inline int tquic_wr_bytes(struct tquic_wr *w, const void *src, size_t n)
{
	if (unlikely((size_t)(w->end - w->p) < n))
		return -EMSGSIZE;
	if (n)
		memcpy(w->p, src, n);
	w->p += n;
	return 0;
}

#endif /* _TQUIC_VARINT_H */
