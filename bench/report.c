// SPDX-License-Identifier: GPL-2.0
/*
 * The report: a table of medians and p99 per case, ours against upstream
 * and each against its floor, the memory figures, and the targets of
 * issue 5 evaluated (reported, never enforced).  Also the summary the plot
 * is drawn from.
 */
#include <math.h>
#include <string.h>

#include "bench.h"

/* Floors in the columns of the table and of summary.tsv. */
static const enum floor_kind floor_cols[F_NFLOOR] = { F_FUTEX, F_PIPE, F_SOCK };

static double pct(const char *drv, const char *c, double p)
{
	return series_pct_us(series_find("%s/%s", drv, c), p);
}

static double tput(const char *drv, const char *c)
{
	return series_tput_median(series_find("%s/%s", drv, c));
}

/* The floor a latency case is compared with: futex ping-pong, same payloads. */
static void floor_of(const char *c, char *out, size_t len)
{
	if (!strncmp(c, "rt/", 3) || !strncmp(c, "echo/", 5))
		snprintf(out, len, "%s", c);
	else
		snprintf(out, len, "rt/0");
}

static const char *size_str(unsigned int n, char *buf)
{
	if (n >= 1024)
		sprintf(buf, "%u KiB", n / 1024);
	else
		sprintf(buf, "%u B", n);
	return buf;
}

static void lat_row(FILE *f, const char *label, const char *c)
{
	double o50 = pct("ours", c, 50), o99 = pct("ours", c, 99);
	double r50 = pct("ref", c, 50), r99 = pct("ref", c, 99);
	char fl[32];
	double f50;

	floor_of(c, fl, sizeof(fl));
	f50 = pct("futex", fl, 50);
	double lo, hi;
	char range[32] = "-";

	if (series_round_ratio(c, &lo, &hi))
		snprintf(range, sizeof(range), "%.2f-%.2f", lo, hi);
	fprintf(f, "%-22s %9.1f %9.1f %9.1f %9.1f %8.2f %10s %8.2f %9.1f %8.2f %8.2f\n", label,
		o50, o99, r50, r99, o50 / r50, range, o99 / r99, f50, o50 / f50, r50 / f50);
}

static void tput_row(FILE *f, const char *label, const char *c)
{
	struct series *so = series_find("ours/%s", c), *sr = series_find("ref/%s", c);
	double o = tput("ours", c), r = tput("ref", c), lo = INFINITY, hi = 0;
	char range[32] = "-";
	size_t i;

	/* Per-round ratios: both drivers ran back to back in each round. */
	if (so && sr && so->ntput && so->ntput == sr->ntput) {
		for (i = 0; i < so->ntput; i++) {
			double q = so->tput[i] / sr->tput[i];

			lo = q < lo ? q : lo;
			hi = q > hi ? q : hi;
		}
		snprintf(range, sizeof(range), "%.2f-%.2f", lo, hi);
	}
	fprintf(f, "%-22s %9.2f %9.2f %8.2f %10s %9.1f %9.1f %9.1f %9.1f\n", label, o / 1000,
		r / 1000, o / r, range, pct("ours", c, 50), pct("ours", c, 99), pct("ref", c, 50),
		pct("ref", c, 99));
}

/* A target line: "[met]" or "[MISSED]", then the figure. */
static void target(FILE *f, int ok, const char *what, const char *detail)
{
	fprintf(f, "  %-8s %s: %s\n", ok ? "[met]" : "[MISSED]", what, detail);
}

