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
#include "names.h"

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

/* The kernel's default weight, left out of the text when a slave has it. */
#define TQUIC_WEIGHT_DEFAULT	100

static void tquic_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... tquic slaves SLAVE [ SLAVE ... ]\n"
		"		[ peer ADDR ]\n"
		"		[ port PORT ]\n"
		"		[ listen PORT ]\n"
		"		[ mode MODE ]\n"
		"		[ reorder-timeout MS ]\n"
		"		[ private-key FILE ]\n"
		"		[ peer-key KEY ]\n"
		"		[ psk FILE ]\n"
		"		[ cipher CIPHER ]\n"
		"		[ keepalive SECS ]\n"
		"		[ rekey-time SECS ]\n"
		"		[ rekey ]\n"
		"\n"
		"Where:	SLAVE	:= DEV [ weight WEIGHT ] [ backup ]\n"
		"	DEV	:= network device, up to "
		__stringify(TQUIC_MAX_SLAVES) " slaves\n"
		"	WEIGHT	:= 1-10000, percent of the path's rate to use\n"
		"		   in aggregate mode (default 100)\n"
		"	ADDR	:= IPv4 or IPv6 address of the peer\n"
		"	PORT	:= 1-65535\n"
		"	MODE	:= { aggregate | active-backup | redundant }\n"
		"	MS	:= 0-10000, longest wait for a packet that is\n"
		"		   overtaken (default 200; 0: no reordering)\n"
		"	FILE	:= file holding a key from tquic-keygen\n"
		"	KEY	:= the peer's public key, base64 (tquic-keygen pubkey)\n"
		"	CIPHER	:= { aes-128-gcm | chacha20-poly1305 }\n"
		"	SECS	:= seconds; keepalive 0 is off (default 25)\n"
		"\n"
		"add needs slaves and at least one of peer or listen:\n"
		"a client gives peer and port, a server gives listen.\n"
		"A backup slave carries traffic only while no other slave\n"
		"can. On set, slaves replaces the whole slave list with its\n"
		"options, and rekey starts a new handshake now.\n");
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
	unsigned int size;	/* bytes of a number's attribute: 2 or 4 */
	bool flag;		/* takes no value */
};

/* A table of options; at most 32, for the bitmask of those given. */
struct tquic_opts {
	const struct tquic_opt *v;
	unsigned int n;
};

/* Defined below the parsers they name. */
static const struct tquic_opts tquic_link_opts, tquic_slave_opts;

static const struct tquic_opt *tquic_find_opt(const struct tquic_opts *opts,
					      const char *name)
{
	unsigned int i;

	for (i = 0; i < opts->n; i++)
		if (!strcmp(name, opts->v[i].name))
			return &opts->v[i];
	return NULL;
}

/*
 * Parses @opt of @opts (argv[0] is its keyword) and returns how many
 * words it used, or -1 when the request is full. @seen has a bit for
 * every option of @opts given so far.
 */
static int tquic_run_opt(const struct tquic_opts *opts,
			 const struct tquic_opt *opt, unsigned int *seen,
			 int argc, char **argv, struct nlmsghdr *n)
{
	unsigned int bit = 1U << (opt - opts->v);
	int used;

	if (argc < 2 && !opt->flag)
		incomplete_command();
	/* A repeat would only reach the kernel as a silent override. */
	if (*seen & bit)
		duparg(opt->name, opt->flag ? opt->name : argv[1]);
	*seen |= bit;

	used = opt->parse(opt, argc - 1, argv + 1, n);
	return used < 0 ? -1 : used + 1;
}

/* Opens the entry of slave @name; NULL when the request is full. */
static struct rtattr *tquic_put_slave(struct nlmsghdr *n, const char *name)
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
		return NULL;
	return entry;
}

#define TQUIC_SLAVE_OPT_ERR	"must follow the slave device it applies to"

/*
 * Device names, each followed by its own options, run up to the next
 * keyword of the link. Limits, duplicates and ranges are left to the
 * kernel, which knows them and answers with an extack text.
 */
