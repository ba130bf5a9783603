/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenSSL 3 backend of the Noise core (noise.h) for the host tests: the
 * role handshake.c's lib/crypto ops play in the module.
 */
#ifndef _TQUIC_NOISE_OPENSSL_H
#define _TQUIC_NOISE_OPENSSL_H

#include "noise.h"

extern const struct tquic_noise_ops noise_ossl_ops;

/*
 * Ephemeral keys come from RAND_bytes unless a test queues fixed ones
 * (known-answer tests); each queued key is used once.
 */
void noise_ossl_queue_ephemeral(const u8 *priv);
bool noise_ossl_pubkey(u8 *pub, const u8 *priv);

#endif /* _TQUIC_NOISE_OPENSSL_H */
