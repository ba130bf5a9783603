// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of tq_attack's pcap files and frame parsing (pcap.c): files
 * written are read back the same, files of the other byte order are read,
 * broken files are refused, and the UDP datagram is found in every frame
 * shape a capture can hold, never past the captured bytes.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "pcap.h"
#include "tap.h"

static struct pcap_reader reader;

static FILE *file_of(const void *bytes, size_t n)
{
	FILE *f = tmpfile();

	if (!f || fwrite(bytes, 1, n, f) != n)
		abort();
	rewind(f);
	return f;
}

static void test_roundtrip(void)
{
	static const uint8_t a[] = { 1, 2, 3, 4, 5 };
	struct timespec ts = { .tv_sec = 1700000000, .tv_nsec = 123456789 };
	uint8_t big[2000];
	FILE *f = tmpfile();
	size_t len;

	memset(big, 0xab, sizeof(big));
	CHECK_EQ(pcap_write_header(f, PCAP_LINKTYPE_RAW), 0);
	CHECK_EQ(pcap_write_record(f, &ts, a, sizeof(a), sizeof(a)), 0);
	CHECK_EQ(pcap_write_record(f, &ts, NULL, 0, 60), 0);
	CHECK_EQ(pcap_write_record(f, &ts, big, sizeof(big), 70000), 0);
	rewind(f);
	CHECK_EQ(pcap_open(&reader, f), 0);
	CHECK_EQ(reader.linktype, PCAP_LINKTYPE_RAW);
	CHECK_EQ(pcap_next(&reader, &len), 1);
	CHECK_EQ(len, sizeof(a));
	CHECK_MEM(reader.buf, a, sizeof(a));
	CHECK_EQ(pcap_next(&reader, &len), 1);
	CHECK_EQ(len, 0);
	CHECK_EQ(pcap_next(&reader, &len), 1);
	CHECK_EQ(len, sizeof(big));
	CHECK_MEM(reader.buf, big, sizeof(big));
	CHECK_EQ(pcap_next(&reader, &len), 0);
	fclose(f);
}

/* A big-endian file with a microsecond magic, as a SPARC would write it. */
static void test_swapped(void)
{
	static const uint8_t file[] = {
		0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0xff, 0xff, 0, 0, 0, 1,
		0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3, 7, 8, 9,
	};
	FILE *f = file_of(file, sizeof(file));
	size_t len;

	CHECK_EQ(pcap_open(&reader, f), 0);
	CHECK(reader.swapped);
	CHECK_EQ(reader.linktype, PCAP_LINKTYPE_ETHERNET);
	CHECK_EQ(pcap_next(&reader, &len), 1);
	CHECK_EQ(len, 3);
	CHECK_EQ(reader.buf[2], 9);
	CHECK_EQ(pcap_next(&reader, &len), 0);
	fclose(f);
}

static void test_broken_files(void)
{
	struct timespec ts = { 0 };
	static const uint8_t junk[24] = { 0x12, 0x34 };
	uint8_t frame[100] = { 0 };
	size_t len, whole, cut;
	uint8_t *bytes;
	FILE *f;

	f = file_of(junk, sizeof(junk));
	CHECK_ERR(pcap_open(&reader, f));
	fclose(f);
	f = file_of("\xd4\xc3\xb2\xa1", 4);
	CHECK_ERR(pcap_open(&reader, f));
	fclose(f);

	/* Every cut inside a record is an error, not a clean end. */
	f = tmpfile();
	pcap_write_header(f, PCAP_LINKTYPE_ETHERNET);
	pcap_write_record(f, &ts, frame, sizeof(frame), sizeof(frame));
	whole = (size_t)ftell(f);
	bytes = tap_alloc(whole);
	rewind(f);
	CHECK_EQ(fread(bytes, 1, whole, f), whole);
	fclose(f);
	for (cut = 25; cut < whole; cut++) {
		f = file_of(bytes, cut);
		CHECK_EQ(pcap_open(&reader, f), 0);
		CHECK_EQ(pcap_next(&reader, &len), -1);
		fclose(f);
	}

	/* A record longer than any capture writes is refused before reading. */
	bytes[24 + 8] = 0xff;
	bytes[24 + 9] = 0xff;
	bytes[24 + 10] = 0xff;
	f = file_of(bytes, whole);
	CHECK_EQ(pcap_open(&reader, f), 0);
	CHECK_EQ(pcap_next(&reader, &len), -1);
	fclose(f);
	tap_free(bytes, whole);
}

/* --- frames --------------------------------------------------------------- */

