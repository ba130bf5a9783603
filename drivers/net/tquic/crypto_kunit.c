// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of packet protection through the kernel crypto backend
 * (crypto.c): the same RFC 9001 appendix A and multipath vectors the host
 * tests run against OpenSSL (core/protection_vectors.h), so both backends are held to
 * the RFC and not just to each other.
 */
#include <crypto/aead.h>
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto.h"
#include "core/protection_vectors.h"

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#endif

/* KUnit gained MEMEQ in 6.2; 6.1 kernels with KUnit get a plain memcmp. */
#ifndef KUNIT_EXPECT_MEMEQ
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ(test, memcmp(left, right, size), 0)
#endif

/* Packets above this get one flipped bit per byte instead of all eight. */
#define TQUIC_KUNIT_ALL_BITS_MAX	256

static void tquic_kunit_packet_desc(const struct tquic_prot_packet_vector *v,
				    char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tquic_kunit_packet, tquic_prot_packet_vectors,
		  tquic_kunit_packet_desc);

static void tquic_kunit_nonce_desc(const struct tquic_prot_nonce_vector *v,
				   char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tquic_kunit_nonce, tquic_prot_nonce_vectors,
		  tquic_kunit_nonce_desc);

/* Unprotected packet in kmalloc memory: the AEAD maps it with sg. */
static u8 *tquic_kunit_plain(struct kunit *test,
			     const struct tquic_prot_packet_vector *v)
{
	u8 *pkt = kunit_kzalloc(test, v->packet_len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pkt);
	memcpy(pkt, v->header, v->header_len);
	memcpy(pkt + v->header_len, v->frames, v->frames_len);
	return pkt;
}

static u8 *tquic_kunit_protected(struct kunit *test,
				 const struct tquic_prot_packet_vector *v)
{
	u8 *pkt = kunit_kmalloc(test, v->packet_len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pkt);
	memcpy(pkt, v->packet, v->packet_len);
	return pkt;
}

/*
 * The receive path: remove header protection, rebuild the full packet
 * number around the expected one, open.
 */
static int tquic_kunit_recv(const struct tquic_crypto_key *key,
			    u32 path_id, const struct tquic_prot_packet_vector *v,
			    u8 *pkt)
{
	unsigned int pn_len;
	u64 win, pn;
	u32 tpn;
	int err;

	err = tquic_prot_hp_remove(&key->prot, pkt, v->packet_len, v->pn_offset,
				   &tpn, &pn_len);
	if (err)
		return err;
	win = 1ULL << (8 * pn_len);
	pn = (v->pn & ~(win - 1)) | tpn;
	return tquic_prot_open(&key->prot, path_id, pn, pkt,
			       v->pn_offset + pn_len, v->packet_len);
}

/* A.1: HKDF-Extract and the "client in" / "server in" secrets. */
static void tquic_kunit_initial_secrets(struct kunit *test)
{
	const struct tquic_prot_initial_vector *v = &tquic_prot_initial_vector;
	const struct tquic_prot_ops *ops = &tquic_crypto_prot_ops;
	u8 out[TQUIC_PROT_SECRET_LEN];
	struct crypto_shash *kdf;
	int err;

	kdf = tquic_crypto_kdf_alloc();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kdf);
	/* HKDF-Extract(salt, IKM) is HMAC(salt, IKM). */
	err = ops->hmac_sha256(kdf, v->salt, v->salt_len, v->dcid, v->dcid_len,
			       out);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_MEMEQ(test, out, v->initial_secret, sizeof(out));
	err = tquic_prot_hkdf_expand_label(ops, kdf, v->initial_secret,
					   TQUIC_PROT_SECRET_LEN, "client in",
					   out, sizeof(out));
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_MEMEQ(test, out, v->client_secret, sizeof(out));
	err = tquic_prot_hkdf_expand_label(ops, kdf, v->initial_secret,
					   TQUIC_PROT_SECRET_LEN, "server in",
					   out, sizeof(out));
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_MEMEQ(test, out, v->server_secret, sizeof(out));
	tquic_crypto_kdf_free(kdf);
}

