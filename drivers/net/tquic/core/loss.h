/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-path loss detection (RFC 9002 section 6): packet and time thresholds,
 * probe timeout with exponential backoff, and the "path failed" verdict
 * once an acknowledgment is owed for as long as too many probe timeouts
 * in a row take, which triggers failover.
 *
 * The record of sent packets is a ring the caller allocates (a power of two
 * of slots), indexed by packet number: a path's packet numbers go up by one
 * per packet, so slot = pn & mask and nothing here allocates or searches.
 * A full ring stops sending on the path, which bounds its memory.
 *
 * No locking here: the owner (one path) serialises every call.
 */
#ifndef _TQUIC_LOSS_H
#define _TQUIC_LOSS_H

#include "proto.h"
#include "rtt.h"

/*
 * RFC 9002 section 6.1.1 and 6.1.2: kPacketThreshold, kGranularity. The
 * threshold is above the RFC's 3 (which it allows): packets of one path
 * are handled by whichever CPU their receive queue runs on and overtake
 * each other by more than 3 at the receiver. A loss declared in error
 * costs a window reduction and one duplicate (recovery.c sends the datagram
 * again, the peer drops the copy), and the time threshold still catches a
 * real loss within 9/8 of an RTT.
 */
#define TQUIC_LOSS_PKT_THRESHOLD	16
#define TQUIC_LOSS_GRANULARITY_US	1000ULL
/* Caps the backoff shift: 2^16 PTOs is already beyond TQUIC_LOSS_MAX_PTO. */
#define TQUIC_LOSS_MAX_BACKOFF		16
#define TQUIC_LOSS_MAX_PTO_US		60000000ULL
/*
 * An ACK owed for as long as this many PTOs in a row take fails a path
 * (timers.c, recovery.c, and the userspace simulation of it); RFC 9002
 * allows any. Two, tried, broke
 * server_roaming.sh's IPv6 part on the debug kernel (cause not found).
 */
#define TQUIC_LOSS_FAIL_PTOS		3

enum tquic_sent_state {
	TQUIC_SENT_FREE,
	TQUIC_SENT_INFLIGHT,
	TQUIC_SENT_DONE,	/* acknowledged, lost or taken back */
};

struct tquic_sent {
	u64 time_us;
	u64 cookie;		/* the caller's: what the packet carried */
	u32 bytes;
	u8 state;		/* enum tquic_sent_state */
	bool ack_eliciting;
	bool lost;		/* declared lost (kept once the slot retires) */
};

struct tquic_loss {
	struct tquic_sent *slot;	/* caller's ring */
	u64 mask;		/* ring size - 1 */
	u64 head;		/* oldest packet number still recorded */
	u64 next;		/* packet number of the next packet sent */
	u64 largest_acked;	/* valid once acked_any */
	u64 loss_time_us;	/* time-threshold deadline, or TQUIC_NEVER */
	u64 last_eliciting_us;	/* last ack-eliciting packet sent */
	u64 owed_since_us;	/* an ACK is owed since, or TQUIC_NEVER */
	u32 eliciting_inflight;	/* ack-eliciting packets in flight */
	u32 pto_count;
	u32 fail_ptos;		/* as long as these PTOs in a row fails */
	bool acked_any;
};

/* What one ACK or one timer did, for the RTT estimator and the CC. */
struct tquic_loss_event {
	u64 acked_bytes;
	u64 acked_sent_us;	/* send time of the newest acked packet */
	u64 lost_bytes;
	u64 lost_sent_us;	/* send time of the newest lost packet */
	u64 rtt_sample_us;	/* valid if has_rtt_sample */
	u32 acked;
	u32 lost;
	bool has_rtt_sample;
};

enum tquic_loss_timer {
	TQUIC_LOSS_TIMER_NONE,		/* nothing due */
	TQUIC_LOSS_TIMER_LOST,		/* packets declared lost: see event */
	TQUIC_LOSS_TIMER_PROBE,		/* PTO: send one or two probes */
	TQUIC_LOSS_TIMER_FAILED,	/* too many PTOs: fail the path over */
};

int tquic_loss_init(struct tquic_loss *l, struct tquic_sent *slots,
		    u32 nslots, u32 fail_ptos);
u64 tquic_loss_delay_us(u64 rtt_us);
bool tquic_loss_can_record(const struct tquic_loss *l);
int tquic_loss_skip(struct tquic_loss *l, u64 *pn);
int tquic_loss_on_sent(struct tquic_loss *l, u32 bytes, bool ack_eliciting,
		       u64 cookie, u64 now_us, u64 *pn);
void tquic_loss_event_init(struct tquic_loss_event *ev);
int tquic_loss_on_ack_range(struct tquic_loss *l, u64 lo, u64 hi, u64 now_us,
			    struct tquic_loss_event *ev);
void tquic_loss_on_ack_done(struct tquic_loss *l, const struct tquic_rtt *rtt,
			    u64 now_us, struct tquic_loss_event *ev);
u64 tquic_loss_pto_us(const struct tquic_rtt *rtt, u64 max_ack_delay_us,
		      u32 pto_count);
u64 tquic_loss_deadline(const struct tquic_loss *l,
			const struct tquic_rtt *rtt, u64 max_ack_delay_us);
u64 tquic_loss_owed_since(const struct tquic_loss *l);
void tquic_loss_carry_owed(struct tquic_loss *l, u64 since_us);
enum tquic_loss_timer tquic_loss_on_timer(struct tquic_loss *l,
					  const struct tquic_rtt *rtt,
					  u64 max_ack_delay_us, u64 now_us,
					  struct tquic_loss_event *ev);
bool tquic_loss_take_unacked(struct tquic_loss *l, struct tquic_sent *out);

#endif /* _TQUIC_LOSS_H */
