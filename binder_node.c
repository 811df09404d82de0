// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes: the objects a proc exports.  A node is created the first time its
 * owner sends it in a transaction (or becomes context manager) and is
 * found again by the owner's pointer value.
 *
 * Who counts a node:
 *   refs                  every binder_ref of another proc (a weak count);
 *   internal_strong_refs  refs that also hold a strong count;
 *   local_strong/weak     counts the driver holds: transactions targeting
 *                         the node, objects in buffers delivered to the
 *                         owner, and acknowledgements still outstanding;
 *   tmp_refs              short-lived pins while a pointer is in use.
 * The owner is told, through BR_INCREFS/BR_ACQUIRE/BR_RELEASE/BR_DECREFS,
 * when the node gains or loses its first or last weak or strong count;
 * has_weak_ref/has_strong_ref record what the owner was last told.  A node
 * is freed when nothing counts it and the owner holds nothing.
 *
 * Counts are protected by node->lock together with the owner's
 * inner_lock; see binder_node_inner_lock().
 */

#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_internal.h"

/**
 * binder_node_inner_lock() - take node->lock, then the owner's inner_lock
 * @node: the node
 */
void binder_node_inner_lock(struct binder_node *node)
	__acquires(&node->lock) __acquires(&node->proc->inner_lock)
{
	spin_lock(&node->lock);
	spin_lock(&node->proc->inner_lock);
}

/**
 * binder_node_inner_unlock() - release what binder_node_inner_lock() took
 * @node: the node
 */
void binder_node_inner_unlock(struct binder_node *node)
	__releases(&node->proc->inner_lock) __releases(&node->lock)
{
	spin_unlock(&node->proc->inner_lock);
	spin_unlock(&node->lock);
}

static void binder_assert_nilocked(struct binder_node *node)
{
	lockdep_assert_held(&node->lock);
	lockdep_assert_held(&node->proc->inner_lock);
}

static struct binder_node *binder_get_node_ilocked(struct binder_proc *proc,
						   binder_uintptr_t ptr)
{
	struct rb_node *n = proc->nodes.rb_node;

	lockdep_assert_held(&proc->inner_lock);
	while (n) {
		struct binder_node *node = rb_entry(n, struct binder_node, rb_node);

		if (ptr < node->ptr) {
			n = n->rb_left;
		} else if (ptr > node->ptr) {
			n = n->rb_right;
		} else {
			binder_inc_node_tmpref_ilocked(node);
			return node;
		}
	}
	return NULL;
}

/**
 * binder_get_node() - look up a node of @proc by the owner's pointer
 * @proc: the owner
 * @ptr:  its pointer value
 *
 * Return: the node with a tmp ref (binder_put_node() it), or NULL.
 */
struct binder_node *binder_get_node(struct binder_proc *proc, binder_uintptr_t ptr)
{
	struct binder_node *node;

	spin_lock(&proc->inner_lock);
	node = binder_get_node_ilocked(proc, ptr);
	spin_unlock(&proc->inner_lock);
	return node;
}

/*
 * Insert @new for @fp's pointer unless a node with that pointer appeared
 * meanwhile, in which case that one is returned (with a tmp ref).
 */
static struct binder_node *binder_init_node_ilocked(struct binder_proc *proc,
						    struct binder_node *new,
						    const struct flat_binder_object *fp)
{
	binder_uintptr_t ptr = fp ? fp->binder : 0;
	u32 flags = fp ? fp->flags : 0;
	struct rb_node **p = &proc->nodes.rb_node, *parent = NULL;

	lockdep_assert_held(&proc->inner_lock);
	while (*p) {
		struct binder_node *node = rb_entry(*p, struct binder_node, rb_node);

		parent = *p;
		if (ptr < node->ptr) {
			p = &(*p)->rb_left;
		} else if (ptr > node->ptr) {
			p = &(*p)->rb_right;
		} else {
			binder_inc_node_tmpref_ilocked(node);
			return node;
		}
	}

	spin_lock_init(&new->lock);
	binder_proc_get(proc);
	new->proc = proc;
	new->ptr = ptr;
	new->cookie = fp ? fp->cookie : 0;
	new->min_priority = flags & FLAT_BINDER_FLAG_PRIORITY_MASK;
	new->accept_fds = !!(flags & FLAT_BINDER_FLAG_ACCEPTS_FDS);
	new->txn_security_ctx = !!(flags & FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
	new->tmp_refs = 1;
	new->debug_id = binder_new_debug_id();
	new->work.type = BINDER_WORK_NODE;
	INIT_LIST_HEAD(&new->work.entry);
	INIT_LIST_HEAD(&new->async_todo);
	INIT_HLIST_HEAD(&new->refs);
	INIT_LIST_HEAD(&new->dead_entry);
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &proc->nodes);
	binder_stat_created(BINDER_STAT_NODE);
	return new;
}

