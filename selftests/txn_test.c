// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions: synchronous calls and replies (data in both directions,
 * where the received data lands, the BR_TRANSACTION fields, the sender's
 * identity, TF_STATUS_CODE, when BR_TRANSACTION_COMPLETE arrives, which
 * caller a reply goes to) and one-way calls (completion, anonymity, order).
 *
 * Most tests drive both sides from one thread: the server and the client
 * are two opens of the device in this process (see struct world).
 */

#include "kselftest_harness.h"

#include <pthread.h>
#include <setjmp.h>

#include "binder_world.h"

FIXTURE(txn) {
	struct world w;
};

BINDER_VARIANTS(txn);

FIXTURE_SETUP(txn)
{
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(&self->w, 0));
}

FIXTURE_TEARDOWN(txn)
{
	world_close(&self->w);
}

/* The bytes of a call and of its reply arrive intact, whatever the size. */
TEST_F(txn, sync_call_data_both_ways)
{
	static const size_t sizes[] = { 0, 1, 4097, 100 * 1024 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		EXPECT_EQ(0, world_round_trip(&self->w, sizes[i], i + 1))
			TH_LOG("size %zu", sizes[i]);
}

static sigjmp_buf write_fault;

static void on_write_fault(int sig)
{
	siglongjmp(write_fault, sig);
}

/*
 * The receiver reads the data in place: data.ptr.buffer points into its
 * mapping, the offsets array follows the data at the next 8-byte boundary,
 * and the whole thing is read-only (a write is SIGSEGV).
 */
TEST_F(txn, received_buffer_layout)
{
	struct {
		uint32_t lead;
		struct flat_binder_object obj;
	} __attribute__((packed)) msg;
	binder_size_t off = offsetof(typeof(msg), obj);
	struct sigaction sa = { .sa_handler = on_write_fault };
	struct world *w = &self->w;
	uintptr_t buf, map = (uintptr_t)w->srv.map;
	struct ret in;
	int sig;

	ASSERT_EQ(28, sizeof(msg));
	msg.lead = 0x11223344;
	msg.obj = fbo_handle(BINDER_TYPE_WEAK_HANDLE, w->h);
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, TF_ONE_WAY, &msg, sizeof(msg), &off, sizeof(off)));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	buf = (uintptr_t)in.tr.data.ptr.buffer;
	EXPECT_EQ(28, in.tr.data_size);
	EXPECT_EQ(8, in.tr.offsets_size);
	EXPECT_TRUE(buf >= map && buf + 40 <= map + w->srv.map_size);
	EXPECT_EQ(buf + 32, in.tr.data.ptr.offsets);
	EXPECT_EQ(4, txn_offsets(&in.tr)[0]);
	EXPECT_EQ(0x11223344, *(const uint32_t *)txn_data(&in.tr));

	sigaction(SIGSEGV, &sa, NULL);
	sig = sigsetjmp(write_fault, 1);
	if (!sig)
		*(volatile uint8_t *)buf = 0;
	EXPECT_EQ(SIGSEGV, sig);
	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));
}

/*
 * BR_TRANSACTION carries the node's ptr/cookie, the code and the flags as
 * sent (upstream masks nothing, private high bits included), the sender's
 * pid and euid and the sizes.  BR_REPLY has no target and no sender pid,
 * but the code and flags the replier chose.
 */
TEST_F(txn, transaction_fields_verbatim)
{
	const uint32_t flags = TF_ACCEPT_FDS | TF_ROOT_OBJECT | 0x10000000;
	struct world *w = &self->w;
	uint64_t word = 0x0123456789abcdefull;
	struct retlist l;
	struct ret in, out;
	struct cmdbuf c;

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 0xfeedf00d, flags, &word, sizeof(word), NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(SRV_PTR, in.tr.target.ptr);
	EXPECT_EQ(SRV_COOKIE, in.tr.cookie);
	EXPECT_EQ(0xfeedf00d, in.tr.code);
	EXPECT_EQ(flags, in.tr.flags);
	EXPECT_EQ(getpid(), in.tr.sender_pid);
	EXPECT_EQ(geteuid(), in.tr.sender_euid);
	EXPECT_EQ(8, in.tr.data_size);
	EXPECT_EQ(0, in.tr.offsets_size);

	ASSERT_EQ(0, ep_free(&w->srv, &in.tr));
	cmd_reset(&c);
	cmd_txn(&c, BC_REPLY, 0, 0x77, 0x20000000, &word, 4, NULL, 0);
	ASSERT_EQ(0, ep_write(&w->srv, &c));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, &l, &out, BT_TMO));
	EXPECT_EQ(0, out.tr.target.ptr);
	EXPECT_EQ(0, out.tr.cookie);
	EXPECT_EQ(0x77, out.tr.code);
	EXPECT_EQ(0x20000000, out.tr.flags);
	EXPECT_EQ(0, out.tr.sender_pid);
	EXPECT_EQ(4, out.tr.data_size);
	EXPECT_EQ(0, ep_free(&w->cli, &out.tr));
}

