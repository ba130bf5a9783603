/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s handshake, in the construction
 * WireGuard uses, and the long-header packets that carry it (noise.c).
 *
 * Pure logic like protection.c: a backend supplies X25519, BLAKE2s and
 * ChaCha20-Poly1305 through struct tquic_noise_ops (the kernel's lib/crypto
 * in handshake.c, OpenSSL in the host tests).
 *
 * Message 1 (initiator -> responder), in a client Initial:
 *	e (32) | AEAD(s) (32 + 16) | AEAD(timestamp (12) | flags (1)) (13 + 16)
 * Message 2 (responder -> initiator), in a Handshake packet:
 *	e (32) | AEAD(empty) (16)
 * Each is followed by a 16-byte mac1 over the packet up to it, keyed with
 * the receiver's static public key, so that a receiver drops garbage
 * before any Diffie-Hellman. The sender's connection ID (the SCID of the
 * packet) is mixed into the transcript, so it cannot be swapped in flight.
 */
#ifndef _TQUIC_NOISE_H
#define _TQUIC_NOISE_H

#include "proto.h"

#define TQUIC_NOISE_KEY_LEN	32	/* X25519 keys, PSK, chaining key */
#define TQUIC_NOISE_HASH_LEN	32	/* BLAKE2s-256 */
#define TQUIC_NOISE_TAG_LEN	16	/* Poly1305 */
#define TQUIC_NOISE_MAC_LEN	16	/* mac1, Retry tag, token MAC */
#define TQUIC_NOISE_TS_LEN	12	/* TAI64N */
#define TQUIC_NOISE_CID_LEN	8	/* = TQUIC_CID_LEN */

/* Message 1's encrypted payload: timestamp, then one byte of flags. */
#define TQUIC_NOISE_PAYLOAD1_LEN	(TQUIC_NOISE_TS_LEN + 1)
#define TQUIC_NOISE_FLAG_CIPHER_MASK	0x0f	/* enum tquic_cipher */
#define TQUIC_NOISE_FLAG_KEY_PHASE	0x80	/* of the keypair it makes */

#define TQUIC_NOISE_MSG1_LEN	(TQUIC_NOISE_KEY_LEN +			\
				 TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN + \
				 TQUIC_NOISE_PAYLOAD1_LEN + TQUIC_NOISE_TAG_LEN)
#define TQUIC_NOISE_MSG2_LEN	(TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN)

/* An Initial's UDP payload is at least this long (RFC 9000 section 14.1). */
#define TQUIC_NOISE_INITIAL_MIN	1200

/* Retry token: expiry (u32, seconds, big endian), then a MAC. */
#define TQUIC_NOISE_TOKEN_LEN	(4 + TQUIC_NOISE_MAC_LEN)
/* Longest token we accept in an Initial or Retry. */
#define TQUIC_NOISE_TOKEN_MAX	64
/* How long a Retry token is good for, in seconds. */
#define TQUIC_NOISE_TOKEN_LIFE	10

/*
 * Primitives. @dh returns false if the shared secret is all zero (a
 * low-order point); @gen_private makes a random, clamped X25519 private
 * key; @blake2s is keyed when @key_len > 0 and writes @out_len (1..32)
 * bytes; @aead_open returns false if the tag does not verify (@len
 * includes the tag). Encryption and decryption may work in place.
 */
struct tquic_noise_ops {
	bool (*dh)(u8 *out, const u8 *priv, const u8 *pub);
	void (*gen_private)(u8 *priv);
	void (*blake2s)(u8 *out, size_t out_len, const u8 *in, size_t in_len,
			const u8 *key, size_t key_len);
	void (*aead_seal)(u8 *dst, const u8 *src, size_t len, const u8 *ad,
			  size_t ad_len, u64 nonce, const u8 *key);
	bool (*aead_open)(u8 *dst, const u8 *src, size_t len, const u8 *ad,
			  size_t ad_len, u64 nonce, const u8 *key);
};

/* Our static identity and what follows from it; one per device. */
struct tquic_noise_static {
	u8 priv[TQUIC_NOISE_KEY_LEN];
	u8 pub[TQUIC_NOISE_KEY_LEN];
	u8 peer_pub[TQUIC_NOISE_KEY_LEN];
	u8 psk[TQUIC_NOISE_KEY_LEN];	/* all zero: none */
	u8 ss[TQUIC_NOISE_KEY_LEN];	/* DH(priv, peer_pub), computed once */
	/* Initial hash and chaining key once the responder's key is mixed. */
	u8 h_init[TQUIC_NOISE_HASH_LEN];	/* we initiate */
	u8 h_resp[TQUIC_NOISE_HASH_LEN];	/* we respond */
	u8 ck[TQUIC_NOISE_HASH_LEN];
	struct tquic_noise_mac_keys {
		u8 mac1_rx[TQUIC_NOISE_HASH_LEN];	/* check mac1 to us */
		u8 mac1_tx[TQUIC_NOISE_HASH_LEN];	/* mac1 to the peer */
		u8 retry_rx[TQUIC_NOISE_HASH_LEN];	/* check a Retry */
		u8 retry_tx[TQUIC_NOISE_HASH_LEN];	/* tag our Retry */
	} mac;
};

