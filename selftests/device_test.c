// SPDX-License-Identifier: GPL-2.0
/*
 * The device itself: open, BINDER_VERSION, the rules for mmap(), bad
 * pointers and unknown ioctls, BINDER_WRITE_READ framing, the first read of
 * a thread, O_NONBLOCK, signals, poll(), flush and BINDER_THREAD_EXIT.
 */

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "binder_test.h"

FIXTURE(device) {
	int fd;
};

BINDER_VARIANTS(device);

FIXTURE_SETUP(device)
{
	self->fd = open(variant->dev, O_RDWR | O_CLOEXEC);
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", variant->dev, strerror(errno));
}

FIXTURE_TEARDOWN(device)
{
	close(self->fd);
}

/* ---- BINDER_VERSION and unknown ioctls ---- */

TEST_F(device, version_is_8)
{
	struct binder_version v = { .protocol_version = -1 };

	ASSERT_EQ(0, xioctl(self->fd, BINDER_VERSION, &v));
	EXPECT_EQ(BINDER_CURRENT_PROTOCOL_VERSION, v.protocol_version);
	EXPECT_EQ(8, v.protocol_version);
}

TEST_F(device, second_device_is_independent)
{
	struct binder_version v = { .protocol_version = -1 };
	int fd2 = open(variant->dev2, O_RDWR | O_CLOEXEC);

	ASSERT_GE(fd2, 0);
	ASSERT_EQ(0, xioctl(fd2, BINDER_VERSION, &v));
	EXPECT_EQ(8, v.protocol_version);
	close(fd2);
}

/* A fault on BINDER_VERSION's argument is reported as EINVAL, not EFAULT. */
TEST_F(device, version_bad_pointer)
{
	EXPECT_EQ(-EINVAL, xioctl(self->fd, BINDER_VERSION, NULL));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, BINDER_VERSION, (void *)16));
}

TEST_F(device, unknown_ioctls)
{
	int64_t arg = 0;

	/* Numbers never assigned, and the two the protocol never implemented. */
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOW('b', 2, __s32), &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOW('b', 4, __s32), &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOW('b', 10, __s32), &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, BINDER_SET_IDLE_TIMEOUT, &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, BINDER_SET_IDLE_PRIORITY, &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOWR('b', 200, __s32), &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, 0x1234, &arg));
	/* A known number with a wrong size is a different, unknown ioctl. */
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOWR('b', 9, __u64), &arg));
	EXPECT_EQ(-EINVAL, xioctl(self->fd, _IOWR('b', 1, __u64), &arg));
}

/* ---- BINDER_WRITE_READ framing ---- */

TEST_F(device, write_read_null_arg)
{
	EXPECT_EQ(-EFAULT, xioctl(self->fd, BINDER_WRITE_READ, NULL));
	EXPECT_EQ(-EFAULT, xioctl(self->fd, BINDER_WRITE_READ, (void *)8));
}

