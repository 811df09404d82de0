// SPDX-License-Identifier: GPL-2.0
/*
 * Refs: a proc's handles on nodes of other procs, and the death
 * notifications hung on them.
 *
 * Each proc keeps its refs in two trees under its refs_lock, one by handle
 * number and one by node.  Handle numbers are the smallest free value,
 * starting at 1; 0 is the context manager's.  A ref counts strong and weak
 * holds of its proc; the first strong hold counts the node strongly, and
 * any ref counts it weakly by being on node->refs.  A ref whose counts both
 * reach zero is freed, and its handle number may be reused.
 */

#include <linux/slab.h>
#include <linux/bitmap.h>
#include <linux/uaccess.h>

#include "binder_internal.h"

/**
 * binder_get_ref_rlocked() - the ref of @proc with handle @desc
 * @proc:        the holder; its refs_lock is held
 * @desc:        handle number
 * @need_strong: fail (with a log line) if the ref is only weak
 *
 * Return: the ref, or NULL.
 */
struct binder_ref *binder_get_ref_rlocked(struct binder_proc *proc, u32 desc,
					  bool need_strong)
{
	struct rb_node *n = proc->refs_by_desc.rb_node;

	lockdep_assert_held(&proc->refs_lock);
	while (n) {
		struct binder_ref *ref = rb_entry(n, struct binder_ref, rb_node_desc);

		if (desc < ref->desc) {
			n = n->rb_left;
		} else if (desc > ref->desc) {
			n = n->rb_right;
		} else if (need_strong && !ref->strong) {
			binder_user_error("%d: handle %u used as strong but only weak\n",
					  proc->pid, desc);
			return NULL;
		} else {
			return ref;
		}
	}
	return NULL;
}

static struct binder_ref *binder_lookup_ref_by_node_rlocked(struct binder_proc *proc,
							    struct binder_node *node,
							    struct rb_node ***linkp,
							    struct rb_node **parentp)
{
	struct rb_node **p = &proc->refs_by_node.rb_node, *parent = NULL;

	lockdep_assert_held(&proc->refs_lock);
	while (*p) {
		struct binder_ref *ref = rb_entry(*p, struct binder_ref, rb_node_node);

		parent = *p;
		if (node < ref->node)
			p = &(*p)->rb_left;
		else if (node > ref->node)
			p = &(*p)->rb_right;
		else
			return ref;
	}
	*linkp = p;
	*parentp = parent;
	return NULL;
}

/* ---- handle numbers ------------------------------------------------------ */

/*
 * Handle numbers in use are bits of proc->descs, so the smallest free one
 * is a find_next_zero_bit() away however many refs a proc holds (upstream
 * since 6.11 keeps such a map too).  The map grows by doubling when full
 * and shrinks by half when its top three quarters are free; it is only
 * touched under refs_lock, a mutex, so it is allocated in place.
 */
#define BINDER_DESCS_MIN	BITS_PER_LONG

static int binder_descs_resize_rlocked(struct binder_proc *proc, unsigned int nbits)
{
	unsigned long *map = bitmap_zalloc(nbits, GFP_KERNEL);

	lockdep_assert_held(&proc->refs_lock);
	if (!map)
		return -ENOMEM;
	if (proc->descs)
		bitmap_copy(map, proc->descs, min(nbits, proc->descs_nbits));
	bitmap_free(proc->descs);
	proc->descs = map;
	proc->descs_nbits = nbits;
	return 0;
}

/* Take the smallest free handle number from @start on; 0 or -ENOMEM. */
static int binder_desc_get_rlocked(struct binder_proc *proc, u32 start, u32 *desc)
{
	unsigned long bit;

	lockdep_assert_held(&proc->refs_lock);
	bit = proc->descs ? find_next_zero_bit(proc->descs, proc->descs_nbits, start)
			  : proc->descs_nbits;
	if (bit >= proc->descs_nbits) {
		if (proc->descs_nbits > U32_MAX / 2 ||
		    binder_descs_resize_rlocked(proc, max_t(unsigned int, BINDER_DESCS_MIN,
							    proc->descs_nbits * 2)))
			return -ENOMEM;
		bit = find_next_zero_bit(proc->descs, proc->descs_nbits, start);
	}
	__set_bit(bit, proc->descs);
	*desc = bit;
	return 0;
}

