// SPDX-License-Identifier: GPL-2.0
/*
 * File descriptor arrays (BINDER_TYPE_FDA) that work, and what happens to
 * their descriptors.  An FDA names a BINDER_TYPE_PTR parent buffer of a
 * BC_TRANSACTION_SG and a place in it that holds fd numbers; the receiver
 * gets the parent copied into its buffer with new descriptors of the same
 * files in those slots.  Unlike plain BINDER_TYPE_FD objects, the driver
 * owns these descriptors: it installs them when the receiver reads and
 * closes them when the receiver frees the buffer.
 *
 * The failure cases of FDA layout are in badinput_test.c; plain fds in
 * fd_test.c.  Server and client are both in this process (struct world),
 * so sent and received descriptors can be compared directly, and a pipe's
 * read end tells when every copy of its write end, in user space or in
 * the driver, is gone.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "binder_world.h"

#define FDA_MAX		3
#define HEAD_WORD	0x48454144u
#define TAIL_WORD	0x5441494cu

/* The parent buffer: the fds sit between two words that must arrive as sent. */
struct fda_parent {
	uint32_t head;
	uint32_t fds[FDA_MAX];
	uint32_t tail;
};

/*
 * The data of an FDA transaction: the parent PTR object, then the FDA.
 * The PTR is at offset 8 because upstream cannot name a parent at offset
 * 0 (see sg_parent_at_offset_0_refused in badinput_test.c).
 */
struct fda_data {
	uint64_t word;
	struct binder_buffer_object ptr;
	struct binder_fd_array_object fda;
};

struct fda_msg {
	struct fda_data d;
	binder_size_t offs[2];
	struct fda_parent parent;
};

/* The sg area of an fda_msg: the parent, rounded up to 8 bytes. */
#define FDA_SG_SIZE	((sizeof(struct fda_parent) + 7) & ~(size_t)7)

/* Build an FDA of the @n fds in @fds (at most FDA_MAX). */
static void fda_msg_init(struct fda_msg *m, const int *fds, int n)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->parent.head = HEAD_WORD;
	m->parent.tail = TAIL_WORD;
	for (i = 0; i < n; i++)
		m->parent.fds[i] = (uint32_t)fds[i];
	m->d.word = 0x0123456789abcdefull;
	m->d.ptr = ptr_obj(&m->parent, sizeof(m->parent), 0, 0, 0);
	m->d.fda = fda_obj(n, 0, offsetof(struct fda_parent, fds));
	m->offs[0] = offsetof(struct fda_data, ptr);
	m->offs[1] = offsetof(struct fda_data, fda);
}

/* Append BC_TRANSACTION_SG (or BC_REPLY_SG, @bc) of @m to @c. */
static void cmd_fda(struct cmdbuf *c, uint32_t bc, uint32_t handle, uint32_t code,
		    uint32_t flags, const struct fda_msg *m)
{
	cmd_txn_sg(c, bc, handle, code, flags, &m->d, sizeof(m->d), m->offs, sizeof(m->offs),
		   FDA_SG_SIZE);
}

/* Send @m as a call (or one-way call, by @flags) from @ep to @handle. */
static int send_fda(struct endpoint *ep, uint32_t handle, uint32_t code, uint32_t flags,
		    const struct fda_msg *m)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_fda(&c, BC_TRANSACTION_SG, handle, code, flags, m);
	return ep_write(ep, &c);
}

/*
 * The parent buffer of a received fda_msg, or NULL if the payload is not
 * laid out as sent: same objects, the parent copied into the receiver's
 * buffer right after the offsets array (where upstream puts the sg area).
 */
