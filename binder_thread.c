// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: one binder_thread per task that uses a binder fd, created on the
 * task's first ioctl or poll and destroyed by BINDER_THREAD_EXIT or when the
 * proc goes away.  This file also holds the waiting side of
 * BINDER_WRITE_READ: how a thread sleeps until it has something to read.
 */

#include <linux/freezer.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_internal.h"

static struct binder_thread *binder_thread_lookup_ilocked(struct binder_proc *proc,
							   pid_t pid)
{
	struct rb_node *n = proc->threads.rb_node;

	lockdep_assert_held(&proc->inner_lock);
	while (n) {
		struct binder_thread *thread = rb_entry(n, struct binder_thread, rb_node);

		if (pid < thread->pid)
			n = n->rb_left;
		else if (pid > thread->pid)
			n = n->rb_right;
		else
			return thread;
	}
	return NULL;
}

static void binder_thread_insert_ilocked(struct binder_proc *proc,
					 struct binder_thread *new)
{
	struct rb_node **p = &proc->threads.rb_node, *parent = NULL;

	lockdep_assert_held(&proc->inner_lock);
	while (*p) {
		struct binder_thread *thread = rb_entry(*p, struct binder_thread, rb_node);

		parent = *p;
		p = new->pid < thread->pid ? &(*p)->rb_left : &(*p)->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &proc->threads);
}

static struct binder_thread *binder_thread_alloc(struct binder_proc *proc)
{
	struct binder_thread *thread = kzalloc(sizeof(*thread), GFP_KERNEL);

	if (!thread)
		return NULL;
	thread->proc = proc;
	thread->pid = current->pid;
	/* A new thread's first read returns at once with just BR_NOOP. */
	thread->looper_need_return = true;
	init_waitqueue_head(&thread->wait);
	return thread;
}

/**
 * binder_get_thread() - find or create the binder_thread of current
 * @proc: proc whose fd current is using
 *
 * Allocates outside the lock and re-checks under it, so a racing ioctl of
 * the same task (impossible today, cheap to tolerate) cannot insert twice.
 *
 * Return: the thread, or NULL if out of memory.
 */
struct binder_thread *binder_get_thread(struct binder_proc *proc)
{
	struct binder_thread *thread, *new;

	spin_lock(&proc->inner_lock);
	thread = binder_thread_lookup_ilocked(proc, current->pid);
	spin_unlock(&proc->inner_lock);
	if (thread)
		return thread;

	new = binder_thread_alloc(proc);
	if (!new)
		return NULL;

	spin_lock(&proc->inner_lock);
	thread = binder_thread_lookup_ilocked(proc, current->pid);
	if (!thread) {
		binder_thread_insert_ilocked(proc, new);
		thread = new;
		new = NULL;
	}
	spin_unlock(&proc->inner_lock);

	if (new)
		kfree(new);
	else
		binder_stat_created(BINDER_STAT_THREAD);
	return thread;
}

/**
 * binder_thread_release() - unlink a thread and free it
 * @proc:   owning proc
 * @thread: thread to destroy; must not be used by the caller afterwards
 *
 * If the thread was ever polled, epoll may still hold @thread->wait: it is
 * detached with wake_up_pollfree() and the memory outlives a grace period.
 */
void binder_thread_release(struct binder_proc *proc, struct binder_thread *thread)
{
	spin_lock(&proc->inner_lock);
	rb_erase(&thread->rb_node, &proc->threads);
	thread->looper |= BINDER_LOOPER_STATE_EXITED;
	spin_unlock(&proc->inner_lock);

	if (thread->looper & BINDER_LOOPER_STATE_POLL)
		wake_up_pollfree(&thread->wait);
	kfree_rcu(thread, rcu);
	binder_stat_deleted(BINDER_STAT_THREAD);
}

/**
 * binder_release_all_threads() - destroy every thread of a dying proc
 * @proc: proc being released; no ioctl can run on it any more
 */
void binder_release_all_threads(struct binder_proc *proc)
{
	struct rb_node *n;

	for (;;) {
		spin_lock(&proc->inner_lock);
		n = rb_first(&proc->threads);
		spin_unlock(&proc->inner_lock);
		if (!n)
			break;
		binder_thread_release(proc, rb_entry(n, struct binder_thread, rb_node));
	}
}

