/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QUIC frames: the subset tquic sends and accepts (RFC 9000, RFC 9221
 * DATAGRAM, and the multipath extension, draft-ietf-quic-multipath-21).
 *
 * Parsed frames point into the packet for variable-length data (DATAGRAM
 * payload, CONNECTION_CLOSE reason, ACK ranges): the packet must outlive
 * the struct tquic_frame.
 */
#ifndef _TQUIC_FRAME_H
#define _TQUIC_FRAME_H

#include "proto.h"

/*
 * Every frame type codepoint lives here and nowhere else. The multipath
 * ones are the values draft-ietf-quic-multipath-21 suggests; drafts -10 to
 * -17 used 0x15228cXX for the same frames.
 */
enum tquic_frame_type {
	TQUIC_FT_PADDING			= 0x00,
	TQUIC_FT_PING				= 0x01,
	TQUIC_FT_ACK				= 0x02,
	TQUIC_FT_ACK_ECN			= 0x03,
	TQUIC_FT_PATH_CHALLENGE			= 0x1a,
	TQUIC_FT_PATH_RESPONSE			= 0x1b,
	TQUIC_FT_CONNECTION_CLOSE		= 0x1c,
	TQUIC_FT_CONNECTION_CLOSE_APP		= 0x1d,
	TQUIC_FT_DATAGRAM			= 0x30,
	TQUIC_FT_DATAGRAM_LEN			= 0x31,
	TQUIC_FT_PATH_ACK			= 0x3e,
	TQUIC_FT_PATH_ACK_ECN			= 0x3f,
	TQUIC_FT_PATH_ABANDON			= 0x3e75,
	TQUIC_FT_PATH_STATUS_BACKUP		= 0x3e76,
	TQUIC_FT_PATH_STATUS_AVAILABLE		= 0x3e77,
	TQUIC_FT_PATH_NEW_CONNECTION_ID		= 0x3e78,
	TQUIC_FT_PATH_RETIRE_CONNECTION_ID	= 0x3e79,
	TQUIC_FT_MAX_PATH_ID			= 0x3e7a,
	TQUIC_FT_PATHS_BLOCKED			= 0x3e7b,
	TQUIC_FT_PATH_CIDS_BLOCKED		= 0x3e7c,
};

/* Path IDs are 32 bits: they are the top of the multipath AEAD nonce. */
#define TQUIC_PATH_ID_MAX		0xffffffffULL

/*
 * Most Gap/ACK Range pairs accepted in one ACK frame. Our sender writes at
 * most TQUIC_ACK_RANGES_MAX - 1; the cap bounds the work an ACK costs.
 */
#define TQUIC_ACK_FRAME_MAX_RANGES	64

/* RFC 9000 section 18.2: larger ack_delay_exponent values are invalid. */
#define TQUIC_ACK_DELAY_EXPONENT_MAX	20

#define TQUIC_PATH_DATA_LEN		8
#define TQUIC_RESET_TOKEN_LEN		16
#define TQUIC_FRAME_CID_MAX		20

/* ACK, ACK_ECN, PATH_ACK, PATH_ACK_ECN. */
struct tquic_ack_frame {
	u32 path_id;		/* 0 for ACK and ACK_ECN */
	bool ecn;
	u64 largest;
	u64 delay;		/* raw: see tquic_ack_delay_us() */
	u64 first_range;
	u64 range_count;	/* Gap/ACK Range pairs after the first range */
	const u8 *ranges;	/* the pairs as sent; walk with tquic_ack_iter */
	size_t ranges_len;
	u64 smallest;		/* smallest acknowledged packet number */
	u64 ect0;
	u64 ect1;
	u64 ce;
};

struct tquic_frame {
	u64 type;				/* enum tquic_frame_type */
	union {
		struct {
			size_t len;		/* run of padding bytes */
		} padding;
		struct tquic_ack_frame ack;
		struct {
			u64 seq;		/* tunnel sequence number */
			const u8 *data;		/* the inner packet */
			size_t len;
		} datagram;
		struct {
			u8 data[TQUIC_PATH_DATA_LEN];
		} path_data;			/* PATH_CHALLENGE/RESPONSE */
		struct {
			u64 error;
			u64 frame_type;		/* CONNECTION_CLOSE only */
			const u8 *reason;	/* not validated as UTF-8 */
			size_t reason_len;
		} close;
		struct {
			u32 path_id;
			u64 error;
		} path_abandon;
		struct {
			u32 path_id;
			u64 seq;
		} path_status;			/* PATH_STATUS_BACKUP/AVAILABLE */
		struct {
			u32 path_id;
			u8 cid_len;
			u64 seq;
			u64 retire_prior_to;
			u8 cid[TQUIC_FRAME_CID_MAX];
			u8 reset_token[TQUIC_RESET_TOKEN_LEN];
		} path_new_cid;
		struct {
			u32 path_id;
			u64 seq;
		} path_retire_cid;
		struct {
			u32 max_path_id;
		} max_path_id;			/* MAX_PATH_ID, PATHS_BLOCKED */
		struct {
			u32 path_id;
			u64 next_seq;
		} path_cids_blocked;
	};
};

/* Peer's ACK Delay field in microseconds, saturating instead of wrapping. */
static inline u64 tquic_ack_delay_us(u64 raw, unsigned int exponent)
{
	if (exponent > TQUIC_ACK_DELAY_EXPONENT_MAX)
		exponent = TQUIC_ACK_DELAY_EXPONENT_MAX;
	if (raw > (~0ULL >> exponent))
		return ~0ULL;
	return raw << exponent;
}

/* RFC 9000 section 13.2.1: ACK, PADDING and CONNECTION_CLOSE are not. */
static inline bool tquic_frame_ack_eliciting(u64 type)
{
	switch (type) {
	case TQUIC_FT_PADDING:
	case TQUIC_FT_ACK:
	case TQUIC_FT_ACK_ECN:
	case TQUIC_FT_PATH_ACK:
	case TQUIC_FT_PATH_ACK_ECN:
	case TQUIC_FT_CONNECTION_CLOSE:
	case TQUIC_FT_CONNECTION_CLOSE_APP:
		return false;
	default:
		return true;
	}
}

int tquic_frame_parse(const u8 *buf, size_t len, struct tquic_frame *f);
int tquic_frame_write(u8 *buf, size_t len, const struct tquic_frame *f);

int tquic_frame_write_padding(u8 *buf, size_t len, size_t n);
int tquic_frame_write_ping(u8 *buf, size_t len);
int tquic_frame_write_datagram_hdr(u8 *buf, size_t len, u64 seq);
int tquic_frame_write_datagram_len_hdr(u8 *buf, size_t len, u64 seq,
				       size_t payload_len);
int tquic_frame_write_path_challenge(u8 *buf, size_t len, const u8 *data);
int tquic_frame_write_path_response(u8 *buf, size_t len, const u8 *data);
int tquic_frame_write_path_abandon(u8 *buf, size_t len, u32 path_id,
				   u64 error);
int tquic_frame_write_path_status(u8 *buf, size_t len, bool available,
				  u32 path_id, u64 seq);
int tquic_frame_write_close(u8 *buf, size_t len, bool app, u64 error,
			    u64 frame_type, const u8 *reason,
			    size_t reason_len);

#endif /* _TQUIC_FRAME_H */
