// SPDX-License-Identifier: GPL-2.0
/*
 * binder_bench: ours (/dev/binder) against upstream (/dev/refbinder), with
 * non-binder floors, inside one VM.
 *
 *   binder_bench [-r ROUNDS] [-n ITERS] [-p PROCS] [-N REFS] [-R REFS] [-o DIR]
 *
 * A warm-up round (not recorded), then ROUNDS rounds.  In every round each
 * binder case runs on both drivers back to back, ours first in even rounds
 * and upstream first in odd ones, so that slow drifts of the machine (TCG,
 * other guests on the host) hit both alike; then the floors of that round
 * run.  ITERS is the number of timed calls per case, driver and round for
 * small payloads (fewer for large ones, see iters_for()).  Then the memory
 * refs case (scale.c: up to -N refs held on ours, -R on upstream; the
 * steps are 10, 10^3, 10^4, 10^5), then the memory measurements (PROCS
 * idle processes per group).
 *
 * Writes DIR/raw.txt (every sample), DIR/summary.tsv (for the plot) and
 * DIR/table.txt (also printed).  Exits 0 when every call succeeded, 1 when
 * something failed and the figures are not valid, 2 on bad usage.  It never
 * fails because a figure is bad: it measures, it does not judge.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

const unsigned int rt_sizes[5] = { 0, 128, 4096, 65536, 524288 };
const unsigned int echo_sizes[4] = { 128, 4096, 65536, 524288 };
const unsigned int mc_clients[3] = { 1, 2, 4 };

static unsigned int base_iters = 500;
static FILE *raw;
static uint64_t t_begin;

/* Fewer iterations where one takes long, so every case costs about alike. */
static unsigned int iters_for(unsigned int payload)
{
	unsigned int n = base_iters;

	if (payload >= 512 * 1024)
		n /= 8;
	else if (payload >= 64 * 1024)
		n /= 3;
	return n < 10 ? 10 : n;
}

static void record_lat(const char *name, int round, const uint64_t *v, size_t n)
{
	if (round < 0)
		return;
	series_add(series_get("%s", name), v, n);
	raw_lat(raw, name, round, v, n);
}

static void record_tput(const char *name, int round, double ops)
{
	if (round < 0)
		return;
	series_add_tput(series_get("%s", name), ops);
	raw_tput(raw, name, round, ops);
}

/*
 * Run @j on both drivers (order by round) and record "<driver>/<name>".
 * With @tput, also a throughput figure: calls completed (one-way: received
 * by the server) per second, from the first send of any client to the last
 * completion.
 */
static int binder_case(int round, const char *name, struct job j, int tput)
{
	int k;

	if (round < 0)		/* warm-up: fewer, unrecorded */
		j.iters = j.iters / 5 + 2;
	/* Untimed calls first: the first few after a pause are slow under TCG. */
	j.warmup = j.iters / 20 + 5;
	for (k = 0; k < NDRV; k++) {
		int d = (round & 1) ? NDRV - 1 - k : k;
		struct job_result *res[MAX_CLIENTS];
		uint64_t t0 = UINT64_MAX, t1 = 0;
		char full[64];
		unsigned int i;

		snprintf(full, sizeof(full), "%s/%s", drv_name[d], name);
		if (binder_run(d, &j, res)) {
			for (i = 0; i < j.nclients; i++)
				if (res[i]->err || res[i]->msg[0])
					fprintf(stderr, "bench: %s, client %u: %s\n", full, i,
						res[i]->msg);
			return -1;
		}
		for (i = 0; i < j.nclients; i++) {
			record_lat(full, round, res[i]->lat, j.iters);
			if (res[i]->t_start < t0)
				t0 = res[i]->t_start;
			if (res[i]->t_end > t1)
				t1 = res[i]->t_end;
		}
		if (tput && t1 > t0)
			record_tput(full, round, (double)j.iters * j.nclients * 1e9 / (double)(t1 - t0));
	}
	return 0;
}

static int floor_case(int round, enum floor_kind k, const char *what, size_t req, size_t rep)
{
	unsigned int n = iters_for((unsigned int)(req > rep ? req : rep));
	uint64_t *lat = calloc(n + n / 10 + 2, sizeof(*lat));
	char name[64];
	int ret;

	if (!lat)
		return -ENOMEM;
	if (round < 0)
		n = n / 5 + 2;
	ret = floor_run(k, req, rep, n, lat);
	if (ret)
		fprintf(stderr, "bench: floor %s/%s/%zu failed (%d)\n", floor_name[k], what, req, ret);
	snprintf(name, sizeof(name), "%s/%s/%zu", floor_name[k], what, req);
	if (!ret)
		record_lat(name, round, lat, n);
	free(lat);
	return ret;
}