static bool binder_has_work_ilocked(struct binder_thread *thread)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	return thread->looper_need_return;
}

static bool binder_has_work(struct binder_thread *thread)
{
	bool has_work;

	spin_lock(&thread->proc->inner_lock);
	has_work = binder_has_work_ilocked(thread);
	spin_unlock(&thread->proc->inner_lock);
	return has_work;
}

/*
 * Sleep until the thread has work or a signal arrives.  The sleep is
 * freezable, so a cgroup freezer can freeze a process blocked in binder.
 */
static int binder_wait_for_work(struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;
	DEFINE_WAIT(wait);
	int ret = 0;

	spin_lock(&proc->inner_lock);
	for (;;) {
		prepare_to_wait(&thread->wait, &wait, TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		if (binder_has_work_ilocked(thread))
			break;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		spin_unlock(&proc->inner_lock);
		schedule();
		spin_lock(&proc->inner_lock);
	}
	finish_wait(&thread->wait, &wait);
	spin_unlock(&proc->inner_lock);
	return ret;
}

/**
 * binder_thread_read() - fill the read buffer of BINDER_WRITE_READ
 * @thread:   calling thread
 * @buffer:   user read buffer
 * @size:     its size
 * @consumed: in: bytes already used; out: bytes used after this call
 * @non_block: the fd is O_NONBLOCK: fail with -EAGAIN instead of sleeping
 *
 * A read always starts with BR_NOOP when the buffer is empty, so a later
 * version can turn that word into BR_SPAWN_LOOPER.  On error @consumed is
 * left unchanged.
 *
 * Return: 0, -EFAULT, -EAGAIN or -EINTR.
 */
int binder_thread_read(struct binder_thread *thread, void __user *buffer,
		       size_t size, binder_size_t *consumed, bool non_block)
{
	void __user *ptr = buffer + *consumed;
	int ret;

	if (*consumed == 0) {
		if (put_user(BR_NOOP, (u32 __user *)ptr))
			return -EFAULT;
		ptr += sizeof(u32);
	}

	spin_lock(&thread->proc->inner_lock);
	thread->looper |= BINDER_LOOPER_STATE_WAITING;
	spin_unlock(&thread->proc->inner_lock);

	if (non_block)
		ret = binder_has_work(thread) ? 0 : -EAGAIN;
	else
		ret = binder_wait_for_work(thread);

	spin_lock(&thread->proc->inner_lock);
	thread->looper &= ~BINDER_LOOPER_STATE_WAITING;
	spin_unlock(&thread->proc->inner_lock);
	if (ret)
		return ret;

	*consumed = ptr - buffer;
	return 0;
}

/**
 * binder_thread_poll() - poll() on a binder fd
 * @proc:  proc of the fd
 * @filp:  the file
 * @wait:  poll table
 *
 * Return: EPOLLIN when the calling thread has something to read, EPOLLERR
 * if its thread could not be created.
 */
__poll_t binder_thread_poll(struct binder_proc *proc, struct file *filp,
			    struct poll_table_struct *wait)
{
	struct binder_thread *thread = binder_get_thread(proc);

	if (!thread)
		return EPOLLERR;

	spin_lock(&proc->inner_lock);
	thread->looper |= BINDER_LOOPER_STATE_POLL;
	spin_unlock(&proc->inner_lock);

	poll_wait(filp, &thread->wait, wait);
	return binder_has_work(thread) ? EPOLLIN : 0;
}

/**
 * binder_flush_threads() - make every thread of @proc return to user space
 * @proc: proc whose fd is being closed (by any of its holders)
 */
void binder_flush_threads(struct binder_proc *proc)
{
	struct rb_node *n;

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		struct binder_thread *thread = rb_entry(n, struct binder_thread, rb_node);

		thread->looper_need_return = true;
		if (thread->looper & BINDER_LOOPER_STATE_WAITING)
			wake_up_interruptible(&thread->wait);
	}
	spin_unlock(&proc->inner_lock);
}

/**
 * binder_thread_ioctl_done() - end of an ioctl of @thread
 * @thread: the calling thread
 *
 * The "return at once" request is consumed by the ioctl that just ran.
 */
void binder_thread_ioctl_done(struct binder_thread *thread)
{
	spin_lock(&thread->proc->inner_lock);
	thread->looper_need_return = false;
	spin_unlock(&thread->proc->inner_lock);
}
