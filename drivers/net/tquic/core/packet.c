// SPDX-License-Identifier: GPL-2.0
/*
 * QUIC packet headers and packet number encoding (RFC 9000 section 17 and
 * appendix A). Pure code shared with the userspace tests: see proto.h.
 */
#include "proto.h"
#include "packet.h"
#include "varint.h"

/* Long header Length fields are written at least this wide (see build). */
#define LENGTH_FIELD_MIN	2

static void put_pn(u8 *p, u64 pn, unsigned int pn_len)
{
	while (pn_len--) {
		p[pn_len] = pn & 0xff;
		pn >>= 8;
	}
}

static u32 get_pn(const u8 *p, unsigned int pn_len)
{
	u32 v = 0;

	while (pn_len--)
		v = v << 8 | *p++;
	return v;
}

static bool pn_len_valid(unsigned int pn_len)
{
	return pn_len >= 1 && pn_len <= TQUIC_PN_MAX_LEN;
}

/* Returns the header length; the packet number starts at TQUIC_SHORT_PN_OFFSET. */
int tquic_short_hdr_build(u8 *buf, size_t len, const u8 *dcid, bool key_phase,
			  u64 pn, unsigned int pn_len)
{
	if (!pn_len_valid(pn_len) || pn > TQUIC_PN_MAX)
		return -EINVAL;
	if (len < TQUIC_SHORT_PN_OFFSET + pn_len)
		return -EMSGSIZE;
	/* The spin bit stays 0: we do not take part in latency spinning. */
	buf[0] = TQUIC_HDR_FIXED | (key_phase ? TQUIC_HDR_KEY_PHASE : 0) |
		 (pn_len - 1);
	memcpy(buf + 1, dcid, TQUIC_CID_LEN);
	put_pn(buf + TQUIC_SHORT_PN_OFFSET, pn, pn_len);
	return TQUIC_SHORT_PN_OFFSET + pn_len;
}

/*
 * A packet too short to give a header protection sample is refused here, so
 * that neither header protection nor _unprotected() can read past its end.
 */
int tquic_short_hdr_parse(const u8 *pkt, size_t len, struct tquic_short_hdr *h)
{
	if (len < TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN)
		return -EINVAL;
	if ((pkt[0] & (TQUIC_HDR_LONG | TQUIC_HDR_FIXED)) != TQUIC_HDR_FIXED)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	h->dcid = pkt + 1;
	h->pn_offset = TQUIC_SHORT_PN_OFFSET;
	return 0;
}

/*
 * Call with header protection removed. Returns the payload offset. Non-zero
 * reserved bits are only reported (h->reserved): RFC 9000 section 17.3.1 makes
 * them a connection error only once the packet has been authenticated, so
 * the caller checks them after AEAD decryption succeeds.
 */
int tquic_short_hdr_unprotected(const u8 *pkt, size_t len,
				struct tquic_short_hdr *h)
{
	unsigned int pn_len;

	if (len < h->pn_offset + TQUIC_PN_MAX_LEN || !h->pn_offset)
		return -EINVAL;
	pn_len = (pkt[0] & TQUIC_HDR_PN_LEN_MASK) + 1;
	h->pn_len = pn_len;
	h->key_phase = pkt[0] & TQUIC_HDR_KEY_PHASE;
	h->spin = pkt[0] & TQUIC_HDR_SPIN;
	h->reserved = pkt[0] & TQUIC_HDR_SHORT_RESERVED;
	h->truncated_pn = get_pn(pkt + h->pn_offset, pn_len);
	return h->pn_offset + pn_len;
}

static int read_cid(struct tquic_rd *r, const u8 **cid, u8 *cid_len)
{
	/*
	 * RFC 8999 allows 255 bytes for other versions; we only ever need to
	 * answer our own version, so anything over 20 is dropped.
	 */
	if (tquic_rd_u8(r, cid_len) || *cid_len > TQUIC_MAX_CID_LEN)
		return -EINVAL;
	return tquic_rd_take(r, *cid_len, cid);
}

static int parse_vn(struct tquic_rd *r, size_t len, struct tquic_long_hdr *h)
{
	size_t left = tquic_rd_left(r);

	if (!left || left % 4)
		return -EINVAL;
	h->type = TQUIC_PKT_VERSION_NEG;
	h->versions = r->p;
	h->nr_versions = left / 4;
	h->packet_len = len;
	return 0;
}

/* Retry runs to the end of the datagram and ends with its integrity tag. */
static int parse_retry(struct tquic_rd *r, size_t len, struct tquic_long_hdr *h)
{
	size_t left = tquic_rd_left(r);

	/* RFC 9000 section 17.2.5.2: a Retry without a token is discarded. */
	if (left <= TQUIC_RETRY_TAG_LEN)
		return -EINVAL;
	h->token = r->p;
	h->token_len = left - TQUIC_RETRY_TAG_LEN;
	h->packet_len = len;
	return 0;
}

