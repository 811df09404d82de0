// SPDX-License-Identifier: GPL-2.0
/*
 * Cost as the work grows: a process holding N refs.
 *
 * For each driver, two processes: a holder, the context manager, that
 * keeps a strong ref on every binder object it is sent, and an owner that
 * sends it new nodes in batches until the holder has N refs, for each N of
 * refs_steps[].  At each step the owner times
 *
 *   take  a call carrying one new node, which gives the holder its next
 *         handle (the driver finds the smallest free one), and
 *   call  the holder calling one of its handles, picked at random, on the
 *         owner (timed by the holder, one sample per call),
 *
 * SAMPLES times each, and the time per new ref while building up to N in
 * calls of BATCH new nodes (less sensitive to wakeup latency than a call
 * is).  Flat is right; growing with N means a scan.  A
 * driver is measured up to its own maximum: upstream 6.1 finds a new
 * handle by walking every ref the process holds, so building 10^5 refs
 * there costs ~5 * 10^9 steps, which under TCG would take most of an hour.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

const unsigned int refs_steps[4] = { 10, 1000, 10000, 100000 };

#define NSTEPS		(sizeof(refs_steps) / sizeof(refs_steps[0]))
#define SAMPLES		200	/* timed calls per step and kind */
#define BATCH		REFS_BATCH
#define MAX_HANDLES	(100000 + NSTEPS * SAMPLES + BATCH)

enum { S_TAKE = 1, S_CALL, S_PING, S_QUIT };

/* What the owner hands back, in shared memory. */
struct refs_result {
	char err[120];
	unsigned int nsteps;		/* steps measured */
	uint64_t build_ns[NSTEPS];	/* per new ref, building up to the step */
	uint64_t take[NSTEPS][SAMPLES];
	uint64_t call[NSTEPS][SAMPLES];
};

static void fail(char *err, const char *what, long v)
{
	snprintf(err, 120, "%s (%ld)", what, v);
}

