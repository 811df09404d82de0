// SPDX-License-Identifier: GPL-2.0
/*
 * Observability: upstream's debugfs files and tracepoints, on our driver
 * (/sys/kernel/debug/binder_ipc/, events/binder_ipc/) and on the kernel's
 * own (/sys/kernel/debug/binder/, events/binder/), with the same
 * assertions on both:
 *
 *  - state, transactions: a call pending, then being served, as the two
 *    procs see it; nodes with their counts and holders, refs, buffers;
 *    nodes whose owner died;
 *  - stats: command, return and object counts, overall and per proc;
 *  - transaction_log, failed_transaction_log: entries, order, the ring;
 *  - proc/<pid>: there while the process has a binder fd, for all of them;
 *  - readers of every file racing with processes dying with nodes, refs,
 *    death notifications, threads and transactions in flight;
 *  - tracepoints: a call, its reply and a one-way call carrying a binder,
 *    an fd and two handles, checked field by field (pids, debug ids,
 *    handles, codes) against what the test knows and what state shows;
 *    the event formats of both drivers are the same;
 *  - binder-stats reading both drivers' files, and parsing them exactly.
 *
 * Where upstream 6.1 and 6.12 print differently (6.12 adds a transaction's
 * age and prints a buffer's offset where 6.1 prints a pointer), ours must
 * print 6.12's form and the reference driver either.
 *
 * Most tests make their procs in the test process (the world's server and
 * client share its pid) and tell them apart by what they hold; those that
 * need pids of their own use peers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"

#include "binder_world.h"
#include "spawn.h"

#define REF_DEBUGFS	"/sys/kernel/debug/binder"
#define TRACEFS		"/sys/kernel/tracing"
#define OUT_SIZE	65536

/* The world's nodes as upstream prints them: "u%016llx c%016llx". */
#define NODE_A_STR	"u00000000000a0000 c00000000000a0001"
#define NODE_B_STR	"u00000000000b0000 c00000000000b0001"
#define NODE_W_STR	"u00000000000c0000 c00000000000c0001"

/* ---- reading files ---- */

