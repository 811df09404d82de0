// SPDX-License-Identifier: GPL-2.0
/*
 * Work items and todo lists: everything a thread will read back as BR_*
 * commands is a binder_work queued on a todo list, and this file is the
 * only code that links or unlinks them.
 *
 * Lists: every thread has one (work for that thread only), every proc has
 * one (work for any of its threads), every node has async_todo (one-way
 * calls waiting behind the one in flight) and every proc has
 * delivered_death (BR_DEAD_BINDERs read but not yet acknowledged).  Each
 * list belongs to one proc, and that proc's inner_lock protects the list
 * and the links of every item on it; the helpers below take that proc so
 * they can check it.
 *
 * Wakeups: a thread sleeps on its own wait queue.  Work for the proc wakes
 * one thread that waits for proc work (binder_select_thread_ilocked()), or
 * every polling thread free to take it.
 */

#include <linux/slab.h>

#include "binder_internal.h"

/**
 * binder_enqueue_work_ilocked() - add @work to a todo list of @proc
 * @proc:   the proc owning @list; its inner_lock is held
 * @work:   an item on no list
 * @list:   the todo list
 */
void binder_enqueue_work_ilocked(struct binder_proc *proc, struct binder_work *work,
				 struct list_head *list)
{
	lockdep_assert_held(&proc->inner_lock);
	WARN_ON_ONCE(!list_empty(&work->entry));
	list_add_tail(&work->entry, list);
}

/**
 * binder_enqueue_deferred_thread_work_ilocked() - queue work for @thread
 * without waking it: it is read along with the next wakeup's work
 * @thread: the thread; its proc's inner_lock is held
 * @work:   the item
 */
void binder_enqueue_deferred_thread_work_ilocked(struct binder_thread *thread,
						 struct binder_work *work)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	binder_enqueue_work_ilocked(thread->proc, work, &thread->todo);
}

/**
 * binder_enqueue_thread_work_ilocked() - queue work that @thread must read
 * @thread: the thread; its proc's inner_lock is held
 * @work:   the item
 *
 * The caller wakes the thread if it may be sleeping.
 */
void binder_enqueue_thread_work_ilocked(struct binder_thread *thread,
					struct binder_work *work)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	binder_enqueue_work_ilocked(thread->proc, work, &thread->todo);
	/*
	 * A thread that polls learns about work it queued for itself only
	 * through a wakeup of its poll wait queue.
	 */
	if ((thread->looper & BINDER_LOOPER_STATE_POLL) && thread->pid == current->pid &&
	    !thread->process_todo)
		wake_up_interruptible_sync(&thread->wait);
	thread->process_todo = true;
}

/**
 * binder_enqueue_thread_work() - binder_enqueue_thread_work_ilocked() with
 * the lock taken
 * @thread: the thread
 * @work:   the item
 */
void binder_enqueue_thread_work(struct binder_thread *thread, struct binder_work *work)
{
	spin_lock(&thread->proc->inner_lock);
	binder_enqueue_thread_work_ilocked(thread, work);
	spin_unlock(&thread->proc->inner_lock);
}

/**
 * binder_dequeue_work_ilocked() - take @work off whatever list it is on
 * @proc: the proc owning that list; its inner_lock is held
 * @work: the item (on no list is fine)
 */
void binder_dequeue_work_ilocked(struct binder_proc *proc, struct binder_work *work)
{
	lockdep_assert_held(&proc->inner_lock);
	list_del_init(&work->entry);
}

/**
 * binder_dequeue_work() - binder_dequeue_work_ilocked() with the lock
 * @proc: the proc owning the list @work may be on
 * @work: the item
 */
void binder_dequeue_work(struct binder_proc *proc, struct binder_work *work)
{
	spin_lock(&proc->inner_lock);
	binder_dequeue_work_ilocked(proc, work);
	spin_unlock(&proc->inner_lock);
}

/**
 * binder_dequeue_work_head_ilocked() - take the first item of @list
 * @proc: the proc owning @list; its inner_lock is held
 * @list: a todo list
 *
 * Return: the item, or NULL if the list is empty.
 */
struct binder_work *binder_dequeue_work_head_ilocked(struct binder_proc *proc,
						     struct list_head *list)
{
	struct binder_work *w = list_first_entry_or_null(list, struct binder_work, entry);

	lockdep_assert_held(&proc->inner_lock);
	if (w)
		list_del_init(&w->entry);
	return w;
}

