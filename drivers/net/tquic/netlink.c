// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink configuration of tquic devices (link kind "tquic").
 *
 * A change is checked whole before any of it is applied, so a rejected
 * "ip link set" leaves the device exactly as it was. Keys are written here
 * and handed to the session by value; only the public half is ever dumped.
 */
#include <crypto/curve25519.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "crypto.h"
#include "device.h"
#include "keypair.h"
#include "netlink.h"
#include "path.h"
#include "slave.h"
#include "tquic.h"

/**
 * device_counter() - the value of xstats counter @i
 * @t: the device
 * @i: a TQUIC_XSTATS_* counter
 *
 * The reorder buffer keeps its own counts, under its lock.
 */
static u64 device_counter(struct tquic_dev *t, unsigned int i)
{
	struct tquic_reorder_buf_stats st;

	switch (i) {
	case TQUIC_XSTATS_RX_DUPLICATE:
	case TQUIC_XSTATS_REORDER_HELD:
	case TQUIC_XSTATS_REORDER_LATE:
	case TQUIC_XSTATS_REORDER_DROPPED:
	case TQUIC_XSTATS_REORDER_TIMEOUTS:
		break;
	default:
		return atomic64_read(&t->stats[i]);
	}
	tquic_reorder_buf_stats(&t->reorder, &st);
	switch (i) {
	case TQUIC_XSTATS_RX_DUPLICATE:
		return st.dup;
	case TQUIC_XSTATS_REORDER_HELD:
		return st.held;
	case TQUIC_XSTATS_REORDER_LATE:
		return st.late;
	case TQUIC_XSTATS_REORDER_DROPPED:
		return st.dropped;
	default:
		return st.timeouts;
	}
}

/**
 * device_rtt() - the RTT gauges of the xstats
 * @t: the device
 * @srtt_us: smoothed RTT, 0 before the first sample
 * @rttvar_us: its variation, 0 before the first sample
 */
static void device_rtt(struct tquic_dev *t, u32 *srtt_us, u32 *rttvar_us)
{
	spin_lock_bh(&t->rtt_lock);
	if (t->rtt.valid) {
		*srtt_us = min_t(u64, t->rtt.smoothed_us, U32_MAX);
		*rttvar_us = min_t(u64, t->rtt.var_us, U32_MAX);
	} else {
		*srtt_us = 0;
		*rttvar_us = 0;
	}
	spin_unlock_bh(&t->rtt_lock);
}

