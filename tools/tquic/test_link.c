// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of link.c on hand-made RTM_NEWLINK messages, since no kernel
 * here has a tquic driver.  Without arguments: TAP.  With "json" or "text":
 * prints sample devices through print.c, for test.sh to check.
 */
#include "link.h"	/* first: its <net/if.h> must precede <linux/if.h> */
#include "print.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#define NO_SUCH_IFINDEX	999999
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

typedef void (*filler)(struct nl_msg *msg);

static unsigned int tests, failures;

static void ok(bool pass, const char *name)
{
	printf("%sok %u - %s\n", pass ? "" : "not ", ++tests, name);
	failures += !pass;
}

static struct nl_msg *link_msg(int type, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 42 };
	struct nl_msg *msg = nlmsg_alloc_simple(type, 0);

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	if (name)
		nla_put_string(msg, IFLA_IFNAME, name);
	nla_put_u8(msg, IFLA_OPERSTATE, IF_OPER_UP);
	nla_put_u8(msg, IFLA_CARRIER, 1);
	return msg;
}

/* A device of @kind whose IFLA_INFO_DATA is written by @fill, if any. */
static struct nl_msg *kind_msg(const char *name, const char *kind,
			       filler fill)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, name);
	struct nlattr *info, *data;

	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, kind);
	if (fill) {
		data = nla_nest_start(msg, IFLA_INFO_DATA);
		fill(msg);
		nla_nest_end(msg, data);
	}
	nla_nest_end(msg, info);
	return msg;
}

static int parse(struct nl_msg *msg, struct tquic_link *link)
{
	int ret = tquic_link_parse(nlmsg_hdr(msg), link);

	nlmsg_free(msg);
	return ret;
}

/* One slave entry; a size of 0 leaves that attribute out. */
static void put_entry(struct nl_msg *msg, uint32_t ifindex, int ifindex_size,
		      uint8_t oper_up, int oper_size)
{
	struct nlattr *entry = nla_nest_start(msg, IFLA_TQUIC_SLAVE_ENTRY);
	uint8_t up[4] = { oper_up };

	if (ifindex_size)
		nla_put(msg, IFLA_TQUIC_SLAVE_IFINDEX, ifindex_size, &ifindex);
	if (oper_size)
		nla_put(msg, IFLA_TQUIC_SLAVE_OPER_UP, oper_size, up);
	nla_nest_end(msg, entry);
}

static void put_slave(struct nl_msg *msg, uint32_t ifindex, bool oper_up)
{
	put_entry(msg, ifindex, 4, oper_up, 1);
}

static void fill_full(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	put_slave(msg, 1, true);
	put_slave(msg, NO_SUCH_IFINDEX, false);
	put_entry(msg, 1, 4, 0, 0);
	nla_nest_end(msg, slaves);
	nla_put_u32(msg, IFLA_TQUIC_PEER_ADDR4, htonl(0xc0000201));
	nla_put_u16(msg, IFLA_TQUIC_PEER_PORT, 4433);
	nla_put_u16(msg, IFLA_TQUIC_LISTEN_PORT, 4434);
	nla_put_u8(msg, IFLA_TQUIC_MODE, TQUIC_MODE_ACTIVE_BACKUP);
}

static void fill_v6(struct nl_msg *msg)
{
	struct in6_addr a;

	inet_pton(AF_INET6, "2001:db8::1", &a);
	nla_put(msg, IFLA_TQUIC_PEER_ADDR6, sizeof(a), &a);
	nla_put_u16(msg, IFLA_TQUIC_PEER_PORT, 443);
}

/* What a newer kernel might send: all of it to be passed over. */
static void fill_future(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	nla_put_u64(msg, IFLA_TQUIC_SLAVE_ENTRY + 1, 7);
	put_slave(msg, 1, true);
	nla_nest_end(msg, slaves);
	nla_put_u8(msg, IFLA_TQUIC_MODE, TQUIC_MODE_MAX + 5);
	nla_put_u64(msg, IFLA_TQUIC_MAX + 1, 0);
}

