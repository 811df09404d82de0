// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetimes around a dead owner: what a process that exits leaves behind,
 * and what others can still do with its nodes.
 *
 *  - Every count a dying owner's buffers hold on its own nodes (BINDER
 *    objects in one-way calls still queued on a node, promoted at
 *    teardown, or undone by a sender that lost the race) is given back:
 *    once everybody has gone, the driver's object counters are where they
 *    started (ours and upstream's debugfs "stats").
 *  - A node whose owner died still takes weak references: BC_INCREFS on a
 *    handle to it counts, the handle keeps its number, and a WEAK_HANDLE
 *    to it travels.
 *  - Handle 0 means the current context manager only: a handle to a dead
 *    former manager is numbered like any other.
 *  - Reading every debugfs file while such processes exit is safe.
 *
 * Each test opens what it needs itself (a registry, endpoints, peers), so
 * that the counters can be read before anything exists.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>

#include "kselftest_harness.h"
#include "binder_world.h"
#include "spawn.h"

/* B's nodes, released at B's death in pointer order: N, then M, then P. */
#define NODE_N		0x1000ull
#define NODE_M		0x2000ull
#define NODE_P		0x3000ull

#define CK_DEAD		0xdead00ull
#define CK_WITNESS	0xdead01ull

/* How long released objects may take to be counted as gone. */
#define SETTLE_MS	5000

FIXTURE(life) {
	struct world w;
	struct endpoint ep[3];
};

BINDER_VARIANTS(life);

FIXTURE_SETUP(life)
{
	int i;

	self->w.srv.fd = -1;
	self->w.cli.fd = -1;
	for (i = 0; i < 3; i++)
		self->ep[i].fd = -1;
}

FIXTURE_TEARDOWN(life)
{
	int i;

	for (i = 0; i < 3; i++)
		ep_close(&self->ep[i]);
	world_close(&self->w);
}

/* The driver's counters are back at @base (within SETTLE_MS). */
#define EXPECT_SETTLED(ours, base) do {						\
	char _diff[256];							\
										\
	EXPECT_TRUE(drv_stats_settle((ours), (base), SETTLE_MS, _diff))	\
		TH_LOG("objects still alive: %s", _diff);			\
} while (0)

/*
 * A one-way call to @target with @n flat objects (24 bytes each, one after
 * the other); returns how it ended for the sender: BR_TRANSACTION_COMPLETE,
 * BR_DEAD_REPLY, BR_FAILED_REPLY, or -errno.  Anything else read on the
 * way (BR_DEAD_BINDER, say) is dropped.
 */
static int oneway_objs(struct endpoint *ep, uint32_t target, const struct flat_binder_object *objs,
		       int n)
{
	binder_size_t offs[8];
	struct retlist l;
	struct cmdbuf c;
	int i, ret;

	for (i = 0; i < n; i++)
		offs[i] = i * sizeof(*objs);
	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, target, 0x11, TF_ONE_WAY, objs, n * sizeof(*objs), offs,
		n * sizeof(offs[0]));
	ret = ep_write(ep, &c);
	while (!ret) {
		if (!ep_poll(ep, BT_TMO))
			return -ETIMEDOUT;
		ret = ep_xfer(ep, NULL, &l);
		for (i = 0; !ret && i < l.n; i++)
			if (l.r[i].cmd == BR_TRANSACTION_COMPLETE || l.r[i].cmd == BR_DEAD_REPLY ||
			    l.r[i].cmd == BR_FAILED_REPLY)
				return l.r[i].cmd;
	}
	return ret;
}

/* Read until BR_DEAD_BINDER; its cookie, or 0 if none came. */
static uint64_t dead_cookie(struct endpoint *ep)
{
	struct ret r;

	return ep_read_until(ep, BR_DEAD_BINDER, NULL, &r, BT_TMO) == BR_DEAD_BINDER ? r.cookie : 0;
}

/*
 * The registry, then B (a looper publishing M in slot 0, N in slot 1 and
 * P in slot 2) and A holding strong handles to all three.  0 or a step.
 */
