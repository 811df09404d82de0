// SPDX-License-Identifier: GPL-2.0
/*
 * Objects and reference counts: how BINDER/HANDLE objects are translated
 * between processes, how handles are numbered, and what the owner of a
 * node is told (BR_INCREFS/ACQUIRE/RELEASE/DECREFS) as others take and
 * drop references.
 *
 * Roles (struct world): "cli" owns the nodes under test and sends them;
 * "srv" receives them through its published node and holds the handles.
 */

#include "kselftest_harness.h"

#include "binder_world.h"

#define P1	0x1100
#define C1	0xc1
#define P2	0x2200
#define C2	0xc2
#define P3	0x3300

FIXTURE(refs) {
	struct world w;
};

BINDER_VARIANTS(refs);

FIXTURE_SETUP(refs)
{
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(&self->w, 0));
}

FIXTURE_TEARDOWN(refs)
{
	world_close(&self->w);
}

/* What the holder does with a received handle before freeing the buffer. */
enum keep { KEEP_NONE, KEEP_WEAK, KEEP_BOTH };

/*
 * cli sends @obj to srv in a sync call; srv copies the translated object to
 * @got, takes the references @keep asks for, frees the buffer and replies;
 * cli reads until the reply, everything it read going to @owner.  0 or the
 * failing step.
 */
static int pass_obj(struct world *w, const struct flat_binder_object *obj, enum keep keep,
		    struct flat_binder_object *got, struct retlist *owner)
{
	struct ret in, out;
	struct cmdbuf c;

	if (ep_send_obj(&w->cli, w->h, 1, 0, obj))
		return 1;
	if (srv_next(w, &in) != BR_TRANSACTION || in.tr.offsets_size != 8)
		return 2;
	*got = *txn_obj(&in.tr, 0);
	cmd_reset(&c);
	if (keep != KEEP_NONE)
		cmd_ref(&c, BC_INCREFS, got->handle);
	if (keep == KEEP_BOTH)
		cmd_ref(&c, BC_ACQUIRE, got->handle);
	cmd_free_buffer(&c, in.tr.data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
	if (ep_write(&w->srv, &c))
		return 3;
	/* The replier's own BR_TRANSACTION_COMPLETE. */
	if (ep_read_until(&w->srv, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO) < 0)
		return 4;
	if (ep_read_until(&w->cli, 0, owner, &out, BT_TMO) != BR_REPLY)
		return 5;
	return ep_free(&w->cli, &out.tr) ? 6 : 0;
}

static bool is_ptr_cookie(const struct ret *r, uint32_t cmd, uint64_t ptr, uint64_t cookie)
{
	return r->cmd == cmd && r->ptr_cookie.ptr == ptr && r->ptr_cookie.cookie == cookie;
}

/*
 * A BINDER object becomes a HANDLE in the receiver: a non-zero handle in
 * the low 32 bits, upper bits and cookie zeroed, flags passed unchanged.
 */
TEST_F(refs, binder_arrives_as_handle)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0x17f), got;
	struct retlist owner;

	ASSERT_EQ(0, pass_obj(&self->w, &o, KEEP_NONE, &got, &owner));
	EXPECT_EQ(BINDER_TYPE_HANDLE, got.hdr.type);
	EXPECT_NE(0, got.handle);
	EXPECT_EQ(0, got.binder >> 32);
	EXPECT_EQ(0, got.cookie);
	EXPECT_EQ(0x17f, got.flags);
}

/*
 * The first reference to a new node makes the driver ask its owner to take
 * references: upstream queues BR_INCREFS then BR_ACQUIRE on the sending
 * thread itself, so they come before the call's TRANSACTION_COMPLETE and
 * reply.  The owner's BC_INCREFS_DONE/BC_ACQUIRE_DONE are accepted and
 * produce nothing further.
 */
