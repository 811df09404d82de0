// SPDX-License-Identifier: GPL-2.0
/*
 * Mixed pairs: a 32-bit and a 64-bit process talking through one driver,
 * on both drivers.  Android containers (Waydroid) still run 32-bit apps
 * (app_process32) beside 64-bit services; a 64-bit kernel serves the
 * 32-bit ones through compat_ioctl, with the same protocol-8 structures
 * (binder_uintptr_t and binder_size_t are 64 bits wide in both), so what
 * one side sends must reach the other bit for bit.
 *
 * Like every selftest, this file is built twice (/tests and /tests32), and
 * each build runs the other one as its peer ("compat_test --peer ROLE DEV
 * RX TX", see peer_main()), in both roles:
 *  - pair: raw protocol.  A call carrying one object of each kind (a local
 *    binder, a handle, an fd, a scatter-gather buffer with an fd array in
 *    it) and 64-bit words; the refcount requests it causes for the
 *    caller's node; a reply carrying a binder and an fd back; a call
 *    through the handle that came in the reply; a death notification with
 *    a 64-bit cookie when the callee goes.  The registry (context manager)
 *    is of the test's width, so the peer also talks to a manager of the
 *    other width.  Node pointers and cookies have bits above 31 set, so
 *    a truncation anywhere shows.
 *  - tools: servicemanager, echo-service, and the clients (service,
 *    echo-client) of different widths: calls with every kind of argument,
 *    a callback, and the manager's death notification for the service.
 *
 * Without the other width's binaries in the VM (its kernel cannot run
 * them), the tests are skipped.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_world.h"
#include "spawn.h"

/* This build's width, and where the other build is in the VM. */
#if UINTPTR_MAX == UINT32_MAX
#define OWN_BITS	32
#define OWN_TOOLS	TOOLS32_DIR
#define OTHER_BITS	64
#define OTHER_TOOLS	TOOLS64_DIR
#define OTHER_TEST	"/tests/compat_test"
#else
#define OWN_BITS	64
#define OWN_TOOLS	TOOLS64_DIR
#define OTHER_BITS	32
#define OTHER_TOOLS	TOOLS32_DIR
#define OTHER_TEST	"/tests32/compat_test"
#endif

/* Skip the test unless the other width's build of this test is here. */
#define NEED_OTHER_WIDTH()							\
	do {									\
		if (access(OTHER_TEST, X_OK))					\
			SKIP(return, "no %d-bit build (%s) in this VM", OTHER_BITS,	\
			     OTHER_TEST);					\
	} while (0)

/* ---- what the caller sends and the callee answers ---- */

#define PAIR_SLOT	0
#define PAIR_TMO	5000

/* Node identities and cookies: wider than 32 bits on purpose. */
#define SRV_NODE	0x5e5e000000001000ull	/* the callee's, published in PAIR_SLOT */
#define SRV_NODE_COOKIE	0xc0c0000000001001ull
#define SRV2_NODE	0x5e5e000000002000ull	/* the callee's, sent back in the reply */
#define SRV2_COOKIE	0xc0c0000000002001ull
#define CLI_NODE	0xc1c1000000003000ull	/* the caller's, sent in the call */
#define CLI_COOKIE	0xc0c0000000003001ull
#define DEATH_COOKIE	0xdead00000000beefull
#define NODE_FLAGS	(FLAT_BINDER_FLAG_ACCEPTS_FDS | 0x7f)

#define CODE_SINK	0x5100	/* one object of each kind */
#define CODE_SECOND	0x5101	/* through the handle of the reply */
#define SINK_TAG	0x0123456789abcdefull
#define SG_WORD		0xfedcba9876543210ull
#define REPLY_TAG	0x1111222233334444ull
#define SECOND_TAG	0x5555666677778888ull

#define SG_TEXT		"sg buffer text"
#define FD_MSG		"fd object"
#define FDA_MSG0	"fda slot 0"
#define FDA_MSG1	"fda slot 1"
#define REPLY_MSG	"reply fd"

/* The scatter-gather buffer of the call: two fd slots (the FDA) among data. */
struct sink_sg {
	uint64_t word;
	uint32_t fds[2];
	char text[16];
};

