/* SPDX-License-Identifier: GPL-2.0 */
/*
 * binderipc.h - a small C client library for binder (libbinderipc.a).
 *
 * It speaks the upstream binder protocol through the uapi header
 * <linux/android/binder.h> and is used by servicemanager, the tools, the
 * examples and the tests.  What it gives:
 *
 *  - a connection (struct bipc): open + version check + mmap of the
 *    receive buffer; the fd is non-blocking and every wait is a poll();
 *  - parcels (struct bipc_parcel): a writer and a bounds-checked reader of
 *    the Android Parcel wire format (4-byte aligned, little endian), with
 *    a sticky error state and the offsets array of the objects in it;
 *  - calls: bipc_transact() (synchronous or one-way);
 *  - local objects (struct bipc_object): a handler per object; incoming
 *    transactions are dispatched to it and its return value becomes the
 *    reply; BR_INCREFS/ACQUIRE/RELEASE/DECREFS keep its reference counts;
 *  - a looper (bipc_loop) with a thread pool grown on BR_SPAWN_LOOPER;
 *  - death notifications (struct bipc_death) with callbacks;
 *  - helpers for the classic Android servicemanager protocol.
 *
 * Conventions: functions return 0 (or a count) on success and a negative
 * errno on failure.  Nothing in here aborts or exits.  Memory handed to
 * the library (objects, death records) stays the caller's; the rules for
 * how long it must live are given with each type.
 *
 * Wire format of the values (what Android's Parcel.cpp writes):
 *   int32/uint32  4 bytes;  int64/uint64 8 bytes (no extra alignment);
 *   String16      int32 length in UTF-16 units (-1: null string), then
 *                 (length + 1) UTF-16 units ending in a NUL, padded to 4;
 *   C string      the bytes and a NUL, padded to 4;
 *   object        a 24-byte flat_binder_object, its offset recorded in the
 *                 offsets array (BINDER, HANDLE, FD ...).
 */
#ifndef BINDERIPC_H
#define BINDERIPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <linux/android/binder.h>

#define BIPC_DEFAULT_DEVICE	"/dev/binder"
/* What libbinder maps: 1 MiB minus two pages. */
#define BIPC_DEFAULT_MAP_SIZE	((1u << 20) - 2 * 4096)

/* Largest parcel the writer builds, and most objects in one parcel. */
#define BIPC_PARCEL_MAX_DATA	(1u << 20)
#define BIPC_PARCEL_MAX_OBJECTS	1024u

/* Most threads a pool may have (the BINDER_SET_MAX_THREADS value). */
#define BIPC_MAX_THREADS	32u

/* Transaction codes every binder object understands (IBinder.h). */
#define BIPC_PING_TRANSACTION		B_PACK_CHARS('_', 'P', 'N', 'G')
#define BIPC_INTERFACE_TRANSACTION	B_PACK_CHARS('_', 'N', 'T', 'F')
#define BIPC_FIRST_CALL_TRANSACTION	1u

/* The strict-mode word Android's writeInterfaceToken() starts with. */
#define BIPC_STRICT_MODE_PENALTY_GATHER	(0x40 << 16)
/* Android 10's work-source word when none is set. */
#define BIPC_UNSET_WORK_SOURCE		(-1)

/* flat_binder_object.flags for local objects: no minimum priority. */
#define BIPC_OBJECT_FLAGS_DEFAULT	0x7f

struct bipc;
struct bipc_object;

/* ------------------------------------------------------------------ */
/* Parcels                                                            */
/* ------------------------------------------------------------------ */

/**
 * struct bipc_parcel - a parcel being written, or a received one being read
 * @data:     the bytes (owned for a written parcel; inside the receive
 *            mapping, read-only, for a received one)
 * @size:     number of bytes in @data
 * @cap:      allocated bytes of a written parcel
 * @offs:     offsets of the objects in @data
 * @noffs:    number of offsets
 * @offs_cap: allocated offsets of a written parcel
 * @pos:      read position
 * @err:      first error (negative errno), 0 if none; sticky: once set,
 *            every later put or get fails with it
 * @owner:    connection a received parcel belongs to (NULL when written)
 * @buffer:   driver buffer of a received parcel, for BC_FREE_BUFFER
 *
 * Fields are private to the library; use the functions below.
 */
