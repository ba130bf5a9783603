/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Usage limits of one key (RFC 9001 section 6.6): how many packets it may
 * seal (confidentiality limit), when to replace it before that, and how
 * many forged packets it may see fail authentication (integrity limit).
 *
 * A tquic keypair comes from its own handshake and nothing is derived
 * from it across handshakes, so its life is what RFC 9001 calls a
 * connection: its counts start at zero with it.
 *
 * Pure decision logic; the module keeps the counts (keypair.c).
 */
#ifndef _TQUIC_KEYLIMITS_H
#define _TQUIC_KEYLIMITS_H

#include "proto.h"
#include "protection.h"

/* RFC 9001 6.6 and B.1: AEAD_AES_128_GCM. */
#define TQUIC_KEY_AES_GCM_SEAL_MAX	((u64)1 << 23)
#define TQUIC_KEY_AES_GCM_FORGED_MAX	((u64)1 << 52)
/*
 * RFC 9001 6.6 and B.2: ChaCha20-Poly1305's confidentiality limit lies
 * beyond the packet numbers a key can use, so those bound it.
 */
#define TQUIC_KEY_CHACHA_SEAL_MAX	TQUIC_PROT_PN_MAX
#define TQUIC_KEY_CHACHA_FORGED_MAX	((u64)1 << 36)

/*
 * The lowest limits an override may set (the module's testing knobs):
 * a handshake must fit in the quarter of the confidentiality limit
 * left after the rekey starts.
 */
#define TQUIC_KEY_SEAL_MIN		256
#define TQUIC_KEY_FORGED_MIN		1

struct tquic_key_limits {
	u64 seal;	/* packets it may seal, at most */
	u64 rekey_at;	/* packets sealed when its replacement starts */
	u64 forged;	/* failed authentications that retire it */
};

void tquic_key_limits(enum tquic_prot_cipher cipher, u64 seal_max,
		      u64 forged_max, struct tquic_key_limits *l);

/* The packet that makes @sealed packets sealed starts the rekey. */
static inline bool tquic_key_rekey_due(const struct tquic_key_limits *l,
				       u64 sealed)
{
	return sealed >= l->rekey_at;
}

/* @failed authentications so far: the key must go. */
static inline bool tquic_key_forged_out(const struct tquic_key_limits *l,
					u64 failed)
{
	return failed >= l->forged;
}

#endif /* _TQUIC_KEYLIMITS_H */
