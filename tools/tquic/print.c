// SPDX-License-Identifier: GPL-2.0
/*
 * Output of `tquic show`.  Text leaves out what the kernel did not report;
 * JSON always has every key, with null for the missing, so that consumers
 * need not test for presence.
 */
#include "print.h"

#include <arpa/inet.h>
#include <linux/if.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const operstates[] = {
	[IF_OPER_UNKNOWN]		= "UNKNOWN",
	[IF_OPER_NOTPRESENT]		= "NOTPRESENT",
	[IF_OPER_DOWN]			= "DOWN",
	[IF_OPER_LOWERLAYERDOWN]	= "LOWERLAYERDOWN",
	[IF_OPER_TESTING]		= "TESTING",
	[IF_OPER_DORMANT]		= "DORMANT",
	[IF_OPER_UP]			= "UP",
};

static const char *const modes[] = {
	[TQUIC_MODE_AGGREGATE]		= "aggregate",
	[TQUIC_MODE_ACTIVE_BACKUP]	= "active-backup",
	[TQUIC_MODE_REDUNDANT]		= "redundant",
};

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
	fputc('\n', f);
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
		print_enum(f, modes, link->mode);
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
	for (i = 0; i < link->n_slaves; i++)
		text_slave(f, &link->slaves[i]);
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

static void json_slave(FILE *f, const struct tquic_slave *slave)
{
	fputs("{\"ifname\":", f);
	if (slave->name[0])
		json_string(f, slave->name);
	else
		fputs("null", f);
	fprintf(f, ",\"ifindex\":%u,\"oper_up\":", slave->ifindex);
	json_bool(f, slave->has_oper_up, slave->oper_up);
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
	json_name(f, modes, ARRAY_SIZE(modes), link->has_mode, link->mode);
	fputs(",\"peer\":", f);
	json_peer(f, link);
	fputs(",\"listen_port\":", f);
	json_port(f, link->listen_port);
	fputs(",\"slaves\":[", f);
	for (i = 0; i < link->n_slaves; i++) {
		if (i)
			fputc(',', f);
		json_slave(f, &link->slaves[i]);
	}
	fputs("]}", f);
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
