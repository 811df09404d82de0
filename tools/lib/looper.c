// SPDX-License-Identifier: GPL-2.0
/*
 * looper.c - reading what the driver returns (BR_*) and acting on it:
 * incoming transactions dispatched to local objects, replies handed to
 * the waiting bipc_transact(), reference counts, death notifications,
 * and the thread pool (BR_SPAWN_LOOPER).
 *
 * Any thread may see any of these: a thread waiting for a reply also
 * serves nested calls, so both bipc_loop() and bipc_transact() run
 * everything through process_returns().
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bipc_internal.h"

/* One read: room for several returns of the largest size. */
#define READ_SIZE	(8 * (4 + sizeof(struct binder_transaction_data_secctx)))

/* ---- objects and references ---- */

/* The registered object the driver calls @ptr/@cookie, or NULL. */
static struct bipc_object *find_object(struct bipc *b, binder_uintptr_t ptr,
				       binder_uintptr_t cookie)
{
	struct bipc_object *o, *found = NULL;

	pthread_mutex_lock(&b->lock);
	if (!ptr && !cookie) {
		found = b->mgr;
	} else {
		for (o = b->objects; o; o = o->next) {
			if ((uintptr_t)o == ptr && (uintptr_t)o == cookie) {
				found = o;
				break;
			}
		}
	}
	pthread_mutex_unlock(&b->lock);
	return found;
}

/* BR_INCREFS/ACQUIRE/RELEASE/DECREFS: count, ack the first two. */
static int handle_ref(struct bipc *b, uint32_t cmd, const struct binder_ptr_cookie *pc)
{
	struct bipc_object *o = find_object(b, pc->ptr, pc->cookie);
	struct bipc_cmds c;
	int *count, ret;
	int delta = cmd == BR_INCREFS || cmd == BR_ACQUIRE ? 1 : -1;

	if (o) {
		count = cmd == BR_INCREFS || cmd == BR_DECREFS ? &o->weak : &o->strong;
		pthread_mutex_lock(&b->lock);
		if (*count + delta < 0)
			bipc_log("reference count of object %p would go below 0", (void *)o);
		else
			*count += delta;
		pthread_mutex_unlock(&b->lock);
	} else {
		bipc_log("reference message for unknown object %#llx",
			 (unsigned long long)pc->ptr);
	}
	if (cmd == BR_INCREFS || cmd == BR_ACQUIRE) {
		/* Always acknowledged: the driver holds a temporary reference until then. */
		bipc_cmds_init(&c);
		bipc_cmd_u32(&c, cmd == BR_INCREFS ? BC_INCREFS_DONE : BC_ACQUIRE_DONE);
		bipc_cmd_raw(&c, pc, sizeof(*pc));
		ret = bipc_cmds_write(b, &c);
		if (ret)
			return ret;
	}
	if (o && o->refs_changed)
		o->refs_changed(b, o);
	return 0;
}

/* The registered death record @cookie names, or NULL. */
static struct bipc_death *find_death_locked(struct bipc *b, binder_uintptr_t cookie)
{
	struct bipc_death *d;

	for (d = b->deaths; d; d = d->next)
		if ((uintptr_t)d == cookie)
			return d;
	return NULL;
}

static int handle_dead_binder(struct bipc *b, binder_uintptr_t cookie)
{
	struct bipc_death *d;
	struct bipc_cmds c;
	bool call = false;

	pthread_mutex_lock(&b->lock);
	d = find_death_locked(b, cookie);
	if (d && d->state == BIPC_DEATH_ARMED) {
		d->state = BIPC_DEATH_FIRED;
		call = true;
	}
	pthread_mutex_unlock(&b->lock);
	if (!d)
		bipc_log("BR_DEAD_BINDER for unknown cookie %#llx", (unsigned long long)cookie);
	if (call && d->died)
		d->died(b, d);
	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, BC_DEAD_BINDER_DONE);
	bipc_cmd_raw(&c, &cookie, sizeof(cookie));
	return bipc_cmds_write(b, &c);
}

static void handle_clear_done(struct bipc *b, binder_uintptr_t cookie)
{
	struct bipc_death *d;

	pthread_mutex_lock(&b->lock);
	d = find_death_locked(b, cookie);
	if (d)
		bipc_death_unlink_locked(b, d);
	pthread_mutex_unlock(&b->lock);
	if (!d)
		bipc_log("BR_CLEAR_DEATH_NOTIFICATION_DONE for unknown cookie %#llx",
			 (unsigned long long)cookie);
	else if (d->cleared)
		d->cleared(b, d);
}

/* ---- incoming transactions ---- */

/* Send the reply to the transaction this thread is serving. */
static int send_reply(struct bipc *b, const struct bipc_parcel *reply, int32_t status)
{
	struct bipc_parcel status_parcel = {
		.data = (uint8_t *)&status,
		.size = sizeof(status),
	};

	if (status)
		return bipc_write_txn(b, BC_REPLY, 0, 0, TF_STATUS_CODE, &status_parcel);
	return bipc_write_txn(b, BC_REPLY, 0, 0, 0, reply);
}

