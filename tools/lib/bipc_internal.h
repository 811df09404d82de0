/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bipc_internal.h - what the files of libbinderipc share and users of
 * binderipc.h do not see: the connection structure, the command writer,
 * the return-stream processor and the library's log.
 */
#ifndef BIPC_INTERNAL_H
#define BIPC_INTERNAL_H

#include <pthread.h>
#include <signal.h>

#include "binderipc.h"

/**
 * struct bipc - one open binder device
 * @fd:        the binder fd (O_NONBLOCK)
 * @map:       the receive mapping
 * @map_size:  its size
 * @stop_fd:   eventfd; readable once bipc_stop() was called
 * @stopping:  set by bipc_stop()
 * @lock:      protects @objects, @mgr, @deaths, the counts of the objects,
 *             and the thread pool fields
 * @objects:   registered local objects
 * @mgr:       the object behind handle 0 if we are the context manager
 * @deaths:    death records in use
 * @max_threads: BINDER_SET_MAX_THREADS value
 * @started:   pool threads started
 * @threads:   their ids
 */
struct bipc {
	int fd;
	void *map;
	size_t map_size;
	int stop_fd;
	volatile sig_atomic_t stopping;
	pthread_mutex_t lock;
	struct bipc_object *objects;
	struct bipc_object *mgr;
	struct bipc_death *deaths;
	unsigned int max_threads;
	unsigned int started;
	pthread_t threads[BIPC_MAX_THREADS];
};

/* States of a struct bipc_death. */
enum {
	BIPC_DEATH_IDLE = 0,	/* not in use */
	BIPC_DEATH_ARMED,	/* requested */
	BIPC_DEATH_FIRED,	/* died() was called */
	BIPC_DEATH_CLEARING,	/* clear sent, waiting for the driver */
};

/* Commands of one write: room for a few BC_* with their payloads. */
struct bipc_cmds {
	uint8_t buf[256];
	size_t len;
	int err;
};

void bipc_cmds_init(struct bipc_cmds *c);
void bipc_cmd_u32(struct bipc_cmds *c, uint32_t v);
void bipc_cmd_raw(struct bipc_cmds *c, const void *p, size_t n);
/* Write all of @c (draining thread work if the driver stops early). */
int bipc_cmds_write(struct bipc *b, const struct bipc_cmds *c);

/* Write BC_TRANSACTION or BC_REPLY (@bc) carrying @data. */
int bipc_write_txn(struct bipc *b, uint32_t bc, uint32_t handle, uint32_t code, uint32_t flags,
		   const struct bipc_parcel *data);

/*
 * What a thread waiting in bipc_transact() expects from the return
 * stream; NULL when the thread only loops.
 */
struct bipc_wait {
	bool oneway;
	bool done;
	int ret;
	struct bipc_parcel *reply;
	int32_t *status;
};

/*
 * Wait up to @timeout_ms (-1: forever) for the driver, read once and
 * process what came; 0 (also after EINTR), -ETIMEDOUT or -errno.
 */
int bipc_read_and_process(struct bipc *b, struct bipc_wait *w, int timeout_ms);

/* Take @d off the connection's list; it becomes BIPC_DEATH_IDLE. */
void bipc_death_unlink_locked(struct bipc *b, struct bipc_death *d);

/* Make @p a received parcel over @tr (checked against the mapping). */
int bipc_parcel_received(struct bipc *b, struct bipc_parcel *p,
			 const struct binder_transaction_data *tr);
/* Close the fds of a received parcel and free its buffer. */
void bipc_release_received(struct bipc *b, struct bipc_parcel *p);

/* The library's diagnostics on stderr, prefixed with the program name. */
void bipc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BIPC_INTERNAL_H */