/* The whole of @path, NUL-terminated (free() it), or NULL with errno set. */
static char *slurp(const char *path)
{
	size_t len = 0, size = 65536;
	char *buf = malloc(size), *more;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !buf) {
		int err = fd < 0 ? errno : ENOMEM;

		if (fd >= 0)
			close(fd);
		free(buf);
		errno = err;
		return NULL;
	}
	for (;;) {
		if (size - len < 4096) {
			more = realloc(buf, size * 2);
			if (!more)
				break;
			buf = more;
			size *= 2;
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0) {
			if (n < 0) {
				int err = errno;

				free(buf);
				close(fd);
				errno = err;
				return NULL;
			}
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

/* @name of the variant's debugfs directory, whole. */
static char *dbg(int ours, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", ours ? OUR_DEBUGFS : REF_DEBUGFS, name);
	return slurp(path);
}

/* The line of @text that starts with @prefix (after @from, if given), or NULL. */
static const char *line_starting(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, prefix, n))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* Copy the line at @p (without its newline) into @buf. */
static const char *line_copy(const char *p, char *buf, size_t size)
{
	size_t n = strcspn(p, "\n");

	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

/* Number of lines of @text. */
static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/*
 * The block of @text that starts with "proc <pid>" and holds @needle (a
 * block ends at the next line starting with "proc " or "binder "): a
 * copy, to be freed, or NULL.  Several procs may have one pid: the world's
 * server and client are both this process.
 */
static char *proc_block(const char *text, int pid, const char *needle)
{
	char head[32];
	const char *p = text, *end;

	snprintf(head, sizeof(head), "proc %d\n", pid);
	while ((p = line_starting(p, head))) {
		end = p + strlen(head);
		while (*end && strncmp(end, "proc ", 5) && strncmp(end, "binder ", 7)) {
			end = strchr(end, '\n');
			end = end ? end + 1 : p + strlen(p);
		}
		if (!needle || memmem(p, end - p, needle, strlen(needle)))
			return strndup(p, end - p);
		p = end;
	}
	return NULL;
}

/* ---- upstream's transaction lines ---- */

/*
 * "<prefix> <id>: <ptr> from <pid>:<tid> to <pid>:<tid> code <x> flags <x>
 * pri <n> r<n>[ elapsed <n>ms][ node <n> size <n>:<n> (offset <x>|data <ptr>)]"
 */
struct txn_line {
	int id, from_pid, from_tid, to_pid, to_tid, need_reply;
	unsigned int code, flags;
	long pri;
	bool elapsed;		/* 6.12's " elapsed <n>ms" */
	bool has_buffer;	/* " node ... size ..." follows */
	int node, data_size, offsets_size;
	bool offset;		/* 6.12's " offset <x>" (else 6.1's " data <ptr>") */
};

static bool parse_txn(const char *line, const char *prefix, struct txn_line *t)
{
	size_t plen = strlen(prefix);
	int n = 0;

	memset(t, 0, sizeof(*t));
	if (strncmp(line, prefix, plen))
		return false;
	line += plen;
	if (sscanf(line, " %d: %*s from %d:%d to %d:%d code %x flags %x pri %ld r%d%n", &t->id,
		   &t->from_pid, &t->from_tid, &t->to_pid, &t->to_tid, &t->code, &t->flags,
		   &t->pri, &t->need_reply, &n) != 9 || !n)
		return false;
	line += n;
	n = 0;
	if (sscanf(line, " elapsed %*dms%n", &n) == 0 && n) {
		t->elapsed = true;
		line += n;
	}
	n = 0;
	if (sscanf(line, " node %d size %d:%d%n", &t->node, &t->data_size, &t->offsets_size,
		   &n) == 3) {
		t->has_buffer = true;
		line += n;
		n = 0;
		if (sscanf(line, " offset %*x%n", &n) == 0 && n)
			t->offset = true;
	}
	return true;
}

/* The first line of @text that parses as a transaction with @prefix and @id. */
static bool find_txn(const char *text, const char *prefix, int id, struct txn_line *t)
{
	const char *p = text;

	while ((p = line_starting(p, prefix))) {
		if (parse_txn(p, prefix, t) && t->id == id)
			return true;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return false;
}

/* The debug id of the node printed as @str ("u... c...") in @text; -1 if none. */
static int node_id(const char *text, const char *str)
{
	const char *p = text;
	char want[64];
	int id;

	snprintf(want, sizeof(want), ": %s ", str);
	while ((p = line_starting(p, "  node "))) {
		if (sscanf(p, "  node %d:", &id) == 1 &&
		    !strncmp(strchr(p, ':'), want, strlen(want)))
			return id;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return -1;
}

/*
 * The debug id of node @str of this test's process (@pid) in @text.  An
 * earlier test's process may still be in the file with a node of the same
 * ptr and cookie (upstream releases a proc from a workqueue), so only the
 * proc blocks of @pid are searched.
 */
static int my_node_id(const char *text, int pid, const char *str)
{
	char *blk = proc_block(text, pid, str);
	int id;

	if (!blk)
		return -1;
	id = node_id(blk, str);
	free(blk);
	return id;
}

/*
 * The ref line of handle @desc in @block: its debug id, node and counts;
 * @dead set if it says "dead node".  0, or -1 if there is no such line.
 */
static int ref_line(const char *block, uint32_t desc, int *id, int *node, int *s, int *w,
		    bool *dead)
{
	const char *p = block;
	unsigned int d;
	char word[8];

	while ((p = line_starting(p, "  ref "))) {
		if (sscanf(p, "  ref %d: desc %u %7s", id, &d, word) == 3 && d == desc) {
			*dead = !strcmp(word, "dead");
			if (sscanf(strstr(p, " node ") + 6, "%d s %d w %d", node, s, w) == 3)
				return 0;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return -1;
}

/* Whether %pK prints pointers (kptr_restrict 0; 1 shows them to root too). */
static bool kptr_shown(void)
{
	char *s = slurp("/proc/sys/kernel/kptr_restrict");
	bool shown = s && atoi(s) < 2;

	free(s);
	return shown;
}

/* ---- the fixture ---- */

FIXTURE(obs) {
	struct world w;
	char out[OUT_SIZE];
};

BINDER_VARIANTS(obs);

FIXTURE_SETUP(obs)
{
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link_abw(&self->w));
}

FIXTURE_TEARDOWN(obs)
{
	world_close(&self->w);
}

/* The device's name as upstream prints it ("context <name>"). */
static const char *ctx_name(const FIXTURE_VARIANT(obs) *variant)
{
	return variant->dev + strlen("/dev/");
}

/* Every file has upstream's first line; proc/<pid> is ours while we hold an fd. */
TEST_F(obs, files)
{
	static const char *const files[][2] = {
		{ "state", "binder state:\n" },
		{ "stats", "binder stats:\n" },
		{ "transactions", "binder transactions:\n" },
		{ "transaction_log", "" },
		{ "failed_transaction_log", "" },
	};
	char name[64], head[64];
	unsigned int i;
	char *s;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		s = dbg(variant->ours, files[i][0]);
		ASSERT_NE(NULL, s) TH_LOG("%s: %s", files[i][0], strerror(errno));
		EXPECT_EQ(0, strncmp(s, files[i][1], strlen(files[i][1])))
			TH_LOG("%s starts with: %.60s", files[i][0], s);
		free(s);
	}
	snprintf(name, sizeof(name), "proc/%d", getpid());
	s = dbg(variant->ours, name);
	ASSERT_NE(NULL, s) TH_LOG("%s: %s", name, strerror(errno));
	snprintf(head, sizeof(head), "binder proc state:\nproc %d\ncontext %s\n", getpid(),
		 ctx_name(variant));
	EXPECT_EQ(0, strncmp(s, head, strlen(head))) TH_LOG("%s starts with: %.80s", name, s);
	free(s);
	if (variant->ours) {
		/* Our own counters moved to "counters"; "stats" is upstream's now. */
		s = dbg(1, "counters");
		ASSERT_NE(NULL, s);
		EXPECT_NE(NULL, line_starting(s, "proc: active "));
		EXPECT_NE(NULL, line_starting(s, "page: active "));
		free(s);
	}
}

/*
 * A call waiting for the server, then being served: the caller's thread
 * has it outgoing, the server proc has it pending, then the server's
 * thread has it incoming, with its buffer; replied, it is gone.
 */
TEST_F(obs, state_call_in_flight)
{
	const pid_t pid = getpid();
	struct binder_extended_error ee;
	struct txn_line t;
	uint64_t v = 42;
	struct ret in, out;
	char *st, *srv, *cli, want[64];
	const char *b;
	int id_a, id;

	st = dbg(variant->ours, "state");
	ASSERT_NE(NULL, st);
	id_a = my_node_id(st, pid, NODE_A_STR);
	ASSERT_GT(id_a, 0) TH_LOG("no node A in:\n%s", st);
	free(st);

	ASSERT_EQ(0, ep_send(&self->w.cli, self->w.h_a, 0x77, TF_ACCEPT_FDS, &v, sizeof(v),
			     NULL, 0));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	id = (int)ee.id;
	ASSERT_GT(id, 0);

	/* Pending: in transactions and in state. */
	st = dbg(variant->ours, "transactions");
	ASSERT_NE(NULL, st);
	srv = proc_block(st, pid, "  pending transaction");
	cli = proc_block(st, pid, "    outgoing transaction");
	ASSERT_NE(NULL, srv) TH_LOG("no pending transaction in:\n%s", st);
	ASSERT_NE(NULL, cli) TH_LOG("no outgoing transaction in:\n%s", st);
	ASSERT_TRUE(find_txn(srv, "  pending transaction", id, &t)) TH_LOG("%s", srv);
	EXPECT_EQ(pid, t.from_pid);
	EXPECT_EQ(pid, t.from_tid);
	EXPECT_EQ(pid, t.to_pid);
	EXPECT_EQ(0, t.to_tid);		/* no thread took it yet */
	EXPECT_EQ(0x77, t.code);
	EXPECT_EQ(TF_ACCEPT_FDS, t.flags);
	EXPECT_EQ(1, t.need_reply);
	ASSERT_TRUE(t.has_buffer) TH_LOG("%s", srv);
	EXPECT_EQ(id_a, t.node);
	EXPECT_EQ(8, t.data_size);
	EXPECT_EQ(0, t.offsets_size);
	if (variant->ours) {
		EXPECT_TRUE(t.elapsed);
		EXPECT_TRUE(t.offset);
	}
	/* The caller's side: no buffer shown (it is in the server's memory). */
	ASSERT_TRUE(find_txn(cli, "    outgoing transaction", id, &t)) TH_LOG("%s", cli);
	EXPECT_FALSE(t.has_buffer);
	EXPECT_EQ(0x77, t.code);
	free(srv);
	free(cli);
	free(st);

	/* Being served: incoming on the server's thread, its buffer active. */
	ASSERT_EQ(BR_TRANSACTION, srv_next(&self->w, &in));
	st = dbg(variant->ours, "state");
	ASSERT_NE(NULL, st);
	srv = proc_block(st, pid, "    incoming transaction");
	ASSERT_NE(NULL, srv) TH_LOG("%s", st);
	ASSERT_TRUE(find_txn(srv, "    incoming transaction", id, &t)) TH_LOG("%s", srv);
	EXPECT_EQ(pid, t.to_pid);
	EXPECT_EQ(pid, t.to_tid);
	ASSERT_TRUE(t.has_buffer);
	EXPECT_EQ(id_a, t.node);
	snprintf(want, sizeof(want), "  buffer %d: ", id);
	b = line_starting(srv, want);
	ASSERT_NE(NULL, b) TH_LOG("no \"%s\" in:\n%s", want, srv);
	EXPECT_NE(NULL, strstr(line_copy(b, want, sizeof(want)), " size 8:0:0 active"))
		TH_LOG("%s", want);
	free(srv);
	free(st);

	/* Replied and read: nothing of it is left in flight. */
	ASSERT_EQ(0, ep_reply(&self->w.srv, &in.tr, 0, &v, sizeof(v), NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_read_until(&self->w.cli, 0, NULL, &out, BT_TMO));
	ASSERT_EQ(0, ep_free(&self->w.cli, &out.tr));
	st = dbg(variant->ours, "transactions");
	ASSERT_NE(NULL, st);
	snprintf(want, sizeof(want), " transaction %d: ", id);
	EXPECT_EQ(NULL, strstr(st, want)) TH_LOG("still in flight:\n%s", st);
	free(st);
}

/*
 * Nodes with their counts and holders, refs with theirs; once the owner
 * is gone, its nodes are listed as dead nodes and the refs say so.
 */
TEST_F(obs, state_nodes_refs)
{
	int id_a, id_b, id_w, rid, node, s, w;
	const pid_t pid = getpid();
	char *st, *srv, *cli, want[160];
	const char *p;
	bool dead;

	/* A death notification shows as a non-null "d". */
	ASSERT_EQ(0, ep_death(&self->w.cli, BC_REQUEST_DEATH_NOTIFICATION, self->w.h_b, 0xdead));
	st = dbg(variant->ours, "state");
	ASSERT_NE(NULL, st);
	srv = proc_block(st, pid, NODE_A_STR);
	cli = proc_block(st, pid, "  ref ");
	ASSERT_NE(NULL, srv) TH_LOG("%s", st);
	ASSERT_NE(NULL, cli) TH_LOG("%s", st);
	id_a = node_id(srv, NODE_A_STR);
	id_b = node_id(srv, NODE_B_STR);
	id_w = node_id(srv, NODE_W_STR);
	ASSERT_GT(id_a, 0);
	ASSERT_GT(id_b, 0);
	ASSERT_GT(id_w, 0);

	/*
	 * A: strong refs of the registry and the client, so is 2 and iw 2,
	 * and the owner was told (hs 1 hw 1); tr 1 is the printer's own pin.
	 * W: strong from the registry, weak from the client.
	 */
	snprintf(want, sizeof(want), "  node %d: %s hs 1 hw 1 ls 0 lw 0 is 2 iw 2 tr 1 proc ", id_a,
		 NODE_A_STR);
	p = line_starting(srv, want);
	ASSERT_NE(NULL, p) TH_LOG("no \"%s\" in:\n%s", want, srv);
	snprintf(want, sizeof(want), " %d", self->w.reg.p.pid);
	EXPECT_NE(NULL, strstr(line_copy(p, self->out, 256), want)) TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "  node %d: %s hs 1 hw 1 ls 0 lw 0 is 1 iw 2 tr 1 proc ", id_w,
		 NODE_W_STR);
	EXPECT_NE(NULL, line_starting(srv, want)) TH_LOG("no \"%s\" in:\n%s", want, srv);

	ASSERT_EQ(0, ref_line(cli, self->w.h_a, &rid, &node, &s, &w, &dead)) TH_LOG("%s", cli);
	EXPECT_GT(rid, 0);
	EXPECT_EQ(id_a, node);
	EXPECT_EQ(1, s);
	EXPECT_EQ(0, w);
	EXPECT_FALSE(dead);
	snprintf(want, sizeof(want), "  ref %d: desc %u node %d s 1 w 0 d 0000000000000000\n", rid,
		 self->w.h_a, id_a);
	EXPECT_NE(NULL, line_starting(cli, want)) TH_LOG("no \"%s\" in:\n%s", want, cli);
	ASSERT_EQ(0, ref_line(cli, self->w.h_w, &rid, &node, &s, &w, &dead));
	EXPECT_EQ(id_w, node);
	EXPECT_EQ(0, s);
	EXPECT_EQ(1, w);
	ASSERT_EQ(0, ref_line(cli, self->w.h_b, &rid, &node, &s, &w, &dead));
	snprintf(want, sizeof(want), "  ref %d: desc %u node %d s 1 w 0 d ", rid, self->w.h_b,
		 id_b);
	EXPECT_NE(NULL, line_starting(cli, want)) TH_LOG("no \"%s\" in:\n%s", want, cli);
	/* %pK: the pointer (hashed) unless kptr_restrict hides it. */
	if (kptr_shown()) {
		strcat(want, "0000000000000000");
		EXPECT_EQ(NULL, line_starting(cli, want)) TH_LOG("death not shown:\n%s", cli);
	}
	free(srv);
	free(cli);
	free(st);

	/* The owner goes: dead nodes first, and the refs name them dead. */
	ep_close(&self->w.srv);
	snprintf(want, sizeof(want), "  node %d: %s ", id_a, NODE_A_STR);
	for (int i = 0; i < 200; i++) {
		const char *procs, *a;

		st = dbg(variant->ours, "state");
		ASSERT_NE(NULL, st);
		/* Node A in the dead nodes, not still in its owner's block. */
		procs = line_starting(st, "proc ");
		a = line_starting(st, want);
		if (!strncmp(st, "binder state:\ndead nodes:\n", 26) && a && (!procs || a < procs))
			break;
		free(st);
		st = NULL;
		usleep(10 * 1000);	/* upstream releases from a workqueue */
	}
	ASSERT_NE(NULL, st) TH_LOG("node A never listed as dead");
	cli = proc_block(st, pid, "  ref ");
	ASSERT_NE(NULL, cli) TH_LOG("%s", st);
	ASSERT_EQ(0, ref_line(cli, self->w.h_a, &rid, &node, &s, &w, &dead)) TH_LOG("%s", cli);
	EXPECT_TRUE(dead);
	EXPECT_EQ(id_a, node);
	/* The dead node's line: no owner is told anything any more, refs stay. */
	p = line_starting(st, want);
	EXPECT_NE(NULL, strstr(line_copy(p, self->out, 256), " is 2 iw 2 "))
		TH_LOG("%s", self->out);
	free(cli);
	free(st);
	if (variant->ours) {
		snprintf(want, sizeof(want), "node %d owner %d refs 2 ", id_a, pid);
		st = dbg(1, "dead_nodes");
		ASSERT_NE(NULL, st);
		EXPECT_NE(NULL, line_starting(st, want)) TH_LOG("no \"%s\" in:\n%s", want, st);
		free(st);
	}
}

/* ---- stats: counts per proc and overall ---- */

struct caller_args {
	const char *dev;
	int calls;
};

/* A peer that makes @calls calls to node A (slot 0), then waits for EOF. */
static int caller_main(struct peer *self, void *arg)
{
	const struct caller_args *a = arg;
	struct endpoint ep;
	uint64_t v = 1, done;
	struct ret r;
	uint32_t h;
	int i;

	PEER_CHECK(!ep_open(&ep, a->dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!reg_get(&ep, 0, false, &h), 2);
	for (i = 0; i < a->calls; i++) {
		PEER_CHECK(ep_call(&ep, h, 0x55, 0, &v, sizeof(v), NULL, 0, &r, 5000) == BR_REPLY,
			   3);
		PEER_CHECK(!ep_free(&ep, &r.tr), 4);
	}
	peer_send(self, 1);
	peer_recv(self, &done, PEER_ALARM_S * 1000);
	ep_close(&ep);
	return 0;
}

/* "<prefix><name>: <n>" in @text; 0 when absent (upstream omits zeros). */
static long stat_count(const char *text, const char *prefix, const char *name)
{
	char want[96];
	const char *p;
	long n;

	snprintf(want, sizeof(want), "%s%s: ", prefix, name);
	p = line_starting(text, want);
	if (!p || sscanf(p + strlen(want), "%ld", &n) != 1)
		return 0;
	return n;
}

TEST_F(obs, stats)
{
	struct caller_args a = { .dev = variant->dev, .calls = 3 };
	long bc_before, br_before, active, total;
	char *before, *after, *blk, want[64];
	struct ret in;
	uint64_t v;
	const char *p;
	int i, ok = 0;

	before = dbg(variant->ours, "stats");
	ASSERT_NE(NULL, before);
	bc_before = stat_count(before, "", "BC_TRANSACTION");
	br_before = stat_count(before, "", "BR_REPLY");
	free(before);

	ASSERT_EQ(0, peer_start(&self->w.peer, caller_main, &a));
	for (i = 0; i < a.calls; i++) {
		ASSERT_EQ(BR_TRANSACTION, srv_next(&self->w, &in));
		ASSERT_EQ(0, ep_reply(&self->w.srv, &in.tr, 0, &v, sizeof(v), NULL, 0));
	}
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));

	after = dbg(variant->ours, "stats");
	ASSERT_NE(NULL, after);
	/* The peer sent the only transactions: a registry lookup and its calls. */
	EXPECT_EQ(bc_before + 1 + a.calls, stat_count(after, "", "BC_TRANSACTION"));
	EXPECT_EQ(br_before + 1 + a.calls, stat_count(after, "", "BR_REPLY"));
	p = line_starting(after, "proc: active ");
	ASSERT_NE(NULL, p) TH_LOG("%s", after);
	ASSERT_EQ(2, sscanf(p, "proc: active %ld total %ld", &active, &total));
	EXPECT_GE(active, 4);		/* registry, server, client, peer */
	EXPECT_GE(total, active);
	/* The server never reads the completions of its replies: some are active. */
	EXPECT_NE(NULL, line_starting(after, "transaction_complete: active "));

	blk = proc_block(after, self->w.peer.pid, NULL);
	ASSERT_NE(NULL, blk) TH_LOG("no proc %d in:\n%s", self->w.peer.pid, after);
	snprintf(want, sizeof(want), "proc %d\ncontext %s\n  threads: 1\n", self->w.peer.pid,
		 ctx_name(variant));
	EXPECT_EQ(0, strncmp(blk, want, strlen(want))) TH_LOG("%s", blk);
	EXPECT_NE(NULL, strstr(blk, "\n  requested threads: 0+0/0\n  ready threads 0\n"))
		TH_LOG("%s", blk);
	EXPECT_NE(NULL, strstr(blk, "\n  nodes: 0\n  refs: 1 s 1 w 0\n  buffers: 0\n"))
		TH_LOG("%s", blk);
	EXPECT_NE(NULL, strstr(blk, "\n  pending transactions: 0\n")) TH_LOG("%s", blk);
	p = line_starting(blk, "  pages: ");
	if (p) {
		long act, lru, absent;

		ok = sscanf(p, "  pages: %ld:%ld:%ld", &act, &lru, &absent) == 3 &&
		     act == 0 && lru >= 1 && act + lru + absent == BINDER_VM_SIZE / 4096;
	}
	EXPECT_TRUE(ok) TH_LOG("%s", blk);
	EXPECT_EQ(1 + a.calls, stat_count(blk, "  ", "BC_TRANSACTION"));
	EXPECT_EQ(1 + a.calls, stat_count(blk, "  ", "BC_FREE_BUFFER"));
	EXPECT_EQ(1, stat_count(blk, "  ", "BC_ACQUIRE"));
	EXPECT_EQ(1 + a.calls, stat_count(blk, "  ", "BR_REPLY"));
	EXPECT_EQ(1 + a.calls, stat_count(blk, "  ", "BR_TRANSACTION_COMPLETE"));
	EXPECT_EQ(0, stat_count(blk, "  ", "BR_TRANSACTION"));
	free(blk);
	free(after);
	EXPECT_EQ(0, peer_join(&self->w.peer, 3000));
}

/* ---- the transaction logs ---- */

/* A call from the client to node A, served and read; its debug id in *@id. */
static int call_a(struct world *w, int *id)
{
	struct binder_extended_error ee;
	struct ret in, out;
	uint64_t v = 5;

	if (ep_send(&w->cli, w->h_a, 0x77, 0, &v, sizeof(v), NULL, 0) || ep_get_ee(&w->cli, &ee))
		return 1;
	*id = (int)ee.id;
	if (srv_next(w, &in) != BR_TRANSACTION || ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0))
		return 2;
	if (ep_read_until(&w->cli, 0, NULL, &out, BT_TMO) != BR_REPLY || ep_free(&w->cli, &out.tr))
		return 3;
	return 0;
}

/* The log line of transaction @id in @log, or NULL. */
static const char *log_line(const char *log, int id)
{
	char want[24];

	snprintf(want, sizeof(want), "%d: ", id);
	return line_starting(log, want);
}

TEST_F(obs, transaction_logs)
{
	const char *ctx = ctx_name(variant);
	struct binder_extended_error ee;
	int call_id, reply_id, bad_id, ow_id, prev, id, last = 0, i;
	char want[192], line[256];
	struct ret in, out;
	const char *p;
	uint64_t v = 7;
	char *log;
	int id_a;

	log = dbg(variant->ours, "state");
	ASSERT_NE(NULL, log);
	id_a = my_node_id(log, getpid(), NODE_A_STR);
	free(log);

	/* A call and its reply. */
	ASSERT_EQ(0, ep_send(&self->w.cli, self->w.h_a, 0x77, 0, &v, sizeof(v), NULL, 0));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	call_id = (int)ee.id;
	ASSERT_EQ(BR_TRANSACTION, srv_next(&self->w, &in));
	ASSERT_EQ(0, ep_reply(&self->w.srv, &in.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(0, ep_get_ee(&self->w.srv, &ee));
	reply_id = (int)ee.id;
	ASSERT_EQ(BR_REPLY, ep_read_until(&self->w.cli, 0, NULL, &out, BT_TMO));
	ASSERT_EQ(0, ep_free(&self->w.cli, &out.tr));
	/* A one-way call, and a call to a handle that does not exist. */
	ASSERT_EQ(0, ep_send(&self->w.cli, self->w.h_a, 0x78, TF_ONE_WAY, &v, 4, NULL, 0));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	ow_id = (int)ee.id;
	ASSERT_EQ(BR_TRANSACTION, srv_next(&self->w, &in));
	ASSERT_EQ(0, ep_free(&self->w.srv, &in.tr));
	ASSERT_EQ(0, ep_send(&self->w.cli, 999, 0x79, 0, &v, sizeof(v), NULL, 0));
	ASSERT_EQ(BR_FAILED_REPLY, ep_wait(&self->w.cli, 0, &out, BT_TMO));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	bad_id = (int)ee.id;

	log = dbg(variant->ours, "transaction_log");
	ASSERT_NE(NULL, log);
	p = log_line(log, call_id);
	ASSERT_NE(NULL, p) TH_LOG("no %d in:\n%s", call_id, log);
	snprintf(want, sizeof(want),
		 "%d: call  from %d:%d to %d:0 context %s node %d handle %u size 8:0 ret 0/0 l=",
		 call_id, getpid(), getpid(), getpid(), ctx, id_a, self->w.h_a);
	EXPECT_EQ(0, strncmp(p, want, strlen(want))) TH_LOG("%s\nnot %s", line_copy(p, line,
							     sizeof(line)), want);
	p = log_line(log, reply_id);
	ASSERT_NE(NULL, p) TH_LOG("no %d in:\n%s", reply_id, log);
	snprintf(want, sizeof(want),
		 "%d: reply from %d:%d to %d:%d context %s node 0 handle 0 size 0:0 ret 0/0 l=",
		 reply_id, getpid(), getpid(), getpid(), getpid(), ctx);
	EXPECT_EQ(0, strncmp(p, want, strlen(want))) TH_LOG("%s\nnot %s", line_copy(p, line,
							     sizeof(line)), want);
	p = log_line(log, ow_id);
	ASSERT_NE(NULL, p);
	snprintf(want, sizeof(want), "%d: async from %d:%d to %d:0 context %s node %d handle %u "
		 "size 4:0 ret 0/0 l=", ow_id, getpid(), getpid(), getpid(), ctx, id_a,
		 self->w.h_a);
	EXPECT_EQ(0, strncmp(p, want, strlen(want))) TH_LOG("%s\nnot %s", line_copy(p, line,
							     sizeof(line)), want);
	/* The failed one: no target, BR_FAILED_REPLY/-EINVAL; ours has no line number. */
	p = log_line(log, bad_id);
	ASSERT_NE(NULL, p);
	snprintf(want, sizeof(want), "%d: call  from %d:%d to 0:0 context %s node 0 handle 999 "
		 "size 8:0 ret %d/%d l=%s", bad_id, getpid(), getpid(), ctx, (int)BR_FAILED_REPLY,
		 -EINVAL, variant->ours ? "0\n" : "");
	EXPECT_EQ(0, strncmp(p, want, strlen(want))) TH_LOG("%s\nnot %s", line_copy(p, line,
							     sizeof(line)), want);
	free(log);
	log = dbg(variant->ours, "failed_transaction_log");
	ASSERT_NE(NULL, log);
	p = log_line(log, bad_id);
	ASSERT_NE(NULL, p) TH_LOG("no %d in:\n%s", bad_id, log);
	EXPECT_EQ(0, strncmp(p, want, strlen(want)));
	EXPECT_EQ(NULL, log_line(log, call_id));
	free(log);

	/* The ring: 20 more round trips leave the last 32 entries, oldest first. */
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, call_a(&self->w, &last));
	log = dbg(variant->ours, "transaction_log");
	ASSERT_NE(NULL, log);
	EXPECT_EQ(32, count_lines(log));
	EXPECT_EQ(NULL, log_line(log, call_id));
	prev = 0;
	for (p = log; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		ASSERT_EQ(1, sscanf(p, "%d:", &id));
		EXPECT_GT(id, prev);
		prev = id;
		EXPECT_NE(NULL, strstr(line_copy(p, line, sizeof(line)), " ret 0/0 ")) TH_LOG("%s",
											 line);
	}
	/* The last call's reply came last. */
	EXPECT_EQ(0, strncmp(strstr(line, ": "), ": reply ", 8)) TH_LOG("%s", line);
	EXPECT_GT(prev, last);
	free(log);
}

/* ---- proc/<pid> ---- */

struct opener_args {
	const char *dev, *dev2;
};

/*
 * A peer that opens @dev, then @dev2, then closes the first, then the
 * second, one step per message from the test (reported back after each).
 */
static int opener_main(struct peer *self, void *arg)
{
	const struct opener_args *a = arg;
	int fd1, fd2 = -1;
	uint64_t v;

	fd1 = open(a->dev, O_RDWR | O_CLOEXEC);
	PEER_CHECK(fd1 >= 0, 1);
	peer_send(self, 1);
	PEER_CHECK(!peer_recv(self, &v, 10000), 2);
	fd2 = open(a->dev2, O_RDWR | O_CLOEXEC);
	PEER_CHECK(fd2 >= 0, 3);
	peer_send(self, 2);
	PEER_CHECK(!peer_recv(self, &v, 10000), 4);
	close(fd1);
	peer_send(self, 3);
	PEER_CHECK(!peer_recv(self, &v, 10000), 5);
	close(fd2);
	peer_send(self, 4);
	peer_recv(self, &v, 10000);
	return 0;
}

/* proc/@pid of the variant, waited for up to 3 s; its text, or NULL. */
static char *proc_file(int ours, pid_t pid)
{
	char name[64];
	char *s;
	int i;

	snprintf(name, sizeof(name), "proc/%d", pid);
	for (i = 0; i < 300; i++) {
		s = dbg(ours, name);
		if (s)
			return s;
		usleep(10 * 1000);
	}
	return NULL;
}

/* Whether proc/@pid goes within 3 s (upstream releases from a workqueue). */
static bool proc_file_gone(int ours, pid_t pid)
{
	char path[128];
	int i;

	snprintf(path, sizeof(path), "%s/proc/%d", ours ? OUR_DEBUGFS : REF_DEBUGFS, pid);
	for (i = 0; i < 300; i++) {
		if (access(path, F_OK) && errno == ENOENT)
			return true;
		usleep(10 * 1000);
	}
	return false;
}

TEST_F(obs, proc_file)
{
	struct opener_args a = { .dev = variant->dev, .dev2 = variant->dev2 };
	char head[64], want[160];
	uint64_t v;
	pid_t pid;
	char *s;

	ASSERT_EQ(0, peer_start(&self->w.peer, opener_main, &a));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));
	pid = self->w.peer.pid;

	snprintf(head, sizeof(head), "binder proc state:\nproc %d\ncontext ", pid);
	s = proc_file(variant->ours, pid);
	ASSERT_NE(NULL, s) TH_LOG("no proc/%d", pid);
	snprintf(want, sizeof(want), "%s%s\n", head, ctx_name(variant));
	EXPECT_STREQ(want, s);		/* a proc with nothing yet: just its name */
	free(s);

	/* One file for all of a process's fds, of any device. */
	ASSERT_EQ(0, peer_send(&self->w.peer, 1));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));
	s = proc_file(variant->ours, pid);
	ASSERT_NE(NULL, s);
	snprintf(want, sizeof(want), "%s%s\n", head, variant->dev2 + 5);
	EXPECT_NE(NULL, strstr(s, want)) TH_LOG("%s", s);
	snprintf(want, sizeof(want), "%s%s\n", head, ctx_name(variant));
	EXPECT_NE(NULL, strstr(s, want)) TH_LOG("%s", s);
	free(s);

	/*
	 * The first fd closes.  Ours keeps the file for the other fd, which
	 * it still shows; upstream removes it with the fd that created it
	 * (a known quirk we do not copy), so only ours is checked here.
	 */
	ASSERT_EQ(0, peer_send(&self->w.peer, 2));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));
	if (variant->ours) {
		usleep(50 * 1000);
		s = proc_file(1, pid);
		ASSERT_NE(NULL, s);
		snprintf(want, sizeof(want), "%s%s\n", head, variant->dev2 + 5);
		EXPECT_STREQ(want, s);
		free(s);
	}

	/* The last fd closes: the file goes. */
	ASSERT_EQ(0, peer_send(&self->w.peer, 3));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));
	EXPECT_TRUE(proc_file_gone(variant->ours, pid));
	EXPECT_EQ(0, peer_join(&self->w.peer, 3000));
}

