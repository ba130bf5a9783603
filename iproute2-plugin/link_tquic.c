// SPDX-License-Identifier: GPL-2.0
/*
 * "ip link ... type tquic": parses and prints IFLA_INFO_DATA of a tquic
 * device. Built out of tree and dlopen()ed by the distribution's ip, so
 * everything iproute2-side comes from iproute2_abi.h and is resolved
 * against the ip executable when the plugin loads.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/tquic.h>

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

static const char * const tquic_mode_names[] = {
	[TQUIC_MODE_AGGREGATE]		= "aggregate",
	[TQUIC_MODE_ACTIVE_BACKUP]	= "active-backup",
	[TQUIC_MODE_REDUNDANT]		= "redundant",
};

static void tquic_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... tquic slaves DEV [ DEV ... ]\n"
		"		[ peer ADDR ]\n"
		"		[ port PORT ]\n"
		"		[ listen PORT ]\n"
		"		[ mode MODE ]\n"
		"\n"
		"Where:	DEV	:= network device, up to "
		__stringify(TQUIC_MAX_SLAVES) " slaves\n"
		"	ADDR	:= IPv4 or IPv6 address of the peer\n"
		"	PORT	:= 1-65535\n"
		"	MODE	:= { aggregate | active-backup | redundant }\n"
		"\n"
		"add needs slaves and at least one of peer or listen:\n"
		"a client gives peer and port, a server gives listen.\n"
		"On set, slaves replaces the whole slave list.\n");
}

/* --- parsing ---------------------------------------------------------- */

struct tquic_opt;

/*
 * Parses the arguments after a keyword (there is at least one) and
 * returns how many it used, or -1 when the request is full. Bad input is
 * reported through invarg() and friends, which exit like the rest of ip.
 */
typedef int (*tquic_parse_fn)(const struct tquic_opt *opt, int argc,
			      char **argv, struct nlmsghdr *n);

struct tquic_opt {
	const char *name;
	tquic_parse_fn parse;	/* NULL: "help" */
	int type;		/* attribute it fills, when it is one */
	const char *err;	/* invarg() text for a value we reject */
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

static int tquic_parse_mode(const struct tquic_opt *opt,
			    int argc __always_unused, char **argv,
			    struct nlmsghdr *n)
{
	unsigned int mode;

	for (mode = 0; mode < ARRAY_SIZE(tquic_mode_names); mode++) {
		if (tquic_mode_names[mode] &&
		    !strcmp(argv[0], tquic_mode_names[mode]))
			break;
	}
	if (mode == ARRAY_SIZE(tquic_mode_names))
		invarg(opt->err, argv[0]);
	return addattr8(n, TQUIC_REQ_MAXLEN, opt->type, mode) < 0 ? -1 : 1;
}

/*
 * Keywords match whole words only: "slaves" stops at any of them, so a
 * prefix would make some device names impossible to give.
 */
static const struct tquic_opt tquic_opts[] = {
	{ "slaves", tquic_parse_slaves, IFLA_TQUIC_SLAVES, NULL },
	{ "peer", tquic_parse_peer, 0, "invalid peer address" },
	{ "port", tquic_parse_port, IFLA_TQUIC_PEER_PORT, "invalid port" },
	{ "listen", tquic_parse_port, IFLA_TQUIC_LISTEN_PORT,
	  "invalid listen port" },
	{ "mode", tquic_parse_mode, IFLA_TQUIC_MODE,
	  "unknown mode, expected aggregate, active-backup or redundant" },
	{ "help", NULL, 0, NULL },
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
		if (argc < 2)
			incomplete_command();
		/* A repeat would only reach the kernel as a silent override. */
		bit = 1U << (opt - tquic_opts);
		if (seen & bit)
			duparg(opt->name, argv[1]);
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

static void tquic_print_mode(struct rtattr *tb[])
{
	struct rtattr *rta = tquic_attr(tb, IFLA_TQUIC_MODE, sizeof(__u8));
	unsigned int mode;

	if (!rta)
		return;
	mode = tquic_attr_u8(rta);
	/* A mode newer than this plugin still shows, as its number. */
	if (mode < ARRAY_SIZE(tquic_mode_names) && tquic_mode_names[mode])
		print_color_string(PRINT_ANY, COLOR_NONE, "mode", "mode %s ",
				   tquic_mode_names[mode]);
	else
		print_color_uint(PRINT_ANY, COLOR_NONE, "mode", "mode %u ",
				 mode);
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

	tquic_print_mode(tb);
}

static void tquic_print_help(struct link_util *lu __always_unused,
			     int argc __always_unused,
			     char **argv __always_unused, FILE *f)
{
	tquic_explain(f);
}

/* ip finds this by name: "<kind>_link_util". */
struct link_util tquic_link_util = {
	.id		= TQUIC_KIND,
	.maxattr	= IFLA_TQUIC_MAX,
	.parse_opt	= tquic_parse_opt,
	.print_opt	= tquic_print_opt,
	.print_help	= tquic_print_help,
};
