// SPDX-License-Identifier: GPL-2.0
/*
 * service - talk to servicemanager and its services, like Android's
 * "service" command (frameworks/native/cmds/service), whose command lines
 * it accepts.
 *
 *   service [-h|-?]
 *   service [-d DEVICE] list
 *   service [-d DEVICE] check NAME
 *   service [-d DEVICE] ping NAME
 *   service [-d DEVICE] call NAME CODE [ARG...]
 *
 * call ARGs, written in order after the interface token (asked from the
 * service with INTERFACE_TRANSACTION, as Android's tool does; none if the
 * service does not say):
 *   i32 N     int32                     u32 N   uint32
 *   i64 N     int64                     u64 N   uint64
 *   f N       float (IEEE single)       d N     double
 *   s16 STR   String16
 *   str STR   C string (bytes, NUL, padding)
 *   null      a null binder
 *   fd PATH   a file descriptor of PATH opened read-only
 *   nfd N     file descriptor N, which this command inherited (a shell's
 *             "5<file")
 *   afd PATH  a sealed memfd holding a copy of PATH's contents (Android
 *             sends an ashmem region; Linux has memfd instead)
 *   cb        a callback object of this process: calls to it are printed
 *             and answered with int32 0
 * Integers are decimal (leading zeros included, as Android's atoi() reads
 * them) or 0x hex, and must fit their type; numbers must be whole numbers.
 * The reply is printed as "Result: Parcel(...)" (see bipc_parcel_dump()),
 * or "Result: status N" for a status-code reply.
 *
 * Where Android's tool reads a command line differently, on purpose
 * (README, "The tools"): malformed numbers and words left over after a
 * command are usage errors here (Android reads "12x" as 12 and ignores the
 * rest), and "intent" is refused (it writes an android.content.Intent for
 * Java framework services).
 *
 * Exit status: 0 success; 1 service not found, or it answered with an
 * error status; 2 usage error; 3 binder error (device, servicemanager or
 * service unreachable, call refused by the driver).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "binderipc.h"

enum { EXIT_OK = 0, EXIT_NOT_FOUND = 1, EXIT_USAGE = 2, EXIT_BINDER = 3 };

#define NAME_MAX_UTF8	(4 * 127 + 1)
#define IFACE_MAX_UTF8	512
#define MAX_FDS		16
#define MAX_LIST	4096

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DEVICE] list\n"
		"       %s [-d DEVICE] check NAME\n"
		"       %s [-d DEVICE] ping NAME\n"
		"       %s [-d DEVICE] call NAME CODE [ARG...]\n"
		"       %s -h | -? | --help\n"
		"Talk to servicemanager and its services on DEVICE (default %s).\n"
		"call ARGs: i32 N | u32 N | i64 N | u64 N | f N | d N | s16 STR | str STR |\n"
		"           null | fd PATH | nfd N | afd PATH | cb\n"
		"Exit status: 0 success, 1 not found or error status, 2 usage error,\n"
		"3 binder error.\n",
		prog, prog, prog, prog, prog, BIPC_DEFAULT_DEVICE);
}

/* Print a binder error and give the exit status for it. */
static int binder_error(const char *what, int err)
{
	fprintf(stderr, "service: %s: %s\n", what, strerror(-err));
	return EXIT_BINDER;
}

/* Look NAME up; 0 with a strong ref in *handle, else the exit status. */
static int lookup(struct bipc *b, const char *name, uint32_t *handle, bool quiet)
{
	int ret = bipc_sm_check(b, name, handle);

	if (ret == -ENOENT) {
		if (!quiet)
			printf("Service %s: not found\n", name);
		return EXIT_NOT_FOUND;
	}
	if (ret == -EREMOTEIO) {
		fprintf(stderr, "service: servicemanager refused to look up '%s'\n", name);
		return EXIT_NOT_FOUND;
	}
	return ret ? binder_error("servicemanager", ret) : 0;
}

static int cmd_list(struct bipc *b)
{
	char (*names)[NAME_MAX_UTF8] = NULL, iface[IFACE_MAX_UTF8];
	size_t n = 0, i;
	uint32_t h;
	int ret = 0;

	names = calloc(MAX_LIST, sizeof(*names));
	if (!names)
		return binder_error("list", -ENOMEM);
	while (n < MAX_LIST && !(ret = bipc_sm_list(b, (uint32_t)n, names[n], NAME_MAX_UTF8)))
		n++;
	if (ret && ret != -ENOENT) {
		free(names);
		return binder_error("servicemanager", ret);
	}
	printf("Found %zu services:\n", n);
	for (i = 0; i < n; i++) {
		iface[0] = 0;
		if (!lookup(b, names[i], &h, true)) {
			bipc_interface_of(b, h, iface, sizeof(iface));
			bipc_release(b, h);
		}
		printf("%zu\t%s: [%s]\n", i, names[i], iface);
	}
	free(names);
	return EXIT_OK;
}

