// SPDX-License-Identifier: GPL-2.0
/*
 * QUIC packet protection, pure logic: RFC 9001 section 5 key derivation,
 * AEAD nonce (extended with the path ID by draft-ietf-quic-multipath),
 * header protection, and the order in which they are applied. Every
 * cryptographic primitive comes from a backend through struct tquic_prot_ops.
 */
#include "protection.h"

/* "tls13 " + label, as HKDF-Expand-Label prefixes every QUIC label. */
static const char tquic_prot_label_prefix[] = "tls13 ";
#define TQUIC_PROT_PREFIX_LEN	(sizeof(tquic_prot_label_prefix) - 1)

/* HkdfLabel: length (2), label length (1), label, context length (1). */
#define TQUIC_PROT_INFO_MAX	(2 + 1 + TQUIC_PROT_PREFIX_LEN + \
				 TQUIC_PROT_LABEL_MAX + 1)

/* RFC 5869: at most 255 blocks of hash output. */
#define TQUIC_PROT_EXPAND_MAX	(255 * TQUIC_PROT_SECRET_LEN)

/**
 * tquic_prot_key_len() - AEAD and header-protection key length of a cipher
 * @cipher: the AEAD
 *
 * Both AEADs we support use a header-protection key as long as the AEAD
 * key (RFC 9001 section 5.4.3 and 5.4.4), so one length serves both.
 *
 * Return: the length in bytes, or 0 for an unknown cipher.
 */
unsigned int tquic_prot_key_len(enum tquic_prot_cipher cipher)
{
	switch (cipher) {
	case TQUIC_PROT_AES_128_GCM:
		return 16;
	case TQUIC_PROT_CHACHA20_POLY1305:
		return 32;
	}
	return 0;
}

/* Write the HkdfLabel of RFC 8446 section 7.1 with an empty context. */
static size_t tquic_prot_hkdf_label(u8 *info, size_t out_len,
				    const char *label, size_t label_len)
{
	size_t n = 0;

	info[n++] = out_len >> 8;
	info[n++] = out_len & 0xff;
	info[n++] = TQUIC_PROT_PREFIX_LEN + label_len;
	memcpy(info + n, tquic_prot_label_prefix, TQUIC_PROT_PREFIX_LEN);
	n += TQUIC_PROT_PREFIX_LEN;
	memcpy(info + n, label, label_len);
	n += label_len;
	info[n++] = 0;
	return n;
}

/**
 * tquic_prot_hkdf_expand_label() - HKDF-Expand-Label with SHA-256
 * @ops: backend providing HMAC-SHA256
 * @ctx: backend derivation context, handed to @ops->hmac_sha256
 * @secret: the PRK, usually a 32-byte traffic secret
 * @secret_len: its length
 * @label: label without the "tls13 " prefix, e.g. "quic key"
 * @out: output
 * @out_len: bytes wanted, 1 to 255 * 32
 *
 * RFC 9001 section 5.1 uses the TLS 1.3 construction with an empty
 * context. On failure @out is wiped so that no partial key survives.
 *
 * Return: 0 or a negative errno.
 */
int tquic_prot_hkdf_expand_label(const struct tquic_prot_ops *ops, void *ctx,
				 const u8 *secret, size_t secret_len,
				 const char *label, u8 *out, size_t out_len)
{
	/* T(i-1) | info | i, with T(i-1) placed right before info. */
	u8 buf[TQUIC_PROT_SECRET_LEN + TQUIC_PROT_INFO_MAX + 1];
	u8 *info = buf + TQUIC_PROT_SECRET_LEN;
	u8 t[TQUIC_PROT_SECRET_LEN];
	size_t label_len, info_len, done = 0, prev = 0;
	unsigned int i;
	int err = 0;

	label_len = label ? strlen(label) : 0;
	if (!label_len || label_len > TQUIC_PROT_LABEL_MAX ||
	    !out_len || out_len > TQUIC_PROT_EXPAND_MAX)
		return -EINVAL;

	info_len = tquic_prot_hkdf_label(info, out_len, label, label_len);
	for (i = 1; done < out_len; i++) {
		size_t n = out_len - done;

		memcpy(info - prev, t, prev);
		info[info_len] = i;
		err = ops->hmac_sha256(ctx, secret, secret_len, info - prev,
				       prev + info_len + 1, t);
		if (err)
			break;
		if (n > TQUIC_PROT_SECRET_LEN)
			n = TQUIC_PROT_SECRET_LEN;
		memcpy(out + done, t, n);
		done += n;
		prev = TQUIC_PROT_SECRET_LEN;
	}
	memzero_explicit(t, sizeof(t));
	memzero_explicit(buf, sizeof(buf));
	if (err)
		memzero_explicit(out, out_len);
	return err;
}

