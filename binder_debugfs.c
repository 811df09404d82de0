// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/binder_ipc/
 *
 *   stats   object counters, one line per type:
 *           "<type>: active <n> created <n> deleted <n>"
 *           The selftests check that every "active" is back to 0.
 *   procs   per open binder fd: pid, context, threads, nodes, buffer size,
 *           then the allocator's line (buffers, pages, async space).
 *   dead_nodes  nodes whose owner released its fd but that something still
 *           counts: refs, driver-held strong/weak counts, tmp refs.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "binder_internal.h"
#include "binder_trace.h"

static struct dentry *binder_debugfs_dir;

static const char * const binder_stat_names[BINDER_STAT_COUNT] = {
	[BINDER_STAT_PROC]		= "proc",
	[BINDER_STAT_THREAD]		= "thread",
	[BINDER_STAT_NODE]		= "node",
	[BINDER_STAT_REF]		= "ref",
	[BINDER_STAT_DEATH]		= "death",
	[BINDER_STAT_TRANSACTION]	= "transaction",
	[BINDER_STAT_TRANSACTION_COMPLETE] = "transaction_complete",
	[BINDER_STAT_BUFFER]		= "buffer",
	[BINDER_STAT_PAGE]		= "page",
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

static int stats_show(struct seq_file *m, void *unused)
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
DEFINE_SHOW_ATTRIBUTE(stats);

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

/*
 * A node of the dead list is pinned with a tmp ref while it is printed, so
 * the list lock can be dropped: the refs are walked under node->lock, the
 * lock their holders unlink them under.  The pin also keeps the node on the
 * list, so the walk goes on from it.
 */
static int dead_nodes_show(struct seq_file *m, void *unused)
{
	struct binder_node *node, *last = NULL;
	struct binder_ref *ref;
	int refs;

	spin_lock(&binder_dead_nodes_lock);
	list_for_each_entry(node, &binder_dead_nodes, dead_entry) {
		binder_node_inner_lock(node);
		binder_inc_node_tmpref_ilocked(node);
		binder_node_inner_unlock(node);
		spin_unlock(&binder_dead_nodes_lock);
		if (last)
			binder_put_node(last);
		last = node;

		binder_node_inner_lock(node);
		refs = 0;
		hlist_for_each_entry(ref, &node->refs, node_entry)
			refs++;
		/* Our own pin is not shown. */
		seq_printf(m, "node %d owner %d refs %d strong %d/%d weak %d tmp %d\n",
			   node->debug_id, node->proc->pid, refs, node->internal_strong_refs,
			   node->local_strong_refs, node->local_weak_refs, node->tmp_refs - 1);
		binder_node_inner_unlock(node);
		spin_lock(&binder_dead_nodes_lock);
	}
	spin_unlock(&binder_dead_nodes_lock);
	if (last)
		binder_put_node(last);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dead_nodes);

/*
 * The files of the log directories: debugfs's /sys/kernel/debug/binder_ipc/
 * and binderfs's binder_logs/ show the same set.
 */
const struct binder_log_file binder_log_files[] = {
	{ "stats", &stats_fops },
	{ "procs", &procs_fops },
	{ "dead_nodes", &dead_nodes_fops },
	{ }
};

void binder_debugfs_init(void)
{
	const struct binder_log_file *f;

	binder_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	for (f = binder_log_files; f->name; f++)
		debugfs_create_file(f->name, 0444, binder_debugfs_dir, NULL, f->fops);
}

void binder_debugfs_exit(void)
{
	debugfs_remove_recursive(binder_debugfs_dir);
}
