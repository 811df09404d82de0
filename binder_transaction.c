// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions: BC_TRANSACTION and BC_REPLY, from the sender's ioctl to the
 * receiver's read.
 *
 * Sending goes through these steps, each a function below:
 *   1. resolve the target: the node behind a handle (or the context
 *      manager for handle 0), or for a reply the thread that waits for it;
 *   2. allocate the transaction and a buffer in the target's receive area;
 *   3. copy the data from the sender straight into that buffer and
 *      translate the objects in it (binder_object.c);
 *   4. queue it: a reply to the waiting thread, a sync call to a thread
 *      of the target (the one waiting on us for a nested call, else any
 *      idle looper), a one-way call to the target proc or, while another
 *      one-way call to the same node is in flight, behind it.
 * A sync caller keeps the transaction on its stack (from_parent links)
 * until the reply arrives; the server keeps it on its own (to_parent) from
 * the moment it reads it until it replies.  Any failure is reported to the
 * sender as one BR_* code, and for a failed reply to the original caller.
 */

#include <linux/file.h>
#include <linux/pid_namespace.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_internal.h"
#include "binder_trace.h"

/**
 * struct binder_txn_ctx - state of one BC_TRANSACTION/BC_REPLY being sent
 * @thread:        sending thread
 * @proc:          its proc
 * @tr:            the command's payload, copied from user space
 * @sg_size:       bytes of scatter-gather buffers (BC_*_SG), else 0
 * @reply:         BC_REPLY
 * @in_reply_to:   for a reply: the call being answered
 * @target_proc:   receiving proc, with an active reference
 * @target_thread: receiving thread if known, referenced
 * @target_node:   for a call: the node called, kept alive by a local strong
 *                 count that its buffer takes over once allocated (then
 *                 this is NULL)
 * @t:             the transaction being built
 * @tcomplete:     BR_TRANSACTION_COMPLETE for the sender
 * @debug_id:      id of the transaction, also reported for failures
 * @error:         BR_* code to report, BR_OK while all goes well
 * @error_param:   negative errno for BINDER_GET_EXTENDED_ERROR
 * @spam_suspect:  a one-way call that tripped spam detection
 * @pending_frozen: a one-way call queued to a frozen proc
 */
struct binder_txn_ctx {
	struct binder_thread *thread;
	struct binder_proc *proc;
	const struct binder_transaction_data *tr;
	binder_size_t sg_size;
	bool reply;
	struct binder_transaction *in_reply_to;
	struct binder_proc *target_proc;
	struct binder_thread *target_thread;
	struct binder_node *target_node;
	struct binder_transaction *t;
	struct binder_work *tcomplete;
	int debug_id;
	u32 error;
	int error_param;
	bool spam_suspect;
	bool pending_frozen;
};

static void binder_txn_fail(struct binder_txn_ctx *ctx, u32 error, int param)
{
	ctx->error = error;
	ctx->error_param = param;
}

/* ---- transaction lifetime and stacks ----------------------------------- */

/**
 * binder_get_txn_from() - the sync caller of @t, referenced, or NULL
 * @t: the transaction
 *
 * Return: the thread (binder_thread_put() it) or NULL once it is gone.
 */
struct binder_thread *binder_get_txn_from(struct binder_transaction *t)
{
	struct binder_thread *from;

	spin_lock(&t->lock);
	from = t->from;
	if (from)
		kref_get(&from->kref);
	spin_unlock(&t->lock);
	return from;
}

/*
 * Like binder_get_txn_from(), but also take the caller's inner_lock and
 * make sure it is still the caller under it.  Returns NULL (no lock held)
 * if the caller went away.  Use it through the macro below, which tells
 * sparse that the lock is held exactly when the result is not NULL.
 */
static struct binder_thread *__binder_get_txn_from_and_acq_inner(struct binder_transaction *t)
{
	struct binder_thread *from = binder_get_txn_from(t);

	if (!from)
		return NULL;
	spin_lock(&from->proc->inner_lock);
	if (READ_ONCE(t->from) == from) {
		__release(&from->proc->inner_lock);	/* sparse: see the macro */
		return from;
	}
	spin_unlock(&from->proc->inner_lock);
	binder_thread_put(from);
	return NULL;
}

#define binder_get_txn_from_and_acq_inner(t) ({					\
	struct binder_thread *__from;						\
										\
	__cond_lock(&__from->proc->inner_lock,					\
		    (__from = __binder_get_txn_from_and_acq_inner(t)));		\
	__from;									\
})

