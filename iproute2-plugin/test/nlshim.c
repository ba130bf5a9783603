// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for ip, so the test can see both directions of what the
 * plugin does although the host kernel has no tquic:
 *
 * $TQUIC_NLCAPTURE=FILE  every RTM_NEWLINK request ip sends is appended
 *                        to FILE, then sent on unchanged.
 * $TQUIC_NLINJECT=FILE   the messages in FILE (from "nltool dump") are
 *                        slipped into the first link dump reply, as if
 *                        the kernel had tquic devices to report. This is
 *                        the only way to reach print_opt in JSON mode:
 *                        "ip monitor file" prints text only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define INJECT_MAX	8192

static void capture(const struct iovec *iov)
{
	static const char pad[NLMSG_ALIGNTO];
	const struct nlmsghdr *n = iov->iov_base;
	const char *path = getenv("TQUIC_NLCAPTURE");
	FILE *f;

	if (!path || iov->iov_len < sizeof(*n) ||
	    n->nlmsg_type != RTM_NEWLINK || n->nlmsg_len > iov->iov_len)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	/* "ip monitor file" reads each message padded to alignment */
	fwrite(n, 1, n->nlmsg_len, f);
	fwrite(pad, 1, NLMSG_ALIGN(n->nlmsg_len) - n->nlmsg_len, f);
	fclose(f);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	ssize_t (*real)(int fd, const struct msghdr *msg, int flags);
	size_t i;

	for (i = 0; i < msg->msg_iovlen; i++)
		capture(&msg->msg_iov[i]);
	real = dlsym(RTLD_NEXT, "sendmsg");
	return real(fd, msg, flags);
}

static char inject_buf[INJECT_MAX];
static size_t inject_len;
static int injected;

/* Loads the messages once and gives them the dump's port id and seq. */
static int inject_prepare(const struct nlmsghdr *first)
{
	const char *path = getenv("TQUIC_NLINJECT");
	struct nlmsghdr *n;
	size_t off;
	FILE *f;

	if (!path || injected)
		return 0;
	if (!inject_len) {
		f = fopen(path, "r");
		if (!f)
			return 0;
		inject_len = fread(inject_buf, 1, sizeof(inject_buf), f);
		fclose(f);
	}
	for (off = 0; off + sizeof(*n) <= inject_len;
	     off += NLMSG_ALIGN(n->nlmsg_len)) {
		n = (struct nlmsghdr *)(inject_buf + off);
		if (n->nlmsg_len < sizeof(*n))
			return 0;
		n->nlmsg_pid = first->nlmsg_pid;
		n->nlmsg_seq = first->nlmsg_seq;
		n->nlmsg_flags |= NLM_F_MULTI;
	}
	return inject_len > 0;
}

/*
 * ip first peeks with an empty buffer to learn the size, then reads.
 * Both answers grow by the injected bytes, which go in front.
 */
ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*real)(int fd, struct msghdr *msg, int flags);
	struct nlmsghdr first;
	struct iovec *iov;
	int inject = 0;
	ssize_t ret;

	if (getenv("TQUIC_NLINJECT") && !injected &&
	    recv(fd, &first, sizeof(first), MSG_PEEK) == sizeof(first) &&
	    first.nlmsg_type == RTM_NEWLINK &&
	    (first.nlmsg_flags & NLM_F_MULTI))
		inject = inject_prepare(&first);

	real = dlsym(RTLD_NEXT, "recvmsg");
	ret = real(fd, msg, flags);
	if (!inject || ret < 0)
		return ret;
	if (flags & MSG_PEEK)
		return ret + inject_len;

	iov = &msg->msg_iov[0];
	if (msg->msg_iovlen != 1 || (size_t)ret + inject_len > iov->iov_len)
		return ret;
	memmove((char *)iov->iov_base + inject_len, iov->iov_base, ret);
	memcpy(iov->iov_base, inject_buf, inject_len);
	injected = 1;
	return ret + inject_len;
}
