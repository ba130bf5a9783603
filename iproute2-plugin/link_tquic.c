// SPDX-License-Identifier: GPL-2.0
/*
 * "ip link ... type tquic": parses and prints IFLA_INFO_DATA of a tquic
 * device. Built out of tree and dlopen()ed by the distribution's ip, so
 * everything iproute2-side comes from iproute2_abi.h and is resolved
 * against the ip executable when the plugin loads.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/tquic.h>

#include "base64.h"
#include "iproute2_abi.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define __always_unused		__attribute__((unused))
#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

/*
 * ip hands parse_opt only the request's header. The buffer behind it is
 * struct iplink_req, whose attribute space all in-tree link types bound
 * by this same figure; addattr*() refuses to write past it.
 */
#define TQUIC_REQ_MAXLEN	1024

/* A key as text: base64 of TQUIC_KEY_LEN bytes, as wg(8) writes them. */
#define TQUIC_KEY_B64_LEN	44
/* Longer than any key line, so an oversized file still fails to decode. */
#define TQUIC_KEY_FILE_MAX	128

static const char * const tquic_mode_names[] = {
	[TQUIC_MODE_AGGREGATE]		= "aggregate",
	[TQUIC_MODE_ACTIVE_BACKUP]	= "active-backup",
	[TQUIC_MODE_REDUNDANT]		= "redundant",
};

static const char * const tquic_cipher_names[] = {
	[TQUIC_CIPHER_AES_128_GCM]		= "aes-128-gcm",
	[TQUIC_CIPHER_CHACHA20_POLY1305]	= "chacha20-poly1305",
};

static const char * const tquic_session_names[] = {
	[TQUIC_SESSION_NONE]		= "none",
	[TQUIC_SESSION_HANDSHAKE]	= "handshake",
	[TQUIC_SESSION_ESTABLISHED]	= "established",
};

static void tquic_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... tquic slaves DEV [ DEV ... ]\n"
		"		[ peer ADDR ]\n"
		"		[ port PORT ]\n"
		"		[ listen PORT ]\n"
		"		[ mode MODE ]\n"
		"		[ private-key FILE ]\n"
		"		[ peer-key KEY ]\n"
		"		[ psk FILE ]\n"
		"		[ cipher CIPHER ]\n"
		"		[ keepalive SECS ]\n"
		"		[ rekey-time SECS ]\n"
		"		[ rekey ]\n"
		"\n"
		"Where:	DEV	:= network device, up to "
		__stringify(TQUIC_MAX_SLAVES) " slaves\n"
		"	ADDR	:= IPv4 or IPv6 address of the peer\n"
		"	PORT	:= 1-65535\n"
		"	MODE	:= { aggregate | active-backup | redundant }\n"
		"	FILE	:= file holding a key from tquic-keygen\n"
		"	KEY	:= the peer's public key, base64 (tquic-keygen pubkey)\n"
		"	CIPHER	:= { aes-128-gcm | chacha20-poly1305 }\n"
		"	SECS	:= seconds; keepalive 0 (the default) is off\n"
		"\n"
		"add needs slaves and at least one of peer or listen:\n"
		"a client gives peer and port, a server gives listen.\n"
		"On set, slaves replaces the whole slave list, and\n"
		"rekey starts a new handshake now.\n");
}

/* --- parsing ---------------------------------------------------------- */

struct tquic_opt;

/*
 * Parses the arguments after a keyword (at least one, none for a flag)
 * and returns how many it used, or -1 when the request is full. Bad input is
 * reported through invarg() and friends, which exit like the rest of ip.
 */
typedef int (*tquic_parse_fn)(const struct tquic_opt *opt, int argc,
			      char **argv, struct nlmsghdr *n);

struct tquic_opt {
	const char *name;
	tquic_parse_fn parse;	/* NULL: "help" */
	int type;		/* attribute it fills, when it is one */
	const char *err;	/* invarg() text for a value we reject */
	const char * const *names;	/* the values of an enum option */
	unsigned int n_names;
	bool flag;		/* takes no value */
};

