// SPDX-License-Identifier: GPL-2.0
/*
 * What the receive-buffer allocator lets user space see: one-way calls get
 * only half of the mapping, nothing bigger than the mapping fits, held
 * buffers use the space up and freed ones give it back, and the one-way
 * spam detector (BINDER_ENABLE_ONEWAY_SPAM_DETECTION).
 *
 * Also what happens to the receive buffer's memory: TF_CLEAR_BUF, and
 * the mapping moved, cut or copied into a child by user space.
 *
 * Roles (struct world): "cli" calls the node of "srv", whose mapping
 * (BINDER_VM_SIZE) is the one being filled.
 */

#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_world.h"

#define KIB		1024
#define SMALL_MAP	(128 * KIB)
#define SMALL_SLOT	1

FIXTURE(alloc) {
	struct world w;
	struct endpoint small;	/* a receiver with a 128 KiB mapping */
	uint8_t *big;		/* 2 MiB of data to send */
};

BINDER_VARIANTS(alloc);

FIXTURE_SETUP(alloc)
{
	self->small.fd = -1;
	self->big = calloc(1, 2 << 20);
	ASSERT_NE(NULL, self->big);
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(&self->w, 0));
}

FIXTURE_TEARDOWN(alloc)
{
	ep_close(&self->small);
	world_close(&self->w);
	free(self->big);
}

/*
 * The sender's first return after sending @size bytes to @handle: for a
 * one-way call or a failure it is there at once.
 */
static int send_first_return(struct endpoint *ep, uint32_t handle, const void *buf, size_t size,
			     uint32_t flags)
{
	struct retlist l;
	int ret = ep_send(ep, handle, 1, flags, buf, size, NULL, 0);

	while (!ret) {
		if (!ep_poll(ep, BT_TMO))
			return -ETIMEDOUT;
		ret = ep_xfer(ep, NULL, &l);
		if (!ret && l.n > 1)
			return l.r[1].cmd;
	}
	return ret;
}

static int last_error_param(struct endpoint *ep)
{
	struct binder_extended_error ee;

	return ep_get_ee(ep, &ee) ? 1 : ee.param;
}

/* The server receives a call of @size bytes and frees it (one-way) or replies. */
static int serve_size(struct world *w, size_t size)
{
	struct ret in;

	if (srv_next(w, &in) != BR_TRANSACTION || in.tr.data_size != size)
		return -1;
	if (in.tr.flags & TF_ONE_WAY)
		return ep_free(&w->srv, &in.tr);
	if (ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0))
		return -1;
	if (ep_read_until(&w->cli, 0, NULL, &in, BT_TMO) != BR_REPLY)
		return -1;
	return ep_free(&w->cli, &in.tr);
}

/*
 * One-way calls may use only half of the receiver's mapping: a one-way
 * call larger than that fails (BR_FAILED_REPLY, ENOSPC) where a sync call
 * of the same size goes through.
 */
TEST_F(alloc, oneway_limited_to_half_the_mapping)
{
	struct world *w = &self->w;
	size_t over = 600 * KIB, under = 500 * KIB;

	ASSERT_GT(over, BINDER_VM_SIZE / 2);
	ASSERT_LT(under, BINDER_VM_SIZE / 2);
	EXPECT_EQ(BR_FAILED_REPLY, send_first_return(&w->cli, w->h, self->big, over, TF_ONE_WAY));
	EXPECT_EQ(-ENOSPC, last_error_param(&w->cli));
	EXPECT_TRUE(ep_quiet(&w->srv));

	EXPECT_EQ(BR_TRANSACTION_COMPLETE,
		  send_first_return(&w->cli, w->h, self->big, under, TF_ONE_WAY));
	EXPECT_EQ(0, serve_size(w, under));

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, self->big, over, NULL, 0));
	EXPECT_EQ(0, serve_size(w, over));
}

/*
 * A call must fit the receiver's mapping: exactly its size fits (when it
 * is all free; upstream keeps its bookkeeping outside the mapping), 8 bytes
 * more fail with BR_FAILED_REPLY, ENOSPC.
 */
