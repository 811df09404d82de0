// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile and malformed input: every way a sender can get a transaction,
 * an object, a pointer or a command wrong.  Each test pins the answer of
 * the kernel's own driver (the `ref` variant is the oracle): the return the
 * sender reads, BINDER_GET_EXTENDED_ERROR's param, the ioctl errno and
 * write_consumed; and then checks that nothing else broke: the receiver saw
 * nothing, node counts did not move, and a good call still works.
 *
 * Setup (see binder_world.h): a registry child is the context manager; the
 * test process owns a server endpoint with three nodes (A accepts fds, B
 * does not, W is only weakly held by the client) and a client endpoint.
 */

#define _GNU_SOURCE
#include <pthread.h>

#include "kselftest_harness.h"
#include "binder_world.h"

FIXTURE(bad) {
	struct world w;
};

BINDER_VARIANTS(bad);

FIXTURE_SETUP(bad)
{
	int ret = world_open(&self->w, variant->dev, WORLD_MAP);

	if (!ret)
		ret = world_link_abw(&self->w);
	ASSERT_EQ(0, ret) TH_LOG("world on %s: %d", variant->dev, ret);
}

FIXTURE_TEARDOWN(bad)
{
	world_close(&self->w);
}

/* ================= object offsets ================= */

/* An object offset that is not a multiple of 4 (CVE-2024-26926): EINVAL. */
TEST_F(bad, offset_unaligned)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 2 };
	struct outcome out;

	put(data, 2, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	offs[0] = 1;
	put(data, 1, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

static int inspect_handle_at_4(const struct binder_transaction_data *tr, void *arg)
{
	struct flat_binder_object o;

	(void)arg;
	if (tr->data_size != 28 || tr->offsets_size != 8 || txn_offsets(tr)[0] != 4)
		return 1;
	/* Offsets follow the data, aligned to 8. */
	if (tr->data.ptr.offsets != tr->data.ptr.buffer + 32)
		return 2;
	memcpy(&o, (const uint8_t *)txn_data(tr) + 4, sizeof(o));
	/* A handle to the receiver's own node arrives as that node. */
	if (o.hdr.type != BINDER_TYPE_BINDER || o.binder != NODE_A || o.cookie != COOKIE_A)
		return 3;
	return 0;
}

/*
 * 4-byte alignment is enough: an object at offset 4 with a data size that
 * is not a multiple of 8 goes through, and the offsets array is placed at
 * ALIGN(data_size, 8) in the receiver's buffer.
 */
TEST_F(bad, offset_4_aligned_ok)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 4 };
	struct outcome out;

	put(data, 4, &o, sizeof(o));
	try_call_ep(&self->w.cli, &self->w.srv, self->w.h_a, TF_ACCEPT_FDS, data, 28, offs,
		    sizeof(offs), -1, inspect_handle_at_4, NULL, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
}

/*
 * Overlapping objects: the second offset points inside the first object.
 * Upstream copies the raw data piecewise and finds the second offset below
 * the end of what it already copied: BR_FAILED_REPLY with -EFAULT ("invalid
 * data ptr"), not -EINVAL.  The first object (already translated) is
 * released again: node A's strong count does not move.
 */
TEST_F(bad, overlapping_objects)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 0, 16 };
	struct outcome out;
	uint32_t before = count_a(&self->w);

	ASSERT_NE(~0u, before);
	put(data, 0, &o, sizeof(o));
	put(data, 16, &o, 8);	/* the second header overlays the first's cookie */
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	EXPECT_EQ(before, count_a(&self->w));
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * An offset past data_size.  With raw data to copy before it, upstream
 * reports -EFAULT (the bounds check sits in the copy step); an offset equal
 * to data_size with nothing left to copy is an invalid object, -EINVAL.
 */
TEST_F(bad, offset_beyond_data)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 32 };
	struct outcome out;

	put(data, 32, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 16, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);

	offs[0] = 0;
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 0, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);

	offs[0] = 1ull << 40;
	try_call(&self->w, self->w.h_a, data, 16, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	EXPECT_EQ(0, good_call(&self->w));
}

/* An object that starts inside the data but runs past its end: -EINVAL. */
TEST_F(bad, object_crosses_end)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 16 };
	struct outcome out;

	put(data, 16, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 32, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* Only the header fits. */
	offs[0] = 0;
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 20, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * Offsets must increase: a decreasing or repeated offset fails, after the
 * first object was translated, with -EFAULT (upstream's copy step catches
 * it).  Node counts are back where they were.
 */
TEST_F(bad, offsets_not_increasing)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 24, 0 };
	struct outcome out;
	uint32_t before = count_a(&self->w);

	ASSERT_NE(~0u, before);
	put(data, 0, &o, sizeof(o));
	put(data, 24, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);

	offs[0] = 0;
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	EXPECT_EQ(before, count_a(&self->w));
	EXPECT_EQ(0, good_call(&self->w));
}

