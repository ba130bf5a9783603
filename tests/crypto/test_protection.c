// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the packet-protection core (protection.c) with the OpenSSL
 * backend: RFC 9001 appendix A vectors, the multipath nonce, key update,
 * tampering and truncation. Prints TAP 13; exits 1 if anything failed.
 *
 * OpenSSL's own HKDF and TLS13-KDF serve as an independent reference for
 * the steps the RFC gives no intermediate value for.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "protection_openssl.h"
#include "protection_vectors.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- TAP ---- */

static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/* Compare, and on a mismatch show the first differing byte. */
static bool same(const char *what, const u8 *got, const u8 *want, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			diag("%s: byte %zu is %02x, want %02x", what, i,
			     got[i], want[i]);
			return false;
		}
	}
	return true;
}

static bool check_int(const char *what, long long got, long long want)
{
	if (got == want)
		return true;
	diag("%s: got %lld, want %lld", what, got, want);
	return false;
}

/* ---- helpers ---- */

static u8 *xmalloc(size_t len)
{
	/* An exact-size block, so ASan catches any read past the packet. */
	u8 *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

static u8 *dup_bytes(const u8 *src, size_t len)
{
	u8 *p = xmalloc(len);

	memcpy(p, src, len);
	return p;
}

static void material_of(const struct tquic_prot_packet_vector *v,
			struct tquic_prot_material *m)
{
	unsigned int len = tquic_prot_key_len(v->cipher);

	memset(m, 0, sizeof(*m));
	m->cipher = v->cipher;
	memcpy(m->secret, v->secret, TQUIC_PROT_SECRET_LEN);
	memcpy(m->key, v->key, len);
	memcpy(m->iv, v->iv, TQUIC_PROT_IV_LEN);
	memcpy(m->hp, v->hp, len);
}

/* The RFC's keys, not derived ones: each step is tested on its own. */
static void key_of(const struct tquic_prot_packet_vector *v,
		   struct prot_ossl_key *k)
{
	struct tquic_prot_material m;

	material_of(v, &m);
	if (prot_ossl_key_init(k, &m)) {
		fprintf(stderr, "prot_ossl_key_init failed\n");
		exit(2);
	}
	tquic_prot_material_wipe(&m);
}

/* Unprotected packet: header, frames, PADDING, room for the tag. */
static u8 *plain_packet(const struct tquic_prot_packet_vector *v)
{
	u8 *p = xmalloc(v->packet_len);

	memset(p, 0, v->packet_len);
	memcpy(p, v->header, v->header_len);
	memcpy(p + v->header_len, v->frames, v->frames_len);
	return p;
}

/*
 * Undo header protection and open: the receive path as the data path
 * will run it. The full PN is rebuilt around @expect_pn the way RFC 9000
 * appendix A.3 would for a packet this close to the expected one.
 */
static int unprotect(const struct prot_ossl_key *k, u32 path_id, u64 expect_pn,
		     u8 *pkt, size_t len, size_t pn_offset, u64 *pn_out)
{
	unsigned int pn_len;
	u32 tpn;
	u64 win, pn;
	int err;

	err = tquic_prot_hp_remove(&k->pp, pkt, len, pn_offset, &tpn, &pn_len);
	if (err)
		return err;
	win = 1ULL << (8 * pn_len);
	pn = (expect_pn & ~(win - 1)) | tpn;
	if (pn_out)
		*pn_out = pn;
	return tquic_prot_open(&k->pp, path_id, pn, pkt, pn_offset + pn_len, len);
}

static int protect_vec(const struct prot_ossl_key *k, u32 path_id,
		       const struct tquic_prot_packet_vector *v, u8 *pkt)
{
	return tquic_prot_protect(&k->pp, path_id, v->pn, pkt, v->pn_offset,
				  v->packet_len);
}

static int unprotect_vec(const struct prot_ossl_key *k, u32 path_id,
			 const struct tquic_prot_packet_vector *v, u8 *pkt)
{
	return unprotect(k, path_id, v->pn, pkt, v->packet_len, v->pn_offset,
			 NULL);
}

/* ---- A.1: secrets ---- */

static bool ossl_hkdf_extract(const u8 *salt, size_t salt_len,
			      const u8 *ikm, size_t ikm_len, u8 *prk)
{
	int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 "SHA256", 0),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
						  (void *)salt, salt_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						  (void *)ikm, ikm_len),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *c = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	bool ok = c && EVP_KDF_derive(c, prk, TQUIC_PROT_SECRET_LEN,
				      params) == 1;

	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	return ok;
}

