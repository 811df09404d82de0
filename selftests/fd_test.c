// SPDX-License-Identifier: GPL-2.0
/*
 * File descriptors in transactions (BINDER_TYPE_FD): the receiver gets a
 * new descriptor of the same open file, the node must accept fds, and a
 * reply may carry fds only if the call said TF_ACCEPT_FDS.
 *
 * Both sides are in this process (struct world), so the sent and the
 * received descriptor can be compared directly.
 */

#include "kselftest_harness.h"

#include <sys/stat.h>

#include "binder_world.h"

FIXTURE(fd) {
	struct world w;
	int pipe[2];
};

BINDER_VARIANTS(fd);

FIXTURE_SETUP(fd)
{
	self->pipe[0] = self->pipe[1] = -1;
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, pipe(self->pipe));
}

FIXTURE_TEARDOWN(fd)
{
	world_close(&self->w);
	close(self->pipe[0]);
	close(self->pipe[1]);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

/* Bytes written at @from can be read at @to (a pipe's two ends). */
static bool carries(int from, int to)
{
	char buf[8] = { 0 };

	return write(from, "binder", 7) == 7 && read(to, buf, sizeof(buf)) == 7 &&
	       !strcmp(buf, "binder");
}

static bool cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl >= 0 && (fl & FD_CLOEXEC);
}

/* Expect the last failure of @ep's thread to be BR_FAILED_REPLY, @param. */
static void expect_failed(struct __test_metadata *_metadata, struct endpoint *ep, int param)
{
	struct binder_extended_error ee;

	ASSERT_EQ(0, ep_get_ee(ep, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(param, ee.param);
}

/*
 * To a node with FLAT_BINDER_FLAG_ACCEPTS_FDS, each fd object arrives as a
 * new descriptor of the same file, close-on-exec, with its cookie kept.
 * The driver does not close it when the buffer is freed: the receiver owns
 * it.
 */
TEST_F(fd, fd_arrives_as_new_descriptor_of_same_file)
{
	struct flat_binder_object objs[2] = {
		fbo_fd(self->pipe[0], 0x77), fbo_fd(self->pipe[1], 0),
	};
	const binder_size_t offs[2] = { 0, 24 };
	struct world *w = &self->w;
	const struct flat_binder_object *o;
	int nf[2], i;
	struct ret in;

	ASSERT_EQ(0, world_link(w, FLAT_BINDER_FLAG_ACCEPTS_FDS));
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, objs, sizeof(objs), offs, sizeof(offs)));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	for (i = 0; i < 2; i++) {
		o = txn_obj(&in.tr, i);
		EXPECT_EQ(BINDER_TYPE_FD, o->hdr.type);
		EXPECT_EQ(0, o->binder >> 32);
		nf[i] = (int)o->handle;
		EXPECT_NE(self->pipe[i], nf[i]);
		EXPECT_TRUE(same_file(self->pipe[i], nf[i]));
		EXPECT_TRUE(cloexec(nf[i]));
	}
	EXPECT_EQ(0x77, txn_obj(&in.tr, 0)->cookie);
	EXPECT_NE(nf[0], nf[1]);
	EXPECT_TRUE(carries(self->pipe[1], nf[0]));
	EXPECT_TRUE(carries(nf[1], self->pipe[0]));

	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->cli, &in.tr));
	for (i = 0; i < 2; i++) {
		EXPECT_TRUE(cloexec(nf[i])) TH_LOG("fd %d closed by the driver", i);
		close(nf[i]);
	}
}

/*
 * The descriptor is allocated when the receiver reads the transaction, not
 * when it is sent: it takes the lowest number free at read time.
 */
