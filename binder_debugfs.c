// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/binder_ipc/
 *
 * Upstream's files, in upstream's formats (those of Linux 6.12, which
 * print a superset of 6.1's: see below), so tools written for
 * /sys/kernel/debug/binder/ read them:
 *
 *   state         every proc: threads with their transaction stacks and
 *                 todo lists, nodes, refs, buffers, pending work; first
 *                 the nodes whose owner died ("dead nodes:")
 *   stats         BC_* and BR_* counts and object counts, overall, then
 *                 per proc (threads, nodes, refs, buffers, pages...)
 *   transactions  like state, but only what is in flight
 *   transaction_log, failed_transaction_log
 *                 the last 32 transactions started, and the last 32 that
 *                 failed, oldest first
 *   proc/<pid>    state, for the binder fds of one process
 *
 * and our own:
 *
 *   counters      object counters, one line per type:
 *                 "<type>: active <n> created <n> deleted <n>"
 *                 The selftests check that every "active" is back to 0.
 *   procs         per open binder fd: pid, context, threads, nodes, buffer
 *                 size, then the allocator's line (buffers, pages, async
 *                 space).
 *   dead_nodes    nodes whose owner released its fd but that something
 *                 still counts: refs, driver-held strong/weak counts, tmp
 *                 refs.
 *   graph, latency, activity
 *                 the object graph, latency histograms and per-proc
 *                 activity: binder_insight.c.
 *
 * Where 6.1 and 6.12 differ, 6.12 is followed: transactions print their
 * sender even after it is gone and their age ("elapsed %lldms"), and a
 * buffer's place in the mapping as an offset ("offset %lx") where 6.1
 * printed a hashed pointer ("data %pK").
 *
 * Differences from upstream, all in values, never in the line formats:
 *   - "l=" in the transaction logs is upstream's source line of the
 *     failure; we have no such thing and always print l=0.
 *   - "pages high watermark" is the most pages the proc had at once;
 *     upstream's is the highest page index used, plus one.
 *   - "tr" of a thread counts the references to it besides its proc's.
 *   - a BR_ONEWAY_SPAM_SUSPECT completion waiting to be read prints as
 *     "transaction complete"; upstream prints "unknown work" with its
 *     internal enum value.
 *   - a proc/<pid> file stays as long as any binder fd opened by <pid>
 *     does; upstream removes it with the fd that created it.
 *
 * Every reader takes the locks that the data it prints is protected by,
 * in the order of binder_internal.h: binder_procs_lock for the whole walk
 * (procs on the list cannot be torn down meanwhile), then per proc its
 * inner_lock for threads, nodes and todo lists, node->lock with it for a
 * node's counts and refs (a node being printed is pinned with a tmp ref so
 * the inner_lock can be dropped), refs_lock for the handles, alloc->mutex
 * (outside any spinlock) for the buffers.  So processes may die while a
 * reader runs.
 */

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "binder_internal.h"
#include "binder_trace.h"

static struct dentry *binder_debugfs_dir;
static struct dentry *binder_debugfs_proc_dir;

/* ---- names --------------------------------------------------------------- */

static const char * const binder_stat_names[BINDER_STAT_COUNT] = {
	[BINDER_STAT_PROC]		= "proc",
	[BINDER_STAT_THREAD]		= "thread",
	[BINDER_STAT_NODE]		= "node",
	[BINDER_STAT_REF]		= "ref",
	[BINDER_STAT_DEATH]		= "death",
	[BINDER_STAT_FREEZE]		= "freeze",
	[BINDER_STAT_TRANSACTION]	= "transaction",
	[BINDER_STAT_TRANSACTION_COMPLETE] = "transaction_complete",
	[BINDER_STAT_BUFFER]		= "buffer",
	[BINDER_STAT_PAGE]		= "page",
};

/* The object types upstream's "stats" counts, in its order. */
static const enum binder_stat_type binder_upstream_stats[] = {
	BINDER_STAT_PROC,
	BINDER_STAT_THREAD,
	BINDER_STAT_NODE,
	BINDER_STAT_REF,
	BINDER_STAT_DEATH,
	BINDER_STAT_TRANSACTION,
	BINDER_STAT_TRANSACTION_COMPLETE,
	BINDER_STAT_FREEZE,
};

