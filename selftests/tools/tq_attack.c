// SPDX-License-Identifier: GPL-2.0
/*
 * tq_attack: what an on-path attacker does to a tquic tunnel, for the
 * selftests. It captures the tunnel's UDP packets to a pcap file, sends
 * them again (as they were, with a bit flipped, truncated, many times over)
 * and throws random datagrams at the port. It knows no private key:
 * everything it sends must be refused by the receiver, and counted. Its
 * flood knows what anyone may, the server's public key, and sends real
 * initiations (from a key of its own) with a valid mac1, from many spoofed
 * addresses.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "noise_openssl.h"
#include "packet.h"
#include "pcap.h"

#define EXIT_USAGE	2
#define EXIT_SHORT	3	/* capture ended before COUNT packets */

#define MAX_DATAGRAM	65535
/* Packets one replay reads from a capture: the tests capture far fewer. */
#define MAX_REPLAY	100000
#define JUNK_MAX_LEN	1500

static const char usage_text[] =
"Usage:\n"
"  tq_attack capture IFACE UDPPORT COUNT FILE.pcap [TIMEOUT]\n"
"      write the first COUNT UDP packets from or to UDPPORT seen on IFACE\n"
"      (sent or received) to FILE.pcap; gives up after TIMEOUT seconds\n"
"      (30). Prints \"capturing on IFACE\" once packets are being seen.\n"
"      Exit 0: COUNT captured; 3: timeout or signal came first.\n"
"  tq_attack replay FILE.pcap DSTADDR DSTPORT [options]\n"
"      send the UDP payloads of the captured packets to DSTADDR DSTPORT\n"
"      from an ordinary UDP socket, in capture order.\n"
"      --dport N       only packets that were sent to UDP port N\n"
"      --type T        only QUIC packets of type T: initial, handshake,\n"
"                      retry or short\n"
"      --flip-bit N    flip bit N of each payload (bit 0 is the most\n"
"                      significant bit of byte 0); shorter ones are skipped\n"
"      --truncate LEN  send only the first LEN bytes of each payload\n"
"      --repeat K      send the whole selection K times (1)\n"
"      --src ADDR      send from ADDR (an address of this host), as a\n"
"                      stranger, or an attacker re-sourcing packets, would\n"
"  tq_attack junk DSTADDR DSTPORT COUNT [--seed S]\n"
"      send COUNT random datagrams of 0..1500 bytes; a quarter look like\n"
"      tquic long headers, a quarter like short headers, a quarter are\n"
"      long headers of another version. Prints the seed it used.\n"
"  tq_attack flood DSTADDR DSTPORT --peer-key KEY [options]\n"
"      send Initials with a valid mac1 for the public key KEY (base64),\n"
"      real initiations from a random key of their own, each from one of\n"
"      N spoofed IPv4 sources in turn (raw socket, needs CAP_NET_RAW).\n"
"      --sources N     spoofed sources (1000): SRC-BASE and the N-1 after\n"
"      --src-base A    the first source address (198.18.0.1)\n"
"      --rate R        datagrams a second (1000)\n"
"      --duration S    seconds to go on for (10), whether or not it kept\n"
"                      up with the rate\n";

static void usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*v = strtoul(s, &end, 0);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

static unsigned long arg_ulong(const char *what, const char *s,
			       unsigned long max)
{
	unsigned long v;

	if (parse_ulong(s, max, &v)) {
		fprintf(stderr, "tq_attack: bad %s '%s'\n", what, s);
		usage();
	}
	return v;
}

static void parse_dst(const char *addr, const char *port,
		      struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	uint16_t p = (uint16_t)arg_ulong("port", port, 65535);

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(p);
		*sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(p);
		*sslen = sizeof(*sin6);
	} else {
		fprintf(stderr, "tq_attack: bad address '%s'\n", addr);
		usage();
	}
}

/* --- capture ------------------------------------------------------------ */

static volatile sig_atomic_t stopped;

static void on_signal(int sig)
{
	(void)sig;
	stopped = 1;
}

