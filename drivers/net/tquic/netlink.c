// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink configuration of tquic devices (link kind "tquic").
 *
 * A change is checked whole before any of it is applied, so a rejected
 * "ip link set" leaves the device exactly as it was.
 */
#include <linux/rtnetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "tquic.h"

static const struct nla_policy tquic_policy[IFLA_TQUIC_MAX + 1] = {
	[IFLA_TQUIC_SLAVES]	= { .type = NLA_NESTED },
	[IFLA_TQUIC_PEER_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[IFLA_TQUIC_PEER_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_TQUIC_PEER_PORT]	= { .type = NLA_U16 },
	[IFLA_TQUIC_LISTEN_PORT] = { .type = NLA_U16 },
	[IFLA_TQUIC_MODE]	= { .type = NLA_U8 },
};

static int tquic_validate_port(struct nlattr *attr,
			       struct netlink_ext_ack *extack)
{
	if (attr && !nla_get_u16(attr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "port must be 1-65535, not 0");
		return -EINVAL;
	}
	return 0;
}

static int tquic_validate_peer(struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct nlattr *a4 = data[IFLA_TQUIC_PEER_ADDR4];
	struct nlattr *a6 = data[IFLA_TQUIC_PEER_ADDR6];

	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6, "give one peer address, not two");
		return -EINVAL;
	}
	if (a4) {
		__be32 v4 = nla_get_in_addr(a4);

		if (ipv4_is_zeronet(v4) || ipv4_is_multicast(v4) ||
		    ipv4_is_lbcast(v4))
			goto not_unicast;
	}
	if (a6) {
		struct in6_addr v6 = nla_get_in6_addr(a6);

		if (ipv6_addr_any(&v6) || ipv6_addr_is_multicast(&v6))
			goto not_unicast;
	}
	return 0;

not_unicast:
	NL_SET_ERR_MSG_ATTR(extack, a4 ? a4 : a6,
			    "peer address must be a unicast address");
	return -EINVAL;
}

/* Checks of single attributes; whole-config checks need the old state. */
static int tquic_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	int err;

	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "tquic devices have no link-layer address");
		return -EINVAL;
	}
	if (!data)
		return 0;

	err = tquic_validate_peer(data, extack) ?:
	      tquic_validate_port(data[IFLA_TQUIC_PEER_PORT], extack) ?:
	      tquic_validate_port(data[IFLA_TQUIC_LISTEN_PORT], extack);
	if (err)
		return err;
	if (data[IFLA_TQUIC_MODE] &&
	    nla_get_u8(data[IFLA_TQUIC_MODE]) > TQUIC_MODE_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_TQUIC_MODE],
				    "unknown mode");
		return -EINVAL;
	}
	return 0;
}

static void tquic_config_apply(struct tquic_config *cfg, struct nlattr *data[])
{
	if (data[IFLA_TQUIC_PEER_ADDR4]) {
		cfg->peer_family = AF_INET;
		cfg->peer.v4 = nla_get_in_addr(data[IFLA_TQUIC_PEER_ADDR4]);
	}
	if (data[IFLA_TQUIC_PEER_ADDR6]) {
		cfg->peer_family = AF_INET6;
		cfg->peer.v6 = nla_get_in6_addr(data[IFLA_TQUIC_PEER_ADDR6]);
	}
	if (data[IFLA_TQUIC_PEER_PORT])
		cfg->peer_port = nla_get_u16(data[IFLA_TQUIC_PEER_PORT]);
	if (data[IFLA_TQUIC_LISTEN_PORT])
		cfg->listen_port = nla_get_u16(data[IFLA_TQUIC_LISTEN_PORT]);
	if (data[IFLA_TQUIC_MODE])
		cfg->mode = nla_get_u8(data[IFLA_TQUIC_MODE]);
}

static int tquic_config_check(const struct tquic_config *cfg,
			      struct netlink_ext_ack *extack)
{
	if (cfg->peer_family == AF_UNSPEC && !cfg->listen_port) {
		NL_SET_ERR_MSG(extack,
			       "need a peer address or a listen port (or both)");
		return -EINVAL;
	}
	if (cfg->peer_family != AF_UNSPEC && !cfg->peer_port) {
		NL_SET_ERR_MSG(extack, "a peer address needs a port");
		return -EINVAL;
	}
	return 0;
}

