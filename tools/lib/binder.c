// SPDX-License-Identifier: GPL-2.0
/*
 * binder.c - connections, commands, calls, references and death
 * notifications of libbinderipc.
 *
 * Every write to the driver is a write-only BINDER_WRITE_READ; every read
 * is a separate, non-blocking one after poll() (see looper.c).  Keeping
 * them apart means a failed read never hides how much was written.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bipc_internal.h"

/* How often bipc_cmds_write() lets the driver deliver a pending error. */
#define WRITE_RETRIES	8

extern char *program_invocation_short_name;

void bipc_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- commands ---- */

void bipc_cmds_init(struct bipc_cmds *c)
{
	c->len = 0;
	c->err = 0;
}

void bipc_cmd_raw(struct bipc_cmds *c, const void *p, size_t n)
{
	if (c->err)
		return;
	if (n > sizeof(c->buf) - c->len) {
		c->err = -E2BIG;
		return;
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
}

void bipc_cmd_u32(struct bipc_cmds *c, uint32_t v)
{
	bipc_cmd_raw(c, &v, sizeof(v));
}

/* One write-only BINDER_WRITE_READ; returns bytes consumed or -errno. */
static ssize_t write_once(struct bipc *b, const void *buf, size_t len)
{
	struct binder_write_read bwr;

	memset(&bwr, 0, sizeof(bwr));
	bwr.write_buffer = (binder_uintptr_t)(uintptr_t)buf;
	bwr.write_size = len;
	if (ioctl(b->fd, BINDER_WRITE_READ, &bwr) < 0)
		return -errno;
	if (bwr.write_consumed > len)
		return -EPROTO;
	return (ssize_t)bwr.write_consumed;
}

/*
 * The driver stops consuming commands while this thread has an error to
 * deliver (e.g. after a failed BC_REPLY it queues BR_TRANSACTION_COMPLETE
 * and ignores the rest of the write).  Reading delivers it; then the rest
 * is written.
 */
int bipc_cmds_write(struct bipc *b, const struct bipc_cmds *c)
{
	size_t done = 0;
	ssize_t n;
	int tries = 0, ret;

	if (c->err)
		return c->err;
	while (done < c->len) {
		n = write_once(b, c->buf + done, c->len - done);
		if (n < 0)
			return (int)n;
		done += (size_t)n;
		if (done == c->len)
			break;
		if (++tries > WRITE_RETRIES)
			return -EPROTO;
		ret = bipc_read_and_process(b, NULL, 100);
		if (ret && ret != -ETIMEDOUT)
			return ret;
	}
	return 0;
}

static int write_ref_cmd(struct bipc *b, uint32_t bc, uint32_t handle)
{
	struct bipc_cmds c;

	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, bc);
	bipc_cmd_u32(&c, handle);
	return bipc_cmds_write(b, &c);
}

int bipc_acquire(struct bipc *b, uint32_t handle)
{
	return write_ref_cmd(b, BC_ACQUIRE, handle);
}

int bipc_release(struct bipc *b, uint32_t handle)
{
	return write_ref_cmd(b, BC_RELEASE, handle);
}

/* ---- connections ---- */