/* The data of the call: one object of each kind, then a word. */
struct sink {
	struct flat_binder_object binder;	/* the caller's node CLI_NODE */
	struct flat_binder_object handle;	/* the callee's own node, by handle */
	struct binder_fd_object fd;		/* a pipe's read end holding FD_MSG */
	struct binder_buffer_object buf;	/* a struct sink_sg */
	struct binder_fd_array_object fda;	/* its two fd slots */
	uint64_t tag;
};

/* The index of buf in the offsets array, the FDA's parent. */
#define SINK_BUF_INDEX	3
#define SINK_SG_SIZE	((sizeof(struct sink_sg) + 7) & ~(size_t)7)

static const binder_size_t sink_offs[] = {
	offsetof(struct sink, binder), offsetof(struct sink, handle), offsetof(struct sink, fd),
	offsetof(struct sink, buf), offsetof(struct sink, fda),
};

/* The reply: a binder and an fd back, and what the callee found. */
struct sink_reply {
	struct flat_binder_object binder;	/* the callee's node SRV2_NODE */
	struct binder_fd_object fd;		/* a pipe's read end holding REPLY_MSG */
	uint64_t tag;
	uint32_t verdict;			/* sink_check() of the call */
	uint32_t pad;
};

static const binder_size_t reply_offs[] = {
	offsetof(struct sink_reply, binder), offsetof(struct sink_reply, fd),
};

/* The reply to CODE_SECOND: the target the callee saw, and its verdict. */
struct second_reply {
	uint64_t ptr;
	uint64_t cookie;
	uint32_t verdict;
	uint32_t pad;
};

/*
 * The same bytes in both widths: these structures go from one width to
 * the other unchanged, so their layout must not depend on it (the uapi's
 * 64-bit fields are 4-byte aligned in i386 structs, 8 on x86-64).
 */
_Static_assert(sizeof(struct sink) == 152, "struct sink differs between widths");
_Static_assert(sizeof(struct sink_sg) == 32, "struct sink_sg differs between widths");
_Static_assert(sizeof(struct sink_reply) == 64, "struct sink_reply differs between widths");
_Static_assert(sizeof(struct second_reply) == 24, "struct second_reply differs");

/* ---- small helpers ---- */

/* A pipe holding @msg (NUL included), both ends close-on-exec. */
static int pipe_with(int p[2], const char *msg)
{
	size_t n = strlen(msg) + 1;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	if (write(p[1], msg, n) != (ssize_t)n) {
		close(p[0]);
		close(p[1]);
		return -EIO;
	}
	return 0;
}

/* Whether @fd yields exactly @msg (NUL included) within a second. */
static bool reads_msg(int fd, const char *msg)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[64] = { 0 };
	size_t n = strlen(msg) + 1;

	if (fd < 0 || poll(&pfd, 1, 1000) <= 0)
		return false;
	return read(fd, buf, sizeof(buf)) == (ssize_t)n && !memcmp(buf, msg, n);
}

/* Whether [@addr, @addr + @len) lies in @ep's receive mapping. */
static bool in_mapping(const struct endpoint *ep, binder_uintptr_t addr, uint64_t len)
{
	uintptr_t start = (uintptr_t)ep->map;

	return addr >= start && len <= ep->map_size && addr - start <= ep->map_size - len;
}

/* Whether @l holds @cmd for node (@ptr, @cookie). */
static bool has_node_cmd(const struct retlist *l, uint32_t cmd, uint64_t ptr, uint64_t cookie)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->r[i].cmd == cmd && l->r[i].ptr_cookie.ptr == ptr &&
		    l->r[i].ptr_cookie.cookie == cookie)
			return true;
	return false;
}

/* ---- the callee ---- */

/*
 * Check a CODE_SINK call against what sink_call() sends: 0 if it arrived
 * as sent (translated for this process), else the number of the first
 * check that failed.  @sender is the caller's pid.  The fd of the FD
 * object is read and closed; those of the FDA are read (the driver closes
 * them with the buffer).
 */
