/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QUIC packet headers (RFC 9000 section 17) and packet numbers.
 *
 * Header parsing happens in two steps because header protection (RFC 9001
 * section 5.4) hides the low bits of the first byte and the packet number:
 * *_parse() finds the connection IDs and the packet number offset on the
 * protected packet, the caller removes header protection, then
 * *_unprotected() reads the packet number length and the truncated packet
 * number.
 */
#ifndef _TQUIC_PACKET_H
#define _TQUIC_PACKET_H

#include "proto.h"

/*
 * Our version number: "TQ", protocol revision 1. Each byte's low nibble is
 * not 0xa, so it is not a reserved greasing version (0x?a?a?a?a): a packet
 * analyser shows it as an unknown version rather than treating it as a
 * request to negotiate.
 */
#define TQUIC_VERSION		0x54510001U
#define TQUIC_VERSION_NEG	0x00000000U

/* Our connection IDs; a short header has no length field for them. */
#define TQUIC_CID_LEN		8
/*
 * A keypair's CIDs share their first bytes (what a receiver looks the
 * keypair up by); the last four carry the path ID, masked by the base CID
 * the handshake agreed on, so every path has its own CID without a
 * NEW_CONNECTION_ID exchange.
 */
#define TQUIC_CID_KEY_LEN	4
/* Longest connection ID a version 1 long header may carry. */
#define TQUIC_MAX_CID_LEN	20

/* A QUIC packet never exceeds a UDP payload. */
#define TQUIC_MAX_PACKET_LEN	65535

/* Packet numbers are 62 bits; TQUIC_PN_NONE stands for "none yet". */
#define TQUIC_PN_MAX		((1ULL << 62) - 1)
#define TQUIC_PN_NONE		(~0ULL)
#define TQUIC_PN_MAX_LEN	4

/*
 * Header protection samples 16 bytes starting 4 bytes after the start of the
 * packet number, whatever its real length (RFC 9001 section 5.4.2).
 */
#define TQUIC_PKT_SAMPLE_LEN	16
#define TQUIC_PKT_MIN_AFTER_PN	(TQUIC_PN_MAX_LEN + TQUIC_PKT_SAMPLE_LEN)

#define TQUIC_RETRY_TAG_LEN	16

/* First byte. */
#define TQUIC_HDR_LONG		0x80
#define TQUIC_HDR_FIXED		0x40
#define TQUIC_HDR_SPIN		0x20
#define TQUIC_HDR_KEY_PHASE	0x04
#define TQUIC_HDR_PN_LEN_MASK	0x03
#define TQUIC_HDR_SHORT_RESERVED	0x18
#define TQUIC_HDR_LONG_RESERVED	0x0c
#define TQUIC_HDR_LONG_TYPE_SHIFT	4
/* Bits of the first byte that header protection masks. */
#define TQUIC_HDR_SHORT_PROTECTED	0x1f
#define TQUIC_HDR_LONG_PROTECTED	0x0f

#define TQUIC_SHORT_PN_OFFSET	(1 + TQUIC_CID_LEN)

enum tquic_pkt_type {
	TQUIC_PKT_INITIAL = 0,
	TQUIC_PKT_0RTT = 1,
	TQUIC_PKT_HANDSHAKE = 2,
	TQUIC_PKT_RETRY = 3,
	TQUIC_PKT_VERSION_NEG = 4,	/* not a type field value */
};

struct tquic_short_hdr {
	const u8 *dcid;			/* TQUIC_CID_LEN bytes, in the packet */
	size_t pn_offset;
	/* Valid after tquic_short_hdr_unprotected(): */
	unsigned int pn_len;
	u32 truncated_pn;
	bool key_phase;
	bool spin;
	u8 reserved;			/* must be 0, see _unprotected() */
};

struct tquic_long_hdr {
	u8 type;			/* enum tquic_pkt_type */
	u8 dcid_len;
	u8 scid_len;
	u32 version;
	const u8 *dcid;
	const u8 *scid;
	const u8 *token;		/* Initial token or Retry Token */
	size_t token_len;
	u64 length;			/* Length: packet number and payload */
	size_t pn_offset;
	size_t packet_len;		/* bytes of this packet in the datagram */
	const u8 *versions;		/* Version Negotiation: 4 bytes each */
	unsigned int nr_versions;
	/* Valid after tquic_long_hdr_unprotected(): */
	unsigned int pn_len;
	u32 truncated_pn;
	u8 reserved;
};

/*
 * Protected payload bytes (ciphertext and AEAD tag) a packet needs after a
 * @pn_len byte packet number for the header protection sample to exist.
 */
static inline size_t tquic_pkt_min_payload(unsigned int pn_len)
{
	return TQUIC_PKT_MIN_AFTER_PN - pn_len;
}

static inline bool tquic_pkt_is_long(u8 first)
{
	return first & TQUIC_HDR_LONG;
}

int tquic_short_hdr_build(u8 *buf, size_t len, const u8 *dcid, bool key_phase,
			  u64 pn, unsigned int pn_len);
int tquic_short_hdr_parse(const u8 *pkt, size_t len, struct tquic_short_hdr *h);
int tquic_short_hdr_unprotected(const u8 *pkt, size_t len,
				struct tquic_short_hdr *h);

int tquic_long_hdr_build(u8 *buf, size_t len, const struct tquic_long_hdr *h,
			 u64 pn, unsigned int pn_len);
int tquic_long_hdr_parse(const u8 *pkt, size_t len, struct tquic_long_hdr *h);
int tquic_long_hdr_unprotected(const u8 *pkt, struct tquic_long_hdr *h);
int tquic_vn_build(u8 *buf, size_t len, u8 unused, const u8 *dcid, u8 dcid_len,
		   const u8 *scid, u8 scid_len, const u32 *versions,
		   unsigned int nr_versions);
bool tquic_vn_lists(const struct tquic_long_hdr *h, u32 version);

unsigned int tquic_pn_encode_len(u64 pn, u64 largest_acked);
int tquic_pn_decode(u64 largest, u32 truncated, unsigned int pn_len, u64 *pn);

/* The CID of path @path_id, from the keypair's base CID @base. */
static inline void tquic_cid_for_path(const u8 *base, u32 path_id, u8 *cid)
{
	unsigned int i;

	for (i = 0; i < TQUIC_CID_LEN; i++)
		cid[i] = base[i];
	for (i = 0; i < 4; i++)
		cid[TQUIC_CID_KEY_LEN + i] ^= (u8)(path_id >> (24 - 8 * i));
}

/* The path ID a CID of keypair @base names. */
static inline u32 tquic_cid_path(const u8 *base, const u8 *cid)
{
	u32 id = 0;
	unsigned int i;

	for (i = TQUIC_CID_KEY_LEN; i < TQUIC_CID_LEN; i++)
		id = id << 8 | (u8)(base[i] ^ cid[i]);
	return id;
}

#endif /* _TQUIC_PACKET_H */
