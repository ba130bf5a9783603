/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tquic devices as rtnetlink reports them: RTM_NEWLINK messages of link kind
 * "tquic", their IFLA_INFO_DATA decoded per <linux/tquic.h>.
 */
#ifndef TQUIC_TOOL_LINK_H
#define TQUIC_TOOL_LINK_H

/* <net/if.h> must come before any <linux/if.h>, or the two clash. */
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/netlink.h>
#include <linux/tquic.h>

struct tquic_slave {
	uint32_t ifindex;
	char name[IF_NAMESIZE];		/* "": index did not resolve */
	bool has_oper_up;
	bool oper_up;
	bool has_backup;
	bool backup;
	bool has_weight;
	uint32_t weight;		/* percent of the path's rate */
};

/*
 * More than the kernel keeps (a path per slave and address family at the
 * client, as many at the server), fewer than would make a link costly to
 * copy around.
 */
#define TQUIC_SHOW_MAX_PATHS	32

/* One entry of TQUIC_XSTATS_PATHS. */
struct tquic_path_stats {
	uint32_t have;			/* bit N: TQUIC_PATH_STAT_N came */
	uint64_t v[TQUIC_PATH_STAT_MAX + 1];
	/* of v[TQUIC_PATH_STAT_IFINDEX]; "if%u" when it did not resolve */
	char dev[IF_NAMESIZE];
};

/* IFLA_INFO_XSTATS: which attributes came, and their values. */
struct tquic_stats {
	bool present;
	uint64_t have;			/* bit N: TQUIC_XSTATS_N was reported */
	uint64_t counter[__TQUIC_XSTATS_COUNTERS];
	uint8_t session;		/* enum tquic_session_state, or newer */
	uint8_t key_phase;
	uint32_t srtt_us;
	uint32_t rttvar_us;
	unsigned int n_paths;		/* TQUIC_XSTATS_PATHS, if in have */
	struct tquic_path_stats paths[TQUIC_SHOW_MAX_PATHS];
};

struct tquic_link {
	int ifindex;
	char name[IF_NAMESIZE];
	uint8_t operstate;		/* IF_OPER_*; UNKNOWN if absent */
	bool has_carrier;
	bool carrier;
	int peer_family;		/* AF_UNSPEC when no peer is set */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} peer;
	uint16_t peer_port;		/* 0 when absent */
	uint16_t listen_port;		/* 0 when absent */
	bool has_mode;
	uint8_t mode;			/* enum tquic_mode, or newer */
	unsigned int n_slaves;
	struct tquic_slave slaves[TQUIC_MAX_SLAVES];
	bool has_public_key;
	uint8_t public_key[TQUIC_KEY_LEN];
	bool has_peer_key;
	uint8_t peer_key[TQUIC_KEY_LEN];
	bool has_psk;			/* whether the kernel said... */
	bool psk;			/* ...that a PSK is set */
	bool has_cipher;
	uint8_t cipher;			/* enum tquic_cipher, or newer */
	bool has_keepalive;
	uint16_t keepalive;		/* seconds, 0 = off */
	bool has_rekey_time;
	uint32_t rekey_time;		/* seconds */
	bool has_reorder_timeout;
	uint32_t reorder_timeout;	/* milliseconds, 0 = off */
	struct tquic_stats stats;
};

struct tquic_links {
	struct tquic_link *v;
	size_t n;
	unsigned int malformed;		/* devices skipped, see stderr */
};

enum {
	LINKS_OK,
	LINKS_NO_DEVICE,
	LINKS_NOT_TQUIC,
};

/*
 * Fills @links with every tquic device of the current network namespace, or
 * with @dev alone when it is not NULL.  Returns a LINKS_* value, or a
 * negative libnl error code.
 */
int tquic_links_get(struct nl_sock *sk, const char *dev,
		    struct tquic_links *links);
void tquic_links_free(struct tquic_links *links);

/*
 * Decodes one RTM_NEWLINK message.  Returns 1 for a tquic device, 0 for any
 * other message, or a negative libnl error code when the message or its
 * tquic attributes are malformed; @link->name (or ifindex) is set whenever
 * the message got that far, to say which device was bad.
 */
int tquic_link_parse(struct nlmsghdr *nlh, struct tquic_link *link);

#endif /* TQUIC_TOOL_LINK_H */
