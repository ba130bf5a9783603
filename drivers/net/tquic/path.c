// SPDX-License-Identifier: GPL-2.0
/*
 * Paths (draft-ietf-quic-multipath): their state machine and life cycle.
 *
 * The client opens one path per slave, each with a UDP socket bound to
 * the slave and a path ID that is never reused; the server learns paths
 * from authenticated packets of path IDs it has not seen. Both ends
 * validate a path (PATH_CHALLENGE/PATH_RESPONSE) before sending data on
 * it; a path is DOWN, VALIDATING, ACTIVE or FAILED, and failed paths are
 * probed until they answer again. How packets are sent on a path is
 * send.c's, how losses and failures are repaired recovery.c's, what its
 * timer does timers.c's.
 *
 * Contexts: the life cycle runs under RTNL (ndo_open, ndo_stop, slave
 * and configuration changes); frames and learning from softirq; the
 * session's events from its work items.
 *
 * Invariants: the paths array lives from ndo_open to ndo_stop and the data
 * path reaches it under RCU-BH through tquic_dev.paths; slots are taken
 * and freed under tquic_dev.path_lock; two paths' locks are never held at
 * once. Lock order: device.c.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/udp_tunnel.h>

#include "core/frame.h"
#include "core/sched.h"
#include "keypair.h"
#include "path.h"
#include "recovery.h"
#include "reorder_buf.h"
#include "send.h"
#include "session.h"
#include "socket.h"
#include "timers.h"
#include "tquic.h"
#include "xmit.h"

/**
 * tquic_path_find() - the path with ID @id
 * @t: the device
 * @id: path ID
 *
 * Caller holds rcu_read_lock_bh().
 *
 * Return: the path or NULL.
 */
struct tquic_path *tquic_path_find(struct tquic_dev *t, u32 id)
{
	struct tquic_path *paths = tquic_paths(t);
	unsigned int i;

	if (!paths)
		return NULL;
	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		if (READ_ONCE(paths[i].in_use) && READ_ONCE(paths[i].id) == id)
			return &paths[i];
	return NULL;
}

/* Renumber: under p->lock, for tquic_path_id_locked()'s readers. */
static void path_set_id(struct tquic_path *p, u32 id)
{
	lockdep_assert_held(&p->lock);
	WRITE_ONCE(p->id, id);
}

static void path_reset(struct tquic_path *p, u64 now)
{
	tquic_recovery_reset(p);
	p->kp = NULL;
	tquic_rtt_init(&p->rtt);
	tquic_cc_init(&p->cc, TQUIC_PATH_MSS, now);
	p->status_seq_rx = 0;
	p->status_due = true;
	p->challenge_out = 0;
	p->probe_at_us = now;
	p->failed_at_us = 0;
	p->have_proved = false;
	WRITE_ONCE(p->amp_limited, false);
	p->keep_cc = false;
}

/* A path for another slave or client path: its counters start over. */
static void path_new(struct tquic_path *p, u64 now)
{
	/* A new path on the slot may have another socket and slave. */
	dst_cache_reset(&p->dst_cache);
	path_reset(p, now);
	memset(&p->st, 0, sizeof(p->st));
	atomic64_set(&p->rx_packets, 0);
	atomic64_set(&p->rx_bytes, 0);
}

/*
 * Where the path sends to, under p->lock. Readers that see the new
 * endpoint find no route cached for the old one.
 */
static void path_set_remote(struct tquic_path *p,
			    const struct tquic_endpoint *ep, bool have)
{
	lockdep_assert_held(&p->lock);

	if (p->have_remote == have && !memcmp(&p->remote, ep, sizeof(*ep)))
		return;
	write_seqcount_begin(&p->remote_seq);
	dst_cache_reset(&p->dst_cache);
	p->remote = *ep;
	p->have_remote = have;
	write_seqcount_end(&p->remote_seq);
}

/* Does @data answer one of the path's outstanding challenges? */
static bool path_challenged(struct tquic_path *p, const u8 *data)
{
	unsigned int i;

	lockdep_assert_held(&p->lock);
	for (i = 0; i < TQUIC_PATH_CHALLENGES; i++)
		if ((p->challenge_out & BIT(i)) &&
		    !memcmp(data, p->challenge[i], TQUIC_PATH_CHALLENGE_LEN))
			return true;
	return false;
}

