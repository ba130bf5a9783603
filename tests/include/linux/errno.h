/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/errno.h>: the uapi error numbers
 * (EINVAL, EMSGSIZE, ...), the same values the kernel returns. The
 * kernel-internal ones (ENOTSUPP, ERESTARTSYS, ...) are left out on
 * purpose: the core must not use them.
 */
#ifndef _TQUIC_STANDIN_LINUX_ERRNO_H
#define _TQUIC_STANDIN_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _TQUIC_STANDIN_LINUX_ERRNO_H */