/* offsets_size must be a multiple of 8: -EINVAL, before any object. */
TEST_F(bad, offsets_size_unaligned)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 0, 24 };
	struct outcome out;

	put(data, 0, &o, sizeof(o));
	put(data, 24, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 48, offs, 4, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	try_call(&self->w, self->w.h_a, data, 48, offs, 12, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/* A bad offsets pointer: -EFAULT; with offsets_size 0 it is never read. */
TEST_F(bad, offsets_ptr_bad)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	uint8_t *end = guarded_page_end();
	struct outcome out;

	ASSERT_NE(NULL, end);
	try_call(&self->w, self->w.h_a, data, 16, (binder_size_t *)8, 8, -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	/* Half of the array readable, half in the guard page. */
	memset(end - 8, 0, 8);
	try_call(&self->w, self->w.h_a, data, 16, (binder_size_t *)(end - 8), 16, -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	try_call(&self->w, self->w.h_a, data, 16, (binder_size_t *)8, 0, -1, &out);
	EXPECT_DELIVERED(out);
	guarded_free(end);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A bad data pointer: -EFAULT when raw data is copied from it; but when an
 * object sits at offset 0 the object read fails first and upstream calls
 * it an invalid object: -EINVAL.  A bad pointer with data_size 0 is fine.
 */
TEST_F(bad, data_ptr_bad)
{
	binder_size_t offs[] = { 0 };
	uint8_t *end = guarded_page_end();
	struct outcome out;

	ASSERT_NE(NULL, end);
	try_call(&self->w, self->w.h_a, NULL, 16, NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	try_call(&self->w, self->w.h_a, end - 8, 16, NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EFAULT);
	try_call(&self->w, self->w.h_a, (void *)8, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	try_call(&self->w, self->w.h_a, (void *)8, 0, NULL, 0, -1, &out);
	EXPECT_DELIVERED(out);
	guarded_free(end);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= objects ================= */

TEST_F(bad, unknown_object_type)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	binder_size_t offs[] = { 0 };
	struct outcome out;

	o.hdr.type = 0x12345678;
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	o.hdr.type = 0;
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/* A handle the sender does not have, as object or as target: -EINVAL. */
TEST_F(bad, handle_does_not_exist)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(999);
	binder_size_t offs[] = { 0 };
	struct outcome out;

	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	o.hdr.type = BINDER_TYPE_WEAK_HANDLE;
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	try_call(&self->w, 999, data, 8, NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

static int inspect_weak_w(const struct binder_transaction_data *tr, void *arg)
{
	struct flat_binder_object o;

	(void)arg;
	if (tr->data_size != 24 || tr->offsets_size != 8)
		return 1;
	memcpy(&o, txn_data(tr), sizeof(o));
	return o.hdr.type == BINDER_TYPE_WEAK_BINDER && o.binder == NODE_W &&
	       o.cookie == COOKIE_W ? 0 : 2;
}

/*
 * A handle held only weakly cannot be used strongly: neither as a
 * transaction target nor as a BINDER_TYPE_HANDLE object (-EINVAL), and
 * BC_ACQUIRE does not upgrade it (upstream logs and ignores it); as a
 * WEAK_HANDLE it goes through, and reaches its owner as WEAK_BINDER.
 */
TEST_F(bad, weak_handle_used_strong)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_w);
	binder_size_t offs[] = { 0 };
	struct outcome out;
	uint64_t consumed;

	try_call(&self->w, self->w.h_w, data, 8, NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	/* Upstream does not upgrade a weak-only ref with BC_ACQUIRE: ignored. */
	EXPECT_EQ(0, write_ref(&self->w.cli, BC_ACQUIRE, self->w.h_w, &consumed));
	EXPECT_EQ(8, consumed);
	try_call(&self->w, self->w.h_w, data, 8, NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	put(data, 0, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	o.hdr.type = BINDER_TYPE_WEAK_HANDLE;
	put(data, 0, &o, sizeof(o));
	try_call_ep(&self->w.cli, &self->w.srv, self->w.h_a, TF_ACCEPT_FDS, data, 24, offs,
		    sizeof(offs), -1, inspect_weak_w, NULL, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
	EXPECT_EQ(0, good_call(&self->w));
}

/* A BINDER object whose cookie differs from its node's: -EINVAL. */
TEST_F(bad, binder_cookie_mismatch)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, 0x7000, 1, 0x7f);
	binder_size_t offs[] = { 0, 24 };
	struct outcome out;

	put(data, 0, &o, sizeof(o));
	o.cookie = 2;
	put(data, 24, &o, sizeof(o));
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/* An fd number that is not open in the sender: -EBADF. */
TEST_F(bad, fd_bad_number)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	struct binder_fd_object f = fd_obj(987);
	binder_size_t offs[] = { 0 };
	struct outcome out;

	put(data, 0, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EBADF);
	f = fd_obj(-1);
	put(data, 0, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EBADF);
	EXPECT_EQ(0, good_call(&self->w));
}

static int inspect_fd(const struct binder_transaction_data *tr, void *arg)
{
	struct binder_fd_object f;
	int fl, ret = 0;

	(void)arg;
	if (tr->data_size != 24 || tr->offsets_size != 8)
		return 1;
	memcpy(&f, txn_data(tr), sizeof(f));
	if (f.hdr.type != BINDER_TYPE_FD || (int)f.fd < 0)
		return 2;
	fl = fcntl(f.fd, F_GETFD);
	if (fl < 0 || !(fl & FD_CLOEXEC))
		ret = 3;
	close(f.fd);
	return ret;
}

/*
 * An fd to a node that does not accept fds: -EPERM.  The same fd to node A
 * (ACCEPTS_FDS) arrives as a new close-on-exec fd in the receiver.
 */
TEST_F(bad, fd_not_accepted)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	binder_size_t offs[] = { 0 };
	struct binder_fd_object f;
	struct outcome out;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	f = fd_obj(p[0]);
	put(data, 0, &f, sizeof(f));
	try_call(&self->w, self->w.h_b, data, 24, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EPERM);
	try_call_ep(&self->w.cli, &self->w.srv, self->w.h_a, 0, data, 24, offs, sizeof(offs), -1,
		    inspect_fd, NULL, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A reply carrying an fd to a caller that did not set TF_ACCEPT_FDS: the
 * replier gets BR_TRANSACTION_COMPLETE (upstream reports a failed reply to
 * the caller only), the caller BR_FAILED_REPLY with -EPERM in its extended
 * error.
 */
TEST_F(bad, reply_fd_not_accepted)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	binder_size_t offs[] = { 0 };
	struct binder_extended_error ee;
	struct binder_fd_object f;
	struct cmdbuf c;
	struct ret r;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, data, 8, NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 2000));
	f = fd_obj(p[0]);
	put(data, 0, &f, sizeof(f));
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, data, 24, offs, sizeof(offs)));
	EXPECT_EQ(BR_TRANSACTION_COMPLETE, ep_wait(&self->w.srv, BR_TRANSACTION_COMPLETE, NULL, 1000));
	EXPECT_EQ(BR_FAILED_REPLY, ep_wait(&self->w.cli, 0, NULL, 1000));
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_GET_EXTENDED_ERROR, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EPERM, ee.param);
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= scatter-gather: PTR and FDA ================= */

/* buffers_size must be a multiple of 8: -EINVAL even without objects. */
TEST_F(bad, sg_buffers_size_unaligned)
{
	uint64_t data = 0;
	struct outcome out;

	try_call(&self->w, self->w.h_a, &data, 8, NULL, 0, 12, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A PTR longer than what is left of buffers_size: -EINVAL; in a plain
 * BC_TRANSACTION there is no room at all, but a PTR of length 0 fits.
 */
TEST_F(bad, sg_ptr_too_large)
{
	uint8_t data[64] __attribute__((aligned(8))) = { 0 };
	uint8_t blob[64] = { 1 };
	struct binder_buffer_object b = ptr_obj(blob, 64, 0, 0, 0);
	binder_size_t offs[] = { 0 };
	struct outcome out;

	put(data, 0, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), 32, &out);
	EXPECT_FAILED(out, -EINVAL);
	b.length = 8;
	put(data, 0, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	b.length = 0;
	put(data, 0, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 40, offs, sizeof(offs), -1, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, good_call(&self->w));
}

/* A PTR whose parent is not a PTR (here a handle): -EINVAL. */
TEST_F(bad, sg_ptr_parent_not_ptr)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint8_t blob[16] = { 1 };
	struct flat_binder_object o = hobj(self->w.h_a);
	struct binder_buffer_object b = ptr_obj(blob, 16, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 0);
	binder_size_t offs[] = { 8, 32 };
	struct outcome out;
	uint32_t before = count_a(&self->w);

	put(data, 8, &o, sizeof(o));
	put(data, 32, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 72, offs, sizeof(offs), 16, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(before, count_a(&self->w));
	EXPECT_EQ(0, good_call(&self->w));
}

/* A pointer fixup that does not fit in the parent buffer: -EINVAL. */
TEST_F(bad, sg_ptr_parent_offset_out_of_range)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint8_t pa[16] = { 1 }, pb[8] = { 2 };
	struct binder_buffer_object a = ptr_obj(pa, 16, 0, 0, 0);
	struct binder_buffer_object b = ptr_obj(pb, 8, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 16);
	binder_size_t offs[] = { 8, 48 };
	struct outcome out;

	put(data, 8, &a, sizeof(a));
	put(data, 48, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 88, offs, sizeof(offs), 24, &out);
	EXPECT_FAILED(out, -EINVAL);
	/* 9 bytes short of the end: still no room for a pointer. */
	b.parent_offset = 9;
	put(data, 48, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 88, offs, sizeof(offs), 24, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/* Fixups into one parent must go to increasing offsets: -EINVAL. */
TEST_F(bad, sg_ptr_fixups_out_of_order)
{
	uint8_t data[160] __attribute__((aligned(8))) = { 0 };
	uint8_t pa[32] = { 1 }, pb[8] = { 2 }, pc[8] = { 3 };
	struct binder_buffer_object a = ptr_obj(pa, 32, 0, 0, 0);
	struct binder_buffer_object b = ptr_obj(pb, 8, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 16);
	struct binder_buffer_object c = ptr_obj(pc, 8, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 0);
	binder_size_t offs[] = { 8, 48, 88 };
	struct outcome out;

	put(data, 8, &a, sizeof(a));
	put(data, 48, &b, sizeof(b));
	put(data, 88, &c, sizeof(c));
	try_call(&self->w, self->w.h_a, data, 128, offs, sizeof(offs), 48, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * Upstream quirk: a PTR at data offset 0 cannot be a parent.  The driver
 * remembers "last buffer object" by its offset and treats offset 0 as
 * "none yet", so the child's fixup is refused with -EINVAL.
 */
TEST_F(bad, sg_parent_at_offset_0_refused)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint8_t pa[16] = { 1 }, pb[8] = { 2 };
	struct binder_buffer_object a = ptr_obj(pa, 16, 0, 0, 0);
	struct binder_buffer_object b = ptr_obj(pb, 8, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 0);
	binder_size_t offs[] = { 0, 40 };
	struct outcome out;

	put(data, 0, &a, sizeof(a));
	put(data, 40, &b, sizeof(b));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 24, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

struct nested {
	uint8_t pa[16], pb[8];
};

static int inspect_nested(const struct binder_transaction_data *tr, void *arg)
{
	const struct nested *n = arg;
	const uint8_t *d = txn_data(tr);
	struct binder_buffer_object a, b;
	uint64_t fixed;
	uintptr_t lo = tr->data.ptr.buffer, hi = lo + WORLD_MAP;

	memcpy(&a, d + 8, sizeof(a));
	memcpy(&b, d + 48, sizeof(b));
	if (a.hdr.type != BINDER_TYPE_PTR || b.hdr.type != BINDER_TYPE_PTR)
		return 1;
	/* Both blobs were copied into the receiver's buffer, after the offsets. */
	if (a.buffer < tr->data.ptr.offsets + tr->offsets_size || a.buffer >= hi ||
	    b.buffer <= a.buffer || b.buffer >= hi)
		return 2;
	if (memcmp((const void *)(uintptr_t)a.buffer, n->pa, 8))
		return 3;
	if (memcmp((const void *)(uintptr_t)b.buffer, n->pb, 8))
		return 4;
	/* The pointer inside A now points at the receiver's copy of B. */
	memcpy(&fixed, (const uint8_t *)(uintptr_t)a.buffer + 8, 8);
	return fixed == b.buffer ? 0 : 5;
}

/* A well-formed parent/child pair: both copied, the child pointer fixed up. */
TEST_F(bad, sg_ptr_nested_ok)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	struct nested n = { .pa = "parent.", .pb = "child.." };
	struct binder_buffer_object a, b;
	binder_size_t offs[] = { 8, 48 };
	struct outcome out;

	a = ptr_obj(n.pa, 16, 0, 0, 0);
	b = ptr_obj(n.pb, 8, BINDER_BUFFER_FLAG_HAS_PARENT, 0, 8);
	put(data, 8, &a, sizeof(a));
	put(data, 48, &b, sizeof(b));
	try_call_ep(&self->w.cli, &self->w.srv, self->w.h_a, TF_ACCEPT_FDS, data, 88, offs,
		    sizeof(offs), 24, inspect_nested, &n, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, out.inspect);
}

/* An FDA whose parent is not a PTR: -EINVAL. */
TEST_F(bad, sg_fda_parent_not_ptr)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	struct flat_binder_object o = hobj(self->w.h_a);
	struct binder_fd_array_object f = fda_obj(1, 0, 0);
	binder_size_t offs[] = { 8, 32 };
	struct outcome out;

	put(data, 8, &o, sizeof(o));
	put(data, 32, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 64, offs, sizeof(offs), 0, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * An FDA with num_fds 0 is accepted and delivered (the 2023 fix for
 * CVE-2023-20938 made upstream handle it gracefully instead of failing).
 */
TEST_F(bad, sg_fda_num_fds_zero)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint8_t pa[16] = { 1 };
	struct binder_buffer_object a = ptr_obj(pa, 16, 0, 0, 0);
	struct binder_fd_array_object f = fda_obj(0, 0, 0);
	binder_size_t offs[] = { 8, 48 };
	struct outcome out;

	put(data, 8, &a, sizeof(a));
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 16, &out);
	EXPECT_DELIVERED(out);
	EXPECT_EQ(0, good_call(&self->w));
}

/* An FDA running past its parent buffer, or misaligned in it: -EINVAL. */
TEST_F(bad, sg_fda_outside_parent)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint32_t fds[4] __attribute__((aligned(8)));
	struct binder_buffer_object a = ptr_obj(fds, 8, 0, 0, 0);
	struct binder_fd_array_object f = fda_obj(3, 0, 0);
	binder_size_t offs[] = { 8, 48 };
	struct outcome out;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	fds[0] = fds[1] = fds[2] = fds[3] = p[0];
	put(data, 8, &a, sizeof(a));
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 8, &out);
	EXPECT_FAILED(out, -EINVAL);
	/* Fits, but not aligned to 4 inside the parent. */
	a.length = 16;
	put(data, 8, &a, sizeof(a));
	f = fda_obj(1, 0, 2);
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 16, &out);
	EXPECT_FAILED(out, -EINVAL);
	/* A huge count. */
	f = fda_obj(1ull << 62, 0, 0);
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 16, &out);
	EXPECT_FAILED(out, -EINVAL);
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A PTR object whose buffer the sender cannot read.  Upstream copies PTR
 * buffers only after every object was checked, and turns a short copy
 * there into -EINVAL, not -EFAULT: a wild pointer, and one whose buffer
 * runs into a guard page.  An FDA whose parent's user buffer cannot be
 * read (the fds are read from there) is -EINVAL as well.  Nothing is
 * delivered, and the sg area is not left half-used for the next call.
 */
TEST_F(bad, sg_ptr_bad_user_pointer)
{
	uint8_t data[128] __attribute__((aligned(8))) = { 0 };
	uint8_t *end = guarded_page_end();
	struct binder_buffer_object a;
	struct binder_fd_array_object f;
	binder_size_t offs[] = { 8, 48 };
	struct outcome out;

	ASSERT_NE(NULL, end);
	a = ptr_obj((void *)8, 16, 0, 0, 0);
	put(data, 8, &a, sizeof(a));
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(binder_size_t), 16, &out);
	EXPECT_FAILED(out, -EINVAL);

	memset(end - 8, 0x11, 8);
	a = ptr_obj(end - 8, 16, 0, 0, 0);
	put(data, 8, &a, sizeof(a));
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(binder_size_t), 16, &out);
	EXPECT_FAILED(out, -EINVAL);

	a = ptr_obj((void *)8, 16, 0, 0, 0);
	f = fda_obj(1, 0, 0);
	put(data, 8, &a, sizeof(a));
	put(data, 48, &f, sizeof(f));
	try_call(&self->w, self->w.h_a, data, 80, offs, sizeof(offs), 16, &out);
	EXPECT_FAILED(out, -EINVAL);

	/* The same PTR with a readable buffer goes through. */
	a = ptr_obj(end - 16, 16, 0, 0, 0);
	put(data, 8, &a, sizeof(a));
	try_call(&self->w, self->w.h_a, data, 48, offs, sizeof(binder_size_t), 16, &out);
	EXPECT_DELIVERED(out);
	guarded_free(end);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= bad user pointers ================= */

/*
 * The receiver's read buffer faults after BR_NOOP: the ioctl fails with
 * EFAULT, read_consumed stays 0 (BR_NOOP was written all the same), and
 * upstream drops the transaction: its sender gets BR_FAILED_REPLY.
 */
TEST_F(bad, read_buffer_faults_midway)
{
	uint8_t *end = guarded_page_end();
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;

	ASSERT_NE(NULL, end);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_TRUE(ep_poll(&self->w.srv, 1000));
	memset(end - 4, 0xff, 4);
	EXPECT_EQ(-EFAULT, binder_write_read(self->w.srv.fd, NULL, 0, end - 4, 256, &bwr));
	EXPECT_EQ(0, bwr.read_consumed);
	EXPECT_EQ(BR_NOOP, *(uint32_t *)(end - 4));
	EXPECT_EQ(BR_FAILED_REPLY, ep_wait(&self->w.cli, 0, NULL, 1000));
	EXPECT_TRUE(quiet(&self->w.srv, 50));
	guarded_free(end);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A read buffer too small for a transaction (under 4 + 72 bytes): the read
 * returns just BR_NOOP and the work stays queued for the next read.
 */
TEST_F(bad, read_buffer_too_small)
{
	uint32_t small[8];
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;
	struct ret r;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_TRUE(ep_poll(&self->w.srv, 1000));
	ASSERT_EQ(0, binder_write_read(self->w.srv.fd, NULL, 0, small, 72, &bwr));
	EXPECT_EQ(4, bwr.read_consumed);
	EXPECT_EQ(BR_NOOP, small[0]);
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	EXPECT_EQ(1, r.tr.code);
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	ep_free(&self->w.cli, &r.tr);
}

/*
 * The write buffer faults after a complete command: that command has taken
 * effect, the ioctl fails with EFAULT and write_consumed counts it.
 */
TEST_F(bad, write_buffer_faults_midway)
{
	uint8_t *end = guarded_page_end();
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;

	ASSERT_NE(NULL, end);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	memcpy(end - c.len, c.data, c.len);
	EXPECT_EQ(-EFAULT, binder_write_read(self->w.cli.fd, end - c.len, c.len + 8, NULL, 0, &bwr));
	EXPECT_EQ(c.len, bwr.write_consumed);
	EXPECT_EQ(0, finish_call(&self->w));
	guarded_free(end);
}

/*
 * struct binder_write_read itself unreadable: EFAULT and nothing runs.
 * Readable but not writable: upstream runs the commands and then fails the
 * ioctl with EFAULT when it writes the struct back.
 */
TEST_F(bad, bwr_struct_faults)
{
	uint8_t *end = guarded_page_end();
	struct binder_write_read *bwr;
	uint64_t v = 1;
	struct cmdbuf c;

	ASSERT_NE(NULL, end);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);

	bwr = (struct binder_write_read *)(end - 24);
	memset(bwr, 0, 24);
	bwr->write_size = c.len;
	bwr->write_buffer = (binder_uintptr_t)(uintptr_t)c.data;
	EXPECT_EQ(-EFAULT, xioctl(self->w.cli.fd, BINDER_WRITE_READ, bwr));
	EXPECT_TRUE(quiet(&self->w.srv, 50));

	bwr = (struct binder_write_read *)(end - 4096);
	memset(bwr, 0, sizeof(*bwr));
	bwr->write_size = c.len;
	bwr->write_buffer = (binder_uintptr_t)(uintptr_t)c.data;
	ASSERT_EQ(0, mprotect(end - 4096, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, xioctl(self->w.cli.fd, BINDER_WRITE_READ, bwr));
	EXPECT_EQ(0, bwr->write_consumed);	/* never written back */
	EXPECT_EQ(0, finish_call(&self->w));
	guarded_free(end);
}

/* ================= replies ================= */

/*
 * BC_REPLY with nothing to reply to: BR_FAILED_REPLY with -EPROTO, and the
 * rest of the write buffer is not processed (write_consumed stops after
 * the BC_REPLY); the ioctl itself succeeds.
 */
TEST_F(bad, reply_without_transaction)
{
	struct binder_extended_error ee;
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;
	size_t first;

	cmd_reset(&c);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, &v, sizeof(v), NULL, 0);
	first = c.len;
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, binder_write_read(self->w.cli.fd, c.data, c.len, NULL, 0, &bwr));
	EXPECT_EQ(first, bwr.write_consumed);
	EXPECT_EQ(BR_FAILED_REPLY, ep_wait(&self->w.cli, 0, NULL, 1000));
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_GET_EXTENDED_ERROR, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EPROTO, ee.param);
	EXPECT_TRUE(quiet(&self->w.srv, 50));
	EXPECT_EQ(0, good_call(&self->w));
}

struct other_replier {
	int fd;
	int br;
	struct binder_extended_error ee;
};

static void *other_replier_main(void *arg)
{
	struct other_replier *o = arg;
	struct endpoint ep = { .fd = o->fd };
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
	o->br = ep_write(&ep, &c);
	if (!o->br)
		o->br = ep_wait(&ep, 0, NULL, 1000);
	if (xioctl(o->fd, BINDER_GET_EXTENDED_ERROR, &o->ee))
		o->ee.command = ~0u;
	xioctl(o->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

/*
 * Another thread of the receiving process replies: it has no transaction
 * of its own, so BR_FAILED_REPLY (-EPROTO) for it; the thread that got the
 * call can still reply and the caller gets exactly that reply.
 */
TEST_F(bad, reply_from_other_thread)
{
	struct other_replier o = { .fd = self->w.srv.fd };
	uint64_t v = 1;
	struct cmdbuf c;
	struct ret r;
	pthread_t t;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	ASSERT_EQ(0, pthread_create(&t, NULL, other_replier_main, &o));
	pthread_join(t, NULL);
	EXPECT_EQ(BR_FAILED_REPLY, o.br);
	EXPECT_EQ(BR_FAILED_REPLY, o.ee.command);
	EXPECT_EQ(-EPROTO, o.ee.param);
	EXPECT_TRUE(quiet(&self->w.cli, 50));
	v = 0xabcdef;
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, &v, sizeof(v), NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	EXPECT_EQ(sizeof(v), r.tr.data_size);
	EXPECT_EQ(0xabcdef, *(const uint64_t *)txn_data(&r.tr));
	ep_free(&self->w.cli, &r.tr);
}

/* A second BC_REPLY to the same call: -EPROTO for the replier only. */
TEST_F(bad, reply_twice)
{
	struct binder_extended_error ee;
	uint64_t v = 1;
	struct cmdbuf c;
	struct ret r;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, NULL, 0, NULL, 0));
	cmd_reset(&c);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.srv, &c));
	EXPECT_EQ(BR_FAILED_REPLY, ep_wait(&self->w.srv, BR_FAILED_REPLY, NULL, 1000));
	ASSERT_EQ(0, xioctl(self->w.srv.fd, BINDER_GET_EXTENDED_ERROR, &ee));
	EXPECT_EQ(-EPROTO, ee.param);
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	ep_free(&self->w.cli, &r.tr);
	EXPECT_TRUE(quiet(&self->w.cli, 50));
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= BC_FREE_BUFFER ================= */