static void fill_port_u8(struct nl_msg *msg)
{
	nla_put_u8(msg, IFLA_TQUIC_PEER_PORT, 1);
}

static void fill_listen_u32(struct nl_msg *msg)
{
	nla_put_u32(msg, IFLA_TQUIC_LISTEN_PORT, 1);
}

static void fill_mode_u32(struct nl_msg *msg)
{
	nla_put_u32(msg, IFLA_TQUIC_MODE, 0);
}

static void fill_addr6_short(struct nl_msg *msg)
{
	nla_put_u32(msg, IFLA_TQUIC_PEER_ADDR6, 1);
}

static void fill_addr4_long(struct nl_msg *msg)
{
	struct in6_addr a = IN6ADDR_LOOPBACK_INIT;

	nla_put(msg, IFLA_TQUIC_PEER_ADDR4, sizeof(a), &a);
}

static void fill_slave_no_ifindex(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	put_slave(msg, 1, true);
	put_entry(msg, 1, 0, 1, 1);
	nla_nest_end(msg, slaves);
}

static void fill_slave_ifindex_u16(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	put_entry(msg, 1, 2, 1, 1);
	nla_nest_end(msg, slaves);
}

static void fill_slave_oper_u32(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	put_entry(msg, 1, 4, 1, 4);
	nla_nest_end(msg, slaves);
}

static void fill_too_many_slaves(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);
	int i;

	for (i = 0; i <= TQUIC_MAX_SLAVES; i++)
		put_slave(msg, 1, true);
	nla_nest_end(msg, slaves);
}

static void fill_max_slaves(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);
	int i;

	for (i = 0; i < TQUIC_MAX_SLAVES; i++)
		put_slave(msg, 1, i & 1);
	nla_nest_end(msg, slaves);
}

static void test_valid(void)
{
	struct tquic_link l;
	int ret;

	ret = parse(kind_msg("tq0", "tquic", fill_full), &l);
	ok(ret == 1 && !strcmp(l.name, "tq0") && l.ifindex == 42,
	   "tquic device is recognised, with name and ifindex");
	ok(l.operstate == IF_OPER_UP && l.has_carrier && l.carrier,
	   "operstate and carrier");
	ok(l.peer_family == AF_INET &&
	   l.peer.v4.s_addr == htonl(0xc0000201) && l.peer_port == 4433,
	   "IPv4 peer address and port");
	ok(l.listen_port == 4434, "listen port");
	ok(l.has_mode && l.mode == TQUIC_MODE_ACTIVE_BACKUP, "mode");
	ok(l.n_slaves == 3, "three slaves in order");
	ok(l.slaves[0].ifindex == 1 && !strcmp(l.slaves[0].name, "lo") &&
	   l.slaves[0].has_oper_up && l.slaves[0].oper_up,
	   "slave 1 resolves to lo and is up");
	ok(l.slaves[1].ifindex == NO_SUCH_IFINDEX && !l.slaves[1].name[0] &&
	   l.slaves[1].has_oper_up && !l.slaves[1].oper_up,
	   "slave of a vanished ifindex keeps the index, no name, down");
	ok(!l.slaves[2].has_oper_up, "slave without OPER_UP has no state");

	ret = parse(kind_msg("tq1", "tquic", fill_v6), &l);
	ok(ret == 1 && l.peer_family == AF_INET6 && l.peer_port == 443 &&
	   IN6_IS_ADDR_UNSPECIFIED(&l.peer.v6) == 0 &&
	   l.peer.v6.s6_addr[0] == 0x20 && l.peer.v6.s6_addr[15] == 1,
	   "IPv6 peer");
	ok(!l.has_mode && !l.listen_port && !l.n_slaves,
	   "absent attributes stay absent");

	ret = parse(kind_msg("tq2", "tquic", NULL), &l);
	ok(ret == 1 && l.peer_family == AF_UNSPEC && !l.n_slaves,
	   "tquic device without IFLA_INFO_DATA");

	ret = parse(kind_msg("tq3", "tquic", fill_future), &l);
	ok(ret == 1 && l.n_slaves == 1 && l.mode == TQUIC_MODE_MAX + 5,
	   "unknown attributes, entries and modes are passed over");

	ret = parse(kind_msg("tq4", "tquic", fill_max_slaves), &l);
	ok(ret == 1 && l.n_slaves == TQUIC_MAX_SLAVES,
	   "TQUIC_MAX_SLAVES slaves are accepted");
}