static int sink_check(const struct endpoint *ep, const struct binder_transaction_data *tr,
		      pid_t sender)
{
	const struct sink *s = txn_data(tr);
	const binder_size_t *offs = txn_offsets(tr);
	const struct sink_sg *sg;

	if (tr->target.ptr != SRV_NODE || tr->cookie != SRV_NODE_COOKIE)
		return 1;
	if (tr->code != CODE_SINK || (tr->flags & TF_ONE_WAY))
		return 2;
	if (tr->sender_pid != sender || tr->sender_euid != geteuid())
		return 3;
	if (tr->data_size != sizeof(*s) || tr->offsets_size != sizeof(sink_offs))
		return 4;
	if (!in_mapping(ep, tr->data.ptr.buffer, tr->data_size) ||
	    !in_mapping(ep, tr->data.ptr.offsets, tr->offsets_size) ||
	    memcmp(offs, sink_offs, sizeof(sink_offs)))
		return 5;
	/* Our binder became a handle of the caller's node... */
	if (s->binder.hdr.type != BINDER_TYPE_HANDLE || !s->binder.handle || s->binder.cookie)
		return 6;
	/* ...and the handle of our own node came back as that node. */
	if (s->handle.hdr.type != BINDER_TYPE_BINDER || s->handle.binder != SRV_NODE ||
	    s->handle.cookie != SRV_NODE_COOKIE)
		return 7;
	if (s->fd.hdr.type != BINDER_TYPE_FD || !reads_msg((int)s->fd.fd, FD_MSG))
		return 8;
	close((int)s->fd.fd);
	if (s->buf.hdr.type != BINDER_TYPE_PTR || s->buf.length != sizeof(*sg) ||
	    !in_mapping(ep, s->buf.buffer, s->buf.length))
		return 9;
	sg = (const struct sink_sg *)(uintptr_t)s->buf.buffer;
	if (sg->word != SG_WORD || strcmp(sg->text, SG_TEXT))
		return 10;
	if (s->fda.hdr.type != BINDER_TYPE_FDA || s->fda.num_fds != 2 ||
	    s->fda.parent != SINK_BUF_INDEX ||
	    s->fda.parent_offset != offsetof(struct sink_sg, fds))
		return 11;
	if (!reads_msg((int)sg->fds[0], FDA_MSG0) || !reads_msg((int)sg->fds[1], FDA_MSG1))
		return 12;
	if (s->tag != SINK_TAG)
		return 13;
	return 0;
}

/*
 * Answer a CODE_SINK call: keep a strong reference on handle @keep (if not
 * 0), free the call, and reply with our second node and an fd (a pipe
 * holding REPLY_MSG), with @verdict.
 */
static int sink_answer(struct endpoint *ep, const struct binder_transaction_data *tr,
		       uint32_t keep, uint32_t verdict)
{
	struct sink_reply r;
	struct cmdbuf c;
	int p[2], ret;

	ret = pipe_with(p, REPLY_MSG);
	if (ret)
		return ret;
	memset(&r, 0, sizeof(r));
	r.binder = fbo_binder(BINDER_TYPE_BINDER, SRV2_NODE, SRV2_COOKIE, NODE_FLAGS);
	r.fd = fd_obj(p[0]);
	r.tag = REPLY_TAG;
	r.verdict = verdict;
	cmd_reset(&c);
	if (keep)
		cmd_ref(&c, BC_ACQUIRE, keep);
	cmd_free_buffer(&c, tr->data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, &r, sizeof(r), reply_offs, sizeof(reply_offs));
	ret = ep_write(ep, &c);
	/* The driver holds its own reference to the file from here on. */
	close(p[0]);
	close(p[1]);
	return ret;
}

/*
 * The callee's side of a pair: serve the CODE_SINK call from @sender,
 * keeping the handle of the caller's node it brings (so the driver asks
 * the caller for references), then the CODE_SECOND call (on the node the
 * reply gave out), dropping that handle again.  Returns 0 if both arrived
 * as sent, else a step number (10 + the failed check for the first call).
 * The caller learns the verdicts from the replies too.
 */
