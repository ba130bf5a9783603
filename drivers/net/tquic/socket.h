/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UDP sockets, route lookup and output (socket.c).
 */
#ifndef _TQUIC_SOCKET_H
#define _TQUIC_SOCKET_H

#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/types.h>

#include "session.h"

struct dst_cache;
struct dst_entry;
struct sk_buff;
struct sock;
struct socket;
struct tquic_dev;

/* Where and how one packet leaves. */
struct tquic_route {
	struct dst_entry *dst;		/* held; dst_release() when done */
	struct sock *sk;
	sa_family_t family;
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
	__be16 sport;
	__be16 dport;
	unsigned int mtu;		/* largest QUIC packet the path takes */
	unsigned int headroom;		/* for the outer headers */
};

/* Headroom a handshake packet's skb needs for tquic_socket_send_raw(). */
#define TQUIC_SOCKET_HEADROOM	(LL_MAX_HEADER + sizeof(struct ipv6hdr) + 8)

int tquic_socket_open(struct tquic_dev *t);
void tquic_socket_close(struct tquic_dev *t);
struct socket *tquic_socket_create(struct tquic_dev *t, sa_family_t family,
				   u16 port, int ifindex);
int tquic_socket_route(struct tquic_dev *t, const struct tquic_endpoint *ep,
		       int oif, struct socket *sock, struct dst_cache *cache,
		       struct tquic_route *r);
void tquic_socket_output(struct tquic_dev *t, struct tquic_route *r,
			 struct sk_buff *skb, __be16 df);
int tquic_socket_send_raw(struct tquic_dev *t, const struct tquic_endpoint *dst,
			  struct sk_buff *skb);

#endif /* _TQUIC_SOCKET_H */
