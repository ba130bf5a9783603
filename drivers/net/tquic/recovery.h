/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loss recovery over the paths (recovery.c).
 */
#ifndef _TQUIC_RECOVERY_H
#define _TQUIC_RECOVERY_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct tquic_ack_frame;
struct tquic_dev;
struct tquic_keypair;
struct tquic_path;

void tquic_recovery_init(struct tquic_dev *t);
int tquic_recovery_on_ack(struct tquic_dev *t, struct tquic_keypair *kp,
			  const struct tquic_ack_frame *ack);
/* Under p->lock. */
void tquic_recovery_reset(struct tquic_path *p);
void tquic_recovery_retire(struct tquic_path *p, u64 old_head,
			   struct sk_buff_head *resend);
void tquic_recovery_take_back(struct tquic_path *p, struct sk_buff_head *resend);
void tquic_recovery_fail(struct tquic_path *p, u8 state,
			 struct sk_buff_head *resend, u64 now);
/* Without p->lock. */
void tquic_recovery_resend(struct tquic_dev *t, u32 exclude,
			   struct sk_buff_head *resend);
void tquic_recovery_fail_and_resend(struct tquic_dev *t, struct tquic_path *p,
				    u8 state);

#endif /* _TQUIC_RECOVERY_H */
