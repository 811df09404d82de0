// SPDX-License-Identifier: GPL-2.0
/*
 * servicemanager - the context manager (handle 0) of a binder device,
 * serving the classic android.os.IServiceManager protocol of Android 9
 * and 10 (frameworks/native/cmds/servicemanager) byte for byte.
 *
 *   servicemanager [-d DEVICE] [-m MAX_SERVICES] [-v] [DEVICE]
 *
 * DEVICE (default /dev/binder) may be given with -d or, the way AOSP's
 * servicemanager takes it (and init files and scripts written for it pass
 * it), as the only positional argument.  Given both ways, or -d twice,
 * every spelling must name the same device: anything else is a usage
 * error, so that a script never serves a device it did not mean.
 *
 * Requests (codes as in IServiceManager.h; data as Parcel writes it):
 *   header        uint32 strict-mode policy, [Android 10: int32 work
 *                 source], String16 "android.os.IServiceManager"; both
 *                 layouts are accepted (bipc_enforce_interface())
 *   GET_SERVICE=1, CHECK_SERVICE=2
 *                 header, String16 name.  Reply: a BINDER_TYPE_HANDLE
 *                 object (flags 0x17f, listed in the offsets) if found,
 *                 else the uint32 0 (which clients read as a null binder)
 *   ADD_SERVICE=3 header, String16 name, a binder object, uint32
 *                 allow_isolated, [Android 9+: uint32 dumpsys priority,
 *                 default DEFAULT(8)].  Reply: uint32 0
 *   LIST_SERVICES=4
 *                 header, uint32 index, [Android 9+: uint32 dumpsys
 *                 priority mask, default ALL].  Reply: String16 name of
 *                 the index-th service (registration order) whose
 *                 priority matches the mask
 *   PING ('_PNG') any data.  Reply: empty
 *
 * Rules:
 *  - Every refused request gets, like the classic servicemanager, a
 *    status-code reply (TF_STATUS_CODE) holding int32 -1; the reason is
 *    logged.  Unknown codes too.  LIST past the end is such a reply: it
 *    is how clients know the list ended.
 *  - One-way requests cannot be answered and are not executed (logged).
 *  - Names are 1..127 UTF-16 units of well-formed UTF-16 (no unpaired
 *    surrogate) without U+0000; they are compared unit by unit.
 *  - ADD of a name that exists replaces its object: the name then leads
 *    to the new object.  The old object's strong reference is released
 *    and its death notification cleared once no name leads to it any
 *    more.  Adding the same object again only updates allow_isolated and
 *    the dumpsys priority.
 *  - One object may have several names; servicemanager holds one strong
 *    reference (BC_ACQUIRE) and one death notification per object.  When
 *    the object dies, all its names are removed, the notification cleared
 *    (BC_CLEAR_DEATH_NOTIFICATION, then BC_DEAD_BINDER_DONE) and the
 *    reference released.
 *  - The object of ADD must be a strong binder (it arrives as a
 *    BINDER_TYPE_HANDLE): weak binders, servicemanager's own node, fds
 *    (refused by the driver: this node does not accept fds) and bytes
 *    that only look like an object (not in the offsets array) are refused.
 *  - allow_isolated is stored but not enforced: Linux has no isolated uids.
 *  - At most MAX_SERVICES names (default 256, at most 4096); an ADD of a
 *    new name beyond that is refused.  Replacing a name always works.
 *
 * Exit status: 0 after SIGTERM or SIGINT, 1 if it cannot start (device,
 * or another context manager), 2 on a usage error.
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binderipc.h"

#define SM_NAME_MAX		127
#define SM_DEFAULT_MAX		256
#define SM_LIMIT_MAX		4096
#define SM_MAP_SIZE		(128 * 1024)	/* what the classic one maps */
#define SM_ERROR		(-1)		/* the classic error status */
#define SM_BUSY_RETRIES		20		/* x 100 ms, while an old manager goes away */

