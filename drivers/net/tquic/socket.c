// SPDX-License-Identifier: GPL-2.0
/*
 * UDP sockets, route lookup and output: the bottom of both directions.
 *
 * The device has one socket per address family (the server's listen port,
 * and what handshakes go out of); a client's path has its own, bound to its
 * slave (path.c). Every socket hands what it receives to receive.c.
 * Output goes through udp_tunnel_xmit_skb(): no socket lock, no copy.
 *
 * Contexts: sockets are made and closed under RTNL (ndo_open, ndo_stop,
 * slave changes); route lookup and output run from the xmit path, softirq
 * and the timers, under rcu_read_lock_bh().
 *
 * Invariants: sock4/sock6 are published under RCU while the device is up
 * and withdrawn before they are released, after a grace period, so
 * encap_rcv never runs on a released socket. A route never leads back into
 * the device, and a slave without an address of the peer's family is no
 * route. tx_ifindex (slave.c) is read with READ_ONCE(): a stale value costs
 * one handshake packet. Lock order: device.c.
 */
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/dst_cache.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "keypair.h"
#include "path.h"
#include "receive.h"
#include "socket.h"
#include "tquic.h"

/**
 * tquic_socket_route() - the route of a packet to @ep
 * @t: the device
 * @ep: the peer's endpoint
 * @oif: the slave to leave through, 0 for any
 * @sock: the socket to send from; NULL: the device's of @ep's family
 * @cache: the routes found for @ep, @oif and @sock before; NULL for none.
 *	Its owner resets it when any of them changes; a change of the
 *	routing tables, or of a PMTU, makes its entries fail dst_check().
 * @r: the route
 *
 * A socket (@sock) of another family than @ep's is no route either.
 * A slave (@oif) without an address of @ep's family is no route: the
 * kernel's source selection would take an address of another device,
 * often our own inner one, which must not go out on a WAN (a server
 * would even follow the path to it).
 *
 * Caller holds rcu_read_lock_bh(). Counts tx_no_route on failure.
 *
 * Return: 0 or -EHOSTUNREACH.
 */
int tquic_socket_route(struct tquic_dev *t, const struct tquic_endpoint *ep,
		       int oif, struct socket *sock, struct dst_cache *cache,
		       struct tquic_route *r)
{
	struct net *net = dev_net(t->dev);
	unsigned int hdr, mtu;

	r->family = ep->sa.sa_family;
	r->dport = ep->sin.sin_port;
	/*
	 * A path's socket is of the family the peer had when it opened: an
	 * endpoint of the other family (the peer changed, the paths follow
	 * under RTNL) has no route through it until the path reopens.
	 */
	if (sock && sock->sk->sk_family != r->family)
		goto no_route;
	if (r->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = ep->sin.sin_addr.s_addr,
			.saddr = ep->local_ifindex ? ep->local.v4 : 0,
			.flowi4_oif = oif,
			.flowi4_proto = IPPROTO_UDP,
		};
		struct rtable *rt;

		sock = sock ?: rcu_dereference_bh(t->sock4);
		if (!sock)
			goto no_route;
		r->sport = inet_sk(sock->sk)->inet_sport;
		fl4.fl4_sport = r->sport;
		fl4.fl4_dport = r->dport;
		rt = cache ? dst_cache_get_ip4(cache, &fl4.saddr) : NULL;
		if (!rt) {
			rt = ip_route_output_key(net, &fl4);
			if (IS_ERR(rt))
				goto no_route;
			if (oif && !ep->local_ifindex &&
			    __ip_dev_find(net, fl4.saddr, false) != rt->dst.dev) {
				ip_rt_put(rt);
				goto no_route;
			}
			if (cache)
				dst_cache_set_ip4(cache, &rt->dst, fl4.saddr);
		}
		r->dst = &rt->dst;
		r->saddr.v4 = fl4.saddr;
		r->daddr.v4 = fl4.daddr;
		hdr = sizeof(struct iphdr);
	} else if (IS_ENABLED(CONFIG_IPV6) && r->family == AF_INET6) {
		struct flowi6 fl6 = {
			.daddr = ep->sin6.sin6_addr,
			.saddr = ep->local_ifindex ? ep->local.v6 : in6addr_any,
			.flowi6_oif = oif,
			.flowi6_proto = IPPROTO_UDP,
		};
		struct dst_entry *dst;

		sock = sock ?: rcu_dereference_bh(t->sock6);
		if (!sock)
			goto no_route;
		r->sport = inet_sk(sock->sk)->inet_sport;
		fl6.fl6_sport = r->sport;
		fl6.fl6_dport = r->dport;
		dst = cache ? dst_cache_get_ip6(cache, &fl6.saddr) : NULL;
		if (!dst) {
			dst = ipv6_stub->ipv6_dst_lookup_flow(net, sock->sk,
							      &fl6, NULL);
			if (IS_ERR(dst))
				goto no_route;
			if (oif && !ep->local_ifindex &&
			    IS_ERR_OR_NULL(ipv6_stub->ipv6_dev_find(net, &fl6.saddr,
								    dst->dev))) {
				dst_release(dst);
				goto no_route;
			}
			if (cache)
				dst_cache_set_ip6(cache, dst, &fl6.saddr);
		}
		r->dst = dst;
		r->saddr.v6 = fl6.saddr;
		r->daddr.v6 = fl6.daddr;
		hdr = sizeof(struct ipv6hdr);
	} else {
		goto no_route;
	}
	/* Our own packets routed back into us would loop forever. */
	if (r->dst->dev == t->dev) {
		dst_release(r->dst);
		goto no_route;
	}
	r->sk = sock->sk;
	hdr += sizeof(struct udphdr);
	mtu = dst_mtu(r->dst);
	r->mtu = mtu > hdr ? min_t(unsigned int, mtu - hdr,
				   TQUIC_MAX_PACKET_LEN) : 0;
	r->headroom = LL_RESERVED_SPACE(r->dst->dev) + r->dst->header_len +
		      hdr;
	return 0;