static int free_raw(struct endpoint *ep, uint64_t addr, uint64_t *consumed)
{
	struct binder_write_read bwr;
	struct cmdbuf c;
	int ret;

	cmd_reset(&c);
	cmd_free_buffer(&c, addr);
	ret = binder_write_read(ep->fd, c.data, c.len, NULL, 0, &bwr);
	*consumed = bwr.write_consumed;
	return ret;
}

/*
 * Freeing NULL, an address that is no buffer, an address inside a live
 * buffer, and the same buffer twice: upstream logs and ignores each one;
 * the ioctl succeeds and consumes the command, the live buffer is intact.
 */
TEST_F(bad, free_buffer_bogus)
{
	uint64_t pattern[2] = { 0x0123456789abcdefull, 0xfedcba9876543210ull }, consumed;
	uint32_t cmds[16] = { 0 };
	struct cmdbuf c;
	int n;
	struct ret r;
	uint64_t buf;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, pattern, sizeof(pattern), NULL, 0);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 1000));
	buf = r.tr.data.ptr.buffer;

	EXPECT_EQ(0, free_raw(&self->w.srv, 0, &consumed));
	EXPECT_EQ(12, consumed);
	EXPECT_EQ(0, free_raw(&self->w.srv, 0xdead0000ull, &consumed));
	EXPECT_EQ(12, consumed);
	EXPECT_EQ(0, free_raw(&self->w.srv, buf + 8, &consumed));
	EXPECT_EQ(12, consumed);
	EXPECT_EQ(0, free_raw(&self->w.srv, buf - 8, &consumed));
	EXPECT_EQ(12, consumed);
	EXPECT_EQ(0, memcmp(txn_data(&r.tr), pattern, sizeof(pattern)));

	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &r, 1000));
	ep_free(&self->w.cli, &r.tr);
	/* Double free of the buffer the reply write already freed. */
	EXPECT_EQ(0, free_raw(&self->w.srv, buf, &consumed));
	EXPECT_EQ(12, consumed);
	/* The server hears only its reply's BR_TRANSACTION_COMPLETE. */
	n = drain(&self->w.srv, 50, cmds, 16);
	EXPECT_EQ(1, n);
	EXPECT_EQ(BR_TRANSACTION_COMPLETE, cmds[0]);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= write framing ================= */