const char *const binder_command_strings[BINDER_BC_COUNT] = {
	[_IOC_NR(BC_TRANSACTION)]		= "BC_TRANSACTION",
	[_IOC_NR(BC_REPLY)]			= "BC_REPLY",
	[_IOC_NR(BC_ACQUIRE_RESULT)]		= "BC_ACQUIRE_RESULT",
	[_IOC_NR(BC_FREE_BUFFER)]		= "BC_FREE_BUFFER",
	[_IOC_NR(BC_INCREFS)]			= "BC_INCREFS",
	[_IOC_NR(BC_ACQUIRE)]			= "BC_ACQUIRE",
	[_IOC_NR(BC_RELEASE)]			= "BC_RELEASE",
	[_IOC_NR(BC_DECREFS)]			= "BC_DECREFS",
	[_IOC_NR(BC_INCREFS_DONE)]		= "BC_INCREFS_DONE",
	[_IOC_NR(BC_ACQUIRE_DONE)]		= "BC_ACQUIRE_DONE",
	[_IOC_NR(BC_ATTEMPT_ACQUIRE)]		= "BC_ATTEMPT_ACQUIRE",
	[_IOC_NR(BC_REGISTER_LOOPER)]		= "BC_REGISTER_LOOPER",
	[_IOC_NR(BC_ENTER_LOOPER)]		= "BC_ENTER_LOOPER",
	[_IOC_NR(BC_EXIT_LOOPER)]		= "BC_EXIT_LOOPER",
	[_IOC_NR(BC_REQUEST_DEATH_NOTIFICATION)] = "BC_REQUEST_DEATH_NOTIFICATION",
	[_IOC_NR(BC_CLEAR_DEATH_NOTIFICATION)]	= "BC_CLEAR_DEATH_NOTIFICATION",
	[_IOC_NR(BC_DEAD_BINDER_DONE)]		= "BC_DEAD_BINDER_DONE",
	[_IOC_NR(BC_TRANSACTION_SG)]		= "BC_TRANSACTION_SG",
	[_IOC_NR(BC_REPLY_SG)]			= "BC_REPLY_SG",
	[_IOC_NR(BC_REQUEST_FREEZE_NOTIFICATION)] = "BC_REQUEST_FREEZE_NOTIFICATION",
	[_IOC_NR(BC_CLEAR_FREEZE_NOTIFICATION)]	= "BC_CLEAR_FREEZE_NOTIFICATION",
	[_IOC_NR(BC_FREEZE_NOTIFICATION_DONE)]	= "BC_FREEZE_NOTIFICATION_DONE",
};

const char *const binder_return_strings[BINDER_BR_COUNT] = {
	[_IOC_NR(BR_ERROR)]			= "BR_ERROR",
	[_IOC_NR(BR_OK)]			= "BR_OK",
	[_IOC_NR(BR_TRANSACTION)]		= "BR_TRANSACTION",
	[_IOC_NR(BR_REPLY)]			= "BR_REPLY",
	[_IOC_NR(BR_ACQUIRE_RESULT)]		= "BR_ACQUIRE_RESULT",
	[_IOC_NR(BR_DEAD_REPLY)]		= "BR_DEAD_REPLY",
	[_IOC_NR(BR_TRANSACTION_COMPLETE)]	= "BR_TRANSACTION_COMPLETE",
	[_IOC_NR(BR_INCREFS)]			= "BR_INCREFS",
	[_IOC_NR(BR_ACQUIRE)]			= "BR_ACQUIRE",
	[_IOC_NR(BR_RELEASE)]			= "BR_RELEASE",
	[_IOC_NR(BR_DECREFS)]			= "BR_DECREFS",
	[_IOC_NR(BR_ATTEMPT_ACQUIRE)]		= "BR_ATTEMPT_ACQUIRE",
	[_IOC_NR(BR_NOOP)]			= "BR_NOOP",
	[_IOC_NR(BR_SPAWN_LOOPER)]		= "BR_SPAWN_LOOPER",
	[_IOC_NR(BR_FINISHED)]			= "BR_FINISHED",
	[_IOC_NR(BR_DEAD_BINDER)]		= "BR_DEAD_BINDER",
	[_IOC_NR(BR_CLEAR_DEATH_NOTIFICATION_DONE)] = "BR_CLEAR_DEATH_NOTIFICATION_DONE",
	[_IOC_NR(BR_FAILED_REPLY)]		= "BR_FAILED_REPLY",
	[_IOC_NR(BR_FROZEN_REPLY)]		= "BR_FROZEN_REPLY",
	[_IOC_NR(BR_ONEWAY_SPAM_SUSPECT)]	= "BR_ONEWAY_SPAM_SUSPECT",
	[_IOC_NR(BR_TRANSACTION_PENDING_FROZEN)] = "BR_TRANSACTION_PENDING_FROZEN",
	[_IOC_NR(BR_FROZEN_BINDER)]		= "BR_FROZEN_BINDER",
	[_IOC_NR(BR_CLEAR_FREEZE_NOTIFICATION_DONE)] = "BR_CLEAR_FREEZE_NOTIFICATION_DONE",
};

/* ---- protocol counters ------------------------------------------------- */

static struct binder_proto_stats binder_proto_stats;

/**
 * binder_count_bc() - a BC_* command was read: trace and count it
 * @proc: the proc whose thread wrote it
 * @cmd:  the command, as read (counted if its number is a known one,
 *        whatever its size bits say, as upstream)
 */
void binder_count_bc(struct binder_proc *proc, u32 cmd)
{
	trace_binder_command(cmd);
	if (_IOC_NR(cmd) < BINDER_BC_COUNT) {
		atomic_inc(&binder_proto_stats.bc[_IOC_NR(cmd)]);
		atomic_inc(&proc->stats.bc[_IOC_NR(cmd)]);
	}
}

