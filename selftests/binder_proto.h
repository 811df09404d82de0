/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The binder protocol with raw ioctls: an endpoint (an fd with its
 * mapping), a command writer (BC_*, incl. scatter-gather), a return reader
 * (BR_*) with timeouts, single call/reply helpers and object builders.
 * The multi-process scaffolding (registry, worlds, peers) is in
 * binder_world.h.
 *
 * The helpers never hide what the driver said: reads hand back the BR_*
 * codes with their payloads, so tests can assert on exact sequences.
 * Everything returns 0 / a BR code / -errno and never aborts the test.
 */
#ifndef BINDER_PROTO_H
#define BINDER_PROTO_H

#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include "binder_test.h"

/* Default wait for anything the driver should deliver promptly. */
#define BT_TMO		2000

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

/* The binder_transaction_data of a BC_TRANSACTION/BC_REPLY (and _SG). */
static inline void tr_init(struct binder_transaction_data *tr, uint32_t handle, uint32_t code,
			   uint32_t flags, const void *data, size_t data_size,
			   const binder_size_t *offsets, size_t offsets_size)
{
	memset(tr, 0, sizeof(*tr));
	tr->target.handle = handle;
	tr->code = code;
	tr->flags = flags;
	tr->data_size = data_size;
	tr->offsets_size = offsets_size;
	tr->data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data;
	tr->data.ptr.offsets = (binder_uintptr_t)(uintptr_t)offsets;
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

	tr_init(&tr, handle, code, flags, data, data_size, offsets, offsets_size);
	cmd_u32(c, bc);
	cmd_raw(c, &tr, sizeof(tr));
}

/* BC_TRANSACTION_SG / BC_REPLY_SG with @buffers_size bytes of sg buffers. */
static inline void cmd_txn_sg(struct cmdbuf *c, uint32_t bc, uint32_t handle, uint32_t code,
			      uint32_t flags, const void *data, size_t size,
			      const binder_size_t *offs, size_t offs_size, uint64_t buffers_size)
{
	struct binder_transaction_data_sg sg;

	tr_init(&sg.transaction_data, handle, code, flags, data, size, offs, offs_size);
	sg.buffers_size = buffers_size;
	cmd_u32(c, bc);
	cmd_raw(c, &sg, sizeof(sg));
}

/* ---- reading BR_* returns ---- */

#define MAX_RETURNS	32

