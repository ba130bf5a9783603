// SPDX-License-Identifier: GPL-2.0
/*
 * Usage limits of a key (keylimits.h), RFC 9001 section 6.6.
 *
 * The rekey starts with a quarter of the confidentiality limit to spare:
 * at 2^23 packets that is two million packets, seconds at any rate a
 * tunnel carries, for a handshake of one round trip and its retries.
 */
#include "keylimits.h"

/*
 * tquic_key_limits() - the limits of a key of @cipher
 * @seal_max: a lower confidentiality limit to use instead, 0 for none
 * @forged_max: a lower integrity limit to use instead, 0 for none
 * @l: out
 *
 * An override may only lower a limit, and never below the minimums.
 */
void tquic_key_limits(enum tquic_prot_cipher cipher, u64 seal_max,
		      u64 forged_max, struct tquic_key_limits *l)
{
	bool chacha = cipher == TQUIC_PROT_CHACHA20_POLY1305;

	l->seal = chacha ? TQUIC_KEY_CHACHA_SEAL_MAX : TQUIC_KEY_AES_GCM_SEAL_MAX;
	l->forged = chacha ? TQUIC_KEY_CHACHA_FORGED_MAX :
			     TQUIC_KEY_AES_GCM_FORGED_MAX;
	if (seal_max && seal_max < l->seal)
		l->seal = seal_max < TQUIC_KEY_SEAL_MIN ? TQUIC_KEY_SEAL_MIN :
							  seal_max;
	if (forged_max && forged_max < l->forged)
		l->forged = forged_max < TQUIC_KEY_FORGED_MIN ?
			    TQUIC_KEY_FORGED_MIN : forged_max;
	l->rekey_at = l->seal - l->seal / 4;
}