/* OpenSSL's TLS 1.3 HKDF-Expand-Label, the reference for ours. */
static bool ossl_expand_label(const u8 *secret, size_t secret_len,
			      const char *label, u8 *out, size_t out_len)
{
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 "SHA256", 0),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						  (void *)secret, secret_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PREFIX,
						  "tls13 ", 6),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_LABEL,
						  (void *)label,
						  strlen(label)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_DATA,
						  "", 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS13-KDF", NULL);
	EVP_KDF_CTX *c = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	bool ok = c && EVP_KDF_derive(c, out, out_len, params) == 1;

	EVP_KDF_CTX_free(c);
	EVP_KDF_free(kdf);
	return ok;
}

static bool test_a1_initial_secret(const void *arg)
{
	const struct tquic_prot_initial_vector *v = arg;
	u8 prk[TQUIC_PROT_SECRET_LEN];

	if (!ossl_hkdf_extract(v->salt, v->salt_len, v->dcid, v->dcid_len,
			       prk)) {
		diag("OpenSSL HKDF-Extract failed");
		return false;
	}
	return same("initial_secret", prk, v->initial_secret, sizeof(prk));
}

static bool expand_is(const u8 *secret, const char *label, const u8 *want,
		      size_t len)
{
	u8 out[TQUIC_PROT_SECRET_LEN];
	int err;

	err = tquic_prot_hkdf_expand_label(&prot_ossl_ops, NULL, secret,
					   TQUIC_PROT_SECRET_LEN, label, out, len);
	return check_int(label, err, 0) && same(label, out, want, len);
}

static bool test_a1_client_secret(const void *arg)
{
	const struct tquic_prot_initial_vector *v = arg;

	return expand_is(v->initial_secret, "client in", v->client_secret,
			 TQUIC_PROT_SECRET_LEN);
}

static bool test_a1_server_secret(const void *arg)
{
	const struct tquic_prot_initial_vector *v = arg;

	return expand_is(v->initial_secret, "server in", v->server_secret,
			 TQUIC_PROT_SECRET_LEN);
}

/* Lengths that cross the 32-byte block boundary of HKDF-Expand. */
static bool test_expand_label_vs_openssl(const void *arg)
{
	static const char *const labels[] = {
		"quic key", "quic iv", "quic hp", "quic ku", "x",
		"a label of exactly thirty-two ch",
	};
	static const size_t lens[] = { 1, 12, 16, 31, 32, 33, 64, 65, 100 };
	const u8 *secret = tquic_prot_a5_secret;
	u8 ours[100], ref[100];
	size_t i, j;

	(void)arg;
	for (i = 0; i < ARRAY_SIZE(labels); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			if (tquic_prot_hkdf_expand_label(&prot_ossl_ops, NULL,
							 secret, 32, labels[i],
							 ours, lens[j]) ||
			    !ossl_expand_label(secret, 32, labels[i], ref,
					       lens[j]) ||
			    !same(labels[i], ours, ref, lens[j])) {
				diag("label \"%s\", length %zu", labels[i],
				     lens[j]);
				return false;
			}
		}
	}
	return true;
}

/* Room for the longest output the function may be asked for. */
static int expand_rc(const char *label, size_t len)
{
	static u8 out[255 * 32 + 1];

	return tquic_prot_hkdf_expand_label(&prot_ossl_ops, NULL,
					    tquic_prot_a5_secret, 32, label, out,
					    len);
}

static bool test_expand_label_rejects(const void *arg)
{
	bool ok = true;

	(void)arg;
	ok &= check_int("empty label", expand_rc("", 16), -EINVAL);
	ok &= check_int("NULL label", expand_rc(NULL, 16), -EINVAL);
	ok &= check_int("33-byte label",
			expand_rc("a label of exactly thirty-three c", 16),
			-EINVAL);
	ok &= check_int("length 0", expand_rc("quic key", 0), -EINVAL);
	ok &= check_int("length 255*32+1",
			expand_rc("quic key", 255 * 32 + 1), -EINVAL);
	return ok;
}