static void binder_desc_put_rlocked(struct binder_proc *proc, u32 desc)
{
	unsigned int nbits = proc->descs_nbits;

	lockdep_assert_held(&proc->refs_lock);
	__clear_bit(desc, proc->descs);
	/* Shrinking is only an economy (a failure keeps the bigger map): not at teardown. */
	if (!proc->refs_closed && nbits > BINDER_DESCS_MIN &&
	    find_last_bit(proc->descs, nbits) < nbits / 4)
		binder_descs_resize_rlocked(proc, nbits / 2);
}

/* Give @new the smallest free handle number and insert it into refs_by_desc. */
static int binder_assign_desc_rlocked(struct binder_proc *proc, struct binder_ref *new)
{
	struct rb_node **p, *parent = NULL;
	/* Handle 0 only ever names the manager of today, as upstream. */
	u32 desc;
	int ret;

	lockdep_assert_held(&proc->refs_lock);
	ret = binder_desc_get_rlocked(proc, binder_node_is_context_mgr(new->node) ? 0 : 1,
				      &desc);
	if (ret)
		return ret;
	new->desc = desc;

	p = &proc->refs_by_desc.rb_node;
	while (*p) {
		struct binder_ref *ref = rb_entry(*p, struct binder_ref, rb_node_desc);

		parent = *p;
		p = desc < ref->desc ? &(*p)->rb_left : &(*p)->rb_right;
	}
	rb_link_node(&new->rb_node_desc, parent, p);
	rb_insert_color(&new->rb_node_desc, &proc->refs_by_desc);
	return 0;
}

/*
 * The ref of @proc on @node, created (with zero counts) if missing.
 * Returns NULL if out of memory or if @proc is being torn down (*err says
 * which).
 */
static struct binder_ref *binder_get_ref_for_node_rlocked(struct binder_proc *proc,
							  struct binder_node *node,
							  int *err)
{
	struct rb_node **link, *parent;
	struct binder_ref *ref;

	lockdep_assert_held(&proc->refs_lock);
	ref = binder_lookup_ref_by_node_rlocked(proc, node, &link, &parent);
	if (ref)
		return ref;
	if (proc->refs_closed) {
		*err = -ESRCH;
		return NULL;
	}
	ref = kzalloc(sizeof(*ref), GFP_KERNEL);
	if (!ref) {
		*err = -ENOMEM;
		return NULL;
	}
	ref->proc = proc;
	ref->node = node;
	ref->debug_id = binder_new_debug_id();
	if (binder_assign_desc_rlocked(proc, ref)) {
		kfree(ref);
		*err = -ENOMEM;
		return NULL;
	}
	rb_link_node(&ref->rb_node_node, parent, link);
	rb_insert_color(&ref->rb_node_node, &proc->refs_by_node);

	spin_lock(&node->lock);
	hlist_add_head(&ref->node_entry, &node->refs);
	spin_unlock(&node->lock);
	binder_stat_created(BINDER_STAT_REF);
	return ref;
}

/*
 * Unlink @ref from everything and give back its strong count.  Returns
 * true if the node became unused; binder_free_ref() then frees it too.
 */
