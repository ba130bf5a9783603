// SPDX-License-Identifier: GPL-2.0
/*
 * Output of `tquic show`.  Text leaves out what the kernel did not report;
 * JSON always has every key, with null for the missing, so that consumers
 * need not test for presence.
 */
#include "print.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/if.h>

#include "base64.h"
#include "names.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* b64_encoded_len(TQUIC_KEY_LEN) and a NUL */
#define KEY_TEXT_SIZE	45

static const char *const operstates[] = {
	[IF_OPER_UNKNOWN]		= "UNKNOWN",
	[IF_OPER_NOTPRESENT]		= "NOTPRESENT",
	[IF_OPER_DOWN]			= "DOWN",
	[IF_OPER_LOWERLAYERDOWN]	= "LOWERLAYERDOWN",
	[IF_OPER_TESTING]		= "TESTING",
	[IF_OPER_DORMANT]		= "DORMANT",
	[IF_OPER_UP]			= "UP",
};

static bool has_stat(const struct tquic_stats *stats, int type)
{
	return stats->have & (1ULL << type);
}

static bool has_path_stat(const struct tquic_path_stats *p, int type)
{
	return p->have & (1U << type);
}

/* Values past the table are a newer kernel's: shown as numbers. */
static void print_name(FILE *f, const char *const *names, size_t n,
		       uint8_t value)
{
	if (value < n && names[value])
		fputs(names[value], f);
	else
		fprintf(f, "unknown(%u)", value);
}

#define print_enum(f, table, value) \
	print_name(f, table, ARRAY_SIZE(table), value)

static void format_peer(const struct tquic_link *link, char *buf,
			size_t size)
{
	if (!inet_ntop(link->peer_family, &link->peer, buf, size))
		snprintf(buf, size, "?");
}

static void text_slave(FILE *f, const struct tquic_slave *slave)
{
	fputs("  slave: ", f);
	if (slave->name[0])
		fputs(slave->name, f);
	else
		fprintf(f, "ifindex %u", slave->ifindex);
	if (slave->has_oper_up)
		fputs(slave->oper_up ? " (up)" : " (down)", f);
	if (slave->has_weight)
		fprintf(f, ", weight %u", slave->weight);
	if (slave->has_backup && slave->backup)
		fputs(", backup", f);
	fputc('\n', f);
}

static void text_key(FILE *f, const char *label, const uint8_t *key)
{
	char b64[KEY_TEXT_SIZE];

	b64_encode(b64, key, TQUIC_KEY_LEN);
	fprintf(f, "  %s: %s\n", label, b64);
}

/* The private key and the PSK never leave the kernel: nothing to hide. */
static void text_keys(FILE *f, const struct tquic_link *link)
{
	if (link->has_public_key)
		text_key(f, "public key", link->public_key);
	if (link->has_peer_key)
		text_key(f, "peer key", link->peer_key);
	if (link->has_psk)
		fprintf(f, "  psk: %s\n", link->psk ? "on" : "off");
	if (link->has_cipher) {
		fputs("  cipher: ", f);
		print_enum(f, tquic_cipher_names, link->cipher);
		fputc('\n', f);
	}
	if (link->has_keepalive) {
		if (link->keepalive)
			fprintf(f, "  keepalive: every %u s\n", link->keepalive);
		else
			fputs("  keepalive: off\n", f);
	}
	if (link->has_rekey_time)
		fprintf(f, "  rekey time: %u s\n", link->rekey_time);
}

/* The numbers of @st (up to one without a key) whose bit is in @have. */
static void text_numbers(FILE *f, const struct tquic_stat *st,
			 const uint64_t *v, uint64_t have)
{
	for (; st->key; st++)
		if (have & (1ULL << st->type))
			fprintf(f, st->fmt, v[st->type]);
}

