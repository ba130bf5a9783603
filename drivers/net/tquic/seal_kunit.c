// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the 1-RTT packet build and parse (send.c, receive.c) on
 * real skbs: an inner packet, linear or in page frags and possibly shared
 * with a clone (as TCP's retransmit copy is), is sealed into a 1-RTT
 * packet of a path and opened again; a changed byte, a cut packet, a
 * replay and a packet opened as another path's are refused.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto.h"
#include "pnspace.h"
#include "receive.h"
#include "send.h"
#include "core/frame.h"
#include "core/packet.h"
#include "keypair.h"

/* KUnit gained MEMEQ in 6.2; 6.1 kernels with KUnit get a plain memcmp. */
#ifndef KUNIT_EXPECT_MEMEQ
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ(test, memcmp(left, right, size), 0)
#endif

#define TQUIC_KUNIT_MTU		1452
#define TQUIC_KUNIT_HEADROOM	64
#define TQUIC_KUNIT_INNER_MAX	1300
/* Not 0: the multipath nonce must take the path ID in. */
#define TQUIC_KUNIT_PATH	3

struct tquic_kunit_shape {
	const char *name;
	unsigned int len;	/* inner packet */
	unsigned int linear;	/* of it in the head, the rest in a page */
	bool shared;		/* sealed through a clone of the skb */
};

static const struct tquic_kunit_shape tquic_kunit_shapes[] = {
	{ "linear", 1200, 1200, false },
	{ "linear-padded", 2, 2, false },
	{ "frags", TQUIC_KUNIT_INNER_MAX, 60, false },
	{ "frags-shared", TQUIC_KUNIT_INNER_MAX, 60, true },
	{ "linear-shared", 900, 900, true },
};

static void tquic_kunit_shape_desc(const struct tquic_kunit_shape *s,
				   char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tquic_kunit_shape, tquic_kunit_shapes,
		  tquic_kunit_shape_desc);

struct tquic_kunit_ctx {
	struct tquic_keypair kp;
	u64 next_pn;
	u8 inner[TQUIC_KUNIT_INNER_MAX];
};

/* One keypair that talks to itself: the same key and CID both ways. */
static int tquic_kunit_init(struct kunit *test)
{
	static const u8 cid[TQUIC_CID_LEN] = { 0xc1, 0xd0, 2, 3, 4, 5, 6, 7 };
	struct tquic_kunit_ctx *ctx;
	u8 secret[TQUIC_PROT_SECRET_LEN];
	unsigned int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	for (i = 0; i < sizeof(secret); i++)
		secret[i] = i * 11 + 1;
	ctx->kp.tx = tquic_crypto_key_alloc(TQUIC_PROT_AES_128_GCM, secret);
	if (IS_ERR(ctx->kp.tx))
		return PTR_ERR(ctx->kp.tx);
	ctx->kp.rx = ctx->kp.tx;
	memcpy(ctx->kp.local_cid, cid, sizeof(cid));
	memcpy(ctx->kp.remote_cid, cid, sizeof(cid));
	tquic_keypair_spaces_init(&ctx->kp);
	/* An IPv4 header's first byte, then a pattern. */
	ctx->inner[0] = 0x45;
	for (i = 1; i < sizeof(ctx->inner); i++)
		ctx->inner[i] = i * 7 + 3;
	test->priv = ctx;
	return 0;
}

static void tquic_kunit_exit(struct kunit *test)
{
	struct tquic_kunit_ctx *ctx = test->priv;

	tquic_crypto_key_free(ctx->kp.tx);
}

/* The first @linear bytes of @len of the inner packet in the head. */
static struct sk_buff *tquic_kunit_skb(struct kunit *test, unsigned int len,
				       unsigned int linear)
{
	struct tquic_kunit_ctx *ctx = test->priv;
	struct sk_buff *skb;
	struct page *page;

	skb = alloc_skb(TQUIC_KUNIT_HEADROOM + linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, TQUIC_KUNIT_HEADROOM);
	skb_put_data(skb, ctx->inner, linear);
	if (len > linear) {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			kfree_skb(skb);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), ctx->inner + linear, len - linear);
		skb_add_rx_frag(skb, 0, page, 0, len - linear, PAGE_SIZE);
	}
	return skb;
}

/* The data path seals and opens with bottom halves off; so do we. */
static int tquic_kunit_seal(struct kunit *test, struct sk_buff *skb)
{
	struct tquic_kunit_ctx *ctx = test->priv;
	struct tquic_send_pkt pkt = {
		.kp = &ctx->kp,
		.space = tquic_keypair_claim(&ctx->kp, 0, TQUIC_KUNIT_PATH),
		.path_id = TQUIC_KUNIT_PATH,
		.pn = ctx->next_pn++,
		.largest_acked = TQUIC_PN_NONE,
		.kind = TQUIC_SEND_DATA,
		.seq = 42,
		.mtu = TQUIC_KUNIT_MTU,
		.headroom = TQUIC_KUNIT_HEADROOM,
	};
	int err;

	local_bh_disable();
	err = tquic_send_seal(&pkt, skb);
	local_bh_enable();
	KUNIT_EXPECT_FALSE(test, pkt.acked);
	return err;
}