static int open_a_and_b(struct world *w, const char *dev, struct endpoint *a, struct endpoint *b,
			uint32_t h[3])
{
	static const uint64_t nodes[3] = { NODE_M, NODE_N, NODE_P };
	int i;

	if (registry_start(&w->reg, dev, BINDER_VM_SIZE))
		return 1;
	if (ep_open(b, dev, BINDER_VM_SIZE, 0) || ep_open(a, dev, BINDER_VM_SIZE, 0))
		return 2;
	if (ep_enter_looper(b))
		return 3;
	for (i = 0; i < 3; i++)
		if (ep_publish(b, i, nodes[i], nodes[i] + 1, 0) || reg_get(a, i, false, &h[i]))
			return 4 + i;
	return 0;
}

/*
 * The scenario.  A sends one-way #1 to M; B reads it and never
 * frees it, so #2, which carries A's handle of N, waits on M's one-way
 * queue.  In B's buffer that handle is B's own node: a BINDER object
 * counting N.  B exits (freeing #1 at teardown makes #2 the next one-way
 * of M), then A exits, then the registry: nothing may stay alive.
 */
TEST_F(life, held_oneway_then_queued_own_node)
{
	struct endpoint *a = &self->ep[0], *b = &self->ep[1];
	struct flat_binder_object o;
	struct drv_stats base;
	uint32_t h[3];
	struct ret in;

	ASSERT_EQ(0, drv_stats_baseline(variant->ours, &base));
	ASSERT_EQ(0, open_a_and_b(&self->w, variant->dev, a, b, h));
	ASSERT_EQ(0, ep_death(a, BC_REQUEST_DEATH_NOTIFICATION, h[0], CK_DEAD));

	ASSERT_EQ(BR_TRANSACTION_COMPLETE, oneway_objs(a, h[0], NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(b, BR_TRANSACTION, NULL, &in, BT_TMO));
	o = hobj(h[1]);
	ASSERT_EQ(BR_TRANSACTION_COMPLETE, oneway_objs(a, h[0], &o, 1));
	/* #2 waits for #1 to be freed. */
	EXPECT_TRUE(quiet(b, 200));

	ep_close(b);
	EXPECT_EQ(CK_DEAD, dead_cookie(a));
	EXPECT_EQ(0, ep_dead_binder_done(a, CK_DEAD));
	ep_close(a);
	registry_stop(&self->w.reg);
	EXPECT_SETTLED(variant->ours, &base);
}

/*
 * The same with several one-ways queued behind the held one, each naming
 * N (released before M), M itself (the node whose queue they are on) and
 * P (released after M), strongly and weakly.  At B's death one of them is
 * promoted and the rest are still on M's queue when M goes.
 */
TEST_F(life, oneways_queued_on_dead_node)
{
	struct endpoint *a = &self->ep[0], *b = &self->ep[1];
	struct flat_binder_object o[4];
	struct drv_stats base;
	uint32_t h[3];
	struct ret in;
	int i;

	ASSERT_EQ(0, drv_stats_baseline(variant->ours, &base));
	ASSERT_EQ(0, open_a_and_b(&self->w, variant->dev, a, b, h));
	o[0] = hobj(h[1]);
	o[1] = hobj(h[0]);
	o[2] = fbo_handle(BINDER_TYPE_WEAK_HANDLE, h[1]);
	o[3] = hobj(h[2]);

	ASSERT_EQ(BR_TRANSACTION_COMPLETE, oneway_objs(a, h[0], NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, ep_read_until(b, BR_TRANSACTION, NULL, &in, BT_TMO));
	for (i = 0; i < 5; i++)
		ASSERT_EQ(BR_TRANSACTION_COMPLETE, oneway_objs(a, h[0], o, 4));
	EXPECT_TRUE(quiet(b, 200));

	ep_close(b);
	/* Calls to B now fail, whichever driver released it and when. */
	for (i = 0; i < 100 && oneway_objs(a, h[2], NULL, 0) != BR_DEAD_REPLY; i++)
		usleep(20 * 1000);
	EXPECT_EQ(BR_DEAD_REPLY, oneway_objs(a, h[2], NULL, 0));
	ep_close(a);
	registry_stop(&self->w.reg);
	EXPECT_SETTLED(variant->ours, &base);
}

/* A B in its own process: as open_a_and_b()'s B, then it exits when told. */
static int racing_b(struct peer *self, void *arg)
{
	const char *dev = arg;
	struct endpoint ep;
	struct ret in;
	uint64_t v;

	PEER_CHECK(ep_open(&ep, dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(ep_enter_looper(&ep) == 0, 3);
	PEER_CHECK(ep_publish(&ep, 0, NODE_M, NODE_M + 1, 0) == 0, 4);
	PEER_CHECK(ep_publish(&ep, 1, NODE_N, NODE_N + 1, 0) == 0, 5);
	PEER_CHECK(peer_send(self, 1) == 0, 6);
	/* Hold the first one-way, so the next ones queue on M. */
	PEER_CHECK(ep_read_until(&ep, BR_TRANSACTION, NULL, &in, 5000) == BR_TRANSACTION, 7);
	PEER_CHECK(peer_send(self, 2) == 0, 8);
	peer_recv(self, &v, 10000);	/* then exit, with everything still held */
	return 0;
}

/*
 * The race: A keeps sending one-ways carrying N and M to M while B's
 * process exits.  Each ends queued (and released by B's teardown) or, once
 * B is dying, in BR_DEAD_REPLY, some of them after the objects were
 * already translated into B's buffer (the sender undoes them).  Rounds
 * with a fresh B until 10 or about 6 s; then everything is gone.
 */
TEST_F(life, oneways_race_owner_exit)
{
	struct endpoint *a = &self->ep[0];
	struct flat_binder_object o[2];
	int round, k, res, tc = 0, other = 0, dead_rounds = 0, bad_peer = 0;
	struct drv_stats base;
	struct cmdbuf c;
	long start;
	uint64_t v;

	ASSERT_EQ(0, drv_stats_baseline(variant->ours, &base));
	ASSERT_EQ(0, registry_start(&self->w.reg, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, ep_open(a, variant->dev, BINDER_VM_SIZE, 0));
	start = now_ms();
	for (round = 0; round < 10 && (round < 3 || now_ms() - start < 6000); round++) {
		struct peer *b = &self->w.peer;
		uint32_t hm, hn;

		ASSERT_EQ(0, peer_start(b, racing_b, (void *)variant->dev));
		ASSERT_EQ(0, peer_recv(b, &v, 5000));
		ASSERT_EQ(0, reg_get(a, 0, false, &hm));
		ASSERT_EQ(0, reg_get(a, 1, false, &hn));
		ASSERT_EQ(BR_TRANSACTION_COMPLETE, oneway_objs(a, hm, NULL, 0));
		ASSERT_EQ(0, peer_recv(b, &v, 5000));
		o[0] = hobj(hn);
		o[1] = hobj(hm);

		/* Let B go, and race its teardown. */
		ASSERT_EQ(0, peer_send(b, 0));
		for (k = 0; k < 400; k++) {
			res = oneway_objs(a, hm, o, 2);
			if (res == BR_DEAD_REPLY)
				break;
			if (res != BR_TRANSACTION_COMPLETE) {
				other++;
				break;
			}
			tc++;
			/* Past the first burst, B's teardown is slower than us: wait for it. */
			if (k >= 50)
				usleep(5000);
		}
		dead_rounds += res == BR_DEAD_REPLY;
		bad_peer += peer_wait(b, 3000) != 0;
		cmd_reset(&c);
		cmd_ref(&c, BC_RELEASE, hm);
		cmd_ref(&c, BC_RELEASE, hn);
		EXPECT_EQ(0, ep_write(a, &c));
	}
	TH_LOG("%d rounds, %d one-ways queued before B died", round, tc);
	EXPECT_EQ(0, other);
	EXPECT_EQ(0, bad_peer);
	EXPECT_EQ(round, dead_rounds);
	ep_close(a);
	registry_stop(&self->w.reg);
	EXPECT_SETTLED(variant->ours, &base);
}

/* ---- weak references to a node whose owner died ---- */

/*
 * A world where srv's node (slot 0) has died: cli holds the strong handle
 * w->h to it, taken while it lived; a witness (@wit, its own strong ref and
 * a death notification) has heard of the death, so the owner's teardown is
 * over on either driver.  0 or a step.
 */
static int dead_owner_world(struct world *w, const char *dev, struct endpoint *wit)
{
	uint32_t hw;

	if (world_open(w, dev, BINDER_VM_SIZE) || world_link(w, 0))
		return 1;
	if (ep_open(wit, dev, BINDER_VM_SIZE, 0) || reg_get(wit, 0, false, &hw))
		return 2;
	if (ep_death(wit, BC_REQUEST_DEATH_NOTIFICATION, hw, CK_WITNESS))
		return 3;
	ep_close(&w->srv);
	if (dead_cookie(wit) != CK_WITNESS)
		return 4;
	return ep_dead_binder_done(wit, CK_WITNESS) ? 5 : 0;
}

/*
 * Upstream's sequence: with the owner dead, BC_INCREFS h; BC_RELEASE h
 * leaves cli a weak ref, so h still exists and a death notification
 * requested on it fires at once.
 */
TEST_F(life, dead_node_takes_weak_ref)
{
	struct world *w = &self->w;
	struct cmdbuf c;
	struct ret r;

	ASSERT_EQ(0, dead_owner_world(w, variant->dev, &self->ep[0]));
	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, w->h);
	cmd_ref(&c, BC_RELEASE, w->h);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, w->h, CK_DEAD);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	ASSERT_EQ(CK_DEAD, dead_cookie(&w->cli));

	/* And the weak ref is a real one: it can be let go of, cleanly. */
	cmd_reset(&c);
	cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, w->h, CK_DEAD);
	cmd_u32(&c, BC_DEAD_BINDER_DONE);
	cmd_u64(&c, CK_DEAD);
	cmd_ref(&c, BC_DECREFS, w->h);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	EXPECT_EQ(BR_CLEAR_DEATH_NOTIFICATION_DONE,
		  ep_read_until(&w->cli, BR_CLEAR_DEATH_NOTIFICATION_DONE, NULL, &r, BT_TMO));
	EXPECT_EQ(CK_DEAD, r.cookie);
}

/*
 * The weak ref keeps its handle number: a new ref of cli (to a live node)
 * gets another number, and a death notification on h is about the dead
 * node, not the new one.
 */
TEST_F(life, dead_node_handle_stays_taken)
{
	struct endpoint *t = &self->ep[1];
	struct world *w = &self->w;
	struct cmdbuf c;
	uint32_t hy;

	ASSERT_EQ(0, dead_owner_world(w, variant->dev, &self->ep[0]));
	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, w->h);
	cmd_ref(&c, BC_RELEASE, w->h);
	ASSERT_EQ(0, ep_write(&w->cli, &c));

	ASSERT_EQ(0, ep_open(t, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_publish(t, 1, 0x7000, 0x7001, 0));
	ASSERT_EQ(0, reg_get(&w->cli, 1, false, &hy));
	EXPECT_NE(w->h, hy);

	ASSERT_EQ(0, ep_death(&w->cli, BC_REQUEST_DEATH_NOTIFICATION, w->h, CK_DEAD));
	EXPECT_EQ(CK_DEAD, dead_cookie(&w->cli));
}

/*
 * A WEAK_HANDLE to the dead node, sent to a third process T, is delivered
 * (upstream: the node still has the weak count its owner acknowledged), as
 * is a strong HANDLE.  T gets a handle of its own on which a death
 * notification fires at once.
 */
TEST_F(life, dead_node_weak_handle_travels)
{
	static const uint32_t types[2] = { BINDER_TYPE_WEAK_HANDLE, BINDER_TYPE_HANDLE };
	struct endpoint *t = &self->ep[1];
	struct world *w = &self->w;
	uint32_t ht;
	int i;

	ASSERT_EQ(0, dead_owner_world(w, variant->dev, &self->ep[0]));
	ASSERT_EQ(0, ep_open(t, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_publish(t, 1, 0x7000, 0x7001, 0));
	ASSERT_EQ(0, reg_get(&w->cli, 1, false, &ht));

	for (i = 0; i < 2; i++) {
		struct flat_binder_object o = fbo_handle(types[i], w->h), got;
		struct cmdbuf c;
		struct ret in, out;
		int ret;

		ASSERT_EQ(0, ep_send_obj(&w->cli, ht, 1, 0, &o));
		ret = ep_read_until(t, 0, NULL, &in, BT_TMO);
		EXPECT_EQ(BR_TRANSACTION, ret) TH_LOG("%s not delivered",
						      i ? "HANDLE" : "WEAK_HANDLE");
		if (ret != BR_TRANSACTION) {
			ret = ep_wait(&w->cli, 0, &out, BT_TMO);
			TH_LOG("the sender read %s", ret < 0 ? strerror(-ret) : br_name(ret));
			continue;
		}
		ASSERT_EQ(sizeof(got), in.tr.offsets_size ? in.tr.data_size : 0);
		got = *txn_obj(&in.tr, 0);
		EXPECT_EQ(types[i], got.hdr.type);
		EXPECT_NE(0, got.handle);

		/* T keeps a weak ref and asks about the node: it is dead. */
		cmd_reset(&c);
		cmd_ref(&c, BC_INCREFS, got.handle);
		cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, got.handle, CK_DEAD + i);
		cmd_free_buffer(&c, in.tr.data.ptr.buffer);
		cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
		ASSERT_EQ(0, ep_write(t, &c));
		EXPECT_EQ(CK_DEAD + i, dead_cookie(t));
		cmd_reset(&c);
		cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, got.handle, CK_DEAD + i);
		cmd_u32(&c, BC_DEAD_BINDER_DONE);
		cmd_u64(&c, CK_DEAD + i);
		ASSERT_EQ(0, ep_write(t, &c));
		EXPECT_EQ(BR_CLEAR_DEATH_NOTIFICATION_DONE,
			  ep_read_until(t, BR_CLEAR_DEATH_NOTIFICATION_DONE, NULL, NULL, BT_TMO));
		EXPECT_EQ(BR_REPLY, ep_wait(&w->cli, 0, &out, BT_TMO));
		if (out.cmd == BR_REPLY)
			ep_free(&w->cli, &out.tr);
	}
}

/* ---- handle 0 and a dead former manager ---- */

/*
 * cli takes handle 0 of manager #1 (the registry), which then dies.  cli
 * sends that handle to srv, which has no handle 0: srv's new handle is not
 * 0, strong or weak, as handle 0 is the current manager's and there is
 * none.  Then manager #2 registers: srv's handle 0 is that one (calls
 * reach it, and a death notification on it does not fire).
 */
TEST_F(life, dead_former_manager_is_not_handle_0)
{
	static const uint32_t types[2] = { BINDER_TYPE_HANDLE, BINDER_TYPE_WEAK_HANDLE };
	struct world *w = &self->w;
	struct cmdbuf c;
	uint32_t h8;
	struct ret r;
	int i;

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(w, 0));
	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, 0);
	cmd_ref(&c, BC_ACQUIRE, 0);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, 0, CK_WITNESS);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	registry_stop(&w->reg);
	ASSERT_EQ(CK_WITNESS, dead_cookie(&w->cli));
	ASSERT_EQ(0, ep_dead_binder_done(&w->cli, CK_WITNESS));

	for (i = 0; i < 2; i++) {
		struct flat_binder_object o = fbo_handle(types[i], 0), got;
		struct ret in, out;
		int ret;

		ASSERT_EQ(0, ep_send_obj(&w->cli, w->h, 1, 0, &o));
		ret = srv_next(w, &in);
		EXPECT_EQ(BR_TRANSACTION, ret) TH_LOG("%s not delivered",
						      i ? "WEAK_HANDLE" : "HANDLE");
		if (ret != BR_TRANSACTION) {
			ret = ep_wait(&w->cli, 0, &out, BT_TMO);
			TH_LOG("the sender read %s", ret < 0 ? strerror(-ret) : br_name(ret));
			continue;
		}
		ASSERT_EQ(sizeof(got), in.tr.offsets_size ? in.tr.data_size : 0);
		got = *txn_obj(&in.tr, 0);
		EXPECT_EQ(types[i], got.hdr.type);
		EXPECT_NE(0, got.handle) TH_LOG("%s of the dead manager arrived as handle 0",
						i ? "WEAK_HANDLE" : "HANDLE");
		/* srv keeps it, as a client holding a service would. */
		cmd_reset(&c);
		cmd_ref(&c, BC_INCREFS, got.handle);
		cmd_free_buffer(&c, in.tr.data.ptr.buffer);
		cmd_txn(&c, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
		ASSERT_EQ(0, ep_write(&w->srv, &c));
		EXPECT_EQ(BR_TRANSACTION_COMPLETE,
			  ep_read_until(&w->srv, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO));
		EXPECT_EQ(BR_REPLY, ep_wait(&w->cli, 0, &out, BT_TMO));
		if (out.cmd == BR_REPLY)
			ep_free(&w->cli, &out.tr);
	}

	/* Manager #2: handle 0 of srv is its node, alive. */
	ASSERT_EQ(0, registry_start(&w->reg, variant->dev, BINDER_VM_SIZE));
	cmd_reset(&c);
	cmd_ref(&c, BC_INCREFS, 0);
	cmd_death(&c, BC_REQUEST_DEATH_NOTIFICATION, 0, CK_DEAD);
	ASSERT_EQ(0, ep_write(&w->srv, &c));
	EXPECT_TRUE(quiet(&w->srv, 300)) TH_LOG("handle 0 of srv is a dead node");
	ASSERT_EQ(0, ep_publish(&w->cli, 3, 0x8000, 0x8001, 0));
	ASSERT_EQ(0, reg_get(&w->srv, 3, false, &h8));
	cmd_reset(&c);
	cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, 0, CK_DEAD);
	ASSERT_EQ(0, ep_write(&w->srv, &c));
	EXPECT_EQ(BR_CLEAR_DEATH_NOTIFICATION_DONE,
		  ep_read_until(&w->srv, BR_CLEAR_DEATH_NOTIFICATION_DONE, NULL, &r, BT_TMO));
	EXPECT_EQ(CK_DEAD, r.cookie);
}

