/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The paths' timers and the device's delayed ACK (timers.c).
 */
#ifndef _TQUIC_TIMERS_H
#define _TQUIC_TIMERS_H

#include <linux/types.h>

struct tquic_dev;
struct tquic_keypair;
struct tquic_path;

void tquic_path_timer_setup(struct tquic_path *p);
void tquic_path_arm(struct tquic_path *p, u64 now);
void tquic_ack_timer_init(struct tquic_dev *t);
void tquic_ack_timer_stop(struct tquic_dev *t);
void tquic_ack_timer_shutdown(struct tquic_dev *t);
void tquic_ack_later(struct tquic_dev *t, const struct tquic_keypair *kp,
		     unsigned long delay);

#endif /* _TQUIC_TIMERS_H */