struct bipc_parcel {
	uint8_t *data;
	size_t size;
	size_t cap;
	binder_size_t *offs;
	size_t noffs;
	size_t offs_cap;
	size_t pos;
	int err;
	struct bipc *owner;
	binder_uintptr_t buffer;
};

/**
 * bipc_parcel_init() - make @p an empty parcel to write into
 * @p: the parcel
 */
void bipc_parcel_init(struct bipc_parcel *p);

/**
 * bipc_parcel_free() - release a parcel
 * @p: the parcel; becomes empty (as after bipc_parcel_init())
 *
 * A written parcel's memory is freed.  A received parcel's driver buffer
 * is given back (BC_FREE_BUFFER) and the file descriptors the driver
 * installed for its FD objects are closed (bipc_get_fd() hands out
 * duplicates, so they stay valid).
 */
void bipc_parcel_free(struct bipc_parcel *p);

/**
 * bipc_parcel_error() - the parcel's sticky error
 * @p: the parcel
 *
 * Return: 0, or the negative errno of the first failed put or get:
 * -ENOMEM (allocation), -E2BIG (parcel limits), -ENODATA (read past the
 * end), -EBADMSG (malformed value, or no object where one is expected),
 * -EILSEQ (invalid UTF-8/UTF-16), -EINVAL (bad argument).
 */
int bipc_parcel_error(const struct bipc_parcel *p);

/**
 * bipc_parcel_remaining() - bytes left to read
 * @p: the parcel
 *
 * Return: @p->size - @p->pos, 0 once an error is set.
 */
size_t bipc_parcel_remaining(const struct bipc_parcel *p);

/**
 * bipc_parcel_pos() - the read position
 * @p: the parcel
 *
 * Return: the offset of the next value to read.
 */
size_t bipc_parcel_pos(const struct bipc_parcel *p);

/**
 * bipc_parcel_size() - bytes in the parcel
 * @p: the parcel
 *
 * Return: its data size.
 */
size_t bipc_parcel_size(const struct bipc_parcel *p);

/**
 * bipc_parcel_objects() - objects in the parcel
 * @p: the parcel
 *
 * Return: the number of entries of its offsets array.
 */
size_t bipc_parcel_objects(const struct bipc_parcel *p);

/**
 * bipc_parcel_data() - the parcel's bytes, to print or compare them
 * @p: the parcel
 *
 * Return: bipc_parcel_size() bytes (NULL if empty).
 */
const uint8_t *bipc_parcel_data(const struct bipc_parcel *p);

/**
 * bipc_parcel_object_offset() - where an object is
 * @p: the parcel
 * @i: index in the offsets array (< bipc_parcel_objects())
 *
 * Return: its offset in the data, or SIZE_MAX if @i is out of range.
 */
size_t bipc_parcel_object_offset(const struct bipc_parcel *p, size_t i);

/**
 * bipc_parcel_set_pos() - move the read position
 * @p:   the parcel
 * @pos: new position; must be 4-byte aligned and <= size
 *
 * Return: 0, or -EINVAL (and the error is set).
 */
int bipc_parcel_set_pos(struct bipc_parcel *p, size_t pos);

/**
 * bipc_put_u32() - append a 32-bit value
 * @p: the parcel
 * @v: the value
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_u32(struct bipc_parcel *p, uint32_t v);

/**
 * bipc_put_i32() - append a signed 32-bit value
 * @p: the parcel
 * @v: the value
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_i32(struct bipc_parcel *p, int32_t v);

/**
 * bipc_put_u64() - append a 64-bit value
 * @p: the parcel
 * @v: the value
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_u64(struct bipc_parcel *p, uint64_t v);

/**
 * bipc_put_i64() - append a signed 64-bit value
 * @p: the parcel
 * @v: the value
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_i64(struct bipc_parcel *p, int64_t v);

/**
 * bipc_put_bytes() - append raw bytes, zero-padded to a multiple of 4
 * @p:   the parcel
 * @buf: the bytes (may be NULL when @n is 0)
 * @n:   how many
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_bytes(struct bipc_parcel *p, const void *buf, size_t n);

/**
 * bipc_put_string16() - append a String16 from a UTF-8 C string
 * @p:    the parcel
 * @utf8: the string; NULL writes a null string (length -1)
 *
 * Return: 0 or the parcel's error (-EILSEQ for invalid UTF-8).
 */
