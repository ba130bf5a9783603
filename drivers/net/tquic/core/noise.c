// SPDX-License-Identifier: GPL-2.0
/*
 * Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s (the WireGuard construction) and
 * the long-header packets that carry it. Pure code shared with the host
 * tests: see proto.h and noise.h.
 */
#include "proto.h"
#include "noise.h"
#include "packet.h"
#include "protection.h"
#include "varint.h"

#define BLAKE2S_BLOCK	64

static const char construction[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
/* Differs from WireGuard's, so neither protocol accepts the other's. */
static const char identifier[] = "tquic v1 Noise IK over QUIC";
static const char label_mac1[8] = "mac1----";
static const char label_retry[8] = "retry---";
static const u8 basepoint[TQUIC_NOISE_KEY_LEN] = { 9 };

/* Longest input mixed into the hash: the encrypted static key. */
#define MIX_MAX		(TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN)
/* Longest HMAC input in the KDF: a previous output and a counter byte. */
#define HMAC_MAX	(TQUIC_NOISE_HASH_LEN + 1)
/* Longest Retry header: all fields at their maximum. */
#define RETRY_HDR_MAX	(1 + 4 + 2 * (1 + TQUIC_MAX_CID_LEN) + \
			 TQUIC_NOISE_TOKEN_MAX)

#define wipe(p, n)	memzero_explicit(p, n)

/* Compare secrets in time that depends only on @len. */
bool tquic_noise_ct_equal(const u8 *a, const u8 *b, size_t len)
{
	u8 d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= a[i] ^ b[i];
	return !d;
}

/* h = HASH(h || data) */
static void mix_hash(const struct tquic_noise_ops *ops, u8 *h,
		     const void *data, size_t len)
{
	u8 buf[TQUIC_NOISE_HASH_LEN + MIX_MAX];

	memcpy(buf, h, TQUIC_NOISE_HASH_LEN);
	memcpy(buf + TQUIC_NOISE_HASH_LEN, data, len);
	ops->blake2s(h, TQUIC_NOISE_HASH_LEN, buf, TQUIC_NOISE_HASH_LEN + len,
		     NULL, 0);
}

/* HMAC-BLAKE2s of at most HMAC_MAX bytes, with a 32-byte key. */
static void hmac(const struct tquic_noise_ops *ops, u8 *out, const u8 *key,
		 const u8 *data, size_t len)
{
	u8 buf[BLAKE2S_BLOCK + TQUIC_NOISE_HASH_LEN + 1];
	u8 inner[TQUIC_NOISE_HASH_LEN];
	unsigned int i;

	memset(buf, 0, BLAKE2S_BLOCK);
	memcpy(buf, key, TQUIC_NOISE_HASH_LEN);
	for (i = 0; i < BLAKE2S_BLOCK; i++)
		buf[i] ^= 0x36;
	if (len)
		memcpy(buf + BLAKE2S_BLOCK, data, len);
	ops->blake2s(inner, sizeof(inner), buf, BLAKE2S_BLOCK + len, NULL, 0);

	memset(buf, 0, BLAKE2S_BLOCK);
	memcpy(buf, key, TQUIC_NOISE_HASH_LEN);
	for (i = 0; i < BLAKE2S_BLOCK; i++)
		buf[i] ^= 0x5c;
	memcpy(buf + BLAKE2S_BLOCK, inner, sizeof(inner));
	ops->blake2s(out, TQUIC_NOISE_HASH_LEN, buf,
		     BLAKE2S_BLOCK + sizeof(inner), NULL, 0);
	wipe(buf, sizeof(buf));
	wipe(inner, sizeof(inner));
}

/*
 * HKDF with HMAC-BLAKE2s as the Noise spec and WireGuard define it: the
 * first output replaces the chaining key @ck, the others go to @k1, @k2
 * (either may be NULL).
 */
static void kdf(const struct tquic_noise_ops *ops, u8 *ck, const u8 *in,
		size_t in_len, u8 *k1, u8 *k2)
{
	u8 prk[TQUIC_NOISE_HASH_LEN];
	u8 t[TQUIC_NOISE_HASH_LEN + 1];
	u8 one = 1;

	hmac(ops, prk, ck, in, in_len);
	hmac(ops, ck, prk, &one, 1);
	if (k1) {
		memcpy(t, ck, TQUIC_NOISE_HASH_LEN);
		t[TQUIC_NOISE_HASH_LEN] = 2;
		hmac(ops, k1, prk, t, sizeof(t));
		if (k2) {
			memcpy(t, k1, TQUIC_NOISE_HASH_LEN);
			t[TQUIC_NOISE_HASH_LEN] = 3;
			hmac(ops, k2, prk, t, sizeof(t));
		}
	}
	wipe(prk, sizeof(prk));
	wipe(t, sizeof(t));
}

