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

/*
 * A device of @kind whose IFLA_INFO_DATA is written by @fill and
 * IFLA_INFO_XSTATS by @xfill, each if given.
 */
static struct nl_msg *stats_msg(const char *name, const char *kind,
				filler fill, filler xfill)
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
	if (xfill) {
		data = nla_nest_start(msg, IFLA_INFO_XSTATS);
		xfill(msg);
		nla_nest_end(msg, data);
	}
	nla_nest_end(msg, info);
	return msg;
}

static struct nl_msg *kind_msg(const char *name, const char *kind,
			       filler fill)
{
	return stats_msg(name, kind, fill, NULL);
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

/* A slave as this kernel reports it: with its backup flag and weight. */
static void put_mp_slave(struct nl_msg *msg, uint32_t ifindex, bool oper_up,
			 bool backup, uint32_t weight)
{
	struct nlattr *entry = nla_nest_start(msg, IFLA_TQUIC_SLAVE_ENTRY);

	nla_put_u32(msg, IFLA_TQUIC_SLAVE_IFINDEX, ifindex);
	nla_put_u8(msg, IFLA_TQUIC_SLAVE_OPER_UP, oper_up);
	nla_put_u8(msg, IFLA_TQUIC_SLAVE_BACKUP, backup);
	nla_put_u32(msg, IFLA_TQUIC_SLAVE_WEIGHT, weight);
	nla_nest_end(msg, entry);
}

static void fill_full(struct nl_msg *msg)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);

	put_mp_slave(msg, 1, true, false, 250);
	put_mp_slave(msg, NO_SUCH_IFINDEX, false, true, 100);
	put_entry(msg, 1, 4, 0, 0);
	nla_nest_end(msg, slaves);
	nla_put_u32(msg, IFLA_TQUIC_PEER_ADDR4, htonl(0xc0000201));
	nla_put_u16(msg, IFLA_TQUIC_PEER_PORT, 4433);
	nla_put_u16(msg, IFLA_TQUIC_LISTEN_PORT, 4434);
	nla_put_u8(msg, IFLA_TQUIC_MODE, TQUIC_MODE_ACTIVE_BACKUP);
	nla_put_u32(msg, IFLA_TQUIC_REORDER_TIMEOUT, 200);
}

/* Key bytes @first, @first + 1, ...; 0 gives the base64 the test knows. */
static void put_key(struct nl_msg *msg, int type, int len, uint8_t first)
{
	uint8_t key[TQUIC_KEY_LEN + 1];
	int i;

	for (i = 0; i < len; i++)
		key[i] = first + i;
	nla_put(msg, type, len, key);
}

/* A client with every key option the kernel reports. */
static void fill_keys(struct nl_msg *msg)
{
	fill_full(msg);
	put_key(msg, IFLA_TQUIC_PUBLIC_KEY, TQUIC_KEY_LEN, 0);
	put_key(msg, IFLA_TQUIC_PEER_KEY, TQUIC_KEY_LEN, 0x20);
	nla_put_u8(msg, IFLA_TQUIC_HAS_PSK, 1);
	nla_put_u8(msg, IFLA_TQUIC_CIPHER, TQUIC_CIPHER_CHACHA20_POLY1305);
	nla_put_u16(msg, IFLA_TQUIC_KEEPALIVE, 25);
	nla_put_u32(msg, IFLA_TQUIC_REKEY_TIME, 120);
}

/* No key pair yet, no PSK, keepalive off, a cipher of a newer kernel. */
static void fill_no_keys(struct nl_msg *msg)
{
	nla_put_u16(msg, IFLA_TQUIC_LISTEN_PORT, 4433);
	nla_put_u8(msg, IFLA_TQUIC_HAS_PSK, 0);
	nla_put_u8(msg, IFLA_TQUIC_CIPHER, TQUIC_CIPHER_MAX + 3);
	nla_put_u16(msg, IFLA_TQUIC_KEEPALIVE, 0);
	nla_put_u32(msg, IFLA_TQUIC_REKEY_TIME, 5);
	nla_put_u32(msg, IFLA_TQUIC_REORDER_TIMEOUT, 0);
}

/*
 * Path @id: number N is @id * 1000 + N, 2^40 more for the u64 ones; path
 * 1 is a backup that failed.
 */
