// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: the looper protocol (BC_ENTER_LOOPER, BC_REGISTER_LOOPER,
 * BINDER_SET_MAX_THREADS and when BR_SPAWN_LOOPER replaces the leading
 * BR_NOOP), waking on work (poll, O_NONBLOCK), which thread a nested call
 * lands on, and nice inheritance.
 *
 * Roles (struct world): "srv" owns the node the tests call, "cli" calls it.
 * Threads of this process act as extra binder threads of either side.
 */

#include "kselftest_harness.h"

#include <pthread.h>
#include <sys/resource.h>

#include "binder_world.h"

FIXTURE(threads) {
	struct world w;
};

BINDER_VARIANTS(threads);

FIXTURE_SETUP(threads)
{
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
}

FIXTURE_TEARDOWN(threads)
{
	world_close(&self->w);
}

static int set_max_threads(struct endpoint *ep, uint32_t n)
{
	return xioctl(ep->fd, BINDER_SET_MAX_THREADS, &n);
}

static int send_oneway(struct world *w, uint32_t code)
{
	int ret = ep_send(&w->cli, w->h, code, TF_ONE_WAY, NULL, 0, NULL, 0);

	if (!ret && ep_read_until(&w->cli, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO) < 0)
		ret = -ETIMEDOUT;
	return ret;
}

/*
 * Read (blocking) until a read holds a BR_TRANSACTION; @head gets the first
 * code of that read (BR_NOOP or BR_SPAWN_LOOPER), @in the transaction.
 */
static int read_txn_with_head(struct endpoint *ep, uint32_t *head, struct ret *in)
{
	struct retlist l;
	int i, ret;

	for (;;) {
		if (!ep_poll(ep, BT_TMO))
			return -ETIMEDOUT;
		ret = ep_xfer(ep, NULL, &l);
		if (ret)
			return ret;
		for (i = 0; i < l.n; i++) {
			if (l.r[i].cmd == BR_TRANSACTION) {
				*head = l.r[0].cmd;
				*in = l.r[i];
				return 0;
			}
		}
	}
}

/* The head of the server's read that delivers the next one-way call. */
static uint32_t head_for_next_call(struct world *w, uint32_t code)
{
	uint32_t head = 0;
	struct ret in;

	if (send_oneway(w, code) || read_txn_with_head(&w->srv, &head, &in))
		return 0;
	ep_free(&w->srv, &in.tr);
	return head;
}

/*
 * With max_threads > 0 and no thread of the process waiting for work, a
 * looper's read asks for one more thread: BR_SPAWN_LOOPER takes the place
 * of the leading BR_NOOP.  Only one request is outstanding at a time.
 */
TEST_F(threads, spawn_looper_when_no_thread_waits)
{
	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, set_max_threads(&self->w.srv, 1));
	EXPECT_EQ(BR_SPAWN_LOOPER, head_for_next_call(&self->w, 1));
	EXPECT_EQ(BR_NOOP, head_for_next_call(&self->w, 2));
}

/* No request without BINDER_SET_MAX_THREADS (the default is 0). */
TEST_F(threads, no_spawn_without_max_threads)
{
	ASSERT_EQ(0, world_link(&self->w, 0));
	EXPECT_EQ(BR_NOOP, head_for_next_call(&self->w, 1));
}

/* No request to a thread that is not a looper (fresh after THREAD_EXIT). */
TEST_F(threads, no_spawn_for_non_looper)
{
	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, set_max_threads(&self->w.srv, 1));
	ASSERT_EQ(0, xioctl(self->w.srv.fd, BINDER_THREAD_EXIT, NULL));
	EXPECT_EQ(BR_NOOP, head_for_next_call(&self->w, 1));
}

/*
 * BC_REGISTER_LOOPER without a spawn request is accepted by upstream (only
 * logged as a user error); the thread becomes a looper but does not count
 * as a spawned one, so its reads still ask for a spawn.
 */
TEST_F(threads, register_without_request_is_uncounted)
{
	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, set_max_threads(&self->w.srv, 1));
	ASSERT_EQ(0, xioctl(self->w.srv.fd, BINDER_THREAD_EXIT, NULL));
	ASSERT_EQ(0, ep_cmd0(&self->w.srv, BC_REGISTER_LOOPER));
	EXPECT_EQ(BR_SPAWN_LOOPER, head_for_next_call(&self->w, 1));
}

struct reg_ctx {
	struct endpoint *ep;
	struct retlist first;
	int ret;
};