/* The pcap link type that matches what AF_PACKET gives for @fd's device. */
static int capture_linktype(int fd, const char *ifname, bool *loopback)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror("tq_attack: SIOCGIFHWADDR");
		return -1;
	}
	*loopback = ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK;
	switch (ifr.ifr_hwaddr.sa_family) {
	case ARPHRD_ETHER:
	case ARPHRD_LOOPBACK:	/* an Ethernet header of zeros */
		return PCAP_LINKTYPE_ETHERNET;
	case ARPHRD_NONE:	/* tun-like: the frame is the IP packet */
		return PCAP_LINKTYPE_RAW;
	}
	fprintf(stderr, "tq_attack: %s: link type %u not supported\n", ifname,
		ifr.ifr_hwaddr.sa_family);
	return -1;
}

static uint8_t frame[PCAP_SNAPLEN];

static int cmd_capture(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned long port, count, timeout = 30, n = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec now, end;
	int fd, linktype, one = 1, rcvbuf = 8 << 20;
	bool loopback;
	FILE *f;

	if (argc < 5 || argc > 6)
		usage();
	port = arg_ulong("port", argv[2], 65535);
	count = arg_ulong("count", argv[3], ULONG_MAX);
	if (argc == 6)
		timeout = arg_ulong("timeout", argv[5], 86400);

	/* Protocol 0: nothing is queued before bind() picks the device. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("tq_attack: AF_PACKET socket");
		return 1;
	}
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "tq_attack: no interface %s\n", argv[1]);
		return 1;
	}
	linktype = capture_linktype(fd, argv[1], &loopback);
	if (linktype < 0)
		return 1;
	/* Loopback shows each packet twice: going out and coming in. */
	if (loopback && setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING,
				   &one, sizeof(one))) {
		perror("tq_attack: PACKET_IGNORE_OUTGOING");
		return 1;
	}
	/* Bursts (a flood, a rekey under load) must not overrun the queue. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	sll.sll_protocol = htons(ETH_P_ALL);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("tq_attack: bind");
		return 1;
	}
	f = fopen(argv[4], "wb");
	if (!f || pcap_write_header(f, (uint32_t)linktype)) {
		perror("tq_attack: writing the capture");
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("capturing on %s\n", argv[1]);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)timeout;
	while (n < count && !stopped) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct udp_view u;
		long long ms;
		ssize_t len;
		size_t cap;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (end.tv_sec - now.tv_sec) * 1000LL +
		     (end.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			break;
		if (poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms) <= 0)
			continue;
		len = recv(fd, frame, sizeof(frame), MSG_TRUNC | MSG_DONTWAIT);
		if (len < 0)
			continue;
		cap = (size_t)len < sizeof(frame) ? (size_t)len : sizeof(frame);
		if (!udp_extract((uint32_t)linktype, frame, cap, &u) ||
		    (u.sport != port && u.dport != port))
			continue;
		clock_gettime(CLOCK_REALTIME, &now);
		if (pcap_write_record(f, &now, frame, cap, (size_t)len)) {
			perror("tq_attack: writing the capture");
			return 1;
		}
		n++;
	}
	if (fclose(f)) {
		perror("tq_attack: writing the capture");
		return 1;
	}
	close(fd);
	printf("captured %lu packets\n", n);
	return n < count ? EXIT_SHORT : 0;
}

/* --- sending -------------------------------------------------------------- */

static int udp_socket(const struct sockaddr_storage *dst)
{
	int fd = socket(dst->ss_family, SOCK_DGRAM, 0);

	if (fd < 0)
		perror("tq_attack: UDP socket");
	return fd;
}

/* Errors are counted, not fatal: a flood outruns socket buffers. */
static int send_one(int fd, const void *buf, size_t len,
		    const struct sockaddr_storage *dst, socklen_t dstlen)
{
	if (sendto(fd, buf, len, 0, (const struct sockaddr *)dst, dstlen) !=
	    (ssize_t)len) {
		perror("tq_attack: sendto");
		return -1;
	}
	return 0;
}

/* --- replay ------------------------------------------------------------- */

enum { TYPE_ANY = -1, TYPE_SHORT = TQUIC_PKT_VERSION_NEG + 1 };

static int quic_type(const uint8_t *p, size_t len)
{
	if (!len)
		return TYPE_ANY;
	if (!tquic_pkt_is_long(p[0]))
		return TYPE_SHORT;
	return (p[0] >> TQUIC_HDR_LONG_TYPE_SHIFT) & 3;
}