/**
 * binder_count_br() - a BR_* return was written: trace and count it
 * @proc: the proc whose thread read it
 * @cmd:  the return code
 *
 * The BR_NOOP that starts every read is not counted, as upstream.
 */
void binder_count_br(struct binder_proc *proc, u32 cmd)
{
	trace_binder_return(cmd);
	if (_IOC_NR(cmd) < BINDER_BR_COUNT) {
		atomic_inc(&binder_proto_stats.br[_IOC_NR(cmd)]);
		atomic_inc(&proc->stats.br[_IOC_NR(cmd)]);
	}
}

static void binder_print_proto_stats(struct seq_file *m, const char *prefix,
				     struct binder_proto_stats *stats)
{
	int i, n;

	for (i = 0; i < BINDER_BC_COUNT; i++) {
		n = atomic_read(&stats->bc[i]);
		if (n)
			seq_printf(m, "%s%s: %d\n", prefix, binder_command_strings[i], n);
	}
	for (i = 0; i < BINDER_BR_COUNT; i++) {
		n = atomic_read(&stats->br[i]);
		if (n)
			seq_printf(m, "%s%s: %d\n", prefix, binder_return_strings[i], n);
	}
}

/* ---- the transaction logs ------------------------------------------------ */

#define BINDER_TXN_LOG_SIZE	32
/* Room for a binderfs device name (at most 255 bytes) and its NUL. */
#define BINDER_LOG_NAME_SIZE	256

/**
 * struct binder_txn_log_entry - one transaction, as upstream logs it
 * @debug_id:      the transaction's id
 * @done_id:       @debug_id once the entry is complete, 0 while it is
 *                 being written (a reader then adds " (incomplete)")
 * @call_type:     0 call, 1 one-way, 2 reply
 * @from_proc:     sender's pid
 * @from_thread:   sender's thread
 * @target_handle: the handle called (calls only)
 * @to_proc:       receiver's pid, once known (else 0)
 * @to_thread:     receiving thread, when the sender picked it (replies,
 *                 nested calls; else 0)
 * @to_node:       debug id of the node called, once known (else 0)
 * @data_size:     bytes of data
 * @offsets_size:  bytes of offsets
 * @return_error:  the BR_* code of a failure, else 0
 * @return_error_param: its errno (negative), else 0
 * @context_name:  the device's name
 *
 * Written by one sender without a lock; a slot is reused 32 entries later
 * even if its transaction is still going, as upstream's.  Readers check
 * @done_id before and after reading to tell a complete entry.
 */
struct binder_txn_log_entry {
	int debug_id;
	int done_id;
	int call_type;
	int from_proc;
	int from_thread;
	int target_handle;
	int to_proc;
	int to_thread;
	int to_node;
	int data_size;
	int offsets_size;
	u32 return_error;
	int return_error_param;
	char context_name[BINDER_LOG_NAME_SIZE];
};

/**
 * struct binder_txn_log - a ring of the last BINDER_TXN_LOG_SIZE entries
 * @next:  how many entries were ever taken (the next one's number)
 * @full:  the ring went round once: every slot holds an entry
 * @entry: the ring
 */
struct binder_txn_log {
	atomic_t next;
	bool full;
	struct binder_txn_log_entry entry[BINDER_TXN_LOG_SIZE];
};

static struct binder_txn_log binder_txn_log;
static struct binder_txn_log binder_txn_log_failed;

/* Take the next slot of @log, cleared and marked incomplete. */
static struct binder_txn_log_entry *binder_txn_log_take(struct binder_txn_log *log)
{
	unsigned int n = (unsigned int)atomic_inc_return(&log->next) - 1;
	struct binder_txn_log_entry *e = &log->entry[n % BINDER_TXN_LOG_SIZE];

	if (n >= BINDER_TXN_LOG_SIZE - 1)
		WRITE_ONCE(log->full, true);
	WRITE_ONCE(e->done_id, 0);
	/* A reader that sees the fields change has seen done_id cleared. */
	smp_wmb();
	memset(e, 0, sizeof(*e));
	return e;
}

/**
 * binder_txn_log_begin() - log a transaction being started
 * @thread:   the sending thread
 * @tr:       what it sent
 * @reply:    BC_REPLY
 * @debug_id: the transaction's id
 *
 * Return: the entry, for binder_txn_log_target() and binder_txn_log_end().
 */
struct binder_txn_log_entry *binder_txn_log_begin(struct binder_thread *thread,
						  const struct binder_transaction_data *tr,
						  bool reply, int debug_id)
{
	struct binder_txn_log_entry *e = binder_txn_log_take(&binder_txn_log);

	e->debug_id = debug_id;
	e->call_type = reply ? 2 : !!(tr->flags & TF_ONE_WAY);
	e->from_proc = thread->proc->pid;
	e->from_thread = thread->pid;
	e->target_handle = tr->target.handle;
	e->data_size = tr->data_size;
	e->offsets_size = tr->offsets_size;
	strscpy(e->context_name, thread->proc->context->name, sizeof(e->context_name));
	return e;
}

