/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-side helpers to speak the binder protocol with raw ioctls: an
 * endpoint (an fd with its mapping), a command writer, a return reader, and
 * a few whole exchanges (a sync call, a reply, becoming context manager).
 *
 * The helpers never hide what the driver said: every read returns the list
 * of BR_* codes with their payloads, so tests can assert on exact sequences.
 * All functions return 0 or -errno; none of them aborts the test.
 */
#ifndef BINDER_PROTO_H
#define BINDER_PROTO_H

#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include "binder_test.h"

/* ---- endpoints ---- */

struct endpoint {
	int fd;
	void *map;
	size_t map_size;
};

/* Open @dev and map @map_size bytes (0: no mapping). */
static inline int ep_open(struct endpoint *ep, const char *dev, size_t map_size, int flags)
{
	memset(ep, 0, sizeof(*ep));
	ep->fd = open(dev, O_RDWR | O_CLOEXEC | flags);
	if (ep->fd < 0)
		return -errno;
	if (!map_size)
		return 0;
	ep->map = mmap(NULL, map_size, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, ep->fd, 0);
	if (ep->map == MAP_FAILED) {
		int err = -errno;

		close(ep->fd);
		ep->fd = -1;
		return err;
	}
	ep->map_size = map_size;
	return 0;
}

static inline void ep_close(struct endpoint *ep)
{
	if (ep->map && ep->map != MAP_FAILED)
		munmap(ep->map, ep->map_size);
	if (ep->fd >= 0)
		close(ep->fd);
	ep->fd = -1;
	ep->map = NULL;
}

/* ---- writing BC_* commands ---- */

struct cmdbuf {
	uint8_t data[2048];
	size_t len;
};

static inline void cmd_reset(struct cmdbuf *c)
{
	c->len = 0;
}

static inline void cmd_raw(struct cmdbuf *c, const void *p, size_t n)
{
	if (c->len + n > sizeof(c->data))
		abort();	/* a test bug, not a driver bug */
	memcpy(c->data + c->len, p, n);
	c->len += n;
}

static inline void cmd_u32(struct cmdbuf *c, uint32_t v)
{
	cmd_raw(c, &v, sizeof(v));
}

static inline void cmd_u64(struct cmdbuf *c, uint64_t v)
{
	cmd_raw(c, &v, sizeof(v));
}

/* BC_INCREFS/ACQUIRE/RELEASE/DECREFS on @handle. */
static inline void cmd_ref(struct cmdbuf *c, uint32_t bc, uint32_t handle)
{
	cmd_u32(c, bc);
	cmd_u32(c, handle);
}

/* BC_INCREFS_DONE/BC_ACQUIRE_DONE for a node. */
static inline void cmd_ptr_cookie(struct cmdbuf *c, uint32_t bc, uint64_t ptr, uint64_t cookie)
{
	struct binder_ptr_cookie pc = { .ptr = ptr, .cookie = cookie };

	cmd_u32(c, bc);
	cmd_raw(c, &pc, sizeof(pc));
}

/* BC_REQUEST/CLEAR_DEATH_NOTIFICATION. */
static inline void cmd_death(struct cmdbuf *c, uint32_t bc, uint32_t handle, uint64_t cookie)
{
	struct binder_handle_cookie hc = { .handle = handle, .cookie = cookie };

	cmd_u32(c, bc);
	cmd_raw(c, &hc, sizeof(hc));
}

static inline void cmd_free_buffer(struct cmdbuf *c, binder_uintptr_t buffer)
{
	cmd_u32(c, BC_FREE_BUFFER);
	cmd_u64(c, buffer);
}

/*
 * BC_TRANSACTION or BC_REPLY.  @data/@offsets are the sender's buffers;
 * @offsets_size is in bytes.  For BC_REPLY @handle is ignored.
 */