/*
 * The driver resumes at write_consumed: the commands before it are not run
 * (here a call to a bad handle that would fail and stop the write), and
 * write_consumed == write_size runs nothing at all.
 */
TEST_F(bad, write_consumed_resumes)
{
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;
	size_t first;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, 999, 1, 0, &v, sizeof(v), NULL, 0);
	first = c.len;
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);

	memset(&bwr, 0, sizeof(bwr));
	bwr.write_buffer = (binder_uintptr_t)(uintptr_t)c.data;
	bwr.write_size = c.len;
	bwr.write_consumed = c.len;
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_WRITE_READ, &bwr));
	EXPECT_EQ(c.len, bwr.write_consumed);
	EXPECT_TRUE(quiet(&self->w.srv, 50));
	EXPECT_TRUE(quiet(&self->w.cli, 50));

	bwr.write_consumed = first;
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_WRITE_READ, &bwr));
	EXPECT_EQ(c.len, bwr.write_consumed);
	EXPECT_EQ(0, finish_call(&self->w));
}

/*
 * A command whose payload is cut off by unreadable memory: EFAULT, and the
 * command does not count in write_consumed (nothing was sent).
 */
TEST_F(bad, truncated_command_at_fault)
{
	uint8_t *end = guarded_page_end();
	struct binder_write_read bwr;
	uint64_t v = 1;
	struct cmdbuf c;

	ASSERT_NE(NULL, end);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	/* BC_TRANSACTION with only 10 payload bytes before the guard page. */
	memcpy(end - 14, c.data, 14);
	EXPECT_EQ(-EFAULT, binder_write_read(self->w.cli.fd, end - 14, 14, NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	/* BC_ACQUIRE with half a handle. */
	cmd_reset(&c);
	cmd_ref(&c, BC_ACQUIRE, self->w.h_w);
	memcpy(end - 6, c.data, 6);
	EXPECT_EQ(-EFAULT, binder_write_read(self->w.cli.fd, end - 6, 6, NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	/* A complete command, then half a command code. */
	cmd_reset(&c);
	cmd_u32(&c, BC_ENTER_LOOPER);
	memcpy(end - 6, c.data, 4);
	EXPECT_EQ(-EFAULT, binder_write_read(self->w.cli.fd, end - 6, 6, NULL, 0, &bwr));
	EXPECT_EQ(4, bwr.write_consumed);
	EXPECT_TRUE(quiet(&self->w.srv, 50));
	guarded_free(end);
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * Upstream does not bound a command's payload by write_size: when the
 * bytes after write_size are readable it takes them, runs the command, and
 * reports write_consumed past write_size.  Here a BC_TRANSACTION with a
 * write_size of 14 is sent whole (write_consumed 68), and a BC_RELEASE
 * with write_size 6 drops the client's only ref on node B (write_consumed
 * 8): B's strong count falls by one and B's handle is gone.
 */
TEST_F(bad, truncated_command_reads_past_write_size)
{
	uint32_t strong = 0, weak = 0, strong2 = 0;
	struct binder_write_read bwr;
	struct outcome out;
	uint64_t v = 1;
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, self->w.h_a, 1, 0, &v, sizeof(v), NULL, 0);
	ASSERT_EQ(0, binder_write_read(self->w.cli.fd, c.data, 14, NULL, 0, &bwr));
	EXPECT_EQ(c.len, bwr.write_consumed);
	EXPECT_EQ(0, finish_call(&self->w));

	ASSERT_EQ(0, reg_count(&self->w.cli, 1, &strong, &weak));
	cmd_reset(&c);
	cmd_ref(&c, BC_RELEASE, self->w.h_b);
	ASSERT_EQ(0, binder_write_read(self->w.cli.fd, c.data, 6, NULL, 0, &bwr));
	EXPECT_EQ(8, bwr.write_consumed);
	ASSERT_EQ(0, reg_count(&self->w.cli, 1, &strong2, &weak));
	EXPECT_EQ(strong - 1, strong2);
	try_call(&self->w, self->w.h_b, &v, sizeof(v), NULL, 0, -1, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, good_call(&self->w));
}

/* ================= context manager ================= */

/* A second context manager on the same device: EBUSY, both ioctls. */
TEST_F(bad, second_context_manager)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, 0, 0, 0);

	EXPECT_EQ(-EBUSY, xioctl(self->w.srv.fd, BINDER_SET_CONTEXT_MGR, NULL));
	EXPECT_EQ(-EBUSY, xioctl(self->w.cli.fd, BINDER_SET_CONTEXT_MGR_EXT, &o));
	EXPECT_EQ(0, good_call(&self->w));
}

/* A child on @dev that calls handle 0 once; exit status 0 on BR_REPLY. */
static pid_t call_mgr_child(const char *dev)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct endpoint ep;
		struct ret r;

		alarm(5);
		if (ep_open(&ep, dev, WORLD_MAP, 0))
			_exit(2);
		_exit(ep_call(&ep, 0, 5, 0, NULL, 0, NULL, 0, &r, 3000) == BR_REPLY ? 0 : 1);
	}
	return pid;
}