/* Open as a packet of path @path_id, and record it as the receiver does. */
static int tquic_kunit_unseal_path(struct kunit *test, struct sk_buff *skb,
				   u32 path_id, u64 *pn)
{
	struct tquic_kunit_ctx *ctx = test->priv;
	bool newest;
	int err;

	local_bh_disable();
	err = tquic_receive_unseal(&ctx->kp, &ctx->kp.space[0], path_id, skb, pn);
	if (!err && !tquic_pn_space_accept(&ctx->kp, 0, path_id, *pn, &newest))
		err = -EALREADY;
	local_bh_enable();
	return err;
}

static int tquic_kunit_unseal(struct kunit *test, struct sk_buff *skb,
			      u64 *pn)
{
	return tquic_kunit_unseal_path(test, skb, TQUIC_KUNIT_PATH, pn);
}

/* A sealed linear packet of 1000 inner bytes. */
static struct sk_buff *tquic_kunit_sealed(struct kunit *test)
{
	struct sk_buff *skb = tquic_kunit_skb(test, 1000, 1000);
	int err = tquic_kunit_seal(test, skb);

	if (err)
		kfree_skb(skb);
	KUNIT_ASSERT_EQ(test, err, 0);
	return skb;
}

/* Frames up to the DATAGRAM, whose inner packet is then at skb->data. */
static int tquic_kunit_to_inner(struct sk_buff *skb)
{
	struct tquic_frame f;
	u64 seq;
	int n;

	while ((n = tquic_receive_next_frame(skb, &f, &seq)) > 0)
		__skb_pull(skb, n);
	return n;
}

static void tquic_kunit_roundtrip(struct kunit *test)
{
	const struct tquic_kunit_shape *s = test->param_value;
	struct tquic_kunit_ctx *ctx = test->priv;
	struct sk_buff *skb, *orig = NULL;
	u8 *buf;
	int err;
	u64 pn;

	buf = kunit_kzalloc(test, TQUIC_KUNIT_MTU, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	skb = tquic_kunit_skb(test, s->len, s->linear);
	if (s->shared) {
		orig = skb;
		skb = skb_clone(orig, GFP_KERNEL);
		if (!skb)
			kfree_skb(orig);
		KUNIT_ASSERT_NOT_NULL(test, skb);
	}
	err = tquic_kunit_seal(test, skb);
	if (!err) {
		/* The whole packet, ciphertext and all, fits the MTU. */
		KUNIT_EXPECT_LE(test, skb->len, TQUIC_KUNIT_MTU);
		KUNIT_EXPECT_GE(test, skb->len, s->len + TQUIC_PROT_TAG_LEN);
		skb_copy_bits(skb, 0, buf,
			      min_t(unsigned int, skb->len, TQUIC_KUNIT_MTU));
		KUNIT_EXPECT_NE(test, memcmp(buf + skb->len - TQUIC_PROT_TAG_LEN -
					     s->len, ctx->inner, s->len), 0);
		err = tquic_kunit_unseal(test, skb, &pn);
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_EQ(test, pn, 0);
		KUNIT_EXPECT_EQ(test, tquic_kunit_to_inner(skb), 0);
		KUNIT_EXPECT_EQ(test, skb->len, s->len);
		if (skb->len == s->len &&
		    !skb_copy_bits(skb, 0, buf, skb->len))
			KUNIT_EXPECT_MEMEQ(test, buf, ctx->inner, s->len);
	}
	/* What the clone shared is as it was: nothing sealed it in place. */
	if (orig) {
		KUNIT_EXPECT_EQ(test, orig->len, s->len);
		if (orig->len == s->len &&
		    !skb_copy_bits(orig, 0, buf, orig->len))
			KUNIT_EXPECT_MEMEQ(test, buf, ctx->inner, s->len);
	}
	kfree_skb(orig);
	kfree_skb(skb);
}

/*
 * A changed byte anywhere the AEAD covers: header, text, tag. In the
 * header protection sample it changes the unmasked first byte and packet
 * number too, so the packet may be refused before the AEAD runs.
 */
static void tquic_kunit_tampered(struct kunit *test)
{
	const unsigned int sample = TQUIC_SHORT_PN_OFFSET + TQUIC_PROT_SAMPLE_SKIP;
	const unsigned int where[] = { 1, TQUIC_SHORT_PN_OFFSET - 1,
				       sample + 2, 100, 600, ~0U };
	struct sk_buff *skb;
	unsigned int i, at;
	int err;
	u64 pn;

	for (i = 0; i < ARRAY_SIZE(where); i++) {
		skb = tquic_kunit_sealed(test);
		at = min(where[i], skb->len - 1);
		skb->data[at] ^= 0x10;
		err = tquic_kunit_unseal(test, skb, &pn);
		if (at >= sample && at < sample + TQUIC_PROT_SAMPLE_LEN)
			KUNIT_EXPECT_LT_MSG(test, err, 0, "byte %u", at);
		else
			KUNIT_EXPECT_EQ_MSG(test, err, -EBADMSG, "byte %u", at);
		kfree_skb(skb);
	}
}

static void tquic_kunit_truncated(struct kunit *test)
{
	struct sk_buff *skb;
	u64 pn;

	/* A byte short: the tag is not where it should be. */
	skb = tquic_kunit_sealed(test);
	skb_trim(skb, skb->len - 1);
	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal(test, skb, &pn), -EBADMSG);
	kfree_skb(skb);

	/* Too short for the header protection sample: not even looked at. */
	skb = tquic_kunit_sealed(test);
	skb_trim(skb, TQUIC_SHORT_PN_OFFSET + TQUIC_PKT_MIN_AFTER_PN - 1);
	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal(test, skb, &pn), -EINVAL);
	kfree_skb(skb);

	/* Nothing but a header byte. */
	skb = tquic_kunit_sealed(test);
	skb_trim(skb, 1);
	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal(test, skb, &pn), -EINVAL);
	kfree_skb(skb);
}