/*
 * Parse a long header before header protection is removed. Returns 0 with
 * the packet's extent in h->packet_len (several packets may share a
 * datagram), -EPROTONOSUPPORT for a version other than ours and Version
 * Negotiation (h->version and the connection IDs are then valid, so that a
 * server can answer with Version Negotiation), -EINVAL if malformed.
 */
int tquic_long_hdr_parse(const u8 *pkt, size_t len, struct tquic_long_hdr *h)
{
	struct tquic_rd r;
	u64 token_len;
	u8 first;

	memset(h, 0, sizeof(*h));
	tquic_rd_init(&r, pkt, len);
	if (tquic_rd_u8(&r, &first) || !(first & TQUIC_HDR_LONG) ||
	    tquic_rd_u32(&r, &h->version) ||
	    read_cid(&r, &h->dcid, &h->dcid_len) ||
	    read_cid(&r, &h->scid, &h->scid_len))
		return -EINVAL;
	if (h->version == TQUIC_VERSION_NEG)
		return parse_vn(&r, len, h);
	if (h->version != TQUIC_VERSION)
		return -EPROTONOSUPPORT;
	if (!(first & TQUIC_HDR_FIXED))
		return -EINVAL;

	h->type = (first >> TQUIC_HDR_LONG_TYPE_SHIFT) & 3;
	if (h->type == TQUIC_PKT_RETRY)
		return parse_retry(&r, len, h);
	if (h->type == TQUIC_PKT_INITIAL) {
		if (tquic_rd_varint(&r, &token_len) ||
		    tquic_rd_take(&r, token_len, &h->token))
			return -EINVAL;
		h->token_len = token_len;
	}
	if (tquic_rd_varint(&r, &h->length))
		return -EINVAL;
	if (h->length < TQUIC_PKT_MIN_AFTER_PN || h->length > tquic_rd_left(&r))
		return -EINVAL;
	h->pn_offset = r.p - pkt;
	h->packet_len = h->pn_offset + h->length;
	return 0;
}

/*
 * Call with header protection removed from an Initial, 0-RTT or Handshake
 * packet. Returns the payload offset; the payload ends at h->packet_len.
 * h->reserved is for the caller to check after decryption, as for short
 * headers.
 */
int tquic_long_hdr_unprotected(const u8 *pkt, struct tquic_long_hdr *h)
{
	unsigned int pn_len;

	if (h->type >= TQUIC_PKT_RETRY || h->length < TQUIC_PKT_MIN_AFTER_PN)
		return -EINVAL;
	pn_len = (pkt[0] & TQUIC_HDR_PN_LEN_MASK) + 1;
	h->pn_len = pn_len;
	h->reserved = pkt[0] & TQUIC_HDR_LONG_RESERVED;
	h->truncated_pn = get_pn(pkt + h->pn_offset, pn_len);
	return h->pn_offset + pn_len;
}

