// SPDX-License-Identifier: GPL-2.0
/*
 * Freeze notifications (Linux 6.12's protocol): a holder of a handle asks
 * with BC_REQUEST_FREEZE_NOTIFICATION to hear, as BR_FROZEN_BINDER,
 * whether the node's owner is frozen (BINDER_FREEZE): once at once, then
 * at every change, each acknowledged with BC_FREEZE_NOTIFICATION_DONE;
 * BC_CLEAR_FREEZE_NOTIFICATION ends it with
 * BR_CLEAR_FREEZE_NOTIFICATION_DONE.  The rules pinned here are upstream
 * 6.12's: a change folds into a notification not yet read, one read but
 * not acknowledged is sent again after the acknowledgement, a clear waits
 * for an outstanding acknowledgement, a dead node reports nothing, and
 * mistakes fail the write with EINVAL.
 *
 * The reference driver has this protocol from 6.12 on; on older kernels
 * its variant is skipped (ours speaks it on every kernel).
 */

#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_world.h"

#define OWNER_SLOT	3
#define OWNER_PTR	0xf2e0000ull
#define OWNER_COOKIE	0xf2e0001ull
#define COOKIE		0xc0c0ull

/* The owner: publishes a node, then waits (never reading binder) until told to go. */
static int owner_main(struct peer *self, void *arg)
{
	struct endpoint ep;
	uint64_t v;

	PEER_CHECK(!ep_open(&ep, arg, 64 * 1024, 0), 1);
	PEER_CHECK(!ep_publish(&ep, OWNER_SLOT, OWNER_PTR, OWNER_COOKIE, 0x7f), 2);
	PEER_CHECK(!peer_send(self, 0), 3);
	peer_recv(self, &v, 25000);
	ep_close(&ep);
	return 0;
}

FIXTURE(fnotify) {
	struct world w;
	uint32_t h;		/* cli's handle to the owner's node */
	int unsupported;	/* the device does not speak 6.12's protocol */
};

/* The 6.1 harness runs a test even when its setup skipped: skip again. */
#define SKIP_IF_UNSUPPORTED()						\
	do {								\
		if (self->unsupported)					\
			SKIP(return, "no freeze notifications before 6.12"); \
	} while (0)

BINDER_VARIANTS(fnotify);

FIXTURE_SETUP(fnotify)
{
	uint64_t ready;

	memset(&self->w, 0, sizeof(self->w));
	self->w.srv.fd = self->w.cli.fd = -1;
	self->unsupported = !speaks_protocol_of(variant->ours, 6, 12);
	if (self->unsupported)
		SKIP(return, "the reference driver has freeze notifications from 6.12 on");
	ASSERT_EQ(0, world_open(&self->w, variant->dev, WORLD_MAP));
	ASSERT_EQ(0, peer_start(&self->w.peer, owner_main, (void *)variant->dev));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &ready, 5000));
	ASSERT_EQ(0, reg_get(&self->w.cli, OWNER_SLOT, false, &self->h));
}

FIXTURE_TEARDOWN(fnotify)
{
	if (!self->unsupported)
		world_close(&self->w);
}

static int set_frozen(struct world *w, bool frozen)
{
	struct binder_freeze_info info = { .pid = w->peer.pid, .enable = frozen };

	return xioctl(w->cli.fd, BINDER_FREEZE, &info);
}

/* BC_REQUEST/CLEAR_FREEZE_NOTIFICATION alone: 0 or the write's -errno. */
static int fcmd(struct endpoint *ep, uint32_t bc, uint32_t handle, uint64_t cookie)
{
	return ep_death(ep, bc, handle, cookie);
}

static int fdone(struct endpoint *ep, uint64_t cookie)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_u32(&c, BC_FREEZE_NOTIFICATION_DONE);
	cmd_u64(&c, cookie);
	return ep_write(ep, &c);
}

/* The next BR_FROZEN_BINDER: its is_frozen, or -errno (-ETIMEDOUT: none). */
static int next_frozen(struct endpoint *ep, uint64_t cookie)
{
	struct ret r;
	int ret = ep_read_until(ep, 0, NULL, &r, BT_TMO);

	if (ret != BR_FROZEN_BINDER)
		return ret < 0 ? ret : -EPROTO;
	if (r.frozen.cookie != cookie)
		return -EBADMSG;
	return (int)r.frozen.is_frozen;
}

