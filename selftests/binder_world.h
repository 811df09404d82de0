/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-process scaffolding on top of binder_proto.h:
 *  - peers: helper processes forked by a test, with a message pipe;
 *  - the registry: a tiny context manager in its own process, handing out
 *    handles by slot number;
 *  - a world: the registry plus a server and a client endpoint in the test
 *    process itself.  Server and client are two opens of the device, so
 *    they are two binder processes even though one task drives both; every
 *    exchange is sequential and needs no threads:
 *
 *	client: BC_TRANSACTION ... (write only)
 *	server: read BR_TRANSACTION, BC_FREE_BUFFER + BC_REPLY
 *	client: read BR_REPLY
 *
 *  - one-exchange helpers that record everything the driver said, and
 *    small test utilities (patterns, our debugfs counters, guarded pages).
 *
 * Everything returns 0 / a BR code / -errno (or a step number) and never
 * aborts the test: every wait has a timeout and children die with the test.
 */
#ifndef BINDER_WORLD_H
#define BINDER_WORLD_H

#include <dirent.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "binder_proto.h"

/* ---- peers: helper processes forked by a test ---- */

/* A child ends itself after this long, whatever happens to the test. */
#define PEER_ALARM_S	30

/*
 * A forked process running a peer function.  In the test, @rx reads what
 * the peer sends and @tx writes to it; in the peer the roles are swapped
 * and @pid is the test's pid.  Messages are 64-bit values.
 */
struct peer {
	pid_t pid;
	int rx;
	int tx;
};

typedef int (*peer_fn)(struct peer *self, void *arg);

/* Needs pipe2(): a test including this defines _GNU_SOURCE first. */
static inline int peer_start(struct peer *p, peer_fn fn, void *arg)
{
	int up[2], down[2];
	pid_t pid;

	if (pipe2(up, O_CLOEXEC) || pipe2(down, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct peer self = { .pid = getppid(), .rx = down[0], .tx = up[1] };

		close(up[0]);
		close(down[1]);
		alarm(PEER_ALARM_S);
		_exit(fn(&self, arg) & 0xff);
	}
	close(up[1]);
	close(down[0]);
	p->pid = pid;
	p->rx = up[0];
	p->tx = down[1];
	return 0;
}

static inline int peer_send(const struct peer *p, uint64_t v)
{
	return write(p->tx, &v, sizeof(v)) == sizeof(v) ? 0 : -EPIPE;
}

/* 0, -ETIMEDOUT, or -EPIPE when the other side has gone. */
static inline int peer_recv(const struct peer *p, uint64_t *v, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->rx, .events = POLLIN };

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return -ETIMEDOUT;
	return read(p->rx, v, sizeof(*v)) == sizeof(*v) ? 0 : -EPIPE;
}

/*
 * Wait for the peer to end by itself and reap it.  Returns its exit status,
 * 128 + signal if killed, or -ETIMEDOUT after killing it when it did not
 * end within @timeout_ms.  Safe to call twice.
 */
static inline int peer_wait(struct peer *p, int timeout_ms)
{
	int status, ret, pidfd;
	struct pollfd pfd;

	if (p->pid <= 0)
		return -ECHILD;
	/* A pidfd polls readable once the process has exited (Linux >= 5.3). */
	pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	pfd.fd = pidfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pidfd < 0 || poll(&pfd, 1, timeout_ms) <= 0)
		kill(p->pid, SIGKILL);
	if (pidfd >= 0)
		close(pidfd);
	ret = waitpid(p->pid, &status, 0) == p->pid ? 0 : -ECHILD;
	if (!ret)
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (pidfd >= 0 && !pfd.revents)
		ret = -ETIMEDOUT;
	if (p->tx >= 0)
		close(p->tx);
	close(p->rx);
	p->pid = 0;
	return ret;
}

/* Tell the peer to finish (it sees EOF on its rx), then peer_wait() it. */
static inline int peer_join(struct peer *p, int timeout_ms)
{
	if (p->pid <= 0)
		return -ECHILD;
	close(p->tx);
	p->tx = -1;
	return peer_wait(p, timeout_ms);
}