struct caller_ctx {
	struct endpoint *ep;
	uint32_t handle;
	uint32_t seed;
	int own_euid;	/* switch this thread alone to euid 0 first */
	pid_t tid;
	int result;
};

/* Calls @handle with the seed as data; result 0 if the reply is seed+100. */
static void *call_thread(void *arg)
{
	struct caller_ctx *c = arg;
	struct ret out;
	uint32_t v;

	if (c->own_euid && syscall(SYS_setresuid, -1, 0, -1)) {
		c->result = 3;
		return NULL;
	}
	__atomic_store_n(&c->tid, sys_gettid(), __ATOMIC_RELEASE);
	if (ep_transact(c->ep, c->handle, 1, 0, &c->seed, sizeof(c->seed), NULL, 0, NULL,
			&out) != BR_REPLY) {
		c->result = 1;
		return NULL;
	}
	memcpy(&v, txn_data(&out.tr), sizeof(v));
	c->result = out.tr.data_size == sizeof(v) && v == c->seed + 100 ? 0 : 2;
	ep_free(c->ep, &out.tr);
	return NULL;
}

/*
 * The identity is taken when the call is sent: sender_pid is the tgid of
 * the caller (not the calling thread's tid), sender_euid the euid of the
 * caller.  Upstream (6.1) reads the euid of the caller's main thread, so a
 * thread that changed only its own euid is reported with the main one's.
 */
static int other_caller(struct peer *self, void *dev)
{
	struct caller_ctx c = { .seed = 7, .own_euid = 1 };
	struct endpoint ep;
	pthread_t t;

	PEER_CHECK(setresuid(-1, 1234, -1) == 0, 2);
	PEER_CHECK(ep_open(&ep, dev, BINDER_VM_SIZE, 0) == 0, 3);
	PEER_CHECK(reg_get(&ep, 0, false, &c.handle) == 0, 4);
	c.ep = &ep;
	/* The calling thread alone goes back to euid 0 (raw syscall, not glibc's). */
	PEER_CHECK(pthread_create(&t, NULL, call_thread, &c) == 0, 5);
	pthread_join(t, NULL);
	return c.result ? 10 + c.result : 0;
}

TEST_F(txn, sender_identity_of_another_process)
{
	struct world *w = &self->w;
	uint32_t v;
	struct ret in;

	ASSERT_EQ(0, peer_start(&w->peer, other_caller, (void *)variant->dev));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(w->peer.pid, in.tr.sender_pid);
	EXPECT_EQ(1234, in.tr.sender_euid);
	memcpy(&v, txn_data(&in.tr), sizeof(v));
	v += 100;
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, &v, sizeof(v), NULL, 0));
	EXPECT_EQ(0, peer_join(&w->peer, BT_TMO));
}

/* A reply flagged TF_STATUS_CODE reaches the caller as it was sent. */
TEST_F(txn, status_code_reply_passes_through)
{
	struct world *w = &self->w;
	int32_t status = -38;
	struct ret in, out;

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 5, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, TF_STATUS_CODE, &status, sizeof(status), NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &out, BT_TMO));
	EXPECT_EQ(TF_STATUS_CODE, out.tr.flags);
	ASSERT_EQ(4, out.tr.data_size);
	EXPECT_EQ(-38, *(const int32_t *)txn_data(&out.tr));
	EXPECT_EQ(0, ep_free(&w->cli, &out.tr));
}

/*
 * Upstream defers a sync call's BR_TRANSACTION_COMPLETE until the reply:
 * before it the caller has nothing to read (EAGAIN), after it one read
 * holds BR_NOOP, BR_TRANSACTION_COMPLETE, BR_REPLY, in that order.  The
 * server gets its own BR_TRANSACTION_COMPLETE for the reply at once.
 */
TEST_F(txn, transaction_complete_deferred_until_reply)
{
	struct world *w = &self->w;
	struct retlist l;
	struct ret in;
	char buf[256];

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(-EAGAIN, ep_read_nb(&w->cli, &l));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(-EAGAIN, ep_read_nb(&w->cli, &l));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));

	ASSERT_EQ(0, ep_read_nb(&w->cli, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION_COMPLETE, BR_REPLY))
		TH_LOG("client read: %s", ret_str(&l, buf));
	if (l.n == 3)
		EXPECT_EQ(0, ep_free(&w->cli, &l.r[2].tr));
	ASSERT_EQ(0, ep_read_nb(&w->srv, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION_COMPLETE))
		TH_LOG("server read: %s", ret_str(&l, buf));
}

