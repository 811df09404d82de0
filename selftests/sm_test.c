// SPDX-License-Identifier: GPL-2.0
/*
 * servicemanager (tools/servicemanager.c): the classic IServiceManager
 * protocol, byte for byte, on our driver and on the reference driver.
 *
 * Each test starts the built servicemanager (/tools/servicemanager -m 8)
 * on the device under test and talks to it with raw binder commands
 * (binder_proto.h), building the request bytes by hand here, independent
 * of libbinderipc: the bytes are those the real clients send.  Unmodified
 * libbinder and libgbinder cannot run here, so each client test says
 * which client behaviour it reproduces, from these sources:
 *
 *  - Android 9 libbinder: Parcel::writeInterfaceToken() writes int32
 *    (strict-mode policy | STRICT_MODE_PENALTY_GATHER = 0x00400000) and
 *    the String16 descriptor; writeString16() writes int32 length, the
 *    UTF-16 units and a NUL, zero-padded to 4; writeStrongBinder() of a
 *    local object writes a BINDER_TYPE_BINDER flat_binder_object (flags
 *    0x13 | FLAT_BINDER_FLAG_ACCEPTS_FDS, binder = its weakref pointer,
 *    cookie = the BBinder) and records its offset.  BpServiceManager:
 *    checkService/getService = token + name (CHECK_SERVICE); addService =
 *    token + name + binder + int32 allowIsolated + int32 dumpsysPriority,
 *    result readExceptionCode() of the reply; listServices(priority) =
 *    token + int32 index + int32 priority, looped until the call fails,
 *    each reply read with readString16().  readStrongBinder() accepts an
 *    object only at a position listed in the reply's offsets, so a
 *    4-byte reply is a null binder.  A TF_STATUS_CODE reply makes
 *    transact() return that status.
 *  - Android 10 libbinder: the same, with int32 work source (-1: unset)
 *    between the strict-mode word and the descriptor.
 *  - libgbinder, "aidl" servicemanager dialect (API level 28):
 *    gbinder_rpc_protocol_aidl writes int32 0x00400000 and the String16
 *    descriptor; get_service = CHECK_SERVICE with the name; add_service
 *    = name, local object (BINDER, flags 0x7f | ACCEPTS_FDS, binder =
 *    object, cookie 0), int32 0 and no dumpsys priority; list = int32
 *    index only, looped until the reply is not a String16 or the call
 *    fails; ping = '_PNG' with no payload.  Replies: decode_binder_object
 *    wants a BINDER_TYPE_HANDLE at a listed offset; a TF_STATUS_CODE
 *    reply is a failed call.  Its empty String16 has 0xffff as padding.
 *
 * servicemanager's own rules (README, tools/servicemanager.c) are tested
 * too: names, replacement, deaths, limits, and every malformed request
 * (a -1 status reply, and servicemanager keeps working).
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_world.h"
#include "spawn.h"

#define SM_IFACE	"android.os.IServiceManager"
#define GET_SERVICE	1
#define CHECK_SERVICE	2
#define ADD_SERVICE	3
#define LIST_SERVICES	4
#define PING		B_PACK_CHARS('_', 'P', 'N', 'G')
#define STRICT_HEADER	0x00400000u	/* policy 0 | STRICT_MODE_PENALTY_GATHER */
#define PRIO_DEFAULT	8u
#define PRIO_ALL	15u
#define SM_MAX		8	/* servicemanager -m */

#define SVC_A	0xa100ull	/* srv's node */
#define SVC_B	0xb100ull	/* srv2's node */
#define SVC_G	0xc100ull	/* srv's node flattened by libgbinder (cookie 0) */
#define FLAGS_LIBBINDER	(0x13 | FLAT_BINDER_FLAG_ACCEPTS_FDS)
#define FLAGS_GBINDER	(0x7f | FLAT_BINDER_FLAG_ACCEPTS_FDS)

enum dialect { A9, A10, GBINDER };

/* ---- request bytes ---- */

struct wire {
	uint8_t d[1024];
	size_t len;
	binder_size_t offs[4];
	size_t noffs;
};

static void w_raw(struct wire *w, const void *p, size_t n)
{
	if (w->len + n > sizeof(w->d))
		abort();	/* a test bug */
	memcpy(w->d + w->len, p, n);
	w->len += n;
}

static void w_u32(struct wire *w, uint32_t v)
{
	w_raw(w, &v, sizeof(v));
}

/* String16 as Parcel::writeString16 writes it (@units may hold anything). */
static void w_units(struct wire *w, const uint16_t *s, int32_t len)
{
	static const uint8_t zero[4];
	size_t bytes = ((size_t)len + 1) * 2;

	w_u32(w, (uint32_t)len);
	w_raw(w, s, (size_t)len * 2);
	w_raw(w, zero, 2);			/* the NUL */
	w_raw(w, zero, ((bytes + 3) & ~3u) - bytes);	/* zero padding */
}

static void w_str16(struct wire *w, const char *ascii)
{
	uint16_t u[256];
	size_t i, n = strlen(ascii);

	for (i = 0; i < n; i++)
		u[i] = (uint8_t)ascii[i];
	w_units(w, u, (int32_t)n);
}