/* For teardown: end a peer that may still run. */
static inline void peer_kill(struct peer *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		peer_join(p, 1000);
	}
}

/* In a peer function: give up with @step as exit status unless @cond. */
#define PEER_CHECK(cond, step)		\
	do {				\
		if (!(cond))		\
			return (step);	\
	} while (0)

/* ---- the registry: a tiny context manager in its own process ---- */

/*
 * Tests need a context manager to hand out handles, and it cannot live in
 * the test's own process: upstream refuses calls to handle 0 from any fd of
 * the process owning the manager (it compares pids).  The registry keeps
 * REG_SLOTS slots, each a strong or weak handle it holds a ref on.  The
 * request data starts with a u32 slot number; a failure is a
 * TF_STATUS_CODE reply holding an int32 -errno.  Oneway requests get no
 * reply.
 */
enum {
	REG_PUT = 1,	/* struct reg_msg: store its HANDLE or WEAK_HANDLE object
			 * (replacing, and releasing, what the slot held) */
	REG_GET,	/* reply: a HANDLE object for the slot */
	REG_GET_WEAK,	/* reply: a WEAK_HANDLE object for the slot */
	REG_OWN,	/* no slot; reply: a BINDER object of the registry's node */
	REG_EXIT,	/* no slot; reply, then the registry exits */
	REG_COUNT,	/* reply: u32 strong, weak (GET_NODE_INFO_FOR_REF) */
};

#define REG_SLOTS	8
#define REG_NODE	0x5e600ull	/* the registry's own node (REG_OWN) */
#define REG_TMO		3000
#define REG_ALARM_S	120

struct reg_msg {
	uint32_t slot;
	uint32_t pad;
	struct flat_binder_object obj;
};

struct reg_slot {
	uint32_t type;		/* BINDER_TYPE_HANDLE or _WEAK_HANDLE; 0: empty */
	uint32_t handle;
};

struct registry {
	struct peer p;
};

/* Serve one request @tr; returns 1 after REG_EXIT, else 0. */
static inline int registry_serve(struct endpoint *ep, const struct binder_transaction_data *tr,
				 struct reg_slot *slots)
{
	const struct reg_msg *m = txn_data(tr);
	static const binder_size_t off0;
	struct flat_binder_object obj;
	struct reg_slot *s = NULL;
	uint32_t counts[2] = { ~0u, ~0u };
	const void *reply = NULL;
	size_t reply_size = 0;
	int32_t status = 0;
	struct cmdbuf c;

	cmd_reset(&c);
	if (tr->data_size >= sizeof(uint32_t) && m->slot < REG_SLOTS)
		s = &slots[m->slot];
	if (!s && tr->code != REG_OWN && tr->code != REG_EXIT) {
		status = -EINVAL;
	} else if (tr->code == REG_PUT) {
		uint32_t type = tr->data_size >= sizeof(*m) ? m->obj.hdr.type : 0;

		if (tr->offsets_size != sizeof(binder_size_t) ||
		    txn_offsets(tr)[0] != offsetof(struct reg_msg, obj) ||
		    (type != BINDER_TYPE_HANDLE && type != BINDER_TYPE_WEAK_HANDLE)) {
			status = -EINVAL;
		} else {
			/* Take the new ref before dropping the old: they may be one. */
			cmd_ref(&c, type == BINDER_TYPE_HANDLE ? BC_ACQUIRE : BC_INCREFS,
				m->obj.handle);
			if (s->type)
				cmd_ref(&c, s->type == BINDER_TYPE_HANDLE ? BC_RELEASE : BC_DECREFS,
					s->handle);
			s->type = type;
			s->handle = m->obj.handle;
		}
	} else if (tr->code == REG_GET || tr->code == REG_GET_WEAK) {
		if (!s->type)
			status = -ENOENT;
		obj = fbo_handle(tr->code == REG_GET ? BINDER_TYPE_HANDLE : BINDER_TYPE_WEAK_HANDLE,
				 s->handle);
	} else if (tr->code == REG_OWN) {
		obj = fbo_binder(BINDER_TYPE_BINDER, REG_NODE, REG_NODE + 1, 0x7f);
	} else if (tr->code == REG_COUNT) {
		struct binder_node_info_for_ref info = { .handle = s->handle };

		if (!s->type)
			status = -ENOENT;
		else if (!xioctl(ep->fd, BINDER_GET_NODE_INFO_FOR_REF, &info)) {
			counts[0] = info.strong_count;
			counts[1] = info.weak_count;
		}
		reply = counts;
		reply_size = sizeof(counts);
	} else if (tr->code != REG_EXIT) {
		status = -EINVAL;
	}
	cmd_free_buffer(&c, tr->data.ptr.buffer);
	if (tr->flags & TF_ONE_WAY) {
		ep_write(ep, &c);
		return 0;
	}
	if (status)
		cmd_txn(&c, BC_REPLY, 0, 0, TF_STATUS_CODE, &status, sizeof(status), NULL, 0);
	else if (tr->code == REG_GET || tr->code == REG_GET_WEAK || tr->code == REG_OWN)
		cmd_txn(&c, BC_REPLY, 0, 0, 0, &obj, sizeof(obj), &off0, sizeof(off0));
	else
		cmd_txn(&c, BC_REPLY, 0, 0, 0, reply, reply_size, NULL, 0);
	ep_write(ep, &c);
	return tr->code == REG_EXIT;
}