static int sink_serve(struct endpoint *ep, pid_t sender)
{
	const struct sink *s;
	struct second_reply sr;
	struct cmdbuf c;
	struct ret in;
	uint32_t cli_h;
	int verdict;

	if (ep_wait(ep, BR_TRANSACTION, &in, PAIR_TMO) != BR_TRANSACTION)
		return 1;
	verdict = sink_check(ep, &in.tr, sender);
	s = txn_data(&in.tr);
	cli_h = verdict ? 0 : s->binder.handle;
	if (sink_answer(ep, &in.tr, cli_h, verdict))
		return 2;
	if (verdict)
		return 10 + verdict;

	if (ep_wait(ep, BR_TRANSACTION, &in, PAIR_TMO) != BR_TRANSACTION)
		return 3;
	memset(&sr, 0, sizeof(sr));
	sr.ptr = in.tr.target.ptr;
	sr.cookie = in.tr.cookie;
	if (in.tr.code != CODE_SECOND || in.tr.sender_pid != sender ||
	    in.tr.data_size != sizeof(uint64_t) || in.tr.offsets_size ||
	    *(const uint64_t *)txn_data(&in.tr) != SECOND_TAG)
		sr.verdict = 1;
	else if (sr.ptr != SRV2_NODE || sr.cookie != SRV2_COOKIE)
		sr.verdict = 2;
	cmd_reset(&c);
	cmd_ref(&c, BC_RELEASE, cli_h);
	cmd_free_buffer(&c, in.tr.data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, 0, &sr, sizeof(sr), NULL, 0);
	if (ep_write(ep, &c))
		return 4;
	return sr.verdict ? 5 : 0;
}

/* ---- the caller ---- */

/* Read the outcome of a call, keeping every return in @all (refs acked). */
static int wait_reply(struct endpoint *ep, struct retlist *all, struct ret *r)
{
	return ep_read_loop(ep, 0, all, r, PAIR_TMO, true);
}

/* Check the reply to CODE_SINK; 0, or the number of what is wrong. */
static int sink_reply_check(const struct binder_transaction_data *tr, uint32_t *h2)
{
	const struct sink_reply *r = txn_data(tr);

	if (tr->data_size != sizeof(*r) || tr->offsets_size != sizeof(reply_offs) ||
	    memcmp(txn_offsets(tr), reply_offs, sizeof(reply_offs)))
		return 1;
	if (r->verdict)
		return 20 + (int)r->verdict;	/* the callee's sink_check() */
	if (r->binder.hdr.type != BINDER_TYPE_HANDLE || !r->binder.handle)
		return 2;
	if (r->fd.hdr.type != BINDER_TYPE_FD || !reads_msg((int)r->fd.fd, REPLY_MSG))
		return 3;
	close((int)r->fd.fd);
	if (r->tag != REPLY_TAG)
		return 4;
	*h2 = r->binder.handle;
	return 0;
}

/*
 * The caller's side of a pair, on handle @h of the callee's node: the
 * CODE_SINK call with one object of each kind (sink_check() tells what
 * the callee must see), whose reply must bring a working handle and fd;
 * on the way the driver must ask for references on our node with its
 * full 64-bit pointer and cookie.  Then a CODE_SECOND call through the
 * handle of the reply, after which the references on our node are given
 * back, again with the node's full identity.  Returns 0, or the failed
 * step: 1-8 here, 11-14 the reply (sink_reply_check()), 20 + n when the
 * callee's sink_check() failed at n, 30 + n its check of the second call.
 */