/**
 * binder_available_for_proc_work_ilocked() - may @thread take proc work?
 * @thread: the thread; its proc's inner_lock is held
 *
 * A thread with nothing of its own to do may.  Like upstream 6.1 this does
 * not insist on BC_ENTER/REGISTER_LOOPER first.
 *
 * Return: true if it may.
 */
bool binder_available_for_proc_work_ilocked(struct binder_thread *thread)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	return !thread->transaction_stack && list_empty(&thread->todo);
}

/**
 * binder_select_thread_ilocked() - pick a thread waiting for proc work
 * @proc: the proc; its inner_lock is held
 *
 * Return: the thread, now no longer on the waiting list, or NULL.
 */
struct binder_thread *binder_select_thread_ilocked(struct binder_proc *proc)
{
	struct binder_thread *thread;

	lockdep_assert_held(&proc->inner_lock);
	thread = list_first_entry_or_null(&proc->waiting_threads, struct binder_thread,
					  waiting_thread_node);
	if (thread)
		list_del_init(&thread->waiting_thread_node);
	return thread;
}

static void binder_wake(struct binder_thread *thread, bool sync)
{
	if (sync)
		wake_up_interruptible_sync(&thread->wait);
	else
		wake_up_interruptible(&thread->wait);
}

/**
 * binder_wakeup_thread_ilocked() - wake whoever should read new work
 * @proc:   the proc; its inner_lock is held
 * @thread: the thread the work was queued to, or NULL for proc work: then
 *          every thread polling and free to take proc work is woken
 * @sync:   the waker will sleep right away (a sync call): hint the
 *          scheduler to run the woken thread here
 */
void binder_wakeup_thread_ilocked(struct binder_proc *proc,
				  struct binder_thread *thread, bool sync)
{
	struct rb_node *n;

	lockdep_assert_held(&proc->inner_lock);
	if (thread) {
		binder_wake(thread, sync);
		return;
	}
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		thread = rb_entry(n, struct binder_thread, rb_node);
		if ((thread->looper & BINDER_LOOPER_STATE_POLL) &&
		    binder_available_for_proc_work_ilocked(thread))
			binder_wake(thread, sync);
	}
}

/**
 * binder_wakeup_proc_ilocked() - wake a thread for new proc work
 * @proc: the proc; its inner_lock is held
 */
void binder_wakeup_proc_ilocked(struct binder_proc *proc)
{
	lockdep_assert_held(&proc->inner_lock);
	binder_wakeup_thread_ilocked(proc, binder_select_thread_ilocked(proc), false);
}

/**
 * binder_release_work() - discard the work on a list of a dying proc or
 * thread; callers waiting on transactions in it get BR_DEAD_REPLY
 * @proc: the proc owning the list
 * @list: the list
 *
 * Takes and drops @proc->inner_lock per item: releasing a transaction
 * frees its buffer, which sleeps.
 */
void binder_release_work(struct binder_proc *proc, struct list_head *list)
{
	enum binder_work_type type;
	struct binder_work *w;

	for (;;) {
		spin_lock(&proc->inner_lock);
		w = binder_dequeue_work_head_ilocked(proc, list);
		/*
		 * Read the type while the item is ours: a node's work item,
		 * once off the list, may go with its node at any time
		 * (CVE-2020-0423).
		 */
		type = w ? w->type : 0;
		spin_unlock(&proc->inner_lock);
		if (!w)
			return;

		switch (type) {
		case BINDER_WORK_TRANSACTION:
			binder_transaction_undeliverable(container_of(w, struct binder_transaction,
								      work),
							 "process died", BR_DEAD_REPLY);
			break;
		case BINDER_WORK_TRANSACTION_COMPLETE:
		case BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT:
		case BINDER_WORK_TRANSACTION_PENDING:
			kfree(w);
			binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
			break;
		case BINDER_WORK_DEAD_BINDER_AND_CLEAR:
		case BINDER_WORK_CLEAR_DEATH_NOTIFICATION:
			/* No ref points at these any more: we own them. */
			kfree(container_of(w, struct binder_ref_death, work));
			binder_stat_deleted(BINDER_STAT_DEATH);
			break;
		case BINDER_WORK_CLEAR_FREEZE_NOTIFICATION:
			kfree(container_of(w, struct binder_ref_freeze, work));
			binder_stat_deleted(BINDER_STAT_FREEZE);
			break;
		case BINDER_WORK_DEAD_BINDER:
		case BINDER_WORK_FROZEN_BINDER:
			/* Still owned by its ref, freed with it. */
		case BINDER_WORK_RETURN_ERROR:
		case BINDER_WORK_NODE:
			break;
		}
	}
}