TEST_F(refs, owner_asked_to_take_refs)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct retlist owner;
	char buf[256];

	ASSERT_EQ(0, pass_obj(&self->w, &o, KEEP_BOTH, &got, &owner));
	ASSERT_TRUE(RET_IS(&owner, BR_INCREFS, BR_ACQUIRE, BR_TRANSACTION_COMPLETE, BR_REPLY))
		TH_LOG("owner read: %s", ret_str(&owner, buf));
	EXPECT_TRUE(is_ptr_cookie(&owner.r[0], BR_INCREFS, P1, C1));
	EXPECT_TRUE(is_ptr_cookie(&owner.r[1], BR_ACQUIRE, P1, C1));
	EXPECT_EQ(0, ep_ack_refs(&self->w.cli, &owner));
	EXPECT_TRUE(ep_quiet(&self->w.cli));

	/* Sending it again changes nothing the owner must hear about. */
	ASSERT_EQ(0, pass_obj(&self->w, &o, KEEP_NONE, &got, &owner));
	EXPECT_TRUE(RET_IS(&owner, BR_TRANSACTION_COMPLETE, BR_REPLY))
		TH_LOG("owner read: %s", ret_str(&owner, buf));
}

/*
 * A WEAK_BINDER becomes a WEAK_HANDLE; the owner is only asked for a weak
 * reference.  A weak handle cannot be the target of a call.
 */
TEST_F(refs, weak_binder_arrives_as_weak_handle)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_WEAK_BINDER, P1, C1, 0), got;
	struct binder_extended_error ee;
	struct retlist owner;
	char buf[256];

	ASSERT_EQ(0, pass_obj(&self->w, &o, KEEP_WEAK, &got, &owner));
	EXPECT_EQ(BINDER_TYPE_WEAK_HANDLE, got.hdr.type);
	EXPECT_NE(0, got.handle);
	EXPECT_EQ(0, got.cookie);
	ASSERT_TRUE(RET_IS(&owner, BR_INCREFS, BR_TRANSACTION_COMPLETE, BR_REPLY))
		TH_LOG("owner read: %s", ret_str(&owner, buf));
	EXPECT_TRUE(is_ptr_cookie(&owner.r[0], BR_INCREFS, P1, C1));

	EXPECT_EQ(BR_FAILED_REPLY, ep_transact(&self->w.srv, got.handle, 1, 0, NULL, 0, NULL, 0,
					       NULL, NULL));
	ASSERT_EQ(0, ep_get_ee(&self->w.srv, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EINVAL, ee.param);
}

/*
 * Handles are per receiving process, start at 1 (0 is the context
 * manager's), stay the same for the same node, and upstream reuses the
 * lowest free number once a handle is gone.
 */
TEST_F(refs, handles_stable_and_lowest_free_reused)
{
	struct flat_binder_object objs[3] = {
		fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0),
		fbo_binder(BINDER_TYPE_BINDER, P2, C2, 0),
		fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0),
	}, got;
	const binder_size_t offs[3] = { 0, 24, 48 };
	struct world *w = &self->w;
	struct retlist owner;
	struct ret in, out;

	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, objs, sizeof(objs), offs, sizeof(offs)));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(1, txn_obj(&in.tr, 0)->handle);
	EXPECT_EQ(2, txn_obj(&in.tr, 1)->handle);
	EXPECT_EQ(1, txn_obj(&in.tr, 2)->handle);
	/* Keep the buffer (and so the handles) while P2 comes again. */
	ASSERT_EQ(0, ep_reply_keep(&w->srv, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &out, BT_TMO));
	ep_free(&w->cli, &out.tr);
	ASSERT_EQ(0, pass_obj(w, &objs[1], KEEP_NONE, &got, &owner));
	EXPECT_EQ(2, got.handle);

	/* Freeing the first buffer drops both handles; P3 gets number 1. */
	ASSERT_EQ(0, ep_free(&w->srv, &in.tr));
	objs[0] = fbo_binder(BINDER_TYPE_BINDER, P3, 0, 0);
	ASSERT_EQ(0, pass_obj(w, &objs[0], KEEP_NONE, &got, &owner));
	EXPECT_EQ(1, got.handle);
}

/* Write @n BC_@bc commands on handles @first.. (or the @n in @handles). */
static int ref_cmds(struct endpoint *ep, uint32_t bc, const uint32_t *handles, uint32_t first,
		    size_t n)
{
	uint32_t *cmds = malloc(n * 2 * sizeof(uint32_t));
	struct binder_write_read bwr;
	size_t i;
	int ret;

	if (!cmds)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		cmds[2 * i] = bc;
		cmds[2 * i + 1] = handles ? handles[i] : first + (uint32_t)i;
	}
	ret = binder_write_read(ep->fd, cmds, n * 2 * sizeof(uint32_t), NULL, 0, &bwr);
	free(cmds);
	return ret;
}