static const struct fda_parent *fda_received(const struct binder_transaction_data *tr, int n)
{
	const struct fda_data *d = txn_data(tr);

	if (tr->data_size != sizeof(*d) || tr->offsets_size != 2 * sizeof(binder_size_t))
		return NULL;
	if (d->word != 0x0123456789abcdefull || d->ptr.hdr.type != BINDER_TYPE_PTR ||
	    d->ptr.length != sizeof(struct fda_parent) || d->fda.hdr.type != BINDER_TYPE_FDA ||
	    d->fda.num_fds != (uint64_t)n || d->fda.parent != 0 ||
	    d->fda.parent_offset != offsetof(struct fda_parent, fds))
		return NULL;
	if (d->ptr.buffer != tr->data.ptr.offsets + tr->offsets_size)
		return NULL;
	return (const struct fda_parent *)(uintptr_t)d->ptr.buffer;
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

static bool cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl >= 0 && (fl & FD_CLOEXEC);
}

static bool is_closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0 && errno == EBADF;
}

/* Bytes written at @from can be read at @to (a pipe's two ends). */
static bool carries(int from, int to)
{
	char buf[8] = { 0 };

	return write(from, "binder", 7) == 7 && read(to, buf, sizeof(buf)) == 7 &&
	       !strcmp(buf, "binder");
}

/* The extended error of @ep's thread is BR_FAILED_REPLY with @param. */
static void expect_failed(struct __test_metadata *_metadata, struct endpoint *ep, int param)
{
	struct binder_extended_error ee;

	ASSERT_EQ(0, ep_get_ee(ep, &ee));
	EXPECT_EQ(BR_FAILED_REPLY, ee.command);
	EXPECT_EQ(param, ee.param);
}

FIXTURE(fda) {
	struct world w;
	int p[2];	/* a pipe whose ends travel */
	int q[2];	/* another one */
};

BINDER_VARIANTS(fda);

FIXTURE_SETUP(fda)
{
	self->p[0] = self->p[1] = self->q[0] = self->q[1] = -1;
	ASSERT_EQ(0, world_open(&self->w, variant->dev, BINDER_VM_SIZE));
	ASSERT_EQ(0, world_link_abw(&self->w));
	/* After the registry was forked: no other process holds these. */
	ASSERT_EQ(0, pipe2(self->p, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(self->q, O_CLOEXEC));
}

FIXTURE_TEARDOWN(fda)
{
	int i;

	world_close(&self->w);
	for (i = 0; i < 2; i++) {
		close(self->p[i]);
		close(self->q[i]);
	}
}

/* Close the sender's copy of a pipe end it sent. */
static void drop(int *fd)
{
	close(*fd);
	*fd = -1;
}

/*
 * An FDA delivered with its parent: the parent is copied into the
 * receiver's buffer, the words around the fds as sent, and each fd slot
 * holds a new close-on-exec descriptor of the sent file, one per slot
 * (the same file sent twice gives two descriptors), all usable.
 */
TEST_F(fda, delivered_with_parent)
{
	const int sent[FDA_MAX] = { self->p[0], self->p[1], self->p[1] };
	const struct fda_parent *got;
	struct world *w = &self->w;
	struct fda_msg m;
	struct ret in;
	int i, nf[FDA_MAX];

	fda_msg_init(&m, sent, FDA_MAX);
	ASSERT_EQ(0, send_fda(&w->cli, w->h_a, 3, 0, &m));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	EXPECT_EQ(3, in.tr.code);
	got = fda_received(&in.tr, FDA_MAX);
	ASSERT_NE(NULL, got);
	EXPECT_EQ(HEAD_WORD, got->head);
	EXPECT_EQ(TAIL_WORD, got->tail);
	for (i = 0; i < FDA_MAX; i++) {
		nf[i] = (int)got->fds[i];
		EXPECT_NE(sent[i], nf[i]) TH_LOG("slot %d kept the sender's number", i);
		EXPECT_TRUE(same_file(sent[i], nf[i])) TH_LOG("slot %d: fd %d", i, nf[i]);
		EXPECT_TRUE(cloexec(nf[i])) TH_LOG("slot %d", i);
	}
	EXPECT_NE(nf[1], nf[2]);
	EXPECT_TRUE(carries(self->p[1], nf[0]));
	EXPECT_TRUE(carries(nf[1], self->p[0]));
	EXPECT_TRUE(carries(nf[2], nf[0]));

	/* The free in front of the reply closes all three. */
	ASSERT_EQ(0, ep_reply(&w->srv, &in.tr, 0, NULL, 0, NULL, 0));
	for (i = 0; i < FDA_MAX; i++) {
		int fd = nf[i];

		EXPECT_TRUE(is_closed(fd)) TH_LOG("slot %d: fd %d still open", i, fd);
	}
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &in, BT_TMO));
	EXPECT_EQ(0, ep_free(&w->cli, &in.tr));
}

