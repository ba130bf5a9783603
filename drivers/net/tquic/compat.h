/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernels we support (6.1 and 6.12) spell a few netdev properties
 * differently; keep every such difference in this one file.
 */
#ifndef _TQUIC_COMPAT_H
#define _TQUIC_COMPAT_H

#include <linux/netdevice.h>

static inline void tquic_compat_set_lltx_netns_local(struct net_device *dev)
{
#ifdef TQUIC_NETDEV_HAS_NETNS_LOCAL
	dev->lltx = true;
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
#endif
}

#endif /* _TQUIC_COMPAT_H */