/* ---- readers while processes die ---- */

#define CHURN_SLOT	3
#define CHURN_NODE	0x7770ull

struct churn_args {
	const char *dev;
};

struct victim_looper {
	pthread_t thread;
	struct endpoint *ep;
	bool leaves;	/* BINDER_THREAD_EXIT after its first read */
};

/* A looper thread of a victim server; one of them leaves early. */
static void *victim_looper_main(void *arg)
{
	struct victim_looper *lp = arg;
	struct retlist l;

	ep_enter_looper(lp->ep);
	for (;;) {
		if (ep_xfer(lp->ep, NULL, &l))
			usleep(1000);
		else
			ep_ack_refs(lp->ep, &l);
		if (lp->leaves) {
			/* A thread dies while its proc lives on. */
			xioctl(lp->ep->fd, BINDER_THREAD_EXIT, NULL);
			return NULL;
		}
	}
}

/*
 * A server that takes what comes and never lets go: calls stay unanswered
 * (transactions in flight), one-way buffers unfreed, until it is killed.
 */
static int victim_server_main(struct peer *self, void *arg)
{
	const struct churn_args *a = arg;
	struct victim_looper lp[2];
	struct endpoint ep;
	struct retlist l;
	int i;

	PEER_CHECK(!ep_open(&ep, a->dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!ep_enter_looper(&ep), 2);
	PEER_CHECK(!ep_publish(&ep, CHURN_SLOT, CHURN_NODE, CHURN_NODE + 1,
			       FLAT_BINDER_FLAG_ACCEPTS_FDS | 0x7f), 3);
	for (i = 0; i < 2; i++) {
		lp[i].ep = &ep;
		lp[i].leaves = i == 1;
		PEER_CHECK(!pthread_create(&lp[i].thread, NULL, victim_looper_main, &lp[i]), 4);
	}
	peer_send(self, 1);
	for (;;) {
		if (ep_xfer(&ep, NULL, &l))
			continue;
		ep_ack_refs(&ep, &l);
	}
}

/* A client that holds a ref with a death notification and calls into the server. */
static int victim_client_main(struct peer *self, void *arg)
{
	const struct churn_args *a = arg;
	binder_size_t offs[2] = { 0, sizeof(struct flat_binder_object) };
	struct flat_binder_object objs[2];
	struct endpoint ep;
	struct retlist l;
	uint64_t v = 3;
	int pfd[2];
	uint32_t h;

	PEER_CHECK(!ep_open(&ep, a->dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!reg_get(&ep, CHURN_SLOT, false, &h), 2);
	PEER_CHECK(!ep_death(&ep, BC_REQUEST_DEATH_NOTIFICATION, h, 0xd1e), 3);
	PEER_CHECK(!pipe2(pfd, O_CLOEXEC), 4);
	objs[0] = fbo_binder(BINDER_TYPE_BINDER, 0x8880, 0x8881, 0);
	objs[1] = fbo_fd(pfd[0], 0);
	PEER_CHECK(!ep_send(&ep, h, 1, TF_ONE_WAY, objs, sizeof(objs), offs, sizeof(offs)), 5);
	PEER_CHECK(!ep_send(&ep, h, 2, TF_ACCEPT_FDS, &v, sizeof(v), NULL, 0), 6);
	peer_send(self, 1);
	for (;;) {
		if (!ep_xfer(&ep, NULL, &l))
			ep_ack_refs(&ep, &l);
	}
}

struct reader {
	pthread_t thread;
	int ours;
	volatile int *stop;
	long reads;
	int errors;
	char what[600];
};

/* Read one file whole; a proc/ file may vanish meanwhile (ENOENT, EIO). */
static void reader_one(struct reader *r, const char *path, bool may_vanish, const char *head)
{
	char *s = slurp(path);

	if (!s) {
		if (may_vanish && (errno == ENOENT || errno == EIO))
			return;
		if (!r->errors++)
			snprintf(r->what, sizeof(r->what), "%s: %s", path, strerror(errno));
		return;
	}
	if (head && strncmp(s, head, strlen(head)) && !r->errors++)
		snprintf(r->what, sizeof(r->what), "%s starts with %.40s", path, s);
	r->reads++;
	free(s);
}

static void *reader_main(void *arg)
{
	static const char *const files[][2] = {
		{ "state", "binder state:\n" }, { "stats", "binder stats:\n" },
		{ "transactions", "binder transactions:\n" }, { "transaction_log", NULL },
		{ "failed_transaction_log", NULL }, { "counters", NULL }, { "procs", NULL },
		{ "dead_nodes", NULL },
	};
	struct reader *r = arg;
	const char *dir = r->ours ? OUR_DEBUGFS : REF_DEBUGFS;
	char path[600], procdir[64];
	unsigned int i, nfiles = r->ours ? ARRAY_SIZE(files) : 5;
	struct dirent *e;
	DIR *d;

	snprintf(procdir, sizeof(procdir), "%s/proc", dir);
	while (!*r->stop) {
		for (i = 0; i < nfiles; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
			reader_one(r, path, false, files[i][1]);
		}
		d = opendir(procdir);
		if (!d) {
			if (!r->errors++)
				snprintf(r->what, sizeof(r->what), "%s: %s", procdir,
					 strerror(errno));
			continue;
		}
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", procdir, e->d_name);
			reader_one(r, path, true, "binder proc state:\n");
		}
		closedir(d);
	}
	return NULL;
}

/* The taint bits that mean a splat: B (bad page, KASAN), D (died), W (warned). */
static long splat_taint(void)
{
	char *s = slurp("/proc/sys/kernel/tainted");
	long t = s ? atol(s) : 0;

	free(s);
	return t & (32 | 128 | 512);
}

/*
 * Readers of every file (and every proc/<pid>) in a loop, while rounds of
 * victims come and go: a server with looper threads (some exiting) that
 * holds a call unanswered and a one-way buffer unfreed, a client with a
 * ref, a death notification, a one-way call carrying a binder and an fd
 * and a sync call in flight.  Each round kills them in turn, so their
 * nodes die (the registry keeps a ref: a dead node, freed when the next
 * round replaces it) under the readers' feet.  Any read error, a splat or
 * a leaked object fails the test.
 */
TEST_F_TIMEOUT(obs, readers_while_procs_die, 120)
{
	struct churn_args a = { .dev = variant->dev };
	struct reader r[2] = { { 0 } };
	volatile int stop = 0;
	struct our_counts before;
	struct peer srv, cli;
	long taint = splat_taint(), end;
	int rounds = 0, i, ret;
	uint64_t v;

	if (variant->ours)
		our_counts(&before);
	for (i = 0; i < 2; i++) {
		r[i].ours = variant->ours;
		r[i].stop = &stop;
		ASSERT_EQ(0, pthread_create(&r[i].thread, NULL, reader_main, &r[i]));
	}
	end = now_ms() + 4000;
	while (now_ms() < end || rounds < 4) {
		ret = peer_start(&srv, victim_server_main, &a);
		if (!ret)
			ret = peer_recv(&srv, &v, 10000);
		if (ret)
			break;
		ret = peer_start(&cli, victim_client_main, &a);
		if (!ret)
			ret = peer_recv(&cli, &v, 10000);
		if (ret) {
			peer_kill(&srv);
			break;
		}
		usleep((rounds % 4) * 10 * 1000);
		/* Alternate who dies first: the caller, or the callee. */
		if (rounds & 1) {
			peer_kill(&srv);
			peer_kill(&cli);
		} else {
			peer_kill(&cli);
			peer_kill(&srv);
		}
		rounds++;
	}
	stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(r[i].thread, NULL);
	ASSERT_EQ(0, ret) TH_LOG("round %d could not start its victims", rounds);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(0, r[i].errors) TH_LOG("reader %d: %s", i, r[i].what);
		EXPECT_GT(r[i].reads, 0);
	}
	TH_LOG("%d rounds, %ld and %ld reads", rounds, r[0].reads, r[1].reads);
	EXPECT_EQ(taint, splat_taint()) TH_LOG("the kernel was tainted meanwhile");
	/* The registry lets go of the last dead node: everything is back. */
	ASSERT_EQ(0, ep_publish(&self->w.srv, CHURN_SLOT, NODE_A, COOKIE_A, 0x7f));
	if (variant->ours)
		EXPECT_TRUE(our_counts_settle(&before, 5000));
}

