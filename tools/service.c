// SPDX-License-Identifier: GPL-2.0
/*
 * service - talk to servicemanager and its services, like Android's
 * "service" command.
 *
 *   service [-d DEVICE] list
 *   service [-d DEVICE] check NAME
 *   service [-d DEVICE] ping NAME
 *   service [-d DEVICE] call NAME CODE [ARG...]
 *
 * call ARGs, written in order after the interface token (asked from the
 * service with INTERFACE_TRANSACTION, as Android's tool does; none if the
 * service does not say):
 *   i32 N     int32 (decimal, 0x hex, or negative)
 *   i64 N     int64
 *   s16 STR   String16
 *   str STR   C string (bytes, NUL, padding)
 *   null      a null binder
 *   fd PATH   a file descriptor of PATH opened read-only
 *   cb        a callback object of this process: calls to it are printed
 *             and answered with int32 0
 * The reply is printed as "Result: Parcel(...)" (see bipc_parcel_dump()),
 * or "Result: status N" for a status-code reply.
 *
 * Exit status: 0 success; 1 service not found, or it answered with an
 * error status; 2 usage error; 3 binder error (device, servicemanager or
 * service unreachable, call refused by the driver).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		"Talk to servicemanager and its services on DEVICE (default %s).\n"
		"call ARGs: i32 N | i64 N | s16 STR | str STR | null | fd PATH | cb\n"
		"Exit status: 0 success, 1 not found or error status, 2 usage error,\n"
		"3 binder error.\n",
		prog, prog, prog, prog, BIPC_DEFAULT_DEVICE);
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

/* Append one ARG (and its value) at argv[*i]; 0 or EXIT_USAGE. */
static int put_arg(struct bipc *b, struct bipc_parcel *p, struct call_args *a, int argc,
		   char **argv, int *i)
{
	const char *type = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
	long long v;

	if (!strcmp(type, "null"))
		return bipc_put_binder(p, NULL) ? EXIT_USAGE : 0;
	if (!strcmp(type, "cb")) {
		if (!a->cb.handler)
			bipc_object_init(b, &a->cb, callback_handle, NULL);
		return bipc_put_binder(p, &a->cb) ? EXIT_USAGE : 0;
	}
	if (!val) {
		fprintf(stderr, "service: '%s' needs a value\n", type);
		return EXIT_USAGE;
	}
	(*i)++;
	if (!strcmp(type, "i32") && !bipc_parse_number(val, INT32_MIN, UINT32_MAX, &v))
		return bipc_put_u32(p, (uint32_t)v) ? EXIT_USAGE : 0;
	if (!strcmp(type, "i64") && !bipc_parse_number(val, INT64_MIN, INT64_MAX, &v))
		return bipc_put_i64(p, v) ? EXIT_USAGE : 0;
	if (!strcmp(type, "s16"))
		return bipc_put_string16(p, val) ? EXIT_USAGE : 0;
	if (!strcmp(type, "str"))
		return bipc_put_cstring(p, val) ? EXIT_USAGE : 0;
	if (!strcmp(type, "fd")) {
		if (a->nfds == MAX_FDS) {
			fprintf(stderr, "service: at most %d fd arguments\n", MAX_FDS);
			return EXIT_USAGE;
		}
		a->fds[a->nfds] = open(val, O_RDONLY | O_CLOEXEC);
		if (a->fds[a->nfds] < 0) {
			fprintf(stderr, "service: %s: %s\n", val, strerror(errno));
			return EXIT_USAGE;
		}
		return bipc_put_fd(p, a->fds[a->nfds++]) ? EXIT_USAGE : 0;
	}
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

	if (argc < 2 || bipc_parse_number(argv[1], 0, UINT32_MAX, &code)) {
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

static int run(struct bipc *b, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (!strcmp(cmd, "list") && argc == 1)
		return cmd_list(b);
	if (!strcmp(cmd, "check") && argc == 2)
		return cmd_check(b, argv[1]);
	if (!strcmp(cmd, "ping") && argc == 2)
		return cmd_ping(b, argv[1]);
	if (!strcmp(cmd, "call") && argc >= 3)
		return cmd_call(b, argc - 1, argv + 1);
	fprintf(stderr, "service: bad command or arguments: '%s'\n", cmd);
	return EXIT_USAGE;
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
	while ((opt = getopt(argc, argv, "+d:h")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return EXIT_OK;
		default:
			usage(stderr, argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr, argv[0]);
		return EXIT_USAGE;
	}
	ret = bipc_open(&b, dev, 0);
	if (ret)
		return binder_error(dev, ret);
	ret = run(b, argc - optind, argv + optind);
	fflush(stdout);
	bipc_close(b);
	return ret;
}