/* ---- debugfs readers while owners and holders exit ---- */

struct reader {
	const char *dir;
	volatile int stop;
	long reads;		/* whole files read */
	long errors;		/* failed opens or reads, other than vanished files */
	int last_errno;
	char last_path[320];
};

/* Read @path to its end; 0, or -errno (-ENOENT: it went away meanwhile). */
static int read_whole(const char *path)
{
	static __thread char buf[16384];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

/*
 * Read every regular file under @dir (one level of subdirectories: the
 * reference driver's proc/<pid>), counting reads and errors.
 */
static void read_tree(struct reader *rd, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[320];
	int ret;

	if (!d) {
		if (errno != ENOENT) {
			rd->errors++;
			rd->last_errno = errno;
		}
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			if (depth < 1)
				read_tree(rd, path, depth + 1);
			continue;
		}
		ret = read_whole(path);
		/*
		 * A per-proc file vanishes with its proc: gone before the
		 * open (ENOENT), or while open (debugfs answers EIO).
		 */
		if (!ret) {
			rd->reads++;
		} else if (depth == 0 || (ret != -ENOENT && ret != -EIO)) {
			rd->errors++;
			rd->last_errno = -ret;
			snprintf(rd->last_path, sizeof(rd->last_path), "%s", path);
		}
	}
	closedir(d);
}

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	while (!rd->stop)
		read_tree(rd, rd->dir, 0);
	return NULL;
}