/* ---- tracepoints ---- */

#define TSRV_NODE	0x5150ull
#define TSRV_COOKIE	0x5151ull
#define TCLI_NODE	0x4440ull
#define TSRV_SLOT	4

/* What the trace server saw of the one-way call's objects. */
enum { TS_DESC, TS_FD, TS_PTR, TS_DESC2, TS_N };

static int trace_server_main(struct peer *self, void *arg)
{
	const char *dev = arg;
	uint64_t v = 0x1234, got[TS_N];
	struct endpoint ep;
	struct cmdbuf c;
	struct ret in;
	int i;

	PEER_CHECK(!ep_open(&ep, dev, BINDER_VM_SIZE, 0), 1);
	PEER_CHECK(!ep_enter_looper(&ep), 2);
	PEER_CHECK(!ep_publish(&ep, TSRV_SLOT, TSRV_NODE, TSRV_COOKIE,
			       FLAT_BINDER_FLAG_ACCEPTS_FDS | 0x7f), 3);
	peer_send(self, 0);
	/* The call: answer it. */
	PEER_CHECK(ep_wait(&ep, BR_TRANSACTION, &in, 10000) == BR_TRANSACTION, 4);
	PEER_CHECK(!ep_reply(&ep, &in.tr, 0, &v, sizeof(v), NULL, 0), 5);
	/* The one-way call: report its objects, as they arrived. */
	PEER_CHECK(ep_wait(&ep, BR_TRANSACTION, &in, 10000) == BR_TRANSACTION, 6);
	PEER_CHECK(in.tr.offsets_size == 4 * sizeof(binder_size_t), 7);
	got[TS_DESC] = txn_obj(&in.tr, 0)->handle;
	got[TS_FD] = ((const struct binder_fd_object *)txn_obj(&in.tr, 1))->fd;
	got[TS_PTR] = txn_obj(&in.tr, 2)->binder;
	got[TS_DESC2] = txn_obj(&in.tr, 3)->handle;
	/*
	 * The handles are kept (they would go with the buffer), and the
	 * buffer freed before reporting: its pages are on the LRU when the
	 * test looks.
	 */
	cmd_reset(&c);
	cmd_ref(&c, BC_ACQUIRE, (uint32_t)got[TS_DESC]);
	cmd_ref(&c, BC_ACQUIRE, (uint32_t)got[TS_DESC2]);
	cmd_free_buffer(&c, in.tr.data.ptr.buffer);
	PEER_CHECK(!ep_write(&ep, &c), 8);
	for (i = 0; i < TS_N; i++)
		peer_send(self, got[i]);
	/* Keep the procs alive for the test to read state, until told. */
	for (i = 0; i < 2; i++)
		if (peer_recv(self, &v, 15000))
			break;
	ep_close(&ep);
	return 0;
}

