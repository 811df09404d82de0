// SPDX-License-Identifier: GPL-2.0
/*
 * Death: notifications (BC_REQUEST/CLEAR_DEATH_NOTIFICATION, BR_DEAD_BINDER,
 * BC_DEAD_BINDER_DONE, BR_CLEAR_DEATH_NOTIFICATION_DONE) and what calls to
 * a dead node or a dying server return.
 *
 * Roles (struct world): "srv" owns the node and is the one that dies
 * (closing its fd ends its binder proc); "cli" holds handle w->h.  Some
 * tests use an owner in its own process that really exits.
 */

#include "kselftest_harness.h"

#include "binder_world.h"

#define CK1	0xdead0001
#define CK2	0xdead0002
#define PEER_SLOT	1

FIXTURE(death) {
	struct world w;
	struct endpoint other;	/* a second holder */
};

BINDER_VARIANTS(death);

FIXTURE_SETUP(death)
{
	self->other.fd = -1;
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(&self->w, 0));
}

FIXTURE_TEARDOWN(death)
{
	ep_close(&self->other);
	world_close(&self->w);
}

static int request_death(struct endpoint *ep, uint32_t handle, uint64_t cookie)
{
	return ep_death(ep, BC_REQUEST_DEATH_NOTIFICATION, handle, cookie);
}

/* Read until the next BR_DEAD_BINDER/CLEAR_DONE; its cookie, or 0. */
static uint64_t next_cookie(struct endpoint *ep, uint32_t cmd)
{
	struct ret r;

	return ep_read_until(ep, cmd, NULL, &r, BT_TMO) == (int)cmd ? r.cookie : 0;
}

static int dead_binder_done(struct endpoint *ep, uint64_t cookie)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_u32(&c, BC_DEAD_BINDER_DONE);
	cmd_u64(&c, cookie);
	return ep_write(ep, &c);
}

/* A node owner in its own process: publishes a node as PEER_SLOT. */
struct owner_args {
	const char *dev;
	bool die_in_call;	/* exit while a call is being served */
};

