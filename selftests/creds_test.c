// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials: where the driver looks at the caller's current credentials
 * rather than at those of the opener, as upstream 6.1 does.
 *
 *  - BINDER_SET_CONTEXT_MGR(_EXT) compares the caller's current euid with
 *    the first manager's (current_euid(), not the fd's f_cred);
 *  - sender_euid in BR_TRANSACTION is the euid the sending process's group
 *    leader (the opener) has at send time (task_euid(proc->tsk));
 *  - priority inheritance runs the serving thread at a nice value its own
 *    RLIMIT_NICE allows when it lacks CAP_SYS_NICE (can_nice(current)).
 *
 * The tests run as root.  Every change of uid happens in a forked peer
 * (or a thread of one) and is undone before it exits; the device's first
 * manager is root's, and no manager is left behind.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sys/resource.h>

#include "kselftest_harness.h"
#include "binder_world.h"

#define OTHER_UID	1000

FIXTURE(creds) {
	struct world w;
};

BINDER_VARIANTS(creds);

FIXTURE_SETUP(creds)
{
	self->w.srv.fd = -1;
	self->w.cli.fd = -1;
}

FIXTURE_TEARDOWN(creds)
{
	world_close(&self->w);
}

/* setresuid() of the calling thread only (glibc's changes every thread). */
static int thread_set_euid(uid_t euid)
{
	return syscall(SYS_setresuid, -1, euid, -1) ? -errno : 0;
}

/* ---- the context manager ---- */

struct mgr_try {
	const char *dev;
	uid_t open_euid;	/* euid when opening the device */
	uid_t call_euid;	/* euid when asking to become manager */
	bool ext;		/* BINDER_SET_CONTEXT_MGR_EXT */
};

/*
 * Open as open_euid, switch to call_euid, ask to become manager (retrying
 * while an earlier manager is still being released), switch back to root
 * and report the ioctl's result.  Exiting closes the fd: a manager made
 * here does not outlive the peer.
 */
static int mgr_try_main(struct peer *self, void *arg)
{
	const struct mgr_try *t = arg;
	struct flat_binder_object ext = { .flags = 0 };
	struct endpoint ep;
	int ret;

	PEER_CHECK(setresuid(-1, t->open_euid, -1) == 0, 2);
	ret = ep_open(&ep, t->dev, 0, 0);
	PEER_CHECK(setresuid(-1, t->call_euid, -1) == 0, 3);
	if (!ret)
		ret = ep_become_manager_retry(&ep, t->ext ? &ext : NULL);
	PEER_CHECK(setresuid(-1, 0, -1) == 0, 4);
	PEER_CHECK(peer_send(self, (uint64_t)(int64_t)ret) == 0, 5);
	ep_close(&ep);
	return 0;
}

/* The result of a mgr_try_main() peer, or a large negative value if it failed. */
static int mgr_try(struct world *w, const struct mgr_try *t)
{
	uint64_t v;
	int ret = peer_start(&w->peer, mgr_try_main, (void *)t);

	if (!ret)
		ret = peer_recv(&w->peer, &v, 5000);
	if (peer_wait(&w->peer, 3000) || ret)
		return -1000;
	return (int)(int64_t)v;
}

/*
 * The first manager of dev2 is root's (made here, in case no test did
 * before).  A process that opened the device as root but calls with euid
 * OTHER_UID is refused (EPERM), with either ioctl; one that opened it as
 * OTHER_UID but calls as root is accepted.
 */
TEST_F(creds, context_mgr_checks_current_euid)
{
	struct mgr_try t = { .dev = variant->dev2 };
	struct endpoint ep;

	ASSERT_EQ(0, ep_open(&ep, variant->dev2, 0, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&ep, NULL));
	ep_close(&ep);

	t.call_euid = OTHER_UID;
	EXPECT_EQ(-EPERM, mgr_try(&self->w, &t));
	t.ext = true;
	EXPECT_EQ(-EPERM, mgr_try(&self->w, &t));

	t.open_euid = OTHER_UID;
	t.call_euid = 0;
	EXPECT_EQ(0, mgr_try(&self->w, &t));
	t.ext = false;
	EXPECT_EQ(0, mgr_try(&self->w, &t));

	/* And the plain case still works: the device takes root's manager again. */
	ASSERT_EQ(0, ep_open(&ep, variant->dev2, 0, 0));
	EXPECT_EQ(0, ep_become_manager_retry(&ep, NULL));
	ep_close(&ep);
}

