// SPDX-License-Identifier: GPL-2.0
/*
 * BINDER_FREEZE and BINDER_GET_FROZEN_INFO: a frozen process refuses sync
 * calls (BR_FROZEN_REPLY) and queues one-way calls; TF_UPDATE_TXN lets a
 * new one-way call replace a queued one it makes out of date; freezing
 * fails with EAGAIN while work is still in flight.
 *
 * The frozen process is a "lazy server" peer: it publishes a node and
 * reads binder only when the test tells it to, so queued work stays
 * queued.  (A binder freeze does not stop a process; the cgroup freezer
 * does that in real use: the cgfreeze tests at the end freeze a server
 * with it, blocked in a binder read.)
 */

#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"

#include "binder_world.h"

#define LAZY_SLOT	1
#define LAZY_PTR	0x1a2e000ull
#define LAZY_COOKIE	0x1a2e001ull

/* Commands to the lazy server, and what it reports back. */
enum { LAZY_READ = 1, LAZY_REPLY = 2, LAZY_EXIT = 3 };
#define LAZY_NOTHING	0xffffull

struct lazy_args {
	const char *dev;
};

/*
 * Close the descriptors that plain fd objects of @tr brought: they are
 * the receiver's, as in libbinder, which closes them with the parcel.
 */
static void close_fd_objects(const struct binder_transaction_data *tr)
{
	size_t i;

	for (i = 0; i < tr->offsets_size / sizeof(binder_size_t); i++) {
		const struct binder_fd_object *f = (const void *)((const uint8_t *)txn_data(tr) +
								  txn_offsets(tr)[i]);

		if (f->hdr.type == BINDER_TYPE_FD)
			close((int)f->fd);
	}
}

/*
 * The lazy server: on LAZY_READ, read one transaction and report
 * code << 8 | first data byte (LAZY_NOTHING if none came); a one-way call
 * is freed at once, a sync call is held until LAZY_REPLY.  Its node
 * accepts fds; fds it receives are closed with their buffer.
 */
static int lazy_main(struct peer *self, void *arg)
{
	const struct lazy_args *a = arg;
	struct ret in, held = { 0 };
	struct endpoint ep;
	uint64_t cmd;

	PEER_CHECK(!ep_open(&ep, a->dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!ep_publish(&ep, LAZY_SLOT, LAZY_PTR, LAZY_COOKIE,
			       FLAT_BINDER_FLAG_ACCEPTS_FDS), 2);
	PEER_CHECK(!ep_enter_looper(&ep), 3);
	PEER_CHECK(!peer_send(self, 0), 4);
	while (!peer_recv(self, &cmd, 20000) && cmd != LAZY_EXIT) {
		if (cmd == LAZY_REPLY && held.cmd) {
			close_fd_objects(&held.tr);
			PEER_CHECK(!ep_reply(&ep, &held.tr, 0, NULL, 0, NULL, 0), 5);
			held.cmd = 0;
			continue;
		}
		if (ep_read_until(&ep, BR_TRANSACTION, NULL, &in, 500) != BR_TRANSACTION) {
			PEER_CHECK(!peer_send(self, LAZY_NOTHING), 6);
			continue;
		}
		PEER_CHECK(!peer_send(self, (uint64_t)in.tr.code << 8 |
				      (in.tr.data_size ? *(const uint8_t *)txn_data(&in.tr) : 0)), 7);
		if (in.tr.flags & TF_ONE_WAY) {
			close_fd_objects(&in.tr);
			PEER_CHECK(!ep_free(&ep, &in.tr), 8);
		} else {
			held = in;
		}
	}
	ep_close(&ep);
	return 0;
}

FIXTURE(freeze) {
	struct world w;
	struct lazy_args args;
	uint32_t h;		/* cli's handle to the lazy server's node */
};

BINDER_VARIANTS(freeze);

FIXTURE_SETUP(freeze)
{
	uint64_t ready;

	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	self->args.dev = variant->dev;
	ASSERT_EQ(0, peer_start(&self->w.peer, lazy_main, &self->args));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &ready, 5000));
	ASSERT_EQ(0, reg_get(&self->w.cli, LAZY_SLOT, false, &self->h));
}

