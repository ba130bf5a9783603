/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenSSL 3 backend of the packet-protection core (pp.h), for host tests:
 * the same role crypto.c plays in the kernel, on an independent library.
 */
#ifndef _TQUIC_PP_OPENSSL_H
#define _TQUIC_PP_OPENSSL_H

#include "pp.h"

/* One direction's key: what crypto.c's struct tquic_crypto_key holds. */
struct pp_ossl_key {
	struct tquic_pp_key pp;		/* ops and IV, seen by the core */
	enum tquic_pp_cipher cipher;
	u8 key[TQUIC_PP_KEY_MAX];
	u8 hp[TQUIC_PP_HP_MAX];
};

/* hmac_sha256 ignores its ctx: pass NULL. */
extern const struct tquic_pp_ops pp_ossl_ops;

int pp_ossl_key_init(struct pp_ossl_key *k, const struct tquic_pp_material *m);
void pp_ossl_key_wipe(struct pp_ossl_key *k);

#endif /* _TQUIC_PP_OPENSSL_H */
