// SPDX-License-Identifier: GPL-2.0
/*
 * Reads tquic devices over rtnetlink.  The kernel is trusted to be sane but
 * not to be the same version as this tool, so every attribute we use is
 * length-checked by a policy before it is read, and unknown attributes are
 * ignored rather than refused.
 */
#include "link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

/* A dump raced with a link change; a fresh one is cheap. */
#define DUMP_TRIES	5

/* libnl's policies only set a minimum; .maxlen pins fixed sizes exactly. */
#define FIXED(t, size) \
	{ .type = (t), .minlen = (size), .maxlen = (size) }

static const struct nla_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[IFLA_OPERSTATE] = FIXED(NLA_U8, 1),
	[IFLA_CARRIER]	= FIXED(NLA_U8, 1),
	[IFLA_LINKINFO]	= { .type = NLA_NESTED },
};

static const struct nla_policy info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND]	= { .type = NLA_STRING },
	[IFLA_INFO_DATA]	= { .type = NLA_NESTED },
	[IFLA_INFO_XSTATS]	= { .type = NLA_NESTED },
};

static const struct nla_policy tquic_policy[IFLA_TQUIC_MAX + 1] = {
	[IFLA_TQUIC_SLAVES]	= { .type = NLA_NESTED },
	[IFLA_TQUIC_PEER_ADDR4]	= FIXED(NLA_U32, 4),
	[IFLA_TQUIC_PEER_ADDR6]	= FIXED(NLA_UNSPEC, 16),
	[IFLA_TQUIC_PEER_PORT]	= FIXED(NLA_U16, 2),
	[IFLA_TQUIC_LISTEN_PORT] = FIXED(NLA_U16, 2),
	[IFLA_TQUIC_MODE]	= FIXED(NLA_U8, 1),
	[IFLA_TQUIC_PUBLIC_KEY]	= FIXED(NLA_UNSPEC, TQUIC_KEY_LEN),
	[IFLA_TQUIC_PEER_KEY]	= FIXED(NLA_UNSPEC, TQUIC_KEY_LEN),
	[IFLA_TQUIC_HAS_PSK]	= FIXED(NLA_U8, 1),
	[IFLA_TQUIC_CIPHER]	= FIXED(NLA_U8, 1),
	[IFLA_TQUIC_KEEPALIVE]	= FIXED(NLA_U16, 2),
	[IFLA_TQUIC_REKEY_TIME]	= FIXED(NLA_U32, 4),
	[IFLA_TQUIC_REORDER_TIMEOUT] = FIXED(NLA_U32, 4),
};

_Static_assert(TQUIC_XSTATS_MAX < 64, "tquic_stats.have is 64 bits");

static const struct nla_policy xstats_policy[TQUIC_XSTATS_MAX + 1] = {
	[TQUIC_XSTATS_RX_MALFORMED ... __TQUIC_XSTATS_COUNTERS - 1] =
		FIXED(NLA_U64, 8),
	[TQUIC_XSTATS_SESSION]	= FIXED(NLA_U8, 1),
	[TQUIC_XSTATS_KEY_PHASE] = FIXED(NLA_U8, 1),
	[TQUIC_XSTATS_SRTT_US]	= FIXED(NLA_U32, 4),
	[TQUIC_XSTATS_RTTVAR_US] = FIXED(NLA_U32, 4),
	[TQUIC_XSTATS_PATHS]	= { .type = NLA_NESTED },
};

_Static_assert(TQUIC_PATH_STAT_MAX < 32, "tquic_path_stats.have is 32 bits");

static const struct nla_policy path_policy[TQUIC_PATH_STAT_MAX + 1] = {
	[TQUIC_PATH_STAT_ID]	= FIXED(NLA_U32, 4),
	[TQUIC_PATH_STAT_IFINDEX] = FIXED(NLA_U32, 4),
	[TQUIC_PATH_STAT_STATE]	= FIXED(NLA_U8, 1),
	[TQUIC_PATH_STAT_BACKUP] = FIXED(NLA_U8, 1),
	[TQUIC_PATH_STAT_SRTT_US] = FIXED(NLA_U32, 4),
	[TQUIC_PATH_STAT_RTTVAR_US] = FIXED(NLA_U32, 4),
	[TQUIC_PATH_STAT_CWND ... TQUIC_PATH_STAT_MAX] = FIXED(NLA_U64, 8),
};

static const struct nla_policy slave_policy[IFLA_TQUIC_SLAVE_MAX + 1] = {
	[IFLA_TQUIC_SLAVE_IFINDEX] = FIXED(NLA_U32, 4),
	[IFLA_TQUIC_SLAVE_OPER_UP] = FIXED(NLA_U8, 1),
	[IFLA_TQUIC_SLAVE_BACKUP] = FIXED(NLA_U8, 1),
	[IFLA_TQUIC_SLAVE_WEIGHT] = FIXED(NLA_U32, 4),
};

