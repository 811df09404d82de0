// SPDX-License-Identifier: GPL-2.0
/*
 * parcel.c - the Parcel writer and reader of libbinderipc.
 *
 * Every value is 4-byte aligned.  A parcel keeps the first error it met
 * (p->err) and refuses everything after it, so a caller may write or read
 * a sequence of values and check once at the end.  Reads never go past
 * p->size; a received parcel is never written to.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bipc_internal.h"

#define PAD4(n)		(((n) + 3) & ~(size_t)3)
#define OBJ_SIZE	sizeof(struct flat_binder_object)
/* Longest descriptor bipc_enforce_interface() compares, in units. */
#define IFACE_MAX	256

void bipc_parcel_init(struct bipc_parcel *p)
{
	memset(p, 0, sizeof(*p));
}

void bipc_parcel_free(struct bipc_parcel *p)
{
	if (p->owner) {
		bipc_release_received(p->owner, p);
	} else {
		free(p->data);
		free(p->offs);
	}
	bipc_parcel_init(p);
}

static int fail(struct bipc_parcel *p, int err)
{
	if (!p->err)
		p->err = err;
	return p->err;
}

int bipc_parcel_error(const struct bipc_parcel *p)
{
	return p->err;
}

size_t bipc_parcel_remaining(const struct bipc_parcel *p)
{
	return p->err || p->pos > p->size ? 0 : p->size - p->pos;
}

size_t bipc_parcel_pos(const struct bipc_parcel *p)
{
	return p->pos;
}

size_t bipc_parcel_size(const struct bipc_parcel *p)
{
	return p->size;
}

size_t bipc_parcel_objects(const struct bipc_parcel *p)
{
	return p->noffs;
}

const uint8_t *bipc_parcel_data(const struct bipc_parcel *p)
{
	return p->data;
}

size_t bipc_parcel_object_offset(const struct bipc_parcel *p, size_t i)
{
	return i < p->noffs ? (size_t)p->offs[i] : SIZE_MAX;
}

int bipc_parcel_set_pos(struct bipc_parcel *p, size_t pos)
{
	if (p->err)
		return p->err;
	if (pos > p->size || pos % 4)
		return fail(p, -EINVAL);
	p->pos = pos;
	return 0;
}

/* ---- writing ---- */

/* Make room for @n bytes (zeroed, padded to 4) at the end; *out points there. */
static int reserve(struct bipc_parcel *p, size_t n, uint8_t **out)
{
	size_t need, cap;
	uint8_t *data;

	if (p->err)
		return p->err;
	if (p->owner)
		return fail(p, -EINVAL);	/* received parcels are read-only */
	if (n > BIPC_PARCEL_MAX_DATA || p->size + PAD4(n) > BIPC_PARCEL_MAX_DATA)
		return fail(p, -E2BIG);
	need = p->size + PAD4(n);
	if (need > p->cap) {
		cap = p->cap ? p->cap : 64;
		while (cap < need)
			cap *= 2;
		data = realloc(p->data, cap);
		if (!data)
			return fail(p, -ENOMEM);
		p->data = data;
		p->cap = cap;
	}
	*out = p->data + p->size;
	memset(*out, 0, PAD4(n));
	p->size = need;
	return 0;
}

int bipc_put_bytes(struct bipc_parcel *p, const void *buf, size_t n)
{
	uint8_t *dst;
	int ret = reserve(p, n, &dst);

	if (!ret && n)
		memcpy(dst, buf, n);
	return ret;
}

int bipc_put_u32(struct bipc_parcel *p, uint32_t v)
{
	return bipc_put_bytes(p, &v, sizeof(v));
}

int bipc_put_i32(struct bipc_parcel *p, int32_t v)
{
	return bipc_put_bytes(p, &v, sizeof(v));
}

int bipc_put_u64(struct bipc_parcel *p, uint64_t v)
{
	return bipc_put_bytes(p, &v, sizeof(v));
}

int bipc_put_i64(struct bipc_parcel *p, int64_t v)
{
	return bipc_put_bytes(p, &v, sizeof(v));
}

int bipc_put_string16_units(struct bipc_parcel *p, const uint16_t *s, size_t len)
{
	uint8_t *dst;
	int ret;

	if (!s)
		return bipc_put_i32(p, -1);
	if (len >= BIPC_PARCEL_MAX_DATA / 2)
		return fail(p, -E2BIG);
	ret = bipc_put_i32(p, (int32_t)len);
	if (!ret)
		ret = reserve(p, (len + 1) * 2, &dst);	/* the NUL is in the zeroed room */
	if (!ret)
		memcpy(dst, s, len * 2);
	return ret;
}

int bipc_put_string16(struct bipc_parcel *p, const char *utf8)
{
	uint16_t *units;
	size_t max;
	ssize_t n;
	int ret;

	if (!utf8)
		return bipc_put_i32(p, -1);
	if (p->err)
		return p->err;
	max = strlen(utf8);	/* UTF-16 never needs more units than UTF-8 bytes */
	if (max >= BIPC_PARCEL_MAX_DATA / 2)
		return fail(p, -E2BIG);
	units = malloc((max + 1) * sizeof(*units));
	if (!units)
		return fail(p, -ENOMEM);
	n = bipc_utf8_to_utf16(utf8, units, max + 1);
	ret = n < 0 ? fail(p, (int)n) : bipc_put_string16_units(p, units, (size_t)n);
	free(units);
	return ret;
}

