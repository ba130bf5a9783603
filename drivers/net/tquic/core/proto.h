/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure protocol core: varints, headers, frames, packet numbers, ACK
 * ranges, replay window, packet protection, Noise, RTT, scheduler,
 * congestion control, loss and reorder window. Every file here builds both
 * into the module (Kbuild) and into the host unit tests and fuzzers
 * (tests/core.mk), and each includes this header first.
 *
 * The code is kernel code and includes kernel headers; on the host,
 * tests/include/linux/ holds stand-ins that give the same names in
 * userspace. The vocabulary rule: nothing in core/ may use a kernel-only
 * or libc-only facility beyond what those stand-ins provide (the types
 * and mem*()/strlen() below, likely()/unlikely(), error numbers,
 * memzero_explicit(), div64_u64()); what a new one needs goes into a
 * stand-in first.
 */
#ifndef _TQUIC_PROTO_H
#define _TQUIC_PROTO_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#endif /* _TQUIC_PROTO_H */
