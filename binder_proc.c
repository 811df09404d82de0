// SPDX-License-Identifier: GPL-2.0
/*
 * Procs: one binder_proc per open file.  It is created by open() and torn
 * down by release(); this file also holds the context manager (the node
 * behind handle 0 of a device).  Freezing is in binder_freeze.c.
 *
 * A proc has two reference counts:
 *   kref    the memory of struct binder_proc.  Held by the file, by every
 *           node and thread of the proc, and by transient users.  Dropping
 *           it never sleeps.
 *   active  the proc can still receive: its receive buffer exists.  Held
 *           by the file and by every transaction being built towards it.
 *           When it drops to zero the receive buffer is freed, which
 *           sleeps, so it is only put from process context.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/security.h>
#include <linux/slab.h>

#include "binder_internal.h"

/**
 * binder_proc_create() - allocate the proc of a file being opened
 * @context: context of the device; the caller keeps it alive until this
 *           returns (the proc takes its own reference)
 * @filp:    the file; its credentials become the proc's
 *
 * Return: the proc with one kref and one active reference, or NULL.
 */
struct binder_proc *binder_proc_create(struct binder_context *context, struct file *filp)
{
	struct binder_proc *proc = kzalloc(sizeof(*proc), GFP_KERNEL);

	if (!proc)
		return NULL;

	kref_init(&proc->kref);
	kref_init(&proc->active);
	/* Held until the proc is freed: its nodes may outlive the file. */
	binder_context_get(context);
	proc->context = context;
	proc->tsk = get_task_struct(current->group_leader);
	proc->pid = current->tgid;
	proc->debug_id = binder_new_debug_id();
	proc->cred = get_cred(filp->f_cred);
	proc->default_priority = task_nice(current);
	binder_alloc_init(&proc->alloc);

	spin_lock_init(&proc->inner_lock);
	proc->threads = RB_ROOT;
	proc->nodes = RB_ROOT;
	INIT_LIST_HEAD(&proc->waiting_threads);
	INIT_LIST_HEAD(&proc->todo);
	INIT_LIST_HEAD(&proc->delivered_death);
	INIT_LIST_HEAD(&proc->delivered_freeze);
	init_waitqueue_head(&proc->freeze_wait);

	mutex_init(&proc->refs_lock);
	proc->refs_by_desc = RB_ROOT;
	proc->refs_by_node = RB_ROOT;

	binder_stat_created(BINDER_STAT_PROC);
	mutex_lock(&binder_procs_lock);
	list_add(&proc->entry, &binder_procs);
	mutex_unlock(&binder_procs_lock);
	binder_debugfs_proc_add(proc);
	return proc;
}

static void binder_proc_free(struct kref *kref)
{
	struct binder_proc *proc = container_of(kref, struct binder_proc, kref);

	put_cred(proc->cred);
	put_task_struct(proc->tsk);
	binder_context_put(proc->context);
	kfree(proc);
	binder_stat_deleted(BINDER_STAT_PROC);
}

/**
 * binder_proc_put() - drop a kref of @proc; may free it (never sleeps)
 * @proc: the proc; the caller must not hold any lock of it
 */
void binder_proc_put(struct binder_proc *proc)
{
	kref_put(&proc->kref, binder_proc_free);
}

static void binder_proc_inactive(struct kref *active)
{
	struct binder_proc *proc = container_of(active, struct binder_proc, active);

	binder_alloc_release(&proc->alloc);
}

/**
 * binder_proc_get_active() - pin @proc's receive buffer for a transaction
 * @proc: target proc
 *
 * Return: false if the proc is gone, so nothing can be sent to it.
 */
bool binder_proc_get_active(struct binder_proc *proc)
{
	if (!kref_get_unless_zero(&proc->active))
		return false;
	binder_proc_get(proc);
	return true;
}

/**
 * binder_proc_put_active() - drop what binder_proc_get_active() took
 * @proc: the proc; may free its receive buffer, so this may sleep
 *
 * The file's own references (both counts start at one) are dropped the
 * same way at the end of binder_proc_release().
 */
void binder_proc_put_active(struct binder_proc *proc)
{
	might_sleep();
	kref_put(&proc->active, binder_proc_inactive);
	binder_proc_put(proc);
}

/* ---- the context manager ----------------------------------------------- */

/**
 * binder_set_context_mgr() - make @proc the context manager of its device
 * @proc: the caller
 * @fbo:  object describing the manager node (ptr, cookie, flags); all zero
 *        for BINDER_SET_CONTEXT_MGR
 *
 * The security module judges the opener's credentials; the euid that must
 * match the first manager's is the caller's current one, as upstream.
 *
 * Return: 0; -EBUSY if a manager exists; -EPERM if the security module
 * refuses or the caller's euid differs from the first manager's.
 */
