// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls besides BINDER_WRITE_READ and BINDER_VERSION: SET_MAX_THREADS,
 * SET_CONTEXT_MGR(_EXT), THREAD_EXIT, ENABLE_ONEWAY_SPAM_DETECTION,
 * GET_NODE_DEBUG_INFO, GET_NODE_INFO_FOR_REF and GET_EXTENDED_ERROR.
 *
 * Context-manager tests make this process the manager (fd "mgr") and run
 * clients in peer processes; the others use a registry world.
 */

#include "kselftest_harness.h"

#include <pthread.h>

#include "binder_world.h"

FIXTURE(ioctl) {
	struct endpoint mgr;
	struct endpoint other;
	struct world w;		/* opened only by the tests that use it */
	struct peer peer;
};

BINDER_VARIANTS(ioctl);

FIXTURE_SETUP(ioctl)
{
	self->mgr.fd = self->other.fd = self->w.srv.fd = self->w.cli.fd = -1;
}

FIXTURE_TEARDOWN(ioctl)
{
	peer_kill(&self->peer);
	ep_close(&self->other);
	ep_close(&self->mgr);
	world_close(&self->w);
}

/* The value is a __u32 and upstream copies just 4 bytes of it. */
TEST_F(ioctl, max_threads_reads_four_bytes)
{
	uint8_t *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t libbinder_style = 15;	/* libbinder passes a size_t */
	uint32_t *last;

	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, mprotect(page + 4096, 4096, PROT_NONE));
	last = (uint32_t *)(page + 4096 - 4);
	*last = 4;
	ASSERT_EQ(0, ep_open(&self->other, variant->dev, 0, 0));
	EXPECT_EQ(0, xioctl(self->other.fd, BINDER_SET_MAX_THREADS, last));
	EXPECT_EQ(0, xioctl(self->other.fd, BINDER_SET_MAX_THREADS, &libbinder_style));
	/* A fault is reported as EINVAL, not EFAULT. */
	EXPECT_EQ(-EINVAL, xioctl(self->other.fd, BINDER_SET_MAX_THREADS, NULL));
	EXPECT_EQ(-EINVAL, xioctl(self->other.fd, BINDER_SET_MAX_THREADS, page + 4096));
	munmap(page, 8192);
}

/*
 * One context manager per device: a second attempt, by the same fd or any
 * other, plain or _EXT, is EBUSY.  The second device has its own.
 */
TEST_F(ioctl, second_context_manager_busy)
{
	struct flat_binder_object ext = fbo_binder(BINDER_TYPE_BINDER, 0x10, 0, 0);
	struct endpoint dev2;

	ASSERT_EQ(0, ep_open(&self->mgr, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&self->mgr, NULL));
	EXPECT_EQ(-EBUSY, ep_become_manager(&self->mgr));
	EXPECT_EQ(-EBUSY, xioctl(self->mgr.fd, BINDER_SET_CONTEXT_MGR_EXT, &ext));
	ASSERT_EQ(0, ep_open(&self->other, variant->dev, BINDER_VM_SIZE, 0));
	EXPECT_EQ(-EBUSY, ep_become_manager(&self->other));
	EXPECT_EQ(-EBUSY, xioctl(self->other.fd, BINDER_SET_CONTEXT_MGR_EXT, &ext));

	ASSERT_EQ(0, ep_open(&dev2, variant->dev2, BINDER_VM_SIZE, 0));
	EXPECT_EQ(0, ep_become_manager_retry(&dev2, &ext));
	ep_close(&dev2);
}

