// SPDX-License-Identifier: GPL-2.0
/*
 * The binder half of the benchmark: for each driver, one server process
 * (the context manager, handle 0) with a pool of SERVER_THREADS looper
 * threads, and MAX_CLIENTS client worker processes.  Servers and workers
 * are forked once and live for the whole run; the orchestrator hands a
 * worker a job through shared memory and a one-byte command on a pipe.
 *
 * Both sides speak the raw protocol the way libbinder does: a call is one
 * BINDER_WRITE_READ carrying BC_TRANSACTION (plus the BC_FREE_BUFFER of the
 * previous reply) and reading until BR_REPLY; a server thread answers with
 * BC_REPLY + BC_FREE_BUFFER in the write of its next read.  Ref requests
 * (BR_INCREFS/BR_ACQUIRE) are acknowledged as they come.  Any return that
 * means failure (BR_FAILED_REPLY, BR_DEAD_REPLY, BR_ERROR, a bad ioctl)
 * fails the job: the results are then invalid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/android/binder.h>

#include "bench.h"

const char *const drv_name[NDRV] = { "ours", "ref" };
const char *const drv_dev[NDRV] = { "/dev/binder", "/dev/refbinder" };

/* A one-way sender may run at most this many messages ahead of the server. */
#define ONEWAY_WINDOW	256
#define JOB_TIMEOUT_MS	120000

/* ---- futexes ---- */

void futex_wait(_Atomic uint32_t *addr, uint32_t val)
{
	/* A timeout only guards against a lost wakeup; callers re-check. */
	struct timespec ts = { .tv_sec = 1 };

	syscall(SYS_futex, addr, FUTEX_WAIT, val, &ts, NULL, 0);
}

void futex_wake(_Atomic uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
}

/* ---- shared memory ---- */

struct server_shared {
	_Atomic uint32_t ow_count;	/* one-way transactions received */
	_Atomic uint32_t ow_waiting;	/* a client sleeps on ow_count */
	_Atomic uint64_t ow_last;	/* time of the latest one */
	_Atomic uint32_t errors;
	char errmsg[120];
};

struct worker_slot {
	struct job job;
	struct job_result res;
};

struct shared {
	struct server_shared srv[NDRV];
	_Atomic uint32_t barrier[NDRV];
	struct worker_slot w[NDRV][MAX_CLIENTS];
};

static struct shared *sh;
static pid_t server_pid[NDRV], worker_pid[NDRV][MAX_CLIENTS];
static int cmd_fd[NDRV][MAX_CLIENTS], done_fd[NDRV][MAX_CLIENTS];

/* ---- the server ---- */

struct server {
	int d;
	int fd;
	pthread_mutex_t lock;
	binder_uintptr_t held[64];	/* C_HOLD buffers, freed by C_FREE_HELD */
	int nheld;
};

static void server_error(struct server *s, const char *what, long v)
{
	struct server_shared *ss = &sh->srv[s->d];

	if (atomic_fetch_add(&ss->errors, 1) == 0)
		snprintf(ss->errmsg, sizeof(ss->errmsg), "server: %s (%ld)", what, v);
}

/*
 * Handle one received transaction: queue the free and the reply in @c.  As
 * libbinder does, the request's buffer is freed before the reply is sent:
 * freed after, the caller could be woken and send its next request before
 * the space is back (and two 512 KiB requests do not fit in one mapping).
 * An echo's reply is therefore built in @scratch first, as libbinder
 * builds a reply Parcel in its own memory.
 */