/* Remove @t, the top of @thread's call stack, when its reply arrives. */
static void binder_pop_transaction_ilocked(struct binder_thread *thread,
					   struct binder_transaction *t)
{
	lockdep_assert_held(&thread->proc->inner_lock);
	WARN_ON_ONCE(thread->transaction_stack != t);
	thread->transaction_stack = t->from_parent;
	spin_lock(&t->lock);
	t->from = NULL;
	spin_unlock(&t->lock);
}

/* The end of every transaction: its files, its target proc, its memory. */
static void binder_txn_destroy(struct binder_transaction *t)
{
	binder_trace_txn_free(t);
	binder_free_fd_fixups(t);
	binder_proc_put(t->to_proc);
	kfree(t);
	binder_stat_deleted(BINDER_STAT_TRANSACTION);
}

/**
 * binder_free_transaction() - free a transaction that nobody waits for
 * @t: the transaction, off every list and stack
 */
void binder_free_transaction(struct binder_transaction *t)
{
	struct binder_proc *target_proc = t->to_proc;

	spin_lock(&target_proc->inner_lock);
	binder_txn_uncount_ilocked(t);
	if (t->buffer)
		t->buffer->transaction = NULL;
	spin_unlock(&target_proc->inner_lock);
	binder_txn_destroy(t);
}

/**
 * binder_send_failed_reply() - answer a sync call with an error
 * @t:          the call; freed here
 * @error_code: BR_DEAD_REPLY or BR_FAILED_REPLY
 *
 * If the caller is gone too, the error travels on to whoever was waiting
 * for the caller, and so on down the chain.
 */
void binder_send_failed_reply(struct binder_transaction *t, u32 error_code)
{
	struct binder_transaction *next;
	struct binder_thread *target;

	for (;;) {
		target = binder_get_txn_from_and_acq_inner(t);
		if (target) {
			binder_pop_transaction_ilocked(target, t);
			if (target->reply_error.cmd == BR_OK) {
				target->reply_error.cmd = error_code;
				binder_enqueue_thread_work_ilocked(target,
								   &target->reply_error.work);
				wake_up_interruptible(&target->wait);
			}
			spin_unlock(&target->proc->inner_lock);
			binder_thread_put(target);
			binder_free_transaction(t);
			return;
		}
		next = t->from_parent;
		binder_free_transaction(t);
		if (!next)
			return;
		t = next;
	}
}

/**
 * binder_transaction_undeliverable() - drop a transaction that will never
 * be read; a sync caller gets @error_code
 * @t:          the transaction, off every list, owned by the caller
 * @reason:     for the log
 * @error_code: BR_* for the caller
 *
 * The buffer is released and @t freed.
 */
void binder_transaction_undeliverable(struct binder_transaction *t, const char *reason,
				      u32 error_code)
{
	struct binder_buffer *buffer = t->buffer;
	bool sync_call = buffer && buffer->target_node && !(t->flags & TF_ONE_WAY);

	if (buffer)
		binder_release_buffer(t->to_proc, buffer, NULL,
				      binder_buffer_offsets_end(buffer));
	if (sync_call) {
		binder_send_failed_reply(t, error_code);
	} else {
		pr_debug("undelivered transaction %d: %s\n", t->debug_id, reason);
		binder_free_transaction(t);
	}
}

/* ---- step 1: who receives -------------------------------------------- */

/* For BC_REPLY: pop the call we are answering and find its caller. */
static void binder_txn_resolve_reply(struct binder_txn_ctx *ctx)
{
	struct binder_thread *thread = ctx->thread;
	struct binder_transaction *in_reply_to;
	struct binder_thread *target;

	spin_lock(&ctx->proc->inner_lock);
	binder_set_extended_error(&thread->ee, ctx->debug_id, BR_OK, 0);
	in_reply_to = thread->transaction_stack;
	if (!in_reply_to || in_reply_to->to_thread != thread) {
		spin_unlock(&ctx->proc->inner_lock);
		binder_user_error("%d:%d reply with no call to answer\n",
				  ctx->proc->pid, thread->pid);
		binder_txn_fail(ctx, BR_FAILED_REPLY, -EPROTO);
		return;
	}
	thread->transaction_stack = in_reply_to->to_parent;
	/* Served: no longer outstanding here, before the caller can see a reply. */
	binder_txn_uncount_ilocked(in_reply_to);
	spin_unlock(&ctx->proc->inner_lock);
	binder_set_nice(in_reply_to->saved_priority);
	ctx->in_reply_to = in_reply_to;

	target = binder_get_txn_from_and_acq_inner(in_reply_to);
	if (!target) {
		binder_txn_fail(ctx, BR_DEAD_REPLY, 0);
		return;
	}
	if (target->transaction_stack != in_reply_to) {
		spin_unlock(&target->proc->inner_lock);
		binder_thread_put(target);
		binder_user_error("%d:%d reply does not match the caller's stack\n",
				  ctx->proc->pid, thread->pid);
		ctx->in_reply_to = NULL;
		binder_txn_fail(ctx, BR_FAILED_REPLY, -EPROTO);
		return;
	}
	spin_unlock(&target->proc->inner_lock);
	ctx->target_thread = target;
	if (!binder_proc_get_active(target->proc)) {
		binder_txn_fail(ctx, BR_DEAD_REPLY, 0);
		return;
	}
	ctx->target_proc = target->proc;
}

