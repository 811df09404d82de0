// SPDX-License-Identifier: GPL-2.0
/*
 * binder-stats - print a binder driver's statistics readably.
 *
 *   binder-stats [-d DIR]      (default /sys/kernel/debug/binder_ipc)
 *   binder-stats --latency [-d DIR]
 *
 * DIR is the debugfs directory of a binder driver: ours
 * (/sys/kernel/debug/binder_ipc) or the kernel's own
 * (/sys/kernel/debug/binder), or a binderfs binder_logs/ directory.  It
 * reads:
 *
 *   stats     upstream's format, which both drivers write:
 *               "binder stats:"
 *               "BC_<name>: <n>", "BR_<name>: <n>"    commands and returns
 *               "<type>: active <n> total <n>"         objects
 *             then per open binder fd:
 *               "proc <pid>", "context <name>",
 *               "  threads: <n>", "  requested threads: <n>+<n>/<n>",
 *               "  ready threads <n>", "  free async space <n>",
 *               "  nodes: <n>", "  refs: <n> s <n> w <n>",
 *               "  buffers: <n>", "  pages: <active>:<lru>:<absent>",
 *               "  pages high watermark: <n>",
 *               "  pending transactions: <n>",
 *               "  BC_<name>: <n>", "  BR_<name>: <n>"
 *   counters  ours only, if present: "<type>: active <n> created <n>
 *             deleted <n>" per object type, buffers and pages included.
 *
 * and prints three tables: the objects (from counters when there is one,
 * else from stats, deleted being total minus active), the commands and
 * returns seen since the driver was loaded, and the processes (with their
 * command names from /proc/<pid>/comm).  Lines it does not understand
 * are reported on stderr and skipped.
 *
 * With --latency (-l) it prints instead our "latency" file (format
 * "binder_ipc latency v1" in README.md): per device, then per open binder
 * fd, the log2 histograms of sync call times (caller's BC_TRANSACTION to
 * its BR_REPLY) and one-way delivery times (sender's BC_TRANSACTION to the
 * target's BR_TRANSACTION), each with its total and the bucket holding
 * the median and the 99th percentile; empty histograms are left out.
 *
 * Exit status: 0 success, 1 if stats cannot be read (driver not loaded,
 * debugfs not mounted, not root) or a line was not understood, 2 on a
 * usage error.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DIR	"/sys/kernel/debug/binder_ipc"
#define LINE_MAX_LEN	512
#define MAX_ROWS	64

/* One line of a name/number table. */
struct row {
	char name[64];
	long active, created, deleted;
};

struct table {
	struct row row[MAX_ROWS];
	int n;
};

/* One "proc" block of stats. */
struct proc_block {
	int pid;
	char context[64];
	long threads, nodes, refs, buffers, pending;
	long pages_active, pages_lru, pages_absent;
};

struct stats {
	struct table objects;		/* "<type>: active <n> total <n>" */
	struct table proto;		/* "BC_...: <n>", "BR_...: <n>" (in active) */
	struct proc_block *procs;
	int nprocs;
	int bad;			/* lines not understood */
};

static FILE *open_in(const char *dir, const char *name, bool quiet)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f && !quiet)
		fprintf(stderr, "binder-stats: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is the driver loaded and debugfs mounted?)" : "");
	return f;
}

static void not_understood(struct stats *s, const char *file, const char *line)
{
	fprintf(stderr, "binder-stats: %s: not understood: %s", file, line);
	if (!strchr(line, '\n'))
		fputc('\n', stderr);
	s->bad++;
}

static struct row *table_add(struct table *t, const char *name)
{
	struct row *r;

