/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tquic's values are called, in the text and JSON of both
 * "ip -s -d link show" (link_tquic.so) and "tquic show", so the two say
 * the same. Tables only: each program includes this once.
 */
#ifndef TQUIC_NAMES_H
#define TQUIC_NAMES_H

#include <inttypes.h>
#include <stddef.h>
#include <linux/tquic.h>

static const char *const tquic_mode_names[] = {
	[TQUIC_MODE_AGGREGATE]		= "aggregate",
	[TQUIC_MODE_ACTIVE_BACKUP]	= "active-backup",
	[TQUIC_MODE_REDUNDANT]		= "redundant",
};

static const char *const tquic_cipher_names[] = {
	[TQUIC_CIPHER_AES_128_GCM]		= "aes-128-gcm",
	[TQUIC_CIPHER_CHACHA20_POLY1305]	= "chacha20-poly1305",
};

static const char *const tquic_session_names[] = {
	[TQUIC_SESSION_NONE]		= "none",
	[TQUIC_SESSION_HANDSHAKE]	= "handshake",
	[TQUIC_SESSION_ESTABLISHED]	= "established",
};

static const char *const tquic_path_state_names[] = {
	[TQUIC_PATH_DOWN]		= "down",
	[TQUIC_PATH_VALIDATING]		= "validating",
	[TQUIC_PATH_ACTIVE]		= "active",
	[TQUIC_PATH_FAILED]		= "failed",
};

/*
 * A number in a statistics attribute: its size on the wire, its JSON key
 * (the constant's suffix in lower case) and a printf format of its text,
 * which takes the value as a uint64_t.
 */
struct tquic_stat {
	int type;
	unsigned int size;
	const char *key;
	const char *fmt;
};

#define TQUIC_U64(type, key, text)	{ type, 8, key, text }
#define TQUIC_U32(type, key, text)	{ type, 4, key, text }

/* Each list ends with an entry without a key. */
static const struct tquic_stat tquic_rx_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_RX_MALFORMED, "rx_malformed",
		  " malformed %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_RX_UNKNOWN_CID, "rx_unknown_cid",
		  " unknown-cid %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_RX_AUTH_FAILED, "rx_auth_failed",
		  " auth-failed %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_RX_REPLAYED, "rx_replayed",
		  " replayed %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_RX_BAD_INNER, "rx_bad_inner",
		  " bad-inner %" PRIu64),
	{ 0 }
};

static const struct tquic_stat tquic_hs_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_HS_RX_INVALID, "hs_rx_invalid",
		  " rx-invalid %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_RX_REPLAYED, "hs_rx_replayed",
		  " rx-replayed %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_RX_DROPPED, "hs_rx_dropped",
		  " rx-dropped %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_RX_RATELIMITED, "hs_rx_ratelimited",
		  " rx-ratelimited %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_COOKIES_SENT, "hs_cookies_sent",
		  " cookies-sent %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_INITIATIONS_SENT, "hs_initiations_sent",
		  " initiations-sent %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_HS_COMPLETED, "hs_completed",
		  " completed %" PRIu64),
	{ 0 }
};

static const struct tquic_stat tquic_tx_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_TX_NO_SESSION, "tx_no_session",
		  " no-session %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_NO_ROUTE, "tx_no_route",
		  " no-route %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_TOO_BIG, "tx_too_big", " too-big %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_ERRORS, "tx_errors", " errors %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_KEEPALIVES_SENT, "keepalives_sent",
		  " keepalives-sent %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_ACKS_SENT, "acks_sent", " acks-sent %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_ACKS_RECEIVED, "acks_received",
		  " acks-received %" PRIu64),
	{ 0 }
};

static const struct tquic_stat tquic_mp_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_TX_NO_PATH, "tx_no_path", " no-path %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_RETRANSMITTED, "tx_retransmitted",
		  " retransmitted %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_PATH_FAILURES, "path_failures",
		  " path-failures %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_RX_DUPLICATE, "rx_duplicate",
		  " duplicates %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_PATH_MIGRATIONS, "path_migrations",
		  " migrations %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_AMP_LIMITED, "tx_amp_limited",
		  " amp-limited %" PRIu64),
	{ 0 }
};

static const struct tquic_stat tquic_reorder_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_REORDER_HELD, "reorder_held",
		  " held %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_REORDER_LATE, "reorder_late",
		  " late %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_REORDER_DROPPED, "reorder_dropped",
		  " dropped %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_REORDER_TIMEOUTS, "reorder_timeouts",
		  " timeouts %" PRIu64),
	{ 0 }
};

/* Key usage limits (RFC 9001 6.6) and the kernel's crypto. */
static const struct tquic_stat tquic_key_counters[] = {
	TQUIC_U64(TQUIC_XSTATS_REKEYS_AT_LIMIT, "rekeys_at_limit",
		  " rekeys-at-limit %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_TX_KEY_LIMIT, "tx_key_limit",
		  " tx-key-limit %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_KEYS_FORGED_OUT, "keys_forged_out",
		  " forged-out %" PRIu64),
	TQUIC_U64(TQUIC_XSTATS_CRYPTO_MISSING, "crypto_missing",
		  " crypto-missing %" PRIu64),
	{ 0 }
};

/* One line of text per group, in this order. */
static const struct {
	const char *title;
	const struct tquic_stat *stats;
} tquic_counter_groups[] = {
	{ "rx dropped:", tquic_rx_counters },
	{ "handshake:", tquic_hs_counters },
	{ "tx:", tquic_tx_counters },
	{ "multipath:", tquic_mp_counters },
	{ "reorder:", tquic_reorder_counters },
	{ "keys:", tquic_key_counters },
};

/*
 * The numbers of one path, after its id, dev, state and backup flag.
 * Packets and bytes share a word of text: "tx 10/1500".
 */
static const struct tquic_stat tquic_path_stats[] = {
	TQUIC_U32(TQUIC_PATH_STAT_SRTT_US, "srtt_us", " srtt %" PRIu64 "us"),
	TQUIC_U32(TQUIC_PATH_STAT_RTTVAR_US, "rttvar_us",
		  " rttvar %" PRIu64 "us"),
	TQUIC_U64(TQUIC_PATH_STAT_CWND, "cwnd", " cwnd %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_INFLIGHT, "inflight", " inflight %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_TX_PACKETS, "tx_packets", " tx %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_TX_BYTES, "tx_bytes", "/%" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_RX_PACKETS, "rx_packets", " rx %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_RX_BYTES, "rx_bytes", "/%" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_LOST, "lost", " lost %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_RETRANSMITTED, "retransmitted",
		  " retrans %" PRIu64),
	TQUIC_U64(TQUIC_PATH_STAT_FAILURES, "failures", " failures %" PRIu64),
	{ 0 }
};

#endif /* TQUIC_NAMES_H */
