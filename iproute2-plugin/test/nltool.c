// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper for link_tquic.so, standing in for the tquic kernel module
 * that the test host does not have:
 *
 *   nltool dump FILE   writes RTM_NEWLINK messages shaped like the
 *                      module's dumps, for "ip -d monitor file FILE"
 *   nltool show FILE   decodes the IFLA_INFO_DATA of each RTM_NEWLINK in
 *                      FILE (as captured by nlshim.so) into one line
 *
 * "show" prints nests as NAME{...}, with a '+' after NAME when the nest
 * carries NLA_F_NESTED, leaves as NAME=VALUE (keys in hex) and flags as
 * NAME; a leaf of unexpected size prints as NAME?LEN so the test sees
 * the mistake.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/tquic.h>

#define BUF_SIZE	4096

/* --- building --------------------------------------------------------- */

struct msg {
	struct nlmsghdr *n;
	char buf[BUF_SIZE];
};

static struct rtattr *tail(struct msg *m)
{
	return (struct rtattr *)(m->buf + NLMSG_ALIGN(m->n->nlmsg_len));
}

static struct rtattr *put(struct msg *m, int type, const void *data,
			  int len)
{
	struct rtattr *rta = tail(m);

	if (NLMSG_ALIGN(m->n->nlmsg_len) + RTA_SPACE(len) > BUF_SIZE) {
		fprintf(stderr, "nltool: message too long\n");
		exit(2);
	}
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	m->n->nlmsg_len = NLMSG_ALIGN(m->n->nlmsg_len) + RTA_SPACE(len);
	return rta;
}

