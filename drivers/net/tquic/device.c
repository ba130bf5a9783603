// SPDX-License-Identifier: GPL-2.0
/*
 * The tquic network device: a point-to-point L3 device with no link-layer
 * header, like other IP tunnels.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "compat.h"
#include "tquic.h"

/*
 * The encrypted data path arrives with the handshake; until then nothing
 * can leave the tunnel, so packets are dropped and counted, not queued.
 */
static netdev_tx_t tquic_xmit(struct sk_buff *skb, struct net_device *dev)
{
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/*
 * Runs for every way a registered device goes away (dellink, netns exit,
 * module unload) and when register_netdevice fails after its init step.
 */
static void tquic_uninit(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);

	tquic_untrack(t);
	tquic_slaves_release(&t->slaves);
}

static const struct net_device_ops tquic_netdev_ops = {
	.ndo_uninit		= tquic_uninit,
	.ndo_start_xmit		= tquic_xmit,
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
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = TQUIC_DEFAULT_MTU;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = TQUIC_MAX_MTU;
	dev->needs_free_netdev = true;
	/*
	 * Slaves are resolved in the device's namespace and followed there;
	 * a device that moved away would be left holding foreign slaves.
	 */
	tquic_compat_set_lltx_netns_local(dev);

	t->dev = dev;
	INIT_LIST_HEAD(&t->node);
}
