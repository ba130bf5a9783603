/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive reorder buffer on skbs: reorder.c's window, the skbs it
 * holds, and the hold timer. Packets go out through a deliver callback,
 * always outside the buffer's lock and with BH disabled, in the order the
 * window releases them.
 *
 * The sender numbering from scratch (its device recreated) is followed
 * after TQUIC_REORDER_RESTART_US of nothing but datagrams too old for the
 * window or duplicates (reorder.c explains why that is safe): a new
 * session alone does not say the numbers started again, a rekey or a
 * re-handshake after an outage goes on with them.
 */
#ifndef _TQUIC_RX_REORDER_H
#define _TQUIC_RX_REORDER_H

#include <linux/hrtimer.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "core/reorder.h"

struct tquic_reorder_buf_stats {
	u64 delivered;			/* in order or late, and cap 0 */
	u64 held;			/* waited for an earlier one */
	u64 late;			/* delivered after their turn */
	u64 dup;			/* duplicates dropped */
	u64 dropped;			/* too old for the window, or invalid */
	u64 timeouts;			/* hold timeouts that skipped gaps */
	u64 restarts;			/* the sender's numbers started again */
};

struct tquic_reorder_buf {
	spinlock_t lock;		/* all but what init sets */
	struct tquic_reorder r;
	struct tquic_reorder_slot *slots;
	struct sk_buff **skb;		/* held packets, by slot */
	struct sk_buff_head out;	/* released, not yet delivered */
	bool delivering;		/* someone is emptying out */
	struct hrtimer timer;
	u64 armed_us;			/* timer's expiry, or NEVER */
	void (*deliver)(void *ctx, struct sk_buff *skb);
	void *ctx;
};

int tquic_reorder_buf_init(struct tquic_reorder_buf *q, u32 nslots,
			   void (*deliver)(void *ctx, struct sk_buff *skb), void *ctx);
void tquic_reorder_buf_destroy(struct tquic_reorder_buf *q);
void tquic_reorder_buf_set_cap(struct tquic_reorder_buf *q, u32 cap_ms);
void tquic_reorder_buf_set_timeout(struct tquic_reorder_buf *q, u64 delay_spread_us,
				   u64 jitter_us);
void tquic_reorder_buf_rcv(struct tquic_reorder_buf *q, struct sk_buff *skb, u64 seq);
void tquic_reorder_buf_flush(struct tquic_reorder_buf *q);
void tquic_reorder_buf_stats(struct tquic_reorder_buf *q, struct tquic_reorder_buf_stats *st);

#endif /* _TQUIC_RX_REORDER_H */