TEST_F(alloc, call_larger_than_mapping_refused)
{
	struct world *w = &self->w;

	EXPECT_EQ(BR_FAILED_REPLY,
		  send_first_return(&w->cli, w->h, self->big, BINDER_VM_SIZE + 8, 0));
	EXPECT_EQ(-ENOSPC, last_error_param(&w->cli));
	EXPECT_EQ(BR_FAILED_REPLY, send_first_return(&w->cli, w->h, self->big, 2 << 20, 0));
	EXPECT_TRUE(ep_quiet(&w->srv));

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, self->big, BINDER_VM_SIZE, NULL, 0));
	EXPECT_EQ(0, serve_size(w, BINDER_VM_SIZE));
}

/* Freed buffers are reused: 1000 calls of 64 KiB through a 1 MiB mapping. */
TEST_F(alloc, freed_buffers_are_reused)
{
	int i, step = 0;

	for (i = 0; i < 1000 && !step; i++)
		step = world_round_trip(&self->w, 64 * KIB, i);
	EXPECT_EQ(0, step) TH_LOG("call %d failed at step %d", i, step);
}

/*
 * Buffers the server keeps (it replies without BC_FREE_BUFFER) stay
 * allocated: 15 calls of 64 KiB fill the 1 MiB - 8 KiB mapping, the 16th
 * fails with ENOSPC, and freeing one makes room again.
 */
TEST_F(alloc, held_buffers_fill_the_mapping)
{
	const size_t size = 64 * KIB;
	const int fit = BINDER_VM_SIZE / size;
	struct binder_transaction_data held[16];
	struct world *w = &self->w;
	struct ret in;
	int i;

	ASSERT_EQ(15, fit);
	for (i = 0; i < fit; i++) {
		ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, self->big, size, NULL, 0));
		ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in)) TH_LOG("call %d", i);
		held[i] = in.tr;
		ASSERT_EQ(0, ep_reply_keep(&w->srv, 0, NULL, 0));
		ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
		ASSERT_EQ(0, ep_free(&w->cli, &in.tr));
	}
	EXPECT_EQ(BR_FAILED_REPLY, send_first_return(&w->cli, w->h, self->big, size, 0));
	EXPECT_EQ(-ENOSPC, last_error_param(&w->cli));

	ASSERT_EQ(0, ep_free(&w->srv, &held[3]));
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, self->big, size, NULL, 0));
	EXPECT_EQ(0, serve_size(w, size));
	for (i = 0; i < fit; i++)
		if (i != 3)
			EXPECT_EQ(0, ep_free(&w->srv, &held[i]));
}

/* Upstream gives even empty buffers their own address (8 bytes each). */
TEST_F(alloc, empty_buffers_get_distinct_addresses)
{
	struct binder_transaction_data held[2];
	struct world *w = &self->w;
	struct ret in;
	int i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, NULL, 0, NULL, 0));
		ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
		held[i] = in.tr;
		ASSERT_EQ(0, ep_reply_keep(&w->srv, 0, NULL, 0));
		ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
		ASSERT_EQ(0, ep_free(&w->cli, &in.tr));
	}
	EXPECT_NE(held[0].data.ptr.buffer, held[1].data.ptr.buffer);
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0, ep_free(&w->srv, &held[i]));
}

/*
 * Nine one-way calls of 8 KiB to a receiver with a 128 KiB mapping (64 KiB
 * of async space) that reads nothing: the sender's first return for each.
 */
static int spam_run(FIXTURE_DATA(alloc) *self, const char *dev, uint32_t enable,
		    uint32_t *results)
{
	uint32_t h;
	int i;

	if (ep_open(&self->small, dev, SMALL_MAP, 0) ||
	    ep_publish(&self->small, SMALL_SLOT, 0x5a00, 0, 0) ||
	    reg_get(&self->w.cli, SMALL_SLOT, false, &h) ||
	    xioctl(self->w.cli.fd, BINDER_ENABLE_ONEWAY_SPAM_DETECTION, &enable))
		return -1;
	for (i = 0; i < 9; i++)
		results[i] = send_first_return(&self->w.cli, h, self->big, 8 * KIB, TF_ONE_WAY);
	return 0;
}