static void hash2(const struct tquic_noise_ops *ops, u8 *out, const void *a,
		  size_t a_len, const u8 *b, size_t b_len)
{
	u8 buf[sizeof(construction) + TQUIC_NOISE_KEY_LEN];

	memcpy(buf, a, a_len);
	memcpy(buf + a_len, b, b_len);
	ops->blake2s(out, TQUIC_NOISE_HASH_LEN, buf, a_len + b_len, NULL, 0);
}

/**
 * tquic_noise_static_init() - set up our identity and what derives from it
 * @ops: backend
 * @st: filled in
 * @priv: our X25519 private key
 * @pub: its public key
 * @peer_pub: the peer's public key
 * @psk: the pre-shared key, or NULL for none (all zero)
 *
 * Return: 0, or -EINVAL if the peer key is a low-order point.
 */
int tquic_noise_static_init(const struct tquic_noise_ops *ops,
			    struct tquic_noise_static *st, const u8 *priv,
			    const u8 *pub, const u8 *peer_pub, const u8 *psk)
{
	u8 h0[TQUIC_NOISE_HASH_LEN];

	memset(st, 0, sizeof(*st));
	memcpy(st->priv, priv, TQUIC_NOISE_KEY_LEN);
	memcpy(st->pub, pub, TQUIC_NOISE_KEY_LEN);
	memcpy(st->peer_pub, peer_pub, TQUIC_NOISE_KEY_LEN);
	if (psk)
		memcpy(st->psk, psk, TQUIC_NOISE_KEY_LEN);
	if (!ops->dh(st->ss, priv, peer_pub)) {
		wipe(st, sizeof(*st));
		return -EINVAL;
	}
	ops->blake2s(st->ck, TQUIC_NOISE_HASH_LEN, (const u8 *)construction,
		     sizeof(construction) - 1, NULL, 0);
	hash2(ops, h0, st->ck, TQUIC_NOISE_HASH_LEN, (const u8 *)identifier,
	      sizeof(identifier) - 1);
	hash2(ops, st->h_init, h0, sizeof(h0), peer_pub, TQUIC_NOISE_KEY_LEN);
	hash2(ops, st->h_resp, h0, sizeof(h0), pub, TQUIC_NOISE_KEY_LEN);
	hash2(ops, st->mac.mac1_rx, label_mac1, sizeof(label_mac1), pub,
	      TQUIC_NOISE_KEY_LEN);
	hash2(ops, st->mac.mac1_tx, label_mac1, sizeof(label_mac1), peer_pub,
	      TQUIC_NOISE_KEY_LEN);
	hash2(ops, st->mac.retry_rx, label_retry, sizeof(label_retry),
	      peer_pub, TQUIC_NOISE_KEY_LEN);
	hash2(ops, st->mac.retry_tx, label_retry, sizeof(label_retry), pub,
	      TQUIC_NOISE_KEY_LEN);
	return 0;
}

/* A fresh ephemeral key pair into @hs; "e": mixed into hash and key. */
static void make_ephemeral(const struct tquic_noise_ops *ops,
			   struct tquic_noise_hs *hs)
{
	ops->gen_private(hs->e_priv);
	/* The base point is never low order: this cannot fail. */
	ops->dh(hs->e_pub, hs->e_priv, basepoint);
	mix_hash(ops, hs->h, hs->e_pub, TQUIC_NOISE_KEY_LEN);
	kdf(ops, hs->ck, hs->e_pub, TQUIC_NOISE_KEY_LEN, NULL, NULL);
}

/* Mix DH(@priv, @pub) into @ck, optionally deriving a key @k. */
static int mix_dh(const struct tquic_noise_ops *ops, u8 *ck, const u8 *priv,
		  const u8 *pub, u8 *k)
{
	u8 dh[TQUIC_NOISE_KEY_LEN];

	if (!ops->dh(dh, priv, pub)) {
		wipe(dh, sizeof(dh));
		return -EINVAL;
	}
	kdf(ops, ck, dh, sizeof(dh), k, NULL);
	wipe(dh, sizeof(dh));
	return 0;
}

