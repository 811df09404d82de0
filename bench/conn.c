// SPDX-License-Identifier: GPL-2.0
/*
 * A binder connection of the benchmark: the commands of the next
 * BINDER_WRITE_READ, gathered in a buffer, and what it read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/android/binder.h>

#include "bench.h"

void put_u32(struct conn *c, uint32_t v)
{
	put_raw(c, &v, sizeof(v));
}

void put_raw(struct conn *c, const void *p, size_t n)
{
	memcpy(c->wbuf + c->wlen, p, n);
	c->wlen += n;
}

void put_free(struct conn *c, binder_uintptr_t buffer)
{
	put_u32(c, BC_FREE_BUFFER);
	put_raw(c, &buffer, sizeof(buffer));
}

void put_txn(struct conn *c, uint32_t bc, uint32_t handle, uint32_t code, uint32_t flags,
	     const void *data, size_t size, const binder_size_t *offs, size_t noffs)
{
	struct binder_transaction_data tr;

	memset(&tr, 0, sizeof(tr));
	tr.target.handle = handle;
	tr.code = code;
	tr.flags = flags;
	tr.data_size = size;
	tr.offsets_size = noffs * sizeof(binder_size_t);
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data;
	tr.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)offs;
	put_u32(c, bc);
	put_raw(c, &tr, sizeof(tr));
}

int xfer(struct conn *c)
{
	struct binder_write_read bwr = {
		.write_buffer = (binder_uintptr_t)(uintptr_t)c->wbuf,
		.write_size = c->wlen,
		.read_buffer = (binder_uintptr_t)(uintptr_t)c->rbuf,
		.read_size = sizeof(c->rbuf),
	};

	/* After EINTR the same bwr resumes where the driver stopped. */
	while (ioctl(c->fd, BINDER_WRITE_READ, &bwr) < 0)
		if (errno != EINTR)
			return -errno;
	c->rlen = bwr.read_consumed;
	if (bwr.write_consumed != c->wlen)
		return -EBADMSG;
	c->wlen = 0;
	return 0;
}

void ack_ref(struct conn *c, uint32_t cmd, const uint8_t *payload)
{
	struct binder_ptr_cookie pc;

	memcpy(&pc, payload, sizeof(pc));
	put_u32(c, cmd == BR_INCREFS ? BC_INCREFS_DONE : BC_ACQUIRE_DONE);
	put_raw(c, &pc, sizeof(pc));
}
