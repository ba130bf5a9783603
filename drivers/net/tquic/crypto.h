/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel crypto backend of packet protection (core/protection.h): one key context per
 * direction and key phase, built on the kernel crypto API (AEAD) and the
 * AES and ChaCha20 library functions (header protection).
 */
#ifndef _TQUIC_CRYPTO_H
#define _TQUIC_CRYPTO_H

#include <crypto/aes.h>
#include <crypto/chacha.h>
#include <linux/tquic.h>
#include <linux/types.h>

#include "core/protection.h"

struct crypto_aead;
struct crypto_shash;
struct scatterlist;

/*
 * Immutable once allocated, so any number of CPUs may protect and
 * unprotect with it at once; allocation and free need process context.
 */
struct sk_buff;

struct tquic_crypto_key {
	struct tquic_prot_key prot;		/* ops and IV, read by the pure core */
	enum tquic_prot_cipher cipher;
	struct crypto_aead *aead;	/* synchronous, key and tag size set */
	struct crypto_aead *simd;	/* the same needing the FPU, or NULL */
	union {				/* header protection, by cipher */
		struct crypto_aes_ctx aes;
		u32 chacha[CHACHA_KEY_SIZE / sizeof(u32)];
	} hp;
	u8 secret[TQUIC_PROT_SECRET_LEN];	/* to derive the next key phase */
};

extern const struct tquic_prot_ops tquic_crypto_prot_ops;

/* The AEAD of a TQUIC_CIPHER_* (uapi) value. */
static inline enum tquic_prot_cipher tquic_crypto_cipher(u8 cipher)
{
	return cipher == TQUIC_CIPHER_CHACHA20_POLY1305 ?
	       TQUIC_PROT_CHACHA20_POLY1305 : TQUIC_PROT_AES_128_GCM;
}

const char *tquic_crypto_aead_alg(enum tquic_prot_cipher cipher);
int tquic_crypto_available(enum tquic_prot_cipher cipher);

struct crypto_shash *tquic_crypto_kdf_alloc(void);
void tquic_crypto_kdf_free(struct crypto_shash *kdf);

struct tquic_crypto_key *tquic_crypto_key_alloc(enum tquic_prot_cipher cipher,
						const u8 *secret);
struct tquic_crypto_key *
tquic_crypto_key_next(const struct tquic_crypto_key *cur);
void tquic_crypto_key_free(struct tquic_crypto_key *key);

int tquic_crypto_aead_sg(const struct tquic_crypto_key *key, bool encrypt,
			 struct scatterlist *sg, unsigned int assoclen,
			 unsigned int cryptlen, const u8 *nonce);
int tquic_crypto_aead_skb(const struct tquic_crypto_key *key, bool encrypt,
			  struct sk_buff *skb, int nsg, unsigned int ad_len,
			  unsigned int cryptlen, u32 path_id, u64 pn);

#endif /* _TQUIC_CRYPTO_H */
