/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure protocol code (varints, headers, frames, packet numbers, ACK
 * ranges, replay window, packet-protection logic) builds both into the
 * module and into userspace unit tests and fuzzers. This header gives it
 * one small vocabulary in both places; nothing that includes it may use
 * kernel-only or libc-only facilities directly.
 */
#ifndef _TQUIC_PROTO_H
#define _TQUIC_PROTO_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s64 s64;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#endif /* _TQUIC_PROTO_H */