struct ret {
	uint32_t cmd;
	union {
		struct binder_frozen_state_info frozen;	/* BR_FROZEN_BINDER */
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

/* Short names of BR_* codes, for test logs. */
static inline const char *br_name(uint32_t cmd)
{
	switch (cmd) {
	case BR_ERROR: return "ERROR";
	case BR_OK: return "OK";
	case BR_TRANSACTION: return "TRANSACTION";
	case BR_TRANSACTION_SEC_CTX: return "TRANSACTION_SEC_CTX";
	case BR_REPLY: return "REPLY";
	case BR_DEAD_REPLY: return "DEAD_REPLY";
	case BR_TRANSACTION_COMPLETE: return "TC";
	case BR_INCREFS: return "INCREFS";
	case BR_ACQUIRE: return "ACQUIRE";
	case BR_RELEASE: return "RELEASE";
	case BR_DECREFS: return "DECREFS";
	case BR_NOOP: return "NOOP";
	case BR_SPAWN_LOOPER: return "SPAWN_LOOPER";
	case BR_DEAD_BINDER: return "DEAD_BINDER";
	case BR_CLEAR_DEATH_NOTIFICATION_DONE: return "CLEAR_DONE";
	case BR_FAILED_REPLY: return "FAILED_REPLY";
	case BR_FROZEN_REPLY: return "FROZEN_REPLY";
	case BR_ONEWAY_SPAM_SUSPECT: return "SPAM_SUSPECT";
	case BR_TRANSACTION_PENDING_FROZEN: return "PENDING_FROZEN";
	case BR_FROZEN_BINDER: return "FROZEN_BINDER";
	case BR_CLEAR_FREEZE_NOTIFICATION_DONE: return "CLEAR_FREEZE_DONE";
	default: return "?";
	}
}

/* "NOOP TC REPLY" for a list of returns; @buf must hold 256 bytes. */
static inline const char *ret_str(const struct retlist *l, char *buf)
{
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < l->n && len < 200; i++)
		len += snprintf(buf + len, 256 - len, "%s%s", i ? " " : "", br_name(l->r[i].cmd));
	return buf;
}

/* Whether @l holds exactly the @n codes in @cmds, in order. */
static inline bool ret_is(const struct retlist *l, const uint32_t *cmds, int n)
{
	int i;

	if (l->n != n)
		return false;
	for (i = 0; i < n; i++)
		if (l->r[i].cmd != cmds[i])
			return false;
	return true;
}

#define RET_IS(l, ...) ret_is((l), (const uint32_t[]){ __VA_ARGS__ },			\
			      sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* Whether @cmd is in the @n codes of @cmds. */
static inline bool has(const uint32_t *cmds, int n, uint32_t cmd)
{
	while (n--)
		if (cmds[n] == cmd)
			return true;
	return false;
}

/* The returns that end a wait: something arrived, or the call is over. */
static inline bool is_final_return(uint32_t cmd)
{
	return cmd == BR_TRANSACTION || cmd == BR_TRANSACTION_SEC_CTX || cmd == BR_REPLY ||
	       cmd == BR_DEAD_REPLY || cmd == BR_FAILED_REPLY || cmd == BR_FROZEN_REPLY ||
	       cmd == BR_DEAD_BINDER || cmd == BR_CLEAR_DEATH_NOTIFICATION_DONE ||
	       cmd == BR_FROZEN_BINDER || cmd == BR_CLEAR_FREEZE_NOTIFICATION_DONE ||
	       cmd == BR_ERROR;
}

/* Wait until @ep is readable; 1 if so, 0 on timeout. */
static inline int ep_poll(struct endpoint *ep, int timeout_ms)
{
	struct pollfd pfd = { .fd = ep->fd, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms) > 0;
}

/* Nothing arrives on @ep within @ms (nothing is read). */
static inline bool quiet(struct endpoint *ep, int ms)
{
	return !ep_poll(ep, ms);
}

/* Answer every BR_INCREFS/BR_ACQUIRE in @l with its _DONE. */
static inline int ep_ack_refs(struct endpoint *ep, const struct retlist *l)
{
	struct cmdbuf c;
	int i;

	cmd_reset(&c);
	for (i = 0; i < l->n; i++) {
		if (l->r[i].cmd == BR_INCREFS)
			cmd_ptr_cookie(&c, BC_INCREFS_DONE, l->r[i].ptr_cookie.ptr,
				       l->r[i].ptr_cookie.cookie);
		else if (l->r[i].cmd == BR_ACQUIRE)
			cmd_ptr_cookie(&c, BC_ACQUIRE_DONE, l->r[i].ptr_cookie.ptr,
				       l->r[i].ptr_cookie.cookie);
	}
	return c.len ? ep_write(ep, &c) : 0;
}

/*
 * Read (poll between reads) until @want shows up, or any final return when
 * @want is 0.  Every return of every read up to and including the matching
 * one lands in @all if given (BR_NOOP excepted: it only pads the head of a
 * read; when full, the match takes the last slot).  With @ack, the
 * BR_INCREFS/BR_ACQUIRE of each read are answered at once, as libbinder
 * does, so node counts settle.  Returns the matching code (copied to
 * @final if given), -ETIMEDOUT or -errno.
 */
static inline int ep_read_loop(struct endpoint *ep, uint32_t want, struct retlist *all,
			       struct ret *final, int timeout_ms, bool ack)
{
	struct retlist local, l;
	int i, ret, found = -1;