int bipc_put_string16(struct bipc_parcel *p, const char *utf8);

/**
 * bipc_put_string16_units() - append a String16 from UTF-16 units
 * @p:   the parcel
 * @s:   the units (need not be NUL-terminated); NULL writes a null string
 * @len: number of units
 *
 * The units are written as given, even invalid UTF-16 (tests need that).
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_string16_units(struct bipc_parcel *p, const uint16_t *s, size_t len);

/**
 * bipc_put_cstring() - append a C string: its bytes and a NUL, padded to 4
 * @p: the parcel
 * @s: the string
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_cstring(struct bipc_parcel *p, const char *s);

/**
 * bipc_put_object() - append a flat_binder_object and record its offset
 * @p:   the parcel
 * @obj: the object, written as given
 *
 * Return: 0 or the parcel's error (-E2BIG past BIPC_PARCEL_MAX_OBJECTS).
 */
int bipc_put_object(struct bipc_parcel *p, const struct flat_binder_object *obj);

/**
 * bipc_put_binder() - append a strong reference to a local object
 * @p:   the parcel
 * @obj: an object set up with bipc_object_init(); NULL writes a null
 *       binder the way libbinder does (a zeroed BINDER object that is
 *       not in the offsets array, so the driver ignores it)
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_binder(struct bipc_parcel *p, struct bipc_object *obj);

/**
 * bipc_put_handle() - append a strong reference to a remote object
 * @p:      the parcel
 * @handle: a handle this process holds a strong reference on
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_handle(struct bipc_parcel *p, uint32_t handle);

/**
 * bipc_put_fd() - append a file descriptor (BINDER_TYPE_FD)
 * @p:  the parcel
 * @fd: an open descriptor; it stays the caller's (the driver installs a
 *      duplicate in the receiver), and must stay open until the parcel
 *      has been sent
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_fd(struct bipc_parcel *p, int fd);

/**
 * bipc_put_interface_token() - append the header of an AIDL call
 * @p:     the parcel
 * @iface: the interface descriptor, e.g. "android.os.IServiceManager"
 *
 * Writes what Android 10's Parcel::writeInterfaceToken() writes: the
 * strict-mode word (STRICT_MODE_PENALTY_GATHER), the work-source word
 * (-1: unset) and the descriptor as a String16.
 *
 * Return: 0 or the parcel's error.
 */
int bipc_put_interface_token(struct bipc_parcel *p, const char *iface);

/**
 * bipc_parcel_append_from() - append the rest of another parcel
 * @dst:  the parcel written
 * @src:  a parcel (typically a received one)
 * @from: first byte of @src to copy (4-byte aligned, <= its size)
 *
 * Copies the bytes of @src from @from to its end, and records in @dst the
 * objects of @src that lie wholly in that range, so they are sent again
 * (an echo).  Objects are copied as they are: a received HANDLE, BINDER or
 * FD object names this process's handle, object or descriptor.
 *
 * Return: 0 or the error of @dst (@src's error, if set, is copied to it).
 */
int bipc_parcel_append_from(struct bipc_parcel *dst, const struct bipc_parcel *src, size_t from);

/**
 * bipc_get_u32() - read a 32-bit value
 * @p: the parcel
 * @v: where to store it
 *
 * Return: 0 or the parcel's error (-ENODATA at the end).
 */
int bipc_get_u32(struct bipc_parcel *p, uint32_t *v);

/**
 * bipc_get_i32() - read a signed 32-bit value
 * @p: the parcel
 * @v: where to store it
 *
 * Return: 0 or the parcel's error.
 */
int bipc_get_i32(struct bipc_parcel *p, int32_t *v);

/**
 * bipc_get_u64() - read a 64-bit value
 * @p: the parcel
 * @v: where to store it
 *
 * Return: 0 or the parcel's error.
 */
int bipc_get_u64(struct bipc_parcel *p, uint64_t *v);

/**
 * bipc_get_i64() - read a signed 64-bit value
 * @p: the parcel
 * @v: where to store it
 *
 * Return: 0 or the parcel's error.
 */
int bipc_get_i64(struct bipc_parcel *p, int64_t *v);