/* The next return is BR_CLEAR_FREEZE_NOTIFICATION_DONE for @cookie. */
static bool next_clear_done(struct endpoint *ep, uint64_t cookie)
{
	struct ret r;

	return ep_read_until(ep, 0, NULL, &r, BT_TMO) == BR_CLEAR_FREEZE_NOTIFICATION_DONE &&
	       r.cookie == cookie;
}

/* A request reports the current state at once, then every change. */
TEST_F(fnotify, reports_now_and_on_change)
{
	struct endpoint *c = &self->w.cli;

	SKIP_IF_UNSUPPORTED();

	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	EXPECT_TRUE(ep_quiet(c));

	ASSERT_EQ(0, set_frozen(&self->w, true));
	EXPECT_EQ(1, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, false));
	EXPECT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));

	/* A request made while frozen starts with "frozen". */
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_TRUE(next_clear_done(c, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, true));
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE + 1));
	EXPECT_EQ(1, next_frozen(c, COOKIE + 1));
	ASSERT_EQ(0, fdone(c, COOKIE + 1));
	ASSERT_EQ(0, set_frozen(&self->w, false));
	EXPECT_EQ(0, next_frozen(c, COOKIE + 1));
	ASSERT_EQ(0, fdone(c, COOKIE + 1));
	EXPECT_TRUE(ep_quiet(c));
}

/* Changes before the notification is read fold into it: the latest state only. */
TEST_F(fnotify, changes_fold_into_unread_notification)
{
	struct endpoint *c = &self->w.cli;

	SKIP_IF_UNSUPPORTED();

	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, true));
	ASSERT_EQ(0, set_frozen(&self->w, false));
	ASSERT_EQ(0, set_frozen(&self->w, true));
	EXPECT_EQ(1, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	EXPECT_TRUE(ep_quiet(c));
	ASSERT_EQ(0, set_frozen(&self->w, false));
}

/*
 * A notification read but not acknowledged: a change is sent after the
 * acknowledgement, not before; a change back to the state already reported
 * sends nothing more.
 */
TEST_F(fnotify, resent_after_done)
{
	struct endpoint *c = &self->w.cli;

	SKIP_IF_UNSUPPORTED();

	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, true));
	EXPECT_TRUE(ep_quiet(c)) TH_LOG("a change was sent before the acknowledgement");
	ASSERT_EQ(0, fdone(c, COOKIE));
	EXPECT_EQ(1, next_frozen(c, COOKIE));

	/* Frozen, thawed and frozen again while unacknowledged: 1 was reported. */
	ASSERT_EQ(0, set_frozen(&self->w, false));
	ASSERT_EQ(0, set_frozen(&self->w, true));
	ASSERT_EQ(0, fdone(c, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, false));
	EXPECT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	EXPECT_TRUE(ep_quiet(c));
}

/* A clear is answered at once, after a queued notification (replacing it), or after the ack. */
TEST_F(fnotify, clear_rules)
{
	struct endpoint *c = &self->w.cli;

	SKIP_IF_UNSUPPORTED();

	/* Acknowledged: at once. */
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_TRUE(next_clear_done(c, COOKIE));

	/* Queued and unread: the clear takes its place. */
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE + 1));
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE + 1));
	EXPECT_TRUE(next_clear_done(c, COOKIE + 1));
	EXPECT_TRUE(ep_quiet(c));

	/* Read, not acknowledged: held back until the acknowledgement. */
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE + 2));
	ASSERT_EQ(0, next_frozen(c, COOKIE + 2));
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE + 2));
	EXPECT_TRUE(ep_quiet(c)) TH_LOG("the clear came before the acknowledgement");
	ASSERT_EQ(0, fdone(c, COOKIE + 2));
	EXPECT_TRUE(next_clear_done(c, COOKIE + 2));

	/* Cleared: a change reports nothing. */
	ASSERT_EQ(0, set_frozen(&self->w, true));
	EXPECT_TRUE(ep_quiet(c));
	ASSERT_EQ(0, set_frozen(&self->w, false));
}

/* A node whose owner died reports nothing, and a request on it is accepted. */
TEST_F(fnotify, dead_node_reports_nothing)
{
	struct endpoint *c = &self->w.cli;
	struct ret r;

	SKIP_IF_UNSUPPORTED();

	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, next_frozen(c, COOKIE));
	ASSERT_EQ(0, fdone(c, COOKIE));
	ASSERT_EQ(0, ep_death(c, BC_REQUEST_DEATH_NOTIFICATION, self->h, 0xdead));
	ASSERT_EQ(0, peer_join(&self->w.peer, 5000));
	ASSERT_EQ(BR_DEAD_BINDER, ep_wait(c, BR_DEAD_BINDER, &r, BT_TMO));
	EXPECT_TRUE(ep_quiet(c));

	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_TRUE(next_clear_done(c, COOKIE));
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE + 1));
	EXPECT_TRUE(ep_quiet(c)) TH_LOG("a dead node reported a freeze state");
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE + 1));
	EXPECT_TRUE(next_clear_done(c, COOKIE + 1));
}