static bool binder_cleanup_ref_rlocked(struct binder_ref *ref)
{
	struct binder_proc *proc = ref->proc;
	struct binder_node *node = ref->node;
	bool free_node;

	lockdep_assert_held(&proc->refs_lock);
	rb_erase(&ref->rb_node_desc, &proc->refs_by_desc);
	rb_erase(&ref->rb_node_node, &proc->refs_by_node);
	binder_desc_put_rlocked(proc, ref->desc);

	binder_node_inner_lock(node);
	if (ref->strong)
		binder_dec_node_nilocked(node, true, true);
	hlist_del(&ref->node_entry);
	free_node = binder_dec_node_nilocked(node, false, true);
	binder_node_inner_unlock(node);

	if (ref->death)
		binder_dequeue_work(proc, &ref->death->work);
	if (ref->freeze)
		binder_dequeue_work(proc, &ref->freeze->work);
	return free_node;
}

static void binder_free_ref(struct binder_ref *ref, bool free_node)
{
	if (free_node)
		binder_free_node(ref->node);
	if (ref->death)
		binder_stat_deleted(BINDER_STAT_DEATH);
	kfree(ref->death);
	if (ref->freeze)
		binder_stat_deleted(BINDER_STAT_FREEZE);
	kfree(ref->freeze);
	kfree(ref);
	binder_stat_deleted(BINDER_STAT_REF);
}

static int binder_inc_ref_rlocked(struct binder_ref *ref, bool strong,
				  struct binder_thread *thread)
{
	int ret;

	lockdep_assert_held(&ref->proc->refs_lock);
	if (strong) {
		if (!ref->strong) {
			ret = binder_inc_node(ref->node, true, true, thread);
			if (ret)
				return ret;
		}
		ref->strong++;
	} else {
		if (!ref->weak) {
			ret = binder_inc_node(ref->node, false, true, thread);
			if (ret)
				return ret;
		}
		ref->weak++;
	}
	return 0;
}

/* Returns true when both counts reached zero: the ref must be cleaned up. */
static bool binder_dec_ref_rlocked(struct binder_ref *ref, bool strong)
{
	lockdep_assert_held(&ref->proc->refs_lock);
	if (strong) {
		if (!ref->strong) {
			binder_user_error("%d: handle %u has no strong count to drop\n",
					  ref->proc->pid, ref->desc);
			return false;
		}
		if (--ref->strong == 0)
			binder_dec_node(ref->node, true, true);
	} else {
		if (!ref->weak) {
			binder_user_error("%d: handle %u has no weak count to drop\n",
					  ref->proc->pid, ref->desc);
			return false;
		}
		ref->weak--;
	}
	return !ref->strong && !ref->weak;
}

/**
 * binder_inc_ref_for_node() - count a hold of @proc on @node
 * @proc:   the holder
 * @node:   the node, pinned by the caller
 * @strong: strong rather than weak
 * @thread: sending thread when @node belongs to it (see binder_inc_node)
 * @desc:   set to the handle number
 *
 * A ref created here and then not counted (the increment failed) is
 * removed again at once, never left behind for its proc to clean up.
 *
 * Return: 0, -ENOMEM, -ESRCH if @proc is being torn down, or -EINVAL.
 */
int binder_inc_ref_for_node(struct binder_proc *proc, struct binder_node *node,
			    bool strong, struct binder_thread *thread, u32 *desc)
{
	struct binder_ref *ref;
	bool free_node = false;
	int ret = 0;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_for_node_rlocked(proc, node, &ret);
	if (!ref)
		goto out_unlock;
	ret = binder_inc_ref_rlocked(ref, strong, thread);
	if (!ret) {
		*desc = ref->desc;
	} else if (!ref->strong && !ref->weak) {
		free_node = binder_cleanup_ref_rlocked(ref);
		mutex_unlock(&proc->refs_lock);
		binder_free_ref(ref, free_node);
		return ret;
	}
out_unlock:
	mutex_unlock(&proc->refs_lock);
	return ret;
}

/**
 * binder_update_ref_for_handle() - BC_INCREFS/ACQUIRE/RELEASE/DECREFS
 * @proc:      the holder
 * @desc:      handle number
 * @increment: increment rather than decrement
 * @strong:    the strong count rather than the weak one; the handle must
 *             then be strong already
 *
 * Return: 0 or -EINVAL (no such handle, or not strong).
 */