/* ---- per packet vector ---- */

static bool test_derive(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	unsigned int len = tquic_prot_key_len(v->cipher);
	struct tquic_prot_material m;
	bool ok;

	if (!check_int("derive", tquic_prot_derive(&prot_ossl_ops, NULL,
						   v->cipher, v->secret, &m), 0))
		return false;
	ok = same("key", m.key, v->key, len) &&
	     same("iv", m.iv, v->iv, TQUIC_PROT_IV_LEN) &&
	     same("hp", m.hp, v->hp, len) &&
	     same("secret kept", m.secret, v->secret, TQUIC_PROT_SECRET_LEN);
	tquic_prot_material_wipe(&m);
	return ok;
}

static bool test_hp_mask(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	struct prot_ossl_key k;
	u8 mask[TQUIC_PROT_MASK_LEN];
	bool ok;

	key_of(v, &k);
	ok = check_int("hp_mask", prot_ossl_ops.hp_mask(&k.pp, v->sample, mask),
		       0) &&
	     same("mask", mask, v->mask, sizeof(mask));
	prot_ossl_key_wipe(&k);
	return ok;
}

static bool test_protect(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	u8 *pkt = plain_packet(v);
	struct prot_ossl_key k;
	bool ok;

	key_of(v, &k);
	ok = check_int("protect", protect_vec(&k, 0, v, pkt), 0) &&
	     same("packet", pkt, v->packet, v->packet_len);
	prot_ossl_key_wipe(&k);
	free(pkt);
	return ok;
}

static bool test_unprotect(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	u8 *pkt = dup_bytes(v->packet, v->packet_len);
	u8 *want = plain_packet(v);
	size_t pn_len = v->header_len - v->pn_offset;
	struct prot_ossl_key k;
	unsigned int got_len;
	u32 tpn;
	bool ok;
	int n;

	key_of(v, &k);
	n = tquic_prot_hp_remove(&k.pp, pkt, v->packet_len, v->pn_offset, &tpn,
				 &got_len);
	ok = check_int("hp_remove", n, 0) &&
	     check_int("pn_len", got_len, pn_len) &&
	     check_int("truncated pn", tpn,
		       v->pn & ((1ULL << (8 * pn_len)) - 1)) &&
	     same("header", pkt, v->header, v->header_len);
	if (ok) {
		n = tquic_prot_open(&k.pp, 0, v->pn, pkt, v->header_len,
				    v->packet_len);
		ok = check_int("open", n, v->payload_len) &&
		     same("payload", pkt + v->header_len,
			  want + v->header_len, v->payload_len);
	}
	prot_ossl_key_wipe(&k);
	free(want);
	free(pkt);
	return ok;
}

/* Header protection and AEAD together must catch every single-bit flip. */
static bool test_bit_flips(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	u8 *pkt = xmalloc(v->packet_len);
	struct prot_ossl_key k;
	size_t bit, accepted = 0;

	key_of(v, &k);
	for (bit = 0; bit < v->packet_len * 8; bit++) {
		memcpy(pkt, v->packet, v->packet_len);
		pkt[bit / 8] ^= 1 << (bit % 8);
		if (unprotect_vec(&k, 0, v, pkt) >= 0) {
			diag("flipped bit %zu was accepted", bit);
			accepted++;
		}
	}
	prot_ossl_key_wipe(&k);
	free(pkt);
	return !accepted;
}

static bool test_truncation(const void *arg)
{
	const struct tquic_prot_packet_vector *v = arg;
	struct prot_ossl_key k;
	size_t len, accepted = 0;

	key_of(v, &k);
	for (len = 0; len < v->packet_len; len++) {
		u8 *pkt = dup_bytes(v->packet, len);

		if (unprotect(&k, 0, v->pn, pkt, len, v->pn_offset, NULL) >= 0) {
			diag("packet cut to %zu bytes was accepted", len);
			accepted++;
		}
		free(pkt);
	}
	prot_ossl_key_wipe(&k);
	return !accepted;
}