/* Run the object's handler; PING is answered for every object. */
static int32_t call_handler(struct bipc *b, struct bipc_object *o, const struct bipc_txn *txn,
			    struct bipc_parcel *in, struct bipc_parcel *reply)
{
	int32_t status;

	if (txn->code == BIPC_PING_TRANSACTION)
		return 0;
	if (!o) {
		bipc_log("transaction %#x for an unknown object", txn->code);
		return -EBADMSG;	/* Android's UNKNOWN_TRANSACTION */
	}
	if (!o->handler)
		return -EBADMSG;
	status = o->handler(b, o, txn, in, reply);
	if (!status && reply->err)
		status = reply->err;
	return status;
}

/*
 * A BR_TRANSACTION(_SEC_CTX): dispatch, reply unless one-way, then free
 * the request (after the reply, which may pass on the request's objects).
 */
static int handle_transaction(struct bipc *b, const struct binder_transaction_data *tr,
			      const char *secctx)
{
	struct bipc_txn txn = {
		.code = tr->code,
		.flags = tr->flags,
		.sender_pid = tr->sender_pid,
		.sender_euid = tr->sender_euid,
		.secctx = secctx,
	};
	struct bipc_parcel in, reply;
	int32_t status;
	int ret = bipc_parcel_received(b, &in, tr);

	if (ret)
		return ret;
	bipc_parcel_init(&reply);
	status = call_handler(b, find_object(b, tr->target.ptr, tr->cookie), &txn, &in, &reply);
	if (!(tr->flags & TF_ONE_WAY))
		ret = send_reply(b, &reply, status);
	bipc_parcel_free(&reply);
	bipc_parcel_free(&in);
	return ret;
}

/* The security context string of a BR_TRANSACTION_SEC_CTX, if it is sane. */
static const char *secctx_of(struct bipc *b, binder_uintptr_t addr)
{
	uintptr_t start = (uintptr_t)b->map;

	if (addr < start || addr - start >= b->map_size)
		return NULL;
	if (!memchr((const void *)(uintptr_t)addr, 0, b->map_size - (addr - start)))
		return NULL;
	return (const char *)(uintptr_t)addr;
}

/* ---- replies to our own calls ---- */

static void finish_wait(struct bipc_wait *w, int ret)
{
	w->done = true;
	w->ret = ret;
}

static int handle_reply(struct bipc *b, const struct binder_transaction_data *tr,
			struct bipc_wait *w)
{
	struct bipc_parcel p;
	int32_t status = -EBADMSG;
	int ret;

	if (!w || w->oneway || w->done) {
		bipc_log("unexpected BR_REPLY: dropped");
		ret = bipc_parcel_received(b, &p, tr);
		if (!ret)
			bipc_parcel_free(&p);
		return ret;
	}
	ret = bipc_parcel_received(b, w->reply, tr);
	if (ret) {
		finish_wait(w, ret);
		return ret;
	}
	*w->status = 0;
	if (tr->flags & TF_STATUS_CODE) {
		if (w->reply->size == sizeof(status))
			memcpy(&status, w->reply->data, sizeof(status));
		*w->status = status;	/* -EBADMSG if not a 4-byte status */
		bipc_parcel_free(w->reply);
	}
	finish_wait(w, 0);
	return 0;
}

/* The call this thread waits for failed in the driver with @br. */
static void handle_call_error(struct bipc_wait *w, uint32_t br)
{
	int err = br == BR_DEAD_REPLY ? -EPIPE : br == BR_FROZEN_REPLY ? -EAGAIN : -ECOMM;

	if (w && !w->done)
		finish_wait(w, err);
	else
		bipc_log("driver error %#x for no call of ours", br);
}

/* ---- the thread pool ---- */

static int looper_run(struct bipc *b, uint32_t enter_cmd);

static void *pool_thread(void *arg)
{
	struct bipc *b = arg;
	int ret = looper_run(b, BC_REGISTER_LOOPER);

	if (ret)
		bipc_log("pool thread: %s", strerror(-ret));
	ioctl(b->fd, BINDER_THREAD_EXIT, 0);
	return NULL;
}

/* BR_SPAWN_LOOPER: start a pool thread, signals blocked. */
static void spawn_looper(struct bipc *b)
{
	sigset_t all, old;
	int ret;

	pthread_mutex_lock(&b->lock);
	if (!b->stopping && b->started < b->max_threads) {
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		ret = pthread_create(&b->threads[b->started], NULL, pool_thread, b);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (ret)
			bipc_log("cannot start a pool thread: %s", strerror(ret));
		else
			b->started++;
	}
	pthread_mutex_unlock(&b->lock);
}

int bipc_set_max_threads(struct bipc *b, unsigned int n)
{
	uint32_t v = n;

	if (n > BIPC_MAX_THREADS)
		return -EINVAL;
	if (ioctl(b->fd, BINDER_SET_MAX_THREADS, &v) < 0)
		return -errno;
	pthread_mutex_lock(&b->lock);
	b->max_threads = n;
	pthread_mutex_unlock(&b->lock);
	return 0;
}

