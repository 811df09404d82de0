// SPDX-License-Identifier: GPL-2.0
/*
 * One test per root cause of the binder CVEs that still applies to 6.1
 * semantics (performance-and-security.md, part B).  Each test drives the
 * shape of the original bug and pins what the fixed upstream driver does;
 * the stress tests are bounded (well under 10 s on TCG).  On a debug kernel
 * (KASAN, lockdep, kmemleak) the rig turns any memory error into a failure;
 * on the stock kernel the tests still check that reference counts, later
 * calls and the receiver's view are exactly as they were.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "binder_world.h"
#include "spawn.h"

FIXTURE(cve) {
	struct world w;
};

BINDER_VARIANTS(cve);

FIXTURE_SETUP(cve)
{
	int ret = world_open(&self->w, variant->dev, WORLD_MAP);

	if (!ret)
		ret = world_link_abw(&self->w);
	ASSERT_EQ(0, ret) TH_LOG("world on %s: %d", variant->dev, ret);
}

FIXTURE_TEARDOWN(cve)
{
	world_close(&self->w);
}

#define NODE_C1		0xc1000ull
#define NODE_C2		0xc2000ull

/* Does @ep own a node @ptr with a strong ref held by the driver? */
static int node_has_strong(struct endpoint *ep, uint64_t ptr)
{
	struct binder_node_debug_info info;

	memset(&info, 0, sizeof(info));
	info.ptr = ptr - 1;
	if (xioctl(ep->fd, BINDER_GET_NODE_DEBUG_INFO, &info) || info.ptr != ptr)
		return -1;
	return info.has_strong_ref;
}

static int inspect_target(const struct binder_transaction_data *tr, void *arg)
{
	return tr->target.ptr == *(uint64_t *)arg ? 0 : 1;
}

/*
 * CVE-2023-20938 / CVE-2023-21255: a transaction carrying BINDER objects
 * that fails before any object is translated (offsets_size not a multiple
 * of 8, unreadable offsets, unaligned buffers_size) must not release the
 * objects that a previous transaction left at the same place in the
 * receiver's buffer.  First a good transaction with two BINDER objects
 * gives the server two handles (which it keeps); the failing ones reuse
 * the same buffer.  Afterwards the server can still call both nodes, the
 * nodes still have their strong refs, and (ours) no object count moved.
 */
