// SPDX-License-Identifier: GPL-2.0
/*
 * Admission of handshake packets (admission.h): what an unauthenticated
 * packet may cost us before anyone has proved who they are.
 *
 * Handshake packets arrive in softirq. Only cheap checks happen there
 * (layout, mac1, Retry token, load); the Diffie-Hellman work is queued to a
 * bounded per-device queue and done by the handshake's work item
 * (handshake.c). Initials without a valid token share one budget of
 * HS_RATE initiations a second; under load they are answered with a Retry
 * (RFC 9000 section 8.1.2) and cost no DH at all. An Initial with a valid
 * token comes from a source that receives at its address: it is limited
 * by that source's own bucket (core/ratelimit.h), never by the global
 * budget, so spoofed floods cannot starve a real client and no one source
 * fills the queue. Handshake and Retry packets must name our pending
 * initiation, and only HS_ANSWERS_MAX of them are queued for each one.
 *
 * Contexts: tquic_handshake_rcv() and all it calls run in softirq and
 * take s->lock (the token secrets, the rate limiters, the copies of the
 * MAC keys, the pending initiation) and s->queue.lock, each on its own.
 * tquic_admission_init() and _uninit() run from tquic_session_init() and
 * _uninit() (RTNL).
 */
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "admission.h"
#include "socket.h"
#include "handshake.h"
#include "tquic.h"

#define HS_QUEUE_LEN		128
/* Queue depth from which Initials without a valid token get a Retry. */
#define HS_LOAD_THRESHOLD	(HS_QUEUE_LEN / 8)
/* Initiations per second we do Diffie-Hellman for, and the burst. */
#define HS_RATE			20
/*
 * Handshake and Retry packets queued for one initiation of ours: an
 * answer, a Retry, and room for duplicates the network made.
 */
#define HS_ANSWERS_MAX		4
#define SECRET_LIFE		(120 * HZ)
#define RETRY_PKT_MAX		128

/* Address bytes and port that a Retry token binds to. */
static bool ep_addr(const struct tquic_endpoint *ep, const u8 **addr,
		    size_t *len, u16 *port)
{
	switch (ep->sa.sa_family) {
	case AF_INET:
		*addr = (const u8 *)&ep->sin.sin_addr;
		*len = sizeof(ep->sin.sin_addr);
		*port = ntohs(ep->sin.sin_port);
		return true;
	case AF_INET6:
		*addr = (const u8 *)&ep->sin6.sin6_addr;
		*len = sizeof(ep->sin6.sin6_addr);
		*port = ntohs(ep->sin6.sin6_port);
		return true;
	default:
		return false;
	}
}

/**
 * tquic_admission_init() - fresh token secrets, full rate buckets
 * @s: a new session
 *
 * Return: 0 or -ENOMEM.
 */
int tquic_admission_init(struct tquic_session *s)
{
	/* Fixed size: a flood of new sources takes over entries (ratelimit.h). */
	s->rl_sources = kvcalloc(TQUIC_RL_ENTRIES, sizeof(*s->rl_sources),
				 GFP_KERNEL);
	if (!s->rl_sources)
		return -ENOMEM;
	get_random_bytes(&s->rl_key, sizeof(s->rl_key));
	get_random_bytes(s->secret, sizeof(s->secret));
	s->secret_born = jiffies;
	s->rl_stamp = jiffies;
	s->rl_tokens = HS_RATE;
	return 0;
}

/**
 * tquic_admission_uninit() - free what tquic_admission_init() allocated
 * @s: a dying session; softirq no longer calls in
 */
void tquic_admission_uninit(struct tquic_session *s)
{
	kvfree(s->rl_sources);
	s->rl_sources = NULL;
}

/* Refill the initiation bucket; caller holds s->lock. */
static void rl_refill(struct tquic_session *s, unsigned long now)
{
	unsigned long add = (now - s->rl_stamp) * HS_RATE / HZ;

	lockdep_assert_held(&s->lock);
	if (!add)
		return;
	s->rl_tokens = min_t(unsigned long, s->rl_tokens + add, HS_RATE);
	s->rl_stamp = now;
}

static void rotate_secret(struct tquic_session *s, unsigned long now)
{
	lockdep_assert_held(&s->lock);
	if (time_before(now, s->secret_born + SECRET_LIFE))
		return;
	memcpy(s->secret[1], s->secret[0], TQUIC_NOISE_KEY_LEN);
	get_random_bytes(s->secret[0], TQUIC_NOISE_KEY_LEN);
	s->secret_born = now;
}

