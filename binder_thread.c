// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: one binder_thread per task that uses a binder fd, created on the
 * task's first ioctl or poll and destroyed by BINDER_THREAD_EXIT or when the
 * proc goes away.
 *
 * This file also holds the read half of BINDER_WRITE_READ: a thread sleeps
 * until it has work, then turns work items (binder_work.c) into BR_*
 * commands in its read buffer.  A thread reads its own todo list first; it
 * takes work queued to the whole proc only when it has no transaction of
 * its own in progress.
 */

#include <linux/file.h>
#include <linux/freezer.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_internal.h"
#include "binder_trace.h"

/* ---- thread lifetime ---------------------------------------------------- */

static struct binder_thread *
binder_thread_lookup_ilocked(struct binder_proc *proc, pid_t pid)
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

static void binder_init_error(struct binder_error *e)
{
	INIT_LIST_HEAD(&e->work.entry);
	e->work.type = BINDER_WORK_RETURN_ERROR;
	e->cmd = BR_OK;
}

static struct binder_thread *binder_thread_alloc(struct binder_proc *proc)
{
	struct binder_thread *thread = kzalloc(sizeof(*thread), GFP_KERNEL);

	if (!thread)
		return NULL;
	kref_init(&thread->kref);
	binder_proc_get(proc);
	thread->proc = proc;
	thread->pid = current->pid;
	/* A new thread's first read returns at once with just BR_NOOP. */
	thread->looper_need_return = true;
	INIT_LIST_HEAD(&thread->waiting_thread_node);
	INIT_LIST_HEAD(&thread->todo);
	binder_init_error(&thread->return_error);
	binder_init_error(&thread->reply_error);
	thread->ee.command = BR_OK;
	init_waitqueue_head(&thread->wait);
	binder_stat_created(BINDER_STAT_THREAD);
	return thread;
}

static void binder_thread_free(struct kref *kref)
{
	struct binder_thread *thread = container_of(kref, struct binder_thread, kref);
	struct binder_proc *proc = thread->proc;

	kfree_rcu(thread, rcu);
	binder_stat_deleted(BINDER_STAT_THREAD);
	binder_proc_put(proc);
}

/**
 * binder_thread_put() - drop a reference on @thread; may free it
 * @thread: the thread; the caller holds none of its proc's locks
 */
void binder_thread_put(struct binder_thread *thread)
{
	kref_put(&thread->kref, binder_thread_free);
}

/**
 * binder_get_thread() - find or create the binder_thread of current
 * @proc: proc whose fd current is using
 *
 * Return: the thread (owned by the proc's tree: valid for the duration of
 * the caller's ioctl or poll), or NULL if out of memory.
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
		binder_thread_put(new);
	return thread;
}

/*
 * Detach the transaction stack of a dying thread: calls it was serving lose
 * their server, calls it was making lose their caller.  Returns the call it
 * was serving at the top of its stack, whose caller must get BR_DEAD_REPLY.
 */
static struct binder_transaction *binder_thread_detach_stack_ilocked(struct binder_thread *thread)
{
	struct binder_transaction *t = thread->transaction_stack, *next;
	struct binder_transaction *send_reply = NULL;

	lockdep_assert_held(&thread->proc->inner_lock);
	if (t && t->to_thread == thread)
		send_reply = t;
	while (t) {
		spin_lock(&t->lock);
		if (t->to_thread == thread) {
			t->to_thread = NULL;
			binder_txn_uncount_ilocked(t);
			if (t->buffer) {
				t->buffer->transaction = NULL;
				t->buffer = NULL;
			}
			next = t->to_parent;
		} else if (t->from == thread) {
			t->from = NULL;
			next = t->from_parent;
		} else {
			WARN_ONCE(1, "binder: corrupt transaction stack\n");
			next = NULL;
		}
		spin_unlock(&t->lock);
		t = next;
	}
	thread->transaction_stack = NULL;
	return send_reply;
}

/**
 * binder_thread_release() - unlink a thread and drop the tree's reference
 * @proc:   owning proc
 * @thread: thread to destroy; must not be used by the caller afterwards
 *
 * If the thread was ever polled, epoll may still hold @thread->wait: it is
 * detached with wake_up_pollfree() and the memory outlives a grace period.
 */
