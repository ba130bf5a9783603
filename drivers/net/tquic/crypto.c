// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel crypto backend of packet protection.
 *
 * AEAD goes through the crypto API, synchronous transforms only: packets
 * are protected from the xmit path and unprotected in softirq, with no
 * completion to wait on, and sealed in packet-number order.
 *
 * Where the fast AEAD needs the FPU (x86's AES-NI GCM), the crypto API
 * offers it only behind an asynchronous wrapper, whose fallback (cryptd)
 * completes later and out of order; the synchronous "gcm(aes)" is then
 * the generic GCM template over a C GHASH. So a key also holds the SIMD
 * implementation (the internal "__" algorithm the wrapper calls) and uses
 * it exactly when the wrapper would call it directly: may_use_simd(), the
 * FPU free in this context. Otherwise the synchronous transform does it.
 *
 * Header protection is one block per packet, so it uses the AES and
 * ChaCha20 library functions directly rather than a transform and a
 * request. HMAC-SHA256 for key derivation is a shash allocated for the
 * derivation and freed right after.
 */
#include <asm/simd.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto.h"

static const char *const tquic_crypto_aead_name[] = {
	[TQUIC_PROT_AES_128_GCM] = "gcm(aes)",
	[TQUIC_PROT_CHACHA20_POLY1305] = "rfc7539(chacha20,poly1305)",
};

#define to_crypto_key(k) container_of(k, const struct tquic_crypto_key, prot)

/**
 * tquic_crypto_kdf_alloc() - an HMAC-SHA256 context for key derivation
 *
 * Pass it as the @ctx of the pure derivation functions along with
 * &tquic_crypto_prot_ops. One user at a time: every HMAC sets the key.
 * Process context only.
 *
 * Return: the transform or an ERR_PTR().
 */
struct crypto_shash *tquic_crypto_kdf_alloc(void)
{
	struct crypto_shash *tfm;

	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	if (crypto_shash_digestsize(tfm) != TQUIC_PROT_SECRET_LEN) {
		crypto_free_shash(tfm);
		return ERR_PTR(-EINVAL);
	}
	return tfm;
}

/**
 * tquic_crypto_kdf_free() - free a derivation context
 * @kdf: from tquic_crypto_kdf_alloc(), or NULL
 *
 * The crypto API frees the transform with kfree_sensitive(), which also
 * erases the HMAC key state it holds.
 */
void tquic_crypto_kdf_free(struct crypto_shash *kdf)
{
	crypto_free_shash(kdf);
}

static int tquic_crypto_hmac_sha256(void *ctx, const u8 *key, size_t key_len,
				    const u8 *data, size_t data_len, u8 *out)
{
	struct crypto_shash *tfm = ctx;
	int err;

	err = crypto_shash_setkey(tfm, key, key_len);
	if (err)
		return err;
	return crypto_shash_tfm_digest(tfm, data, data_len, out);
}

/**
 * tquic_crypto_aead_sg() - AEAD over a scatterlist, in place
 * @key: the key
 * @encrypt: seal if true, open otherwise
 * @sg: associated data, then the text, then the tag (or room for it)
 * @assoclen: bytes of associated data
 * @cryptlen: plaintext bytes to seal, or ciphertext bytes to open with
 *	the tag included (the crypto API's convention)
 * @nonce: the 12-byte nonce from tquic_prot_nonce()
 *
 * The linear-buffer ops below wrap this; a caller with an skb maps it
 * with skb_to_sgvec() and calls it directly. Callable from softirq.
 *
 * Return: 0, -EBADMSG if the tag does not verify, or another errno.
 */
int tquic_crypto_aead_sg(const struct tquic_crypto_key *key, bool encrypt,
			 struct scatterlist *sg, unsigned int assoclen,
			 unsigned int cryptlen, const u8 *nonce)
{
	struct crypto_aead *tfm = key->simd && may_use_simd() ? key->simd :
							       key->aead;
	unsigned int reqsize = crypto_aead_reqsize(tfm);
	unsigned int align = crypto_aead_alignmask(tfm);
	struct aead_request *req;
	u8 *iv;
	int err;

	/* One allocation: request, its context, and the IV it points to. */
	req = kmalloc(sizeof(*req) + reqsize + align + TQUIC_PROT_IV_LEN,
		      GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	iv = PTR_ALIGN((u8 *)(req + 1) + reqsize, align + 1);
	memcpy(iv, nonce, TQUIC_PROT_IV_LEN);

	aead_request_set_tfm(req, tfm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_crypt(req, sg, sg, cryptlen, iv);
	aead_request_set_ad(req, assoclen);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	/* The request context may hold keystream or GHASH state. */
	kfree_sensitive(req);
	return err;
}

/*
 * The pure core hands us one contiguous buffer. sg_init_one() needs it in
 * the linear mapping: kmalloc or skb head memory, not the stack (which
 * may be vmapped) and not vmalloc.
 */
static int tquic_crypto_aead_buf(const struct tquic_prot_key *prot, bool encrypt,
				 const u8 *nonce, u8 *buf, size_t ad_len,
				 size_t text_len, size_t buf_len)
{
	struct scatterlist sg;

	if (WARN_ON_ONCE(!virt_addr_valid(buf)))
		return -EINVAL;
	sg_init_one(&sg, buf, buf_len);
	return tquic_crypto_aead_sg(to_crypto_key(prot), encrypt, &sg, ad_len,
				    text_len, nonce);
}

static int tquic_crypto_aead_seal(const struct tquic_prot_key *prot,
				  const u8 *nonce, u8 *buf, size_t ad_len,
				  size_t pt_len)
{
	return tquic_crypto_aead_buf(prot, true, nonce, buf, ad_len, pt_len,
				     ad_len + pt_len + TQUIC_PROT_TAG_LEN);
}

static int tquic_crypto_aead_open(const struct tquic_prot_key *prot,
				  const u8 *nonce, u8 *buf, size_t ad_len,
				  size_t ct_len)
{
	return tquic_crypto_aead_buf(prot, false, nonce, buf, ad_len, ct_len,
				     ad_len + ct_len);
}

/* RFC 9001 5.4.3: the mask is the start of AES-ECB(hp, sample). */
static void tquic_crypto_hp_aes(const struct tquic_crypto_key *key,
				const u8 *sample, u8 *mask)
{
	u8 block[AES_BLOCK_SIZE];

	aes_encrypt(&key->hp.aes, block, sample);
	memcpy(mask, block, TQUIC_PROT_MASK_LEN);
	memzero_explicit(block, sizeof(block));
}

/*
 * RFC 9001 5.4.4: ChaCha20 with counter = sample[0..3] (little endian)
 * and nonce = sample[4..15] encrypts five zero bytes, i.e. the mask is
 * the first five keystream bytes. That counter and nonce are exactly the
 * 16-byte IV chacha_init_generic() loads, so the sample is the IV.
 */
static void tquic_crypto_hp_chacha(const struct tquic_crypto_key *key,
				   const u8 *sample, u8 *mask)
{
	u32 state[CHACHA_STATE_WORDS];
	u8 stream[CHACHA_BLOCK_SIZE];

	chacha_init_generic(state, key->hp.chacha, sample);
	chacha20_block(state, stream);
	memcpy(mask, stream, TQUIC_PROT_MASK_LEN);
	memzero_explicit(state, sizeof(state));
	memzero_explicit(stream, sizeof(stream));
}

static int tquic_crypto_hp_mask(const struct tquic_prot_key *prot,
				const u8 *sample, u8 *mask)
{
	const struct tquic_crypto_key *key = to_crypto_key(prot);

	switch (key->cipher) {
	case TQUIC_PROT_AES_128_GCM:
		tquic_crypto_hp_aes(key, sample, mask);
		return 0;
	case TQUIC_PROT_CHACHA20_POLY1305:
		tquic_crypto_hp_chacha(key, sample, mask);
		return 0;
	}
	return -EINVAL;
}

const struct tquic_prot_ops tquic_crypto_prot_ops = {
	.hmac_sha256 = tquic_crypto_hmac_sha256,
	.aead_seal = tquic_crypto_aead_seal,
	.aead_open = tquic_crypto_aead_open,
	.hp_mask = tquic_crypto_hp_mask,
};

static int tquic_crypto_aead_key(struct crypto_aead *tfm,
				 const struct tquic_crypto_key *key,
				 const u8 *raw)
{
	int err;

	if (crypto_aead_ivsize(tfm) != TQUIC_PROT_IV_LEN)
		return -EINVAL;
	err = crypto_aead_setauthsize(tfm, TQUIC_PROT_TAG_LEN);
	if (err)
		return err;
	return crypto_aead_setkey(tfm, raw, tquic_prot_key_len(key->cipher));
}

/*
 * The SIMD code behind the asynchronous wrapper the crypto API prefers for
 * @name, if that is one of crypto/simd.c's: their inner algorithm's driver
 * name is theirs with "__" before it. NULL for none. Looked up, never
 * loaded (NOLOAD): the module that has it was loaded for the CPU at boot.
 */
static struct crypto_aead *tquic_crypto_simd_alloc(const char *name)
{
	char inner[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *tfm;
	bool async;
	int n;

	tfm = crypto_alloc_aead(name, 0, 0);
	if (IS_ERR(tfm))
		return NULL;
	async = crypto_aead_alg(tfm)->base.cra_flags & CRYPTO_ALG_ASYNC;
	n = snprintf(inner, sizeof(inner), "__%s",
		     crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm)));
	crypto_free_aead(tfm);
	if (!async || n >= sizeof(inner))
		return NULL;
	tfm = crypto_alloc_aead(inner, CRYPTO_ALG_INTERNAL,
				CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC |
				CRYPTO_NOLOAD);
	return IS_ERR(tfm) ? NULL : tfm;
}

/**
 * tquic_crypto_aead_alg() - the crypto API's name of an AEAD
 * @cipher: the AEAD
 *
 * Return: the name crypto_alloc_aead() is asked for, for messages.
 */
const char *tquic_crypto_aead_alg(enum tquic_prot_cipher cipher)
{
	return tquic_crypto_aead_name[cipher];
}

/* The synchronous transform the data path seals and opens with. */
static struct crypto_aead *tquic_crypto_aead_alloc(enum tquic_prot_cipher cipher)
{
	return crypto_alloc_aead(tquic_crypto_aead_name[cipher], 0,
				 CRYPTO_ALG_ASYNC);
}

/**
 * tquic_crypto_available() - can keys of @cipher be made?
 * @cipher: the AEAD
 *
 * Allocates its transform as a key would, loading modules if need be,
 * and frees it. Header protection needs nothing to check: its AES and
 * ChaCha20 library functions are symbols this module links against.
 * Process context.
 *
 * Return: 0, or the crypto API's errno (-ENOENT: no such algorithm).
 */
int tquic_crypto_available(enum tquic_prot_cipher cipher)
{
	struct crypto_aead *tfm = tquic_crypto_aead_alloc(cipher);

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	crypto_free_aead(tfm);
	return 0;
}

static int tquic_crypto_aead_init(struct tquic_crypto_key *key, const u8 *raw)
{
	struct crypto_aead *tfm;
	int err;

	tfm = tquic_crypto_aead_alloc(key->cipher);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	key->aead = tfm;
	err = tquic_crypto_aead_key(tfm, key, raw);
	if (err)
		return err;
	tfm = tquic_crypto_simd_alloc(tquic_crypto_aead_name[key->cipher]);
	if (!tfm)
		return 0;
	key->simd = tfm;
	return tquic_crypto_aead_key(tfm, key, raw);
}

static int tquic_crypto_hp_init(struct tquic_crypto_key *key, const u8 *raw)
{
	unsigned int i;
	__le32 w;

	switch (key->cipher) {
	case TQUIC_PROT_AES_128_GCM:
		return aes_expandkey(&key->hp.aes, raw,
				     tquic_prot_key_len(key->cipher));
	case TQUIC_PROT_CHACHA20_POLY1305:
		/* chacha_init_generic() takes the key as host-order words. */
		for (i = 0; i < ARRAY_SIZE(key->hp.chacha); i++) {
			memcpy(&w, raw + 4 * i, sizeof(w));
			key->hp.chacha[i] = le32_to_cpu(w);
		}
		return 0;
	}
	return -EINVAL;
}

/* Everything but header protection, which the caller sets up. */
static struct tquic_crypto_key *
tquic_crypto_key_create(const struct tquic_prot_material *m)
{
	struct tquic_crypto_key *key;
	int err;

	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key)
		return ERR_PTR(-ENOMEM);
	key->prot.ops = &tquic_crypto_prot_ops;
	memcpy(key->prot.iv, m->iv, TQUIC_PROT_IV_LEN);
	key->cipher = m->cipher;
	memcpy(key->secret, m->secret, TQUIC_PROT_SECRET_LEN);
	err = tquic_crypto_aead_init(key, m->key);
	if (err) {
		tquic_crypto_key_free(key);
		return ERR_PTR(err);
	}
	return key;
}

/**
 * tquic_crypto_key_alloc() - key context of one direction from its secret
 * @cipher: the AEAD
 * @secret: the 32-byte traffic secret
 *
 * Derives key, IV and header protection key (RFC 9001 5.1) and sets up
 * the transforms. Process context only: the crypto API may load modules.
 *
 * Return: the key or an ERR_PTR().
 */
struct tquic_crypto_key *tquic_crypto_key_alloc(enum tquic_prot_cipher cipher,
						const u8 *secret)
{
	struct tquic_crypto_key *key;
	struct tquic_prot_material m;
	struct crypto_shash *kdf;
	int err;

	kdf = tquic_crypto_kdf_alloc();
	if (IS_ERR(kdf))
		return ERR_CAST(kdf);
	err = tquic_prot_derive(&tquic_crypto_prot_ops, kdf, cipher, secret, &m);
	tquic_crypto_kdf_free(kdf);
	if (err)
		return ERR_PTR(err);
	key = tquic_crypto_key_create(&m);
	if (!IS_ERR(key)) {
		err = tquic_crypto_hp_init(key, m.hp);
		if (err) {
			tquic_crypto_key_free(key);
			key = ERR_PTR(err);
		}
	}
	tquic_prot_material_wipe(&m);
	return key;
}

/**
 * tquic_crypto_key_next() - key context of the next key phase
 * @cur: the current key
 *
 * RFC 9001 section 6: new secret from "quic ku", new key and IV, the
 * same header protection key. @cur is left as it is; a receiver keeps
 * both until the switch is confirmed. Process context only.
 *
 * Return: the key or an ERR_PTR().
 */
struct tquic_crypto_key *
tquic_crypto_key_next(const struct tquic_crypto_key *cur)
{
	struct tquic_crypto_key *key;
	struct tquic_prot_material m;
	struct crypto_shash *kdf;
	int err;

	kdf = tquic_crypto_kdf_alloc();
	if (IS_ERR(kdf))
		return ERR_CAST(kdf);
	memset(&m, 0, sizeof(m));
	m.cipher = cur->cipher;
	memcpy(m.secret, cur->secret, TQUIC_PROT_SECRET_LEN);
	err = tquic_prot_derive_next(&tquic_crypto_prot_ops, kdf, &m, &m);
	tquic_crypto_kdf_free(kdf);
	if (err) {
		tquic_prot_material_wipe(&m);
		return ERR_PTR(err);
	}
	key = tquic_crypto_key_create(&m);
	if (!IS_ERR(key))
		key->hp = cur->hp;
	tquic_prot_material_wipe(&m);
	return key;
}

/**
 * tquic_crypto_key_free() - free a key context
 * @key: the key, NULL or an ERR_PTR()
 *
 * Erases IV, secret and header protection key with the structure
 * (kfree_sensitive()); the crypto API does the same for the AEAD key.
 */
void tquic_crypto_key_free(struct tquic_crypto_key *key)
{
	if (IS_ERR_OR_NULL(key))
		return;
	crypto_free_aead(key->aead);
	crypto_free_aead(key->simd);
	kfree_sensitive(key);
}

/*
 * The AEAD templates are found by name at key setup; name them here so
 * that modprobe and initramfs tools bring them along with tquic.
 */
MODULE_SOFTDEP("pre: crypto-gcm crypto-rfc7539 crypto-hmac");

/* Scatterlist entries on the stack; a longer list is allocated. */
#define TQUIC_CRYPTO_SG_STACK	4

/*
 * AEAD over the whole skb in place: [0, @ad_len) is associated data; the
 * nonce is the multipath one of @path_id and @pn. @nsg: scatterlist
 * entries the skb takes (skb_cow_data()).
 */
int tquic_crypto_aead_skb(const struct tquic_crypto_key *key, bool encrypt,
			  struct sk_buff *skb, int nsg, unsigned int ad_len,
			  unsigned int cryptlen, u32 path_id, u64 pn)
{
	struct scatterlist sg_stack[TQUIC_CRYPTO_SG_STACK], *sg = sg_stack;
	u8 nonce[TQUIC_PROT_IV_LEN];
	int err;

	err = tquic_prot_nonce(key->prot.iv, path_id, pn, nonce);
	if (err)
		return err;
	if (nsg > TQUIC_CRYPTO_SG_STACK) {
		sg = kmalloc_array(nsg, sizeof(*sg), GFP_ATOMIC);
		if (!sg)
			return -ENOMEM;
	}
	sg_init_table(sg, nsg);
	err = skb_to_sgvec(skb, sg, 0, skb->len);
	if (err >= 0)
		err = tquic_crypto_aead_sg(key, encrypt, sg, ad_len, cryptlen,
					   nonce);
	if (sg != sg_stack)
		kfree(sg);
	return err;
}