static int sink_call(struct endpoint *ep, uint32_t h)
{
	int pf[2] = { -1, -1 }, pa[2] = { -1, -1 }, pb[2] = { -1, -1 };
	uint64_t second = SECOND_TAG;
	struct second_reply sr;
	struct sink_sg sg;
	struct retlist all;
	struct cmdbuf c;
	struct ret r, r2;
	struct sink s;
	uint32_t h2 = 0;
	int step = 0, i;

	if (pipe_with(pf, FD_MSG) || pipe_with(pa, FDA_MSG0) || pipe_with(pb, FDA_MSG1)) {
		step = 1;
		goto out;
	}
	memset(&sg, 0, sizeof(sg));
	sg.word = SG_WORD;
	sg.fds[0] = (uint32_t)pa[0];
	sg.fds[1] = (uint32_t)pb[0];
	snprintf(sg.text, sizeof(sg.text), "%s", SG_TEXT);
	memset(&s, 0, sizeof(s));
	s.binder = fbo_binder(BINDER_TYPE_BINDER, CLI_NODE, CLI_COOKIE, NODE_FLAGS);
	s.handle = hobj(h);
	s.fd = fd_obj(pf[0]);
	s.buf = ptr_obj(&sg, sizeof(sg), 0, 0, 0);
	s.fda = fda_obj(2, SINK_BUF_INDEX, offsetof(struct sink_sg, fds));
	s.tag = SINK_TAG;

	cmd_reset(&c);
	cmd_txn_sg(&c, BC_TRANSACTION_SG, h, CODE_SINK, TF_ACCEPT_FDS, &s, sizeof(s), sink_offs,
		   sizeof(sink_offs), SINK_SG_SIZE);
	if (ep_write(ep, &c)) {
		step = 2;
		goto out;
	}
	if (wait_reply(ep, &all, &r) != BR_REPLY) {
		step = 3;
		goto out;
	}
	/* The callee holds a strong handle of our node now: asked with its 64-bit identity. */
	if (!has_node_cmd(&all, BR_INCREFS, CLI_NODE, CLI_COOKIE) ||
	    !has_node_cmd(&all, BR_ACQUIRE, CLI_NODE, CLI_COOKIE)) {
		step = 4;
	} else {
		step = sink_reply_check(&r.tr, &h2);
		if (step && step < 20)
			step += 10;
	}
	if (step) {
		ep_free(ep, &r.tr);
		goto out;
	}

	/* The reply's buffer holds a reference on h2 until it is freed. */
	if (ep_call(ep, h2, CODE_SECOND, TF_ACCEPT_FDS, &second, sizeof(second), NULL, 0, &r2,
		    PAIR_TMO) != BR_REPLY) {
		step = 5;
	} else if (r2.tr.data_size != sizeof(sr)) {
		step = 6;
		ep_free(ep, &r2.tr);
	} else {
		memcpy(&sr, txn_data(&r2.tr), sizeof(sr));
		if (sr.verdict)
			step = 30 + (int)sr.verdict;	/* the callee's check */
		else if (sr.ptr != SRV2_NODE || sr.cookie != SRV2_COOKIE)
			step = 7;
		ep_free(ep, &r2.tr);
	}
	ep_free(ep, &r.tr);
	/*
	 * The callee dropped our node's handle before that reply: the release
	 * requests wait for this (now idle) thread, with the 64-bit identity.
	 */
	if (!step && (ep_read_nb(ep, &all) ||
		      !has_node_cmd(&all, BR_RELEASE, CLI_NODE, CLI_COOKIE) ||
		      !has_node_cmd(&all, BR_DECREFS, CLI_NODE, CLI_COOKIE)))
		step = 8;
out:
	for (i = 0; i < 2; i++) {
		if (pf[i] >= 0)
			close(pf[i]);
		if (pa[i] >= 0)
			close(pa[i]);
		if (pb[i] >= 0)
			close(pb[i]);
	}
	return step;
}

/* Ask for the death of the node behind @h, with DEATH_COOKIE. */
static int death_arm(struct endpoint *ep, uint32_t h)
{
	return ep_death(ep, BC_REQUEST_DEATH_NOTIFICATION, h, DEATH_COOKIE);
}

/*
 * After the death of @h's node: BR_DEAD_BINDER with the whole cookie,
 * then clearing the notification and BC_DEAD_BINDER_DONE bring
 * BR_CLEAR_DEATH_NOTIFICATION_DONE with it.  0, or the failed step.
 */
static int death_see(struct endpoint *ep, uint32_t h)
{
	struct cmdbuf c;
	struct ret r;

	if (ep_read_until(ep, BR_DEAD_BINDER, NULL, &r, PAIR_TMO) != BR_DEAD_BINDER)
		return 1;
	if (r.cookie != DEATH_COOKIE)
		return 2;
	cmd_reset(&c);
	cmd_death(&c, BC_CLEAR_DEATH_NOTIFICATION, h, DEATH_COOKIE);
	cmd_u32(&c, BC_DEAD_BINDER_DONE);
	cmd_u64(&c, DEATH_COOKIE);
	if (ep_write(ep, &c))
		return 3;
	if (ep_read_until(ep, BR_CLEAR_DEATH_NOTIFICATION_DONE, NULL, &r, PAIR_TMO) !=
	    BR_CLEAR_DEATH_NOTIFICATION_DONE)
		return 4;
	return r.cookie == DEATH_COOKIE ? 0 : 5;
}

/* Open @dev and publish the callee's node in PAIR_SLOT; a looper. */
static int callee_open(struct endpoint *ep, const char *dev)
{
	int ret = ep_open(ep, dev, BINDER_VM_SIZE, 0);

	if (!ret)
		ret = ep_publish(ep, PAIR_SLOT, SRV_NODE, SRV_NODE_COOKIE, NODE_FLAGS);
	if (!ret)
		ret = ep_enter_looper(ep);
	return ret;
}

/* ---- the peer: the other width's build of this file ---- */