int binder_set_context_mgr(struct binder_proc *proc, const struct flat_binder_object *fbo)
{
	struct binder_context *context = proc->context;
	/* As upstream: the caller's euid now, not the opener's. */
	kuid_t euid = current_euid();
	struct binder_node *node;
	int ret;

	mutex_lock(&context->mgr_lock);
	if (context->mgr_node) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = security_binder_set_context_mgr(proc->cred);
	if (ret < 0)
		goto out_unlock;
	if (uid_valid(context->mgr_uid) && !uid_eq(context->mgr_uid, euid)) {
		binder_user_error("%d: context manager uid %d, caller %d\n", proc->pid,
				  from_kuid(&init_user_ns, context->mgr_uid),
				  from_kuid(&init_user_ns, euid));
		ret = -EPERM;
		goto out_unlock;
	}

	node = binder_new_node(proc, fbo);
	if (!node) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	/* The manager node lives as long as its proc: pin it for good. */
	binder_node_inner_lock(node);
	node->local_weak_refs++;
	node->local_strong_refs++;
	node->has_strong_ref = 1;
	node->has_weak_ref = 1;
	binder_node_inner_unlock(node);

	context->mgr_uid = euid;
	/* Keeps the tmp ref of binder_new_node(); see binder_node_is_context_mgr(). */
	WRITE_ONCE(context->mgr_node, node);
out_unlock:
	mutex_unlock(&context->mgr_lock);
	return ret;
}

/**
 * binder_get_context_mgr() - the manager node of @context, pinned
 * @context: the context
 *
 * Return: the node with a tmp ref (binder_put_node() it), or NULL.
 */
struct binder_node *binder_get_context_mgr(struct binder_context *context)
{
	struct binder_node *node;

	mutex_lock(&context->mgr_lock);
	node = context->mgr_node;
	if (node) {
		binder_node_inner_lock(node);
		binder_inc_node_tmpref_ilocked(node);
		binder_node_inner_unlock(node);
	}
	mutex_unlock(&context->mgr_lock);
	return node;
}

/**
 * binder_get_context_mgr_for_txn() - the manager node, pinned for a call
 * @context: the context
 * @sender:  the calling proc; the manager's own process may not call it
 * @procp:   set to the manager's proc, with an active reference
 * @error:   set to the BR_* code on failure
 *
 * Return: the node with a local strong count, or NULL.
 */
struct binder_node *binder_get_context_mgr_for_txn(struct binder_context *context,
						   struct binder_proc *sender,
						   struct binder_proc **procp, u32 *error)
{
	struct binder_node *node;

	mutex_lock(&context->mgr_lock);
	node = context->mgr_node;
	if (!node) {
		*error = BR_DEAD_REPLY;
	} else if (node->proc->pid == sender->pid) {
		/* Upstream compares processes, not fds: any fd of the manager's. */
		binder_user_error("%d: context manager called itself\n", sender->pid);
		*error = BR_FAILED_REPLY;
		node = NULL;
	} else {
		binder_node_inner_lock(node);
		*error = binder_node_get_for_txn_nilocked(node, procp);
		binder_node_inner_unlock(node);
		if (*error != BR_OK)
			node = NULL;
	}
	mutex_unlock(&context->mgr_lock);
	return node;
}

static void binder_drop_context_mgr(struct binder_proc *proc)
{
	struct binder_context *context = proc->context;
	struct binder_node *node = NULL;

	mutex_lock(&context->mgr_lock);
	if (context->mgr_node && context->mgr_node->proc == proc) {
		node = context->mgr_node;
		WRITE_ONCE(context->mgr_node, NULL);
	}
	mutex_unlock(&context->mgr_lock);
	if (!node)
		return;
	/* Undo the pin of binder_set_context_mgr(), then our tmp ref. */
	binder_dec_node(node, true, false);
	binder_dec_node(node, false, false);
	binder_put_node(node);
}

/* ---- teardown ------------------------------------------------------------ */

/*
 * Free the buffers user space received but never freed.  The fds of their
 * fd arrays are not closed here: current need not be the receiver, whose
 * files go anyway.
 */
static void binder_release_user_buffers(struct binder_proc *proc)
{
	struct binder_buffer *buffer;

	while ((buffer = binder_alloc_take_user_buffer(&proc->alloc)))
		binder_release_buffer(proc, buffer, NULL, binder_buffer_offsets_end(buffer));
}

/**
 * binder_proc_release() - tear down the proc of a released file
 * @proc: the proc; no ioctl can run on it any more
 *
 * Everything that other procs can still see (its nodes) stays, marked
 * dead, until they let go; everything else goes now.
 */
void binder_proc_release(struct binder_proc *proc)
{
	binder_debugfs_proc_remove(proc);
	mutex_lock(&binder_procs_lock);
	list_del(&proc->entry);
	mutex_unlock(&binder_procs_lock);

	binder_drop_context_mgr(proc);

	spin_lock(&proc->inner_lock);
	proc->is_dead = true;
	proc->is_frozen = false;
	spin_unlock(&proc->inner_lock);

	binder_release_all_threads(proc);
	binder_release_work(proc, &proc->todo);
	binder_release_user_buffers(proc);
	binder_release_nodes(proc);
	binder_release_refs(proc);
	binder_release_work(proc, &proc->todo);
	binder_release_work(proc, &proc->delivered_death);
	binder_release_work(proc, &proc->delivered_freeze);

	binder_proc_put_active(proc);
}