/**
 * binder_txn_log_target() - log what the transaction's target resolved to
 * @e:      the entry
 * @proc:   the receiving proc, or NULL if not found
 * @thread: the receiving thread if the sender picked it, else NULL
 * @node:   the node called, or NULL (replies, failures)
 */
void binder_txn_log_target(struct binder_txn_log_entry *e, struct binder_proc *proc,
			   struct binder_thread *thread, struct binder_node *node)
{
	e->to_proc = proc ? proc->pid : 0;
	e->to_thread = thread ? thread->pid : 0;
	e->to_node = node ? node->debug_id : 0;
}

/**
 * binder_txn_log_end() - the transaction was sent, or failed
 * @e:        the entry
 * @debug_id: the transaction's id
 * @error:    BR_OK, or the BR_* code reported to the sender
 * @param:    the errno reported with it (0 or negative)
 *
 * A failure is copied into the failed log.  Both entries are complete
 * from here on.
 */
void binder_txn_log_end(struct binder_txn_log_entry *e, int debug_id, u32 error, int param)
{
	struct binder_txn_log_entry *fe = NULL;

	if (error != BR_OK) {
		e->return_error = error;
		e->return_error_param = param;
		fe = binder_txn_log_take(&binder_txn_log_failed);
		*fe = *e;
	}
	/* The fields before done_id: pairs with smp_rmb() in the reader. */
	smp_wmb();
	WRITE_ONCE(e->done_id, debug_id);
	if (fe)
		WRITE_ONCE(fe->done_id, debug_id);
}

static void binder_print_txn_log_entry(struct seq_file *m, struct binder_txn_log_entry *e)
{
	int done = READ_ONCE(e->done_id);
	const char *type;

	/* done_id before the fields... */
	smp_rmb();
	type = e->call_type == 2 ? "reply" : e->call_type == 1 ? "async" : "call ";
	seq_printf(m, "%d: %s from %d:%d to %d:%d context %s node %d handle %d size %d:%d ret %d/%d l=%d",
		   e->debug_id, type, e->from_proc, e->from_thread, e->to_proc, e->to_thread,
		   e->context_name, e->to_node, e->target_handle, e->data_size, e->offsets_size,
		   (int)e->return_error, e->return_error_param, 0);
	/* ...and after them: unchanged means nobody rewrote it meanwhile. */
	smp_rmb();
	seq_puts(m, done && done == READ_ONCE(e->done_id) ? "\n" : " (incomplete)\n");
}

/* The entries of @log, oldest first. */
static void binder_print_txn_log(struct seq_file *m, struct binder_txn_log *log)
{
	unsigned int next = (unsigned int)atomic_read(&log->next);
	unsigned int count = BINDER_TXN_LOG_SIZE, first = next, i;

	if (!READ_ONCE(log->full)) {
		count = next;
		first = 0;
	}
	for (i = 0; i < count; i++)
		binder_print_txn_log_entry(m, &log->entry[(first + i) % BINDER_TXN_LOG_SIZE]);
}