/*
 * For a sync call made while serving another call: if a thread of the
 * target proc is waiting on us somewhere down our stack, the call must go
 * to that thread, or the two procs would deadlock on each other.
 */
static int binder_txn_find_nested_target_ilocked(struct binder_txn_ctx *ctx)
{
	struct binder_transaction *tmp = ctx->thread->transaction_stack;

	lockdep_assert_held(&ctx->proc->inner_lock);
	if (!tmp)
		return 0;
	if (tmp->to_thread != ctx->thread) {
		binder_user_error("%d:%d new call while one of ours is unanswered\n",
				  ctx->proc->pid, ctx->thread->pid);
		return -EPROTO;
	}
	for (; tmp; tmp = tmp->from_parent) {
		struct binder_thread *from;

		spin_lock(&tmp->lock);
		from = tmp->from;
		if (from && from->proc == ctx->target_proc) {
			kref_get(&from->kref);
			ctx->target_thread = from;
			spin_unlock(&tmp->lock);
			break;
		}
		spin_unlock(&tmp->lock);
	}
	return 0;
}

/* For BC_TRANSACTION: the node and proc that will receive the call. */
static void binder_txn_resolve_call(struct binder_txn_ctx *ctx)
{
	const struct binder_transaction_data *tr = ctx->tr;
	struct binder_proc *proc = ctx->proc;
	struct binder_work *w;
	u32 error;
	int ret = 0;

	if (tr->target.handle)
		ctx->target_node = binder_get_ref_node_for_txn(proc, tr->target.handle,
							       &ctx->target_proc, &error);
	else
		ctx->target_node = binder_get_context_mgr_for_txn(proc->context, proc,
								  &ctx->target_proc, &error);
	if (!ctx->target_node) {
		if (tr->target.handle && error == BR_FAILED_REPLY)
			binder_user_error("%d: call to bad handle %u\n", proc->pid,
					  tr->target.handle);
		binder_txn_fail(ctx, error, -EINVAL);
		return;
	}
	/* A proc never holds a ref on its own node; refuse to call itself. */
	if (ctx->target_proc == proc) {
		binder_txn_fail(ctx, BR_FAILED_REPLY, -EINVAL);
		return;
	}
	if (security_binder_transaction(proc->cred, ctx->target_proc->cred) < 0) {
		binder_txn_fail(ctx, BR_FAILED_REPLY, -EPERM);
		return;
	}

	spin_lock(&proc->inner_lock);
	/* Upstream reports the id of the last transaction even on success. */
	binder_set_extended_error(&ctx->thread->ee, ctx->debug_id, BR_OK, 0);
	if (!(tr->flags & TF_ONE_WAY)) {
		/* A thread with an unread incoming call may not start a new one. */
		w = list_first_entry_or_null(&ctx->thread->todo, struct binder_work, entry);
		if (w && w->type == BINDER_WORK_TRANSACTION)
			ret = -EPROTO;
		else
			ret = binder_txn_find_nested_target_ilocked(ctx);
	}
	spin_unlock(&proc->inner_lock);
	if (ret)
		binder_txn_fail(ctx, BR_FAILED_REPLY, ret);
}

/* ---- step 2: allocation ------------------------------------------------ */