static void targets(FILE *f)
{
	static const char *const lat_cases[] = { "rt/0", "rt/128", "rt/4096", "rt/65536",
						 "rt/524288", "echo/128", "echo/4096",
						 "echo/65536", "echo/524288", "fd", "obj64",
						 "mc/1", "mc/2", "mc/4" };
	char detail[200], worst_c[32] = "-", buf[16];
	double worst = 0, ratio;
	unsigned int i, ok;

	fprintf(f, "\nTargets (issue 5; reported, not enforced)\n");
	for (i = 0, ok = 1; i < 5; i++) {
		char c[32];

		snprintf(c, sizeof(c), "rt/%u", rt_sizes[i]);
		ratio = pct("ours", c, 50) / pct("ref", c, 50);
		if (!(ratio <= 0.85))
			ok = 0;
		if (isnan(ratio) || ratio > worst) {
			worst = ratio;
			snprintf(worst_c, sizeof(worst_c), "%s", size_str(rt_sizes[i], buf));
		}
	}
	snprintf(detail, sizeof(detail), "worst ours/ref %.2f at %s", worst, worst_c);
	target(f, ok, "sync round trip p50 ours <= 0.85 x ref at every payload", detail);

	ratio = tput("ours", "oneway/128") / tput("ref", "oneway/128");
	snprintf(detail, sizeof(detail), "ours/ref %.2f", ratio);
	target(f, ratio >= 1.2, "one-way throughput ours >= 1.2 x ref", detail);

	for (i = 0, ok = 1, worst = INFINITY; i < 3; i++) {
		char c[32];

		snprintf(c, sizeof(c), "mc/%u", mc_clients[i]);
		ratio = tput("ours", c) / tput("ref", c);
		if (!(ratio >= 1.2))
			ok = 0;
		if (isnan(ratio) || ratio < worst) {
			worst = ratio;
			snprintf(worst_c, sizeof(worst_c), "P=%u", mc_clients[i]);
		}
	}
	snprintf(detail, sizeof(detail), "worst ours/ref %.2f at %s", worst, worst_c);
	target(f, ok, "multi-client throughput ours >= 1.2 x ref for P = 1, 2, 4", detail);

	for (i = 0, ok = 0, worst = 0; i < sizeof(lat_cases) / sizeof(lat_cases[0]); i++) {
		ratio = pct("ours", lat_cases[i], 99) / pct("ref", lat_cases[i], 99);
		if (ratio <= 1.0)
			ok++;
		if (isnan(ratio) || ratio > worst) {
			worst = ratio;
			snprintf(worst_c, sizeof(worst_c), "%s", lat_cases[i]);
		}
	}
	snprintf(detail, sizeof(detail), "%u of %zu cases; worst ours/ref %.2f at %s", ok,
		 sizeof(lat_cases) / sizeof(lat_cases[0]), worst, worst_c);
	target(f, ok == sizeof(lat_cases) / sizeof(lat_cases[0]), "p99 ours <= ref in every latency case",
	       detail);

	if (memfig.valid) {
		snprintf(detail, sizeof(detail), "kernel %.2f vs %.2f KiB, slab %.2f vs %.2f KiB",
			 memfig.kernel_kb[0], memfig.kernel_kb[1], memfig.slab_kb[0],
			 memfig.slab_kb[1]);
		target(f, memfig.kernel_kb[0] <= memfig.kernel_kb[1],
		       "idle kernel memory per process ours <= ref", detail);
	}
}

/* Cost as the refs a process holds grow (scale.c); "-" where not measured. */
static void refs_table(FILE *f)
{
	static const char *const kind[3] = { "take", "call", "build" };
	unsigned int s, k;
	int d;

	fprintf(f, "\nrefs held by one process: p50 in us of a call that takes a new handle "
		   "(take), of a call through a random handle (call);\n"
		   "build: us per new handle while building up to that many, %d at a time\n", REFS_BATCH);
	fprintf(f, "%-10s", "refs");
	for (k = 0; k < 3; k++)
		for (d = 0; d < NDRV; d++) {
			char h[24];

			snprintf(h, sizeof(h), "%s %s", drv_name[d], kind[k]);
			fprintf(f, " %10s", h);
		}
	fprintf(f, "\n");
	for (s = 0; s < sizeof(refs_steps) / sizeof(refs_steps[0]); s++) {
		fprintf(f, "%-10u", refs_steps[s]);
		for (k = 0; k < 3; k++)
			for (d = 0; d < NDRV; d++) {
				struct series *se = series_find("%s/refs-%s/%u", drv_name[d], kind[k],
								refs_steps[s]);
				double v = se ? series_pct_us(se, 50) : NAN;

				if (isnan(v))
					fprintf(f, " %10s", "-");
				else
					fprintf(f, " %10.1f", v);
			}
		fprintf(f, "\n");
	}
	fprintf(f, "upstream 6.1 finds a new handle by walking all the refs of the process; "
		   "ours, in a bitmap\n");
}

