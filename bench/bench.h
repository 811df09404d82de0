/* SPDX-License-Identifier: GPL-2.0 */
/*
 * binder_bench: shared declarations.
 *
 * The benchmark runs inside the test VM with both drivers loaded: ours
 * (/dev/binder) and the kernel's (/dev/refbinder).  One process, the
 * orchestrator, runs rounds; in every round each case runs on both
 * drivers, the order alternating from round to round, followed by the
 * non-binder floors.  See docs/bench.md.
 *
 *   bench.h        this file
 *   binder_bench.c main: options, the case list, rounds, output files
 *   binder_side.c  binder servers (thread pools) and client workers
 *   conn.c         a binder connection: gathered commands, one ioctl
 *   scale.c        cost as the work grows: calls with many refs held
 *   floors.c       pipe, socketpair, futex ping-pong and memcpy floors
 *   mem.c          idle memory per process, page reclaim after a burst
 *   stats.c        sample series, percentiles, raw output
 *   report.c       the table and the targets
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/android/binder.h>

#define NDRV		2	/* 0: ours, 1: upstream ("ref") */
#define MAX_CLIENTS	4	/* client worker processes per driver */
#define SERVER_THREADS	4	/* looper threads in each server */
#define MAX_ITERS	8192	/* latency samples per worker per job */
#define MAP_SIZE	((1 << 20) - 2 * 4096)	/* what libbinder maps */
#define MAX_PAYLOAD	(512 * 1024)
#define NOBJ		64	/* binder objects in the "obj64" parcel */
#define MEM_ROUNDS	5	/* rounds of idle-memory groups */

extern const char *const drv_name[NDRV];	/* "ours", "ref" */
extern const char *const drv_dev[NDRV];	/* "/dev/binder", "/dev/refbinder" */

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- futex helpers (shared, not private: the users are processes) ---- */
void futex_wait(_Atomic uint32_t *addr, uint32_t val);
void futex_wake(_Atomic uint32_t *addr);

/* ---- conn.c: a binder connection (fd, pending commands, last read) ---- */
struct conn {
	int fd;
	size_t wlen;
	uint8_t wbuf[8192];	/* room for the acks of a full rbuf, and more */
	uint8_t rbuf[4096];
	size_t rlen;		/* read_consumed of the last ioctl */
};

void put_u32(struct conn *c, uint32_t v);
void put_raw(struct conn *c, const void *p, size_t n);
void put_free(struct conn *c, binder_uintptr_t buffer);
void put_txn(struct conn *c, uint32_t bc, uint32_t handle, uint32_t code, uint32_t flags,
	     const void *data, size_t size, const binder_size_t *offs, size_t noffs);
/* Write the pending commands and read what comes (blocking). 0 or -errno. */
int xfer(struct conn *c);
/* Acknowledge BR_INCREFS/BR_ACQUIRE (@payload: its ptr and cookie). */
void ack_ref(struct conn *c, uint32_t cmd, const uint8_t *payload);

/* ---- scale.c ---- */
/* The refs case on both drivers; series "<drv>/refs-{take,call}/<N>". */
int scale_refs(FILE *raw, unsigned int max_ours, unsigned int max_ref);
extern const unsigned int refs_steps[4];
#define REFS_BATCH	100	/* new nodes per call while building */

/* ---- binder_side.c ---- */

/* Transaction codes the bench servers understand. */
enum {
	C_RT = 1,	/* reply empty */
	C_ECHO,		/* reply with the request's data */
	C_ONEWAY,	/* one-way: count it, no reply */
	C_FD,		/* one BINDER_TYPE_FD object: close it, reply empty */
	C_OBJ_SETUP,	/* NOBJ binder objects: keep a strong ref on each */
	C_OBJ,		/* NOBJ binder objects, reply empty */
	C_HOLD,		/* reply empty but keep the request buffer */
	C_FREE_HELD,	/* free every kept buffer, reply empty */
};

/* One job for one client worker. */
struct job {
	uint32_t code;		/* C_* */
	uint32_t payload;	/* request bytes (C_RT, C_ECHO, C_ONEWAY, C_HOLD) */
	uint32_t iters;		/* timed iterations */
	uint32_t warmup;	/* untimed iterations first */
	uint32_t nclients;	/* workers starting together (barrier) */
};

/* What a worker hands back. */
struct job_result {
	int err;		/* 0, or a step/errno describing the failure */
	char msg[120];
	uint64_t t_start, t_end;	/* first timed send, last timed completion */
	uint64_t lat[MAX_ITERS];	/* ns per timed iteration */
};

int binder_side_start(void);
void binder_side_stop(void);
/* Run @j on workers 0..j->nclients-1 of driver @d; results in res[i]. */
int binder_run(int d, const struct job *j, struct job_result **res);
/* The server's pid for driver @d (for upstream's debugfs). */
int binder_server_pid(int d);

/* ---- floors.c ---- */
enum floor_kind { F_PIPE, F_SOCK, F_FUTEX, F_NFLOOR };
extern const char *const floor_name[F_NFLOOR];
/* Ping-pong @iters times: @req bytes there, @rep bytes back. */
int floor_run(enum floor_kind k, size_t req, size_t rep, unsigned int iters, uint64_t *lat);
/* memcpy of @size bytes @iters times, each timed. */
void memcpy_run(size_t size, unsigned int iters, uint64_t *lat);

/* ---- mem.c ---- */
int mem_idle(FILE *raw, unsigned int nproc, unsigned int rounds);
int mem_reclaim(FILE *raw);

/* ---- stats.c ---- */
struct series {
	char name[48];		/* "ours/rt/4096", "futex/echo/128", ... */
	uint64_t *v;		/* latency samples, ns */
	size_t n, cap;
	double tput[64];	/* per-round throughput, ops/s */
	size_t ntput;
	double bmed[64];	/* median of each batch added (a round's samples) */
	size_t nbmed;
	int sorted;
};

struct series *series_get(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct series *series_find(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void series_add(struct series *s, const uint64_t *v, size_t n);
void series_add_tput(struct series *s, double ops);
/* Percentile @p (0..100, nearest rank) in µs; NaN if empty. */
double series_pct_us(struct series *s, double p);
/* Range of ours/ref per-round medians of case @c: *lo, *hi; 0 if unknown. */
int series_round_ratio(const char *c, double *lo, double *hi);
/* Median of the per-round throughputs; NaN if none. */
double series_tput_median(struct series *s);
/* Raw lines: "lat <series> <round> <n> v1 v2 ..." and "tput <series> <round> <ops/s>". */
void raw_lat(FILE *f, const char *series, int round, const uint64_t *v, size_t n);
void raw_tput(FILE *f, const char *series, int round, double ops);

/* ---- report.c ---- */
struct mem_figures {
	int valid;
	double slab_kb[NDRV], kernel_kb[NDRV], free_kb[NDRV];	/* per process */
	long pages[NDRV][4];	/* baseline, burst held, freed, after drop_caches */
};
extern struct mem_figures memfig;

extern const unsigned int rt_sizes[5];
extern const unsigned int echo_sizes[4];
extern const unsigned int mc_clients[3];

void report_table(FILE *f, unsigned int rounds, unsigned int procs);
void report_summary(FILE *f);

#endif /* BENCH_H */