#define HOLDERS		3
#define X_SLOT		4	/* the owner's node; slots 5..7: the holders' */

/* An owner: publishes its node X in X_SLOT, then exits when told. */
static int churn_owner(struct peer *self, void *arg)
{
	struct endpoint ep;
	uint64_t v;

	PEER_CHECK(ep_open(&ep, arg, 128 * 1024, 0) == 0, 2);
	PEER_CHECK(ep_enter_looper(&ep) == 0, 3);
	PEER_CHECK(ep_publish(&ep, X_SLOT, 0x4000, 0x4001, 0) == 0, 4);
	PEER_CHECK(peer_send(self, 1) == 0, 5);
	peer_recv(self, &v, 10000);
	return 0;
}

struct holder_args {
	const char *dev;
	int index;
};

#define HOLDER_FDS	4	/* binder procs per holder process */

/*
 * A holder: HOLDER_FDS opens of the device (each its own binder proc, so
 * the node gets that many refs from one exiting process), each with a
 * strong handle and a death notification on X and on the previous
 * holder's node; the first one publishes a node of its own in slot
 * X_SLOT + 1 + index for the next holder and the registry to hold.  Exits
 * when told.
 */
static int churn_holder(struct peer *self, void *arg)
{
	const struct holder_args *a = arg;
	struct endpoint ep[HOLDER_FDS];
	uint32_t hx, hp;
	uint64_t v;
	int i;

	for (i = 0; i < HOLDER_FDS; i++) {
		PEER_CHECK(ep_open(&ep[i], a->dev, 64 * 1024, 0) == 0, 2);
		PEER_CHECK(reg_get(&ep[i], X_SLOT, false, &hx) == 0, 3);
		PEER_CHECK(ep_death(&ep[i], BC_REQUEST_DEATH_NOTIFICATION, hx, 1) == 0, 4);
		if (a->index) {
			PEER_CHECK(reg_get(&ep[i], X_SLOT + a->index, false, &hp) == 0, 5);
			PEER_CHECK(ep_death(&ep[i], BC_REQUEST_DEATH_NOTIFICATION, hp, 2) == 0, 6);
		}
	}
	PEER_CHECK(ep_publish(&ep[0], X_SLOT + 1 + a->index, 0x5000 + a->index, 0, 0) == 0, 7);
	PEER_CHECK(peer_send(self, 1) == 0, 8);
	peer_recv(self, &v, 10000);
	return 0;
}

