/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/compiler.h>: the branch hints. */
#ifndef _TQUIC_STANDIN_LINUX_COMPILER_H
#define _TQUIC_STANDIN_LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#endif /* _TQUIC_STANDIN_LINUX_COMPILER_H */