/*
 * Which bits of byte 0 header protection covers (RFC 9001 5.4.1): over
 * enough packets every bit of the mask shows up, so the union of the
 * changes must be exactly 0x1f for a short header (reserved bits, key
 * phase, PN length) and 0x0f for a long one, and unprotect must restore
 * the byte.
 */
static bool first_byte_bits(const struct tquic_prot_packet_vector *v,
			    u8 first, u8 want)
{
	size_t pn_len = v->header_len - v->pn_offset;
	u8 *pkt = xmalloc(v->packet_len);
	struct prot_ossl_key k;
	u8 seen = 0;
	bool ok = true;
	u64 pn;
	size_t i;

	key_of(v, &k);
	for (pn = v->pn; ok && pn < v->pn + 256; pn++) {
		memcpy(pkt, v->packet, v->packet_len);
		memcpy(pkt, v->header, v->header_len);
		pkt[0] = first;
		for (i = 0; i < pn_len; i++)
			pkt[v->pn_offset + i] = pn >> (8 * (pn_len - 1 - i));
		ok = check_int("protect", tquic_prot_protect(&k.pp, 0, pn, pkt,
							     v->pn_offset,
							     v->packet_len), 0);
		seen |= pkt[0] ^ first;
		ok = ok && unprotect(&k, 0, pn, pkt, v->packet_len,
				     v->pn_offset, NULL) >= 0 &&
		     check_int("first byte restored", pkt[0], first);
	}
	prot_ossl_key_wipe(&k);
	free(pkt);
	return ok && check_int("bits masked", seen, want);
}

static bool test_hp_first_byte(const void *arg)
{
	const struct tquic_prot_packet_vector *a3 = &tquic_prot_packet_vectors[1];
	const struct tquic_prot_packet_vector *a5 = &tquic_prot_packet_vectors[2];

	(void)arg;
	/* A.5's header with the key phase bit set, then A.3's long one. */
	return first_byte_bits(a5, a5->header[0] | 0x04, 0x1f) &&
	       first_byte_bits(a3, a3->header[0], 0x0f);
}

/* ---- nonce, key update, multipath, refusals ---- */

static bool test_nonce(const void *arg)
{
	const struct tquic_prot_nonce_vector *v = arg;
	u8 nonce[TQUIC_PROT_IV_LEN];

	return check_int("nonce", tquic_prot_nonce(v->iv, v->path_id, v->pn,
						   nonce), 0) &&
	       same("nonce", nonce, v->nonce, sizeof(nonce));
}

static bool test_nonce_pn_range(const void *arg)
{
	static const u8 zero_iv[TQUIC_PROT_IV_LEN];
	static const u8 want[TQUIC_PROT_IV_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0x3f, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff,
	};
	u8 nonce[TQUIC_PROT_IV_LEN];
	/* Largest PN on the largest path: the two bits between stay 0. */
	int err = tquic_prot_nonce(zero_iv, 0xffffffff, TQUIC_PROT_PN_MAX, nonce);

	(void)arg;
	if (!check_int("2^62-1", err, 0) ||
	    !same("nonce", nonce, want, sizeof(nonce)))
		return false;
	err = tquic_prot_nonce(zero_iv, 0, TQUIC_PROT_PN_MAX + 1, nonce);
	return check_int("2^62", err, -EINVAL);
}

static const struct tquic_prot_packet_vector *a5(void)
{
	return &tquic_prot_packet_vectors[2];
}