/**
 * bipc_get_bytes() - read @n raw bytes (the position moves by @n padded to 4)
 * @p:   the parcel
 * @buf: set to the bytes, inside the parcel
 * @n:   how many
 *
 * Return: 0 or the parcel's error.
 */
int bipc_get_bytes(struct bipc_parcel *p, const void **buf, size_t n);

/**
 * bipc_get_string16() - read a String16 in place
 * @p:   the parcel
 * @s:   set to the units inside the parcel (NUL-terminated), or to NULL
 *       for a null string
 * @len: set to the number of units (0 for a null string)
 *
 * Checks, like libbinder: the length is -1 or in [0, INT32_MAX), the
 * units and their NUL fit in the parcel, and unit @len is a NUL.  The
 * padding is not checked (libgbinder writes 0xffff in it).  The units
 * are not checked either: see bipc_utf16_valid().
 *
 * Return: 0 or the parcel's error (-ENODATA, -EBADMSG).
 */
int bipc_get_string16(struct bipc_parcel *p, const uint16_t **s, size_t *len);

/**
 * bipc_get_string16_utf8() - read a String16 and convert it to UTF-8
 * @p:    the parcel
 * @buf:  output, always NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Return: 0, -ENOENT for a null string (not an error of the parcel),
 * -ENOSPC if @buf is too small, or the parcel's error (-EILSEQ for
 * invalid UTF-16).
 */
int bipc_get_string16_utf8(struct bipc_parcel *p, char *buf, size_t size);

/**
 * bipc_get_cstring() - read a C string in place
 * @p: the parcel
 * @s: set to the string inside the parcel
 *
 * Return: 0 or the parcel's error (-EBADMSG if no NUL before the end).
 */
int bipc_get_cstring(struct bipc_parcel *p, const char **s);

/**
 * bipc_get_object() - read the object at the read position
 * @p:   the parcel
 * @obj: set to a copy of the object
 *
 * The position must be listed in the offsets array (data that merely looks
 * like an object is not one) and the whole object must fit.
 *
 * Return: 0 or the parcel's error (-EBADMSG if no object is there).
 */
int bipc_get_object(struct bipc_parcel *p, struct flat_binder_object *obj);

/**
 * bipc_get_handle() - read a strong reference to a remote object
 * @p:      the parcel
 * @handle: set to the handle
 *
 * The handle is valid while the parcel is (its buffer holds a reference);
 * take a reference with bipc_acquire() to keep it longer.
 *
 * Return: 0 or the parcel's error (-EBADMSG if not a BINDER_TYPE_HANDLE).
 */
int bipc_get_handle(struct bipc_parcel *p, uint32_t *handle);

/**
 * bipc_get_fd() - read a file descriptor
 * @p:  the parcel
 * @fd: set to a new descriptor (O_CLOEXEC) the caller must close
 *
 * Return: 0, -errno if it cannot be duplicated, or the parcel's error
 * (-EBADMSG if not a BINDER_TYPE_FD).
 */
int bipc_get_fd(struct bipc_parcel *p, int *fd);

/**
 * bipc_enforce_interface() - read and check the header of an AIDL call
 * @p:     the parcel, read from its start
 * @iface: the descriptor expected
 *
 * Accepts both layouts: Android 9 (strict-mode word, String16 token) and
 * Android 10 (strict-mode word, work-source word, String16 token).  The
 * Android 9 reading is tried first.  It cannot match an Android 10
 * header: its second unit would be the high half of the real token's
 * length word, a NUL, and descriptors hold no NUL; so the detection is
 * exact for every descriptor of two or more units, whatever the
 * work-source value is.
 *
 * Return: 0 with the position after the token, or -EBADMSG (wrong or
 * null token) / -ENODATA (truncated); the parcel's error is set.
 */
int bipc_enforce_interface(struct bipc_parcel *p, const char *iface);

/**
 * bipc_parcel_dump() - print a parcel for people
 * @f: where
 * @p: the parcel
 *
 * The format of Android's "service call": "Parcel(" then lines of
 * "  0xOFFSET: WORD WORD WORD WORD 'ascii'" (32-bit little-endian words)
 * and ")", followed by one line per object of the offsets array saying
 * what it is ("  object at 0x0004: handle 3").
 */
void bipc_parcel_dump(FILE *f, const struct bipc_parcel *p);

/* ------------------------------------------------------------------ */
/* UTF-16                                                             */
/* ------------------------------------------------------------------ */