int binder_update_ref_for_handle(struct binder_proc *proc, u32 desc,
				 bool increment, bool strong)
{
	struct binder_ref *ref;
	bool free_ref = false, free_node = false;
	int ret = 0;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, strong);
	if (!ref) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (increment) {
		ret = binder_inc_ref_rlocked(ref, strong, NULL);
	} else if (binder_dec_ref_rlocked(ref, strong)) {
		free_ref = true;
		free_node = binder_cleanup_ref_rlocked(ref);
	}
out_unlock:
	mutex_unlock(&proc->refs_lock);
	if (free_ref)
		binder_free_ref(ref, free_node);
	return ret;
}

/**
 * binder_get_node_from_ref() - the node behind a handle, pinned
 * @proc:            the holder
 * @desc:            handle number
 * @need_strong_ref: fail unless the handle is strong
 *
 * Return: the node with a tmp ref, or NULL.
 */
struct binder_node *binder_get_node_from_ref(struct binder_proc *proc, u32 desc,
					     bool need_strong_ref)
{
	struct binder_node *node = NULL;
	struct binder_ref *ref;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, need_strong_ref);
	if (ref) {
		node = ref->node;
		spin_lock(&node->proc->inner_lock);
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&node->proc->inner_lock);
	}
	mutex_unlock(&proc->refs_lock);
	return node;
}

/**
 * binder_get_ref_node_for_txn() - the node a transaction to @desc targets,
 * pinned for the transaction in one go
 * @proc:   the sender
 * @desc:   handle called; must be strong
 * @procp:  set to the node's owner, with an active reference
 * @error:  set to the BR_* code on failure
 *
 * Return: the node with a local strong count (see
 * binder_node_get_for_txn_nilocked()), or NULL.
 */
struct binder_node *binder_get_ref_node_for_txn(struct binder_proc *proc, u32 desc,
						struct binder_proc **procp, u32 *error)
{
	struct binder_node *node = NULL;
	struct binder_ref *ref;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, true);
	if (!ref) {
		*error = BR_FAILED_REPLY;
	} else {
		binder_node_inner_lock(ref->node);
		*error = binder_node_get_for_txn_nilocked(ref->node, procp);
		if (*error == BR_OK)
			node = ref->node;
		binder_node_inner_unlock(ref->node);
	}
	mutex_unlock(&proc->refs_lock);
	return node;
}

/* Queue a death-notification work item for @proc's readers. */
static void binder_queue_death_ilocked(struct binder_proc *proc, struct binder_thread *thread,
				       struct binder_ref_death *death,
				       enum binder_work_type type)
{
	lockdep_assert_held(&proc->inner_lock);
	death->work.type = type;
	if (thread && (thread->looper & (BINDER_LOOPER_STATE_REGISTERED |
					 BINDER_LOOPER_STATE_ENTERED))) {
		binder_enqueue_thread_work_ilocked(thread, &death->work);
	} else {
		binder_enqueue_work_ilocked(proc, &death->work, &proc->todo);
		binder_wakeup_proc_ilocked(proc);
	}
}

/**
 * binder_request_death() - BC_REQUEST_DEATH_NOTIFICATION
 * @proc:   the holder
 * @thread: the calling thread
 * @desc:   handle number
 * @cookie: value to report in BR_DEAD_BINDER
 *
 * Fires at once if the node is already dead.  Mistakes are logged and
 * ignored; running out of memory is reported to the thread as BR_ERROR.
 *
 * Return: 0.
 */