TEST_F(fd, fd_allocated_at_read_time)
{
	struct flat_binder_object o = fbo_fd(self->pipe[0], 0);
	struct world *w = &self->w;
	struct ret in;
	int hole, nf;

	ASSERT_EQ(0, world_link(w, FLAT_BINDER_FLAG_ACCEPTS_FDS));
	hole = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(hole, 0);
	ASSERT_EQ(0, ep_send_obj(&w->cli, w->h, 1, TF_ONE_WAY, &o));
	close(hole);
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	nf = (int)txn_obj(&in.tr, 0)->handle;
	EXPECT_EQ(hole, nf);
	EXPECT_TRUE(same_file(self->pipe[0], nf));
	close(nf);
	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));
}

/*
 * A node without ACCEPTS_FDS refuses fds: the sender gets BR_FAILED_REPLY
 * (nothing else; extended error EPERM) and the server sees nothing.
 */
TEST_F(fd, fd_refused_by_node_without_accepts_fds)
{
	struct flat_binder_object o = fbo_fd(self->pipe[0], 0);
	struct world *w = &self->w;
	struct retlist l;
	char buf[256];

	ASSERT_EQ(0, world_link(w, 0x7f));
	ASSERT_EQ(0, ep_send_obj(&w->cli, w->h, 1, 0, &o));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, &l, NULL, BT_TMO));
	EXPECT_TRUE(RET_IS(&l, BR_FAILED_REPLY)) TH_LOG("read: %s", ret_str(&l, buf));
	expect_failed(_metadata, &w->cli, -EPERM);
	EXPECT_TRUE(ep_quiet(&w->srv));
}

/* An fd number that is not open is refused: BR_FAILED_REPLY, EBADF. */
TEST_F(fd, closed_fd_refused)
{
	struct world *w = &self->w;
	struct flat_binder_object o;
	int fd = dup(self->pipe[0]);

	ASSERT_GE(fd, 0);
	close(fd);
	o = fbo_fd(fd, 0);
	ASSERT_EQ(0, world_link(w, FLAT_BINDER_FLAG_ACCEPTS_FDS));
	ASSERT_EQ(0, ep_send_obj(&w->cli, w->h, 1, 0, &o));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, NULL, NULL, BT_TMO));
	expect_failed(_metadata, &w->cli, -EBADF);
}

/*
 * A reply may carry an fd only if the call had TF_ACCEPT_FDS.  Otherwise
 * the reply fails: upstream gives the replier a plain TRANSACTION_COMPLETE
 * and the caller BR_FAILED_REPLY (after its deferred TRANSACTION_COMPLETE),
 * with EPERM as the caller's extended error.
 */
TEST_F(fd, fd_in_reply_needs_tf_accept_fds)
{
	struct flat_binder_object o = fbo_fd(self->pipe[0], 0);
	struct world *w = &self->w;
	struct retlist l;
	struct ret in, out;
	char buf[256];
	int nf;

	ASSERT_EQ(0, world_link(w, 0));
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, TF_ACCEPT_FDS, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply_obj(&w->srv, &in.tr, 0, &o));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &out, BT_TMO));
	nf = (int)txn_obj(&out.tr, 0)->handle;
	EXPECT_TRUE(same_file(self->pipe[0], nf));
	EXPECT_TRUE(cloexec(nf));
	close(nf);
	EXPECT_EQ(0, ep_free(&w->cli, &out.tr));
	ASSERT_EQ(BR_TRANSACTION_COMPLETE,
		  ep_read_until(&w->srv, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO));

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 2, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply_obj(&w->srv, &in.tr, 0, &o));
	ASSERT_EQ(0, ep_read_nb(&w->srv, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION_COMPLETE))
		TH_LOG("replier read: %s", ret_str(&l, buf));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, &l, NULL, BT_TMO));
	EXPECT_TRUE(RET_IS(&l, BR_TRANSACTION_COMPLETE, BR_FAILED_REPLY))
		TH_LOG("caller read: %s", ret_str(&l, buf));
	expect_failed(_metadata, &w->cli, -EPERM);
}

TEST_HARNESS_MAIN