int bipc_open(struct bipc **out, const char *dev, size_t map_size)
{
	struct binder_version v = { 0 };
	uint32_t zero = 0;
	struct bipc *b;
	int ret;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->map = MAP_FAILED;
	b->stop_fd = -1;
	b->map_size = map_size ? map_size : BIPC_DEFAULT_MAP_SIZE;
	pthread_mutex_init(&b->lock, NULL);
	b->fd = open(dev ? dev : BIPC_DEFAULT_DEVICE, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (b->fd < 0)
		goto fail_errno;
	if (ioctl(b->fd, BINDER_VERSION, &v) < 0)
		goto fail_errno;
	if (v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		ret = -EPROTONOSUPPORT;
		goto fail;
	}
	if (ioctl(b->fd, BINDER_SET_MAX_THREADS, &zero) < 0)
		goto fail_errno;
	b->map = mmap(NULL, b->map_size, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, b->fd, 0);
	if (b->map == MAP_FAILED)
		goto fail_errno;
	b->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (b->stop_fd < 0)
		goto fail_errno;
	*out = b;
	return 0;
fail_errno:
	ret = -errno;
fail:
	bipc_close(b);
	return ret;
}

void bipc_stop(struct bipc *b)
{
	uint64_t one = 1;
	ssize_t n;

	b->stopping = 1;
	if (b->stop_fd >= 0)
		n = write(b->stop_fd, &one, sizeof(one));	/* EAGAIN only if already huge */
	(void)n;
}

/* The connection SIGTERM/SIGINT stop (bipc_stop_on_signals()). */
static struct bipc *volatile signal_target;

static void on_stop_signal(int sig)
{
	struct bipc *b = signal_target;

	(void)sig;
	if (b)
		bipc_stop(b);
}

int bipc_stop_on_signals(struct bipc *b)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;	/* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	signal_target = b;
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL))
		return -errno;
	return 0;
}

void bipc_close(struct bipc *b)
{
	unsigned int i, started;

	if (!b)
		return;
	if (signal_target == b)
		signal_target = NULL;
	bipc_stop(b);
	pthread_mutex_lock(&b->lock);
	started = b->started;
	pthread_mutex_unlock(&b->lock);
	for (i = 0; i < started; i++)
		pthread_join(b->threads[i], NULL);
	if (b->map != MAP_FAILED)
		munmap(b->map, b->map_size);
	if (b->fd >= 0)
		close(b->fd);
	if (b->stop_fd >= 0)
		close(b->stop_fd);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

int bipc_parse_number(const char *s, long long min, long long max, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	if (errno || end == s || *end || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

int bipc_fd(const struct bipc *b)
{
	return b->fd;
}

/* ---- objects ---- */

void bipc_object_init(struct bipc *b, struct bipc_object *obj, bipc_handler_fn handler,
		      void *priv)
{
	memset(obj, 0, sizeof(*obj));
	obj->handler = handler;
	obj->priv = priv;
	obj->flags = BIPC_OBJECT_FLAGS_DEFAULT | FLAT_BINDER_FLAG_ACCEPTS_FDS;
	pthread_mutex_lock(&b->lock);
	obj->next = b->objects;
	b->objects = obj;
	pthread_mutex_unlock(&b->lock);
}

int bipc_become_manager(struct bipc *b, struct bipc_object *obj)
{
	struct flat_binder_object o;
	int zero = 0;

	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_BINDER;
	o.flags = obj->flags;
	pthread_mutex_lock(&b->lock);
	b->mgr = obj;
	pthread_mutex_unlock(&b->lock);
	if (!ioctl(b->fd, BINDER_SET_CONTEXT_MGR_EXT, &o))
		return 0;
	/* Kernels before 5.1 (EINVAL) know only the old ioctl. */
	if (errno == EINVAL && !ioctl(b->fd, BINDER_SET_CONTEXT_MGR, &zero))
		return 0;
	pthread_mutex_lock(&b->lock);
	b->mgr = NULL;
	pthread_mutex_unlock(&b->lock);
	return -errno;
}

/* ---- received buffers ---- */

/* Whether [@addr, @addr + @size) lies inside the receive mapping. */
static bool in_map(const struct bipc *b, binder_uintptr_t addr, binder_size_t size)
{
	uintptr_t start = (uintptr_t)b->map;

	return addr >= start && size <= b->map_size && addr - start <= b->map_size - size;
}

int bipc_parcel_received(struct bipc *b, struct bipc_parcel *p,
			 const struct binder_transaction_data *tr)
{
	bipc_parcel_init(p);
	if (!in_map(b, tr->data.ptr.buffer, tr->data_size) || tr->offsets_size % 8 ||
	    !in_map(b, tr->data.ptr.offsets, tr->offsets_size)) {
		bipc_log("driver handed out a buffer outside the mapping");
		return -EPROTO;
	}
	p->owner = b;
	p->buffer = tr->data.ptr.buffer;
	p->data = (uint8_t *)(uintptr_t)tr->data.ptr.buffer;
	p->size = tr->data_size;
	p->offs = (binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
	p->noffs = tr->offsets_size / sizeof(binder_size_t);
	return 0;
}

/* Close the descriptors the driver installed for the FD objects of @p. */
static void close_received_fds(const struct bipc_parcel *p)
{
	struct flat_binder_object o;
	size_t i;

	for (i = 0; i < p->noffs; i++) {
		if (p->offs[i] > p->size || p->size - p->offs[i] < sizeof(o))
			continue;
		memcpy(&o, p->data + p->offs[i], sizeof(o));
		if (o.hdr.type == BINDER_TYPE_FD && (int32_t)o.handle >= 0)
			close((int)o.handle);
	}
}

void bipc_release_received(struct bipc *b, struct bipc_parcel *p)
{
	struct bipc_cmds c;
	int ret;

	close_received_fds(p);
	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, BC_FREE_BUFFER);
	bipc_cmd_raw(&c, &p->buffer, sizeof(p->buffer));
	ret = bipc_cmds_write(b, &c);
	if (ret)
		bipc_log("BC_FREE_BUFFER: %s", strerror(-ret));
}

/* ---- calls ---- */

int bipc_write_txn(struct bipc *b, uint32_t bc, uint32_t handle, uint32_t code, uint32_t flags,
		   const struct bipc_parcel *data)
{
	struct binder_transaction_data tr;
	struct bipc_cmds c;

	memset(&tr, 0, sizeof(tr));
	tr.target.handle = handle;
	tr.code = code;
	tr.flags = flags;
	tr.data_size = data->size;
	tr.offsets_size = data->noffs * sizeof(binder_size_t);
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data->data;
	tr.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)data->offs;
	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, bc);
	bipc_cmd_raw(&c, &tr, sizeof(tr));
	return bipc_cmds_write(b, &c);
}

