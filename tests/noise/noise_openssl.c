// SPDX-License-Identifier: GPL-2.0
/*
 * OpenSSL 3 backend of the Noise core: X25519, BLAKE2s-256 and BLAKE2SMAC,
 * ChaCha20-Poly1305 with the 64-bit counter nonce WireGuard uses (four
 * zero bytes, then the counter little endian).
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "noise_openssl.h"

static void die(const char *what)
{
	fprintf(stderr, "openssl: %s failed\n", what);
	abort();
}

#define QUEUE_MAX 8
static u8 queued[QUEUE_MAX][TQUIC_NOISE_KEY_LEN];
static unsigned int nr_queued, next_queued;

void noise_ossl_queue_ephemeral(const u8 *priv)
{
	if (nr_queued == QUEUE_MAX)
		die("ephemeral queue");
	memcpy(queued[nr_queued++], priv, TQUIC_NOISE_KEY_LEN);
}

static void gen_private(u8 *priv)
{
	if (next_queued < nr_queued) {
		memcpy(priv, queued[next_queued++], TQUIC_NOISE_KEY_LEN);
		if (next_queued == nr_queued)
			next_queued = nr_queued = 0;
	} else if (RAND_bytes(priv, TQUIC_NOISE_KEY_LEN) != 1) {
		die("RAND_bytes");
	}
	/* OpenSSL clamps on use anyway; do it here like the kernel does. */
	priv[0] &= 248;
	priv[31] = (priv[31] & 127) | 64;
}

static bool dh(u8 *out, const u8 *priv, const u8 *pub)
{
	EVP_PKEY *k, *p;
	EVP_PKEY_CTX *c;
	size_t len = TQUIC_NOISE_KEY_LEN;
	bool ok;

	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
	p = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pub, 32);
	if (!k || !p)
		die("X25519 key");
	c = EVP_PKEY_CTX_new(k, NULL);
	if (!c || EVP_PKEY_derive_init(c) != 1 ||
	    EVP_PKEY_derive_set_peer(c, p) != 1)
		die("X25519 setup");
	/* OpenSSL refuses an all-zero result, as RFC 7748 allows. */
	ok = EVP_PKEY_derive(c, out, &len) == 1 && len == 32;
	if (!ok)
		memset(out, 0, TQUIC_NOISE_KEY_LEN);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(k);
	EVP_PKEY_free(p);
	return ok;
}

bool noise_ossl_pubkey(u8 *pub, const u8 *priv)
{
	EVP_PKEY *k;
	size_t len = 32;
	bool ok;

	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
	ok = k && EVP_PKEY_get_raw_public_key(k, pub, &len) == 1 && len == 32;
	EVP_PKEY_free(k);
	return ok;
}

static void blake2s(u8 *out, size_t out_len, const u8 *in, size_t in_len,
		    const u8 *key, size_t key_len)
{
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;
	EVP_MAC *mac;
	size_t n;

	if (!key_len) {
		unsigned int md_len;

		if (out_len != 32 ||
		    EVP_Digest(in, in_len, out, &md_len, EVP_blake2s256(),
			       NULL) != 1 || md_len != 32)
			die("BLAKE2s-256");
		return;
	}
	mac = EVP_MAC_fetch(NULL, "BLAKE2SMAC", NULL);
	ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	params[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &out_len);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx || EVP_MAC_init(ctx, key, key_len, params) != 1 ||
	    EVP_MAC_update(ctx, in, in_len) != 1 ||
	    EVP_MAC_final(ctx, out, &n, out_len) != 1 || n != out_len)
		die("BLAKE2SMAC");
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

static void nonce96(u8 *iv, u64 nonce)
{
	int i;

	memset(iv, 0, 4);
	for (i = 0; i < 8; i++)
		iv[4 + i] = nonce >> (8 * i);
}

static void aead_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		      size_t ad_len, u64 nonce, const u8 *key)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	u8 iv[12];
	int n;

	nonce96(iv, nonce);
	if (!c ||
	    EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, key, iv) != 1 ||
	    EVP_EncryptUpdate(c, NULL, &n, ad, ad_len) != 1 ||
	    (len && EVP_EncryptUpdate(c, dst, &n, src, len) != 1) ||
	    EVP_EncryptFinal_ex(c, dst + len, &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, dst + len) != 1)
		die("ChaCha20-Poly1305 seal");
	EVP_CIPHER_CTX_free(c);
}

static bool aead_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		      size_t ad_len, u64 nonce, const u8 *key)
{
	EVP_CIPHER_CTX *c;
	u8 iv[12], tag[16];
	bool ok;
	int n;

	if (len < 16)
		return false;
	len -= 16;
	memcpy(tag, src + len, 16);
	c = EVP_CIPHER_CTX_new();
	nonce96(iv, nonce);
	if (!c ||
	    EVP_DecryptInit_ex(c, EVP_chacha20_poly1305(), NULL, key, iv) != 1 ||
	    EVP_DecryptUpdate(c, NULL, &n, ad, ad_len) != 1 ||
	    (len && EVP_DecryptUpdate(c, dst, &n, src, len) != 1) ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, tag) != 1)
		die("ChaCha20-Poly1305 open");
	ok = EVP_DecryptFinal_ex(c, dst + len, &n) == 1;
	EVP_CIPHER_CTX_free(c);
	return ok;
}

const struct tquic_noise_ops noise_ossl_ops = {
	.dh = dh,
	.gen_private = gen_private,
	.blake2s = blake2s,
	.aead_seal = aead_seal,
	.aead_open = aead_open,
};
