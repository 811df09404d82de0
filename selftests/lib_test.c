// SPDX-License-Identifier: GPL-2.0
/*
 * libbinderipc (tools/lib): the parcel writer and reader, their bounds
 * checks and error state, UTF-16, the interface-token detection, the
 * dump format (no device needed); then, on both drivers, what the
 * library does with the driver: the thread pool grown on
 * BR_SPAWN_LOOPER, reference callbacks, death callbacks, one-way calls
 * and calls to a dead object.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include <pthread.h>

#include "binder_test.h"
#include "binderipc.h"
#include "spawn.h"

/* The bytes of a written parcel equal @want. */
static bool bytes_are(const struct bipc_parcel *p, const void *want, size_t n)
{
	return bipc_parcel_size(p) == n && !memcmp(bipc_parcel_data(p), want, n);
}

/* ---- writing: the exact wire format ---- */

TEST(put_values)
{
	static const uint8_t want[] = {
		7, 0, 0, 0,				/* u32 */
		0xfe, 0xff, 0xff, 0xff,			/* i32 -2 */
		1, 0, 0, 0, 2, 0, 0, 0,			/* u64 0x200000001 */
		'a', 'b', 'c', 0,			/* bytes "abc", padded */
		'x', 'y', 0, 0,				/* C string "xy" */
	};
	struct bipc_parcel p;

	bipc_parcel_init(&p);
	bipc_put_u32(&p, 7);
	bipc_put_i32(&p, -2);
	bipc_put_u64(&p, 0x200000001ull);
	bipc_put_bytes(&p, "abc", 3);
	bipc_put_cstring(&p, "xy");
	ASSERT_EQ(0, bipc_parcel_error(&p));
	EXPECT_TRUE(bytes_are(&p, want, sizeof(want)));
	bipc_parcel_free(&p);
}