/*
 * Once less than a tenth of the mapping is left for one-way calls, a
 * sender holding over a quarter of it is a suspected spammer: with
 * detection enabled it gets BR_ONEWAY_SPAM_SUSPECT instead of
 * TRANSACTION_COMPLETE - once, not again until space recovers.  The call
 * itself still goes through; past half of the mapping calls fail.
 */
TEST_F(alloc, oneway_spam_suspect_reported_once)
{
	static const uint32_t want[9] = {
		BR_TRANSACTION_COMPLETE, BR_TRANSACTION_COMPLETE, BR_TRANSACTION_COMPLETE,
		BR_TRANSACTION_COMPLETE, BR_TRANSACTION_COMPLETE, BR_TRANSACTION_COMPLETE,
		BR_ONEWAY_SPAM_SUSPECT, BR_TRANSACTION_COMPLETE, BR_FAILED_REPLY,
	};
	uint32_t got[9];
	int i;

	ASSERT_EQ(0, spam_run(self, variant->dev, 1, got));
	for (i = 0; i < 9; i++) {
		const char *name = br_name(got[i]);

		EXPECT_EQ(want[i], got[i]) TH_LOG("call %d: %s", i, name);
	}
}

/* Without BINDER_ENABLE_ONEWAY_SPAM_DETECTION the sender is never told. */
TEST_F(alloc, oneway_spam_not_reported_unless_enabled)
{
	uint32_t got[9];
	int i;

	ASSERT_EQ(0, spam_run(self, variant->dev, 0, got));
	for (i = 0; i < 8; i++) {
		const char *name = br_name(got[i]);

		EXPECT_EQ(BR_TRANSACTION_COMPLETE, got[i]) TH_LOG("call %d: %s", i, name);
	}
	EXPECT_EQ(BR_FAILED_REPLY, got[8]);
}

/*
 * Pages of freed buffers stay allocated (and mapped) for reuse until memory
 * gets tight: after a 512 KiB call is freed the page count stays up, and
 * drop_caches, which runs the shrinkers, brings it back down.  Ours only:
 * the page count is in our debugfs, upstream has no such counter.
 */
