// SPDX-License-Identifier: GPL-2.0
/*
 * tquic: status of tquic devices.
 *
 * Only `show` exists: a device's configuration and statistics, its paths'
 * included, all from one RTM_GETLINK.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "link.h"
#include "print.h"

static void usage(FILE *f)
{
	fputs("Usage: tquic [-j] show [DEV]\n"
	      "       tquic help\n"
	      "\n"
	      "  show [DEV]   tquic devices of this network namespace, or DEV\n"
	      "  -j, --json   JSON output\n", f);
}

static int show(const char *dev, bool json)
{
	struct tquic_links links = { 0 };
	struct nl_sock *sk;
	int ret, err;

	sk = nl_socket_alloc();
	if (!sk) {
		fprintf(stderr, "tquic: out of memory\n");
		return 1;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	ret = err < 0 ? err : tquic_links_get(sk, dev, &links);
	nl_socket_free(sk);

	switch (ret) {
	case LINKS_OK:
		break;
	case LINKS_NO_DEVICE:
		fprintf(stderr, "tquic: %s: no such device\n", dev);
		return 1;
	case LINKS_NOT_TQUIC:
		fprintf(stderr, "tquic: %s is not a tquic device\n", dev);
		return 1;
	default:
		fprintf(stderr, "tquic: netlink: %s\n", nl_geterror(ret));
		tquic_links_free(&links);
		return 1;
	}

	/* A lone bad device was already reported and leaves nothing to show. */
	if (!dev || links.n) {
		if (json)
			print_links_json(stdout, &links);
		else
			print_links_text(stdout, &links);
	}
	tquic_links_free(&links);
	if (fflush(stdout) || ferror(stdout)) {
		perror("tquic: stdout");
		return 1;
	}
	return links.malformed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *dev = NULL;
	bool json = false;
	int i;

	/* Options may stand anywhere, as people type `tquic show -j` too. */
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-j") || !strcmp(arg, "--json")) {
			json = true;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			usage(stdout);
			return 0;
		} else if (arg[0] == '-') {
			fprintf(stderr, "tquic: unknown option '%s'\n", arg);
			usage(stderr);
			return 1;
		} else if (!cmd) {
			cmd = arg;
		} else if (!dev && !strcmp(cmd, "show")) {
			dev = arg;
		} else {
			fprintf(stderr, "tquic: unexpected argument '%s'\n",
				arg);
			return 1;
		}
	}

	if (!cmd || !strcmp(cmd, "show"))
		return show(dev, json);
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "tquic: unknown command '%s'\n", cmd);
	usage(stderr);
	return 1;
}