static void path_validated(struct tquic_dev *t, struct tquic_path *p,
			   const u8 *data)
{
	u64 now = tquic_now_us();
	bool ok;

	BUILD_BUG_ON(TQUIC_PATH_CHALLENGES > 8 * sizeof(p->challenge_out));
	spin_lock_bh(&p->lock);
	ok = p->state != TQUIC_PATH_ACTIVE && p->state != TQUIC_PATH_DOWN &&
	     path_challenged(p, data);
	if (ok) {
		/* Answers to the others, still on their way, validate nothing. */
		p->challenge_out = 0;
		p->state = TQUIC_PATH_ACTIVE;
		p->status_due = false;
		p->proved = p->remote;
		p->have_proved = true;
		WRITE_ONCE(p->amp_limited, false);
		if (!p->keep_cc)
			tquic_cc_init(&p->cc, TQUIC_PATH_MSS, now);
		p->keep_cc = false;
		tquic_path_arm(p, now);
	}
	spin_unlock_bh(&p->lock);
	if (ok) {
		tquic_paths_carrier(t);
		tquic_xmit_flow(t);
	}
}

/* The server forgets a path: the client abandoned it or went silent. */
void tquic_path_forget(struct tquic_dev *t, struct tquic_path *p)
{
	spin_lock_bh(&t->path_lock);
	spin_lock(&p->lock);
	if (p->in_use) {
		tquic_recovery_reset(p);
		p->state = TQUIC_PATH_DOWN;
		WRITE_ONCE(p->in_use, false);
	}
	spin_unlock(&p->lock);
	spin_unlock_bh(&t->path_lock);
}

/**
 * tquic_path_rcv_frame() - a multipath frame of an authenticated packet
 * @t: the device
 * @kp: its keypair
 * @p: the path it came on
 * @f: the frame
 *
 * Softirq, under rcu_read_lock_bh().
 */
void tquic_path_rcv_frame(struct tquic_dev *t, struct tquic_keypair *kp,
			  struct tquic_path *p, const struct tquic_frame *f)
{
	struct tquic_path *q;
	u8 buf[TQUIC_PATH_CTRL_MAX];
	int n;

	switch (f->type) {
	case TQUIC_FT_PATH_CHALLENGE:
		n = tquic_frame_write_path_response(buf, sizeof(buf),
						    f->path_data.data);
		if (n > 0)
			tquic_send_ctrl(t, p, kp, TQUIC_SEND_CTRL, buf, n);
		break;
	case TQUIC_FT_PATH_RESPONSE:
		path_validated(t, p, f->path_data.data);
		break;
	case TQUIC_FT_PATH_ABANDON:
		q = tquic_path_find(t, f->path_abandon.path_id);
		if (!q)
			break;
		tquic_recovery_fail_and_resend(t, q, TQUIC_PATH_FAILED);
		if (!tquic_is_client(t))
			tquic_path_forget(t, q);
		break;
	case TQUIC_FT_PATH_STATUS_BACKUP:
	case TQUIC_FT_PATH_STATUS_AVAILABLE:
		/* The client decides which of its links are backups. */
		q = tquic_path_find(t, f->path_status.path_id);
		if (!q || tquic_is_client(t))
			break;
		spin_lock_bh(&q->lock);
		if (f->path_status.seq > q->status_seq_rx) {
			q->status_seq_rx = f->path_status.seq;
			q->backup = f->type == TQUIC_FT_PATH_STATUS_BACKUP;
		}
		spin_unlock_bh(&q->lock);
		break;
	}
}

/* IP and UDP header bytes of a datagram to or from @ep. */
static u32 ep_headers(const struct tquic_endpoint *ep)
{
	return sizeof(struct udphdr) + (ep->sa.sa_family == AF_INET ?
					sizeof(struct iphdr) :
					sizeof(struct ipv6hdr));
}

/* The same host, perhaps at another port (a NAT rebinding). */
static bool ep_same_host(const struct tquic_endpoint *a,
			 const struct tquic_endpoint *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
	return ipv6_addr_equal(&a->sin6.sin6_addr, &b->sin6.sin6_addr);
}

/*
 * RFC 9000 section 9: the client's newest packet on the path came from
 * @src. Back at the address last validated, the path is as it was; at
 * any other, it is validated before it carries data again, and until
 * then gets no more than the amplification limit allows. Only a new
 * host starts congestion control over (section 9.4). Under p->lock.
 * Return: true if a PATH_CHALLENGE is due now.
 */
