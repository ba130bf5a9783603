/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Acknowledgment ranges.
 *
 * Receive side: struct tquic_ack_ranges records the packet numbers received
 * in one packet number space (one per path) as up to TQUIC_ACK_RANGES_MAX
 * disjoint ranges, and writes the ACK or PATH_ACK frame that reports them.
 *
 * Send side: struct tquic_ack_iter walks the ranges of a parsed ACK frame
 * from the largest down, refusing any range a malicious peer could make
 * wrap below packet number 0.
 *
 * No locking here: the owner of a set serialises access to it.
 */
#ifndef _TQUIC_ACKRANGES_H
#define _TQUIC_ACKRANGES_H

#include "proto.h"
#include "frame.h"
#include "varint.h"

#define TQUIC_ACK_RANGES_MAX	32

struct tquic_ack_range {
	u64 lo;			/* inclusive */
	u64 hi;			/* inclusive */
};

/*
 * r[0 .. n) ascending, with at least one missing packet number between
 * neighbours (adjacent ranges are merged).
 */
struct tquic_ack_ranges {
	unsigned int n;
	struct tquic_ack_range r[TQUIC_ACK_RANGES_MAX];
};

/* What the ACK frame says besides the ranges. */
struct tquic_ack_info {
	u64 type;			/* ACK, ACK_ECN, PATH_ACK or PATH_ACK_ECN */
	u32 path_id;			/* PATH_ACK and PATH_ACK_ECN only */
	u64 delay_us;			/* since the largest was received */
	unsigned int delay_exponent;	/* ours, as sent in transport params */
	u64 ect0;			/* *_ECN only */
	u64 ect1;
	u64 ce;
};

struct tquic_ack_iter {
	struct tquic_rd rd;
	u64 left;		/* ranges still to return */
	u64 lo;			/* low end of the range returned last */
	u64 first_hi;
	u64 first_lo;
	bool started;
};

void tquic_ack_ranges_init(struct tquic_ack_ranges *s);
int tquic_ack_ranges_add(struct tquic_ack_ranges *s, u64 pn);
bool tquic_ack_ranges_contains(const struct tquic_ack_ranges *s, u64 pn);
u64 tquic_ack_ranges_largest(const struct tquic_ack_ranges *s);
void tquic_ack_ranges_forget_below(struct tquic_ack_ranges *s, u64 pn);
int tquic_ack_ranges_write(const struct tquic_ack_ranges *s,
			   const struct tquic_ack_info *info, u8 *buf,
			   size_t len);

int tquic_ack_iter_init(struct tquic_ack_iter *it,
			const struct tquic_ack_frame *ack);
int tquic_ack_iter_next(struct tquic_ack_iter *it, u64 *lo, u64 *hi);

#endif /* _TQUIC_ACKRANGES_H */
