// SPDX-License-Identifier: GPL-2.0
/*
 * Instantiates the tracepoints declared in binder_trace.h, and holds the
 * few that need more than their call site has at hand: the debug ids of
 * refs (looked up by handle) and the pids of a transaction being freed
 * (read under its lock).  Each does that work only while its event is
 * enabled, and is called with no binder lock held.
 */

#define CREATE_TRACE_POINTS
#include "binder_trace.h"

/**
 * binder_trace_node_to_ref() - binder_transaction_node_to_ref
 * @t:    the transaction
 * @node: the sender's node
 * @desc: the handle the receiver (t->to_proc) now has on it
 */
void binder_trace_node_to_ref(struct binder_transaction *t, struct binder_node *node, u32 desc)
{
	if (trace_binder_transaction_node_to_ref_enabled())
		trace_binder_transaction_node_to_ref(t, node, binder_ref_debug_id(t->to_proc, desc),
						     desc);
}

/**
 * binder_trace_ref_to_node() - binder_transaction_ref_to_node
 * @t:        the transaction
 * @node:     the node, owned by the receiver
 * @src_proc: the sender
 * @src_desc: the sender's handle on @node
 */
void binder_trace_ref_to_node(struct binder_transaction *t, struct binder_node *node,
			      struct binder_proc *src_proc, u32 src_desc)
{
	if (trace_binder_transaction_ref_to_node_enabled())
		trace_binder_transaction_ref_to_node(t, node,
						     binder_ref_debug_id(src_proc, src_desc),
						     src_desc);
}

/**
 * binder_trace_ref_to_ref() - binder_transaction_ref_to_ref
 * @t:         the transaction
 * @node:      the node both handles name
 * @src_proc:  the sender
 * @src_desc:  the sender's handle
 * @dest_desc: the receiver's handle
 */
void binder_trace_ref_to_ref(struct binder_transaction *t, struct binder_node *node,
			     struct binder_proc *src_proc, u32 src_desc, u32 dest_desc)
{
	if (trace_binder_transaction_ref_to_ref_enabled())
		trace_binder_transaction_ref_to_ref(t, node,
						    binder_ref_debug_id(src_proc, src_desc),
						    src_desc,
						    binder_ref_debug_id(t->to_proc, dest_desc),
						    dest_desc);
}

/**
 * binder_trace_txn_free() - binder_txn_latency_free, for a transaction
 * about to be freed
 * @t: the transaction; its threads are read under t->lock, which is what
 *     keeps them from being freed meanwhile
 */
void binder_trace_txn_free(struct binder_transaction *t)
{
	int from_proc = 0, from_thread = 0, to_thread = 0;

	if (!trace_binder_txn_latency_free_enabled())
		return;
	spin_lock(&t->lock);
	if (t->from) {
		from_proc = t->from->proc->pid;
		from_thread = t->from->pid;
	}
	if (t->to_thread)
		to_thread = t->to_thread->pid;
	spin_unlock(&t->lock);
	trace_binder_txn_latency_free(t, from_proc, from_thread, t->to_proc->pid, to_thread);
}