static void put_u8(struct msg *m, int type, __u8 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u16(struct msg *m, int type, __u16 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u32(struct msg *m, int type, __u32 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u64(struct msg *m, int type, __u64 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_str(struct msg *m, int type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static void put_addr(struct msg *m, int type, int family, const char *s)
{
	unsigned char a[16];

	if (inet_pton(family, s, a) != 1)
		exit(2);
	put(m, type, a, family == AF_INET ? 4 : 16);
}

/* The module's nla_nest_start() marks every nest NLA_F_NESTED. */
static struct rtattr *nest(struct msg *m, int type)
{
	return put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m, struct rtattr *start)
{
	start->rta_len = (char *)tail(m) - (char *)start;
}

static void begin(struct msg *m, int ifindex, const char *name)
{
	struct ifinfomsg *ifi;

	memset(m->buf, 0, sizeof(m->buf));
	m->n = (struct nlmsghdr *)m->buf;
	m->n->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	m->n->nlmsg_type = RTM_NEWLINK;
	ifi = NLMSG_DATA(m->n);
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	put_str(m, IFLA_IFNAME, name);
}

static void end(struct msg *m, FILE *f)
{
	fwrite(m->buf, 1, NLMSG_ALIGN(m->n->nlmsg_len), f);
}

/* A negative value leaves that attribute out, as an older kernel would. */
static void slave(struct msg *m, __u32 ifindex, int oper_up, int backup,
		  long long weight)
{
	struct rtattr *entry = nest(m, IFLA_TQUIC_SLAVE_ENTRY);

	put_u32(m, IFLA_TQUIC_SLAVE_IFINDEX, ifindex);
	if (oper_up >= 0)
		put_u8(m, IFLA_TQUIC_SLAVE_OPER_UP, oper_up);
	if (backup >= 0)
		put_u8(m, IFLA_TQUIC_SLAVE_BACKUP, backup);
	if (weight >= 0)
		put_u32(m, IFLA_TQUIC_SLAVE_WEIGHT, weight);
	nest_end(m, entry);
}

/* Starts a tquic link; returns its IFLA_INFO_DATA nest, still open. */
static struct rtattr *tquic_begin(struct msg *m, int ifindex,
				  const char *name, struct rtattr **linkinfo)
{
	begin(m, ifindex, name);
	*linkinfo = nest(m, IFLA_LINKINFO);
	put_str(m, IFLA_INFO_KIND, TQUIC_KIND);
	return nest(m, IFLA_INFO_DATA);
}

/* Bytes @first, @first + @step, ...: keys whose base64 the test knows. */
static void put_key(struct msg *m, int type, int first, int step)
{
	__u8 key[TQUIC_KEY_LEN];
	int i;

	for (i = 0; i < TQUIC_KEY_LEN; i++)
		key[i] = first + i * step;
	put(m, type, key, sizeof(key));
}

/*
 * Path N's numbers are N * 1000 + the attribute type, its counters 2^40
 * more; path 1 is a backup on wan1 that failed.
 */
static void path(struct msg *m, __u32 id, __u32 ifindex, __u8 state)
{
	struct rtattr *p = nest(m, TQUIC_XSTATS_PATH);
	int i;

	put_u32(m, TQUIC_PATH_STAT_ID, id);
	put_u32(m, TQUIC_PATH_STAT_IFINDEX, ifindex);
	put_u8(m, TQUIC_PATH_STAT_STATE, state);
	put_u8(m, TQUIC_PATH_STAT_BACKUP, id == 1);
	put_u32(m, TQUIC_PATH_STAT_SRTT_US, id * 1000 + TQUIC_PATH_STAT_SRTT_US);
	put_u32(m, TQUIC_PATH_STAT_RTTVAR_US,
		id * 1000 + TQUIC_PATH_STAT_RTTVAR_US);
	put(m, TQUIC_PATH_STAT_PAD, NULL, 0);
	for (i = TQUIC_PATH_STAT_CWND; i <= TQUIC_PATH_STAT_MAX; i++)
		put_u64(m, i, (1ULL << 40) + id * 1000 + i);
	nest_end(m, p);
}

static void paths(struct msg *m)
{
	struct rtattr *p = nest(m, TQUIC_XSTATS_PATHS);

	path(m, 0, 9001, TQUIC_PATH_ACTIVE);
	path(m, 1, 9002, TQUIC_PATH_FAILED);
	nest_end(m, p);
}

/*
 * A server's path (no slave), in a state of a newer kernel, without most
 * numbers; an entry of an unknown type is passed over.
 */
static void paths_future(struct msg *m)
{
	struct rtattr *p = nest(m, TQUIC_XSTATS_PATHS), *e;

	e = nest(m, TQUIC_XSTATS_PATH);
	put_u32(m, TQUIC_PATH_STAT_ID, 7);
	put_u32(m, TQUIC_PATH_STAT_IFINDEX, 0);
	put_u8(m, TQUIC_PATH_STAT_STATE, 42);
	put_u8(m, TQUIC_PATH_STAT_BACKUP, 0);
	put_u64(m, TQUIC_PATH_STAT_LOST, 5);
	put_u64(m, TQUIC_PATH_STAT_MAX + 1, 1);
	nest_end(m, e);
	put_u32(m, TQUIC_XSTATS_PATH + 1, 0);
	nest_end(m, p);
}

/*
 * Like the module's: a flat nest without NLA_F_NESTED, u64 counters after
 * a PAD (the kernel aligns them with it), then the gauges.
 * Counter N holds 2^40 + N, to show that 64 bits come through.
 */
static void xstats_full(struct msg *m)
{
	struct rtattr *x = put(m, IFLA_INFO_XSTATS, NULL, 0);
	int i;

	put(m, TQUIC_XSTATS_PAD, NULL, 0);
	for (i = TQUIC_XSTATS_RX_MALFORMED; i < __TQUIC_XSTATS_COUNTERS; i++)
		put_u64(m, i, (1ULL << 40) + i);
	put_u8(m, TQUIC_XSTATS_SESSION, TQUIC_SESSION_ESTABLISHED);
	put_u8(m, TQUIC_XSTATS_KEY_PHASE, 1);
	put_u32(m, TQUIC_XSTATS_SRTT_US, 12345);
	put_u32(m, TQUIC_XSTATS_RTTVAR_US, 678);
	paths(m);
	nest_end(m, x);
}

/* A newer kernel's: a state this tool does not know, a new attribute. */
static void xstats_future(struct msg *m)
{
	struct rtattr *x = put(m, IFLA_INFO_XSTATS, NULL, 0);

	put_u8(m, TQUIC_XSTATS_SESSION, 9);
	put_u64(m, TQUIC_XSTATS_RX_MALFORMED, 3);
	put_u64(m, TQUIC_XSTATS_MAX + 1, 7);
	paths_future(m);
	nest_end(m, x);
}

/* Closes IFLA_INFO_DATA, adds IFLA_INFO_XSTATS, ends the message. */
static void tquic_end(struct msg *m, struct rtattr *linkinfo,
		      struct rtattr *data, void (*xstats)(struct msg *m),
		      FILE *f)
{
	nest_end(m, data);
	xstats(m);
	nest_end(m, linkinfo);
	end(m, f);
}

/*
 * tq-client: two slaves (one up with weight 250, one down and a backup),
 *            IPv4 peer, port, listen 0, keys (public 0, 1, ... 31; peer
 *            255, 254, ... 224), a PSK, ChaCha20-Poly1305, keepalive 25,
 *            rekey-time 120, reorder-timeout 200, full xstats
 * tq-server: one slave as an older kernel reports it (ifindex only), IPv6
 *            peer, listen, a mode and a cipher unknown to the plugin, no
 *            keys and no PSK, keepalive 0, rekey-time 5, reorder-timeout
 *            0, xstats of a newer kernel
 * tq-bare:   no IFLA_INFO_DATA and no xstats at all
 * The slaves, 9001 "wan0" and 9002 "wan1", come first so that ip's
 * name cache knows them.
 */
static void dump(FILE *f)
{
	struct rtattr *li, *data, *slaves;
	struct msg m;

	begin(&m, 9001, "wan0");
	end(&m, f);
	begin(&m, 9002, "wan1");
	end(&m, f);

	data = tquic_begin(&m, 9010, "tq-client", &li);
	slaves = nest(&m, IFLA_TQUIC_SLAVES);
	slave(&m, 9001, 1, 0, 250);
	slave(&m, 9002, 0, 1, 100);
	nest_end(&m, slaves);
	put_addr(&m, IFLA_TQUIC_PEER_ADDR4, AF_INET, "192.0.2.2");
	put_u16(&m, IFLA_TQUIC_PEER_PORT, 4433);
	put_u16(&m, IFLA_TQUIC_LISTEN_PORT, 0);
	put_u8(&m, IFLA_TQUIC_MODE, TQUIC_MODE_AGGREGATE);
	put_key(&m, IFLA_TQUIC_PUBLIC_KEY, 0, 1);
	put_key(&m, IFLA_TQUIC_PEER_KEY, 255, -1);
	put_u8(&m, IFLA_TQUIC_HAS_PSK, 1);
	put_u8(&m, IFLA_TQUIC_CIPHER, TQUIC_CIPHER_CHACHA20_POLY1305);
	put_u16(&m, IFLA_TQUIC_KEEPALIVE, 25);
	put_u32(&m, IFLA_TQUIC_REKEY_TIME, 120);
	put_u32(&m, IFLA_TQUIC_REORDER_TIMEOUT, 200);
	tquic_end(&m, li, data, xstats_full, f);

	data = tquic_begin(&m, 9011, "tq-server", &li);
	slaves = nest(&m, IFLA_TQUIC_SLAVES);
	slave(&m, 9002, -1, -1, -1);
	nest_end(&m, slaves);
	put_addr(&m, IFLA_TQUIC_PEER_ADDR6, AF_INET6, "2001:db8::2");
	put_u16(&m, IFLA_TQUIC_LISTEN_PORT, 8443);
	put_u8(&m, IFLA_TQUIC_MODE, 200);
	put_u8(&m, IFLA_TQUIC_HAS_PSK, 0);
	put_u8(&m, IFLA_TQUIC_CIPHER, 100);
	put_u16(&m, IFLA_TQUIC_KEEPALIVE, 0);
	put_u32(&m, IFLA_TQUIC_REKEY_TIME, 5);
	put_u32(&m, IFLA_TQUIC_REORDER_TIMEOUT, 0);
	tquic_end(&m, li, data, xstats_future, f);

	begin(&m, 9012, "tq-bare");
	li = nest(&m, IFLA_LINKINFO);
	put_str(&m, IFLA_INFO_KIND, TQUIC_KIND);
	nest_end(&m, li);
	end(&m, f);
}

/* --- decoding --------------------------------------------------------- */

static const char * const data_names[IFLA_TQUIC_MAX + 1] = {
	[IFLA_TQUIC_SLAVES]		= "slaves",
	[IFLA_TQUIC_PEER_ADDR4]		= "peer4",
	[IFLA_TQUIC_PEER_ADDR6]		= "peer6",
	[IFLA_TQUIC_PEER_PORT]		= "port",
	[IFLA_TQUIC_LISTEN_PORT]	= "listen",
	[IFLA_TQUIC_MODE]		= "mode",
	[IFLA_TQUIC_PRIVATE_KEY]	= "privkey",
	[IFLA_TQUIC_PUBLIC_KEY]		= "pubkey",
	[IFLA_TQUIC_PEER_KEY]		= "peerkey",
	[IFLA_TQUIC_PSK]		= "psk",
	[IFLA_TQUIC_HAS_PSK]		= "has_psk",
	[IFLA_TQUIC_CIPHER]		= "cipher",
	[IFLA_TQUIC_KEEPALIVE]		= "keepalive",
	[IFLA_TQUIC_REKEY_TIME]		= "rekey_time",
	[IFLA_TQUIC_REKEY]		= "rekey",
	[IFLA_TQUIC_REORDER_TIMEOUT]	= "reorder_timeout",
};

static const char * const slave_names[IFLA_TQUIC_SLAVE_MAX + 1] = {
	[IFLA_TQUIC_SLAVE_IFINDEX]	= "ifindex",
	[IFLA_TQUIC_SLAVE_OPER_UP]	= "oper_up",
	[IFLA_TQUIC_SLAVE_BACKUP]	= "backup",
	[IFLA_TQUIC_SLAVE_WEIGHT]	= "weight",
};

static void show_leaf(const char *name, const struct rtattr *rta,
		      unsigned int want)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int len = RTA_PAYLOAD(rta);
	const void *p = RTA_DATA(rta);
	__u32 u32;
	__u16 u16;

	if (len != want) {
		printf(" %s?%u", name, len);
		return;
	}
	switch (want) {
	case 0:
		printf(" %s", name);
		break;
	case 1:
		printf(" %s=%u", name, *(const __u8 *)p);
		break;
	case 2:
		memcpy(&u16, p, sizeof(u16));
		printf(" %s=%u", name, u16);
		break;
	case 4:
		if (!strcmp(name, "peer4")) {
			printf(" %s=%s", name,
			       inet_ntop(AF_INET, p, buf, sizeof(buf)));
			break;
		}
		memcpy(&u32, p, sizeof(u32));
		printf(" %s=%u", name, u32);
		break;
	case 16:
		printf(" %s=%s", name, inet_ntop(AF_INET6, p, buf, sizeof(buf)));
		break;
	default:
		/* Keys in hex: checked apart from the base64 under test. */
		printf(" %s=", name);
		for (u32 = 0; u32 < len; u32++)
			printf("%02x", ((const unsigned char *)p)[u32]);
	}
}

static void show_nest_open(const char *name, const struct rtattr *rta)
{
	printf(" %s%s{", name, rta->rta_type & NLA_F_NESTED ? "+" : "");
}

static void show_entry(const struct rtattr *entry)
{
	static const unsigned int size[IFLA_TQUIC_SLAVE_MAX + 1] = {
		[IFLA_TQUIC_SLAVE_IFINDEX] = 4,
		[IFLA_TQUIC_SLAVE_OPER_UP] = 1,
		[IFLA_TQUIC_SLAVE_BACKUP] = 1,
		[IFLA_TQUIC_SLAVE_WEIGHT] = 4,
	};
	const struct rtattr *rta = RTA_DATA(entry);
	int rem = RTA_PAYLOAD(entry);
	unsigned int type;

	show_nest_open("entry", entry);
	for (; RTA_OK(rta, rem); rta = RTA_NEXT(rta, rem)) {
		type = rta->rta_type & NLA_TYPE_MASK;
		if (type > IFLA_TQUIC_SLAVE_MAX || !slave_names[type])
			printf(" type%u", type);
		else
			show_leaf(slave_names[type], rta, size[type]);
	}
	printf(" }");
}

static void show_slaves(const struct rtattr *nest)
{
	const struct rtattr *rta = RTA_DATA(nest);
	int rem = RTA_PAYLOAD(nest);

	show_nest_open("slaves", nest);
	for (; RTA_OK(rta, rem); rta = RTA_NEXT(rta, rem)) {
		if ((rta->rta_type & NLA_TYPE_MASK) == IFLA_TQUIC_SLAVE_ENTRY)
			show_entry(rta);
		else
			printf(" type%u", rta->rta_type & NLA_TYPE_MASK);
	}
	printf(" }");
}

static void show_data(const struct rtattr *data)
{
	static const unsigned int size[IFLA_TQUIC_MAX + 1] = {
		[IFLA_TQUIC_PEER_ADDR4]		= 4,
		[IFLA_TQUIC_PEER_ADDR6]		= 16,
		[IFLA_TQUIC_PEER_PORT]		= 2,
		[IFLA_TQUIC_LISTEN_PORT]	= 2,
		[IFLA_TQUIC_MODE]		= 1,
		[IFLA_TQUIC_PRIVATE_KEY]	= TQUIC_KEY_LEN,
		[IFLA_TQUIC_PUBLIC_KEY]		= TQUIC_KEY_LEN,
		[IFLA_TQUIC_PEER_KEY]		= TQUIC_KEY_LEN,
		[IFLA_TQUIC_PSK]		= TQUIC_KEY_LEN,
		[IFLA_TQUIC_HAS_PSK]		= 1,
		[IFLA_TQUIC_CIPHER]		= 1,
		[IFLA_TQUIC_KEEPALIVE]		= 2,
		[IFLA_TQUIC_REKEY_TIME]		= 4,
		[IFLA_TQUIC_REKEY]		= 0,
		[IFLA_TQUIC_REORDER_TIMEOUT]	= 4,
	};
	const struct rtattr *rta = RTA_DATA(data);
	int rem = RTA_PAYLOAD(data);
	unsigned int type;

	show_nest_open("data", data);
	for (; RTA_OK(rta, rem); rta = RTA_NEXT(rta, rem)) {
		type = rta->rta_type & NLA_TYPE_MASK;
		if (type == IFLA_TQUIC_SLAVES)
			show_slaves(rta);
		else if (type > IFLA_TQUIC_MAX || !data_names[type])
			printf(" type%u", type);
		else
			show_leaf(data_names[type], rta, size[type]);
	}
	printf(" }");
}

static void show_linkinfo(const struct rtattr *linkinfo)
{
	const struct rtattr *rta = RTA_DATA(linkinfo);
	int rem = RTA_PAYLOAD(linkinfo);

	for (; RTA_OK(rta, rem); rta = RTA_NEXT(rta, rem)) {
		switch (rta->rta_type & NLA_TYPE_MASK) {
		case IFLA_INFO_KIND:
			printf("kind=%.*s", (int)RTA_PAYLOAD(rta),
			       (const char *)RTA_DATA(rta));
			break;
		case IFLA_INFO_DATA:
			show_data(rta);
			break;
		}
	}
}

static void show_msg(const struct nlmsghdr *n)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(n);
	const struct rtattr *rta = IFLA_RTA(ifi);
	int rem = IFLA_PAYLOAD(n);

	for (; RTA_OK(rta, rem); rta = RTA_NEXT(rta, rem))
		if ((rta->rta_type & NLA_TYPE_MASK) == IFLA_LINKINFO)
			show_linkinfo(rta);
	printf("\n");
}

static int show(FILE *f)
{
	static char buf[BUF_SIZE];
	struct nlmsghdr *n = (struct nlmsghdr *)buf;
	size_t body;

	while (fread(n, 1, sizeof(*n), f) == sizeof(*n)) {
		if (n->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)) ||
		    n->nlmsg_len > sizeof(buf))
			return 2;
		body = NLMSG_ALIGN(n->nlmsg_len) - sizeof(*n);
		if (fread(NLMSG_DATA(n), 1, body, f) != body)
			return 2;
		if (n->nlmsg_type == RTM_NEWLINK)
			show_msg(n);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int dumping = argc == 3 && !strcmp(argv[1], "dump");
	FILE *f;
	int ret;

	if (argc != 3 || (!dumping && strcmp(argv[1], "show"))) {
		fprintf(stderr, "usage: nltool { dump | show } FILE\n");
		return 2;
	}
	f = fopen(argv[2], dumping ? "w" : "r");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	if (dumping) {
		dump(f);
		ret = 0;
	} else {
		ret = show(f);
	}
	return fclose(f) ? 2 : ret;
}
