// SPDX-License-Identifier: GPL-2.0
/*
 * Memory.
 *
 * Idle memory per process.  N processes are forked that each open the
 * device, map MAP_SIZE (what libbinder maps) and make one ioctl
 * (BINDER_VERSION, the first thing libbinder does; it also creates the
 * binder thread).  With all N alive and idle, the kernel's counters are
 * read and compared with a reading taken just before the fork.  The same
 * is done for a control group of N processes that only fork and wait, so
 * that the cost of a process itself (task, stack, page tables, pipes)
 * cancels out:
 *
 *	per process = (delta(device) - delta(control)) / N
 *
 * Before each reading /proc/sys/vm/stat_refresh folds the per-CPU counter
 * deltas into the global ones, so /proc/meminfo is exact rather than off by
 * up to a per-CPU batch.  Three figures are kept:
 *	slab    Slab (SReclaimable + SUnreclaim): binder_proc, threads, the
 *		page array, debugfs entries...;
 *	kernel  Slab + KernelStack + PageTables + VmallocUsed: also catches a
 *		driver that vmallocs;
 *	free    the fall of MemFree: everything, the noisiest (per-CPU page
 *		lists move it by a few hundred KiB).
 * The kinds run in a rotating order, several rounds after a warm-up one;
 * the table shows the median over rounds of (device - control).
 *
 * Reclaim.  A client makes six 128 KiB calls the server keeps unfreed
 * (C_HOLD), then has them freed (C_FREE_HELD); the driver keeps the pages
 * for reuse until memory pressure, simulated by dropping caches, makes its
 * shrinker give them back.  The driver's page count is read at each step:
 * ours from /sys/kernel/debug/binder_ipc/counters ("page: active N", all
 * our processes), upstream from /sys/kernel/debug/binder/stats ("pages:
 * active:lru:free" for each process; active + lru summed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/android/binder.h>

#include "bench.h"

struct mem_figures memfig;

struct meminfo {
	long free, slab, kstack, ptables, vmalloc, avail;	/* KiB */
};

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0) {
			/* stat_refresh says EINVAL when a counter is negative: harmless here */
		}
		close(fd);
	}
}

static void read_meminfo(struct meminfo *m)
{
	char line[128], key[64];
	long v;
	FILE *f;

	write_file("/proc/sys/vm/stat_refresh", "1");
	memset(m, 0, sizeof(*m));
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: %ld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemFree"))
			m->free = v;
		else if (!strcmp(key, "MemAvailable"))
			m->avail = v;
		else if (!strcmp(key, "Slab"))
			m->slab = v;
		else if (!strcmp(key, "KernelStack"))
			m->kstack = v;
		else if (!strcmp(key, "PageTables"))
			m->ptables = v;
		else if (!strcmp(key, "VmallocUsed"))
			m->vmalloc = v;
	}
	fclose(f);
}

static long kernel_kb(const struct meminfo *m)
{
	return m->slab + m->kstack + m->ptables + m->vmalloc;
}

/*
 * Fork @n idle processes (on device @dev, or none for the control group)
 * and return the counter deltas in KiB: [0] slab, [1] kernel, [2] free.
 */