/* The interface token of each client. */
static void w_header(struct wire *w, enum dialect d)
{
	w_u32(w, STRICT_HEADER);
	if (d == A10)
		w_u32(w, 0xffffffffu);	/* IPCThreadState::kUnsetWorkSource */
	w_str16(w, SM_IFACE);
}

static void w_obj(struct wire *w, const struct flat_binder_object *o)
{
	w->offs[w->noffs++] = w->len;
	w_raw(w, o, sizeof(*o));
}

/* A local object as each client flattens it. */
static void w_local(struct wire *w, enum dialect d, uint64_t node)
{
	struct flat_binder_object o = fbo_binder(BINDER_TYPE_BINDER, node,
						 d == GBINDER ? 0 : node + 1,
						 d == GBINDER ? FLAGS_GBINDER : FLAGS_LIBBINDER);

	w_obj(w, &o);
}

/* addService as each client sends it. */
static void w_add(struct wire *w, enum dialect d, const char *name, uint64_t node)
{
	w_header(w, d);
	w_str16(w, name);
	w_local(w, d, node);
	w_u32(w, 0);			/* allowIsolated */
	if (d != GBINDER)
		w_u32(w, PRIO_DEFAULT);	/* dumpsysPriority (Android 9+) */
}

/* ---- replies ---- */

struct reply {
	int br;			/* BR_REPLY, or what the call got instead */
	uint32_t flags;
	size_t size;
	uint8_t data[512];
	binder_size_t offs[4];
	size_t noffs;
};

/* Status of a TF_STATUS_CODE reply; 1 if it is not one. */
static int32_t status_of(const struct reply *r)
{
	int32_t s;

	if (r->br != BR_REPLY || !(r->flags & TF_STATUS_CODE) || r->size != sizeof(s))
		return 1;
	memcpy(&s, r->data, sizeof(s));
	return s;
}

/*
 * Send @w to handle 0 (code @code, @flags) from @ep, wait for the reply,
 * copy it to @r and free it.  A HANDLE object at offset 0 is kept with
 * BC_ACQUIRE first, as libbinder's readStrongBinder() does.
 */
static int sm_call(struct endpoint *ep, uint32_t code, uint32_t flags, const struct wire *w,
		   struct reply *r)
{
	const struct flat_binder_object *o;
	struct ret x;
	uint32_t keep = 0;

	memset(r, 0, sizeof(*r));
	r->br = ep_call(ep, 0, code, flags | TF_ACCEPT_FDS, w->d, w->len, w->offs,
			w->noffs * sizeof(binder_size_t), &x, REG_TMO);
	if (r->br != BR_REPLY)
		return r->br;
	r->flags = x.tr.flags;
	r->size = x.tr.data_size < sizeof(r->data) ? x.tr.data_size : sizeof(r->data);
	memcpy(r->data, txn_data(&x.tr), r->size);
	r->noffs = x.tr.offsets_size / sizeof(binder_size_t);
	if (r->noffs > 4)
		r->noffs = 4;
	memcpy(r->offs, txn_offsets(&x.tr), r->noffs * sizeof(binder_size_t));
	if (r->noffs == 1 && r->offs[0] == 0 && r->size >= sizeof(*o)) {
		o = txn_data(&x.tr);
		if (o->hdr.type == BINDER_TYPE_HANDLE)
			keep = o->handle;
	}
	ep_free_ref(ep, &x.tr, keep ? BC_ACQUIRE : 0, keep);
	return r->br;
}

/* The object of a reply as libbinder/libgbinder read it, or NULL. */
static const struct flat_binder_object *reply_obj(const struct reply *r)
{
	if (r->flags & TF_STATUS_CODE || r->noffs != 1 || r->offs[0] != 0 ||
	    r->size < sizeof(struct flat_binder_object))
		return NULL;
	return (const struct flat_binder_object *)r->data;
}

/* readString16() of a reply into ASCII @out; 0, or -1 if malformed. */
static int reply_str16(const struct reply *r, char *out, size_t size)
{
	int32_t len;
	uint16_t u;
	size_t i;

	if (r->flags & TF_STATUS_CODE || r->size < 4)
		return -1;
	memcpy(&len, r->data, 4);
	if (len < 0 || (size_t)len + 1 > size || 4 + (((size_t)len + 1) * 2 + 3) / 4 * 4 > r->size)
		return -1;
	for (i = 0; i <= (size_t)len; i++) {
		memcpy(&u, r->data + 4 + 2 * i, 2);
		if ((i == (size_t)len) != (u == 0) || u > 0x7f)
			return -1;
		out[i] = (char)u;
	}
	return 0;
}

/* ---- the fixture ---- */

FIXTURE(sm) {
	struct daemon sm;
	struct endpoint cli;	/* a client */
	struct endpoint srv;	/* owns SVC_A */
	struct endpoint srv2;	/* owns SVC_B */
	bool ours;
};

BINDER_VARIANTS(sm);

/* A ping to handle 0 answered: servicemanager is up. */
static bool sm_up(struct endpoint *ep)
{
	struct wire w = { .len = 0 };
	struct reply r;

	return sm_call(ep, PING, 0, &w, &r) == BR_REPLY && !(r.flags & TF_STATUS_CODE);
}