static void put_path(struct nl_msg *msg, uint32_t id, uint32_t ifindex,
		     uint8_t state)
{
	struct nlattr *p = nla_nest_start(msg, TQUIC_XSTATS_PATH);
	int i;

	nla_put_u32(msg, TQUIC_PATH_STAT_ID, id);
	nla_put_u32(msg, TQUIC_PATH_STAT_IFINDEX, ifindex);
	nla_put_u8(msg, TQUIC_PATH_STAT_STATE, state);
	nla_put_u8(msg, TQUIC_PATH_STAT_BACKUP, id == 1);
	nla_put_u32(msg, TQUIC_PATH_STAT_SRTT_US,
		    id * 1000 + TQUIC_PATH_STAT_SRTT_US);
	nla_put_u32(msg, TQUIC_PATH_STAT_RTTVAR_US,
		    id * 1000 + TQUIC_PATH_STAT_RTTVAR_US);
	for (i = TQUIC_PATH_STAT_CWND; i <= TQUIC_PATH_STAT_MAX; i++)
		nla_put_u64(msg, i, (1ULL << 40) + id * 1000 + i);
	nla_nest_end(msg, p);
}

/* Counter N holds 2^40 + N: all 64 bits have to come through. */
static void xfill_full(struct nl_msg *msg)
{
	struct nlattr *paths;
	int i;

	for (i = TQUIC_XSTATS_RX_MALFORMED; i < __TQUIC_XSTATS_COUNTERS; i++)
		nla_put_u64(msg, i, (1ULL << 40) + i);
	nla_put_u8(msg, TQUIC_XSTATS_SESSION, TQUIC_SESSION_ESTABLISHED);
	nla_put_u8(msg, TQUIC_XSTATS_KEY_PHASE, 1);
	nla_put_u32(msg, TQUIC_XSTATS_SRTT_US, 12345);
	nla_put_u32(msg, TQUIC_XSTATS_RTTVAR_US, 678);
	paths = nla_nest_start(msg, TQUIC_XSTATS_PATHS);
	put_path(msg, 0, 1, TQUIC_PATH_ACTIVE);
	put_path(msg, 1, NO_SUCH_IFINDEX, TQUIC_PATH_FAILED);
	nla_nest_end(msg, paths);
}

/* Before the first handshake; and a newer kernel's extra attribute. */
static void xfill_fresh(struct nl_msg *msg)
{
	nla_put_u64(msg, TQUIC_XSTATS_TX_NO_SESSION, 3);
	nla_put_u8(msg, TQUIC_XSTATS_SESSION, TQUIC_SESSION_NONE);
	nla_put_u32(msg, TQUIC_XSTATS_SRTT_US, 0);
	nla_put_u64(msg, TQUIC_XSTATS_MAX + 1, 7);
}

static void xfill_future_session(struct nl_msg *msg)
{
	nla_put_u8(msg, TQUIC_XSTATS_SESSION, __TQUIC_SESSION_MAX + 1);
}

/*
 * A server's path (no slave) in a state of a newer kernel, with few
 * numbers and one of a newer kernel; an entry of an unknown type.
 */
static void xfill_server_path(struct nl_msg *msg)
{
	struct nlattr *paths = nla_nest_start(msg, TQUIC_XSTATS_PATHS);
	struct nlattr *p;

	nla_put_u32(msg, TQUIC_XSTATS_PATH + 1, 0);
	p = nla_nest_start(msg, TQUIC_XSTATS_PATH);
	nla_put_u32(msg, TQUIC_PATH_STAT_ID, 7);
	nla_put_u32(msg, TQUIC_PATH_STAT_IFINDEX, 0);
	nla_put_u8(msg, TQUIC_PATH_STAT_STATE, __TQUIC_PATH_STATE_MAX + 2);
	nla_put_u64(msg, TQUIC_PATH_STAT_LOST, 5);
	nla_put_u64(msg, TQUIC_PATH_STAT_MAX + 1, 1);
	nla_nest_end(msg, p);
	nla_nest_end(msg, paths);
}

/*
 * No path at all: an empty list, not an absent one. (nla_nest_end()
 * would drop an empty nest.)
 */
static void xfill_no_paths(struct nl_msg *msg)
{
	nla_put(msg, TQUIC_XSTATS_PATHS, 0, NULL);
}

/* Only their ids, or they would not fit a message of libnl's default size. */
static void xfill_too_many_paths(struct nl_msg *msg)
{
	struct nlattr *paths = nla_nest_start(msg, TQUIC_XSTATS_PATHS);
	struct nlattr *p;
	int i;

	for (i = 0; i <= TQUIC_SHOW_MAX_PATHS; i++) {
		p = nla_nest_start(msg, TQUIC_XSTATS_PATH);
		nla_put_u32(msg, TQUIC_PATH_STAT_ID, i);
		nla_nest_end(msg, p);
	}
	nla_nest_end(msg, paths);
}