/*
 * Two threads read every file of the driver's debugfs directory in a loop
 * (ours: stats, procs, dead_nodes; upstream: state, stats, transactions,
 * the logs, proc/<pid>) while, round after round, an owner exits leaving
 * its node to three holder processes (twelve refs), which then exit
 * together (and the registry drops its refs on the next round).  Every
 * read succeeds or finds its file gone; nothing is left alive at the end.
 * Bounded at ~4 s of churn.
 */
TEST_F(life, debugfs_readers_while_holders_exit)
{
	struct reader rd[2] = { { 0 } };
	struct world *w = &self->w;
	struct peer owner = { 0 }, holders[HOLDERS] = { { 0 } };
	struct holder_args ha[HOLDERS];
	int i, round, bad = 0;
	struct drv_stats base;
	pthread_t t[2];
	long start;
	uint64_t v;

	ASSERT_EQ(0, drv_stats_baseline(variant->ours, &base));
	ASSERT_EQ(0, registry_start(&w->reg, variant->dev, BINDER_VM_SIZE));
	for (i = 0; i < 2; i++) {
		rd[i].dir = variant->ours ? OUR_DEBUGFS : REF_DEBUGFS;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, reader_main, &rd[i]));
	}
	start = now_ms();
	for (round = 0; round < 12 && (round < 3 || now_ms() - start < 4000); round++) {
		ASSERT_EQ(0, peer_start(&owner, churn_owner, (void *)variant->dev));
		ASSERT_EQ(0, peer_recv(&owner, &v, 5000));
		for (i = 0; i < HOLDERS; i++) {
			ha[i].dev = variant->dev;
			ha[i].index = i;
			ASSERT_EQ(0, peer_start(&holders[i], churn_holder, &ha[i]));
			ASSERT_EQ(0, peer_recv(&holders[i], &v, 5000));
		}
		/*
		 * Told by a message, not by EOF: later peers inherited the
		 * write ends of the earlier ones' pipes.
		 */
		EXPECT_EQ(0, peer_send(&owner, 0));
		bad += peer_wait(&owner, 3000) != 0;
		for (i = 0; i < HOLDERS; i++)
			EXPECT_EQ(0, peer_send(&holders[i], 0));
		for (i = 0; i < HOLDERS; i++)
			bad += peer_wait(&holders[i], 3000) != 0;
	}
	for (i = 0; i < 2; i++) {
		rd[i].stop = 1;
		pthread_join(t[i], NULL);
	}
	TH_LOG("%d rounds in %ld ms; %ld and %ld files read", round, now_ms() - start,
	       rd[0].reads, rd[1].reads);
	EXPECT_EQ(0, bad);
	for (i = 0; i < 2; i++) {
		EXPECT_LT(0, rd[i].reads);
		EXPECT_EQ(0, rd[i].errors) TH_LOG("%s: %s", rd[i].last_path,
						  strerror(rd[i].last_errno));
	}
	registry_stop(&w->reg);
	EXPECT_SETTLED(variant->ours, &base);
}

TEST_HARNESS_MAIN