int binder_request_death(struct binder_proc *proc, struct binder_thread *thread,
			 u32 desc, binder_uintptr_t cookie)
{
	struct binder_ref_death *death = kzalloc(sizeof(*death), GFP_KERNEL);
	struct binder_ref *ref;

	if (!death) {
		spin_lock(&proc->inner_lock);
		if (thread->return_error.cmd == BR_OK) {
			thread->return_error.cmd = BR_ERROR;
			binder_enqueue_thread_work_ilocked(thread, &thread->return_error.work);
		}
		spin_unlock(&proc->inner_lock);
		return 0;
	}
	INIT_LIST_HEAD(&death->work.entry);
	death->cookie = cookie;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, false);
	if (!ref) {
		binder_user_error("%d: death notification on unknown handle %u\n",
				  proc->pid, desc);
		goto out_free;
	}
	spin_lock(&ref->node->lock);
	if (ref->death) {
		spin_unlock(&ref->node->lock);
		binder_user_error("%d: handle %u already has a death notification\n",
				  proc->pid, desc);
		goto out_free;
	}
	ref->death = death;
	binder_stat_created(BINDER_STAT_DEATH);
	if (ref->node->owner_dead) {
		spin_lock(&proc->inner_lock);
		death->work.type = BINDER_WORK_DEAD_BINDER;
		binder_enqueue_work_ilocked(proc, &death->work, &proc->todo);
		binder_wakeup_proc_ilocked(proc);
		spin_unlock(&proc->inner_lock);
	}
	spin_unlock(&ref->node->lock);
	mutex_unlock(&proc->refs_lock);
	return 0;

out_free:
	mutex_unlock(&proc->refs_lock);
	kfree(death);
	return 0;
}

/**
 * binder_clear_death() - BC_CLEAR_DEATH_NOTIFICATION
 * @proc:   the holder
 * @thread: the calling thread
 * @desc:   handle number
 * @cookie: must match the one given when requesting
 *
 * Answered by BR_CLEAR_DEATH_NOTIFICATION_DONE: at once if the node is
 * alive, else after BC_DEAD_BINDER_DONE.  Mistakes are logged and ignored.
 *
 * Return: 0.
 */
int binder_clear_death(struct binder_proc *proc, struct binder_thread *thread,
		       u32 desc, binder_uintptr_t cookie)
{
	struct binder_ref_death *death;
	struct binder_ref *ref;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, false);
	if (!ref) {
		binder_user_error("%d: clear death on unknown handle %u\n", proc->pid, desc);
		goto out_unlock;
	}
	spin_lock(&ref->node->lock);
	death = ref->death;
	if (!death || death->cookie != cookie) {
		spin_unlock(&ref->node->lock);
		binder_user_error("%d: clear death on handle %u: %s\n", proc->pid, desc,
				  death ? "cookie mismatch" : "none requested");
		goto out_unlock;
	}
	ref->death = NULL;
	spin_lock(&proc->inner_lock);
	if (list_empty(&death->work.entry))
		binder_queue_death_ilocked(proc, thread, death,
					   BINDER_WORK_CLEAR_DEATH_NOTIFICATION);
	else
		death->work.type = BINDER_WORK_DEAD_BINDER_AND_CLEAR;
	spin_unlock(&proc->inner_lock);
	spin_unlock(&ref->node->lock);
out_unlock:
	mutex_unlock(&proc->refs_lock);
	return 0;
}

/**
 * binder_dead_binder_done() - BC_DEAD_BINDER_DONE
 * @proc:   the holder
 * @thread: the calling thread
 * @cookie: cookie of a BR_DEAD_BINDER read earlier
 *
 * Return: 0 (an unknown cookie is logged and ignored).
 */
int binder_dead_binder_done(struct binder_proc *proc, struct binder_thread *thread,
			    binder_uintptr_t cookie)
{
	struct binder_ref_death *death = NULL, *d;

	spin_lock(&proc->inner_lock);
	list_for_each_entry(d, &proc->delivered_death, work.entry) {
		if (d->cookie == cookie) {
			death = d;
			break;
		}
	}
	if (!death) {
		spin_unlock(&proc->inner_lock);
		binder_user_error("%d: BC_DEAD_BINDER_DONE for unknown cookie %llx\n",
				  proc->pid, (u64)cookie);
		return 0;
	}
	binder_dequeue_work_ilocked(proc, &death->work);
	if (death->work.type == BINDER_WORK_DEAD_BINDER_AND_CLEAR)
		binder_queue_death_ilocked(proc, thread, death,
					   BINDER_WORK_CLEAR_DEATH_NOTIFICATION);
	spin_unlock(&proc->inner_lock);
	return 0;
}

