// SPDX-License-Identifier: GPL-2.0
/*
 * The tquic network device: a point-to-point L3 device with no link-layer
 * header, like other IP tunnels.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "tquic.h"

/*
 * Offloads the data path does itself: GSO packets are segmented (and
 * checksummed) in tquic_dp_xmit() once the outer route and its MTU are
 * known, and scatter-gather buffers are encrypted where they lie.
 */
#define TQUIC_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE)

static int tquic_dev_init(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	int err;

	err = tquic_dp_init(t);
	if (err)
		return err;
	err = tquic_session_init(t);
	if (err)
		tquic_dp_uninit(t);
	return err;
}

/*
 * Runs for every way a registered device goes away (dellink, netns exit,
 * module unload) and when register_netdevice fails after its init step.
 * The device is closed by then: no socket, no transmit, no timer.
 */
static void tquic_dev_uninit(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);

	tquic_session_uninit(t);
	tquic_dp_uninit(t);
	tquic_untrack(t);
	tquic_slaves_release(&t->slaves);
	tquic_config_wipe(t);
}

static int tquic_dev_open(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	int err;

	err = tquic_dp_open(t);
	if (err)
		return err;
	tquic_session_start(t);
	return 0;
}

static int tquic_dev_stop(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);

	tquic_session_stop(t);
	tquic_dp_stop(t);
	return 0;
}

static const struct net_device_ops tquic_netdev_ops = {
	.ndo_init		= tquic_dev_init,
	.ndo_uninit		= tquic_dev_uninit,
	.ndo_open		= tquic_dev_open,
	.ndo_stop		= tquic_dev_stop,
	.ndo_start_xmit		= tquic_dp_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

bool tquic_is_tquic(const struct net_device *dev)
{
	return dev->netdev_ops == &tquic_netdev_ops;
}

void tquic_setup(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);

	dev->netdev_ops = &tquic_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	/*
	 * A queue of our own: when every path's window is full the queue
	 * stops, and the qdisc holds the packets (and tells TCP) rather
	 * than us dropping them. Left at 0, the core would make it noqueue.
	 */
	dev->tx_queue_len = DEFAULT_TX_QUEUE_LEN;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = TQUIC_DEFAULT_MTU;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = TQUIC_MAX_MTU;
	dev->needs_free_netdev = true;
	/*
	 * The core allocates and frees the per-CPU counters; the UDP tunnel
	 * transmit helpers add to them and check that they are tstats.
	 */
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	/*
	 * Keep the inner route on packets we transmit: a packet too big for
	 * the outer path is answered with ICMP (which needs the route) and
	 * lowers that route's PMTU.
	 */
	netif_keep_dst(dev);
	dev->features |= TQUIC_FEATURES;
	dev->hw_features |= TQUIC_FEATURES;
	/*
	 * Slaves are resolved in the device's namespace and followed there;
	 * a device that moved away would be left holding foreign slaves.
	 */
	tquic_compat_set_lltx_netns_local(dev);

	t->dev = dev;
	INIT_LIST_HEAD(&t->node);
}