	if (!all)
		all = &local;
	all->n = 0;
	while (found < 0) {
		if (!ep_poll(ep, timeout_ms))
			return -ETIMEDOUT;
		ret = ep_xfer(ep, NULL, &l);
		if (ret == -EAGAIN)
			continue;
		if (ret)
			return ret;
		for (i = 0; i < l.n; i++) {
			bool match = found < 0 &&
				     (want ? l.r[i].cmd == want : is_final_return(l.r[i].cmd));

			if (l.r[i].cmd == BR_NOOP)
				continue;
			if (all->n == MAX_RETURNS) {
				if (!match)
					continue;
				all->n--;
			}
			all->r[all->n++] = l.r[i];
			if (match)
				found = all->n - 1;
		}
		if (ack)
			ep_ack_refs(ep, &l);
	}
	if (final)
		*final = all->r[found];
	return all->r[found].cmd;
}

/* Read until @want (0: a final return), keeping everything in @all. */
static inline int ep_read_until(struct endpoint *ep, uint32_t want, struct retlist *all,
				struct ret *final, int timeout_ms)
{
	return ep_read_loop(ep, want, all, final, timeout_ms, false);
}

/* Read until @want (0: a final return), acking ref requests on the way. */
static inline int ep_wait(struct endpoint *ep, uint32_t want, struct ret *final, int timeout_ms)
{
	return ep_read_loop(ep, want, NULL, final, timeout_ms, true);
}

/* The BR codes (BR_NOOP excepted) that arrive on @ep within @ms; their number. */
static inline int drain(struct endpoint *ep, int ms, uint32_t *cmds, int max)
{
	struct retlist l;
	int n = 0, i;

	while (ep_poll(ep, ms)) {
		if (ep_xfer(ep, NULL, &l))
			break;
		for (i = 0; i < l.n && n < max; i++)
			if (l.r[i].cmd != BR_NOOP)
				cmds[n++] = l.r[i].cmd;
	}
	return n;
}

/* One read that does not block: 0 with @out filled, -EAGAIN, or -errno. */
static inline int ep_read_nb(struct endpoint *ep, struct retlist *out)
{
	int fl = fcntl(ep->fd, F_GETFL);
	int ret;

	fcntl(ep->fd, F_SETFL, fl | O_NONBLOCK);
	ret = ep_xfer(ep, NULL, out);
	fcntl(ep->fd, F_SETFL, fl);
	return ret;
}

/*
 * Whether nothing is pending for this thread right now (consumes what is).
 * A read holding only BR_NOOP counts as nothing: a close() of any copy of
 * the fd (a forked child exiting, say) makes the next read return early
 * with just that.
 */
static inline bool ep_quiet(struct endpoint *ep)
{
	struct retlist l;
	int ret = ep_read_nb(ep, &l);

	if (ret == -EAGAIN)
		return true;
	return ret == 0 && l.n == 1 && l.r[0].cmd == BR_NOOP;
}

/* ---- single commands ---- */

static inline int ep_cmd0(struct endpoint *ep, uint32_t bc)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_u32(&c, bc);
	return ep_write(ep, &c);
}

static inline int ep_enter_looper(struct endpoint *ep)
{
	return ep_cmd0(ep, BC_ENTER_LOOPER);
}

static inline int ep_refcmd(struct endpoint *ep, uint32_t bc, uint32_t handle)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_ref(&c, bc, handle);
	return ep_write(ep, &c);
}

/* A ref command alone, with the ioctl's own result and write_consumed. */
static inline int write_ref(struct endpoint *ep, uint32_t bc, uint32_t handle, uint64_t *consumed)
{
	struct binder_write_read bwr;
	struct cmdbuf c;
	int ret;

	cmd_reset(&c);
	cmd_ref(&c, bc, handle);
	ret = binder_write_read(ep->fd, c.data, c.len, NULL, 0, &bwr);
	*consumed = bwr.write_consumed;
	return ret;
}