no_route:
	tquic_stat_inc(t, TQUIC_XSTATS_TX_NO_ROUTE);
	return -EHOSTUNREACH;
}

/*
 * Send one finished QUIC packet; consumes @skb. With @df (the rule) the
 * outer path's MTU is discovered, not fragmented around: the ICMP errors
 * it brings update the route's PMTU, which the next route lookup sees.
 */
void tquic_socket_output(struct tquic_dev *t, struct tquic_route *r,
			 struct sk_buff *skb, __be16 df)
{
	struct dst_entry *dst = dst_clone(r->dst);

	/* The inner packet's dst, conntrack and marks stay behind. */
	skb_scrub_packet(skb, false);
	skb->ip_summed = CHECKSUM_NONE;
	/* Without DF an outer IPv6 packet may be fragmented here, too. */
	skb->ignore_df = !df;
	if (r->family == AF_INET)
		udp_tunnel_xmit_skb((struct rtable *)dst, r->sk, skb,
				    r->saddr.v4, r->daddr.v4, 0,
				    ip4_dst_hoplimit(dst), df, r->sport,
				    r->dport, false, false);
	else if (IS_ENABLED(CONFIG_IPV6))
		udp_tunnel6_xmit_skb(dst, r->sk, skb, skb->dev, &r->saddr.v6,
				     &r->daddr.v6, 0, ip6_dst_hoplimit(dst), 0,
				     r->sport, r->dport, false);
	WRITE_ONCE(t->last_tx, jiffies);
}

/* One copy of a handshake packet out through @oif; consumes @skb. */
static int send_raw_via(struct tquic_dev *t, const struct tquic_endpoint *dst,
			int oif, struct sk_buff *skb)
{
	struct tquic_route r;
	int err;

	err = tquic_socket_route(t, dst, oif, NULL, NULL, &r);
	if (err)
		goto drop;
	err = skb->len > r.mtu ? -EMSGSIZE : skb_cow_head(skb, r.headroom);
	if (err) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
	} else {
		/* The device's stats count tunnelled packets only. */
		skb->dev = NULL;
		tquic_socket_output(t, &r, skb, htons(IP_DF));
		skb = NULL;
	}
	dst_release(r.dst);
drop:
	kfree_skb(skb);
	return err;
}

/*
 * The slaves of the client paths that may carry a handshake: every path
 * not down. One WAN that keeps its carrier but delivers nothing must not
 * hold back the handshake the others would carry.
 */
static unsigned int handshake_oifs(struct tquic_dev *t, int *oif)
{
	struct tquic_path *paths = tquic_paths(t);
	unsigned int i, n = 0;

	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];
		int ifindex = READ_ONCE(p->ifindex);

		if (READ_ONCE(p->in_use) && ifindex &&
		    READ_ONCE(p->state) != TQUIC_PATH_DOWN)
			oif[n++] = ifindex;
	}
	return n;
}

/**
 * tquic_socket_send_raw() - send a handshake packet
 * @t: the device
 * @dst: the peer's endpoint
 * @skb: one whole QUIC packet at skb->data; consumed
 *
 * A reply (@dst learned from a packet) leaves through the interface the
 * packet it answers came in on. Our own initiation leaves through every
 * client path that is not down, a copy each (the responder takes the
 * first and refuses the others' timestamp as not newer), or, before
 * there are such paths, through the first slave that is up.
 *
 * Any context but hard IRQ.
 *
 * Return: 0 if a copy went out, else a negative errno (the drops are
 * counted).
 */