#define MANY	4096

/*
 * Read until BR_REPLY, walking every return of every read: the owner of
 * MANY new nodes is told BR_INCREFS/BR_ACQUIRE for each, far more than
 * one struct retlist holds.  Frees the reply; 0 or -errno.
 */
static int wait_reply_walking(struct endpoint *ep)
{
	size_t size = 64 * 1024, pos, sz;
	uint8_t *buf = malloc(size);
	struct binder_write_read bwr;
	uint32_t cmd;
	int ret = -ETIMEDOUT;

	while (buf && ret == -ETIMEDOUT && ep_poll(ep, BT_TMO)) {
		if (binder_write_read(ep->fd, NULL, 0, buf, size, &bwr))
			break;
		for (pos = 0; pos + sizeof(cmd) <= bwr.read_consumed; pos += sizeof(cmd) + sz) {
			memcpy(&cmd, buf + pos, sizeof(cmd));
			sz = _IOC_SIZE(cmd);
			if (cmd == BR_REPLY) {
				struct binder_transaction_data tr;

				memcpy(&tr, buf + pos + sizeof(cmd), sizeof(tr));
				ret = ep_free(ep, &tr);
				break;
			}
		}
	}
	free(buf);
	return ret;
}

/*
 * Thousands of handles: a receiver given MANY new nodes in one call gets
 * handles 1..MANY in order; with two of them given back, the next new
 * nodes take those two numbers, lowest first, then MANY + 1 (ours finds
 * them in a bitmap; upstream 6.1 scans, 6.11+ has a bitmap too).
 */
TEST_F(refs, many_handles_lowest_free_reused)
{
	struct flat_binder_object *objs = calloc(MANY, sizeof(*objs));
	binder_size_t *offs = calloc(MANY, sizeof(*offs));
	const uint32_t gone[2] = { 7, 3000 };
	struct world *w = &self->w;
	uint32_t i, bad = 0;
	struct ret in;

	ASSERT_TRUE(objs && offs);
	for (i = 0; i < MANY; i++) {
		objs[i] = fbo_binder(BINDER_TYPE_BINDER, 0x100000 + i * 0x10, i, 0);
		offs[i] = i * sizeof(*objs);
	}
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, objs, MANY * sizeof(*objs), offs,
			     MANY * sizeof(*offs)));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(MANY * sizeof(*offs), in.tr.offsets_size);
	for (i = 0; i < MANY; i++)
		bad += txn_obj(&in.tr, i)->handle != i + 1;
	EXPECT_EQ(0, bad);
	/* Keep every handle, then give two back. */
	ASSERT_EQ(0, ref_cmds(&w->srv, BC_INCREFS, NULL, 1, MANY));
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(0, wait_reply_walking(&w->cli));
	ASSERT_EQ(0, ref_cmds(&w->srv, BC_DECREFS, gone, 0, 2));

	for (i = 0; i < 3; i++) {
		objs[i] = fbo_binder(BINDER_TYPE_BINDER, 0x900000 + i * 0x10, i, 0);
		offs[i] = i * sizeof(*objs);
	}
	ASSERT_EQ(0, ep_send(&w->cli, w->h, 1, 0, objs, 3 * sizeof(*objs), offs,
			     3 * sizeof(*offs)));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(gone[0], txn_obj(&in.tr, 0)->handle);
	EXPECT_EQ(gone[1], txn_obj(&in.tr, 1)->handle);
	EXPECT_EQ(MANY + 1, txn_obj(&in.tr, 2)->handle);
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(0, wait_reply_walking(&w->cli));
	free(objs);
	free(offs);
}

/*
 * A handle sent back to the node's owner arrives as the owner's own object
 * again (BINDER with its ptr and cookie; WEAK_HANDLE as WEAK_BINDER).
 */