/**
 * tquic_noise_create_init() - write message 1
 * @ops: backend
 * @st: our identity
 * @hs: the handshake state, set up here; keep it for message 2
 * @cid: our connection ID, the SCID of the Initial
 * @ts: TAI64N timestamp
 * @flags: cipher and key phase (TQUIC_NOISE_FLAG_*)
 * @msg: TQUIC_NOISE_MSG1_LEN bytes out
 *
 * Return: 0 or -EINVAL (a low-order key).
 */
int tquic_noise_create_init(const struct tquic_noise_ops *ops,
			    const struct tquic_noise_static *st,
			    struct tquic_noise_hs *hs, const u8 *cid,
			    const u8 *ts, u8 flags, u8 *msg)
{
	u8 payload[TQUIC_NOISE_PAYLOAD1_LEN];
	u8 k[TQUIC_NOISE_KEY_LEN];
	u8 *p = msg;

	memset(hs, 0, sizeof(*hs));
	memcpy(hs->h, st->h_init, TQUIC_NOISE_HASH_LEN);
	memcpy(hs->ck, st->ck, TQUIC_NOISE_HASH_LEN);
	mix_hash(ops, hs->h, cid, TQUIC_NOISE_CID_LEN);

	make_ephemeral(ops, hs);
	memcpy(p, hs->e_pub, TQUIC_NOISE_KEY_LEN);
	p += TQUIC_NOISE_KEY_LEN;

	/* es, then s */
	if (mix_dh(ops, hs->ck, hs->e_priv, st->peer_pub, k))
		goto fail;
	ops->aead_seal(p, st->pub, TQUIC_NOISE_KEY_LEN, hs->h,
		       TQUIC_NOISE_HASH_LEN, 0, k);
	mix_hash(ops, hs->h, p, TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN);
	p += TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN;

	/* ss, then the payload */
	kdf(ops, hs->ck, st->ss, TQUIC_NOISE_KEY_LEN, k, NULL);
	memcpy(payload, ts, TQUIC_NOISE_TS_LEN);
	payload[TQUIC_NOISE_TS_LEN] = flags;
	ops->aead_seal(p, payload, sizeof(payload), hs->h,
		       TQUIC_NOISE_HASH_LEN, 0, k);
	mix_hash(ops, hs->h, p, sizeof(payload) + TQUIC_NOISE_TAG_LEN);
	wipe(k, sizeof(k));
	return 0;
fail:
	wipe(k, sizeof(k));
	wipe(hs, sizeof(*hs));
	return -EINVAL;
}

/**
 * tquic_noise_consume_init() - read message 1 as the responder
 * @ops: backend
 * @st: our identity
 * @hs: set up here on success, for tquic_noise_create_resp()
 * @cid: the initiator's connection ID (SCID of the Initial)
 * @msg: TQUIC_NOISE_MSG1_LEN bytes
 * @ts: its timestamp out; the caller checks that it is newer
 * @flags: its flags out
 *
 * Return: 0, or -EBADMSG if it does not decrypt or is not from our peer.
 */
