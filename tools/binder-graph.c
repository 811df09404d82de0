// SPDX-License-Identifier: GPL-2.0
/*
 * binder-graph - draw the live object graph of binder_ipc as Graphviz DOT.
 *
 *   binder-graph [-f FILE] [-d DEVICE] [-o OUT] [--png PNG]
 *
 * Reads the driver's "graph" file (default
 * /sys/kernel/debug/binder_ipc/graph; its format, "binder_ipc graph v1",
 * is documented in README.md) and writes one digraph:
 *
 *   - a cluster per device (context), in it a cluster per proc (one open
 *     binder fd: "pid P (comm)") holding a box for the proc itself and an
 *     ellipse per node it owns (the context manager's is a double
 *     ellipse; nodes whose owner is gone sit in a "dead proc" cluster);
 *   - per ref an edge holder -> node labelled "h<desc> s<strong> w<weak>",
 *     solid when strong, dashed when weak only;
 *   - per death notification a red dotted edge holder -> node, "death";
 *   - per transaction queued or being served a blue bold edge sender ->
 *     node (or -> proc for a reply), "txn <id> <kind> <state>".
 *
 * Every edge is one line "  pA -> nB [...];", nodes are "n<debug id>",
 * procs "p<debug id>", so the output can be checked with grep.  With
 * --png, the DOT goes through Graphviz's "dot -Tpng" (Debian: graphviz).
 *
 * Exit status: 0 success, 1 the file cannot be read or is not a v1 graph
 * (or dot failed), 2 usage error.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_FILE	"/sys/kernel/debug/binder_ipc/graph"
#define LINE_MAX_LEN	1024
#define NAME_LEN	256

enum rec_type { R_PROC, R_NODE, R_REF, R_DEATH, R_TXN };

/* One record of the graph file; fields by name, as the file has them. */
struct rec {
	enum rec_type type;
	long id;
	long proc;			/* proc: -, node: owner, ref/death: holder */
	long pid;
	long node;			/* ref, death, txn */
	long desc, strong, weak;	/* ref */
	long hs, is, ls, mgr, dead;	/* node */
	unsigned long long ptr, cookie;	/* node; death: cookie */
	long fired;			/* death */
	long from, to, code;		/* txn */
	char kind[16], state[16];	/* txn */
	char context[NAME_LEN];		/* proc */
};

struct graph {
	struct rec *r;
	int n, size;
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-f FILE] [-d DEVICE] [-o OUT] [--png PNG]\n"
		"Draw binder_ipc's object graph (procs, nodes, refs, death notifications,\n"
		"transactions in flight) as Graphviz DOT.\n"
		"  -f FILE    the graph file (default %s; - is stdin)\n"
		"  -d DEVICE  only the procs of this device (its name, or a path: its last part)\n"
		"  -o OUT     write the DOT to OUT instead of stdout\n"
		"  --png PNG  render it with Graphviz (dot -Tpng) into PNG instead (with -o: too)\n"
		"Exit status: 0 success, 1 unreadable or not understood, 2 usage error.\n",
		prog, DEFAULT_FILE);
}

static struct rec *graph_add(struct graph *g)
{
	if (g->n == g->size) {
		int size = g->size ? 2 * g->size : 64;
		struct rec *more = realloc(g->r, size * sizeof(*more));

		if (!more)
			return NULL;
		g->r = more;
		g->size = size;
	}
	memset(&g->r[g->n], 0, sizeof(g->r[0]));
	return &g->r[g->n++];
}