	if (t->n == MAX_ROWS)
		return NULL;
	r = &t->row[t->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	return r;
}

/* "BC_X: 3" or "BR_X: 3" (after any indentation); true if it is one. */
static bool parse_proto(const char *line, char *name, long *n)
{
	if (sscanf(line, " %63[A-Z_]: %ld", name, n) != 2)
		return false;
	return !strncmp(name, "BC_", 3) || !strncmp(name, "BR_", 3);
}

/* One line of a "proc" block; false if not understood. */
static bool parse_proc_line(struct proc_block *p, const char *line)
{
	char name[64];
	long a, b, c;

	if (sscanf(line, "context %63s", p->context) == 1)
		return true;
	if (sscanf(line, "  threads: %ld", &p->threads) == 1)
		return true;
	if (sscanf(line, "  requested threads: %ld+%ld/%ld", &a, &b, &c) == 3)
		return true;
	if (sscanf(line, "  ready threads %ld", &a) == 1)
		return true;
	if (sscanf(line, "  free async space %ld", &a) == 1)
		return true;
	if (sscanf(line, "  nodes: %ld", &p->nodes) == 1)
		return true;
	if (sscanf(line, "  refs: %ld s %ld w %ld", &p->refs, &a, &b) == 3)
		return true;
	if (sscanf(line, "  buffers: %ld", &p->buffers) == 1)
		return true;
	if (sscanf(line, "  pages: %ld:%ld:%ld", &p->pages_active, &p->pages_lru,
		   &p->pages_absent) == 3)
		return true;
	if (sscanf(line, "  pages high watermark: %ld", &a) == 1)
		return true;
	if (sscanf(line, "  pending transactions: %ld", &p->pending) == 1)
		return true;
	return line[0] == ' ' && parse_proto(line, name, &a);
}

/* Read DIR/stats into @s; -1 if it cannot be read or is not a stats file. */
static int read_stats(const char *dir, struct stats *s)
{
	char line[LINE_MAX_LEN], name[64];
	struct proc_block *p = NULL;
	long active, total, n;
	int pid, size = 0;
	FILE *f = open_in(dir, "stats", false);
	struct row *r;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f) || strcmp(line, "binder stats:\n")) {
		fprintf(stderr, "binder-stats: %s/stats: not a binder stats file\n", dir);
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "proc %d", &pid) == 1) {
			if (s->nprocs == size) {
				struct proc_block *more;

				size = size ? 2 * size : 16;
				more = realloc(s->procs, size * sizeof(*s->procs));
				if (!more) {
					fprintf(stderr, "binder-stats: out of memory\n");
					fclose(f);
					return -1;
				}
				s->procs = more;
			}
			p = &s->procs[s->nprocs++];
			memset(p, 0, sizeof(*p));
			p->pid = pid;
			snprintf(p->context, sizeof(p->context), "?");
			continue;
		}
		if (p) {
			if (!parse_proc_line(p, line))
				not_understood(s, "stats", line);
			continue;
		}
		/* The overall part, before the first proc. */
		if (line[0] != ' ' && parse_proto(line, name, &n)) {
			r = table_add(&s->proto, name);
			if (r)
				r->active = n;
		} else if (sscanf(line, "%63[a-z_]: active %ld total %ld", name, &active,
				  &total) == 3) {
			r = table_add(&s->objects, name);
			if (r) {
				r->active = active;
				r->created = total;
				r->deleted = total - active;
			}
		} else {
			not_understood(s, "stats", line);
		}
	}
	fclose(f);
	return 0;
}

/*
 * Replace the objects of @s with DIR/counters, our own file, if there is
 * one (it also counts buffers and pages, and types with nothing yet).
 */
static void read_counters(const char *dir, struct stats *s)
{
	char line[LINE_MAX_LEN], name[64];
	long active, created, deleted;
	FILE *f = open_in(dir, "counters", true);
	struct row *r;

	if (!f)
		return;
	s->objects.n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: active %ld created %ld deleted %ld", name, &active,
			   &created, &deleted) != 4) {
			not_understood(s, "counters", line);
			continue;
		}
		r = table_add(&s->objects, name);
		if (r) {
			r->active = active;
			r->created = created;
			r->deleted = deleted;
		}
	}
	fclose(f);
}

