// SPDX-License-Identifier: GPL-2.0
/*
 * OpenSSL 3 EVP implementation of struct tquic_prot_ops. Every failure of
 * the library maps to an errno the way the kernel backend reports it:
 * -EBADMSG for a tag that does not verify, -EIO for anything else.
 */
#include <stddef.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "protection_openssl.h"

#define to_ossl_key(k) \
	((const struct prot_ossl_key *)((const char *)(k) - \
					offsetof(struct prot_ossl_key, pp)))

static int ossl_hmac_sha256(void *ctx, const u8 *key, size_t key_len,
			    const u8 *data, size_t data_len, u8 *out)
{
	unsigned int out_len = 0;

	(void)ctx;
	if (!HMAC(EVP_sha256(), key, (int)key_len, data, data_len, out,
		  &out_len) || out_len != TQUIC_PROT_SECRET_LEN)
		return -EIO;
	return 0;
}

static const EVP_CIPHER *ossl_aead(enum tquic_prot_cipher cipher)
{
	return cipher == TQUIC_PROT_AES_128_GCM ? EVP_aes_128_gcm() :
						EVP_chacha20_poly1305();
}

/* Key, nonce and associated data into a fresh context. */
static EVP_CIPHER_CTX *ossl_aead_start(const struct prot_ossl_key *k,
				       const u8 *nonce, const u8 *ad,
				       size_t ad_len, int enc)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	if (!c)
		return NULL;
	if (EVP_CipherInit_ex(c, ossl_aead(k->cipher), NULL, NULL, NULL,
			      enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, TQUIC_PROT_IV_LEN,
				NULL) != 1 ||
	    EVP_CipherInit_ex(c, NULL, NULL, k->key, nonce, enc) != 1 ||
	    (ad_len && EVP_CipherUpdate(c, NULL, &n, ad, (int)ad_len) != 1)) {
		EVP_CIPHER_CTX_free(c);
		return NULL;
	}
	return c;
}

static int ossl_aead_seal(const struct tquic_prot_key *key, const u8 *nonce,
			  u8 *buf, size_t ad_len, size_t pt_len)
{
	const struct prot_ossl_key *k = to_ossl_key(key);
	u8 *text = buf + ad_len;
	EVP_CIPHER_CTX *c;
	int n, err = -EIO;

	c = ossl_aead_start(k, nonce, buf, ad_len, 1);
	if (!c)
		return -EIO;
	if ((!pt_len || EVP_CipherUpdate(c, text, &n, text, (int)pt_len) == 1) &&
	    EVP_CipherFinal_ex(c, text + pt_len, &n) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, TQUIC_PROT_TAG_LEN,
				text + pt_len) == 1)
		err = 0;
	EVP_CIPHER_CTX_free(c);
	return err;
}

static int ossl_aead_open(const struct tquic_prot_key *key, const u8 *nonce,
			  u8 *buf, size_t ad_len, size_t ct_len)
{
	const struct prot_ossl_key *k = to_ossl_key(key);
	u8 *text = buf + ad_len;
	size_t pt_len;
	EVP_CIPHER_CTX *c;
	int n, err = -EIO;

	if (ct_len < TQUIC_PROT_TAG_LEN)
		return -EINVAL;
	pt_len = ct_len - TQUIC_PROT_TAG_LEN;
	c = ossl_aead_start(k, nonce, buf, ad_len, 0);
	if (!c)
		return -EIO;
	if ((!pt_len || EVP_CipherUpdate(c, text, &n, text, (int)pt_len) == 1) &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, TQUIC_PROT_TAG_LEN,
				text + pt_len) == 1)
		err = EVP_CipherFinal_ex(c, text + pt_len, &n) == 1 ? 0 : -EBADMSG;
	EVP_CIPHER_CTX_free(c);
	return err;
}

/*
 * RFC 9001 5.4.3: AES-ECB of the sample. 5.4.4: ChaCha20 keyed with hp,
 * counter = sample[0..3] (little endian), nonce = sample[4..15], over five
 * zero bytes; OpenSSL's 16-byte ChaCha20 IV is that counter and nonce.
 */
static int ossl_hp_mask(const struct tquic_prot_key *key, const u8 *sample,
			u8 *mask)
{
	static const u8 zero[TQUIC_PROT_MASK_LEN];
	const struct prot_ossl_key *k = to_ossl_key(key);
	const EVP_CIPHER *cipher;
	const u8 *iv = NULL, *in = sample;
	u8 out[TQUIC_PROT_SAMPLE_LEN + 16];
	int n, in_len = TQUIC_PROT_SAMPLE_LEN, err = -EIO;
	EVP_CIPHER_CTX *c;

	if (k->cipher == TQUIC_PROT_AES_128_GCM) {
		cipher = EVP_aes_128_ecb();
	} else {
		cipher = EVP_chacha20();
		iv = sample;
		in = zero;
		in_len = TQUIC_PROT_MASK_LEN;
	}
	c = EVP_CIPHER_CTX_new();
	if (!c)
		return -EIO;
	if (EVP_EncryptInit_ex(c, cipher, NULL, k->hp, iv) == 1 &&
	    EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
	    EVP_EncryptUpdate(c, out, &n, in, in_len) == 1 &&
	    n >= TQUIC_PROT_MASK_LEN) {
		memcpy(mask, out, TQUIC_PROT_MASK_LEN);
		err = 0;
	}
	EVP_CIPHER_CTX_free(c);
	OPENSSL_cleanse(out, sizeof(out));
	return err;
}

const struct tquic_prot_ops prot_ossl_ops = {
	.hmac_sha256 = ossl_hmac_sha256,
	.aead_seal = ossl_aead_seal,
	.aead_open = ossl_aead_open,
	.hp_mask = ossl_hp_mask,
};

int prot_ossl_key_init(struct prot_ossl_key *k, const struct tquic_prot_material *m)
{
	unsigned int len = tquic_prot_key_len(m->cipher);

	if (!len)
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	k->pp.ops = &prot_ossl_ops;
	memcpy(k->pp.iv, m->iv, TQUIC_PROT_IV_LEN);
	k->cipher = m->cipher;
	memcpy(k->key, m->key, len);
	memcpy(k->hp, m->hp, len);
	return 0;
}

void prot_ossl_key_wipe(struct prot_ossl_key *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