enum admit { ADMIT_QUEUE, ADMIT_RETRY, ADMIT_LIMITED };

/*
 * The bucket of a source: its IPv4 address, or its IPv6 /64 (what one
 * host or one customer of an ISP has). The key is secret, so a sender
 * cannot choose addresses that share a set with someone else's.
 */
static u64 source_tag(const struct tquic_session *s,
		      const struct tquic_endpoint *src)
{
	const struct in6_addr *a6 = &src->sin6.sin6_addr;

	if (src->sa.sa_family == AF_INET)
		return siphash_1u32((__force u32)src->sin.sin_addr.s_addr,
				    &s->rl_key);
	if (ipv6_addr_v4mapped(a6))
		return siphash_1u32((__force u32)a6->s6_addr32[3], &s->rl_key);
	return siphash_2u32((__force u32)a6->s6_addr32[0],
			    (__force u32)a6->s6_addr32[1], &s->rl_key);
}

/*
 * Decide what an Initial with a good mac1 costs us. With a valid token
 * the source has proved it receives at its address: it gets DH work
 * within its own rate (ratelimit.h), whatever the load, so a flood from
 * other addresses cannot starve it. Without one, nothing is charged to
 * the source (anyone can send from its address): DH work while we are
 * not loaded, from the global budget, and a Retry when we are (no DH).
 * On ADMIT_RETRY, @token is filled in.
 */
static enum admit admit_initial(struct tquic_session *s,
				const struct tquic_noise_pkt *p,
				const struct tquic_endpoint *src, u8 *token)
{
	u32 secs = (u32)ktime_get_boottime_seconds();
	u64 now_ns = ktime_get_coarse_boottime_ns();
	unsigned long now = jiffies;
	enum admit verdict;
	const u8 *addr;
	bool token_ok;
	size_t alen;
	u16 port;

	if (!ep_addr(src, &addr, &alen, &port))
		return ADMIT_LIMITED;
	spin_lock_bh(&s->lock);
	rotate_secret(s, now);
	rl_refill(s, now);
	token_ok = p->token_len &&
		   (tquic_noise_token_check(&tquic_noise_kops, s->secret[0],
					    secs, addr, alen, port, p->token,
					    p->token_len) ||
		    tquic_noise_token_check(&tquic_noise_kops, s->secret[1],
					    secs, addr, alen, port, p->token,
					    p->token_len));
	if (token_ok) {
		verdict = tquic_rl_allow(s->rl_sources, source_tag(s, src),
					 now_ns) ? ADMIT_QUEUE : ADMIT_LIMITED;
	} else if (skb_queue_len(&s->queue) >= HS_LOAD_THRESHOLD ||
		   !s->rl_tokens) {
		tquic_noise_token_make(&tquic_noise_kops, s->secret[0],
				       secs + TQUIC_NOISE_TOKEN_LIFE, addr,
				       alen, port, token);
		verdict = ADMIT_RETRY;
	} else {
		s->rl_tokens--;
		verdict = ADMIT_QUEUE;
	}
	spin_unlock_bh(&s->lock);
	return verdict;
}

/*
 * A Handshake or Retry packet for our pending initiation: queue it only
 * if that initiation has not had HS_ANSWERS_MAX of them already, so that
 * one who sees our CID cannot make us do DH work for each packet.
 */
static bool answer_allowed(struct tquic_session *s, const u8 *dcid)
{
	bool ok;

	spin_lock_bh(&s->lock);
	ok = s->pending && !memcmp(dcid, s->pending_cid, TQUIC_CID_LEN) &&
	     s->pending_answers < HS_ANSWERS_MAX;
	if (ok)
		s->pending_answers++;
	spin_unlock_bh(&s->lock);
	return ok;
}