static int cmd_check(struct bipc *b, const char *name)
{
	uint32_t h;
	int ret = lookup(b, name, &h, false);

	if (ret)
		return ret;
	printf("Service %s: found\n", name);
	bipc_release(b, h);
	return EXIT_OK;
}

static int cmd_ping(struct bipc *b, const char *name)
{
	struct bipc_parcel req, reply;
	int32_t status = 0;
	uint32_t h;
	int ret = lookup(b, name, &h, false);

	if (ret)
		return ret;
	bipc_parcel_init(&req);
	ret = bipc_transact(b, h, BIPC_PING_TRANSACTION, 0, &req, &reply, &status);
	bipc_release(b, h);
	if (ret)
		return binder_error(name, ret);
	bipc_parcel_free(&reply);
	if (status) {
		printf("Service %s: ping answered with status %d\n", name, status);
		return EXIT_NOT_FOUND;
	}
	printf("Service %s: alive\n", name);
	return EXIT_OK;
}

/* The callback object of "cb": print what comes, answer int32 0. */
static int32_t callback_handle(struct bipc *b, struct bipc_object *obj,
			       const struct bipc_txn *txn, struct bipc_parcel *in,
			       struct bipc_parcel *reply)
{
	(void)b;
	(void)obj;
	printf("Callback: code %u from pid %d: ", txn->code, txn->sender_pid);
	bipc_parcel_dump(stdout, in);
	fflush(stdout);
	return bipc_put_i32(reply, 0);
}

struct call_args {
	int fds[MAX_FDS];
	int nfds;
	struct bipc_object cb;
};

/*
 * An integer of a call: decimal or 0x hex, optionally signed, the whole
 * text, in [@min, @max].  Unlike bipc_parse_number(), a leading 0 is not
 * octal: Android's tool reads "010" as 10, and so must a script's call.
 */