/**
 * bipc_utf16_valid() - whether UTF-16 units are well formed
 * @s:   the units
 * @len: how many
 *
 * Return: true unless a surrogate is unpaired.
 */
bool bipc_utf16_valid(const uint16_t *s, size_t len);

/**
 * bipc_utf16_to_utf8() - convert UTF-16 to UTF-8
 * @s:    the units
 * @len:  how many
 * @out:  output, NUL-terminated
 * @size: size of @out
 *
 * Return: bytes written (without the NUL), -EILSEQ for an unpaired
 * surrogate, -ENOSPC if @out is too small.
 */
ssize_t bipc_utf16_to_utf8(const uint16_t *s, size_t len, char *out, size_t size);

/**
 * bipc_utf8_to_utf16() - convert UTF-8 to UTF-16
 * @s:         NUL-terminated UTF-8
 * @out:       output units (no NUL is added)
 * @max_units: room in @out
 *
 * Rejects overlong forms, surrogates encoded in UTF-8 and values past
 * U+10FFFF.
 *
 * Return: number of units, -EILSEQ, or -ENOSPC.
 */
ssize_t bipc_utf8_to_utf16(const char *s, uint16_t *out, size_t max_units);

/* ------------------------------------------------------------------ */
/* Connections, objects, calls                                        */
/* ------------------------------------------------------------------ */

/**
 * struct bipc_txn - what the driver says about an incoming transaction
 * @code:        transaction code
 * @flags:       TF_* flags (TF_ONE_WAY: no reply will be sent)
 * @sender_pid:  caller's pid (0 for one-way calls)
 * @sender_euid: caller's effective uid
 * @secctx:      caller's security context (BR_TRANSACTION_SEC_CTX), or NULL
 */
struct bipc_txn {
	uint32_t code;
	uint32_t flags;
	pid_t sender_pid;
	uid_t sender_euid;
	const char *secctx;
};

/**
 * typedef bipc_handler_fn - handles a transaction to a local object
 * @b:     the connection
 * @obj:   the object called
 * @txn:   the transaction
 * @in:    its data, positioned at 0 (the library frees it afterwards)
 * @reply: an empty parcel to fill
 *
 * Return: 0 to send @reply; anything else is sent as a status-code reply
 * (TF_STATUS_CODE with that int32), @reply being dropped.  If @reply is
 * in an error state, its error is sent as the status.  Nothing is sent
 * for a one-way transaction.
 */
typedef int32_t (*bipc_handler_fn)(struct bipc *b, struct bipc_object *obj,
				   const struct bipc_txn *txn, struct bipc_parcel *in,
				   struct bipc_parcel *reply);

/**
 * struct bipc_object - a local binder object (a node, in the driver)
 * @handler:      called for every transaction to the object (may be NULL:
 *                then only PING is answered)
 * @refs_changed: optional; called after the driver changed the counts
 *                below (BR_INCREFS, BR_ACQUIRE, BR_RELEASE, BR_DECREFS)
 * @priv:         the caller's
 * @flags:        flat_binder_object.flags used when it is sent (a
 *                priority and FLAT_BINDER_FLAG_ACCEPTS_FDS)
 * @strong:       strong references other processes hold, as the driver
 *                reported them (read under no lock: a hint)
 * @weak:         weak references, likewise
 * @next:         private: the connection's list
 *
 * Lifetime: register it with bipc_object_init(); it must stay valid until
 * bipc_close().  Its address is what the driver knows it by.
 */
struct bipc_object {
	bipc_handler_fn handler;
	void (*refs_changed)(struct bipc *b, struct bipc_object *obj);
	void *priv;
	uint32_t flags;
	int strong;
	int weak;
	struct bipc_object *next;
};

/**
 * struct bipc_death - a death notification on a handle
 * @died:    called once when the object behind @handle dies
 *           (BR_DEAD_BINDER); the library then sends BC_DEAD_BINDER_DONE.
 *           It may call bipc_death_clear() and bipc_release().
 * @cleared: optional; called when the driver confirmed bipc_death_clear()
 *           (BR_CLEAR_DEATH_NOTIFICATION_DONE): from then on the record
 *           may be freed or reused
 * @priv:    the caller's
 * @handle:  private: the handle watched
 * @state:   private
 * @next:    private: the connection's list
 *
 * Lifetime: valid from bipc_death_request() until @cleared was called
 * (or bipc_close()).
 */
