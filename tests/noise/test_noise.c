// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the Noise IK core (noise.c) with the OpenSSL backend:
 * primitive known answers, a reference derivation of a whole handshake
 * written straight from the Noise spec with OpenSSL's own HMAC, agreement,
 * every way a handshake must fail, tokens, and the packet codecs.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "tap.h"
#include "noise_openssl.h"
#include "packet.h"

static const struct tquic_noise_ops *ops = &noise_ossl_ops;

struct party {
	u8 priv[32], pub[32];
	struct tquic_noise_static st;
};

static void keygen(u8 *priv, u8 *pub)
{
	ops->gen_private(priv);
	if (!noise_ossl_pubkey(pub, priv))
		abort();
}

/* Two parties that know each other, optionally with PSKs. */
static void pair(struct party *i, struct party *r, const u8 *psk_i,
		 const u8 *psk_r)
{
	keygen(i->priv, i->pub);
	keygen(r->priv, r->pub);
	if (tquic_noise_static_init(ops, &i->st, i->priv, i->pub, r->pub,
				    psk_i) ||
	    tquic_noise_static_init(ops, &r->st, r->priv, r->pub, i->pub,
				    psk_r))
		abort();
}

static const u8 cid_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const u8 cid_r[8] = { 9, 10, 11, 12, 13, 14, 15, 16 };

