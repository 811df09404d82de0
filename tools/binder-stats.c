// SPDX-License-Identifier: GPL-2.0
/*
 * binder-stats - print binder_ipc's state and statistics readably.
 *
 *   binder-stats [-d DIR]      (default /sys/kernel/debug/binder_ipc)
 *
 * Reads the module's debugfs files:
 *   stats  "<type>: active <n> created <n> deleted <n>" per object type;
 *   procs  "proc <pid> context <name> threads <n> nodes <n> buffer_size <n>"
 *          per open binder fd, each followed by its allocator line
 *          "  alloc: buffer_size <n> buffers <n> free_async_space <n>
 *          pages active <n> lru <n> high <n>".
 * and prints two tables: the objects, and the processes (with their
 * command names from /proc/<pid>/comm).  Lines it does not understand are
 * reported on stderr and skipped.
 *
 * Exit status: 0 success, 1 if the files cannot be read (module not
 * loaded, debugfs not mounted, not root) or a line was not understood,
 * 2 on a usage error.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DIR	"/sys/kernel/debug/binder_ipc"
#define LINE_MAX_LEN	512

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		fprintf(stderr, "binder-stats: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is binder_ipc loaded and debugfs mounted?)" : "");
	return f;
}

/* The object table; the number of lines not understood, or -1. */
static int print_stats(const char *dir)
{
	char line[LINE_MAX_LEN], type[64];
	long active, created, deleted;
	FILE *f = open_in(dir, "stats");
	int bad = 0;

	if (!f)
		return -1;
	printf("Objects:\n  %-22s %10s %10s %10s\n", "type", "active", "created", "deleted");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: active %ld created %ld deleted %ld", type, &active,
			   &created, &deleted) != 4) {
			fprintf(stderr, "binder-stats: stats: not understood: %s", line);
			bad++;
			continue;
		}
		printf("  %-22s %10ld %10ld %10ld\n", type, active, created, deleted);
	}
	fclose(f);
	return bad;
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

struct proc_line {
	int pid;
	char context[64];
	unsigned int threads, nodes;
	size_t buffer_size;
};

static void print_proc(const struct proc_line *p, const char *alloc)
{
	size_t bsize, buffers, async, active, lru;
	char comm[32];
	int high;

	comm_of(p->pid, comm, sizeof(comm));
	printf("  %-7d %-16s %-12s %7u %5u %7zu KiB", p->pid, comm, p->context, p->threads,
	       p->nodes, p->buffer_size / 1024);
	if (alloc && sscanf(alloc, " alloc: buffer_size %zu buffers %zu free_async_space %zu "
			    "pages active %zu lru %zu high %d", &bsize, &buffers, &async,
			    &active, &lru, &high) == 6)
		printf(" %7zu %6zu/%zu\n", buffers, active, lru);
	else
		printf(" %7s %9s\n", "-", "-");
}

/* The process table; the number of lines not understood, or -1. */
static int print_procs(const char *dir)
{
	char line[LINE_MAX_LEN];
	struct proc_line p;
	FILE *f = open_in(dir, "procs");
	bool pending = false;
	int bad = 0, n = 0;

	if (!f)
		return -1;
	printf("\nProcesses (one line per open binder fd):\n"
	       "  %-7s %-16s %-12s %7s %5s %11s %7s %9s\n",
	       "pid", "command", "device", "threads", "nodes", "buffer", "in use", "pages a/l");
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "  alloc:", 8) && pending) {
			print_proc(&p, line);
			pending = false;
			continue;
		}
		if (pending)
			print_proc(&p, NULL);
		pending = false;
		if (sscanf(line, "proc %d context %63s threads %u nodes %u buffer_size %zu", &p.pid,
			   p.context, &p.threads, &p.nodes, &p.buffer_size) != 5) {
			fprintf(stderr, "binder-stats: procs: not understood: %s", line);
			bad++;
			continue;
		}
		pending = true;
		n++;
	}
	if (pending)
		print_proc(&p, NULL);
	if (!n)
		printf("  (none)\n");
	fclose(f);
	return bad;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DIR]\n"
		"Print binder_ipc's object counters and open binder fds from its\n"
		"debugfs directory DIR (default %s).\n"
		"Exit status: 0 success, 1 files unreadable or not understood, 2 usage error.\n",
		prog, DEFAULT_DIR);
}

int main(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	int opt, a, b;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return 0;
	}
	while ((opt = getopt(argc, argv, "d:h")) != -1) {
		if (opt == 'h') {	/* as the other tools */
			usage(stdout, argv[0]);
			return 0;
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
	a = print_stats(dir);
	b = a < 0 ? -1 : print_procs(dir);
	return a || b ? 1 : 0;
}