static const uint8_t eth4[] = {
	/* Ethernet */
	2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00,
	/* IPv4, 20 + 8 + 4 bytes, DF, UDP, 192.0.2.1 -> 192.0.2.2 */
	0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 17, 0, 0,
	192, 0, 2, 1, 192, 0, 2, 2,
	/* UDP 40000 -> 4433, length 12 */
	0x9c, 0x40, 0x11, 0x51, 0, 12, 0, 0,
	0xc0, 0x54, 0x51, 0,
	/* Ethernet padding to the 60-byte minimum */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

#define ETH4_PAYLOAD	(14 + 20 + 8)

static const uint8_t raw6[] = {
	/* IPv6, payload 8 (hop-by-hop) + 8 + 3, 2001:db8::1 -> 2001:db8::2 */
	0x60, 0, 0, 0, 0, 19, 0, 64,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	/* hop-by-hop options: next UDP, 8 bytes, PadN */
	17, 0, 1, 4, 0, 0, 0, 0,
	/* UDP 4433 -> 5000, length 11 */
	0x11, 0x51, 0x13, 0x88, 0, 11, 0, 0,
	0x41, 0x42, 0x43,
};

static bool extract_copy(uint32_t linktype, const uint8_t *frame, size_t len,
			 struct udp_view *u)
{
	uint8_t *p = tap_dup(frame, len);
	bool ok = udp_extract(linktype, p, len, u);

	/* The view points into the copy: check it before the copy goes. */
	if (ok && (u->payload < p || u->payload + u->len > p + len))
		tap_diag_fail(__FILE__, __LINE__, "payload outside the frame");
	tap_free(p, len);
	return ok;
}

static void test_udp_ipv4(void)
{
	struct udp_view u;
	uint8_t f[sizeof(eth4)];

	CHECK(udp_extract(PCAP_LINKTYPE_ETHERNET, eth4, sizeof(eth4), &u));
	CHECK_EQ(u.family, AF_INET);
	CHECK_EQ(u.sport, 40000);
	CHECK_EQ(u.dport, 4433);
	CHECK_EQ(u.payload - eth4, ETH4_PAYLOAD);
	CHECK_EQ(u.len, 4);	/* the Ethernet padding is not payload */
	CHECK_EQ(u.src[3], 1);
	CHECK_EQ(u.dst[3], 2);
	/* The same packet without the Ethernet header. */
	CHECK(udp_extract(PCAP_LINKTYPE_RAW, eth4 + 14, sizeof(eth4) - 14, &u));
	CHECK_EQ(u.len, 4);

	memcpy(f, eth4, sizeof(f));
	f[14 + 6] = 0x20;	/* more fragments */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14 + 7] = 1;		/* not the first fragment */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14 + 9] = 6;		/* TCP */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14] = 0x44;		/* header shorter than 20 bytes */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14 + 3] = 100;	/* total length past the frame */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14 + 20 + 5] = 7;	/* UDP length below its header */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[14 + 20 + 5] = 13;	/* UDP length past the IP packet */
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	memcpy(f, eth4, sizeof(f));
	f[12] = 0x86;		/* ARP */
	f[13] = 0x06;
	CHECK(!udp_extract(PCAP_LINKTYPE_ETHERNET, f, sizeof(f), &u));
	CHECK(!udp_extract(113, eth4, sizeof(eth4), &u));
}

static void test_udp_ipv6(void)
{
	struct udp_view u;
	uint8_t f[sizeof(raw6)];
	uint8_t eth[14 + sizeof(raw6)] = {
		[12] = 0x86, [13] = 0xdd,
	};

	CHECK(udp_extract(PCAP_LINKTYPE_RAW, raw6, sizeof(raw6), &u));
	CHECK_EQ(u.family, AF_INET6);
	CHECK_EQ(u.sport, 4433);
	CHECK_EQ(u.dport, 5000);
	CHECK_EQ(u.len, 3);
	CHECK_EQ(u.payload[0], 0x41);
	CHECK_EQ(u.dst[15], 2);
	memcpy(eth + 14, raw6, sizeof(raw6));
	CHECK(udp_extract(PCAP_LINKTYPE_ETHERNET, eth, sizeof(eth), &u));
	CHECK_EQ(u.len, 3);

	memcpy(f, raw6, sizeof(f));
	f[40] = 44;		/* a fragment header follows */
	CHECK(!udp_extract(PCAP_LINKTYPE_RAW, f, sizeof(f), &u));
	memcpy(f, raw6, sizeof(f));
	f[41] = 9;		/* extension header past the packet */
	CHECK(!udp_extract(PCAP_LINKTYPE_RAW, f, sizeof(f), &u));
	memcpy(f, raw6, sizeof(f));
	f[5] = 20;		/* payload length past the capture */
	CHECK(!udp_extract(PCAP_LINKTYPE_RAW, f, sizeof(f), &u));
	memcpy(f, raw6, sizeof(f));
	f[0] = 0x50;		/* neither version */
	CHECK(!udp_extract(PCAP_LINKTYPE_RAW, f, sizeof(f), &u));
}

/* Every truncation: refused once it cuts into the datagram, no overread. */
static void test_truncations(void)
{
	struct udp_view u;
	size_t len;

	for (len = 0; len < sizeof(eth4); len++)
		CHECK_EQ(extract_copy(PCAP_LINKTYPE_ETHERNET, eth4, len, &u),
			 len >= ETH4_PAYLOAD + 4);
	for (len = 0; len < sizeof(raw6); len++)
		CHECK(!extract_copy(PCAP_LINKTYPE_RAW, raw6, len, &u));
	CHECK(extract_copy(PCAP_LINKTYPE_RAW, raw6, sizeof(raw6), &u));
}

/* Random bytes behind a valid-looking start: never past the frame. */
static void test_random_frames(void)
{
	uint8_t f[128];
	struct udp_view u;
	size_t len, i;
	int n;

	for (n = 0; n < 20000; n++) {
		len = tap_rand() % sizeof(f);
		for (i = 0; i < len; i++)
			f[i] = (uint8_t)tap_rand();
		if (len > 0)
			f[0] = (n & 1) ? 0x45 : 0x60;
		if (len > 9 && (n & 1))
			f[9] = 17;
		if (len > 6 && !(n & 1))
			f[6] = (n & 2) ? 17 : 0;
		extract_copy(PCAP_LINKTYPE_RAW, f, len, &u);
	}
}

int main(void)
{
	static const struct tap_test tests[] = {
		TAP_TEST(test_roundtrip),
		TAP_TEST(test_swapped),
		TAP_TEST(test_broken_files),
		TAP_TEST(test_udp_ipv4),
		TAP_TEST(test_udp_ipv6),
		TAP_TEST(test_truncations),
		TAP_TEST(test_random_frames),
	};

	return tap_main(tests, TAP_COUNT(tests));
}