/* The packet key and IV of a secret; shared by the first and next phases. */
static int tquic_prot_derive_key_iv(const struct tquic_prot_ops *ops, void *ctx,
				    struct tquic_prot_material *m)
{
	unsigned int key_len = tquic_prot_key_len(m->cipher);
	int err;

	err = tquic_prot_hkdf_expand_label(ops, ctx, m->secret,
					   TQUIC_PROT_SECRET_LEN, "quic key",
					   m->key, key_len);
	if (err)
		return err;
	return tquic_prot_hkdf_expand_label(ops, ctx, m->secret,
					    TQUIC_PROT_SECRET_LEN, "quic iv",
					    m->iv, TQUIC_PROT_IV_LEN);
}

/**
 * tquic_prot_derive() - keying material of one direction from its secret
 * @ops: backend providing HMAC-SHA256
 * @ctx: backend derivation context
 * @cipher: the AEAD the keys are for
 * @secret: the 32-byte traffic secret
 * @m: output; wiped on failure
 *
 * Derives the packet key ("quic key"), IV ("quic iv") and header
 * protection key ("quic hp") of RFC 9001 section 5.1, and keeps the
 * secret for the next key phase.
 *
 * Return: 0 or a negative errno.
 */
int tquic_prot_derive(const struct tquic_prot_ops *ops, void *ctx,
		      enum tquic_prot_cipher cipher, const u8 *secret,
		      struct tquic_prot_material *m)
{
	unsigned int key_len = tquic_prot_key_len(cipher);
	int err;

	if (!key_len)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->cipher = cipher;
	memcpy(m->secret, secret, TQUIC_PROT_SECRET_LEN);
	err = tquic_prot_derive_key_iv(ops, ctx, m);
	if (!err)
		err = tquic_prot_hkdf_expand_label(ops, ctx, secret,
						   TQUIC_PROT_SECRET_LEN,
						   "quic hp", m->hp, key_len);
	if (err)
		tquic_prot_material_wipe(m);
	return err;
}

/**
 * tquic_prot_derive_next() - keying material of the next key phase
 * @ops: backend providing HMAC-SHA256
 * @ctx: backend derivation context
 * @cur: material of the current phase
 * @next: output, may be @cur; on failure wiped, unless it is @cur
 *
 * RFC 9001 section 6.1: the next secret is HKDF-Expand-Label(secret,
 * "quic ku"), and key and IV come from it as before. The header
 * protection key is not updated, so it is copied from @cur.
 *
 * Return: 0 or a negative errno.
 */
int tquic_prot_derive_next(const struct tquic_prot_ops *ops, void *ctx,
			   const struct tquic_prot_material *cur,
			   struct tquic_prot_material *next)
{
	struct tquic_prot_material tmp;
	int err;

	if (!tquic_prot_key_len(cur->cipher))
		return -EINVAL;
	memset(&tmp, 0, sizeof(tmp));
	tmp.cipher = cur->cipher;
	memcpy(tmp.hp, cur->hp, sizeof(tmp.hp));
	err = tquic_prot_hkdf_expand_label(ops, ctx, cur->secret,
					   TQUIC_PROT_SECRET_LEN, "quic ku",
					   tmp.secret, TQUIC_PROT_SECRET_LEN);
	if (!err)
		err = tquic_prot_derive_key_iv(ops, ctx, &tmp);
	if (!err)
		memcpy(next, &tmp, sizeof(tmp));
	else if (next != cur)
		tquic_prot_material_wipe(next);
	tquic_prot_material_wipe(&tmp);
	return err;
}

/**
 * tquic_prot_material_wipe() - erase keying material
 * @m: the material
 */
void tquic_prot_material_wipe(struct tquic_prot_material *m)
{
	memzero_explicit(m, sizeof(*m));
}

/**
 * tquic_prot_nonce() - AEAD nonce of a packet
 * @iv: the 12-byte IV of the key
 * @path_id: multipath path ID; 0 gives the RFC 9001 nonce
 * @pn: full packet number, at most 2^62 - 1
 * @nonce: 12-byte output
 *
 * draft-ietf-quic-multipath: the IV is XORed with path ID (32 bits),
 * two zero bits and the packet number (62 bits), in network order. The
 * packet number is refused past 62 bits rather than truncated: a wrapped
 * number would reuse a nonce.
 *
 * Return: 0, or -EINVAL when @pn is out of range.
 */