/* Wait until handle 0 answers a ping from a fresh endpoint. */
static bool wait_sm_up(const char *dev)
{
	struct endpoint ep;
	long end = now_ms() + 5000;
	bool up = false;

	while (!up && now_ms() < end) {
		if (ep_open(&ep, dev, BINDER_VM_SIZE, 0))
			return false;
		up = sm_up(&ep);
		ep_close(&ep);
		if (!up)
			usleep(20 * 1000);
	}
	return up;
}

FIXTURE_SETUP(sm)
{
	char *extra[] = { "-m", "8", "-v", NULL };
	char log[96];

	self->cli.fd = self->srv.fd = self->srv2.fd = -1;
	self->ours = variant->ours;
	snprintf(log, sizeof(log), "/tmp/sm_test.%s.%d.log", variant->ours ? "ours" : "ref",
		 getpid());
	ASSERT_EQ(0, start_servicemanager(&self->sm, variant->dev, log, extra));
	if (!wait_sm_up(variant->dev)) {
		daemon_dump_log(&self->sm);
		ASSERT_TRUE(false) TH_LOG("servicemanager did not come up");
	}
	ASSERT_EQ(0, ep_open(&self->cli, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_open(&self->srv, variant->dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_open(&self->srv2, variant->dev, BINDER_VM_SIZE, 0));
	/* Service owners take work for their process (calls, BR_RELEASE). */
	ASSERT_EQ(0, ep_enter_looper(&self->srv));
	ASSERT_EQ(0, ep_enter_looper(&self->srv2));
}

FIXTURE_TEARDOWN(sm)
{
	ep_close(&self->cli);
	ep_close(&self->srv);
	ep_close(&self->srv2);
	if (self->sm.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	if (!_metadata->passed)
		daemon_dump_log(&self->sm);
	unlink(self->sm.log);
}

/* Register @name as @node of @ep with dialect @d; servicemanager's reply. */
static int add(struct endpoint *ep, enum dialect d, const char *name, uint64_t node,
	       struct reply *r)
{
	struct wire w = { .len = 0 };

	w_add(&w, d, name, node);
	return sm_call(ep, ADD_SERVICE, 0, &w, r);
}

/* addService() succeeded as libbinder's readExceptionCode() sees it. */
static bool added(struct endpoint *ep, enum dialect d, const char *name, uint64_t node)
{
	struct reply r;
	int32_t v = -1;

	if (add(ep, d, name, node, &r) != BR_REPLY || r.flags & TF_STATUS_CODE ||
	    r.size != 4 || r.noffs)
		return false;
	memcpy(&v, r.data, 4);
	return v == 0;
}

/* checkService(@name) with @code and dialect @d. */
static int lookup(struct endpoint *ep, enum dialect d, uint32_t code, const char *name,
		  struct reply *r)
{
	struct wire w = { .len = 0 };

	w_header(&w, d);
	w_str16(&w, name);
	return sm_call(ep, code, 0, &w, r);
}

/* The handle a lookup gives, 0 if not found (or the reply is malformed). */
static uint32_t handle_of(struct endpoint *ep, const char *name)
{
	const struct flat_binder_object *o;
	struct reply r;

	if (lookup(ep, A9, CHECK_SERVICE, name, &r) != BR_REPLY)
		return 0;
	o = reply_obj(&r);
	return o && o->hdr.type == BINDER_TYPE_HANDLE ? o->handle : 0;
}

/* The not-found reply: the bare uint32 0 (a null binder to every client). */
static bool is_not_found(const struct reply *r)
{
	uint32_t v = 1;

	if (r->br != BR_REPLY || r->flags & TF_STATUS_CODE || r->size != 4 || r->noffs)
		return false;
	memcpy(&v, r->data, 4);
	return v == 0;
}

/*
 * Which of srv/srv2 owns the node behind @handle of cli: a one-way call
 * arrives there.  Returns the node's ptr, 0 if nothing arrived.
 */
static uint64_t node_behind(FIXTURE_DATA(sm) *self, uint32_t handle)
{
	struct endpoint *eps[2] = { &self->srv, &self->srv2 };
	uint64_t ptr = 0;
	struct ret r;
	int i;

	if (ep_send(&self->cli, handle, 0x77, TF_ONE_WAY, NULL, 0, NULL, 0))
		return 0;
	ep_wait(&self->cli, BR_TRANSACTION_COMPLETE, &r, BT_TMO);
	for (i = 0; i < 2 && !ptr; i++) {
		if (ep_wait(eps[i], BR_TRANSACTION, &r, 300) == BR_TRANSACTION) {
			ptr = r.tr.target.ptr;
			ep_free(eps[i], &r.tr);
		}
	}
	return ptr;
}

/* Wait until @name is no longer found (servicemanager saw a death). */
static bool gone(struct endpoint *ep, const char *name)
{
	long end = now_ms() + 3000;
	struct reply r;

	while (now_ms() < end) {
		if (lookup(ep, A9, CHECK_SERVICE, name, &r) == BR_REPLY && is_not_found(&r))
			return true;
		usleep(20 * 1000);
	}
	return false;
}

/* ---- the three clients ---- */

/*
 * Android 9 libbinder: addService, then checkService and getService (both
 * codes) from another process; the reply is one HANDLE at offset 0 with
 * servicemanager's bio_put_ref() flags, which readStrongBinder() takes.
 */
TEST_F(sm, android9_add_check_get)
{
	const struct flat_binder_object *o;
	struct reply r;

	ASSERT_TRUE(added(&self->srv, A9, "a9.service", SVC_A));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A9, CHECK_SERVICE, "a9.service", &r));
	o = reply_obj(&r);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(sizeof(*o), r.size);
	EXPECT_EQ(BINDER_TYPE_HANDLE, o->hdr.type);
	EXPECT_EQ(0x7f | FLAT_BINDER_FLAG_ACCEPTS_FDS, o->flags);
	EXPECT_EQ(0, o->cookie);
	EXPECT_NE(0, o->handle);
	EXPECT_EQ(SVC_A, node_behind(self, o->handle));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A9, GET_SERVICE, "a9.service", &r));
	ASSERT_NE(NULL, reply_obj(&r));
	EXPECT_EQ(BINDER_TYPE_HANDLE, reply_obj(&r)->hdr.type);
}

