// SPDX-License-Identifier: GPL-2.0
/*
 * Freezing: BINDER_FREEZE stops a process from taking calls (sync calls
 * fail with BR_FROZEN_REPLY, one-way calls wait, their senders told
 * BR_TRANSACTION_PENDING_FROZEN) while a cgroup freezer holds it, and
 * BINDER_GET_FROZEN_INFO tells what reached it meanwhile.
 *
 * Freeze notifications (6.12's protocol): a holder of a ref asks with
 * BC_REQUEST_FREEZE_NOTIFICATION to hear, as BR_FROZEN_BINDER, whether
 * the node's owner is frozen: once at once, then at every change.  Each
 * ref has at most one binder_ref_freeze, which is either idle, queued on
 * the holder's todo list, or read and waiting on the holder's
 * delivered_freeze list for BC_FREEZE_NOTIFICATION_DONE; a change while
 * queued folds into the queued one, a change while read is sent again
 * after the acknowledgment (@resend), and so is a clear
 * (BC_CLEAR_FREEZE_NOTIFICATION, answered by
 * BR_CLEAR_FREEZE_NOTIFICATION_DONE).  Mistakes fail the write with
 * -EINVAL, as upstream.
 */

#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "binder_internal.h"

/* ---- freeze notifications ------------------------------------------------ */

/*
 * Tell every watcher of @proc's nodes that @proc is now @frozen.  A node
 * is pinned while its refs are walked, so the owner's inner_lock can be
 * dropped for the node's lock (the order is node->lock, then an
 * inner_lock); the walk stops if the owner dies meanwhile, as its nodes
 * leave the tree (CVE-2024-56556 was this walk losing its node).
 */
void binder_notify_freeze_watchers(struct binder_proc *proc, bool frozen)
{
	struct binder_node *node, *prev = NULL;
	struct binder_ref *ref;
	struct rb_node *n;

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct binder_node, rb_node);
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&proc->inner_lock);
		if (prev)
			binder_put_node(prev);
		prev = node;

		spin_lock(&node->lock);
		hlist_for_each_entry(ref, &node->refs, node_entry)
			binder_freeze_changed_nlocked(ref, frozen);
		spin_unlock(&node->lock);

		spin_lock(&proc->inner_lock);
		if (proc->is_dead)
			break;
	}
	spin_unlock(&proc->inner_lock);
	if (prev)
		binder_put_node(prev);
}

/**
 * binder_freeze_changed_nlocked() - the owner of @ref's node is now @frozen
 * @ref:    a ref on the node; node->lock is held
 * @frozen: the owner's new state
 */
void binder_freeze_changed_nlocked(struct binder_ref *ref, bool frozen)
{
	struct binder_ref_freeze *freeze = ref->freeze;
	struct binder_proc *holder = ref->proc;

	lockdep_assert_held(&ref->node->lock);
	if (!freeze)
		return;
	spin_lock(&holder->inner_lock);
	if (list_empty(&freeze->work.entry)) {
		freeze->is_frozen = frozen;
		binder_enqueue_work_ilocked(holder, &freeze->work, &holder->todo);
		binder_wakeup_proc_ilocked(holder);
	} else {
		/* Queued: folds in.  Read, not acknowledged: send again after. */
		if (freeze->sent && freeze->is_frozen != frozen)
			freeze->resend = true;
		freeze->is_frozen = frozen;
	}
	spin_unlock(&holder->inner_lock);
}

/**
 * binder_request_freeze() - BC_REQUEST_FREEZE_NOTIFICATION
 * @proc:   the holder
 * @thread: the calling thread
 * @desc:   handle number
 * @cookie: value to report in BR_FROZEN_BINDER
 *
 * The current state is queued at once, unless the node's owner is dead
 * (then nothing ever comes).
 *
 * Return: 0; -EINVAL for an unknown handle or a second request on the
 * same handle; -ENOMEM.
 */
int binder_request_freeze(struct binder_proc *proc, struct binder_thread *thread,
			  u32 desc, binder_uintptr_t cookie)
{
	struct binder_ref_freeze *freeze = kzalloc(sizeof(*freeze), GFP_KERNEL);
	struct binder_node *node;
	struct binder_ref *ref;
	bool frozen;
	int ret = 0;

	if (!freeze)
		return -ENOMEM;
	INIT_LIST_HEAD(&freeze->work.entry);
	freeze->work.type = BINDER_WORK_FROZEN_BINDER;
	freeze->cookie = cookie;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, false);
	if (!ref) {
		binder_user_error("%d:%d freeze notification on unknown handle %u\n",
				  proc->pid, thread->pid, desc);
		ret = -EINVAL;
		goto out_unlock;
	}
	node = ref->node;
	spin_lock(&node->lock);
	if (ref->freeze) {
		spin_unlock(&node->lock);
		binder_user_error("%d:%d handle %u already has a freeze notification\n",
				  proc->pid, thread->pid, desc);
		ret = -EINVAL;
		goto out_unlock;
	}
	ref->freeze = freeze;
	binder_stat_created(BINDER_STAT_FREEZE);
	if (!node->owner_dead) {
		spin_lock(&node->proc->inner_lock);
		frozen = node->proc->is_frozen;
		spin_unlock(&node->proc->inner_lock);
		binder_freeze_changed_nlocked(ref, frozen);
	}
	spin_unlock(&node->lock);
	freeze = NULL;
