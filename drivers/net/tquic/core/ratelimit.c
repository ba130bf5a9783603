// SPDX-License-Identifier: GPL-2.0
/*
 * Per-source token buckets for handshake initiations (ratelimit.h). Pure
 * code shared with the userspace tests: see proto.h.
 */
#include "proto.h"
#include "ratelimit.h"

/* Credit @e has at @now: what it had, plus the time since, up to the max. */
static u64 credit_at(const struct tquic_rl_entry *e, u64 now)
{
	u64 idle = now > e->stamp ? now - e->stamp : 0;

	if (idle >= TQUIC_RL_CREDIT_MAX)
		return TQUIC_RL_CREDIT_MAX;
	return e->credit + idle < TQUIC_RL_CREDIT_MAX ?
	       e->credit + idle : TQUIC_RL_CREDIT_MAX;
}

/*
 * The entry of @tag in its set, or the one to take over for it: a
 * never-used or refilled one (forgetting a full bucket changes nothing),
 * else the one brought up to date longest ago.
 */
static struct tquic_rl_entry *find(struct tquic_rl_entry *set, u64 tag,
				   u64 now, bool *found)
{
	struct tquic_rl_entry *victim = &set[0];
	unsigned int i;

	*found = false;
	for (i = 0; i < TQUIC_RL_WAYS; i++) {
		if (set[i].tag == tag) {
			*found = true;
			return &set[i];
		}
	}
	for (i = 0; i < TQUIC_RL_WAYS; i++) {
		if (!set[i].tag ||
		    credit_at(&set[i], now) == TQUIC_RL_CREDIT_MAX)
			return &set[i];
		if (set[i].stamp < victim->stamp)
			victim = &set[i];
	}
	return victim;
}

bool tquic_rl_allow(struct tquic_rl_entry *table, u64 tag, u64 now_ns)
{
	struct tquic_rl_entry *set, *e;
	bool found;
	u64 credit;

	/* Tag 0 marks a free entry. */
	if (!tag)
		tag = 1;
	set = &table[(tag & (TQUIC_RL_SETS - 1)) * TQUIC_RL_WAYS];
	e = find(set, tag, now_ns, &found);
	credit = found ? credit_at(e, now_ns) : TQUIC_RL_CREDIT_MAX;
	e->tag = tag;
	e->stamp = now_ns;
	if (credit < TQUIC_RL_COST) {
		e->credit = credit;
		return false;
	}
	e->credit = credit - TQUIC_RL_COST;
	return true;
}