static struct binder_transaction *binder_txn_alloc(struct binder_txn_ctx *ctx)
{
	const struct binder_transaction_data *tr = ctx->tr;
	struct binder_transaction *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	binder_stat_created(BINDER_STAT_TRANSACTION);
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->work.entry);
	INIT_LIST_HEAD(&t->fd_fixups);
	t->work.type = BINDER_WORK_TRANSACTION;
	t->debug_id = ctx->debug_id;
	if (!ctx->reply && !(tr->flags & TF_ONE_WAY))
		t->from = ctx->thread;
	t->to_thread = ctx->target_thread;
	binder_proc_get(ctx->target_proc);
	t->to_proc = ctx->target_proc;
	t->code = tr->code;
	t->flags = tr->flags;
	t->priority = task_nice(current);
	t->sender_euid = task_euid(ctx->proc->tsk);
	t->from_pid = ctx->proc->pid;
	t->from_tid = ctx->thread->pid;
	t->from_proc_id = ctx->proc->debug_id;
	t->start_time = ktime_get();
	if (ctx->in_reply_to)
		t->call_time = ctx->in_reply_to->start_time;
	return t;
}

/*
 * The sender's security context, when the target node asked for it: it
 * goes at the end of the buffer.  Returns its size (0 if none), or <0.
 */
static int binder_txn_get_secctx(struct binder_txn_ctx *ctx, char **secctx, u32 *secctx_sz)
{
	u32 secid;
	int ret;

	*secctx = NULL;
	*secctx_sz = 0;
	if (!ctx->target_node || !ctx->target_node->txn_security_ctx)
		return 0;
	security_cred_getsecid(ctx->proc->cred, &secid);
	ret = security_secid_to_secctx(secid, secctx, secctx_sz);
	if (ret)
		return ret;
	return ALIGN(*secctx_sz, sizeof(u64));
}

/* Allocate t, its buffer in the target, and the sender's completion. */
static int binder_txn_alloc_all(struct binder_txn_ctx *ctx)
{
	const struct binder_transaction_data *tr = ctx->tr;
	struct binder_buffer *buffer;
	size_t extra = ctx->sg_size;
	unsigned int flags = 0;
	char *secctx;
	u32 secctx_sz;
	int secctx_room, ret;

	ctx->t = binder_txn_alloc(ctx);
	ctx->tcomplete = kzalloc(sizeof(*ctx->tcomplete), GFP_KERNEL);
	if (ctx->tcomplete) {
		INIT_LIST_HEAD(&ctx->tcomplete->entry);
		binder_stat_created(BINDER_STAT_TRANSACTION_COMPLETE);
	}
	if (!ctx->t || !ctx->tcomplete)
		return -ENOMEM;
	trace_binder_transaction(ctx->reply, ctx->t, ctx->target_node);

	secctx_room = binder_txn_get_secctx(ctx, &secctx, &secctx_sz);
	if (secctx_room < 0)
		return secctx_room;
	if (extra + secctx_room < extra) {
		ret = -EINVAL;
		goto out_secctx;
	}
	extra += secctx_room;

	if (!ctx->reply && (tr->flags & TF_ONE_WAY))
		flags |= BINDER_BUF_ASYNC;
	if (tr->flags & TF_CLEAR_BUF)
		flags |= BINDER_BUF_CLEAR_ON_FREE;
	buffer = binder_alloc_new_buf(&ctx->target_proc->alloc, tr->data_size,
				      tr->offsets_size, extra, flags, current->tgid);
	if (IS_ERR(buffer)) {
		ret = PTR_ERR(buffer);
		goto out_secctx;
	}
	buffer->transaction = ctx->t;
	/* The buffer owns the target node's count from now on. */
	buffer->target_node = ctx->target_node;
	ctx->target_node = NULL;
	ctx->t->buffer = buffer;
	WRITE_ONCE(buffer->debug_id, ctx->t->debug_id);
	trace_binder_transaction_alloc_buf(buffer);

	ret = 0;
	if (secctx) {
		size_t offset = ALIGN(tr->data_size, sizeof(u64)) +
				ALIGN(tr->offsets_size, sizeof(u64)) + ALIGN(extra, sizeof(u64)) -
				secctx_room;

		ret = binder_alloc_copy_to_buffer(&ctx->target_proc->alloc, buffer, offset,
						  secctx, secctx_sz);
		if (!ret)
			ctx->t->security_ctx = buffer->user_data + offset;
	}
out_secctx:
	if (secctx)
		security_release_secctx(secctx, secctx_sz);
	return ret;
}

/* ---- step 4: queueing ------------------------------------------------- */

/*
 * TF_UPDATE_TXN: a one-way call to a frozen proc replaces a queued one that
 * it makes out of date (same target, code, flags and sender).
 */
static bool binder_txn_supersedes(struct binder_transaction *new,
				  struct binder_transaction *old)
{
	const unsigned int both = TF_ONE_WAY | TF_UPDATE_TXN;