/*
 * The descriptors are allocated when the receiver reads, not when the
 * call is sent: they take the lowest numbers free at read time, in the
 * order of the array.
 */
TEST_F(fda, fds_allocated_at_read_time)
{
	const int sent[2] = { self->p[0], self->q[1] };
	const struct fda_parent *got;
	struct world *w = &self->w;
	struct fda_msg m;
	int hole[2], i;
	struct ret in;

	for (i = 0; i < 2; i++) {
		hole[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		ASSERT_GE(hole[i], 0);
	}
	fda_msg_init(&m, sent, 2);
	ASSERT_EQ(0, send_fda(&w->cli, w->h_a, 1, TF_ONE_WAY, &m));
	close(hole[0]);
	close(hole[1]);
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	got = fda_received(&in.tr, 2);
	ASSERT_NE(NULL, got);
	EXPECT_EQ(hole[0], (int)got->fds[0]);
	EXPECT_EQ(hole[1], (int)got->fds[1]);
	EXPECT_TRUE(same_file(self->p[0], got->fds[0]));
	EXPECT_TRUE(same_file(self->q[1], got->fds[1]));
	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));
}

/*
 * BC_FREE_BUFFER closes the descriptors of an FDA (where the receiver of a
 * plain fd object keeps it, see fd_test.c).  A pipe's write end sent this
 * way, the sender's copy closed, keeps the pipe open exactly as long as
 * the buffer is held: the reader sees EOF only after the free.
 */
TEST_F(fda, fds_closed_at_free_buffer)
{
	const int sent[1] = { self->p[1] };
	const struct fda_parent *got;
	struct world *w = &self->w;
	struct fda_msg m;
	struct ret in;
	int nf;

	fda_msg_init(&m, sent, 1);
	ASSERT_EQ(0, send_fda(&w->cli, w->h_a, 1, TF_ONE_WAY, &m));
	drop(&self->p[1]);
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	got = fda_received(&in.tr, 1);
	ASSERT_NE(NULL, got);
	nf = (int)got->fds[0];
	EXPECT_FALSE(is_closed(nf));
	EXPECT_FALSE(pipe_sees_eof(self->p[0], 100)) TH_LOG("write end closed while held");

	EXPECT_EQ(0, ep_free(&w->srv, &in.tr));
	EXPECT_TRUE(is_closed(nf)) TH_LOG("fd %d still open after BC_FREE_BUFFER", nf);
	EXPECT_TRUE(pipe_sees_eof(self->p[0], BT_TMO));
}

/* What the receiver's helper thread did in free_then_block(). */
struct free_then_block {
	int fd;			/* the receiver's binder fd */
	binder_uintptr_t buffer;	/* the buffer to free */
	int warmup;		/* result of the first, empty, ioctl */
	int ret;		/* result of BC_FREE_BUFFER + read */
	uint64_t consumed;	/* its read_consumed */
	uint32_t first;		/* the first BR code it read */
	int done;		/* set (atomically) once that ioctl returned */
};