/* The command name of @pid, or "?". */
static void comm_of(int pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(buf, size, "?");
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static void print_stats(const struct stats *s)
{
	char comm[32], pages[48];
	int i;

	printf("Objects:\n  %-22s %10s %10s %10s\n", "type", "active", "created", "deleted");
	for (i = 0; i < s->objects.n; i++)
		printf("  %-22s %10ld %10ld %10ld\n", s->objects.row[i].name,
		       s->objects.row[i].active, s->objects.row[i].created,
		       s->objects.row[i].deleted);
	if (!s->objects.n)
		printf("  (none)\n");

	printf("\nCommands and returns since the driver was loaded:\n");
	for (i = 0; i < s->proto.n; i++)
		printf("  %-34s %10ld\n", s->proto.row[i].name, s->proto.row[i].active);
	if (!s->proto.n)
		printf("  (none)\n");

	printf("\nProcesses (one line per open binder fd):\n"
	       "  %-7s %-16s %-12s %7s %5s %5s %7s %15s %7s\n",
	       "pid", "command", "device", "threads", "nodes", "refs", "buffers",
	       "pages a/l/free", "pending");
	for (i = 0; i < s->nprocs; i++) {
		const struct proc_block *p = &s->procs[i];

		comm_of(p->pid, comm, sizeof(comm));
		snprintf(pages, sizeof(pages), "%ld/%ld/%ld", p->pages_active, p->pages_lru,
			 p->pages_absent);
		printf("  %-7d %-16s %-12s %7ld %5ld %5ld %7ld %15s %7ld\n", p->pid, comm,
		       p->context, p->threads, p->nodes, p->refs, p->buffers, pages, p->pending);
	}
	if (!s->nprocs)
		printf("  (none)\n");
}

/* ---- --latency ---- */

#define LAT_MAX_BUCKETS	64

/* @ns as "512ns", "1.0us", "2.1ms", "4.3s". */
static void fmt_ns(unsigned long long ns, char *buf, size_t size)
{
	if (ns < 1000)
		snprintf(buf, size, "%lluns", ns);
	else if (ns < 1000000)
		snprintf(buf, size, "%.1fus", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, size, "%.1fms", ns / 1e6);
	else
		snprintf(buf, size, "%.1fs", ns / 1e9);
}

/* The bucket holding the @pct-th percentile of @count (of @total). */
static int percentile(const unsigned long long *count, int n, unsigned long long total,
		      int pct)
{
	unsigned long long seen = 0, want = (total * pct + 99) / 100;
	int k;

	for (k = 0; k < n; k++) {
		seen += count[k];
		if (seen >= want)
			return k;
	}
	return n - 1;
}

/* One histogram: title, total, median and p99 buckets, one bar per bucket. */
static void print_histogram(const char *title, const char *kind,
			    const unsigned long long *count, int n)
{
	unsigned long long total = 0, max = 0;
	char lo[16], hi[16], p50[16], p99[16];
	int k, first = -1, last = -1;

	for (k = 0; k < n; k++) {
		total += count[k];
		if (count[k] > max)
			max = count[k];
		if (count[k]) {
			if (first < 0)
				first = k;
			last = k;
		}
	}
	if (!total)
		return;
	fmt_ns(1ull << percentile(count, n, total, 50), p50, sizeof(p50));
	fmt_ns(1ull << percentile(count, n, total, 99), p99, sizeof(p99));
	printf("%s, %s: total %llu, median in [%s, 2x), p99 in [%s, 2x)\n", title,
	       !strcmp(kind, "call") ? "sync calls (call to reply)" :
	       !strcmp(kind, "oneway") ? "one-way calls (send to delivery)" : kind,
	       total, p50, p99);
	for (k = first; k <= last; k++) {
		int bar = (int)((count[k] * 40 + max - 1) / max);

		fmt_ns(k ? 1ull << k : 0, lo, sizeof(lo));
		if (k == n - 1)
			snprintf(hi, sizeof(hi), "...");
		else
			fmt_ns(1ull << (k + 1), hi, sizeof(hi));
		printf("  %8s .. %-8s %10llu |%.*s\n", lo, hi, count[k], count[k] ? bar : 0,
		       "########################################");
	}
	printf("\n");
}

/* "[device|proc ID pid PID] KIND N... context NAME": false if not that. */
static bool parse_lat_line(char *line, int nbuckets, char *title, size_t tsize,
			   char *kind, unsigned long long *count)
{
	char comm[32], *p = line, *end, *ctx = strstr(line, " context ");
	long id, pid;
	int k, used;

	if (!ctx)
		return false;
	*ctx = 0;
	ctx += strlen(" context ");
	ctx[strcspn(ctx, "\n")] = 0;
	if (sscanf(p, "device %15s %n", kind, &used) == 1) {
		snprintf(title, tsize, "device %s", ctx);
	} else if (sscanf(p, "proc %ld pid %ld %15s %n", &id, &pid, kind, &used) == 3) {
		comm_of((int)pid, comm, sizeof(comm));
		snprintf(title, tsize, "pid %ld (%s) on %s, proc %ld", pid, comm, ctx, id);
	} else {
		return false;
	}
	p += used;
	for (k = 0; k < nbuckets; k++) {
		count[k] = strtoull(p, &end, 10);
		if (end == p)
			return false;
		p = end;
	}
	return !*p;
}

/* binder-stats --latency: DIR/latency, readably; 0 or 1. */
static int print_latency(const char *dir)
{
	char line[2048], title[400], kind[16];
	unsigned long long count[LAT_MAX_BUCKETS];
	FILE *f = open_in(dir, "latency", false);
	int nbuckets = 0, bad = 0;

	if (!f)
		return 1;
	if (!fgets(line, sizeof(line), f) || strcmp(line, "binder_ipc latency v1\n") ||
	    !fgets(line, sizeof(line), f) ||
	    sscanf(line, "buckets %d unit ns", &nbuckets) != 1 ||
	    nbuckets < 1 || nbuckets > LAT_MAX_BUCKETS) {
		fprintf(stderr, "binder-stats: %s/latency: not a \"binder_ipc latency v1\" file\n",
			dir);
		fclose(f);
		return 1;
	}
	printf("Latency (log2 buckets of nanoseconds; a bucket counts [low, high)):\n\n");
	while (fgets(line, sizeof(line), f)) {
		char copy[sizeof(line)];

		snprintf(copy, sizeof(copy), "%s", line);
		if (!parse_lat_line(line, nbuckets, title, sizeof(title), kind, count)) {
			fprintf(stderr, "binder-stats: latency: not understood: %s", copy);
			bad++;
			continue;
		}
		print_histogram(title, kind, count, nbuckets);
	}
	fclose(f);
	return bad ? 1 : 0;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DIR] [--latency]\n"
		"Print a binder driver's object counters, command and return counts, and\n"
		"open binder fds, from its debugfs directory DIR (default %s;\n"
		"the kernel's own driver: /sys/kernel/debug/binder).\n"
		"  -l, --latency  instead: binder_ipc's latency histograms, per device and\n"
		"                 per open binder fd (sync call to reply, one-way delivery)\n"
		"Exit status: 0 success, 1 files unreadable or not understood, 2 usage error.\n",
		prog, DEFAULT_DIR);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "latency", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = DEFAULT_DIR;
	bool latency = false;
	struct stats s;
	int opt;

	while ((opt = getopt_long(argc, argv, "d:hl", longopts, NULL)) != -1) {
		if (opt == 'h') {	/* as the other tools */
			usage(stdout, argv[0]);
			return 0;
		}
		if (opt == 'l') {
			latency = true;
			continue;
		}
		if (opt != 'd') {
			usage(stderr, argv[0]);
			return 2;
		}
		dir = optarg;
	}
	if (optind != argc) {
		fprintf(stderr, "binder-stats: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (latency)
		return print_latency(dir);
	memset(&s, 0, sizeof(s));
	if (read_stats(dir, &s)) {
		free(s.procs);
		return 1;
	}
	read_counters(dir, &s);
	print_stats(&s);
	free(s.procs);
	return s.bad ? 1 : 0;
}
