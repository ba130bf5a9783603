/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tquic: multipath QUIC tunnel device, userspace API.
 *
 * Configuration travels as rtnetlink IFLA_INFO_DATA of link kind "tquic".
 * Attribute numbers are append-only: new ones go before __IFLA_TQUIC_MAX.
 */
#ifndef _UAPI_LINUX_TQUIC_H
#define _UAPI_LINUX_TQUIC_H

#include <linux/types.h>

#define TQUIC_KIND		"tquic"

/* Each slave becomes one path; path IDs are 32-bit but links stay small. */
#define TQUIC_MAX_SLAVES	8

enum tquic_mode {
	TQUIC_MODE_AGGREGATE,		/* earliest arrival over all paths */
	TQUIC_MODE_ACTIVE_BACKUP,	/* backups only when no primary is up */
	TQUIC_MODE_REDUNDANT,		/* every packet on every path */
	__TQUIC_MODE_MAX
};

#define TQUIC_MODE_MAX (__TQUIC_MODE_MAX - 1)

enum {
	IFLA_TQUIC_UNSPEC,
	/* nested: a list of IFLA_TQUIC_SLAVE_ENTRY, in path order */
	IFLA_TQUIC_SLAVES,
	IFLA_TQUIC_PEER_ADDR4,		/* __be32, IPv4 address of the peer */
	IFLA_TQUIC_PEER_ADDR6,		/* struct in6_addr, IPv6 peer */
	IFLA_TQUIC_PEER_PORT,		/* u16, host order, 1..65535 */
	IFLA_TQUIC_LISTEN_PORT,		/* u16, host order, 1..65535 */
	IFLA_TQUIC_MODE,		/* u8, enum tquic_mode */
	__IFLA_TQUIC_MAX
};

#define IFLA_TQUIC_MAX (__IFLA_TQUIC_MAX - 1)

/* Attribute type of each entry inside IFLA_TQUIC_SLAVES */
#define IFLA_TQUIC_SLAVE_ENTRY	1

enum {
	IFLA_TQUIC_SLAVE_UNSPEC,
	IFLA_TQUIC_SLAVE_IFINDEX,	/* u32 */
	IFLA_TQUIC_SLAVE_OPER_UP,	/* u8, dump only: slave can carry */
	__IFLA_TQUIC_SLAVE_MAX
};

#define IFLA_TQUIC_SLAVE_MAX (__IFLA_TQUIC_SLAVE_MAX - 1)

#endif /* _UAPI_LINUX_TQUIC_H */
