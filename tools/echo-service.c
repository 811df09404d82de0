// SPDX-License-Identifier: GPL-2.0
/*
 * echo-service - a demo binder service registered with servicemanager.
 *
 *   echo-service [-d DEVICE] [-n NAME] [-t THREADS]
 *
 * Registers an object under NAME (default "echo") and serves it with a
 * thread pool of up to THREADS threads (default 4; grown on
 * BR_SPAWN_LOOPER).  The interface is in tools/lib/echo_iface.h: echo a
 * parcel back, read from a file descriptor, call a callback object.
 * Each request is logged on stderr.
 *
 * SIGTERM or SIGINT stops it: the loop ends, the pool threads are joined
 * and the device closed (servicemanager then sees the object die).
 *
 * Exit status: 0 after a signal, 1 if it cannot start or register, 2 on a
 * usage error.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binderipc.h"
#include "echo_iface.h"

/* How long to wait for servicemanager to come up, in 100 ms steps. */
#define REGISTER_RETRIES	50

/* ECHO_ECHO: the rest of the request, objects included. */
static int32_t do_echo(const struct bipc_txn *txn, struct bipc_parcel *in,
		       struct bipc_parcel *reply)
{
	fprintf(stderr, "echo-service: echo %zu bytes, %zu objects for pid %d\n",
		bipc_parcel_size(in) - bipc_parcel_pos(in), bipc_parcel_objects(in),
		txn->sender_pid);
	return bipc_parcel_append_from(reply, in, bipc_parcel_pos(in));
}

/* The first line of @buf as printable ASCII. */
static void first_line(const char *buf, size_t n, char *line, size_t size)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size && buf[i] != '\n'; i++)
		line[i] = buf[i] >= 0x20 && buf[i] < 0x7f ? buf[i] : '?';
	line[i] = 0;
}

/* ECHO_READ_FD: read from the descriptor the client sent. */
static int32_t do_read_fd(struct bipc_parcel *in, struct bipc_parcel *reply)
{
	char buf[ECHO_READ_MAX], line[ECHO_LINE_MAX];
	ssize_t n;
	int fd;

	if (bipc_get_fd(in, &fd))
		return -EBADF;
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0) {
		fprintf(stderr, "echo-service: read from the fd: %s\n", strerror((int)-n));
		return (int32_t)n;
	}
	first_line(buf, (size_t)n, line, sizeof(line));
	fprintf(stderr, "echo-service: read %zd bytes from the fd: \"%s\"\n", n, line);
	bipc_put_i32(reply, (int32_t)n);
	return bipc_put_string16(reply, line);
}

/* ECHO_CALLBACK: call the client's object back before replying. */
static int32_t do_callback(struct bipc *b, struct bipc_parcel *in, struct bipc_parcel *reply)
{
	char msg[ECHO_LINE_MAX], text[ECHO_LINE_MAX + 32];
	struct bipc_parcel req, rep;
	int32_t status = 0, value = 0;
	uint32_t cb;
	int ret;

	if (bipc_get_handle(in, &cb) || bipc_get_string16_utf8(in, msg, sizeof(msg)))
		return -EBADMSG;
	snprintf(text, sizeof(text), "echo-service got: %s", msg);
	bipc_parcel_init(&req);
	bipc_put_interface_token(&req, ECHO_CB_IFACE);
	bipc_put_string16(&req, text);
	fprintf(stderr, "echo-service: calling the callback (handle %u)\n", cb);
	ret = bipc_transact(b, cb, ECHO_CB_NOTIFY, 0, &req, &rep, &status);
	bipc_parcel_free(&req);
	if (ret || status) {
		fprintf(stderr, "echo-service: callback failed: %s\n",
			ret ? strerror(-ret) : "error status");
		return ret ? ret : status;
	}
	ret = bipc_get_i32(&rep, &value);
	bipc_parcel_free(&rep);
	if (ret)
		return ret;
	fprintf(stderr, "echo-service: the callback answered %d\n", value);
	return bipc_put_i32(reply, value);
}