/**
 * binder_new_node() - find or create the node of @proc for @fp
 * @proc: the owner (the caller's own proc)
 * @fp:   the object being sent, or NULL for a context manager created by
 *        BINDER_SET_CONTEXT_MGR (pointer, cookie and flags all zero)
 *
 * Return: the node with a tmp ref, or NULL if out of memory.
 */
struct binder_node *binder_new_node(struct binder_proc *proc,
				    const struct flat_binder_object *fp)
{
	struct binder_node *new = kzalloc(sizeof(*new), GFP_KERNEL);
	struct binder_node *node;

	if (!new)
		return NULL;
	spin_lock(&proc->inner_lock);
	node = binder_init_node_ilocked(proc, new, fp);
	spin_unlock(&proc->inner_lock);
	if (node != new)
		kfree(new);
	return node;
}

/**
 * binder_free_node() - free a node nothing counts any more
 * @node: the node; the caller holds none of its locks
 *
 * Once nothing counts a node, nothing can find it again: it left its
 * owner's tree, and debugfs's walk of the dead list skips nodes without a
 * count (binder_pin_dead_node()), which only this call takes off the list.
 */
void binder_free_node(struct binder_node *node)
{
	struct binder_proc *proc = node->proc;

	spin_lock(&binder_dead_nodes_lock);
	list_del(&node->dead_entry);
	spin_unlock(&binder_dead_nodes_lock);
	kfree(node);
	binder_stat_deleted(BINDER_STAT_NODE);
	binder_proc_put(proc);
}

/**
 * binder_inc_node_tmpref_ilocked() - pin @node while a pointer is used
 * @node: the node; the owner's inner_lock is held
 */
void binder_inc_node_tmpref_ilocked(struct binder_node *node)
{
	lockdep_assert_held(&node->proc->inner_lock);
	node->tmp_refs++;
}

/*
 * After a count dropped: tell the owner if it holds a ref it should drop,
 * or report that the node can be freed (the caller frees it after
 * unlocking).
 */
static bool binder_node_check_unused_nilocked(struct binder_node *node)
{
	struct binder_proc *proc = node->proc;

	binder_assert_nilocked(node);
	if (node->local_strong_refs || node->internal_strong_refs)
		return false;
	if (node->local_weak_refs || node->tmp_refs || !hlist_empty(&node->refs)) {
		/* Still weakly held; maybe the owner must drop its strong ref. */
		if (!node->owner_dead && node->has_strong_ref && list_empty(&node->work.entry)) {
			binder_enqueue_work_ilocked(proc, &node->work, &proc->todo);
			binder_wakeup_proc_ilocked(proc);
		}
		return false;
	}
	if (!node->owner_dead && (node->has_strong_ref || node->has_weak_ref)) {
		if (list_empty(&node->work.entry)) {
			binder_enqueue_work_ilocked(proc, &node->work, &proc->todo);
			binder_wakeup_proc_ilocked(proc);
		}
		return false;
	}
	if (!node->owner_dead) {
		binder_dequeue_work_ilocked(proc, &node->work);
		rb_erase(&node->rb_node, &proc->nodes);
		node->owner_dead = 1;
	}
	return true;
}

