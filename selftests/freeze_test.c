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
 * does that in real use.)
 */

#define _GNU_SOURCE
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
 * The lazy server: on LAZY_READ, read one transaction and report
 * code << 8 | first data byte (LAZY_NOTHING if none came); a one-way call
 * is freed at once, a sync call is held until LAZY_REPLY.
 */
static int lazy_main(struct peer *self, void *arg)
{
	const struct lazy_args *a = arg;
	struct ret in, held = { 0 };
	struct endpoint ep;
	uint64_t cmd;

	PEER_CHECK(!ep_open(&ep, a->dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!ep_publish(&ep, LAZY_SLOT, LAZY_PTR, LAZY_COOKIE, 0), 2);
	PEER_CHECK(!ep_enter_looper(&ep), 3);
	PEER_CHECK(!peer_send(self, 0), 4);
	while (!peer_recv(self, &cmd, 20000) && cmd != LAZY_EXIT) {
		if (cmd == LAZY_REPLY && held.cmd) {
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
		if (in.tr.flags & TF_ONE_WAY)
			PEER_CHECK(!ep_free(&ep, &in.tr), 8);
		else
			held = in;
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

/* A one-way call of one byte @b; returns the sender's first return. */
static int oneway(struct world *w, uint32_t h, uint32_t code, uint32_t flags, uint8_t b)
{
	struct retlist l;
	int ret = ep_send(&w->cli, h, code, TF_ONE_WAY | flags, &b, 1, NULL, 0);

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
	EXPECT_EQ(BR_TRANSACTION_COMPLETE, oneway(w, self->h, 5, 0, 0x42));
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
		EXPECT_EQ(BR_TRANSACTION_COMPLETE, oneway(w, self->h, 7, TF_UPDATE_TXN, b));
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
		EXPECT_EQ(BR_TRANSACTION_COMPLETE, oneway(w, self->h, 7, 0, b));
	ASSERT_EQ(0, freeze(w->cli.fd, w->peer.pid, false, 0));
	for (b = 1; b <= 3; b++)
		EXPECT_EQ(7ull << 8 | b, lazy_read(w));
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

TEST_HARNESS_MAIN