/* What servicemanager holds on one object: one reference, one notification. */
struct sm_ref {
	struct bipc_death death;
	uint32_t handle;
	unsigned int names;	/* services leading to it */
	enum { REF_FREE, REF_LIVE, REF_RETIRING } state;
};

struct sm_service {
	uint16_t name[SM_NAME_MAX];
	size_t len;
	struct sm_ref *ref;
	uint32_t allow_isolated;
	uint32_t dump_priority;
};

struct sm {
	struct bipc *b;
	struct bipc_object obj;
	struct sm_service *svc;
	size_t nsvc;
	size_t max;
	struct sm_ref *refs;	/* 2 * max: room for references still retiring */
	size_t nrefs;
	bool verbose;
};

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("servicemanager: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A printable copy of a (valid) name. */
static const char *name_str(const uint16_t *s, size_t len, char *buf, size_t size)
{
	if (bipc_utf16_to_utf8(s, len, buf, size) < 0)
		snprintf(buf, size, "<%zu units>", len);
	return buf;
}

/* ---- references ---- */

static void ref_cleared(struct bipc *b, struct bipc_death *d)
{
	struct sm_ref *r = (struct sm_ref *)((char *)d - offsetof(struct sm_ref, death));

	(void)b;
	r->state = REF_FREE;
}

/* No name leads to @r any more: clear its notification, drop its reference. */
static void ref_retire(struct sm *sm, struct sm_ref *r)
{
	int ret = bipc_death_clear(sm->b, &r->death);

	if (ret && ret != -EALREADY)
		logmsg("handle %u: cannot clear the death notification: %s", r->handle,
		       strerror(-ret));
	ret = bipc_release(sm->b, r->handle);
	if (ret)
		logmsg("handle %u: BC_RELEASE: %s", r->handle, strerror(-ret));
	r->state = REF_RETIRING;
	r->names = 0;
}

static void ref_put(struct sm *sm, struct sm_ref *r)
{
	if (r->names && --r->names == 0)
		ref_retire(sm, r);
}

static void service_died(struct bipc *b, struct bipc_death *d);

/* The live reference on @handle, taking one (and a notification) if new. */
static struct sm_ref *ref_get(struct sm *sm, uint32_t handle)
{
	struct sm_ref *r, *free_slot = NULL;
	size_t i;
	int ret;

	for (i = 0; i < sm->nrefs; i++) {
		r = &sm->refs[i];
		if (r->state == REF_LIVE && r->handle == handle)
			return r;
		if (r->state == REF_FREE && !free_slot)
			free_slot = r;
	}
	if (!free_slot) {
		logmsg("no free reference slot (%zu retiring)", sm->nrefs);
		return NULL;
	}
	r = free_slot;
	ret = bipc_acquire(sm->b, handle);
	if (ret) {
		logmsg("handle %u: BC_ACQUIRE: %s", handle, strerror(-ret));
		return NULL;
	}
	memset(r, 0, sizeof(*r));
	r->death.died = service_died;
	r->death.cleared = ref_cleared;
	r->death.priv = sm;
	ret = bipc_death_request(sm->b, &r->death, handle);
	if (ret) {
		logmsg("handle %u: BC_REQUEST_DEATH_NOTIFICATION: %s", handle, strerror(-ret));
		bipc_release(sm->b, handle);
		return NULL;
	}
	r->handle = handle;
	r->state = REF_LIVE;
	return r;
}

/* ---- the registry ---- */

static struct sm_service *find_service(struct sm *sm, const uint16_t *name, size_t len)
{
	size_t i;

	for (i = 0; i < sm->nsvc; i++)
		if (sm->svc[i].len == len && !memcmp(sm->svc[i].name, name, len * 2))
			return &sm->svc[i];
	return NULL;
}

static void remove_service(struct sm *sm, size_t i)
{
	memmove(&sm->svc[i], &sm->svc[i + 1], (sm->nsvc - i - 1) * sizeof(sm->svc[0]));
	sm->nsvc--;
}

/* BR_DEAD_BINDER: every name of the object goes. */
static void service_died(struct bipc *b, struct bipc_death *d)
{
	struct sm *sm = d->priv;
	struct sm_ref *r = (struct sm_ref *)((char *)d - offsetof(struct sm_ref, death));
	char name[4 * SM_NAME_MAX + 1];
	size_t i = 0;

	(void)b;
	while (i < sm->nsvc) {
		if (sm->svc[i].ref != r) {
			i++;
			continue;
		}
		logmsg("service '%s' died (handle %u): removed",
		       name_str(sm->svc[i].name, sm->svc[i].len, name, sizeof(name)), r->handle);
		remove_service(sm, i);
	}
	ref_retire(sm, r);
}

/* ---- requests ---- */

/* Read a service name; NULL, or why it is refused. */
static const char *read_name(struct bipc_parcel *in, const uint16_t **s, size_t *len)
{
	size_t i;

	if (bipc_get_string16(in, s, len))
		return "truncated or malformed name";
	if (!*s)
		return "null name";
	if (*len == 0)
		return "empty name";
	if (*len > SM_NAME_MAX)
		return "name longer than 127 UTF-16 units";
	for (i = 0; i < *len; i++)
		if (!(*s)[i])
			return "NUL inside the name";
	if (!bipc_utf16_valid(*s, *len))
		return "name is not valid UTF-16";
	return NULL;
}

static int32_t refuse(const struct bipc_txn *txn, const char *why)
{
	logmsg("refused request %u from pid %d: %s", txn->code, txn->sender_pid, why);
	return SM_ERROR;
}

static int32_t do_find(struct sm *sm, const struct bipc_txn *txn, struct bipc_parcel *in,
		       struct bipc_parcel *reply)
{
	char buf[4 * SM_NAME_MAX + 1];
	struct flat_binder_object o;
	struct sm_service *svc;
	const uint16_t *name;
	const char *why;
	size_t len;

	why = read_name(in, &name, &len);
	if (why)
		return refuse(txn, why);
	svc = find_service(sm, name, len);
	if (sm->verbose)
		logmsg("pid %d looks up '%s': %s", txn->sender_pid,
		       name_str(name, len, buf, sizeof(buf)), svc ? "found" : "not found");
	if (!svc)
		return bipc_put_u32(reply, 0);
	memset(&o, 0, sizeof(o));
	o.hdr.type = BINDER_TYPE_HANDLE;
	o.flags = BIPC_OBJECT_FLAGS_DEFAULT | FLAT_BINDER_FLAG_ACCEPTS_FDS;
	o.handle = svc->ref->handle;
	return bipc_put_object(reply, &o);
}

/* Point @svc at @r (which has a reference for it already counted). */
static void service_set(struct sm *sm, struct sm_service *svc, struct sm_ref *r)
{
	struct sm_ref *old = svc->ref;

	svc->ref = r;
	r->names++;
	if (old)
		ref_put(sm, old);
}

static int32_t do_add(struct sm *sm, const struct bipc_txn *txn, struct bipc_parcel *in,
		      struct bipc_parcel *reply)
{
	uint32_t allow_isolated, prio = BIPC_DUMP_PRIORITY_DEFAULT;
	char buf[4 * SM_NAME_MAX + 1];
	struct flat_binder_object o;
	struct sm_service *svc;
	const uint16_t *name;
	struct sm_ref *r;
	const char *why;
	size_t len;

	why = read_name(in, &name, &len);
	if (why)
		return refuse(txn, why);
	if (bipc_get_object(in, &o))
		return refuse(txn, "no binder object after the name");
	if (o.hdr.type != BINDER_TYPE_HANDLE)
		return refuse(txn, "the object is not a strong binder of another process");
	if (bipc_get_u32(in, &allow_isolated))
		return refuse(txn, "truncated: no allow_isolated");
	if (bipc_parcel_remaining(in) >= sizeof(prio))
		bipc_get_u32(in, &prio);
	svc = find_service(sm, name, len);
	if (!svc && sm->nsvc == sm->max)
		return refuse(txn, "registry full");
	r = ref_get(sm, o.handle);
	if (!r)
		return refuse(txn, "cannot hold a reference on the object");
	name_str(name, len, buf, sizeof(buf));
	if (svc && svc->ref == r) {
		logmsg("service '%s' registered again (handle %u)", buf, r->handle);
	} else if (svc) {
		logmsg("service '%s' replaced: handle %u -> %u", buf, svc->ref->handle, r->handle);
		service_set(sm, svc, r);
	} else {
		svc = &sm->svc[sm->nsvc++];
		memset(svc, 0, sizeof(*svc));
		memcpy(svc->name, name, len * 2);
		svc->len = len;
		service_set(sm, svc, r);
		logmsg("service '%s' added (handle %u, pid %d)", buf, r->handle, txn->sender_pid);
	}
	svc->allow_isolated = allow_isolated;
	svc->dump_priority = prio;
	return bipc_put_u32(reply, 0);
}

static int32_t do_list(struct sm *sm, const struct bipc_txn *txn, struct bipc_parcel *in,
		       struct bipc_parcel *reply)
{
	uint32_t index, mask = BIPC_DUMP_PRIORITY_ALL;
	size_t i;

	if (bipc_get_u32(in, &index))
		return refuse(txn, "truncated: no index");
	if (bipc_parcel_remaining(in) >= sizeof(mask))
		bipc_get_u32(in, &mask);
	for (i = 0; i < sm->nsvc; i++) {
		if (!(sm->svc[i].dump_priority & mask))
			continue;
		if (index-- == 0)
			return bipc_put_string16_units(reply, sm->svc[i].name, sm->svc[i].len);
	}
	if (sm->verbose)
		logmsg("pid %d: list index past the end", txn->sender_pid);
	return SM_ERROR;	/* the end of the list, for the client */
}

static int32_t sm_handle(struct bipc *b, struct bipc_object *obj, const struct bipc_txn *txn,
			 struct bipc_parcel *in, struct bipc_parcel *reply)
{
	struct sm *sm = obj->priv;

	(void)b;
	if (txn->flags & TF_ONE_WAY)
		return refuse(txn, "one-way request (not executed)");
	if (bipc_enforce_interface(in, BIPC_SM_IFACE))
		return refuse(txn, "no \"android.os.IServiceManager\" header");
	switch (txn->code) {
	case BIPC_SM_GET_SERVICE:
	case BIPC_SM_CHECK_SERVICE:
		return do_find(sm, txn, in, reply);
	case BIPC_SM_ADD_SERVICE:
		return do_add(sm, txn, in, reply);
	case BIPC_SM_LIST_SERVICES:
		return do_list(sm, txn, in, reply);
	default:
		return refuse(txn, "unknown transaction code");
	}
}

/* ---- start-up ---- */

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DEVICE] [-m MAX_SERVICES] [-v] [DEVICE]\n"
		"Become the context manager of DEVICE (default %s) and serve the\n"
		"classic android.os.IServiceManager protocol of Android 9 and 10.\n"
		"  -d DEVICE        binder device; or DEVICE alone, as AOSP's servicemanager\n"
		"                   takes it (both given: they must be the same device)\n"
		"  -m MAX_SERVICES  most registered names (1..%d, default %d)\n"
		"  -v               log every lookup\n"
		"Exit status: 0 after SIGTERM/SIGINT, 1 if it cannot start, 2 usage error.\n",
		prog, BIPC_DEFAULT_DEVICE, SM_LIMIT_MAX, SM_DEFAULT_MAX);
}