static void *free_then_block_main(void *arg)
{
	struct free_then_block *f = arg;
	uint32_t rbuf[64] = { 0 };
	struct binder_write_read bwr;
	struct cmdbuf c;

	/*
	 * A thread's first ioctl creates its binder thread, which returns to
	 * user space at once from its first read: spend that on an empty one.
	 */
	f->warmup = binder_write_read(f->fd, NULL, 0, NULL, 0, &bwr);
	cmd_reset(&c);
	cmd_free_buffer(&c, f->buffer);
	f->ret = binder_write_read(f->fd, c.data, c.len, rbuf, sizeof(rbuf), &bwr);
	f->consumed = bwr.read_consumed;
	f->first = rbuf[0];
	__atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
	xioctl(f->fd, BINDER_THREAD_EXIT, NULL);
	return NULL;
}

static void on_sigusr1(int sig)
{
	(void)sig;	/* only there to interrupt a blocking read */
}

/* Wait up to @ms for @flag to be set. */
static bool wait_flag(int *flag, int ms)
{
	for (; ms > 0; ms -= 10) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return true;
		usleep(10 * 1000);
	}
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

/*
 * The receiver frees an FDA buffer and goes on to wait for work in the
 * same BINDER_WRITE_READ, as a looper does.  The close of the array's fds
 * can only finish on the way back to user space, so upstream makes that
 * read return at once (BR_NOOP only) instead of sleeping: the pipe whose
 * write end was sent (the sender's copy closed) gives EOF to its reader
 * right away.  A driver that sleeps instead keeps the file open until
 * some unrelated work wakes the looper.
 */
TEST_F(fda, close_at_free_returns_to_user_space)
{
	struct free_then_block f = { .fd = self->w.srv.fd };
	struct sigaction sa = { .sa_handler = on_sigusr1 }, old;
	const int sent[1] = { self->p[1] };
	struct world *w = &self->w;
	bool eof, returned;
	struct fda_msg m;
	struct ret in;
	pthread_t t;
	int i;

	fda_msg_init(&m, sent, 1);
	ASSERT_EQ(0, send_fda(&w->cli, w->h_a, 1, TF_ONE_WAY, &m));
	drop(&self->p[1]);
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_NE(NULL, fda_received(&in.tr, 1));
	f.buffer = in.tr.data.ptr.buffer;

	/* No SA_RESTART: the signal that ends a stuck read makes it return EINTR. */
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(0, pthread_create(&t, NULL, free_then_block_main, &f));
	eof = pipe_sees_eof(self->p[0], BT_TMO);
	returned = wait_flag(&f.done, 1000);
	/* Unstick a read that did not return by itself. */
	for (i = 0; i < 300 && !__atomic_load_n(&f.done, __ATOMIC_ACQUIRE); i++) {
		pthread_kill(t, SIGUSR1);
		usleep(10 * 1000);
	}
	pthread_join(t, NULL);
	sigaction(SIGUSR1, &old, NULL);

	EXPECT_EQ(0, f.warmup);
	EXPECT_TRUE(eof) TH_LOG("the pipe stayed open while the looper slept");
	EXPECT_TRUE(returned) TH_LOG("the read after BC_FREE_BUFFER slept (ioctl: %d)", f.ret);
	if (returned) {
		EXPECT_EQ(0, f.ret);
		EXPECT_EQ(4, f.consumed);
		EXPECT_EQ(BR_NOOP, f.first);
	}
	EXPECT_TRUE(pipe_sees_eof(self->p[0], BT_TMO));
	EXPECT_EQ(0, good_call(w));
}

/*
 * A node without FLAT_BINDER_FLAG_ACCEPTS_FDS refuses an FDA as it
 * refuses an fd: BR_FAILED_REPLY, -EPERM, nothing delivered.  Nothing is
 * left behind either: no descriptor appears, the sender's are untouched,
 * and the driver holds no file (EOF once the sender closes its copy).
 */