/* Set the field @key of @r from @val; false if @key is not one we know. */
static bool set_field(struct rec *r, const char *key, const char *val)
{
	static const struct { const char *key; size_t off; } longs[] = {
		{ "proc", offsetof(struct rec, proc) }, { "pid", offsetof(struct rec, pid) },
		{ "node", offsetof(struct rec, node) }, { "desc", offsetof(struct rec, desc) },
		{ "strong", offsetof(struct rec, strong) }, { "weak", offsetof(struct rec, weak) },
		{ "hs", offsetof(struct rec, hs) }, { "is", offsetof(struct rec, is) },
		{ "ls", offsetof(struct rec, ls) }, { "mgr", offsetof(struct rec, mgr) },
		{ "dead", offsetof(struct rec, dead) }, { "fired", offsetof(struct rec, fired) },
		{ "from", offsetof(struct rec, from) }, { "to", offsetof(struct rec, to) },
	};
	char *end;
	size_t i;

	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		if (strcmp(key, longs[i].key))
			continue;
		*(long *)((char *)r + longs[i].off) = strtol(val, &end, 10);
		return !*end;
	}
	if (!strcmp(key, "ptr") || !strcmp(key, "cookie") || !strcmp(key, "code")) {
		unsigned long long v = strtoull(val, &end, 0);

		if (!strcmp(key, "ptr"))
			r->ptr = v;
		else if (!strcmp(key, "cookie"))
			r->cookie = v;
		else
			r->code = (long)v;
		return !*end;
	}
	if (!strcmp(key, "kind"))
		return snprintf(r->kind, sizeof(r->kind), "%s", val) < (int)sizeof(r->kind);
	if (!strcmp(key, "state"))
		return snprintf(r->state, sizeof(r->state), "%s", val) < (int)sizeof(r->state);
	/* Fields this version does not draw: later versions may add more. */
	return true;
}

/* One line "<type> <id> key value ... [context NAME]"; false if not understood. */
static bool parse_line(struct graph *g, char *line)
{
	static const char *const types[] = { "proc", "node", "ref", "death", "txn" };
	char *ctx = strstr(line, " context "), *tok, *key, *save;
	struct rec *r;
	size_t t;

	line[strcspn(line, "\n")] = 0;
	tok = strtok_r(line, " ", &save);
	if (!tok)
		return true;	/* empty line */
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
		if (!strcmp(tok, types[t]))
			break;
	if (t == sizeof(types) / sizeof(types[0]))
		return true;	/* a record type of a later version */
	r = graph_add(g);
	if (!r)
		return false;
	r->type = (enum rec_type)t;
	if (ctx) {		/* the last field, up to the end of the line */
		*ctx = 0;
		snprintf(r->context, sizeof(r->context), "%s", ctx + strlen(" context "));
	}
	tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return false;
	r->id = strtol(tok, &key, 10);
	if (*key)
		return false;
	while ((key = strtok_r(NULL, " ", &save))) {
		tok = strtok_r(NULL, " ", &save);
		if (!tok || !set_field(r, key, tok))
			return false;
	}
	return true;
}

static int read_graph(const char *path, struct graph *g)
{
	char line[LINE_MAX_LEN];
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int ret = 0;

	if (!f) {
		fprintf(stderr, "binder-graph: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is binder_ipc loaded and debugfs mounted?)" : "");
		return -1;
	}
	if (!fgets(line, sizeof(line), f) || strcmp(line, "binder_ipc graph v1\n")) {
		fprintf(stderr, "binder-graph: %s: not a \"binder_ipc graph v1\" file\n", path);
		ret = -1;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		char copy[LINE_MAX_LEN];

		snprintf(copy, sizeof(copy), "%s", line);
		if (!parse_line(g, line)) {
			fprintf(stderr, "binder-graph: %s: not understood: %s", path, copy);
			ret = -1;
		}
	}
	if (f != stdin)
		fclose(f);
	return ret;
}

static const struct rec *find(const struct graph *g, enum rec_type type, long id)
{
	const struct rec *found = NULL;
	int i;

	/* The last record wins: a racing reader may see a node twice. */
	for (i = 0; i < g->n; i++)
		if (g->r[i].type == type && g->r[i].id == id)
			found = &g->r[i];
	return found;
}

