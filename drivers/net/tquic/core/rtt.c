// SPDX-License-Identifier: GPL-2.0
/*
 * RTT estimation, RFC 9002 section 5. Pure code shared with the userspace
 * tests: see proto.h.
 */
#include "proto.h"
#include "rtt.h"

/* Before any sample the estimator answers with RFC 9002's initial RTT. */
void tquic_rtt_init(struct tquic_rtt *r)
{
	r->latest_us = 0;
	r->min_us = 0;
	r->smoothed_us = TQUIC_RTT_INITIAL_US;
	r->var_us = TQUIC_RTT_INITIAL_US / 2;
	r->valid = false;
}

/*
 * Feed one RTT sample: @sample_us from sending the newly acknowledged
 * largest packet to receiving its ACK, and the peer's @ack_delay_us from
 * that ACK frame. The peer's claim is capped at @max_ack_delay_us (it
 * promised not to delay more) and is never subtracted below min_rtt
 * (section 5.3): a peer lying about its delay cannot push the estimate
 * under what the path has shown it can do.
 */
void tquic_rtt_sample(struct tquic_rtt *r, u64 sample_us, u64 ack_delay_us,
		      u64 max_ack_delay_us)
{
	u64 adjusted, diff;

	if (sample_us > TQUIC_RTT_MAX_US)
		sample_us = TQUIC_RTT_MAX_US;
	r->latest_us = sample_us;
	if (!r->valid) {
		r->valid = true;
		r->min_us = sample_us;
		r->smoothed_us = sample_us;
		r->var_us = sample_us / 2;
		return;
	}
	if (sample_us < r->min_us)
		r->min_us = sample_us;
	if (ack_delay_us > max_ack_delay_us)
		ack_delay_us = max_ack_delay_us;
	adjusted = sample_us;
	if (sample_us - r->min_us >= ack_delay_us)
		adjusted = sample_us - ack_delay_us;
	diff = r->smoothed_us > adjusted ? r->smoothed_us - adjusted :
					   adjusted - r->smoothed_us;
	r->var_us = (3 * r->var_us + diff) / 4;
	r->smoothed_us = (7 * r->smoothed_us + adjusted) / 8;
}

/*
 * The congestion controller found the path's base delay risen for good
 * (tquic_cc_on_delay()): @min_us is the minimum from now on. Samples
 * lower than it bring the minimum down again as before.
 */
void tquic_rtt_rebase(struct tquic_rtt *r, u64 min_us)
{
	if (!r->valid || !min_us)
		return;
	r->min_us = min_us > TQUIC_RTT_MAX_US ? TQUIC_RTT_MAX_US : min_us;
}