static int transaction_log_show(struct seq_file *m, void *unused)
{
	binder_print_txn_log(m, &binder_txn_log);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(transaction_log);

static int failed_transaction_log_show(struct seq_file *m, void *unused)
{
	binder_print_txn_log(m, &binder_txn_log_failed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(failed_transaction_log);

/* ---- printing the objects ------------------------------------------------ */

/*
 * Upstream prints some parts only if they have content: a header is
 * printed first and taken back if nothing followed it.  Not after an
 * overflow, which seq_file must see to retry with a larger buffer.
 */
static void binder_unprint_if_empty(struct seq_file *m, size_t start, size_t header)
{
	if (m->count == header && !seq_has_overflowed(m))
		m->count = start;
}

/*
 * One transaction.  Its buffer may be looked at only under the inner_lock
 * of its receiver: @proc is the proc whose lock is held.
 */
static void binder_print_txn_ilocked(struct seq_file *m, struct binder_proc *proc,
				     const char *prefix, struct binder_transaction *t)
{
	struct binder_proc *to_proc = t->to_proc;
	struct binder_buffer *buffer;

	lockdep_assert_held(&proc->inner_lock);
	spin_lock(&t->lock);
	seq_printf(m, "%s %d: %pK from %d:%d to %d:%d code %x flags %x pri %ld r%d elapsed %lldms",
		   prefix, t->debug_id, t, t->from_pid, t->from_tid, to_proc->pid,
		   t->to_thread ? t->to_thread->pid : 0, t->code, t->flags, t->priority,
		   t->need_reply, ktime_ms_delta(ktime_get(), t->start_time));
	spin_unlock(&t->lock);

	if (proc != to_proc) {
		seq_puts(m, "\n");
		return;
	}
	buffer = t->buffer;
	if (!buffer) {
		seq_puts(m, " buffer free\n");
		return;
	}
	if (buffer->target_node)
		seq_printf(m, " node %d", buffer->target_node->debug_id);
	seq_printf(m, " size %zd:%zd offset %lx\n", buffer->data_size, buffer->offsets_size,
		   buffer->user_data - proc->alloc.buffer);
}

/* One work item of a todo list of @proc (its inner_lock held). */
static void binder_print_work_ilocked(struct seq_file *m, struct binder_proc *proc,
				      const char *prefix, const char *txn_prefix,
				      struct binder_work *w)
{
	struct binder_node *node;

	switch (w->type) {
	case BINDER_WORK_TRANSACTION:
		binder_print_txn_ilocked(m, proc, txn_prefix,
					 container_of(w, struct binder_transaction, work));
		break;
	case BINDER_WORK_RETURN_ERROR:
		seq_printf(m, "%stransaction error: %u\n", prefix,
			   container_of(w, struct binder_error, work)->cmd);
		break;
	case BINDER_WORK_TRANSACTION_COMPLETE:
	case BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT:
	case BINDER_WORK_TRANSACTION_PENDING:
		seq_printf(m, "%stransaction complete\n", prefix);
		break;
	case BINDER_WORK_NODE:
		node = container_of(w, struct binder_node, work);
		seq_printf(m, "%snode work %d: u%016llx c%016llx\n", prefix, node->debug_id,
			   (u64)node->ptr, (u64)node->cookie);
		break;
	case BINDER_WORK_DEAD_BINDER:
		seq_printf(m, "%shas dead binder\n", prefix);
		break;
	case BINDER_WORK_DEAD_BINDER_AND_CLEAR:
		seq_printf(m, "%shas cleared dead binder\n", prefix);
		break;
	case BINDER_WORK_CLEAR_DEATH_NOTIFICATION:
		seq_printf(m, "%shas cleared death notification\n", prefix);
		break;
	case BINDER_WORK_FROZEN_BINDER:
		seq_printf(m, "%shas frozen binder\n", prefix);
		break;
	case BINDER_WORK_CLEAR_FREEZE_NOTIFICATION:
		seq_printf(m, "%shas cleared freeze notification\n", prefix);
		break;
	default:
		seq_printf(m, "%sunknown work: type %d\n", prefix, w->type);
		break;
	}
}

/*
 * One thread: its call stack, innermost first, then its own todo list.
 * Without @print_always, a thread with neither is left out.
 */
static void binder_print_thread_ilocked(struct seq_file *m, struct binder_thread *thread,
					bool print_always)
{
	struct binder_proc *proc = thread->proc;
	struct binder_transaction *t;
	size_t start = m->count, header;
	struct binder_work *w;

	lockdep_assert_held(&proc->inner_lock);
	seq_printf(m, "  thread %d: l %02x need_return %d tr %d\n", thread->pid, thread->looper,
		   thread->looper_need_return, kref_read(&thread->kref) - 1);
	header = m->count;
	/* The stack links and their from/to_thread are stable under our inner_lock. */
	for (t = thread->transaction_stack; t;) {
		if (t->from == thread) {
			binder_print_txn_ilocked(m, proc, "    outgoing transaction", t);
			t = t->from_parent;
		} else if (t->to_thread == thread) {
			binder_print_txn_ilocked(m, proc, "    incoming transaction", t);
			t = t->to_parent;
		} else {
			binder_print_txn_ilocked(m, proc, "    bad transaction", t);
			t = NULL;
		}
	}
	list_for_each_entry(w, &thread->todo, entry)
		binder_print_work_ilocked(m, proc, "    ", "    pending transaction", w);
	if (!print_always)
		binder_unprint_if_empty(m, start, header);
}

/* One node, with the pids of the procs holding refs on it. */
static void binder_print_node_nilocked(struct seq_file *m, struct binder_node *node)
{
	struct binder_ref *ref;
	struct binder_work *w;
	int count = 0;

	hlist_for_each_entry(ref, &node->refs, node_entry)
		count++;
	/* The context manager's own pin is ours, not upstream's: not shown. */
	seq_printf(m, "  node %d: u%016llx c%016llx hs %d hw %d ls %d lw %d is %d iw %d tr %d",
		   node->debug_id, (u64)node->ptr, (u64)node->cookie, node->has_strong_ref,
		   node->has_weak_ref, node->local_strong_refs, node->local_weak_refs,
		   node->internal_strong_refs, count,
		   node->tmp_refs - binder_node_is_context_mgr(node));
	if (count) {
		seq_puts(m, " proc");
		hlist_for_each_entry(ref, &node->refs, node_entry)
			seq_printf(m, " %d", ref->proc->pid);
	}
	seq_puts(m, "\n");
	/* A dead node's one-way calls went with its owner. */
	if (!node->owner_dead)
		list_for_each_entry(w, &node->async_todo, entry)
			binder_print_work_ilocked(m, node->proc, "    ",
						  "    pending async transaction", w);
}

/* One handle; its proc's refs_lock is held. */
static void binder_print_ref_rlocked(struct seq_file *m, struct binder_ref *ref)
{
	struct binder_node *node = ref->node;

	lockdep_assert_held(&ref->proc->refs_lock);
	spin_lock(&node->lock);
	seq_printf(m, "  ref %d: desc %d %snode %d s %d w %d d %pK\n", ref->debug_id, ref->desc,
		   node->owner_dead ? "dead " : "", node->debug_id, ref->strong, ref->weak,
		   ref->death);
	spin_unlock(&node->lock);
}

/*
 * One proc.  With @print_all: everything (state, proc/<pid>); without:
 * only threads and nodes with something in flight, and nothing at all for
 * a proc without (transactions).  binder_procs_lock is held.
 */
static void binder_print_proc(struct seq_file *m, struct binder_proc *proc, bool print_all)
{
	struct binder_node *node, *last = NULL;
	size_t start = m->count, header;
	struct binder_work *w;
	struct rb_node *n;

	lockdep_assert_held(&binder_procs_lock);
	seq_printf(m, "proc %d\n", proc->pid);
	seq_printf(m, "context %s\n", proc->context->name);
	header = m->count;

	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		binder_print_thread_ilocked(m, rb_entry(n, struct binder_thread, rb_node),
					    print_all);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n)) {
		node = rb_entry(n, struct binder_node, rb_node);
		if (!print_all && !node->has_async_transaction)
			continue;
		/* Pinned, it stays in the tree while node->lock is taken first. */
		binder_inc_node_tmpref_ilocked(node);
		spin_unlock(&proc->inner_lock);
		if (last)
			binder_put_node(last);
		binder_node_inner_lock(node);
		binder_print_node_nilocked(m, node);
		binder_node_inner_unlock(node);
		last = node;
		spin_lock(&proc->inner_lock);
	}
	spin_unlock(&proc->inner_lock);
	if (last)
		binder_put_node(last);

	if (print_all) {
		mutex_lock(&proc->refs_lock);
		for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n))
			binder_print_ref_rlocked(m, rb_entry(n, struct binder_ref, rb_node_desc));
		mutex_unlock(&proc->refs_lock);
	}
	binder_alloc_print_allocated(m, &proc->alloc, &proc->inner_lock);

	spin_lock(&proc->inner_lock);
	list_for_each_entry(w, &proc->todo, entry)
		binder_print_work_ilocked(m, proc, "  ", "  pending transaction", w);
	if (!list_empty(&proc->delivered_death))
		seq_puts(m, "  has delivered dead binder\n");
	if (!list_empty(&proc->delivered_freeze))
		seq_puts(m, "  has delivered freeze binder\n");
	spin_unlock(&proc->inner_lock);
	if (!print_all)
		binder_unprint_if_empty(m, start, header);
}