static void serve(struct server *s, struct conn *c, const struct binder_transaction_data *tr,
		  uint8_t *scratch)
{
	const uint8_t *data = (const uint8_t *)(uintptr_t)tr->data.ptr.buffer;
	const binder_size_t *offs = (const binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
	size_t nobj = tr->offsets_size / sizeof(binder_size_t), i;
	struct server_shared *ss = &sh->srv[s->d];
	int keep = 0;

	switch (tr->code) {
	case C_RT:
	case C_OBJ:
		break;
	case C_ECHO:
		if (tr->data_size > MAX_PAYLOAD) {
			server_error(s, "echo too large", (long)tr->data_size);
			break;
		}
		memcpy(scratch, data, tr->data_size);
		put_free(c, tr->data.ptr.buffer);
		put_txn(c, BC_REPLY, 0, 0, 0, scratch, tr->data_size, NULL, 0);
		return;
	case C_ONEWAY:
		put_free(c, tr->data.ptr.buffer);
		atomic_store(&ss->ow_last, now_ns());
		atomic_fetch_add(&ss->ow_count, 1);
		if (atomic_load(&ss->ow_waiting))
			futex_wake(&ss->ow_count);
		return;
	case C_FD:
		if (nobj != 1) {
			server_error(s, "fd transaction without one object", (long)nobj);
			break;
		}
		close(((const struct binder_fd_object *)(data + offs[0]))->fd);
		break;
	case C_OBJ_SETUP:
		/* Keep a strong ref on every handle: later C_OBJ calls find them. */
		for (i = 0; i < nobj; i++) {
			const struct flat_binder_object *o = (const void *)(data + offs[i]);

			put_u32(c, BC_ACQUIRE);
			put_u32(c, o->handle);
		}
		break;
	case C_HOLD:
		pthread_mutex_lock(&s->lock);
		if (s->nheld < 64) {
			s->held[s->nheld++] = tr->data.ptr.buffer;
			keep = 1;
		}
		pthread_mutex_unlock(&s->lock);
		break;
	case C_FREE_HELD:
		pthread_mutex_lock(&s->lock);
		while (s->nheld)
			put_free(c, s->held[--s->nheld]);
		pthread_mutex_unlock(&s->lock);
		break;
	default:
		server_error(s, "unknown code", tr->code);
		break;
	}
	if (tr->flags & TF_ONE_WAY) {
		put_free(c, tr->data.ptr.buffer);
		return;
	}
	if (!keep)
		put_free(c, tr->data.ptr.buffer);
	put_txn(c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
}

static void *server_thread(void *arg)
{
	struct server *s = arg;
	struct conn *c = calloc(1, sizeof(*c));
	uint8_t *scratch = malloc(MAX_PAYLOAD);
	int ret;

	if (!c || !scratch) {
		server_error(s, "out of memory", 0);
		return NULL;
	}
	c->fd = s->fd;
	put_u32(c, BC_ENTER_LOOPER);
	for (;;) {
		size_t pos = 0;

		ret = xfer(c);
		if (ret) {
			server_error(s, "BINDER_WRITE_READ", ret);
			c->wlen = 0;
			usleep(1000);
			continue;
		}
		while (pos + 4 <= c->rlen) {
			uint32_t cmd;
			size_t sz;

			memcpy(&cmd, c->rbuf + pos, 4);
			pos += 4;
			sz = _IOC_SIZE(cmd);
			if (pos + sz > c->rlen) {
				server_error(s, "truncated return", cmd);
				break;
			}
			switch (cmd) {
			case BR_NOOP:
			case BR_TRANSACTION_COMPLETE:
			case BR_SPAWN_LOOPER:
			case BR_RELEASE:
			case BR_DECREFS:
				break;
			case BR_INCREFS:
			case BR_ACQUIRE:
				ack_ref(c, cmd, c->rbuf + pos);
				break;
			case BR_TRANSACTION: {
				struct binder_transaction_data tr;

				memcpy(&tr, c->rbuf + pos, sizeof(tr));
				serve(s, c, &tr, scratch);
				break;
			}
			default:
				server_error(s, "unexpected return", cmd);
				break;
			}
			pos += sz;
		}
	}
	return NULL;
}

static int server_main(int d)
{
	struct flat_binder_object mgr;
	struct server s = { .d = d };
	pthread_t th[SERVER_THREADS];
	int i;

	s.fd = open(drv_dev[d], O_RDWR | O_CLOEXEC);
	if (s.fd < 0 ||
	    mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, s.fd, 0) == MAP_FAILED) {
		server_error(&s, "open/mmap", errno);
		return 1;
	}
	/* The manager node must accept fds for the fd-passing case. */
	memset(&mgr, 0, sizeof(mgr));
	mgr.hdr.type = BINDER_TYPE_BINDER;
	mgr.flags = FLAT_BINDER_FLAG_ACCEPTS_FDS;
	if (ioctl(s.fd, BINDER_SET_CONTEXT_MGR_EXT, &mgr) < 0) {
		server_error(&s, "BINDER_SET_CONTEXT_MGR_EXT", errno);
		return 1;
	}
	pthread_mutex_init(&s.lock, NULL);
	for (i = 1; i < SERVER_THREADS; i++)
		pthread_create(&th[i], NULL, server_thread, &s);
	server_thread(&s);
	return 0;
}

/* ---- the client side ---- */

struct client {
	int d, idx;
	struct conn c;
	binder_uintptr_t reply_buf;	/* freed with the next call, as libbinder does */
	int have_reply;
	int devnull;
	int obj_ready;
	struct flat_binder_object objs[NOBJ];
	binder_size_t obj_offs[NOBJ];
};

static uint8_t payload_buf[MAX_PAYLOAD];

/*
 * One call: BC_TRANSACTION, then read until BR_REPLY (BR_TRANSACTION_COMPLETE
 * for one-way).  Returns 0, or a negative errno / positive BR code on failure;
 * *reply_size gets the reply's data size.
 */
static long call(struct client *cl, uint32_t code, uint32_t flags, const void *data,
		 size_t size, const binder_size_t *offs, size_t noffs, size_t *reply_size)
{
	uint32_t want = (flags & TF_ONE_WAY) ? BR_TRANSACTION_COMPLETE : BR_REPLY;
	struct conn *c = &cl->c;
	long ret;

	if (cl->have_reply) {
		put_free(c, cl->reply_buf);
		cl->have_reply = 0;
	}
	put_txn(c, BC_TRANSACTION, 0, code, flags, data, size, offs, noffs);
	for (;;) {
		size_t pos = 0;

		ret = xfer(c);
		if (ret)
			return ret;
		while (pos + 4 <= c->rlen) {
			uint32_t cmd;

			memcpy(&cmd, c->rbuf + pos, 4);
			pos += 4;
			if (pos + _IOC_SIZE(cmd) > c->rlen)
				return cmd;
			switch (cmd) {
			case BR_NOOP:
			case BR_RELEASE:
			case BR_DECREFS:
				break;
			case BR_INCREFS:
			case BR_ACQUIRE:
				ack_ref(c, cmd, c->rbuf + pos);
				break;
			case BR_TRANSACTION_COMPLETE:
				if (want == cmd)
					goto done;
				break;
			case BR_REPLY: {
				struct binder_transaction_data tr;

				memcpy(&tr, c->rbuf + pos, sizeof(tr));
				cl->reply_buf = tr.data.ptr.buffer;
				cl->have_reply = 1;
				if (tr.flags & TF_STATUS_CODE)
					return BR_REPLY;
				if (reply_size)
					*reply_size = tr.data_size;
				goto done;
			}
			default:
				return cmd;	/* BR_FAILED_REPLY, BR_DEAD_REPLY, BR_ERROR... */
			}
			pos += _IOC_SIZE(cmd);
		}
	}
done:
	/* Acks queued after the final return go out now. */
	if (c->wlen) {
		struct binder_write_read bwr = {
			.write_buffer = (binder_uintptr_t)(uintptr_t)c->wbuf,
			.write_size = c->wlen,
		};

		if (ioctl(c->fd, BINDER_WRITE_READ, &bwr) < 0)
			return -errno;
		c->wlen = 0;
	}
	return 0;
}

static int fail(struct job_result *r, long err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Mark the job failed with @err and a message; returns -1. */
static int fail(struct job_result *r, long err, const char *fmt, ...)
{
	va_list ap;

	r->err = err ? (int)err : -1;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Wait until the server has received @target one-way transactions. */
static int wait_oneway(struct server_shared *ss, uint32_t target)
{
	uint64_t deadline = now_ns() + 20000000000ull;
	uint32_t seen;

	while ((seen = atomic_load(&ss->ow_count)) < target) {
		atomic_store(&ss->ow_waiting, 1);
		futex_wait(&ss->ow_count, seen);
		if (now_ns() > deadline)
			return -1;
	}
	atomic_store(&ss->ow_waiting, 0);
	return 0;
}

/* Everything but the first @ready workers of a multi-client job waits here. */
static void barrier(_Atomic uint32_t *b, uint32_t n)
{
	uint32_t v = atomic_fetch_add(b, 1) + 1;

	if (v == n) {
		futex_wake(b);
		return;
	}
	while ((v = atomic_load(b)) < n)
		futex_wait(b, v);
}

static int run_job(struct client *cl, const struct job *j, struct job_result *r)
{
	struct server_shared *ss = &sh->srv[cl->d];
	uint32_t total = j->warmup + j->iters, i;
	const void *data = payload_buf;
	const binder_size_t *offs = NULL;
	size_t size = j->payload, noffs = 0, rsize;
	uint32_t flags = 0;
	struct binder_fd_object fdo;
	long ret;

	r->err = 0;
	r->msg[0] = 0;
	if (j->iters > MAX_ITERS)
		return fail(r, -EINVAL, "too many iterations (%u)", j->iters);
	switch (j->code) {
	case C_ONEWAY:
		flags = TF_ONE_WAY;
		atomic_store(&ss->ow_count, 0);
		break;
	case C_FD:
		memset(&fdo, 0, sizeof(fdo));
		fdo.hdr.type = BINDER_TYPE_FD;
		fdo.fd = cl->devnull;
		data = &fdo;
		size = sizeof(fdo);
		offs = cl->obj_offs;	/* [0] is 0 */
		noffs = 1;
		break;
	case C_OBJ:
		if (!cl->obj_ready) {
			ret = call(cl, C_OBJ_SETUP, 0, cl->objs, sizeof(cl->objs), cl->obj_offs,
				   NOBJ, NULL);
			if (ret)
				return fail(r, ret, "object setup call failed: %ld", ret);
			cl->obj_ready = 1;
		}
		data = cl->objs;
		size = sizeof(cl->objs);
		offs = cl->obj_offs;
		noffs = NOBJ;
		break;
	}
	if (j->nclients > 1)
		barrier(&sh->barrier[cl->d], j->nclients);
	for (i = 0; i < total; i++) {
		uint64_t t0, t1;

		if (flags & TF_ONE_WAY) {
			if (i == j->warmup && wait_oneway(ss, i))
				return fail(r, -ETIMEDOUT, "one-way warm-up: %u not received", i);
			if (i >= ONEWAY_WINDOW && wait_oneway(ss, i - ONEWAY_WINDOW))
				return fail(r, -ETIMEDOUT, "one-way: %u not received", i - ONEWAY_WINDOW);
		}
		t0 = now_ns();
		ret = call(cl, j->code, flags, data, size, offs, noffs, &rsize);
		t1 = now_ns();
		if (ret)
			return fail(r, ret, "call %u failed: %ld", i, ret);
		if (j->code == C_ECHO && rsize != j->payload)
			return fail(r, -EBADMSG, "echo %u: reply of %zu bytes", i, rsize);
		if (i < j->warmup)
			continue;
		if (i == j->warmup)
			r->t_start = t0;
		r->lat[i - j->warmup] = t1 - t0;
		r->t_end = t1;
	}
	if (flags & TF_ONE_WAY) {
		if (wait_oneway(ss, total))
			return fail(r, -ETIMEDOUT, "one-way: %u not received", total);
		r->t_end = atomic_load(&ss->ow_last);
	}
	if (atomic_load(&ss->errors))
		return fail(r, -EPROTO, "%s", ss->errmsg);
	return 0;
}

static int worker_main(int d, int idx, int cmd, int done)
{
	struct client *cl = calloc(1, sizeof(*cl));
	struct worker_slot *slot = &sh->w[d][idx];
	char b;
	int i;

	if (!cl)
		return 1;
	cl->d = d;
	cl->idx = idx;
	cl->c.fd = open(drv_dev[d], O_RDWR | O_CLOEXEC);
	cl->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (cl->c.fd < 0 ||
	    mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, cl->c.fd, 0) == MAP_FAILED) {
		fail(&slot->res, -errno, "open/mmap of %s: %m", drv_dev[d]);
		cl->c.fd = -1;	/* every job fails with that message */
	}
	for (i = 0; i < NOBJ; i++) {
		/* Local objects with distinct addresses, as libbinder sends them. */
		cl->objs[i].hdr.type = BINDER_TYPE_BINDER;
		cl->objs[i].flags = FLAT_BINDER_FLAG_ACCEPTS_FDS;
		cl->objs[i].binder = 0x10000 + 0x40 * (binder_uintptr_t)(idx * NOBJ + i);
		cl->objs[i].cookie = cl->objs[i].binder + 8;
		cl->obj_offs[i] = i * sizeof(struct flat_binder_object);
	}
	while (read(cmd, &b, 1) == 1) {
		if (cl->c.fd >= 0)
			run_job(cl, &slot->job, &slot->res);
		if (write(done, &b, 1) != 1)
			break;
	}
	return 0;
}

/* ---- the orchestrator's interface ---- */

int binder_server_pid(int d)
{
	return server_pid[d];
}

static pid_t spawn(int (*fn)(int, int, int, int), int d, int idx, int cmd, int done)
{
	pid_t pid = fork();
	int dd, i;

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* Drop the orchestrator's pipe ends, or workers never see EOF. */
		for (dd = 0; dd < NDRV; dd++)
			for (i = 0; i < MAX_CLIENTS; i++) {
				if (cmd_fd[dd][i] >= 0)
					close(cmd_fd[dd][i]);
				if (done_fd[dd][i] >= 0)
					close(done_fd[dd][i]);
			}
		_exit(fn(d, idx, cmd, done));
	}
	return pid;
}

static int server_entry(int d, int idx, int cmd, int done)
{
	(void)idx, (void)cmd, (void)done;
	return server_main(d);
}

int binder_side_start(void)
{
	int d, i, tries;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return -errno;
	memset(payload_buf, 0x5a, sizeof(payload_buf));
	memset(cmd_fd, -1, sizeof(cmd_fd));
	memset(done_fd, -1, sizeof(done_fd));
	for (d = 0; d < NDRV; d++) {
		server_pid[d] = spawn(server_entry, d, 0, -1, -1);
		if (server_pid[d] < 0)
			return -errno;
	}
	/* Let the servers become context managers before anyone calls. */
	usleep(200000);
	for (d = 0; d < NDRV; d++) {
		for (i = 0; i < MAX_CLIENTS; i++) {
			int c[2], k[2];

			if (pipe2(c, O_CLOEXEC) || pipe2(k, O_CLOEXEC))
				return -errno;
			/* Stored first: the child closes them with the others'. */
			cmd_fd[d][i] = c[1];
			done_fd[d][i] = k[0];
			worker_pid[d][i] = spawn(worker_main, d, i, c[0], k[1]);
			close(c[0]);
			close(k[1]);
		}
	}
	/* A first empty call from every worker checks that everything is up. */
	for (d = 0; d < NDRV; d++) {
		struct job j = { .code = C_RT, .iters = 1, .nclients = MAX_CLIENTS };
		struct job_result *res[MAX_CLIENTS];

		for (tries = 0; tries < 20; tries++) {
			if (binder_run(d, &j, res) == 0)
				break;
			usleep(100000);
		}
		if (tries == 20) {
			fprintf(stderr, "bench: %s does not answer: %s %s\n", drv_name[d],
				res[0]->msg, sh->srv[d].errmsg);
			return -EIO;
		}
	}
	return 0;
}

int binder_run(int d, const struct job *j, struct job_result **res)
{
	unsigned int i, n = j->nclients ? j->nclients : 1;
	int err = 0;
	char b = 'j';

	atomic_store(&sh->barrier[d], 0);
	for (i = 0; i < n; i++) {
		sh->w[d][i].job = *j;
		sh->w[d][i].job.nclients = n;
		res[i] = &sh->w[d][i].res;
		if (write(cmd_fd[d][i], &b, 1) != 1)
			return -EPIPE;
	}
	for (i = 0; i < n; i++) {
		struct pollfd p = { .fd = done_fd[d][i], .events = POLLIN };

		if (poll(&p, 1, JOB_TIMEOUT_MS) != 1 || read(done_fd[d][i], &b, 1) != 1) {
			snprintf(res[i]->msg, sizeof(res[i]->msg), "worker %u timed out", i);
			return -ETIMEDOUT;
		}
		if (res[i]->err)
			err = -EIO;
	}
	return err;
}

void binder_side_stop(void)
{
	int d, i;

	for (d = 0; d < NDRV; d++) {
		/* Workers are idle between jobs: nothing is lost by killing them. */
		for (i = 0; i < MAX_CLIENTS; i++) {
			close(cmd_fd[d][i]);
			close(done_fd[d][i]);
			kill(worker_pid[d][i], SIGKILL);
		}
		kill(server_pid[d], SIGKILL);
	}
	for (d = 0; d < NDRV; d++) {
		for (i = 0; i < MAX_CLIENTS; i++)
			waitpid(worker_pid[d][i], NULL, 0);
		waitpid(server_pid[d], NULL, 0);
	}
}