	return (new->flags & old->flags & both) == both && old->buffer &&
	       old->to_proc == new->to_proc && old->code == new->code &&
	       old->flags == new->flags && old->buffer->pid == new->buffer->pid &&
	       old->buffer->target_node == new->buffer->target_node;
}

static struct binder_transaction *
binder_find_outdated_ilocked(struct binder_transaction *t, struct list_head *queue)
{
	struct binder_work *w;

	lockdep_assert_held(&t->to_proc->inner_lock);
	list_for_each_entry(w, queue, entry) {
		struct binder_transaction *old;

		if (w->type != BINDER_WORK_TRANSACTION)
			continue;
		old = container_of(w, struct binder_transaction, work);
		if (binder_txn_supersedes(t, old))
			return old;
	}
	return NULL;
}

/* Drop a one-way call superseded before anyone read it. */
static void binder_drop_outdated(struct binder_proc *proc, struct binder_transaction *t)
{
	trace_binder_transaction_update_buffer_release(t->buffer);
	binder_release_buffer(proc, t->buffer, NULL, binder_buffer_offsets_end(t->buffer));
	binder_txn_destroy(t);
}

/*
 * Queue a call on its target: a given thread, an idle looper, the proc,
 * or the node's one-way queue.  Returns BR_DEAD_REPLY if the target died,
 * BR_FROZEN_REPLY for a sync call to a frozen proc (both not queued), and
 * BR_TRANSACTION_PENDING_FROZEN for a one-way call queued to a frozen one.
 */
static u32 binder_proc_transaction(struct binder_transaction *t, struct binder_proc *proc,
				   struct binder_thread *thread)
{
	struct binder_node *node = t->buffer->target_node;
	struct binder_transaction *outdated = NULL;
	bool oneway = t->flags & TF_ONE_WAY;
	bool pending_async = false;
	bool frozen;

	binder_node_inner_lock(node);
	frozen = proc->is_frozen;
	if (proc->is_frozen) {
		proc->sync_recv |= !oneway;
		proc->async_recv |= oneway;
	}
	if (proc->is_dead || (thread && thread->is_dead) || (proc->is_frozen && !oneway)) {
		u32 ret = proc->is_dead || (thread && thread->is_dead) ?
			  BR_DEAD_REPLY : BR_FROZEN_REPLY;

		binder_node_inner_unlock(node);
		return ret;
	}
	if (oneway) {
		if (node->has_async_transaction) {
			pending_async = true;
		} else {
			/* Ours until the buffer is released: binder_pass_async_slot(). */
			node->has_async_transaction = 1;
			t->buffer->async_slot = true;
		}
	}
	if (!thread && !pending_async)
		thread = binder_select_thread_ilocked(proc);
	if (thread) {
		binder_enqueue_thread_work_ilocked(thread, &t->work);
	} else if (!pending_async) {
		binder_enqueue_work_ilocked(proc, &t->work, &proc->todo);
	} else {
		if ((t->flags & TF_UPDATE_TXN) && proc->is_frozen) {
			outdated = binder_find_outdated_ilocked(t, &node->async_todo);
			if (outdated) {
				binder_dequeue_work_ilocked(proc, &outdated->work);
				binder_txn_uncount_ilocked(outdated);
			}
		}
		binder_enqueue_work_ilocked(proc, &t->work, &node->async_todo);
	}
	if (!pending_async)
		binder_wakeup_thread_ilocked(proc, thread, !oneway);
	t->outstanding = 1;
	proc->outstanding_txns++;
	binder_node_inner_unlock(node);

	if (outdated)
		binder_drop_outdated(proc, outdated);
	/* 6.3's protocol: the sender learns its one-way call waits for a thaw. */
	return oneway && frozen ? BR_TRANSACTION_PENDING_FROZEN : BR_OK;
}

/* Deliver a reply to the caller waiting for it. */
static u32 binder_txn_queue_reply(struct binder_txn_ctx *ctx)
{
	struct binder_thread *target = ctx->target_thread;

	binder_enqueue_thread_work(ctx->thread, ctx->tcomplete);
	spin_lock(&ctx->target_proc->inner_lock);
	if (target->is_dead) {
		spin_unlock(&ctx->target_proc->inner_lock);
		return BR_DEAD_REPLY;
	}
	binder_pop_transaction_ilocked(target, ctx->in_reply_to);
	binder_enqueue_thread_work_ilocked(target, &ctx->t->work);
	ctx->t->outstanding = 1;
	ctx->target_proc->outstanding_txns++;
	spin_unlock(&ctx->target_proc->inner_lock);
	wake_up_interruptible_sync(&target->wait);
	binder_free_transaction(ctx->in_reply_to);
	ctx->in_reply_to = NULL;
	return BR_OK;
}