/* ---- sender_euid ---- */

enum euid_mode {
	EUID_PROCESS,	/* the whole process switches, then sends */
	EUID_SENDER,	/* only the sending thread (not the leader) switches */
	EUID_LEADER,	/* only the leader switches; another thread sends */
};

struct sender_args {
	const char *dev;
	enum euid_mode mode;
};

struct send_ctx {
	struct endpoint *ep;
	uint32_t handle;
	enum euid_mode mode;
	int go[2];		/* the leader says when to send */
	int result;
};

/* One sync call to ->handle, from this thread; 0 once the reply came. */
static int call_once(struct send_ctx *c)
{
	struct ret r;
	int ret = ep_call(c->ep, c->handle, 0x5e, 0, NULL, 0, NULL, 0, &r, BT_TMO);

	if (ret == BR_REPLY)
		ep_free(c->ep, &r.tr);
	return ret == BR_REPLY ? 0 : 1;
}

static void *sender_thread(void *arg)
{
	struct send_ctx *c = arg;
	char b;

	c->result = 10;
	if (read(c->go[0], &b, 1) != 1)
		return NULL;
	if (c->mode == EUID_SENDER && thread_set_euid(OTHER_UID))
		return NULL;
	c->result = call_once(c);
	if (c->mode == EUID_SENDER && thread_set_euid(0))
		c->result = 11;
	return NULL;
}

/*
 * Opens the device as root (the open is the group leader's), takes a
 * handle to srv's node, changes euid as its mode says and calls it.
 */