static int parse_int(const char *s, long long min, long long max, long long *v)
{
	const char *digits = s + (*s == '-' || *s == '+');
	int base = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') ? 16 : 10;
	char *end;

	errno = 0;
	*v = strtoll(s, &end, base);
	if (errno || end == s || *end || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

/* The same for the full uint64 range (u64). */
static int parse_u64(const char *s, unsigned long long *v)
{
	int base = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
	char *end;

	if (*s < '0' || *s > '9')	/* strtoull() would take "-1" as its maximum */
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || *end ? -EINVAL : 0;
}

/*
 * A float (@single) or double of a call: the whole text, as strtod()
 * reads it; a finite number too big for the type is refused rather than
 * sent as infinity.
 */
static int parse_real(const char *s, bool single, double *v)
{
	char *end;

	errno = 0;
	*v = single ? strtof(s, &end) : strtod(s, &end);
	if (end == s || *end || (errno == ERANGE && isinf(*v)))
		return -EINVAL;
	return 0;
}

/* Write all of @buf to @fd; 0 or -errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, buf, n);
		if (w < 0 && errno != EINTR)
			return -errno;
		if (w > 0) {
			buf += w;
			n -= (size_t)w;
		}
	}
	return 0;
}

/*
 * "afd PATH": a copy of PATH's contents (read to the end, so /proc files
 * work too) in a memfd sealed against any change, read position 0: what
 * the receiver gets is a read-only snapshot, like Android's ashmem region.
 * The fd, or -errno.
 */
static int snapshot_fd(const char *path)
{
	char buf[4096];
	int in, fd, err = 0;
	ssize_t n;

	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	fd = memfd_create("service-afd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		err = -errno;
		close(in);
		return err;
	}
	while (!err && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0)
			err = errno == EINTR ? 0 : -errno;
		else
			err = write_all(fd, buf, (size_t)n);
	}
	close(in);
	if (!err && (lseek(fd, 0, SEEK_SET) < 0 ||
		     fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			   F_SEAL_SEAL) < 0))
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* fd, nfd, afd: append a descriptor for @val; 0 or EXIT_USAGE. */
static int put_fd_arg(struct bipc_parcel *p, struct call_args *a, const char *type,
		      const char *val)
{
	long long n;
	int fd;

	if (!strcmp(type, "nfd")) {
		/*
		 * Only a descriptor inherited across exec: those lack
		 * FD_CLOEXEC, and every one this program opens has it, so a
		 * mistyped number cannot send the binder device or the fd of
		 * another argument.
		 */
		if (parse_int(val, 0, INT_MAX, &n) || (fd = fcntl((int)n, F_GETFD)) < 0 ||
		    fd & FD_CLOEXEC) {
			fprintf(stderr, "service: nfd %s: not a file descriptor this command "
				"inherited\n", val);
			return EXIT_USAGE;
		}
		return bipc_put_fd(p, (int)n) ? EXIT_USAGE : 0;
	}
	if (a->nfds == MAX_FDS) {
		fprintf(stderr, "service: at most %d fd and afd arguments\n", MAX_FDS);
		return EXIT_USAGE;
	}
	if (!strcmp(type, "fd")) {
		fd = open(val, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	} else {
		fd = snapshot_fd(val);
	}
	if (fd < 0) {
		fprintf(stderr, "service: %s %s: %s\n", type, val, strerror(-fd));
		return EXIT_USAGE;
	}
	a->fds[a->nfds++] = fd;
	return bipc_put_fd(p, fd) ? EXIT_USAGE : 0;
}

/* Append one ARG (and its value) at argv[*i]; 0 or EXIT_USAGE. */
static int put_arg(struct bipc *b, struct bipc_parcel *p, struct call_args *a, int argc,
		   char **argv, int *i)
{
	const char *type = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
	unsigned long long u;
	long long v;
	double r;

	if (!strcmp(type, "null"))
		return bipc_put_binder(p, NULL) ? EXIT_USAGE : 0;
	if (!strcmp(type, "cb")) {
		if (!a->cb.handler)
			bipc_object_init(b, &a->cb, callback_handle, NULL);
		return bipc_put_binder(p, &a->cb) ? EXIT_USAGE : 0;
	}
	if (!strcmp(type, "intent")) {
		fprintf(stderr, "service: 'intent' is not supported: it writes an "
			"android.content.Intent, read only by Android's Java services\n");
		return EXIT_USAGE;
	}
	if (!val) {
		fprintf(stderr, "service: '%s' needs a value\n", type);
		return EXIT_USAGE;
	}
	(*i)++;
	if (!strcmp(type, "i32") && !parse_int(val, INT32_MIN, UINT32_MAX, &v))
		return bipc_put_u32(p, (uint32_t)v) ? EXIT_USAGE : 0;
	if (!strcmp(type, "u32") && !parse_int(val, 0, UINT32_MAX, &v))
		return bipc_put_u32(p, (uint32_t)v) ? EXIT_USAGE : 0;
	if (!strcmp(type, "i64") && !parse_int(val, INT64_MIN, INT64_MAX, &v))
		return bipc_put_i64(p, v) ? EXIT_USAGE : 0;
	if (!strcmp(type, "u64") && !parse_u64(val, &u))
		return bipc_put_u64(p, u) ? EXIT_USAGE : 0;
	if (!strcmp(type, "f") && !parse_real(val, true, &r)) {
		float f = (float)r;
		uint32_t bits;

		memcpy(&bits, &f, sizeof(bits));	/* Parcel::writeFloat: the 4 bytes */
		return bipc_put_u32(p, bits) ? EXIT_USAGE : 0;
	}
	if (!strcmp(type, "d") && !parse_real(val, false, &r)) {
		uint64_t bits;

		memcpy(&bits, &r, sizeof(bits));
		return bipc_put_u64(p, bits) ? EXIT_USAGE : 0;
	}
	if (!strcmp(type, "s16"))
		return bipc_put_string16(p, val) ? EXIT_USAGE : 0;
	if (!strcmp(type, "str"))
		return bipc_put_cstring(p, val) ? EXIT_USAGE : 0;
	if (!strcmp(type, "fd") || !strcmp(type, "nfd") || !strcmp(type, "afd"))
		return put_fd_arg(p, a, type, val);
	fprintf(stderr, "service: bad argument '%s %s'\n", type, val);
	return EXIT_USAGE;
}

/* Print the outcome of a call; the exit status. */
static int print_result(int ret, int32_t status, struct bipc_parcel *reply, const char *name)
{
	if (ret)
		return binder_error(name, ret);
	if (status) {
		printf("Result: status %d (%s)\n", status, status < 0 ? strerror(-status) : "?");
		return EXIT_NOT_FOUND;
	}
	printf("Result: ");
	bipc_parcel_dump(stdout, reply);
	bipc_parcel_free(reply);
	return EXIT_OK;
}

static int cmd_call(struct bipc *b, int argc, char **argv)
{
	char iface[IFACE_MAX_UTF8];
	struct call_args a = { .nfds = 0 };
	struct bipc_parcel req, reply;
	int32_t status = 0;
	long long code;
	uint32_t h;
	int ret, i;

	if (argc < 2 || parse_int(argv[1], 0, UINT32_MAX, &code)) {
		fprintf(stderr, "service: call needs NAME and a numeric CODE\n");
		return EXIT_USAGE;
	}
	ret = lookup(b, argv[0], &h, false);
	if (ret)
		return ret;
	bipc_parcel_init(&req);
	if (!bipc_interface_of(b, h, iface, sizeof(iface)) && iface[0])
		bipc_put_interface_token(&req, iface);
	for (i = 2; i < argc && !ret; i++)
		ret = put_arg(b, &req, &a, argc, argv, &i);
	if (!ret && bipc_parcel_error(&req)) {
		fprintf(stderr, "service: cannot build the request: %s\n",
			strerror(-bipc_parcel_error(&req)));
		ret = EXIT_USAGE;
	}
	if (!ret) {
		ret = bipc_transact(b, h, (uint32_t)code, 0, &req, &reply, &status);
		fflush(stdout);
		ret = print_result(ret, status, &reply, argv[0]);
	}
	bipc_parcel_free(&req);
	bipc_release(b, h);
	while (a.nfds)
		close(a.fds[--a.nfds]);
	return ret;
}

/*
 * The commands and how many words each takes after its name.  Words left
 * over are refused (Android's tool ignores them), so that a mistake such
 * as "service check a b" does not go unnoticed.
 */
static int check_words(int argc, char **argv)
{
	static const struct {
		const char *name, *args;
		int min, max;
	} cmds[] = {
		{ "list", "", 0, 0 },
		{ "check", " NAME", 1, 1 },
		{ "ping", " NAME", 1, 1 },
		{ "call", " NAME CODE [ARG...]", 2, INT_MAX },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[0], cmds[i].name))
			continue;
		if (argc - 1 >= cmds[i].min && argc - 1 <= cmds[i].max)
			return 0;
		fprintf(stderr, "service: %s: %s (usage: %s%s)\n", argv[0],
			argc - 1 < cmds[i].min ? "missing arguments" : "unexpected arguments",
			cmds[i].name, cmds[i].args);
		return EXIT_USAGE;
	}
	fprintf(stderr, "service: unknown command '%s'\n", argv[0]);
	return EXIT_USAGE;
}