static void xfill_path_id_u64(struct nl_msg *msg)
{
	struct nlattr *paths = nla_nest_start(msg, TQUIC_XSTATS_PATHS);
	struct nlattr *p = nla_nest_start(msg, TQUIC_XSTATS_PATH);

	nla_put_u64(msg, TQUIC_PATH_STAT_ID, 1);
	nla_nest_end(msg, p);
	nla_nest_end(msg, paths);
}

static void xfill_path_cwnd_u32(struct nl_msg *msg)
{
	struct nlattr *paths = nla_nest_start(msg, TQUIC_XSTATS_PATHS);
	struct nlattr *p = nla_nest_start(msg, TQUIC_XSTATS_PATH);

	nla_put_u32(msg, TQUIC_PATH_STAT_CWND, 1);
	nla_nest_end(msg, p);
	nla_nest_end(msg, paths);
}

static void xfill_counter_u32(struct nl_msg *msg)
{
	nla_put_u32(msg, TQUIC_XSTATS_ACKS_SENT, 1);
}

static void xfill_srtt_u64(struct nl_msg *msg)
{
	nla_put_u64(msg, TQUIC_XSTATS_SRTT_US, 1);
}

static void fill_pubkey_short(struct nl_msg *msg)
{
	put_key(msg, IFLA_TQUIC_PUBLIC_KEY, TQUIC_KEY_LEN - 1, 0);
}

static void fill_peerkey_long(struct nl_msg *msg)
{
	put_key(msg, IFLA_TQUIC_PEER_KEY, TQUIC_KEY_LEN + 1, 0);
}

static void fill_cipher_u16(struct nl_msg *msg)
{
	nla_put_u16(msg, IFLA_TQUIC_CIPHER, 0);
}

static void fill_keepalive_u32(struct nl_msg *msg)
{
	nla_put_u32(msg, IFLA_TQUIC_KEEPALIVE, 0);
}

static void fill_rekey_time_u16(struct nl_msg *msg)
{
	nla_put_u16(msg, IFLA_TQUIC_REKEY_TIME, 120);
}

static void fill_reorder_timeout_u8(struct nl_msg *msg)
{
	nla_put_u8(msg, IFLA_TQUIC_REORDER_TIMEOUT, 200);
}