static void hexin(u8 *out, const char *hex)
{
	size_t i;

	for (i = 0; hex[2 * i]; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* ---- primitives ---- */

static void test_primitives_kat(void)
{
	u8 a[32], b[32], apub[32], want[32], out[32];

	/* RFC 7748 section 6.1 */
	hexin(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	hexin(b, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	hexin(want, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	CHECK(noise_ossl_pubkey(apub, a));
	hexin(out, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	CHECK_MEM(apub, out, 32);
	CHECK(ops->dh(out, b, apub));
	CHECK_MEM(out, want, 32);
	/* A low-order point gives an all-zero secret: refused. */
	memset(apub, 0, 32);
	CHECK(!ops->dh(out, a, apub));

	/* BLAKE2s-256("abc"), RFC 7693 appendix B */
	ops->blake2s(out, 32, (const u8 *)"abc", 3, NULL, 0);
	hexin(want, "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
	CHECK_MEM(out, want, 32);
}

/* ---- an independent reference of the handshake ---- */

static void ref_hash(u8 *out, const u8 *a, size_t al, const u8 *b, size_t bl)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int n;

	EVP_DigestInit_ex(c, EVP_blake2s256(), NULL);
	EVP_DigestUpdate(c, a, al);
	if (bl)
		EVP_DigestUpdate(c, b, bl);
	EVP_DigestFinal_ex(c, out, &n);
	EVP_MD_CTX_free(c);
}

static void ref_hmac(u8 *out, const u8 *key, const u8 *d, size_t dl)
{
	char digest[] = "BLAKE2S-256";
	OSSL_PARAM p[2] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *c = EVP_MAC_CTX_new(mac);
	size_t n;

	EVP_MAC_init(c, key, 32, p);
	EVP_MAC_update(c, d, dl);
	EVP_MAC_final(c, out, &n, 32);
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(mac);
}

/* KDFn of the Noise spec: t[0] becomes the chaining key. */
static void ref_kdf(u8 *ck, const u8 *in, size_t il, u8 *t1, u8 *t2)
{
	u8 prk[32], buf[33], c[32];

	ref_hmac(prk, ck, in, il);
	buf[0] = 1;
	ref_hmac(c, prk, buf, 1);
	if (t1) {
		memcpy(buf, c, 32);
		buf[32] = 2;
		ref_hmac(t1, prk, buf, 33);
	}
	if (t2) {
		memcpy(buf, t1, 32);
		buf[32] = 3;
		ref_hmac(t2, prk, buf, 33);
	}
	memcpy(ck, c, 32);
}

static void ref_mix(u8 *h, const u8 *d, size_t l)
{
	ref_hash(h, h, 32, d, l);
}

static void ref_dh(u8 *out, const u8 *priv, const u8 *pub)
{
	if (!ops->dh(out, priv, pub))
		abort();
}

static void test_reference_handshake(void)
{
	static const char cons[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
	static const char id[] = "tquic v1 Noise IK over QUIC";
	struct party i, r;
	struct tquic_noise_hs hi, hr;
	struct tquic_noise_secrets si, sr;
	u8 ei[32], eipub[32], er[32], erpub[32], psk[32], ts[12], fl;
	u8 m1[TQUIC_NOISE_MSG1_LEN], m2[TQUIC_NOISE_MSG2_LEN];
	u8 want1[TQUIC_NOISE_MSG1_LEN], want2[TQUIC_NOISE_MSG2_LEN];
	u8 ck[32], h[32], k[32], dh[32], tau[32], pl[13], t1[32], t2[32];

	memset(psk, 0x42, sizeof(psk));
	pair(&i, &r, psk, psk);
	keygen(ei, eipub);
	keygen(er, erpub);
	tquic_noise_tai64n(ts, 1700000000, 123456789);

	noise_ossl_queue_ephemeral(ei);
	CHECK_EQ(tquic_noise_create_init(ops, &i.st, &hi, cid_i, ts, 0x81, m1), 0);

	/* Message 1, straight from the spec. */
	ref_hash(ck, (const u8 *)cons, strlen(cons), NULL, 0);
	ref_hash(h, ck, 32, (const u8 *)id, strlen(id));
	ref_mix(h, r.pub, 32);
	ref_mix(h, cid_i, 8);
	memcpy(want1, eipub, 32);
	ref_mix(h, eipub, 32);
	ref_kdf(ck, eipub, 32, NULL, NULL);
	ref_dh(dh, ei, r.pub);
	ref_kdf(ck, dh, 32, k, NULL);
	ops->aead_seal(want1 + 32, i.pub, 32, h, 32, 0, k);
	ref_mix(h, want1 + 32, 48);
	ref_dh(dh, i.priv, r.pub);
	ref_kdf(ck, dh, 32, k, NULL);
	memcpy(pl, ts, 12);
	pl[12] = 0x81;
	ops->aead_seal(want1 + 80, pl, 13, h, 32, 0, k);
	ref_mix(h, want1 + 80, 29);
	CHECK_MEM(m1, want1, sizeof(m1));

	CHECK_EQ(tquic_noise_consume_init(ops, &r.st, &hr, cid_i, m1, pl, &fl), 0);
	CHECK_MEM(pl, ts, 12);
	CHECK_EQ(fl, 0x81);

	noise_ossl_queue_ephemeral(er);
	CHECK_EQ(tquic_noise_create_resp(ops, &r.st, &hr, cid_r, m2, &sr), 0);

	/* Message 2 and Split(). */
	ref_mix(h, cid_r, 8);
	memcpy(want2, erpub, 32);
	ref_mix(h, erpub, 32);
	ref_kdf(ck, erpub, 32, NULL, NULL);
	ref_dh(dh, er, eipub);
	ref_kdf(ck, dh, 32, NULL, NULL);
	ref_dh(dh, er, i.pub);
	ref_kdf(ck, dh, 32, NULL, NULL);
	ref_kdf(ck, psk, 32, tau, k);
	ref_mix(h, tau, 32);
	ops->aead_seal(want2 + 32, NULL, 0, h, 32, 0, k);
	CHECK_MEM(m2, want2, sizeof(m2));
	ref_kdf(ck, NULL, 0, t2, NULL);
	memcpy(t1, ck, 32);
	CHECK_MEM(sr.rx, t1, 32);
	CHECK_MEM(sr.tx, t2, 32);

	CHECK_EQ(tquic_noise_consume_resp(ops, &i.st, &hi, cid_r, m2, &si), 0);
	CHECK_MEM(si.tx, t1, 32);
	CHECK_MEM(si.rx, t2, 32);
}

/* ---- agreement and failures ---- */

/* Run a handshake; 0 if both ends agree on keys, else which step failed. */
static int exchange(struct party *i, struct party *r, u8 *ts_out,
		    int flip1, int flip2)
{
	struct tquic_noise_hs hi, hr;
	struct tquic_noise_secrets si, sr;
	u8 m1[TQUIC_NOISE_MSG1_LEN], m2[TQUIC_NOISE_MSG2_LEN], ts[12], fl;
	static u64 sec = 1700000000;

	tquic_noise_tai64n(ts, sec++, 0);
	if (tquic_noise_create_init(ops, &i->st, &hi, cid_i, ts, 1, m1))
		return 1;
	if (flip1 >= 0)
		m1[flip1 / 8] ^= 1 << (flip1 % 8);
	if (tquic_noise_consume_init(ops, &r->st, &hr, cid_i, m1, ts, &fl))
		return 2;
	if (ts_out)
		memcpy(ts_out, ts, 12);
	if (tquic_noise_create_resp(ops, &r->st, &hr, cid_r, m2, &sr))
		return 3;
	if (flip2 >= 0)
		m2[flip2 / 8] ^= 1 << (flip2 % 8);
	if (tquic_noise_consume_resp(ops, &i->st, &hi, cid_r, m2, &si))
		return 4;
	if (memcmp(si.tx, sr.rx, 32) || memcmp(si.rx, sr.tx, 32) ||
	    !memcmp(si.tx, si.rx, 32))
		return 5;
	return 0;
}

static void test_agree(void)
{
	struct party i, r;
	u8 psk[32];
	int n;

	pair(&i, &r, NULL, NULL);
	for (n = 0; n < 4; n++)
		CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 0);
	memset(psk, 7, sizeof(psk));
	pair(&i, &r, psk, psk);
	CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 0);
}

static void test_wrong_keys(void)
{
	struct party i, r, x;
	u8 psk1[32], psk2[32];

	/* The responder expects someone else. */
	pair(&i, &r, NULL, NULL);
	keygen(x.priv, x.pub);
	CHECK_EQ(tquic_noise_static_init(ops, &r.st, r.priv, r.pub, x.pub,
					 NULL), 0);
	CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 2);

	/* The initiator has the wrong key for the responder. */
	pair(&i, &r, NULL, NULL);
	CHECK_EQ(tquic_noise_static_init(ops, &i.st, i.priv, i.pub, x.pub,
					 NULL), 0);
	CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 2);

	/* PSK mismatch shows at message 2, and so does PSK on one side. */
	memset(psk1, 1, 32);
	memset(psk2, 2, 32);
	pair(&i, &r, psk1, psk2);
	CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 4);
	pair(&i, &r, psk1, NULL);
	CHECK_EQ(exchange(&i, &r, NULL, -1, -1), 4);

	/* A low-order peer key cannot even be configured. */
	memset(x.pub, 0, 32);
	CHECK_ERR(tquic_noise_static_init(ops, &i.st, i.priv, i.pub, x.pub,
					  NULL));
}

static void test_tamper(void)
{
	struct party i, r;
	int bit, fails = 0;

	pair(&i, &r, NULL, NULL);
	for (bit = 0; bit < TQUIC_NOISE_MSG1_LEN * 8; bit += 7)
		fails += exchange(&i, &r, NULL, bit, -1) == 2;
	CHECK_EQ(fails, (TQUIC_NOISE_MSG1_LEN * 8 + 6) / 7);
	fails = 0;
	for (bit = 0; bit < TQUIC_NOISE_MSG2_LEN * 8; bit += 3)
		fails += exchange(&i, &r, NULL, -1, bit) == 4;
	CHECK_EQ(fails, (TQUIC_NOISE_MSG2_LEN * 8 + 2) / 3);
}

/* Swapped CIDs and a forged message 2 that must not end the handshake. */
static void test_cid_binding(void)
{
	struct tquic_noise_hs hi, hr;
	struct tquic_noise_secrets si, sr;
	u8 m1[TQUIC_NOISE_MSG1_LEN], m2[TQUIC_NOISE_MSG2_LEN], bad[sizeof(m2)];
	u8 ts[12], fl;
	struct party i, r;

	pair(&i, &r, NULL, NULL);
	tquic_noise_tai64n(ts, 1, 2);
	CHECK_EQ(tquic_noise_create_init(ops, &i.st, &hi, cid_i, ts, 0, m1), 0);
	CHECK_ERR(tquic_noise_consume_init(ops, &r.st, &hr, cid_r, m1, ts, &fl));
	CHECK_EQ(tquic_noise_consume_init(ops, &r.st, &hr, cid_i, m1, ts, &fl), 0);
	CHECK_EQ(tquic_noise_create_resp(ops, &r.st, &hr, cid_r, m2, &sr), 0);
	CHECK_ERR(tquic_noise_consume_resp(ops, &i.st, &hi, cid_i, m2, &si));
	memcpy(bad, m2, sizeof(bad));
	bad[40] ^= 0x10;
	CHECK_ERR(tquic_noise_consume_resp(ops, &i.st, &hi, cid_r, bad, &si));
	CHECK_EQ(tquic_noise_consume_resp(ops, &i.st, &hi, cid_r, m2, &si), 0);
	CHECK_MEM(si.tx, sr.rx, 32);
}

static void test_timestamps(void)
{
	u8 a[12], b[12], want[12];

	tquic_noise_tai64n(a, 0, 0);
	hexin(want, "400000000000000000000000");
	CHECK_MEM(a, want, 12);
	tquic_noise_tai64n(a, 1700000000, 999999999);
	hexin(want, "400000006553f1003b9ac9ff");
	CHECK_MEM(a, want, 12);
	tquic_noise_tai64n(b, 1700000000, 999999998);
	CHECK(tquic_noise_ts_newer(a, b));
	CHECK(!tquic_noise_ts_newer(b, a));
	CHECK(!tquic_noise_ts_newer(a, a));	/* a replay */
	tquic_noise_tai64n(b, 1700000001, 0);
	CHECK(tquic_noise_ts_newer(b, a));
}

/* ---- tokens ---- */

static void test_token(void)
{
	u8 s1[32], s2[32], tok[TQUIC_NOISE_TOKEN_LEN];
	u8 a4[4] = { 192, 0, 2, 1 }, b4[4] = { 192, 0, 2, 2 }, a6[16] = { 0x20 };

	memset(s1, 0xaa, 32);
	memset(s2, 0xbb, 32);
	CHECK_EQ(tquic_noise_token_make(ops, s1, 110, a4, 4, 4433, tok),
		 TQUIC_NOISE_TOKEN_LEN);
	CHECK(tquic_noise_token_check(ops, s1, 100, a4, 4, 4433, tok, sizeof(tok)));
	CHECK(tquic_noise_token_check(ops, s1, 110, a4, 4, 4433, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s1, 111, a4, 4, 4433, tok, sizeof(tok)));
	/* issued for a far future: not ours */
	CHECK(!tquic_noise_token_check(ops, s1, 99, a4, 4, 4433, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s1, 100, b4, 4, 4433, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s1, 100, a4, 4, 4434, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s2, 100, a4, 4, 4433, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s1, 100, a4, 4, 4433, tok, sizeof(tok) - 1));
	tok[5] ^= 1;
	CHECK(!tquic_noise_token_check(ops, s1, 100, a4, 4, 4433, tok, sizeof(tok)));
	/* IPv6, and a clock that wraps between issue and check */
	CHECK_EQ(tquic_noise_token_make(ops, s1, 3, a6, 16, 1, tok),
		 TQUIC_NOISE_TOKEN_LEN);
	CHECK(tquic_noise_token_check(ops, s1, 0xfffffffe, a6, 16, 1, tok, sizeof(tok)));
	CHECK(!tquic_noise_token_check(ops, s1, 0xfffffffe, a6, 4, 1, tok, sizeof(tok)));
	CHECK_ERR(tquic_noise_token_make(ops, s1, 3, a6, 5, 1, tok));
}

/* ---- packets ---- */

static void test_initial_packet(void)
{
	u8 m1[TQUIC_NOISE_MSG1_LEN], mac1[16], tok[20], dcid[8] = { 0xdc };
	u8 buf[1500], *pkt;
	struct tquic_noise_pkt p;
	struct party i, r;
	size_t len;
	int n;

	pair(&i, &r, NULL, NULL);
	memset(m1, 0x5a, sizeof(m1));
	memset(tok, 0x70, sizeof(tok));
	n = tquic_noise_initial_build(ops, buf, sizeof(buf), dcid, cid_i, tok,
				      sizeof(tok), m1, i.st.mac.mac1_tx, mac1);
	CHECK_EQ(n, TQUIC_NOISE_INITIAL_MIN);
	CHECK_ERR(tquic_noise_initial_build(ops, buf, 1199, dcid, cid_i, NULL,
					    0, m1, i.st.mac.mac1_tx, mac1));
	if (n < 0)
		return;
	len = n;
	pkt = tap_dup(buf, len);
	CHECK_EQ(tquic_noise_pkt_parse(pkt, len, &p), 0);
	CHECK_EQ(p.type, TQUIC_PKT_INITIAL);
	CHECK_MEM(p.scid, cid_i, 8);
	CHECK_MEM(p.dcid, dcid, 8);
	CHECK_EQ(p.token_len, sizeof(tok));
	CHECK_MEM(p.token, tok, sizeof(tok));
	CHECK_MEM(p.msg, m1, sizeof(m1));
	CHECK_MEM(p.mac, mac1, 16);
	CHECK(tquic_noise_pkt_mac1_ok(ops, pkt, &p, r.st.mac.mac1_rx));
	CHECK(!tquic_noise_pkt_mac1_ok(ops, pkt, &p, i.st.mac.mac1_rx));
	/* Padding is not covered; everything before mac1 is. */
	pkt[len - 1] ^= 1;
	CHECK(tquic_noise_pkt_mac1_ok(ops, pkt, &p, r.st.mac.mac1_rx));
	pkt[20] ^= 1;
	CHECK_EQ(tquic_noise_pkt_parse(pkt, len, &p), 0);
	CHECK(!tquic_noise_pkt_mac1_ok(ops, pkt, &p, r.st.mac.mac1_rx));
	tap_free(pkt, len);
	/* Any truncation: too small to be an Initial. */
	for (len = 0; len < (size_t)n; len += 13) {
		pkt = tap_dup(buf, len);
		CHECK_ERR(tquic_noise_pkt_parse(pkt, len, &p));
		tap_free(pkt, len);
	}
}

static void test_handshake_and_retry(void)
{
	u8 m2[TQUIC_NOISE_MSG2_LEN], buf[256], mac1[16], other[16], tok[20];
	struct tquic_noise_pkt p;
	struct party i, r;
	u8 *pkt;
	int n, len;

	pair(&i, &r, NULL, NULL);
	memset(m2, 0x33, sizeof(m2));
	n = tquic_noise_handshake_build(ops, buf, sizeof(buf), cid_i, cid_r, m2,
					r.st.mac.mac1_tx);
	CHECK(n > 0);
	if (n <= 0)
		return;
	pkt = tap_dup(buf, n);
	CHECK_EQ(tquic_noise_pkt_parse(pkt, n, &p), 0);
	CHECK_EQ(p.type, TQUIC_PKT_HANDSHAKE);
	CHECK_MEM(p.dcid, cid_i, 8);
	CHECK_MEM(p.scid, cid_r, 8);
	CHECK_MEM(p.msg, m2, sizeof(m2));
	CHECK(tquic_noise_pkt_mac1_ok(ops, pkt, &p, i.st.mac.mac1_rx));
	tap_free(pkt, n);
	for (len = 0; len < n; len++) {
		pkt = tap_dup(buf, len);
		CHECK_ERR(tquic_noise_pkt_parse(pkt, len, &p));
		tap_free(pkt, len);
	}

	memset(mac1, 0x11, 16);
	memset(other, 0x12, 16);
	memset(tok, 0x99, sizeof(tok));
	n = tquic_noise_retry_build(ops, buf, sizeof(buf), cid_i, cid_r, tok,
				    sizeof(tok), r.st.mac.retry_tx, mac1);
	CHECK(n > 0);
	if (n <= 0)
		return;
	pkt = tap_dup(buf, n);
	CHECK_EQ(tquic_noise_pkt_parse(pkt, n, &p), 0);
	CHECK_EQ(p.type, TQUIC_PKT_RETRY);
	CHECK_EQ(p.token_len, sizeof(tok));
	CHECK_MEM(p.token, tok, sizeof(tok));
	CHECK(tquic_noise_retry_ok(ops, pkt, &p, i.st.mac.retry_rx, mac1));
	CHECK(!tquic_noise_retry_ok(ops, pkt, &p, i.st.mac.retry_rx, other));
	CHECK(!tquic_noise_retry_ok(ops, pkt, &p, r.st.mac.retry_rx, mac1));
	pkt[n - 20] ^= 4;
	CHECK_EQ(tquic_noise_pkt_parse(pkt, n, &p), 0);
	CHECK(!tquic_noise_retry_ok(ops, pkt, &p, i.st.mac.retry_rx, mac1));
	tap_free(pkt, n);
	CHECK_ERR(tquic_noise_retry_build(ops, buf, sizeof(buf), cid_i, cid_r,
					  tok, 0, r.st.mac.retry_tx, mac1));
}

/* Random bytes with a plausible first byte and our version: no crash. */
static void test_parse_junk(void)
{
	struct tquic_noise_pkt p;
	unsigned int n, j;
	size_t len;
	u8 *pkt;

	for (n = 0; n < 20000; n++) {
		len = tap_rand() % 1400;
		pkt = tap_alloc(len);
		for (j = 0; j < len; j++)
			pkt[j] = tap_rand();
		if (len > 6) {
			pkt[0] = 0xc0 | (pkt[0] & 0x3f);
			pkt[1] = 0x54;
			pkt[2] = 0x51;
			pkt[3] = 0;
			pkt[4] = 1;
			pkt[5] &= 0x1f;
		}
		if (!tquic_noise_pkt_parse(pkt, len, &p)) {
			CHECK(p.mac_off + 16 <= len);
			if (p.type == TQUIC_PKT_RETRY)
				tquic_noise_retry_ok(ops, pkt, &p, pkt, pkt);
			else
				tquic_noise_pkt_mac1_ok(ops, pkt, &p, pkt);
		}
		tap_free(pkt, len);
	}
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_primitives_kat),
		TAP_TEST(test_reference_handshake),
		TAP_TEST(test_agree),
		TAP_TEST(test_wrong_keys),
		TAP_TEST(test_tamper),
		TAP_TEST(test_cid_binding),
		TAP_TEST(test_timestamps),
		TAP_TEST(test_token),
		TAP_TEST(test_initial_packet),
		TAP_TEST(test_handshake_and_retry),
		TAP_TEST(test_parse_junk),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