int tquic_socket_send_raw(struct tquic_dev *t, const struct tquic_endpoint *dst,
			  struct sk_buff *skb)
{
	int oif[TQUIC_MAX_PATHS], err = -EHOSTUNREACH;
	unsigned int i, n;
	bool sent = false;

	rcu_read_lock_bh();
	if (dst->local_ifindex) {
		err = send_raw_via(t, dst, dst->local_ifindex, skb);
		goto out;
	}
	n = handshake_oifs(t, oif);
	if (!n) {
		err = send_raw_via(t, dst, READ_ONCE(t->tx_ifindex), skb);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct sk_buff *copy = i + 1 < n ? skb_copy(skb, GFP_ATOMIC) :
						    skb;

		if (!copy) {
			tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
			continue;
		}
		err = send_raw_via(t, dst, oif[i], copy);
		sent |= !err;
	}
	if (sent)
		err = 0;
out:
	rcu_read_unlock_bh();
	return err;
}

/**
 * tquic_socket_create() - a UDP socket of ours
 * @t: the device
 * @family: AF_INET or AF_INET6
 * @port: local port, 0 for any
 * @ifindex: the device it is bound to (a path's slave), 0 for none
 *
 * RTNL. Return: the socket or an ERR_PTR().
 */
struct socket *tquic_socket_create(struct tquic_dev *t, sa_family_t family,
				   u16 port, int ifindex)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = t,
		.encap_type = 1,
		.encap_rcv = tquic_receive,
	};
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(port),
		.bind_ifindex = ifindex,
	};
	struct socket *sock;
	int err;

	if (family == AF_INET6) {
		cfg.local_ip6 = in6addr_any;
		cfg.ipv6_v6only = 1;
	} else {
		cfg.local_ip.s_addr = htonl(INADDR_ANY);
	}
	err = udp_sock_create(dev_net(t->dev), &cfg, &sock);
	if (err)
		return ERR_PTR(err);
	setup_udp_tunnel_sock(dev_net(t->dev), sock, &tcfg);
	return sock;
}

/**
 * tquic_socket_open() - open the device's UDP sockets (ndo_open)
 * @t: the device
 *
 * IPv4 always, IPv6 too unless it is disabled. Both take the listen
 * port; without one the IPv6 socket takes the port the kernel gave the
 * IPv4 socket if it is free there, so a client sends from one port.
 *
 * Return: 0, -EADDRINUSE if the listen port is taken, or another errno.
 */
int tquic_socket_open(struct tquic_dev *t)
{
	struct socket *sock4, *sock6 = NULL;
	u16 port = t->cfg.listen_port;
	int err;

	ASSERT_RTNL();
	sock4 = tquic_socket_create(t, AF_INET, port, 0);
	if (IS_ERR(sock4)) {
		err = PTR_ERR(sock4);
		goto err;
	}
	if (IS_ENABLED(CONFIG_IPV6) && ipv6_mod_enabled()) {
		u16 p4 = ntohs(inet_sk(sock4->sk)->inet_sport);

		sock6 = tquic_socket_create(t, AF_INET6, port ?: p4, 0);
		if (IS_ERR(sock6) && !port && PTR_ERR(sock6) == -EADDRINUSE)
			sock6 = tquic_socket_create(t, AF_INET6, 0, 0);
		if (IS_ERR(sock6)) {
			err = PTR_ERR(sock6);
			udp_tunnel_sock_release(sock4);
			goto err;
		}
	}
	rcu_assign_pointer(t->sock4, sock4);
	rcu_assign_pointer(t->sock6, sock6);
	return 0;

err:
	if (err == -EADDRINUSE)
		netdev_info(t->dev, "UDP port %u is already in use\n", port);
	return err;
}

/**
 * tquic_socket_close() - close the device's UDP sockets (ndo_stop)
 * @t: the device
 *
 * After this nothing is received any more: the sockets are gone after a
 * grace period.
 */
void tquic_socket_close(struct tquic_dev *t)
{
	struct socket *sock4 = rtnl_dereference(t->sock4);
	struct socket *sock6 = rtnl_dereference(t->sock6);

	ASSERT_RTNL();
	RCU_INIT_POINTER(t->sock4, NULL);
	RCU_INIT_POINTER(t->sock6, NULL);
	synchronize_net();
	/* Each release waits for encap_rcv callers still on the socket. */
	if (sock4)
		udp_tunnel_sock_release(sock4);
	if (sock6)
		udp_tunnel_sock_release(sock6);
}