unsigned int bipc_threads_started(struct bipc *b)
{
	unsigned int n;

	pthread_mutex_lock(&b->lock);
	n = b->started;
	pthread_mutex_unlock(&b->lock);
	return n;
}

/* ---- the return stream ---- */

union br_payload {
	struct binder_transaction_data tr;
	struct binder_transaction_data_secctx tr_secctx;
	struct binder_ptr_cookie ptr_cookie;
	binder_uintptr_t cookie;
	int32_t error;
};

static int handle_return(struct bipc *b, uint32_t cmd, const union br_payload *pl,
			 struct bipc_wait *w)
{
	switch (cmd) {
	case BR_NOOP:
	case BR_OK:
		return 0;
	case BR_SPAWN_LOOPER:
		spawn_looper(b);
		return 0;
	case BR_TRANSACTION:
		return handle_transaction(b, &pl->tr, NULL);
	case BR_TRANSACTION_SEC_CTX:
		return handle_transaction(b, &pl->tr_secctx.transaction_data,
					  secctx_of(b, pl->tr_secctx.secctx));
	case BR_REPLY:
		return handle_reply(b, &pl->tr, w);
	case BR_TRANSACTION_COMPLETE:
	case BR_ONEWAY_SPAM_SUSPECT:
	case BR_TRANSACTION_PENDING_FROZEN:
		if (w && w->oneway && !w->done)
			finish_wait(w, 0);
		return 0;
	case BR_DEAD_REPLY:
	case BR_FAILED_REPLY:
	case BR_FROZEN_REPLY:
		handle_call_error(w, cmd);
		return 0;
	case BR_INCREFS:
	case BR_ACQUIRE:
	case BR_RELEASE:
	case BR_DECREFS:
		return handle_ref(b, cmd, &pl->ptr_cookie);
	case BR_DEAD_BINDER:
		return handle_dead_binder(b, pl->cookie);
	case BR_CLEAR_DEATH_NOTIFICATION_DONE:
		handle_clear_done(b, pl->cookie);
		return 0;
	case BR_ERROR:
		bipc_log("driver reported BR_ERROR %d", pl->error);
		if (w && !w->done)
			finish_wait(w, -EIO);
		return 0;
	default:
		bipc_log("unknown return %#x from the driver", cmd);
		return -EPROTO;
	}
}

/*
 * Walk @len bytes of returns.  Each is a code and _IOC_SIZE(code) bytes,
 * except that BR_ERROR may come bare at the very end.
 */
static int process_returns(struct bipc *b, const uint8_t *buf, size_t len, struct bipc_wait *w)
{
	union br_payload pl;
	size_t pos = 0, size;
	uint32_t cmd;
	int ret;

	while (len - pos >= sizeof(cmd)) {
		memcpy(&cmd, buf + pos, sizeof(cmd));
		pos += sizeof(cmd);
		size = _IOC_SIZE(cmd);
		memset(&pl, 0, sizeof(pl));
		if (size > sizeof(pl))
			return -EPROTO;
		if (size > len - pos) {
			if (cmd != BR_ERROR || pos != len)
				return -EPROTO;
			size = 0;
		}
		memcpy(&pl, buf + pos, size);
		pos += size;
		ret = handle_return(b, cmd, &pl, w);
		if (ret)
			return ret;
	}
	return 0;
}

/* Poll (the stop eventfd too if @watch_stop), read once, process. */
static int read_once(struct bipc *b, struct bipc_wait *w, int timeout_ms, bool watch_stop)
{
	struct pollfd pfd[2] = {
		{ .fd = b->fd, .events = POLLIN },
		{ .fd = b->stop_fd, .events = POLLIN },
	};
	uint8_t buf[READ_SIZE];
	struct binder_write_read bwr;
	int n = poll(pfd, watch_stop ? 2 : 1, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
		return -EIO;
	if (!(pfd[0].revents & POLLIN))
		return 0;	/* stop requested */
	memset(&bwr, 0, sizeof(bwr));
	bwr.read_buffer = (binder_uintptr_t)(uintptr_t)buf;
	bwr.read_size = sizeof(buf);
	if (ioctl(b->fd, BINDER_WRITE_READ, &bwr) < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (bwr.read_consumed > sizeof(buf))
		return -EPROTO;
	return process_returns(b, buf, bwr.read_consumed, w);
}

int bipc_read_and_process(struct bipc *b, struct bipc_wait *w, int timeout_ms)
{
	return read_once(b, w, timeout_ms, false);
}

/* The loop of bipc_loop() and of the pool threads. */
static int looper_run(struct bipc *b, uint32_t enter_cmd)
{
	struct bipc_cmds c;
	int ret;

	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, enter_cmd);
	ret = bipc_cmds_write(b, &c);
	while (!ret && !b->stopping)
		ret = read_once(b, NULL, -1, true);
	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, BC_EXIT_LOOPER);
	bipc_cmds_write(b, &c);
	return b->stopping ? 0 : ret;
}

int bipc_loop(struct bipc *b)
{
	return looper_run(b, BC_ENTER_LOOPER);
}