static const struct tquic_opt *tquic_find_opt(const char *name);

static int tquic_put_slave(struct nlmsghdr *n, const char *name)
{
	unsigned int ifindex = ll_name_to_index(name);
	struct rtattr *entry;

	if (!ifindex)
		invarg("slave device does not exist", name);

	/* The kernel parses each entry strictly, which requires the flag. */
	entry = addattr_nest(n, TQUIC_REQ_MAXLEN,
			     IFLA_TQUIC_SLAVE_ENTRY | NLA_F_NESTED);
	if (addattr32(n, TQUIC_REQ_MAXLEN, IFLA_TQUIC_SLAVE_IFINDEX,
		      ifindex) < 0)
		return -1;
	addattr_nest_end(n, entry);
	return 0;
}

/*
 * Device names run up to the next keyword. Limits and duplicates are
 * left to the kernel, which knows them and answers with an extack text.
 */
static int tquic_parse_slaves(const struct tquic_opt *opt, int argc,
			      char **argv, struct nlmsghdr *n)
{
	struct rtattr *nest;
	int i;

	/* Flagged like its entries, so a strict parser takes it too. */
	nest = addattr_nest(n, TQUIC_REQ_MAXLEN, opt->type | NLA_F_NESTED);
	for (i = 0; i < argc && !tquic_find_opt(argv[i]); i++)
		if (tquic_put_slave(n, argv[i]))
			return -1;
	if (!i)
		missarg("slave device");
	addattr_nest_end(n, nest);
	return i;
}

static int tquic_parse_peer(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	unsigned char addr[sizeof(struct in6_addr)];
	int type, len;

	if (inet_pton(AF_INET, argv[0], addr) == 1) {
		type = IFLA_TQUIC_PEER_ADDR4;
		len = sizeof(struct in_addr);
	} else if (inet_pton(AF_INET6, argv[0], addr) == 1) {
		type = IFLA_TQUIC_PEER_ADDR6;
		len = sizeof(struct in6_addr);
	} else {
		invarg(opt->err, argv[0]);
	}
	return addattr_l(n, TQUIC_REQ_MAXLEN, type, addr, len) < 0 ? -1 : 1;
}

/*
 * Shared by "port" and "listen". Zero goes to the kernel as given: it
 * owns the valid range and says so itself.
 */
static int tquic_parse_port(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	__u16 port;

	if (get_u16(&port, argv[0], 10))
		invarg(opt->err, argv[0]);
	return addattr16(n, TQUIC_REQ_MAXLEN, opt->type, port) < 0 ? -1 : 1;
}

static int tquic_parse_enum(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	unsigned int i;

	for (i = 0; i < opt->n_names; i++) {
		if (opt->names[i] && !strcmp(argv[0], opt->names[i]))
			break;
	}
	if (i == opt->n_names)
		invarg(opt->err, argv[0]);
	return addattr8(n, TQUIC_REQ_MAXLEN, opt->type, i) < 0 ? -1 : 1;
}

/* Range checks are the kernel's, which names the range in its answer. */
static int tquic_parse_secs(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	__u16 u16;
	__u32 u32;
	int err;

	if (opt->type == IFLA_TQUIC_KEEPALIVE) {
		if (get_u16(&u16, argv[0], 10))
			invarg(opt->err, argv[0]);
		err = addattr16(n, TQUIC_REQ_MAXLEN, opt->type, u16);
	} else {
		if (get_u32(&u32, argv[0], 10))
			invarg(opt->err, argv[0]);
		err = addattr32(n, TQUIC_REQ_MAXLEN, opt->type, u32);
	}
	return err < 0 ? -1 : 1;
}

static int tquic_parse_flag(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv __always_unused,
			    struct nlmsghdr *n)
{
	return addattr_l(n, TQUIC_REQ_MAXLEN, opt->type, NULL, 0) < 0 ? -1 : 0;
}

/*
 * Exactly what tquic-keygen and wg(8) write: one line of base64 of 32
 * bytes, the newline optional. Anything else is refused, not repaired.
 */