/* The context of proc @id, or NULL if it is not listed (a dead owner). */
static const char *proc_context(const struct graph *g, long id)
{
	const struct rec *p = find(g, R_PROC, id);

	return p ? p->context : NULL;
}

/* Is the node @id (owned by a listed proc of @device, or anyone's) shown? */
static bool node_shown(const struct graph *g, const struct rec *n, const char *device)
{
	const char *ctx = proc_context(g, n->proc);

	return !device || (ctx && !strcmp(ctx, device));
}

/* Whether record @i is the one find() returns for its id. */
static bool is_last(const struct graph *g, int i)
{
	return find(g, g->r[i].type, g->r[i].id) == &g->r[i];
}

/* Write @s as a DOT string body (quotes and backslashes escaped). */
static void dot_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void comm_of(long pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	buf[0] = 0;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static void write_node(FILE *out, const struct rec *n)
{
	fprintf(out, "      n%ld [shape=ellipse, peripheries=%d, label=\"node %ld\\nptr 0x%llx%s\"];\n", n->id,
		n->mgr ? 2 : 1, n->id, n->ptr,
		n->mgr ? "\\ncontext manager" : "");
}

/* A proc's cluster: the proc and its nodes. */
static void write_proc(FILE *out, const struct graph *g, const struct rec *p)
{
	char comm[32];
	int i;

	comm_of(p->pid, comm, sizeof(comm));
	fprintf(out, "    subgraph cluster_p%ld {\n      label=\"pid %ld", p->id, p->pid);
	if (comm[0]) {
		fputs(" (", out);
		dot_escape(out, comm);
		fputc(')', out);
	}
	fprintf(out, "\";\n      p%ld [shape=box, label=\"proc %ld\"];\n", p->id, p->id);
	for (i = 0; i < g->n; i++)
		if (g->r[i].type == R_NODE && g->r[i].proc == p->id && !g->r[i].dead &&
		    is_last(g, i))
			write_node(out, &g->r[i]);
	fputs("    }\n", out);
}

/* The nodes of owners that are gone (not listed as procs, or "dead 1"). */
static void write_dead_nodes(FILE *out, const struct graph *g, const char *device)
{
	bool any = false;
	int i;

	for (i = 0; i < g->n; i++) {
		const struct rec *n = &g->r[i];

		if (n->type != R_NODE || !is_last(g, i) ||
		    (!n->dead && proc_context(g, n->proc)))
			continue;
		if (device)	/* its device is not known any more */
			continue;
		if (!any)
			fputs("  subgraph cluster_dead {\n    label=\"dead procs\";\n    style=dashed;\n",
			      out);
		any = true;
		fputs("  ", out);
		write_node(out, n);
	}
	if (any)
		fputs("  }\n", out);
}

/* Has record @i's context been written already (a cluster per device)? */
static bool context_seen_before(const struct graph *g, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (g->r[j].type == R_PROC && !strcmp(g->r[j].context, g->r[i].context))
			return true;
	return false;
}

static void write_clusters(FILE *out, const struct graph *g, const char *device)
{
	int i, j, c = 0;

	for (i = 0; i < g->n; i++) {
		const struct rec *p = &g->r[i];

		if (p->type != R_PROC || context_seen_before(g, i) ||
		    (device && strcmp(p->context, device)))
			continue;
		fprintf(out, "  subgraph cluster_ctx%d {\n    label=\"device ", c++);
		dot_escape(out, p->context);
		fputs("\";\n", out);
		for (j = i; j < g->n; j++)
			if (g->r[j].type == R_PROC && !strcmp(g->r[j].context, p->context) &&
			    is_last(g, j))
				write_proc(out, g, &g->r[j]);
		fputs("  }\n", out);
	}
}

static void write_edges(FILE *out, const struct graph *g, const char *device)
{
	const struct rec *node;
	int i;

	for (i = 0; i < g->n; i++) {
		const struct rec *r = &g->r[i];

		if (r->type == R_PROC || r->type == R_NODE)
			continue;
		if (device && (!proc_context(g, r->proc) ||
			       strcmp(proc_context(g, r->proc), device)))
			if (r->type != R_TXN)
				continue;
		switch (r->type) {
		case R_REF:
			fprintf(out, "  p%ld -> n%ld [label=\"h%ld s%ld w%ld\"%s];\n", r->proc,
				r->node, r->desc, r->strong, r->weak,
				r->strong ? "" : ", style=dashed");
			break;
		case R_DEATH:
			fprintf(out, "  p%ld -> n%ld [label=\"death%s\", color=red, style=dotted];\n",
				r->proc, r->node, r->fired ? " (fired)" : "");
			break;
		case R_TXN:
			if (device && (!proc_context(g, r->to) ||
				       strcmp(proc_context(g, r->to), device)))
				continue;
			node = r->node ? find(g, R_NODE, r->node) : NULL;
			if (node && node_shown(g, node, device))
				fprintf(out, "  p%ld -> n%ld", r->from, r->node);
			else
				fprintf(out, "  p%ld -> p%ld", r->from, r->to);
			fprintf(out, " [label=\"txn %ld %s %s\", color=blue, style=bold];\n", r->id,
				r->kind, r->state);
			break;
		default:
			break;
		}
	}
}

static void write_dot(FILE *out, const struct graph *g, const char *device)
{
	fputs("digraph binder {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n"
	      "  edge [fontname=\"Helvetica\", fontsize=10];\n", out);
	write_clusters(out, g, device);
	write_dead_nodes(out, g, device);
	write_edges(out, g, device);
	fputs("}\n", out);
}

/* Render @g through "dot -Tpng -o @png"; 0 or -1. */
static int write_png(const struct graph *g, const char *device, const char *png)
{
	char cmd[4096 + 32];
	const char *p;
	FILE *pipe;
	int status;

	for (p = png; *p; p++)
		if (*p == '\'') {
			fprintf(stderr, "binder-graph: --png: no quotes in the file name, please\n");
			return -1;
		}
	if (system("command -v dot >/dev/null 2>&1")) {
		fprintf(stderr, "binder-graph: --png needs Graphviz's dot (apt-get install graphviz)\n");
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "dot -Tpng -o '%s'", png);
	pipe = popen(cmd, "w");
	if (!pipe) {
		fprintf(stderr, "binder-graph: cannot run dot: %s\n", strerror(errno));
		return -1;
	}
	write_dot(pipe, g, device);
	status = pclose(pipe);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "binder-graph: dot failed\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_FILE, *device = NULL, *out_path = NULL, *png = NULL;
	struct graph g = { 0 };
	FILE *out = stdout;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout, argv[0]);
			return 0;
		}
		if (strcmp(a, "-f") && strcmp(a, "-d") && strcmp(a, "-o") && strcmp(a, "--png")) {
			fprintf(stderr, "binder-graph: unknown argument '%s'\n", a);
			usage(stderr, argv[0]);
			return 2;
		}
		if (i + 1 == argc) {
			fprintf(stderr, "binder-graph: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "-f"))
			path = argv[++i];
		else if (!strcmp(a, "-d"))
			device = strrchr(argv[++i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		else if (!strcmp(a, "-o"))
			out_path = argv[++i];
		else
			png = argv[++i];
	}
	if (read_graph(path, &g)) {
		free(g.r);
		return 1;
	}
	if (out_path) {
		out = fopen(out_path, "w");
		if (!out) {
			fprintf(stderr, "binder-graph: %s: %s\n", out_path, strerror(errno));
			free(g.r);
			return 1;
		}
	}
	if (!png || out_path)
		write_dot(out, &g, device);
	if (out_path && fclose(out)) {
		fprintf(stderr, "binder-graph: %s: %s\n", out_path, strerror(errno));
		ret = 1;
	}
	if (png && write_png(&g, device, png))
		ret = 1;
	free(g.r);
	return ret;
}