static int run(struct bipc *b, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (!strcmp(cmd, "list"))
		return cmd_list(b);
	if (!strcmp(cmd, "check"))
		return cmd_check(b, argv[1]);
	if (!strcmp(cmd, "ping"))
		return cmd_ping(b, argv[1]);
	return cmd_call(b, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	const char *dev = BIPC_DEFAULT_DEVICE;
	struct bipc *b;
	int opt, ret;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return EXIT_OK;
	}
	/*
	 * Options end at the first command word ('+'), so call arguments such
	 * as "i32 -1" are never taken for options.  Errors are reported here
	 * (opterr 0, ':' first): that is how "-?" (help, as in Android's tool)
	 * is told apart from an unknown option, which getopt() also answers
	 * with '?'.
	 */
	opterr = 0;
	while ((opt = getopt(argc, argv, "+:d:h")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return EXIT_OK;
		case ':':
			fprintf(stderr, "service: option -%c needs a value\n", optopt);
			usage(stderr, argv[0]);
			return EXIT_USAGE;
		default:
			if (optopt == '?') {
				usage(stdout, argv[0]);
				return EXIT_OK;
			}
			fprintf(stderr, "service: unknown option -%c\n", optopt);
			usage(stderr, argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr, argv[0]);
		return EXIT_USAGE;
	}
	ret = check_words(argc - optind, argv + optind);
	if (ret)
		return ret;
	ret = bipc_open(&b, dev, 0);
	if (ret)
		return binder_error(dev, ret);
	ret = run(b, argc - optind, argv + optind);
	fflush(stdout);
	bipc_close(b);
	return ret;
}