static void test_other(void)
{
	struct tquic_link l;
	struct nl_msg *msg;

	ok(parse(kind_msg("veth0", "veth", NULL), &l) == 0 &&
	   !strcmp(l.name, "veth0"), "other kind is not tquic");
	ok(parse(kind_msg("x", "tquicx", NULL), &l) == 0,
	   "kind with tquic as prefix is not tquic");
	ok(parse(link_msg(RTM_NEWLINK, "lo"), &l) == 0,
	   "device without IFLA_LINKINFO is not tquic");
	ok(parse(link_msg(RTM_DELLINK, "tq0"), &l) == 0,
	   "RTM_DELLINK is ignored");

	msg = link_msg(RTM_NEWLINK, "tq0");
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN + sizeof(struct ifinfomsg) - 4;
	ok(parse(msg, &l) < 0, "message shorter than ifinfomsg is refused");
}

static void test_malformed(void)
{
	static const struct {
		filler fill;
		const char *what;
	} bad[] = {
		{ fill_port_u8, "1-byte peer port" },
		{ fill_listen_u32, "4-byte listen port" },
		{ fill_mode_u32, "4-byte mode" },
		{ fill_addr6_short, "4-byte IPv6 address" },
		{ fill_addr4_long, "16-byte IPv4 address" },
		{ fill_slave_no_ifindex, "slave entry without ifindex" },
		{ fill_slave_ifindex_u16, "2-byte slave ifindex" },
		{ fill_slave_oper_u32, "4-byte slave oper_up" },
		{ fill_too_many_slaves, "more than TQUIC_MAX_SLAVES slaves" },
	};
	struct tquic_link l;
	struct nl_msg *msg;
	char name[80];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(name, sizeof(name), "refused: %s", bad[i].what);
		ok(parse(kind_msg("tq0", "tquic", bad[i].fill), &l) < 0 &&
		   !strcmp(l.name, "tq0"), name);
	}

	ok(parse(kind_msg(NULL, "tquic", fill_full), &l) ==
	   -NLE_MISSING_ATTR && l.ifindex == 42,
	   "refused: no IFLA_IFNAME, ifindex still known");

	msg = link_msg(RTM_NEWLINK, NULL);
	nla_put(msg, IFLA_IFNAME, 3, "tq0");
	ok(parse(msg, &l) < 0, "refused: IFLA_IFNAME without NUL");

	ok(parse(link_msg(RTM_NEWLINK, "a-name-of-twenty-chr"), &l) < 0,
	   "refused: IFLA_IFNAME longer than IFNAMSIZ");

	msg = link_msg(RTM_NEWLINK, "tq0");
	nla_put_u32(msg, IFLA_OPERSTATE, IF_OPER_UP);
	ok(parse(msg, &l) < 0, "refused: 4-byte IFLA_OPERSTATE");
}

/* Sample devices for print.c, with names JSON must escape. */
static int print_samples(const char *how)
{
	struct tquic_link v[3];
	struct tquic_links links = { .v = v, .n = 3 };

	if (parse(kind_msg("tq0", "tquic", fill_full), &v[0]) != 1 ||
	    parse(kind_msg("tq\"\\\x01\xff", "tquic", fill_v6), &v[1]) != 1 ||
	    parse(kind_msg("tq\xc3\xbc", "tquic", fill_future), &v[2]) != 1)
		return 1;
	v[2].has_carrier = false;
	v[2].operstate = IF_OPER_DORMANT + 20;
	if (!strcmp(how, "json"))
		print_links_json(stdout, &links);
	else
		print_links_text(stdout, &links);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return print_samples(argv[1]);

	printf("TAP version 13\n");
	test_valid();
	test_other();
	test_malformed();
	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