struct bipc_death {
	void (*died)(struct bipc *b, struct bipc_death *d);
	void (*cleared)(struct bipc *b, struct bipc_death *d);
	void *priv;
	uint32_t handle;
	int state;
	struct bipc_death *next;
};

/**
 * bipc_open() - open a binder device
 * @out:      set to the new connection
 * @dev:      device path (NULL: BIPC_DEFAULT_DEVICE)
 * @map_size: receive buffer size (0: BIPC_DEFAULT_MAP_SIZE)
 *
 * Opens @dev (O_RDWR | O_NONBLOCK | O_CLOEXEC), checks BINDER_VERSION
 * against BINDER_CURRENT_PROTOCOL_VERSION, maps the receive buffer and
 * sets BINDER_SET_MAX_THREADS to 0 (no thread pool until
 * bipc_set_max_threads()).
 *
 * Return: 0, -EPROTONOSUPPORT on a version mismatch, or -errno.
 */
int bipc_open(struct bipc **out, const char *dev, size_t map_size);

/**
 * bipc_close() - stop the looper threads, unmap, close and free
 * @b: the connection (NULL is ignored)
 *
 * Joins the pool threads (they leave their loop once bipc_stop() is
 * signalled, which this does).  Must not be called from a handler.
 */
void bipc_close(struct bipc *b);

/**
 * bipc_parse_number() - parse a whole command-line number
 * @s:   the text (decimal, 0x hex or 0 octal, optionally negative)
 * @min: smallest value accepted
 * @max: largest value accepted
 * @v:   set to the value
 *
 * Return: 0, or -EINVAL if @s is not entirely a number in [@min, @max].
 */
int bipc_parse_number(const char *s, long long min, long long max, long long *v);

/**
 * bipc_fd() - the connection's binder fd
 * @b: the connection
 *
 * Return: the fd (for raw ioctls).
 */
int bipc_fd(const struct bipc *b);

/**
 * bipc_object_init() - set up a local object and register it
 * @b:       the connection
 * @obj:     the object
 * @handler: its transaction handler (may be NULL)
 * @priv:    the caller's
 *
 * @obj->flags becomes BIPC_OBJECT_FLAGS_DEFAULT | FLAT_BINDER_FLAG_ACCEPTS_FDS;
 * change it before the object is first sent.
 */
void bipc_object_init(struct bipc *b, struct bipc_object *obj, bipc_handler_fn handler,
		      void *priv);

/**
 * bipc_become_manager() - become the context manager (handle 0)
 * @b:   the connection
 * @obj: the object transactions to handle 0 are dispatched to; it must
 *       have been set up with bipc_object_init()
 *
 * Tries BINDER_SET_CONTEXT_MGR_EXT (a node with @obj->flags, pointer and
 * cookie 0) and falls back to BINDER_SET_CONTEXT_MGR on kernels without it.
 *
 * Return: 0, or -errno of the last attempt (-EBUSY: there is one already).
 */
int bipc_become_manager(struct bipc *b, struct bipc_object *obj);

/**
 * bipc_transact() - call a remote object
 * @b:      the connection
 * @handle: the target (0: the context manager)
 * @code:   transaction code
 * @flags:  0 or TF_ONE_WAY (TF_ACCEPT_FDS is added to synchronous calls)
 * @data:   the request
 * @reply:  for a synchronous call: receives the reply (free it with
 *          bipc_parcel_free()); may be NULL for TF_ONE_WAY
 * @status: for a synchronous call: set to 0 for a data reply, or to the
 *          int32 of a status-code reply (TF_STATUS_CODE; @reply is empty)
 *
 * While waiting, transactions to this process's objects that arrive on
 * this thread (nested calls) are dispatched, and reference and death
 * messages are handled.
 *
 * Return: 0 when the call was delivered (and, if synchronous, answered),
 * or: @data's error; -EPIPE if the target is dead (BR_DEAD_REPLY);
 * -ECOMM if the driver refused the call (BR_FAILED_REPLY), -EAGAIN if
 * the target is frozen, -EPROTO on a protocol violation, or -errno.
 */