/* tracefs, mounted if it is not yet; false if the kernel has none. */
static bool tracefs_ready(void)
{
	struct stat st;

	if (!stat(TRACEFS "/events", &st))
		return true;
	mount("nodev", TRACEFS, "tracefs", 0, NULL);
	return !stat(TRACEFS "/events", &st);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* One event of the trace: who emitted it, its name, its printed fields. */
struct tev {
	int pid;
	char name[64];
	const char *args;	/* up to the end of the line */
};

/*
 * The next event line of @text from *@pos on: "<comm>-<pid> [cpu] flags
 * time: <name>: <args>".  false at the end.
 */
static bool next_event(const char *text, const char **pos, struct tev *e)
{
	const char *p = *pos ? *pos : text, *nl, *br, *q, *colon;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (*p == '#')
			continue;
		br = strstr(p, " [");
		if (!br || (nl && br > nl))
			continue;
		for (q = br; q > p && q[-1] == ' '; q--)
			;
		while (q > p && isdigit((unsigned char)q[-1]))
			q--;
		e->pid = atoi(q);
		colon = strstr(br, ": binder_");
		if (!colon || (nl && colon > nl))
			continue;
		colon += 2;
		q = strstr(colon, ": ");
		if (!q || (nl && q > nl))
			continue;
		snprintf(e->name, sizeof(e->name), "%.*s", (int)(q - colon), colon);
		e->args = q + 2;
		*pos = nl ? nl + 1 : p + strlen(p);
		return true;
	}
	*pos = NULL;
	return false;
}

