/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Admission of handshake packets (admission.c): the cheap checks softirq
 * makes before any Diffie-Hellman, Retry under load, the initiation rate
 * limits (global and per source) and the bounded queue to the handshake's
 * work.
 */
#ifndef _TQUIC_ADMISSION_H
#define _TQUIC_ADMISSION_H

struct sk_buff;
struct tquic_dev;
struct tquic_endpoint;
struct tquic_session;

/* A long-header packet at skb->data, linear; consumes @skb. */
void tquic_handshake_rcv(struct tquic_dev *t, struct sk_buff *skb,
			 const struct tquic_endpoint *src);

int tquic_admission_init(struct tquic_session *s);
void tquic_admission_uninit(struct tquic_session *s);

#endif /* _TQUIC_ADMISSION_H */
