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

#define TQUIC_KEY_LEN		32	/* X25519 keys and the PSK */

/* 1-RTT packet protection; the initiator's choice holds for a session. */
enum tquic_cipher {
	TQUIC_CIPHER_AES_128_GCM,
	TQUIC_CIPHER_CHACHA20_POLY1305,
	__TQUIC_CIPHER_MAX
};

#define TQUIC_CIPHER_MAX (__TQUIC_CIPHER_MAX - 1)

enum tquic_session_state {
	TQUIC_SESSION_NONE,		/* no keys, no handshake running */
	TQUIC_SESSION_HANDSHAKE,	/* initiation sent, waiting */
	TQUIC_SESSION_ESTABLISHED,	/* 1-RTT keys in use */
	__TQUIC_SESSION_MAX
};

enum {
	IFLA_TQUIC_UNSPEC,
	/* nested: a list of IFLA_TQUIC_SLAVE_ENTRY, in path order */
	IFLA_TQUIC_SLAVES,
	IFLA_TQUIC_PEER_ADDR4,		/* __be32, IPv4 address of the peer */
	IFLA_TQUIC_PEER_ADDR6,		/* struct in6_addr, IPv6 peer */
	IFLA_TQUIC_PEER_PORT,		/* u16, host order, 1..65535 */
	IFLA_TQUIC_LISTEN_PORT,		/* u16, host order, 1..65535 */
	IFLA_TQUIC_MODE,		/* u8, enum tquic_mode */
	IFLA_TQUIC_PRIVATE_KEY,		/* 32 bytes, X25519; write only */
	IFLA_TQUIC_PUBLIC_KEY,		/* 32 bytes, dump only, from the private key */
	IFLA_TQUIC_PEER_KEY,		/* 32 bytes, the peer's X25519 public key */
	IFLA_TQUIC_PSK,			/* 32 bytes, write only; all zero: no PSK */
	IFLA_TQUIC_HAS_PSK,		/* u8, dump only: a PSK is set */
	IFLA_TQUIC_CIPHER,		/* u8, enum tquic_cipher */
	IFLA_TQUIC_KEEPALIVE,		/* u16, seconds, 0 = off */
	IFLA_TQUIC_REKEY_TIME,		/* u32, seconds between rekeys (default 120) */
	IFLA_TQUIC_REKEY,		/* flag, change only: start a rekey now */
	/*
	 * u32, milliseconds: the longest the receiver holds a packet back to
	 * restore the sender's order (the hold time itself follows the
	 * paths' delay difference); 0 turns reordering off. Default 200.
	 */
	IFLA_TQUIC_REORDER_TIMEOUT,
	__IFLA_TQUIC_MAX
};

#define IFLA_TQUIC_MAX (__IFLA_TQUIC_MAX - 1)

/* Attribute type of each entry inside IFLA_TQUIC_SLAVES */
#define IFLA_TQUIC_SLAVE_ENTRY	1

enum {
	IFLA_TQUIC_SLAVE_UNSPEC,
	IFLA_TQUIC_SLAVE_IFINDEX,	/* u32 */
	IFLA_TQUIC_SLAVE_OPER_UP,	/* u8, dump only: slave can carry */
	IFLA_TQUIC_SLAVE_BACKUP,	/* u8 0/1: active-backup's backup path */
	IFLA_TQUIC_SLAVE_WEIGHT,	/* u32 1..10000, percent of the rate (100) */
	__IFLA_TQUIC_SLAVE_MAX
};

#define IFLA_TQUIC_SLAVE_MAX (__IFLA_TQUIC_SLAVE_MAX - 1)

/*
 * IFLA_INFO_XSTATS of a tquic link (ip -s -d link show): a flat list of
 * these. Counters are u64 and only ever rise; after them come gauges.
 */