static int parse_slave(struct nlattr *entry, struct tquic_slave *slave)
{
	struct nlattr *tb[IFLA_TQUIC_SLAVE_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IFLA_TQUIC_SLAVE_MAX, entry, slave_policy);
	if (err < 0)
		return err;
	if (!tb[IFLA_TQUIC_SLAVE_IFINDEX])
		return -NLE_MISSING_ATTR;

	slave->ifindex = nla_get_u32(tb[IFLA_TQUIC_SLAVE_IFINDEX]);
	if (!if_indextoname(slave->ifindex, slave->name))
		slave->name[0] = '\0';
	slave->has_oper_up = tb[IFLA_TQUIC_SLAVE_OPER_UP];
	if (slave->has_oper_up)
		slave->oper_up = nla_get_u8(tb[IFLA_TQUIC_SLAVE_OPER_UP]);
	slave->has_backup = tb[IFLA_TQUIC_SLAVE_BACKUP];
	if (slave->has_backup)
		slave->backup = nla_get_u8(tb[IFLA_TQUIC_SLAVE_BACKUP]);
	slave->has_weight = tb[IFLA_TQUIC_SLAVE_WEIGHT];
	if (slave->has_weight)
		slave->weight = nla_get_u32(tb[IFLA_TQUIC_SLAVE_WEIGHT]);
	return 0;
}

static int parse_slaves(struct nlattr *list, struct tquic_link *link)
{
	struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, list, rem) {
		/* Other entry types would be a newer kernel's business. */
		if (nla_type(entry) != IFLA_TQUIC_SLAVE_ENTRY)
			continue;
		if (link->n_slaves == TQUIC_MAX_SLAVES)
			return -NLE_RANGE;
		err = parse_slave(entry, &link->slaves[link->n_slaves]);
		if (err < 0)
			return err;
		link->n_slaves++;
	}
	return 0;
}

static void parse_keys(struct nlattr *tb[], struct tquic_link *link)
{
	link->has_public_key = tb[IFLA_TQUIC_PUBLIC_KEY];
	if (link->has_public_key)
		nla_memcpy(link->public_key, tb[IFLA_TQUIC_PUBLIC_KEY],
			   TQUIC_KEY_LEN);
	link->has_peer_key = tb[IFLA_TQUIC_PEER_KEY];
	if (link->has_peer_key)
		nla_memcpy(link->peer_key, tb[IFLA_TQUIC_PEER_KEY],
			   TQUIC_KEY_LEN);
	link->has_psk = tb[IFLA_TQUIC_HAS_PSK];
	if (link->has_psk)
		link->psk = nla_get_u8(tb[IFLA_TQUIC_HAS_PSK]);
	link->has_cipher = tb[IFLA_TQUIC_CIPHER];
	if (link->has_cipher)
		link->cipher = nla_get_u8(tb[IFLA_TQUIC_CIPHER]);
	link->has_keepalive = tb[IFLA_TQUIC_KEEPALIVE];
	if (link->has_keepalive)
		link->keepalive = nla_get_u16(tb[IFLA_TQUIC_KEEPALIVE]);
	link->has_rekey_time = tb[IFLA_TQUIC_REKEY_TIME];
	if (link->has_rekey_time)
		link->rekey_time = nla_get_u32(tb[IFLA_TQUIC_REKEY_TIME]);
	link->has_reorder_timeout = tb[IFLA_TQUIC_REORDER_TIMEOUT];
	if (link->has_reorder_timeout)
		link->reorder_timeout =
			nla_get_u32(tb[IFLA_TQUIC_REORDER_TIMEOUT]);
}

/* The policy fixed every size: 1, 4 or 8 bytes. */
static uint64_t get_uint(struct nlattr *a)
{
	switch (nla_len(a)) {
	case 1:
		return nla_get_u8(a);
	case 4:
		return nla_get_u32(a);
	default:
		return nla_get_u64(a);
	}
}

static int parse_path(struct nlattr *entry, struct tquic_path_stats *path)
{
	struct nlattr *tb[TQUIC_PATH_STAT_MAX + 1];
	unsigned int ifindex;
	int err, i;

	err = nla_parse_nested(tb, TQUIC_PATH_STAT_MAX, entry, path_policy);
	if (err < 0)
		return err;
	for (i = TQUIC_PATH_STAT_ID; i <= TQUIC_PATH_STAT_MAX; i++) {
		if (!tb[i])
			continue;
		path->have |= 1U << i;
		path->v[i] = get_uint(tb[i]);
	}
	/* As ip names an index that does not resolve. */
	ifindex = path->v[TQUIC_PATH_STAT_IFINDEX];
	if (ifindex && !if_indextoname(ifindex, path->dev))
		snprintf(path->dev, sizeof(path->dev), "if%u", ifindex);
	return 0;
}