FIXTURE_TEARDOWN(freeze)
{
	peer_send(&self->w.peer, LAZY_EXIT);
	peer_wait(&self->w.peer, 5000);
	world_close(&self->w);
}

static int freeze(int fd, pid_t pid, bool enable, uint32_t timeout_ms)
{
	struct binder_freeze_info info = { .pid = pid, .enable = enable,
					   .timeout_ms = timeout_ms };

	return xioctl(fd, BINDER_FREEZE, &info);
}

/* Returns 0 and fills sync/async, or -errno. */
static int frozen_info(int fd, pid_t pid, uint32_t *sync_recv, uint32_t *async_recv)
{
	struct binder_frozen_status_info info = { .pid = pid, .sync_recv = 0x55,
						   .async_recv = 0x55 };
	int ret = xioctl(fd, BINDER_GET_FROZEN_INFO, &info);

	*sync_recv = info.sync_recv;
	*async_recv = info.async_recv;
	return ret;
}

/* What the lazy server read next (code << 8 | first byte). */
static uint64_t lazy_read(struct world *w)
{
	uint64_t got = LAZY_NOTHING;

	if (peer_send(&w->peer, LAZY_READ) || peer_recv(&w->peer, &got, 5000))
		return ~0ull;
	return got;
}

/* A one-way call of @data; returns the sender's first return. */
static int oneway_data(struct world *w, uint32_t h, uint32_t code, uint32_t flags,
		       const void *data, size_t size, const binder_size_t *offs, size_t offs_size)
{
	struct retlist l;
	int ret = ep_send(&w->cli, h, code, TF_ONE_WAY | flags, data, size, offs, offs_size);

	if (ret)
		return ret;
	if (!ep_poll(&w->cli, BT_TMO))
		return -ETIMEDOUT;
	ret = ep_xfer(&w->cli, NULL, &l);
	if (ret)
		return ret;
	/* The first return after the leading BR_NOOP. */
	return l.n > 1 ? (int)l.r[1].cmd : -ENODATA;
}

/*
 * What a one-way call queued to a frozen process completes with: 6.3's
 * protocol tells the sender it waits (BR_TRANSACTION_PENDING_FROZEN), 6.1's
 * says BR_TRANSACTION_COMPLETE.
 */
static uint32_t frozen_oneway_br(int ours)
{
	return speaks_protocol_of(ours, 6, 3) ? BR_TRANSACTION_PENDING_FROZEN
					       : BR_TRANSACTION_COMPLETE;
}

/* A one-way call of one byte @b; returns the sender's first return. */
static int oneway(struct world *w, uint32_t h, uint32_t code, uint32_t flags, uint8_t b)
{
	return oneway_data(w, h, code, flags, &b, 1, NULL, 0);
}

/* A process without any binder fd cannot be frozen or asked about. */
TEST_F(freeze, unknown_pid)
{
	uint32_t s, a;

	EXPECT_EQ(-EINVAL, freeze(self->w.cli.fd, 1, true, 0));
	EXPECT_EQ(-EINVAL, frozen_info(self->w.cli.fd, 1, &s, &a));
	EXPECT_EQ(-EFAULT, xioctl(self->w.cli.fd, BINDER_FREEZE, NULL));
	EXPECT_EQ(-EFAULT, xioctl(self->w.cli.fd, BINDER_GET_FROZEN_INFO, NULL));
}

/*
 * A frozen process refuses sync calls with BR_FROZEN_REPLY (and says so in
 * sync_recv bit 0); thawing clears the flags.  Upstream's extended error
 * for it is BR_FROZEN_REPLY with param 0.
 */