static void tquic_kunit_derive(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	const struct tquic_prot_ops *ops = &tquic_crypto_prot_ops;
	unsigned int len = tquic_prot_key_len(v->cipher);
	struct tquic_prot_material m, next;
	struct crypto_shash *kdf;

	kdf = tquic_crypto_kdf_alloc();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kdf);
	KUNIT_EXPECT_EQ(test, tquic_prot_derive(ops, kdf, v->cipher, v->secret,
						&m), 0);
	KUNIT_EXPECT_MEMEQ(test, m.key, v->key, len);
	KUNIT_EXPECT_MEMEQ(test, m.iv, v->iv, TQUIC_PROT_IV_LEN);
	KUNIT_EXPECT_MEMEQ(test, m.hp, v->hp, len);
	if (v->ku) {
		KUNIT_EXPECT_EQ(test, tquic_prot_derive_next(ops, kdf, &m, &next),
				0);
		KUNIT_EXPECT_MEMEQ(test, next.secret, v->ku,
				   TQUIC_PROT_SECRET_LEN);
		tquic_prot_material_wipe(&next);
	}
	tquic_prot_material_wipe(&m);
	tquic_crypto_kdf_free(kdf);
}

static void tquic_kunit_hp_mask(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	struct tquic_crypto_key *key;
	u8 mask[TQUIC_PROT_MASK_LEN];

	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	KUNIT_EXPECT_EQ(test, key->prot.ops->hp_mask(&key->prot, v->sample, mask),
			0);
	KUNIT_EXPECT_MEMEQ(test, mask, v->mask, sizeof(mask));
	tquic_crypto_key_free(key);
}

static void tquic_kunit_protect(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	u8 *pkt = tquic_kunit_plain(test, v);
	struct tquic_crypto_key *key;

	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	KUNIT_EXPECT_EQ(test, tquic_prot_protect(&key->prot, 0, v->pn, pkt,
						 v->pn_offset, v->packet_len),
			0);
	KUNIT_EXPECT_MEMEQ(test, pkt, v->packet, v->packet_len);
	tquic_crypto_key_free(key);
}

static void tquic_kunit_unprotect(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	u8 *want = tquic_kunit_plain(test, v);
	u8 *pkt = tquic_kunit_protected(test, v);
	struct tquic_crypto_key *key;

	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(key, 0, v, pkt),
			(int)v->payload_len);
	KUNIT_EXPECT_MEMEQ(test, pkt, want, v->header_len + v->payload_len);
	tquic_crypto_key_free(key);
}

/* Header protection and AEAD together must catch single-bit flips. */
static void tquic_kunit_bit_flips(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	bool every_bit = v->packet_len <= TQUIC_KUNIT_ALL_BITS_MAX;
	u8 *pkt = tquic_kunit_protected(test, v);
	struct tquic_crypto_key *key;
	size_t i;

	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	for (i = 0; i < v->packet_len * 8; i++) {
		if (!every_bit && i % 8 != (i / 8) % 8)
			continue;
		memcpy(pkt, v->packet, v->packet_len);
		pkt[i / 8] ^= 1 << (i % 8);
		KUNIT_EXPECT_LT_MSG(test, tquic_kunit_recv(key, 0, v, pkt),
				    0, "flipped bit %zu accepted", i);
	}
	tquic_crypto_key_free(key);
}

static void tquic_kunit_nonce(struct kunit *test)
{
	const struct tquic_prot_nonce_vector *v = test->param_value;
	u8 nonce[TQUIC_PROT_IV_LEN];

	KUNIT_EXPECT_EQ(test, tquic_prot_nonce(v->iv, v->path_id, v->pn, nonce),
			0);
	KUNIT_EXPECT_MEMEQ(test, nonce, v->nonce, sizeof(nonce));
}

/* RFC 9001 section 6 through the backend's own key roll. */
static void tquic_kunit_key_next(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = &tquic_prot_packet_vectors[2];
	u8 *pkt = tquic_kunit_plain(test, v);
	u8 *copy = kunit_kmalloc(test, v->packet_len, GFP_KERNEL);
	struct tquic_crypto_key *cur, *next;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	KUNIT_ASSERT_NOT_NULL(test, v->ku);
	cur = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cur);
	next = tquic_crypto_key_next(cur);
	if (IS_ERR(next)) {
		tquic_crypto_key_free(cur);
		KUNIT_FAIL(test, "tquic_crypto_key_next: %ld", PTR_ERR(next));
		return;
	}
	KUNIT_EXPECT_MEMEQ(test, next->secret, v->ku, TQUIC_PROT_SECRET_LEN);
	KUNIT_EXPECT_MEMEQ(test, &next->hp, &cur->hp, sizeof(cur->hp));
	KUNIT_EXPECT_EQ(test, tquic_prot_protect(&next->prot, 0, v->pn, pkt,
						 v->pn_offset, v->packet_len),
			0);
	memcpy(copy, pkt, v->packet_len);
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(next, 0, v, pkt),
			(int)v->payload_len);
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(cur, 0, v, copy),
			-EBADMSG);
	tquic_crypto_key_free(next);
	tquic_crypto_key_free(cur);
}

