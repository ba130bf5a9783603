// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the receive reorder buffer (reorder.c).
 *
 * The input is a script: each operation is one byte (the low two bits
 * choose it) followed by its argument bytes. Operations insert a sequence
 * number (near the next one due, or anywhere, as a hostile peer may
 * send), advance the clock, or change the delay estimates; the buffer is
 * drained after each. The window is small so that every overflow path is
 * reached. Numbers past 2^62 (beyond the wire's varint) must be refused.
 *
 * Properties checked (a trap when one fails):
 *  - items come out in strictly increasing order, each one the item stored
 *    for its sequence number, never one that was not stored;
 *  - the held count matches the slots, and never exceeds the window;
 *  - after a drain, whatever is held is due later, within a cap from now;
 *  - every sequence number inserted is accounted for: delivered, dropped
 *    (late or duplicate) or skipped; after the cap everything is out.
 */
#include <stdint.h>
#include <stddef.h>

#include "proto.h"
#include "reorder.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

#define WIN	8
#define CAP	50000
#define SEQ_MAX	((1ULL << 62) - 1)

static struct tquic_reorder r;
static struct tquic_reorder_slot slots[WIN];
static u64 items[WIN];
static u64 now, last;
static bool any;

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

	for (i = 0; i < WIN; i++)
		if (slots[i].state == TQUIC_RSLOT_HELD) {
			held++;
			REQUIRE(slots[i].seq >= r.next);
			REQUIRE(slots[i].seq - r.next < WIN);
			REQUIRE(tquic_reorder_index(&r, slots[i].seq) == i);
			REQUIRE(r.oldest_us <= slots[i].arrival_us);
		}
	REQUIRE(held == r.held);
	REQUIRE(r.timeout_us <= CAP);
}

static void out(u64 seq, u64 item)
{
	REQUIRE(item == seq);
	REQUIRE(!any || seq > last);
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
	/*
	 * What is still held is due later, and no later than a cap from now:
	 * a caller that drains at the deadline holds nothing past the cap.
	 */
	REQUIRE(!r.held || tquic_reorder_deadline(&r) > now);
	REQUIRE(!r.held || tquic_reorder_deadline(&r) <= now + CAP);
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
	} else if (v == TQUIC_REORDER_HOLD) {
		unsigned int i = tquic_reorder_index(&r, seq);

		/* The slot handed out must not hold another item. */
		REQUIRE(items[i] == ~0ULL);
		items[i] = seq;
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

	base = take(&data, &size, 1) << 40;
	REQUIRE(!tquic_reorder_init(&r, slots, WIN, base, CAP));
	for (i = 0; i < WIN; i++)
		items[i] = ~0ULL;
	now = 0;
	any = false;
	while (size) {
		u8 op = take(&data, &size, 1);
		u64 arg;

		switch (op & 3) {
		case 0:		/* a sequence number near the next one */
			arg = r.next + (op >> 2) - 8;
			if (arg <= SEQ_MAX) {
				insert(arg);
				inserted++;
			}
			break;
		case 1:		/* anywhere, as a hostile peer may send */
			arg = take(&data, &size, 8);
			if (op & 4)
				arg &= SEQ_MAX;
			insert(arg);
			inserted++;
			break;
		case 2:		/* time passes */
			now += take(&data, &size, 2) << (op >> 5);
			drain();
			break;
		case 3:		/* the paths' delays change */
			arg = take(&data, &size, 2);
			tquic_reorder_set_timeout(&r, arg << (op >> 5),
						  take(&data, &size, 1) << 6);
			drain();
			break;
		}
		check_slots();
	}
	/* Past every deadline, everything is out. */
	now += CAP;
	drain();
	check_slots();
	REQUIRE(r.held == 0);
	REQUIRE(r.stats.delivered + r.stats.late + r.stats.dup <= inserted);
	REQUIRE(r.stats.delivered + r.stats.late + r.stats.dup == inserted);
	return 0;
}