/**
 * binder_notify_node_death_nlocked() - queue BR_DEAD_BINDER for every ref
 * of a node whose owner died
 * @node: the node, marked owner_dead; node->lock is held
 */
void binder_notify_node_death_nlocked(struct binder_node *node)
{
	struct binder_ref *ref;

	lockdep_assert_held(&node->lock);
	hlist_for_each_entry(ref, &node->refs, node_entry) {
		struct binder_proc *holder = ref->proc;

		spin_lock(&holder->inner_lock);
		if (ref->death && list_empty(&ref->death->work.entry)) {
			ref->death->work.type = BINDER_WORK_DEAD_BINDER;
			binder_enqueue_work_ilocked(holder, &ref->death->work, &holder->todo);
			binder_wakeup_proc_ilocked(holder);
		}
		spin_unlock(&holder->inner_lock);
	}
}

/**
 * binder_release_refs() - drop every ref of a dying proc
 * @proc: the proc; no new ref can be created on it after this starts
 */
void binder_release_refs(struct binder_proc *proc)
{
	struct binder_ref *ref;
	struct rb_node *n;
	bool free_node;

	mutex_lock(&proc->refs_lock);
	proc->refs_closed = true;
	while ((n = rb_first(&proc->refs_by_desc))) {
		ref = rb_entry(n, struct binder_ref, rb_node_desc);
		free_node = binder_cleanup_ref_rlocked(ref);
		binder_free_ref(ref, free_node);
	}
	bitmap_free(proc->descs);
	proc->descs = NULL;
	proc->descs_nbits = 0;
	mutex_unlock(&proc->refs_lock);
}

/**
 * binder_ioctl_get_node_info_for_ref() - BINDER_GET_NODE_INFO_FOR_REF
 * @proc:  the caller, which must be the context manager
 * @uinfo: in: a handle, every other field zero; out: the node's counts
 *
 * Return: 0, -EFAULT, -EINVAL (bad input or handle) or -EPERM.
 */
int binder_ioctl_get_node_info_for_ref(struct binder_proc *proc,
				       struct binder_node_info_for_ref __user *uinfo)
{
	struct binder_context *context = proc->context;
	struct binder_node_info_for_ref info;
	struct binder_node *node;
	int ret = 0;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if (info.strong_count || info.weak_count || info.reserved1 ||
	    info.reserved2 || info.reserved3)
		return -EINVAL;

	mutex_lock(&context->mgr_lock);
	if (!context->mgr_node || context->mgr_node->proc != proc) {
		mutex_unlock(&context->mgr_lock);
		return -EPERM;
	}
	mutex_unlock(&context->mgr_lock);

	node = binder_get_node_from_ref(proc, info.handle, true);
	if (!node)
		return -EINVAL;
	binder_node_inner_lock(node);
	info.strong_count = node->local_strong_refs + node->internal_strong_refs;
	info.weak_count = node->local_weak_refs;
	binder_node_inner_unlock(node);
	binder_put_node(node);

	if (copy_to_user(uinfo, &info, sizeof(info)))
		ret = -EFAULT;
	return ret;
}

/**
 * binder_ref_debug_id() - the debug id of a handle, for tracepoints
 * @proc: the holder
 * @desc: handle number
 *
 * Return: the ref's debug id, or 0 if @proc has no such handle.
 */
int binder_ref_debug_id(struct binder_proc *proc, u32 desc)
{
	struct binder_ref *ref;
	int id = 0;

	mutex_lock(&proc->refs_lock);
	ref = binder_get_ref_rlocked(proc, desc, false);
	if (ref)
		id = ref->debug_id;
	mutex_unlock(&proc->refs_lock);
	return id;
}
