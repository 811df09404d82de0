// SPDX-License-Identifier: GPL-2.0
/*
 * Insight: what the driver is doing, in three debugfs files of our own
 * (binder_ipc/, and binderfs's binder_logs/), read by binder-graph,
 * binder-stats --latency and binder-top.  Each starts with a versioned
 * line; later versions only add record types or fields at the end of a
 * line (before a trailing "context"), so v1 readers keep working.  The
 * formats are documented in README.md ("The insight files").
 *
 *   graph     the object graph: procs, the nodes they own, the refs they
 *             hold (with their counts and death notifications) and the
 *             transactions queued to or served by them
 *   latency   log2 histograms of transaction times, per device and per
 *             proc: sync calls from the caller's BC_TRANSACTION to its
 *             BR_REPLY, one-way calls from the sender's BC_TRANSACTION to
 *             the target's BR_TRANSACTION
 *   activity  per proc: calls, one-way calls, replies and bytes sent,
 *             failures, buffer space in use, threads busy and idle
 *
 * A proc is named by its debug_id (a process may open several fds, and
 * one fd's proc may live on after its file is closed while others still
 * reference its nodes).
 *
 * Counting costs the senders and readers one ktime_get() and a few
 * atomic64 increments, no lock: a sent transaction bumps its sender's
 * activity; a read BR_REPLY or one-way BR_TRANSACTION bumps one bucket of
 * the reader's proc and one of its device.  A proc's counts go with it.
 *
 * Locks: the readers take, as binder_debugfs.c's do and in the order of
 * binder_internal.h, binder_procs_lock for the walk over procs, a proc's
 * inner_lock for its threads, nodes and todo lists (nodes are pinned with
 * a tmp ref to be printed under their node->lock), refs_lock then
 * node->lock for its refs, and alloc->mutex (outside any spinlock) for
 * the buffer space.  The nodes of dead owners are walked after
 * binder_procs_lock is dropped.  binder_insight_lock, a leaf, guards only
 * the list of contexts.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "binder_internal.h"

/* ---- contexts, for the latency file ------------------------------------ */

/* Every live context (device), in creation order; a leaf lock. */
static DEFINE_SPINLOCK(binder_insight_lock);
static LIST_HEAD(binder_insight_contexts);

/**
 * binder_insight_context_add() - list a new device's context
 * @context: the context, not yet used by any proc
 */
void binder_insight_context_add(struct binder_context *context)
{
	spin_lock(&binder_insight_lock);
	list_add_tail(&context->insight_entry, &binder_insight_contexts);
	spin_unlock(&binder_insight_lock);
}

/**
 * binder_insight_context_remove() - unlist a context about to be freed
 * @context: the context; may be called under other binder locks
 */
void binder_insight_context_remove(struct binder_context *context)
{
	spin_lock(&binder_insight_lock);
	list_del(&context->insight_entry);
	spin_unlock(&binder_insight_lock);
}

/* ---- the hooks ---------------------------------------------------------- */

/**
 * binder_insight_sent() - a transaction was queued to its target
 * @proc:  the sender
 * @tr:    what it sent
 * @reply: BC_REPLY
 */
void binder_insight_sent(struct binder_proc *proc, const struct binder_transaction_data *tr,
			 bool reply)
{
	struct binder_activity *a = &proc->activity;

	if (reply)
		atomic64_inc(&a->replies);
	else if (tr->flags & TF_ONE_WAY)
		atomic64_inc(&a->oneway);
	else
		atomic64_inc(&a->calls);
	atomic64_add(tr->data_size + tr->offsets_size, &a->bytes);
}

/**
 * binder_insight_failed() - a BC_TRANSACTION or BC_REPLY failed
 * @proc: the sender, who gets the error
 */
void binder_insight_failed(struct binder_proc *proc)
{
	atomic64_inc(&proc->activity.failed);
}

static unsigned int binder_lat_bucket(s64 ns)
{
	unsigned int k;

	if (ns < 2)
		return 0;
	k = fls64(ns) - 1;
	return min_t(unsigned int, k, BINDER_LAT_BUCKETS - 1);
}

