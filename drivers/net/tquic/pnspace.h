/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One packet-number space of a keypair: the sender's next packet number
 * and what it needs for RTT samples, and the receiver's replay window and
 * ACK state (datapath.c).
 */
#ifndef _TQUIC_PNSPACE_H
#define _TQUIC_PNSPACE_H

#include <linux/atomic.h>
#include <linux/spinlock.h>

#include "ackranges.h"
#include "replay.h"

/*
 * Send times of the last this many packet numbers, so that an ACK of one
 * of them yields an RTT sample. A power of two.
 */
#define TQUIC_PN_SENT_RING	256

struct tquic_pn_space {
	/* Sender, lockless: any CPU may transmit at any time. */
	atomic64_t next_pn;
	atomic64_t largest_acked;	/* TQUIC_PN_NONE until the first ACK */
	/*
	 * Send time of packet number n at [n % TQUIC_PN_SENT_RING], in
	 * microseconds (low 32 bits, low bit set); 0 for packets that are
	 * not ack-eliciting. Written before the packet leaves, read only
	 * for numbers the ring still holds (datapath.c checks next_pn).
	 */
	u32 sent_us[TQUIC_PN_SENT_RING];

	/* Receiver: under the lock. */
	spinlock_t lock;
	struct tquic_replay replay;
	struct tquic_ack_ranges acks;
	unsigned int ack_pending;	/* ack-eliciting packets not yet acked */
	u64 largest_rx_us;		/* when the largest one arrived */
};

void tquic_pn_space_init(struct tquic_pn_space *s);

#endif /* _TQUIC_PNSPACE_H */