TEST_F(refs, handle_back_to_owner_is_binder)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	const binder_size_t offs[2] = { 0, 24 };
	struct flat_binder_object back[2];
	struct world *w = &self->w;
	struct retlist owner;
	struct ret in, out;

	ASSERT_EQ(0, pass_obj(w, &o, KEEP_BOTH, &got, &owner));
	back[0] = fbo_handle(BINDER_TYPE_HANDLE, got.handle);
	back[1] = fbo_handle(BINDER_TYPE_WEAK_HANDLE, got.handle);
	ASSERT_EQ(0, ep_enter_looper(&w->cli));
	ASSERT_EQ(0, ep_send(&w->srv, got.handle, 3, 0, back, sizeof(back), offs, sizeof(offs)));
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(&w->cli, BR_TRANSACTION, NULL, &in, BT_TMO));
	EXPECT_EQ(P1, in.tr.target.ptr);
	EXPECT_EQ(BINDER_TYPE_BINDER, txn_obj(&in.tr, 0)->hdr.type);
	EXPECT_EQ(P1, txn_obj(&in.tr, 0)->binder);
	EXPECT_EQ(C1, txn_obj(&in.tr, 0)->cookie);
	EXPECT_EQ(BINDER_TYPE_WEAK_BINDER, txn_obj(&in.tr, 1)->hdr.type);
	EXPECT_EQ(P1, txn_obj(&in.tr, 1)->binder);
	EXPECT_EQ(C1, txn_obj(&in.tr, 1)->cookie);
	ASSERT_EQ(0, ep_reply(&w->cli, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->srv, 0, NULL, &out, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->srv, &out.tr));
}

/*
 * Once the owner has acked, dropping the holder's last strong reference
 * gives the owner BR_RELEASE, and the last weak one BR_DECREFS - not
 * before (the holder's BC_INCREFS/BC_ACQUIRE keep them after its buffer
 * is freed).
 */
TEST_F(refs, release_and_decrefs_follow_the_holder)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct world *w = &self->w;
	struct retlist owner, l;
	char buf[256];

	ASSERT_EQ(0, pass_obj(w, &o, KEEP_BOTH, &got, &owner));
	ASSERT_EQ(0, ep_ack_refs(&w->cli, &owner));
	EXPECT_TRUE(ep_quiet(&w->cli));

	ASSERT_EQ(0, ep_refcmd(&w->srv, BC_RELEASE, got.handle));
	ASSERT_EQ(BR_RELEASE, ep_read_until(&w->cli, BR_RELEASE, &l, NULL, BT_TMO));
	EXPECT_TRUE(l.n == 1 && is_ptr_cookie(&l.r[0], BR_RELEASE, P1, C1))
		TH_LOG("owner read: %s", ret_str(&l, buf));
	EXPECT_TRUE(ep_quiet(&w->cli));

	ASSERT_EQ(0, ep_refcmd(&w->srv, BC_DECREFS, got.handle));
	ASSERT_EQ(BR_DECREFS, ep_read_until(&w->cli, BR_DECREFS, &l, NULL, BT_TMO));
	EXPECT_TRUE(l.n == 1 && is_ptr_cookie(&l.r[0], BR_DECREFS, P1, C1))
		TH_LOG("owner read: %s", ret_str(&l, buf));
}

/*
 * Upstream keeps a temporary reference for the owner until it acks: with
 * BR_INCREFS/BR_ACQUIRE unanswered, the holder dropping everything gives
 * the owner nothing; BC_ACQUIRE_DONE then brings BR_RELEASE and
 * BC_INCREFS_DONE BR_DECREFS.
 */