TEST_F(fda, refused_by_node_without_accepts_fds)
{
	const int sent[2] = { self->p[1], self->q[0] };
	struct world *w = &self->w;
	struct fda_msg m;
	struct ret r;
	int before;

	before = count_open_fds();
	ASSERT_GT(before, 0);
	fda_msg_init(&m, sent, 2);
	ASSERT_EQ(0, send_fda(&w->cli, w->h_b, 1, 0, &m));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, NULL, &r, BT_TMO));
	expect_failed(_metadata, &w->cli, -EPERM);
	EXPECT_TRUE(ep_quiet(&w->srv));
	EXPECT_EQ(before, count_open_fds());
	EXPECT_TRUE(carries(self->p[1], self->p[0]));
	EXPECT_TRUE(carries(self->q[1], self->q[0]));
	drop(&self->p[1]);
	EXPECT_TRUE(pipe_sees_eof(self->p[0], BT_TMO));
	EXPECT_EQ(0, good_call(w));
}

/*
 * A call that fails after its FDA was translated (a bad handle follows
 * it) leaves the fds alone as well: -EINVAL, nothing delivered, no new
 * descriptor, the files' references given back.
 */
TEST_F(fda, failed_call_leaves_fds_alone)
{
	struct {
		struct fda_data d;
		struct flat_binder_object bad;
	} data;
	const binder_size_t offs[3] = {
		offsetof(struct fda_data, ptr), offsetof(struct fda_data, fda),
		sizeof(struct fda_data),
	};
	const int sent[2] = { self->p[1], self->p[1] };
	struct world *w = &self->w;
	struct fda_msg m;
	struct cmdbuf c;
	struct ret r;
	int before;

	before = count_open_fds();
	fda_msg_init(&m, sent, 2);
	data.d = m.d;
	data.bad = hobj(999);
	cmd_reset(&c);
	cmd_txn_sg(&c, BC_TRANSACTION_SG, w->h_a, 1, 0, &data, sizeof(data), offs, sizeof(offs),
		   FDA_SG_SIZE);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, NULL, &r, BT_TMO));
	expect_failed(_metadata, &w->cli, -EINVAL);
	EXPECT_TRUE(ep_quiet(&w->srv));
	EXPECT_EQ(before, count_open_fds());
	EXPECT_TRUE(carries(self->p[1], self->p[0]));
	drop(&self->p[1]);
	EXPECT_TRUE(pipe_sees_eof(self->p[0], BT_TMO));
	EXPECT_EQ(0, good_call(w));
}

/* The server answers the call it read into @in with an FDA reply (BC_REPLY_SG). */
static int reply_fda(struct endpoint *srv, const struct binder_transaction_data *in,
		     const struct fda_msg *m)
{
	struct cmdbuf c;

	cmd_reset(&c);
	cmd_free_buffer(&c, in->data.ptr.buffer);
	cmd_fda(&c, BC_REPLY_SG, 0, 0, 0, m);
	return ep_write(srv, &c);
}

/*
 * An FDA in a reply reaches a caller that said TF_ACCEPT_FDS, and its fds
 * are closed when the caller frees the reply.  Without TF_ACCEPT_FDS the
 * reply fails as for a plain fd: the replier gets TRANSACTION_COMPLETE,
 * the caller BR_FAILED_REPLY (-EPERM), and no descriptor appears.
 */