static bool path_migrate(struct tquic_path *p, const struct tquic_endpoint *src,
			 u64 now, struct sk_buff_head *resend)
{
	lockdep_assert_held(&p->lock);

	path_set_remote(p, src, true);
	tquic_stat_inc(p->t, TQUIC_XSTATS_PATH_MIGRATIONS);
	if (p->have_proved && !memcmp(&p->proved, src, sizeof(*src))) {
		WRITE_ONCE(p->amp_limited, false);
		if (p->state == TQUIC_PATH_VALIDATING)
			p->state = TQUIC_PATH_ACTIVE;
		p->challenge_out = 0;
		return false;
	}
	/* What was on its way to the old address is sent again, elsewhere. */
	if (p->state == TQUIC_PATH_ACTIVE) {
		tquic_recovery_take_back(p, resend);
		p->state = TQUIC_PATH_VALIDATING;
		p->failed_at_us = now;
	}
	p->keep_cc = p->have_proved && ep_same_host(&p->proved, src);
	p->amp_rx = 0;
	p->amp_tx = 0;
	WRITE_ONCE(p->amp_limited, true);
	p->challenge_out = 0;
	p->probe_at_us = now + TQUIC_PATH_VALIDATE_US;
	return p->state == TQUIC_PATH_VALIDATING;
}

/**
 * tquic_path_rcv() - account an authenticated packet to its path
 * @t: the device
 * @p: the path
 * @src: the peer's endpoint it came from
 * @len: its length
 * @newest: its packet number is the highest the path has had
 *
 * The server follows the client's endpoint of each path (NAT rebinding,
 * a new address), but only on its newest packet: an older one, reordered
 * or replayed from elsewhere, moves nothing. Softirq, under
 * rcu_read_lock_bh().
 */
void tquic_path_rcv(struct tquic_dev *t, struct tquic_path *p,
		    const struct tquic_endpoint *src, unsigned int len,
		    bool newest)
{
	struct sk_buff_head resend;
	struct tquic_keypair *kp;
	bool challenge = false;
	u64 now;

	atomic64_inc(&p->rx_packets);
	atomic64_add(len, &p->rx_bytes);
	if (tquic_is_client(t) ||
	    (!READ_ONCE(p->amp_limited) && READ_ONCE(p->have_remote) &&
	     !memcmp(&p->remote, src, sizeof(*src))))
		return;
	__skb_queue_head_init(&resend);
	now = tquic_now_us();
	spin_lock_bh(&p->lock);
	if (newest && (!p->have_remote ||
		       memcmp(&p->remote, src, sizeof(*src)))) {
		challenge = path_migrate(p, src, now, &resend);
		tquic_path_arm(p, now);
	}
	if (p->amp_limited && !memcmp(&p->remote, src, sizeof(*src)))
		p->amp_rx += len + ep_headers(src);
	spin_unlock_bh(&p->lock);

	tquic_recovery_resend(t, BIT(p->slot), &resend);
	kp = challenge ? tquic_session_tx_keypair(t) : NULL;
	if (kp)
		tquic_send_challenge(t, p, kp);
}

/*
 * May a datagram of @bytes (UDP payload) go to the path's remote? If so
 * it is counted. Under p->lock.
 */
bool tquic_path_amp_allows(struct tquic_path *p, u32 bytes)
{
	lockdep_assert_held(&p->lock);

	if (!p->amp_limited)
		return true;
	bytes += ep_headers(&p->remote);
	if (p->amp_tx + bytes > 3 * p->amp_rx)
		return false;
	p->amp_tx += bytes;
	return true;
}

/**
 * tquic_path_learn() - the server's path for a new path ID of the client
 * @t: the device
 * @id: the path ID of an authenticated packet no path has, no replay
 * @src: where it came from
 * @hint: the slot whose packet-number space holds @id, or TQUIC_MAX_PATHS
 *
 * Takes @hint if it is free (its space goes on with the path's numbers),
 * else a free slot, else the one of the failed path silent longest. The
 * path must validate within TQUIC_PATH_PROOF_US or it is forgotten.
 * Softirq, under rcu_read_lock_bh().
 *
 * Return: the path, or NULL when every slot is busy (drop the packet).
 */