int tquic_prot_nonce(const u8 *iv, u32 path_id, u64 pn, u8 *nonce)
{
	unsigned int i;

	if (pn > TQUIC_PROT_PN_MAX)
		return -EINVAL;
	memcpy(nonce, iv, TQUIC_PROT_IV_LEN);
	for (i = 0; i < 4; i++)
		nonce[i] ^= (path_id >> (24 - 8 * i)) & 0xff;
	for (i = 0; i < 8; i++)
		nonce[4 + i] ^= (pn >> (56 - 8 * i)) & 0xff;
	return 0;
}

/* Long headers protect the 4 low bits of byte 0, short headers 5. */
static u8 tquic_prot_first_byte_mask(u8 first)
{
	return (first & 0x80) ? 0x0f : 0x1f;
}

/* Packet number length, from an unprotected first byte. */
static unsigned int tquic_prot_pn_len(u8 first)
{
	return (first & 0x03) + 1;
}

static u32 tquic_prot_read_pn(const u8 *p, unsigned int pn_len)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < pn_len; i++)
		v = (v << 8) | p[i];
	return v;
}

static void tquic_prot_xor_pn(u8 *p, unsigned int pn_len, const u8 *mask)
{
	unsigned int i;

	for (i = 0; i < pn_len; i++)
		p[i] ^= mask[1 + i];
}

/**
 * tquic_prot_hp_apply_sample() - apply header protection
 * @key: the key
 * @hdr: unprotected header; its first byte gives the PN length
 * @pn_offset: offset of the packet number in @hdr
 * @sample: the 16 ciphertext bytes starting at @pn_offset + 4
 *
 * For callers whose sample is not contiguous with the header (the
 * payload in skb fragments); tquic_prot_protect() does it all otherwise.
 *
 * Return: 0 or a negative errno from the backend.
 */
int tquic_prot_hp_apply_sample(const struct tquic_prot_key *key, u8 *hdr,
			       size_t pn_offset, const u8 *sample)
{
	u8 mask[TQUIC_PROT_MASK_LEN];
	unsigned int pn_len;
	int err;

	if (!pn_offset)
		return -EINVAL;
	err = key->ops->hp_mask(key, sample, mask);
	if (err)
		return err;
	/* The PN length is read before the first byte is masked. */
	pn_len = tquic_prot_pn_len(hdr[0]);
	hdr[0] ^= mask[0] & tquic_prot_first_byte_mask(hdr[0]);
	tquic_prot_xor_pn(hdr + pn_offset, pn_len, mask);
	memzero_explicit(mask, sizeof(mask));
	return 0;
}

/**
 * tquic_prot_hp_remove_sample() - remove header protection
 * @key: the key
 * @hdr: protected header, with at least @pn_offset + 4 bytes
 * @pn_offset: offset of the packet number in @hdr
 * @sample: the 16 bytes starting at @pn_offset + 4
 * @truncated_pn: output, the packet number as encoded
 * @pn_len: output, its length in bytes (1-4)
 *
 * Return: 0 or a negative errno from the backend.
 */
int tquic_prot_hp_remove_sample(const struct tquic_prot_key *key, u8 *hdr,
				size_t pn_offset, const u8 *sample,
				u32 *truncated_pn, unsigned int *pn_len)
{
	u8 mask[TQUIC_PROT_MASK_LEN];
	int err;

	if (!pn_offset)
		return -EINVAL;
	err = key->ops->hp_mask(key, sample, mask);
	if (err)
		return err;
	/* The PN length is only known once the first byte is unmasked. */
	hdr[0] ^= mask[0] & tquic_prot_first_byte_mask(hdr[0]);
	*pn_len = tquic_prot_pn_len(hdr[0]);
	tquic_prot_xor_pn(hdr + pn_offset, *pn_len, mask);
	*truncated_pn = tquic_prot_read_pn(hdr + pn_offset, *pn_len);
	memzero_explicit(mask, sizeof(mask));
	return 0;
}

/* Is there a full sample (RFC 9001 section 5.4.2) inside @len bytes? */
static bool tquic_prot_has_sample(size_t len, size_t pn_offset)
{
	return pn_offset && len <= TQUIC_PROT_PKT_MAX &&
	       len >= TQUIC_PROT_SAMPLE_SKIP + TQUIC_PROT_SAMPLE_LEN &&
	       pn_offset <= len - TQUIC_PROT_SAMPLE_SKIP - TQUIC_PROT_SAMPLE_LEN;
}