static int run_round(int round)
{
	struct job j = { 0 };
	char name[64];
	unsigned int i, k;

	for (i = 0; i < 5; i++) {
		j = (struct job){ .code = C_RT, .payload = rt_sizes[i],
				  .iters = iters_for(rt_sizes[i]), .nclients = 1 };
		snprintf(name, sizeof(name), "rt/%u", rt_sizes[i]);
		if (binder_case(round, name, j, 0))
			return -1;
	}
	for (i = 0; i < 4; i++) {
		j = (struct job){ .code = C_ECHO, .payload = echo_sizes[i],
				  .iters = iters_for(echo_sizes[i]), .nclients = 1 };
		snprintf(name, sizeof(name), "echo/%u", echo_sizes[i]);
		if (binder_case(round, name, j, 0))
			return -1;
	}
	j = (struct job){ .code = C_FD, .iters = base_iters, .nclients = 1 };
	if (binder_case(round, "fd", j, 0))
		return -1;
	j = (struct job){ .code = C_OBJ, .iters = base_iters / 2, .nclients = 1 };
	if (binder_case(round, "obj64", j, 0))
		return -1;
	j = (struct job){ .code = C_ONEWAY, .payload = 128, .iters = 4 * base_iters,
			  .nclients = 1 };
	if (binder_case(round, "oneway/128", j, 1))
		return -1;
	for (i = 0; i < 3; i++) {
		j = (struct job){ .code = C_RT, .iters = base_iters,
				  .nclients = mc_clients[i] };
		snprintf(name, sizeof(name), "mc/%u", mc_clients[i]);
		if (binder_case(round, name, j, 1))
			return -1;
	}
	/* The floors of this round: same payloads, no binder. */
	for (i = 0; i < 5; i++)
		for (k = 0; k < F_NFLOOR; k++)
			if (floor_case(round, k, "rt", rt_sizes[i], 0))
				return -1;
	for (i = 0; i < 4; i++)
		for (k = 0; k < F_NFLOOR; k++)
			if (floor_case(round, k, "echo", echo_sizes[i], echo_sizes[i]))
				return -1;
	for (i = 1; i < 5; i++) {
		unsigned int n = iters_for(rt_sizes[i]);
		uint64_t *lat = calloc(n, sizeof(*lat));

		if (!lat)
			return -1;
		memcpy_run(rt_sizes[i], n, lat);
		snprintf(name, sizeof(name), "memcpy/%u", rt_sizes[i]);
		record_lat(name, round, lat, n);
		free(lat);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: binder_bench [-r ROUNDS] [-n ITERS] [-p PROCS] [-N REFS] [-R REFS] "
			"[-o DIR]\n");
	exit(2);
}

static FILE *open_out(const char *dir, const char *file)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bench: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static double elapsed(void)
{
	return (double)(now_ns() - t_begin) / 1e9;
}

int main(int argc, char **argv)
{
	unsigned int rounds = 7, procs = 128;
	/* Upstream 6.1 scans its refs for a new handle: 10^5 would take long. */
	unsigned int max_refs[NDRV] = { 100000, 10000 };
	const char *dir = ".";
	FILE *f;
	int opt, r, ret = 0;

	while ((opt = getopt(argc, argv, "r:n:p:o:N:R:")) != -1) {
		switch (opt) {
		case 'N': max_refs[0] = (unsigned int)atoi(optarg); break;
		case 'R': max_refs[1] = (unsigned int)atoi(optarg); break;
		case 'r': rounds = (unsigned int)atoi(optarg); break;
		case 'n': base_iters = (unsigned int)atoi(optarg); break;
		case 'p': procs = (unsigned int)atoi(optarg); break;
		case 'o': dir = optarg; break;
		default: usage();
		}
	}
	if (!rounds || rounds > 60 || base_iters < 10 || 4 * base_iters > MAX_ITERS || !procs)
		usage();
	mkdir(dir, 0755);
	raw = open_out(dir, "raw.txt");
	t_begin = now_ns();
	fprintf(raw, "# binder_bench raw samples: rounds %u iters %u procs %u\n", rounds, base_iters,
		procs);
	fprintf(raw, "# lat <driver|floor>/<case> <round> <n> <ns>...; tput <series> <round> <ops/s>\n");
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (binder_side_start()) {
		fprintf(stderr, "bench: cannot start the binder servers and clients\n");
		return 1;
	}
	for (r = -1; r < (int)rounds && !ret; r++) {
		if (r < 0)
			printf("bench: warm-up round (%.0f s)\n", elapsed());
		else
			printf("bench: round %d/%u (%.0f s)\n", r + 1, rounds, elapsed());
		ret = run_round(r);
	}
	if (!ret) {
		printf("bench: memory (%.0f s)\n", elapsed());
		ret = mem_reclaim(raw);
	}
	/* Idle memory needs no servers: stop them first, so nothing else runs. */
	binder_side_stop();
	if (!ret) {
		printf("bench: refs held, up to %u (upstream %u) (%.0f s)\n", max_refs[0],
		       max_refs[1], elapsed());
		ret = scale_refs(raw, max_refs[0], max_refs[1]);
	}
	if (!ret)
		ret = mem_idle(raw, procs, MEM_ROUNDS);
	fclose(raw);
	if (ret) {
		fprintf(stderr, "bench: a run failed: the results are not valid\n");
		return 1;
	}
	printf("bench: done (%.0f s)\n\n", elapsed());
	report_table(stdout, rounds, procs);
	f = open_out(dir, "table.txt");
	report_table(f, rounds, procs);
	fclose(f);
	f = open_out(dir, "summary.tsv");
	report_summary(f);
	fclose(f);
	return 0;
}