TEST(freed_pages_reclaimed_under_pressure)
{
	long before, held, after;
	struct world w;
	uint8_t *big = calloc(1, 512 * KIB);
	int fd;

	ASSERT_NE(NULL, big);
	ASSERT_EQ(0, world_open(&w, OUR_DEVICE, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(&w, 0));
	before = our_active_objects("page");
	ASSERT_GE(before, 0);

	ASSERT_EQ(0, world_round_trip(&w, 512 * KIB, 0));
	held = our_active_objects("page");
	EXPECT_GE(held, before + (512 * KIB) / 4096) TH_LOG("pages %ld -> %ld", before, held);

	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(2, write(fd, "2\n", 2));
	close(fd);
	after = our_active_objects("page");
	EXPECT_LE(after, before + 4) TH_LOG("pages %ld -> %ld -> %ld", before, held, after);

	/* The reclaimed range works again: pages come back on demand. */
	EXPECT_EQ(0, world_round_trip(&w, 512 * KIB, 1));
	world_close(&w);
	free(big);
}

/* ================= the receive buffer's memory ================= */

/*
 * A call of @size pattern bytes (@seed) from cli that srv answers without
 * freeing it: the held request lands in @held.  Returns 0 or a step.
 */
static int hold_call(struct world *w, size_t size, uint32_t seed,
		     struct binder_transaction_data *held)
{
	uint8_t *buf = malloc(size);
	struct ret in;
	int step = 0;

	fill_pattern(buf, size, seed);
	if (ep_send(&w->cli, w->h, 1, 0, buf, size, NULL, 0))
		step = 1;
	else if (srv_next(w, &in) != BR_TRANSACTION || in.tr.data_size != size)
		step = 2;
	free(buf);
	if (step)
		return step;
	*held = in.tr;
	if (ep_reply_keep(&w->srv, 0, NULL, 0) ||
	    ep_read_until(&w->srv, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO) < 0)
		return 3;
	if (ep_read_until(&w->cli, 0, NULL, &in, BT_TMO) != BR_REPLY)
		return 4;
	return ep_free(&w->cli, &in.tr) ? 5 : 0;
}

/* A plain 8-byte call to srv, answered if it arrives; the outcome in @o. */
static int small_call(struct world *w, struct outcome *o)
{
	uint64_t v = 0x600d;

	return try_call_ep(&w->cli, &w->srv, w->h, 0, &v, sizeof(v), NULL, 0, -1, NULL, NULL, o);
}

/*
 * What a buffer allocated where a freed one was shows in its unwritten
 * part.  cli sends @size pattern bytes with @flags; srv frees them.  Then
 * a BC_TRANSACTION_SG of 8 data bytes with a 4 KiB sg area and no PTR
 * object: the sg area is part of the new buffer, at the same place, but
 * nothing is copied into it.  @same counts the bytes in [8, @size) that
 * still hold the first call's pattern, @zero those that are 0.  Returns
 * 0 or the step that failed.
 */
static int leftover_bytes(struct world *w, size_t size, uint32_t flags, uint32_t seed,
			  size_t *same, size_t *zero)
{
	uint8_t *buf = malloc(size);
	uint64_t v = 0;
	struct cmdbuf c;
	struct ret in;
	uint64_t first;
	const uint8_t *p;
	size_t i;
	int step = 0;

	*same = *zero = 0;
	fill_pattern(buf, size, seed);
	if (ep_send(&w->cli, w->h, 1, flags, buf, size, NULL, 0))
		step = 1;
	else if (srv_next(w, &in) != BR_TRANSACTION || !check_pattern(txn_data(&in.tr), size, seed))
		step = 2;
	free(buf);
	if (step)
		return step;
	first = in.tr.data.ptr.buffer;
	if (ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0) ||
	    ep_read_until(&w->cli, 0, NULL, &in, BT_TMO) != BR_REPLY || ep_free(&w->cli, &in.tr))
		return 3;

	cmd_reset(&c);
	cmd_txn_sg(&c, BC_TRANSACTION_SG, w->h, 2, 0, &v, sizeof(v), NULL, 0, 4096);
	if (ep_write(&w->cli, &c) || srv_next(w, &in) != BR_TRANSACTION)
		return 4;
	if (in.tr.data.ptr.buffer != first)
		step = 5;	/* not at the same place: nothing to compare */
	p = txn_data(&in.tr);
	for (i = sizeof(v); !step && i < size; i++) {
		*same += p[i] == pattern_byte(i, seed);
		*zero += p[i] == 0;
	}
	if (ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0) ||
	    ep_read_until(&w->cli, 0, NULL, &in, BT_TMO) != BR_REPLY || ep_free(&w->cli, &in.tr))
		step = step ?: 6;
	return step;
}

/*
 * TF_CLEAR_BUF: the driver zeroes a buffer when it is freed, so what was
 * in it cannot be read later through the receiver's (read-only) mapping.
 * Without the flag the bytes stay: a later buffer at the same place shows
 * them in its unwritten part; with it, that part is all zero.
 */
TEST_F(alloc, clear_buf_zeroes_a_freed_buffer)
{
	const size_t size = 2048, tail = size - sizeof(uint64_t);
	size_t same, zero;
	int step, seed;

	/* Twice: the flag is the buffer's, the next one there is kept unless it asks too. */
	for (seed = 1; seed < 3; seed++) {
		step = leftover_bytes(&self->w, size, 0, seed, &same, &zero);
		ASSERT_EQ(0, step) TH_LOG("without the flag: step %d", step);
		EXPECT_EQ(tail, same) TH_LOG("without the flag, %zu bytes changed", tail - same);

		step = leftover_bytes(&self->w, size, TF_CLEAR_BUF, seed + 10, &same, &zero);
		ASSERT_EQ(0, step) TH_LOG("TF_CLEAR_BUF: step %d", step);
		EXPECT_EQ(tail, zero) TH_LOG("TF_CLEAR_BUF left %zu bytes", tail - zero);
	}
}