int bipc_transact(struct bipc *b, uint32_t handle, uint32_t code, uint32_t flags,
		  const struct bipc_parcel *data, struct bipc_parcel *reply, int32_t *status);

/**
 * bipc_acquire() - take a strong reference on a handle (BC_ACQUIRE)
 * @b:      the connection
 * @handle: the handle
 *
 * Return: 0 or -errno.
 */
int bipc_acquire(struct bipc *b, uint32_t handle);

/**
 * bipc_release() - drop a strong reference on a handle (BC_RELEASE)
 * @b:      the connection
 * @handle: the handle
 *
 * Return: 0 or -errno.
 */
int bipc_release(struct bipc *b, uint32_t handle);

/**
 * bipc_death_request() - ask to be told when a handle's object dies
 * @b:      the connection
 * @d:      the record; @d->died (and @d->cleared) set by the caller
 * @handle: the handle (at most one request per handle and connection)
 *
 * Return: 0 or -errno (-EBUSY if @d is in use).
 */
int bipc_death_request(struct bipc *b, struct bipc_death *d, uint32_t handle);

/**
 * bipc_death_clear() - cancel a death notification
 * @b: the connection
 * @d: a record given to bipc_death_request()
 *
 * Sends BC_CLEAR_DEATH_NOTIFICATION, also after @d->died was called (as
 * libbinder does); @d->cleared is called when the driver confirms.
 *
 * Return: 0, -EALREADY if already cleared, or -errno.
 */
int bipc_death_clear(struct bipc *b, struct bipc_death *d);

/* ------------------------------------------------------------------ */
/* Looper                                                             */
/* ------------------------------------------------------------------ */

/**
 * bipc_set_max_threads() - allow a thread pool
 * @b: the connection
 * @n: most pool threads the driver may ask for (<= BIPC_MAX_THREADS)
 *
 * Sets BINDER_SET_MAX_THREADS.  When the driver sends BR_SPAWN_LOOPER,
 * the library starts a thread that registers (BC_REGISTER_LOOPER) and
 * runs the same loop as bipc_loop().  Pool threads block all signals.
 *
 * Return: 0, -EINVAL, or -errno.
 */
int bipc_set_max_threads(struct bipc *b, unsigned int n);

/**
 * bipc_loop() - serve incoming transactions on this thread
 * @b: the connection
 *
 * Sends BC_ENTER_LOOPER, then waits for and dispatches work until
 * bipc_stop() is called, then sends BC_EXIT_LOOPER.
 *
 * Return: 0 after bipc_stop(), or -errno on a fatal error.
 */
int bipc_loop(struct bipc *b);

/**
 * bipc_stop() - make bipc_loop() and the pool threads return
 * @b: the connection
 *
 * Async-signal-safe: may be called from a signal handler.
 */
void bipc_stop(struct bipc *b);

/**
 * bipc_stop_on_signals() - make SIGTERM and SIGINT call bipc_stop()
 * @b: the connection (one per process: a later call replaces it)
 *
 * Installs handlers without SA_RESTART, so a waiting poll() returns at
 * once; bipc_close() of @b removes the target again (the handlers then
 * do nothing).  Pool threads block signals, so they reach the thread in
 * bipc_loop() or another thread of the program.
 *
 * Return: 0 or -errno.
 */
int bipc_stop_on_signals(struct bipc *b);

/**
 * bipc_threads_started() - pool threads started so far
 * @b: the connection
 *
 * Return: the number of threads started for BR_SPAWN_LOOPER.
 */
unsigned int bipc_threads_started(struct bipc *b);

/* ------------------------------------------------------------------ */
/* The classic servicemanager (android.os.IServiceManager)            */
/* ------------------------------------------------------------------ */

#define BIPC_SM_IFACE		"android.os.IServiceManager"
#define BIPC_SM_GET_SERVICE	1u
#define BIPC_SM_CHECK_SERVICE	2u
#define BIPC_SM_ADD_SERVICE	3u
#define BIPC_SM_LIST_SERVICES	4u

/* Android 9's dumpsys priorities (IServiceManager.h). */
#define BIPC_DUMP_PRIORITY_CRITICAL	(1u << 0)
#define BIPC_DUMP_PRIORITY_HIGH		(1u << 1)
#define BIPC_DUMP_PRIORITY_NORMAL	(1u << 2)
#define BIPC_DUMP_PRIORITY_DEFAULT	(1u << 3)
#define BIPC_DUMP_PRIORITY_ALL		0xfu