static int check_long_build(const struct tquic_long_hdr *h, u64 pn,
			    unsigned int pn_len)
{
	if (h->dcid_len > TQUIC_MAX_CID_LEN || h->scid_len > TQUIC_MAX_CID_LEN)
		return -EINVAL;
	switch (h->type) {
	case TQUIC_PKT_RETRY:
		return h->token_len ? 0 : -EINVAL;
	case TQUIC_PKT_INITIAL:
	case TQUIC_PKT_0RTT:
	case TQUIC_PKT_HANDSHAKE:
		if (!pn_len_valid(pn_len) || pn > TQUIC_PN_MAX)
			return -EINVAL;
		/* The receiver would drop it: no header protection sample. */
		if (h->length < TQUIC_PKT_MIN_AFTER_PN)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Build an Initial, 0-RTT, Handshake or Retry header from h->type, version,
 * connection IDs, token and (not for Retry) length. Returns the header
 * length, which ends with the packet number; for Retry it ends with the
 * token and the caller appends the integrity tag. The Length field is
 * written at least 2 bytes wide, so its offset does not depend on its value
 * and a caller may rewrite it (tquic_varint_encode_n()) once the payload is
 * known: it sits just before the packet number.
 */
int tquic_long_hdr_build(u8 *buf, size_t len, const struct tquic_long_hdr *h,
			 u64 pn, unsigned int pn_len)
{
	unsigned int lsize;
	struct tquic_wr w;
	int err;

	err = check_long_build(h, pn, pn_len);
	if (err)
		return err;
	if (len > TQUIC_MAX_PACKET_LEN)
		len = TQUIC_MAX_PACKET_LEN;
	tquic_wr_init(&w, buf, len);
	err = tquic_wr_u8(&w, TQUIC_HDR_LONG | TQUIC_HDR_FIXED |
			  h->type << TQUIC_HDR_LONG_TYPE_SHIFT |
			  (h->type == TQUIC_PKT_RETRY ? 0 : pn_len - 1)) ?:
	      tquic_wr_u32(&w, h->version) ?:
	      tquic_wr_u8(&w, h->dcid_len) ?:
	      tquic_wr_bytes(&w, h->dcid, h->dcid_len) ?:
	      tquic_wr_u8(&w, h->scid_len) ?:
	      tquic_wr_bytes(&w, h->scid, h->scid_len);
	if (!err && h->type == TQUIC_PKT_INITIAL)
		err = tquic_wr_varint(&w, h->token_len);
	if (!err && (h->type == TQUIC_PKT_INITIAL || h->type == TQUIC_PKT_RETRY))
		err = tquic_wr_bytes(&w, h->token, h->token_len);
	if (err || h->type == TQUIC_PKT_RETRY)
		return err ?: w.p - buf;

	lsize = tquic_varint_size(h->length);
	if (lsize < LENGTH_FIELD_MIN)
		lsize = LENGTH_FIELD_MIN;
	err = tquic_varint_encode_n(w.p, w.end - w.p, h->length, lsize);
	if (err < 0)
		return err;
	w.p += lsize;
	if ((size_t)(w.end - w.p) < pn_len)
		return -EMSGSIZE;
	put_pn(w.p, pn, pn_len);
	return w.p + pn_len - buf;
}

/*
 * Version Negotiation (RFC 9000 section 17.2.1): @unused fills the seven
 * bits after the header form bit (the server should make them random), and
 * the connection IDs are the client's, swapped.
 */
int tquic_vn_build(u8 *buf, size_t len, u8 unused, const u8 *dcid, u8 dcid_len,
		   const u8 *scid, u8 scid_len, const u32 *versions,
		   unsigned int nr_versions)
{
	struct tquic_wr w;
	unsigned int i;
	int err;

	if (dcid_len > TQUIC_MAX_CID_LEN || scid_len > TQUIC_MAX_CID_LEN ||
	    !nr_versions)
		return -EINVAL;
	if (len > TQUIC_MAX_PACKET_LEN)
		len = TQUIC_MAX_PACKET_LEN;
	tquic_wr_init(&w, buf, len);
	err = tquic_wr_u8(&w, TQUIC_HDR_LONG | (unused & ~TQUIC_HDR_LONG)) ?:
	      tquic_wr_u32(&w, TQUIC_VERSION_NEG) ?:
	      tquic_wr_u8(&w, dcid_len) ?:
	      tquic_wr_bytes(&w, dcid, dcid_len) ?:
	      tquic_wr_u8(&w, scid_len) ?:
	      tquic_wr_bytes(&w, scid, scid_len);
	for (i = 0; !err && i < nr_versions; i++)
		err = tquic_wr_u32(&w, versions[i]);
	return err ?: w.p - buf;
}

/* Does a parsed Version Negotiation packet list @version? */
bool tquic_vn_lists(const struct tquic_long_hdr *h, u32 version)
{
	struct tquic_rd r;
	unsigned int i;
	u32 v;

	if (h->type != TQUIC_PKT_VERSION_NEG)
		return false;
	tquic_rd_init(&r, h->versions, (size_t)h->nr_versions * 4);
	for (i = 0; i < h->nr_versions; i++)
		if (!tquic_rd_u32(&r, &v) && v == version)
			return true;
	return false;
}

/*
 * Packet number length for sending @pn (RFC 9000 section 17.1 and A.2): wide
 * enough to cover twice the range of packets in flight, so the receiver
 * decodes it right even if it saw none of them. @largest_acked is
 * TQUIC_PN_NONE before the first acknowledgment.
 */
unsigned int tquic_pn_encode_len(u64 pn, u64 largest_acked)
{
	unsigned int n;
	u64 unacked;

	if (largest_acked == TQUIC_PN_NONE)
		unacked = pn + 1;
	else if (pn > largest_acked)
		unacked = pn - largest_acked;
	else
		return TQUIC_PN_MAX_LEN;	/* not a new packet: be safe */
	for (n = 1; n < TQUIC_PN_MAX_LEN; n++)
		if (unacked <= 1ULL << (8 * n - 1))
			return n;
	return TQUIC_PN_MAX_LEN;
}

/*
 * Recover the full packet number from its @pn_len low bytes (RFC 9000
 * appendix A.3): the value closest to the next expected one. @largest is
 * the largest packet number processed so far in this space, TQUIC_PN_NONE
 * if none. The comparisons are rearranged so no step can wrap.
 */
int tquic_pn_decode(u64 largest, u32 truncated, unsigned int pn_len, u64 *pn)
{
	u64 expected, win, hwin, cand;

	if (!pn_len_valid(pn_len))
		return -EINVAL;
	win = 1ULL << (8 * pn_len);
	hwin = win / 2;
	if (truncated >= win)
		return -EINVAL;
	if (largest == TQUIC_PN_NONE)
		expected = 0;
	else if (largest <= TQUIC_PN_MAX)
		expected = largest + 1;
	else
		return -EINVAL;

	cand = (expected & ~(win - 1)) | truncated;
	if (cand + hwin <= expected && cand < (1ULL << 62) - win)
		cand += win;
	else if (cand > expected + hwin && cand >= win)
		cand -= win;
	if (cand > TQUIC_PN_MAX)
		return -EINVAL;
	*pn = cand;
	return 0;
}