out_unlock:
	mutex_unlock(&proc->refs_lock);
	kfree(freeze);
	return ret;
}

/**
 * binder_clear_freeze() - BC_CLEAR_FREEZE_NOTIFICATION
 * @proc:   the holder
 * @thread: the calling thread
 * @desc:   handle number
 * @cookie: must be the one given when requesting
 *
 * Answered by BR_CLEAR_FREEZE_NOTIFICATION_DONE, at once unless a
 * BR_FROZEN_BINDER is queued (the clear takes its place) or read and not
 * acknowledged (the clear follows the acknowledgment).
 *
 * Return: 0, or -EINVAL for an unknown handle, no notification or another
 * cookie.
 */
int binder_clear_freeze(struct binder_proc *proc, struct binder_thread *thread,
			u32 desc, binder_uintptr_t cookie)
{
	struct binder_ref_freeze *freeze;
	struct binder_ref *ref;
	int ret = 0;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, false);
	if (!ref) {
		binder_user_error("%d:%d clear freeze on unknown handle %u\n",
				  proc->pid, thread->pid, desc);
		ret = -EINVAL;
		goto out_unlock;
	}
	spin_lock(&ref->node->lock);
	freeze = ref->freeze;
	if (!freeze || freeze->cookie != cookie) {
		spin_unlock(&ref->node->lock);
		binder_user_error("%d:%d clear freeze on handle %u: %s\n", proc->pid,
				  thread->pid, desc, freeze ? "cookie mismatch" : "none requested");
		ret = -EINVAL;
		goto out_unlock;
	}
	ref->freeze = NULL;
	spin_lock(&proc->inner_lock);
	freeze->work.type = BINDER_WORK_CLEAR_FREEZE_NOTIFICATION;
	if (list_empty(&freeze->work.entry)) {
		binder_enqueue_work_ilocked(proc, &freeze->work, &proc->todo);
		binder_wakeup_proc_ilocked(proc);
	} else if (freeze->sent) {
		freeze->resend = true;
	}
	spin_unlock(&proc->inner_lock);
	spin_unlock(&ref->node->lock);
out_unlock:
	mutex_unlock(&proc->refs_lock);
	return ret;
}

/**
 * binder_freeze_done() - BC_FREEZE_NOTIFICATION_DONE
 * @proc:   the holder
 * @thread: the calling thread
 * @cookie: cookie of a BR_FROZEN_BINDER read earlier
 *
 * Return: 0, or -EINVAL if no notification with @cookie awaits one.
 */
int binder_freeze_done(struct binder_proc *proc, struct binder_thread *thread,
		       binder_uintptr_t cookie)
{
	struct binder_ref_freeze *freeze = NULL, *f;

	spin_lock(&proc->inner_lock);
	list_for_each_entry(f, &proc->delivered_freeze, work.entry) {
		if (f->cookie == cookie) {
			freeze = f;
			break;
		}
	}
	if (!freeze) {
		spin_unlock(&proc->inner_lock);
		binder_user_error("%d:%d BC_FREEZE_NOTIFICATION_DONE for unknown cookie %llx\n",
				  proc->pid, thread->pid, (u64)cookie);
		return -EINVAL;
	}
	binder_dequeue_work_ilocked(proc, &freeze->work);
	freeze->sent = false;
	if (freeze->resend) {
		freeze->resend = false;
		binder_enqueue_work_ilocked(proc, &freeze->work, &proc->todo);
		binder_wakeup_proc_ilocked(proc);
	}
	spin_unlock(&proc->inner_lock);
	return 0;
}

/* ---- freezing ------------------------------------------------------------ */

/**
 * binder_txn_uncount_ilocked() - @t no longer counts as outstanding for its
 * target; a freezer waiting for the target to drain is woken at zero
 * @t: the transaction; t->to_proc->inner_lock is held
 */
void binder_txn_uncount_ilocked(struct binder_transaction *t)
{
	struct binder_proc *proc = t->to_proc;

	lockdep_assert_held(&proc->inner_lock);
	if (!t->outstanding)
		return;
	t->outstanding = 0;
	if (!--proc->outstanding_txns && proc->is_frozen)
		wake_up_interruptible_all(&proc->freeze_wait);
}