/*
 * The first event @name (from @pid, unless -1) whose printed fields start
 * with @args_prefix; its fields copied into @args (a line).  true if found.
 */
static bool find_event(const char *trace, const char *name, int pid, const char *args_prefix,
		       char *args, size_t size)
{
	const char *pos = NULL;
	struct tev e;

	while (next_event(trace, &pos, &e)) {
		if (strcmp(e.name, name) || (pid >= 0 && e.pid != pid))
			continue;
		if (strncmp(e.args, args_prefix, strlen(args_prefix)))
			continue;
		line_copy(e.args, args, size);
		return true;
	}
	return false;
}

#define EXPECT_EVENT(name, pid, ...) do {						\
	char _want[256];								\
	snprintf(_want, sizeof(_want), __VA_ARGS__);					\
	EXPECT_TRUE(find_event(trace, name, pid, _want, args, sizeof(args)))		\
		TH_LOG("no %s from %d with \"%s\"", name, pid, _want);			\
} while (0)

TEST_F_TIMEOUT(obs, tracepoints, 90)
{
	const char *sys = variant->ours ? "binder_ipc" : "binder";
	binder_size_t offs[4] = { 0, 24, 48, 72 };
	struct flat_binder_object objs[4];
	int id_s, id_cli_node, id_reg_node, rid_s, rid_reg, rid_s_reg, rid_new, node, s, w;
	uint64_t got[TS_N], v = 0xfeed;
	static uint8_t big[6000];
	int call_id, ow_id, reply_id = -1, pfd[2], i;
	const pid_t pid = getpid();
	struct binder_extended_error ee;
	char path[256], args[256], *trace, *st, *blk;
	uint32_t h_s, h_reg;
	struct ret out;
	bool dead;
	pid_t ps;

	if (!tracefs_ready())
		SKIP(return, "this kernel has no tracefs (no CONFIG_TRACING)");
	snprintf(path, sizeof(path), TRACEFS "/events/%s/enable", sys);
	if (access(path, W_OK))
		SKIP(return, "no events/%s in tracefs: %s", sys, strerror(errno));

	ASSERT_EQ(0, peer_start(&self->w.peer, trace_server_main, (void *)variant->dev));
	ASSERT_EQ(0, peer_recv(&self->w.peer, &v, 5000));
	ps = self->w.peer.pid;
	ASSERT_EQ(0, reg_get(&self->w.cli, TSRV_SLOT, false, &h_s));
	ASSERT_EQ(0, reg_own(&self->w.cli, &h_reg));

	ASSERT_EQ(0, write_str(TRACEFS "/trace", ""));
	ASSERT_EQ(0, write_str(path, "1"));
	/* A call and its reply... */
	/* 6000 bytes: the server's second page is new, its first one reused. */
	ASSERT_EQ(0, ep_send(&self->w.cli, h_s, 0x77, TF_ACCEPT_FDS, big, sizeof(big), NULL, 0));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	call_id = (int)ee.id;
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, 0, &out, 5000));
	ASSERT_EQ(0, ep_free(&self->w.cli, &out.tr));
	/* ...then a one-way call with our node, an fd, its own node and another's. */
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	objs[0] = fbo_binder(BINDER_TYPE_BINDER, TCLI_NODE, TCLI_NODE + 1, 0);
	objs[1] = fbo_fd(pfd[0], 0);
	objs[2] = hobj(h_s);
	objs[3] = hobj(h_reg);
	ASSERT_EQ(0, ep_send(&self->w.cli, h_s, 0x99, TF_ONE_WAY, objs, sizeof(objs), offs,
			     sizeof(offs)));
	ASSERT_EQ(0, ep_get_ee(&self->w.cli, &ee));
	ow_id = (int)ee.id;
	ASSERT_EQ(BR_TRANSACTION_COMPLETE, ep_wait(&self->w.cli, BR_TRANSACTION_COMPLETE, &out,
						   5000));
	for (i = 0; i < TS_N; i++)
		ASSERT_EQ(0, peer_recv(&self->w.peer, &got[i], 5000));
	EXPECT_EQ(TSRV_NODE, got[TS_PTR]);
	/* The server's pages go back to the LRU; the shrinker takes them. */
	usleep(100 * 1000);
	write_str("/proc/sys/vm/drop_caches", "2");
	ASSERT_EQ(0, write_str(path, "0"));
	close(pfd[0]);
	close(pfd[1]);

	/* Debug ids as state shows them, for the events to be checked against. */
	st = dbg(variant->ours, "state");
	ASSERT_NE(NULL, st);
	id_s = node_id(st, "u0000000000005150 c0000000000005151");
	id_cli_node = node_id(st, "u0000000000004440 c0000000000004441");
	id_reg_node = node_id(st, "u000000000005e600 c000000000005e601");
	ASSERT_GT(id_s, 0) TH_LOG("%s", st);
	ASSERT_GT(id_cli_node, 0) TH_LOG("%s", st);
	ASSERT_GT(id_reg_node, 0) TH_LOG("%s", st);
	blk = proc_block(st, pid, "  ref ");
	ASSERT_NE(NULL, blk);
	ASSERT_EQ(0, ref_line(blk, h_s, &rid_s, &node, &s, &w, &dead));
	EXPECT_EQ(id_s, node);
	ASSERT_EQ(0, ref_line(blk, h_reg, &rid_reg, &node, &s, &w, &dead));
	EXPECT_EQ(id_reg_node, node);
	free(blk);
	blk = proc_block(st, ps, NULL);
	ASSERT_NE(NULL, blk) TH_LOG("%s", st);
	ASSERT_EQ(0, ref_line(blk, (uint32_t)got[TS_DESC], &rid_new, &node, &s, &w, &dead))
		TH_LOG("%s", blk);
	EXPECT_EQ(id_cli_node, node);
	ASSERT_EQ(0, ref_line(blk, (uint32_t)got[TS_DESC2], &rid_s_reg, &node, &s, &w, &dead))
		TH_LOG("%s", blk);
	EXPECT_EQ(id_reg_node, node);
	free(blk);
	free(st);
	ASSERT_EQ(0, peer_send(&self->w.peer, 1));

	trace = slurp(TRACEFS "/trace");
	ASSERT_NE(NULL, trace);

	/* The ioctl and its halves, from our thread. */
	EXPECT_EVENT("binder_ioctl", pid, "cmd=0x%x arg=0x", (unsigned int)BINDER_WRITE_READ);
	EXPECT_EVENT("binder_write_done", pid, "ret=0");
	EXPECT_EVENT("binder_read_done", pid, "ret=0");
	EXPECT_EVENT("binder_ioctl_done", pid, "ret=0");
	/* We are no looper; the server, idle, waits for its proc's work. */
	EXPECT_EVENT("binder_wait_for_work", pid, "proc_work=0 transaction_stack=");
	EXPECT_EVENT("binder_wait_for_work", ps, "proc_work=1 transaction_stack=0 thread_todo=0");
	EXPECT_EVENT("binder_command", pid, "cmd=0x%x BC_TRANSACTION",
		     (unsigned int)BC_TRANSACTION);
	EXPECT_EVENT("binder_command", ps, "cmd=0x%x BC_REPLY", (unsigned int)BC_REPLY);
	EXPECT_EVENT("binder_return", pid, "cmd=0x%x BR_REPLY", (unsigned int)BR_REPLY);
	EXPECT_EVENT("binder_return", pid, "cmd=0x%x BR_TRANSACTION_COMPLETE",
		     (unsigned int)BR_TRANSACTION_COMPLETE);
	EXPECT_EVENT("binder_return", ps, "cmd=0x%x BR_TRANSACTION", (unsigned int)BR_TRANSACTION);

	/* The call: sent by us to the server's node, read by the server. */
	EXPECT_EVENT("binder_transaction", pid, "transaction=%d dest_node=%d dest_proc=%d "
		     "dest_thread=0 reply=0 flags=0x%x code=0x77", call_id, id_s, ps,
		     TF_ACCEPT_FDS);
	EXPECT_EVENT("binder_transaction_alloc_buf", pid, "transaction=%d data_size=6000 "
		     "offsets_size=0 extra_buffers_size=0", call_id);
	EXPECT_EVENT("binder_transaction_received", ps, "transaction=%d", call_id);
	EXPECT_EVENT("binder_transaction_buffer_release", ps, "transaction=%d data_size=6000 ",
		     call_id);
	/* Replied: the call ends, its caller already detached (from 0:0). */
	EXPECT_EVENT("binder_txn_latency_free", ps, "transaction=%d from 0:0 to %d:%d ", call_id,
		     ps, ps);
	/* The reply: to our thread, read by it. */
	if (find_event(trace, "binder_transaction", ps, "transaction=", args, sizeof(args)))
		EXPECT_EQ(1, sscanf(args, "transaction=%d dest_node=0", &reply_id));
	EXPECT_GT(reply_id, call_id);
	EXPECT_EVENT("binder_transaction", ps, "transaction=%d dest_node=0 dest_proc=%d "
		     "dest_thread=%d reply=1 flags=0x0 code=0x0", reply_id, pid, pid);
	EXPECT_EVENT("binder_transaction_received", pid, "transaction=%d", reply_id);
	EXPECT_EVENT("binder_transaction_alloc_buf", ps, "transaction=%d data_size=8 ", reply_id);

	/* The one-way call and its objects, translated on the way. */
	EXPECT_EVENT("binder_transaction", pid, "transaction=%d dest_node=%d dest_proc=%d "
		     "dest_thread=0 reply=0 flags=0x%x code=0x99", ow_id, id_s, ps, TF_ONE_WAY);
	EXPECT_EVENT("binder_transaction_alloc_buf", pid, "transaction=%d data_size=96 "
		     "offsets_size=32 extra_buffers_size=0", ow_id);
	EXPECT_EVENT("binder_transaction_node_to_ref", pid, "transaction=%d node=%d "
		     "src_ptr=0x%016llx ==> dest_ref=%d dest_desc=%d", ow_id, id_cli_node,
		     TCLI_NODE, rid_new, (int)got[TS_DESC]);
	EXPECT_EVENT("binder_transaction_fd_send", pid, "transaction=%d src_fd=%d offset=%zu",
		     ow_id, pfd[0], (size_t)24 + offsetof(struct binder_fd_object, fd));
	EXPECT_EVENT("binder_transaction_fd_recv", ps, "transaction=%d dest_fd=%d offset=%zu",
		     ow_id, (int)got[TS_FD], (size_t)24 + offsetof(struct binder_fd_object, fd));
	EXPECT_EVENT("binder_transaction_ref_to_node", pid, "transaction=%d node=%d src_ref=%d "
		     "src_desc=%u ==> dest_ptr=0x%016llx", ow_id, id_s, rid_s, h_s, TSRV_NODE);
	EXPECT_EVENT("binder_transaction_ref_to_ref", pid, "transaction=%d node=%d src_ref=%d "
		     "src_desc=%u ==> dest_ref=%d dest_desc=%d", ow_id, id_reg_node, rid_reg,
		     h_reg, rid_s_reg, (int)got[TS_DESC2]);
	EXPECT_EVENT("binder_transaction_received", ps, "transaction=%d", ow_id);
	EXPECT_EVENT("binder_txn_latency_free", ps, "transaction=%d from 0:0 to %d:0 ", ow_id, ps);

	/*
	 * Pages of the server's receive buffer: the call takes its first page
	 * back from the LRU (the registry's reply to its publishing used it)
	 * and gets a second, new one; freed, both go back on the LRU; the
	 * one-way call takes the first again; the shrinker frees them.
	 */
	EXPECT_EVENT("binder_update_page_range", pid, "proc=%d allocate=1 offset=0 size=8192", ps);
	EXPECT_EVENT("binder_alloc_page_start", pid, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_alloc_page_end", pid, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_update_page_range", ps, "proc=%d allocate=0 offset=0 size=", ps);
	EXPECT_EVENT("binder_free_lru_start", ps, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_free_lru_end", ps, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_alloc_lru_start", pid, "proc=%d page_index=0", ps);
	EXPECT_EVENT("binder_alloc_lru_end", pid, "proc=%d page_index=0", ps);
	EXPECT_EVENT("binder_unmap_kernel_start", -1, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_unmap_kernel_end", -1, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_unmap_user_start", -1, "proc=%d page_index=1", ps);
	EXPECT_EVENT("binder_unmap_user_end", -1, "proc=%d page_index=1", ps);
	if (!_metadata->passed)
		TH_LOG("the trace:\n%s", trace);
	free(trace);
	EXPECT_EQ(0, peer_join(&self->w.peer, 5000));
}