/* ---- nodes of dead owners ------------------------------------------------ */

/*
 * Pin @node, found on binder_dead_nodes (its lock held), with a tmp ref.
 * A node none of whose counts is left is being freed: whoever dropped the
 * last one decided so under the node's locks and calls binder_free_node(),
 * which takes it off the list, after dropping them.  Such a node must not
 * be touched: false.
 */
static bool binder_pin_dead_node(struct binder_node *node)
{
	bool doomed;

	lockdep_assert_held(&binder_dead_nodes_lock);
	binder_node_inner_lock(node);
	doomed = !node->tmp_refs && !node->local_strong_refs && !node->local_weak_refs &&
		 !node->internal_strong_refs && hlist_empty(&node->refs);
	if (!doomed)
		binder_inc_node_tmpref_ilocked(node);
	binder_node_inner_unlock(node);
	return !doomed;
}

/*
 * Call @print for every node of a dead owner, under the node's inner
 * locks (not under the list lock, which nests outside them).  Each node
 * stays pinned until the next one is, which keeps it on the list, so the
 * walk goes on from it.
 */
void binder_walk_dead_nodes(struct seq_file *m,
			    void (*print)(struct seq_file *m, struct binder_node *node))
{
	struct binder_node *node, *last = NULL;

	spin_lock(&binder_dead_nodes_lock);
	list_for_each_entry(node, &binder_dead_nodes, dead_entry) {
		if (!binder_pin_dead_node(node))
			continue;
		spin_unlock(&binder_dead_nodes_lock);
		/* binder_put_node() may free it, which takes the list lock. */
		if (last)
			binder_put_node(last);
		last = node;
		binder_node_inner_lock(node);
		print(m, node);
		binder_node_inner_unlock(node);
		spin_lock(&binder_dead_nodes_lock);
	}
	spin_unlock(&binder_dead_nodes_lock);
	if (last)
		binder_put_node(last);
}

/* ---- upstream's files ---------------------------------------------------- */

static bool binder_any_dead_node(void)
{
	bool any;

	spin_lock(&binder_dead_nodes_lock);
	any = !list_empty(&binder_dead_nodes);
	spin_unlock(&binder_dead_nodes_lock);
	return any;
}