static int parse_type(const char *s)
{
	static const struct {
		const char *name;
		int type;
	} types[] = {
		{ "initial", TQUIC_PKT_INITIAL },
		{ "handshake", TQUIC_PKT_HANDSHAKE },
		{ "retry", TQUIC_PKT_RETRY },
		{ "short", TYPE_SHORT },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(s, types[i].name))
			return types[i].type;
	fprintf(stderr, "tq_attack: unknown packet type '%s'\n", s);
	usage();
	return TYPE_ANY;
}

struct datagram {
	size_t len;
	uint8_t data[];
};

struct replay_opts {
	long dport;		/* -1: any */
	int type;		/* TYPE_ANY or a packet type */
	long flip_bit;		/* -1: none */
	size_t truncate;	/* SIZE_MAX: none */
	unsigned long repeat;
};

/* The selected payloads of @path; *n of them. NULL on a bad file. */
static struct datagram **load_capture(const char *path,
				      const struct replay_opts *o, size_t *n)
{
	static struct pcap_reader r;
	struct datagram **d = NULL;
	struct udp_view u;
	size_t len;
	FILE *f;
	int ret;

	*n = 0;
	f = fopen(path, "rb");
	if (!f || pcap_open(&r, f)) {
		fprintf(stderr, "tq_attack: %s: not a pcap file\n", path);
		goto err;
	}
	d = calloc(MAX_REPLAY, sizeof(*d));
	if (!d)
		goto err;
	while ((ret = pcap_next(&r, &len)) == 1) {
		if (!udp_extract(r.linktype, r.buf, len, &u) ||
		    (o->dport >= 0 && u.dport != o->dport) ||
		    (o->type != TYPE_ANY && quic_type(u.payload, u.len) != o->type))
			continue;
		if (*n == MAX_REPLAY) {
			fprintf(stderr, "tq_attack: %s: over %d packets\n", path,
				MAX_REPLAY);
			goto err;
		}
		d[*n] = malloc(sizeof(**d) + u.len);
		if (!d[*n])
			goto err;
		d[*n]->len = u.len;
		memcpy(d[*n]->data, u.payload, u.len);
		(*n)++;
	}
	if (ret < 0) {
		fprintf(stderr, "tq_attack: %s: truncated or corrupt\n", path);
		goto err;
	}
	fclose(f);
	return d;
err:
	if (d)
		while (*n)
			free(d[--*n]);
	free(d);
	if (f)
		fclose(f);
	return NULL;
}

static int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dport", required_argument, NULL, 'd' },
		{ "type", required_argument, NULL, 't' },
		{ "flip-bit", required_argument, NULL, 'f' },
		{ "truncate", required_argument, NULL, 'T' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "src", required_argument, NULL, 's' },
		{}
	};
	struct replay_opts o = {
		.dport = -1, .type = TYPE_ANY, .flip_bit = -1,
		.truncate = SIZE_MAX, .repeat = 1,
	};
	static uint8_t buf[MAX_DATAGRAM];
	unsigned long sent = 0, skipped = 0, errors = 0, k;
	struct sockaddr_storage dst, src;
	socklen_t srclen = 0;
	const char *src_addr = NULL;
	struct datagram **d;
	socklen_t dstlen;
	size_t n, i;
	int c, fd;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.dport = (long)arg_ulong("port", optarg, 65535);
			break;
		case 't':
			o.type = parse_type(optarg);
			break;
		case 'f':
			o.flip_bit = (long)arg_ulong("bit", optarg,
						      MAX_DATAGRAM * 8 - 1);
			break;
		case 'T':
			o.truncate = arg_ulong("length", optarg, MAX_DATAGRAM);
			break;
		case 'r':
			o.repeat = arg_ulong("count", optarg, 100000000);
			break;
		case 's':
			src_addr = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	parse_dst(argv[optind + 1], argv[optind + 2], &dst, &dstlen);
	if (src_addr) {
		parse_dst(src_addr, "0", &src, &srclen);
		if (src.ss_family != dst.ss_family) {
			fprintf(stderr, "tq_attack: --src %s is not of %s's family\n",
				src_addr, argv[optind + 1]);
			return EXIT_USAGE;
		}
	}
	fd = udp_socket(&dst);
	if (fd < 0)
		return 1;
	if (srclen && bind(fd, (const struct sockaddr *)&src, srclen)) {
		perror("tq_attack: bind --src");
		close(fd);
		return 1;
	}
	d = load_capture(argv[optind], &o, &n);
	if (!d) {
		close(fd);
		return 1;
	}
	for (k = 0; k < o.repeat; k++) {
		for (i = 0; i < n; i++) {
			size_t len = d[i]->len;

			if (o.flip_bit >= 0 && (size_t)o.flip_bit / 8 >= len) {
				skipped++;
				continue;
			}
			memcpy(buf, d[i]->data, len);
			if (o.flip_bit >= 0)
				buf[o.flip_bit / 8] ^= 0x80 >> (o.flip_bit % 8);
			if (len > o.truncate)
				len = o.truncate;
			if (send_one(fd, buf, len, &dst, dstlen))
				errors++;
			else
				sent++;
		}
	}
	close(fd);
	for (i = 0; i < n; i++)
		free(d[i]);
	free(d);
	printf("sent %lu datagrams (%zu selected, %lu too short, %lu errors)\n",
	       sent, n, skipped, errors);
	return errors || !sent ? 1 : 0;
}