static void fill_has_psk_u32(struct nl_msg *msg)
{
	nla_put_u32(msg, IFLA_TQUIC_HAS_PSK, 1);
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

/* A slave entry with one attribute of @size bytes at @type. */
static void put_odd_slave(struct nl_msg *msg, int type, int size)
{
	struct nlattr *slaves = nla_nest_start(msg, IFLA_TQUIC_SLAVES);
	struct nlattr *entry = nla_nest_start(msg, IFLA_TQUIC_SLAVE_ENTRY);
	uint8_t zero[8] = { 0 };

	nla_put_u32(msg, IFLA_TQUIC_SLAVE_IFINDEX, 1);
	nla_put(msg, type, size, zero);
	nla_nest_end(msg, entry);
	nla_nest_end(msg, slaves);
}

static void fill_slave_backup_u32(struct nl_msg *msg)
{
	put_odd_slave(msg, IFLA_TQUIC_SLAVE_BACKUP, 4);
}

static void fill_slave_weight_u16(struct nl_msg *msg)
{
	put_odd_slave(msg, IFLA_TQUIC_SLAVE_WEIGHT, 2);
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
	ok(l.slaves[0].has_backup && !l.slaves[0].backup &&
	   l.slaves[0].has_weight && l.slaves[0].weight == 250 &&
	   l.slaves[1].has_backup && l.slaves[1].backup &&
	   l.slaves[1].weight == 100, "slave backup flags and weights");
	ok(!l.slaves[2].has_backup && !l.slaves[2].has_weight,
	   "slave of an older kernel has neither");
	ok(l.has_reorder_timeout && l.reorder_timeout == 200,
	   "reorder timeout");

	ret = parse(kind_msg("tq1", "tquic", fill_v6), &l);
	ok(ret == 1 && l.peer_family == AF_INET6 && l.peer_port == 443 &&
	   IN6_IS_ADDR_UNSPECIFIED(&l.peer.v6) == 0 &&
	   l.peer.v6.s6_addr[0] == 0x20 && l.peer.v6.s6_addr[15] == 1,
	   "IPv6 peer");
	ok(!l.has_mode && !l.listen_port && !l.n_slaves &&
	   !l.has_reorder_timeout, "absent attributes stay absent");

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

static void test_keys(void)
{
	struct tquic_link l;
	int ret, i;
	bool bytes = true;

	ret = parse(kind_msg("tq0", "tquic", fill_keys), &l);
	for (i = 0; i < TQUIC_KEY_LEN; i++)
		bytes &= l.public_key[i] == i && l.peer_key[i] == 0x20 + i;
	ok(ret == 1 && l.has_public_key && l.has_peer_key && bytes,
	   "public key and peer key");
	ok(l.has_psk && l.psk, "PSK on");
	ok(l.has_cipher && l.cipher == TQUIC_CIPHER_CHACHA20_POLY1305,
	   "cipher");
	ok(l.has_keepalive && l.keepalive == 25 && l.has_rekey_time &&
	   l.rekey_time == 120, "keepalive and rekey time");
	ok(!l.stats.present, "no IFLA_INFO_XSTATS: no statistics");

	ret = parse(kind_msg("tq1", "tquic", fill_no_keys), &l);
	ok(ret == 1 && !l.has_public_key && !l.has_peer_key &&
	   l.has_psk && !l.psk && l.cipher == TQUIC_CIPHER_MAX + 3 &&
	   l.has_keepalive && !l.keepalive,
	   "no keys, PSK off, unknown cipher, keepalive off");

	ret = parse(kind_msg("tq2", "tquic", fill_v6), &l);
	ok(ret == 1 && !l.has_psk && !l.has_cipher && !l.has_keepalive &&
	   !l.has_rekey_time, "absent key options stay absent");
}

static void test_stats(void)
{
	struct tquic_link l;
	bool all = true;
	int ret, i;

	ret = parse(stats_msg("tq0", "tquic", fill_full, xfill_full), &l);
	for (i = TQUIC_XSTATS_RX_MALFORMED; i < __TQUIC_XSTATS_COUNTERS; i++)
		all &= (l.stats.have & (1ULL << i)) &&
		       l.stats.counter[i] == (1ULL << 40) + i;
	ok(ret == 1 && l.stats.present && all, "every counter, 64 bits");
	ok(l.stats.session == TQUIC_SESSION_ESTABLISHED &&
	   l.stats.key_phase == 1 && l.stats.srtt_us == 12345 &&
	   l.stats.rttvar_us == 678, "session, key phase, RTT");
	ok(l.n_slaves == 3, "statistics do not disturb the configuration");

	ret = parse(stats_msg("tq1", "tquic", NULL, xfill_fresh), &l);
	ok(ret == 1 && l.stats.present &&
	   l.stats.have == (1ULL << TQUIC_XSTATS_TX_NO_SESSION |
			    1ULL << TQUIC_XSTATS_SESSION |
			    1ULL << TQUIC_XSTATS_SRTT_US) &&
	   l.stats.counter[TQUIC_XSTATS_TX_NO_SESSION] == 3,
	   "only the reported statistics, unknown ones passed over");

	ret = parse(stats_msg("tq2", "tquic", NULL, xfill_future_session),
		    &l);
	ok(ret == 1 && l.stats.session == __TQUIC_SESSION_MAX + 1,
	   "unknown session state is kept");
}

static void test_paths(void)
{
	const struct tquic_path_stats *p;
	struct tquic_link l;
	bool all = true;
	int ret, i;

	ret = parse(stats_msg("tq0", "tquic", fill_full, xfill_full), &l);
	ok(ret == 1 && (l.stats.have & 1ULL << TQUIC_XSTATS_PATHS) &&
	   l.stats.n_paths == 2, "two paths");
	p = &l.stats.paths[0];
	for (i = TQUIC_PATH_STAT_CWND; i <= TQUIC_PATH_STAT_MAX; i++)
		all &= p[1].v[i] == (1ULL << 40) + 1000 + i;
	ok(p[0].v[TQUIC_PATH_STAT_ID] == 0 && !strcmp(p[0].dev, "lo") &&
	   p[0].v[TQUIC_PATH_STAT_STATE] == TQUIC_PATH_ACTIVE &&
	   !p[0].v[TQUIC_PATH_STAT_BACKUP] &&
	   p[0].v[TQUIC_PATH_STAT_SRTT_US] == TQUIC_PATH_STAT_SRTT_US,
	   "path 0: id, slave lo, active, not a backup, srtt");
	ok(p[1].v[TQUIC_PATH_STAT_ID] == 1 &&
	   !strcmp(p[1].dev, "if" "999999") &&
	   p[1].v[TQUIC_PATH_STAT_STATE] == TQUIC_PATH_FAILED &&
	   p[1].v[TQUIC_PATH_STAT_BACKUP] &&
	   p[1].have == (1U << (TQUIC_PATH_STAT_MAX + 1)) - 4 && all,
	   "path 1: vanished slave named as ip does, every number, 64 bits");

	ret = parse(stats_msg("tq1", "tquic", NULL, xfill_server_path), &l);
	p = &l.stats.paths[0];
	ok(ret == 1 && l.stats.n_paths == 1 && !p->dev[0] &&
	   p->v[TQUIC_PATH_STAT_ID] == 7 &&
	   p->v[TQUIC_PATH_STAT_STATE] == __TQUIC_PATH_STATE_MAX + 2 &&
	   p->have == (1U << TQUIC_PATH_STAT_ID |
		       1U << TQUIC_PATH_STAT_IFINDEX |
		       1U << TQUIC_PATH_STAT_STATE |
		       1U << TQUIC_PATH_STAT_LOST),
	   "server path: no slave, unknown state and attributes kept apart");

	ret = parse(stats_msg("tq2", "tquic", NULL, xfill_no_paths), &l);
	ok(ret == 1 && (l.stats.have & 1ULL << TQUIC_XSTATS_PATHS) &&
	   !l.stats.n_paths, "an empty path list is reported as one");

	ret = parse(stats_msg("tq3", "tquic", NULL, xfill_fresh), &l);
	ok(ret == 1 && !(l.stats.have & 1ULL << TQUIC_XSTATS_PATHS),
	   "an older kernel's statistics have no path list");
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
		{ fill_pubkey_short, "31-byte public key" },
		{ fill_peerkey_long, "33-byte peer key" },
		{ fill_cipher_u16, "2-byte cipher" },
		{ fill_keepalive_u32, "4-byte keepalive" },
		{ fill_rekey_time_u16, "2-byte rekey time" },
		{ fill_reorder_timeout_u8, "1-byte reorder timeout" },
		{ fill_slave_backup_u32, "4-byte slave backup" },
		{ fill_slave_weight_u16, "2-byte slave weight" },
		{ fill_has_psk_u32, "4-byte has-psk" },
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

	ok(parse(stats_msg("tq0", "tquic", fill_full, xfill_counter_u32),
		 &l) < 0 && !strcmp(l.name, "tq0"),
	   "refused: 4-byte counter");
	ok(parse(stats_msg("tq0", "tquic", fill_full, xfill_srtt_u64),
		 &l) < 0, "refused: 8-byte srtt");
	ok(parse(stats_msg("tq0", "tquic", NULL, xfill_too_many_paths),
		 &l) < 0, "refused: more paths than tquic show keeps");
	ok(parse(stats_msg("tq0", "tquic", NULL, xfill_path_id_u64),
		 &l) < 0, "refused: 8-byte path id");
	ok(parse(stats_msg("tq0", "tquic", NULL, xfill_path_cwnd_u32),
		 &l) < 0, "refused: 4-byte path cwnd");
}

/*
 * Sample devices for print.c, with names JSON must escape; the last three
 * have statistics, the last two keys too.
 */
static int print_samples(const char *how)
{
	static struct tquic_link v[6];
	struct tquic_links links = { .v = v, .n = 6 };

	if (parse(kind_msg("tq0", "tquic", fill_full), &v[0]) != 1 ||
	    parse(kind_msg("tq\"\\\x01\xff", "tquic", fill_v6), &v[1]) != 1 ||
	    parse(kind_msg("tq\xc3\xbc", "tquic", fill_future), &v[2]) != 1 ||
	    parse(stats_msg("tq3", "tquic", fill_keys, xfill_full),
		  &v[3]) != 1 ||
	    parse(stats_msg("tq4", "tquic", fill_no_keys, xfill_fresh),
		  &v[4]) != 1 ||
	    parse(stats_msg("tq5", "tquic", NULL, xfill_server_path),
		  &v[5]) != 1)
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
	test_keys();
	test_stats();
	test_paths();
	test_other();
	test_malformed();
	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