TEST_F(freeze, sync_call_refused_while_frozen)
{
	struct binder_extended_error ee;
	struct world *w = &self->w;
	uint32_t s, a;

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 0));
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(0, s);
	EXPECT_EQ(0, a);

	EXPECT_EQ(BR_FROZEN_REPLY, ep_call(&w->cli, self->h, 9, 0, NULL, 0, NULL, 0, NULL, BT_TMO));
	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_EQ(BR_FROZEN_REPLY, ee.command);
	EXPECT_EQ(0, ee.param);
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(1, s);
	EXPECT_EQ(0, a);
	/* Nothing reached the server. */
	EXPECT_EQ(LAZY_NOTHING, lazy_read(w));

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(0, s);
	EXPECT_EQ(0, a);
}

/*
 * One-way calls to a frozen process are queued (async_recv, and bit 1 of
 * sync_recv while they wait); freezing again with a timeout fails with
 * EAGAIN because they are still pending, and leaves the process thawed.
 */
TEST_F(freeze, oneway_queued_while_frozen)
{
	struct world *w = &self->w;
	uint32_t s, a;

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 0));
	EXPECT_EQ(frozen_oneway_br(variant->ours), oneway(w, self->h, 5, 0, 0x42));
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(2, s);
	EXPECT_EQ(1, a);

	EXPECT_EQ(-EAGAIN, freeze(w->cli.fd, w->peer.pid, true, 50));
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(0, a);	/* thawed again, flags reset */

	EXPECT_EQ(5ull << 8 | 0x42, lazy_read(w));
	ASSERT_EQ(0, frozen_info(w->cli.fd, w->peer.pid, &s, &a));
	EXPECT_EQ(0, s);
	/* Drained: now a freeze with a timeout succeeds at once. */
	EXPECT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 1000));
	EXPECT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));
}

/*
 * TF_UPDATE_TXN: while frozen, a one-way call replaces a queued one with
 * the same target, code and flags that waits behind the one in flight.
 * Of 1, 2, 3 the server gets 1 (first, already deliverable) and 3.
 */
TEST_F(freeze, update_txn_replaces_queued_oneway)
{
	struct world *w = &self->w;
	uint8_t b;

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 0));
	for (b = 1; b <= 3; b++)
		EXPECT_EQ(frozen_oneway_br(variant->ours), oneway(w, self->h, 7, TF_UPDATE_TXN, b));
	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));

	EXPECT_EQ(7ull << 8 | 1, lazy_read(w));
	EXPECT_EQ(7ull << 8 | 3, lazy_read(w));
	EXPECT_EQ(LAZY_NOTHING, lazy_read(w));
}

/* Without TF_UPDATE_TXN nothing is replaced: 1, 2 and 3 all arrive. */
TEST_F(freeze, oneway_kept_without_update_flag)
{
	struct world *w = &self->w;
	uint8_t b;

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 0));
	for (b = 1; b <= 3; b++)
		EXPECT_EQ(frozen_oneway_br(variant->ours), oneway(w, self->h, 7, 0, b));
	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));
	for (b = 1; b <= 3; b++)
		EXPECT_EQ(7ull << 8 | b, lazy_read(w));
}

/* A one-way call with objects: a marker byte, a strong handle, an fd. */
struct obj_call {
	uint32_t marker;
	uint32_t pad;
	struct flat_binder_object handle;
	struct binder_fd_object fd;
};

/*
 * TF_UPDATE_TXN with objects.  Of four one-way calls to the frozen server,
 * each carrying a strong handle (to srv's node) and an fd (a pipe's write
 * end), the first is deliverable and each later one replaces the one
 * queued behind it: the server gets 1 and 4.  The superseded calls give
 * everything back: while frozen the server's ref counts once for the two
 * calls left; after they are read and freed too, the node's counts (as
 * the registry sees them) and all of our object counters are back where
 * they were, and the pipe's reader sees EOF (the sender closed its copy,
 * the server the two it got, and the driver holds none).
 */