static int become_manager(struct sm *sm, const char *dev)
{
	int ret, i;

	for (i = 0; i <= SM_BUSY_RETRIES; i++) {
		ret = bipc_become_manager(sm->b, &sm->obj);
		if (ret != -EBUSY)
			break;
		usleep(100 * 1000);
	}
	if (ret)
		logmsg("%s: cannot become the context manager: %s", dev,
		       ret == -EBUSY ? "there is one already" : strerror(-ret));
	return ret;
}

/*
 * Whether two device arguments name the same device: the same text, or
 * paths that lead to the same file or to the same character device (a
 * symlink such as /dev/binder -> /dev/binderfs/binder is common).
 */
static bool same_device(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	if (stat(a, &sa) || stat(b, &sb))
		return false;
	if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return true;
	return S_ISCHR(sa.st_mode) && S_ISCHR(sb.st_mode) && sa.st_rdev == sb.st_rdev;
}

/*
 * Record the device named by @arg (from -d or the positional argument).
 * @given says whether one was named before; a different one is an error.
 */
static int set_device(const char **dev, bool *given, const char *arg)
{
	if (*given && !same_device(*dev, arg)) {
		fprintf(stderr, "servicemanager: conflicting devices '%s' and '%s': give one\n",
			*dev, arg);
		return -EINVAL;
	}
	*dev = arg;
	*given = true;
	return 0;
}