struct tquic_path *tquic_path_learn(struct tquic_dev *t, u32 id,
				    const struct tquic_endpoint *src,
				    unsigned int hint)
{
	struct tquic_path *paths = tquic_paths(t), *p = NULL, *free = NULL;
	struct tquic_path *victim = NULL;
	unsigned int i;
	u64 now = tquic_now_us();

	/* The one ID that names no path is no path to learn either. */
	if (!paths || tquic_is_client(t) || id == TQUIC_PATH_ID_NONE)
		return NULL;
	spin_lock_bh(&t->path_lock);
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *q = &paths[i];

		if (q->in_use && q->id == id) {
			p = q;
			goto out;
		}
		if (!q->in_use) {
			if (!free || i == hint)
				free = q;
		} else if (READ_ONCE(q->state) == TQUIC_PATH_FAILED &&
			   (!victim || q->failed_at_us < victim->failed_at_us)) {
			victim = q;
		}
	}
	p = free ?: victim;
	if (!p)
		goto out;
	spin_lock(&p->lock);
	path_new(p, now);
	path_set_id(p, id);
	p->ifindex = 0;
	p->backup = false;
	p->weight = TQUIC_SCHED_WEIGHT_DEFAULT;
	p->state = TQUIC_PATH_VALIDATING;
	/* Unproved until validated: it goes after TQUIC_PATH_PROOF_US. */
	p->failed_at_us = now;
	path_set_remote(p, src, true);
	p->amp_rx = 0;
	p->amp_tx = 0;
	WRITE_ONCE(p->amp_limited, true);
	WRITE_ONCE(p->in_use, true);
	tquic_path_arm(p, now);
	spin_unlock(&p->lock);
out:
	spin_unlock_bh(&t->path_lock);
	return p;
}

/**
 * tquic_paths_keypair_confirmed() - a new keypair is ready: use it on every path
 * @t: the device
 * @kp: the keypair
 *
 * Paths waiting for validation are challenged now rather than at their
 * next probe; active paths get a PING. Both confirm the keypair to the
 * responder, which switches to it on its first packet.
 */
void tquic_paths_keypair_confirmed(struct tquic_dev *t, struct tquic_keypair *kp)
{
	struct tquic_path *paths;
	unsigned int i;

	rcu_read_lock_bh();
	paths = tquic_paths(t);
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];
		u8 state = READ_ONCE(p->state);

		if (!READ_ONCE(p->in_use) || state == TQUIC_PATH_DOWN)
			continue;
		if (state == TQUIC_PATH_ACTIVE)
			tquic_send_ctrl(t, p, kp, TQUIC_SEND_PING, NULL, 0);
		else
			tquic_send_challenge(t, p, kp);
	}
	/* The new keypair started the windows over: room for a stopped queue. */
	tquic_xmit_flow(t);
	rcu_read_unlock_bh();
}

/**
 * tquic_paths_carrier() - carrier of the device from its paths
 * @t: the device
 *
 * On while a slave is up, unless there are paths and every one of them
 * is down or failed. Any context.
 */
void tquic_paths_carrier(struct tquic_dev *t)
{
	struct tquic_path *paths;
	bool any = false, up = false;
	unsigned int i;

	rcu_read_lock_bh();
	paths = tquic_paths(t);
	for (i = 0; paths && i < TQUIC_MAX_PATHS; i++) {
		u8 state = READ_ONCE(paths[i].state);

		if (!READ_ONCE(paths[i].in_use))
			continue;
		any = true;
		if (state == TQUIC_PATH_ACTIVE ||
		    state == TQUIC_PATH_VALIDATING)
			up = true;
	}
	rcu_read_unlock_bh();
	if (!READ_ONCE(t->slaves_up) || (any && !up))
		netif_carrier_off(t->dev);
	else
		netif_carrier_on(t->dev);
}

static int path_init(struct tquic_dev *t, struct tquic_path *p, u8 slot)
{
	int err = dst_cache_init(&p->dst_cache, GFP_KERNEL | __GFP_NOWARN);

	if (err)
		return err;
	p->t = t;
	p->slot = slot;
	spin_lock_init(&p->lock);
	seqcount_init(&p->remote_seq);
	tquic_path_timer_setup(p);
	/* Not yet published: the lock is for the helpers' assertions. */
	spin_lock_bh(&p->lock);
	path_new(p, tquic_now_us());
	p->state = TQUIC_PATH_DOWN;
	spin_unlock_bh(&p->lock);
	return 0;
}