int bipc_put_cstring(struct bipc_parcel *p, const char *s)
{
	if (!s)
		return fail(p, -EINVAL);
	return bipc_put_bytes(p, s, strlen(s) + 1);
}

/* Record an object at @off (objects only ever go at the end, in order). */
static int record_offset(struct bipc_parcel *p, size_t off)
{
	binder_size_t *offs;
	size_t cap;

	if (p->err)
		return p->err;
	if (p->noffs >= BIPC_PARCEL_MAX_OBJECTS)
		return fail(p, -E2BIG);
	if (p->noffs && off < p->offs[p->noffs - 1] + OBJ_SIZE)
		return fail(p, -EBADMSG);
	if (p->noffs == p->offs_cap) {
		cap = p->offs_cap ? p->offs_cap * 2 : 4;
		offs = realloc(p->offs, cap * sizeof(*offs));
		if (!offs)
			return fail(p, -ENOMEM);
		p->offs = offs;
		p->offs_cap = cap;
	}
	p->offs[p->noffs++] = off;
	return 0;
}

int bipc_put_object(struct bipc_parcel *p, const struct flat_binder_object *obj)
{
	size_t off = p->size;
	int ret = bipc_put_bytes(p, obj, sizeof(*obj));

	return ret ? ret : record_offset(p, off);
}

int bipc_put_binder(struct bipc_parcel *p, struct bipc_object *obj)
{
	struct flat_binder_object o;

	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_BINDER;
	if (!obj)
		return bipc_put_bytes(p, &o, sizeof(o));	/* null: no offset */
	o.flags = obj->flags;
	o.binder = (binder_uintptr_t)(uintptr_t)obj;
	o.cookie = (binder_uintptr_t)(uintptr_t)obj;
	return bipc_put_object(p, &o);
}

int bipc_put_handle(struct bipc_parcel *p, uint32_t handle)
{
	struct flat_binder_object o;

	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_HANDLE;
	o.flags = BIPC_OBJECT_FLAGS_DEFAULT | FLAT_BINDER_FLAG_ACCEPTS_FDS;
	o.handle = handle;
	return bipc_put_object(p, &o);
}

int bipc_put_fd(struct bipc_parcel *p, int fd)
{
	struct flat_binder_object o;

	if (fd < 0)
		return fail(p, -EBADF);
	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_FD;
	o.flags = BIPC_OBJECT_FLAGS_DEFAULT | FLAT_BINDER_FLAG_ACCEPTS_FDS;
	o.handle = (uint32_t)fd;
	return bipc_put_object(p, &o);
}

int bipc_put_interface_token(struct bipc_parcel *p, const char *iface)
{
	bipc_put_u32(p, BIPC_STRICT_MODE_PENALTY_GATHER);
	bipc_put_i32(p, BIPC_UNSET_WORK_SOURCE);
	return bipc_put_string16(p, iface);
}

int bipc_parcel_append_from(struct bipc_parcel *dst, const struct bipc_parcel *src, size_t from)
{
	size_t base = dst->size, i;
	uint8_t *out;
	int ret;

	if (src->err)
		return fail(dst, src->err);
	if (from > src->size || from % 4)
		return fail(dst, -EINVAL);
	ret = reserve(dst, src->size - from, &out);
	if (ret)
		return ret;
	memcpy(out, src->data + from, src->size - from);
	for (i = 0; i < src->noffs && !ret; i++) {
		binder_size_t off = src->offs[i];

		if (off < from || off % 4 || off > src->size || src->size - off < OBJ_SIZE)
			continue;
		ret = record_offset(dst, base + (off - from));
	}
	return ret;
}

/* ---- reading ---- */

/* Take @n bytes (the position moves by @n padded to 4, which must fit). */
static int take(struct bipc_parcel *p, size_t n, const uint8_t **out)
{
	if (p->err)
		return p->err;
	if (p->pos > p->size || PAD4(n) < n || PAD4(n) > p->size - p->pos)
		return fail(p, -ENODATA);
	*out = p->data + p->pos;
	p->pos += PAD4(n);
	return 0;
}

int bipc_get_bytes(struct bipc_parcel *p, const void **buf, size_t n)
{
	const uint8_t *in;
	int ret = take(p, n, &in);

	if (!ret)
		*buf = in;
	return ret;
}

static int get_copy(struct bipc_parcel *p, void *v, size_t n)
{
	const uint8_t *in;
	int ret = take(p, n, &in);

	if (!ret)
		memcpy(v, in, n);
	return ret;
}

int bipc_get_u32(struct bipc_parcel *p, uint32_t *v)
{
	return get_copy(p, v, sizeof(*v));
}

int bipc_get_i32(struct bipc_parcel *p, int32_t *v)
{
	return get_copy(p, v, sizeof(*v));
}