/* --- junk --------------------------------------------------------------- */

/* xorshift64*: a printed seed reproduces a run. */
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static void put_version(uint8_t *p, size_t len, uint32_t v)
{
	size_t i;

	for (i = 0; i < 4 && 1 + i < len; i++)
		p[1 + i] = (uint8_t)(v >> (24 - 8 * i));
}

/* One datagram of kind @i % 4, @len bytes at @p. */
static void junk_fill(uint8_t *p, size_t len, unsigned long i)
{
	size_t j;

	for (j = 0; j < len; j++)
		p[j] = (uint8_t)rnd();
	if (!len)
		return;
	switch (i % 4) {
	case 1:		/* our long header, plausible CID lengths half the time */
		p[0] |= TQUIC_HDR_LONG | TQUIC_HDR_FIXED;
		put_version(p, len, TQUIC_VERSION);
		if (len > 5 && (rnd() & 1))
			p[5] = TQUIC_CID_LEN;
		break;
	case 2:		/* short header */
		p[0] = (p[0] & ~TQUIC_HDR_LONG) | TQUIC_HDR_FIXED;
		break;
	case 3:		/* long header of a version we do not speak */
		p[0] |= TQUIC_HDR_LONG;
		put_version(p, len, (uint32_t)rnd() | 1);
		break;
	}
}

static int cmd_junk(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{}
	};
	static uint8_t buf[JUNK_MAX_LEN];
	unsigned long count, i, sent = 0, errors = 0;
	struct sockaddr_storage dst;
	bool seeded = false;
	uint64_t seed = 0;
	socklen_t dstlen;
	int c, fd;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 's')
			usage();
		seed = arg_ulong("seed", optarg, ULONG_MAX);
		seeded = true;
	}
	if (argc - optind != 3)
		usage();
	parse_dst(argv[optind], argv[optind + 1], &dst, &dstlen);
	count = arg_ulong("count", argv[optind + 2], 100000000);
	if (!seeded && getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) {
		perror("tq_attack: getrandom");
		return 1;
	}
	printf("seed %llu\n", (unsigned long long)seed);
	rng = seed ? seed : 1;	/* xorshift stays at 0 forever */
	fd = udp_socket(&dst);
	if (fd < 0)
		return 1;
	for (i = 0; i < count; i++) {
		size_t len = rnd() % (JUNK_MAX_LEN + 1);

		junk_fill(buf, len, i);
		if (send_one(fd, buf, len, &dst, dstlen))
			errors++;
		else
			sent++;
	}
	close(fd);
	printf("sent %lu datagrams (%lu errors)\n", sent, errors);
	return errors ? 1 : 0;
}

/* --- flood -------------------------------------------------------------- */

/* Initiations made once and sent again and again: each costs a DH. */
#define FLOOD_POOL	16
#define FLOOD_TICK_NS	2000000L	/* sends are paced in 2 ms batches */