struct registry_args {
	const char *dev;
	size_t map_size;
};

static inline int registry_main(struct peer *self, void *arg)
{
	const struct registry_args *a = arg;
	struct reg_slot slots[REG_SLOTS] = { { 0 } };
	struct endpoint ep;
	int i, ret;

	/* Die with the test, even if a child still holds our pipe. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(REG_ALARM_S);
	ret = ep_open(&ep, a->dev, a->map_size, 0);
	if (!ret)
		ret = ep_become_manager_retry(&ep, NULL);
	if (!ret)
		ret = ep_enter_looper(&ep);
	peer_send(self, (uint64_t)(int64_t)ret);
	if (ret)
		return 1;
	for (;;) {
		struct pollfd pfd[2] = { { .fd = ep.fd, .events = POLLIN },
					 { .fd = self->rx, .events = POLLIN } };
		struct retlist l;

		if (poll(pfd, 2, -1) < 0)
			continue;
		if (pfd[1].revents)
			return 0;	/* the test is done with us */
		if (ep_xfer(&ep, NULL, &l))
			continue;
		for (i = 0; i < l.n; i++)
			if (l.r[i].cmd == BR_TRANSACTION && registry_serve(&ep, &l.r[i].tr, slots))
				return 0;
		ep_ack_refs(&ep, &l);	/* refs on REG_NODE */
	}
}

/* Start the registry on @dev (mapping @map_size); 0 once it is the manager. */
static inline int registry_start(struct registry *r, const char *dev, size_t map_size)
{
	struct registry_args a = { .dev = dev, .map_size = map_size };
	uint64_t v;
	int ret = peer_start(&r->p, registry_main, &a);

	if (ret)
		return ret;
	ret = peer_recv(&r->p, &v, 5000);
	if (!ret)
		ret = (int)(int64_t)v;
	if (ret)
		peer_kill(&r->p);
	return ret;
}

static inline void registry_stop(struct registry *r)
{
	if (r->p.pid > 0)
		peer_join(&r->p, 3000);
}

/* ---- talking to the registry ---- */

/*
 * One registry request; 0 with the reply in @r (the caller frees it), the
 * registry's -errno for a status reply, or -errno / -EPROTO.
 */
static inline int reg_call(struct endpoint *ep, uint32_t code, const void *data, size_t size,
			   const binder_size_t *offs, size_t offs_size, struct ret *r)
{
	int ret = ep_call(ep, 0, code, TF_ACCEPT_FDS, data, size, offs, offs_size, r, REG_TMO);

	if (ret != BR_REPLY)
		return ret < 0 ? ret : -EPROTO;
	if (r->tr.flags & TF_STATUS_CODE) {
		ret = r->tr.data_size == sizeof(int32_t) ? *(const int32_t *)txn_data(&r->tr) : 0;
		ep_free(ep, &r->tr);
		return ret < 0 ? ret : -EPROTO;
	}
	return 0;
}