/*
 * Build the device's next configuration from its current one and @data.
 * Slaves are resolved (and held) only when @data carries a new list.
 */
static int tquic_config_prepare(struct net *net, struct tquic_config *cfg,
				struct tquic_slave_set *slaves,
				struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	int err;

	tquic_config_apply(cfg, data);
	err = tquic_config_check(cfg, extack);
	if (err || !data[IFLA_TQUIC_SLAVES])
		return err;
	return tquic_slaves_parse(net, data[IFLA_TQUIC_SLAVES], slaves, extack);
}

static int tquic_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct tquic_dev *t = netdev_priv(dev);
	int err;

	if (!data || !data[IFLA_TQUIC_SLAVES]) {
		NL_SET_ERR_MSG(extack, "at least one slave is required");
		return -EINVAL;
	}
	/* The slave ifindexes name devices of the namespace we were asked in. */
	if (!net_eq(src_net, dev_net(dev))) {
		NL_SET_ERR_MSG(extack,
			       "a tquic device must live in its slaves' namespace");
		return -EINVAL;
	}
	err = tquic_config_prepare(dev_net(dev), &t->cfg, &t->slaves, data,
				   extack);
	if (err)
		return err;

	err = register_netdevice(dev);
	if (err) {
		/* Failures before ndo_init skip ndo_uninit: release here too. */
		tquic_slaves_release(&t->slaves);
		return err;
	}
	tquic_track(t);
	tquic_update_carrier(t);
	return 0;
}

static int tquic_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct tquic_dev *t = netdev_priv(dev);
	struct tquic_slave_set slaves = { .n = 0 };
	struct tquic_config cfg = t->cfg;
	int err;

	if (!data)
		return 0;
	err = tquic_config_prepare(dev_net(dev), &cfg, &slaves, data, extack);
	if (err)
		return err;

	t->cfg = cfg;
	if (data[IFLA_TQUIC_SLAVES])
		tquic_slaves_replace(t, &slaves);
	return 0;
}

static size_t tquic_get_size(const struct net_device *dev)
{
	return tquic_slaves_size() +
	       nla_total_size(sizeof(struct in6_addr)) +	/* PEER_ADDR */
	       nla_total_size(sizeof(u16)) +			/* PEER_PORT */
	       nla_total_size(sizeof(u16)) +			/* LISTEN_PORT */
	       nla_total_size(sizeof(u8));			/* MODE */
}

static int tquic_fill_peer(struct sk_buff *skb, const struct tquic_config *cfg)
{
	switch (cfg->peer_family) {
	case AF_INET:
		if (nla_put_in_addr(skb, IFLA_TQUIC_PEER_ADDR4, cfg->peer.v4))
			return -EMSGSIZE;
		break;
	case AF_INET6:
		if (nla_put_in6_addr(skb, IFLA_TQUIC_PEER_ADDR6, &cfg->peer.v6))
			return -EMSGSIZE;
		break;
	default:
		return 0;
	}
	return nla_put_u16(skb, IFLA_TQUIC_PEER_PORT, cfg->peer_port);
}

static int tquic_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct tquic_dev *t = netdev_priv(dev);
	const struct tquic_config *cfg = &t->cfg;

	if (tquic_slaves_fill(skb, &t->slaves) ||
	    tquic_fill_peer(skb, cfg) ||
	    (cfg->listen_port &&
	     nla_put_u16(skb, IFLA_TQUIC_LISTEN_PORT, cfg->listen_port)) ||
	    nla_put_u8(skb, IFLA_TQUIC_MODE, cfg->mode))
		return -EMSGSIZE;
	return 0;
}

struct rtnl_link_ops tquic_link_ops __read_mostly = {
	.kind		= TQUIC_KIND,
	.priv_size	= sizeof(struct tquic_dev),
	.setup		= tquic_setup,
	.maxtype	= IFLA_TQUIC_MAX,
	.policy		= tquic_policy,
	.validate	= tquic_validate,
	.newlink	= tquic_newlink,
	.changelink	= tquic_changelink,
	.get_size	= tquic_get_size,
	.fill_info	= tquic_fill_info,
};
