/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/math64.h>: 64-bit division, which
 * a 32-bit kernel must not spell with '/'. On the host it is '/'.
 */
#ifndef _TQUIC_STANDIN_LINUX_MATH64_H
#define _TQUIC_STANDIN_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

#endif /* _TQUIC_STANDIN_LINUX_MATH64_H */
