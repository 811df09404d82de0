// SPDX-License-Identifier: GPL-2.0
/*
 * What the receive-buffer allocator lets user space see: one-way calls get
 * only half of the mapping, nothing bigger than the mapping fits, held
 * buffers use the space up and freed ones give it back, and the one-way
 * spam detector (BINDER_ENABLE_ONEWAY_SPAM_DETECTION).
 *
 * Roles (struct world): "cli" calls the node of "srv", whose mapping
 * (BINDER_VM_SIZE) is the one being filled.
 */

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

TEST_HARNESS_MAIN