static void tquic_kunit_replayed(struct kunit *test)
{
	struct sk_buff *skb = tquic_kunit_sealed(test), *copy;
	u64 pn;

	copy = skb_copy(skb, GFP_KERNEL);
	if (!copy)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal(test, skb, &pn), 0);
	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal(test, copy, &pn), -EALREADY);
	kfree_skb(copy);
	kfree_skb(skb);
}

/* The nonce and the CID name the path: another path's packet is forged. */
static void tquic_kunit_wrong_path(struct kunit *test)
{
	struct sk_buff *skb = tquic_kunit_sealed(test);
	u64 pn;

	KUNIT_EXPECT_EQ(test, tquic_kunit_unseal_path(test, skb,
						      TQUIC_KUNIT_PATH + 1,
						      &pn), -EBADMSG);
	kfree_skb(skb);
}

/* The ID that marks an unused space is no path's: no space, no record. */
static void tquic_kunit_path_id_none(struct kunit *test)
{
	struct tquic_kunit_ctx *ctx = test->priv;
	bool newest;

	KUNIT_EXPECT_NULL(test, tquic_keypair_claim(&ctx->kp, 1,
						    TQUIC_PATH_ID_NONE));
	KUNIT_EXPECT_FALSE(test, tquic_pn_space_accept(&ctx->kp, 1,
						       TQUIC_PATH_ID_NONE, 0,
						       &newest));
	KUNIT_EXPECT_FALSE(test, newest);
	KUNIT_EXPECT_EQ(test, ctx->kp.nclaimed, 0U);
}

/*
 * Only the highest packet number a path has had may move it (RFC 9000
 * section 9.3): an older one, reordered, is accepted but moves nothing,
 * and a replay is neither.
 */
static void tquic_kunit_newest(struct kunit *test)
{
	static const struct {
		u64 pn;
		bool fresh;
		bool newest;
	} seq[] = {
		{ 5, true, true }, { 3, true, false }, { 7, true, true },
		{ 7, false, false }, { 6, true, false }, { 8, true, true },
	};
	struct tquic_kunit_ctx *ctx = test->priv;
	unsigned int i;
	bool newest;

	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		local_bh_disable();
		KUNIT_EXPECT_EQ(test, tquic_pn_space_accept(&ctx->kp, 1, 4,
							    seq[i].pn, &newest),
				seq[i].fresh);
		local_bh_enable();
		KUNIT_EXPECT_EQ(test, newest, seq[i].newest);
	}
}

static struct kunit_case tquic_seal_kunit_cases[] = {
	KUNIT_CASE_PARAM(tquic_kunit_roundtrip, tquic_kunit_shape_gen_params),
	KUNIT_CASE(tquic_kunit_tampered),
	KUNIT_CASE(tquic_kunit_truncated),
	KUNIT_CASE(tquic_kunit_replayed),
	KUNIT_CASE(tquic_kunit_wrong_path),
	KUNIT_CASE(tquic_kunit_newest),
	KUNIT_CASE(tquic_kunit_path_id_none),
	{}
};

static struct kunit_suite tquic_seal_kunit_suite = {
	.name = "tquic-seal",
	.init = tquic_kunit_init,
	.exit = tquic_kunit_exit,
	.test_cases = tquic_seal_kunit_cases,
};

kunit_test_suite(tquic_seal_kunit_suite);