static inline void cmd_txn(struct cmdbuf *c, uint32_t bc, uint32_t handle, uint32_t code,
			   uint32_t flags, const void *data, size_t data_size,
			   const binder_size_t *offsets, size_t offsets_size)
{
	struct binder_transaction_data tr;

	memset(&tr, 0, sizeof(tr));
	tr.target.handle = handle;
	tr.code = code;
	tr.flags = flags;
	tr.data_size = data_size;
	tr.offsets_size = offsets_size;
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data;
	tr.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)offsets;
	cmd_u32(c, bc);
	cmd_raw(c, &tr, sizeof(tr));
}

/* ---- reading BR_* returns ---- */

#define MAX_RETURNS	32

struct ret {
	uint32_t cmd;
	union {
		struct binder_transaction_data tr;	/* BR_TRANSACTION, BR_REPLY */
		struct binder_transaction_data_secctx tr_secctx;
		struct binder_ptr_cookie ptr_cookie;	/* BR_INCREFS... */
		binder_uintptr_t cookie;		/* BR_DEAD_BINDER... */
		int32_t error;				/* BR_ERROR (if present) */
	};
};

struct retlist {
	struct ret r[MAX_RETURNS];
	int n;
	size_t consumed;	/* read_consumed of the ioctl */
};

/*
 * Parse @len bytes of BR_* stream.  A payload runs for _IOC_SIZE(cmd) bytes,
 * except that BR_ERROR may be sent bare at the end of a read.
 */
static inline int parse_returns(const uint8_t *p, size_t len, struct retlist *out)
{
	size_t pos = 0;

	out->n = 0;
	while (pos + 4 <= len && out->n < MAX_RETURNS) {
		struct ret *r = &out->r[out->n++];
		size_t sz;

		memcpy(&r->cmd, p + pos, 4);
		pos += 4;
		sz = _IOC_SIZE(r->cmd);
		if (sz > sizeof(r->tr_secctx))
			return -EPROTO;
		memset(&r->tr_secctx, 0, sizeof(r->tr_secctx));
		if (pos + sz > len) {
			if (r->cmd == BR_ERROR && pos == len)
				break;
			return -EPROTO;
		}
		memcpy(&r->tr_secctx, p + pos, sz);
		pos += sz;
	}
	return 0;
}

/* Write @c (may be NULL) and read once into @out.  Returns 0 or -errno. */
static inline int ep_xfer(struct endpoint *ep, const struct cmdbuf *c, struct retlist *out)
{
	uint8_t rbuf[MAX_RETURNS * (4 + sizeof(struct binder_transaction_data_secctx))];
	struct binder_write_read bwr;
	int ret;

	ret = binder_write_read(ep->fd, c ? c->data : NULL, c ? c->len : 0,
				out ? rbuf : NULL, out ? sizeof(rbuf) : 0, &bwr);
	if (out) {
		out->n = 0;
		out->consumed = bwr.read_consumed;
		if (!ret)
			ret = parse_returns(rbuf, bwr.read_consumed, out);
	}
	if (!ret && c && bwr.write_consumed != c->len)
		ret = -EBADMSG;	/* the driver stopped early */
	return ret;
}

static inline int ep_write(struct endpoint *ep, const struct cmdbuf *c)
{
	return ep_xfer(ep, c, NULL);
}

/* Index of the first return @cmd in @l, or -1. */
static inline int ret_find(const struct retlist *l, uint32_t cmd)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->r[i].cmd == cmd)
			return i;
	return -1;
}

/* Wait until @ep is readable; 1 if so, 0 on timeout. */
static inline int ep_poll(struct endpoint *ep, int timeout_ms)
{
	struct pollfd pfd = { .fd = ep->fd, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms) > 0;
}

/*
 * Read until one of the "final" returns shows up (BR_TRANSACTION, BR_REPLY,
 * BR_DEAD_REPLY, BR_FAILED_REPLY, BR_FROZEN_REPLY, BR_DEAD_BINDER,
 * BR_CLEAR_DEATH_NOTIFICATION_DONE, BR_ERROR), or @want if non-zero.
 * Everything read is appended to @all (if given).  Returns the final return
 * code, or -ETIMEDOUT when nothing final came within @timeout_ms.
 * Requires a blocking or non-blocking fd; uses poll between reads.
 */