/**
 * binder_insight_delivered() - a thread read a transaction
 * @proc: the reader's proc
 * @t:    the transaction, still valid
 * @cmd:  what the reader got: BR_REPLY, BR_TRANSACTION(_SEC_CTX)
 *
 * A reply times its call; a one-way call its own delivery.  A sync call
 * arriving is not timed here: its time is its caller's, at the reply.
 */
void binder_insight_delivered(struct binder_proc *proc, const struct binder_transaction *t,
			      u32 cmd)
{
	enum binder_lat_kind kind;
	unsigned int k;
	ktime_t since;

	if (cmd == BR_REPLY) {
		kind = BINDER_LAT_CALL;
		since = t->call_time;
	} else if (t->flags & TF_ONE_WAY) {
		kind = BINDER_LAT_ONEWAY;
		since = t->start_time;
	} else {
		return;
	}
	k = binder_lat_bucket(ktime_to_ns(ktime_sub(ktime_get(), since)));
	atomic64_inc(&proc->latency.bucket[kind][k]);
	atomic64_inc(&proc->context->latency.bucket[kind][k]);
}

/* ---- latency ------------------------------------------------------------ */

static const char *const binder_lat_names[BINDER_LAT_KINDS] = {
	[BINDER_LAT_CALL]	= "call",
	[BINDER_LAT_ONEWAY]	= "oneway",
};

/* The counts of one kind, after the line's leading fields. */
static void binder_print_histogram(struct seq_file *m, struct binder_latency *lat,
				   enum binder_lat_kind kind)
{
	int k;

	seq_puts(m, binder_lat_names[kind]);
	for (k = 0; k < BINDER_LAT_BUCKETS; k++)
		seq_printf(m, " %lld", (long long)atomic64_read(&lat->bucket[kind][k]));
}

static int latency_show(struct seq_file *m, void *unused)
{
	struct binder_context *context;
	struct binder_proc *proc;
	int kind;

	seq_puts(m, "binder_ipc latency v1\n");
	seq_printf(m, "buckets %d unit ns\n", BINDER_LAT_BUCKETS);

	spin_lock(&binder_insight_lock);
	list_for_each_entry(context, &binder_insight_contexts, insight_entry) {
		for (kind = 0; kind < BINDER_LAT_KINDS; kind++) {
			seq_puts(m, "device ");
			binder_print_histogram(m, &context->latency, kind);
			seq_printf(m, " context %s\n", context->name);
		}
	}
	spin_unlock(&binder_insight_lock);

	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry) {
		for (kind = 0; kind < BINDER_LAT_KINDS; kind++) {
			seq_printf(m, "proc %d pid %d ", proc->debug_id, proc->pid);
			binder_print_histogram(m, &proc->latency, kind);
			seq_printf(m, " context %s\n", proc->context->name);
		}
	}
	mutex_unlock(&binder_procs_lock);
	return 0;
}

static int latency_open(struct inode *inode, struct file *file)
{
	return single_open(file, latency_show, NULL);
}