struct flood_opts {
	unsigned long sources, rate, duration;
	struct in_addr src_base;
	uint8_t peer_pub[TQUIC_NOISE_KEY_LEN];
	bool have_key;
};

struct flood_init {
	uint8_t scid[TQUIC_CID_LEN];
	uint8_t msg[TQUIC_NOISE_MSG1_LEN];
};

static int parse_key(const char *b64, uint8_t *key)
{
	unsigned char out[TQUIC_NOISE_KEY_LEN + 3];

	/* 32 bytes are 44 characters, one '=' of padding. */
	if (strlen(b64) != 44 ||
	    EVP_DecodeBlock(out, (const unsigned char *)b64, 44) != 33)
		return -1;
	memcpy(key, out, TQUIC_NOISE_KEY_LEN);
	return 0;
}

/* The pool: real initiations from one random static key of our own. */
static int flood_pool(const uint8_t *peer_pub, struct tquic_noise_static *st,
		      struct flood_init *pool)
{
	uint8_t priv[TQUIC_NOISE_KEY_LEN], pub[TQUIC_NOISE_KEY_LEN];
	uint8_t ts[TQUIC_NOISE_TS_LEN];
	struct tquic_noise_hs hs;
	struct timespec now;
	int i;

	noise_ossl_ops.gen_private(priv);
	if (!noise_ossl_pubkey(pub, priv) ||
	    tquic_noise_static_init(&noise_ossl_ops, st, priv, pub, peer_pub,
				    NULL)) {
		fprintf(stderr, "tq_attack: unusable --peer-key\n");
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < FLOOD_POOL; i++) {
		tquic_noise_tai64n(ts, (u64)now.tv_sec, (u32)now.tv_nsec + i);
		if (getrandom(pool[i].scid, TQUIC_CID_LEN, 0) != TQUIC_CID_LEN ||
		    tquic_noise_create_init(&noise_ossl_ops, st, &hs,
					    pool[i].scid, ts, 0, pool[i].msg))
			return -1;
	}
	return 0;
}

/* RFC 768 checksum over the pseudo-header, the UDP header and data. */
static uint16_t udp4_csum(const struct iphdr *ip, const uint8_t *udp,
			  size_t len)
{
	uint32_t sum = 0;
	size_t i;

	sum += (ntohl(ip->saddr) >> 16) + (ntohl(ip->saddr) & 0xffff);
	sum += (ntohl(ip->daddr) >> 16) + (ntohl(ip->daddr) & 0xffff);
	sum += IPPROTO_UDP + (uint32_t)len;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(udp[i] << 8 | udp[i + 1]);
	if (len & 1)
		sum += (uint32_t)udp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	return htons(sum ? (uint16_t)sum : 0xffff);
}

/*
 * One spoofed datagram: IPv4 and UDP headers around an Initial carrying
 * pool entry @init, to a fresh random DCID (so a fresh mac1). Returns its
 * length.
 */
static size_t flood_packet(uint8_t *buf, size_t room,
			   const struct tquic_noise_static *st,
			   const struct flood_init *init, struct in_addr src,
			   uint16_t sport, const struct sockaddr_in *dst)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	uint8_t *payload = (uint8_t *)(udp + 1);
	uint8_t dcid[TQUIC_CID_LEN], mac1[TQUIC_NOISE_MAC_LEN];
	size_t hdrs = sizeof(*ip) + sizeof(*udp);
	int n;

	if (getrandom(dcid, sizeof(dcid), 0) != sizeof(dcid))
		return 0;
	n = tquic_noise_initial_build(&noise_ossl_ops, payload, room - hdrs,
				      dcid, init->scid, NULL, 0, init->msg,
				      st->mac.mac1_tx, mac1);
	if (n < 0)
		return 0;
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = sizeof(*ip) / 4;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons((uint16_t)(hdrs + (size_t)n));
	ip->saddr = src.s_addr;
	ip->daddr = dst->sin_addr.s_addr;
	/* The kernel fills in the IP checksum and ID of a raw packet. */
	udp->source = htons(sport);
	udp->dest = dst->sin_port;
	udp->len = htons((uint16_t)(sizeof(*udp) + (size_t)n));
	udp->check = 0;
	udp->check = udp4_csum(ip, (const uint8_t *)udp,
			       sizeof(*udp) + (size_t)n);
	return hdrs + (size_t)n;
}