static int open_dev(int d)
{
	int fd = open(drv_dev[d], O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, fd, 0) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Size of the payload of BR_* @cmd, or -1 for one the bench never expects. */
static int br_size(uint32_t cmd)
{
	switch (cmd) {
	case BR_NOOP:
	case BR_TRANSACTION_COMPLETE:
	case BR_SPAWN_LOOPER:
		return 0;
	case BR_INCREFS:
	case BR_ACQUIRE:
	case BR_RELEASE:
	case BR_DECREFS:
		return sizeof(struct binder_ptr_cookie);
	case BR_TRANSACTION:
	case BR_REPLY:
		return sizeof(struct binder_transaction_data);
	default:
		return -1;
	}
}

/*
 * Read until the next BR_TRANSACTION or BR_REPLY (copied to @tr, its cmd
 * returned), acknowledging ref requests on the way.  Negative errno, or
 * the BR code of a failure (BR_FAILED_REPLY, BR_DEAD_REPLY...).
 */
static long next_txn(struct conn *c, struct binder_transaction_data *tr, size_t *pos)
{
	for (;;) {
		uint32_t cmd;
		int n, ret;

		if (*pos >= c->rlen) {
			ret = xfer(c);
			if (ret)
				return ret;
			*pos = 0;
			continue;
		}
		memcpy(&cmd, c->rbuf + *pos, sizeof(cmd));
		*pos += sizeof(cmd);
		n = br_size(cmd);
		if (n < 0)
			return cmd;
		if (cmd == BR_INCREFS || cmd == BR_ACQUIRE)
			ack_ref(c, cmd, c->rbuf + *pos);
		if (cmd == BR_TRANSACTION || cmd == BR_REPLY)
			memcpy(tr, c->rbuf + *pos, sizeof(*tr));
		*pos += n;
		if (cmd == BR_TRANSACTION || cmd == BR_REPLY)
			return cmd;
	}
}

/* ---- the holder: the context manager, keeping every ref it is sent ---- */

struct holder {
	struct conn c;
	size_t pos;		/* next BR_* in c.rbuf */
	uint32_t *handles;
	unsigned int nhandles;
	uint64_t rng;
	char err[120];
};

static uint32_t holder_pick(struct holder *h)
{
	h->rng = h->rng * 6364136223846793005ull + 1442695040888963407ull;
	return h->handles[(h->rng >> 33) % h->nhandles];
}

/* Keep a strong ref on every handle of @tr's objects. */
static int holder_take(struct holder *h, const struct binder_transaction_data *tr)
{
	const uint8_t *data = (const uint8_t *)(uintptr_t)tr->data.ptr.buffer;
	const binder_size_t *offs = (const binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
	size_t i, n = tr->offsets_size / sizeof(binder_size_t);

	for (i = 0; i < n; i++) {
		struct flat_binder_object o;

		memcpy(&o, data + offs[i], sizeof(o));
		if (o.hdr.type != BINDER_TYPE_HANDLE || h->nhandles == MAX_HANDLES)
			return -EPROTO;
		put_u32(&h->c, BC_ACQUIRE);
		put_u32(&h->c, o.handle);
		h->handles[h->nhandles++] = o.handle;
	}
	return 0;
}

/* Call @m random handles on the owner; each call's time in @lat. */
static long holder_calls(struct holder *h, uint32_t m, uint64_t *lat)
{
	struct binder_transaction_data tr;
	uint32_t i;
	long ret;

	for (i = 0; i < m; i++) {
		uint64_t t0 = now_ns();

		put_txn(&h->c, BC_TRANSACTION, holder_pick(h), S_PING, 0, NULL, 0, NULL, 0);
		ret = next_txn(&h->c, &tr, &h->pos);
		if (ret != BR_REPLY)
			return ret;
		lat[i] = now_ns() - t0;
		put_free(&h->c, tr.data.ptr.buffer);
	}
	return 0;
}

static int holder_main(int d, int ready_fd)
{
	static uint64_t lat[SAMPLES];
	struct binder_transaction_data tr;
	struct holder h = { .rng = 42 };
	int tries;
	long ret;

	h.handles = calloc(MAX_HANDLES, sizeof(*h.handles));
	h.c.fd = open_dev(d);
	if (!h.handles || h.c.fd < 0)
		return 1;
	/* The bench's own manager may still be on its way out (upstream
	 * releases a proc from a workqueue): EBUSY for a moment. */
	for (tries = 0; ioctl(h.c.fd, BINDER_SET_CONTEXT_MGR, 0) < 0; tries++) {
		if (errno != EBUSY || tries == 100)
			return 1;
		usleep(50 * 1000);
	}
	if (write(ready_fd, "r", 1) != 1)
		return 1;
	close(ready_fd);
	put_u32(&h.c, BC_ENTER_LOOPER);
	for (;;) {
		uint32_t code, m;

		ret = next_txn(&h.c, &tr, &h.pos);
		if (ret != BR_TRANSACTION)
			return 1;
		code = tr.code;
		switch (code) {
		case S_TAKE:
			if (holder_take(&h, &tr))
				return 1;
			put_free(&h.c, tr.data.ptr.buffer);
			put_txn(&h.c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
			break;
		case S_CALL:
			if (tr.data_size != sizeof(m))
				return 1;
			memcpy(&m, (const void *)(uintptr_t)tr.data.ptr.buffer, sizeof(m));
			put_free(&h.c, tr.data.ptr.buffer);
			if (m > SAMPLES || !h.nhandles || holder_calls(&h, m, lat))
				return 1;
			put_txn(&h.c, BC_REPLY, 0, 0, 0, lat, m * sizeof(lat[0]), NULL, 0);
			break;
		default:	/* S_QUIT */
			put_free(&h.c, tr.data.ptr.buffer);
			put_txn(&h.c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
			return xfer(&h.c) ? 1 : 0;
		}
	}
}

/* ---- the owner: sends new nodes, times the steps ---- */

struct owner {
	struct conn c;
	size_t pos;		/* next BR_* in c.rbuf */
	uint64_t next_ptr;
	struct flat_binder_object objs[BATCH];
	binder_size_t offs[BATCH];
	char *err;
};

/*
 * One call to the holder carrying @nobj new nodes (and @data); serves the
 * holder's nested calls; the reply's data copied to @out (@outlen bytes).
 */
static long owner_call(struct owner *o, uint32_t code, unsigned int nobj, const void *data,
		       size_t size, void *out, size_t outlen)
{
	struct binder_transaction_data tr;
	const void *payload = data;
	size_t i;
	long ret;

	if (nobj) {
		for (i = 0; i < nobj; i++) {
			o->next_ptr += 64;
			o->objs[i] = (struct flat_binder_object){
				.hdr.type = BINDER_TYPE_BINDER,
				.binder = o->next_ptr,
				.cookie = o->next_ptr + 1,
			};
			o->offs[i] = i * sizeof(o->objs[0]);
		}
		payload = o->objs;
		size = nobj * sizeof(o->objs[0]);
	}
	put_txn(&o->c, BC_TRANSACTION, 0, code, 0, payload, size, o->offs, nobj);
	for (;;) {
		ret = next_txn(&o->c, &tr, &o->pos);
		if (ret == BR_TRANSACTION) {	/* the holder calling a node of ours */
			put_free(&o->c, tr.data.ptr.buffer);
			put_txn(&o->c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
			continue;
		}
		if (ret != BR_REPLY)
			return ret;
		if (out && tr.data_size != outlen)
			return -EPROTO;
		if (out)
			memcpy(out, (const void *)(uintptr_t)tr.data.ptr.buffer, outlen);
		/* Freed with the next call's write, as libbinder does. */
		put_free(&o->c, tr.data.ptr.buffer);
		return 0;
	}
}

static int owner_main(int d, unsigned int max, struct refs_result *res)
{
	struct owner o = { .err = res->err };
	unsigned int held = 0, s, i, n, from;
	uint32_t m = SAMPLES;
	uint64_t t0;
	long ret;

	o.c.fd = open_dev(d);
	if (o.c.fd < 0) {
		fail(res->err, "open/mmap", errno);
		return 1;
	}
	for (s = 0; s < NSTEPS && refs_steps[s] <= max; s++) {
		t0 = now_ns();
		from = held;
		while (held < refs_steps[s]) {
			n = refs_steps[s] - held < BATCH ? refs_steps[s] - held : BATCH;
			ret = owner_call(&o, S_TAKE, n, NULL, 0, NULL, 0);
			if (ret) {
				fail(res->err, "building refs", ret);
				return 1;
			}
			held += n;
		}
		res->build_ns[s] = held > from ? (now_ns() - t0) / (held - from) : 0;
		for (i = 0; i < SAMPLES; i++) {
			t0 = now_ns();
			ret = owner_call(&o, S_TAKE, 1, NULL, 0, NULL, 0);
			if (ret) {
				fail(res->err, "take", ret);
				return 1;
			}
			res->take[s][i] = now_ns() - t0;
		}
		held += SAMPLES;
		ret = owner_call(&o, S_CALL, 0, &m, sizeof(m), res->call[s], sizeof(res->call[s]));
		if (ret) {
			fail(res->err, "call through a handle", ret);
			return 1;
		}
		res->nsteps = s + 1;
	}
	ret = owner_call(&o, S_QUIT, 0, NULL, 0, NULL, 0);
	if (ret || xfer(&o.c)) {
		fail(res->err, "quit", ret);
		return 1;
	}
	return 0;
}

/* ---- the orchestrator ---- */

static int wait_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st);
}

static int refs_on(int d, unsigned int max, struct refs_result *res)
{
	struct pollfd pfd;
	pid_t holder, owner;
	int p[2], ok;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	holder = fork();
	if (holder == 0) {
		close(p[0]);
		_exit(holder_main(d, p[1]));
	}
	close(p[1]);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	if (holder < 0 || poll(&pfd, 1, 10000) != 1 || read(p[0], &c, 1) != 1) {
		snprintf(res->err, sizeof(res->err), "the holder did not become the manager");
		close(p[0]);
		if (holder > 0) {
			kill(holder, SIGKILL);
			waitpid(holder, NULL, 0);
		}
		return -1;
	}
	close(p[0]);
	owner = fork();
	if (owner == 0)
		_exit(owner_main(d, max, res));
	ok = owner > 0 && wait_ok(owner);
	if (!ok)
		kill(holder, SIGKILL);
	ok = wait_ok(holder) && ok;
	return ok ? 0 : -1;
}

int scale_refs(FILE *raw, unsigned int max_ours, unsigned int max_ref)
{
	struct refs_result *res;
	char name[64];
	unsigned int s;
	int d, ret = 0;

	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return -1;
	for (d = 0; d < NDRV && !ret; d++) {
		memset(res, 0, sizeof(*res));
		ret = refs_on(d, d ? max_ref : max_ours, res);
		if (ret)
			fprintf(stderr, "bench: refs on %s: %s\n", drv_name[d],
				res->err[0] ? res->err : "a process failed");
		for (s = 0; s < res->nsteps; s++) {
			snprintf(name, sizeof(name), "%s/refs-take/%u", drv_name[d], refs_steps[s]);
			series_add(series_get("%s", name), res->take[s], SAMPLES);
			raw_lat(raw, name, 0, res->take[s], SAMPLES);
			snprintf(name, sizeof(name), "%s/refs-call/%u", drv_name[d], refs_steps[s]);
			series_add(series_get("%s", name), res->call[s], SAMPLES);
			raw_lat(raw, name, 0, res->call[s], SAMPLES);
			snprintf(name, sizeof(name), "%s/refs-build/%u", drv_name[d], refs_steps[s]);
			series_add(series_get("%s", name), &res->build_ns[s], 1);
			raw_lat(raw, name, 0, &res->build_ns[s], 1);
		}
	}
	munmap(res, sizeof(*res));
	return ret;
}
