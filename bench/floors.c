// SPDX-License-Identifier: GPL-2.0
/*
 * Floors: what a round trip costs without binder, on the same VM and
 * kernel, with the same payloads.
 *
 *   pipe    request on one pipe, reply on another (two copies per byte:
 *           into the pipe and out of it);
 *   sock    the same over an AF_UNIX SOCK_STREAM socketpair;
 *   futex   the request is memcpy'd into shared memory, a futex wakes the
 *           peer, which answers the same way: one copy per byte and two
 *           wakeups, the least any cross-process call can do; binder's
 *           one-copy design should approach it;
 *   memcpy  one copy of the payload in one process, no wakeup.
 *
 * A stream cannot carry an empty message, so an empty request or reply is
 * one byte on pipe and sock.  The peer is forked for each run and never
 * looks at the bytes (binder's bench server does not either).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

const char *const floor_name[F_NFLOOR] = { "pipe", "sock", "futex" };

static uint8_t src[MAX_PAYLOAD], dst[MAX_PAYLOAD];

static int full_write(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int full_read(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

struct futex_shm {
	_Atomic uint32_t seq;	/* odd: a request is there; even: its reply */
	uint8_t data[MAX_PAYLOAD];
};

/* Sleep until *seq == want. */
static void await(_Atomic uint32_t *seq, uint32_t want)
{
	uint32_t v;

	while ((v = atomic_load(seq)) != want)
		futex_wait(seq, v);
}

static pid_t fork_peer(void)
{
	pid_t pid = fork();

	if (pid == 0)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	return pid;
}

static int futex_run(size_t req, size_t rep, unsigned int total, unsigned int warmup,
		     uint64_t *lat)
{
	struct futex_shm *f = mmap(NULL, sizeof(*f), PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned int i;
	pid_t pid;

	if (f == MAP_FAILED)
		return -errno;
	pid = fork_peer();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		for (i = 0; i < total; i++) {
			await(&f->seq, 2 * i + 1);
			memcpy(f->data, src, rep);
			atomic_store(&f->seq, 2 * i + 2);
			futex_wake(&f->seq);
		}
		_exit(0);
	}
	for (i = 0; i < total; i++) {
		uint64_t t0 = now_ns();

		memcpy(f->data, src, req);
		atomic_store(&f->seq, 2 * i + 1);
		futex_wake(&f->seq);
		await(&f->seq, 2 * i + 2);
		if (i >= warmup)
			lat[i - warmup] = now_ns() - t0;
	}
	waitpid(pid, NULL, 0);
	munmap(f, sizeof(*f));
	return 0;
}

static int stream_run(enum floor_kind k, size_t req, size_t rep, unsigned int total,
		      unsigned int warmup, uint64_t *lat)
{
	int there[2], back[2], ret = 0;	/* [0] read end, [1] write end */
	unsigned int i;
	pid_t pid;

	req = req ? req : 1;
	rep = rep ? rep : 1;
	if (k == F_PIPE) {
		if (pipe2(there, O_CLOEXEC) || pipe2(back, O_CLOEXEC))
			return -errno;
	} else {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			return -errno;
		/* One bidirectional socket: each side reads and writes its end. */
		there[0] = back[1] = sv[1];
		there[1] = back[0] = sv[0];
	}
	pid = fork_peer();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		for (i = 0; i < total; i++)
			if (full_read(there[0], dst, req) || full_write(back[1], src, rep))
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < total && !ret; i++) {
		uint64_t t0 = now_ns();

		if (full_write(there[1], src, req) || full_read(back[0], dst, rep))
			ret = -EIO;
		else if (i >= warmup)
			lat[i - warmup] = now_ns() - t0;
	}
	close(there[0]);
	close(there[1]);
	if (k == F_PIPE) {
		close(back[0]);
		close(back[1]);
	}
	waitpid(pid, NULL, 0);
	return ret;
}

int floor_run(enum floor_kind k, size_t req, size_t rep, unsigned int iters, uint64_t *lat)
{
	unsigned int warmup = iters / 10 + 1;

	if (k == F_FUTEX)
		return futex_run(req, rep, iters + warmup, warmup, lat);
	return stream_run(k, req, rep, iters + warmup, warmup, lat);
}

void memcpy_run(size_t size, unsigned int iters, uint64_t *lat)
{
	unsigned int i;

	memcpy(dst, src, size);	/* warm */
	for (i = 0; i < iters; i++) {
		uint64_t t0 = now_ns();

		memcpy(dst, src, size);
		/* Keep the compiler from dropping or merging the copies. */
		__asm__ __volatile__("" : : "r"(dst) : "memory");
		lat[i] = now_ns() - t0;
	}
}