static int state_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;

	seq_puts(m, "binder state:\n");
	if (binder_any_dead_node())
		seq_puts(m, "dead nodes:\n");
	binder_walk_dead_nodes(m, binder_print_node_nilocked);

	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry)
		binder_print_proc(m, proc, true);
	mutex_unlock(&binder_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(state);

/* One proc's part of "stats"; binder_procs_lock is held. */
static void binder_print_proc_stats(struct seq_file *m, struct binder_proc *proc)
{
	size_t free_async_space = binder_alloc_free_async_space(&proc->alloc);
	int threads = 0, ready = 0, nodes = 0, refs = 0, strong = 0, weak = 0, pending = 0;
	struct binder_thread *thread;
	struct binder_work *w;
	struct rb_node *n;

	seq_printf(m, "proc %d\n", proc->pid);
	seq_printf(m, "context %s\n", proc->context->name);
	spin_lock(&proc->inner_lock);
	for (n = rb_first(&proc->threads); n; n = rb_next(n))
		threads++;
	list_for_each_entry(thread, &proc->waiting_threads, waiting_thread_node)
		ready++;
	seq_printf(m, "  threads: %d\n", threads);
	seq_printf(m, "  requested threads: %d+%d/%d\n", proc->requested_threads,
		   proc->requested_threads_started, proc->max_threads);
	seq_printf(m, "  ready threads %d\n", ready);
	seq_printf(m, "  free async space %zd\n", free_async_space);
	for (n = rb_first(&proc->nodes); n; n = rb_next(n))
		nodes++;
	spin_unlock(&proc->inner_lock);
	seq_printf(m, "  nodes: %d\n", nodes);

	mutex_lock(&proc->refs_lock);
	for (n = rb_first(&proc->refs_by_desc); n; n = rb_next(n)) {
		struct binder_ref *ref = rb_entry(n, struct binder_ref, rb_node_desc);

		refs++;
		strong += ref->strong;
		weak += ref->weak;
	}
	mutex_unlock(&proc->refs_lock);
	seq_printf(m, "  refs: %d s %d w %d\n", refs, strong, weak);
	seq_printf(m, "  buffers: %d\n", binder_alloc_allocated_count(&proc->alloc));
	binder_alloc_print_pages(m, &proc->alloc);

	spin_lock(&proc->inner_lock);
	list_for_each_entry(w, &proc->todo, entry)
		pending += w->type == BINDER_WORK_TRANSACTION;
	spin_unlock(&proc->inner_lock);
	seq_printf(m, "  pending transactions: %d\n", pending);
	binder_print_proto_stats(m, "  ", &proc->stats);
}

static int stats_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;
	size_t i;

	seq_puts(m, "binder stats:\n");
	binder_print_proto_stats(m, "", &binder_proto_stats);
	for (i = 0; i < ARRAY_SIZE(binder_upstream_stats); i++) {
		enum binder_stat_type type = binder_upstream_stats[i];
		long created = atomic_long_read(&binder_obj_stats.created[type]);
		long deleted = atomic_long_read(&binder_obj_stats.deleted[type]);

		if (created || deleted)
			seq_printf(m, "%s: active %ld total %ld\n", binder_stat_names[type],
				   created - deleted, created);
	}

	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry)
		binder_print_proc_stats(m, proc);
	mutex_unlock(&binder_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int transactions_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;

	seq_puts(m, "binder transactions:\n");
	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry)
		binder_print_proc(m, proc, false);
	mutex_unlock(&binder_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(transactions);

/* proc/<pid>: every proc (one per binder fd) the process opened. */
static int proc_show(struct seq_file *m, void *unused)
{
	pid_t pid = (pid_t)(unsigned long)m->private;
	struct binder_proc *proc;

	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry) {
		if (proc->pid != pid)
			continue;
		seq_puts(m, "binder proc state:\n");
		binder_print_proc(m, proc, true);
	}
	mutex_unlock(&binder_procs_lock);
	return 0;
}

static int proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, proc_show, inode->i_private);
}

