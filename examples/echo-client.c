// SPDX-License-Identifier: GPL-2.0
/*
 * echo-client - the example client of README.md ("Writing a client"):
 * finds the "echo" service through servicemanager and calls it three
 * times, with libbinderipc (tools/lib/binderipc.h).
 *
 *   echo-client [DEVICE] [FILE]   (defaults: /dev/binder, /proc/version)
 *
 *   1. ECHO      an int32 and a String16; prints what comes back;
 *   2. READ_FD   passes FILE's descriptor; prints what the service read;
 *   3. CALLBACK  passes a local object; the service calls it back (the
 *                call arrives on this thread while it waits for the
 *                reply) and replies what the callback returned.
 *
 * Exit status: 0 if all three worked, 1 otherwise.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "binderipc.h"
#include "echo_iface.h"

/* Start a request to the echo service: its interface token first. */
static void echo_request(struct bipc_parcel *req)
{
	bipc_parcel_init(req);
	bipc_put_interface_token(req, ECHO_IFACE);
}

/* Send @req (freed) to @svc; 0 with @reply to read and free, or -1. */
static int call(struct bipc *b, uint32_t svc, uint32_t code, struct bipc_parcel *req,
		struct bipc_parcel *reply)
{
	int32_t status = 0;
	int ret = bipc_transact(b, svc, code, 0, req, reply, &status);

	bipc_parcel_free(req);
	if (ret || status) {
		fprintf(stderr, "echo-client: call %u failed: %s\n", code,
			ret ? strerror(-ret) : "error status");
		return -1;
	}
	return 0;
}

static int echo(struct bipc *b, uint32_t svc)
{
	struct bipc_parcel req, reply;
	char text[64];
	int32_t n = 0;

	echo_request(&req);
	bipc_put_i32(&req, 42);
	bipc_put_string16(&req, "hello, binder");
	if (call(b, svc, ECHO_ECHO, &req, &reply))
		return -1;
	bipc_get_i32(&reply, &n);
	bipc_get_string16_utf8(&reply, text, sizeof(text));
	printf("echo: sent 42 and \"hello, binder\", got back %d and \"%s\"\n", n, text);
	bipc_parcel_free(&reply);
	return n == 42 && !strcmp(text, "hello, binder") ? 0 : -1;
}

static int read_fd(struct bipc *b, uint32_t svc, const char *path)
{
	struct bipc_parcel req, reply;
	char line[ECHO_LINE_MAX];
	int32_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "echo-client: %s: %s\n", path, strerror(errno));
		return -1;
	}
	echo_request(&req);
	bipc_put_fd(&req, fd);
	if (call(b, svc, ECHO_READ_FD, &req, &reply)) {
		close(fd);
		return -1;
	}
	close(fd);	/* the service got its own copy of the descriptor */
	bipc_get_i32(&reply, &n);
	bipc_get_string16_utf8(&reply, line, sizeof(line));
	printf("fd: passed %s; the service read %d bytes: \"%s\"\n", path, n, line);
	bipc_parcel_free(&reply);
	return n > 0 ? 0 : -1;
}

/* The callback: runs when the service calls our object. */
static int32_t on_callback(struct bipc *b, struct bipc_object *obj, const struct bipc_txn *txn,
			   struct bipc_parcel *in, struct bipc_parcel *reply)
{
	char text[ECHO_LINE_MAX + 32];

	(void)b;
	(void)obj;
	if (bipc_enforce_interface(in, ECHO_CB_IFACE) ||
	    bipc_get_string16_utf8(in, text, sizeof(text)))
		return -EBADMSG;
	printf("callback: called by pid %d with \"%s\"\n", txn->sender_pid, text);
	return bipc_put_i32(reply, 7);
}

static int callback(struct bipc *b, uint32_t svc)
{
	struct bipc_parcel req, reply;
	struct bipc_object cb;
	int32_t value = 0;

	bipc_object_init(b, &cb, on_callback, NULL);
	echo_request(&req);
	bipc_put_binder(&req, &cb);
	bipc_put_string16(&req, "call me back");
	if (call(b, svc, ECHO_CALLBACK, &req, &reply))
		return -1;
	bipc_get_i32(&reply, &value);
	printf("callback: the service replied %d (what the callback returned)\n", value);
	bipc_parcel_free(&reply);
	return value == 7 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : BIPC_DEFAULT_DEVICE;
	const char *file = argc > 2 ? argv[2] : "/proc/version";
	struct bipc *b;
	uint32_t svc;
	int ret;

	ret = bipc_open(&b, dev, 0);
	if (ret) {
		fprintf(stderr, "echo-client: %s: %s\n", dev, strerror(-ret));
		return 1;
	}
	ret = bipc_sm_check(b, ECHO_SERVICE_NAME, &svc);
	if (ret) {
		fprintf(stderr, "echo-client: service \"%s\": %s\n", ECHO_SERVICE_NAME,
			ret == -ENOENT ? "not registered" : strerror(-ret));
		bipc_close(b);
		return 1;
	}
	printf("found \"%s\": handle %u\n", ECHO_SERVICE_NAME, svc);
	ret = echo(b, svc) | read_fd(b, svc, file) | callback(b, svc);
	bipc_release(b, svc);
	bipc_close(b);
	return ret ? 1 : 0;
}