int tquic_noise_consume_init(const struct tquic_noise_ops *ops,
			     const struct tquic_noise_static *st,
			     struct tquic_noise_hs *hs, const u8 *cid,
			     const u8 *msg, u8 *ts, u8 *flags)
{
	u8 payload[TQUIC_NOISE_PAYLOAD1_LEN];
	u8 spub[TQUIC_NOISE_KEY_LEN];
	u8 k[TQUIC_NOISE_KEY_LEN];
	const u8 *p = msg;
	int err = -EBADMSG;

	memset(hs, 0, sizeof(*hs));
	memcpy(hs->h, st->h_resp, TQUIC_NOISE_HASH_LEN);
	memcpy(hs->ck, st->ck, TQUIC_NOISE_HASH_LEN);
	mix_hash(ops, hs->h, cid, TQUIC_NOISE_CID_LEN);

	memcpy(hs->remote_e, p, TQUIC_NOISE_KEY_LEN);
	mix_hash(ops, hs->h, hs->remote_e, TQUIC_NOISE_KEY_LEN);
	kdf(ops, hs->ck, hs->remote_e, TQUIC_NOISE_KEY_LEN, NULL, NULL);
	p += TQUIC_NOISE_KEY_LEN;

	if (mix_dh(ops, hs->ck, st->priv, hs->remote_e, k))
		goto out;
	if (!ops->aead_open(spub, p, TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN,
			    hs->h, TQUIC_NOISE_HASH_LEN, 0, k))
		goto out;
	/* IK with one peer: any other static key is refused. */
	if (!tquic_noise_ct_equal(spub, st->peer_pub, TQUIC_NOISE_KEY_LEN))
		goto out;
	mix_hash(ops, hs->h, p, TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN);
	p += TQUIC_NOISE_KEY_LEN + TQUIC_NOISE_TAG_LEN;

	/* DH(s, rs) is the precomputed st->ss, now that rs is known. */
	kdf(ops, hs->ck, st->ss, TQUIC_NOISE_KEY_LEN, k, NULL);
	if (!ops->aead_open(payload, p, sizeof(payload) + TQUIC_NOISE_TAG_LEN,
			    hs->h, TQUIC_NOISE_HASH_LEN, 0, k))
		goto out;
	mix_hash(ops, hs->h, p, sizeof(payload) + TQUIC_NOISE_TAG_LEN);
	memcpy(ts, payload, TQUIC_NOISE_TS_LEN);
	*flags = payload[TQUIC_NOISE_TS_LEN];
	err = 0;
out:
	wipe(k, sizeof(k));
	wipe(payload, sizeof(payload));
	if (err)
		wipe(hs, sizeof(*hs));
	return err;
}

/* "psk": mix the pre-shared key, and the key that seals the payload. */
static void mix_psk(const struct tquic_noise_ops *ops,
		    const struct tquic_noise_static *st, u8 *ck, u8 *h, u8 *k)
{
	u8 tau[TQUIC_NOISE_HASH_LEN];

	kdf(ops, ck, st->psk, TQUIC_NOISE_KEY_LEN, tau, k);
	mix_hash(ops, h, tau, sizeof(tau));
	wipe(tau, sizeof(tau));
}

/* Split(): the first key is the initiator's sending key. */
static void split(const struct tquic_noise_ops *ops, u8 *ck, bool initiator,
		  struct tquic_noise_secrets *out)
{
	u8 t1[TQUIC_NOISE_KEY_LEN], t2[TQUIC_NOISE_KEY_LEN];

	kdf(ops, ck, NULL, 0, t1, NULL);
	/* kdf() put T1 in ck and T2 in t1. */
	memcpy(t2, t1, sizeof(t2));
	memcpy(t1, ck, sizeof(t1));
	memcpy(out->tx, initiator ? t1 : t2, TQUIC_NOISE_KEY_LEN);
	memcpy(out->rx, initiator ? t2 : t1, TQUIC_NOISE_KEY_LEN);
	wipe(t1, sizeof(t1));
	wipe(t2, sizeof(t2));
}

/**
 * tquic_noise_create_resp() - write message 2 and derive the keys
 * @ops: backend
 * @st: our identity
 * @hs: from tquic_noise_consume_init(); wiped here
 * @cid: our connection ID (SCID of the Handshake packet)
 * @msg: TQUIC_NOISE_MSG2_LEN bytes out
 * @out: the traffic secrets
 *
 * Return: 0 or -EINVAL (a low-order ephemeral key).
 */
int tquic_noise_create_resp(const struct tquic_noise_ops *ops,
			    const struct tquic_noise_static *st,
			    struct tquic_noise_hs *hs, const u8 *cid, u8 *msg,
			    struct tquic_noise_secrets *out)
{
	u8 k[TQUIC_NOISE_KEY_LEN];
	int err = -EINVAL;

	mix_hash(ops, hs->h, cid, TQUIC_NOISE_CID_LEN);
	make_ephemeral(ops, hs);
	memcpy(msg, hs->e_pub, TQUIC_NOISE_KEY_LEN);
	/* ee, se */
	if (mix_dh(ops, hs->ck, hs->e_priv, hs->remote_e, NULL) ||
	    mix_dh(ops, hs->ck, hs->e_priv, st->peer_pub, NULL))
		goto out;
	mix_psk(ops, st, hs->ck, hs->h, k);
	ops->aead_seal(msg + TQUIC_NOISE_KEY_LEN, msg + TQUIC_NOISE_KEY_LEN, 0,
		       hs->h, TQUIC_NOISE_HASH_LEN, 0, k);
	mix_hash(ops, hs->h, msg + TQUIC_NOISE_KEY_LEN, TQUIC_NOISE_TAG_LEN);
	split(ops, hs->ck, false, out);
	err = 0;
out:
	wipe(k, sizeof(k));
	wipe(hs, sizeof(*hs));
	return err;
}

