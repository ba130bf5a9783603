// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: bond several WAN links into one encrypted multipath QUIC tunnel.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "netlink.h"
#include "slave.h"
#include "tquic.h"

static int __init tquic_init(void)
{
	int err;

	/* Follow slaves before any link can hold one. */
	err = tquic_notifier_register();
	if (err)
		return err;
	err = rtnl_link_register(&tquic_link_ops);
	if (err)
		tquic_notifier_unregister();
	return err;
}

static void __exit tquic_exit(void)
{
	/* Deletes every tquic link, in every namespace, first. */
	rtnl_link_unregister(&tquic_link_ops);
	tquic_notifier_unregister();
}

module_init(tquic_init);
module_exit(tquic_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Multipath QUIC tunnel device");
MODULE_AUTHOR("The tquic authors");
MODULE_ALIAS_RTNL_LINK(TQUIC_KIND);
