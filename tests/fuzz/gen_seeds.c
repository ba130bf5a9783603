// SPDX-License-Identifier: GPL-2.0
/*
 * Seed corpus for fuzz_parse: a few valid datagrams, in the unprotected form
 * the target takes, built with the core's own writers so that the seeds
 * follow the code. Usage: gen_seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>

#include "proto.h"
#include "ackranges.h"
#include "frame.h"
#include "packet.h"

static const u8 cid[TQUIC_CID_LEN] = { 0xc1, 0xd2, 0, 1, 2, 3, 4, 5 };
static const u8 inner[] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0x00, 0x35, 0x00, 0x08, 0, 0,
};

static const char *dir;

static void must(int r, const char *what)
{
	if (r < 0) {
		fprintf(stderr, "gen_seeds: %s: %d\n", what, r);
		exit(1);
	}
}

static void save(const char *name, const u8 *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* A long-header packet of @type around @payload; returns its length. */
static size_t long_packet(u8 *buf, size_t room, u8 type, u64 pn,
			  const u8 *payload, size_t plen)
{
	static const u8 token[] = { 0x7a, 0x7b, 0x7c, 0x7d };
	struct tquic_long_hdr h = {
		.type = type, .version = TQUIC_VERSION,
		.dcid = cid, .dcid_len = sizeof(cid),
		.scid = cid, .scid_len = 4,
		.token = token, .token_len = type == TQUIC_PKT_INITIAL ? 4 : 0,
		.length = 2 + plen,
	};
	int n = tquic_long_hdr_build(buf, room, &h, pn, 2);

	must(n, "long header");
	memcpy(buf + n, payload, plen);
	return n + plen;
}

static void seed_handshake(void)
{
	u8 payload[64], dgram[512];
	size_t len = 0, plen;
	struct tquic_ack_ranges s;
	struct tquic_ack_info info = { .type = TQUIC_FT_ACK };

	plen = tquic_frame_write_ping(payload, sizeof(payload));
	plen += tquic_frame_write_padding(payload + plen, 30, 30);
	len += long_packet(dgram, sizeof(dgram), TQUIC_PKT_INITIAL, 0,
			   payload, plen);

	tquic_ack_ranges_init(&s);
	tquic_ack_ranges_add(&s, 0);
	plen = tquic_ack_ranges_write(&s, &info, payload, sizeof(payload));
	must(plen, "ack");
	plen += tquic_frame_write_padding(payload + plen, 20, 20);
	len += long_packet(dgram + len, sizeof(dgram) - len,
			   TQUIC_PKT_HANDSHAKE, 1, payload, plen);
	save("initial_handshake", dgram, len);
}

static size_t short_hdr(u8 *buf, u64 pn)
{
	int n = tquic_short_hdr_build(buf, 64, cid, pn & 1, pn, 2);

	must(n, "short header");
	return n;
}

static void seed_data(void)
{
	struct tquic_ack_info info = {
		.type = TQUIC_FT_PATH_ACK, .path_id = 1, .delay_us = 800,
		.delay_exponent = 3,
	};
	struct tquic_ack_ranges s;
	u8 pkt[512];
	size_t len;
	int n;

	tquic_ack_ranges_init(&s);
	for (n = 0; n < 40; n++)
		if (n % 7)
			tquic_ack_ranges_add(&s, 1000 + n);
	len = short_hdr(pkt, 0x1234);
	n = tquic_ack_ranges_write(&s, &info, pkt + len, sizeof(pkt) - len);
	must(n, "path ack");
	len += n;
	n = tquic_frame_write_datagram_len_hdr(pkt + len, 16, 41, sizeof(inner));
	must(n, "datagram len");
	memcpy(pkt + len + n, inner, sizeof(inner));
	len += n + sizeof(inner);
	n = tquic_frame_write_datagram_hdr(pkt + len, 16, 42);
	must(n, "datagram");
	memcpy(pkt + len + n, inner, sizeof(inner));
	len += n + sizeof(inner);
	save("short_data", pkt, len);
}