static int idle_group(const char *dev, unsigned int n, long delta[3])
{
	struct meminfo a, b;
	int ready[2], release[2], bad = 0;
	unsigned int i, got = 0;
	pid_t *pids = calloc(n, sizeof(*pids));
	char c;

	if (!pids || pipe2(ready, O_CLOEXEC) || pipe2(release, O_CLOEXEC))
		return -errno;
	usleep(300000);		/* let the previous group's deferred release finish */
	read_meminfo(&a);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			break;
		if (pids[i] == 0) {
			struct binder_version v;

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(ready[0]);
			close(release[1]);
			c = 'r';
			if (dev) {
				int fd = open(dev, O_RDWR | O_CLOEXEC);

				if (fd < 0 ||
				    mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, fd,
					 0) == MAP_FAILED ||
				    ioctl(fd, BINDER_VERSION, &v) < 0)
					c = 'e';
			}
			if (write(ready[1], &c, 1) != 1)
				_exit(1);
			/* Idle until the parent closes the release pipe. */
			while (read(release[0], &c, 1) > 0)
				;
			_exit(0);
		}
	}
	close(ready[1]);
	close(release[0]);
	while (got < i && read(ready[0], &c, 1) == 1) {
		got++;
		bad += c != 'r';
	}
	usleep(100000);
	read_meminfo(&b);
	close(release[1]);
	close(ready[0]);
	while (i--)
		waitpid(pids[i], NULL, 0);
	free(pids);
	if (got < n || bad)
		return -EIO;
	delta[0] = b.slab - a.slab;
	delta[1] = kernel_kb(&b) - kernel_kb(&a);
	delta[2] = a.free - b.free;
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static long median_long(long *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_long);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int mem_idle(FILE *raw, unsigned int nproc, unsigned int rounds)
{
	static const char *const kind[3] = { "control", "ours", "ref" };
	long d[3][3][16];	/* [kind][figure][round] */
	unsigned int k, fig;
	int r;

	if (rounds > 15)
		rounds = 15;
	/* Round -1 warms up (slab caches grow once), and is not counted. */
	for (r = -1; r < (int)rounds; r++) {
		printf("bench: idle memory, round %d/%u (%u processes per group)\n", r + 1, rounds,
		       nproc);
		fflush(stdout);
		for (k = 0; k < 3; k++) {
			unsigned int kk = (k + (unsigned int)(r + 1)) % 3;	/* rotate the order */
			long delta[3] = { 0 };
			int ret = idle_group(kk ? drv_dev[kk - 1] : NULL, nproc, delta);

			if (ret) {
				fprintf(stderr, "bench: idle group %s failed (%d)\n", kind[kk], ret);
				return ret;
			}
			if (r < 0)
				continue;
			for (fig = 0; fig < 3; fig++)
				d[kk][fig][r] = delta[fig];
			fprintf(raw, "mem idle %s %d %u slab_kb %ld kernel_kb %ld free_kb %ld\n",
				kind[kk], r, nproc, delta[0], delta[1], delta[2]);
		}
	}
	/* Median over rounds of (device - control) within the round. */
	for (k = 1; k < 3; k++) {
		double per[3];

		for (fig = 0; fig < 3; fig++) {
			long diff[16];

			for (r = 0; r < (int)rounds; r++)
				diff[r] = d[k][fig][r] - d[0][fig][r];
			per[fig] = (double)median_long(diff, rounds) / nproc;
		}
		memfig.slab_kb[k - 1] = per[0];
		memfig.kernel_kb[k - 1] = per[1];
		memfig.free_kb[k - 1] = per[2];
	}
	memfig.valid = 1;
	return 0;
}

/* The driver's allocated buffer pages (in use or cached), or -1 if unknown. */
static long driver_pages(int d)
{
	char line[256];
	long total = -1, a, l, f;
	FILE *fp;

	/*
	 * Ours: one global counter, in "counters".  Upstream: its "stats" file
	 * has a "  pages: active:lru:free" line per process.
	 */
	fp = fopen(d == 0 ? "/sys/kernel/debug/binder_ipc/counters" :
		   "/sys/kernel/debug/binder/stats", "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		if (d == 0 && sscanf(line, "page: active %ld", &a) == 1)
			total = a;
		if (d == 1 && sscanf(line, " pages: %ld:%ld:%ld", &a, &l, &f) == 3)
			total = (total < 0 ? 0 : total) + a + l;
	}
	fclose(fp);
	return total;
}

int mem_reclaim(FILE *raw)
{
	static const char *const step[4] = { "baseline", "held", "freed", "dropped" };
	struct job hold = { .code = C_HOLD, .payload = 128 * 1024, .iters = 6, .nclients = 1 };
	struct job freeall = { .code = C_FREE_HELD, .iters = 1, .nclients = 1 };
	struct job_result *res[MAX_CLIENTS];
	struct meminfo m;
	int d, s;

	for (d = 0; d < NDRV; d++) {
		printf("bench: page reclaim on %s\n", drv_name[d]);
		fflush(stdout);
		for (s = 0; s < 4; s++) {
			if (s == 0 || s == 3) {
				sync();
				write_file("/proc/sys/vm/drop_caches", "3");
			}
			if (s == 1 && binder_run(d, &hold, res))
				goto failed;
			if (s == 2 && binder_run(d, &freeall, res))
				goto failed;
			read_meminfo(&m);
			memfig.pages[d][s] = driver_pages(d);
			fprintf(raw, "mem reclaim %s %s pages %ld memavailable_kb %ld\n", drv_name[d],
				step[s], memfig.pages[d][s], m.avail);
		}
	}
	return 0;
failed:
	fprintf(stderr, "bench: reclaim burst on %s failed: %s\n", drv_name[d], res[0]->msg);
	return -EIO;
}