/* Sockets go after a grace period: encap_rcv may still be on them. */
static void path_close_sock(struct tquic_path *p)
{
	struct socket *sock = rtnl_dereference(p->sock);

	if (!sock)
		return;
	RCU_INIT_POINTER(p->sock, NULL);
	synchronize_net();
	udp_tunnel_sock_release(sock);
}

/* The client's path for a new slave: a fresh ID and a socket on it. */
static int path_open(struct tquic_dev *t, struct tquic_path *p,
		     const struct tquic_slave *s)
{
	struct socket *sock;

	/* The last ID names no path (pnspace.h): a client has no more. */
	if (t->next_path_id == TQUIC_PATH_ID_NONE)
		return -ENOSPC;
	sock = tquic_socket_create(t, t->cfg.peer_family, 0, s->dev->ifindex);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	rcu_assign_pointer(p->sock, sock);
	spin_lock_bh(&t->path_lock);
	spin_lock(&p->lock);
	path_new(p, tquic_now_us());
	path_set_id(p, t->next_path_id++);
	p->ifindex = s->dev->ifindex;
	p->state = TQUIC_PATH_DOWN;
	WRITE_ONCE(p->in_use, true);
	spin_unlock(&p->lock);
	spin_unlock_bh(&t->path_lock);
	return 0;
}

/*
 * The client gives a path up (its slave went down or away): the server
 * hears it at once on another path, rather than after its probe timeouts,
 * and stops sending there. Its packets in flight go to the other paths.
 */
static void path_abandon(struct tquic_dev *t, struct tquic_path *p)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	u8 buf[TQUIC_PATH_CTRL_MAX];
	struct tquic_keypair *kp;
	unsigned int i;
	int n;

	n = tquic_frame_write_path_abandon(buf, sizeof(buf), p->id, 0);
	rcu_read_lock_bh();
	kp = tquic_session_tx_keypair(t);
	for (i = 0; kp && n > 0 && i < TQUIC_MAX_PATHS; i++) {
		if (&paths[i] == p || !paths[i].in_use ||
		    READ_ONCE(paths[i].state) != TQUIC_PATH_ACTIVE)
			continue;
		tquic_send_ctrl(t, &paths[i], kp, TQUIC_SEND_CTRL, buf, n);
		break;
	}
	rcu_read_unlock_bh();
	p->abandoned = true;
	tquic_recovery_fail_and_resend(t, p, TQUIC_PATH_DOWN);
}

/* A slave left the list: its path goes for good. */
static void path_close(struct tquic_dev *t, struct tquic_path *p)
{
	path_abandon(t, p);
	tquic_path_forget(t, p);
	timer_delete_sync(&p->timer);
	path_close_sock(p);
}

static const struct tquic_slave *slave_of(struct tquic_dev *t, int ifindex)
{
	unsigned int i;

	for (i = 0; i < t->slaves.n; i++)
		if (t->slaves.slave[i].dev->ifindex == ifindex)
			return &t->slaves.slave[i];
	return NULL;
}

/* Follow the slave's state and options. */
static void path_follow(struct tquic_dev *t, struct tquic_path *p,
			const struct tquic_slave *s)
{
	bool up = netif_running(s->dev) && netif_oper_up(s->dev);
	u8 state = READ_ONCE(p->state);
	struct tquic_endpoint ep;
	bool have = tquic_session_peer(t, &ep);

	spin_lock_bh(&p->lock);
	path_set_remote(p, &ep, have);
	if (p->backup != s->backup) {
		p->backup = s->backup;
		p->status_due = true;
		/* Validated paths tell the peer with the next probe: now. */
		if (p->state == TQUIC_PATH_ACTIVE) {
			p->state = TQUIC_PATH_VALIDATING;
			p->probe_at_us = tquic_now_us();
		}
	}
	p->weight = s->weight;
	spin_unlock_bh(&p->lock);
	if (!up && state != TQUIC_PATH_DOWN)
		path_abandon(t, p);
	/* Abandoned IDs are not reused: the server forgot this one. */
	if (up && state == TQUIC_PATH_DOWN &&
	    (!p->abandoned || t->next_path_id != TQUIC_PATH_ID_NONE)) {
		spin_lock_bh(&t->path_lock);
		spin_lock(&p->lock);
		path_reset(p, tquic_now_us());
		if (p->abandoned)
			path_set_id(p, t->next_path_id++);
		p->abandoned = false;
		p->state = TQUIC_PATH_VALIDATING;
		spin_unlock(&p->lock);
		spin_unlock_bh(&t->path_lock);
	}
	spin_lock_bh(&p->lock);
	if (p->state != TQUIC_PATH_DOWN)
		tquic_path_arm(p, tquic_now_us());
	spin_unlock_bh(&p->lock);
}