/* Store @obj (a BINDER object of @ep's own node, say) in @slot. */
static inline int reg_put(struct endpoint *ep, uint32_t slot, const struct flat_binder_object *obj)
{
	struct reg_msg m = { .slot = slot, .obj = *obj };
	binder_size_t off = offsetof(struct reg_msg, obj);
	struct ret r;
	int ret = reg_call(ep, REG_PUT, &m, sizeof(m), &off, sizeof(off), &r);

	return ret ? ret : ep_free(ep, &r.tr);
}

/* Make a node (@ptr, @cookie, @flags) of @ep known as @slot. */
static inline int ep_publish(struct endpoint *ep, uint32_t slot, uint64_t ptr, uint64_t cookie,
			     uint32_t flags)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, ptr, cookie, flags);

	return reg_put(ep, slot, &o);
}

/* Take the handle object of a registry reply, keeping a ref (BC_@bc_ref) on it. */
static inline int reg_take_handle(struct endpoint *ep, struct ret *r, uint32_t type,
				  uint32_t bc_ref, uint32_t *handle)
{
	const struct flat_binder_object *o = NULL;

	if (r->tr.data_size >= sizeof(*o) && r->tr.offsets_size == sizeof(binder_size_t))
		o = txn_obj(&r->tr, 0);
	if (!o || o->hdr.type != type) {
		ep_free(ep, &r->tr);
		return -ENOENT;
	}
	*handle = o->handle;
	return ep_free_ref(ep, &r->tr, bc_ref, *handle);
}

/* A handle to the node in @slot, strong (kept with BC_ACQUIRE) or weak (BC_INCREFS). */
static inline int reg_get(struct endpoint *ep, uint32_t slot, bool weak, uint32_t *handle)
{
	struct ret r;
	int ret = reg_call(ep, weak ? REG_GET_WEAK : REG_GET, &slot, sizeof(slot), NULL, 0, &r);

	if (ret)
		return ret;
	return weak ? reg_take_handle(ep, &r, BINDER_TYPE_WEAK_HANDLE, BC_INCREFS, handle)
		    : reg_take_handle(ep, &r, BINDER_TYPE_HANDLE, BC_ACQUIRE, handle);
}

/* The registry's own node as a handle in @ep (strong ref kept). */
static inline int reg_own(struct endpoint *ep, uint32_t *handle)
{
	struct ret r;
	int ret = reg_call(ep, REG_OWN, NULL, 0, NULL, 0, &r);

	return ret ? ret : reg_take_handle(ep, &r, BINDER_TYPE_HANDLE, BC_ACQUIRE, handle);
}

/*
 * The node behind @slot as the context manager sees it
 * (BINDER_GET_NODE_INFO_FOR_REF): *strong = local + internal strong refs.
 */
static inline int reg_count(struct endpoint *ep, uint32_t slot, uint32_t *strong, uint32_t *weak)
{
	uint32_t counts[2];
	struct ret r;
	int ret = reg_call(ep, REG_COUNT, &slot, sizeof(slot), NULL, 0, &r);

	if (ret)
		return ret;
	ret = -ENOENT;
	if (r.tr.data_size == sizeof(counts)) {
		memcpy(counts, txn_data(&r.tr), sizeof(counts));
		*strong = counts[0];
		*weak = counts[1];
		ret = counts[0] == ~0u ? -EINVAL : 0;
	}
	ep_free(ep, &r.tr);
	return ret;
}

/* ---- the world: registry, a server endpoint and a client endpoint ---- */

/* world_link(): one node under test. */
#define SRV_PTR		0x5000
#define SRV_COOKIE	0xc0de5000

/* world_link_abw(): the server's nodes, published in registry slots 0..2. */
#define NODE_A		0xa0000ull	/* accepts fds */
#define COOKIE_A	0xa0001ull
#define NODE_B		0xb0000ull	/* does not accept fds */
#define COOKIE_B	0xb0001ull
#define NODE_W		0xc0000ull	/* the client only gets a weak ref */
#define COOKIE_W	0xc0001ull