static int path_fill(struct sk_buff *skb, struct tquic_path *p)
{
	struct tquic_path_stats st;
	u32 id, srtt, var;
	u64 cwnd, inflight;
	u8 state, backup;
	int ifindex;

	spin_lock_bh(&p->lock);
	id = p->id;
	ifindex = p->ifindex;
	state = p->state;
	backup = p->backup;
	srtt = p->rtt.valid ? min_t(u64, p->rtt.smoothed_us, U32_MAX) : 0;
	var = p->rtt.valid ? min_t(u64, p->rtt.var_us, U32_MAX) : 0;
	cwnd = p->cc.cwnd;
	inflight = p->cc.inflight;
	st = p->st;
	spin_unlock_bh(&p->lock);

	if (nla_put_u32(skb, TQUIC_PATH_STAT_ID, id) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_IFINDEX, ifindex) ||
	    nla_put_u8(skb, TQUIC_PATH_STAT_STATE, state) ||
	    nla_put_u8(skb, TQUIC_PATH_STAT_BACKUP, backup) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_SRTT_US, srtt) ||
	    nla_put_u32(skb, TQUIC_PATH_STAT_RTTVAR_US, var))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, TQUIC_PATH_STAT_CWND, cwnd,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_INFLIGHT, inflight,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_TX_PACKETS, st.tx_packets,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_TX_BYTES, st.tx_bytes,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RX_PACKETS,
			      atomic64_read(&p->rx_packets),
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RX_BYTES,
			      atomic64_read(&p->rx_bytes),
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_LOST, st.lost,
			      TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_RETRANSMITTED,
			      st.retransmitted, TQUIC_PATH_STAT_PAD) ||
	    nla_put_u64_64bit(skb, TQUIC_PATH_STAT_FAILURES, st.failures,
			      TQUIC_PATH_STAT_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * paths_fill_xstats() - the TQUIC_XSTATS_PATHS nest
 * @skb: the message
 * @t: the device
 *
 * RTNL. Return: 0 or -EMSGSIZE.
 */
static int paths_fill_xstats(struct sk_buff *skb, struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = nla_nest_start(skb, TQUIC_XSTATS_PATHS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		if (!READ_ONCE(paths[i].in_use))
			continue;
		entry = nla_nest_start(skb, TQUIC_XSTATS_PATH);
		if (!entry || path_fill(skb, &paths[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static size_t paths_xstats_size(void)
{
	size_t one = nla_total_size(0) +			/* PATH */
		     4 * nla_total_size(sizeof(u32)) +		/* ID .. RTTVAR */
		     2 * nla_total_size(sizeof(u8)) +		/* STATE, BACKUP */
		     11 * nla_total_size_64bit(sizeof(u64));	/* counters */

	return nla_total_size(0) + TQUIC_MAX_PATHS * one;
}

static const struct nla_policy tquic_policy[IFLA_TQUIC_MAX + 1] = {
	[IFLA_TQUIC_SLAVES]	= { .type = NLA_NESTED },
	[IFLA_TQUIC_PEER_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[IFLA_TQUIC_PEER_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_TQUIC_PEER_PORT]	= { .type = NLA_U16 },
	[IFLA_TQUIC_LISTEN_PORT] = { .type = NLA_U16 },
	[IFLA_TQUIC_MODE]	= { .type = NLA_U8 },
	[IFLA_TQUIC_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(TQUIC_KEY_LEN),
	[IFLA_TQUIC_PUBLIC_KEY]	= {
		.type = NLA_REJECT,
		.reject_message = "the public key follows from the private key",
	},
	[IFLA_TQUIC_PEER_KEY]	= NLA_POLICY_EXACT_LEN(TQUIC_KEY_LEN),
	[IFLA_TQUIC_PSK]	= NLA_POLICY_EXACT_LEN(TQUIC_KEY_LEN),
	[IFLA_TQUIC_HAS_PSK]	= {
		.type = NLA_REJECT,
		.reject_message = "has-psk is reported, not set: give a psk",
	},
	[IFLA_TQUIC_CIPHER]	= { .type = NLA_U8 },
	[IFLA_TQUIC_KEEPALIVE]	= { .type = NLA_U16 },
	[IFLA_TQUIC_REKEY_TIME]	= { .type = NLA_U32 },
	[IFLA_TQUIC_REKEY]	= { .type = NLA_FLAG },
	[IFLA_TQUIC_REORDER_TIMEOUT] = { .type = NLA_U32 },
};

/*
 * Keys last at most this long: a day is far beyond any sensible rekey
 * interval, and keeps seconds * HZ well inside a jiffies delta.
 */
#define TQUIC_REKEY_TIME_MAX	86400

/*
 * Often enough for a NAT binding that expires after 30 s of silence, the
 * shortest common UDP timeout (WireGuard's advice).
 */
#define TQUIC_KEEPALIVE_DEFAULT	25

/*
 * The hold time follows the paths' delay difference; this cap only bites
 * when they misbehave. 200 ms is above the spread of common WAN pairs
 * (DSL and LTE differ by ~50-100 ms), and the maximum bounds how long an
 * skb may sit in the reorder buffer.
 */
#define TQUIC_REORDER_TIMEOUT_DEFAULT	200
#define TQUIC_REORDER_TIMEOUT_MAX	10000

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

static int tquic_validate_keys(struct nlattr *data[],
			       struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	u32 rekey_time;

	/* An all-zero key is what an unset one looks like: a mistake. */
	a = data[IFLA_TQUIC_PEER_KEY];
	if (a && !memchr_inv(nla_data(a), 0, TQUIC_KEY_LEN)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "peer key must not be all zero");
		return -EINVAL;
	}
	a = data[IFLA_TQUIC_CIPHER];
	if (a && nla_get_u8(a) > TQUIC_CIPHER_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, a, "unknown cipher");
		return -EINVAL;
	}
	a = data[IFLA_TQUIC_REKEY_TIME];
	if (a) {
		rekey_time = nla_get_u32(a);
		if (rekey_time < 1 || rekey_time > TQUIC_REKEY_TIME_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "rekey-time must be 1-"
					    __stringify(TQUIC_REKEY_TIME_MAX)
					    " seconds");
			return -EINVAL;
		}
	}
	return 0;
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
	if (data[IFLA_TQUIC_REORDER_TIMEOUT] &&
	    nla_get_u32(data[IFLA_TQUIC_REORDER_TIMEOUT]) >
	    TQUIC_REORDER_TIMEOUT_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_TQUIC_REORDER_TIMEOUT],
				    "reorder-timeout must be 0-"
				    __stringify(TQUIC_REORDER_TIMEOUT_MAX)
				    " ms");
		return -EINVAL;
	}
	return tquic_validate_keys(data, extack);
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
	if (data[IFLA_TQUIC_REORDER_TIMEOUT])
		cfg->reorder_timeout_ms =
			nla_get_u32(data[IFLA_TQUIC_REORDER_TIMEOUT]);
}

/*
 * Only the private key can still be refused here: whether it has a usable
 * public key takes the scalar multiplication, done once, on the copy.
 */
static int tquic_keys_apply(struct tquic_keys *keys, struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	a = data[IFLA_TQUIC_PRIVATE_KEY];
	if (a) {
		nla_memcpy(keys->private_key, a, TQUIC_KEY_LEN);
		if (!curve25519_generate_public(keys->public_key,
						keys->private_key)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "private key is zero or has no valid public key");
			return -EINVAL;
		}
		keys->has_private = true;
	}
	a = data[IFLA_TQUIC_PEER_KEY];
	if (a) {
		nla_memcpy(keys->peer_key, a, TQUIC_KEY_LEN);
		keys->has_peer = true;
	}
	a = data[IFLA_TQUIC_PSK];
	if (a) {
		nla_memcpy(keys->psk, a, TQUIC_KEY_LEN);
		keys->has_psk = !!memchr_inv(keys->psk, 0, TQUIC_KEY_LEN);
	}
	if (data[IFLA_TQUIC_CIPHER])
		keys->cipher = nla_get_u8(data[IFLA_TQUIC_CIPHER]);
	if (data[IFLA_TQUIC_KEEPALIVE])
		keys->keepalive = nla_get_u16(data[IFLA_TQUIC_KEEPALIVE]);
	if (data[IFLA_TQUIC_REKEY_TIME])
		keys->rekey_time = nla_get_u32(data[IFLA_TQUIC_REKEY_TIME]);
	return 0;
}

static int tquic_config_check(const struct tquic_config *cfg,
			      struct nlattr *data[],
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
	if (data[IFLA_TQUIC_REKEY] &&
	    !(cfg->keys.has_private && cfg->keys.has_peer)) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_TQUIC_REKEY],
				    "rekey needs a private key and a peer key");
		return -EINVAL;
	}
	return 0;
}