/* A spawned thread: BC_REGISTER_LOOPER with its first read, then exit. */
static void *spawned_thread(void *arg)
{
	struct reg_ctx *c = arg;
	struct cmdbuf cb;

	cmd_reset(&cb);
	cmd_u32(&cb, BC_REGISTER_LOOPER);
	c->ret = ep_xfer(c->ep, &cb, &c->first);
	xioctl(c->ep->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

/*
 * A thread answering the request with BC_REGISTER_LOOPER counts against
 * max_threads: with max_threads 1 no further spawn is asked for, even after
 * that thread is gone.
 */
TEST_F(threads, spawned_threads_bounded_by_max_threads)
{
	struct reg_ctx c = { .ep = &self->w.srv };
	pthread_t t;
	char buf[256];

	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, set_max_threads(&self->w.srv, 1));
	ASSERT_EQ(BR_SPAWN_LOOPER, head_for_next_call(&self->w, 1));
	ASSERT_EQ(0, pthread_create(&t, NULL, spawned_thread, &c));
	pthread_join(t, NULL);
	ASSERT_EQ(0, c.ret);
	EXPECT_TRUE(RET_IS(&c.first, BR_NOOP)) TH_LOG("first read: %s", ret_str(&c.first, buf));
	EXPECT_EQ(BR_NOOP, head_for_next_call(&self->w, 2));
}

struct looper_ctx {
	struct endpoint *ep;
	pid_t tid;
	int stop;
	int got;		/* 1 once a transaction came */
	uint32_t head;		/* first code of the read that brought it */
	pid_t handler;		/* thread that handled a call (nested test) */
};

/*
 * A looper that waits in a blocking read; on a call it records its head
 * and this thread's id, then replies (to sync calls) or frees.  Ends once
 * ->stop is set and a read returns (a flush wakes it).
 */
static void *looper_thread(void *arg)
{
	struct looper_ctx *c = arg;
	struct retlist l;
	int i;

	ep_enter_looper(c->ep);
	__atomic_store_n(&c->tid, sys_gettid(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		if (ep_xfer(c->ep, NULL, &l))
			continue;
		for (i = 0; i < l.n; i++) {
			const struct binder_transaction_data *tr = &l.r[i].tr;

			if (l.r[i].cmd != BR_TRANSACTION)
				continue;
			c->head = l.r[0].cmd;
			c->handler = sys_gettid();
			__atomic_store_n(&c->got, 1, __ATOMIC_RELEASE);
			if (tr->flags & TF_ONE_WAY)
				ep_free(c->ep, tr);
			else
				ep_reply(c->ep, tr, 0, NULL, 0, NULL, 0);
		}
	}
	xioctl(c->ep->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

static int start_looper(struct looper_ctx *c, pthread_t *t, struct endpoint *ep)
{
	memset(c, 0, sizeof(*c));
	c->ep = ep;
	if (pthread_create(t, NULL, looper_thread, c))
		return -1;
	while (!__atomic_load_n(&c->tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	return wait_blocked_in(c->tid, SYS_ioctl, BT_TMO);
}

/* Stop loopers of @ep: set their flag, then flush (close of a dup) wakes them. */
static void stop_loopers(struct endpoint *ep, struct looper_ctx *c, pthread_t *t, int n)
{
	int i;

	for (i = 0; i < n; i++)
		__atomic_store_n(&c[i].stop, 1, __ATOMIC_RELEASE);
	close(dup(ep->fd));
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

/*
 * A thread waiting for work means the process has a free thread: the
 * looper that gets the call (either of two waiting ones) is not asked to
 * spawn, as the other one still waits.
 */
TEST_F(threads, waiting_looper_suppresses_spawn)
{
	struct looper_ctx c[2];
	pthread_t t[2];
	int i, got = 0;

	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, set_max_threads(&self->w.srv, 1));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, start_looper(&c[i], &t[i], &self->w.srv));
	ASSERT_EQ(0, send_oneway(&self->w, 1));
	for (i = 0; i < 2000 && !got; i++) {
		got = __atomic_load_n(&c[0].got, __ATOMIC_ACQUIRE) +
		      __atomic_load_n(&c[1].got, __ATOMIC_ACQUIRE);
		usleep(1000);
	}
	stop_loopers(&self->w.srv, c, t, 2);
	ASSERT_EQ(1, c[0].got + c[1].got);
	EXPECT_EQ(BR_NOOP, c[0].got ? c[0].head : c[1].head);
}

struct poll_ctx {
	struct endpoint *ep;
	pid_t tid;
	short revents;
	int got;
};

static void *poll_thread(void *arg)
{
	struct poll_ctx *c = arg;
	struct pollfd pfd = { .fd = c->ep->fd, .events = POLLIN };
	uint32_t head;
	struct ret in;

	ep_enter_looper(c->ep);	/* a new thread would be readable at once */
	__atomic_store_n(&c->tid, sys_gettid(), __ATOMIC_RELEASE);
	if (poll(&pfd, 1, 3000) == 1)
		c->revents = pfd.revents;
	if (c->revents && !read_txn_with_head(c->ep, &head, &in)) {
		c->got = 1;
		ep_free(c->ep, &in.tr);
	}
	return NULL;
}

/*
 * poll() on the fd of a thread free for process work sleeps while there is
 * nothing and wakes with POLLIN when a call comes in.
 */
TEST_F(threads, poll_wakes_on_incoming_work)
{
	struct poll_ctx c = { .ep = &self->w.srv };
	struct pollfd pfd = { .fd = self->w.srv.fd, .events = POLLIN };
	pthread_t t;

	ASSERT_EQ(0, world_link(&self->w, 0));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, poll_thread, &c));
	while (!__atomic_load_n(&c.tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	EXPECT_EQ(0, wait_blocked_in(c.tid, SYS_poll, BT_TMO));
	EXPECT_EQ(0, send_oneway(&self->w, 1));
	pthread_join(t, NULL);
	EXPECT_EQ(POLLIN, c.revents);
	EXPECT_EQ(1, c.got);
}

/* O_NONBLOCK: EAGAIN with nothing read while idle, the work once it came. */
TEST_F(threads, nonblocking_read)
{
	struct retlist l;
	char buf[256];

	ASSERT_EQ(0, world_link(&self->w, 0));
	EXPECT_EQ(-EAGAIN, ep_read_nb(&self->w.srv, &l));
	EXPECT_EQ(0, l.consumed);
	ASSERT_EQ(0, send_oneway(&self->w, 1));
	ASSERT_EQ(0, ep_read_nb(&self->w.srv, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION)) TH_LOG("read: %s", ret_str(&l, buf));
	if (l.n == 2)
		EXPECT_EQ(0, ep_free(&self->w.srv, &l.r[1].tr));
}

struct nested_ctx {
	struct world *w;
	pid_t tid;
	int result;
};

/* B: serves one call from A by calling back into A, then replies. */
static void *nested_b(void *arg)
{
	struct nested_ctx *c = arg;
	struct ret in, out;

	ep_enter_looper(&c->w->cli);
	__atomic_store_n(&c->tid, sys_gettid(), __ATOMIC_RELEASE);
	if (ep_read_until(&c->w->cli, BR_TRANSACTION, NULL, &in, BT_TMO) != BR_TRANSACTION) {
		c->result = 1;
		return NULL;
	}
	if (ep_transact(&c->w->cli, c->w->h, 2, 0, NULL, 0, NULL, 0, NULL, &out) != BR_REPLY) {
		c->result = 2;
		return NULL;
	}
	ep_free(&c->w->cli, &out.tr);
	c->result = ep_reply(&c->w->cli, &in.tr, 0, NULL, 0, NULL, 0) ? 3 : 0;
	return NULL;
}

/*
 * A calls B, B calls A back while serving: the nested call runs on the A
 * thread that waits for B's reply, not on A's idle looper.
 */
TEST_F(threads, nested_call_runs_on_waiting_caller)
{
	struct world *w = &self->w;
	struct nested_ctx b = { .w = w };
	struct looper_ctx idle;
	pthread_t tb, ti;
	pid_t handler = 0;
	struct ret r;
	uint32_t hb;
	int ret;

	ASSERT_EQ(0, world_link(w, 0));
	ASSERT_EQ(0, ep_publish(&w->cli, 1, 0xb000, 0xb, 0));
	ASSERT_EQ(0, reg_get(&w->srv, 1, false, &hb));
	ASSERT_EQ(0, start_looper(&idle, &ti, &w->srv));
	ASSERT_EQ(0, pthread_create(&tb, NULL, nested_b, &b));

	/* This thread is A's caller; it serves what arrives until the reply. */
	ASSERT_EQ(0, ep_send(&w->srv, hb, 1, 0, NULL, 0, NULL, 0));
	while ((ret = ep_read_until(&w->srv, 0, NULL, &r, BT_TMO)) == BR_TRANSACTION) {
		handler = sys_gettid();
		EXPECT_EQ(2, r.tr.code);
		EXPECT_EQ(0, ep_reply(&w->srv, &r.tr, 0, NULL, 0, NULL, 0));
	}
	EXPECT_EQ(BR_REPLY, ret);
	if (ret == BR_REPLY)
		ep_free(&w->srv, &r.tr);
	pthread_join(tb, NULL);
	stop_loopers(&w->srv, &idle, &ti, 1);
	EXPECT_EQ(0, b.result);
	EXPECT_EQ(sys_gettid(), handler);
	EXPECT_EQ(0, idle.got);
}

struct nice_caller {
	struct world *w;
	int nice;
	uint32_t flags;
	int result;
};

static void *nice_call_thread(void *arg)
{
	struct nice_caller *c = arg;
	struct ret out;
	uint32_t want;
	int ret;

	if (setpriority(PRIO_PROCESS, sys_gettid(), c->nice)) {
		c->result = -errno;
		return NULL;
	}
	want = c->flags & TF_ONE_WAY ? BR_TRANSACTION_COMPLETE : BR_REPLY;
	ret = ep_send(&c->w->cli, c->w->h, 1, c->flags, NULL, 0, NULL, 0);
	if (!ret)
		ret = ep_read_until(&c->w->cli, want, NULL, &out, BT_TMO);
	if (ret == BR_REPLY)
		ep_free(&c->w->cli, &out.tr);
	c->result = ret == (int)want ? 0 : 1;
	return NULL;
}

static int my_nice(void)
{
	return getpriority(PRIO_PROCESS, sys_gettid());
}

/*
 * Serve one call made at @nice (with @flags) on this thread; return the
 * nice it ran at (or 99 on failure); *@after gets the nice after the reply.
 */
static int nice_while_serving(struct world *w, int nice, uint32_t flags, int *after)
{
	struct nice_caller c = { .w = w, .nice = nice, .flags = flags };
	int during = 99;
	struct ret in;
	pthread_t t;

	if (pthread_create(&t, NULL, nice_call_thread, &c))
		return 99;
	if (srv_next(w, &in) == BR_TRANSACTION) {
		during = my_nice();
		if (flags & TF_ONE_WAY)
			ep_free(&w->srv, &in.tr);
		else
			ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0);
		*after = my_nice();
	}
	pthread_join(t, NULL);
	return c.result ? 98 : during;
}

/*
 * A sync call runs at the caller's nice when that is better than the
 * node's minimum (0x7f: none); the server thread's nice comes back after
 * BC_REPLY.
 */
TEST_F(threads, sync_call_runs_at_caller_nice)
{
	int after = 99;

	ASSERT_EQ(0, world_link(&self->w, 0x7f));
	ASSERT_EQ(0, my_nice());
	EXPECT_EQ(5, nice_while_serving(&self->w, 5, 0, &after));
	EXPECT_EQ(0, after);
	EXPECT_EQ(-3, nice_while_serving(&self->w, -3, 0, &after));
	EXPECT_EQ(0, after);
}

/*
 * The node's minimum priority (low byte of its flags) caps how nice the
 * server thread runs: a caller at nice 5 on a node with minimum 2 is served
 * at 2, while a better caller still wins.
 */
TEST_F(threads, sync_call_nice_capped_by_node_minimum)
{
	int after = 99;

	ASSERT_EQ(0, world_link(&self->w, 2));
	EXPECT_EQ(2, nice_while_serving(&self->w, 5, 0, &after));
	EXPECT_EQ(0, after);
	EXPECT_EQ(-3, nice_while_serving(&self->w, -3, 0, &after));
	EXPECT_EQ(0, after);
}

/*
 * The minimum priority is the unsigned low byte of the flags (upstream
 * keeps it in a u8): 0x80-0xff lie above every nice value, so they never
 * raise the server thread.  With 0xf6 (-10 if it were signed) and 0xff
 * (-1), a sync call runs at the caller's nice (0, then 5) and a one-way
 * call leaves the server at its own; it is at 0 again afterwards.
 */
TEST_F(threads, priority_byte_above_0x7f_never_raises)
{
	static const uint32_t bytes[] = { 0xf6, 0xff };
	struct world *w = &self->w;
	int after, i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ep_publish(&w->srv, 1 + i, SRV_PTR + 0x100 * (i + 1), 0, bytes[i]));
		ASSERT_EQ(0, reg_get(&w->cli, 1 + i, false, &w->h));
		after = 99;
		EXPECT_EQ(0, nice_while_serving(w, 0, 0, &after)) TH_LOG("byte %#x", bytes[i]);
		EXPECT_EQ(0, after);
		after = 99;
		EXPECT_EQ(5, nice_while_serving(w, 5, 0, &after)) TH_LOG("byte %#x", bytes[i]);
		EXPECT_EQ(0, after);
		after = 99;
		EXPECT_EQ(0, nice_while_serving(w, 5, TF_ONE_WAY, &after)) TH_LOG("byte %#x",
										bytes[i]);
		EXPECT_EQ(0, after);
	}
}

/*
 * One-way calls do not pass the caller's nice on.  And upstream resets a
 * thread that waits for process work to the nice of the process that
 * opened the fd (0 here), whatever it had set itself.
 */
TEST_F(threads, oneway_call_keeps_server_nice)
{
	int after = 99;

	ASSERT_EQ(0, world_link(&self->w, 0x7f));
	ASSERT_EQ(0, setpriority(PRIO_PROCESS, sys_gettid(), 7));
	EXPECT_EQ(0, nice_while_serving(&self->w, 5, TF_ONE_WAY, &after));
	EXPECT_EQ(0, after);
}

TEST_HARNESS_MAIN