static bool tquic_decode_key(unsigned char key[TQUIC_KEY_LEN],
			     const char *text, size_t len)
{
	size_t n;

	if (len && text[len - 1] == '\n')
		len--;
	return len == TQUIC_KEY_B64_LEN &&
	       b64_decode(key, TQUIC_KEY_LEN, text, len, &n) == B64_OK &&
	       n == TQUIC_KEY_LEN;
}

static int tquic_put_key(struct nlmsghdr *n, int type,
			 const unsigned char key[TQUIC_KEY_LEN])
{
	return addattr_l(n, TQUIC_REQ_MAXLEN, type, key, TQUIC_KEY_LEN) < 0 ?
	       -1 : 1;
}

static int tquic_parse_peer_key(const struct tquic_opt *opt,
				int argc __always_unused, char **argv,
				struct nlmsghdr *n)
{
	unsigned char key[TQUIC_KEY_LEN];

	if (!tquic_decode_key(key, argv[0], strlen(argv[0])))
		invarg(opt->err, argv[0]);
	return tquic_put_key(n, opt->type, key);
}

static void __attribute__((noreturn))
tquic_key_file_error(const struct tquic_opt *opt, const char *path, int err)
{
	static char msg[128];

	snprintf(msg, sizeof(msg), "cannot read %s file: %s", opt->err,
		 strerror(err));
	invarg(msg, path);
}

/*
 * Reads at most @size bytes of @path, like wg(8) warning when others may
 * read it: a secret that leaked that way is no longer one.
 */
static size_t tquic_read_key_file(const struct tquic_opt *opt,
				  const char *path, char *buf, size_t size)
{
	size_t len = 0;
	struct stat st;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		tquic_key_file_error(opt, path, errno);
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISREG(st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)))
		fprintf(stderr,
			"Warning: %s file \"%s\" is readable by other users (mode %04o)\n",
			opt->err, path, (unsigned int)(st.st_mode & 07777));
	while (len < size) {
		r = read(fd, buf + len, size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (!r)
			break;
		len += (size_t)r;
	}
	close(fd);
	return len;

fail:
	err = errno;
	close(fd);
	explicit_bzero(buf, size);
	tquic_key_file_error(opt, path, err);
}

/* Messages name the file, never a byte of what is in it. */
static int tquic_parse_key_file(const struct tquic_opt *opt,
				int argc __always_unused, char **argv,
				struct nlmsghdr *n)
{
	unsigned char key[TQUIC_KEY_LEN];
	char text[TQUIC_KEY_FILE_MAX];
	static char msg[128];
	bool good;
	size_t len;
	int ret;

	len = tquic_read_key_file(opt, argv[0], text, sizeof(text));
	good = tquic_decode_key(key, text, len);
	explicit_bzero(text, sizeof(text));
	if (!good) {
		explicit_bzero(key, sizeof(key));
		snprintf(msg, sizeof(msg),
			 "not a %s: expected one line of base64 of %d bytes",
			 opt->err, TQUIC_KEY_LEN);
		invarg(msg, argv[0]);
	}
	ret = tquic_put_key(n, opt->type, key);
	explicit_bzero(key, sizeof(key));
	return ret;
}

#define TQUIC_NAMES(table)	.names = (table), .n_names = ARRAY_SIZE(table)

/*
 * Keywords match whole words only: "slaves" stops at any of them, so a
 * prefix would make some device names impossible to give.
 */