static int tquic_parse_slaves(const struct tquic_opt *opt, int argc,
			      char **argv, struct nlmsghdr *n)
{
	struct rtattr *nest, *entry = NULL;
	const struct tquic_opt *sopt;
	unsigned int seen = 0;
	int i, used;

	/* Flagged like its entries, so a strict parser takes it too. */
	nest = addattr_nest(n, TQUIC_REQ_MAXLEN, opt->type | NLA_F_NESTED);
	for (i = 0; i < argc && !tquic_find_opt(&tquic_link_opts, argv[i]);
	     i += used) {
		sopt = tquic_find_opt(&tquic_slave_opts, argv[i]);
		if (sopt && !entry)
			invarg(TQUIC_SLAVE_OPT_ERR, argv[i]);
		if (sopt) {
			used = tquic_run_opt(&tquic_slave_opts, sopt, &seen,
					     argc - i, argv + i, n);
			if (used < 0)
				return -1;
			continue;
		}
		if (entry)
			addattr_nest_end(n, entry);
		entry = tquic_put_slave(n, argv[i]);
		if (!entry)
			return -1;
		seen = 0;
		used = 1;
	}
	if (!entry)
		missarg("slave device");
	addattr_nest_end(n, entry);
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

/*
 * Anything that fits the attribute goes; range checks are the kernel's,
 * which names the range in its answer.
 */
static int tquic_parse_uint(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	__u16 u16;
	__u32 u32;
	int err;

	if (opt->size == sizeof(__u16)) {
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

/* A flag the kernel keeps as a u8, so that a dump can say "off" too. */
static int tquic_parse_on(const struct tquic_opt *opt,
			  int argc __always_unused, char **argv __always_unused,
			  struct nlmsghdr *n)
{
	return addattr8(n, TQUIC_REQ_MAXLEN, opt->type, 1) < 0 ? -1 : 0;
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
static const struct tquic_opt tquic_link_opt_v[] = {
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
	{ .name = "reorder-timeout", .parse = tquic_parse_uint,
	  .type = IFLA_TQUIC_REORDER_TIMEOUT, .size = sizeof(__u32),
	  .err = "invalid reorder-timeout, expected milliseconds (0-10000)" },
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
	{ .name = "keepalive", .parse = tquic_parse_uint,
	  .type = IFLA_TQUIC_KEEPALIVE, .size = sizeof(__u16),
	  .err = "invalid keepalive, expected seconds (0-65535, 0 is off)" },
	{ .name = "rekey-time", .parse = tquic_parse_uint,
	  .type = IFLA_TQUIC_REKEY_TIME, .size = sizeof(__u32),
	  .err = "invalid rekey-time, expected seconds" },
	{ .name = "rekey", .parse = tquic_parse_flag, .type = IFLA_TQUIC_REKEY,
	  .flag = true },
	{ .name = "help" },
};

/* After a device name in the slaves list, for that slave alone. */
static const struct tquic_opt tquic_slave_opt_v[] = {
	{ .name = "weight", .parse = tquic_parse_uint,
	  .type = IFLA_TQUIC_SLAVE_WEIGHT, .size = sizeof(__u32),
	  .err = "invalid weight, expected 1-10000" },
	{ .name = "backup", .parse = tquic_parse_on,
	  .type = IFLA_TQUIC_SLAVE_BACKUP, .flag = true },
};

#define TQUIC_OPTS(table)	{ .v = (table), .n = ARRAY_SIZE(table) }

static const struct tquic_opts tquic_link_opts = TQUIC_OPTS(tquic_link_opt_v);
static const struct tquic_opts tquic_slave_opts =
	TQUIC_OPTS(tquic_slave_opt_v);

static int tquic_parse_opt(struct link_util *lu __always_unused, int argc,
			   char **argv, struct nlmsghdr *n)
{
	const struct tquic_opt *opt;
	unsigned int seen = 0;
	int used;

	for (; argc > 0; argc -= used, argv += used) {
		opt = tquic_find_opt(&tquic_link_opts, argv[0]);
		if (!opt && tquic_find_opt(&tquic_slave_opts, argv[0]))
			invarg(TQUIC_SLAVE_OPT_ERR, argv[0]);
		if (!opt)
			fprintf(stderr, "tquic: unknown option \"%s\"?\n",
				argv[0]);
		if (!opt || !opt->parse) {
			tquic_explain(stderr);
			return -1;
		}
		used = tquic_run_opt(&tquic_link_opts, opt, &seen, argc, argv,
				     n);
		if (used < 0)
			return -1;
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

/* Whether @tb has a number of @size bytes (1, 2, 4 or 8) at @type. */
static bool tquic_uint(struct rtattr *tb[], int type, size_t size,
		       uint64_t *v)
{
	struct rtattr *rta = tquic_attr(tb, type, size);
	union {
		__u8 u8;
		__u16 u16;
		__u32 u32;
		__u64 u64;
	} u;

	if (!rta)
		return false;
	memcpy(&u, RTA_DATA(rta), size);
	switch (size) {
	case sizeof(__u8):
		*v = u.u8;
		break;
	case sizeof(__u16):
		*v = u.u16;
		break;
	case sizeof(__u32):
		*v = u.u32;
		break;
	default:
		*v = u.u64;
	}
	return true;
}

/* Each number of @st (up to one without a key) that @tb has. */
static void tquic_print_stats(struct rtattr *tb[], const struct tquic_stat *st)
{
	uint64_t v;

	for (; st->key; st++)
		if (tquic_uint(tb, st->type, st->size, &v))
			print_color_u64(PRINT_ANY, COLOR_NONE, st->key, st->fmt,
					v);
}

/* Always in JSON; in text, @text alone and only when set. */
static void tquic_print_flag(const char *key, const char *text, bool on)
{
	print_color_bool(PRINT_JSON, COLOR_NONE, key, NULL, on);
	if (on)
		print_color_string(PRINT_FP, COLOR_NONE, NULL, text, NULL);
}

/* A value newer than this plugin still shows, as its number. */
static void tquic_print_enum(const char *key, const char *fmt_name,
			     const char *fmt_num, const char * const *names,
			     unsigned int n_names, uint64_t value)
{
	if (value < n_names && names[value])
		print_color_string(PRINT_ANY, COLOR_NONE, key, fmt_name,
				   names[value]);
	else
		print_color_u64(PRINT_ANY, COLOR_NONE, key, fmt_num, value);
}

/* The text is @pre, the name (or number), then @post. */
#define TQUIC_ENUM(key, pre, post, table, value) \
	tquic_print_enum(key, pre "%s" post, pre "%" PRIu64 post, table, \
			 ARRAY_SIZE(table), value)

static void tquic_print_slave(struct rtattr *entry)
{
	struct rtattr *tb[IFLA_TQUIC_SLAVE_MAX + 1];
	uint64_t ifindex, v;

	parse_rtattr_flags(tb, IFLA_TQUIC_SLAVE_MAX, RTA_DATA(entry),
			   RTA_PAYLOAD(entry), NLA_F_NESTED);
	if (!tquic_uint(tb, IFLA_TQUIC_SLAVE_IFINDEX, sizeof(__u32), &ifindex))
		return;

	/*
	 * Text gets the words "slaves" takes, so the line can be fed back
	 * to ip; a weight only when it is not the default.
	 */
	open_json_object(NULL);
	print_color_string(PRINT_ANY, COLOR_IFNAME, "ifname", "%s ",
			   ll_index_to_name(ifindex));
	if (tquic_uint(tb, IFLA_TQUIC_SLAVE_OPER_UP, sizeof(__u8), &v))
		print_color_bool(PRINT_JSON, COLOR_NONE, "up", NULL, v);
	if (tquic_uint(tb, IFLA_TQUIC_SLAVE_BACKUP, sizeof(__u8), &v))
		tquic_print_flag("backup", "backup ", v);
	if (tquic_uint(tb, IFLA_TQUIC_SLAVE_WEIGHT, sizeof(__u32), &v)) {
		print_color_u64(PRINT_JSON, COLOR_NONE, "weight", NULL, v);
		if (v != TQUIC_WEIGHT_DEFAULT)
			print_color_u64(PRINT_FP, COLOR_NONE, NULL,
					"weight %" PRIu64 " ", v);
	}
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
	uint64_t v;

	tquic_print_key(tb, IFLA_TQUIC_PUBLIC_KEY, "public_key",
			"public-key %s ");
	tquic_print_key(tb, IFLA_TQUIC_PEER_KEY, "peer_key", "peer-key %s ");
	if (tquic_uint(tb, IFLA_TQUIC_HAS_PSK, sizeof(__u8), &v))
		tquic_print_flag("psk", "psk on ", v);
	if (tquic_uint(tb, IFLA_TQUIC_CIPHER, sizeof(__u8), &v))
		TQUIC_ENUM("cipher", "cipher ", " ", tquic_cipher_names, v);
}

/* In text each is the option that sets it, with a space after. */
static const struct tquic_stat tquic_timers[] = {
	{ IFLA_TQUIC_KEEPALIVE, sizeof(__u16), "keepalive",
	  "keepalive %" PRIu64 " " },
	{ IFLA_TQUIC_REKEY_TIME, sizeof(__u32), "rekey_time",
	  "rekey-time %" PRIu64 " " },
	{ IFLA_TQUIC_REORDER_TIMEOUT, sizeof(__u32), "reorder_timeout",
	  "reorder-timeout %" PRIu64 " " },
	{ 0 }
};

static void tquic_print_opt(struct link_util *lu __always_unused,
			    FILE *f __always_unused, struct rtattr *tb[])
{
	uint64_t v;

	if (!tb)
		return;

	if (tb[IFLA_TQUIC_SLAVES])
		tquic_print_slaves(tb[IFLA_TQUIC_SLAVES]);
	tquic_print_peer(tb);
	if (tquic_uint(tb, IFLA_TQUIC_PEER_PORT, sizeof(__u16), &v))
		print_color_u64(PRINT_ANY, COLOR_NONE, "port",
				"port %" PRIu64 " ", v);
	/* Zero means "not listening", which the text shows by omission. */
	if (tquic_uint(tb, IFLA_TQUIC_LISTEN_PORT, sizeof(__u16), &v) && v)
		print_color_u64(PRINT_ANY, COLOR_NONE, "listen",
				"listen %" PRIu64 " ", v);
	if (tquic_uint(tb, IFLA_TQUIC_MODE, sizeof(__u8), &v))
		TQUIC_ENUM("mode", "mode ", " ", tquic_mode_names, v);
	tquic_print_keys(tb);
	tquic_print_stats(tb, tquic_timers);
}

/* --- statistics (ip -s -d) -------------------------------------------- */

static const struct tquic_stat tquic_gauges[] = {
	{ TQUIC_XSTATS_KEY_PHASE, sizeof(__u8), "key_phase",
	  " key-phase %" PRIu64 },
	{ TQUIC_XSTATS_SRTT_US, sizeof(__u32), "srtt_us",
	  " srtt %" PRIu64 "us" },
	{ TQUIC_XSTATS_RTTVAR_US, sizeof(__u32), "rttvar_us",
	  " rttvar %" PRIu64 "us" },
	{ 0 }
};

/* A line of text, left out when the kernel reported none of @st. */
static void tquic_print_group(struct rtattr *tb[], const char *title,
			      const struct tquic_stat *st)
{
	const struct tquic_stat *c;

	for (c = st; c->key; c++) {
		if (tquic_attr(tb, c->type, c->size)) {
			print_nl();
			print_color_string(PRINT_FP, COLOR_NONE, NULL, "    %s",
					   title);
			tquic_print_stats(tb, st);
			return;
		}
	}
}

/* One line of text, one object in JSON, per path. */
static void tquic_print_path(struct rtattr *entry)
{
	struct rtattr *tb[TQUIC_PATH_STAT_MAX + 1];
	uint64_t v;

	parse_rtattr_flags(tb, TQUIC_PATH_STAT_MAX, RTA_DATA(entry),
			   RTA_PAYLOAD(entry), NLA_F_NESTED);
	open_json_object(NULL);
	print_nl();
	print_color_string(PRINT_FP, COLOR_NONE, NULL, "    path", NULL);
	if (tquic_uint(tb, TQUIC_PATH_STAT_ID, sizeof(__u32), &v))
		print_color_u64(PRINT_ANY, COLOR_NONE, "id", " %" PRIu64, v);
	/* The server's paths have no slave of their own. */
	if (tquic_uint(tb, TQUIC_PATH_STAT_IFINDEX, sizeof(__u32), &v)) {
		if (v)
			print_color_string(PRINT_ANY, COLOR_IFNAME, "dev",
					   " dev %s", ll_index_to_name(v));
		else
			print_color_null(PRINT_ANY, COLOR_NONE, "dev",
					 " dev %s", "-");
	}
	if (tquic_uint(tb, TQUIC_PATH_STAT_STATE, sizeof(__u8), &v))
		TQUIC_ENUM("state", " state ", "", tquic_path_state_names, v);
	if (tquic_uint(tb, TQUIC_PATH_STAT_BACKUP, sizeof(__u8), &v))
		tquic_print_flag("backup", " backup", v);
	tquic_print_stats(tb, tquic_path_stats);
	close_json_object();
}

static void tquic_print_paths(struct rtattr *nest)
{
	struct rtattr *entry = RTA_DATA(nest);
	int rem = RTA_PAYLOAD(nest);

	open_json_array(PRINT_JSON, "paths");
	for (; RTA_OK(entry, rem); entry = RTA_NEXT(entry, rem))
		if ((entry->rta_type & NLA_TYPE_MASK) == TQUIC_XSTATS_PATH)
			tquic_print_path(entry);
	close_json_array(PRINT_JSON, NULL);
}

static void tquic_print_xstats(struct link_util *lu __always_unused,
			       FILE *f __always_unused, struct rtattr *xstats)
{
	struct rtattr *tb[TQUIC_XSTATS_MAX + 1];
	unsigned int i;
	uint64_t v;

	parse_rtattr_flags(tb, TQUIC_XSTATS_MAX, RTA_DATA(xstats),
			   RTA_PAYLOAD(xstats), NLA_F_NESTED);

	print_nl();
	print_color_string(PRINT_FP, COLOR_NONE, NULL, "    ", NULL);
	if (tquic_uint(tb, TQUIC_XSTATS_SESSION, sizeof(__u8), &v))
		TQUIC_ENUM("session", "session ", "", tquic_session_names, v);
	tquic_print_stats(tb, tquic_gauges);
	for (i = 0; i < ARRAY_SIZE(tquic_counter_groups); i++)
		tquic_print_group(tb, tquic_counter_groups[i].title,
				  tquic_counter_groups[i].stats);
	if (tb[TQUIC_XSTATS_PATHS])
		tquic_print_paths(tb[TQUIC_XSTATS_PATHS]);
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