/**
 * tquic_noise_consume_resp() - read message 2 as the initiator
 * @ops: backend
 * @st: our identity
 * @hs: from tquic_noise_create_init(); wiped on success only, so that a
 *	forged message 2 does not end the handshake
 * @cid: the responder's connection ID (SCID of the Handshake packet)
 * @msg: TQUIC_NOISE_MSG2_LEN bytes
 * @out: the traffic secrets
 *
 * Return: 0 or -EBADMSG.
 */
int tquic_noise_consume_resp(const struct tquic_noise_ops *ops,
			     const struct tquic_noise_static *st,
			     struct tquic_noise_hs *hs, const u8 *cid,
			     const u8 *msg, struct tquic_noise_secrets *out)
{
	u8 h[TQUIC_NOISE_HASH_LEN], ck[TQUIC_NOISE_HASH_LEN];
	u8 k[TQUIC_NOISE_KEY_LEN];
	u8 empty[1];
	int err = -EBADMSG;

	memcpy(h, hs->h, sizeof(h));
	memcpy(ck, hs->ck, sizeof(ck));
	mix_hash(ops, h, cid, TQUIC_NOISE_CID_LEN);
	mix_hash(ops, h, msg, TQUIC_NOISE_KEY_LEN);
	kdf(ops, ck, msg, TQUIC_NOISE_KEY_LEN, NULL, NULL);
	if (mix_dh(ops, ck, hs->e_priv, msg, NULL) ||
	    mix_dh(ops, ck, st->priv, msg, NULL))
		goto out;
	mix_psk(ops, st, ck, h, k);
	/* Nothing to decrypt: the tag alone authenticates the handshake. */
	if (!ops->aead_open(empty, msg + TQUIC_NOISE_KEY_LEN, TQUIC_NOISE_TAG_LEN,
			    h, sizeof(h), 0, k))
		goto out;
	split(ops, ck, true, out);
	wipe(hs, sizeof(*hs));
	err = 0;
out:
	wipe(h, sizeof(h));
	wipe(ck, sizeof(ck));
	wipe(k, sizeof(k));
	return err;
}

/* TAI64N: seconds since 1970 + 2^62, then nanoseconds, big endian. */
void tquic_noise_tai64n(u8 *ts, u64 sec, u32 nsec)
{
	u64 s = sec + (1ULL << 62);
	int i;

	for (i = 7; i >= 0; i--, s >>= 8)
		ts[i] = s & 0xff;
	for (i = 11; i >= 8; i--, nsec >>= 8)
		ts[i] = nsec & 0xff;
}

/* Big endian throughout, so byte order is time order. */
bool tquic_noise_ts_newer(const u8 *ts, const u8 *last)
{
	return memcmp(ts, last, TQUIC_NOISE_TS_LEN) > 0;
}

static void token_mac(const struct tquic_noise_ops *ops, const u8 *secret,
		      u32 expiry, const u8 *addr, size_t addr_len, u16 port,
		      u8 *mac)
{
	u8 buf[4 + 2 + 1 + 16];

	buf[0] = expiry >> 24;
	buf[1] = expiry >> 16;
	buf[2] = expiry >> 8;
	buf[3] = expiry;
	buf[4] = port >> 8;
	buf[5] = port;
	buf[6] = addr_len;
	memcpy(buf + 7, addr, addr_len);
	ops->blake2s(mac, TQUIC_NOISE_MAC_LEN, buf, 7 + addr_len, secret,
		     TQUIC_NOISE_KEY_LEN);
}

/**
 * tquic_noise_token_make() - an address-bound Retry token
 * @ops: backend
 * @secret: 32-byte server secret
 * @expiry: last second (of the caller's clock) the token is good
 * @addr: the client's IP address, 4 or 16 bytes
 * @addr_len: 4 or 16
 * @port: the client's UDP port
 * @token: TQUIC_NOISE_TOKEN_LEN bytes out
 *
 * Return: TQUIC_NOISE_TOKEN_LEN, or -EINVAL for a bad address length.
 */