/* As "ip -s -d link show" prints it, less two spaces of indent. */
static void text_path(FILE *f, const struct tquic_path_stats *p)
{
	fputs("  path", f);
	if (has_path_stat(p, TQUIC_PATH_STAT_ID))
		fprintf(f, " %" PRIu64, p->v[TQUIC_PATH_STAT_ID]);
	if (has_path_stat(p, TQUIC_PATH_STAT_IFINDEX))
		fprintf(f, " dev %s", p->dev[0] ? p->dev : "-");
	if (has_path_stat(p, TQUIC_PATH_STAT_STATE)) {
		fputs(" state ", f);
		print_enum(f, tquic_path_state_names,
			   p->v[TQUIC_PATH_STAT_STATE]);
	}
	if (p->v[TQUIC_PATH_STAT_BACKUP])
		fputs(" backup", f);
	text_numbers(f, tquic_path_stats, p->v, p->have);
	fputc('\n', f);
}

static void text_stats(FILE *f, const struct tquic_stats *stats)
{
	const struct tquic_stat *c;
	unsigned int i;
	size_t g;

	if (has_stat(stats, TQUIC_XSTATS_SESSION)) {
		fputs("  session: ", f);
		print_enum(f, tquic_session_names, stats->session);
		if (has_stat(stats, TQUIC_XSTATS_KEY_PHASE))
			fprintf(f, ", key phase %u", stats->key_phase);
		fputc('\n', f);
	}
	/* Zero is the kernel's "no sample yet", not a real round trip. */
	if (has_stat(stats, TQUIC_XSTATS_SRTT_US) && stats->srtt_us) {
		fprintf(f, "  rtt: %u.%03u ms", stats->srtt_us / 1000,
			stats->srtt_us % 1000);
		if (has_stat(stats, TQUIC_XSTATS_RTTVAR_US))
			fprintf(f, ", variation %u.%03u ms",
				stats->rttvar_us / 1000,
				stats->rttvar_us % 1000);
		fputc('\n', f);
	}
	/* A group the kernel reported nothing of is left out. */
	for (g = 0; g < ARRAY_SIZE(tquic_counter_groups); g++) {
		for (c = tquic_counter_groups[g].stats; c->key; c++)
			if (has_stat(stats, c->type))
				break;
		if (!c->key)
			continue;
		fprintf(f, "  %s", tquic_counter_groups[g].title);
		text_numbers(f, tquic_counter_groups[g].stats, stats->counter,
			     stats->have);
		fputc('\n', f);
	}
	for (i = 0; i < stats->n_paths; i++)
		text_path(f, &stats->paths[i]);
}

static void text_link(FILE *f, const struct tquic_link *link)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned int i;

	fprintf(f, "interface: %s\n  state: ", link->name);
	print_enum(f, operstates, link->operstate);
	if (link->has_carrier)
		fprintf(f, "\n  carrier: %s", link->carrier ? "on" : "off");
	if (link->has_mode) {
		fputs("\n  mode: ", f);
		print_enum(f, tquic_mode_names, link->mode);
	}
	fputc('\n', f);
	if (link->peer_family != AF_UNSPEC) {
		format_peer(link, addr, sizeof(addr));
		fprintf(f, link->peer_family == AF_INET6 ? "  peer: [%s]" :
			"  peer: %s", addr);
		if (link->peer_port)
			fprintf(f, ":%u", link->peer_port);
		fputc('\n', f);
	}
	if (link->listen_port)
		fprintf(f, "  listen port: %u\n", link->listen_port);
	if (link->has_reorder_timeout) {
		if (link->reorder_timeout)
			fprintf(f, "  reorder timeout: %u ms\n",
				link->reorder_timeout);
		else
			fputs("  reorder timeout: off\n", f);
	}
	text_keys(f, link);
	for (i = 0; i < link->n_slaves; i++)
		text_slave(f, &link->slaves[i]);
	if (link->stats.present)
		text_stats(f, &link->stats);
}

void print_links_text(FILE *f, const struct tquic_links *links)
{
	size_t i;

	for (i = 0; i < links->n; i++) {
		if (i)
			fputc('\n', f);
		text_link(f, &links->v[i]);
	}
}