/* Parcel::writeString16: length, units, NUL, zero padding; null = -1. */
TEST(put_string16)
{
	static const uint8_t hi[] = { 2, 0, 0, 0, 'h', 0, 'i', 0, 0, 0, 0, 0 };
	static const uint8_t abc[] = { 3, 0, 0, 0, 'a', 0, 'b', 0, 'c', 0, 0, 0 };
	static const uint8_t empty[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t null[] = { 0xff, 0xff, 0xff, 0xff };
	/* U+00E9 and U+1F600 (a surrogate pair) */
	static const uint8_t utf[] = { 3, 0, 0, 0, 0xe9, 0, 0x3d, 0xd8, 0x00, 0xde, 0, 0 };
	struct bipc_parcel p;

	bipc_parcel_init(&p);
	bipc_put_string16(&p, "hi");
	EXPECT_TRUE(bytes_are(&p, hi, sizeof(hi)));
	bipc_parcel_free(&p);
	bipc_put_string16(&p, "abc");
	EXPECT_TRUE(bytes_are(&p, abc, sizeof(abc)));
	bipc_parcel_free(&p);
	bipc_put_string16(&p, "");
	EXPECT_TRUE(bytes_are(&p, empty, sizeof(empty)));
	bipc_parcel_free(&p);
	bipc_put_string16(&p, NULL);
	EXPECT_TRUE(bytes_are(&p, null, sizeof(null)));
	bipc_parcel_free(&p);
	bipc_put_string16(&p, "\xc3\xa9\xf0\x9f\x98\x80");
	EXPECT_TRUE(bytes_are(&p, utf, sizeof(utf)));
	bipc_parcel_free(&p);
	EXPECT_EQ(-EILSEQ, bipc_put_string16(&p, "\xc3"));	/* truncated UTF-8 */
	EXPECT_EQ(-EILSEQ, bipc_put_u32(&p, 1));		/* sticky */
	bipc_parcel_free(&p);
}

/* Objects are recorded in the offsets array; a null binder is not. */
TEST(put_objects)
{
	struct flat_binder_object o;
	struct bipc_parcel p;

	bipc_parcel_init(&p);
	bipc_put_u32(&p, 1);
	bipc_put_handle(&p, 5);
	bipc_put_binder(&p, NULL);
	bipc_put_fd(&p, 0);
	ASSERT_EQ(0, bipc_parcel_error(&p));
	ASSERT_EQ(2, bipc_parcel_objects(&p));
	EXPECT_EQ(4, bipc_parcel_object_offset(&p, 0));
	EXPECT_EQ(52, bipc_parcel_object_offset(&p, 1));
	EXPECT_EQ(SIZE_MAX, bipc_parcel_object_offset(&p, 2));
	memcpy(&o, bipc_parcel_data(&p) + 28, sizeof(o));
	EXPECT_EQ(BINDER_TYPE_BINDER, o.hdr.type);
	EXPECT_EQ(0, o.binder);
	EXPECT_EQ(-EBADF, bipc_put_fd(&p, -1));
	bipc_parcel_free(&p);
}

TEST(put_limits)
{
	struct bipc_parcel p;
	unsigned int i;
	void *big = calloc(1, BIPC_PARCEL_MAX_DATA);

	ASSERT_NE(NULL, big);
	bipc_parcel_init(&p);
	EXPECT_EQ(0, bipc_put_bytes(&p, big, BIPC_PARCEL_MAX_DATA));
	EXPECT_EQ(-E2BIG, bipc_put_u32(&p, 1));
	EXPECT_EQ(-E2BIG, bipc_parcel_error(&p));
	bipc_parcel_free(&p);
	for (i = 0; i < BIPC_PARCEL_MAX_OBJECTS; i++)
		ASSERT_EQ(0, bipc_put_handle(&p, i));
	EXPECT_EQ(-E2BIG, bipc_put_handle(&p, 0));
	bipc_parcel_free(&p);
	free(big);
}

/* ---- reading: bounds, malformed values, the error state ---- */

/* A parcel holding @n bytes of @data (no objects). */
static void parcel_of(struct bipc_parcel *p, const void *data, size_t n)
{
	bipc_parcel_init(p);
	bipc_put_bytes(p, data, n);
}

TEST(get_values_and_end)
{
	struct bipc_parcel p;
	uint32_t u = 0;
	int64_t v = 0;
	int32_t i = 0;

	bipc_parcel_init(&p);
	bipc_put_u32(&p, 3);
	bipc_put_i64(&p, -5);
	ASSERT_EQ(0, bipc_get_u32(&p, &u));
	ASSERT_EQ(0, bipc_get_i64(&p, &v));
	EXPECT_EQ(3, u);
	EXPECT_EQ(-5, v);
	EXPECT_EQ(0, bipc_parcel_remaining(&p));
	EXPECT_EQ(-ENODATA, bipc_get_i32(&p, &i));
	EXPECT_EQ(-ENODATA, bipc_parcel_error(&p));
	EXPECT_EQ(0, bipc_parcel_remaining(&p));
	bipc_parcel_free(&p);
	/* A 64-bit value with only 4 bytes left fails and moves nothing. */
	bipc_put_u32(&p, 1);
	EXPECT_EQ(-ENODATA, bipc_get_u64(&p, (uint64_t *)&v));
	EXPECT_EQ(0, bipc_parcel_pos(&p));
	EXPECT_EQ(-ENODATA, bipc_parcel_set_pos(&p, 0));	/* the error is sticky */
	bipc_parcel_free(&p);
}

TEST(get_string16_checks)
{
	static const uint32_t huge[] = { 0x40000000, 0 };
	static const uint32_t max[] = { 0x7fffffff };
	static const uint32_t neg[] = { (uint32_t)-2, 0 };
	static const uint32_t trunc[] = { 4, 0x00610061 };
	static const uint32_t no_nul[] = { 2, 0x00610061, 0x00000061 };
	/* libgbinder's empty string: 0xffff in the padding is fine. */
	static const uint16_t gb_empty[] = { 0, 0, 0, 0xffff };
	static const uint16_t lone[] = { 1, 0, 0xd800, 0 };
	const uint16_t *s;
	struct bipc_parcel p;
	char buf[8];
	size_t len = 9;

	parcel_of(&p, huge, sizeof(huge));
	EXPECT_EQ(-ENODATA, bipc_get_string16(&p, &s, &len));
	bipc_parcel_free(&p);
	parcel_of(&p, max, sizeof(max));
	EXPECT_EQ(-EBADMSG, bipc_get_string16(&p, &s, &len));
	bipc_parcel_free(&p);
	parcel_of(&p, neg, sizeof(neg));
	EXPECT_EQ(-EBADMSG, bipc_get_string16(&p, &s, &len));
	bipc_parcel_free(&p);
	parcel_of(&p, trunc, sizeof(trunc));
	EXPECT_EQ(-ENODATA, bipc_get_string16(&p, &s, &len));
	bipc_parcel_free(&p);
	parcel_of(&p, no_nul, sizeof(no_nul));
	EXPECT_EQ(-EBADMSG, bipc_get_string16(&p, &s, &len));
	bipc_parcel_free(&p);
	parcel_of(&p, gb_empty, sizeof(gb_empty));
	EXPECT_EQ(0, bipc_get_string16(&p, &s, &len));
	EXPECT_EQ(0, len);
	EXPECT_NE(NULL, s);
	bipc_parcel_free(&p);
	parcel_of(&p, lone, sizeof(lone));
	EXPECT_EQ(-EILSEQ, bipc_get_string16_utf8(&p, buf, sizeof(buf)));
	bipc_parcel_free(&p);
	/* Null strings are values, not errors. */
	bipc_put_string16(&p, NULL);
	bipc_put_string16(&p, "too long for buf");
	EXPECT_EQ(-ENOENT, bipc_get_string16_utf8(&p, buf, sizeof(buf)));
	EXPECT_EQ(0, bipc_parcel_error(&p));
	EXPECT_EQ(-ENOSPC, bipc_get_string16_utf8(&p, buf, sizeof(buf)));
	bipc_parcel_free(&p);
}

TEST(get_cstring_checks)
{
	const char *s;
	struct bipc_parcel p;

	bipc_parcel_init(&p);
	bipc_put_cstring(&p, "hello");
	ASSERT_EQ(0, bipc_get_cstring(&p, &s));
	EXPECT_STREQ("hello", s);
	EXPECT_EQ(0, bipc_parcel_remaining(&p));
	bipc_parcel_free(&p);
	parcel_of(&p, "abcd", 4);
	EXPECT_EQ(-EBADMSG, bipc_get_cstring(&p, &s));
	bipc_parcel_free(&p);
}

/* An object only where the offsets array says; of the type asked for. */
TEST(get_object_checks)
{
	struct flat_binder_object o;
	struct bipc_parcel p;
	uint32_t h = 0;
	int fd;

	bipc_parcel_init(&p);
	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_HANDLE;
	bipc_put_bytes(&p, &o, sizeof(o));	/* looks like one, is not */
	EXPECT_EQ(-EBADMSG, bipc_get_handle(&p, &h));
	bipc_parcel_free(&p);
	bipc_put_handle(&p, 9);
	bipc_put_fd(&p, 1);
	EXPECT_EQ(-EBADMSG, bipc_get_fd(&p, &fd));	/* a handle is not an fd */
	bipc_parcel_free(&p);
	bipc_put_handle(&p, 9);
	ASSERT_EQ(0, bipc_get_handle(&p, &h));
	EXPECT_EQ(9, h);
	EXPECT_EQ(-ENODATA, bipc_get_object(&p, &o));
	bipc_parcel_free(&p);
	bipc_put_u32(&p, 1);
	bipc_put_fd(&p, 1);
	bipc_parcel_set_pos(&p, 4);
	ASSERT_EQ(0, bipc_get_fd(&p, &fd));	/* a duplicate, ours to close */
	EXPECT_NE(1, fd);
	EXPECT_EQ(0, close(fd));
	bipc_parcel_free(&p);
}

/* Android 9 and 10 headers; a work source equal to the token length. */
TEST(enforce_interface)
{
	uint32_t ws[] = { 0xffffffff, 26, 0 };
	struct bipc_parcel p;
	uint32_t v = 0;
	size_t i;

	bipc_parcel_init(&p);
	bipc_put_u32(&p, BIPC_STRICT_MODE_PENALTY_GATHER);
	bipc_put_string16(&p, BIPC_SM_IFACE);
	bipc_put_u32(&p, 77);
	ASSERT_EQ(0, bipc_enforce_interface(&p, BIPC_SM_IFACE));
	ASSERT_EQ(0, bipc_get_u32(&p, &v));
	EXPECT_EQ(77, v);
	bipc_parcel_free(&p);
	for (i = 0; i < 3; i++) {
		bipc_put_u32(&p, BIPC_STRICT_MODE_PENALTY_GATHER);
		bipc_put_u32(&p, ws[i]);
		bipc_put_string16(&p, BIPC_SM_IFACE);
		bipc_put_u32(&p, 78);
		ASSERT_EQ(0, bipc_enforce_interface(&p, BIPC_SM_IFACE));
		ASSERT_EQ(0, bipc_get_u32(&p, &v));
		EXPECT_EQ(78, v);
		bipc_parcel_free(&p);
	}
	bipc_put_interface_token(&p, "android.os.IOther");
	EXPECT_EQ(-EBADMSG, bipc_enforce_interface(&p, BIPC_SM_IFACE));
	bipc_parcel_free(&p);
	bipc_put_u32(&p, 0);
	EXPECT_EQ(-ENODATA, bipc_enforce_interface(&p, BIPC_SM_IFACE));
	bipc_parcel_free(&p);
}

/* An echo keeps the objects, at their new offsets. */
TEST(append_from)
{
	struct bipc_parcel src, dst;

	bipc_parcel_init(&src);
	bipc_parcel_init(&dst);
	bipc_put_u32(&src, 1);
	bipc_put_handle(&src, 3);
	bipc_put_u32(&src, 2);
	bipc_put_handle(&src, 4);
	bipc_put_u64(&dst, 0);
	ASSERT_EQ(0, bipc_parcel_append_from(&dst, &src, 4));
	EXPECT_EQ(8 + bipc_parcel_size(&src) - 4, bipc_parcel_size(&dst));
	ASSERT_EQ(2, bipc_parcel_objects(&dst));
	EXPECT_EQ(8, bipc_parcel_object_offset(&dst, 0));
	EXPECT_EQ(36, bipc_parcel_object_offset(&dst, 1));
	EXPECT_EQ(-EINVAL, bipc_parcel_append_from(&dst, &src, 2));
	bipc_parcel_free(&src);
	bipc_parcel_free(&dst);
}

TEST(utf_conversions)
{
	static const uint16_t pair[] = { 0xd83d, 0xde00 }, lone[] = { 0xde00 };
	uint16_t u[8];
	char out[8];

	EXPECT_TRUE(bipc_utf16_valid(pair, 2));
	EXPECT_FALSE(bipc_utf16_valid(pair, 1));
	EXPECT_FALSE(bipc_utf16_valid(lone, 1));
	EXPECT_EQ(4, bipc_utf16_to_utf8(pair, 2, out, sizeof(out)));
	EXPECT_STREQ("\xf0\x9f\x98\x80", out);
	EXPECT_EQ(-ENOSPC, bipc_utf16_to_utf8(pair, 2, out, 4));
	EXPECT_EQ(-EILSEQ, bipc_utf16_to_utf8(lone, 1, out, sizeof(out)));
	EXPECT_EQ(-EILSEQ, bipc_utf8_to_utf16("\xc0\x80", u, 8));	/* overlong NUL */
	EXPECT_EQ(-EILSEQ, bipc_utf8_to_utf16("\xed\xa0\x80", u, 8));	/* a surrogate */
	EXPECT_EQ(-EILSEQ, bipc_utf8_to_utf16("\xf4\x90\x80\x80", u, 8));	/* > U+10FFFF */
	EXPECT_EQ(-EILSEQ, bipc_utf8_to_utf16("\x80", u, 8));
	EXPECT_EQ(-ENOSPC, bipc_utf8_to_utf16("abc", u, 2));
	EXPECT_EQ(2, bipc_utf8_to_utf16("\xf0\x9f\x98\x80", u, 8));
	EXPECT_EQ(0xd83d, u[0]);
	EXPECT_EQ(0xde00, u[1]);
}

TEST(dump_format)
{
	struct bipc_parcel p;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	ASSERT_NE(NULL, f);
	bipc_parcel_init(&p);
	bipc_parcel_dump(f, &p);
	bipc_put_u32(&p, 1);
	bipc_put_handle(&p, 7);
	bipc_parcel_dump(f, &p);
	fclose(f);
	EXPECT_STREQ("Parcel(empty)\n"
		     "Parcel(\n"
		     "  0x00000000: 00000001 73682a85 0000017f 00000007 '.....*hs........'\n"
		     "  0x00000010: 00000000 00000000 00000000          '............')\n"
		     "  object at 0x0004: handle 7\n", text);
	free(text);
	bipc_parcel_free(&p);
}

/* ---- with the driver ---- */

/*
 * A server process made with the library: registers @name with a
 * servicemanager and loops with a pool of 2 threads.  Code 1 answers the
 * number of pool threads started; code 2 sleeps 300 ms (to keep a thread
 * busy) then answers.
 */
static int32_t pool_handle(struct bipc *b, struct bipc_object *obj, const struct bipc_txn *txn,
			   struct bipc_parcel *in, struct bipc_parcel *reply)
{
	(void)obj;
	(void)in;
	if (txn->code == 2)
		usleep(300 * 1000);
	return bipc_put_u32(reply, bipc_threads_started(b));
}

static int server_main(const char *dev, const char *name)
{
	struct bipc_object obj;
	struct bipc *b;
	int ret = -EPIPE, i;

	if (bipc_open(&b, dev, 0) || bipc_set_max_threads(b, 2))
		return 1;
	bipc_object_init(b, &obj, pool_handle, NULL);
	for (i = 0; i < 100 && ret == -EPIPE; i++) {
		ret = bipc_sm_add(b, name, &obj);	/* -EPIPE: no servicemanager yet */
		if (ret == -EPIPE)
			usleep(50 * 1000);
	}
	if (ret)
		return 2;
	bipc_loop(b);
	bipc_close(b);
	return 0;
}

FIXTURE(lib) {
	struct daemon sm;
	pid_t server;
	struct bipc *b;
	pthread_t looper;
	bool looping;
};

BINDER_VARIANTS(lib);

static void *looper_main(void *arg)
{
	bipc_loop(arg);
	return NULL;
}

FIXTURE_SETUP(lib)
{
	char log[96];
	uint32_t h;
	long end;
	int ret;

	snprintf(log, sizeof(log), "/tmp/lib_test.sm.%d.log", getpid());
	ASSERT_EQ(0, start_servicemanager(&self->sm, variant->dev, log, NULL));
	self->server = fork();
	ASSERT_LE(0, self->server);
	if (self->server == 0) {
		alarm(60);
		_exit(server_main(variant->dev, "pool"));
	}
	ASSERT_EQ(0, bipc_open(&self->b, variant->dev, 0));
	end = now_ms() + 8000;
	while ((ret = bipc_sm_check(self->b, "pool", &h)) && now_ms() < end)
		usleep(50 * 1000);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, bipc_release(self->b, h));
	/* Our own looper thread takes reference and death messages. */
	ASSERT_EQ(0, pthread_create(&self->looper, NULL, looper_main, self->b));
	self->looping = true;
}