const struct file_operations binder_proc_log_fops = {
	.owner = THIS_MODULE,
	.open = proc_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* ---- our files ----------------------------------------------------------- */

static int counters_show(struct seq_file *m, void *unused)
{
	int i;

	for (i = 0; i < BINDER_STAT_COUNT; i++) {
		long created = atomic_long_read(&binder_obj_stats.created[i]);
		long deleted = atomic_long_read(&binder_obj_stats.deleted[i]);

		seq_printf(m, "%s: active %ld created %ld deleted %ld\n",
			   binder_stat_names[i], created - deleted, created, deleted);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(counters);

static unsigned int binder_rb_count(struct rb_root *root)
{
	unsigned int count = 0;
	struct rb_node *n;

	for (n = rb_first(root); n; n = rb_next(n))
		count++;
	return count;
}

static int procs_show(struct seq_file *m, void *unused)
{
	struct binder_proc *proc;
	unsigned int threads, nodes;

	mutex_lock(&binder_procs_lock);
	list_for_each_entry(proc, &binder_procs, entry) {
		spin_lock(&proc->inner_lock);
		threads = binder_rb_count(&proc->threads);
		nodes = binder_rb_count(&proc->nodes);
		spin_unlock(&proc->inner_lock);
		seq_printf(m, "proc %d context %s threads %u nodes %u buffer_size %zu\n",
			   proc->pid, proc->context->name, threads, nodes,
			   binder_alloc_buffer_size(&proc->alloc));
		binder_alloc_print_stats(m, &proc->alloc);
	}
	mutex_unlock(&binder_procs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(procs);

static void binder_print_dead_node_nilocked(struct seq_file *m, struct binder_node *node)
{
	struct binder_ref *ref;
	int refs = 0;

	hlist_for_each_entry(ref, &node->refs, node_entry)
		refs++;
	/* Our own pin is not shown. */
	seq_printf(m, "node %d owner %d refs %d strong %d/%d weak %d tmp %d\n",
		   node->debug_id, node->proc->pid, refs, node->internal_strong_refs,
		   node->local_strong_refs, node->local_weak_refs, node->tmp_refs - 1);
}

static int dead_nodes_show(struct seq_file *m, void *unused)
{
	binder_walk_dead_nodes(m, binder_print_dead_node_nilocked);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dead_nodes);

/* ---- the directories ----------------------------------------------------- */

/*
 * The files of the log directories: debugfs's /sys/kernel/debug/binder_ipc/
 * and binderfs's binder_logs/ show the same set.  Each file has its own
 * fops, so none depends on the inode's private data.
 */
const struct binder_log_file binder_log_files[] = {
	{ "state", &state_fops },
	{ "stats", &stats_fops },
	{ "transactions", &transactions_fops },
	{ "transaction_log", &transaction_log_fops },
	{ "failed_transaction_log", &failed_transaction_log_fops },
	{ "counters", &counters_fops },
	{ "procs", &procs_fops },
	{ "dead_nodes", &dead_nodes_fops },
	{ "graph", &binder_graph_fops },
	{ "latency", &binder_latency_fops },
	{ "activity", &binder_activity_fops },
	{ }
};

/*
 * Serialises binder_debugfs_proc_add() and _remove(), so that the one
 * proc/<pid> file of a pid is created once and handed on rather than lost.
 * Taken before binder_procs_lock.  The readers of those files never take
 * it, so removing a file (which waits for its readers) under it is safe.
 */
static DEFINE_MUTEX(binder_debugfs_proc_lock);

/* Another proc of @proc's pid (that holds the pid's file, unless @any), or NULL. */
static struct binder_proc *binder_debugfs_proc_holder(struct binder_proc *proc, bool any)
{
	struct binder_proc *other;

	lockdep_assert_held(&binder_debugfs_proc_lock);
	lockdep_assert_held(&binder_procs_lock);
	list_for_each_entry(other, &binder_procs, entry)
		if (other != proc && other->pid == proc->pid && (any || other->debugfs_entry))
			return other;
	return NULL;
}

/**
 * binder_debugfs_proc_add() - give @proc's pid its proc/<pid> file
 * @proc: a proc just put on binder_procs (binder_proc_create())
 *
 * One file per pid: all the procs (binder fds) of a process share it, and
 * it prints them all.  It is created for the first one; binderfs, which
 * has its own binder_logs/proc/, mirrors this with its own entry.
 */
void binder_debugfs_proc_add(struct binder_proc *proc)
{
	struct binder_proc *holder;
	struct dentry *entry;
	char name[12];

	mutex_lock(&binder_debugfs_proc_lock);
	mutex_lock(&binder_procs_lock);
	holder = binder_debugfs_proc_holder(proc, false);
	mutex_unlock(&binder_procs_lock);
	if (!holder) {
		snprintf(name, sizeof(name), "%u", proc->pid);
		entry = debugfs_create_file(name, 0444, binder_debugfs_proc_dir,
					    (void *)(unsigned long)proc->pid,
					    &binder_proc_log_fops);
		if (!IS_ERR(entry))
			proc->debugfs_entry = entry;
	}
	mutex_unlock(&binder_debugfs_proc_lock);
}

/**
 * binder_debugfs_proc_remove() - @proc goes: its pid's file goes with the
 * last proc of the pid
 * @proc: a proc about to be taken off binder_procs (binder_proc_release())
 *
 * If @proc holds the file and another proc of the pid is still open, the
 * file is handed to that one.  Called before @proc leaves the list, so
 * that the file never shows a pid without procs.  Must be called with no
 * binder lock held: removing a file waits for its readers, who take
 * binder_procs_lock.
 */
void binder_debugfs_proc_remove(struct binder_proc *proc)
{
	struct binder_proc *heir = NULL;
	struct dentry *entry;

	mutex_lock(&binder_debugfs_proc_lock);
	entry = proc->debugfs_entry;
	proc->debugfs_entry = NULL;
	if (entry) {
		mutex_lock(&binder_procs_lock);
		heir = binder_debugfs_proc_holder(proc, true);
		if (heir)
			heir->debugfs_entry = entry;
		mutex_unlock(&binder_procs_lock);
		if (!heir)
			debugfs_remove(entry);
	}
	mutex_unlock(&binder_debugfs_proc_lock);
}

void binder_debugfs_init(void)
{
	const struct binder_log_file *f;

	binder_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	for (f = binder_log_files; f->name; f++)
		debugfs_create_file(f->name, 0444, binder_debugfs_dir, NULL, f->fops);
	binder_debugfs_proc_dir = debugfs_create_dir("proc", binder_debugfs_dir);
}

void binder_debugfs_exit(void)
{
	debugfs_remove_recursive(binder_debugfs_dir);
}
