// SPDX-License-Identifier: GPL-2.0
/*
 * The insight files (debugfs graph, latency, activity) and their tools
 * (binder-graph, binder-stats --latency, binder-top), against a known
 * scenario built with the world of binder_world.h: the registry, a server
 * proc S owning node SRV_PTR, a client proc C holding a strong handle on
 * it (S and C are two fds of this test process, told apart by the procs'
 * debug ids).
 *
 *   graph:    C also asks for a death notification and sends a sync call
 *             S does not read yet: C's edges to the node are exactly the
 *             ref, the death notification and the queued call, in the file
 *             and in binder-graph's DOT.
 *   latency:  N calls and M one-way calls add exactly N to C's (and the
 *             device's) call histogram and M to S's one-way histogram;
 *             binder-stats --latency prints those totals.
 *   activity: C's calls, bytes and failures and S's replies move by
 *             exactly what was sent; binder-top --once shows C's calls,
 *             without escape codes when not on a terminal.
 *
 * These files and tools are binder_ipc's own: the kernel's driver has no
 * equivalent, so the "ref" variants skip.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_world.h"
#include "spawn.h"

#define OUT_SIZE	65536
#define RUN_TMO		10000
#define DEATH_COOKIE	0xdead1ull

FIXTURE(insight) {
	struct world w;
	int srv_id, cli_id, node_id;	/* debug ids of S, C and S's node */
	char out[OUT_SIZE];
};

BINDER_VARIANTS(insight);

/* Read a whole debugfs file into @buf; its length or -errno. */
static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n, len = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return n < 0 ? -errno : len;
}

/* The next line of @p that starts with @prefix, or NULL. */
static const char *next_line(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, n))
			return p;
	return NULL;
}

/* How many lines of @buf contain @s (anywhere). */
static int count_lines_with(const char *buf, const char *s)
{
	char line[1024];
	const char *p = buf, *nl;
	int n = 0;

	while (*p) {
		nl = strchrnul(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		n += !!strstr(line, s);
		p = *nl ? nl + 1 : nl;
	}
	return n;
}

/*
 * From the graph: S's node (the one with SRV_PTR owned by a proc of ours)
 * and C's id (the other proc of our pid holding a ref on it).  0 or -1.
 */
static int find_ids(FIXTURE_DATA(insight) *self)
{
	char want[64];
	const char *p;
	int id, proc, owner;

	if (read_file(OUR_DEBUGFS "/graph", self->out, OUT_SIZE) <= 0)
		return -1;
	snprintf(want, sizeof(want), " ptr 0x%x ", SRV_PTR);
	for (p = next_line(self->out, "node "); p; p = next_line(p + 1, "node ")) {
		if (sscanf(p, "node %d proc %d", &id, &proc) == 2 && strstr(p, want) &&
		    strstr(p, want) < strchrnul(p, '\n'))
			break;
	}
	if (!p)
		return -1;
	self->node_id = id;
	self->srv_id = proc;
	for (p = next_line(self->out, "ref "); p; p = next_line(p + 1, "ref ")) {
		int ref, holder, desc, node;

		if (sscanf(p, "ref %d proc %d desc %d node %d owner %d", &ref, &holder, &desc,
			   &node, &owner) == 5 && node == id && desc == (int)self->w.h) {
			char pl[64];
			const char *q;

			/* The holder must be a proc of this process: C. */
			snprintf(pl, sizeof(pl), "proc %d pid %d ", holder, getpid());
			q = next_line(self->out, pl);
			if (q && holder != proc) {
				self->cli_id = holder;
				return 0;
			}
		}
	}
	return -1;
}

/* Each test starts with it: the harness runs the body even if the setup skips. */
#define OURS_ONLY() do {							\
	if (!variant->ours)							\
		SKIP(return, "binder_ipc's own debugfs files; the kernel's driver has none"); \
} while (0)