/* RFC 9001 section 6: "quic ku" secret, new key and IV, same HP key. */
static bool test_key_update(const void *arg)
{
	const struct tquic_prot_packet_vector *v = a5();
	struct tquic_prot_material cur, next, later;
	struct prot_ossl_key kc, kn;
	u8 *pkt = plain_packet(v);
	u8 *copy = xmalloc(v->packet_len);
	bool ok;

	(void)arg;
	ok = !tquic_prot_derive(&prot_ossl_ops, NULL, v->cipher, v->secret, &cur) &&
	     !tquic_prot_derive_next(&prot_ossl_ops, NULL, &cur, &next) &&
	     same("ku secret", next.secret, v->ku, TQUIC_PROT_SECRET_LEN) &&
	     same("hp kept", next.hp, cur.hp, sizeof(cur.hp)) &&
	     memcmp(next.key, cur.key, sizeof(cur.key)) &&
	     memcmp(next.iv, cur.iv, sizeof(cur.iv)) &&
	     !tquic_prot_derive_next(&prot_ossl_ops, NULL, &next, &later) &&
	     memcmp(later.secret, next.secret, sizeof(next.secret)) &&
	     !prot_ossl_key_init(&kc, &cur) && !prot_ossl_key_init(&kn, &next);
	if (!ok) {
		diag("derivation of the next phase failed");
		goto out;
	}
	ok = check_int("protect", protect_vec(&kn, 0, v, pkt), 0);
	memcpy(copy, pkt, v->packet_len);
	ok = ok && check_int("open, new key", unprotect_vec(&kn, 0, v, pkt),
			     (int)v->payload_len) &&
	     check_int("open, old key", unprotect_vec(&kc, 0, v, copy),
		       -EBADMSG);
	/* derive_next in place, as a key context rolling forward would. */
	ok = ok && !tquic_prot_derive_next(&prot_ossl_ops, NULL, &cur, &cur) &&
	     same("in place", (u8 *)&cur, (u8 *)&next, sizeof(cur));
	prot_ossl_key_wipe(&kc);
	prot_ossl_key_wipe(&kn);
out:
	tquic_prot_material_wipe(&cur);
	tquic_prot_material_wipe(&next);
	tquic_prot_material_wipe(&later);
	free(copy);
	free(pkt);
	return ok;
}

/* The path ID is part of the nonce: a packet only opens on its path. */
static bool test_multipath_round_trip(const void *arg)
{
	const struct tquic_prot_packet_vector *v = a5();
	u8 *pkt = plain_packet(v);
	u8 *copy = xmalloc(v->packet_len);
	struct prot_ossl_key k;
	u64 pn = 0;
	bool ok;

	(void)arg;
	key_of(v, &k);
	ok = check_int("protect", protect_vec(&k, 3, v, pkt), 0) &&
	     memcmp(pkt, v->packet, v->packet_len);
	memcpy(copy, pkt, v->packet_len);
	ok = ok && check_int("open on path 3",
			     unprotect(&k, 3, v->pn, pkt, v->packet_len,
				       v->pn_offset, &pn),
			     (int)v->payload_len) &&
	     check_int("pn", pn, v->pn) &&
	     same("payload", pkt + v->header_len, v->frames, v->frames_len) &&
	     check_int("open on path 0", unprotect_vec(&k, 0, v, copy),
		       -EBADMSG);
	prot_ossl_key_wipe(&k);
	free(copy);
	free(pkt);
	return ok;
}

static bool test_refusals(const void *arg)
{
	const struct tquic_prot_packet_vector *v = a5();
	size_t off = v->pn_offset, len = v->packet_len, hlen = v->header_len;
	u8 *pkt = plain_packet(v);
	struct tquic_prot_material m;
	struct prot_ossl_key k;
	bool ok = true;
	int rc;

	(void)arg;
	key_of(v, &k);
	rc = tquic_prot_protect(&k.pp, 0, v->pn + (1ULL << 62), pkt, off, len);
	ok &= check_int("pn 2^62", rc, -EINVAL);
	rc = tquic_prot_protect(&k.pp, 0, v->pn + 1, pkt, off, len);
	ok &= check_int("pn not the header's", rc, -EINVAL);
	rc = tquic_prot_protect(&k.pp, 0, v->pn, pkt, off, len - 1);
	ok &= check_int("no room for the sample", rc, -EINVAL);
	rc = tquic_prot_protect(&k.pp, 0, v->pn, pkt, 0, len);
	ok &= check_int("pn_offset 0", rc, -EINVAL);
	rc = tquic_prot_protect(&k.pp, 0, v->pn, pkt, off, 65536);
	ok &= check_int("larger than a datagram", rc, -EINVAL);
	ok &= same("refused packets untouched", pkt, v->header, hlen);
	rc = tquic_prot_open(&k.pp, 0, 1ULL << 62, pkt, hlen, len);
	ok &= check_int("open pn 2^62", rc, -EINVAL);
	rc = tquic_prot_open(&k.pp, 0, v->pn, pkt, 0, len);
	ok &= check_int("open hdr_len 0", rc, -EINVAL);
	rc = tquic_prot_open(&k.pp, 0, v->pn, pkt, hlen, hlen + 15);
	ok &= check_int("open no tag", rc, -EINVAL);
	rc = tquic_prot_hp_remove(&k.pp, pkt, len, len, &(u32){ 0 },
				  &(unsigned int){ 0 });
	ok &= check_int("hp_remove pn_offset past the end", rc, -EINVAL);
	rc = tquic_prot_derive(&prot_ossl_ops, NULL, (enum tquic_prot_cipher)7,
			       v->secret, &m);
	ok &= check_int("unknown cipher", rc, -EINVAL);
	prot_ossl_key_wipe(&k);
	free(pkt);
	return ok;
}