/**
 * bipc_sm_add() - register a local object with servicemanager
 * @b:    the connection
 * @name: the service name (UTF-8)
 * @obj:  the object
 *
 * Sends ADD_SERVICE as Android 10's libbinder does (allow_isolated 0,
 * dumpsys priority DEFAULT).
 *
 * Return: 0, -EREMOTEIO if servicemanager refused (an error status), or
 * -errno (-EPIPE: no servicemanager).
 */
int bipc_sm_add(struct bipc *b, const char *name, struct bipc_object *obj);

/**
 * bipc_sm_check() - look a service up (CHECK_SERVICE)
 * @b:      the connection
 * @name:   the service name (UTF-8)
 * @handle: set to a handle on which the caller now holds a strong
 *          reference (drop it with bipc_release())
 *
 * Return: 0, -ENOENT if not registered, -EREMOTEIO if servicemanager
 * refused (an error status), -EBADMSG if its reply is neither a handle
 * nor "not found", or -errno.
 */
int bipc_sm_check(struct bipc *b, const char *name, uint32_t *handle);

/**
 * bipc_sm_list() - the name of the @index-th service (LIST_SERVICES)
 * @b:     the connection
 * @index: from 0
 * @buf:   output (UTF-8)
 * @size:  size of @buf
 *
 * Return: 0, -ENOENT past the end (servicemanager answers with an error
 * status), -ENOSPC, or -errno.
 */
int bipc_sm_list(struct bipc *b, uint32_t index, char *buf, size_t size);

/**
 * bipc_interface_of() - ask an object for its interface descriptor
 * @b:      the connection
 * @handle: the object
 * @buf:    output (UTF-8; empty if the object does not say)
 * @size:   size of @buf
 *
 * Sends INTERFACE_TRANSACTION ('_NTF') as libbinder does.
 *
 * Return: 0 or -errno (a status reply counts as "does not say": 0, "").
 */
int bipc_interface_of(struct bipc *b, uint32_t handle, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Transaction reports (the binder generic-netlink family)             */
/* ------------------------------------------------------------------ */

/**
 * struct bipc_report - one transaction report, decoded
 * @error:      the BR_* code the sender got
 * @context:    the device (context) name
 * @from_pid:   sending process
 * @from_tid:   sending thread
 * @to_pid:     target process, if @has_to_pid
 * @to_tid:     target thread, if @has_to_tid
 * @has_to_pid: the target process was known
 * @has_to_tid: the target thread was known
 * @is_reply:   the transaction was a reply
 * @flags:      its TF_* flags
 * @code:       its code
 * @data_size:  its data size in bytes
 */
struct bipc_report {
	uint32_t error;
	char context[64];
	uint32_t from_pid;
	uint32_t from_tid;
	uint32_t to_pid;
	uint32_t to_tid;
	bool has_to_pid;
	bool has_to_tid;
	bool is_reply;
	uint32_t flags;
	uint32_t code;
	uint32_t data_size;
};

/**
 * bipc_report_open() - listen to transaction reports
 * @family: generic-netlink family name (NULL: "binder"; binder_ipc's
 *          netlink_family= parameter may name another)
 * @fd:     set to a netlink socket joined to the family's "report" group
 *
 * Return: 0; -ENOENT if no such family is registered; -EPERM without
 * CAP_NET_ADMIN (binder_ipc's group asks for it); or -errno.
 */
int bipc_report_open(const char *family, int *fd);

/**
 * bipc_report_family() - look up the report family
 * @family: as for bipc_report_open()
 * @id:     set to the family's generic-netlink id
 * @group:  set to the id of its "report" multicast group
 *
 * Return: 0, -ENOENT if no such family (or group), or -errno.
 */
int bipc_report_family(const char *family, uint16_t *id, uint32_t *group);

/**
 * bipc_report_next() - wait for and decode the next report
 * @fd:         from bipc_report_open()
 * @r:          the report
 * @timeout_ms: how long to wait (-1: for ever)
 *
 * Return: 0; -ETIMEDOUT; -EBADMSG for a malformed message; -errno.
 */
int bipc_report_next(int fd, struct bipc_report *r, int timeout_ms);

#endif /* BINDERIPC_H */
