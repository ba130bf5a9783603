/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of iproute2's internal ABI that link_tquic.so uses.
 *
 * Matches iproute2 6.1.0 (Debian 12 "bookworm"), whose /usr/sbin/ip
 * dlopen()s link_<kind>.so and hands it its own exported helpers.
 * iproute2 installs no development headers, so a plugin built outside
 * its source tree has to carry the declarations itself. Only what the
 * plugin calls is declared here; every layout and prototype must stay
 * identical to that iproute2 release, or the plugin breaks at run time
 * without any compiler warning.
 */
#ifndef TQUIC_IPROUTE2_ABI_H
#define TQUIC_IPROUTE2_ABI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/*
 * The per-kind hook table. ip looks up the symbol "<kind>_link_util" and
 * reads these members by offset, so their order and types are the ABI.
 */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

/* Where a print_color_*() call may write: text, JSON, or whichever is on */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

enum color_attr {
	COLOR_IFNAME,
	COLOR_MAC,
	COLOR_INET,
	COLOR_INET6,
	COLOR_OPERSTATE_UP,
	COLOR_OPERSTATE_DOWN,
	COLOR_NONE,
};

/* Netlink message building (lib/libnetlink.c) */
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr16(struct nlmsghdr *n, int maxlen, int type, __u16 data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);
int parse_rtattr_flags(struct rtattr *tb[], int max, struct rtattr *rta,
		       int len, unsigned short flags);

/* Interface name cache (lib/ll_map.c) */
unsigned int ll_name_to_index(const char *name);
const char *ll_index_to_name(unsigned int idx);

/* Argument parsing (lib/utils.c); the error reporters exit the process */
int get_u16(__u16 *val, const char *arg, int base);
int get_u32(__u32 *val, const char *arg, int base);
void incomplete_command(void) __attribute__((noreturn));
void missarg(const char *key) __attribute__((noreturn));
void invarg(const char *msg, const char *arg) __attribute__((noreturn));
void duparg(const char *key, const char *arg) __attribute__((noreturn));

/*
 * Text/JSON output (lib/json_print.c). The print_string() style names in
 * iproute2's json_print.h are static inlines, so only these are exported.
 */
void open_json_object(const char *str);
void close_json_object(void);
void open_json_array(enum output_type type, const char *str);
void close_json_array(enum output_type type, const char *str);
int print_color_string(enum output_type type, enum color_attr color,
		       const char *key, const char *fmt, const char *value);
int print_color_uint(enum output_type type, enum color_attr color,
		     const char *key, const char *fmt, unsigned int value);
int print_color_bool(enum output_type type, enum color_attr color,
		     const char *key, const char *fmt, bool value);
int print_color_u64(enum output_type type, enum color_attr color,
		    const char *key, const char *fmt, uint64_t value);
/* null in JSON; in text, @value through @fmt */
int print_color_null(enum output_type type, enum color_attr color,
		     const char *key, const char *fmt, const char *value);
/* A line break in text output; nothing in JSON. */
void print_nl(void);

#endif /* TQUIC_IPROUTE2_ABI_H */