TEST_F(cve, cve_2023_21255_early_failure_keeps_refs)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o1 = fbo_binder(BINDER_TYPE_BINDER, NODE_C1, NODE_C1, 0x7f);
	struct flat_binder_object o2 = fbo_binder(BINDER_TYPE_BINDER, NODE_C2, NODE_C2, 0x7f);
	binder_size_t offs[] = { 0, 24 };
	struct our_counts before = { 0 }, after = { 0 };
	struct flat_binder_object g1, g2;
	uint64_t ptr = NODE_C1;
	struct outcome out;
	struct cmdbuf c;
	struct ret r;

	put(data, 0, &o1, sizeof(o1));
	put(data, 24, &o2, sizeof(o2));
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, data, 48, offs, sizeof(offs));
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	memcpy(&g1, txn_data(&r.tr), sizeof(g1));
	memcpy(&g2, (const uint8_t *)txn_data(&r.tr) + 24, sizeof(g2));
	ASSERT_EQ(BINDER_TYPE_HANDLE, g1.hdr.type);
	ASSERT_EQ(BINDER_TYPE_HANDLE, g2.hdr.type);
	cmd_reset(&c);
	cmd_ref(&c, BC_ACQUIRE, g1.handle);
	cmd_ref(&c, BC_ACQUIRE, g2.handle);
	cmd_free_buffer(&c, r.tr.data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.srv, &c));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	ep_free(&self->w.cli, &r.tr);
	ASSERT_EQ(1, node_has_strong(&self->w.cli, NODE_C1));
	ASSERT_EQ(1, node_has_strong(&self->w.cli, NODE_C2));
	if (variant->ours)
		our_counts(&before);

	try_call(&self->w, self->w.h_a, data, 48, offs, 12, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	try_call(&self->w, self->w.h_a, data, 48, offs, 4, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	try_call(&self->w, self->w.h_a, data, 48, (binder_size_t *)8, 16, -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(offs), 12, &out);
	EXPECT_FAILED(out, -EINVAL);
	/* No room for the objects' sg buffers is not reached either. */
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(offs), 1ull << 40, &out);
	EXPECT_EQ(BR_FAILED_REPLY, out.br);
	EXPECT_EQ(0, out.delivered);

	EXPECT_EQ(1, node_has_strong(&self->w.cli, NODE_C1));
	EXPECT_EQ(1, node_has_strong(&self->w.cli, NODE_C2));
	try_call_ep(&self->w.srv, &self->w.cli, g1.handle, 0, NULL, 0, NULL, 0, -1,
		    inspect_target, &ptr, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
	ptr = NODE_C2;
	try_call_ep(&self->w.srv, &self->w.cli, g2.handle, 0, NULL, 0, NULL, 0, -1,
		    inspect_target, &ptr, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
	if (variant->ours) { /* ours only: upstream has no object counters */
		our_counts(&after);
		EXPECT_TRUE(our_counts_equal(&before, &after));
	}
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * CVE-2024-46740 (offsets overwrite): an object offset beyond data_size
 * after a valid object.  The raw bytes the driver would copy up to that
 * offset lie past the data, where the receiver's offsets array sits; they
 * must not be copied there.  Upstream fails with -EFAULT; the first object
 * (a handle to node A, translated) is released exactly once: A's strong
 * count is unchanged, and the server saw nothing.
 */
TEST_F(cve, cve_2024_46740_offsets_overwrite)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 0, 32 };
	binder_size_t evil = 0;
	struct our_counts before = { 0 }, after = { 0 };
	struct outcome out;
	uint32_t a0 = count_a(&self->w);

	ASSERT_NE(~0u, a0);
	if (variant->ours)
		our_counts(&before);
	put(data, 0, &o, sizeof(o));
	/* Bytes 24..32 would land on offsets[0]: point it at another object. */
	evil = 40;
	put(data, 24, &evil, sizeof(evil));
	put(data, 40, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	offs[1] = 1ull << 20;
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	/* Same with the offending offset just past the end of the object. */
	offs[1] = 28;
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	EXPECT_EQ(a0, count_a(&self->w));
	if (variant->ours) { /* ours only */
		our_counts(&after);
		EXPECT_TRUE(our_counts_equal(&before, &after));
	}
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * CVE-2020-0041: a PTR/FDA may only name a parent among the objects
 * already validated (index < its own).  Parent == own index, a later index
 * and a huge index are all refused with -EINVAL.
 */
TEST_F(cve, cve_2020_0041_parent_index)
{
	uint8_t data[192] __attribute__((aligned(8))) = { 0 };
	uint8_t pa[32] = { 1 }, pb[16] = { 2 }, pc[16] = { 3 };
	binder_size_t offs[] = { 8, 48, 88 };
	struct binder_buffer_object a, b, cc;
	struct binder_fd_array_object f;
	struct outcome out;

	/* A's parent is A itself. */
	a = ptr_obj(pa, 32, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 0);
	put(data, 8, &a, sizeof(a));
	try_call(&self->w, self->w.h_a, data, 48, offs, 8, 32, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* B's parent is C, which comes later. */
	a = ptr_obj(pa, 32, 0, 0, 0);
	b = ptr_obj(pb, 16, BINDER_BUFFER_FLAG_HAS_PARENT, 2, 0);
	cc = ptr_obj(pc, 16, 0, 0, 0);
	put(data, 8, &a, sizeof(a));
	put(data, 48, &b, sizeof(b));
	put(data, 88, &cc, sizeof(cc));
	try_call(&self->w, self->w.h_a, data, 128, offs, sizeof(offs), 64, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* B's parent index is far out of the offsets array. */
	b.parent = 1ull << 40;
	put(data, 48, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 128, offs, sizeof(offs), 64, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* An FDA whose parent is itself, then one whose parent comes later. */
	f = fda_obj(1, 1, 0);
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, 16, 32, &out);
	EXPECT_FAILED(out, -EINVAL);
	f = fda_obj(1, 2, 0);
	put(data, 48, &f, sizeof(f));
	put(data, 88, &cc, sizeof(cc));
	try_call(&self->w, self->w.h_a, data, 128, offs, sizeof(offs), 64, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * CVE-2024-26926 (alignment): every object type at an offset that is not a
 * multiple of 4 is refused with -EINVAL, and nothing is created for it.
 * The sender's own data pointer need not be aligned (a handle at offset 0
 * of an odd address goes through); an FDA's fd array must be 4-aligned in
 * the sender's parent buffer too (-EINVAL).
 */
TEST_F(cve, cve_2024_26926_alignment)
{
	uint8_t data[256] __attribute__((aligned(8))) = { 0 };
	uint8_t blob[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o;
	struct binder_buffer_object b;
	struct binder_fd_array_object f;
	struct binder_fd_object fd;
	binder_size_t offs[] = { 6 };
	struct outcome out;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	o = fbo_binder(BINDER_TYPE_BINDER, 0x6000, 0, 0x7f);
	put(data, 6, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 40, offs, 8, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(-1, node_has_strong(&self->w.cli, 0x6000));	/* no node made */
	o = hobj(self->w.h_a);
	put(data, 6, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 40, offs, 8, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	fd = fd_obj(p[0]);
	put(data, 6, &fd, sizeof(fd));
	try_call(&self->w, self->w.h_a, data, 40, offs, 8, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	b = ptr_obj(blob, 16, 0, 0, 0);
	put(data, 6, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 56, offs, 8, 16, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* An odd sender address is fine. */
	offs[0] = 0;
	put(data + 1, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data + 1, 24, offs, 8, -1, &out);
	EXPECT_DELIVERED(out);

	/* FDA over a parent blob that starts at an odd sender address. */
	{
		binder_size_t offs2[] = { 8, 48 };
		uint32_t fdv = p[0];

		memset(data, 0, sizeof(data));
		memcpy(blob + 1, &fdv, 4);
		b = ptr_obj(blob + 1, 8, 0, 0, 0);
		f = fda_obj(1, 0, 0);
		put(data, 8, &b, sizeof(b));
		put(data, 48, &f, sizeof(f));
		try_call(&self->w, self->w.h_a, data, 80, offs2, sizeof(offs2), 8, &out);
		EXPECT_FAILED(out, -EINVAL);
	}
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * CVE-2019-2025 ("Waterdrop"): user space may only free a buffer that was
 * delivered to it.  The receiver fires BC_FREE_BUFFER at every address the
 * pending (undelivered) buffer can have; upstream ignores them all, and
 * the transaction then arrives intact.  Same for a reply still queued for
 * the caller.
 */
TEST_F(cve, cve_2019_2025_free_undelivered_buffer)
{
	uint64_t pattern[8], got[8];
	struct our_counts before = { 0 };
	struct cmdbuf c;
	struct ret r;
	int i;

	for (i = 0; i < 8; i++)
		pattern[i] = 0x5a5a000000000000ull + i;
	if (variant->ours)
		our_counts(&before);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 3, 0, pattern, sizeof(pattern), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_TRUE(ep_poll(&self->w.srv, 1000));
	cmd_reset(&c);
	for (i = 0; i < 64; i++)
		cmd_free_buffer(&c, (uintptr_t)self->w.srv.map + 8 * i);
	EXPECT_EQ(0, ep_write(&self->w.srv, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	/* The buffer was in the range attacked above. */
	EXPECT_LT(r.tr.data.ptr.buffer, (uintptr_t)self->w.srv.map + 512);
	ASSERT_EQ(sizeof(pattern), r.tr.data_size);
	memcpy(got, txn_data(&r.tr), sizeof(got));
	EXPECT_EQ(0, memcmp(got, pattern, sizeof(got)));

	/* The reply, queued for the client but not read yet. */
	cmd_reset(&c);
	cmd_free_buffer(&c, r.tr.data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, pattern, sizeof(pattern), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.srv, &c));
	ASSERT_TRUE(ep_poll(&self->w.cli, 1000));
	cmd_reset(&c);
	for (i = 0; i < 64; i++)
		cmd_free_buffer(&c, (uintptr_t)self->w.cli.map + 8 * i);
	EXPECT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	ASSERT_EQ(sizeof(pattern), r.tr.data_size);
	memcpy(got, txn_data(&r.tr), sizeof(got));
	EXPECT_EQ(0, memcmp(got, pattern, sizeof(got)));
	ep_free(&self->w.cli, &r.tr);
	if (variant->ours) /* ours only */
		EXPECT_TRUE(our_counts_settle(&before, 1000));
	EXPECT_EQ(0, good_call(&self->w));
}

/* ---- CVE-2019-2215 ---- */

struct epoll_waiter {
	int epfd;
	pid_t tid;
	int n;			/* what epoll_wait() returned */
	uint32_t events;
	long ms;		/* how long it waited */
};

#define WAITER_TMO	10000

static void *epoll_waiter_main(void *arg)
{
	struct epoll_waiter *e = arg;
	struct epoll_event ev = { 0 };
	long t0 = now_ms();

	__atomic_store_n(&e->tid, sys_gettid(), __ATOMIC_RELEASE);
	/* The raw call, so that wait_blocked_in() can see it. */
	e->n = (int)syscall(SYS_epoll_wait, e->epfd, &ev, 1, WAITER_TMO);
	e->events = ev.events;
	e->ms = now_ms() - t0;
	return NULL;
}

/* Events ready in @epfd right now (0 or 1; -errno on failure), their mask in *@events. */
static int epoll_now(int epfd, uint32_t *events)
{
	struct epoll_event ev = { 0 };
	int n = epoll_wait(epfd, &ev, 1, 0);

	*events = ev.events;
	return n < 0 ? -errno : n;
}

/*
 * CVE-2019-2215 ("Bad Binder"): a thread's wait queue sits on an epoll
 * set; BINDER_THREAD_EXIT frees the thread.  The set must be detached
 * first (upstream: wake_up_pollfree()), and told: a set with nothing
 * ready before the exit has the fd ready after it (its next poll, from a
 * new thread, reports EPOLLIN), and a waiter blocked on the set wakes at
 * once (not at its 10 s timeout) with that event.  Removing the fd from
 * the set or closing the set afterwards is safe.  30 rounds, then a set
 * armed again from a new thread still hears of incoming calls.
 */
TEST_F(cve, cve_2019_2215_epoll_thread_exit)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct binder_write_read bwr;
	struct endpoint e;
	struct cmdbuf c;
	uint32_t rbuf[8], events, h;
	struct ret r;
	int i, fd, epfd;

	for (i = 0; i < 30; i++) {
		fd = open(variant->dev, O_RDWR | O_CLOEXEC);
		ASSERT_GE(fd, 0);
		epfd = epoll_create1(EPOLL_CLOEXEC);
		ASSERT_GE(epfd, 0);
		/* A thread that has read once has nothing to report when polled. */
		ASSERT_EQ(0, binder_write_read(fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
		ASSERT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev));
		ASSERT_EQ(0, epoll_now(epfd, &events));
		switch (i % 3) {
		case 0:
			ASSERT_EQ(0, xioctl(fd, BINDER_THREAD_EXIT, NULL));
			EXPECT_EQ(1, epoll_now(epfd, &events));
			EXPECT_EQ(EPOLLIN, events);
			EXPECT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev));
			close(epfd);
			close(fd);
			break;
		case 1:
			ASSERT_EQ(0, xioctl(fd, BINDER_THREAD_EXIT, NULL));
			close(epfd);
			close(fd);
			break;
		default: {
			struct epoll_waiter wt = { .epfd = epfd };
			pthread_t t;

			ASSERT_EQ(0, pthread_create(&t, NULL, epoll_waiter_main, &wt));
			while (!__atomic_load_n(&wt.tid, __ATOMIC_ACQUIRE))
				usleep(1000);
			EXPECT_EQ(0, wait_blocked_in(wt.tid, SYS_epoll_wait, BT_TMO));
			ASSERT_EQ(0, xioctl(fd, BINDER_THREAD_EXIT, NULL));
			pthread_join(t, NULL);
			EXPECT_EQ(1, wt.n);
			EXPECT_EQ(EPOLLIN, wt.events);
			EXPECT_GT(WAITER_TMO / 2, wt.ms);
			EXPECT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev));
			close(fd);
			close(epfd);
		}
		}
	}

	/* A receiving endpoint, its set armed and disarmed by a thread exit. */
	ASSERT_EQ(0, ep_open(&e, variant->dev, WORLD_MAP, 0));
	ASSERT_EQ(0, ep_publish(&e, 6, 0x6600, 0x6601, 0x7f));
	ASSERT_EQ(0, reg_get(&self->w.cli, 6, false, &h));
	epfd = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_GE(epfd, 0);
	ASSERT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_ADD, e.fd, &ev));
	ASSERT_EQ(0, xioctl(e.fd, BINDER_THREAD_EXIT, NULL));
	ASSERT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_DEL, e.fd, &ev));
	/* Armed again from a new thread: quiet, until a call comes. */
	ASSERT_EQ(0, binder_write_read(e.fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	ASSERT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_ADD, e.fd, &ev));
	EXPECT_EQ(0, epoll_now(epfd, &events));
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, h, 0x2215, TF_ONE_WAY, NULL, 0, NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(1, epoll_wait(epfd, &ev, 1, BT_TMO));
	EXPECT_EQ(EPOLLIN, ev.events);
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(&e, BR_TRANSACTION, NULL, &r, BT_TMO));
	EXPECT_EQ(0x2215, r.tr.code);
	EXPECT_EQ(0, ep_free(&e, &r.tr));
	close(epfd);
	ep_close(&e);

	fd = open(variant->dev, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, binder_write_read(fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	EXPECT_EQ(4, bwr.read_consumed);
	EXPECT_EQ(BR_NOOP, rbuf[0]);
	close(fd);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ---- CVE-2020-0423 ---- */

#define NODE_R		0xd0000ull	/* cli's node receiving the senders' nodes */
#define SENT_NODES	0x100000ull	/* the senders' nodes start here */

struct node_sender {
	int fd;
	uint32_t target;
	uint64_t ptr;
	int ret;
};

static void *node_sender_main(void *arg)
{
	struct node_sender *s = arg;
	struct endpoint ep = { .fd = s->fd };
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, s->ptr, s->ptr, 0x7f);
	static const binder_size_t off0;
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, s->target, 0x99, TF_ONE_WAY, &o, sizeof(o), &off0,
		sizeof(off0));
	s->ret = ep_write(&ep, &c);
	/* Exit with the new node's work (and TRANSACTION_COMPLETE) queued. */
	xioctl(s->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

struct node_receiver {
	struct endpoint *ep;
	int want;
	volatile int stop;
	int got;		/* transactions read */
	int bad;		/* ones not as sent, or other returns */
	char why[96];
};

/* Check one delivered one-way of node_sender_main(); NULL if as sent. */
static const char *sent_node_problem(const struct binder_transaction_data *tr)
{
	const struct flat_binder_object *o;

	if (tr->code != 0x99 || !(tr->flags & TF_ONE_WAY) || tr->target.ptr != NODE_R)
		return "code, flags or target";
	/* A one-way call names no sender pid; the euid is root's. */
	if (tr->sender_pid != 0 || tr->sender_euid != 0)
		return "sender";
	if (tr->data_size != sizeof(*o) || tr->offsets_size != sizeof(binder_size_t) ||
	    txn_offsets(tr)[0] != 0)
		return "sizes";
	o = txn_obj(tr, 0);
	if (o->hdr.type != BINDER_TYPE_HANDLE || !o->handle || o->cookie || o->flags != 0x7f)
		return "object";
	return NULL;
}

/*
 * Reads cli's calls as they come and frees each at once: that drops the
 * only ref on the node it carried, while its sender is exiting.
 */
static void *node_receiver_main(void *arg)
{
	struct node_receiver *rc = arg;
	struct retlist l;
	int i;

	while (rc->got < rc->want && !rc->stop) {
		if (!ep_poll(rc->ep, 100) || ep_xfer(rc->ep, NULL, &l))
			continue;
		for (i = 0; i < l.n; i++) {
			const char *why;

			if (l.r[i].cmd == BR_NOOP)
				continue;
			if (l.r[i].cmd != BR_TRANSACTION) {
				rc->bad++;
				snprintf(rc->why, sizeof(rc->why), "read %s", br_name(l.r[i].cmd));
				continue;
			}
			why = sent_node_problem(&l.r[i].tr);
			if (why) {
				rc->bad++;
				snprintf(rc->why, sizeof(rc->why), "transaction %d: %s", rc->got,
					 why);
			}
			rc->got++;
			ep_free(rc->ep, &l.r[i].tr);
		}
	}
	xioctl(rc->ep->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

/* The pointer of @ep's first node above @ptr, 0 if none (-1 on error). */
static int64_t node_after(struct endpoint *ep, uint64_t ptr)
{
	struct binder_node_debug_info info;

	memset(&info, 0, sizeof(info));
	info.ptr = ptr;
	if (xioctl(ep->fd, BINDER_GET_NODE_DEBUG_INFO, &info))
		return -1;
	return (int64_t)info.ptr;
}

/*
 * CVE-2020-0423: a thread exits while its todo list holds node work (the
 * BR_INCREFS/BR_ACQUIRE for a node it just sent), while in another
 * process the node's last reference goes away (the receiver frees the
 * one-way that carried it).  Two short-lived threads per round each send
 * a new node of srv to cli and exit at once; 150 rounds.  Every send is
 * accepted and arrives as sent (a strong handle to a new node); srv is
 * never told anything about those nodes (its threads that would have been
 * are gone, and nobody holds them any more); all of them are freed and the
 * driver's counts are back where they were; calls still work.
 */
TEST_F(cve, cve_2020_0423_node_work_on_exiting_thread)
{
	struct node_receiver rc = { .ep = &self->w.cli, .want = 300 };
	struct drv_stats base;
	pthread_t rt;
	char diff[256];
	uint32_t hr;
	int i, j, bad = 0;

	ASSERT_EQ(0, ep_publish(&self->w.cli, 5, NODE_R, NODE_R + 1, 0x7f));
	ASSERT_EQ(0, reg_get(&self->w.srv, 5, false, &hr));
	ASSERT_EQ(0, drv_stats_baseline(variant->ours, &base));
	ASSERT_EQ(0, pthread_create(&rt, NULL, node_receiver_main, &rc));
	for (i = 0; i < 150; i++) {
		struct node_sender s[2];
		pthread_t t[2];

		for (j = 0; j < 2; j++) {
			s[j].fd = self->w.srv.fd;
			s[j].target = hr;
			s[j].ptr = SENT_NODES + (i * 2 + j) * 0x100;
			s[j].ret = -1;
			ASSERT_EQ(0, pthread_create(&t[j], NULL, node_sender_main, &s[j]));
		}
		for (j = 0; j < 2; j++) {
			pthread_join(t[j], NULL);
			bad += s[j].ret != 0;
		}
	}
	for (i = 0; i < 500 && __atomic_load_n(&rc.got, __ATOMIC_ACQUIRE) < rc.want; i++)
		usleep(10 * 1000);
	rc.stop = 1;
	pthread_join(rt, NULL);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(rc.want, rc.got);
	EXPECT_EQ(0, rc.bad) TH_LOG("%s", rc.why);

	EXPECT_TRUE(ep_quiet(&self->w.srv));
	EXPECT_EQ(0, node_after(&self->w.srv, SENT_NODES - 1));
	EXPECT_TRUE(drv_stats_settle(variant->ours, &base, 2000, diff))
		TH_LOG("counts moved: %s", diff);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ---- CVE-2022-20421 ---- */

/* Read until a oneway's outcome shows up. */
static int oneway_outcome(struct endpoint *ep)
{
	struct retlist l;
	int i;

	while (ep_poll(ep, 1000)) {
		if (ep_xfer(ep, NULL, &l))
			return -EIO;
		for (i = 0; i < l.n; i++)
			if (l.r[i].cmd == BR_TRANSACTION_COMPLETE || l.r[i].cmd == BR_DEAD_REPLY ||
			    l.r[i].cmd == BR_FAILED_REPLY)
				return l.r[i].cmd;
	}
	return -ETIMEDOUT;
}

static int send_weak_objects(struct endpoint *ep, uint32_t target, const uint32_t *handles,
			     int n)
{
	uint8_t data[3 * 24] __attribute__((aligned(8))) = { 0 };
	binder_size_t offs[3];
	struct cmdbuf c;
	int i;

	for (i = 0; i < n; i++) {
		struct flat_binder_object o = fbo_handle(BINDER_TYPE_WEAK_HANDLE, handles[i]);

		offs[i] = 24 * i;
		put(data, 24 * i, &o, sizeof(o));
	}
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, target, 7, TF_ONE_WAY, data, 24 * n, offs, 8 * n);
	if (ep_write(ep, &c))
		return -EIO;
	return oneway_outcome(ep);
}

/*
 * Fork a peer that publishes a node in registry slot 4, says so on @ready,
 * then exits (its fd closed by exit) as soon as it reads a byte (or EOF)
 * from @go.
 */
static pid_t exiting_peer(const char *dev, int go, int ready, int go_writer)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct endpoint ep;
		char b = 'r';

		alarm(10);
		close(go_writer);
		if (ep_open(&ep, dev, 64 * 1024, 0) ||
		    ep_publish(&ep, 4, 0x4000, 0x4001, 0x7f))
			_exit(1);
		if (write(ready, &b, 1) != 1 || read(go, &b, 1) != 1)
			_exit(2);
		_exit(0);
	}
	return pid;
}

/*
 * CVE-2022-20421 ("Bad Spin"): WEAK_HANDLE objects sent to a process that
 * is exiting at the same time, so the refs they create in it race with its
 * release; one of them names a node whose owner is already dead.  30
 * rounds of: a fresh peer, a burst of oneways carrying weak handles to it
 * while it exits.  Each oneway ends in BR_TRANSACTION_COMPLETE or
 * BR_DEAD_REPLY; once the peer is reaped, BR_DEAD_REPLY.  From the second
 * round on, the node of the round before (its owner dead, kept by a weak
 * ref) is among the handles, and one oneway carrying it is sent before the
 * peer starts exiting: the handle still names the dead node (it was not
 * reused for the new peer's) and the oneway is delivered.  Afterwards the
 * weakly held node W still travels as a weak handle.
 */
TEST_F(cve, cve_2022_20421_weak_handle_to_exiting_proc)
{
	uint32_t dead = 0, handles[3];
	int i, k, res, status, other = 0, late_dead = 0, rounds = 0, dead_legs = 0, dead_sent = 0;
	uint8_t wdata[24] __attribute__((aligned(8)));
	struct flat_binder_object wo;
	binder_size_t woff = 0;
	struct outcome out;
	struct cmdbuf c;

	for (i = 0; i < 30 && !other; i++) {
		struct pollfd pfd;
		uint32_t hq = 0;
		int go[2], ready[2];
		char b;
		pid_t pid;

		ASSERT_EQ(0, pipe(go));
		ASSERT_EQ(0, pipe(ready));
		pid = exiting_peer(variant->dev, go[0], ready[1], go[1]);
		ASSERT_GT(pid, 0);
		close(go[0]);
		close(ready[1]);
		pfd.fd = ready[0];
		pfd.events = POLLIN;
		k = poll(&pfd, 1, 3000) == 1 && read(ready[0], &b, 1) == 1 &&
		    !reg_get(&self->w.cli, 4, false, &hq);
		close(ready[0]);
		if (!k) {
			close(go[1]);
			waitpid(pid, &status, 0);
			ASSERT_TRUE(k);
		}
		handles[0] = self->w.h_w;
		handles[1] = hq;
		handles[2] = dead ? dead : self->w.h_w;
		if (dead) {
			/*
			 * The leg this test is about: the last round's handle,
			 * kept weakly, still names that (dead) node, and a weak
			 * handle to it travels to the live peer.
			 */
			dead_legs += dead != hq;
			dead_sent += send_weak_objects(&self->w.cli, hq, handles, 3) ==
				     BR_TRANSACTION_COMPLETE;
		}
		EXPECT_EQ(1, write(go[1], "x", 1));
		for (k = 0; k < 20; k++) {
			res = send_weak_objects(&self->w.cli, hq, handles, 3);
			if (res == BR_DEAD_REPLY)
				break;
			other += res != BR_TRANSACTION_COMPLETE;
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		close(go[1]);
		res = send_weak_objects(&self->w.cli, hq, handles, 3);
		late_dead += res == BR_DEAD_REPLY;
		rounds++;
		/* Keep a weak ref on the dead node for the next round. */
		cmd_reset(&c);
		cmd_ref(&c, BC_INCREFS, hq);
		cmd_ref(&c, BC_RELEASE, hq);
		if (dead)
			cmd_ref(&c, BC_DECREFS, dead);
		EXPECT_EQ(0, ep_write(&self->w.cli, &c));
		dead = hq;
	}
	EXPECT_EQ(0, other);
	EXPECT_EQ(rounds, late_dead);
	EXPECT_EQ(30, rounds);
	EXPECT_EQ(rounds - 1, dead_legs);
	EXPECT_EQ(rounds - 1, dead_sent);
	wo = fbo_handle(BINDER_TYPE_WEAK_HANDLE, self->w.h_w);
	put(wdata, 0, &wo, sizeof(wo));
	try_call(&self->w, self->w.h_a, wdata, 24, &woff, 8, -1, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ---- vma races (CVE-2023-20928 family, CVE-2019-1999) ---- */

struct vma_attacker {
	void *map;
	size_t size;
	int mode;		/* 0 madvise loop, 1 munmap, 2 mremap shrink */
	int delay_us;
	volatile int stop;
	int ret;
};

static void *vma_attacker_main(void *arg)
{
	struct vma_attacker *a = arg;
	int i = 0, dc;

	usleep(a->delay_us);
	switch (a->mode) {
	case 0:
		while (!a->stop) {
			if (madvise(a->map, a->size, MADV_DONTNEED))
				a->ret = -errno;
			if (++i % 25 == 0) {
				/* Let the shrinker at the freed pages too. */
				dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
				if (dc >= 0) {
					if (write(dc, "2", 1) != 1)
						a->ret = -EIO;
					close(dc);
				}
			}
			usleep(100);
		}
		break;
	case 1:
		a->ret = munmap(a->map, a->size) ? -errno : 0;
		break;
	default:
		a->ret = mremap(a->map, a->size, a->size / 2, 0) == MAP_FAILED ? -errno : 0;
		break;
	}
	return NULL;
}

/* What a receiver could read of a payload under attack, and whether it was right. */
struct payload_check {
	int pipe[2];		/* the bytes are read through it */
	long checked;		/* bytes read back and compared */
	long unreadable;	/* bytes whose page the attacker had unmapped */
	long wrong;		/* bytes read back that were not the sender's */
};

/*
 * Compare the @n payload bytes at @p (in this process's receive mapping)
 * with pattern @seed, page by page.  The attacker's madvise() takes the
 * user PTEs away, and the driver maps a page only when it allocates it, so
 * loading from such a page faults (SIGBUS).  The bytes are read with
 * write() to a (non-blocking) pipe instead, which copies what is mapped and
 * answers EFAULT for the rest (process_vm_readv() would too, but the debug
 * kernel lacks CONFIG_CROSS_MEMORY_ATTACH).
 */
static void check_payload(const void *p, size_t n, uint32_t seed, struct payload_check *pc)
{
	uint8_t buf[4096];
	size_t off = 0, len, i;

	while (off < n) {
		const uint8_t *at = (const uint8_t *)p + off;

		len = 4096 - (uintptr_t)at % 4096;
		if (len > n - off)
			len = n - off;
		/*
		 * Within one page: all of it is mapped, or none.  A failed
		 * write may leave an empty slot in the pipe: drain it, or the
		 * pipe fills up.
		 */
		if (write(pc->pipe[1], at, len) != (ssize_t)len) {
			pc->unreadable += len;
			while (read(pc->pipe[0], buf, sizeof(buf)) > 0)
				;
		} else if (read(pc->pipe[0], buf, len) != (ssize_t)len) {
			pc->wrong += len;
		} else {
			for (i = 0; i < len; i++)
				pc->wrong += buf[i] != pattern_byte(off + i, seed);
			pc->checked += len;
		}
		off += len;
	}
}

/*
 * One call from cli to node A of @size bytes with pattern @seed, answered
 * with as many bytes of pattern @seed + 1; the server checks what it can
 * read of the request (check_payload), the client, whose mapping nobody
 * attacks, checks the whole reply.  0 or the step that failed.
 */
static int checked_call(struct world *w, uint8_t *req, uint8_t *rep, size_t size, uint32_t seed,
			struct payload_check *pc)
{
	struct ret r;

	fill_pattern(req, size, seed);
	fill_pattern(rep, size, seed + 1);
	if (ep_send(&w->cli, w->h_a, 0x77, TF_ACCEPT_FDS, req, size, NULL, 0))
		return 1;
	if (ep_wait(&w->srv, 0, &r, 1000) != BR_TRANSACTION)
		return 2;
	if (r.tr.data_size != size || r.tr.code != 0x77) {
		ep_reply(&w->srv, &r.tr, 0, NULL, 0, NULL, 0);
		return 3;
	}
	check_payload(txn_data(&r.tr), size, seed, pc);
	if (ep_reply(&w->srv, &r.tr, 0, rep, size, NULL, 0))
		return 4;
	if (ep_wait(&w->cli, 0, &r, 1500) != BR_REPLY)
		return 5;
	if (r.tr.data_size != size || !check_pattern(txn_data(&r.tr), size, seed + 1)) {
		ep_free(&w->cli, &r.tr);
		return 6;
	}
	return ep_free(&w->cli, &r.tr) ? 7 : 0;
}

#define CALM_SIZE	(48 * 1024)

/*
 * madvise(MADV_DONTNEED) on the receive mapping in a loop (plus
 * drop_caches) while 150 calls of 64 bytes to 12 KB go through: user PTEs
 * come and go, the driver's own pages stay, and every call succeeds.  The
 * server compares every request byte it can still read with what was
 * sent, the client every reply byte.  Then, with the attacker stopped, a
 * 48 KB call reaches pages never mapped before, which must read back
 * right.
 */
TEST_F(cve, vma_madvise_while_receiving)
{
	struct vma_attacker a = { .map = self->w.srv.map, .size = WORLD_MAP };
	uint8_t *req = malloc(CALM_SIZE), *rep = malloc(CALM_SIZE);
	struct payload_check pc = { 0 }, calm = { 0 };
	long start = now_ms();
	int i, step = 0;
	pthread_t t;

	ASSERT_TRUE(req && rep);
	ASSERT_EQ(0, pipe2(pc.pipe, O_CLOEXEC | O_NONBLOCK));
	calm.pipe[0] = pc.pipe[0];
	calm.pipe[1] = pc.pipe[1];
	ASSERT_EQ(0, pthread_create(&t, NULL, vma_attacker_main, &a));
	/* Stop at the first failure: a broken driver should fail, not time out. */
	for (i = 0; i < 150 && !step; i++)
		step = checked_call(&self->w, req, rep, 64 + (i * 1237) % 12000, i, &pc);
	a.stop = 1;
	pthread_join(t, NULL);
	EXPECT_EQ(0, step) TH_LOG("call %d failed at step %d", i - 1, step);
	EXPECT_EQ(0, a.ret);
	EXPECT_EQ(0, pc.wrong) TH_LOG("%ld of %ld bytes read back wrong", pc.wrong, pc.checked);
	TH_LOG("under attack: %ld bytes checked, %ld unreadable, %ld ms", pc.checked,
	       pc.unreadable, now_ms() - start);

	EXPECT_EQ(0, checked_call(&self->w, req, rep, CALM_SIZE, 1000, &calm));
	EXPECT_EQ(0, calm.wrong);
	/* Pages 3.. of that buffer were never mapped before: all readable. */
	EXPECT_LE(CALM_SIZE - 3 * 4096, calm.checked);
	close(pc.pipe[0]);
	close(pc.pipe[1]);
	free(req);
	free(rep);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A receiver's mapping is unmapped (mode 1) or shrunk by mremap (mode 2)
 * while calls to it are in flight.  Each call ends in BR_REPLY or, once the
 * mapping is gone, BR_DEAD_REPLY (upstream: no vma means a dead target);
 * after the attacker is done every call is BR_DEAD_REPLY.  12 rounds each,
 * each with a fresh receiver; the other server is unaffected.
 */
static void vma_unmap_rounds(struct __test_metadata *_metadata, struct world *w,
			     const char *dev, int mode)
{
	int i, k, res, other = 0;

	for (i = 0; i < 12 && !other; i++) {
		struct vma_attacker a = { .mode = mode, .delay_us = (i % 4) * 700 };
		struct endpoint rx;
		struct outcome out;
		uint32_t h;
		pthread_t t;
		struct cmdbuf c;

		ASSERT_EQ(0, ep_open(&rx, dev, WORLD_MAP, 0));
		ASSERT_EQ(0, ep_publish(&rx, 5, 0x5000, 0x5001, 0x7f));
		ASSERT_EQ(0, reg_get(&w->cli, 5, false, &h));
		a.map = rx.map;
		a.size = rx.map_size;
		ASSERT_EQ(0, pthread_create(&t, NULL, vma_attacker_main, &a));
		for (k = 0; k < 8 && !other; k++) {
			res = try_call_ep(&w->cli, &rx, h, 0, NULL, 0, NULL, 0, -1, NULL, NULL,
					  &out);
			other += res != BR_REPLY && res != BR_DEAD_REPLY;
		}
		pthread_join(t, NULL);
		EXPECT_EQ(0, a.ret);
		res = try_call_ep(&w->cli, &rx, h, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
		EXPECT_EQ(BR_DEAD_REPLY, res);
		EXPECT_EQ(0, out.delivered);
		cmd_reset(&c);
		cmd_ref(&c, BC_RELEASE, h);
		EXPECT_EQ(0, ep_write(&w->cli, &c));
		if (mode == 2)
			munmap(rx.map, rx.map_size / 2);
		rx.map = NULL;
		ep_close(&rx);
	}
	EXPECT_EQ(0, other);
	EXPECT_EQ(0, good_call(w));
}

TEST_F(cve, vma_munmap_while_receiving)
{
	vma_unmap_rounds(_metadata, &self->w, variant->dev, 1);
}

TEST_F(cve, vma_mremap_while_receiving)
{
	vma_unmap_rounds(_metadata, &self->w, variant->dev, 2);
}

/* ---- context manager self-reference (Jann Horn, 2020) ---- */

/*
 * Child (closing its copy of @mgr_fd): holds a ref on handle 0 of manager
 * #1, then on command 'c' calls handle 0 and re-acquires it; reports both
 * results; exits on EOF.
 */
static pid_t stale_ref_holder(const char *dev, int cmd_fd, int res_fd, int mgr_fd,
			      int other_end_1, int other_end_2)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct endpoint ep;
		uint64_t consumed;
		int res[2] = { -1, -1 };
		struct ret r;
		char b;

		alarm(10);
		/* The inherited copy would keep manager #1 alive. */
		close(mgr_fd);
		close(other_end_1);
		close(other_end_2);
		if (ep_open(&ep, dev, 64 * 1024, 0))
			_exit(1);
		res[0] = write_ref(&ep, BC_INCREFS, 0, &consumed);
		if (!res[0])
			res[0] = write_ref(&ep, BC_ACQUIRE, 0, &consumed);
		if (write(res_fd, res, sizeof(int)) != sizeof(int))
			_exit(1);
		if (read(cmd_fd, &b, 1) != 1)
			_exit(0);
		res[0] = ep_call(&ep, 0, 9, 0, NULL, 0, NULL, 0, &r, 3000);
		res[1] = write_ref(&ep, BC_ACQUIRE, 0, &consumed);
		if (write(res_fd, res, sizeof(res)) != sizeof(res))
			_exit(1);
		if (read(cmd_fd, &b, 1) < 0)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/*
 * 4b836a1426cb "Prevent context manager from incrementing ref 0": a
 * process never holds a ref to its own node.  A peer takes a ref on
 * handle 0 of manager #1; manager #1 goes away and the same process
 * becomes manager #2.  Manager #2 still cannot acquire or call handle 0
 * (EINVAL / BR_FAILED_REPLY -EINVAL), while the peer's stale handle 0 does
 * not pin the dead manager: its calls to 0 reach manager #2, and its new
 * BC_ACQUIRE 0 is accepted.
 */
TEST_F(cve, context_manager_reborn_no_self_ref)
{
	int cmdp[2], resp[2], res[2] = { -1, -1 }, status;
	struct endpoint m1, m2;
	struct outcome out;
	uint64_t consumed;
	struct ret r;
	pid_t pid;

	ASSERT_EQ(0, pipe(cmdp));
	ASSERT_EQ(0, pipe(resp));
	ASSERT_EQ(0, ep_open(&m1, variant->dev2, WORLD_MAP, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&m1, NULL));
	pid = stale_ref_holder(variant->dev2, cmdp[0], resp[1], m1.fd, cmdp[1], resp[0]);
	ASSERT_GT(pid, 0);
	close(cmdp[0]);
	close(resp[1]);
	ASSERT_EQ(sizeof(int), read(resp[0], res, sizeof(int)));
	EXPECT_EQ(0, res[0]);

	ep_close(&m1);
	ASSERT_EQ(0, ep_open(&m2, variant->dev2, WORLD_MAP, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&m2, NULL));
	EXPECT_EQ(-EINVAL, write_ref(&m2, BC_ACQUIRE, 0, &consumed));
	EXPECT_EQ(0, consumed);
	try_call_ep(&m2, NULL, 0, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_FAILED(out, -EINVAL);

	ASSERT_EQ(1, write(cmdp[1], "c", 1));
	EXPECT_EQ(BR_TRANSACTION, ep_wait(&m2, 0, &r, 3000));
	if (r.cmd == BR_TRANSACTION) {
		EXPECT_EQ(9, r.tr.code);
		ep_reply(&m2, &r.tr, 0, NULL, 0, NULL, 0);
	}
	ASSERT_EQ(sizeof(res), read(resp[0], res, sizeof(res)));
	EXPECT_EQ(BR_REPLY, res[0]);
	EXPECT_EQ(0, res[1]);
	close(cmdp[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(resp[0]);
	ep_close(&m2);
}

TEST_HARNESS_MAIN