void report_table(FILE *f, unsigned int rounds, unsigned int procs)
{
	static const char *const step[4] = { "baseline", "held", "freed", "drop_caches" };
	char label[64], c[32], buf[16];
	unsigned int i, k;
	int d;

	fprintf(f, "binder_ipc benchmark: ours = /dev/binder (binder_ipc), ref = /dev/refbinder "
		   "(upstream binder_linux)\n");
	fprintf(f, "%u rounds, drivers interleaved; p50 and p99 over all samples, in us per call\n\n",
		rounds);
	fprintf(f, "%-22s %9s %9s %9s %9s %8s %10s %8s %9s %8s %8s\n", "latency (us)", "ours p50",
		"ours p99", "ref p50", "ref p99", "o/r p50", "per round", "o/r p99", "floor p50",
		"o/floor", "r/floor");
	for (i = 0; i < 5; i++) {
		snprintf(label, sizeof(label), "sync rt %s", size_str(rt_sizes[i], buf));
		snprintf(c, sizeof(c), "rt/%u", rt_sizes[i]);
		lat_row(f, label, c);
	}
	for (i = 0; i < 4; i++) {
		snprintf(label, sizeof(label), "echo %s", size_str(echo_sizes[i], buf));
		snprintf(c, sizeof(c), "echo/%u", echo_sizes[i]);
		lat_row(f, label, c);
	}
	lat_row(f, "fd passing (1 fd)", "fd");
	lat_row(f, "64 binder objects", "obj64");
	fprintf(f, "per round: range of ours/ref of the per-round medians (how stable o/r is)\n");
	fprintf(f, "floor = futex ping-pong over shared memory with the same payloads "
		   "(0 B for fd and objects)\n\n");

	fprintf(f, "%-22s %9s %9s %8s %10s %9s %9s %9s %9s\n", "throughput (k/s)", "ours", "ref",
		"o/r", "per round", "ours p50", "ours p99", "ref p50", "ref p99");
	tput_row(f, "one-way 128 B", "oneway/128");
	for (i = 0; i < 3; i++) {
		snprintf(label, sizeof(label), "%u client%s x pool of %d", mc_clients[i],
			 mc_clients[i] > 1 ? "s" : "", SERVER_THREADS);
		snprintf(c, sizeof(c), "mc/%u", mc_clients[i]);
		tput_row(f, label, c);
	}
	fprintf(f, "median of per-round throughput; p50/p99 in us per call (one-way: per send)\n\n");

	fprintf(f, "%-22s %17s %17s %17s %17s\n", "floors p50/p99 (us)", "memcpy", "futex", "pipe",
		"socketpair");	/* the order of floor_cols[] */
	for (k = 0; k < 2; k++) {
		const unsigned int *sizes = k ? echo_sizes : rt_sizes;
		unsigned int n = k ? 4 : 5;

		for (i = 0; i < n; i++) {
			const char *what = k ? "echo" : "rt";
			int j;

			snprintf(label, sizeof(label), "%s %s", what, size_str(sizes[i], buf));
			fprintf(f, "%-22s", label);
			snprintf(c, sizeof(c), "%u", sizes[i]);
			if (k || !sizes[i])
				fprintf(f, " %17s", "-");
			else
				fprintf(f, " %8.1f/%-8.1f", pct("memcpy", c, 50), pct("memcpy", c, 99));
			for (j = 0; j < F_NFLOOR; j++) {
				const char *fl = floor_name[floor_cols[j]];

				snprintf(c, sizeof(c), "%s/%u", what, sizes[i]);
				fprintf(f, " %8.1f/%-8.1f", pct(fl, c, 50), pct(fl, c, 99));
			}
			fprintf(f, "\n");
		}
	}

	if (memfig.valid) {
		fprintf(f, "\nidle memory per process (KiB; open + mmap %d KiB + BINDER_VERSION; "
			   "median of %d rounds of %u processes, minus a control group)\n",
			MAP_SIZE / 1024, MEM_ROUNDS, procs);
		fprintf(f, "%-44s %9s %9s\n", "", "ours", "ref");
		fprintf(f, "%-44s %9.2f %9.2f\n", "slab", memfig.slab_kb[0], memfig.slab_kb[1]);
		fprintf(f, "%-44s %9.2f %9.2f\n", "kernel (slab+stacks+page tables+vmalloc)",
			memfig.kernel_kb[0], memfig.kernel_kb[1]);
		fprintf(f, "%-44s %9.2f %9.2f\n", "MemFree drop (everything; noisy)",
			memfig.free_kb[0], memfig.free_kb[1]);
	}
	fprintf(f, "\npage reclaim: driver's allocated buffer pages (6 x 128 KiB held, freed, then "
		   "drop_caches)\n");
	fprintf(f, "%-10s", "");
	for (i = 0; i < 4; i++)
		fprintf(f, " %12s", step[i]);
	fprintf(f, "  %s\n", "back to baseline?");
	for (d = 0; d < NDRV; d++) {
		long *p = memfig.pages[d];

		fprintf(f, "%-10s", drv_name[d]);
		for (i = 0; i < 4; i++)
			fprintf(f, " %12ld", p[i]);
		fprintf(f, "  %s\n", p[3] >= 0 && p[1] > p[0] && p[3] <= p[0] ? "yes" : "NO");
	}
	refs_table(f);
	targets(f);
}