static const struct tquic_opt tquic_opts[] = {
	{ .name = "slaves", .parse = tquic_parse_slaves,
	  .type = IFLA_TQUIC_SLAVES },
	{ .name = "peer", .parse = tquic_parse_peer,
	  .err = "invalid peer address" },
	{ .name = "port", .parse = tquic_parse_port,
	  .type = IFLA_TQUIC_PEER_PORT, .err = "invalid port" },
	{ .name = "listen", .parse = tquic_parse_port,
	  .type = IFLA_TQUIC_LISTEN_PORT, .err = "invalid listen port" },
	{ .name = "mode", .parse = tquic_parse_enum, .type = IFLA_TQUIC_MODE,
	  .err = "unknown mode, expected aggregate, active-backup or redundant",
	  TQUIC_NAMES(tquic_mode_names) },
	/* For key files .err names the key, for the messages about it. */
	{ .name = "private-key", .parse = tquic_parse_key_file,
	  .type = IFLA_TQUIC_PRIVATE_KEY, .err = "private key" },
	{ .name = "peer-key", .parse = tquic_parse_peer_key,
	  .type = IFLA_TQUIC_PEER_KEY,
	  .err = "invalid peer key, expected base64 of "
		 __stringify(TQUIC_KEY_LEN) " bytes" },
	{ .name = "psk", .parse = tquic_parse_key_file, .type = IFLA_TQUIC_PSK,
	  .err = "psk" },
	{ .name = "cipher", .parse = tquic_parse_enum,
	  .type = IFLA_TQUIC_CIPHER,
	  .err = "unknown cipher, expected aes-128-gcm or chacha20-poly1305",
	  TQUIC_NAMES(tquic_cipher_names) },
	{ .name = "keepalive", .parse = tquic_parse_secs,
	  .type = IFLA_TQUIC_KEEPALIVE,
	  .err = "invalid keepalive, expected seconds (0-65535, 0 is off)" },
	{ .name = "rekey-time", .parse = tquic_parse_secs,
	  .type = IFLA_TQUIC_REKEY_TIME,
	  .err = "invalid rekey-time, expected seconds" },
	{ .name = "rekey", .parse = tquic_parse_flag, .type = IFLA_TQUIC_REKEY,
	  .flag = true },
	{ .name = "help" },
};

static const struct tquic_opt *tquic_find_opt(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tquic_opts); i++)
		if (!strcmp(name, tquic_opts[i].name))
			return &tquic_opts[i];
	return NULL;
}

static int tquic_parse_opt(struct link_util *lu __always_unused, int argc,
			   char **argv, struct nlmsghdr *n)
{
	unsigned int seen = 0;

	while (argc > 0) {
		const struct tquic_opt *opt = tquic_find_opt(argv[0]);
		unsigned int bit;
		int used;

		if (!opt)
			fprintf(stderr, "tquic: unknown option \"%s\"?\n",
				argv[0]);
		if (!opt || !opt->parse) {
			tquic_explain(stderr);
			return -1;
		}
		if (argc < 2 && !opt->flag)
			incomplete_command();
		/* A repeat would only reach the kernel as a silent override. */
		bit = 1U << (opt - tquic_opts);
		if (seen & bit)
			duparg(opt->name, opt->flag ? opt->name : argv[1]);
		seen |= bit;

		used = opt->parse(opt, argc - 1, argv + 1, n);
		if (used < 0)
			return -1;
		argc -= used + 1;
		argv += used + 1;
	}
	return 0;
}

/* --- printing --------------------------------------------------------- */

/*
 * A kernel that disagrees with this plugin on an attribute's size gets
 * that attribute skipped rather than read past its end.
 */
static struct rtattr *tquic_attr(struct rtattr *tb[], int type, size_t len)
{
	struct rtattr *rta = tb[type];

	return rta && RTA_PAYLOAD(rta) >= len ? rta : NULL;
}

static unsigned int tquic_attr_u8(const struct rtattr *rta)
{
	return *(const __u8 *)RTA_DATA(rta);
}

static unsigned int tquic_attr_u16(const struct rtattr *rta)
{
	__u16 v;

	memcpy(&v, RTA_DATA(rta), sizeof(v));
	return v;
}

static unsigned int tquic_attr_u32(const struct rtattr *rta)
{
	__u32 v;

	memcpy(&v, RTA_DATA(rta), sizeof(v));
	return v;
}