/* Length of the valid UTF-8 sequence at @s, or 0 if there is none. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp, min;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	cp = s[0] & (0x7f >> n);
	/* A NUL fails the test for a continuation byte: no overrun. */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Interface names are bytes, not text: any byte but '/', ':' and white
 * space may appear.  Bytes that are not UTF-8 are written as the code point
 * of the same number, which keeps the JSON valid and the byte recoverable.
 */
static void json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	fputc('"', f);
	while (*s) {
		n = utf8_len(s);
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s < 0x20 || *s == 0x7f || !n)
			fprintf(f, "\\u%04x", *s);
		else
			fwrite(s, 1, n, f);
		s += n ? n : 1;
	}
	fputc('"', f);
}

static void json_bool(FILE *f, bool has, bool value)
{
	fputs(!has ? "null" : value ? "true" : "false", f);
}

/* Ports are 1..65535 on the wire; 0 stands for an absent attribute. */
static void json_port(FILE *f, uint16_t port)
{
	if (port)
		fprintf(f, "%u", port);
	else
		fputs("null", f);
}

static void json_name(FILE *f, const char *const *names, size_t n, bool has,
		      uint8_t value)
{
	if (!has) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	print_name(f, names, n, value);
	fputc('"', f);
}

static void json_value(FILE *f, bool has, uint64_t value)
{
	if (has)
		fprintf(f, "%" PRIu64, value);
	else
		fputs("null", f);
}

/* A key and value after another one. */
static void json_uint(FILE *f, const char *name, bool has, uint64_t value)
{
	fprintf(f, ",\"%s\":", name);
	json_value(f, has, value);
}

/* An interface name, null when there is none. */
static void json_ifname(FILE *f, const char *name)
{
	if (name[0])
		json_string(f, name);
	else
		fputs("null", f);
}

static void json_slave(FILE *f, const struct tquic_slave *slave)
{
	fputs("{\"ifname\":", f);
	json_ifname(f, slave->name);
	fprintf(f, ",\"ifindex\":%u,\"oper_up\":", slave->ifindex);
	json_bool(f, slave->has_oper_up, slave->oper_up);
	fputs(",\"backup\":", f);
	json_bool(f, slave->has_backup, slave->backup);
	json_uint(f, "weight", slave->has_weight, slave->weight);
	fputc('}', f);
}

static void json_peer(FILE *f, const struct tquic_link *link)
{
	char addr[INET6_ADDRSTRLEN];

	if (link->peer_family == AF_UNSPEC) {
		fputs("null", f);
		return;
	}
	format_peer(link, addr, sizeof(addr));
	fprintf(f, "{\"address\":\"%s\",\"port\":", addr);
	json_port(f, link->peer_port);
	fputc('}', f);
}

static void json_key(FILE *f, const char *name, bool has, const uint8_t *key)
{
	char b64[KEY_TEXT_SIZE];

	fprintf(f, ",\"%s\":", name);
	if (!has) {
		fputs("null", f);
		return;
	}
	b64_encode(b64, key, TQUIC_KEY_LEN);
	fprintf(f, "\"%s\"", b64);
}

static void json_keys(FILE *f, const struct tquic_link *link)
{
	json_key(f, "public_key", link->has_public_key, link->public_key);
	json_key(f, "peer_key", link->has_peer_key, link->peer_key);
	fputs(",\"psk\":", f);
	json_bool(f, link->has_psk, link->psk);
	fputs(",\"cipher\":", f);
	json_name(f, tquic_cipher_names, ARRAY_SIZE(tquic_cipher_names),
		  link->has_cipher, link->cipher);
	json_uint(f, "keepalive", link->has_keepalive, link->keepalive);
	json_uint(f, "rekey_time", link->has_rekey_time, link->rekey_time);
}

