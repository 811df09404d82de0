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

static struct dentry *binder_debugfs_dir;

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