static int owner_process(struct peer *self, void *arg)
{
	const struct owner_args *a = arg;
	struct endpoint ep;
	uint64_t v;

	PEER_CHECK(ep_open(&ep, a->dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(ep_publish(&ep, PEER_SLOT, 0x9000, 0x9009, 0) == 0, 3);
	PEER_CHECK(ep_enter_looper(&ep) == 0, 4);
	PEER_CHECK(peer_send(self, 1) == 0, 5);
	if (a->die_in_call) {
		/* Exit holding the call, without a reply. */
		PEER_CHECK(ep_read_until(&ep, BR_TRANSACTION, NULL, NULL, 10000) ==
			   BR_TRANSACTION, 6);
		return 0;
	}
	peer_recv(self, &v, 10000);	/* until told to go */
	return 0;
}

static int start_owner(struct world *w, struct owner_args *a, uint32_t *handle)
{
	uint64_t v;

	if (peer_start(&w->peer, owner_process, a) || peer_recv(&w->peer, &v, 5000))
		return -1;
	return reg_get(&w->cli, PEER_SLOT, false, handle);
}

/*
 * The owner's process exits: the holder's notification fires with its
 * cookie, BC_DEAD_BINDER_DONE is accepted, and nothing else follows.
 */
TEST_F(death, dead_binder_when_owner_process_exits)
{
	struct owner_args a = { .dev = variant->dev };
	struct world *w = &self->w;
	uint32_t h;

	ASSERT_EQ(0, start_owner(w, &a, &h));
	ASSERT_EQ(0, request_death(&w->cli, h, CK1));
	EXPECT_TRUE(ep_quiet(&w->cli));
	ASSERT_EQ(0, peer_send(&w->peer, 1));
	EXPECT_EQ(0, peer_join(&w->peer, BT_TMO));
	EXPECT_EQ(CK1, next_cookie(&w->cli, BR_DEAD_BINDER));
	EXPECT_EQ(0, dead_binder_done(&w->cli, CK1));
	EXPECT_TRUE(ep_quiet(&w->cli));
}

/*
 * Cleared before the node dies: BR_CLEAR_DEATH_NOTIFICATION_DONE comes
 * back, and the death is then not reported (checked once a second holder
 * has heard of it, so the release has happened).
 */
TEST_F(death, clear_before_death)
{
	struct world *w = &self->w;
	uint32_t h2;

	ASSERT_EQ(0, request_death(&w->cli, w->h, CK1));
	ASSERT_EQ(0, ep_death(&w->cli, BC_CLEAR_DEATH_NOTIFICATION, w->h, CK1));
	EXPECT_EQ(CK1, next_cookie(&w->cli, BR_CLEAR_DEATH_NOTIFICATION_DONE));

	ASSERT_EQ(0, ep_open(&self->other, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, reg_get(&self->other, 0, false, &h2));
	ASSERT_EQ(0, request_death(&self->other, h2, CK2));
	ep_close(&w->srv);
	ASSERT_EQ(CK2, next_cookie(&self->other, BR_DEAD_BINDER));
	EXPECT_TRUE(ep_quiet(&w->cli));
}

/*
 * Cleared after BR_DEAD_BINDER was delivered: upstream holds the
 * CLEAR_DONE back until BC_DEAD_BINDER_DONE.  Registering again on the
 * now dead node fires at once.
 */
TEST_F(death, clear_after_death_then_register_again)
{
	struct world *w = &self->w;
	struct retlist l;

	ASSERT_EQ(0, request_death(&w->cli, w->h, CK1));
	ep_close(&w->srv);
	ASSERT_EQ(CK1, next_cookie(&w->cli, BR_DEAD_BINDER));

	ASSERT_EQ(0, ep_death(&w->cli, BC_CLEAR_DEATH_NOTIFICATION, w->h, CK1));
	EXPECT_TRUE(ep_quiet(&w->cli));
	ASSERT_EQ(0, dead_binder_done(&w->cli, CK1));
	EXPECT_EQ(CK1, next_cookie(&w->cli, BR_CLEAR_DEATH_NOTIFICATION_DONE));

	ASSERT_EQ(0, request_death(&w->cli, w->h, CK2));
	ASSERT_EQ(0, ep_read_nb(&w->cli, &l));
	ASSERT_EQ(2, l.n);
	EXPECT_EQ(BR_DEAD_BINDER, l.r[1].cmd);
	EXPECT_EQ(CK2, l.r[1].cookie);
	EXPECT_EQ(0, dead_binder_done(&w->cli, CK2));
}

/*
 * A second request on the same handle is ignored by upstream: the death is
 * reported once, with the first cookie.
 */
TEST_F(death, second_request_keeps_first_cookie)
{
	struct world *w = &self->w;

	ASSERT_EQ(0, request_death(&w->cli, w->h, CK1));
	ASSERT_EQ(0, request_death(&w->cli, w->h, CK2));
	ep_close(&w->srv);
	EXPECT_EQ(CK1, next_cookie(&w->cli, BR_DEAD_BINDER));
	EXPECT_TRUE(ep_quiet(&w->cli));
}

/*
 * Upstream ends a read right after a BR_DEAD_BINDER: with two deaths
 * pending, each read returns one.  (Both are queued before the first read:
 * a second holder of a node released later has heard of its death.)
 */
TEST_F(death, one_dead_binder_per_read)
{
	struct world *w = &self->w;
	struct retlist l;
	uint32_t h_late, h2;
	char buf[256];

	/* Nodes die in ptr order; this one, above SRV_PTR, dies last. */
	ASSERT_EQ(0, ep_publish(&w->srv, 2, SRV_PTR + 0x1000, 0, 0));
	ASSERT_EQ(0, reg_get(&w->cli, 2, false, &h_late));
	ASSERT_EQ(0, ep_open(&self->other, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, reg_get(&self->other, 2, false, &h2));
	ASSERT_EQ(0, request_death(&w->cli, w->h, CK1));
	ASSERT_EQ(0, request_death(&w->cli, h_late, CK2));
	ASSERT_EQ(0, request_death(&self->other, h2, CK2));
	ep_close(&w->srv);
	ASSERT_EQ(CK2, next_cookie(&self->other, BR_DEAD_BINDER));

	ASSERT_EQ(0, ep_read_nb(&w->cli, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_DEAD_BINDER)) TH_LOG("read: %s", ret_str(&l, buf));
	ASSERT_EQ(0, ep_read_nb(&w->cli, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_DEAD_BINDER)) TH_LOG("read: %s", ret_str(&l, buf));
}

/*
 * A call to a node whose owner is gone fails with BR_DEAD_REPLY alone (no
 * TRANSACTION_COMPLETE); the extended error says BR_DEAD_REPLY, EINVAL.
 */
TEST_F(death, call_to_dead_node)
{
	struct binder_extended_error ee;
	struct world *w = &self->w;
	struct retlist l;
	char buf[256];

	ASSERT_EQ(0, request_death(&w->cli, w->h, CK1));
	ep_close(&w->srv);
	ASSERT_EQ(CK1, next_cookie(&w->cli, BR_DEAD_BINDER));
	ASSERT_EQ(0, dead_binder_done(&w->cli, CK1));

	EXPECT_EQ(BR_DEAD_REPLY, ep_transact(&w->cli, w->h, 1, 0, NULL, 0, NULL, 0, &l, NULL));
	EXPECT_TRUE(RET_IS(&l, BR_DEAD_REPLY)) TH_LOG("read: %s", ret_str(&l, buf));
	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_NE(0, ee.id);
	EXPECT_EQ(BR_DEAD_REPLY, ee.command);
	EXPECT_EQ(-EINVAL, ee.param);
	/* One-way calls too. */
	EXPECT_EQ(BR_DEAD_REPLY, ep_transact(&w->cli, w->h, 1, TF_ONE_WAY, NULL, 0, NULL, 0,
					     NULL, NULL));
}

/*
 * The server's process exits while serving a sync call: the caller's
 * deferred TRANSACTION_COMPLETE arrives, then BR_DEAD_REPLY.
 */
TEST_F(death, server_exits_during_call)
{
	struct owner_args a = { .dev = variant->dev, .die_in_call = true };
	struct world *w = &self->w;
	struct retlist l;
	uint32_t h;
	char buf[256];

	ASSERT_EQ(0, start_owner(w, &a, &h));
	EXPECT_EQ(BR_DEAD_REPLY, ep_transact(&w->cli, h, 1, 0, NULL, 0, NULL, 0, &l, NULL));
	EXPECT_TRUE(RET_IS(&l, BR_TRANSACTION_COMPLETE, BR_DEAD_REPLY))
		TH_LOG("read: %s", ret_str(&l, buf));
	EXPECT_EQ(0, peer_join(&w->peer, BT_TMO));
}

/*
 * The AOSP driver-interface sequence on handle 0, in one write: take a weak
 * ref, request and clear a notification, drop the ref.  The result is one
 * BR_CLEAR_DEATH_NOTIFICATION_DONE.
 */
TEST_F(death, handle0_request_and_clear)
{
	struct world *w = &self->w;
	struct retlist l;
	struct cmdbuf c;
	char buf[256];

	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, 0);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, 0, CK1);
	cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, 0, CK1);
	cmd_ref(&c, BC_DECREFS, 0);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	ASSERT_EQ(BR_CLEAR_DEATH_NOTIFICATION_DONE,
		  ep_read_until(&w->cli, 0, &l, NULL, BT_TMO));
	EXPECT_TRUE(l.n == 1 && l.r[0].cookie == CK1) TH_LOG("read: %s", ret_str(&l, buf));
}

/*
 * The context manager dies: holders of handle 0 with a notification hear
 * of it, and calls to handle 0 fail with BR_DEAD_REPLY.
 */
TEST_F(death, manager_death)
{
	struct world *w = &self->w;
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, 0);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, 0, CK1);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	registry_stop(&w->reg);
	EXPECT_EQ(CK1, next_cookie(&w->cli, BR_DEAD_BINDER));
	EXPECT_EQ(BR_DEAD_REPLY, ep_transact(&w->cli, 0, REG_GET, 0, NULL, 0, NULL, 0, NULL,
					     NULL));
}

TEST_HARNESS_MAIN