TEST_F(freeze, update_txn_releases_superseded_objects)
{
	const binder_size_t offs[2] = {
		offsetof(struct obj_call, handle), offsetof(struct obj_call, fd),
	};
	uint32_t strong0, weak0, strong, weak;
	struct our_counts before = { 0 };
	struct world *w = &self->w;
	struct obj_call m;
	uint8_t b;
	int p[2];

	ASSERT_EQ(0, world_link(w, 0));
	/* After every peer was forked: only this process holds the pipe. */
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(0, reg_count(&w->cli, 0, &strong0, &weak0));
	if (variant->ours)
		our_counts(&before);

	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 0));
	for (b = 1; b <= 4; b++) {
		memset(&m, 0, sizeof(m));
		m.marker = b;
		m.handle = hobj(w->h);
		m.fd = fd_obj(p[1]);
		EXPECT_EQ(frozen_oneway_br(variant->ours),
			  oneway_data(w, self->h, 7, TF_UPDATE_TXN, &m, sizeof(m), offs,
				      sizeof(offs)))
			TH_LOG("call %d", b);
	}
	close(p[1]);
	ASSERT_EQ(0, reg_count(&w->cli, 0, &strong, &weak));
	EXPECT_EQ(strong0 + 1, strong);
	EXPECT_FALSE(pipe_sees_eof(p[0], 50));
	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));

	EXPECT_EQ(7ull << 8 | 1, lazy_read(w));
	EXPECT_EQ(7ull << 8 | 4, lazy_read(w));
	EXPECT_EQ(LAZY_NOTHING, lazy_read(w));
	EXPECT_TRUE(pipe_sees_eof(p[0], BT_TMO)) TH_LOG("the pipe's write end is still open");
	ASSERT_EQ(0, reg_count(&w->cli, 0, &strong, &weak));
	EXPECT_EQ(strong0, strong);
	EXPECT_EQ(weak0, weak);
	if (variant->ours)
		EXPECT_TRUE(our_counts_settle(&before, 2000));
	close(p[0]);
}

/*
 * A process serving a sync call cannot be frozen: EAGAIN, and it stays
 * thawed; once it replied, freezing works.  The freeze after the reply
 * waits up to a second: upstream stops counting the served call only
 * after it woke the caller, so an immediate freeze may still see it.
 */
TEST_F(freeze, busy_server_cannot_be_frozen)
{
	struct world *w = &self->w;
	struct ret r;

	ASSERT_EQ(0, ep_send(&w->cli, self->h, 3, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(3ull << 8, lazy_read(w));
	EXPECT_EQ(-EAGAIN, freeze(w->cli.fd, w->peer.pid, true, 0));

	ASSERT_EQ(0, peer_send(&w->peer, LAZY_REPLY));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, BR_REPLY, NULL, &r, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->cli, &r.tr));
	EXPECT_EQ(0, freeze(w->cli.fd, w->peer.pid, true, 1000));
	EXPECT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));
}

/* ================= the cgroup freezer ================= */

#define CG_ROOT		"/sys/fs/cgroup"
#define SERVE_SLOT	2
#define SERVE_PTR	0x5e7e000ull

/*
 * A server that blocks in binder reads, as a libbinder looper does: it
 * reads again when a read was interrupted (EINTR), answers each sync call
 * with its code + 1, frees one-way calls, and reports each call to the
 * test as (number of interrupted reads so far) << 32 | code.
 */