/*
 * The kernel must have the AEAD of the cipher asked for (or of @cipher,
 * the default or current one), or no handshake could ever complete.
 * RTNL; may load the AEAD's module.
 */
static int tquic_cipher_check(struct nlattr *data[], u8 cipher,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *a = data[IFLA_TQUIC_CIPHER];
	int err;

	if (a)
		cipher = nla_get_u8(a);
	err = tquic_crypto_available(tquic_crypto_cipher(cipher));
	if (!err)
		return 0;
	/* The names of crypto.c's tquic_crypto_aead_name[]. */
	if (cipher == TQUIC_CIPHER_CHACHA20_POLY1305)
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "cipher chacha20-poly1305: the kernel has no rfc7539(chacha20,poly1305)");
	else
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "cipher aes-128-gcm: the kernel has no gcm(aes)");
	return err;
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
	err = tquic_keys_apply(&cfg->keys, data, extack) ?:
	      tquic_config_check(cfg, data, extack);
	if (err || !data[IFLA_TQUIC_SLAVES])
		return err;
	return tquic_slaves_parse(net, data[IFLA_TQUIC_SLAVES], slaves, extack);
}

/*
 * Without an explicit mtu, the inner MTU is what fits in one packet on the
 * narrowest slave, so nothing gets fragmented at the start.
 */
static void tquic_default_mtu(struct net_device *dev,
			      const struct tquic_slave_set *slaves)
{
	unsigned int i, mtu = UINT_MAX;

	for (i = 0; i < slaves->n; i++)
		mtu = min(mtu, READ_ONCE(slaves->slave[i].dev->mtu));
	mtu = mtu > TQUIC_OVERHEAD ? mtu - TQUIC_OVERHEAD : 0;
	dev->mtu = clamp(mtu, dev->min_mtu, dev->max_mtu);
}