/*
 * Peer "callee": publish the node, say 0 (ready), serve sink_serve() and
 * say its result, then stay until the test closes the pipe: then exit,
 * which kills the node.  (PEER_ALARM_S ends it if the test never does.)
 */
static int peer_callee(struct peer *self, const char *dev)
{
	struct endpoint ep;
	uint64_t v;

	PEER_CHECK(callee_open(&ep, dev) == 0, 2);
	PEER_CHECK(peer_send(self, 0) == 0, 3);
	PEER_CHECK(peer_send(self, (uint64_t)sink_serve(&ep, self->pid)) == 0, 4);
	while (peer_recv(self, &v, PAIR_TMO) != -EPIPE)
		;	/* until the test closes the pipe (or the alarm) */
	return 0;
}

/*
 * Peer "caller": take the handle in PAIR_SLOT, say 0 (ready); say the
 * result of sink_call(); arm the death notification and say so; say
 * what death_see() found once the test's node is dead.
 */
static int peer_caller(struct peer *self, const char *dev)
{
	struct endpoint ep;
	uint32_t h;
	uint64_t v;

	PEER_CHECK(ep_open(&ep, dev, BINDER_VM_SIZE, 0) == 0, 2);
	PEER_CHECK(reg_get(&ep, PAIR_SLOT, false, &h) == 0, 3);
	PEER_CHECK(peer_send(self, 0) == 0, 4);
	PEER_CHECK(peer_send(self, (uint64_t)sink_call(&ep, h)) == 0, 5);
	PEER_CHECK(peer_send(self, (uint64_t)(death_arm(&ep, h) ? 1 : 0)) == 0, 6);
	PEER_CHECK(peer_send(self, (uint64_t)death_see(&ep, h)) == 0, 7);
	while (peer_recv(self, &v, PAIR_TMO) != -EPIPE)
		;
	return 0;
}

/* "compat_test --peer ROLE DEV RX TX": the peer mode of this program. */
static int peer_main(const char *role, const char *dev, const char *rx, const char *tx)
{
	struct peer self = { .pid = getppid(), .rx = atoi(rx), .tx = atoi(tx) };

	if (!strcmp(role, "callee"))
		return peer_callee(&self, dev);
	if (!strcmp(role, "caller"))
		return peer_caller(&self, dev);
	return 2;
}

struct other_args {
	const char *role;
	const char *dev;
};

/* In the child peer_start() forked: become the other width's build as a peer. */
static int exec_other_width(struct peer *self, void *arg)
{
	const struct other_args *a = arg;
	char rx[16], tx[16];

	/* The pipe ends must survive the exec. */
	if (fcntl(self->rx, F_SETFD, 0) || fcntl(self->tx, F_SETFD, 0))
		return 126;
	snprintf(rx, sizeof(rx), "%d", self->rx);
	snprintf(tx, sizeof(tx), "%d", self->tx);
	execl(OTHER_TEST, OTHER_TEST, "--peer", a->role, a->dev, rx, tx, (char *)NULL);
	return 127;
}

/* Start the other width as @role; 0 once it said it is ready. */
static int start_other(struct peer *p, const char *role, const char *dev)
{
	struct other_args a = { .role = role, .dev = dev };
	uint64_t v = ~0ull;
	int ret = peer_start(p, exec_other_width, &a);

	if (!ret)
		ret = peer_recv(p, &v, PAIR_TMO);
	return ret ? ret : (int)v;
}

/* ---- pair: raw protocol across widths ---- */

FIXTURE(pair) {
	struct registry reg;
	struct endpoint ep;	/* this process's binder process: caller or callee */
	struct peer peer;	/* the other width */
};

BINDER_VARIANTS(pair);

FIXTURE_SETUP(pair)
{
	self->ep.fd = -1;
	ASSERT_EQ(0, registry_start(&self->reg, variant->dev, BINDER_VM_SIZE));
}

FIXTURE_TEARDOWN(pair)
{
	peer_kill(&self->peer);
	ep_close(&self->ep);
	registry_stop(&self->reg);
}

/*
 * We call a callee of the other width (a 64-bit client of a 32-bit
 * service, or the reverse): objects of every kind go there as sent and
 * come back in the reply, the reply's handle works, and the callee's
 * death reaches us with our cookie.
 */