static int serve_main(struct peer *self, void *arg)
{
	const char *dev = arg;
	struct endpoint ep;
	uint32_t eintr = 0;

	PEER_CHECK(!ep_open(&ep, dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!ep_publish(&ep, SERVE_SLOT, SERVE_PTR, SERVE_PTR + 1, 0), 2);
	PEER_CHECK(!ep_enter_looper(&ep), 3);
	PEER_CHECK(!peer_send(self, 0), 4);
	for (;;) {
		struct retlist l;
		int i, ret = ep_xfer(&ep, NULL, &l);

		if (ret == -EINTR) {
			eintr++;
			continue;
		}
		PEER_CHECK(!ret, 5);
		for (i = 0; i < l.n; i++) {
			const struct binder_transaction_data *tr = &l.r[i].tr;
			uint32_t answer = tr->code + 1;

			if (l.r[i].cmd != BR_TRANSACTION)
				continue;
			PEER_CHECK(!peer_send(self, (uint64_t)eintr << 32 | tr->code), 6);
			if (tr->flags & TF_ONE_WAY)
				PEER_CHECK(!ep_free(&ep, tr), 7);
			else
				PEER_CHECK(!ep_reply(&ep, tr, 0, &answer, sizeof(answer),
						     NULL, 0), 8);
		}
		ep_ack_refs(&ep, &l);
	}
}

/* Write @val to the file @name of cgroup @cg; 0 or -errno. */
static int cg_write(const char *cg, const char *name, const char *val)
{
	char path[192];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", cg, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -errno;
	close(fd);
	return ret;
}

/* Wait up to @ms for cgroup @cg's cgroup.events to say "frozen @want". */
static bool cg_frozen(const char *cg, int want, int ms)
{
	char path[192], line[64];
	int frozen = -1;

	snprintf(path, sizeof(path), "%s/cgroup.events", cg);
	for (; ms >= 0; ms -= 10) {
		FILE *f = fopen(path, "r");

		frozen = -1;
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "frozen %d", &frozen) == 1)
				break;
		if (f)
			fclose(f);
		if (frozen == want)
			return true;
		usleep(10 * 1000);
	}
	return false;
}

/*
 * Make a cgroup for this test under a cgroup2 hierarchy at CG_ROOT,
 * mounting one there if needed.  Returns 0 with its path in @cg, or -1
 * with the reason to skip in @why (no cgroups, no cgroup2, no freezer).
 */