TEST_F(device, write_read_empty)
{
	struct binder_write_read bwr;

	ASSERT_EQ(0, binder_write_read(self->fd, NULL, 0, NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	EXPECT_EQ(0, bwr.read_consumed);
}

TEST_F(device, write_buffer_fault)
{
	struct binder_write_read bwr;

	EXPECT_EQ(-EFAULT, binder_write_read(self->fd, NULL, 4, NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	EXPECT_EQ(-EFAULT, binder_write_read(self->fd, (void *)8, 8, NULL, 0, &bwr));
}

TEST_F(device, read_buffer_fault)
{
	struct binder_write_read bwr;

	EXPECT_EQ(-EFAULT, binder_write_read(self->fd, NULL, 0, NULL, 64, &bwr));
	EXPECT_EQ(0, bwr.read_consumed);
	EXPECT_EQ(-EFAULT, binder_write_read(self->fd, NULL, 0, (void *)8, 64, &bwr));
}

/* write_consumed past write_size: nothing is consumed, and no error. */
TEST_F(device, write_consumed_beyond_size)
{
	uint32_t cmd = 0xdeadbeef;
	struct binder_write_read bwr = {
		.write_buffer = (binder_uintptr_t)(uintptr_t)&cmd,
		.write_size = sizeof(cmd),
		.write_consumed = 8,
	};

	ASSERT_EQ(0, xioctl(self->fd, BINDER_WRITE_READ, &bwr));
	EXPECT_EQ(8, bwr.write_consumed);
}

TEST_F(device, unknown_command)
{
	uint32_t cmds[] = { 0xdeadbeef, BC_ENTER_LOOPER };
	struct binder_write_read bwr;

	EXPECT_EQ(-EINVAL, binder_write_read(self->fd, cmds, sizeof(cmds), NULL, 0, &bwr));
	EXPECT_EQ(0, bwr.write_consumed);
	/* The commands the protocol declares dead are unknown too. */
	cmds[0] = BC_ATTEMPT_ACQUIRE;
	EXPECT_EQ(-EINVAL, binder_write_read(self->fd, cmds, sizeof(cmds), NULL, 0, &bwr));
	cmds[0] = BC_ACQUIRE_RESULT;
	EXPECT_EQ(-EINVAL, binder_write_read(self->fd, cmds, sizeof(cmds), NULL, 0, &bwr));
}

/* ---- the read side with nothing to read ---- */

/* A thread's first read returns at once, holding only BR_NOOP. */
TEST_F(device, first_read_is_noop)
{
	uint32_t rbuf[16];
	struct binder_write_read bwr;

	memset(rbuf, 0xff, sizeof(rbuf));
	ASSERT_EQ(0, binder_write_read(self->fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	EXPECT_EQ(sizeof(uint32_t), bwr.read_consumed);
	EXPECT_EQ(BR_NOOP, rbuf[0]);
	EXPECT_EQ(0xffffffffu, rbuf[1]);
}

/* With O_NONBLOCK an empty read fails with EAGAIN and reports nothing. */
TEST_F(device, nonblock_read_eagain)
{
	uint32_t rbuf[16];
	struct binder_write_read bwr;
	int fd = open(variant->dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	ASSERT_GE(fd, 0);
	/* First read: the new thread returns BR_NOOP at once. */
	ASSERT_EQ(0, binder_write_read(fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	EXPECT_EQ(4, bwr.read_consumed);
	EXPECT_EQ(-EAGAIN, binder_write_read(fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	EXPECT_EQ(0, bwr.read_consumed);
	close(fd);
}

/* ---- a reader blocked in the driver ---- */

struct blocked_reader {
	int fd;
	int ret;
	uint64_t consumed;
	volatile int done;
	pthread_t tid;
};

static void on_sigusr1(int sig)
{
	(void)sig;
}

static void *blocked_reader_main(void *arg)
{
	struct blocked_reader *r = arg;
	uint32_t rbuf[16];
	struct binder_write_read bwr;

	/* Consume the new thread's immediate return, then block. */
	binder_write_read(r->fd, NULL, 0, rbuf, sizeof(rbuf), &bwr);
	r->ret = binder_write_read(r->fd, NULL, 0, rbuf, sizeof(rbuf), &bwr);
	r->consumed = bwr.read_consumed;
	r->done = 1;
	return NULL;
}

static void start_reader(struct blocked_reader *r, int fd)
{
	struct sigaction sa = { .sa_handler = on_sigusr1, .sa_flags = SA_RESTART };

	sigaction(SIGUSR1, &sa, NULL);
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	pthread_create(&r->tid, NULL, blocked_reader_main, r);
	usleep(200 * 1000);
}

/* Wait up to @ms for the reader; returns whether it finished. */
static int reader_finished(struct blocked_reader *r, int ms)
{
	while (!r->done && ms > 0) {
		usleep(10 * 1000);
		ms -= 10;
	}
	return r->done;
}

/* Stop a reader that a failed test left blocked, so the test can end. */
static void stop_reader(struct blocked_reader *r)
{
	while (!r->done) {
		pthread_kill(r->tid, SIGUSR1);
		usleep(10 * 1000);
	}
	pthread_join(r->tid, NULL);
}

/*
 * A signal ends a blocked read with EINTR even under SA_RESTART: the wait is
 * not restarted, user space sees the interruption and retries itself.
 */
TEST_F(device, signal_interrupts_read)
{
	struct blocked_reader r;
	int tries;

	start_reader(&r, self->fd);
	EXPECT_FALSE(r.done);
	for (tries = 0; tries < 100 && !r.done; tries++) {
		pthread_kill(r.tid, SIGUSR1);
		reader_finished(&r, 50);
	}
	ASSERT_TRUE(r.done);
	EXPECT_EQ(-EINTR, r.ret);
	EXPECT_EQ(0, r.consumed);
	stop_reader(&r);
}

/* close() of any copy of the fd makes blocked readers return. */
TEST_F(device, flush_wakes_reader)
{
	struct blocked_reader r;

	start_reader(&r, self->fd);
	EXPECT_FALSE(r.done);
	close(dup(self->fd));
	EXPECT_TRUE(reader_finished(&r, 5000));
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(4, r.consumed);
	stop_reader(&r);
}

/* ---- poll ---- */

TEST_F(device, poll_new_thread_then_idle)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	struct binder_version v;

	/* A thread that has not finished an ioctl yet would return at once. */
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents);

	ASSERT_EQ(0, xioctl(self->fd, BINDER_VERSION, &v));
	pfd.revents = 0;
	EXPECT_EQ(0, poll(&pfd, 1, 50));
	EXPECT_EQ(0, pfd.revents);
}

/* ---- BINDER_THREAD_EXIT ---- */

TEST_F(device, thread_exit_then_reuse)
{
	uint32_t rbuf[16];
	struct binder_write_read bwr;
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };

	ASSERT_EQ(0, binder_write_read(self->fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	/* Exit a thread that was polled: its wait queue must be detached. */
	poll(&pfd, 1, 0);
	ASSERT_EQ(0, xioctl(self->fd, BINDER_THREAD_EXIT, NULL));
	/* The next ioctl makes a new thread, whose first read returns at once. */
	ASSERT_EQ(0, binder_write_read(self->fd, NULL, 0, rbuf, sizeof(rbuf), &bwr));
	EXPECT_EQ(4, bwr.read_consumed);
	EXPECT_EQ(BR_NOOP, rbuf[0]);
	EXPECT_EQ(0, xioctl(self->fd, BINDER_THREAD_EXIT, NULL));
	EXPECT_EQ(0, xioctl(self->fd, BINDER_THREAD_EXIT, NULL));
}

/* ---- mmap rules ---- */

TEST_F(device, mmap_read_only)
{
	void *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EPERM, errno);
	p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EPERM, errno);
	/* After the refused attempts a read-only map still works. */
	p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE | MAP_NORESERVE);
	ASSERT_NE(MAP_FAILED, p);
}

TEST_F(device, mmap_no_mprotect_write)
{
	void *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_SHARED);

	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, 4096, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, mprotect(p, BINDER_VM_SIZE, PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
}

TEST_F(device, mmap_only_once)
{
	void *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);
	void *q;

	ASSERT_NE(MAP_FAILED, p);
	q = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);
	EXPECT_EQ(MAP_FAILED, q);
	EXPECT_EQ(EBUSY, errno);
	/* Not even after the first mapping is gone. */
	ASSERT_EQ(0, munmap(p, BINDER_VM_SIZE));
	q = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);
	EXPECT_EQ(MAP_FAILED, q);
	EXPECT_EQ(EBUSY, errno);
}

/* A mapping larger than 4 MiB is accepted; only 4 MiB of it is used. */
TEST_F(device, mmap_large)
{
	void *p = binder_map(self->fd, 8 << 20, PROT_READ, MAP_PRIVATE);

	ASSERT_NE(MAP_FAILED, p);
	if (variant->ours) {
		/* Ours shows the usable size in debugfs; upstream has no such file. */
		char line[256], want[64];
		int found = 0;
		FILE *f = fopen(OUR_DEBUGFS "/procs", "r");

		ASSERT_NE(NULL, f);
		snprintf(want, sizeof(want), "proc %d ", getpid());
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, want, strlen(want)))
				found = !!strstr(line, "buffer_size 4194304");
		fclose(f);
		EXPECT_TRUE(found);
	}
}

/* Pages the driver did not fill are not there: touching one is SIGBUS. */
static sigjmp_buf fault_jmp;

static void on_fault(int sig)
{
	siglongjmp(fault_jmp, sig);
}

TEST_F(device, mmap_untouched_page_sigbus)
{
	volatile char *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);
	struct sigaction sa = { .sa_handler = on_fault };
	int sig;

	ASSERT_NE(MAP_FAILED, (void *)p);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sig = sigsetjmp(fault_jmp, 1);
	if (!sig)
		(void)p[4096];
	EXPECT_EQ(SIGBUS, sig);
}

/* Only the process that opened the device may map it. */
TEST_F(device, mmap_by_other_process)
{
	int status;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		void *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);

		_exit(p == MAP_FAILED && errno == EINVAL ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* The opener itself still can. */
	EXPECT_NE(MAP_FAILED, binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE));
}