/**
 * binder_inc_node_nilocked() - count a new holder of @node
 * @node:     the node
 * @strong:   strong rather than weak
 * @internal: held by a binder_ref (rather than by the driver itself)
 * @thread:   sending thread that should tell the owner (its own node) to
 *            take the matching ref, or NULL
 *
 * A first strong count from a ref needs the node to be strong already
 * (another ref, or the context manager) unless @thread is given: one
 * cannot make a strong ref out of a weak one.
 *
 * Return: 0 or -EINVAL.
 */
int binder_inc_node_nilocked(struct binder_node *node, bool strong, bool internal,
			     struct binder_thread *thread)
{
	binder_assert_nilocked(node);
	if (strong) {
		if (internal) {
			if (!thread && node->internal_strong_refs == 0 &&
			    !(binder_node_is_context_mgr(node) && node->has_strong_ref)) {
				binder_user_error("node %d: strong ref from a weak one\n",
						  node->debug_id);
				return -EINVAL;
			}
			node->internal_strong_refs++;
		} else {
			node->local_strong_refs++;
		}
		if (!node->has_strong_ref && thread) {
			binder_dequeue_work_ilocked(node->proc, &node->work);
			binder_enqueue_deferred_thread_work_ilocked(thread, &node->work);
		}
	} else {
		if (!internal)
			node->local_weak_refs++;
		if (!node->has_weak_ref && list_empty(&node->work.entry)) {
			if (!thread) {
				binder_user_error("node %d: weak ref nobody can announce\n",
						  node->debug_id);
				return -EINVAL;
			}
			binder_enqueue_deferred_thread_work_ilocked(thread, &node->work);
		}
	}
	return 0;
}

/**
 * binder_inc_node() - binder_inc_node_nilocked() taking the locks
 * @node: the node
 * @strong: see binder_inc_node_nilocked()
 * @internal: see binder_inc_node_nilocked()
 * @thread: see binder_inc_node_nilocked()
 *
 * Return: 0 or -EINVAL.
 */
int binder_inc_node(struct binder_node *node, bool strong, bool internal,
		    struct binder_thread *thread)
{
	int ret;

	binder_node_inner_lock(node);
	ret = binder_inc_node_nilocked(node, strong, internal, thread);
	binder_node_inner_unlock(node);
	return ret;
}

/**
 * binder_dec_node_nilocked() - drop a count taken by binder_inc_node*()
 * @node:     the node
 * @strong:   strong rather than weak
 * @internal: the count belonged to a binder_ref
 *
 * Return: true if the node must now be freed with binder_free_node(),
 * after the caller dropped the locks.
 */
bool binder_dec_node_nilocked(struct binder_node *node, bool strong, bool internal)
{
	binder_assert_nilocked(node);
	if (strong) {
		if (internal)
			node->internal_strong_refs--;
		else
			node->local_strong_refs--;
	} else if (!internal) {
		node->local_weak_refs--;
	}
	WARN_ON_ONCE(node->internal_strong_refs < 0 || node->local_strong_refs < 0 ||
		     node->local_weak_refs < 0);
	return binder_node_check_unused_nilocked(node);
}

/**
 * binder_dec_node() - binder_dec_node_nilocked() taking the locks, and
 * freeing the node if that was the last count
 * @node: the node
 * @strong: see binder_dec_node_nilocked()
 * @internal: see binder_dec_node_nilocked()
 */
void binder_dec_node(struct binder_node *node, bool strong, bool internal)
{
	bool free_node;

	binder_node_inner_lock(node);
	free_node = binder_dec_node_nilocked(node, strong, internal);
	binder_node_inner_unlock(node);
	if (free_node)
		binder_free_node(node);
}

/**
 * binder_put_node() - drop a tmp ref; frees the node if it was the last use
 * @node: the node; the caller holds none of its locks
 */
void binder_put_node(struct binder_node *node)
{
	bool free_node;

	binder_node_inner_lock(node);
	node->tmp_refs--;
	WARN_ON_ONCE(node->tmp_refs < 0);
	free_node = binder_node_check_unused_nilocked(node);
	binder_node_inner_unlock(node);
	if (free_node)
		binder_free_node(node);
}

/**
 * binder_node_get_for_txn_nilocked() - pin the target node of a transaction
 * @node:  the node the sender addressed; its inner locks are held
 * @procp: set to the owner, with an active reference
 *
 * Takes a local strong count, which keeps the node alive without a tmp ref
 * and is owned by the transaction's buffer once it is sent.
 *
 * Return: BR_OK, or BR_DEAD_REPLY when the owner is gone.
 */