/*
 * The context manager may not use handle 0 itself (Jann Horn's 2020 fix:
 * a process never holds a ref to its own node): BC_TRANSACTION to 0 gives
 * BR_FAILED_REPLY/-EINVAL; BC_INCREFS/BC_ACQUIRE 0 fail the ioctl with
 * EINVAL and are not consumed; BC_RELEASE/BC_DECREFS 0 find no ref and are
 * ignored.  Upstream compares processes by pid: another fd opened by the
 * manager's process can take a ref on 0, but calling it fails the same
 * way.  A different process reaches the manager normally.
 */
TEST_F(bad, context_manager_uses_handle_0)
{
	struct endpoint m, n;
	struct outcome out;
	uint64_t consumed;
	struct ret r;
	int status;
	pid_t pid;

	ASSERT_EQ(0, ep_open(&m, variant->dev2, WORLD_MAP, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&m, NULL));
	try_call_ep(&m, NULL, 0, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(-EINVAL, write_ref(&m, BC_INCREFS, 0, &consumed));
	EXPECT_EQ(0, consumed);
	EXPECT_EQ(-EINVAL, write_ref(&m, BC_ACQUIRE, 0, &consumed));
	EXPECT_EQ(0, consumed);
	EXPECT_EQ(0, write_ref(&m, BC_RELEASE, 0, &consumed));
	EXPECT_EQ(8, consumed);
	EXPECT_EQ(0, write_ref(&m, BC_DECREFS, 0, &consumed));
	EXPECT_EQ(8, consumed);

	ASSERT_EQ(0, ep_open(&n, variant->dev2, WORLD_MAP, 0));
	try_call_ep(&n, NULL, 0, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_EQ(0, write_ref(&n, BC_ACQUIRE, 0, &consumed));
	EXPECT_EQ(8, consumed);
	try_call_ep(&n, NULL, 0, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_FAILED(out, -EINVAL);
	EXPECT_TRUE(quiet(&m, 50));

	pid = call_mgr_child(variant->dev2);
	ASSERT_GT(pid, 0);
	EXPECT_EQ(BR_TRANSACTION, ep_wait(&m, 0, &r, 3000));
	if (r.cmd == BR_TRANSACTION) {
		EXPECT_EQ(5, r.tr.code);
		EXPECT_EQ(0, r.tr.target.ptr);
		ep_reply(&m, &r.tr, 0, NULL, 0, NULL, 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ep_close(&n);
	ep_close(&m);
}

/* ================= dead peers ================= */

/*
 * The owner of a node we hold has exited: calls to its handle, and to
 * handle 0 (it was the context manager), give BR_DEAD_REPLY (also in the
 * extended error); a death notification asked for afterwards still fires.
 * Our other peer is unaffected.
 */
TEST_F(bad, dead_process_handle)
{
	uint64_t cookie = 0xdead0001;
	struct outcome out;
	uint32_t h_r;
	struct cmdbuf c;
	struct ret r;

	ASSERT_EQ(0, reg_own(&self->w.cli, &h_r));
	ASSERT_EQ(BR_REPLY, ep_call(&self->w.cli, 0, REG_EXIT, 0, NULL, 0, NULL, 0, &r, 2000));
	ep_free(&self->w.cli, &r.tr);
	ASSERT_EQ(0, peer_wait(&self->w.reg.p, 3000));

	try_call_ep(&self->w.cli, NULL, h_r, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_EQ(BR_DEAD_REPLY, out.br);
	EXPECT_EQ(BR_DEAD_REPLY, out.ee.command);
	try_call_ep(&self->w.cli, NULL, 0, 0, NULL, 0, NULL, 0, -1, NULL, NULL, &out);
	EXPECT_EQ(BR_DEAD_REPLY, out.br);

	cmd_reset(&c);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, h_r, cookie);
	ASSERT_EQ(0, ep_write(&self->w.cli, &c));
	ASSERT_EQ(BR_DEAD_BINDER, ep_wait(&self->w.cli, 0, &r, 2000));
	EXPECT_EQ(cookie, r.cookie);
	cmd_reset(&c);
	cmd_u32(&c, BC_DEAD_BINDER_DONE);
	cmd_u64(&c, cookie);
	cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, h_r, cookie);
	cmd_ref(&c, BC_RELEASE, h_r);
	EXPECT_EQ(0, ep_write(&self->w.cli, &c));
	EXPECT_EQ(0, good_call(&self->w));
}

/*
 * A client is SIGKILLed while its synchronous call sits with the server.
 * The server's later BC_REPLY has nowhere to go; upstream still answers the
 * replier BR_TRANSACTION_COMPLETE (the failure would be reported to the
 * caller, which is gone) and its extended error stays BR_OK.  Nothing is
 * left behind: the server keeps working, and (ours) every object the dead
 * client had is released.
 */
TEST_F(bad, client_killed_during_call)
{
	struct binder_extended_error ee;
	struct our_counts before = { 0 };
	uint32_t cmds[16];
	int n, status;
	struct ret r;
	pid_t pid;

	if (variant->ours)
		our_counts(&before);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct endpoint ep;
		uint32_t h;
		struct cmdbuf c;

		alarm(5);
		if (ep_open(&ep, variant->dev, WORLD_MAP, 0) || reg_get(&ep, 0, false, &h))
			_exit(1);
		cmd_reset(&c);
		cmd_txn(&c, BC_TRANSACTION, h, 42, 0, &h, sizeof(h), NULL, 0);
		ep_write(&ep, &c);
		ep_wait(&ep, 0, NULL, 5000);
		_exit(2);
	}
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, 0, &r, 3000));
	EXPECT_EQ(42, r.tr.code);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, NULL, 0, NULL, 0));
	n = drain(&self->w.srv, 300, cmds, 16);
	EXPECT_TRUE(has(cmds, n, BR_TRANSACTION_COMPLETE));
	EXPECT_FALSE(has(cmds, n, BR_FAILED_REPLY));
	EXPECT_FALSE(has(cmds, n, BR_DEAD_REPLY));
	ASSERT_EQ(0, xioctl(self->w.srv.fd, BINDER_GET_EXTENDED_ERROR, &ee));
	EXPECT_EQ(BR_OK, ee.command);
	EXPECT_EQ(0, ee.param);
	EXPECT_EQ(0, good_call(&self->w));
	if (variant->ours) /* ours only: upstream has no such counters */
		EXPECT_TRUE(our_counts_settle(&before, 5000));
}

TEST_HARNESS_MAIN