static inline int ep_death(struct endpoint *ep, uint32_t bc, uint32_t handle, uint64_t cookie)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_death(&c, bc, handle, cookie);
	return ep_write(ep, &c);
}

/* BC_DEAD_BINDER_DONE for the BR_DEAD_BINDER that carried @cookie. */
static inline int ep_dead_binder_done(struct endpoint *ep, uint64_t cookie)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_u32(&c, BC_DEAD_BINDER_DONE);
	cmd_u64(&c, cookie);
	return ep_write(ep, &c);
}

static inline int ep_get_ee(struct endpoint *ep, struct binder_extended_error *ee)
{
	memset(ee, 0x5a, sizeof(*ee));
	return xioctl(ep->fd, BINDER_GET_EXTENDED_ERROR, ee);
}

/* Become the context manager of @ep's device. */
static inline int ep_become_manager(struct endpoint *ep)
{
	return xioctl(ep->fd, BINDER_SET_CONTEXT_MGR, NULL);
}

/*
 * Become the context manager (plain, or _EXT with @ext).  The previous
 * test's manager may still be being torn down: upstream releases a closed
 * binder fd from a workqueue, and until then the device answers EBUSY.
 * Nothing signals the end of that teardown, so this retries for ~3 s.
 */
static inline int ep_become_manager_retry(struct endpoint *ep, const struct flat_binder_object *ext)
{
	int i, ret = -EBUSY;

	for (i = 0; i < 300 && ret == -EBUSY; i++) {
		if (i)
			usleep(10 * 1000);
		ret = ext ? xioctl(ep->fd, BINDER_SET_CONTEXT_MGR_EXT, (void *)ext)
			  : ep_become_manager(ep);
	}
	return ret;
}

/* ---- calls and replies ---- */

/* BC_TRANSACTION without reading anything back. */
static inline int ep_send(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
			  const void *data, size_t size, const binder_size_t *offsets,
			  size_t offsets_size)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_txn(&c, BC_TRANSACTION, handle, code, flags, data, size, offsets, offsets_size);
	return ep_write(ep, &c);
}

/* A transaction carrying exactly one object (24 bytes, at offset 0). */
static inline int ep_send_obj(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
			      const struct flat_binder_object *obj)
{
	static const binder_size_t off0;

	return ep_send(ep, handle, code, flags, obj, sizeof(*obj), &off0, sizeof(off0));
}

/*
 * A synchronous call that keeps everything: BC_TRANSACTION, then read until
 * the outcome.  @all gets every return (see ep_read_loop), @final the last
 * one.  Returns the final BR code or -errno.  A BR_REPLY buffer is the
 * caller's to free.
 */
static inline int ep_transact(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
			      const void *data, size_t size, const binder_size_t *offsets,
			      size_t offsets_size, struct retlist *all, struct ret *final)
{
	int ret = ep_send(ep, handle, code, flags, data, size, offsets, offsets_size);

	return ret ? ret : ep_read_until(ep, 0, all, final, BT_TMO);
}

/*
 * A synchronous call as libbinder makes it: ref requests for our own nodes
 * are acked while waiting (ep_wait).  The outcome lands in @reply; a
 * BR_REPLY buffer is the caller's to free.  Returns the final BR code or
 * -errno.
 */
static inline int ep_call(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
			  const void *data, size_t size, const binder_size_t *offsets,
			  size_t offsets_size, struct ret *reply, int timeout_ms)
{
	int ret = ep_send(ep, handle, code, flags, data, size, offsets, offsets_size);

	return ret ? ret : ep_wait(ep, 0, reply, timeout_ms);
}

/* BC_FREE_BUFFER of a received @tr, after BC_@bc_ref on @handle if non-zero. */
static inline int ep_free_ref(struct endpoint *ep, const struct binder_transaction_data *tr,
			      uint32_t bc_ref, uint32_t handle)
{
	struct cmdbuf c;

	cmd_reset(&c);
	if (bc_ref)
		cmd_ref(&c, bc_ref, handle);
	cmd_free_buffer(&c, tr->data.ptr.buffer);
	return ep_write(ep, &c);
}