static void tquic_print_slave(struct rtattr *entry)
{
	struct rtattr *tb[IFLA_TQUIC_SLAVE_MAX + 1];
	struct rtattr *ifindex, *up;

	parse_rtattr_flags(tb, IFLA_TQUIC_SLAVE_MAX, RTA_DATA(entry),
			   RTA_PAYLOAD(entry), NLA_F_NESTED);
	ifindex = tquic_attr(tb, IFLA_TQUIC_SLAVE_IFINDEX, sizeof(__u32));
	if (!ifindex)
		return;
	up = tquic_attr(tb, IFLA_TQUIC_SLAVE_OPER_UP, sizeof(__u8));

	/* Text gets the bare name, so the line can be fed back to ip. */
	open_json_object(NULL);
	print_color_string(PRINT_ANY, COLOR_IFNAME, "ifname", "%s ",
			   ll_index_to_name(tquic_attr_u32(ifindex)));
	print_color_uint(PRINT_JSON, COLOR_NONE, "ifindex", NULL,
			 tquic_attr_u32(ifindex));
	if (up)
		print_color_bool(PRINT_JSON, COLOR_NONE, "oper_up", NULL,
				 tquic_attr_u8(up));
	close_json_object();
}

static void tquic_print_slaves(struct rtattr *nest)
{
	struct rtattr *entry = RTA_DATA(nest);
	int rem = RTA_PAYLOAD(nest);

	open_json_array(PRINT_JSON, "slaves");
	print_color_string(PRINT_FP, COLOR_NONE, NULL, "slaves ", NULL);
	for (; RTA_OK(entry, rem); entry = RTA_NEXT(entry, rem))
		if ((entry->rta_type & NLA_TYPE_MASK) == IFLA_TQUIC_SLAVE_ENTRY)
			tquic_print_slave(entry);
	close_json_array(PRINT_JSON, NULL);
}

static void tquic_print_peer(struct rtattr *tb[])
{
	char buf[INET6_ADDRSTRLEN];
	enum color_attr color;
	struct rtattr *addr;
	int family;

	addr = tquic_attr(tb, IFLA_TQUIC_PEER_ADDR4, sizeof(struct in_addr));
	if (addr) {
		family = AF_INET;
		color = COLOR_INET;
	} else {
		addr = tquic_attr(tb, IFLA_TQUIC_PEER_ADDR6,
				  sizeof(struct in6_addr));
		if (!addr)
			return;
		family = AF_INET6;
		color = COLOR_INET6;
	}
	if (inet_ntop(family, RTA_DATA(addr), buf, sizeof(buf)))
		print_color_string(PRINT_ANY, color, "peer", "peer %s ", buf);
}

/* A value newer than this plugin still shows, as its number. */
static void tquic_print_enum(const char *key, const char *fmt_name,
			     const char *fmt_num, const char * const *names,
			     unsigned int n_names, unsigned int value)
{
	if (value < n_names && names[value])
		print_color_string(PRINT_ANY, COLOR_NONE, key, fmt_name,
				   names[value]);
	else
		print_color_uint(PRINT_ANY, COLOR_NONE, key, fmt_num, value);
}

static void tquic_print_key(struct rtattr *tb[], int type, const char *key,
			    const char *fmt)
{
	struct rtattr *rta = tquic_attr(tb, type, TQUIC_KEY_LEN);
	char text[TQUIC_KEY_B64_LEN + 1];

	if (!rta)
		return;
	b64_encode(text, RTA_DATA(rta), TQUIC_KEY_LEN);
	print_color_string(PRINT_ANY, COLOR_NONE, key, fmt, text);
}

/*
 * The kernel reports what the keys are, never the secret ones: the
 * public key, the peer's key, and only whether there is a PSK.
 */