FIXTURE_SETUP(insight)
{
	if (!variant->ours)
		return;
	ASSERT_EQ(0, world_open(&self->w, variant->dev, WORLD_MAP));
	ASSERT_EQ(0, world_link(&self->w, 0));
	ASSERT_EQ(0, find_ids(self)) TH_LOG("graph:\n%s", self->out);
}

FIXTURE_TEARDOWN(insight)
{
	if (variant->ours)
		world_close(&self->w);
}

/* One sync call from C to S's node, served with an empty reply. */
static int one_call(FIXTURE_DATA(insight) *self, size_t size)
{
	uint8_t data[64] = { 0 };
	struct outcome o;

	try_call_ep(&self->w.cli, &self->w.srv, self->w.h, 0, data, size, NULL, 0, -1, NULL,
		    NULL, &o);
	return o.br == BR_REPLY && o.delivered ? 0 : -1;
}

/* The graph lines about S's node that C is the holder or sender of. */
static void cli_edges(FIXTURE_DATA(insight) *self, int *refs, int *deaths, int *txns,
		      int *txn_id)
{
	char ref[64], txn[64];
	const char *p;

	snprintf(ref, sizeof(ref), " proc %d desc %u node %d ", self->cli_id, self->w.h,
		 self->node_id);
	snprintf(txn, sizeof(txn), " kind call from %d pid %d ", self->cli_id, getpid());
	*refs = count_lines_with(self->out, ref);
	*deaths = 0;
	*txns = 0;
	for (p = next_line(self->out, "death "); p; p = next_line(p + 1, "death ")) {
		int id, proc, node;

		if (sscanf(p, "death %d proc %d node %d", &id, &proc, &node) == 3 &&
		    proc == self->cli_id && node == self->node_id)
			*deaths += !!strstr(p, " cookie 0xdead1 fired 0\n");
	}
	for (p = next_line(self->out, "txn "); p; p = next_line(p + 1, "txn ")) {
		char tail[128];

		snprintf(tail, sizeof(tail), " to %d tid 0 node %d code 0x42 ", self->srv_id,
			 self->node_id);
		if (strstr(p, txn) && strstr(p, txn) < strchrnul(p, '\n') && strstr(p, tail) &&
		    strstr(p, tail) < strchrnul(p, '\n')) {
			sscanf(p, "txn %d", txn_id);
			*txns += 1;
		}
	}
}

/*
 * A strong ref, a death notification and a queued call: exactly those
 * three from C to the node, in the file and in the DOT.
 */