static int32_t echo_handle(struct bipc *b, struct bipc_object *obj, const struct bipc_txn *txn,
			   struct bipc_parcel *in, struct bipc_parcel *reply)
{
	(void)obj;
	if (txn->code == BIPC_INTERFACE_TRANSACTION)
		return bipc_put_string16(reply, ECHO_IFACE);
	if (bipc_enforce_interface(in, ECHO_IFACE)) {
		fprintf(stderr, "echo-service: request %u without the %s token\n", txn->code,
			ECHO_IFACE);
		return -EPERM;
	}
	switch (txn->code) {
	case ECHO_ECHO:
		return do_echo(txn, in, reply);
	case ECHO_READ_FD:
		return do_read_fd(in, reply);
	case ECHO_CALLBACK:
		return do_callback(b, in, reply);
	default:
		return -EBADMSG;	/* UNKNOWN_TRANSACTION */
	}
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DEVICE] [-n NAME] [-t THREADS]\n"
		"Register a demo echo service with servicemanager and serve it.\n"
		"  -d DEVICE   binder device (default %s)\n"
		"  -n NAME     service name (default \"%s\")\n"
		"  -t THREADS  most pool threads, 0..%u (default 4)\n"
		"SIGTERM or SIGINT stops it.\n"
		"Exit status: 0 after a signal, 1 if it cannot start or register, 2 usage error.\n",
		prog, BIPC_DEFAULT_DEVICE, ECHO_SERVICE_NAME, BIPC_MAX_THREADS);
}

static int parse_args(int argc, char **argv, const char **dev, const char **name,
		      unsigned int *threads)
{
	long long v;
	int opt;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		exit(0);
	}
	while ((opt = getopt(argc, argv, "d:n:t:h")) != -1) {
		switch (opt) {
		case 'd':
			*dev = optarg;
			break;
		case 'n':
			*name = optarg;
			break;
		case 't':
			if (bipc_parse_number(optarg, 0, BIPC_MAX_THREADS, &v)) {
				fprintf(stderr, "echo-service: -t: not a number in 0..%u: '%s'\n",
					BIPC_MAX_THREADS, optarg);
				return -EINVAL;
			}
			*threads = (unsigned int)v;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "echo-service: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* Register, waiting a little for servicemanager if it is not there yet. */
static int register_service(struct bipc *b, const char *name, struct bipc_object *obj)
{
	int ret = -EPIPE, i;

	for (i = 0; i < REGISTER_RETRIES && ret == -EPIPE; i++) {
		ret = bipc_sm_add(b, name, obj);
		if (ret == -EPIPE)
			usleep(100 * 1000);	/* no context manager yet */
	}
	if (ret == -EREMOTEIO)
		fprintf(stderr, "echo-service: servicemanager refused '%s'\n", name);
	else if (ret)
		fprintf(stderr, "echo-service: cannot register '%s': %s\n", name, strerror(-ret));
	return ret;
}

int main(int argc, char **argv)
{
	const char *dev = BIPC_DEFAULT_DEVICE, *name = ECHO_SERVICE_NAME;
	unsigned int threads = 4;
	struct bipc_object obj;
	struct bipc *b;
	int ret;

	if (parse_args(argc, argv, &dev, &name, &threads)) {
		usage(stderr, argv[0]);
		return 2;
	}
	ret = bipc_open(&b, dev, 0);
	if (ret) {
		fprintf(stderr, "echo-service: %s: %s\n", dev, strerror(-ret));
		return 1;
	}
	ret = bipc_stop_on_signals(b);
	if (!ret)
		ret = bipc_set_max_threads(b, threads);
	if (ret) {
		fprintf(stderr, "echo-service: setup: %s\n", strerror(-ret));
		ret = 1;
		goto out;
	}
	bipc_object_init(b, &obj, echo_handle, NULL);
	if (register_service(b, name, &obj)) {
		ret = 1;
		goto out;
	}
	fprintf(stderr, "echo-service: registered as '%s' on %s\n", name, dev);
	ret = bipc_loop(b);
	if (ret)
		fprintf(stderr, "echo-service: %s\n", strerror(-ret));
	else
		fprintf(stderr, "echo-service: stopping (%u pool threads)\n",
			bipc_threads_started(b));
	ret = ret ? 1 : 0;
out:
	bipc_close(b);
	return ret;
}