static void tquic_print_keys(struct rtattr *tb[])
{
	struct rtattr *rta;

	tquic_print_key(tb, IFLA_TQUIC_PUBLIC_KEY, "public_key",
			"public-key %s ");
	tquic_print_key(tb, IFLA_TQUIC_PEER_KEY, "peer_key", "peer-key %s ");

	rta = tquic_attr(tb, IFLA_TQUIC_HAS_PSK, sizeof(__u8));
	if (rta) {
		print_color_bool(PRINT_JSON, COLOR_NONE, "psk", NULL,
				 tquic_attr_u8(rta));
		if (tquic_attr_u8(rta))
			print_color_string(PRINT_FP, COLOR_NONE, NULL,
					   "psk on ", NULL);
	}

	rta = tquic_attr(tb, IFLA_TQUIC_CIPHER, sizeof(__u8));
	if (rta)
		tquic_print_enum("cipher", "cipher %s ", "cipher %u ",
				 tquic_cipher_names,
				 ARRAY_SIZE(tquic_cipher_names),
				 tquic_attr_u8(rta));

	rta = tquic_attr(tb, IFLA_TQUIC_KEEPALIVE, sizeof(__u16));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "keepalive",
				 "keepalive %u ", tquic_attr_u16(rta));

	rta = tquic_attr(tb, IFLA_TQUIC_REKEY_TIME, sizeof(__u32));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "rekey_time",
				 "rekey-time %u ", tquic_attr_u32(rta));
}

static void tquic_print_opt(struct link_util *lu __always_unused,
			    FILE *f __always_unused, struct rtattr *tb[])
{
	struct rtattr *rta;

	if (!tb)
		return;

	if (tb[IFLA_TQUIC_SLAVES])
		tquic_print_slaves(tb[IFLA_TQUIC_SLAVES]);
	tquic_print_peer(tb);

	rta = tquic_attr(tb, IFLA_TQUIC_PEER_PORT, sizeof(__u16));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "port", "port %u ",
				 tquic_attr_u16(rta));

	/* Zero means "not listening", which the text shows by omission. */
	rta = tquic_attr(tb, IFLA_TQUIC_LISTEN_PORT, sizeof(__u16));
	if (rta && tquic_attr_u16(rta))
		print_color_uint(PRINT_ANY, COLOR_NONE, "listen", "listen %u ",
				 tquic_attr_u16(rta));

	rta = tquic_attr(tb, IFLA_TQUIC_MODE, sizeof(__u8));
	if (rta)
		tquic_print_enum("mode", "mode %s ", "mode %u ",
				 tquic_mode_names, ARRAY_SIZE(tquic_mode_names),
				 tquic_attr_u8(rta));
	tquic_print_keys(tb);
}

/* --- statistics (ip -s -d) -------------------------------------------- */

/*
 * One line of text per group; in JSON each counter is a key of its own,
 * named after its TQUIC_XSTATS_* constant.
 */
struct tquic_counter {
	int type;
	const char *key;
	const char *fmt;
};

static const struct tquic_counter tquic_rx_counters[] = {
	{ TQUIC_XSTATS_RX_MALFORMED, "rx_malformed", " malformed %" PRIu64 },
	{ TQUIC_XSTATS_RX_UNKNOWN_CID, "rx_unknown_cid",
	  " unknown-cid %" PRIu64 },
	{ TQUIC_XSTATS_RX_AUTH_FAILED, "rx_auth_failed",
	  " auth-failed %" PRIu64 },
	{ TQUIC_XSTATS_RX_REPLAYED, "rx_replayed", " replayed %" PRIu64 },
	{ TQUIC_XSTATS_RX_BAD_INNER, "rx_bad_inner", " bad-inner %" PRIu64 },
	{ 0 }
};

static const struct tquic_counter tquic_hs_counters[] = {
	{ TQUIC_XSTATS_HS_RX_INVALID, "hs_rx_invalid",
	  " rx-invalid %" PRIu64 },
	{ TQUIC_XSTATS_HS_RX_REPLAYED, "hs_rx_replayed",
	  " rx-replayed %" PRIu64 },
	{ TQUIC_XSTATS_HS_RX_DROPPED, "hs_rx_dropped",
	  " rx-dropped %" PRIu64 },
	{ TQUIC_XSTATS_HS_COOKIES_SENT, "hs_cookies_sent",
	  " cookies-sent %" PRIu64 },
	{ TQUIC_XSTATS_HS_INITIATIONS_SENT, "hs_initiations_sent",
	  " initiations-sent %" PRIu64 },
	{ TQUIC_XSTATS_HS_COMPLETED, "hs_completed", " completed %" PRIu64 },
	{ 0 }
};