/* ---- binder-stats ---- */

#define RUN(...)								\
	run_capture((char *[]){ __VA_ARGS__, NULL }, self->out, OUT_SIZE, 10000)

#define EXPECT_OUT(s)								\
	EXPECT_NE(NULL, strstr(self->out, s)) TH_LOG("no \"%s\" in:\n%s", s, self->out)

/* The tool reads both drivers' directories; our own process is listed. */
TEST_F(obs, binder_stats_live)
{
	char want[96];

	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats", "-d",
			 (char *)(variant->ours ? OUR_DEBUGFS : REF_DEBUGFS)));
	EXPECT_OUT("Objects:\n  type                       active    created    deleted\n");
	EXPECT_OUT("\n  proc ");
	EXPECT_OUT("\n  transaction_complete ");
	EXPECT_OUT("\nCommands and returns since the driver was loaded:\n");
	EXPECT_OUT("\n  BC_TRANSACTION ");
	EXPECT_OUT("\n  BR_REPLY ");
	EXPECT_OUT("\nProcesses (one line per open binder fd):\n");
	snprintf(want, sizeof(want), "\n  %-7d %-16s %-12s ", getpid(), "observe_test",
		 ctx_name(variant));
	EXPECT_OUT(want);
	if (variant->ours) {
		/* From "counters": the types upstream does not count. */
		EXPECT_OUT("\n  buffer ");
		EXPECT_OUT("\n  page ");
	}
}

