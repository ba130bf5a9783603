/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernels we support (6.1 and 6.12) spell a few netdev properties
 * differently; keep every such difference in this one file.
 */
#ifndef _TQUIC_COMPAT_H
#define _TQUIC_COMPAT_H

#include <linux/netdevice.h>
/* skb_gso_segment() moved from netdevice.h to its own header (Kbuild). */
#ifdef TQUIC_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

static inline void tquic_compat_set_lltx_netns_local(struct net_device *dev)
{
	/* 6.12 turned the LLTX feature flag into a netdev bit. */
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
	/*
	 * "Cannot change namespace" is a feature flag in 6.1, the netns_local
	 * bit in 6.12 and netns_immutable in later 6.12 stable releases. A
	 * bit field cannot be tested by the preprocessor; Kbuild greps for it.
	 */
#if defined(TQUIC_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(TQUIC_HAVE_NETNS_LOCAL_BIT)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

#endif /* _TQUIC_COMPAT_H */