u32 binder_node_get_for_txn_nilocked(struct binder_node *node, struct binder_proc **procp)
{
	binder_assert_nilocked(node);
	if (node->owner_dead || !binder_proc_get_active(node->proc))
		return BR_DEAD_REPLY;
	node->local_strong_refs++;
	*procp = node->proc;
	return BR_OK;
}

static int binder_put_node_cmd(struct binder_proc *proc, void __user **ptrp, u32 cmd,
			       binder_uintptr_t node_ptr, binder_uintptr_t cookie)
{
	void __user *ptr = *ptrp;

	if (put_user(cmd, (u32 __user *)ptr))
		return -EFAULT;
	ptr += sizeof(u32);
	if (put_user(node_ptr, (binder_uintptr_t __user *)ptr))
		return -EFAULT;
	ptr += sizeof(binder_uintptr_t);
	if (put_user(cookie, (binder_uintptr_t __user *)ptr))
		return -EFAULT;
	ptr += sizeof(binder_uintptr_t);
	*ptrp = ptr;
	binder_count_br(proc, cmd);
	return 0;
}

/**
 * binder_node_work_read() - tell the owner how its node's counts changed
 * @thread: a thread of the owner, reading
 * @node:   the node whose work item was just dequeued, with a tmp ref that
 *          this function drops
 * @ptrp:   read-buffer cursor; room for four commands was checked
 *
 * Emits, in this order and as needed, BR_INCREFS, BR_ACQUIRE, BR_RELEASE
 * and BR_DECREFS.  For a new ref the driver holds a local count until the
 * owner acknowledges with BC_INCREFS_DONE / BC_ACQUIRE_DONE.
 *
 * Return: 0 or -EFAULT.
 */
int binder_node_work_read(struct binder_thread *thread, struct binder_node *node,
			  void __user **ptrp)
{
	binder_uintptr_t node_ptr = node->ptr, cookie = node->cookie;
	bool strong, weak, had_strong, had_weak;
	int ret = 0;

	binder_node_inner_lock(node);
	strong = node->internal_strong_refs || node->local_strong_refs;
	/* Our own tmp ref does not count. */
	weak = strong || !hlist_empty(&node->refs) || node->local_weak_refs ||
	       node->tmp_refs > 1;
	had_strong = node->has_strong_ref;
	had_weak = node->has_weak_ref;

	if (weak && !had_weak) {
		node->has_weak_ref = 1;
		node->pending_weak_ref = 1;
		node->local_weak_refs++;
	}
	if (strong && !had_strong) {
		node->has_strong_ref = 1;
		node->pending_strong_ref = 1;
		node->local_strong_refs++;
	}
	if (!strong && had_strong)
		node->has_strong_ref = 0;
	if (!weak && had_weak)
		node->has_weak_ref = 0;
	binder_node_inner_unlock(node);

	if (weak && !had_weak)
		ret = binder_put_node_cmd(thread->proc, ptrp, BR_INCREFS, node_ptr, cookie);
	if (!ret && strong && !had_strong)
		ret = binder_put_node_cmd(thread->proc, ptrp, BR_ACQUIRE, node_ptr, cookie);
	if (!ret && !strong && had_strong)
		ret = binder_put_node_cmd(thread->proc, ptrp, BR_RELEASE, node_ptr, cookie);
	if (!ret && !weak && had_weak)
		ret = binder_put_node_cmd(thread->proc, ptrp, BR_DECREFS, node_ptr, cookie);

	binder_put_node(node);
	return ret;
}

/**
 * binder_node_done() - BC_INCREFS_DONE / BC_ACQUIRE_DONE from the owner
 * @proc:   the owner
 * @cmd:    which of the two
 * @ptr:    node pointer
 * @cookie: node cookie, must match
 *
 * Mistakes are logged and otherwise ignored, as upstream does.
 *
 * Return: 0.
 */