/*
 * A sync call: the completion is deferred so the caller stays asleep until
 * the reply comes, and the call goes on the caller's stack.
 */
static u32 binder_txn_queue_call(struct binder_txn_ctx *ctx)
{
	struct binder_thread *thread = ctx->thread;
	struct binder_transaction *t = ctx->t;
	u32 ret;

	spin_lock(&ctx->proc->inner_lock);
	binder_enqueue_deferred_thread_work_ilocked(thread, ctx->tcomplete);
	t->need_reply = 1;
	t->from_parent = thread->transaction_stack;
	thread->transaction_stack = t;
	spin_unlock(&ctx->proc->inner_lock);

	ret = binder_proc_transaction(t, ctx->target_proc, ctx->target_thread);
	if (ret != BR_OK) {
		spin_lock(&ctx->proc->inner_lock);
		binder_pop_transaction_ilocked(thread, t);
		spin_unlock(&ctx->proc->inner_lock);
	}
	return ret;
}

static u32 binder_txn_queue(struct binder_txn_ctx *ctx)
{
	u32 ret;

	/* Noted now: once queued, the transaction may be read and gone. */
	ctx->spam_suspect = ctx->t->buffer->oneway_spam_suspect;
	ctx->tcomplete->type = ctx->spam_suspect ?
		BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT : BINDER_WORK_TRANSACTION_COMPLETE;
	if (ctx->reply)
		return binder_txn_queue_reply(ctx);
	if (!(ctx->t->flags & TF_ONE_WAY))
		return binder_txn_queue_call(ctx);
	ret = binder_proc_transaction(ctx->t, ctx->target_proc, NULL);
	if (ret == BR_TRANSACTION_PENDING_FROZEN) {
		ctx->tcomplete->type = BINDER_WORK_TRANSACTION_PENDING;
		ctx->pending_frozen = true;
		ret = BR_OK;
	}
	if (ret == BR_OK)
		binder_enqueue_thread_work(ctx->thread, ctx->tcomplete);
	return ret;
}

/* ---- putting it together ---------------------------------------------- */

/* Undo a transaction that got as far as a buffer but will not be sent. */
static void binder_txn_undo(struct binder_txn_ctx *ctx, size_t translated_end)
{
	struct binder_transaction *t = ctx->t;

	if (t && t->buffer) {
		trace_binder_transaction_failed_buffer_release(t->buffer);
		binder_release_buffer(ctx->target_proc, t->buffer, NULL, translated_end);
	}
	if (t)
		binder_txn_destroy(t);
	if (ctx->tcomplete)
		binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
	kfree(ctx->tcomplete);
}

/* Drop what resolving the target pinned and no buffer took over. */
static void binder_txn_put_targets(struct binder_txn_ctx *ctx)
{
	if (ctx->target_node)
		binder_dec_node(ctx->target_node, true, false);
	if (ctx->target_thread)
		binder_thread_put(ctx->target_thread);
	if (ctx->target_proc)
		binder_proc_put_active(ctx->target_proc);
}

/*
 * Multicast a transaction report (binder_netlink.c) of @error: for every
 * failure, and for one-way calls that tripped spam detection or wait for
 * a frozen target, as upstream 6.18.  Before the targets are put.
 */
static void binder_txn_netlink_report(struct binder_txn_ctx *ctx, u32 error)
{
	struct binder_txn_report r = {
		.error = error,
		.context = ctx->proc->context->name,
		.from_pid = ctx->proc->pid,
		.from_tid = ctx->thread->pid,
		.to_pid = ctx->target_proc ? ctx->target_proc->pid : 0,
		.to_tid = ctx->target_thread ? ctx->target_thread->pid : 0,
		.is_reply = ctx->reply,
		.flags = ctx->tr->flags,
		.code = ctx->tr->code,
		.data_size = ctx->tr->data_size,
	};

	binder_netlink_report(&r);
}