/* The path ID is in the nonce: a packet opens only on its own path. */
static void tquic_kunit_multipath(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = &tquic_prot_packet_vectors[2];
	u8 *pkt = tquic_kunit_plain(test, v);
	u8 *copy = kunit_kmalloc(test, v->packet_len, GFP_KERNEL);
	struct tquic_crypto_key *key;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	KUNIT_EXPECT_EQ(test, tquic_prot_protect(&key->prot, 3, v->pn, pkt,
						 v->pn_offset, v->packet_len),
			0);
	KUNIT_EXPECT_NE(test, memcmp(pkt, v->packet, v->packet_len), 0);
	memcpy(copy, pkt, v->packet_len);
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(key, 3, v, pkt),
			(int)v->payload_len);
	KUNIT_EXPECT_MEMEQ(test, pkt + v->header_len, v->frames,
			   v->frames_len);
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(key, 0, v, copy),
			-EBADMSG);
	tquic_crypto_key_free(key);
}

/* x86 with AES-NI has a SIMD AES-GCM: aesni_intel, loaded for the CPU. */
static bool tquic_kunit_simd_expected(const struct tquic_prot_packet_vector *v)
{
#ifdef CONFIG_X86
	return IS_ENABLED(CONFIG_CRYPTO_AES_NI_INTEL) &&
	       v->cipher == TQUIC_PROT_AES_128_GCM &&
	       boot_cpu_has(X86_FEATURE_AES) &&
	       boot_cpu_has(X86_FEATURE_PCLMULQDQ);
#else
	return false;
#endif
}

/*
 * A key with a SIMD AEAD uses it where the FPU is free (as here) and the
 * synchronous transform elsewhere: both must give the RFC's packet, and
 * each must open what the other sealed.
 */
static void tquic_kunit_simd(struct kunit *test)
{
	const struct tquic_prot_packet_vector *v = test->param_value;
	u8 *pkt = tquic_kunit_plain(test, v);
	u8 *copy = kunit_kmalloc(test, v->packet_len, GFP_KERNEL);
	struct tquic_crypto_key *key;
	struct crypto_aead *simd;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	key = tquic_crypto_key_alloc(v->cipher, v->secret);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, key);
	simd = key->simd;
	if (!simd) {
		tquic_crypto_key_free(key);
		KUNIT_EXPECT_FALSE_MSG(test, tquic_kunit_simd_expected(v),
				       "no SIMD AEAD although the CPU has one");
		return;
	}
	KUNIT_EXPECT_EQ(test, tquic_prot_protect(&key->prot, 0, v->pn, pkt,
						 v->pn_offset, v->packet_len),
			0);
	KUNIT_EXPECT_MEMEQ(test, pkt, v->packet, v->packet_len);
	memcpy(copy, pkt, v->packet_len);
	key->simd = NULL;
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(key, 0, v, copy),
			(int)v->payload_len);
	KUNIT_EXPECT_MEMEQ(test, copy, tquic_kunit_plain(test, v),
			   v->header_len + v->payload_len);
	KUNIT_EXPECT_EQ(test, tquic_prot_protect(&key->prot, 0, v->pn, copy,
						 v->pn_offset, v->packet_len),
			0);
	KUNIT_EXPECT_MEMEQ(test, copy, v->packet, v->packet_len);
	key->simd = simd;
	KUNIT_EXPECT_EQ(test, tquic_kunit_recv(key, 0, v, copy),
			(int)v->payload_len);
	tquic_crypto_key_free(key);
}

static struct kunit_case tquic_crypto_kunit_cases[] = {
	KUNIT_CASE(tquic_kunit_initial_secrets),
	KUNIT_CASE_PARAM(tquic_kunit_derive, tquic_kunit_packet_gen_params),
	KUNIT_CASE_PARAM(tquic_kunit_hp_mask, tquic_kunit_packet_gen_params),
	KUNIT_CASE_PARAM(tquic_kunit_protect, tquic_kunit_packet_gen_params),
	KUNIT_CASE_PARAM(tquic_kunit_unprotect, tquic_kunit_packet_gen_params),
	KUNIT_CASE_PARAM(tquic_kunit_bit_flips, tquic_kunit_packet_gen_params),
	KUNIT_CASE_PARAM(tquic_kunit_nonce, tquic_kunit_nonce_gen_params),
	KUNIT_CASE(tquic_kunit_key_next),
	KUNIT_CASE(tquic_kunit_multipath),
	KUNIT_CASE_PARAM(tquic_kunit_simd, tquic_kunit_packet_gen_params),
	{}
};

static struct kunit_suite tquic_crypto_kunit_suite = {
	.name = "tquic-crypto",
	.test_cases = tquic_crypto_kunit_cases,
};

kunit_test_suite(tquic_crypto_kunit_suite);
