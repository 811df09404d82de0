// SPDX-License-Identifier: GPL-2.0
/*
 * Sample series.  A series ("ours/rt/4096") collects the per-iteration
 * latencies of every round, and for throughput cases one figure per round.
 * Percentiles are taken over all samples of all rounds (nearest rank);
 * throughput is the median of the per-round figures.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_SERIES	128

static struct series all[MAX_SERIES];
static int nseries;

static struct series *lookup(int create, const char *fmt, va_list ap)
{
	char name[sizeof(all[0].name)];
	int i;

	vsnprintf(name, sizeof(name), fmt, ap);
	for (i = 0; i < nseries; i++)
		if (!strcmp(all[i].name, name))
			return &all[i];
	if (!create)
		return NULL;
	if (nseries == MAX_SERIES) {
		fprintf(stderr, "bench: too many series\n");
		exit(2);
	}
	snprintf(all[nseries].name, sizeof(all[nseries].name), "%s", name);
	return &all[nseries++];
}

struct series *series_get(const char *fmt, ...)
{
	struct series *s;
	va_list ap;

	va_start(ap, fmt);
	s = lookup(1, fmt, ap);
	va_end(ap);
	return s;
}

struct series *series_find(const char *fmt, ...)
{
	struct series *s;
	va_list ap;

	va_start(ap, fmt);
	s = lookup(0, fmt, ap);
	va_end(ap);
	return s;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void series_add(struct series *s, const uint64_t *v, size_t n)
{
	if (s->n + n > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;

		while (cap < s->n + n)
			cap *= 2;
		s->v = realloc(s->v, cap * sizeof(*s->v));
		if (!s->v) {
			fprintf(stderr, "bench: out of memory\n");
			exit(2);
		}
		s->cap = cap;
	}
	memcpy(s->v + s->n, v, n * sizeof(*v));
	if (n && s->nbmed < sizeof(s->bmed) / sizeof(s->bmed[0])) {
		uint64_t *tmp = malloc(n * sizeof(*tmp));

		if (tmp) {
			memcpy(tmp, v, n * sizeof(*v));
			qsort(tmp, n, sizeof(*tmp), cmp_u64);
			s->bmed[s->nbmed++] = (double)tmp[(n - 1) / 2];
			free(tmp);
		}
	}
	s->n += n;
	s->sorted = 0;
}

int series_round_ratio(const char *c, double *lo, double *hi)
{
	struct series *o = series_find("ours/%s", c), *r = series_find("ref/%s", c);
	size_t i;

	if (!o || !r || !o->nbmed || o->nbmed != r->nbmed)
		return 0;
	*lo = INFINITY;
	*hi = 0;
	for (i = 0; i < o->nbmed; i++) {
		double q = o->bmed[i] / r->bmed[i];

		*lo = q < *lo ? q : *lo;
		*hi = q > *hi ? q : *hi;
	}
	return 1;
}

void series_add_tput(struct series *s, double ops)
{
	if (s->ntput < sizeof(s->tput) / sizeof(s->tput[0]))
		s->tput[s->ntput++] = ops;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double series_pct_us(struct series *s, double p)
{
	size_t rank;

	if (!s || !s->n)
		return NAN;
	if (!s->sorted) {
		qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
		s->sorted = 1;
	}
	/* Nearest rank: the smallest sample with at least p% at or below it. */
	rank = (size_t)ceil(p / 100.0 * (double)s->n);
	rank = rank ? rank - 1 : 0;
	if (rank >= s->n)
		rank = s->n - 1;
	return (double)s->v[rank] / 1000.0;
}

double series_tput_median(struct series *s)
{
	double t[64];
	size_t n;

	if (!s || !s->ntput)
		return NAN;
	n = s->ntput;
	memcpy(t, s->tput, n * sizeof(t[0]));
	qsort(t, n, sizeof(t[0]), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

void raw_lat(FILE *f, const char *series, int round, const uint64_t *v, size_t n)
{
	size_t i;

	fprintf(f, "lat %s %d %zu", series, round, n);
	for (i = 0; i < n; i++)
		fprintf(f, " %llu", (unsigned long long)v[i]);
	fputc('\n', f);
}

void raw_tput(FILE *f, const char *series, int round, double ops)
{
	fprintf(f, "tput %s %d %.1f\n", series, round, ops);
}