/* Report a failure to the sender, and for a reply to the caller too. */
static void binder_txn_report_error(struct binder_txn_ctx *ctx)
{
	struct binder_thread *thread = ctx->thread;

	pr_debug("%d:%d %s failed: %u/%d\n", ctx->proc->pid, thread->pid,
		 ctx->reply ? "reply" : "transaction", ctx->error, ctx->error_param);
	if (ctx->in_reply_to) {
		struct binder_thread *from = binder_get_txn_from_and_acq_inner(ctx->in_reply_to);

		if (from) {
			binder_set_extended_error(&from->ee, ctx->debug_id, ctx->error,
						  ctx->error_param);
			spin_unlock(&from->proc->inner_lock);
			binder_thread_put(from);
		}
		spin_lock(&ctx->proc->inner_lock);
		thread->return_error.cmd = BR_TRANSACTION_COMPLETE;
		binder_enqueue_thread_work_ilocked(thread, &thread->return_error.work);
		spin_unlock(&ctx->proc->inner_lock);
		binder_send_failed_reply(ctx->in_reply_to, ctx->error);
		return;
	}
	spin_lock(&ctx->proc->inner_lock);
	binder_set_extended_error(&thread->ee, ctx->debug_id, ctx->error, ctx->error_param);
	thread->return_error.cmd = ctx->error;
	binder_enqueue_thread_work_ilocked(thread, &thread->return_error.work);
	spin_unlock(&ctx->proc->inner_lock);
}

static u32 binder_alloc_error(int err)
{
	return err == -ESRCH ? BR_DEAD_REPLY : BR_FAILED_REPLY;
}

/**
 * binder_transaction() - handle one BC_TRANSACTION or BC_REPLY
 * @thread: sending thread
 * @tr:     the command's payload
 * @reply:  BC_REPLY
 * @sg_size: bytes of scatter-gather buffers (BC_TRANSACTION_SG/BC_REPLY_SG)
 *
 * Never fails as such: errors are queued for the sender to read.
 */
void binder_transaction(struct binder_thread *thread,
			const struct binder_transaction_data *tr, bool reply,
			binder_size_t sg_size)
{
	struct binder_txn_ctx ctx = {
		.thread = thread, .proc = thread->proc, .tr = tr, .reply = reply,
		.sg_size = sg_size,
		.debug_id = binder_new_debug_id(), .error = BR_OK,
	};
	struct binder_txn_log_entry *log = binder_txn_log_begin(thread, tr, reply, ctx.debug_id);
	size_t translated_end = 0;
	u32 queued;
	int ret;

	if (reply)
		binder_txn_resolve_reply(&ctx);
	else
		binder_txn_resolve_call(&ctx);
	binder_txn_log_target(log, ctx.target_proc, ctx.target_thread, ctx.target_node);
	if (ctx.error != BR_OK)
		goto err;

	ret = binder_txn_alloc_all(&ctx);
	if (ret) {
		binder_txn_fail(&ctx, binder_alloc_error(ret), ret);
		goto err_undo;
	}
	ret = binder_translate_objects(thread, ctx.t, tr, sg_size, ctx.in_reply_to,
				       &translated_end);
	if (ret) {
		/* -ESRCH: the target is being torn down and takes no new refs. */
		binder_txn_fail(&ctx, ret == -ESRCH ? BR_DEAD_REPLY : BR_FAILED_REPLY, ret);
		goto err_undo;
	}

	queued = binder_txn_queue(&ctx);
	if (queued != BR_OK) {
		binder_dequeue_work(ctx.proc, ctx.tcomplete);
		binder_txn_fail(&ctx, queued, 0);
		goto err_undo;
	}
	if (ctx.spam_suspect)
		binder_txn_netlink_report(&ctx, BR_ONEWAY_SPAM_SUSPECT);
	if (ctx.pending_frozen)
		binder_txn_netlink_report(&ctx, BR_TRANSACTION_PENDING_FROZEN);
	binder_txn_put_targets(&ctx);
	binder_txn_log_end(log, ctx.debug_id, BR_OK, 0);
	binder_insight_sent(ctx.proc, tr, reply);
	return;

err_undo:
	binder_txn_undo(&ctx, translated_end);
err:
	binder_txn_netlink_report(&ctx, ctx.error);
	binder_txn_put_targets(&ctx);
	binder_txn_log_end(log, ctx.debug_id, ctx.error, ctx.error_param);
	binder_insight_failed(ctx.proc);
	binder_txn_report_error(&ctx);
}

/* ---- the receiving side -------------------------------------------------- */

/* Run the receiving thread at the caller's priority, within the node's floor. */
static void binder_txn_inherit_priority(struct binder_transaction *t,
					struct binder_node *node)
{
	bool oneway = t->flags & TF_ONE_WAY;

	t->saved_priority = task_nice(current);
	if (t->priority < node->min_priority && !oneway)
		binder_set_nice(t->priority);
	else if (!oneway || t->saved_priority > node->min_priority)
		binder_set_nice(node->min_priority);
}