/* Android 10 libbinder: the same calls with the work-source header. */
TEST_F(sm, android10_add_check_get)
{
	struct reply r;

	ASSERT_TRUE(added(&self->srv, A10, "a10.service", SVC_A));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A10, CHECK_SERVICE, "a10.service", &r));
	ASSERT_NE(NULL, reply_obj(&r));
	EXPECT_EQ(SVC_A, node_behind(self, reply_obj(&r)->handle));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A10, GET_SERVICE, "a10.service", &r));
	ASSERT_NE(NULL, reply_obj(&r));
	/* The two headers reach the same registry. */
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A9, CHECK_SERVICE, "a10.service", &r));
	ASSERT_NE(NULL, reply_obj(&r));
}

/*
 * Android 10 with a work source set (a uid, here 26: the length of the
 * descriptor, the worst case for telling the headers apart).
 */
TEST_F(sm, android10_work_source_uid)
{
	uint32_t ws[] = { 26, 1000, 0 };
	struct wire w;
	struct reply r;
	size_t i;

	ASSERT_TRUE(added(&self->srv, A9, "ws.service", SVC_A));
	for (i = 0; i < sizeof(ws) / sizeof(ws[0]); i++) {
		memset(&w, 0, sizeof(w));
		w_u32(&w, STRICT_HEADER);
		w_u32(&w, ws[i]);
		w_str16(&w, SM_IFACE);
		w_str16(&w, "ws.service");
		ASSERT_EQ(BR_REPLY, sm_call(&self->cli, CHECK_SERVICE, 0, &w, &r));
		EXPECT_NE(NULL, reply_obj(&r)) TH_LOG("work source %u", ws[i]);
	}
}

/*
 * libgbinder "aidl": add_service without dumpsys priority, get_service
 * by CHECK_SERVICE; decode_binder_object() wants a HANDLE at a listed
 * offset.
 */
TEST_F(sm, libgbinder_add_get)
{
	const struct flat_binder_object *o;
	struct reply r;

	ASSERT_TRUE(added(&self->srv, GBINDER, "gbinder.service", SVC_G));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, GBINDER, CHECK_SERVICE, "gbinder.service", &r));
	o = reply_obj(&r);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(BINDER_TYPE_HANDLE, o->hdr.type);
	EXPECT_EQ(SVC_G, node_behind(self, o->handle));
}

/* Not found: every client reads the 4-byte 0 as a null binder. */
TEST_F(sm, check_not_found)
{
	enum dialect d[] = { A9, A10, GBINDER };
	struct reply r;
	int i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(BR_REPLY, lookup(&self->cli, d[i], CHECK_SERVICE, "nothing.here", &r));
		EXPECT_TRUE(is_not_found(&r));
		ASSERT_EQ(BR_REPLY, lookup(&self->cli, d[i], GET_SERVICE, "nothing.here", &r));
		EXPECT_TRUE(is_not_found(&r));
	}
}

/* The owner looking up its own service gets its object back (BINDER). */
TEST_F(sm, check_by_owner)
{
	const struct flat_binder_object *o;
	struct reply r;

	ASSERT_TRUE(added(&self->srv, A9, "mine", SVC_A));
	ASSERT_EQ(BR_REPLY, lookup(&self->srv, A9, CHECK_SERVICE, "mine", &r));
	o = reply_obj(&r);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(BINDER_TYPE_BINDER, o->hdr.type);
	EXPECT_EQ(SVC_A, o->binder);
	EXPECT_EQ(SVC_A + 1, o->cookie);
}

/* Run listServices() as @d does it: the names in order, until it fails. */
static int list_all(struct endpoint *ep, enum dialect d, uint32_t prio, char names[][64],
		    int max)
{
	struct wire w;
	struct reply r;
	int n;

	for (n = 0; n < max; n++) {
		memset(&w, 0, sizeof(w));
		w_header(&w, d);
		w_u32(&w, (uint32_t)n);
		if (d != GBINDER)
			w_u32(&w, prio);
		if (sm_call(ep, LIST_SERVICES, 0, &w, &r) != BR_REPLY)
			return -1;
		if (r.flags & TF_STATUS_CODE)
			return status_of(&r) == -1 ? n : -1;	/* the end */
		if (reply_str16(&r, names[n], 64))
			return -1;
	}
	return n;
}