/* The mapping of the hostile-input tests' endpoints. */
#define WORLD_MAP	(256 * 1024)

struct world {
	struct registry reg;
	struct endpoint srv;	/* owns the node(s) under test */
	struct endpoint cli;	/* calls them */
	uint32_t h;		/* world_link(): cli's handle to SRV_PTR */
	uint32_t h_a, h_b, h_w;	/* world_link_abw(): to NODE_A/B (strong), NODE_W (weak) */
	struct peer peer;	/* a helper process, if the test needs one */
};

/* The registry, srv (a looper) and cli, each mapping @map_size bytes. */
static inline int world_open(struct world *w, const char *dev, size_t map_size)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->srv.fd = w->cli.fd = -1;
	ret = registry_start(&w->reg, dev, map_size);
	if (!ret)
		ret = ep_open(&w->srv, dev, map_size, 0);
	if (!ret)
		ret = ep_open(&w->cli, dev, map_size, 0);
	if (!ret)
		ret = ep_enter_looper(&w->srv);
	return ret;
}

/* Publish srv's node (with @flags) in slot 0 and give cli a handle to it. */
static inline int world_link(struct world *w, uint32_t flags)
{
	int ret = ep_publish(&w->srv, 0, SRV_PTR, SRV_COOKIE, flags);

	return ret ? ret : reg_get(&w->cli, 0, false, &w->h);
}

/* Publish NODE_A/B/W in slots 0..2; cli gets h_a, h_b (strong) and h_w (weak). */
static inline int world_link_abw(struct world *w)
{
	int ret = ep_publish(&w->srv, 0, NODE_A, COOKIE_A, FLAT_BINDER_FLAG_ACCEPTS_FDS | 0x7f);

	if (!ret)
		ret = ep_publish(&w->srv, 1, NODE_B, COOKIE_B, 0x7f);
	if (!ret)
		ret = ep_publish(&w->srv, 2, NODE_W, COOKIE_W, 0x7f);
	if (!ret)
		ret = reg_get(&w->cli, 0, false, &w->h_a);
	if (!ret)
		ret = reg_get(&w->cli, 1, false, &w->h_b);
	if (!ret)
		ret = reg_get(&w->cli, 2, true, &w->h_w);
	return ret;
}

static inline void world_close(struct world *w)
{
	peer_kill(&w->peer);
	ep_close(&w->cli);
	ep_close(&w->srv);
	registry_stop(&w->reg);
}

/* The server's next BR_TRANSACTION into @in; returns its BR code. */
static inline int srv_next(struct world *w, struct ret *in)
{
	return ep_read_until(&w->srv, BR_TRANSACTION, NULL, in, BT_TMO);
}

/* ---- test data ---- */

static inline uint8_t pattern_byte(size_t i, uint32_t seed)
{
	return (uint8_t)((i * 131 + seed * 7 + (i >> 8)) ^ seed);
}

/* Deterministic test data. */
static inline void fill_pattern(void *buf, size_t n, uint32_t seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pattern_byte(i, seed);
}

static inline bool check_pattern(const void *buf, size_t n, uint32_t seed)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pattern_byte(i, seed))
			return false;
	return true;
}

/* ---- whole exchanges ---- */

/*
 * One synchronous round trip of @size bytes each way, checked on both ends:
 * the server sees the client's bytes, the client the server's.  Returns 0 or
 * the number of the step that failed, for the log.
 */
static inline int world_round_trip(struct world *w, size_t size, uint32_t seed)
{
	uint8_t *req = malloc(size + 1), *rep = malloc(size + 1);
	struct ret in, out;
	int step = 0;

	fill_pattern(req, size, seed);
	fill_pattern(rep, size, seed + 1);
	if (ep_send(&w->cli, w->h, (uint32_t)size, 0, req, size, NULL, 0))
		step = 1;
	else if (srv_next(w, &in) != BR_TRANSACTION)
		step = 2;
	else if (in.tr.data_size != size || !check_pattern(txn_data(&in.tr), size, seed))
		step = 3;
	else if (ep_reply(&w->srv, &in.tr, 0, rep, size, NULL, 0))
		step = 4;
	else if (ep_read_until(&w->cli, 0, NULL, &out, BT_TMO) != BR_REPLY)
		step = 5;
	else if (out.tr.data_size != size || !check_pattern(txn_data(&out.tr), size, seed + 1))
		step = 6;
	else if (ep_free(&w->cli, &out.tr))
		step = 7;
	free(req);
	free(rep);
	return step;
}

