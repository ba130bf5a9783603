/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic pcap files (the format tcpdump and tshark read without options)
 * and the UDP datagram inside a captured frame. Everything read from a
 * file is untrusted: lengths are bounded before use.
 */
#ifndef TQ_PCAP_H
#define TQ_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define PCAP_LINKTYPE_ETHERNET	1
#define PCAP_LINKTYPE_RAW	101	/* bare IPv4 or IPv6, by version */

/* What the writer records of a frame, and the largest record read back. */
#define PCAP_SNAPLEN		262144

int pcap_write_header(FILE *f, uint32_t linktype);
int pcap_write_record(FILE *f, const struct timespec *ts, const uint8_t *data,
		      size_t caplen, size_t origlen);

struct pcap_reader {
	FILE *f;
	bool swapped;		/* written on a host of the other byte order */
	uint32_t linktype;
	uint8_t buf[PCAP_SNAPLEN];
};

/* 0, or -1 when @f does not start with a pcap header. */
int pcap_open(struct pcap_reader *r, FILE *f);
/*
 * The next record: 1 with its bytes in r->buf (*len of them), 0 at a clean
 * end of file, -1 for a truncated or oversized record.
 */
int pcap_next(struct pcap_reader *r, size_t *len);

struct udp_view {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t src[16];
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
	const uint8_t *payload;	/* inside the frame */
	size_t len;
};

/*
 * Find a whole UDP datagram in a frame of @linktype: true for an unfragmented
 * IPv4 or IPv6 packet whose UDP payload is complete in the @len captured
 * bytes.
 */
bool udp_extract(uint32_t linktype, const uint8_t *frame, size_t len,
		 struct udp_view *u);

#endif /* TQ_PCAP_H */