FIXTURE_TEARDOWN(lib)
{
	if (self->looping) {
		bipc_stop(self->b);
		pthread_join(self->looper, NULL);
	}
	bipc_close(self->b);
	if (self->server > 0) {
		kill(self->server, SIGKILL);
		wait_exit(self->server, 2000);
	}
	if (self->sm.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	if (!_metadata->passed)
		daemon_dump_log(&self->sm);
	unlink(self->sm.log);
}

/* Call the pool server; its reply value, or -1. */
static int64_t call_pool(struct bipc *b, uint32_t code)
{
	struct bipc_parcel req, reply;
	int32_t status = 0;
	uint32_t h, v = 0;
	int ret = bipc_sm_check(b, "pool", &h);

	if (ret)
		return -1;
	bipc_parcel_init(&req);
	ret = bipc_transact(b, h, code, 0, &req, &reply, &status);
	bipc_release(b, h);
	if (ret || status)
		return -1;
	ret = bipc_get_u32(&reply, &v);
	bipc_parcel_free(&reply);
	return ret ? -1 : v;
}

static void *slow_call(void *arg)
{
	return (void *)(intptr_t)call_pool(arg, 2);
}

/* BR_SPAWN_LOOPER grows the pool, up to BINDER_SET_MAX_THREADS (2). */
TEST_F(lib, thread_pool)
{
	pthread_t t[3];
	int64_t n;
	int i;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, slow_call, self->b));
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	n = call_pool(self->b, 1);
	EXPECT_GE(n, 1);
	EXPECT_LE(n, 2);
}