const struct file_operations binder_latency_fops = {
	.owner = THIS_MODULE,
	.open = latency_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* ---- activity ----------------------------------------------------------- */

/* Is @thread serving a sync call (anywhere on its stack)? */
static bool binder_thread_busy_ilocked(struct binder_thread *thread)
{
	struct binder_transaction *t = thread->transaction_stack;

	lockdep_assert_held(&thread->proc->inner_lock);
	/* The stack links and their from/to_thread are stable under it. */
	while (t) {
		if (t->to_thread == thread)
			return true;
		if (t->from != thread)
			return false;
		t = t->from_parent;
	}
	return false;
}

/*
 * Is @thread waiting for work: asleep in a read, or a poll-driven looper
 * with nothing queued for it (not serving a call: checked first)?
 */
static bool binder_thread_idle_ilocked(struct binder_thread *thread)
{
	if (thread->looper & BINDER_LOOPER_STATE_WAITING)
		return true;
	return thread->looper & BINDER_LOOPER_STATE_POLL && list_empty(&thread->todo);
}

/* One proc's activity line; binder_procs_lock is held. */
static void binder_print_activity(struct seq_file *m, struct binder_proc *proc)
{
	unsigned int threads = 0, busy = 0, idle = 0;
	struct binder_activity *a = &proc->activity;
	struct binder_thread *thread;
	size_t used, size;
	struct rb_node *n;

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		thread = rb_entry(n, struct binder_thread, rb_node);
		threads++;
		if (binder_thread_busy_ilocked(thread))
			busy++;
		else if (binder_thread_idle_ilocked(thread))
			idle++;
	}
	spin_unlock(&proc->inner_lock);
	size = binder_alloc_buffer_size(&proc->alloc);
	used = binder_alloc_allocated_bytes(&proc->alloc);

	seq_printf(m, "proc %d pid %d calls %lld oneway %lld replies %lld bytes %lld failed %lld",
		   proc->debug_id, proc->pid, (long long)atomic64_read(&a->calls),
		   (long long)atomic64_read(&a->oneway), (long long)atomic64_read(&a->replies),
		   (long long)atomic64_read(&a->bytes), (long long)atomic64_read(&a->failed));
	seq_printf(m, " buffer_used %zu buffer_size %zu threads %u busy %u idle %u context %s\n",
		   used, size, threads, busy, idle, proc->context->name);
}

static int activity_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;

	seq_puts(m, "binder_ipc activity v1\n");
	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry)
		binder_print_activity(m, proc);
	mutex_unlock(&binder_procs_lock);
	return 0;
}

static int activity_open(struct inode *inode, struct file *file)
{
	return single_open(file, activity_show, NULL);
}

const struct file_operations binder_activity_fops = {
	.owner = THIS_MODULE,
	.open = activity_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* ---- graph -------------------------------------------------------------- */

static const char *binder_txn_kind(const struct binder_transaction *t)
{
	if (t->flags & TF_ONE_WAY)
		return "oneway";
	return t->need_reply ? "call" : "reply";
}

/*
 * One transaction queued to or served by @proc, its receiver, whose
 * inner_lock is held (that lock protects t->buffer).
 */
static void binder_graph_txn_ilocked(struct seq_file *m, struct binder_proc *proc,
				     struct binder_transaction *t, const char *state)
{
	struct binder_node *node = t->buffer ? t->buffer->target_node : NULL;
	pid_t to_tid;

	lockdep_assert_held(&proc->inner_lock);
	spin_lock(&t->lock);
	to_tid = t->to_thread ? t->to_thread->pid : 0;
	spin_unlock(&t->lock);
	seq_printf(m, "txn %d kind %s from %d pid %d tid %d to %d tid %d node %d code 0x%x flags 0x%x state %s age_ms %lld\n",
		   t->debug_id, binder_txn_kind(t), t->from_proc_id, t->from_pid, t->from_tid,
		   proc->debug_id, to_tid, node ? node->debug_id : 0, t->code, t->flags,
		   state, ktime_ms_delta(ktime_get(), t->start_time));
}

/* The transactions of one todo list of @proc. */
static void binder_graph_todo_ilocked(struct seq_file *m, struct binder_proc *proc,
				      struct list_head *todo)
{
	struct binder_work *w;

	list_for_each_entry(w, todo, entry)
		if (w->type == BINDER_WORK_TRANSACTION)
			binder_graph_txn_ilocked(m, proc,
						 container_of(w, struct binder_transaction, work),
						 "queued");
}

/* One node, and the one-way calls waiting behind the one in flight. */
static void binder_graph_node_nilocked(struct seq_file *m, struct binder_node *node)
{
	struct binder_ref *ref;
	struct binder_work *w;
	int refs = 0;

	hlist_for_each_entry(ref, &node->refs, node_entry)
		refs++;
	seq_printf(m, "node %d proc %d ptr 0x%llx cookie 0x%llx hs %d hw %d is %d ls %d lw %d refs %d mgr %d dead %d\n",
		   node->debug_id, node->proc->debug_id, (u64)node->ptr, (u64)node->cookie,
		   node->has_strong_ref, node->has_weak_ref, node->internal_strong_refs,
		   node->local_strong_refs, node->local_weak_refs, refs,
		   binder_node_is_context_mgr(node), node->owner_dead);
	if (node->owner_dead)
		return;
	list_for_each_entry(w, &node->async_todo, entry)
		binder_graph_txn_ilocked(m, node->proc,
					 container_of(w, struct binder_transaction, work),
					 "waiting");
}

/* The nodes @proc owns; binder_procs_lock is held. */
static void binder_graph_nodes(struct seq_file *m, struct binder_proc *proc)
{
	struct binder_node *node, *last = NULL;
	struct rb_node *n;

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct binder_node, rb_node);
		/* Pinned, it stays in the tree while node->lock is taken first. */
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&proc->inner_lock);
		if (last)
			binder_put_node(last);
		binder_node_inner_lock(node);
		binder_graph_node_nilocked(m, node);
		binder_node_inner_unlock(node);
		last = node;
		spin_lock(&proc->inner_lock);
	}
	spin_unlock(&proc->inner_lock);
	if (last)
		binder_put_node(last);
}