/* Each mistake fails the write with EINVAL, at the command (write_consumed). */
TEST_F(fnotify, bad_input)
{
	uint32_t cmd = BC_FREEZE_NOTIFICATION_DONE, weak;
	struct endpoint *c = &self->w.cli;
	struct binder_write_read bwr;
	struct cmdbuf cb;
	uint8_t *end;

	SKIP_IF_UNSUPPORTED();

	/* Unknown handle, as the second command of a write. */
	cmd_reset(&cb);
	cmd_ref(&cb, BC_INCREFS, self->h);
	cmd_death(&cb, BC_REQUEST_FREEZE_NOTIFICATION, 0xfff0, COOKIE);
	EXPECT_EQ(-EINVAL, binder_write_read(c->fd, cb.data, cb.len, NULL, 0, &bwr));
	EXPECT_EQ(8, bwr.write_consumed);
	ASSERT_EQ(0, ep_refcmd(c, BC_DECREFS, self->h));

	/* A second request on the same handle, whatever the cookie. */
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_EQ(-EINVAL, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_EQ(-EINVAL, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE + 5));
	ASSERT_EQ(0, next_frozen(c, COOKIE));

	/* DONE for a cookie with nothing outstanding, and twice. */
	EXPECT_EQ(-EINVAL, fdone(c, COOKIE + 5));
	ASSERT_EQ(0, fdone(c, COOKIE));
	EXPECT_EQ(-EINVAL, fdone(c, COOKIE));

	/* Clear with another cookie, on an unknown handle, and twice. */
	EXPECT_EQ(-EINVAL, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE + 5));
	EXPECT_EQ(-EINVAL, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, 0xfff0, COOKIE));
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));
	EXPECT_TRUE(next_clear_done(c, COOKIE));
	EXPECT_EQ(-EINVAL, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));

	/* A command whose payload runs into an unmapped page faults. */
	end = guarded_page_end();
	ASSERT_NE(NULL, end);
	memcpy(end - sizeof(cmd), &cmd, sizeof(cmd));
	EXPECT_EQ(-EFAULT, binder_write_read(c->fd, end - sizeof(cmd), sizeof(cmd), NULL, 0,
					     &bwr));
	guarded_free(end);
	EXPECT_TRUE(ep_quiet(c));

	/* The device still works: a call to the registry. */
	ASSERT_EQ(0, reg_get(c, OWNER_SLOT, true, &weak));
	EXPECT_EQ(0, ep_refcmd(c, BC_DECREFS, weak));
}

/*
 * A holder that goes with a notification read and unacknowledged and a
 * change to resend pending leaves nothing behind (ours: every counter
 * back, freeze notifications included); another holder's cleared,
 * unread one is freed once read.
 */
TEST_F(fnotify, holder_exit_frees_everything)
{
	struct our_counts before = { 0 };
	struct endpoint e2, *c = &self->w.cli;
	uint32_t h1;

	SKIP_IF_UNSUPPORTED();

	if (variant->ours)
		our_counts(&before);
	ASSERT_EQ(0, ep_open(&e2, variant->dev, 64 * 1024, 0));
	ASSERT_EQ(0, reg_get(&e2, OWNER_SLOT, false, &h1));
	ASSERT_EQ(0, fcmd(&e2, BC_REQUEST_FREEZE_NOTIFICATION, h1, COOKIE));
	ASSERT_EQ(0, next_frozen(&e2, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, true));	/* to resend after a DONE */
	ASSERT_EQ(0, fcmd(c, BC_REQUEST_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, fcmd(c, BC_CLEAR_FREEZE_NOTIFICATION, self->h, COOKIE));
	ASSERT_EQ(0, set_frozen(&self->w, false));
	ep_close(&e2);
	if (variant->ours) {
		EXPECT_TRUE(our_counts_settle(&before, 3000));
		EXPECT_EQ(1, our_active_objects("freeze"));
	}
	EXPECT_TRUE(next_clear_done(c, COOKIE));
	if (variant->ours)
		EXPECT_EQ(0, our_active_objects("freeze"));
}

TEST_HARNESS_MAIN