/* One handshake in progress; wiped when it ends. */
struct tquic_noise_hs {
	u8 h[TQUIC_NOISE_HASH_LEN];
	u8 ck[TQUIC_NOISE_HASH_LEN];
	u8 e_priv[TQUIC_NOISE_KEY_LEN];
	u8 e_pub[TQUIC_NOISE_KEY_LEN];
	u8 remote_e[TQUIC_NOISE_KEY_LEN];
};

/* Split(): the two 1-RTT traffic secrets, from our point of view. */
struct tquic_noise_secrets {
	u8 tx[TQUIC_NOISE_KEY_LEN];
	u8 rx[TQUIC_NOISE_KEY_LEN];
};

int tquic_noise_static_init(const struct tquic_noise_ops *ops,
			    struct tquic_noise_static *st, const u8 *priv,
			    const u8 *pub, const u8 *peer_pub, const u8 *psk);

int tquic_noise_create_init(const struct tquic_noise_ops *ops,
			    const struct tquic_noise_static *st,
			    struct tquic_noise_hs *hs, const u8 *cid,
			    const u8 *ts, u8 flags, u8 *msg);
int tquic_noise_consume_init(const struct tquic_noise_ops *ops,
			     const struct tquic_noise_static *st,
			     struct tquic_noise_hs *hs, const u8 *cid,
			     const u8 *msg, u8 *ts, u8 *flags);
int tquic_noise_create_resp(const struct tquic_noise_ops *ops,
			    const struct tquic_noise_static *st,
			    struct tquic_noise_hs *hs, const u8 *cid, u8 *msg,
			    struct tquic_noise_secrets *out);
int tquic_noise_consume_resp(const struct tquic_noise_ops *ops,
			     const struct tquic_noise_static *st,
			     struct tquic_noise_hs *hs, const u8 *cid,
			     const u8 *msg, struct tquic_noise_secrets *out);

void tquic_noise_tai64n(u8 *ts, u64 sec, u32 nsec);
bool tquic_noise_ts_newer(const u8 *ts, const u8 *last);

int tquic_noise_token_make(const struct tquic_noise_ops *ops,
			   const u8 *secret, u32 expiry, const u8 *addr,
			   size_t addr_len, u16 port, u8 *token);
bool tquic_noise_token_check(const struct tquic_noise_ops *ops,
			     const u8 *secret, u32 now, const u8 *addr,
			     size_t addr_len, u16 port, const u8 *token,
			     size_t token_len);

bool tquic_noise_ct_equal(const u8 *a, const u8 *b, size_t len);

/* A handshake packet, parsed; pointers are into the packet. */
struct tquic_noise_pkt {
	u8 type;			/* enum tquic_pkt_type */
	const u8 *dcid;
	const u8 *scid;
	u8 dcid_len;
	u8 scid_len;
	const u8 *token;
	size_t token_len;
	const u8 *msg;			/* Noise message (not Retry) */
	const u8 *mac;			/* mac1, or the Retry tag */
	size_t mac_off;			/* bytes before @mac, all covered */
};

int tquic_noise_initial_build(const struct tquic_noise_ops *ops, u8 *buf,
			      size_t len, const u8 *dcid, const u8 *scid,
			      const u8 *token, size_t token_len,
			      const u8 *msg, const u8 *mac1_key, u8 *mac1);
int tquic_noise_handshake_build(const struct tquic_noise_ops *ops, u8 *buf,
				size_t len, const u8 *dcid, const u8 *scid,
				const u8 *msg, const u8 *mac1_key);
int tquic_noise_retry_build(const struct tquic_noise_ops *ops, u8 *buf,
			    size_t len, const u8 *dcid, const u8 *scid,
			    const u8 *token, size_t token_len,
			    const u8 *retry_key, const u8 *init_mac1);
int tquic_noise_pkt_parse(const u8 *pkt, size_t len,
			  struct tquic_noise_pkt *p);
bool tquic_noise_pkt_mac1_ok(const struct tquic_noise_ops *ops,
			     const u8 *pkt, const struct tquic_noise_pkt *p,
			     const u8 *mac1_key);
bool tquic_noise_retry_ok(const struct tquic_noise_ops *ops, const u8 *pkt,
			  const struct tquic_noise_pkt *p,
			  const u8 *retry_key, const u8 *init_mac1);

#endif /* _TQUIC_NOISE_H */