int tquic_noise_token_make(const struct tquic_noise_ops *ops,
			   const u8 *secret, u32 expiry, const u8 *addr,
			   size_t addr_len, u16 port, u8 *token)
{
	if (addr_len != 4 && addr_len != 16)
		return -EINVAL;
	token[0] = expiry >> 24;
	token[1] = expiry >> 16;
	token[2] = expiry >> 8;
	token[3] = expiry;
	token_mac(ops, secret, expiry, addr, addr_len, port, token + 4);
	return TQUIC_NOISE_TOKEN_LEN;
}

/**
 * tquic_noise_token_check() - is @token ours, for this address, in time?
 * @ops: backend
 * @secret: 32-byte server secret
 * @now: current second of the clock tquic_noise_token_make() used
 * @addr: the client's IP address, 4 or 16 bytes
 * @addr_len: 4 or 16
 * @port: the client's UDP port
 * @token: from the Initial
 * @token_len: its length
 *
 * Return: true if valid.
 */
bool tquic_noise_token_check(const struct tquic_noise_ops *ops,
			     const u8 *secret, u32 now, const u8 *addr,
			     size_t addr_len, u16 port, const u8 *token,
			     size_t token_len)
{
	u8 mac[TQUIC_NOISE_MAC_LEN];
	u32 expiry;

	if (token_len != TQUIC_NOISE_TOKEN_LEN ||
	    (addr_len != 4 && addr_len != 16))
		return false;
	expiry = (u32)token[0] << 24 | (u32)token[1] << 16 |
		 (u32)token[2] << 8 | token[3];
	/*
	 * Serial arithmetic: an expired token wraps to a huge distance, and
	 * a clock wrap between issue and check changes nothing.
	 */
	if (expiry - now > TQUIC_NOISE_TOKEN_LIFE)
		return false;
	token_mac(ops, secret, expiry, addr, addr_len, port, mac);
	return tquic_noise_ct_equal(mac, token + 4, sizeof(mac));
}

/* Length of a long header up to the packet number (1 byte for us). */
static size_t long_prefix_len(const struct tquic_long_hdr *h)
{
	size_t n = 1 + 4 + 1 + h->dcid_len + 1 + h->scid_len + 2;

	if (h->type == TQUIC_PKT_INITIAL)
		n += tquic_varint_size(h->token_len) + h->token_len;
	return n;
}

/*
 * Header, Noise message, mac1, then zero padding to @total bytes. The
 * packet number is always 0 and 1 byte: handshake packets carry no header
 * protection (the Noise messages authenticate themselves) and are never
 * acknowledged, so it means nothing.
 */
static int build_msg_pkt(const struct tquic_noise_ops *ops, u8 *buf,
			 size_t len, struct tquic_long_hdr *h, size_t min_total,
			 const u8 *msg, size_t msg_len, const u8 *mac1_key,
			 u8 *mac1)
{
	size_t prefix, total;
	int n;

	h->version = TQUIC_VERSION;
	h->dcid_len = TQUIC_NOISE_CID_LEN;
	h->scid_len = TQUIC_NOISE_CID_LEN;
	prefix = long_prefix_len(h);
	total = prefix + 1 + msg_len + TQUIC_NOISE_MAC_LEN;
	if (total < min_total)
		total = min_total;
	if (len < total)
		return -EMSGSIZE;
	h->length = total - prefix;
	n = tquic_long_hdr_build(buf, len, h, 0, 1);
	if (n < 0)
		return n;
	if ((size_t)n != prefix + 1)
		return -EINVAL;
	memcpy(buf + n, msg, msg_len);
	n += msg_len;
	ops->blake2s(buf + n, TQUIC_NOISE_MAC_LEN, buf, n, mac1_key,
		     TQUIC_NOISE_HASH_LEN);
	if (mac1)
		memcpy(mac1, buf + n, TQUIC_NOISE_MAC_LEN);
	n += TQUIC_NOISE_MAC_LEN;
	memset(buf + n, 0, total - n);
	return total;
}

