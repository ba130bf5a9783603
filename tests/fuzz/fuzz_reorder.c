// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the receive reorder buffer (reorder.c).
 *
 * The input is a script: each operation is one byte (the low three bits
 * choose it) followed by its argument bytes. Operations insert a sequence
 * number (near the next one due, far behind it, or anywhere, as a hostile
 * peer may send), advance the clock, change the delay estimates or the
 * cap, flush, or reset the window as a new session does; the buffer is
 * drained after each. The window is small so that every overflow path is
 * reached. Numbers past 2^62 (beyond the wire's varint) must be refused.
 *
 * Properties checked (a trap when one fails):
 *  - in-order items come out in strictly increasing order, each one the
 *    item stored for its sequence number, never one that was not stored;
 *    late ones are behind the next one due; none comes out twice (until
 *    the sender restarts its numbers);
 *  - the held count matches the slots, never exceeds the window, and
 *    cap 0 holds nothing;
 *  - after a drain, whatever is held is due later, within a cap from now;
 *  - every sequence number inserted is accounted for exactly once:
 *    delivered, late, dropped or duplicate; after the cap everything is
 *    out.
 */
#include <stdint.h>
#include <stddef.h>

#include "proto.h"
#include "reorder.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

#define WIN	8
#define SEQ_MAX	((1ULL << 62) - 1)
/* Distinct deliveries one input can make, with room to spare. */
#define SEEN	(1 << 15)

static struct tquic_reorder r;
static struct tquic_reorder_slot slots[WIN];
static u64 items[WIN];
static u64 now, last, restarts, holds;
static bool any;

/* Open-addressing set of what came out since the last restart. */
static u64 seen[SEEN];
static bool seen_used[SEEN];
static u32 seen_list[SEEN / 2];
static u32 nseen;

static void seen_clear(void)
{
	while (nseen)
		seen_used[seen_list[--nseen]] = false;
}

/* Records @seq; false if it was there already. */
static bool seen_add(u64 seq)
{
	u32 i = (u32)((seq * 0x9e3779b97f4a7c15ULL) >> 49);

	while (seen_used[i]) {
		if (seen[i] == seq)
			return false;
		i = (i + 1) & (SEEN - 1);
	}
	REQUIRE(nseen < SEEN / 2);
	seen_used[i] = true;
	seen[i] = seq;
	seen_list[nseen++] = i;
	return true;
}

static u64 take(const u8 **p, size_t *n, unsigned int bytes)
{
	u64 v = 0;

	while (bytes-- && *n) {
		v = v << 8 | **p;
		(*p)++;
		(*n)--;
	}
	return v;
}

static void check_slots(void)
{
	unsigned int i, held = 0;

	for (i = 0; i < WIN; i++) {
		/* The one sequence number slot i may hold. */
		u64 seq = r.next + ((i - r.next) & (WIN - 1));

		REQUIRE(slots[i].held == (items[i] != ~0ULL));
		if (!slots[i].held)
			continue;
		held++;
		REQUIRE(items[i] == seq);
		REQUIRE(r.oldest_us <= slots[i].arrival_us);
	}
	REQUIRE(held == r.held);
	REQUIRE(!r.cap_us || r.timeout_us <= r.cap_us);
	REQUIRE(r.cap_us || !r.held);
	REQUIRE(r.stats.held == holds);
}

/* A restart begins a new numbering: order and history start over. */
static void follow_restarts(void)
{
	if (r.stats.restarts == restarts)
		return;
	restarts = r.stats.restarts;
	any = false;
	seen_clear();
}

static void out(u64 seq, u64 item)
{
	REQUIRE(item == seq);
	REQUIRE(!any || seq > last);
	REQUIRE(seen_add(seq));
	any = true;
	last = seq;
}

static void drain(void)
{
	u64 seq;

	while (tquic_reorder_release(&r, now, &seq)) {
		unsigned int i = tquic_reorder_index(&r, seq);

		out(seq, items[i]);
		items[i] = ~0ULL;
	}
	follow_restarts();
	/*
	 * What is still held is due later, and no later than a cap from now:
	 * a caller that drains at the deadline holds nothing past the cap.
	 */
	REQUIRE(!r.held || tquic_reorder_deadline(&r) > now);
	REQUIRE(!r.held || tquic_reorder_deadline(&r) <= now + r.cap_us);
}

static void insert(u64 seq)
{
	enum tquic_reorder_verdict v;
	unsigned int rounds = 0;

	while ((v = tquic_reorder_insert(&r, seq, now)) ==
	       TQUIC_REORDER_FLUSH) {
		drain();
		REQUIRE(++rounds < 3);
	}
	if (v == TQUIC_REORDER_DELIVER) {
		out(seq, seq);
	} else if (v == TQUIC_REORDER_LATE) {
		REQUIRE(seq < r.next);
		REQUIRE(seen_add(seq));
	} else if (v == TQUIC_REORDER_HOLD) {
		unsigned int i = tquic_reorder_index(&r, seq);

		/* The slot handed out must not hold another item. */
		REQUIRE(items[i] == ~0ULL);
		items[i] = seq;
		holds++;
	} else {
		REQUIRE(v == TQUIC_REORDER_DROP_LATE ||
			v == TQUIC_REORDER_DROP_DUP);
	}
	drain();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u64 inserted = 0, base;
	unsigned int i;

	/* Each delivery takes an input byte: the set has room for all. */
	if (size >= SEEN / 2)
		return 0;
	base = take(&data, &size, 1) << 40;
	REQUIRE(!tquic_reorder_init(&r, slots, WIN, base, 50000));
	for (i = 0; i < WIN; i++)
		items[i] = ~0ULL;
	now = 0;
	restarts = 0;
	holds = 0;
	any = false;
	seen_clear();
	while (size) {
		u8 op = take(&data, &size, 1);
		u64 arg;

		switch (op & 7) {
		case 0:		/* a sequence number near the next one */
			arg = r.next + (op >> 3) - 8;
			if (arg <= SEQ_MAX) {
				insert(arg);
				inserted++;
			}
			break;
		case 1:		/* anywhere, as a hostile peer may send */
			arg = take(&data, &size, 8);
			if (op & 8)
				arg &= SEQ_MAX;
			insert(arg);
			inserted++;
			break;
		case 2:		/* far behind: too old, or a restart */
			arg = take(&data, &size, 2) + WIN;
			if (arg <= r.next) {
				insert(r.next - arg);
				inserted++;
			}
			break;
		case 3:		/* time passes */
			now += take(&data, &size, 2) << (op >> 4);
			drain();
			break;
		case 4:		/* the paths' delays change */
			arg = take(&data, &size, 2);
			tquic_reorder_set_timeout(&r, arg << (op >> 5),
						  take(&data, &size, 1) << 6);
			drain();
			break;
		case 5:		/* a new cap, maybe 0 */
			tquic_reorder_set_cap(&r, take(&data, &size, 2) *
						  (op >> 3));
			drain();
			break;
		case 6:		/* device stop */
			tquic_reorder_flush(&r);
			drain();
			REQUIRE(!r.held);
			break;
		case 7:		/* a new session */
			arg = take(&data, &size, (op >> 3) & 7);
			tquic_reorder_reset(&r, arg & SEQ_MAX);
			drain();
			REQUIRE(!r.held && r.next == (arg & SEQ_MAX));
			break;
		}
		check_slots();
	}
	/* Past every deadline, everything is out. */
	now += r.cap_us;
	drain();
	check_slots();
	REQUIRE(r.held == 0);
	REQUIRE(r.stats.delivered + r.stats.late + r.stats.dup +
		r.stats.dropped == inserted);
	return 0;
}