/* Fill in what user space reads about @t; @cmd is BR_TRANSACTION/REPLY. */
static u32 binder_txn_fill(struct binder_transaction *t, struct binder_thread *from,
			   struct binder_transaction_data_secctx *tr)
{
	struct binder_transaction_data *trd = &tr->transaction_data;
	struct binder_node *node = t->buffer->target_node;
	u32 cmd = BR_REPLY;

	memset(tr, 0, sizeof(*tr));
	if (node) {
		trd->target.ptr = node->ptr;
		trd->cookie = node->cookie;
		binder_txn_inherit_priority(t, node);
		cmd = BR_TRANSACTION;
	}
	trd->code = t->code;
	trd->flags = t->flags;
	trd->sender_euid = from_kuid(current_user_ns(), t->sender_euid);
	if (from)
		trd->sender_pid = task_tgid_nr_ns(from->proc->tsk, task_active_pid_ns(current));
	trd->data_size = t->buffer->data_size;
	trd->offsets_size = t->buffer->offsets_size;
	trd->data.ptr.buffer = t->buffer->user_data;
	trd->data.ptr.offsets = trd->data.ptr.buffer + ALIGN(t->buffer->data_size, sizeof(u64));
	tr->secctx = t->security_ctx;
	if (t->security_ctx)
		cmd = BR_TRANSACTION_SEC_CTX;
	return cmd;
}

/**
 * binder_transaction_deliver() - hand a dequeued transaction to the reader
 * @thread: the reading thread
 * @t:      the transaction, just taken off a todo list
 * @ptrp:   read-buffer cursor, with room for the largest item
 *
 * Reserves the passed fds, writes BR_TRANSACTION or BR_REPLY, then
 * installs the fds (only once the reader has the command: a faulting read
 * buffer leaves no fd behind), and puts a sync call on the thread's stack
 * until it replies.  A transaction that cannot be delivered is dropped,
 * its sender told with BR_FAILED_REPLY.
 *
 * Return: 1 when something was written and the read ends here, 0 when the
 * transaction was dropped (the read goes on), or -EFAULT.
 */
int binder_transaction_deliver(struct binder_thread *thread, struct binder_transaction *t,
			       void __user **ptrp)
{
	struct binder_proc *proc = thread->proc;
	struct binder_transaction_data_secctx tr;
	/* Only a sync call has a sender waiting; replies and one-way have none. */
	struct binder_thread *from = t->flags & TF_ONE_WAY || !t->buffer->target_node ?
				     NULL : binder_get_txn_from(t);
	size_t trsize = sizeof(tr.transaction_data);
	u32 cmd;
	int ret = 1;

	cmd = binder_txn_fill(t, from, &tr);
	if (binder_reserve_fds(proc, t)) {
		binder_free_fd_fixups(t);
		binder_transaction_undeliverable(t, "cannot install fds", BR_FAILED_REPLY);
		if (cmd == BR_REPLY) {
			if (put_user(BR_FAILED_REPLY, (u32 __user *)*ptrp)) {
				ret = -EFAULT;
			} else {
				*ptrp += sizeof(u32);
				binder_count_br(proc, BR_FAILED_REPLY);
			}
		} else {
			ret = 0;
		}
		goto out;
	}
	if (cmd == BR_TRANSACTION_SEC_CTX)
		trsize = sizeof(tr);
	if (put_user(cmd, (u32 __user *)*ptrp) ||
	    copy_to_user(*ptrp + sizeof(u32), &tr, trsize)) {
		binder_free_fd_fixups(t);
		binder_transaction_undeliverable(t, "cannot write to the read buffer",
						 BR_FAILED_REPLY);
		ret = -EFAULT;
		goto out;
	}
	*ptrp += sizeof(u32) + trsize;
	trace_binder_transaction_received(t);
	binder_count_br(proc, cmd);
	binder_insight_delivered(proc, t, cmd);
	binder_install_fds(t);

	/* From now on user space owns the buffer and may free it. */
	binder_buffer_set_user_owned(t->buffer);
	if (cmd != BR_REPLY && !(t->flags & TF_ONE_WAY)) {
		spin_lock(&proc->inner_lock);
		t->to_parent = thread->transaction_stack;
		spin_lock(&t->lock);
		t->to_thread = thread;
		spin_unlock(&t->lock);
		thread->transaction_stack = t;
		spin_unlock(&proc->inner_lock);
	} else {
		binder_free_transaction(t);
	}
out:
	if (from)
		binder_thread_put(from);
	return ret;
}