/* The mapping is not inherited: a child's copy of the range is empty. */
TEST_F(device, mmap_not_inherited)
{
	char *p = binder_map(self->fd, BINDER_VM_SIZE, PROT_READ, MAP_PRIVATE);
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, p);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* mincore() fails with ENOMEM on an unmapped range. */
		unsigned char vec;

		_exit(mincore(p, 4096, &vec) == -1 && errno == ENOMEM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* ---- our object accounting (ours only: upstream has no such file) ---- */

TEST(debugfs_counts_procs_and_threads)
{
	long procs = our_active_objects("proc");
	long threads = our_active_objects("thread");
	struct binder_version v;
	int fd;

	ASSERT_GE(procs, 0);
	ASSERT_GE(threads, 0);
	fd = open(OUR_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(procs + 1, our_active_objects("proc"));
	ASSERT_EQ(0, xioctl(fd, BINDER_VERSION, &v));
	EXPECT_EQ(threads + 1, our_active_objects("thread"));
	ASSERT_EQ(0, xioctl(fd, BINDER_THREAD_EXIT, NULL));
	EXPECT_EQ(threads, our_active_objects("thread"));
	ASSERT_EQ(0, xioctl(fd, BINDER_VERSION, &v));
	close(fd);
	EXPECT_EQ(procs, our_active_objects("proc"));
	EXPECT_EQ(threads, our_active_objects("thread"));
}

TEST_HARNESS_MAIN