void binder_thread_release(struct binder_proc *proc, struct binder_thread *thread)
{
	struct binder_transaction *send_reply;

	spin_lock(&proc->inner_lock);
	rb_erase(&thread->rb_node, &proc->threads);
	list_del_init(&thread->waiting_thread_node);
	thread->is_dead = true;
	thread->looper |= BINDER_LOOPER_STATE_EXITED;
	send_reply = binder_thread_detach_stack_ilocked(thread);
	if (thread->looper & BINDER_LOOPER_STATE_POLL)
		wake_up_pollfree(&thread->wait);
	spin_unlock(&proc->inner_lock);

	if (send_reply)
		binder_send_failed_reply(send_reply, BR_DEAD_REPLY);
	binder_release_work(proc, &thread->todo);
	binder_thread_put(thread);
}

/**
 * binder_release_all_threads() - release every thread of a dying proc
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

/* ---- priorities and errors ------------------------------------------- */

/**
 * binder_set_nice() - run current at @nice, as far as RLIMIT_NICE allows
 * @nice: the nice value wanted
 */
void binder_set_nice(long nice)
{
	long min_nice;

	/* The common case; it also spares can_nice() its capability check. */
	if (nice == task_nice(current))
		return;
	if (can_nice(current, nice)) {
		set_user_nice(current, nice);
		return;
	}
	min_nice = rlimit_to_nice(rlimit(RLIMIT_NICE));
	if (min_nice > MAX_NICE)
		return;
	set_user_nice(current, max(nice, min_nice));
}

/**
 * binder_set_extended_error() - record what BINDER_GET_EXTENDED_ERROR says
 * @ee:      the thread's record; its proc's inner_lock is held
 * @id:      transaction debug id
 * @command: BR_* code
 * @param:   negative errno, or 0
 */
void binder_set_extended_error(struct binder_extended_error *ee, u32 id,
			       u32 command, s32 param)
{
	ee->id = id;
	ee->command = command;
	ee->param = param;
}

/* ---- waiting for work ------------------------------------------------- */

static bool binder_has_work_ilocked(struct binder_thread *thread, bool do_proc_work)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	return thread->process_todo || thread->looper_need_return ||
	       (do_proc_work && !list_empty(&thread->proc->todo));
}

static bool binder_has_work(struct binder_thread *thread, bool do_proc_work)
{
	bool has_work;

	spin_lock(&thread->proc->inner_lock);
	has_work = binder_has_work_ilocked(thread, do_proc_work);
	spin_unlock(&thread->proc->inner_lock);
	return has_work;
}

/*
 * Sleep until the thread has work or a signal arrives; called and returns
 * with the inner_lock held.  A thread waiting for proc work sits on
 * proc->waiting_threads so it can be picked.  The sleep is freezable, so a
 * cgroup freezer can freeze a process blocked in binder.
 */
