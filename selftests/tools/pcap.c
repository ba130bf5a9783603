// SPDX-License-Identifier: GPL-2.0
/*
 * Classic pcap files and the UDP datagram in a captured frame (pcap.h).
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "pcap.h"

#define PCAP_MAGIC_USEC		0xa1b2c3d4U
#define PCAP_MAGIC_NSEC		0xa1b23c4dU

struct pcap_file_hdr {
	uint32_t magic;
	uint16_t major;
	uint16_t minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

struct pcap_rec_hdr {
	uint32_t sec;
	uint32_t frac;		/* microseconds, or nanoseconds */
	uint32_t caplen;
	uint32_t origlen;
};

int pcap_write_header(FILE *f, uint32_t linktype)
{
	struct pcap_file_hdr h = {
		.magic = PCAP_MAGIC_NSEC,
		.major = 2,
		.minor = 4,
		.snaplen = PCAP_SNAPLEN,
		.linktype = linktype,
	};

	if (fwrite(&h, sizeof(h), 1, f) != 1 || fflush(f))
		return -1;
	return 0;
}

/* Flushed per record: a capture cut short by a signal stays readable. */
int pcap_write_record(FILE *f, const struct timespec *ts, const uint8_t *data,
		      size_t caplen, size_t origlen)
{
	struct pcap_rec_hdr h;

	if (caplen > PCAP_SNAPLEN)
		caplen = PCAP_SNAPLEN;
	h.sec = (uint32_t)ts->tv_sec;
	h.frac = (uint32_t)ts->tv_nsec;
	h.caplen = (uint32_t)caplen;
	h.origlen = origlen > UINT32_MAX ? UINT32_MAX : (uint32_t)origlen;
	if (fwrite(&h, sizeof(h), 1, f) != 1 ||
	    (caplen && fwrite(data, caplen, 1, f) != 1) || fflush(f))
		return -1;
	return 0;
}

static uint32_t get32(const struct pcap_reader *r, uint32_t v)
{
	return r->swapped ? __builtin_bswap32(v) : v;
}

int pcap_open(struct pcap_reader *r, FILE *f)
{
	struct pcap_file_hdr h;

	r->f = f;
	if (fread(&h, sizeof(h), 1, f) != 1)
		return -1;
	switch (h.magic) {
	case PCAP_MAGIC_USEC:
	case PCAP_MAGIC_NSEC:
		r->swapped = false;
		break;
	default:
		r->swapped = true;
		h.magic = __builtin_bswap32(h.magic);
		if (h.magic != PCAP_MAGIC_USEC && h.magic != PCAP_MAGIC_NSEC)
			return -1;
	}
	r->linktype = get32(r, h.linktype);
	return 0;
}

int pcap_next(struct pcap_reader *r, size_t *len)
{
	struct pcap_rec_hdr h;
	size_t got = fread(&h, 1, sizeof(h), r->f);
	uint32_t caplen;

	if (got == 0 && feof(r->f))
		return 0;
	if (got != sizeof(h))
		return -1;
	caplen = get32(r, h.caplen);
	if (caplen > sizeof(r->buf))
		return -1;
	if (caplen && fread(r->buf, caplen, 1, r->f) != 1)
		return -1;
	*len = caplen;
	return 1;
}

static uint16_t get16be(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

#define ETH_HLEN_	14
#define IPV4_MIN_HLEN	20
#define IPV6_HLEN	40
#define UDP_HLEN	8
#define IPPROTO_UDP_	17

/* @p/@len: the UDP header and what follows it in the IP packet. */
static bool udp_take(const uint8_t *p, size_t len, struct udp_view *u)
{
	uint16_t ulen;

	if (len < UDP_HLEN)
		return false;
	ulen = get16be(p + 4);
	if (ulen < UDP_HLEN || ulen > len)
		return false;
	u->sport = get16be(p);
	u->dport = get16be(p + 2);
	u->payload = p + UDP_HLEN;
	u->len = ulen - UDP_HLEN;
	return true;
}

static bool udp_in_ipv4(const uint8_t *p, size_t len, struct udp_view *u)
{
	size_t hlen, tot;

	if (len < IPV4_MIN_HLEN || p[0] >> 4 != 4)
		return false;
	hlen = (size_t)(p[0] & 0x0f) * 4;
	tot = get16be(p + 2);
	/* More fragments, or not the first: the datagram is not all here. */
	if (hlen < IPV4_MIN_HLEN || tot < hlen || tot > len ||
	    (get16be(p + 6) & 0x3fff) || p[9] != IPPROTO_UDP_)
		return false;
	u->family = AF_INET;
	memset(u->src, 0, sizeof(u->src));
	memset(u->dst, 0, sizeof(u->dst));
	memcpy(u->src, p + 12, 4);
	memcpy(u->dst, p + 16, 4);
	return udp_take(p + hlen, tot - hlen, u);
}

/* Extension headers to skip before UDP; a fragment header ends the search. */
#define IPV6_MAX_EXT	8

static bool udp_in_ipv6(const uint8_t *p, size_t len, struct udp_view *u)
{
	size_t off = IPV6_HLEN, end;
	uint8_t next;
	int i;

	if (len < IPV6_HLEN || p[0] >> 4 != 6)
		return false;
	end = IPV6_HLEN + (size_t)get16be(p + 4);
	if (end > len)
		return false;
	next = p[6];
	for (i = 0; i < IPV6_MAX_EXT; i++) {
		if (next != 0 && next != 43 && next != 60)
			break;
		if (off + 8 > end)
			return false;
		next = p[off];
		off += ((size_t)p[off + 1] + 1) * 8;
		if (off > end)
			return false;
	}
	if (next != IPPROTO_UDP_)
		return false;
	u->family = AF_INET6;
	memcpy(u->src, p + 8, 16);
	memcpy(u->dst, p + 24, 16);
	return udp_take(p + off, end - off, u);
}

static bool udp_in_ip(const uint8_t *p, size_t len, struct udp_view *u)
{
	if (len < 1)
		return false;
	switch (p[0] >> 4) {
	case 4:
		return udp_in_ipv4(p, len, u);
	case 6:
		return udp_in_ipv6(p, len, u);
	}
	return false;
}

bool udp_extract(uint32_t linktype, const uint8_t *frame, size_t len,
		 struct udp_view *u)
{
	uint16_t proto;

	switch (linktype) {
	case PCAP_LINKTYPE_RAW:
		return udp_in_ip(frame, len, u);
	case PCAP_LINKTYPE_ETHERNET:
		if (len < ETH_HLEN_)
			return false;
		proto = get16be(frame + 12);
		if (proto != 0x0800 && proto != 0x86dd)
			return false;
		frame += ETH_HLEN_;
		len -= ETH_HLEN_;
		return proto == 0x0800 ? udp_in_ipv4(frame, len, u) :
					 udp_in_ipv6(frame, len, u);
	}
	return false;
}