int bipc_get_u64(struct bipc_parcel *p, uint64_t *v)
{
	return get_copy(p, v, sizeof(*v));
}

int bipc_get_i64(struct bipc_parcel *p, int64_t *v)
{
	return get_copy(p, v, sizeof(*v));
}

int bipc_get_string16(struct bipc_parcel *p, const uint16_t **s, size_t *len)
{
	const uint8_t *in;
	uint16_t nul;
	int32_t n;
	int ret = bipc_get_i32(p, &n);

	if (ret)
		return ret;
	if (n == -1) {
		*s = NULL;
		*len = 0;
		return 0;
	}
	if (n < 0 || n == INT32_MAX)
		return fail(p, -EBADMSG);
	ret = take(p, ((size_t)n + 1) * 2, &in);
	if (ret)
		return ret;
	memcpy(&nul, in + (size_t)n * 2, sizeof(nul));
	if (nul)
		return fail(p, -EBADMSG);
	*s = (const uint16_t *)(const void *)in;
	*len = (size_t)n;
	return 0;
}

int bipc_get_string16_utf8(struct bipc_parcel *p, char *buf, size_t size)
{
	const uint16_t *s;
	size_t len;
	ssize_t n;
	int ret = bipc_get_string16(p, &s, &len);

	if (size)
		buf[0] = 0;
	if (ret)
		return ret;
	if (!s)
		return -ENOENT;
	n = bipc_utf16_to_utf8(s, len, buf, size);
	if (n == -EILSEQ)
		return fail(p, -EILSEQ);
	return n < 0 ? (int)n : 0;
}

int bipc_get_cstring(struct bipc_parcel *p, const char **s)
{
	const uint8_t *start, *nul, *in;

	if (p->err)
		return p->err;
	if (p->pos >= p->size)
		return fail(p, -ENODATA);
	start = p->data + p->pos;
	nul = memchr(start, 0, p->size - p->pos);
	if (!nul)
		return fail(p, -EBADMSG);
	if (take(p, (size_t)(nul - start) + 1, &in))
		return p->err;
	*s = (const char *)in;
	return 0;
}

/* Whether an object starts at @pos according to the offsets array. */
static bool object_at(const struct bipc_parcel *p, size_t pos)
{
	size_t i;

	for (i = 0; i < p->noffs; i++)
		if (p->offs[i] == pos)
			return true;
	return false;
}

int bipc_get_object(struct bipc_parcel *p, struct flat_binder_object *obj)
{
	if (p->err)
		return p->err;
	if (p->pos > p->size || p->size - p->pos < OBJ_SIZE)
		return fail(p, -ENODATA);
	if (!object_at(p, p->pos))
		return fail(p, -EBADMSG);
	return get_copy(p, obj, sizeof(*obj));
}

int bipc_get_handle(struct bipc_parcel *p, uint32_t *handle)
{
	struct flat_binder_object o;
	int ret = bipc_get_object(p, &o);

	if (ret)
		return ret;
	if (o.hdr.type != BINDER_TYPE_HANDLE)
		return fail(p, -EBADMSG);
	*handle = o.handle;
	return 0;
}

int bipc_get_fd(struct bipc_parcel *p, int *fd)
{
	struct flat_binder_object o;
	int ret = bipc_get_object(p, &o);

	if (ret)
		return ret;
	if (o.hdr.type != BINDER_TYPE_FD || (int32_t)o.handle < 0)
		return fail(p, -EBADMSG);
	*fd = fcntl((int)o.handle, F_DUPFD_CLOEXEC, 0);
	return *fd < 0 ? -errno : 0;
}

/* Whether the String16 at @pos is exactly @want; *end is the position after it. */
static bool token_at(const struct bipc_parcel *p, size_t pos, const uint16_t *want, size_t wlen,
		     size_t *end)
{
	size_t bytes = PAD4((wlen + 1) * 2);
	uint16_t nul;
	int32_t n;

	if (pos > p->size || p->size - pos < 4)
		return false;
	memcpy(&n, p->data + pos, sizeof(n));
	if (n < 0 || (size_t)n != wlen || p->size - pos - 4 < bytes)
		return false;
	memcpy(&nul, p->data + pos + 4 + wlen * 2, sizeof(nul));
	if (nul || memcmp(p->data + pos + 4, want, wlen * 2))
		return false;
	*end = pos + 4 + bytes;
	return true;
}

int bipc_enforce_interface(struct bipc_parcel *p, const char *iface)
{
	uint16_t want[IFACE_MAX];
	ssize_t wlen = bipc_utf8_to_utf16(iface, want, IFACE_MAX);
	size_t end;

	if (p->err)
		return p->err;
	if (wlen < 0)
		return fail(p, -EINVAL);
	p->pos = 0;
	/* Android 9: strict-mode word, token.  Android 10: strict-mode, work source, token. */
	if (token_at(p, 4, want, (size_t)wlen, &end) || token_at(p, 8, want, (size_t)wlen, &end)) {
		p->pos = end;
		return 0;
	}
	return fail(p, p->size < 8 ? -ENODATA : -EBADMSG);
}