static int binder_wait_for_work_ilocked(struct binder_thread *thread, bool do_proc_work)
{
	struct binder_proc *proc = thread->proc;
	DEFINE_WAIT(wait);
	int ret = 0;

	lockdep_assert_held(&proc->inner_lock);
	for (;;) {
		prepare_to_wait(&thread->wait, &wait, TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		if (binder_has_work_ilocked(thread, do_proc_work))
			break;
		if (do_proc_work)
			list_add(&thread->waiting_thread_node, &proc->waiting_threads);
		spin_unlock(&proc->inner_lock);
		schedule();
		spin_lock(&proc->inner_lock);
		list_del_init(&thread->waiting_thread_node);
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	finish_wait(&thread->wait, &wait);
	return ret;
}

/* ---- the read loop ---------------------------------------------------- */

/* Room for the largest item: a transaction with security context. */
#define BINDER_READ_ITEM_MAX	(sizeof(u32) + sizeof(struct binder_transaction_data_secctx))

static int binder_put_cmd(void __user **ptrp, u32 cmd)
{
	if (put_user(cmd, (u32 __user *)*ptrp))
		return -EFAULT;
	*ptrp += sizeof(u32);
	return 0;
}

/* A return counted in debugfs "stats": all but the BR_NOOP heading a read. */
static int binder_put_br(struct binder_proc *proc, void __user **ptrp, u32 cmd)
{
	if (binder_put_cmd(ptrp, cmd))
		return -EFAULT;
	binder_count_br(proc, cmd);
	return 0;
}

static int binder_put_cmd_cookie(struct binder_proc *proc, void __user **ptrp, u32 cmd,
				 binder_uintptr_t cookie)
{
	if (binder_put_cmd(ptrp, cmd))
		return -EFAULT;
	if (put_user(cookie, (binder_uintptr_t __user *)*ptrp))
		return -EFAULT;
	*ptrp += sizeof(binder_uintptr_t);
	binder_count_br(proc, cmd);
	return 0;
}

/*
 * Turn one death-notification item into its BR_* command.  A clear
 * confirmation is freed; a BR_DEAD_BINDER stays on delivered_death until
 * user space acknowledges it.  Called with the inner_lock, drops it.
 */
static int binder_read_death_iunlock(struct binder_proc *proc,
				     struct binder_work *w,
				     void __user **ptrp, u32 *cmd)
	__releases(&proc->inner_lock)
{
	struct binder_ref_death *death = container_of(w, struct binder_ref_death, work);
	binder_uintptr_t cookie = death->cookie;

	lockdep_assert_held(&proc->inner_lock);
	if (w->type == BINDER_WORK_CLEAR_DEATH_NOTIFICATION) {
		*cmd = BR_CLEAR_DEATH_NOTIFICATION_DONE;
		spin_unlock(&proc->inner_lock);
		kfree(death);
		binder_stat_deleted(BINDER_STAT_DEATH);
	} else {
		*cmd = BR_DEAD_BINDER;
		binder_enqueue_work_ilocked(proc, w, &proc->delivered_death);
		spin_unlock(&proc->inner_lock);
	}
	return binder_put_cmd_cookie(proc, ptrp, *cmd, cookie);
}

/*
 * Turn a freeze-notification item into BR_FROZEN_BINDER (the item then
 * waits on delivered_freeze for BC_FREEZE_NOTIFICATION_DONE) or, for a
 * cleared one, BR_CLEAR_FREEZE_NOTIFICATION_DONE (the item is freed).
 * Called with the inner_lock, drops it.
 */
static int binder_read_freeze_iunlock(struct binder_proc *proc, struct binder_work *w,
				      void __user **ptrp)
	__releases(&proc->inner_lock)
{
	struct binder_ref_freeze *freeze = container_of(w, struct binder_ref_freeze, work);
	struct binder_frozen_state_info info = { .cookie = freeze->cookie };

	lockdep_assert_held(&proc->inner_lock);
	if (w->type == BINDER_WORK_CLEAR_FREEZE_NOTIFICATION) {
		spin_unlock(&proc->inner_lock);
		kfree(freeze);
		binder_stat_deleted(BINDER_STAT_FREEZE);
		return binder_put_cmd_cookie(proc, ptrp, BR_CLEAR_FREEZE_NOTIFICATION_DONE,
					     info.cookie);
	}
	info.is_frozen = freeze->is_frozen;
	freeze->sent = true;
	binder_enqueue_work_ilocked(proc, w, &proc->delivered_freeze);
	spin_unlock(&proc->inner_lock);
	if (binder_put_br(proc, ptrp, BR_FROZEN_BINDER) ||
	    copy_to_user(*ptrp, &info, sizeof(info)))
		return -EFAULT;
	*ptrp += sizeof(info);
	return 0;
}

/*
 * Process one work item dequeued from @thread's or its proc's todo list.
 * Called with the inner_lock held; always drops it.  Returns <0 on error,
 * 1 when the read must end after this item, 0 to go on.
 */
static int binder_read_work_iunlock(struct binder_thread *thread, struct binder_work *w,
				    void __user **ptrp)
	__releases(&thread->proc->inner_lock)
{
	struct binder_proc *proc = thread->proc;
	u32 cmd;
	int ret;

	lockdep_assert_held(&proc->inner_lock);
	switch (w->type) {
	case BINDER_WORK_TRANSACTION:
		spin_unlock(&proc->inner_lock);
		return binder_transaction_deliver(thread,
				container_of(w, struct binder_transaction, work), ptrp);
	case BINDER_WORK_RETURN_ERROR: {
		struct binder_error *e = container_of(w, struct binder_error, work);

		cmd = e->cmd;
		e->cmd = BR_OK;
		spin_unlock(&proc->inner_lock);
		return binder_put_br(proc, ptrp, cmd);
	}
	case BINDER_WORK_TRANSACTION_COMPLETE:
	case BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT:
	case BINDER_WORK_TRANSACTION_PENDING:
		cmd = BR_TRANSACTION_COMPLETE;
		if (w->type == BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT &&
		    proc->oneway_spam_detection_enabled)
			cmd = BR_ONEWAY_SPAM_SUSPECT;
		else if (w->type == BINDER_WORK_TRANSACTION_PENDING)
			cmd = BR_TRANSACTION_PENDING_FROZEN;
		spin_unlock(&proc->inner_lock);
		kfree(w);
		binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
		return binder_put_br(proc, ptrp, cmd);
	case BINDER_WORK_NODE: {
		struct binder_node *node = container_of(w, struct binder_node, work);

		/* Pin it: once off the list, nothing else keeps it alive. */
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&proc->inner_lock);
		return binder_node_work_read(thread, node, ptrp);
	}
	case BINDER_WORK_DEAD_BINDER:
	case BINDER_WORK_DEAD_BINDER_AND_CLEAR:
	case BINDER_WORK_CLEAR_DEATH_NOTIFICATION:
		ret = binder_read_death_iunlock(proc, w, ptrp, &cmd);
		if (ret)
			return ret;
		/* Handling a death may make calls: let user space see it now. */
		return cmd == BR_DEAD_BINDER ? 1 : 0;
	case BINDER_WORK_FROZEN_BINDER:
	case BINDER_WORK_CLEAR_FREEZE_NOTIFICATION: {
		/* A cleared item is freed by the read: look at it first. */
		bool report = w->type == BINDER_WORK_FROZEN_BINDER;

		ret = binder_read_freeze_iunlock(proc, w, ptrp);
		/* A freeze report may make calls too: it ends the read. */
		return ret ?: report;
	}
	}
	spin_unlock(&proc->inner_lock);
	WARN_ONCE(1, "binder: unknown work type %d\n", w->type);
	return 0;
}

/* Wait (or not) until there is something to read; returns 0 or -errno. */
static int binder_read_wait(struct binder_thread *thread, bool non_block,
			    bool *do_proc_work)
{
	struct binder_proc *proc = thread->proc;
	int ret = 0;

	spin_lock(&proc->inner_lock);
	*do_proc_work = binder_available_for_proc_work_ilocked(thread);
	spin_unlock(&proc->inner_lock);

	/* A thread waiting for anyone's work runs at the opener's priority. */
	if (*do_proc_work)
		binder_set_nice(proc->default_priority);

	spin_lock(&proc->inner_lock);
	thread->looper |= BINDER_LOOPER_STATE_WAITING;
	trace_binder_wait_for_work(*do_proc_work, !!thread->transaction_stack,
				   !list_empty(&thread->todo));
	if (!non_block)
		ret = binder_wait_for_work_ilocked(thread, *do_proc_work);
	else if (!binder_has_work_ilocked(thread, *do_proc_work))
		ret = -EAGAIN;
	thread->looper &= ~BINDER_LOOPER_STATE_WAITING;
	spin_unlock(&proc->inner_lock);
	return ret;
}

/* Ask user space for one more looper thread when all are busy. */
static bool binder_should_spawn_looper_ilocked(struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;

	lockdep_assert_held(&proc->inner_lock);
	if (proc->requested_threads == 0 && list_empty(&proc->waiting_threads) &&
	    proc->requested_threads_started < proc->max_threads &&
	    (thread->looper & (BINDER_LOOPER_STATE_REGISTERED |
			       BINDER_LOOPER_STATE_ENTERED))) {
		proc->requested_threads++;
		return true;
	}
	return false;
}

/**
 * binder_thread_read() - fill the read buffer of BINDER_WRITE_READ
 * @thread:    calling thread
 * @buffer:    user read buffer
 * @size:      its size
 * @consumed:  in: bytes already used; out: bytes used after this call
 * @non_block: the fd is O_NONBLOCK: fail with -EAGAIN instead of sleeping
 *
 * A read always starts with BR_NOOP when the buffer is empty; that word
 * becomes BR_SPAWN_LOOPER when the proc should start another looper.  At
 * most one transaction is returned per read.  On error @consumed is left
 * unchanged.
 *
 * Return: 0, -EFAULT, -EAGAIN or -EINTR.
 */
int binder_thread_read(struct binder_thread *thread, void __user *buffer,
		       size_t size, binder_size_t *consumed, bool non_block)
{
	struct binder_proc *proc = thread->proc;
	void __user *ptr = buffer + *consumed;
	void __user *end = buffer + size;
	bool do_proc_work, spawn;
	int ret;

	if (*consumed == 0) {
		if (binder_put_cmd(&ptr, BR_NOOP))
			return -EFAULT;
	}

retry:
	ret = binder_read_wait(thread, non_block, &do_proc_work);
	if (ret)
		return ret;

	spin_lock(&proc->inner_lock);
	for (;;) {
		struct list_head *list;
		struct binder_work *w;

		if (!list_empty(&thread->todo))
			list = &thread->todo;
		else if (do_proc_work && !list_empty(&proc->todo))
			list = &proc->todo;
		else
			list = NULL;
		if (!list && ptr - buffer == sizeof(u32) && !thread->looper_need_return) {
			/* Woken for nothing (or someone else took the work). */
			spin_unlock(&proc->inner_lock);
			goto retry;
		}
		if (!list || end - ptr < BINDER_READ_ITEM_MAX)
			break;
		w = binder_dequeue_work_head_ilocked(proc, list);
		if (list_empty(&thread->todo))
			thread->process_todo = false;
		ret = binder_read_work_iunlock(thread, w, &ptr);
		if (ret < 0)
			return ret;
		spin_lock(&proc->inner_lock);
		if (ret > 0)
			break;
	}
	spawn = binder_should_spawn_looper_ilocked(thread);
	spin_unlock(&proc->inner_lock);

	*consumed = ptr - buffer;
	if (spawn && put_user(BR_SPAWN_LOOPER, (u32 __user *)buffer))
		return -EFAULT;
	if (spawn)
		binder_count_br(proc, BR_SPAWN_LOOPER);
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
	bool do_proc_work;

	if (!thread)
		return EPOLLERR;

	spin_lock(&proc->inner_lock);
	thread->looper |= BINDER_LOOPER_STATE_POLL;
	do_proc_work = binder_available_for_proc_work_ilocked(thread);
	spin_unlock(&proc->inner_lock);

	poll_wait(filp, &thread->wait, wait);
	return binder_has_work(thread, do_proc_work) ? EPOLLIN : 0;
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
 * binder_thread_need_return() - make @thread's current or next wait for
 * work return to user space at once
 * @thread: the thread; current's own (it must run work queued with
 *          task_work_add() before sleeping)
 */
void binder_thread_need_return(struct binder_thread *thread)
{
	spin_lock(&thread->proc->inner_lock);
	thread->looper_need_return = true;
	spin_unlock(&thread->proc->inner_lock);
}

/**
 * binder_thread_ioctl_done() - end of an ioctl of @thread
 * @thread: the calling thread
 *
 * The "return at once" request is consumed by the ioctl that just ran.
 */
void binder_thread_ioctl_done(struct binder_thread *thread)
{
	/* Only this thread clears it; a set racing with us survives. */
	if (!READ_ONCE(thread->looper_need_return))
		return;
	spin_lock(&thread->proc->inner_lock);
	thread->looper_need_return = false;
	spin_unlock(&thread->proc->inner_lock);
}