/**
 * tquic_noise_initial_build() - the client's Initial carrying message 1
 * @ops: backend
 * @buf: output
 * @len: room in @buf; TQUIC_NOISE_INITIAL_MIN always suffices
 * @dcid: a random 8-byte DCID
 * @scid: our connection ID
 * @token: from a Retry, or NULL
 * @token_len: 0..TQUIC_NOISE_TOKEN_MAX
 * @msg: message 1
 * @mac1_key: st->mac.mac1_tx
 * @mac1: the mac1 sent, kept to check a Retry against (16 bytes out)
 *
 * Return: the packet length (padded to TQUIC_NOISE_INITIAL_MIN) or an errno.
 */
int tquic_noise_initial_build(const struct tquic_noise_ops *ops, u8 *buf,
			      size_t len, const u8 *dcid, const u8 *scid,
			      const u8 *token, size_t token_len,
			      const u8 *msg, const u8 *mac1_key, u8 *mac1)
{
	struct tquic_long_hdr h = {
		.type = TQUIC_PKT_INITIAL,
		.dcid = dcid,
		.scid = scid,
		.token = token,
		.token_len = token_len,
	};

	if (token_len > TQUIC_NOISE_TOKEN_MAX)
		return -EINVAL;
	return build_msg_pkt(ops, buf, len, &h, TQUIC_NOISE_INITIAL_MIN, msg,
			     TQUIC_NOISE_MSG1_LEN, mac1_key, mac1);
}

/**
 * tquic_noise_handshake_build() - the server's Handshake packet, message 2
 * @ops: backend
 * @buf: output
 * @len: room in @buf
 * @dcid: the initiator's connection ID
 * @scid: ours
 * @msg: message 2
 * @mac1_key: st->mac.mac1_tx
 *
 * Return: the packet length or an errno.
 */
int tquic_noise_handshake_build(const struct tquic_noise_ops *ops, u8 *buf,
				size_t len, const u8 *dcid, const u8 *scid,
				const u8 *msg, const u8 *mac1_key)
{
	struct tquic_long_hdr h = {
		.type = TQUIC_PKT_HANDSHAKE,
		.dcid = dcid,
		.scid = scid,
	};

	return build_msg_pkt(ops, buf, len, &h, 0, msg, TQUIC_NOISE_MSG2_LEN,
			     mac1_key, NULL);
}

static void retry_tag(const struct tquic_noise_ops *ops, const u8 *pkt,
		      size_t hdr_len, const u8 *retry_key, const u8 *init_mac1,
		      u8 *tag)
{
	u8 buf[RETRY_HDR_MAX + TQUIC_NOISE_MAC_LEN];

	memcpy(buf, pkt, hdr_len);
	memcpy(buf + hdr_len, init_mac1, TQUIC_NOISE_MAC_LEN);
	ops->blake2s(tag, TQUIC_NOISE_MAC_LEN, buf,
		     hdr_len + TQUIC_NOISE_MAC_LEN, retry_key,
		     TQUIC_NOISE_HASH_LEN);
}

/**
 * tquic_noise_retry_build() - a Retry answering an Initial
 * @ops: backend
 * @buf: output
 * @len: room in @buf
 * @dcid: the Initial's SCID (the initiator's connection ID)
 * @scid: any 8 bytes of ours
 * @token: from tquic_noise_token_make()
 * @token_len: its length, 1..TQUIC_NOISE_TOKEN_MAX
 * @retry_key: st->mac.retry_tx
 * @init_mac1: the mac1 of the Initial: only who saw it can forge a Retry
 *
 * Return: the packet length or an errno.
 */
int tquic_noise_retry_build(const struct tquic_noise_ops *ops, u8 *buf,
			    size_t len, const u8 *dcid, const u8 *scid,
			    const u8 *token, size_t token_len,
			    const u8 *retry_key, const u8 *init_mac1)
{
	struct tquic_long_hdr h = {
		.type = TQUIC_PKT_RETRY,
		.version = TQUIC_VERSION,
		.dcid = dcid,
		.dcid_len = TQUIC_NOISE_CID_LEN,
		.scid = scid,
		.scid_len = TQUIC_NOISE_CID_LEN,
		.token = token,
		.token_len = token_len,
	};
	int n;

	if (!token_len || token_len > TQUIC_NOISE_TOKEN_MAX)
		return -EINVAL;
	n = tquic_long_hdr_build(buf, len, &h, 0, 0);
	if (n < 0)
		return n;
	if (len - n < TQUIC_NOISE_MAC_LEN)
		return -EMSGSIZE;
	retry_tag(ops, buf, n, retry_key, init_mac1, buf + n);
	return n + TQUIC_NOISE_MAC_LEN;
}

