/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTT estimation (RFC 9002 section 5): minimum, smoothed RTT and its
 * variation from samples taken when an ACK newly acknowledges the largest
 * packet number. Pure code shared with the userspace tests: see proto.h.
 *
 * No locking here: the owner serialises updates.
 */
#ifndef _TQUIC_RTT_H
#define _TQUIC_RTT_H

#include "proto.h"

/* RFC 9002 section 6.2.2: the RTT assumed before the first sample. */
#define TQUIC_RTT_INITIAL_US	333000ULL
/*
 * Samples above this are clamped: nothing real takes a minute, and the
 * bound keeps every sum in the estimator far from overflowing.
 */
#define TQUIC_RTT_MAX_US	60000000ULL

struct tquic_rtt {
	u64 latest_us;
	u64 min_us;
	u64 smoothed_us;
	u64 var_us;
	bool valid;		/* false until the first sample */
};

void tquic_rtt_init(struct tquic_rtt *r);
void tquic_rtt_sample(struct tquic_rtt *r, u64 sample_us, u64 ack_delay_us,
		      u64 max_ack_delay_us);
void tquic_rtt_rebase(struct tquic_rtt *r, u64 min_us);

#endif /* _TQUIC_RTT_H */
