/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenSSL 3 backend of the packet-protection core (protection.h), for host tests:
 * the same role crypto.c plays in the kernel, on an independent library.
 */
#ifndef _TQUIC_PROTECTION_OPENSSL_H
#define _TQUIC_PROTECTION_OPENSSL_H

#include "protection.h"

/* One direction's key: what crypto.c's struct tquic_crypto_key holds. */
struct prot_ossl_key {
	struct tquic_prot_key pp;		/* ops and IV, seen by the core */
	enum tquic_prot_cipher cipher;
	u8 key[TQUIC_PROT_KEY_MAX];
	u8 hp[TQUIC_PROT_HP_MAX];
};

/* hmac_sha256 ignores its ctx: pass NULL. */
extern const struct tquic_prot_ops prot_ossl_ops;

int prot_ossl_key_init(struct prot_ossl_key *k, const struct tquic_prot_material *m);
void prot_ossl_key_wipe(struct prot_ossl_key *k);

#endif /* _TQUIC_PROTECTION_OPENSSL_H */