/*
 * The receive buffer moved with mremap(MREMAP_MAYMOVE | MREMAP_FIXED):
 * the move itself succeeds and the receiver reads the buffer it holds at
 * the new address (the pages move with it), but the driver counts the old
 * mapping as closed.  Upstream answers every later call to the receiver
 * with BR_DEAD_REPLY (it has no mapping to allocate in), before and after
 * the held buffer is freed, and the receiver sees none of them.
 */
TEST_F(alloc, mremap_moved_mapping)
{
	struct world *w = &self->w;
	struct binder_transaction_data held;
	uint8_t *old = w->srv.map, *dst, *moved;
	struct outcome o;
	int step;

	step = hold_call(w, 8192, 7, &held);
	ASSERT_EQ(0, step);
	ASSERT_EQ((uintptr_t)old, held.data.ptr.buffer);
	dst = mmap(NULL, BINDER_VM_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	ASSERT_NE(MAP_FAILED, dst);
	moved = mremap(old, BINDER_VM_SIZE, BINDER_VM_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	ASSERT_EQ(dst, moved) TH_LOG("mremap: %s", strerror(errno));
	w->srv.map = moved;
	EXPECT_TRUE(check_pattern(moved, 8192, 7));

	small_call(w, &o);
	TH_LOG("after the move: %s, delivered %d, ee %s %d", br_name(o.br), o.delivered,
	       br_name(o.ee.command), o.ee.param);
	EXPECT_EQ(BR_DEAD_REPLY, o.br);
	EXPECT_EQ(0, o.delivered);
	EXPECT_EQ(BR_DEAD_REPLY, o.ee.command);
	EXPECT_EQ(-ESRCH, o.ee.param);
	EXPECT_EQ(0, ep_free(&w->srv, &held));
	small_call(w, &o);
	TH_LOG("after the free: %s, delivered %d", br_name(o.br), o.delivered);
	EXPECT_EQ(BR_DEAD_REPLY, o.br);
	EXPECT_EQ(0, o.delivered);
	EXPECT_TRUE(ep_quiet(&w->srv));
}

/*
 * The last page of the receive buffer unmapped: munmap() succeeds, the
 * buffer the receiver holds at the start stays readable, and the driver
 * counts the mapping as gone: upstream answers later calls with
 * BR_DEAD_REPLY, and the receiver sees none of them.
 */
TEST_F(alloc, partial_munmap)
{
	struct world *w = &self->w;
	struct binder_transaction_data held;
	uint8_t *map = w->srv.map;
	struct outcome o;
	int step;

	step = hold_call(w, 8192, 9, &held);
	ASSERT_EQ(0, step);
	ASSERT_EQ(0, munmap(map + BINDER_VM_SIZE - 4096, 4096));
	EXPECT_TRUE(check_pattern(map, 8192, 9));

	small_call(w, &o);
	TH_LOG("after munmap: %s, delivered %d, ee %s %d", br_name(o.br), o.delivered,
	       br_name(o.ee.command), o.ee.param);
	EXPECT_EQ(BR_DEAD_REPLY, o.br);
	EXPECT_EQ(0, o.delivered);
	EXPECT_EQ(BR_DEAD_REPLY, o.ee.command);
	EXPECT_EQ(-ESRCH, o.ee.param);
	EXPECT_EQ(0, ep_free(&w->srv, &held));
	small_call(w, &o);
	TH_LOG("after the free: %s, delivered %d", br_name(o.br), o.delivered);
	EXPECT_EQ(BR_DEAD_REPLY, o.br);
	EXPECT_EQ(0, o.delivered);
	EXPECT_TRUE(ep_quiet(&w->srv));
}

/* What the forked child of madv_dofork_then_fork() saw at an address. */
enum { SAW_NOTHING = 1, SAW_OTHER = 2, SAW_SECRET = 3 };

#define SECRET_SEED	0x5ec

/*
 * The child: read 64 bytes at the address the parent sends, through a
 * pipe (a fault there is EFAULT for write(), not a SIGBUS), and report
 * whether they are the parent's secret.
 */
static int dofork_child(struct peer *self, void *arg)
{
	uint8_t got[64];
	uint64_t addr;
	int pp[2];
	ssize_t n;

	(void)arg;
	PEER_CHECK(!pipe(pp), 100);
	PEER_CHECK(!peer_recv(self, &addr, 10000), 101);
	n = write(pp[1], (const void *)(uintptr_t)addr, sizeof(got));
	if (n != sizeof(got) || read(pp[0], got, sizeof(got)) != sizeof(got))
		PEER_CHECK(!peer_send(self, SAW_NOTHING), 102);
	else
		PEER_CHECK(!peer_send(self, check_pattern(got, sizeof(got), SECRET_SEED) ?
				      SAW_SECRET : SAW_OTHER), 103);
	/* Stay until the parent is done, then exit: the child's mapping closes. */
	while (!peer_recv(self, &addr, 10000))
		;
	return 0;
}

/*
 * MADV_DOFORK on the receive buffer undoes its VM_DONTCOPY.  Then a forked
 * child would get a copy of the mapping: page-table entries to pages the
 * parent's later buffers reuse, and a vma whose close, when the child
 * exits, looks like the parent's own mapping going away.  Ours must not
 * let either happen: either madvise() refuses, or the child cannot read
 * the parent's later transaction and the parent keeps receiving after the
 * child is gone.  Upstream does neither (the child reads the secret, and
 * the parent's next call is BR_DEAD_REPLY); the ref variant records it.
 */
TEST_F(alloc, madv_dofork_then_fork)
{
	struct world *w = &self->w;
	uint8_t secret[256];
	struct peer child;
	struct outcome o;
	struct ret in;
	uint64_t saw = 0;
	int ret, err, status;

	/* Pages at the start of the buffer are now allocated and mapped. */
	ASSERT_EQ(0, world_round_trip(w, 8192, 3));
	ret = madvise(w->srv.map, w->srv.map_size, MADV_DOFORK);
	err = errno;
	TH_LOG("madvise(MADV_DOFORK): %s", ret ? strerror(err) : "done");
	if (ret) {
		/* Refused: nothing can be shared; the mapping still works. */
		EXPECT_EQ(0, world_round_trip(w, 8192, 4));
		return;
	}

	ASSERT_EQ(0, peer_start(&child, dofork_child, NULL));
	fill_pattern(secret, sizeof(secret), SECRET_SEED);
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, secret, sizeof(secret), NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_TRUE(check_pattern(txn_data(&in.tr), sizeof(secret), SECRET_SEED));
	EXPECT_EQ(0, peer_send(&child, in.tr.data.ptr.buffer));
	EXPECT_EQ(0, peer_recv(&child, &saw, 5000));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->cli, &in.tr));
	status = peer_join(&child, 5000);
	EXPECT_EQ(0, status);

	small_call(w, &o);
	TH_LOG("the child saw %s; a call after it exited: %s (ee %d)",
	       saw == SAW_SECRET ? "the secret" : saw == SAW_OTHER ? "other bytes" :
	       saw == SAW_NOTHING ? "nothing" : "?", br_name(o.br), o.ee.param);
	if (variant->ours) {
		EXPECT_NE(SAW_SECRET, saw) TH_LOG("the child read the parent's transaction");
		EXPECT_EQ(BR_REPLY, o.br) TH_LOG("the parent stopped receiving");
		EXPECT_EQ(1, o.delivered);
		EXPECT_EQ(0, world_round_trip(w, 8192, 5));
	}
}

TEST_HARNESS_MAIN