/* Key material dies with the device: ndo_uninit calls this. */
void tquic_config_wipe(struct tquic_dev *t)
{
	memzero_explicit(&t->cfg.keys, sizeof(t->cfg.keys));
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
	if (data[IFLA_TQUIC_REKEY]) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_TQUIC_REKEY],
				    "rekey applies to an existing link only");
		return -EINVAL;
	}
	/* The slave ifindexes name devices of the namespace we were asked in. */
	if (!net_eq(src_net, dev_net(dev))) {
		NL_SET_ERR_MSG(extack,
			       "a tquic device must live in its slaves' namespace");
		return -EINVAL;
	}
	err = tquic_cipher_check(data, TQUIC_CIPHER_AES_128_GCM, extack);
	if (err)
		return err;
	t->cfg.keys.cipher = TQUIC_CIPHER_AES_128_GCM;
	t->cfg.keys.keepalive = TQUIC_KEEPALIVE_DEFAULT;
	t->cfg.keys.rekey_time = TQUIC_REKEY_TIME_DEFAULT;
	t->cfg.reorder_timeout_ms = TQUIC_REORDER_TIMEOUT_DEFAULT;
	err = tquic_config_prepare(dev_net(dev), &t->cfg, &t->slaves, data,
				   extack);
	if (err)
		goto wipe;
	if (!tb[IFLA_MTU])
		tquic_default_mtu(dev, &t->slaves);

	err = register_netdevice(dev);
	if (err) {
		/* Failures before ndo_init skip ndo_uninit: release here too. */
		tquic_slaves_release(&t->slaves);
		goto wipe;
	}
	tquic_track(t);
	tquic_update_carrier(t);
	tquic_session_configure(t, &t->cfg.keys);
	return 0;

wipe:
	/* The core frees the device without any of our callbacks. */
	tquic_config_wipe(t);
	return err;
}

/* Another peer address, port or family: the paths must follow. */
static bool tquic_peer_changed(const struct tquic_config *a,
			       const struct tquic_config *b)
{
	if (a->peer_family != b->peer_family || a->peer_port != b->peer_port)
		return true;
	if (a->peer_family == AF_INET)
		return a->peer.v4 != b->peer.v4;
	return a->peer_family == AF_INET6 &&
	       !ipv6_addr_equal(&a->peer.v6, &b->peer.v6);
}

static int tquic_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct tquic_dev *t = netdev_priv(dev);
	struct tquic_slave_set slaves = { .n = 0 };
	struct tquic_config cfg;
	bool peer;
	int err;

	if (!data)
		return 0;
	if (data[IFLA_TQUIC_CIPHER]) {
		err = tquic_cipher_check(data, t->cfg.keys.cipher, extack);
		if (err)
			return err;
	}
	cfg = t->cfg;
	err = tquic_config_prepare(dev_net(dev), &cfg, &slaves, data, extack);
	if (err)
		goto out;

	peer = tquic_peer_changed(&t->cfg, &cfg);
	t->cfg = cfg;
	if (data[IFLA_TQUIC_SLAVES])
		tquic_slaves_replace(t, &slaves);
	/* Slave options travel inside the slave list. */
	if (data[IFLA_TQUIC_SLAVES] || data[IFLA_TQUIC_MODE] ||
	    data[IFLA_TQUIC_REORDER_TIMEOUT])
		tquic_paths_sync(t);
	tquic_session_configure(t, &t->cfg.keys);
	/* The paths send to the session's peer: they follow it once it moved. */
	if (peer)
		tquic_paths_sync(t);
	if (data[IFLA_TQUIC_REKEY])
		tquic_session_rekey_now(t);
out:
	/* The copy on the stack holds the private key and PSK too. */
	memzero_explicit(&cfg.keys, sizeof(cfg.keys));
	return err;
}