/*
 * A client path goes when its slave left the list, or when the peer's
 * address family is no longer its socket's: it reopens with a new one.
 */
static bool path_stale(struct tquic_dev *t, struct tquic_path *p)
{
	struct socket *sock = rtnl_dereference(p->sock);

	return !slave_of(t, p->ifindex) ||
	       (sock && sock->sk->sk_family != t->cfg.peer_family);
}

static void paths_sync_client(struct tquic_dev *t, struct tquic_path *paths)
{
	unsigned int i, j;

	for (i = 0; i < TQUIC_MAX_PATHS; i++)
		if (paths[i].in_use && path_stale(t, &paths[i]))
			path_close(t, &paths[i]);
	for (j = 0; j < t->slaves.n; j++) {
		const struct tquic_slave *s = &t->slaves.slave[j];
		struct tquic_path *p = NULL, *free = NULL;

		for (i = 0; i < TQUIC_MAX_PATHS; i++) {
			if (paths[i].in_use &&
			    paths[i].ifindex == s->dev->ifindex)
				p = &paths[i];
			else if (!paths[i].in_use && !free)
				free = &paths[i];
		}
		if (!p && free && !path_open(t, free, s))
			p = free;
		if (p)
			path_follow(t, p, s);
	}
}

/**
 * tquic_paths_sync() - follow the configuration and the slaves' state
 * @t: the device
 *
 * After a change of slaves, of their options, of the mode or reorder
 * timeout, or of a slave's state. RTNL; nothing to do while down.
 */
void tquic_paths_sync(struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);

	ASSERT_RTNL();
	if (paths) {
		if (tquic_is_client(t))
			paths_sync_client(t, paths);
		tquic_reorder_buf_set_cap(&t->reorder, t->cfg.reorder_timeout_ms);
	}
	tquic_paths_carrier(t);
	rcu_read_lock_bh();
	tquic_xmit_flow(t);
	rcu_read_unlock_bh();
}

/**
 * tquic_paths_open() - the paths of a device going up (ndo_open)
 * @t: the device
 *
 * Return: 0 or -ENOMEM.
 */
int tquic_paths_open(struct tquic_dev *t)
{
	struct tquic_path *paths;
	unsigned int i;

	ASSERT_RTNL();
	/* A failure is ndo_open's -ENOMEM, not a stack dump in the log. */
	paths = kvcalloc(TQUIC_MAX_PATHS, sizeof(*paths),
			 GFP_KERNEL | __GFP_NOWARN);
	if (!paths)
		return -ENOMEM;
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		if (path_init(t, &paths[i], i))
			goto undo;
	}
	rcu_assign_pointer(t->paths, paths);
	tquic_paths_sync(t);
	return 0;

undo:
	while (i--)
		dst_cache_destroy(&paths[i].dst_cache);
	kvfree(paths);
	return -ENOMEM;
}

/**
 * tquic_paths_stop() - close every path (ndo_stop)
 * @t: the device
 *
 * After the sockets are closed: nothing receives any more.
 */
void tquic_paths_stop(struct tquic_dev *t)
{
	struct tquic_path *paths = rtnl_dereference(t->paths);
	unsigned int i;

	ASSERT_RTNL();
	if (!paths)
		return;
	RCU_INIT_POINTER(t->paths, NULL);
	synchronize_net();
	for (i = 0; i < TQUIC_MAX_PATHS; i++) {
		struct tquic_path *p = &paths[i];

		timer_shutdown_sync(&p->timer);
		path_close_sock(p);
		spin_lock_bh(&p->lock);
		tquic_recovery_reset(p);
		spin_unlock_bh(&p->lock);
		dst_cache_destroy(&p->dst_cache);
	}
	kvfree(paths);
	tquic_reorder_buf_flush(&t->reorder);
	tquic_paths_carrier(t);
}

/**
 * tquic_paths_init() - path state of a new device (ndo_init)
 * @t: the device
 */
void tquic_paths_init(struct tquic_dev *t)
{
	spin_lock_init(&t->path_lock);
}