FIXTURE(tool) {
	char dir[64];
	char out[OUT_SIZE];
};

FIXTURE_SETUP(tool)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/observe_test.%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
}

FIXTURE_TEARDOWN(tool)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/stats", self->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/counters", self->dir);
	unlink(path);
	rmdir(self->dir);
}

static int put_file(const char *dir, const char *name, const char *text)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return write_str(path, text);
}

/* A stats file as a reference driver writes it (pid 1 is init: named). */
static const char upstream_stats[] =
	"binder stats:\n"
	"BC_TRANSACTION: 3\n"
	"BC_FREE_BUFFER: 2\n"
	"BR_TRANSACTION_COMPLETE: 3\n"
	"proc: active 2 total 5\n"
	"transaction: active 0 total 4\n"
	"proc 1\n"
	"context hwbinder\n"
	"  threads: 2\n"
	"  requested threads: 0+1/15\n"
	"  ready threads 1\n"
	"  free async space 520192\n"
	"  nodes: 3\n"
	"  refs: 2 s 2 w 1\n"
	"  buffers: 1\n"
	"  pages: 1:2:251\n"
	"  pages high watermark: 3\n"
	"  pending transactions: 4\n"
	"  BC_TRANSACTION: 1\n"
	"  BR_TRANSACTION_COMPLETE: 1\n";

/* Every field of both files lands where it belongs, to the character. */
TEST_F(tool, binder_stats_parses)
{
	static const char header[] = "Objects:\n"
		"  type                       active    created    deleted\n";
	static const char middle[] =
		"\nCommands and returns since the driver was loaded:\n"
		"  BC_TRANSACTION                              3\n"
		"  BC_FREE_BUFFER                              2\n"
		"  BR_TRANSACTION_COMPLETE                     3\n"
		"\nProcesses (one line per open binder fd):\n"
		"  pid     command          device       threads nodes  refs buffers "
		" pages a/l/free pending\n"
		"  1       ";
	char comm[32] = "?", want[2048];
	char *s = slurp("/proc/1/comm");

	if (s) {
		snprintf(comm, sizeof(comm), "%.*s", (int)strcspn(s, "\n"), s);
		free(s);
	}
	ASSERT_EQ(0, put_file(self->dir, "stats", upstream_stats));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats", "-d", self->dir));
	snprintf(want, sizeof(want), "%s"
		 "  proc                            2          5          3\n"
		 "  transaction                     0          4          4\n"
		 "%s%-16s hwbinder           2     3     2       1         1/2/251       4\n",
		 header, middle, comm);
	EXPECT_STREQ(want, self->out);

	/* Our counters, when there, give the objects instead. */
	ASSERT_EQ(0, put_file(self->dir, "counters",
			      "proc: active 1 created 4 deleted 3\n"
			      "page: active 7 created 9 deleted 2\n"));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats", "-d", self->dir));
	snprintf(want, sizeof(want), "%s"
		 "  proc                            1          4          3\n"
		 "  page                            7          9          2\n"
		 "%s%-16s hwbinder           2     3     2       1         1/2/251       4\n",
		 header, middle, comm);
	EXPECT_STREQ(want, self->out);

	/* A line it does not know: said, skipped, exit 1. */
	ASSERT_EQ(0, put_file(self->dir, "counters", "proc: active 1 created 4 deleted 3\nxyz\n"));
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-stats", "-d", self->dir));
	EXPECT_OUT("binder-stats: counters: not understood: xyz\n");
	EXPECT_OUT("\n  proc                            1          4          3\n");
	/* Not a stats file at all, or none. */
	ASSERT_EQ(0, put_file(self->dir, "stats", "proc 1\n"));
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-stats", "-d", self->dir));
	EXPECT_OUT("/stats: not a binder stats file\n");
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-stats", "-d", "/nonexistent"));
	EXPECT_OUT("binder-stats: /nonexistent/stats: No such file or directory");
}

/* ---- both drivers' event formats ---- */

/* The field lines of an event's format, after the common ones. */
static char *event_fields(const char *sys, const char *event)
{
	char path[256], *fmt, *out, *p, *q;
	size_t len = 0;

	snprintf(path, sizeof(path), TRACEFS "/events/%s/%s/format", sys, event);
	fmt = slurp(path);
	if (!fmt)
		return NULL;
	out = calloc(1, strlen(fmt) + 1);
	for (p = fmt; out && (p = strstr(p, "\tfield:")); p = q) {
		q = strchr(p, '\n');
		if (!q)
			break;
		if (strncmp(p, "\tfield:unsigned short common_", 29) &&
		    strncmp(p, "\tfield:unsigned char common_", 28) &&
		    strncmp(p, "\tfield:int common_", 18)) {
			/* Name and type only: offsets follow from them. */
			size_t n = strcspn(p, ";") + 1;

			memcpy(out + len, p, n);
			len += n;
			out[len++] = '\n';
		}
	}
	free(fmt);
	return out;
}

/*
 * Every event of the reference driver exists in ours with the same fields
 * (names, types, order), except the three lock events upstream never
 * emits.
 */
TEST(trace_formats_match_upstream)
{
	static const char *const skipped[] = { "binder_lock", "binder_locked", "binder_unlock" };
	int events = 0, i;
	struct dirent *e;
	DIR *d;

	if (!tracefs_ready())
		SKIP(return, "this kernel has no tracefs (no CONFIG_TRACING)");
	d = opendir(TRACEFS "/events/binder");
	if (!d)
		SKIP(return, "the reference driver has no events: %s", strerror(errno));
	while ((e = readdir(d))) {
		char *ours, *ref;
		bool skip = false;

		if (strncmp(e->d_name, "binder_", 7))
			continue;
		for (i = 0; i < 3; i++)
			skip |= !strcmp(e->d_name, skipped[i]);
		if (skip)
			continue;
		ref = event_fields("binder", e->d_name);
		ours = event_fields("binder_ipc", e->d_name);
		EXPECT_NE(NULL, ours) TH_LOG("no event %s in binder_ipc", e->d_name);
		if (ours && ref)
			EXPECT_STREQ(ref, ours) TH_LOG("event %s", e->d_name);
		free(ours);
		free(ref);
		events++;
	}
	closedir(d);
	EXPECT_GE(events, 30);
}

TEST_HARNESS_MAIN