/* ---- runner ---- */

struct test {
	const char *name;
	bool (*fn)(const void *arg);
	const void *arg;
};

#define MAX_TESTS 64

static struct test tests[MAX_TESTS];
static unsigned int n_tests;
static char names[MAX_TESTS][128];

static void add(bool (*fn)(const void *), const void *arg, const char *fmt,
		...)
{
	va_list ap;

	if (n_tests == MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		exit(2);
	}
	va_start(ap, fmt);
	vsnprintf(names[n_tests], sizeof(names[0]), fmt, ap);
	va_end(ap);
	tests[n_tests].name = names[n_tests];
	tests[n_tests].fn = fn;
	tests[n_tests].arg = arg;
	n_tests++;
}

static void add_packet_tests(const struct tquic_prot_packet_vector *v)
{
	add(test_derive, v, "%s: key, iv and hp from the secret", v->name);
	add(test_hp_mask, v, "%s: header-protection mask of the sample",
	    v->name);
	add(test_protect, v, "%s: protect gives the RFC's packet", v->name);
	add(test_unprotect, v, "%s: unprotect gives back header and payload",
	    v->name);
	add(test_bit_flips, v, "%s: every single-bit flip is rejected",
	    v->name);
	add(test_truncation, v, "%s: every truncation is rejected", v->name);
}

int main(void)
{
	const struct tquic_prot_initial_vector *iv = &tquic_prot_initial_vector;
	unsigned int i, failed = 0;

	add(test_a1_initial_secret, iv,
	    "RFC 9001 A.1 initial_secret (OpenSSL HKDF-Extract)");
	add(test_a1_client_secret, iv, "RFC 9001 A.1 client_initial_secret");
	add(test_a1_server_secret, iv, "RFC 9001 A.1 server_initial_secret");
	add(test_expand_label_vs_openssl, NULL,
	    "HKDF-Expand-Label agrees with OpenSSL TLS13-KDF");
	add(test_expand_label_rejects, NULL,
	    "HKDF-Expand-Label refuses bad labels and lengths");
	for (i = 0; i < ARRAY_SIZE(tquic_prot_packet_vectors); i++)
		add_packet_tests(&tquic_prot_packet_vectors[i]);
	for (i = 0; i < ARRAY_SIZE(tquic_prot_nonce_vectors); i++)
		add(test_nonce, &tquic_prot_nonce_vectors[i], "%s",
		    tquic_prot_nonce_vectors[i].name);
	add(test_nonce_pn_range, NULL, "nonce: PN limited to 62 bits");
	add(test_hp_first_byte, NULL,
	    "header protection masks 5 bits of a short header, 4 of a long");
	add(test_key_update, NULL,
	    "key update: \"quic ku\" secret, new keys, same hp key");
	add(test_multipath_round_trip, NULL,
	    "multipath: a packet opens only on its own path");
	add(test_refusals, NULL, "malformed requests are refused");

	printf("TAP version 13\n1..%u\n", n_tests);
	for (i = 0; i < n_tests; i++) {
		bool ok = tests[i].fn(tests[i].arg);

		printf("%sok %u - %s\n", ok ? "" : "not ", i + 1,
		       tests[i].name);
		failed += !ok;
	}
	if (failed)
		diag("%u of %u failed", failed, n_tests);
	return failed ? 1 : 0;
}