/* listServices of all three clients: registration order, then -1. */
TEST_F(sm, list)
{
	enum dialect d[] = { A9, A10, GBINDER };
	char names[8][64];
	int i;

	ASSERT_EQ(0, list_all(&self->cli, A9, PRIO_ALL, names, 8));
	ASSERT_TRUE(added(&self->srv, A9, "first", SVC_A));
	ASSERT_TRUE(added(&self->srv2, A10, "second", SVC_B));
	ASSERT_TRUE(added(&self->srv, GBINDER, "third", SVC_G));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(3, list_all(&self->cli, d[i], PRIO_ALL, names, 8));
		EXPECT_STREQ("first", names[0]);
		EXPECT_STREQ("second", names[1]);
		EXPECT_STREQ("third", names[2]);
	}
}

/* The dumpsys priority mask of Android 9 filters the list. */
TEST_F(sm, list_priority)
{
	char names[8][64];
	struct wire w = { .len = 0 };
	struct reply r;

	w_header(&w, A9);
	w_str16(&w, "critical");
	w_local(&w, A9, SVC_A);
	w_u32(&w, 0);
	w_u32(&w, 1);	/* DUMP_FLAG_PRIORITY_CRITICAL */
	ASSERT_EQ(BR_REPLY, sm_call(&self->srv, ADD_SERVICE, 0, &w, &r));
	ASSERT_TRUE(added(&self->srv2, A9, "default", SVC_B));
	ASSERT_EQ(1, list_all(&self->cli, A9, 1, names, 8));
	EXPECT_STREQ("critical", names[0]);
	ASSERT_EQ(1, list_all(&self->cli, A9, PRIO_DEFAULT, names, 8));
	EXPECT_STREQ("default", names[0]);
	ASSERT_EQ(2, list_all(&self->cli, A9, PRIO_ALL, names, 8));
	ASSERT_EQ(2, list_all(&self->cli, GBINDER, 0, names, 8));	/* no mask: all */
}

/* PING_TRANSACTION, as libbinder and libgbinder send it: empty reply. */
TEST_F(sm, ping)
{
	struct wire w = { .len = 0 };
	struct reply r;

	ASSERT_EQ(BR_REPLY, sm_call(&self->cli, PING, 0, &w, &r));
	EXPECT_EQ(0, r.flags & TF_STATUS_CODE);
	EXPECT_EQ(0, r.size);
	EXPECT_EQ(0, r.noffs);
}

/* ---- rules: replacement, several names, deaths, limits ---- */

/*
 * Re-registering a name replaces it: lookups lead to the new object, the
 * old object's reference is released (its owner sees BR_RELEASE), and its
 * death no longer touches the name.
 */
TEST_F(sm, replace)
{
	struct ret x;
	uint32_t h;

	ASSERT_TRUE(added(&self->srv, A9, "svc", SVC_A));
	ASSERT_TRUE(added(&self->srv2, A9, "svc", SVC_B));
	ASSERT_TRUE(log_has(&self->sm, "service 'svc' replaced", 1000));
	/* servicemanager dropped the only strong reference on SVC_A. */
	ASSERT_EQ(BR_RELEASE, ep_read_until(&self->srv, BR_RELEASE, NULL, &x, 2000));
	EXPECT_EQ(SVC_A, x.ptr_cookie.ptr);
	h = handle_of(&self->cli, "svc");
	ASSERT_NE(0, h);
	EXPECT_EQ(SVC_B, node_behind(self, h));
	ep_close(&self->srv);
	usleep(200 * 1000);
	h = handle_of(&self->cli, "svc");
	ASSERT_NE(0, h);
	EXPECT_EQ(SVC_B, node_behind(self, h));
	EXPECT_FALSE(log_has(&self->sm, "died", 100));
}

/* The same object again under the same name: nothing changes. */
TEST_F(sm, register_again)
{
	char names[8][64];

	ASSERT_TRUE(added(&self->srv, A9, "svc", SVC_A));
	ASSERT_TRUE(added(&self->srv, A10, "svc", SVC_A));
	ASSERT_EQ(1, list_all(&self->cli, A9, PRIO_ALL, names, 8));
	EXPECT_EQ(SVC_A, node_behind(self, handle_of(&self->cli, "svc")));
	ASSERT_TRUE(log_has(&self->sm, "registered again", 1000));
}

/* A service's death removes it: servicemanager logs it, the list shrinks. */
TEST_F(sm, death_removes)
{
	char names[8][64];

	ASSERT_TRUE(added(&self->srv, A9, "mortal", SVC_A));
	ASSERT_TRUE(added(&self->srv2, A9, "immortal", SVC_B));
	ep_close(&self->srv);
	ASSERT_TRUE(gone(&self->cli, "mortal"));
	ASSERT_TRUE(log_has(&self->sm, "service 'mortal' died", 1000));
	ASSERT_EQ(1, list_all(&self->cli, A9, PRIO_ALL, names, 8));
	EXPECT_STREQ("immortal", names[0]);
	/* The name can be registered again afterwards. */
	ASSERT_TRUE(added(&self->srv2, A9, "mortal", SVC_B));
	EXPECT_NE(0, handle_of(&self->cli, "mortal"));
}