static void count_refs(struct bipc *b, struct bipc_object *obj)
{
	(void)b;
	__atomic_add_fetch((int *)obj->priv, 1, __ATOMIC_SEQ_CST);
}

/* Wait until @obj's strong count is @strong. */
static bool wait_strong(struct bipc_object *obj, int strong)
{
	long end = now_ms() + 3000;

	while (__atomic_load_n(&obj->strong, __ATOMIC_SEQ_CST) != strong && now_ms() < end)
		usleep(10 * 1000);
	return obj->strong == strong;
}

/*
 * BR_ACQUIRE/BR_RELEASE reach the object: servicemanager holds it while
 * registered and lets go when the name is given to another object.
 */
TEST_F(lib, ref_callbacks)
{
	struct bipc_object a, b;
	int calls = 0;

	bipc_object_init(self->b, &a, NULL, &calls);
	bipc_object_init(self->b, &b, NULL, &calls);
	a.refs_changed = count_refs;
	ASSERT_EQ(0, bipc_sm_add(self->b, "refs", &a));
	EXPECT_TRUE(wait_strong(&a, 1));
	EXPECT_GE(calls, 1);
	ASSERT_EQ(0, bipc_sm_add(self->b, "refs", &b));
	EXPECT_TRUE(wait_strong(&b, 1));
	EXPECT_TRUE(wait_strong(&a, 0));
}