/*
 * Two threads of one client wait in calls at the same time; each reply
 * goes back to the thread whose call it answers (the server answers with
 * the caller's seed + 100).
 */
TEST_F(txn, replies_reach_their_callers)
{
	struct caller_ctx c[2];
	pthread_t t[2];
	uint32_t v;
	struct ret in;
	int i;

	for (i = 0; i < 2; i++) {
		c[i] = (struct caller_ctx){ .ep = &self->w.cli, .handle = self->w.h,
					    .seed = 1000 * (i + 1), .result = -1 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, call_thread, &c[i]));
	}
	/* Both calls are in flight once both callers sleep waiting for replies. */
	for (i = 0; i < 2; i++) {
		while (!__atomic_load_n(&c[i].tid, __ATOMIC_ACQUIRE))
			usleep(1000);
		EXPECT_EQ(0, wait_blocked_in(c[i].tid, SYS_poll, BT_TMO));
	}
	for (i = 0; i < 2; i++) {
		if (srv_next(&self->w, &in) != BR_TRANSACTION)
			break;
		memcpy(&v, txn_data(&in.tr), sizeof(v));
		v += 100;
		EXPECT_EQ(0, ep_reply(&self->w.srv, &in.tr, 0, &v, sizeof(v), NULL, 0));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, c[i].result) TH_LOG("caller %d", i);
	}
}

/*
 * A one-way call completes at once for the sender (BR_TRANSACTION_COMPLETE
 * before the server even reads) and arrives with TF_ONE_WAY and sender_pid
 * 0; the euid is still reported.
 */
TEST_F(txn, oneway_completes_at_once_and_is_anonymous)
{
	struct world *w = &self->w;
	uint32_t v = 42;
	struct retlist l;
	struct ret in;
	char buf[256];

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 9, TF_ONE_WAY, &v, sizeof(v), NULL, 0));
	ASSERT_EQ(0, ep_read_nb(&w->cli, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION_COMPLETE))
		TH_LOG("client read: %s", ret_str(&l, buf));

	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(TF_ONE_WAY, in.tr.flags);
	EXPECT_EQ(9, in.tr.code);
	EXPECT_EQ(0, in.tr.sender_pid);
	EXPECT_EQ(geteuid(), in.tr.sender_euid);
	EXPECT_EQ(SRV_PTR, in.tr.target.ptr);
	EXPECT_EQ(42, *(const uint32_t *)txn_data(&in.tr));
	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));
	EXPECT_TRUE(ep_quiet(&w->cli));
}

/*
 * One-way calls to one node are delivered in the order sent, one at a
 * time: the next is held back until the server frees the previous buffer.
 */
TEST_F(txn, oneway_delivered_in_order_one_at_a_time)
{
	struct world *w = &self->w;
	struct retlist l;
	struct ret in;
	uint32_t i, n;

	for (i = 1; i <= 4; i++) {
		ASSERT_EQ(0, ep_send(&w->cli, w->h, i, TF_ONE_WAY, &i, sizeof(i), NULL, 0));
		ASSERT_EQ(BR_TRANSACTION_COMPLETE,
			  ep_read_until(&w->cli, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO));
	}
	for (i = 1; i <= 4; i++) {
		ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
		EXPECT_EQ(i, in.tr.code);
		memcpy(&n, txn_data(&in.tr), sizeof(n));
		EXPECT_EQ(i, n);
		/* The next one waits for this buffer. */
		EXPECT_EQ(-EAGAIN, ep_read_nb(&w->srv, &l));
		ASSERT_EQ(0, ep_free(&w->srv, &in.tr));
	}
	EXPECT_EQ(-EAGAIN, ep_read_nb(&w->srv, &l));
}

/*
 * While one call to a node is being served, one-way calls are not held
 * back by it: only one-way calls wait for each other.
 */
TEST_F(txn, oneway_not_held_back_by_sync_call)
{
	struct world *w = &self->w;
	struct ret in, ow;

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, TF_ONE_WAY, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &ow));
	EXPECT_EQ(TF_ONE_WAY, ow.tr.flags);
	/* The one-way buffer is still held; a sync call gets through anyway. */
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 2, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(2, in.tr.code);
	EXPECT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->cli, &in.tr));
	EXPECT_EQ(0, ep_free(&w->srv, &ow.tr));
}

TEST_HARNESS_MAIN