/* What one call (try_call_ep) came to. */
struct outcome {
	int br;				/* final return to the sender, or -errno */
	int delivered;			/* the server saw BR_TRANSACTION */
	int inspect;			/* what the inspector returned */
	struct binder_extended_error ee;	/* the sender's, after the call */
	struct binder_transaction_data rx;	/* what the server received */
};

typedef int (*inspector_t)(const struct binder_transaction_data *tr, void *arg);

/*
 * @cli sends BC_TRANSACTION (or BC_TRANSACTION_SG when @sg_size >= 0) with
 * code 0x77 to @handle; @srv (may be NULL) answers whatever arrives (after
 * letting @inspect look at it) with an empty reply; the outcome lands in
 * @out.  The client's reply buffer is freed.  Returns @out->br.
 */
static inline int try_call_ep(struct endpoint *cli, struct endpoint *srv, uint32_t handle,
			      uint32_t flags, const void *data, size_t size,
			      const binder_size_t *offs, size_t offs_size, long long sg_size,
			      inspector_t inspect, void *arg, struct outcome *out)
{
	struct cmdbuf c;
	struct ret r;
	int ret;

	memset(out, 0, sizeof(*out));
	cmd_reset(&c);
	if (sg_size >= 0)
		cmd_txn_sg(&c, BC_TRANSACTION_SG, handle, 0x77, flags, data, size, offs,
			   offs_size, sg_size);
	else
		cmd_txn(&c, BC_TRANSACTION, handle, 0x77, flags, data, size, offs, offs_size);
	ret = ep_write(cli, &c);
	if (ret) {
		out->br = ret;
		return ret;
	}
	/* An error is queued before the write returns; a call is queued too. */
	ret = ep_wait(cli, 0, &r, 50);
	if (ret == -ETIMEDOUT && srv && ep_wait(srv, BR_TRANSACTION, &r, 1000) == BR_TRANSACTION) {
		out->delivered = 1;
		out->rx = r.tr;
		if (inspect)
			out->inspect = inspect(&r.tr, arg);
		ep_reply(srv, &r.tr, 0, NULL, 0, NULL, 0);
		ret = ep_wait(cli, 0, &r, 1500);
	} else if (ret == -ETIMEDOUT) {
		ret = ep_wait(cli, 0, &r, 500);
	}
	out->br = ret;
	if (ret == BR_REPLY)
		ep_free(cli, &r.tr);
	if (xioctl(cli->fd, BINDER_GET_EXTENDED_ERROR, &out->ee))
		out->ee.command = ~0u;
	return ret;
}

/* try_call_ep() from the world's client to its server, TF_ACCEPT_FDS. */
static inline int try_call(struct world *w, uint32_t handle, const void *data, size_t size,
			   const binder_size_t *offs, size_t offs_size, long long sg_size,
			   struct outcome *out)
{
	return try_call_ep(&w->cli, &w->srv, handle, TF_ACCEPT_FDS, data, size, offs, offs_size,
			   sg_size, NULL, NULL, out);
}

/*
 * A plain call from the client to NODE_A that must work: the server sees
 * code 0x77 and the 8 data bytes.  Returns 0, or the step that failed.
 */
static inline int good_call(struct world *w)
{
	uint64_t v = 0x1122334455667788ull;
	struct outcome o;

	try_call(w, w->h_a, &v, sizeof(v), NULL, 0, -1, &o);
	if (o.br != BR_REPLY)
		return 1;
	if (!o.delivered)
		return 2;
	if (o.rx.target.ptr != NODE_A || o.rx.cookie != COOKIE_A || o.rx.code != 0x77)
		return 3;
	if (o.rx.data_size != sizeof(v))
		return 4;
	return 0;
}