struct death_watch {
	struct bipc_death d;
	int died, cleared;
};

static void on_died(struct bipc *b, struct bipc_death *d)
{
	struct death_watch *w = d->priv;

	__atomic_add_fetch(&w->died, 1, __ATOMIC_SEQ_CST);
	bipc_death_clear(b, d);
}

static void on_cleared(struct bipc *b, struct bipc_death *d)
{
	struct death_watch *w = d->priv;

	(void)b;
	__atomic_add_fetch(&w->cleared, 1, __ATOMIC_SEQ_CST);
}

/* Death callback, then the clear confirmed; calls to the dead get -EPIPE. */
TEST_F(lib, death_callbacks)
{
	struct death_watch w = { .d = { .died = on_died, .cleared = on_cleared } };
	struct bipc_parcel req;
	long end;
	uint32_t h;

	w.d.priv = &w;
	ASSERT_EQ(0, bipc_sm_check(self->b, "pool", &h));
	ASSERT_EQ(0, bipc_death_request(self->b, &w.d, h));
	EXPECT_EQ(-EBUSY, bipc_death_request(self->b, &w.d, h));
	kill(self->server, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, wait_exit(self->server, 2000));
	self->server = 0;
	end = now_ms() + 3000;
	while (!__atomic_load_n(&w.cleared, __ATOMIC_SEQ_CST) && now_ms() < end)
		usleep(10 * 1000);
	EXPECT_EQ(1, w.died);
	EXPECT_EQ(1, w.cleared);
	bipc_parcel_init(&req);
	EXPECT_EQ(-EPIPE, bipc_transact(self->b, h, 1, TF_ONE_WAY, &req, NULL, NULL));
	EXPECT_EQ(0, bipc_release(self->b, h));
}