static int sender_main(struct peer *self, void *arg)
{
	const struct sender_args *a = arg;
	struct send_ctx c = { .mode = a->mode };
	struct endpoint ep;
	pthread_t t;

	PEER_CHECK(ep_open(&ep, a->dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(reg_get(&ep, 0, false, &c.handle) == 0, 3);
	c.ep = &ep;
	if (a->mode == EUID_PROCESS) {
		PEER_CHECK(setresuid(-1, OTHER_UID, -1) == 0, 4);
		c.result = call_once(&c);
		PEER_CHECK(setresuid(-1, 0, -1) == 0, 5);
		return c.result ? 6 : 0;
	}
	/* The thread exists first: a new thread would copy the leader's creds. */
	PEER_CHECK(pipe(c.go) == 0, 7);
	PEER_CHECK(pthread_create(&t, NULL, sender_thread, &c) == 0, 8);
	if (a->mode == EUID_LEADER)
		PEER_CHECK(thread_set_euid(OTHER_UID) == 0, 9);
	PEER_CHECK(write(c.go[1], "g", 1) == 1, 10);
	pthread_join(t, NULL);
	if (a->mode == EUID_LEADER)
		PEER_CHECK(thread_set_euid(0) == 0, 11);
	return c.result ? 12 + c.result : 0;
}

/*
 * The euid reported with a call is the one the sender's group leader has
 * when it sends: OTHER_UID once the whole process switched or only the
 * leader did; 0 when only the (non-leader) sending thread did.
 */
TEST_F(creds, sender_euid_is_leaders_at_send_time)
{
	static const uid_t want[] = {
		[EUID_PROCESS] = OTHER_UID, [EUID_SENDER] = 0, [EUID_LEADER] = OTHER_UID,
	};
	struct world *w = &self->w;
	int mode;

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link(w, 0));
	for (mode = EUID_PROCESS; mode <= EUID_LEADER; mode++) {
		struct sender_args a = { .dev = variant->dev, .mode = mode };
		struct ret in;

		ASSERT_EQ(0, peer_start(&w->peer, sender_main, &a));
		ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
		EXPECT_EQ(want[mode], in.tr.sender_euid) TH_LOG("mode %d", mode);
		EXPECT_EQ(w->peer.pid, in.tr.sender_pid);
		EXPECT_EQ(0x5e, in.tr.code);
		EXPECT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
		EXPECT_EQ(0, peer_wait(&w->peer, 3000)) TH_LOG("mode %d", mode);
	}
}

/* ---- nice inheritance without CAP_SYS_NICE ---- */

struct nice_server_args {
	const char *dev;
	rlim_t rlim_nice;
};

/*
 * A server without CAP_SYS_NICE: publishes a node (no minimum priority)
 * in slot 1, sets RLIMIT_NICE, drops to euid OTHER_UID, and serves calls
 * until the test closes its pipe.  Each reply holds the nice it ran at; after each
 * reply it sends the nice it is back at.
 */
static int nice_server_main(struct peer *self, void *arg)
{
	const struct nice_server_args *a = arg;
	struct rlimit rl = { a->rlim_nice, a->rlim_nice };
	struct endpoint ep;
	struct ret in;
	int32_t during;

	PEER_CHECK(ep_open(&ep, a->dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(ep_publish(&ep, 1, 0x9100, 0x9101, 0x7f) == 0, 3);
	PEER_CHECK(ep_enter_looper(&ep) == 0, 4);
	PEER_CHECK(setrlimit(RLIMIT_NICE, &rl) == 0, 5);
	PEER_CHECK(setresuid(-1, OTHER_UID, -1) == 0, 6);
	/* The capability is gone: the rlimit is all it may use. */
	PEER_CHECK(setpriority(PRIO_PROCESS, 0, -20) < 0, 7);
	PEER_CHECK(peer_send(self, 1) == 0, 8);
	for (;;) {
		struct pollfd pfd[2] = { { .fd = ep.fd, .events = POLLIN },
					 { .fd = self->rx, .events = POLLIN } };

		/* A call, or EOF from the test: done. */
		if (poll(pfd, 2, 10000) <= 0 || pfd[1].revents)
			break;
		if (ep_read_until(&ep, BR_TRANSACTION, NULL, &in, BT_TMO) != BR_TRANSACTION)
			break;
		during = getpriority(PRIO_PROCESS, 0);
		PEER_CHECK(ep_reply(&ep, &in.tr, 0, &during, sizeof(during), NULL, 0) == 0, 9);
		PEER_CHECK(peer_send(self, (uint64_t)(int64_t)getpriority(PRIO_PROCESS, 0)) == 0,
			   10);
	}
	setresuid(-1, 0, -1);
	return 0;
}

struct nice_call {
	struct endpoint *ep;
	uint32_t handle;
	int nice;
	int32_t during;	/* the server's nice, from the reply */
	int result;
};

static void *nice_call_main(void *arg)
{
	struct nice_call *c = arg;
	struct ret r;
	int ret;

	c->result = 1;
	if (setpriority(PRIO_PROCESS, sys_gettid(), c->nice))
		return NULL;
	ret = ep_call(c->ep, c->handle, 1, 0, NULL, 0, NULL, 0, &r, BT_TMO);
	if (ret != BR_REPLY)
		return NULL;
	if (r.tr.data_size == sizeof(c->during)) {
		memcpy(&c->during, txn_data(&r.tr), sizeof(c->during));
		c->result = 0;
	}
	ep_free(c->ep, &r.tr);
	return NULL;
}

/*
 * RLIMIT_NICE 25 lets the server go down to nice -5 by itself.  Served
 * for callers at -10 and -20 it runs at -5, the clamp binder_set_nice()
 * applies; callers at -3 and 5 are followed exactly.  After each reply it
 * is back at 0.
 */
TEST_F(creds, nice_clamped_by_servers_rlimit)
{
	static const int callers[][2] = { { -10, -5 }, { -20, -5 }, { -3, -3 }, { 5, 5 } };
	struct nice_server_args a = { .dev = variant->dev, .rlim_nice = 25 };
	struct world *w = &self->w;
	uint32_t h;
	uint64_t v;
	size_t i;

	ASSERT_EQ(0, world_open(w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, peer_start(&w->peer, nice_server_main, &a));
	ASSERT_EQ(0, peer_recv(&w->peer, &v, 5000));
	ASSERT_EQ(0, reg_get(&w->cli, 1, false, &h));
	for (i = 0; i < sizeof(callers) / sizeof(callers[0]); i++) {
		struct nice_call c = { .ep = &w->cli, .handle = h, .nice = callers[i][0] };
		pthread_t t;

		ASSERT_EQ(0, pthread_create(&t, NULL, nice_call_main, &c));
		pthread_join(t, NULL);
		ASSERT_EQ(0, c.result) TH_LOG("caller at %d", callers[i][0]);
		EXPECT_EQ(callers[i][1], c.during) TH_LOG("caller at %d", callers[i][0]);
		ASSERT_EQ(0, peer_recv(&w->peer, &v, 3000));
		EXPECT_EQ(0, (int)(int64_t)v) TH_LOG("after serving a caller at %d", callers[i][0]);
	}
	EXPECT_EQ(0, peer_join(&w->peer, 3000));
}

TEST_HARNESS_MAIN