static int cg_setup(char *cg, size_t len, char *why, size_t whylen)
{
	char path[192];

	if (access(CG_ROOT "/cgroup.controllers", F_OK) &&
	    mount("cgroup2", CG_ROOT, "cgroup2", 0, NULL)) {
		snprintf(why, whylen, "cannot mount cgroup2 on " CG_ROOT ": %s", strerror(errno));
		return -1;
	}
	snprintf(cg, len, CG_ROOT "/binder_freeze.%d", getpid());
	if (mkdir(cg, 0755)) {
		snprintf(why, whylen, "cannot make %s: %s", cg, strerror(errno));
		cg[0] = 0;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/cgroup.freeze", cg);
	if (access(path, W_OK)) {
		snprintf(why, whylen, "no cgroup2 freezer (%s: %s)", path, strerror(errno));
		rmdir(cg);
		cg[0] = 0;
		return -1;
	}
	return 0;
}

/* Wait until process @pid sleeps in system call @nr; 0 or -ETIMEDOUT. */
static int wait_proc_blocked_in(pid_t pid, long nr, int ms)
{
	char path[64], buf[128], *end;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	for (; ms >= 0; ms--) {
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

FIXTURE(cgfreeze) {
	struct world w;
	struct peer srv;	/* the blocking server, in the cgroup */
	char cg[128];		/* its cgroup; empty until made */
	uint32_t h;		/* cli's handle to the server's node */
};

BINDER_VARIANTS(cgfreeze);

FIXTURE_SETUP(cgfreeze)
{
	self->cg[0] = 0;
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
}

FIXTURE_TEARDOWN(cgfreeze)
{
	int i;

	/* A frozen server would not die before it is thawed: thaw first. */
	if (self->cg[0])
		cg_write(self->cg, "cgroup.freeze", "0");
	peer_kill(&self->srv);
	/* The cgroup empties once the killed server is fully gone. */
	for (i = 0; self->cg[0] && i < 200 && rmdir(self->cg) && errno == EBUSY; i++)
		usleep(10 * 1000);
	world_close(&self->w);
}

/* The answer to a sync call (code + 1); frees the reply.  ~0u if none. */
static uint32_t answer_of(struct world *w, struct ret *r)
{
	uint32_t v = ~0u;

	if (r->cmd != BR_REPLY)
		return v;
	if (r->tr.data_size == sizeof(v))
		memcpy(&v, txn_data(&r->tr), sizeof(v));
	ep_free(&w->cli, &r->tr);
	return v;
}

/*
 * The cgroup v2 freezer stops a server that waits in a binder read.  This
 * is not a binder freeze: the driver goes on queueing work for it.  A
 * one-way call completes at once, a sync call is neither refused nor
 * answered while frozen: the caller just waits.  Thawed, the server's
 * interrupted read returns EINTR (upstream does not restart it), the
 * server reads again and gets the one-way call, then the sync one, whose
 * caller gets the answer; and it serves as before.
 */
TEST_F(cgfreeze, frozen_server_serves_after_thaw)
{
	struct world *w = &self->w;
	char why[320], pid[16];
	uint64_t got, ready;
	struct ret r;

	if (cg_setup(self->cg, sizeof(self->cg), why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, peer_start(&self->srv, serve_main, (void *)variant->dev));
	ASSERT_EQ(0, peer_recv(&self->srv, &ready, 5000));
	snprintf(pid, sizeof(pid), "%d", self->srv.pid);
	ASSERT_EQ(0, cg_write(self->cg, "cgroup.procs", pid));
	ASSERT_EQ(0, reg_get(&w->cli, SERVE_SLOT, false, &self->h));

	ASSERT_EQ(BR_REPLY, ep_call(&w->cli, self->h, 5, 0, NULL, 0, NULL, 0, &r, BT_TMO));
	EXPECT_EQ(6, answer_of(w, &r));
	ASSERT_EQ(0, peer_recv(&self->srv, &got, BT_TMO));
	EXPECT_EQ(5, (uint32_t)got);

	ASSERT_EQ(0, wait_proc_blocked_in(self->srv.pid, SYS_ioctl, BT_TMO));
	ASSERT_EQ(0, cg_write(self->cg, "cgroup.freeze", "1"));
	ASSERT_TRUE(cg_frozen(self->cg, 1, 5000));

	EXPECT_EQ(BR_TRANSACTION_COMPLETE, oneway_data(w, self->h, 8, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(0, ep_send(&w->cli, self->h, 7, 0, NULL, 0, NULL, 0));
	EXPECT_TRUE(quiet(&w->cli, 500)) TH_LOG("the caller heard back from a frozen server");
	EXPECT_EQ(-ETIMEDOUT, peer_recv(&self->srv, &got, 200));

	ASSERT_EQ(0, cg_write(self->cg, "cgroup.freeze", "0"));
	ASSERT_TRUE(cg_frozen(self->cg, 0, 5000));
	ASSERT_EQ(BR_REPLY, ep_wait(&w->cli, 0, &r, 3000));
	EXPECT_EQ(8, answer_of(w, &r));
	ASSERT_EQ(0, peer_recv(&self->srv, &got, BT_TMO));
	EXPECT_EQ(8, (uint32_t)got);
	EXPECT_EQ(1, got >> 32) TH_LOG("interrupted reads: %llu", (unsigned long long)(got >> 32));
	ASSERT_EQ(0, peer_recv(&self->srv, &got, BT_TMO));
	EXPECT_EQ(7, (uint32_t)got);

	ASSERT_EQ(BR_REPLY, ep_call(&w->cli, self->h, 9, 0, NULL, 0, NULL, 0, &r, BT_TMO));
	EXPECT_EQ(10, answer_of(w, &r));
}

TEST_HARNESS_MAIN