static int parse_paths(struct nlattr *list, struct tquic_stats *stats)
{
	struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, list, rem) {
		if (nla_type(entry) != TQUIC_XSTATS_PATH)
			continue;
		if (stats->n_paths == TQUIC_SHOW_MAX_PATHS)
			return -NLE_RANGE;
		err = parse_path(entry, &stats->paths[stats->n_paths]);
		if (err < 0)
			return err;
		stats->n_paths++;
	}
	return 0;
}

static int parse_stats(struct nlattr *xstats, struct tquic_stats *stats)
{
	struct nlattr *tb[TQUIC_XSTATS_MAX + 1];
	int err, i;

	err = nla_parse_nested(tb, TQUIC_XSTATS_MAX, xstats, xstats_policy);
	if (err < 0)
		return err;
	stats->present = true;
	for (i = TQUIC_XSTATS_RX_MALFORMED; i <= TQUIC_XSTATS_MAX; i++)
		if (tb[i])
			stats->have |= 1ULL << i;
	for (i = TQUIC_XSTATS_RX_MALFORMED; i < __TQUIC_XSTATS_COUNTERS; i++)
		if (tb[i])
			stats->counter[i] = nla_get_u64(tb[i]);
	if (tb[TQUIC_XSTATS_SESSION])
		stats->session = nla_get_u8(tb[TQUIC_XSTATS_SESSION]);
	if (tb[TQUIC_XSTATS_KEY_PHASE])
		stats->key_phase = nla_get_u8(tb[TQUIC_XSTATS_KEY_PHASE]);
	if (tb[TQUIC_XSTATS_SRTT_US])
		stats->srtt_us = nla_get_u32(tb[TQUIC_XSTATS_SRTT_US]);
	if (tb[TQUIC_XSTATS_RTTVAR_US])
		stats->rttvar_us = nla_get_u32(tb[TQUIC_XSTATS_RTTVAR_US]);
	if (tb[TQUIC_XSTATS_PATHS])
		return parse_paths(tb[TQUIC_XSTATS_PATHS], stats);
	return 0;
}

static int parse_tquic(struct nlattr *data, struct tquic_link *link)
{
	struct nlattr *tb[IFLA_TQUIC_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IFLA_TQUIC_MAX, data, tquic_policy);
	if (err < 0)
		return err;

	if (tb[IFLA_TQUIC_PEER_ADDR6]) {
		link->peer_family = AF_INET6;
		nla_memcpy(&link->peer.v6, tb[IFLA_TQUIC_PEER_ADDR6],
			   sizeof(link->peer.v6));
	} else if (tb[IFLA_TQUIC_PEER_ADDR4]) {
		link->peer_family = AF_INET;
		link->peer.v4.s_addr = nla_get_u32(tb[IFLA_TQUIC_PEER_ADDR4]);
	}
	if (tb[IFLA_TQUIC_PEER_PORT])
		link->peer_port = nla_get_u16(tb[IFLA_TQUIC_PEER_PORT]);
	if (tb[IFLA_TQUIC_LISTEN_PORT])
		link->listen_port = nla_get_u16(tb[IFLA_TQUIC_LISTEN_PORT]);
	link->has_mode = tb[IFLA_TQUIC_MODE];
	if (link->has_mode)
		link->mode = nla_get_u8(tb[IFLA_TQUIC_MODE]);
	parse_keys(tb, link);
	if (tb[IFLA_TQUIC_SLAVES])
		return parse_slaves(tb[IFLA_TQUIC_SLAVES], link);
	return 0;
}

/*
 * Returns 1 and the IFLA_INFO_DATA and IFLA_INFO_XSTATS (each maybe NULL)
 * when @linkinfo is tquic's.
 */
static int parse_linkinfo(struct nlattr *linkinfo, struct nlattr **data,
			  struct nlattr **xstats)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IFLA_INFO_MAX, linkinfo, info_policy);
	if (err < 0)
		return err;
	if (!tb[IFLA_INFO_KIND] ||
	    strcmp(nla_get_string(tb[IFLA_INFO_KIND]), TQUIC_KIND))
		return 0;
	*data = tb[IFLA_INFO_DATA];
	*xstats = tb[IFLA_INFO_XSTATS];
	return 1;
}