static inline int ep_wait(struct endpoint *ep, uint32_t want, struct ret *final,
			  struct retlist *all, int timeout_ms)
{
	static const uint32_t finals[] = {
		BR_TRANSACTION, BR_TRANSACTION_SEC_CTX, BR_REPLY, BR_DEAD_REPLY,
		BR_FAILED_REPLY, BR_FROZEN_REPLY, BR_DEAD_BINDER,
		BR_CLEAR_DEATH_NOTIFICATION_DONE, BR_ERROR,
	};
	struct retlist l;
	int i, j, ret;

	if (all)
		all->n = 0;
	for (;;) {
		if (!ep_poll(ep, timeout_ms))
			return -ETIMEDOUT;
		ret = ep_xfer(ep, NULL, &l);
		if (ret == -EAGAIN)
			continue;
		if (ret)
			return ret;
		for (i = 0; i < l.n; i++) {
			if (all && all->n < MAX_RETURNS)
				all->r[all->n++] = l.r[i];
			for (j = 0; j < (int)(sizeof(finals) / sizeof(finals[0])); j++)
				if ((!want && l.r[i].cmd == finals[j]) || l.r[i].cmd == want) {
					if (final)
						*final = l.r[i];
					return l.r[i].cmd;
				}
		}
	}
}

/* ---- whole exchanges ---- */

/* Become the context manager of @ep's device. */
static inline int ep_become_manager(struct endpoint *ep)
{
	return xioctl(ep->fd, BINDER_SET_CONTEXT_MGR, NULL);
}

/*
 * A synchronous call: BC_TRANSACTION to @handle, then wait for the outcome.
 * On BR_REPLY, @reply holds the reply; the caller frees its buffer with
 * ep_free().  Returns the final BR code (BR_REPLY on success) or -errno.
 */
static inline int ep_call(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
			  const void *data, size_t size, const binder_size_t *offsets,
			  size_t offsets_size, struct ret *reply, int timeout_ms)
{
	struct cmdbuf c;
	int ret;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, handle, code, flags, data, size, offsets, offsets_size);
	ret = ep_write(ep, &c);
	if (ret)
		return ret;
	return ep_wait(ep, 0, reply, NULL, timeout_ms);
}

/* BC_FREE_BUFFER of a received transaction or reply. */
static inline int ep_free(struct endpoint *ep, const struct binder_transaction_data *tr)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_free_buffer(&c, tr->data.ptr.buffer);
	return ep_write(ep, &c);
}

/* Free the buffer of @tr and reply to it with @data in one write. */
static inline int ep_reply(struct endpoint *ep, const struct binder_transaction_data *tr,
			   uint32_t flags, const void *data, size_t size,
			   const binder_size_t *offsets, size_t offsets_size)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_free_buffer(&c, tr->data.ptr.buffer);
	cmd_txn(&c, BC_REPLY, 0, 0, flags, data, size, offsets, offsets_size);
	return ep_write(ep, &c);
}

/* A flat_binder_object for a local object (BINDER/WEAK_BINDER). */
static inline struct flat_binder_object fbo_binder(uint32_t type, uint64_t ptr, uint64_t cookie,
						   uint32_t flags)
{
	struct flat_binder_object o;

	memset(&o, 0, sizeof(o));
	o.hdr.type = type;
	o.flags = flags;
	o.binder = ptr;
	o.cookie = cookie;
	return o;
}

/* A flat_binder_object for a remote object (HANDLE/WEAK_HANDLE). */
static inline struct flat_binder_object fbo_handle(uint32_t type, uint32_t handle)
{
	struct flat_binder_object o;

	memset(&o, 0, sizeof(o));
	o.hdr.type = type;
	o.handle = handle;
	return o;
}

/* Bytes at @ptr of the receiver's mapping (the data of a received txn). */
static inline const void *txn_data(const struct binder_transaction_data *tr)
{
	return (const void *)(uintptr_t)tr->data.ptr.buffer;
}

static inline const binder_size_t *txn_offsets(const struct binder_transaction_data *tr)
{
	return (const binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
}

#endif /* BINDER_PROTO_H */
