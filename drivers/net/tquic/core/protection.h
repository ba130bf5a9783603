/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QUIC packet protection (RFC 9001 section 5) with the multipath nonce of
 * draft-ietf-quic-multipath: key derivation, AEAD nonce, header protection
 * and in-place protect/unprotect of a packet.
 *
 * This is pure logic: it never calls a crypto library. A backend supplies
 * the primitives through struct tquic_prot_ops (crypto.c with the kernel
 * crypto API in the module, OpenSSL in the host tests) and embeds a
 * struct tquic_prot_key in its own per-direction key context.
 *
 * Packet layout the functions work on, in one contiguous buffer:
 *
 *   pkt[0 .. pn_offset)            header up to the packet number
 *   pkt[pn_offset .. hdr_len)      packet number, 1-4 bytes
 *   pkt[hdr_len .. len - 16)       payload
 *   pkt[len - 16 .. len)           AEAD tag
 *
 * The whole header [0, hdr_len) is the AEAD associated data.
 */
#ifndef _TQUIC_PROTECTION_H
#define _TQUIC_PROTECTION_H

#include "proto.h"

#define TQUIC_PROT_SECRET_LEN	32	/* SHA-256 output */
#define TQUIC_PROT_KEY_MAX	32
#define TQUIC_PROT_HP_MAX		32
#define TQUIC_PROT_IV_LEN		12
#define TQUIC_PROT_TAG_LEN	16
#define TQUIC_PROT_SAMPLE_LEN	16
#define TQUIC_PROT_SAMPLE_SKIP	4	/* sample starts 4 bytes after the PN */
#define TQUIC_PROT_MASK_LEN	5
#define TQUIC_PROT_PN_MAX		((1ULL << 62) - 1)
#define TQUIC_PROT_LABEL_MAX	32	/* longest label Expand-Label takes */
#define TQUIC_PROT_PKT_MAX	65535	/* a QUIC packet fits in a UDP datagram */

enum tquic_prot_cipher {
	TQUIC_PROT_AES_128_GCM,
	TQUIC_PROT_CHACHA20_POLY1305,
};

struct tquic_prot_ops;

/*
 * The part of a per-direction key that the pure core reads. A backend
 * embeds it in its key context and finds that context again with
 * container_of() in its ops.
 */
struct tquic_prot_key {
	const struct tquic_prot_ops *ops;
	u8 iv[TQUIC_PROT_IV_LEN];
};

/*
 * Primitives from a backend; all return 0 or a negative errno.
 *
 * @hmac_sha256: HMAC-SHA256 of @data under @key into @out (32 bytes).
 *	@ctx is the backend's derivation context, passed through unchanged.
 * @aead_seal: encrypt in place. @buf holds @ad_len bytes of associated
 *	data, then @pt_len bytes of plaintext, then room for the tag.
 * @aead_open: decrypt in place. @buf holds @ad_len bytes of associated
 *	data, then @ct_len bytes of ciphertext including the tag. Returns
 *	-EBADMSG when the tag does not verify.
 * @hp_mask: the 5-byte header-protection mask of a 16-byte @sample.
 */
struct tquic_prot_ops {
	int (*hmac_sha256)(void *ctx, const u8 *key, size_t key_len,
			   const u8 *data, size_t data_len, u8 *out);
	int (*aead_seal)(const struct tquic_prot_key *key, const u8 *nonce,
			 u8 *buf, size_t ad_len, size_t pt_len);
	int (*aead_open)(const struct tquic_prot_key *key, const u8 *nonce,
			 u8 *buf, size_t ad_len, size_t ct_len);
	int (*hp_mask)(const struct tquic_prot_key *key, const u8 *sample,
		       u8 *mask);
};

/* Keying material of one direction, as derived from a traffic secret. */
struct tquic_prot_material {
	enum tquic_prot_cipher cipher;
	u8 secret[TQUIC_PROT_SECRET_LEN];	/* kept to derive the next key phase */
	u8 key[TQUIC_PROT_KEY_MAX];
	u8 iv[TQUIC_PROT_IV_LEN];
	u8 hp[TQUIC_PROT_HP_MAX];
};

unsigned int tquic_prot_key_len(enum tquic_prot_cipher cipher);

int tquic_prot_hkdf_expand_label(const struct tquic_prot_ops *ops, void *ctx,
				 const u8 *secret, size_t secret_len,
				 const char *label, u8 *out, size_t out_len);
int tquic_prot_derive(const struct tquic_prot_ops *ops, void *ctx,
		      enum tquic_prot_cipher cipher, const u8 *secret,
		      struct tquic_prot_material *m);
int tquic_prot_derive_next(const struct tquic_prot_ops *ops, void *ctx,
			   const struct tquic_prot_material *cur,
			   struct tquic_prot_material *next);
void tquic_prot_material_wipe(struct tquic_prot_material *m);

int tquic_prot_nonce(const u8 *iv, u32 path_id, u64 pn, u8 *nonce);

int tquic_prot_hp_apply_sample(const struct tquic_prot_key *key, u8 *hdr,
			       size_t pn_offset, const u8 *sample);
int tquic_prot_hp_remove_sample(const struct tquic_prot_key *key, u8 *hdr,
				size_t pn_offset, const u8 *sample,
				u32 *truncated_pn, unsigned int *pn_len);

int tquic_prot_protect(const struct tquic_prot_key *key, u32 path_id, u64 pn,
		       u8 *pkt, size_t pn_offset, size_t len);
int tquic_prot_hp_remove(const struct tquic_prot_key *key, u8 *pkt, size_t len,
			 size_t pn_offset, u32 *truncated_pn,
			 unsigned int *pn_len);
int tquic_prot_open(const struct tquic_prot_key *key, u32 path_id, u64 pn,
		    u8 *pkt, size_t hdr_len, size_t len);

#endif /* _TQUIC_PROTECTION_H */