TEST_F(insight, graph_scenario)
{
	char edge[160];
	int refs, deaths, txns, txn_id = 0, found;
	struct ret r;

	OURS_ONLY();

	ASSERT_EQ(0, ep_death(&self->w.cli, BC_REQUEST_DEATH_NOTIFICATION, self->w.h,
			      DEATH_COOKIE));
	ASSERT_EQ(0, ep_send(&self->w.cli, self->w.h, 0x42, 0, "abcd", 4, NULL, 0));

	ASSERT_LT(0, read_file(OUR_DEBUGFS "/graph", self->out, OUT_SIZE));
	ASSERT_EQ(0, strncmp(self->out, "binder_ipc graph v1\n", 20));
	cli_edges(self, &refs, &deaths, &txns, &txn_id);
	EXPECT_EQ(1, refs) TH_LOG("%s", self->out);
	EXPECT_EQ(1, deaths) TH_LOG("%s", self->out);
	EXPECT_EQ(1, txns) TH_LOG("%s", self->out);
	/* The ref is strong: C asked for a strong handle. */
	snprintf(edge, sizeof(edge), " proc %d desc %u node %d owner %d strong 1 ",
		 self->cli_id, self->w.h, self->node_id, self->srv_id);
	found = count_lines_with(self->out, edge);
	EXPECT_EQ(1, found) TH_LOG("%s", self->out);

	/* The DOT: the same three edges, and no other edge from C to the node. */
	ASSERT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binder-graph", "-d",
					     (char *)variant->dev, NULL },
				 self->out, OUT_SIZE, RUN_TMO));
	snprintf(edge, sizeof(edge), "  p%d -> n%d ", self->cli_id, self->node_id);
	EXPECT_EQ(3, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	snprintf(edge, sizeof(edge), "  p%d -> n%d [label=\"h%u s1 w", self->cli_id,
		 self->node_id, self->w.h);
	EXPECT_EQ(1, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	snprintf(edge, sizeof(edge), "  p%d -> n%d [label=\"death\", color=red", self->cli_id,
		 self->node_id);
	EXPECT_EQ(1, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	snprintf(edge, sizeof(edge), "  p%d -> n%d [label=\"txn %d call queued\"", self->cli_id,
		 self->node_id, txn_id);
	EXPECT_EQ(1, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	snprintf(edge, sizeof(edge), "    subgraph cluster_p%d {", self->srv_id);
	EXPECT_EQ(1, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, strncmp(self->out, "digraph binder {\n", 17));

	/* Served: the call moves to "serving" on S's thread, then goes. */
	ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, BR_TRANSACTION, &r, BT_TMO));
	ASSERT_LT(0, read_file(OUR_DEBUGFS "/graph", self->out, OUT_SIZE));
	snprintf(edge, sizeof(edge), "txn %d kind call from %d ", txn_id, self->cli_id);
	EXPECT_EQ(1, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);
	EXPECT_EQ(1, count_lines_with(self->out, " state serving ")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, ep_reply(&self->w.srv, &r.tr, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_REPLY, ep_wait(&self->w.cli, BR_REPLY, &r, BT_TMO));
	ep_free(&self->w.cli, &r.tr);
	ASSERT_LT(0, read_file(OUR_DEBUGFS "/graph", self->out, OUT_SIZE));
	EXPECT_EQ(0, count_lines_with(self->out, edge)) TH_LOG("%s", self->out);

	/* Cleared: the death record goes. */
	ASSERT_EQ(0, ep_death(&self->w.cli, BC_CLEAR_DEATH_NOTIFICATION, self->w.h,
			      DEATH_COOKIE));
	ASSERT_EQ(BR_CLEAR_DEATH_NOTIFICATION_DONE,
		  ep_wait(&self->w.cli, BR_CLEAR_DEATH_NOTIFICATION_DONE, &r, BT_TMO));
	ASSERT_LT(0, read_file(OUR_DEBUGFS "/graph", self->out, OUT_SIZE));
	cli_edges(self, &refs, &deaths, &txns, &txn_id);
	EXPECT_EQ(1, refs);
	EXPECT_EQ(0, deaths) TH_LOG("%s", self->out);
	EXPECT_EQ(0, txns) TH_LOG("%s", self->out);
}

/* Totals of the "call" or "oneway" line of a device or a proc; -1 if absent. */
static long long lat_total(const char *buf, const char *head, const char *kind)
{
	char prefix[96];
	const char *p;
	long long total = 0;
	char *end;
	int k;

	snprintf(prefix, sizeof(prefix), "%s%s ", head, kind);
	p = next_line(buf, prefix);
	if (!p)
		return -1;
	p += strlen(prefix);
	for (k = 0; k < 36; k++) {
		total += strtoll(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
	}
	return strncmp(p, " context ", 9) ? -1 : total;
}

TEST_F(insight, latency_counts)
{
	const int n = 20, m = 5;
	long long c0, s0, d0, do0, c1, s1, d1, do1, sc0, sc1;
	char cli[64], srv[64], want[160];
	char devhead[] = "device ";
	struct ret r;
	int i;

	OURS_ONLY();

	snprintf(cli, sizeof(cli), "proc %d pid %d ", self->cli_id, getpid());
	snprintf(srv, sizeof(srv), "proc %d pid %d ", self->srv_id, getpid());
	ASSERT_LT(0, read_file(OUR_DEBUGFS "/latency", self->out, OUT_SIZE));
	ASSERT_EQ(0, strncmp(self->out, "binder_ipc latency v1\nbuckets 36 unit ns\n", 41));
	c0 = lat_total(self->out, cli, "call");
	s0 = lat_total(self->out, srv, "oneway");
	d0 = lat_total(self->out, devhead, "call");
	do0 = lat_total(self->out, devhead, "oneway");
	sc0 = lat_total(self->out, srv, "call");
	ASSERT_LE(0, c0);
	ASSERT_LE(0, s0);
	ASSERT_LE(0, d0);
	ASSERT_LE(0, do0);

	for (i = 0; i < n; i++)
		ASSERT_EQ(0, one_call(self, 8));
	for (i = 0; i < m; i++) {
		ASSERT_EQ(0, ep_send(&self->w.cli, self->w.h, 0x43, TF_ONE_WAY, "x", 1, NULL, 0));
		ASSERT_EQ(BR_TRANSACTION_COMPLETE,
			  ep_wait(&self->w.cli, BR_TRANSACTION_COMPLETE, &r, BT_TMO));
		ASSERT_EQ(BR_TRANSACTION, ep_wait(&self->w.srv, BR_TRANSACTION, &r, BT_TMO));
		ASSERT_EQ(0, ep_free(&self->w.srv, &r.tr));
	}

	ASSERT_LT(0, read_file(OUR_DEBUGFS "/latency", self->out, OUT_SIZE));
	c1 = lat_total(self->out, cli, "call");
	s1 = lat_total(self->out, srv, "oneway");
	d1 = lat_total(self->out, devhead, "call");
	do1 = lat_total(self->out, devhead, "oneway");
	EXPECT_EQ(n, c1 - c0) TH_LOG("%s", self->out);
	EXPECT_EQ(m, s1 - s0) TH_LOG("%s", self->out);
	/* The first device line is /dev/binder's (the first device made). */
	EXPECT_EQ(n, d1 - d0) TH_LOG("%s", self->out);
	EXPECT_EQ(m, do1 - do0) TH_LOG("%s", self->out);
	/* S made no call of its own, C received no one-way call. */
	sc1 = lat_total(self->out, srv, "call");
	EXPECT_EQ(sc0, sc1);
	EXPECT_EQ(0, lat_total(self->out, cli, "oneway"));

	ASSERT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binder-stats", "--latency", NULL },
				 self->out, OUT_SIZE, RUN_TMO));
	snprintf(want, sizeof(want), ", proc %d, sync calls (call to reply): total %lld,",
		 self->cli_id, c1);
	EXPECT_EQ(1, count_lines_with(self->out, want)) TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), ", proc %d, one-way calls (send to delivery): total %lld,",
		 self->srv_id, s1);
	EXPECT_EQ(1, count_lines_with(self->out, want)) TH_LOG("%s", self->out);
	/* S's only call was its registration with the registry. */
	snprintf(want, sizeof(want), ", proc %d, sync calls (call to reply): total %lld,",
		 self->srv_id, sc1);
	EXPECT_EQ(1, count_lines_with(self->out, want)) TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), ", proc %d, one-way", self->cli_id);
	EXPECT_EQ(0, count_lines_with(self->out, want)) TH_LOG("%s", self->out);
}

