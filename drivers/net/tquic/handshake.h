/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Noise IK handshake run in the kernel (handshake.c): the lib/crypto
 * backend of core/noise.c, our initiations, and the work that answers the
 * handshake packets admission.c let in.
 */
#ifndef _TQUIC_HANDSHAKE_H
#define _TQUIC_HANDSHAKE_H

#include <linux/skbuff.h>

#include "core/noise.h"
#include "session.h"

struct work_struct;

/* What a queued handshake packet carries along to tquic_rx_work(). */
struct tquic_hs_cb {
	struct tquic_endpoint src;
};

#define HS_CB(skb) ((struct tquic_hs_cb *)(skb)->cb)

extern const struct tquic_noise_ops tquic_noise_kops;

void tquic_hs_reset(struct tquic_session *s);
void tquic_hs_start(struct tquic_session *s);
void tquic_hs_kick(struct tquic_session *s);

void tquic_init_work(struct work_struct *work);
void tquic_rx_work(struct work_struct *work);

#endif /* _TQUIC_HANDSHAKE_H */