int binder_node_done(struct binder_proc *proc, u32 cmd, binder_uintptr_t ptr,
		     binder_uintptr_t cookie)
{
	bool strong = cmd == BC_ACQUIRE_DONE;
	struct binder_node *node = binder_get_node(proc, ptr);

	if (!node) {
		binder_user_error("%d: %s for unknown node %llx\n", proc->pid,
				  strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", (u64)ptr);
		return 0;
	}
	binder_node_inner_lock(node);
	if (cookie != node->cookie) {
		binder_user_error("%d: node %d cookie mismatch\n", proc->pid, node->debug_id);
	} else if (strong ? !node->pending_strong_ref : !node->pending_weak_ref) {
		binder_user_error("%d: node %d has no pending %s\n", proc->pid,
				  node->debug_id, strong ? "acquire" : "increfs");
	} else {
		if (strong)
			node->pending_strong_ref = 0;
		else
			node->pending_weak_ref = 0;
		/* Our tmp ref keeps the node: binder_put_node() frees it if need be. */
		binder_dec_node_nilocked(node, strong, false);
	}
	binder_node_inner_unlock(node);
	binder_put_node(node);
	return 0;
}

/*
 * The owner of @node is dying.  Under node->lock, so that a concurrent
 * BC_REQUEST_DEATH_NOTIFICATION either is seen here or sees owner_dead:
 * mark the node dead, drop the counts of acknowledgements the owner will
 * never send, and fire the death notifications of the refs on it.  What
 * the owner was last told (has_strong_ref, has_weak_ref) stays: refs may
 * still take weak counts on a dead node, as upstream allows.  Then the
 * one-way calls still queued on the node go, and our tmp ref.
 */
static void binder_node_release(struct binder_node *node)
{
	struct binder_proc *proc = node->proc;

	binder_node_inner_lock(node);
	rb_erase(&node->rb_node, &proc->nodes);
	node->owner_dead = 1;
	binder_dequeue_work_ilocked(proc, &node->work);
	if (node->pending_strong_ref)
		node->local_strong_refs--;
	if (node->pending_weak_ref)
		node->local_weak_refs--;
	node->pending_strong_ref = 0;
	node->pending_weak_ref = 0;
	spin_unlock(&proc->inner_lock);
	binder_notify_node_death_nlocked(node);
	spin_unlock(&node->lock);

	/* Our tmp ref keeps the node on the list until binder_free_node(). */
	spin_lock(&binder_dead_nodes_lock);
	list_add_tail(&node->dead_entry, &binder_dead_nodes);
	spin_unlock(&binder_dead_nodes_lock);

	binder_release_work(proc, &node->async_todo);
	binder_put_node(node);
}

/**
 * binder_release_nodes() - release every node of a dying proc
 * @proc: the proc; it is marked dead and runs no ioctl any more
 */
void binder_release_nodes(struct binder_proc *proc)
{
	struct binder_node *node;
	struct rb_node *n;

	for (;;) {
		spin_lock(&proc->inner_lock);
		n = rb_first(&proc->nodes);
		if (!n) {
			spin_unlock(&proc->inner_lock);
			break;
		}
		node = rb_entry(n, struct binder_node, rb_node);
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&proc->inner_lock);
		binder_node_release(node);
	}
}

/**
 * binder_ioctl_get_node_debug_info() - BINDER_GET_NODE_DEBUG_INFO
 * @proc:  the caller
 * @uinfo: in: a node pointer; out: the caller's next node after it
 *
 * Return: 0 or -EFAULT.
 */
int binder_ioctl_get_node_debug_info(struct binder_proc *proc,
				     struct binder_node_debug_info __user *uinfo)
{
	struct binder_node_debug_info info;
	binder_uintptr_t ptr;
	struct rb_node *n;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	ptr = info.ptr;
	memset(&info, 0, sizeof(info));

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		struct binder_node *node = rb_entry(n, struct binder_node, rb_node);

		if (node->ptr > ptr) {
			info.ptr = node->ptr;
			info.cookie = node->cookie;
			info.has_strong_ref = node->has_strong_ref;
			info.has_weak_ref = node->has_weak_ref;
			break;
		}
	}
	spin_unlock(&proc->inner_lock);

	if (copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}