enum {
	TQUIC_XSTATS_UNSPEC,
	TQUIC_XSTATS_PAD,
	/* received 1-RTT packets dropped, by reason */
	TQUIC_XSTATS_RX_MALFORMED,	/* truncated, bad header or frame */
	TQUIC_XSTATS_RX_UNKNOWN_CID,	/* no session has this CID */
	TQUIC_XSTATS_RX_AUTH_FAILED,	/* AEAD tag did not verify */
	TQUIC_XSTATS_RX_REPLAYED,	/* packet number seen before */
	TQUIC_XSTATS_RX_BAD_INNER,	/* inner packet not IPv4/IPv6 */
	/* handshake messages */
	TQUIC_XSTATS_HS_RX_INVALID,	/* bad MAC, key, decryption */
	TQUIC_XSTATS_HS_RX_REPLAYED,	/* initiation timestamp not newer */
	TQUIC_XSTATS_HS_RX_DROPPED,	/* handshake queue full */
	TQUIC_XSTATS_HS_COOKIES_SENT,	/* Retry sent instead of DH work */
	TQUIC_XSTATS_HS_INITIATIONS_SENT,
	TQUIC_XSTATS_HS_COMPLETED,	/* sessions established (rekeys too) */
	/* transmit side */
	TQUIC_XSTATS_TX_NO_SESSION,	/* dropped: no keys yet */
	TQUIC_XSTATS_TX_NO_ROUTE,	/* dropped: no route to the peer */
	TQUIC_XSTATS_TX_TOO_BIG,	/* answered with ICMP packet too big */
	TQUIC_XSTATS_TX_ERRORS,		/* dropped: allocation or crypto */
	TQUIC_XSTATS_KEEPALIVES_SENT,
	TQUIC_XSTATS_ACKS_SENT,
	TQUIC_XSTATS_ACKS_RECEIVED,
	/* multipath */
	TQUIC_XSTATS_TX_NO_PATH,	/* dropped: no path could take it */
	TQUIC_XSTATS_TX_RETRANSMITTED,	/* re-sent: lost, or its path failed */
	TQUIC_XSTATS_PATH_FAILURES,	/* paths declared failed (down or silent) */
	TQUIC_XSTATS_RX_DUPLICATE,	/* redundant copies dropped */
	TQUIC_XSTATS_REORDER_HELD,	/* held back until their turn */
	TQUIC_XSTATS_REORDER_LATE,	/* arrived after their turn, delivered */
	TQUIC_XSTATS_REORDER_DROPPED,	/* too late even for that, or no room */
	TQUIC_XSTATS_REORDER_TIMEOUTS,	/* gaps given up on after the hold time */
	TQUIC_XSTATS_PATH_MIGRATIONS,	/* server: a path's client address moved */
	TQUIC_XSTATS_TX_AMP_LIMITED,	/* held back: unvalidated address (3x rule) */
	TQUIC_XSTATS_HS_RX_RATELIMITED,	/* over a source's rate or answer cap */
	/* key usage limits (RFC 9001 6.6), crypto */
	TQUIC_XSTATS_REKEYS_AT_LIMIT,	/* rekeys: key near its packet limit */
	TQUIC_XSTATS_TX_KEY_LIMIT,	/* dropped: key at its packet limit */
	TQUIC_XSTATS_KEYS_FORGED_OUT,	/* keys retired: too many forgeries */
	TQUIC_XSTATS_CRYPTO_MISSING,	/* keys not made: kernel lacks the AEAD */
	__TQUIC_XSTATS_COUNTERS,
	/* gauges */
	TQUIC_XSTATS_SESSION = __TQUIC_XSTATS_COUNTERS,	/* u8, enum tquic_session_state */
	TQUIC_XSTATS_KEY_PHASE,		/* u8 */
	TQUIC_XSTATS_SRTT_US,		/* u32, 0 before the first sample */
	TQUIC_XSTATS_RTTVAR_US,		/* u32 */
	TQUIC_XSTATS_PATHS,		/* nested: TQUIC_XSTATS_PATH entries */
	__TQUIC_XSTATS_MAX
};

#define TQUIC_XSTATS_MAX (__TQUIC_XSTATS_MAX - 1)

/* Attribute type of each entry inside TQUIC_XSTATS_PATHS */
#define TQUIC_XSTATS_PATH	1

enum tquic_path_state {
	TQUIC_PATH_DOWN,		/* slave down or without carrier */
	TQUIC_PATH_VALIDATING,		/* PATH_CHALLENGE sent, no answer yet */
	TQUIC_PATH_ACTIVE,		/* validated, carrying traffic */
	TQUIC_PATH_FAILED,		/* stopped acknowledging; being probed */
	__TQUIC_PATH_STATE_MAX
};

/* One path, inside a TQUIC_XSTATS_PATH entry */
enum {
	TQUIC_PATH_STAT_UNSPEC,
	TQUIC_PATH_STAT_PAD,
	TQUIC_PATH_STAT_ID,		/* u32, the multipath path ID */
	TQUIC_PATH_STAT_IFINDEX,	/* u32, its slave; 0 at the server end */
	TQUIC_PATH_STAT_STATE,		/* u8, enum tquic_path_state */
	TQUIC_PATH_STAT_BACKUP,		/* u8 0/1 */
	TQUIC_PATH_STAT_SRTT_US,	/* u32, 0 before the first sample */
	TQUIC_PATH_STAT_RTTVAR_US,	/* u32 */
	TQUIC_PATH_STAT_CWND,		/* u64, bytes */
	TQUIC_PATH_STAT_INFLIGHT,	/* u64, bytes */
	TQUIC_PATH_STAT_TX_PACKETS,	/* u64 */
	TQUIC_PATH_STAT_TX_BYTES,	/* u64, UDP payload */
	TQUIC_PATH_STAT_RX_PACKETS,	/* u64, authenticated only */
	TQUIC_PATH_STAT_RX_BYTES,	/* u64 */
	TQUIC_PATH_STAT_LOST,		/* u64, packets declared lost */
	TQUIC_PATH_STAT_RETRANSMITTED,	/* u64, re-sent elsewhere when it failed */
	TQUIC_PATH_STAT_FAILURES,	/* u64, times declared failed */
	__TQUIC_PATH_STAT_MAX
};

#define TQUIC_PATH_STAT_MAX (__TQUIC_PATH_STAT_MAX - 1)

#endif /* _UAPI_LINUX_TQUIC_H */
