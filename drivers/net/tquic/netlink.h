/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink configuration and statistics of tquic links (netlink.c).
 */
#ifndef _TQUIC_NETLINK_H
#define _TQUIC_NETLINK_H

#include <net/rtnetlink.h>

struct tquic_dev;

extern struct rtnl_link_ops tquic_link_ops;
void tquic_config_wipe(struct tquic_dev *t);

#endif /* _TQUIC_NETLINK_H */