/* The same keys as ip -s -j puts in each of info_xstats.paths. */
static void json_path(FILE *f, const struct tquic_path_stats *p)
{
	const uint64_t *v = p->v;
	const struct tquic_stat *st;

	fputs("{\"id\":", f);
	json_value(f, has_path_stat(p, TQUIC_PATH_STAT_ID),
		   v[TQUIC_PATH_STAT_ID]);
	fputs(",\"dev\":", f);
	json_ifname(f, p->dev);
	fputs(",\"state\":", f);
	json_name(f, tquic_path_state_names,
		  ARRAY_SIZE(tquic_path_state_names),
		  has_path_stat(p, TQUIC_PATH_STAT_STATE),
		  v[TQUIC_PATH_STAT_STATE]);
	fputs(",\"backup\":", f);
	json_bool(f, has_path_stat(p, TQUIC_PATH_STAT_BACKUP),
		  v[TQUIC_PATH_STAT_BACKUP]);
	for (st = tquic_path_stats; st->key; st++)
		json_uint(f, st->key, has_path_stat(p, st->type),
			  v[st->type]);
	fputc('}', f);
}

/* The same keys as ip -s -j puts under info_xstats. */
static void json_stats(FILE *f, const struct tquic_stats *stats)
{
	const struct tquic_stat *c;
	unsigned int i;
	size_t g;

	if (!stats->present) {
		fputs("null", f);
		return;
	}
	fputs("{\"session\":", f);
	json_name(f, tquic_session_names, ARRAY_SIZE(tquic_session_names),
		  has_stat(stats, TQUIC_XSTATS_SESSION), stats->session);
	json_uint(f, "key_phase", has_stat(stats, TQUIC_XSTATS_KEY_PHASE),
		  stats->key_phase);
	json_uint(f, "srtt_us", has_stat(stats, TQUIC_XSTATS_SRTT_US),
		  stats->srtt_us);
	json_uint(f, "rttvar_us", has_stat(stats, TQUIC_XSTATS_RTTVAR_US),
		  stats->rttvar_us);
	for (g = 0; g < ARRAY_SIZE(tquic_counter_groups); g++)
		for (c = tquic_counter_groups[g].stats; c->key; c++)
			json_uint(f, c->key, has_stat(stats, c->type),
				  stats->counter[c->type]);
	fputs(",\"paths\":", f);
	if (!has_stat(stats, TQUIC_XSTATS_PATHS)) {
		fputs("null}", f);
		return;
	}
	fputc('[', f);
	for (i = 0; i < stats->n_paths; i++) {
		if (i)
			fputc(',', f);
		json_path(f, &stats->paths[i]);
	}
	fputs("]}", f);
}

static void json_link(FILE *f, const struct tquic_link *link)
{
	unsigned int i;

	fputs("{\"ifname\":", f);
	json_string(f, link->name);
	fprintf(f, ",\"ifindex\":%d,\"operstate\":", link->ifindex);
	json_name(f, operstates, ARRAY_SIZE(operstates), true,
		  link->operstate);
	fputs(",\"carrier\":", f);
	json_bool(f, link->has_carrier, link->carrier);
	fputs(",\"mode\":", f);
	json_name(f, tquic_mode_names, ARRAY_SIZE(tquic_mode_names),
		  link->has_mode, link->mode);
	fputs(",\"peer\":", f);
	json_peer(f, link);
	fputs(",\"listen_port\":", f);
	json_port(f, link->listen_port);
	json_uint(f, "reorder_timeout", link->has_reorder_timeout,
		  link->reorder_timeout);
	json_keys(f, link);
	fputs(",\"slaves\":[", f);
	for (i = 0; i < link->n_slaves; i++) {
		if (i)
			fputc(',', f);
		json_slave(f, &link->slaves[i]);
	}
	fputs("],\"stats\":", f);
	json_stats(f, &link->stats);
	fputc('}', f);
}

void print_links_json(FILE *f, const struct tquic_links *links)
{
	size_t i;

	fputc('[', f);
	for (i = 0; i < links->n; i++) {
		if (i)
			fputc(',', f);
		json_link(f, &links->v[i]);
	}
	fputs("]\n", f);
}