/* The manager itself may neither call handle 0 nor take references on it. */
TEST_F(ioctl, manager_cannot_use_handle0)
{
	struct binder_extended_error ee;
	struct binder_write_read bwr;
	uint32_t cmds[2] = { BC_INCREFS, 0 };

	ASSERT_EQ(0, ep_open(&self->mgr, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&self->mgr, NULL));
	EXPECT_EQ(BR_FAILED_REPLY, ep_transact(&self->mgr, 0, 1, 0, NULL, 0, NULL, 0, NULL,
					       NULL));
	ASSERT_EQ(0, ep_get_ee(&self->mgr, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EINVAL, ee.param);

	EXPECT_EQ(-EINVAL, binder_write_read(self->mgr.fd, cmds, sizeof(cmds), NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	cmds[0] = BC_ACQUIRE;
	EXPECT_EQ(-EINVAL, binder_write_read(self->mgr.fd, cmds, sizeof(cmds), NULL, 0, &bwr));
}

/* A client of handle 0: a call carrying an fd (code 1), then a plain one. */
static int fd_client(struct peer *self, void *dev)
{
	struct endpoint ep;
	struct flat_binder_object o;
	int p[2], ret;
	struct ret out;

	PEER_CHECK(pipe(p) == 0, 2);
	PEER_CHECK(ep_open(&ep, dev, BINDER_VM_SIZE, 0) == 0, 3);
	o = fbo_fd(p[0], 0);
	ret = ep_transact(&ep, 0, 1, 0, &o, sizeof(o), &(binder_size_t){ 0 },
			  sizeof(binder_size_t), NULL, &out);
	if (ret == BR_REPLY)
		ep_free(&ep, &out.tr);
	peer_send(self, (uint32_t)ret);
	ret = ep_transact(&ep, 0, 2, 0, NULL, 0, NULL, 0, NULL, &out);
	if (ret == BR_REPLY)
		ep_free(&ep, &out.tr);
	peer_send(self, (uint32_t)ret);
	return 0;
}

/* Serve calls from fd_client until its plain call: *@got_fd says if code 1 came. */
static int serve_fd_client(struct endpoint *mgr, struct ret *first, bool *got_fd)
{
	struct ret in;

	*got_fd = false;
	for (;;) {
		if (ep_read_until(mgr, BR_TRANSACTION, NULL, &in, BT_TMO) != BR_TRANSACTION)
			return -1;
		if (in.tr.code == 1) {
			*got_fd = txn_obj(&in.tr, 0)->hdr.type == BINDER_TYPE_FD &&
				  fcntl((int)txn_obj(&in.tr, 0)->handle, F_GETFD) >= 0;
			*first = in;
		}
		ep_reply(mgr, &in.tr, 0, NULL, 0, NULL, 0);
		if (in.tr.code == 2)
			return 0;
	}
}

/*
 * BINDER_SET_CONTEXT_MGR_EXT makes the manager's node from the object:
 * its ptr/cookie arrive in BR_TRANSACTION and are listed by
 * GET_NODE_DEBUG_INFO, and ACCEPTS_FDS lets clients send fds.
 */
TEST_F(ioctl, context_mgr_ext_node_identity_and_fds)
{
	struct flat_binder_object ext = fbo_binder(BINDER_TYPE_BINDER, 0x1000, 0x2000,
						   FLAT_BINDER_FLAG_ACCEPTS_FDS | 0x7f);
	struct binder_node_debug_info info = { .ptr = 0 };
	uint64_t r1 = 0, r2 = 0;
	struct ret first;
	bool got_fd;

	ASSERT_EQ(0, ep_open(&self->mgr, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&self->mgr, &ext));
	ASSERT_EQ(0, ep_enter_looper(&self->mgr));
	ASSERT_EQ(0, peer_start(&self->peer, fd_client, (void *)variant->dev));
	ASSERT_EQ(0, serve_fd_client(&self->mgr, &first, &got_fd));
	EXPECT_EQ(0, peer_recv(&self->peer, &r1, BT_TMO));
	EXPECT_EQ(0, peer_recv(&self->peer, &r2, BT_TMO));
	EXPECT_EQ(BR_REPLY, r1);
	EXPECT_EQ(BR_REPLY, r2);
	EXPECT_TRUE(got_fd);
	EXPECT_EQ(0x1000, first.tr.target.ptr);
	EXPECT_EQ(0x2000, first.tr.cookie);
	EXPECT_EQ(0, peer_join(&self->peer, BT_TMO));

	ASSERT_EQ(0, xioctl(self->mgr.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
	EXPECT_EQ(0x1000, info.ptr);
	EXPECT_EQ(0x2000, info.cookie);
	EXPECT_EQ(1, info.has_strong_ref);
	EXPECT_EQ(1, info.has_weak_ref);
}

/*
 * A plain BINDER_SET_CONTEXT_MGR node has ptr and cookie 0 and refuses
 * fds.  Being ptr 0, upstream's GET_NODE_DEBUG_INFO never lists it.
 */
TEST_F(ioctl, context_mgr_plain_refuses_fds)
{
	struct binder_node_debug_info info = { .ptr = 0, .cookie = 1 };
	uint64_t r1 = 0, r2 = 0;
	struct ret first;
	bool got_fd;

	ASSERT_EQ(0, ep_open(&self->mgr, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&self->mgr, NULL));
	ASSERT_EQ(0, ep_enter_looper(&self->mgr));
	ASSERT_EQ(0, peer_start(&self->peer, fd_client, (void *)variant->dev));
	ASSERT_EQ(0, serve_fd_client(&self->mgr, &first, &got_fd));
	EXPECT_EQ(0, peer_recv(&self->peer, &r1, BT_TMO));
	EXPECT_EQ(0, peer_recv(&self->peer, &r2, BT_TMO));
	EXPECT_EQ(BR_FAILED_REPLY, r1);
	EXPECT_EQ(BR_REPLY, r2);
	EXPECT_FALSE(got_fd);
	EXPECT_EQ(0, peer_join(&self->peer, BT_TMO));

	ASSERT_EQ(0, xioctl(self->mgr.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
	EXPECT_EQ(0, info.ptr);
	EXPECT_EQ(0, info.cookie);
}

/*
 * BINDER_THREAD_EXIT of a thread serving a sync call fails that call: the
 * caller gets its TRANSACTION_COMPLETE and BR_DEAD_REPLY.  The process
 * itself goes on serving with a new thread.
 */
TEST_F(ioctl, thread_exit_fails_incoming_call)
{
	struct world *w = &self->w;
	struct retlist l;
	struct ret in;
	char buf[256];

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(w, 0));
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, xioctl(w->srv.fd, BINDER_THREAD_EXIT, NULL));
	EXPECT_EQ(BR_DEAD_REPLY, ep_read_until(&w->cli, 0, &l, NULL, BT_TMO));
	EXPECT_TRUE(RET_IS(&l, BR_TRANSACTION_COMPLETE, BR_DEAD_REPLY))
		TH_LOG("caller read: %s", ret_str(&l, buf));
	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));

	ASSERT_EQ(0, ep_enter_looper(&w->srv));
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 2, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
}

/* The flag is a __u32 read from user memory: a bad pointer is EFAULT. */
TEST_F(ioctl, oneway_spam_detection_switch)
{
	uint32_t on = 1, off = 0;

	ASSERT_EQ(0, ep_open(&self->other, variant->dev, 0, 0));
	EXPECT_EQ(0, xioctl(self->other.fd, BINDER_ENABLE_ONEWAY_SPAM_DETECTION, &on));
	EXPECT_EQ(0, xioctl(self->other.fd, BINDER_ENABLE_ONEWAY_SPAM_DETECTION, &off));
	EXPECT_EQ(-EFAULT, xioctl(self->other.fd, BINDER_ENABLE_ONEWAY_SPAM_DETECTION, NULL));
}

/*
 * GET_NODE_DEBUG_INFO walks the caller's own nodes in ptr order: each call
 * returns the first node above the given ptr, ptr 0 meaning the end.
 * Another process's nodes are not listed.
 */
TEST_F(ioctl, node_debug_info_iterates_own_nodes)
{
	static const uint64_t ptrs[] = { 0x3000, 0x1000, 0x2000 };
	const uint64_t want[] = { 0x1000, 0x2000, 0x3000, SRV_PTR };
	struct binder_node_debug_info info;
	struct world *w = &self->w;
	unsigned int i;

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(w, 0));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, ep_publish(&w->srv, i + 1, ptrs[i], ptrs[i] + 1, 0));

	memset(&info, 0, sizeof(info));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, xioctl(w->srv.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
		EXPECT_EQ(want[i], info.ptr);
		EXPECT_EQ(want[i] == SRV_PTR ? SRV_COOKIE : want[i] + 1, info.cookie);
		EXPECT_EQ(1, info.has_strong_ref);
		EXPECT_EQ(1, info.has_weak_ref);
	}
	ASSERT_EQ(0, xioctl(w->srv.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
	EXPECT_EQ(0, info.ptr);
	EXPECT_EQ(0, info.cookie);

	info = (struct binder_node_debug_info){ .ptr = 0x1800 };
	ASSERT_EQ(0, xioctl(w->srv.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
	EXPECT_EQ(0x2000, info.ptr);
	info = (struct binder_node_debug_info){ .ptr = 0 };
	ASSERT_EQ(0, xioctl(w->cli.fd, BINDER_GET_NODE_DEBUG_INFO, &info));
	EXPECT_EQ(0, info.ptr);
}

/*
 * A node owner in its own process: sends its node to the manager, reports
 * (1) once it has read BR_INCREFS/BR_ACQUIRE, acks them when told, reports
 * (2), and waits for the end.
 */
static int node_owner(struct peer *self, void *dev)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, 0x7000, 0x77, 0);
	struct endpoint ep;
	struct retlist all;
	struct ret out;
	uint64_t v;

	PEER_CHECK(ep_open(&ep, dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(ep_send_obj(&ep, 0, 1, 0, &o) == 0, 3);
	PEER_CHECK(ep_read_until(&ep, 0, &all, &out, BT_TMO) == BR_REPLY, 4);
	PEER_CHECK(ret_find(&all, BR_ACQUIRE) >= 0, 5);
	ep_free(&ep, &out.tr);
	peer_send(self, 1);
	PEER_CHECK(peer_recv(self, &v, 5000) == 0, 6);
	PEER_CHECK(ep_ack_refs(&ep, &all) == 0, 7);
	peer_send(self, 2);
	peer_recv(self, &v, 5000);
	return 0;
}

static int node_info(struct endpoint *ep, uint32_t handle, struct binder_node_info_for_ref *i)
{
	memset(i, 0, sizeof(*i));
	i->handle = handle;
	return xioctl(ep->fd, BINDER_GET_NODE_INFO_FOR_REF, i);
}

/*
 * GET_NODE_INFO_FOR_REF (manager only) counts a node's strong references
 * (one per process holding a strong handle, plus the driver's own until
 * BC_ACQUIRE_DONE) and the driver's weak ones (until BC_INCREFS_DONE).
 * Only the handle may be set on input (checked before the manager check).
 */
TEST_F(ioctl, node_info_for_ref)
{
	struct binder_node_info_for_ref info;
	uint64_t v;
	struct ret in;
	struct cmdbuf c;
	uint32_t h;

	ASSERT_EQ(0, ep_open(&self->mgr, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&self->mgr, NULL));
	ASSERT_EQ(0, ep_enter_looper(&self->mgr));
	ASSERT_EQ(0, peer_start(&self->peer, node_owner, (void *)variant->dev));
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(&self->mgr, BR_TRANSACTION, NULL, &in, BT_TMO));
	h = txn_obj(&in.tr, 0)->handle;
	cmd_reset(&c);
	cmd_ref(&c, BC_ACQUIRE, h);
	ASSERT_EQ(0, ep_write(&self->mgr, &c));
	ASSERT_EQ(0, ep_reply(&self->mgr, &in.tr, 0, NULL, 0, NULL, 0));

	ASSERT_EQ(0, peer_recv(&self->peer, &v, BT_TMO));
	ASSERT_EQ(0, node_info(&self->mgr, h, &info));
	EXPECT_EQ(2, info.strong_count);
	EXPECT_EQ(1, info.weak_count);
	ASSERT_EQ(0, peer_send(&self->peer, 1));
	ASSERT_EQ(0, peer_recv(&self->peer, &v, BT_TMO));
	ASSERT_EQ(0, node_info(&self->mgr, h, &info));
	EXPECT_EQ(1, info.strong_count);
	EXPECT_EQ(0, info.weak_count);
	/* More strong references from the same process still count once. */
	ASSERT_EQ(0, ep_refcmd(&self->mgr, BC_ACQUIRE, h));
	ASSERT_EQ(0, node_info(&self->mgr, h, &info));
	EXPECT_EQ(1, info.strong_count);

	EXPECT_EQ(-EINVAL, node_info(&self->mgr, 99, &info));
	info = (struct binder_node_info_for_ref){ .handle = h, .strong_count = 1 };
	EXPECT_EQ(-EINVAL, xioctl(self->mgr.fd, BINDER_GET_NODE_INFO_FOR_REF, &info));
	info = (struct binder_node_info_for_ref){ .handle = h, .reserved3 = 1 };
	EXPECT_EQ(-EINVAL, xioctl(self->mgr.fd, BINDER_GET_NODE_INFO_FOR_REF, &info));
	ASSERT_EQ(0, ep_open(&self->other, variant->dev, 0, 0));
	EXPECT_EQ(-EPERM, node_info(&self->other, h, &info));
	info = (struct binder_node_info_for_ref){ .handle = h, .weak_count = 1 };
	EXPECT_EQ(-EINVAL, xioctl(self->other.fd, BINDER_GET_NODE_INFO_FOR_REF, &info));
	EXPECT_EQ(0, peer_join(&self->peer, BT_TMO));
}

static void *read_ee_thread(void *arg)
{
	struct endpoint *ep = arg;
	static struct binder_extended_error ee;

	if (ep_get_ee(ep, &ee))
		ee.command = 0;
	return &ee;
}

/*
 * GET_EXTENDED_ERROR returns the calling thread's last transaction outcome
 * and clears it.  Upstream records an id for successful transactions too
 * (command BR_OK); other threads have their own, empty, record.
 */
TEST_F(ioctl, extended_error_reports_and_clears)
{
	struct binder_extended_error ee, *tee;
	struct world *w = &self->w;
	struct retlist l;
	struct ret in;
	pthread_t t;

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(w, 0));
	EXPECT_EQ(BR_FAILED_REPLY, ep_transact(&w->cli, 99, 1, 0, NULL, 0, NULL, 0, &l, NULL));
	EXPECT_TRUE(RET_IS(&l, BR_FAILED_REPLY));
	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_NE(0, ee.id);
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EINVAL, ee.param);

	ASSERT_EQ(0, pthread_create(&t, NULL, read_ee_thread, &w->cli));
	pthread_join(t, (void **)&tee);
	EXPECT_EQ(0, tee->id);
	EXPECT_EQ(BR_OK, tee->command);
	EXPECT_EQ(0, tee->param);

	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_EQ(0, ee.id);
	EXPECT_EQ(BR_OK, ee.command);
	EXPECT_EQ(0, ee.param);

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
	ep_free(&w->cli, &in.tr);
	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_NE(0, ee.id);
	EXPECT_EQ(BR_OK, ee.command);
	EXPECT_EQ(0, ee.param);
}

TEST_HARNESS_MAIN