/* Finish a call the client already sent: serve it, read the reply. */
static inline int finish_call(struct world *w)
{
	struct ret r;

	if (ep_wait(&w->srv, 0, &r, 1000) != BR_TRANSACTION)
		return 1;
	if (ep_reply(&w->srv, &r.tr, 0, NULL, 0, NULL, 0))
		return 2;
	if (ep_wait(&w->cli, 0, &r, 1000) != BR_REPLY)
		return 3;
	ep_free(&w->cli, &r.tr);
	return 0;
}

/* Strong count of node A as the context manager sees it; ~0u on error. */
static inline uint32_t count_a(struct world *w)
{
	uint32_t strong, weak;

	return reg_count(&w->cli, 0, &strong, &weak) ? ~0u : strong;
}

/* The sender got BR_FAILED_REPLY with @err as extended error; nothing arrived. */
#define EXPECT_FAILED(o, err) do {					\
	EXPECT_EQ(BR_FAILED_REPLY, (o).br);				\
	EXPECT_EQ(0, (o).delivered);					\
	EXPECT_EQ(BR_FAILED_REPLY, (o).ee.command);			\
	EXPECT_EQ(err, (o).ee.param);					\
} while (0)

/* The call went through and the server saw it. */
#define EXPECT_DELIVERED(o) do {					\
	EXPECT_EQ(BR_REPLY, (o).br);					\
	EXPECT_EQ(1, (o).delivered);					\
	EXPECT_EQ(BR_OK, (o).ee.command);				\
} while (0)

/* ---- threads, our counters, guarded memory ---- */

static inline pid_t sys_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * Wait until thread @tid of this process sleeps in system call @nr (read
 * from /proc/self/task/<tid>/syscall, which names the call only while the
 * thread is blocked).  Used to know that a thread really waits in the
 * driver before the test acts.  0 or -ETIMEDOUT.
 */
static inline int wait_blocked_in(pid_t tid, long nr, int timeout_ms)
{
	char path[64], buf[128], *end;
	int i;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	for (i = 0; i < timeout_ms; i++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

		if (fd >= 0)
			close(fd);
		if (n > 0) {
			buf[n] = 0;
			if (strtol(buf, &end, 10) == nr && end != buf)
				return 0;
		}
		usleep(1000);
	}
	return -ETIMEDOUT;
}

/* Our debugfs counters (ours only; upstream has no equivalent file). */
struct our_counts {
	long node, ref, transaction, buffer, death;
};

static inline void our_counts(struct our_counts *c)
{
	c->node = our_active_objects("node");
	c->ref = our_active_objects("ref");
	c->transaction = our_active_objects("transaction");
	c->buffer = our_active_objects("buffer");
	c->death = our_active_objects("death");
}

static inline bool our_counts_equal(const struct our_counts *a, const struct our_counts *b)
{
	return a->node == b->node && a->ref == b->ref && a->transaction == b->transaction &&
	       a->buffer == b->buffer && a->death == b->death;
}

/* Wait up to @ms for our counters to come back to @want (release is async). */
static inline bool our_counts_settle(const struct our_counts *want, int ms)
{
	struct our_counts now;

	for (;;) {
		our_counts(&now);
		if (our_counts_equal(&now, want) || ms <= 0)
			return our_counts_equal(&now, want);
		usleep(20 * 1000);
		ms -= 20;
	}
}

/* ---- both drivers' object counters ---- */

#define REF_DEBUGFS	"/sys/kernel/debug/binder"
#define STATS_MAX	16

/*
 * The "active" counts of a driver's debugfs counters.  Our "counters"
 * prints every type as "<type>: active <n> created ..."; upstream's
 * "stats" prints a "<type>: active <n> total <n>" line only for the types
 * it has seen (a missing type is 0) and then per-proc sections, indented,
 * which are not counts of live objects and are skipped.
 */
struct drv_stats {
	int n;
	char type[STATS_MAX][24];
	long active[STATS_MAX];
};