/* One field of a proc's activity line; -1 if absent. */
static long long act_field(const char *buf, int id, const char *field)
{
	char prefix[64], key[64];
	const char *p, *f, *nl;

	snprintf(prefix, sizeof(prefix), "proc %d pid ", id);
	p = next_line(buf, prefix);
	if (!p)
		return -1;
	nl = strchrnul(p, '\n');
	snprintf(key, sizeof(key), " %s ", field);
	f = strstr(p, key);
	if (!f || f > nl)
		return -1;
	return strtoll(f + strlen(key), NULL, 10);
}

TEST_F(insight, activity_and_top)
{
	const int k = 7;
	long long calls0, bytes0, failed0, replies0, calls1;
	struct outcome o;
	const char *p;
	int i, seen = 0;

	OURS_ONLY();

	ASSERT_LT(0, read_file(OUR_DEBUGFS "/activity", self->out, OUT_SIZE));
	ASSERT_EQ(0, strncmp(self->out, "binder_ipc activity v1\n", 23));
	calls0 = act_field(self->out, self->cli_id, "calls");
	bytes0 = act_field(self->out, self->cli_id, "bytes");
	failed0 = act_field(self->out, self->cli_id, "failed");
	replies0 = act_field(self->out, self->srv_id, "replies");
	ASSERT_LE(0, calls0);
	ASSERT_LE(0, replies0);

	for (i = 0; i < k; i++)
		ASSERT_EQ(0, one_call(self, 24));
	/* A handle that does not exist: one failed transaction. */
	try_call_ep(&self->w.cli, NULL, 0x7777, 0, "x", 1, NULL, 0, -1, NULL, NULL, &o);
	EXPECT_EQ(BR_FAILED_REPLY, o.br);

	ASSERT_LT(0, read_file(OUR_DEBUGFS "/activity", self->out, OUT_SIZE));
	calls1 = act_field(self->out, self->cli_id, "calls");
	EXPECT_EQ(k, calls1 - calls0) TH_LOG("%s", self->out);
	EXPECT_EQ(24 * k, act_field(self->out, self->cli_id, "bytes") - bytes0);
	EXPECT_EQ(1, act_field(self->out, self->cli_id, "failed") - failed0);
	EXPECT_EQ(k, act_field(self->out, self->srv_id, "replies") - replies0);
	/* S's looper thread waits for work: idle, not busy. */
	EXPECT_EQ(1, act_field(self->out, self->srv_id, "threads"));
	EXPECT_EQ(0, act_field(self->out, self->srv_id, "busy"));
	EXPECT_EQ(WORLD_MAP, act_field(self->out, self->cli_id, "buffer_size"));
	EXPECT_EQ(0, act_field(self->out, self->cli_id, "buffer_used"));

	ASSERT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binder-top", "--once", "-i", "0.2",
					     "-d", (char *)variant->dev, NULL },
				 self->out, OUT_SIZE, RUN_TMO));
	EXPECT_EQ(NULL, strchr(self->out, '\033'));
	EXPECT_EQ(1, count_lines_with(self->out, "CALLS/s")) TH_LOG("%s", self->out);
	for (p = self->out; (p = strchr(p, '\n')); p++) {
		long pid;
		long long calls;
		char comm[32], dev[64], cps[16], ops[16], bps[16];

		if (sscanf(p + 1, "%ld %31s %63s %15s %15s %15s %lld", &pid, comm, dev, cps, ops,
			   bps, &calls) == 7 && pid == getpid() && calls == calls1)
			seen++;
	}
	EXPECT_EQ(1, seen) TH_LOG("%s", self->out);
}

/* --help of the three tools: usage on stdout, status 0; bad options: 2. */
TEST_F(insight, tools_help)
{
	static const char *const tools[] = { "binder-graph", "binder-top", "binder-stats" };
	char path[128];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), TOOLS_DIR "/%s", tools[i]);
		EXPECT_EQ(0, run_capture((char *[]){ path, "--help", NULL }, self->out, OUT_SIZE,
					 RUN_TMO));
		EXPECT_NE(NULL, strstr(self->out, "usage: ")) TH_LOG("%s", self->out);
		EXPECT_EQ(2, run_capture((char *[]){ path, "--bogus", NULL }, self->out, OUT_SIZE,
					 RUN_TMO));
	}
	EXPECT_EQ(2, run_capture((char *[]){ TOOLS_DIR "/binder-top", "-i", "0", NULL },
				 self->out, OUT_SIZE, RUN_TMO));
	EXPECT_EQ(1, run_capture((char *[]){ TOOLS_DIR "/binder-graph", "-f", "/proc/version",
					     NULL },
				 self->out, OUT_SIZE, RUN_TMO));
	EXPECT_NE(NULL, strstr(self->out, "not a \"binder_ipc graph v1\" file"));
}

TEST_HARNESS_MAIN
