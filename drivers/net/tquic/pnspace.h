/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet-number spaces (pnspace.c): a keypair has one per path slot, each
 * for the path ID it was last used with (draft-ietf-quic-multipath:
 * packet numbers and ACKs are per path). The sender numbers packets under
 * its path's lock (send.c); the receiver keeps the replay window and ACK
 * state here.
 */
#ifndef _TQUIC_PNSPACE_H
#define _TQUIC_PNSPACE_H

#include <linux/atomic.h>
#include <linux/spinlock.h>

#include "core/ackranges.h"
#include "core/replay.h"

/*
 * We send no transport parameters, so both ends use the RFC 9000 defaults:
 * ACK Delay in units of 8 us, at most 25 ms of delay before an ACK.
 */
#define TQUIC_ACK_DELAY_EXP	3
#define TQUIC_MAX_ACK_DELAY_MS	25
/* RFC 9000 section 13.2.2: acknowledge at least every second packet. */
#define TQUIC_ACK_EVERY		2
/* Bytes an ACK frame may take; the largest ranges come first in it. */
#define TQUIC_ACK_FRAME_MAX	64

struct tquic_keypair;

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
void tquic_keypair_spaces_init(struct tquic_keypair *kp);
struct tquic_pn_space *tquic_keypair_claim(struct tquic_keypair *kp,
					   unsigned int slot, u32 path_id);
struct tquic_pn_space *tquic_keypair_space_of(struct tquic_keypair *kp,
					      u32 path_id);
bool tquic_pn_space_accept(struct tquic_keypair *kp, unsigned int slot,
			   u32 path_id, u64 pn, bool *newest);

#endif /* _TQUIC_PNSPACE_H */