/*
 * One object under two names: one reference and one death notification
 * (counted in our debugfs), and its death removes both names.
 */
TEST_F(sm, two_names_one_object)
{
	long deaths = our_active_objects("death");
	char names[8][64];

	ASSERT_TRUE(added(&self->srv, A9, "one", SVC_A));
	ASSERT_TRUE(added(&self->srv, A9, "two", SVC_A));
	if (self->ours)
		EXPECT_EQ(deaths + 1, our_active_objects("death"));
	ep_close(&self->srv);
	ASSERT_TRUE(gone(&self->cli, "one"));
	ASSERT_TRUE(gone(&self->cli, "two"));
	ASSERT_EQ(0, list_all(&self->cli, A9, PRIO_ALL, names, 8));
	if (self->ours) {
		long end = now_ms() + 2000;

		while (our_active_objects("death") != deaths && now_ms() < end)
			usleep(20 * 1000);
		EXPECT_EQ(deaths, our_active_objects("death"));	/* cleared, freed */
	}
}

/* At most -m names: one more is refused, replacing one still works. */
TEST_F(sm, registry_full)
{
	char name[16];
	struct reply r;
	int i;

	for (i = 0; i < SM_MAX; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		ASSERT_TRUE(added(&self->srv, A9, name, SVC_A));
	}
	ASSERT_EQ(BR_REPLY, add(&self->srv, A9, "one.too.many", SVC_A, &r));
	EXPECT_EQ(-1, status_of(&r));
	ASSERT_TRUE(log_has(&self->sm, "registry full", 1000));
	EXPECT_TRUE(added(&self->srv2, A9, "s3", SVC_B));
	EXPECT_EQ(SVC_B, node_behind(self, handle_of(&self->cli, "s3")));
}

/* Names of 127 UTF-16 units (the limit) and outside the BMP are fine. */
TEST_F(sm, name_limits_accepted)
{
	const uint16_t emoji[] = { 'x', 0xd83d, 0xde00 };	/* x U+1F600 */
	uint16_t u[127];
	struct wire w = { .len = 0 };
	struct reply r;
	int i;

	for (i = 0; i < 127; i++)
		u[i] = 'a' + i % 26;
	w_header(&w, A9);
	w_units(&w, u, 127);
	w_local(&w, A9, SVC_A);
	w_u32(&w, 0);
	w_u32(&w, PRIO_DEFAULT);
	ASSERT_EQ(BR_REPLY, sm_call(&self->srv, ADD_SERVICE, 0, &w, &r));
	EXPECT_EQ(1, status_of(&r));	/* not a status reply */
	memset(&w, 0, sizeof(w));
	w_header(&w, A9);
	w_units(&w, emoji, 3);
	w_local(&w, A9, SVC_A);
	w_u32(&w, 0);
	ASSERT_EQ(BR_REPLY, sm_call(&self->srv, ADD_SERVICE, 0, &w, &r));
	EXPECT_EQ(1, status_of(&r));
	memset(&w, 0, sizeof(w));
	w_header(&w, A10);
	w_units(&w, emoji, 3);
	ASSERT_EQ(BR_REPLY, sm_call(&self->cli, CHECK_SERVICE, 0, &w, &r));
	EXPECT_NE(NULL, reply_obj(&r));
}

/* ---- malformed requests: a -1 status reply, and nothing breaks ---- */

/*
 * Send @w (code @code) from cli after registering "keep"; expect the
 * classic error reply (TF_STATUS_CODE, int32 -1) and a logged refusal;
 * then servicemanager must still answer a ping and find "keep".
 */
static void expect_refused(struct __test_metadata *_metadata, FIXTURE_DATA(sm) *self,
			   uint32_t code, const struct wire *w, const char *why)
{
	struct reply r;

	ASSERT_TRUE(added(&self->srv2, A9, "keep", SVC_B));
	ASSERT_EQ(BR_REPLY, sm_call(&self->cli, code, 0, w, &r));
	EXPECT_EQ(-1, status_of(&r));
	EXPECT_EQ(0, r.noffs);
	EXPECT_TRUE(log_has(&self->sm, why, 1000)) TH_LOG("no '%s' in the log", why);
	EXPECT_TRUE(sm_up(&self->cli));
	EXPECT_NE(0, handle_of(&self->cli, "keep"));
}