/* Clearing before any death: cleared() comes, died() never does. */
TEST_F(lib, death_clear_early)
{
	struct death_watch w = { .d = { .died = on_died, .cleared = on_cleared } };
	long end;
	uint32_t h;

	w.d.priv = &w;
	ASSERT_EQ(0, bipc_sm_check(self->b, "pool", &h));
	ASSERT_EQ(0, bipc_death_request(self->b, &w.d, h));
	ASSERT_EQ(0, bipc_death_clear(self->b, &w.d));
	EXPECT_EQ(-EALREADY, bipc_death_clear(self->b, &w.d));
	end = now_ms() + 3000;
	while (!__atomic_load_n(&w.cleared, __ATOMIC_SEQ_CST) && now_ms() < end)
		usleep(10 * 1000);
	EXPECT_EQ(1, w.cleared);
	EXPECT_EQ(0, w.died);
	EXPECT_EQ(0, bipc_release(self->b, h));
}

/* One-way calls complete at once; a bad handle is refused by the driver. */
TEST_F(lib, oneway_and_bad_handle)
{
	struct bipc_parcel req, reply;
	int32_t status;
	uint32_t h;

	ASSERT_EQ(0, bipc_sm_check(self->b, "pool", &h));
	bipc_parcel_init(&req);
	bipc_put_u32(&req, 1);
	EXPECT_EQ(0, bipc_transact(self->b, h, 1, TF_ONE_WAY, &req, NULL, NULL));
	EXPECT_EQ(-ECOMM, bipc_transact(self->b, 0x7777, 1, 0, &req, &reply, &status));
	EXPECT_EQ(-EINVAL, bipc_transact(self->b, h, 1, 0, &req, NULL, NULL));
	bipc_parcel_free(&req);
	EXPECT_EQ(0, bipc_release(self->b, h));
	EXPECT_GE(call_pool(self->b, 1), 0);	/* still fine */
}

TEST_HARNESS_MAIN