/* Anything queued to, or being served by, @proc. */
static bool binder_txns_pending_ilocked(struct binder_proc *proc)
{
	struct rb_node *n;

	lockdep_assert_held(&proc->inner_lock);
	if (proc->outstanding_txns > 0)
		return true;
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		if (rb_entry(n, struct binder_thread, rb_node)->transaction_stack)
			return true;
	return false;
}

static void binder_set_frozen(struct binder_proc *proc, bool frozen)
{
	spin_lock(&proc->inner_lock);
	proc->sync_recv = false;
	proc->async_recv = false;
	proc->is_frozen = frozen;
	spin_unlock(&proc->inner_lock);
}

/*
 * Freeze (or thaw) one proc.  Freezing waits up to @timeout_ms for what is
 * queued to drain, then fails with -EAGAIN (and thaws) if anything is
 * still outstanding or being served.  Watchers of the proc's nodes hear of
 * a thaw, and of a freeze that took.
 */
static int binder_freeze_proc(struct binder_proc *proc, const struct binder_freeze_info *info)
{
	long ret = 0;

	binder_set_frozen(proc, info->enable);
	if (!info->enable) {
		binder_notify_freeze_watchers(proc, false);
		return 0;
	}
	if (info->timeout_ms > 0)
		ret = wait_event_interruptible_timeout(proc->freeze_wait,
						       !READ_ONCE(proc->outstanding_txns),
						       msecs_to_jiffies(info->timeout_ms));
	if (ret >= 0) {
		spin_lock(&proc->inner_lock);
		if (binder_txns_pending_ilocked(proc))
			ret = -EAGAIN;
		spin_unlock(&proc->inner_lock);
	}
	if (ret < 0) {
		spin_lock(&proc->inner_lock);
		proc->is_frozen = false;
		spin_unlock(&proc->inner_lock);
		return ret;
	}
	binder_notify_freeze_watchers(proc, true);
	return 0;
}

/* Every proc (of any device) opened by process @pid, each with a kref. */
static struct binder_proc **binder_procs_of_pid(pid_t pid, int *countp)
{
	struct binder_proc *proc, **procs;
	int count = 0;

	lockdep_assert_held(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry)
		count += proc->pid == pid;
	if (!count)
		return ERR_PTR(-EINVAL);
	procs = kcalloc(count, sizeof(*procs), GFP_KERNEL);
	if (!procs)
		return ERR_PTR(-ENOMEM);
	count = 0;
	list_for_each_entry(proc, &binder_procs, entry) {
		if (proc->pid == pid) {
			binder_proc_get(proc);
			procs[count++] = proc;
		}
	}
	*countp = count;
	return procs;
}

/**
 * binder_ioctl_freeze() - BINDER_FREEZE: freeze or thaw every binder fd of
 * a process
 * @uinfo: pid, enable, and how long to wait for outstanding work
 *
 * Return: 0; -EINVAL if the process has no binder fd; -EAGAIN if it still
 * has work in flight after the timeout; -EFAULT, -ENOMEM, or -ERESTARTSYS.
 */
int binder_ioctl_freeze(struct binder_freeze_info __user *uinfo)
{
	struct binder_freeze_info info;
	struct binder_proc **procs;
	int count = 0, i, ret = 0;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	mutex_lock(&binder_procs_lock);
	procs = binder_procs_of_pid(info.pid, &count);
	mutex_unlock(&binder_procs_lock);
	if (IS_ERR(procs))
		return PTR_ERR(procs);
	for (i = 0; i < count; i++) {
		if (!ret)
			ret = binder_freeze_proc(procs[i], &info);
		binder_proc_put(procs[i]);
	}
	kfree(procs);
	return ret;
}

/**
 * binder_ioctl_get_frozen_info() - BINDER_GET_FROZEN_INFO
 * @uinfo: in: a pid; out: sync_recv (bit 0: a sync call was refused while
 *         frozen, bit 1: work still pending) and async_recv
 *
 * Return: 0, -EFAULT, or -EINVAL if the process has no binder fd.
 */
int binder_ioctl_get_frozen_info(struct binder_frozen_status_info __user *uinfo)
{
	struct binder_frozen_status_info info;
	struct binder_proc *proc;
	bool found = false;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	info.sync_recv = 0;
	info.async_recv = 0;
	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry) {
		if (proc->pid != info.pid)
			continue;
		found = true;
		spin_lock(&proc->inner_lock);
		info.sync_recv |= proc->sync_recv | (binder_txns_pending_ilocked(proc) << 1);
		info.async_recv |= proc->async_recv;
		spin_unlock(&proc->inner_lock);
	}
	mutex_unlock(&binder_procs_lock);
	if (!found)
		return -EINVAL;
	if (copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