/**
 * tquic_prot_protect() - protect a packet in place
 * @key: the key
 * @path_id: path the packet is sent on (0 without multipath)
 * @pn: the full packet number
 * @pkt: header written unprotected (its PN bytes the low bits of @pn),
 *	then the plaintext payload, then 16 bytes of room for the tag
 * @pn_offset: offset of the packet number in @pkt
 * @len: total length, tag included
 *
 * Seals the payload with the header as associated data, then applies
 * header protection. The sender must have padded the payload so that the
 * 16-byte sample at @pn_offset + 4 lies inside @len (RFC 9001 5.4.2);
 * that also leaves room for the tag. A header whose encoded PN differs
 * from the low bits of @pn is refused: the peer could never open it.
 *
 * Return: 0, -EINVAL for a malformed request, or a backend error.
 */
int tquic_prot_protect(const struct tquic_prot_key *key, u32 path_id, u64 pn,
		       u8 *pkt, size_t pn_offset, size_t len)
{
	u8 nonce[TQUIC_PROT_IV_LEN];
	unsigned int pn_len;
	size_t hdr_len;
	u32 pn_mask;
	int err;

	if (!tquic_prot_has_sample(len, pn_offset))
		return -EINVAL;
	pn_len = tquic_prot_pn_len(pkt[0]);
	hdr_len = pn_offset + pn_len;
	pn_mask = pn_len == 4 ? 0xffffffff : (1U << (8 * pn_len)) - 1;
	if (tquic_prot_read_pn(pkt + pn_offset, pn_len) != (pn & pn_mask))
		return -EINVAL;
	err = tquic_prot_nonce(key->iv, path_id, pn, nonce);
	if (err)
		return err;
	err = key->ops->aead_seal(key, nonce, pkt, hdr_len,
				  len - hdr_len - TQUIC_PROT_TAG_LEN);
	if (err)
		return err;
	return tquic_prot_hp_apply_sample(key, pkt, pn_offset,
					  pkt + pn_offset + TQUIC_PROT_SAMPLE_SKIP);
}

/**
 * tquic_prot_hp_remove() - first step of unprotecting a packet in place
 * @key: the key
 * @pkt: the protected packet (one packet of a datagram, not the rest)
 * @len: its length
 * @pn_offset: offset of the packet number, known from the invariant part
 *	of the header (after the DCID, or after a long header's Length)
 * @truncated_pn: output, the packet number as encoded
 * @pn_len: output, its length in bytes (1-4)
 *
 * Afterwards the header is in clear: the caller checks the reserved bits
 * and reads the key phase from @pkt[0], decodes the full packet number
 * (RFC 9000 appendix A.3) and calls tquic_prot_open() with the header
 * length @pn_offset + @pn_len. Nothing is authenticated yet.
 *
 * Return: 0, -EINVAL when @len is too short to hold a sample, or a
 * backend error.
 */
int tquic_prot_hp_remove(const struct tquic_prot_key *key, u8 *pkt, size_t len,
			 size_t pn_offset, u32 *truncated_pn,
			 unsigned int *pn_len)
{
	if (!tquic_prot_has_sample(len, pn_offset))
		return -EINVAL;
	return tquic_prot_hp_remove_sample(key, pkt, pn_offset,
					   pkt + pn_offset + TQUIC_PROT_SAMPLE_SKIP,
					   truncated_pn, pn_len);
}

/**
 * tquic_prot_open() - second step: authenticate and decrypt in place
 * @key: the key
 * @path_id: path ID the packet belongs to (0 without multipath)
 * @pn: the full packet number decoded from the truncated one
 * @pkt: the packet, header protection already removed
 * @hdr_len: header length including the packet number
 * @len: packet length, tag included
 *
 * The plaintext payload is left at @pkt + @hdr_len. On failure the
 * payload bytes are unspecified (the AEAD may have decrypted in place
 * before checking the tag): drop the packet, or keep a copy if another
 * key is to be tried.
 *
 * Return: payload length, -EBADMSG if authentication fails, -EINVAL for
 * a malformed request, or another backend error.
 */
int tquic_prot_open(const struct tquic_prot_key *key, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t len)
{
	u8 nonce[TQUIC_PROT_IV_LEN];
	int err;

	if (!hdr_len || len > TQUIC_PROT_PKT_MAX || len < TQUIC_PROT_TAG_LEN ||
	    hdr_len > len - TQUIC_PROT_TAG_LEN)
		return -EINVAL;
	err = tquic_prot_nonce(key->iv, path_id, pn, nonce);
	if (err)
		return err;
	err = key->ops->aead_open(key, nonce, pkt, hdr_len, len - hdr_len);
	if (err)
		return err;
	return len - hdr_len - TQUIC_PROT_TAG_LEN;
}