static void ts_add_ns(struct timespec *t, long ns)
{
	t->tv_nsec += ns;
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void flood_parse(int argc, char **argv, struct flood_opts *o)
{
	static const struct option longopts[] = {
		{ "peer-key", required_argument, NULL, 'k' },
		{ "sources", required_argument, NULL, 'n' },
		{ "src-base", required_argument, NULL, 'b' },
		{ "rate", required_argument, NULL, 'r' },
		{ "duration", required_argument, NULL, 'd' },
		{}
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (parse_key(optarg, o->peer_pub)) {
				fprintf(stderr, "tq_attack: bad key '%s'\n", optarg);
				usage();
			}
			o->have_key = true;
			break;
		case 'n':
			o->sources = arg_ulong("count", optarg, 1 << 20);
			break;
		case 'b':
			if (inet_pton(AF_INET, optarg, &o->src_base) != 1) {
				fprintf(stderr, "tq_attack: bad address '%s'\n",
					optarg);
				usage();
			}
			break;
		case 'r':
			o->rate = arg_ulong("rate", optarg, 10000000);
			break;
		case 'd':
			o->duration = arg_ulong("duration", optarg, 86400);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || !o->have_key || !o->sources || !o->rate)
		usage();
}

static int cmd_flood(int argc, char **argv)
{
	struct flood_opts o = { .sources = 1000, .rate = 1000, .duration = 10 };
	static struct flood_init pool[FLOOD_POOL];
	unsigned long sent = 0, errors = 0, due = 0, ticks, t;
	static uint8_t buf[sizeof(struct iphdr) + sizeof(struct udphdr) +
			   TQUIC_NOISE_INITIAL_MIN];
	struct tquic_noise_static st;
	struct sockaddr_storage dst;
	struct sockaddr_in *dst4 = (struct sockaddr_in *)&dst;
	struct timespec next, end;
	socklen_t dstlen;
	int fd;

	o.src_base.s_addr = htonl(0xc6120001);	/* 198.18.0.1, RFC 2544 */
	flood_parse(argc, argv, &o);
	parse_dst(argv[optind], argv[optind + 1], &dst, &dstlen);
	if (dst.ss_family != AF_INET) {
		fprintf(stderr, "tq_attack: flood: IPv4 only\n");
		return EXIT_USAGE;
	}
	if (flood_pool(o.peer_pub, &st, pool))
		return 1;
	/* IPPROTO_RAW: we write the IP header (IP_HDRINCL). */
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("tq_attack: raw socket");
		return 1;
	}
	ticks = o.duration * (1000000000L / FLOOD_TICK_NS);
	clock_gettime(CLOCK_MONOTONIC, &next);
	end = next;
	end.tv_sec += (time_t)o.duration;
	for (t = 1; t <= ticks; t++) {
		/* Due by the end of tick t: rate * t ticks' worth. */
		unsigned long until = o.rate * t / (1000000000L / FLOOD_TICK_NS);
		struct timespec now;

		/* A sender too slow for the rate stops on time all the same. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;

		for (; due < until; due++) {
			unsigned long i = due % o.sources;
			struct in_addr src = {
				.s_addr = htonl(ntohl(o.src_base.s_addr) +
						(uint32_t)i),
			};
			size_t len = flood_packet(buf, sizeof(buf), &st,
						  &pool[due % FLOOD_POOL], src,
						  (uint16_t)(1024 + i % 60000),
						  dst4);

			if (!len || sendto(fd, buf, len, 0,
					   (struct sockaddr *)&dst, dstlen) !=
				    (ssize_t)len)
				errors++;
			else
				sent++;
		}
		ts_add_ns(&next, FLOOD_TICK_NS);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	close(fd);
	printf("sent %lu datagrams from %lu sources (%lu errors)\n", sent,
	       o.sources < due ? o.sources : due, errors);
	return !sent ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "capture"))
		return cmd_capture(argc - 1, argv + 1);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(argv[1], "junk"))
		return cmd_junk(argc - 1, argv + 1);
	if (!strcmp(argv[1], "flood"))
		return cmd_flood(argc - 1, argv + 1);
	usage();
	return EXIT_USAGE;
}
