/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One packet-number space: a keypair has one per path slot, each for the
 * path ID it was last used with (draft-ietf-quic-multipath: packet numbers
 * and ACKs are per path). The sender numbers packets under its path's
 * lock (path.c); the receiver keeps the replay window and ACK state here.
 */
#ifndef _TQUIC_PNSPACE_H
#define _TQUIC_PNSPACE_H

#include <linux/atomic.h>
#include <linux/spinlock.h>

#include "core/ackranges.h"
#include "core/replay.h"

/* A space not yet used by any path. */
#define TQUIC_PATH_ID_NONE	U32_MAX

struct tquic_pn_space {
	spinlock_t lock;		/* everything here */
	u32 path_id;			/* TQUIC_PATH_ID_NONE: unused */
	u64 next_pn;			/* sender: next packet number */
	/* Receiver. */
	struct tquic_replay replay;
	struct tquic_ack_ranges acks;
	unsigned int ack_pending;	/* ack-eliciting packets not yet acked */
	u64 largest_rx_us;		/* when the largest one arrived */
};

void tquic_pn_space_init(struct tquic_pn_space *s, u32 path_id);

#endif /* _TQUIC_PNSPACE_H */