static int parse_args(int argc, char **argv, const char **dev, struct sm *sm)
{
	bool dev_given = false;
	long long v;
	int opt;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		exit(0);
	}
	while ((opt = getopt(argc, argv, "d:m:vh")) != -1) {
		switch (opt) {
		case 'd':
			if (set_device(dev, &dev_given, optarg))
				return -EINVAL;
			break;
		case 'm':
			if (bipc_parse_number(optarg, 1, SM_LIMIT_MAX, &v)) {
				fprintf(stderr, "servicemanager: -m: not a number in 1..%d: '%s'\n",
					SM_LIMIT_MAX, optarg);
				return -EINVAL;
			}
			sm->max = (size_t)v;
			break;
		case 'v':
			sm->verbose = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "servicemanager: unexpected argument '%s' (one DEVICE at most)\n",
			argv[optind + 1]);
		return -EINVAL;
	}
	if (optind < argc && set_device(dev, &dev_given, argv[optind]))
		return -EINVAL;
	return 0;
}

int main(int argc, char **argv)
{
	const char *dev = BIPC_DEFAULT_DEVICE;
	struct sm sm = { .max = SM_DEFAULT_MAX };
	int ret, status = 1;

	if (parse_args(argc, argv, &dev, &sm)) {
		usage(stderr, argv[0]);
		return 2;
	}
	sm.nrefs = 2 * sm.max;
	sm.svc = calloc(sm.max, sizeof(*sm.svc));
	sm.refs = calloc(sm.nrefs, sizeof(*sm.refs));
	if (!sm.svc || !sm.refs) {
		logmsg("out of memory");
		goto out;
	}
	ret = bipc_open(&sm.b, dev, SM_MAP_SIZE);
	if (!ret)
		ret = bipc_stop_on_signals(sm.b);
	if (ret) {
		logmsg("%s: %s", dev, strerror(-ret));
		goto out;
	}
	bipc_object_init(sm.b, &sm.obj, sm_handle, &sm);
	sm.obj.flags = 0;	/* as the classic node: no fds, no minimum priority */
	if (become_manager(&sm, dev))
		goto out;
	logmsg("context manager of %s (at most %zu services)", dev, sm.max);
	ret = bipc_loop(sm.b);
	if (ret) {
		logmsg("%s: %s", dev, strerror(-ret));
		goto out;
	}
	logmsg("stopped (%zu services registered)", sm.nsvc);
	status = 0;
out:
	bipc_close(sm.b);
	free(sm.svc);
	free(sm.refs);
	return status;
}