/* The refs @proc holds, each with its death notification if any. */
static void binder_graph_refs(struct seq_file *m, struct binder_proc *proc)
{
	struct binder_node *node;
	struct binder_ref *ref;
	struct rb_node *n;

	mutex_lock(&proc->refs_lock);
	for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n)) {
		ref = rb_entry(n, struct binder_ref, rb_node_desc);
		node = ref->node;
		spin_lock(&node->lock);
		seq_printf(m, "ref %d proc %d desc %u node %d owner %d strong %d weak %d\n",
			   ref->debug_id, proc->debug_id, ref->desc, node->debug_id,
			   node->proc->debug_id, ref->strong, ref->weak);
		if (ref->death)
			seq_printf(m, "death %d proc %d node %d cookie 0x%llx fired %d\n",
				   ref->debug_id, proc->debug_id, node->debug_id,
				   (u64)ref->death->cookie, node->owner_dead);
		spin_unlock(&node->lock);
	}
	mutex_unlock(&proc->refs_lock);
}

/* What is queued to @proc's todo lists and what its threads serve. */
static void binder_graph_txns(struct seq_file *m, struct binder_proc *proc)
{
	struct binder_transaction *t;
	struct binder_thread *thread;
	struct rb_node *n;

	spin_lock(&proc->inner_lock);
	binder_graph_todo_ilocked(m, proc, &proc->todo);
	for (n = rb_first(&proc->threads); n; n = rb_next(n)) {
		thread = rb_entry(n, struct binder_thread, rb_node);
		/* Calls it serves; its own calls are printed by their receivers. */
		for (t = thread->transaction_stack; t;) {
			if (t->to_thread == thread) {
				binder_graph_txn_ilocked(m, proc, t, "serving");
				t = t->to_parent;
			} else if (t->from == thread) {
				t = t->from_parent;
			} else {
				break;
			}
		}
		binder_graph_todo_ilocked(m, proc, &thread->todo);
	}
	spin_unlock(&proc->inner_lock);
}

static int graph_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;

	seq_puts(m, "binder_ipc graph v1\n");
	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry) {
		seq_printf(m, "proc %d pid %d context %s\n", proc->debug_id, proc->pid,
			   proc->context->name);
		binder_graph_nodes(m, proc);
		binder_graph_refs(m, proc);
		binder_graph_txns(m, proc);
	}
	mutex_unlock(&binder_procs_lock);
	/* Nodes whose owner closed its fd, still referenced: "dead 1". */
	binder_walk_dead_nodes(m, binder_graph_node_nilocked);
	return 0;
}

static int graph_open(struct inode *inode, struct file *file)
{
	return single_open(file, graph_show, NULL);
}

const struct file_operations binder_graph_fops = {
	.owner = THIS_MODULE,
	.open = graph_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