static void seed_control(void)
{
	static const u8 data[8] = { 'c', 'h', 'a', 'l', 'l', 'e', 'n', 'g' };
	struct tquic_frame f = {
		.type = TQUIC_FT_PATH_NEW_CONNECTION_ID,
		.path_new_cid = { .path_id = 2, .seq = 1, .cid_len = 8,
				  .cid = { 1, 2, 3, 4, 5, 6, 7, 8 } },
	};
	struct tquic_ack_info info = {
		.type = TQUIC_FT_PATH_ACK_ECN, .path_id = 2,
		.ect0 = 10, .ect1 = 0, .ce = 2,
	};
	struct tquic_ack_ranges s;
	u8 pkt[512], *p, *end = pkt + sizeof(pkt);

	tquic_ack_ranges_init(&s);
	tquic_ack_ranges_add(&s, 5);
	tquic_ack_ranges_add(&s, 3);
	p = pkt + short_hdr(pkt, 7);
	p += tquic_ack_ranges_write(&s, &info, p, end - p);
	p += tquic_frame_write_path_challenge(p, end - p, data);
	p += tquic_frame_write_path_response(p, end - p, data);
	p += tquic_frame_write_path_abandon(p, end - p, 1, 0);
	p += tquic_frame_write_path_status(p, end - p, false, 2, 1);
	p += tquic_frame_write_path_status(p, end - p, true, 2, 2);
	p += tquic_frame_write(p, end - p, &f);
	f.type = TQUIC_FT_PATH_RETIRE_CONNECTION_ID;
	f.path_retire_cid.path_id = 2;
	f.path_retire_cid.seq = 0;
	p += tquic_frame_write(p, end - p, &f);
	f.type = TQUIC_FT_MAX_PATH_ID;
	f.max_path_id.max_path_id = 7;
	p += tquic_frame_write(p, end - p, &f);
	f.type = TQUIC_FT_PATHS_BLOCKED;
	p += tquic_frame_write(p, end - p, &f);
	f.type = TQUIC_FT_PATH_CIDS_BLOCKED;
	f.path_cids_blocked.path_id = 2;
	f.path_cids_blocked.next_seq = 3;
	p += tquic_frame_write(p, end - p, &f);
	p += tquic_frame_write_close(p, end - p, false, 0x0a,
				     TQUIC_FT_PATH_ACK, (const u8 *)"bad", 3);
	save("short_control", pkt, p - pkt);

	p = pkt + short_hdr(pkt, 8);
	p += tquic_frame_write_close(p, end - p, true, 0, 0,
				     (const u8 *)"bye", 3);
	p += tquic_frame_write_padding(p, end - p, 20);
	save("short_close", pkt, p - pkt);
}

static void seed_retry_vn(void)
{
	static const u32 versions[] = { TQUIC_VERSION, 0x1a2a3a4a };
	struct tquic_long_hdr h = {
		.type = TQUIC_PKT_RETRY, .version = TQUIC_VERSION,
		.dcid = cid, .dcid_len = 8, .scid = cid, .scid_len = 8,
		.token = inner, .token_len = 12,
	};
	u8 pkt[256];
	int n;

	n = tquic_long_hdr_build(pkt, sizeof(pkt), &h, 0, 0);
	must(n, "retry");
	memset(pkt + n, 0xaa, TQUIC_RETRY_TAG_LEN);
	save("retry", pkt, n + TQUIC_RETRY_TAG_LEN);
	n = tquic_vn_build(pkt, sizeof(pkt), 0x3c, cid, 8, cid, 4, versions, 2);
	must(n, "version negotiation");
	save("version_negotiation", pkt, n);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	seed_handshake();
	seed_data();
	seed_control();
	seed_retry_vn();
	return 0;
}