int bipc_transact(struct bipc *b, uint32_t handle, uint32_t code, uint32_t flags,
		  const struct bipc_parcel *data, struct bipc_parcel *reply, int32_t *status)
{
	struct bipc_wait w = { 0 };
	int ret;

	if (data->err)
		return data->err;
	if (!(flags & TF_ONE_WAY) && (!reply || !status))
		return -EINVAL;
	ret = bipc_write_txn(b, BC_TRANSACTION, handle, code,
			     flags & TF_ONE_WAY ? TF_ONE_WAY : TF_ACCEPT_FDS, data);
	if (ret)
		return ret;
	w.oneway = flags & TF_ONE_WAY;
	w.reply = reply;
	w.status = status;
	if (reply)
		bipc_parcel_init(reply);
	while (!w.done) {
		ret = bipc_read_and_process(b, &w, -1);
		if (ret)
			return ret;
	}
	return w.ret;
}

/* ---- death notifications ---- */

static int write_death_cmd(struct bipc *b, uint32_t bc, struct bipc_death *d)
{
	struct binder_handle_cookie hc = {
		.handle = d->handle,
		.cookie = (binder_uintptr_t)(uintptr_t)d,
	};
	struct bipc_cmds c;

	bipc_cmds_init(&c);
	bipc_cmd_u32(&c, bc);
	bipc_cmd_raw(&c, &hc, sizeof(hc));
	return bipc_cmds_write(b, &c);
}

void bipc_death_unlink_locked(struct bipc *b, struct bipc_death *d)
{
	struct bipc_death **pp;

	for (pp = &b->deaths; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	d->next = NULL;
	d->state = BIPC_DEATH_IDLE;
}

int bipc_death_request(struct bipc *b, struct bipc_death *d, uint32_t handle)
{
	int ret;

	pthread_mutex_lock(&b->lock);
	if (d->state != BIPC_DEATH_IDLE) {
		pthread_mutex_unlock(&b->lock);
		return -EBUSY;
	}
	d->handle = handle;
	d->state = BIPC_DEATH_ARMED;
	d->next = b->deaths;
	b->deaths = d;
	pthread_mutex_unlock(&b->lock);
	ret = write_death_cmd(b, BC_REQUEST_DEATH_NOTIFICATION, d);
	if (ret) {
		pthread_mutex_lock(&b->lock);
		bipc_death_unlink_locked(b, d);
		pthread_mutex_unlock(&b->lock);
	}
	return ret;
}

int bipc_death_clear(struct bipc *b, struct bipc_death *d)
{
	int ret;

	pthread_mutex_lock(&b->lock);
	if (d->state != BIPC_DEATH_ARMED && d->state != BIPC_DEATH_FIRED) {
		pthread_mutex_unlock(&b->lock);
		return -EALREADY;
	}
	d->state = BIPC_DEATH_CLEARING;
	pthread_mutex_unlock(&b->lock);
	ret = write_death_cmd(b, BC_CLEAR_DEATH_NOTIFICATION, d);
	if (ret)
		bipc_log("BC_CLEAR_DEATH_NOTIFICATION(%u): %s", d->handle, strerror(-ret));
	return ret;
}