static size_t tquic_get_size(const struct net_device *dev)
{
	return tquic_slaves_size() +
	       nla_total_size(sizeof(struct in6_addr)) +	/* PEER_ADDR */
	       nla_total_size(sizeof(u16)) +			/* PEER_PORT */
	       nla_total_size(sizeof(u16)) +			/* LISTEN_PORT */
	       nla_total_size(sizeof(u8)) +			/* MODE */
	       nla_total_size(TQUIC_KEY_LEN) +			/* PUBLIC_KEY */
	       nla_total_size(TQUIC_KEY_LEN) +			/* PEER_KEY */
	       nla_total_size(sizeof(u8)) +			/* HAS_PSK */
	       nla_total_size(sizeof(u8)) +			/* CIPHER */
	       nla_total_size(sizeof(u16)) +			/* KEEPALIVE */
	       nla_total_size(sizeof(u32)) +			/* REKEY_TIME */
	       nla_total_size(sizeof(u32));			/* REORDER_TIMEOUT */
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

/* The private key and the PSK never leave the kernel; only facts about them. */
static int tquic_fill_keys(struct sk_buff *skb, const struct tquic_keys *keys)
{
	if ((keys->has_private &&
	     nla_put(skb, IFLA_TQUIC_PUBLIC_KEY, TQUIC_KEY_LEN,
		     keys->public_key)) ||
	    (keys->has_peer &&
	     nla_put(skb, IFLA_TQUIC_PEER_KEY, TQUIC_KEY_LEN,
		     keys->peer_key)) ||
	    nla_put_u8(skb, IFLA_TQUIC_HAS_PSK, keys->has_psk) ||
	    nla_put_u8(skb, IFLA_TQUIC_CIPHER, keys->cipher) ||
	    nla_put_u16(skb, IFLA_TQUIC_KEEPALIVE, keys->keepalive) ||
	    nla_put_u32(skb, IFLA_TQUIC_REKEY_TIME, keys->rekey_time))
		return -EMSGSIZE;
	return 0;
}

static int tquic_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct tquic_dev *t = netdev_priv(dev);
	const struct tquic_config *cfg = &t->cfg;

	if (tquic_slaves_fill(skb, &t->slaves) ||
	    tquic_fill_peer(skb, cfg) ||
	    (cfg->listen_port &&
	     nla_put_u16(skb, IFLA_TQUIC_LISTEN_PORT, cfg->listen_port)) ||
	    nla_put_u8(skb, IFLA_TQUIC_MODE, cfg->mode) ||
	    nla_put_u32(skb, IFLA_TQUIC_REORDER_TIMEOUT,
			cfg->reorder_timeout_ms) ||
	    tquic_fill_keys(skb, &cfg->keys))
		return -EMSGSIZE;
	return 0;
}

#define TQUIC_XSTATS_N_COUNTERS \
	(__TQUIC_XSTATS_COUNTERS - TQUIC_XSTATS_RX_MALFORMED)

static size_t tquic_get_xstats_size(const struct net_device *dev)
{
	return TQUIC_XSTATS_N_COUNTERS * nla_total_size_64bit(sizeof(u64)) +
	       nla_total_size(sizeof(u8)) +			/* SESSION */
	       nla_total_size(sizeof(u8)) +			/* KEY_PHASE */
	       nla_total_size(sizeof(u32)) +			/* SRTT_US */
	       nla_total_size(sizeof(u32)) +			/* RTTVAR_US */
	       paths_xstats_size();			/* PATHS */
}

/*
 * A flat list, so that "ip -s" and tools can pick single values and a
 * newer kernel can add some. The nest carries no NLA_F_NESTED: ip parses
 * IFLA_LINKINFO without masking flags and would not see it.
 */
static int tquic_fill_xstats(struct sk_buff *skb, const struct net_device *dev)
{
	struct tquic_dev *t = netdev_priv(dev);
	u32 srtt_us, rttvar_us;
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start_noflag(skb, IFLA_INFO_XSTATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = TQUIC_XSTATS_RX_MALFORMED; i < __TQUIC_XSTATS_COUNTERS; i++)
		if (nla_put_u64_64bit(skb, i, device_counter(t, i),
				      TQUIC_XSTATS_PAD))
			goto cancel;
	device_rtt(t, &srtt_us, &rttvar_us);
	if (nla_put_u8(skb, TQUIC_XSTATS_SESSION, tquic_session_state(t)) ||
	    nla_put_u8(skb, TQUIC_XSTATS_KEY_PHASE,
		       tquic_session_key_phase(t)) ||
	    nla_put_u32(skb, TQUIC_XSTATS_SRTT_US, srtt_us) ||
	    nla_put_u32(skb, TQUIC_XSTATS_RTTVAR_US, rttvar_us) ||
	    paths_fill_xstats(skb, t))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
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
	.get_xstats_size = tquic_get_xstats_size,
	.fill_xstats	= tquic_fill_xstats,
};