static const struct tquic_counter tquic_tx_counters[] = {
	{ TQUIC_XSTATS_TX_NO_SESSION, "tx_no_session",
	  " no-session %" PRIu64 },
	{ TQUIC_XSTATS_TX_NO_ROUTE, "tx_no_route", " no-route %" PRIu64 },
	{ TQUIC_XSTATS_TX_TOO_BIG, "tx_too_big", " too-big %" PRIu64 },
	{ TQUIC_XSTATS_TX_ERRORS, "tx_errors", " errors %" PRIu64 },
	{ TQUIC_XSTATS_KEEPALIVES_SENT, "keepalives_sent",
	  " keepalives-sent %" PRIu64 },
	{ TQUIC_XSTATS_ACKS_SENT, "acks_sent", " acks-sent %" PRIu64 },
	{ TQUIC_XSTATS_ACKS_RECEIVED, "acks_received",
	  " acks-received %" PRIu64 },
	{ 0 }
};

/* A group the kernel reported nothing of is left out of the text. */
static void tquic_print_counters(struct rtattr *tb[], const char *title,
				 const struct tquic_counter *c)
{
	bool started = false;
	struct rtattr *rta;
	uint64_t v;

	for (; c->key; c++) {
		rta = tquic_attr(tb, c->type, sizeof(v));
		if (!rta)
			continue;
		if (!started) {
			print_nl();
			print_color_string(PRINT_FP, COLOR_NONE, NULL, "    %s",
					   title);
			started = true;
		}
		memcpy(&v, RTA_DATA(rta), sizeof(v));
		print_color_u64(PRINT_ANY, COLOR_NONE, c->key, c->fmt, v);
	}
}

static void tquic_print_xstats(struct link_util *lu __always_unused,
			       FILE *f __always_unused, struct rtattr *xstats)
{
	struct rtattr *tb[TQUIC_XSTATS_MAX + 1];
	struct rtattr *rta;

	parse_rtattr_flags(tb, TQUIC_XSTATS_MAX, RTA_DATA(xstats),
			   RTA_PAYLOAD(xstats), NLA_F_NESTED);

	print_nl();
	print_color_string(PRINT_FP, COLOR_NONE, NULL, "    ", NULL);
	rta = tquic_attr(tb, TQUIC_XSTATS_SESSION, sizeof(__u8));
	if (rta)
		tquic_print_enum("session", "session %s", "session %u",
				 tquic_session_names,
				 ARRAY_SIZE(tquic_session_names),
				 tquic_attr_u8(rta));
	rta = tquic_attr(tb, TQUIC_XSTATS_KEY_PHASE, sizeof(__u8));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "key_phase",
				 " key-phase %u", tquic_attr_u8(rta));
	rta = tquic_attr(tb, TQUIC_XSTATS_SRTT_US, sizeof(__u32));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "srtt_us",
				 " srtt %uus", tquic_attr_u32(rta));
	rta = tquic_attr(tb, TQUIC_XSTATS_RTTVAR_US, sizeof(__u32));
	if (rta)
		print_color_uint(PRINT_ANY, COLOR_NONE, "rttvar_us",
				 " rttvar %uus", tquic_attr_u32(rta));

	tquic_print_counters(tb, "rx dropped:", tquic_rx_counters);
	tquic_print_counters(tb, "handshake:", tquic_hs_counters);
	tquic_print_counters(tb, "tx:", tquic_tx_counters);
	/* What ip prints next starts a line of its own. */
	print_nl();
	print_color_string(PRINT_FP, COLOR_NONE, NULL, "    ", NULL);
}

static void tquic_print_help(struct link_util *lu __always_unused,
			     int argc __always_unused,
			     char **argv __always_unused, FILE *f)
{
	tquic_explain(f);
}

/* ip finds this by name: "<kind>_link_util". */
__attribute__((visibility("default")))
struct link_util tquic_link_util = {
	.id		= TQUIC_KIND,
	.maxattr	= IFLA_TQUIC_MAX,
	.parse_opt	= tquic_parse_opt,
	.print_opt	= tquic_print_opt,
	.print_xstats	= tquic_print_xstats,
	.print_help	= tquic_print_help,
};