void report_summary(FILE *f)
{
	unsigned int k, i, j;

	for (k = 0; k < 2; k++) {
		const unsigned int *sizes = k ? echo_sizes : rt_sizes;
		const char *what = k ? "echo" : "rt";
		unsigned int n = k ? 4 : 5;
		char c[32], buf[16], *sp;

		if (k)
			fprintf(f, "\n\n");	/* gnuplot: next data set (index 1) */
		fprintf(f, "# %s: payload label ours_p50 ref_p50 futex pipe sock memcpy "
			   "ours_p99 ref_p99 (us)\n", what);
		for (i = 0; i < n; i++) {
			double v[8];

			snprintf(c, sizeof(c), "%s/%u", what, sizes[i]);
			v[0] = pct("ours", c, 50);
			v[1] = pct("ref", c, 50);
			for (j = 0; j < F_NFLOOR; j++)
				v[2 + j] = pct(floor_name[floor_cols[j]], c, 50);
			snprintf(c, sizeof(c), "%u", sizes[i]);
			v[5] = pct("memcpy", c, 50);
			snprintf(c, sizeof(c), "%s/%u", what, sizes[i]);
			v[6] = pct("ours", c, 99);
			v[7] = pct("ref", c, 99);
			size_str(sizes[i], buf);
			for (sp = buf; *sp; sp++)	/* one word for gnuplot: "4KiB" */
				if (*sp == ' ')
					memmove(sp, sp + 1, strlen(sp));
			fprintf(f, "%u %s", sizes[i], buf);
			for (j = 0; j < 8; j++) {
				if (isnan(v[j]))
					fprintf(f, " ?");
				else
					fprintf(f, " %.2f", v[j]);
			}
			fprintf(f, "\n");
		}
	}
}