/* Declare a test of one malformed request built by the statements given. */
#define BAD_REQUEST(test, code, why, ...)					\
	TEST_F(sm, bad_##test)							\
	{									\
		struct wire w = { .len = 0 };					\
		__VA_ARGS__;							\
		expect_refused(_metadata, self, code, &w, why);			\
	}

BAD_REQUEST(empty, CHECK_SERVICE, "header", (void)0)
BAD_REQUEST(header_only, CHECK_SERVICE, "truncated or malformed name", w_header(&w, A9))
BAD_REQUEST(strict_word_only, CHECK_SERVICE, "header", w_u32(&w, STRICT_HEADER))
BAD_REQUEST(token_truncated, CHECK_SERVICE, "header",
	    w_header(&w, A9); w.len -= 8)
BAD_REQUEST(wrong_token, CHECK_SERVICE, "header",
	    w_u32(&w, STRICT_HEADER); w_str16(&w, "android.os.IPermissionController");
	    w_str16(&w, "keep"))
BAD_REQUEST(token_one_unit_off, CHECK_SERVICE, "header",
	    w_u32(&w, STRICT_HEADER); w_str16(&w, "android.os.IServiceManagex");
	    w_str16(&w, "keep"))
BAD_REQUEST(null_token, CHECK_SERVICE, "header",
	    w_u32(&w, STRICT_HEADER); w_u32(&w, 0xffffffffu); w_u32(&w, 0xffffffffu))
BAD_REQUEST(android11_header, CHECK_SERVICE, "header",
	    w_u32(&w, STRICT_HEADER); w_u32(&w, 0xffffffffu);
	    w_u32(&w, B_PACK_CHARS('S', 'Y', 'S', 'T')); w_str16(&w, SM_IFACE);
	    w_str16(&w, "keep"))
BAD_REQUEST(name_truncated, CHECK_SERVICE, "truncated or malformed name",
	    w_header(&w, A9); w_u32(&w, 10); w_u32(&w, 0x00610061))
BAD_REQUEST(name_huge_length, CHECK_SERVICE, "truncated or malformed name",
	    w_header(&w, A9); w_u32(&w, 0x7fffffff); w_u32(&w, 0))
BAD_REQUEST(name_negative_length, CHECK_SERVICE, "truncated or malformed name",
	    w_header(&w, A10); w_u32(&w, (uint32_t)-2); w_u32(&w, 0))
BAD_REQUEST(name_no_nul, CHECK_SERVICE, "truncated or malformed name",
	    w_header(&w, A9); w_u32(&w, 2); w_u32(&w, 0x00650065); w_u32(&w, 0x00650065))
BAD_REQUEST(null_name, CHECK_SERVICE, "null name",
	    w_header(&w, A9); w_u32(&w, 0xffffffffu))
BAD_REQUEST(empty_name, ADD_SERVICE, "empty name",
	    w_header(&w, A9); w_str16(&w, ""); w_local(&w, A9, SVC_A); w_u32(&w, 0))
BAD_REQUEST(name_128_units, ADD_SERVICE, "longer than 127",
	    uint16_t u[128]; for (int i = 0; i < 128; i++) u[i] = 'n';
	    w_header(&w, A9); w_units(&w, u, 128); w_local(&w, A9, SVC_A); w_u32(&w, 0))
BAD_REQUEST(name_128_units_check, CHECK_SERVICE, "longer than 127",
	    uint16_t u[128]; for (int i = 0; i < 128; i++) u[i] = 'n';
	    w_header(&w, A10); w_units(&w, u, 128))
BAD_REQUEST(name_embedded_nul, ADD_SERVICE, "NUL inside",
	    const uint16_t u[] = { 'k', 0, 'p' };
	    w_header(&w, A9); w_units(&w, u, 3); w_local(&w, A9, SVC_A); w_u32(&w, 0))
BAD_REQUEST(name_lone_high_surrogate, ADD_SERVICE, "not valid UTF-16",
	    const uint16_t u[] = { 'a', 0xd800, 'b' };
	    w_header(&w, A9); w_units(&w, u, 3); w_local(&w, A9, SVC_A); w_u32(&w, 0))
BAD_REQUEST(name_lone_low_surrogate, CHECK_SERVICE, "not valid UTF-16",
	    const uint16_t u[] = { 0xdc00, 'b' };
	    w_header(&w, A9); w_units(&w, u, 2))
BAD_REQUEST(add_no_object, ADD_SERVICE, "no binder object",
	    w_header(&w, A9); w_str16(&w, "x"); w_u32(&w, 0); w_u32(&w, 0))
BAD_REQUEST(add_object_not_in_offsets, ADD_SERVICE, "no binder object",
	    struct flat_binder_object o = hobj(1);
	    w_header(&w, A9); w_str16(&w, "x"); w_raw(&w, &o, sizeof(o)); w_u32(&w, 0))
BAD_REQUEST(add_object_elsewhere, ADD_SERVICE, "no binder object",
	    w_header(&w, A9); w_str16(&w, "x"); w_u32(&w, 0); w_local(&w, A9, SVC_A);
	    w_u32(&w, 0))
BAD_REQUEST(add_weak_binder, ADD_SERVICE, "not a strong binder",
	    struct flat_binder_object o = fbo_binder(BINDER_TYPE_WEAK_BINDER, SVC_A, 0, 0x7f);
	    w_header(&w, A9); w_str16(&w, "x"); w_obj(&w, &o); w_u32(&w, 0))
BAD_REQUEST(add_no_allow_isolated, ADD_SERVICE, "no allow_isolated",
	    w_header(&w, A9); w_str16(&w, "x"); w_local(&w, A9, SVC_A))
BAD_REQUEST(add_truncated_object, ADD_SERVICE, "no binder object",
	    w_header(&w, A9); w_str16(&w, "x"); w_u32(&w, BINDER_TYPE_HANDLE))
BAD_REQUEST(list_no_index, LIST_SERVICES, "no index", w_header(&w, A9))
BAD_REQUEST(unknown_code, 5, "unknown transaction code", w_header(&w, A9))
BAD_REQUEST(unknown_code_big, 0x00ffffff, "unknown transaction code",
	    w_header(&w, A10); w_str16(&w, "keep"))

/* An object servicemanager owns itself (handle 0 turns into BINDER 0). */
TEST_F(sm, bad_add_own_node)
{
	struct flat_binder_object o = hobj(0);
	struct wire w = { .len = 0 };
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_ref(&c, BC_ACQUIRE, 0);	/* the client must hold handle 0 to send it */
	ASSERT_EQ(0, ep_write(&self->cli, &c));
	w_header(&w, A9);
	w_str16(&w, "self");
	w_obj(&w, &o);
	w_u32(&w, 0);
	expect_refused(_metadata, self, ADD_SERVICE, &w, "not a strong binder");
}

/* LIST past the end, or at index -1: the end-of-list status. */
TEST_F(sm, list_past_end)
{
	struct wire w = { .len = 0 };
	struct reply r;

	ASSERT_TRUE(added(&self->srv, A9, "only", SVC_A));
	w_header(&w, A9);
	w_u32(&w, 1);
	w_u32(&w, PRIO_ALL);
	ASSERT_EQ(BR_REPLY, sm_call(&self->cli, LIST_SERVICES, 0, &w, &r));
	EXPECT_EQ(-1, status_of(&r));
	memset(&w, 0, sizeof(w));
	w_header(&w, GBINDER);
	w_u32(&w, 0xffffffffu);
	ASSERT_EQ(BR_REPLY, sm_call(&self->cli, LIST_SERVICES, 0, &w, &r));
	EXPECT_EQ(-1, status_of(&r));
}

/* An fd where the binder should be: the driver refuses (node takes no fds). */
TEST_F(sm, bad_add_fd_object)
{
	struct flat_binder_object o = fbo_fd(0, 0);
	struct wire w = { .len = 0 };
	struct reply r;

	w_header(&w, A9);
	w_str16(&w, "fd");
	w_obj(&w, &o);
	w_u32(&w, 0);
	EXPECT_EQ(BR_FAILED_REPLY, sm_call(&self->cli, ADD_SERVICE, 0, &w, &r));
	EXPECT_TRUE(sm_up(&self->cli));
	EXPECT_TRUE(added(&self->srv, A9, "after.fd", SVC_A));
}

/* One-way requests are not executed (no reply could say how they went). */
TEST_F(sm, bad_oneway_add)
{
	struct wire w = { .len = 0 };
	struct ret x;
	struct reply r;

	w_add(&w, A9, "oneway", SVC_A);
	ASSERT_EQ(0, ep_send(&self->srv, 0, ADD_SERVICE, TF_ONE_WAY, w.d, w.len, w.offs,
			     w.noffs * sizeof(binder_size_t)));
	ASSERT_EQ(BR_TRANSACTION_COMPLETE,
		  ep_wait(&self->srv, BR_TRANSACTION_COMPLETE, &x, BT_TMO));
	ASSERT_TRUE(log_has(&self->sm, "one-way request", 2000));
	ASSERT_EQ(BR_REPLY, lookup(&self->cli, A9, CHECK_SERVICE, "oneway", &r));
	EXPECT_TRUE(is_not_found(&r));
	EXPECT_TRUE(sm_up(&self->cli));
}

/* A burst of garbage of every length: servicemanager survives it all. */
TEST_F(sm, bad_garbage_burst)
{
	struct wire w;
	struct reply r;
	size_t len, i;

	for (len = 0; len <= 96; len += 4) {
		memset(&w, 0, sizeof(w));
		for (i = 0; i < len; i++)
			w.d[i] = (uint8_t)(i * 37 + len);
		w.len = len;
		ASSERT_EQ(BR_REPLY, sm_call(&self->cli, 1 + (len / 4) % 4, 0, &w, &r));
		EXPECT_EQ(-1, status_of(&r)) TH_LOG("length %zu", len);
	}
	EXPECT_TRUE(sm_up(&self->cli));
	EXPECT_TRUE(added(&self->srv, A10, "survivor", SVC_A));
}

/* SIGTERM: servicemanager exits 0 and says so. */
TEST_F(sm, sigterm_exits_cleanly)
{
	ASSERT_TRUE(added(&self->srv, A9, "svc", SVC_A));
	EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	EXPECT_TRUE(log_has(&self->sm, "stopped (1 services registered)", 100));
}

/* A second servicemanager on the same device gives up: exit 1. */
TEST_F(sm, second_manager_refused)
{
	char *argv[] = { TOOLS_DIR "/servicemanager", "-d", (char *)variant->dev, NULL };
	char out[1024];

	EXPECT_EQ(1, run_capture(argv, out, sizeof(out), 10000));
	EXPECT_NE(NULL, strstr(out, "there is one already")) TH_LOG("%s", out);
	EXPECT_TRUE(sm_up(&self->cli));
}

TEST_HARNESS_MAIN
