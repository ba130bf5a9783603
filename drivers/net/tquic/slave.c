// SPDX-License-Identifier: GPL-2.0
/*
 * Slaves: the WAN interfaces a tquic device sends through.
 *
 * A slave is used, not captured: no rx_handler, no master link, its
 * addresses and routes stay as they are. We only hold a tracked reference
 * and follow it with a netdevice notifier, so a slave that is unregistered
 * (deleted, or moved to another namespace) is dropped from its links
 * before the reference could dangle.
 *
 * Everything here runs under RTNL, which also protects tquic_devs.
 */
#include <linux/rtnetlink.h>
#include <net/netlink.h>

#include "core/sched.h"
#include "device.h"
#include "path.h"
#include "slave.h"
#include "tquic.h"

static LIST_HEAD(tquic_devs);

static const struct nla_policy tquic_slave_policy[IFLA_TQUIC_SLAVE_MAX + 1] = {
	[IFLA_TQUIC_SLAVE_IFINDEX]	= { .type = NLA_U32 },
	[IFLA_TQUIC_SLAVE_OPER_UP]	= {
		.type = NLA_REJECT,
		.reject_message = "oper-up is reported, not set",
	},
	[IFLA_TQUIC_SLAVE_BACKUP]	= { .type = NLA_U8 },
	[IFLA_TQUIC_SLAVE_WEIGHT]	= { .type = NLA_U32 },
};

/* Options of one slave entry, into @s; unset ones take their defaults. */
static int tquic_slave_options(struct tquic_slave *s, struct nlattr *tb[],
			       struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	s->backup = false;
	a = tb[IFLA_TQUIC_SLAVE_BACKUP];
	if (a) {
		if (nla_get_u8(a) > 1) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "slave backup must be 0 or 1");
			return -EINVAL;
		}
		s->backup = nla_get_u8(a);
	}
	s->weight = TQUIC_SCHED_WEIGHT_DEFAULT;
	a = tb[IFLA_TQUIC_SLAVE_WEIGHT];
	if (a) {
		s->weight = nla_get_u32(a);
		if (!s->weight || s->weight > TQUIC_SCHED_WEIGHT_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "slave weight must be 1-"
					    __stringify(TQUIC_SCHED_WEIGHT_MAX));
			return -EINVAL;
		}
	}
	return 0;
}

static int tquic_slave_check(const struct tquic_slave_set *set,
			     const struct net_device *dev,
			     const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "slave device does not exist");
		return -ENODEV;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "loopback cannot be a slave");
		return -EINVAL;
	}
	if (tquic_is_tquic(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a tquic device cannot be a slave");
		return -EINVAL;
	}
	for (i = 0; i < set->n; i++) {
		if (set->slave[i].dev == dev) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "slave given twice");
			return -EINVAL;
		}
	}
	return 0;
}

static int tquic_slave_add(struct net *net, struct tquic_slave_set *set,
			   const struct nlattr *entry,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_TQUIC_SLAVE_MAX + 1];
	struct tquic_slave *s;
	struct net_device *dev;
	int err;

	if (nla_type(entry) != IFLA_TQUIC_SLAVE_ENTRY) {
		NL_SET_ERR_MSG_ATTR(extack, entry, "unknown attribute in slave list");
		return -EINVAL;
	}
	if (set->n == TQUIC_MAX_SLAVES) {
		NL_SET_ERR_MSG_ATTR(extack, entry, "too many slaves, at most "
				    __stringify(TQUIC_MAX_SLAVES));
		return -E2BIG;
	}
	err = nla_parse_nested(tb, IFLA_TQUIC_SLAVE_MAX, entry,
			       tquic_slave_policy, extack);
	if (err)
		return err;
	if (!tb[IFLA_TQUIC_SLAVE_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(extack, entry, "slave entry without ifindex");
		return -EINVAL;
	}
	dev = __dev_get_by_index(net, nla_get_u32(tb[IFLA_TQUIC_SLAVE_IFINDEX]));
	err = tquic_slave_check(set, dev, entry, extack);
	if (err)
		return err;

	/* Filled in place but counted only once whole: nothing to undo. */
	s = &set->slave[set->n];
	err = tquic_slave_options(s, tb, extack);
	if (err)
		return err;
	s->dev = dev;
	netdev_hold(dev, &s->tracker, GFP_KERNEL);
	set->n++;
	return 0;
}

/*
 * Resolve a nested slave list into @set, holding a reference on each.
 * On error nothing stays held.
 */
int tquic_slaves_parse(struct net *net, const struct nlattr *nest,
		       struct tquic_slave_set *set,
		       struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	int rem, err;

	ASSERT_RTNL();
	set->n = 0;
	nla_for_each_nested(entry, nest, rem) {
		err = tquic_slave_add(net, set, entry, extack);
		if (err) {
			tquic_slaves_release(set);
			return err;
		}
	}
	if (!set->n) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "at least one slave is required");
		return -EINVAL;
	}
	return 0;
}