/* BC_FREE_BUFFER of a received transaction or reply. */
static inline int ep_free(struct endpoint *ep, const struct binder_transaction_data *tr)
{
	return ep_free_ref(ep, tr, 0, 0);
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

/* A reply holding @obj (one object at offset 0), freeing @tr's buffer first. */
static inline int ep_reply_obj(struct endpoint *ep, const struct binder_transaction_data *tr,
			       uint32_t flags, const struct flat_binder_object *obj)
{
	static const binder_size_t off0;

	return ep_reply(ep, tr, flags, obj, sizeof(*obj), &off0, sizeof(off0));
}

/* BC_REPLY alone: the request's buffer stays allocated until freed later. */
static inline int ep_reply_keep(struct endpoint *ep, uint32_t flags, const void *data, size_t size)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_txn(&c, BC_REPLY, 0, 0, flags, data, size, NULL, 0);
	return ep_write(ep, &c);
}

/* ---- received transactions ---- */

/* Bytes at @ptr of the receiver's mapping (the data of a received txn). */
static inline const void *txn_data(const struct binder_transaction_data *tr)
{
	return (const void *)(uintptr_t)tr->data.ptr.buffer;
}

static inline const binder_size_t *txn_offsets(const struct binder_transaction_data *tr)
{
	return (const binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
}

/* Object @i (by the offsets array) of a received transaction. */
static inline const struct flat_binder_object *txn_obj(const struct binder_transaction_data *tr,
						       int i)
{
	return (const struct flat_binder_object *)((const char *)txn_data(tr) + txn_offsets(tr)[i]);
}

/* ---- object builders ---- */

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

/* A strong handle object. */
static inline struct flat_binder_object hobj(uint32_t h)
{
	return fbo_handle(BINDER_TYPE_HANDLE, h);
}

/* A BINDER_TYPE_FD object as a flat_binder_object (same layout). */
static inline struct flat_binder_object fbo_fd(int fd, uint64_t cookie)
{
	struct flat_binder_object o = fbo_handle(BINDER_TYPE_FD, fd);

	o.cookie = cookie;
	return o;
}

/* A BINDER_TYPE_FD object as a binder_fd_object. */
static inline struct binder_fd_object fd_obj(int fd)
{
	struct binder_fd_object f;

	memset(&f, 0, sizeof(f));
	f.hdr.type = BINDER_TYPE_FD;
	f.fd = fd;
	return f;
}

/* A BINDER_TYPE_PTR object (sg buffer), child of @parent at @parent_off if flagged. */
static inline struct binder_buffer_object ptr_obj(const void *buf, size_t len, uint32_t flags,
						  uint64_t parent, uint64_t parent_off)
{
	struct binder_buffer_object b;

	memset(&b, 0, sizeof(b));
	b.hdr.type = BINDER_TYPE_PTR;
	b.flags = flags;
	b.buffer = (binder_uintptr_t)(uintptr_t)buf;
	b.length = len;
	b.parent = parent;
	b.parent_offset = parent_off;
	return b;
}

/* A BINDER_TYPE_FDA object: @num fds in buffer object @parent at @parent_off. */
static inline struct binder_fd_array_object fda_obj(uint64_t num, uint64_t parent,
						    uint64_t parent_off)
{
	struct binder_fd_array_object f;

	memset(&f, 0, sizeof(f));
	f.hdr.type = BINDER_TYPE_FDA;
	f.num_fds = num;
	f.parent = parent;
	f.parent_offset = parent_off;
	return f;
}

/* Copy @obj into a transaction's @data at @off. */
static inline void put(void *data, size_t off, const void *obj, size_t size)
{
	memcpy((uint8_t *)data + off, obj, size);
}

#endif /* BINDER_PROTO_H */