TEST_F(pair, call_other_width)
{
	uint64_t v = ~0ull;
	uint32_t h;

	NEED_OTHER_WIDTH();
	ASSERT_EQ(0, start_other(&self->peer, "callee", variant->dev));
	ASSERT_EQ(0, ep_open(&self->ep, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, reg_get(&self->ep, PAIR_SLOT, false, &h));

	EXPECT_EQ(0, sink_call(&self->ep, h));
	ASSERT_EQ(0, peer_recv(&self->peer, &v, PAIR_TMO));
	EXPECT_EQ(0, v) TH_LOG("the %d-bit callee's sink_serve() failed at %d", OTHER_BITS,
			       (int)v);

	ASSERT_EQ(0, death_arm(&self->ep, h));
	EXPECT_TRUE(ep_quiet(&self->ep));
	EXPECT_EQ(0, peer_join(&self->peer, PAIR_TMO));
	EXPECT_EQ(0, death_see(&self->ep, h));
	EXPECT_EQ(0, ep_refcmd(&self->ep, BC_RELEASE, h));
}

/* The reverse: a caller of the other width calls us, and sees us die. */
TEST_F(pair, called_by_other_width)
{
	uint64_t v = ~0ull;

	NEED_OTHER_WIDTH();
	ASSERT_EQ(0, callee_open(&self->ep, variant->dev));
	ASSERT_EQ(0, start_other(&self->peer, "caller", variant->dev));

	EXPECT_EQ(0, sink_serve(&self->ep, self->peer.pid));
	ASSERT_EQ(0, peer_recv(&self->peer, &v, PAIR_TMO));
	EXPECT_EQ(0, v) TH_LOG("the %d-bit caller's sink_call() failed at %d", OTHER_BITS, (int)v);
	ASSERT_EQ(0, peer_recv(&self->peer, &v, PAIR_TMO));
	ASSERT_EQ(0, v) TH_LOG("the %d-bit caller could not arm its death notification",
			       OTHER_BITS);

	/* Our node dies with our binder process. */
	ep_close(&self->ep);
	ASSERT_EQ(0, peer_recv(&self->peer, &v, PAIR_TMO));
	EXPECT_EQ(0, v) TH_LOG("the %d-bit caller's death_see() failed at %d", OTHER_BITS,
			       (int)v);
	EXPECT_EQ(0, peer_join(&self->peer, PAIR_TMO));
}

/* ---- tools: the programs of different widths together ---- */

#define OUT_SIZE	16384
#define RUN_TMO		10000

FIXTURE(tools) {
	struct daemon sm;
	struct daemon echo;
	char out[OUT_SIZE];
};

BINDER_VARIANTS(tools);

FIXTURE_SETUP(tools)
{
}

FIXTURE_TEARDOWN(tools)
{
	if (self->echo.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->echo, SIGTERM, 3000));
	if (self->sm.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	if (!_metadata->passed) {
		daemon_dump_log(&self->sm);
		daemon_dump_log(&self->echo);
	}
	if (self->sm.log[0])
		unlink(self->sm.log);
	if (self->echo.log[0])
		unlink(self->echo.log);
}

/* Run a tool of @dir with up to 16 arguments; its exit status, output in self->out. */
static int run_tool(FIXTURE_DATA(tools) *self, const char *dir, const char *tool,
		    char *const args[])
{
	char path[64];
	char *argv[18] = { path };
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, tool);
	for (i = 0; args[i] && i < 16; i++)
		argv[1 + i] = args[i];
	return run_capture(argv, self->out, OUT_SIZE, RUN_TMO);
}

#define RUN_IN(dir, tool, ...)	run_tool(self, dir, tool, (char *[]){ __VA_ARGS__, NULL })

/* Whether the last output holds @s; logs the output if not. */
#define EXPECT_OUT(s)								\
	EXPECT_NE(NULL, strstr(self->out, s)) TH_LOG("no \"%s\" in:\n%s", s, self->out)

/*
 * servicemanager of @sm_dir, echo-service of @svc_dir, and the clients
 * (service, echo-client) of @cli_dir on @dev: what tools_test checks of
 * each call works the same across widths, and when echo-service is
 * killed, the manager's death notification removes it.
 */
