// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the handshake packet parser and the Noise message
 * readers (drivers/net/tquic/core/noise.c): the bytes a server reads before it
 * knows who is talking.
 *
 * The crypto is a stand-in (not secure, deterministic): what is fuzzed is
 * every bound the parsers check, not the primitives. Properties, beyond
 * "no sanitizer report": a parsed packet's parts lie inside it, and an
 * Initial is never shorter than 1200 bytes.
 */
#include <stdint.h>
#include <stddef.h>

#include "proto.h"
#include "noise.h"
#include "packet.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

/* FNV-1a over key and input: reads every byte it is given. */
static void stub_hash(u8 *out, size_t out_len, const u8 *in, size_t in_len,
		      const u8 *key, size_t key_len)
{
	u64 h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < key_len; i++)
		h = (h ^ key[i]) * 0x100000001b3ULL;
	for (i = 0; i < in_len; i++)
		h = (h ^ in[i]) * 0x100000001b3ULL;
	for (i = 0; i < out_len; i++, h = h * 0x100000001b3ULL + i)
		out[i] = h >> 56;
}

static bool stub_dh(u8 *out, const u8 *priv, const u8 *pub)
{
	size_t i;
	u8 acc = 0;

	for (i = 0; i < TQUIC_NOISE_KEY_LEN; i++) {
		out[i] = priv[i] ^ pub[i];
		acc |= out[i];
	}
	return acc;
}

static void stub_gen(u8 *priv)
{
	memset(priv, 0x42, TQUIC_NOISE_KEY_LEN);
}

static void stub_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		      size_t ad_len, u64 nonce, const u8 *key)
{
	memmove(dst, src, len);
	stub_hash(dst + len, TQUIC_NOISE_TAG_LEN, ad, ad_len, key,
		  TQUIC_NOISE_KEY_LEN + 0 * nonce);
}

/* Accepts one tag in 256, so the readers' later steps run too. */
static bool stub_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		      size_t ad_len, u64 nonce, const u8 *key)
{
	(void)ad;
	(void)ad_len;
	(void)nonce;
	(void)key;
	if (len < TQUIC_NOISE_TAG_LEN)
		return false;
	memmove(dst, src, len - TQUIC_NOISE_TAG_LEN);
	return src[len - 1] == 0x5a;
}

static const struct tquic_noise_ops stub_ops = {
	.dh = stub_dh,
	.gen_private = stub_gen,
	.blake2s = stub_hash,
	.aead_seal = stub_seal,
	.aead_open = stub_open,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 k1[32] = { 1 }, k2[32] = { 2 }, k3[32] = { 3 };
	struct tquic_noise_secrets sec;
	struct tquic_noise_static st;
	struct tquic_noise_hs hs;
	struct tquic_noise_pkt p;
	u8 ts[TQUIC_NOISE_TS_LEN], flags;
	u8 mac1[TQUIC_NOISE_MAC_LEN] = { 0 };

	if (tquic_noise_static_init(&stub_ops, &st, k1, k2, k3, NULL))
		return 0;
	if (tquic_noise_pkt_parse(data, size, &p))
		return 0;
	REQUIRE(p.mac && p.mac >= data && p.mac_off + TQUIC_NOISE_MAC_LEN <= size);
	REQUIRE(p.scid_len == TQUIC_NOISE_CID_LEN);
	if (p.token_len)
		REQUIRE(p.token >= data && p.token + p.token_len <= data + size);

	switch (p.type) {
	case TQUIC_PKT_INITIAL:
		REQUIRE(size >= TQUIC_NOISE_INITIAL_MIN);
		REQUIRE(p.msg + TQUIC_NOISE_MSG1_LEN <= p.mac);
		tquic_noise_pkt_mac1_ok(&stub_ops, data, &p, st.mac.mac1_rx);
		if (!tquic_noise_consume_init(&stub_ops, &st, &hs, p.scid,
					      p.msg, ts, &flags))
			tquic_noise_create_resp(&stub_ops, &st, &hs, p.scid,
						(u8 [TQUIC_NOISE_MSG2_LEN]){ 0 },
						&sec);
		break;
	case TQUIC_PKT_HANDSHAKE:
		REQUIRE(p.msg + TQUIC_NOISE_MSG2_LEN <= p.mac);
		tquic_noise_pkt_mac1_ok(&stub_ops, data, &p, st.mac.mac1_rx);
		tquic_noise_create_init(&stub_ops, &st, &hs, k1, k2, 0,
					(u8 [TQUIC_NOISE_MSG1_LEN]){ 0 });
		tquic_noise_consume_resp(&stub_ops, &st, &hs, p.scid, p.msg,
					 &sec);
		break;
	case TQUIC_PKT_RETRY:
		REQUIRE(p.mac_off + TQUIC_NOISE_MAC_LEN == size);
		tquic_noise_retry_ok(&stub_ops, data, &p, st.mac.retry_rx, mac1);
		break;
	default:
		__builtin_trap();
	}
	return 0;
}