void tquic_slaves_release(struct tquic_slave_set *set)
{
	while (set->n) {
		struct tquic_slave *s = &set->slave[--set->n];

		netdev_put(s->dev, &s->tracker);
		s->dev = NULL;
	}
}

/* Take over @set (its references move with it) and drop the old slaves. */
void tquic_slaves_replace(struct tquic_dev *t, struct tquic_slave_set *set)
{
	tquic_slaves_release(&t->slaves);
	t->slaves = *set;
	set->n = 0;
	tquic_update_carrier(t);
}

static bool tquic_slave_oper_up(const struct net_device *dev)
{
	return netif_running(dev) && netif_oper_up(dev);
}

int tquic_slaves_fill(struct sk_buff *skb, const struct tquic_slave_set *set)
{
	struct nlattr *nest, *entry;
	unsigned int i;

	if (!set->n)
		return 0;
	nest = nla_nest_start(skb, IFLA_TQUIC_SLAVES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < set->n; i++) {
		const struct tquic_slave *s = &set->slave[i];

		entry = nla_nest_start(skb, IFLA_TQUIC_SLAVE_ENTRY);
		if (!entry ||
		    nla_put_u32(skb, IFLA_TQUIC_SLAVE_IFINDEX, s->dev->ifindex) ||
		    nla_put_u8(skb, IFLA_TQUIC_SLAVE_OPER_UP,
			       tquic_slave_oper_up(s->dev)) ||
		    nla_put_u8(skb, IFLA_TQUIC_SLAVE_BACKUP, s->backup) ||
		    nla_put_u32(skb, IFLA_TQUIC_SLAVE_WEIGHT, s->weight)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

size_t tquic_slaves_size(void)
{
	size_t entry = nla_total_size(0) +	/* IFLA_TQUIC_SLAVE_ENTRY */
		       nla_total_size(sizeof(u32)) +	/* IFINDEX */
		       nla_total_size(sizeof(u8)) +	/* OPER_UP */
		       nla_total_size(sizeof(u8)) +	/* BACKUP */
		       nla_total_size(sizeof(u32));	/* WEIGHT */

	return nla_total_size(0) + TQUIC_MAX_SLAVES * entry;
}

void tquic_track(struct tquic_dev *t)
{
	ASSERT_RTNL();
	list_add(&t->node, &tquic_devs);
}

void tquic_untrack(struct tquic_dev *t)
{
	ASSERT_RTNL();
	list_del_init(&t->node);
}

/*
 * Carrier is the paths' business (path.c): a slave that can carry is
 * not yet a path that does. They learn here how many slaves can; before
 * there are paths, an initiation goes out through the first of them
 * (socket.c).
 */
void tquic_update_carrier(struct tquic_dev *t)
{
	unsigned int i, n = 0;
	int ifindex = 0;

	/* A link torn down in the same batch as its slave is past caring. */
	if (t->dev->reg_state != NETREG_REGISTERED)
		return;
	for (i = 0; i < t->slaves.n; i++) {
		if (!tquic_slave_oper_up(t->slaves.slave[i].dev))
			continue;
		if (!n++)
			ifindex = t->slaves.slave[i].dev->ifindex;
	}
	WRITE_ONCE(t->tx_ifindex, ifindex);
	WRITE_ONCE(t->slaves_up, n);
	tquic_paths_carrier(t);
}

static int tquic_slave_index(const struct tquic_dev *t,
			     const struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < t->slaves.n; i++)
		if (t->slaves.slave[i].dev == dev)
			return i;
	return -1;
}

static void tquic_slave_drop(struct tquic_dev *t, unsigned int i)
{
	struct tquic_slave_set *set = &t->slaves;
	struct tquic_slave *s = &set->slave[i];

	if (net_ratelimit())
		netdev_info(t->dev, "slave %s unregistered, dropped from the link\n",
			    s->dev->name);
	netdev_put(s->dev, &s->tracker);
	memmove(s, s + 1, (set->n - i - 1) * sizeof(*s));
	set->n--;
}

static int tquic_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct tquic_dev *t;
	int i;

	/* Names are read at dump time, so a rename needs no work here. */
	if (event != NETDEV_UNREGISTER && event != NETDEV_UP &&
	    event != NETDEV_DOWN && event != NETDEV_CHANGE)
		return NOTIFY_DONE;

	list_for_each_entry(t, &tquic_devs, node) {
		i = tquic_slave_index(t, dev);
		if (i < 0)
			continue;
		if (event == NETDEV_UNREGISTER)
			tquic_slave_drop(t, i);
		tquic_update_carrier(t);
		/* Paths follow their slaves: gone, down, or back. */
		tquic_paths_sync(t);
	}
	return NOTIFY_DONE;
}

static struct notifier_block tquic_notifier = {
	.notifier_call = tquic_netdev_event,
};

int tquic_notifier_register(void)
{
	return register_netdevice_notifier(&tquic_notifier);
}

void tquic_notifier_unregister(void)
{
	unregister_netdevice_notifier(&tquic_notifier);
}