TEST_F(refs, release_withheld_until_owner_acks)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct world *w = &self->w;
	struct retlist owner, l;
	struct cmdbuf c;

	ASSERT_EQ(0, pass_obj(w, &o, KEEP_BOTH, &got, &owner));
	ASSERT_EQ(BR_ACQUIRE, owner.r[1].cmd);
	ASSERT_EQ(0, ep_refcmd(&w->srv, BC_RELEASE, got.handle));
	ASSERT_EQ(0, ep_refcmd(&w->srv, BC_DECREFS, got.handle));
	EXPECT_TRUE(ep_quiet(&w->cli));

	cmd_reset(&c);
	cmd_ptr_cookie(&c, BC_ACQUIRE_DONE, P1, C1);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	ASSERT_EQ(BR_RELEASE, ep_read_until(&w->cli, BR_RELEASE, &l, NULL, BT_TMO));
	EXPECT_EQ(1, l.n);
	EXPECT_TRUE(ep_quiet(&w->cli));

	cmd_reset(&c);
	cmd_ptr_cookie(&c, BC_INCREFS_DONE, P1, C1);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	ASSERT_EQ(BR_DECREFS, ep_read_until(&w->cli, BR_DECREFS, &l, NULL, BT_TMO));
	EXPECT_EQ(1, l.n);
}

/*
 * The owner is told about a node's state when it reads, not when the state
 * changes: upstream says nothing at all (no BR_INCREFS/BR_ACQUIRE, nor
 * their opposites) if every reference is gone again before the owner's
 * next read.
 */
TEST_F(refs, refs_gone_before_owner_reads_tell_nothing)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct retlist owner;
	char buf[256];

	ASSERT_EQ(0, pass_obj(&self->w, &o, KEEP_NONE, &got, &owner));
	EXPECT_TRUE(RET_IS(&owner, BR_TRANSACTION_COMPLETE, BR_REPLY))
		TH_LOG("owner read: %s", ret_str(&owner, buf));
	EXPECT_TRUE(ep_quiet(&self->w.cli));
}

/* The same ptr with another cookie is refused: BR_FAILED_REPLY, EINVAL. */
TEST_F(refs, cookie_mismatch_refused)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct binder_extended_error ee;
	struct world *w = &self->w;
	struct retlist owner;

	ASSERT_EQ(0, pass_obj(w, &o, KEEP_BOTH, &got, &owner));
	o.cookie = C2;
	ASSERT_EQ(0, ep_send_obj(&w->cli, w->h, 1, 0, &o));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, NULL, NULL, BT_TMO));
	ASSERT_EQ(0, ep_get_ee(&w->cli, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(-EINVAL, ee.param);
	EXPECT_TRUE(ep_quiet(&w->srv));
}

/*
 * A process that is not the context manager may take references on handle
 * 0 without ever having received it; the manager's node is then handle 0
 * wherever it is sent.  Without a strong reference it cannot be sent.
 * Upstream accepts (and ignores) refcount commands on unknown handles.
 */
TEST_F(refs, handle0_refs_from_non_manager)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, P1, C1, 0), got;
	struct flat_binder_object zero = fbo_handle(BINDER_TYPE_HANDLE, 0);
	struct world *w = &self->w;
	struct retlist owner;
	struct ret in, out;

	ASSERT_EQ(0, pass_obj(w, &o, KEEP_BOTH, &got, &owner));
	ASSERT_EQ(0, ep_ack_refs(&w->cli, &owner));
	ASSERT_EQ(0, ep_enter_looper(&w->cli));

	/* Not held yet: sending handle 0 fails. */
	ASSERT_EQ(0, ep_send_obj(&w->srv, got.handle, 1, 0, &zero));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->srv, 0, NULL, NULL, BT_TMO));

	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_INCREFS, 0));
	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_ACQUIRE, 0));
	ASSERT_EQ(0, ep_send_obj(&w->srv, got.handle, 2, 0, &zero));
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(&w->cli, BR_TRANSACTION, NULL, &in, BT_TMO));
	EXPECT_EQ(BINDER_TYPE_HANDLE, txn_obj(&in.tr, 0)->hdr.type);
	EXPECT_EQ(0, txn_obj(&in.tr, 0)->handle);
	ASSERT_EQ(0, ep_reply(&w->cli, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->srv, 0, NULL, &out, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->srv, &out.tr));

	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_RELEASE, 0));
	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_DECREFS, 0));
	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_RELEASE, 77));
	EXPECT_EQ(0, ep_refcmd(&w->srv, BC_DECREFS, 0));
	/* Dropped again: handle 0 cannot be sent any more. */
	ASSERT_EQ(0, ep_send_obj(&w->srv, got.handle, 3, 0, &zero));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->srv, 0, NULL, NULL, BT_TMO));
}

TEST_HARNESS_MAIN