/* Read the counters of our driver (@ours) or of the reference one; 0 or -errno. */
static inline int drv_stats_read(bool ours, struct drv_stats *s)
{
	FILE *f = fopen(ours ? OUR_DEBUGFS "/counters" : REF_DEBUGFS "/stats", "r");
	char line[256];

	s->n = 0;
	if (!f)
		return -errno;
	while (s->n < STATS_MAX && fgets(line, sizeof(line), f))
		if (sscanf(line, "%23[a-z_]: active %ld", s->type[s->n], &s->active[s->n]) == 2)
			s->n++;
	fclose(f);
	/* Upstream prints no count before its first object; ours always does. */
	return s->n || !ours ? 0 : -ENODATA;
}

/* The index of @type in @s, or -1 (upstream: a type it has not seen yet). */
static inline int drv_stats_find(const struct drv_stats *s, const char *type)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->type[i], type))
			return i;
	return -1;
}

static inline long drv_stats_get(const struct drv_stats *s, const char *type)
{
	int i = drv_stats_find(s, type);

	return i < 0 ? 0 : s->active[i];
}

/*
 * Whether @now and @want agree on every type either of them names.  The
 * differences go to @diff ("node 5 (want 4) ..."), which must hold 256
 * bytes.
 */
static inline bool drv_stats_same(const struct drv_stats *now, const struct drv_stats *want,
				  char *diff)
{
	size_t len = 0;
	long a, b;
	int i;

	diff[0] = 0;
	for (i = 0; i < now->n + want->n && len < 200; i++) {
		const char *type = i < now->n ? now->type[i] : want->type[i - now->n];

		/* A type both name is compared once, on @now's turn. */
		if (i >= now->n && drv_stats_find(now, type) >= 0)
			continue;
		a = drv_stats_get(now, type);
		b = drv_stats_get(want, type);
		if (a != b)
			len += snprintf(diff + len, 256 - len, "%s %ld (want %ld) ", type, a, b);
	}
	return !diff[0];
}

/*
 * Wait up to @ms for the counters to come back to @want: upstream tears a
 * closed fd down from a workqueue, ours when the last file reference goes,
 * which for an exiting process is still a little after waitpid() can see
 * it.  @diff as for drv_stats_same().
 */
static inline bool drv_stats_settle(bool ours, const struct drv_stats *want, int ms, char *diff)
{
	struct drv_stats now;

	for (;;) {
		if (drv_stats_read(ours, &now)) {
			snprintf(diff, 256, "stats unreadable");
		} else if (drv_stats_same(&now, want, diff)) {
			return true;
		}
		if (ms <= 0)
			return false;
		usleep(20 * 1000);
		ms -= 20;
	}
}

/*
 * A baseline to come back to: the counters once they stopped moving (what
 * an earlier test closed may still be being released).  0 or -errno.
 */
static inline int drv_stats_baseline(bool ours, struct drv_stats *base)
{
	struct drv_stats next;
	char diff[256];
	int i, ret = drv_stats_read(ours, base);

	for (i = 0; i < 30 && !ret; i++) {
		usleep(100 * 1000);
		ret = drv_stats_read(ours, &next);
		if (!ret && drv_stats_same(&next, base, diff))
			return 0;
		*base = next;
	}
	return ret ? ret : -EBUSY;
}

/* Two pages, the second one PROT_NONE: returns the end of the first one. */
static inline uint8_t *guarded_page_end(void)
{
	uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p + 4096, 4096, PROT_NONE)) {
		munmap(p, 8192);
		return NULL;
	}
	return p + 4096;
}

static inline void guarded_free(uint8_t *end)
{
	if (end)
		munmap(end - 4096, 8192);
}

/* ---- files: open descriptors, pipe ends ---- */

/* How many descriptors this process has open (/proc/self/fd); -1 on error. */
static inline int count_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

/*
 * Whether the read end @rfd of a pipe sees end-of-file within @ms: every
 * write end, in every process and in the driver, is closed.  Data that
 * arrives first is read and dropped.
 */
static inline bool pipe_sees_eof(int rfd, int ms)
{
	struct pollfd pfd = { .fd = rfd, .events = POLLIN };
	char buf[64];
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, ms) <= 0)
			return false;
		n = read(rfd, buf, sizeof(buf));
		if (n == 0)
			return true;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
	}
}

#endif /* BINDER_WORLD_H */