static void send_retry(struct tquic_session *s, const struct tquic_noise_pkt *p,
		       const struct tquic_endpoint *src, const u8 *token,
		       const u8 *retry_key)
{
	struct tquic_dev *t = s->t;
	u8 scid[TQUIC_CID_LEN];
	struct sk_buff *skb;
	int n;

	skb = alloc_skb(TQUIC_SOCKET_HEADROOM + RETRY_PKT_MAX, GFP_ATOMIC);
	if (!skb) {
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_reserve(skb, TQUIC_SOCKET_HEADROOM);
	get_random_bytes(scid, sizeof(scid));
	n = tquic_noise_retry_build(&tquic_noise_kops, skb->data,
				    skb_tailroom(skb), p->scid, scid, token,
				    TQUIC_NOISE_TOKEN_LEN, retry_key, p->mac);
	if (n < 0) {
		kfree_skb(skb);
		tquic_stat_inc(t, TQUIC_XSTATS_TX_ERRORS);
		return;
	}
	skb_put(skb, n);
	if (!tquic_socket_send_raw(t, src, skb))
		tquic_stat_inc(t, TQUIC_XSTATS_HS_COOKIES_SENT);
}

static bool hs_enqueue(struct tquic_session *s, struct sk_buff *skb,
		       const struct tquic_endpoint *src)
{
	bool queued = false;

	BUILD_BUG_ON(sizeof(struct tquic_hs_cb) > sizeof(skb->cb));
	HS_CB(skb)->src = *src;
	spin_lock_bh(&s->queue.lock);
	if (skb_queue_len(&s->queue) < HS_QUEUE_LEN) {
		__skb_queue_tail(&s->queue, skb);
		queued = true;
	}
	spin_unlock_bh(&s->queue.lock);
	if (queued)
		queue_work(s->wq, &s->rx_work);
	return queued;
}

/**
 * tquic_handshake_rcv() - a long-header packet from the data path
 * @t: the device
 * @skb: the UDP payload at skb->data; consumed
 * @src: where it came from
 *
 * Softirq. Checks what is cheap to check and queues the rest for
 * tquic_rx_work(); every packet dropped here is counted.
 */
void tquic_handshake_rcv(struct tquic_dev *t, struct sk_buff *skb,
			 const struct tquic_endpoint *src)
{
	struct tquic_session *s = t->sess;
	struct tquic_noise_mac_keys mac;
	u8 token[TQUIC_NOISE_TOKEN_LEN];
	u8 pending_cid[TQUIC_CID_LEN];
	struct tquic_noise_pkt p;
	bool pending;

	if (!test_bit(S_RUNNING, &s->flags) || !READ_ONCE(s->configured) ||
	    skb_linearize(skb) ||
	    tquic_noise_pkt_parse(skb->data, skb->len, &p))
		goto invalid;

	spin_lock_bh(&s->lock);
	mac = s->mac;
	pending = s->pending;
	memcpy(pending_cid, s->pending_cid, sizeof(pending_cid));
	spin_unlock_bh(&s->lock);

	switch (p.type) {
	case TQUIC_PKT_INITIAL:
		if (!tquic_noise_pkt_mac1_ok(&tquic_noise_kops, skb->data, &p,
					     mac.mac1_rx))
			goto invalid;
		switch (admit_initial(s, &p, src, token)) {
		case ADMIT_QUEUE:
			break;
		case ADMIT_RETRY:
			send_retry(s, &p, src, token, mac.retry_tx);
			goto consumed;
		case ADMIT_LIMITED:
			goto limited;
		}
		break;
	case TQUIC_PKT_HANDSHAKE:
		if (!pending || memcmp(p.dcid, pending_cid, TQUIC_CID_LEN) ||
		    !tquic_noise_pkt_mac1_ok(&tquic_noise_kops, skb->data, &p,
					     mac.mac1_rx))
			goto invalid;
		if (!answer_allowed(s, p.dcid))
			goto limited;
		break;
	case TQUIC_PKT_RETRY:
		if (!pending || memcmp(p.dcid, pending_cid, TQUIC_CID_LEN))
			goto invalid;
		if (!answer_allowed(s, p.dcid))
			goto limited;
		break;
	default:
		goto invalid;
	}
	memzero_explicit(&mac, sizeof(mac));
	if (!hs_enqueue(s, skb, src)) {
		tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_DROPPED);
		kfree_skb(skb);
	}
	return;

invalid:
	tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_INVALID);
	kfree_skb(skb);
	goto out;
limited:
	tquic_stat_inc(t, TQUIC_XSTATS_HS_RX_RATELIMITED);
consumed:
	consume_skb(skb);
out:
	memzero_explicit(&mac, sizeof(mac));
}