static void mixed_tools(struct __test_metadata *_metadata, FIXTURE_DATA(tools) *self,
			const char *dev, const char *sm_dir, const char *svc_dir,
			const char *cli_dir)
{
	char svc[64], log[96];
	char *echo_argv[] = { svc, "-d", (char *)dev, NULL };

	snprintf(log, sizeof(log), "/tmp/compat_test.sm.%d.log", getpid());
	ASSERT_EQ(0, start_servicemanager_in(&self->sm, sm_dir,
					     (char *[]){ "-d", (char *)dev, NULL }, log));
	snprintf(svc, sizeof(svc), "%s/echo-service", svc_dir);
	snprintf(log, sizeof(log), "/tmp/compat_test.echo.%d.log", getpid());
	ASSERT_EQ(0, daemon_start(&self->echo, echo_argv, log));
	ASSERT_TRUE(log_has(&self->echo, "registered as 'echo'", 8000));

	EXPECT_EQ(0, RUN_IN(cli_dir, "service", "-d", (char *)dev, "list"));
	EXPECT_OUT("Found 1 services:\n0\techo: [binder_ipc.IEcho]\n");
	/* Words of every width, a String16 and a C string, echoed. */
	EXPECT_EQ(0, RUN_IN(cli_dir, "service", "-d", (char *)dev, "call", "echo", "1", "i32",
			    "7", "s16", "hi", "i64", "-2", "u64", "0x8000000100000002", "str",
			    "ab"));
	EXPECT_OUT("Result: Parcel(\n"
		   "  0x00000000: 00000007 00000002 00690068 00000000 '........h.i.....'\n"
		   "  0x00000010: fffffffe ffffffff 00000002 80000001 '................'\n"
		   "  0x00000020: 00006261                            'ab..')\n");
	/* An fd the service reads, and one that comes back. */
	EXPECT_EQ(0, RUN_IN(cli_dir, "service", "-d", (char *)dev, "call", "echo", "2", "fd",
			    "/proc/version"));
	EXPECT_TRUE(log_has(&self->echo, "from the fd: \"Linux version", 2000));
	EXPECT_EQ(0, RUN_IN(cli_dir, "service", "-d", (char *)dev, "call", "echo", "1", "fd",
			    "/proc/version"));
	EXPECT_OUT("  object at 0x0000: fd ");
	/* A callback object: the service calls it while the tool waits. */
	EXPECT_EQ(0, RUN_IN(cli_dir, "service", "-d", (char *)dev, "call", "echo", "3", "cb",
			    "s16", "ping me"));
	EXPECT_OUT("Callback: code 1 from pid ");
	EXPECT_TRUE(log_has(&self->echo, "the callback answered 0", 2000));
	/* The README's example client, all three calls. */
	EXPECT_EQ(0, RUN_IN(cli_dir, "echo-client", (char *)dev));
	EXPECT_OUT("echo: sent 42 and \"hello, binder\", got back 42 and \"hello, binder\"\n");
	EXPECT_OUT("the service read ");
	EXPECT_OUT("callback: the service replied 7 (what the callback returned)\n");

	/* The manager's death notification for the service. */
	EXPECT_EQ(128 + SIGKILL, daemon_stop(&self->echo, SIGKILL, 3000));
	EXPECT_TRUE(log_has(&self->sm, "service 'echo' died", 3000));
	EXPECT_EQ(1, RUN_IN(cli_dir, "service", "-d", (char *)dev, "check", "echo"));
	EXPECT_OUT("Service echo: not found\n");
}

/*
 * Clients of this width call a service of the other width, through a
 * manager of this width (which sees the service die).
 */
TEST_F(tools, client_calls_other_width)
{
	NEED_OTHER_WIDTH();
	mixed_tools(_metadata, self, variant->dev, OWN_TOOLS, OTHER_TOOLS, OWN_TOOLS);
}

/*
 * Service and clients of this width, through a manager of the other
 * width: the handles it hands out, and the death it is told of, cross
 * widths twice.
 */
TEST_F(tools, manager_of_other_width)
{
	NEED_OTHER_WIDTH();
	mixed_tools(_metadata, self, variant->dev, OTHER_TOOLS, OWN_TOOLS, OWN_TOOLS);
}

/*
 * The harness's main(), renamed: ours first looks for the peer mode, in
 * which this program is the other width's partner of a test.
 */
#define main harness_main
TEST_HARNESS_MAIN
#undef main

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "--peer"))
		return peer_main(argv[2], argv[3], argv[4], argv[5]) & 0xff;
	return harness_main(argc, argv);
}
