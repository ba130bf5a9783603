// SPDX-License-Identifier: GPL-2.0
/*
 * The tquic network device: a point-to-point L3 device with no link-layer
 * header, like other IP tunnels. This file runs its bring-up and teardown,
 * each in one visible order; the lower layers never call up for a step.
 *
 *   ndo_init    xmit, ACK timer, RTT gauge, paths, receive, session
 *   ndo_open    sockets, paths, session
 *   ndo_stop    session, paths, queue wake-up, sockets, ACK timer
 *   ndo_uninit  session, receive, ACK timer, slaves, keys
 *
 * Lock order of the whole module, outermost first:
 *
 *   RTNL                   configuration, every life-cycle step
 *   session hs_mutex       our static keys, the handshake in progress;
 *                          process context only. Under it the handshake
 *                          sends and confirms new keys to the paths.
 *   tquic_dev.path_lock    taking and freeing path slots
 *   tquic_path.lock        one path's state; two are never held at once
 *   tquic_keypair.claim_lock  which path IDs a keypair numbered for
 *   tquic_pn_space.lock    a space's replay window and ACK state
 *   leaves, taken with BHs off, nothing taken under them:
 *                          the session's lock (keypair slots, MAC key
 *                          copies, token secrets, rate limiter), its
 *                          ep_lock (a seqlock) and its queue's lock;
 *                          tquic_dev.rtt_lock, tquic_dev.ack_lock and
 *                          the reorder buffer's lock
 *
 * A path's lock is held while a packet of it is sealed and sent: nothing
 * comes back in on the way out (receive runs from the backlog, in softirq).
 * No work item takes RTNL, so RTNL callers cancel them synchronously,
 * without holding hs_mutex. The data path reaches sockets, paths and
 * keypairs under RCU-BH.
 * Helpers that run under a lock assert it (lockdep_assert_held()).
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "path.h"
#include "receive.h"
#include "recovery.h"
#include "session.h"
#include "slave.h"
#include "socket.h"
#include "timers.h"
#include "tquic.h"
#include "xmit.h"

/*
 * Offloads the data path does itself: GSO packets are segmented (and
 * checksummed) in tquic_xmit() once the outer route and its MTU are
 * known, and scatter-gather buffers are encrypted where they lie.
 */
#define TQUIC_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE)

static int tquic_dev_init(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	int err;

	tquic_xmit_init(t);
	tquic_ack_timer_init(t);
	tquic_recovery_init(t);
	tquic_paths_init(t);
	err = tquic_receive_init(t);
	if (err)
		return err;
	err = tquic_session_init(t);
	if (err)
		goto undo_receive;
	return 0;

undo_receive:
	tquic_receive_uninit(t);
	tquic_ack_timer_shutdown(t);
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
	tquic_receive_uninit(t);
	tquic_ack_timer_shutdown(t);
	tquic_untrack(t);
	tquic_slaves_release(&t->slaves);
	tquic_config_wipe(t);
}

static int tquic_dev_open(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	int err;

	err = tquic_socket_open(t);
	if (err)
		return err;
	err = tquic_paths_open(t);
	if (err)
		goto close_sockets;
	tquic_session_start(t);
	return 0;

close_sockets:
	tquic_socket_close(t);
	tquic_ack_timer_stop(t);
	return err;
}

/*
 * After this nothing of the data path runs: no receive (the sockets are
 * gone after a grace period), no transmit (the core stopped it), no timer.
 */
static int tquic_dev_stop(struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);

	tquic_session_stop(t);
	tquic_paths_stop(t);
	tquic_xmit_stop(t);
	tquic_socket_close(t);
	tquic_ack_timer_stop(t);
	return 0;
}

static const struct net_device_ops tquic_netdev_ops = {
	.ndo_init		= tquic_dev_init,
	.ndo_uninit		= tquic_dev_uninit,
	.ndo_open		= tquic_dev_open,
	.ndo_stop		= tquic_dev_stop,
	.ndo_start_xmit		= tquic_xmit,
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