TEST_F(fda, in_reply_needs_tf_accept_fds)
{
	const int sent[2] = { self->q[0], self->q[1] };
	const struct fda_parent *got;
	struct world *w = &self->w;
	struct fda_msg m;
	struct retlist l;
	struct ret in, out;
	char buf[256];
	int nf[2], before;

	fda_msg_init(&m, sent, 2);
	ASSERT_EQ(0, ep_send(&w->cli, w->h_b, 1, TF_ACCEPT_FDS, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, reply_fda(&w->srv, &in.tr, &m));
	ASSERT_EQ(BR_REPLY, ep_read_until(&w->cli, 0, NULL, &out, BT_TMO));
	got = fda_received(&out.tr, 2);
	ASSERT_NE(NULL, got);
	nf[0] = (int)got->fds[0];
	nf[1] = (int)got->fds[1];
	EXPECT_TRUE(same_file(self->q[0], nf[0]));
	EXPECT_TRUE(same_file(self->q[1], nf[1]));
	EXPECT_TRUE(cloexec(nf[0]));
	EXPECT_TRUE(carries(nf[1], nf[0]));
	EXPECT_EQ(0, ep_free(&w->cli, &out.tr));
	EXPECT_TRUE(is_closed(nf[0]));
	EXPECT_TRUE(is_closed(nf[1]));
	ASSERT_EQ(BR_TRANSACTION_COMPLETE,
		  ep_read_until(&w->srv, BR_TRANSACTION_COMPLETE, NULL, NULL, BT_TMO));

	before = count_open_fds();
	ASSERT_EQ(0, ep_send(&w->cli, w->h_b, 2, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, reply_fda(&w->srv, &in.tr, &m));
	ASSERT_EQ(0, ep_read_nb(&w->srv, &l));
	EXPECT_TRUE(RET_IS(&l, BR_NOOP, BR_TRANSACTION_COMPLETE))
		TH_LOG("replier read: %s", ret_str(&l, buf));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, &l, NULL, BT_TMO));
	EXPECT_TRUE(RET_IS(&l, BR_TRANSACTION_COMPLETE, BR_FAILED_REPLY))
		TH_LOG("caller read: %s", ret_str(&l, buf));
	expect_failed(_metadata, &w->cli, -EPERM);
	EXPECT_EQ(before, count_open_fds());
}

/*
 * The receiver's read buffer faults right after BR_NOOP, when the fds of
 * the call (a plain fd object and an FDA of two) are already installed:
 * the read fails with EFAULT and the call is dropped (its sender gets
 * BR_FAILED_REPLY).  The receiver never learnt the descriptors' numbers,
 * so the driver must close them: ours leaves no new descriptor and holds
 * no file (the pipe whose write end was sent sees EOF).  Upstream leaks
 * them; the ref variant only records how many.
 */
TEST_F(fda, read_fault_after_install_closes_fds)
{
	struct {
		struct fda_data d;
		struct binder_fd_object fd;
	} data;
	const binder_size_t offs[3] = {
		offsetof(struct fda_data, ptr), offsetof(struct fda_data, fda),
		sizeof(struct fda_data),
	};
	const int sent[2] = { self->p[1], self->p[1] };
	uint8_t *end = guarded_page_end();
	struct binder_write_read bwr;
	struct world *w = &self->w;
	struct fda_msg m;
	struct cmdbuf c;
	int before, after;
	bool eof;

	ASSERT_NE(NULL, end);
	fda_msg_init(&m, sent, 2);
	data.d = m.d;
	data.fd = fd_obj(self->p[1]);
	cmd_reset(&c);
	cmd_txn_sg(&c, BC_TRANSACTION_SG, w->h_a, 1, 0, &data, sizeof(data), offs, sizeof(offs),
		   FDA_SG_SIZE);
	ASSERT_EQ(0, ep_write(&w->cli, &c));
	drop(&self->p[1]);
	before = count_open_fds();
	ASSERT_TRUE(ep_poll(&w->srv, BT_TMO));
	memset(end - 4, 0xff, 4);
	EXPECT_EQ(-EFAULT, binder_write_read(w->srv.fd, NULL, 0, end - 4, 256, &bwr));
	EXPECT_EQ(BR_NOOP, *(uint32_t *)(end - 4));
	EXPECT_EQ(BR_FAILED_REPLY, ep_wait(&w->cli, 0, NULL, BT_TMO));
	after = count_open_fds();
	eof = pipe_sees_eof(self->p[0], 1000);
	if (variant->ours) {
		EXPECT_EQ(before, after) TH_LOG("%d descriptors left behind", after - before);
		EXPECT_TRUE(eof) TH_LOG("the sent write end is still open");
	} else {
		TH_LOG("upstream: %d descriptors left in the receiver, pipe EOF: %s",
		       after - before, eof ? "yes" : "no");
	}
	EXPECT_TRUE(quiet(&w->srv, 50));
	guarded_free(end);
	EXPECT_EQ(0, good_call(w));
}

TEST_HARNESS_MAIN