int tquic_link_parse(struct nlmsghdr *nlh, struct tquic_link *link)
{
	struct nlattr *tb[IFLA_MAX + 1], *data = NULL, *xstats = NULL;
	struct ifinfomsg *ifi;
	int err;

	memset(link, 0, sizeof(*link));
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	err = nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, link_policy);
	if (err < 0)
		return err;

	ifi = nlmsg_data(nlh);
	link->ifindex = ifi->ifi_index;
	if (!tb[IFLA_IFNAME])
		return -NLE_MISSING_ATTR;
	nla_strlcpy(link->name, tb[IFLA_IFNAME], sizeof(link->name));

	if (!tb[IFLA_LINKINFO])
		return 0;
	err = parse_linkinfo(tb[IFLA_LINKINFO], &data, &xstats);
	if (err <= 0)
		return err;

	if (tb[IFLA_OPERSTATE])
		link->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	link->has_carrier = tb[IFLA_CARRIER];
	if (link->has_carrier)
		link->carrier = nla_get_u8(tb[IFLA_CARRIER]);
	if (data) {
		err = parse_tquic(data, link);
		if (err < 0)
			return err;
	}
	if (xstats) {
		err = parse_stats(xstats, &link->stats);
		if (err < 0)
			return err;
	}
	return 1;
}

struct query {
	struct tquic_links *links;
	size_t cap;
	int status;
};

static int add_link(struct query *q, const struct tquic_link *link)
{
	struct tquic_links *links = q->links;
	struct tquic_link *v;

	if (links->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 4;
		v = reallocarray(links->v, q->cap, sizeof(*v));
		if (!v)
			return -NLE_NOMEM;
		links->v = v;
	}
	links->v[links->n++] = *link;
	return 0;
}

static int on_link(struct nl_msg *msg, void *arg)
{
	struct query *q = arg;
	struct tquic_link link;
	int ret;

	ret = tquic_link_parse(nlmsg_hdr(msg), &link);
	if (ret < 0) {
		/* One bad device should not hide the others. */
		if (link.name[0])
			fprintf(stderr, "tquic: %s", link.name);
		else
			fprintf(stderr, "tquic: ifindex %d", link.ifindex);
		fprintf(stderr, ": malformed netlink attributes (%s)\n",
			nl_geterror(ret));
		q->links->malformed++;
		return NL_SKIP;
	}
	if (ret == 0) {
		q->status = LINKS_NOT_TQUIC;
		return NL_SKIP;
	}
	ret = add_link(q, &link);
	if (ret < 0) {
		q->status = ret;
		return NL_STOP;
	}
	return NL_OK;
}

/* Asks by name so that the kernel, not a racy if_nametoindex(), looks up. */
static int request_one(struct nl_sock *sk, const char *dev)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	if (!msg)
		return -NLE_NOMEM;
	err = nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	if (!err)
		err = nla_put_string(msg, IFLA_IFNAME, dev);
	if (!err)
		err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? err : 0;
}

static int request_all(struct nl_sock *sk)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };

	return nl_send_simple(sk, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
}

static int query(struct nl_sock *sk, const char *dev, struct query *q)
{
	int err;

	err = dev ? request_one(sk, dev) : request_all(sk);
	if (err < 0)
		return err;
	err = nl_recvmsgs_default(sk);
	if (err == -NLE_NODEV && dev)
		return LINKS_NO_DEVICE;
	if (err < 0)
		return err;
	if (q->status < 0)
		return q->status;
	/* A dump meets other kinds all along; only a lookup can be refused. */
	return dev ? q->status : LINKS_OK;
}

int tquic_links_get(struct nl_sock *sk, const char *dev,
		    struct tquic_links *links)
{
	struct query q;
	int tries = 0, ret;

	/* Names that long cannot exist, and the kernel would say EINVAL. */
	if (dev && (!*dev || strlen(dev) >= IFNAMSIZ))
		return LINKS_NO_DEVICE;

	/*
	 * No acks: replies alone end a request.  Peeking sizes the receive
	 * buffer to each message, however many attributes a link has.
	 */
	nl_socket_disable_auto_ack(sk);
	nl_socket_enable_msg_peek(sk);
	do {
		memset(links, 0, sizeof(*links));
		q = (struct query){ .links = links };
		nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_link, &q);
		ret = query(sk, dev, &q);
		if (ret == -NLE_DUMP_INTR)
			tquic_links_free(links);
	} while (ret == -NLE_DUMP_INTR && ++tries < DUMP_TRIES);
	return ret;
}

void tquic_links_free(struct tquic_links *links)
{
	free(links->v);
	links->v = NULL;
	links->n = 0;
}
