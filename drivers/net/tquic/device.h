/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tquic net_device (device.c): its setup, for netlink.c's link ops,
 * and how a net_device is told to be ours.
 */
#ifndef _TQUIC_DEVICE_H
#define _TQUIC_DEVICE_H

#include <linux/netdevice.h>

void tquic_setup(struct net_device *dev);
bool tquic_is_tquic(const struct net_device *dev);

#endif /* _TQUIC_DEVICE_H */