/**
 * tquic_noise_pkt_parse() - find the parts of a handshake packet
 * @pkt: the UDP payload
 * @len: its length
 * @p: filled in
 *
 * Checks only the layout: every field lies inside the packet, the
 * connection IDs have our length, and an Initial fills at least
 * TQUIC_NOISE_INITIAL_MIN bytes. Check mac1 (or the Retry tag) next.
 *
 * Return: 0, -EPROTONOSUPPORT for another version, or -EINVAL.
 */
int tquic_noise_pkt_parse(const u8 *pkt, size_t len, struct tquic_noise_pkt *p)
{
	struct tquic_long_hdr h;
	size_t need;
	int off;
	int err;

	memset(p, 0, sizeof(*p));
	err = tquic_long_hdr_parse(pkt, len, &h);
	if (err)
		return err;
	if (h.type == TQUIC_PKT_VERSION_NEG || h.scid_len != TQUIC_NOISE_CID_LEN)
		return -EINVAL;
	p->type = h.type;
	p->dcid = h.dcid;
	p->dcid_len = h.dcid_len;
	p->scid = h.scid;
	p->scid_len = h.scid_len;
	p->token = h.token;
	p->token_len = h.token_len;

	switch (h.type) {
	case TQUIC_PKT_RETRY:
		if (h.dcid_len != TQUIC_NOISE_CID_LEN ||
		    h.token_len > TQUIC_NOISE_TOKEN_MAX)
			return -EINVAL;
		p->mac_off = len - TQUIC_NOISE_MAC_LEN;
		p->mac = pkt + p->mac_off;
		return 0;
	case TQUIC_PKT_INITIAL:
		/* RFC 9000 section 8.1: no amplification off a small Initial. */
		if (len < TQUIC_NOISE_INITIAL_MIN ||
		    h.dcid_len < TQUIC_NOISE_CID_LEN ||
		    h.token_len > TQUIC_NOISE_TOKEN_MAX)
			return -EINVAL;
		need = TQUIC_NOISE_MSG1_LEN;
		break;
	case TQUIC_PKT_HANDSHAKE:
		if (h.dcid_len != TQUIC_NOISE_CID_LEN)
			return -EINVAL;
		need = TQUIC_NOISE_MSG2_LEN;
		break;
	default:
		return -EINVAL;
	}
	off = tquic_long_hdr_unprotected(pkt, &h);
	if (off < 0)
		return off;
	if ((size_t)off > h.packet_len ||
	    h.packet_len - off < need + TQUIC_NOISE_MAC_LEN)
		return -EINVAL;
	p->msg = pkt + off;
	p->mac_off = off + need;
	p->mac = pkt + p->mac_off;
	return 0;
}

/* Check mac1 of a parsed Initial or Handshake packet. */
bool tquic_noise_pkt_mac1_ok(const struct tquic_noise_ops *ops,
			     const u8 *pkt, const struct tquic_noise_pkt *p,
			     const u8 *mac1_key)
{
	u8 mac[TQUIC_NOISE_MAC_LEN];

	if (p->type != TQUIC_PKT_INITIAL && p->type != TQUIC_PKT_HANDSHAKE)
		return false;
	ops->blake2s(mac, sizeof(mac), pkt, p->mac_off, mac1_key,
		     TQUIC_NOISE_HASH_LEN);
	return tquic_noise_ct_equal(mac, p->mac, sizeof(mac));
}

/* Check the tag of a parsed Retry against the mac1 of our Initial. */
bool tquic_noise_retry_ok(const struct tquic_noise_ops *ops, const u8 *pkt,
			  const struct tquic_noise_pkt *p,
			  const u8 *retry_key, const u8 *init_mac1)
{
	u8 tag[TQUIC_NOISE_MAC_LEN];

	if (p->type != TQUIC_PKT_RETRY || p->mac_off > RETRY_HDR_MAX)
		return false;
	retry_tag(ops, pkt, p->mac_off, retry_key, init_mac1, tag);
	return tquic_noise_ct_equal(tag, p->mac, sizeof(tag));
}
