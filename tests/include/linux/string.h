/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/string.h>: the C library's mem*()
 * and strlen() (through the uapi header), and memzero_explicit().
 */
#ifndef _TQUIC_STANDIN_LINUX_STRING_H
#define _TQUIC_STANDIN_LINUX_STRING_H

#include_next <linux/string.h>
#include <linux/types.h>

/* Zeroes memory even where the compiler can prove it is never read again. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

#endif /* _TQUIC_STANDIN_LINUX_STRING_H */
