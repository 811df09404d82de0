/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the files of the binder_ipc driver.
 *
 * Objects
 * -------
 * binder_device      one device: a misc device (a name in devices=) or a
 *                    node of a binderfs mount; owns a context.
 * binder_context     the namespace of handle 0: its context manager node.
 * binder_proc        one per open() of a device: receive buffer, threads,
 *                    the nodes it owns and the refs (handles) it holds.
 * binder_thread      one per task that used the fd.
 * binder_node        an object owned by a proc that others may reference.
 * binder_ref         a proc's handle on a node of another proc.
 * binder_transaction one call or reply in flight.
 *
 * Lock order (a lock may be taken only while holding locks above it)
 * ------------------------------------------------------------------
 *   0. binder_debugfs_proc_lock mutex  debugfs proc/<pid> files (held
 *                                      while creating and removing them,
 *                                      never by their readers)
 *   1. binder_procs_lock     mutex     global list of procs
 *   2. context->mgr_lock     mutex     context manager of a device
 *   3. proc->refs_lock       mutex     handle tables of one proc
 *   4. alloc->mutex          mutex     one receive buffer; nests outside
 *                                      mmap_lock; never taken under 5-8
 *   5. binder_dead_nodes_lock spinlock  list of nodes whose owner died;
 *                                      debugfs pins such nodes under it
 *   6. node->lock            spinlock  node->refs and ref->death
 *   7. proc->inner_lock      spinlock  everything else of a proc, its
 *                                      threads, and the nodes it owns
 *   8. t->lock               spinlock  from/to pointers of a transaction
 *   9. binder_insight_lock   spinlock  the list of contexts the latency
 *                                      file walks (binder_insight.c); a
 *                                      leaf, taken with no other binder
 *                                      lock held
 *
 * Kernel locks met on the way: mmap_lock nests inside alloc->mutex (page
 * installation); mmap() itself holds mmap_lock and takes no binder lock.
 * debugfs's own locks nest inside binder_debugfs_proc_lock only: the
 * debugfs readers take binder_procs_lock and the rest, and removing a
 * debugfs file waits for them, so it is never done under 1-8.
 * The page LRU's own spinlock is a leaf: the shrinker runs under it and
 * only ever trylocks alloc->mutex and mmap_lock.  Wait-queue and runqueue
 * locks (wakeups, set_user_nice()) are leaves; binder_set_nice() is called
 * with no binder lock held.
 *
 * Two locks of the same level are never held at once: in particular no
 * code holds the inner_lock (or refs_lock) of two procs together.
 *
 * Function names carry the locks they expect, and each such function
 * checks them with lockdep_assert_held():
 *   _ilocked    the inner_lock of the proc concerned (for a node: its
 *               owner's; for a thread or todo list: its proc's)
 *   _nlocked    node->lock
 *   _nilocked   node->lock and the owner's inner_lock
 *               (binder_node_inner_lock())
 *   _rlocked    proc->refs_lock
 *   _iunlock    called with the inner_lock held, returns with it released
 *   _locked     (binder_alloc.c) alloc->mutex
 *
 * Lifetimes
 * ---------
 * binder_proc has two krefs: one for its memory, held by the open file,
 * every node it owns, every thread and transient users, so node->proc and
 * thread->proc are always valid; one ("active") for its receive buffer,
 * held by the file and by transactions being built towards it (see
 * binder_proc.c).  A proc whose file was released is "dead"
 * (proc->is_dead) but its struct lives on while its nodes are still
 * referenced from other procs.  binder_thread is kref-counted too and
 * freed after an RCU grace period (epoll may still look at its wait queue).
 * A binder_node is freed when nothing counts it any more (see binder_node.c).
 */
#ifndef _BINDER_INTERNAL_H
#define _BINDER_INTERNAL_H

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/ktime.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>

#include "uapi/linux/android/binder.h"
#include "binder_alloc.h"

struct dentry;
struct file;
struct poll_table_struct;
struct seq_file;
struct binder_proc;
struct binder_thread;

/* ---- insight: latency histograms and activity counters (binder_insight.c) ---- */

/* Bucket k counts times in [2^k, 2^(k+1)) ns; the last one also all above. */
#define BINDER_LAT_BUCKETS	36

enum binder_lat_kind {
	BINDER_LAT_CALL,	/* sender's BC_TRANSACTION to its BR_REPLY */
	BINDER_LAT_ONEWAY,	/* sender's BC_TRANSACTION to the target's BR_TRANSACTION */
	BINDER_LAT_KINDS
};

/**
 * struct binder_latency - log2 histograms of transaction times
 * @bucket: counts by kind and bucket
 *
 * Lock-free: writers only increment, readers read each count on its own
 * (a reader may see one kind's total one behind another's).
 */
struct binder_latency {
	atomic64_t bucket[BINDER_LAT_KINDS][BINDER_LAT_BUCKETS];
};

/**
 * struct binder_activity - what one proc sent, for binder-top
 * @calls:   sync calls sent (BC_TRANSACTION without TF_ONE_WAY) and queued
 * @oneway:  one-way calls sent and queued
 * @replies: replies sent and queued
 * @bytes:   data plus offsets bytes of those three
 * @failed:  BC_TRANSACTION/BC_REPLY that failed for the sender
 *
 * Lock-free, only ever incremented.
 */
struct binder_activity {
	atomic64_t calls;
	atomic64_t oneway;
	atomic64_t replies;
	atomic64_t bytes;
	atomic64_t failed;
};

/**
 * struct binder_context - the scope of one context manager (handle 0)
 * @name:     device name, for messages (immutable)
 * @mgr_lock: protects @mgr_node and @mgr_uid
 * @mgr_node: node of the context manager, with a tmp ref; NULL if none
 *            (written with WRITE_ONCE: binder_node_is_context_mgr()
 *            compares it without the lock)
 * @mgr_uid:  euid of the first context manager; later ones must match
 * @latency:  delivery times of the device's transactions (lock-free)
 * @insight_entry: link in the latency file's list of contexts (protected
 *            by binder_insight_lock)
 */
struct binder_context {
	const char *name;
	struct mutex mgr_lock;	/* @mgr_lock above */
	struct binder_node *mgr_node;
	kuid_t mgr_uid;
	struct binder_latency latency;
	struct list_head insight_entry;
};

/**
 * struct binder_device - one device, with the context of its procs
 * @ref:     holders: the device's registration (the misc device, or the
 *           binderfs inode until it is evicted) and every proc opened on
 *           it (binder_context_get()); the last binder_device_put() frees
 *           the device and its name
 * @entry:   link in the module's list of misc devices (init/exit only)
 * @misc:    the registered misc device (misc devices only)
 * @context: the context every proc opened on this device belongs to; its
 *           name is the device's
 *
 * A binderfs device outlives its node: unlink and umount only drop the
 * inode's reference, and procs opened on it keep working until closed.
 */
struct binder_device {
	refcount_t ref;
	struct list_head entry;
	struct miscdevice misc;
	struct binder_context context;
};

/* ---- work items: what a thread reads back as BR_* ---- */

enum binder_work_type {
	BINDER_WORK_TRANSACTION = 1,
	BINDER_WORK_TRANSACTION_COMPLETE,
	BINDER_WORK_TRANSACTION_ONEWAY_SPAM_SUSPECT,
	BINDER_WORK_RETURN_ERROR,
	BINDER_WORK_NODE,
	BINDER_WORK_DEAD_BINDER,
	BINDER_WORK_DEAD_BINDER_AND_CLEAR,
	BINDER_WORK_CLEAR_DEATH_NOTIFICATION,
	BINDER_WORK_TRANSACTION_PENDING,
	BINDER_WORK_FROZEN_BINDER,
	BINDER_WORK_CLEAR_FREEZE_NOTIFICATION,
};

/**
 * struct binder_work - an entry on a todo list
 * @entry: link in a todo list (protected by the inner_lock of the proc
 *         owning that list)
 * @type:  what the entry is embedded in
 */
struct binder_work {
	struct list_head entry;
	enum binder_work_type type;
};

/**
 * struct binder_error - an error code waiting to be read by a thread
 * @work: queued on the thread's todo list while @cmd != BR_OK
 * @cmd:  the BR_* code (protected by the thread's proc->inner_lock)
 */
struct binder_error {
	struct binder_work work;
	u32 cmd;
};

/* ---- nodes and refs ---- */

/**
 * struct binder_node - an object a proc exports
 * @lock:                 protects @refs (and ref->death of those refs)
 * @proc:                 owner, referenced (immutable)
 * @rb_node:              link in @proc->nodes while the owner is alive
 * @work:                 queued to tell the owner about count changes
 * @ptr, @cookie:         the owner's identifiers of the object (immutable)
 * @refs:                 binder_refs of other procs on this node
 * @internal_strong_refs: refs with a strong count
 * @local_strong_refs:    strong counts held by the driver itself
 * @local_weak_refs:      weak counts held by the driver itself
 * @tmp_refs:             transient pins while a pointer is being used
 * @has_strong_ref:       the owner holds a strong ref (BR_ACQUIRE sent);
 *                        kept as it was when the owner died
 * @pending_strong_ref:   BR_ACQUIRE sent, BC_ACQUIRE_DONE not yet seen
 * @has_weak_ref:         the owner holds a weak ref (BR_INCREFS sent);
 *                        kept as it was when the owner died
 * @pending_weak_ref:     BR_INCREFS sent, BC_INCREFS_DONE not yet seen
 * @has_async_transaction: a one-way buffer holds the node's one-way slot
 *                        (see binder_buffer.async_slot)
 * @owner_dead:           the owner released its file, or the node is being
 *                        freed; either way it is no longer in @proc->nodes
 * @accept_fds:           the node accepts fds (immutable)
 * @txn_security_ctx:     deliver the sender's security context (immutable)
 * @min_priority:         lowest nice value calls into the node run at, the
 *                        low byte of the flags: 0..255 as upstream, so only
 *                        0..19 ever matter (immutable)
 * @async_todo:           one-way transactions waiting for the one in
 *                        flight to be freed
 * @debug_id:             unique id for messages (immutable)
 * @dead_entry:           link in binder_dead_nodes once the owner died
 *                        (protected by binder_dead_nodes_lock)
 *
 * Unless noted, fields are protected by the owner's inner_lock, and the
 * counts and flags by node->lock together with it (binder_node_inner_lock():
 * either lock suffices to read them).
 */
struct binder_node {
	spinlock_t lock;	/* @lock above */
	struct binder_proc *proc;
	struct rb_node rb_node;
	struct binder_work work;
	binder_uintptr_t ptr;
	binder_uintptr_t cookie;
	struct hlist_head refs;
	int internal_strong_refs;
	int local_strong_refs;
	int local_weak_refs;
	int tmp_refs;
	u8 has_strong_ref:1;
	u8 pending_strong_ref:1;
	u8 has_weak_ref:1;
	u8 pending_weak_ref:1;
	u8 has_async_transaction:1;
	u8 owner_dead:1;
	u8 accept_fds:1;
	u8 txn_security_ctx:1;
	u8 min_priority;
	struct list_head async_todo;
	int debug_id;
	struct list_head dead_entry;
};

/**
 * struct binder_node_hold - one count a buffer holds on a node of its own
 * receiving proc
 * @node:   the node, counted by the hold
 * @strong: a local strong count, else a local weak one
 */
struct binder_node_hold {
	struct binder_node *node;
	bool strong;
};

#define BINDER_HOLDS_PER_CHUNK	15

/**
 * struct binder_holds_chunk - node holds of one buffer, in a list of chunks
 * @next:  older chunk
 * @count: holds used in @hold
 * @hold:  the holds
 *
 * When a handle is sent to the proc that owns its node, the object arrives
 * as the node itself and the buffer holds a local count on the node.  The
 * buffer keeps the node it resolved here, so that releasing the buffer
 * gives the count back to that node without looking it up again: the
 * lookup by pointer would miss a node whose owner is dying.  Owned with
 * the buffer (binder_buffer.holds).
 */
struct binder_holds_chunk {
	struct binder_holds_chunk *next;
	unsigned int count;
	struct binder_node_hold hold[BINDER_HOLDS_PER_CHUNK];
};

/**
 * struct binder_ref_death - a death notification requested on a ref
 * @work:   BINDER_WORK_DEAD_BINDER* or CLEAR_DEATH_NOTIFICATION; queued on
 *          the holder's todo lists (protected by holder's inner_lock)
 * @cookie: user cookie to report (immutable)
 */
struct binder_ref_death {
	struct binder_work work;
	binder_uintptr_t cookie;
};

/**
 * struct binder_ref_freeze - a freeze notification requested on a ref
 * @work:      BINDER_WORK_FROZEN_BINDER, or _CLEAR_FREEZE_NOTIFICATION once
 *             cleared; queued on the holder's todo list, or on its
 *             delivered_freeze list once read (holder's inner_lock)
 * @cookie:    user cookie to report (immutable)
 * @is_frozen: the state to report (holder's inner_lock)
 * @sent:      read and not yet acknowledged (holder's inner_lock)
 * @resend:    queue again once acknowledged (holder's inner_lock)
 */
struct binder_ref_freeze {
	struct binder_work work;
	binder_uintptr_t cookie;
	bool is_frozen;
	bool sent;
	bool resend;
};

/**
 * struct binder_ref - a handle of @proc on a node of another proc
 * @rb_node_desc: link in proc->refs_by_desc (protected by proc->refs_lock)
 * @rb_node_node: link in proc->refs_by_node (protected by proc->refs_lock)
 * @node_entry:   link in node->refs (protected by node->lock)
 * @proc:         holder (immutable)
 * @node:         target; kept alive by our place in node->refs (immutable)
 * @desc:         the handle number (immutable)
 * @strong:       strong count held by @proc (protected by refs_lock)
 * @weak:         weak count held by @proc (protected by refs_lock)
 * @death:        requested death notification, if any (written under
 *                refs_lock and node->lock, read under either)
 * @freeze:       requested freeze notification, if any (as @death)
 * @debug_id:     unique id for debugfs and tracepoints (immutable)
 */
struct binder_ref {
	struct rb_node rb_node_desc;
	struct rb_node rb_node_node;
	struct hlist_node node_entry;
	struct binder_proc *proc;
	struct binder_node *node;
	u32 desc;
	int strong;
	int weak;
	struct binder_ref_death *death;
	struct binder_ref_freeze *freeze;
	int debug_id;
};

/* ---- transactions ---- */

/**
 * struct binder_transaction - a call or reply in flight
 * @work:           queued on the target's todo list until read
 * @debug_id:       unique id, reported by BINDER_GET_EXTENDED_ERROR
 * @lock:           protects @from and @to_thread
 * @from:           sync caller waiting for the reply, referenced; NULL for
 *                  one-way calls, replies, and once the caller exited or
 *                  the reply arrived
 * @from_parent:    next older transaction on @from's stack
 * @to_proc:        target proc, referenced (immutable)
 * @to_thread:      thread serving a sync call, once it read it; NULL once
 *                  that thread died
 * @to_parent:      next older transaction on @to_thread's stack
 * @need_reply:     a sync call that was not answered yet
 * @outstanding:    counted in @to_proc->outstanding_txns (protected by
 *                  @to_proc->inner_lock)
 * @buffer:         the data, in @to_proc's receive buffer; NULL once the
 *                  buffer was freed (protected by @to_proc->inner_lock)
 * @code, @flags:   from binder_transaction_data (immutable)
 * @priority:       nice of the sender when sending (immutable)
 * @saved_priority: nice of the receiving thread before it took the call
 * @sender_euid:    euid of the sending process (immutable)
 * @fd_fixups:      files to install as fds when the target reads it (the
 *                  sender's while building, then the reader's)
 * @security_ctx:   user address of the sender's security context, or 0
 *                  (immutable once sent)
 * @from_pid:       tgid of the sender, kept after it is gone (immutable)
 * @from_tid:       pid of the sending thread (immutable)
 * @from_proc_id:   debug_id of the sending proc (immutable)
 * @call_time:      for a reply: @start_time of the call it answers
 *                  (immutable); the sender's call-to-reply latency
 * @start_time:     when the sender started it, for debugfs (immutable)
 *
 * The stack links (@from_parent, @to_parent, @need_reply) are protected
 * by the inner_lock of the proc whose thread's stack holds the
 * transaction; @saved_priority is the serving thread's own.
 */
struct binder_transaction {
	struct binder_work work;
	int debug_id;
	spinlock_t lock;	/* @lock above */
	struct binder_thread *from;
	struct binder_transaction *from_parent;
	struct binder_proc *to_proc;
	struct binder_thread *to_thread;
	struct binder_transaction *to_parent;
	unsigned int need_reply:1;
	unsigned int outstanding:1;
	struct binder_buffer *buffer;
	unsigned int code;
	unsigned int flags;
	long priority;
	long saved_priority;
	kuid_t sender_euid;
	struct list_head fd_fixups;
	binder_uintptr_t security_ctx;
	pid_t from_pid;
	pid_t from_tid;
	int from_proc_id;
	ktime_t start_time;
	ktime_t call_time;
};

/**
 * struct binder_fd_fixup - an fd to install in the receiver when it reads
 * @entry:  link in t->fd_fixups
 * @file:   the file, referenced
 * @offset: where the fd number goes in the buffer
 * @target_fd: the fd reserved in the receiver, or -1
 */
struct binder_fd_fixup {
	struct list_head entry;
	struct file *file;
	size_t offset;
	int target_fd;
};

/* ---- protocol counters, shown in debugfs "stats" as upstream does ---- */

/* Every BC_* and BR_* code of the protocol, indexed by _IOC_NR(). */
#define BINDER_BC_COUNT		(_IOC_NR(BC_FREEZE_NOTIFICATION_DONE) + 1)
#define BINDER_BR_COUNT		(_IOC_NR(BR_CLEAR_FREEZE_NOTIFICATION_DONE) + 1)

/**
 * struct binder_proto_stats - how often each command and return was seen
 * @bc: BC_* commands read from user space, by _IOC_NR()
 * @br: BR_* returns written to user space, by _IOC_NR()
 *
 * Lock-free.  One global set and one per proc; see binder_count_bc().
 */
struct binder_proto_stats {
	atomic_t bc[BINDER_BC_COUNT];
	atomic_t br[BINDER_BR_COUNT];
};

/* ---- threads and procs ---- */

/* binder_thread.looper bits; the values match upstream's debug output. */
enum {
	BINDER_LOOPER_STATE_REGISTERED	= 0x01,
	BINDER_LOOPER_STATE_ENTERED	= 0x02,
	BINDER_LOOPER_STATE_EXITED	= 0x04,
	BINDER_LOOPER_STATE_INVALID	= 0x08,
	BINDER_LOOPER_STATE_WAITING	= 0x10,
	BINDER_LOOPER_STATE_POLL	= 0x20,
};

/**
 * struct binder_thread - a task that talks to the driver through one proc
 * @kref:               lifetime; the proc's tree holds one reference
 * @proc:               owning proc, referenced (immutable)
 * @rb_node:            link in @proc->threads (protected by inner_lock)
 * @waiting_thread_node: link in proc->waiting_threads while the thread
 *                      sleeps waiting for process work (inner_lock)
 * @pid:                task pid, the key in @proc->threads (immutable)
 * @looper:             BINDER_LOOPER_STATE_* (inner_lock)
 * @looper_need_return: make the next wait return at once (inner_lock)
 * @todo:               work for this thread only (inner_lock)
 * @process_todo:       @todo has work that must wake the thread; work
 *                      queued "deferred" waits for the next wakeup
 *                      (inner_lock)
 * @transaction_stack:  innermost transaction this thread sends or serves
 *                      (inner_lock)
 * @return_error:       error of the last BC_TRANSACTION/REPLY, to be read;
 *                      @return_error.cmd is protected by the inner_lock
 *                      (the thread's own write loop peeks with READ_ONCE)
 * @reply_error:        error standing in for the reply of a sync call
 *                      (cmd under the inner_lock)
 * @ee:                 BINDER_GET_EXTENDED_ERROR record (inner_lock)
 * @is_dead:            released by BINDER_THREAD_EXIT or proc teardown
 *                      (inner_lock)
 * @wait:               where the thread sleeps; poll() waits here too
 * @rcu:                deferred free, see the top of this file
 */
struct binder_thread {
	struct kref kref;
	struct binder_proc *proc;
	struct rb_node rb_node;
	struct list_head waiting_thread_node;
	pid_t pid;
	u32 looper;
	bool looper_need_return;
	struct list_head todo;
	bool process_todo;
	struct binder_transaction *transaction_stack;
	struct binder_error return_error;
	struct binder_error reply_error;
	struct binder_extended_error ee;
	bool is_dead;
	wait_queue_head_t wait;
	struct rcu_head rcu;
};

/**
 * struct binder_proc - the driver's state for one open file
 * @kref:              memory lifetime, see binder_proc.c
 * @active:            receive-buffer lifetime, see binder_proc.c
 * @entry:             link in binder_procs (protected by binder_procs_lock)
 * @context:           context of the device that was opened; the proc holds
 *                     its device until freed (immutable)
 * @tsk:               group leader of the opener, referenced (immutable)
 * @pid:               tgid of the opener (immutable)
 * @debug_id:          unique id, names the proc in debugfs "graph" and
 *                     "activity" (a process may open several fds; immutable)
 * @cred:              credentials of the opener, referenced (immutable)
 * @default_priority:  nice value of the opener (immutable)
 * @alloc:             receive buffer allocator (has its own lock)
 * @inner_lock:        protects the fields below up to @refs_lock
 * @threads:           binder_threads by pid
 * @nodes:             binder_nodes owned by this proc, by ptr
 * @waiting_threads:   threads waiting for process work
 * @todo:              work for any thread of this proc
 * @delivered_death:   BR_DEAD_BINDERs read but not acknowledged
 * @delivered_freeze:  BR_FROZEN_BINDERs read but not acknowledged
 * @max_threads:       BINDER_SET_MAX_THREADS
 * @requested_threads: BR_SPAWN_LOOPER sent, BC_REGISTER_LOOPER not yet seen
 * @requested_threads_started: threads that registered after a request
 * @is_dead:           the file was released
 * @is_frozen:         BINDER_FREEZE: sync calls are refused, one-way calls
 *                     wait
 * @sync_recv:         a sync call was refused while frozen
 * @async_recv:        a one-way call arrived while frozen
 * @outstanding_txns:  transactions queued to or served by this proc
 * @freeze_wait:       BINDER_FREEZE waits here for @outstanding_txns to drain
 * @oneway_spam_detection_enabled: BINDER_ENABLE_ONEWAY_SPAM_DETECTION
 * @refs_lock:         protects @refs_by_desc, @refs_by_node, @descs,
 *                     @descs_nbits, @refs_closed and the counts of this
 *                     proc's refs
 * @refs_by_desc:      binder_refs by handle number
 * @refs_by_node:      binder_refs by node address
 * @descs:             bitmap of the handle numbers in use (binder_ref.c)
 * @descs_nbits:       its size in bits
 * @refs_closed:       the proc is being torn down: no new refs
 * @stats:             this proc's share of binder_proto_stats
 * @latency:           times of the transactions this proc read: its calls'
 *                     replies and the one-way calls it received (lock-free)
 * @activity:          what this proc sent (lock-free)
 * @debugfs_entry:     its proc/<pid> file in debugfs, if this proc holds it
 *                     (see binder_debugfs_proc_add(); protected by that
 *                     file's own lock)
 */
struct binder_proc {
	struct kref kref;
	struct kref active;
	struct list_head entry;
	struct binder_context *context;
	struct task_struct *tsk;
	pid_t pid;
	int debug_id;
	const struct cred *cred;
	int default_priority;
	struct binder_alloc alloc;

	spinlock_t inner_lock;	/* @inner_lock above */
	struct rb_root threads;
	struct rb_root nodes;
	struct list_head waiting_threads;
	struct list_head todo;
	struct list_head delivered_death;
	struct list_head delivered_freeze;
	u32 max_threads;
	int requested_threads;
	int requested_threads_started;
	bool is_dead;
	bool is_frozen;
	bool sync_recv;
	bool async_recv;
	int outstanding_txns;
	wait_queue_head_t freeze_wait;
	bool oneway_spam_detection_enabled;

	struct mutex refs_lock;	/* @refs_lock above */
	struct rb_root refs_by_desc;
	struct rb_root refs_by_node;
	unsigned long *descs;
	unsigned int descs_nbits;
	bool refs_closed;

	struct binder_proto_stats stats;
	struct binder_latency latency;
	struct binder_activity activity;
	struct dentry *debugfs_entry;
	struct dentry *binderfs_entry;
};

/* ---- object counters, shown in debugfs and checked by the selftests ---- */

enum binder_stat_type {
	BINDER_STAT_PROC,
	BINDER_STAT_THREAD,
	BINDER_STAT_NODE,
	BINDER_STAT_REF,
	BINDER_STAT_DEATH,
	BINDER_STAT_FREEZE,
	BINDER_STAT_TRANSACTION,
	BINDER_STAT_TRANSACTION_COMPLETE,
	BINDER_STAT_BUFFER,
	BINDER_STAT_PAGE,
	BINDER_STAT_COUNT
};

/**
 * struct binder_obj_stats - created/deleted counts per object type
 *
 * Lock-free; a reader may see a transiently inconsistent pair.
 */
struct binder_obj_stats {
	atomic_long_t created[BINDER_STAT_COUNT];
	atomic_long_t deleted[BINDER_STAT_COUNT];
};

extern struct binder_obj_stats binder_obj_stats;

static inline void binder_stat_created(enum binder_stat_type type)
{
	atomic_long_inc(&binder_obj_stats.created[type]);
}

static inline void binder_stat_deleted(enum binder_stat_type type)
{
	atomic_long_inc(&binder_obj_stats.deleted[type]);
}

/* Messages caused by user-space mistakes: rate-limited, debug level. */
#define binder_user_error(fmt, ...) \
	pr_debug_ratelimited(fmt, ##__VA_ARGS__)

/* binder.c */
extern struct mutex binder_procs_lock;
extern struct list_head binder_procs;
extern spinlock_t binder_dead_nodes_lock;
extern struct list_head binder_dead_nodes;
extern const struct file_operations binder_fops;
int binder_new_debug_id(void);
struct binder_device *binder_device_alloc(const char *name);
void binder_device_put(struct binder_device *device);

/* A proc's hold on the device of its context (binder_proc_create/free). */
static inline void binder_context_get(struct binder_context *context)
{
	refcount_inc(&container_of(context, struct binder_device, context)->ref);
}

static inline void binder_context_put(struct binder_context *context)
{
	binder_device_put(container_of(context, struct binder_device, context));
}

/* binder_proc.c */
struct binder_proc *binder_proc_create(struct binder_context *context,
				       struct file *filp);
void binder_proc_release(struct binder_proc *proc);
void binder_proc_put(struct binder_proc *proc);
static inline void binder_proc_get(struct binder_proc *proc)
{
	kref_get(&proc->kref);
}

bool binder_proc_get_active(struct binder_proc *proc);
void binder_proc_put_active(struct binder_proc *proc);

int binder_set_context_mgr(struct binder_proc *proc,
			   const struct flat_binder_object *fbo);
struct binder_node *binder_get_context_mgr(struct binder_context *context);
struct binder_node *binder_get_context_mgr_for_txn(struct binder_context *context,
						   struct binder_proc *sender,
						   struct binder_proc **procp, u32 *error);

/**
 * binder_node_is_context_mgr() - is @node the current manager of its device?
 * @binderfs_entry:    its binder_logs/proc/<pid> file in the binderfs mount
 *                     it was opened from, if it made one (binder.c)
 * @node: the node
 *
 * Compares pointers only, without context->mgr_lock, as the manager can
 * change at any time anyway: a node that was the manager once and whose
 * owner died is not the manager any more.
 *
 * Return: true if it is.
 */
static inline bool binder_node_is_context_mgr(struct binder_node *node)
{
	return READ_ONCE(node->proc->context->mgr_node) == node;
}

/* binder_freeze.c */
int binder_ioctl_freeze(struct binder_freeze_info __user *uinfo);
int binder_ioctl_get_frozen_info(struct binder_frozen_status_info __user *uinfo);
void binder_txn_uncount_ilocked(struct binder_transaction *t);
void binder_notify_freeze_watchers(struct binder_proc *proc, bool frozen);
void binder_freeze_changed_nlocked(struct binder_ref *ref, bool frozen);
int binder_request_freeze(struct binder_proc *proc, struct binder_thread *thread,
			  u32 desc, binder_uintptr_t cookie);
int binder_clear_freeze(struct binder_proc *proc, struct binder_thread *thread,
			u32 desc, binder_uintptr_t cookie);
int binder_freeze_done(struct binder_proc *proc, struct binder_thread *thread,
		       binder_uintptr_t cookie);

/* binder_work.c */
void binder_enqueue_work_ilocked(struct binder_proc *proc, struct binder_work *work,
				 struct list_head *list);
void binder_enqueue_thread_work_ilocked(struct binder_thread *thread,
					struct binder_work *work);
void binder_enqueue_deferred_thread_work_ilocked(struct binder_thread *thread,
						 struct binder_work *work);
void binder_enqueue_thread_work(struct binder_thread *thread, struct binder_work *work);
void binder_dequeue_work_ilocked(struct binder_proc *proc, struct binder_work *work);
void binder_dequeue_work(struct binder_proc *proc, struct binder_work *work);
struct binder_work *binder_dequeue_work_head_ilocked(struct binder_proc *proc,
						     struct list_head *list);
bool binder_available_for_proc_work_ilocked(struct binder_thread *thread);
struct binder_thread *binder_select_thread_ilocked(struct binder_proc *proc);
void binder_wakeup_thread_ilocked(struct binder_proc *proc,
				  struct binder_thread *thread, bool sync);
void binder_wakeup_proc_ilocked(struct binder_proc *proc);
void binder_release_work(struct binder_proc *proc, struct list_head *list);

/* binder_thread.c */
struct binder_thread *binder_get_thread(struct binder_proc *proc);
void binder_thread_put(struct binder_thread *thread);
void binder_thread_release(struct binder_proc *proc, struct binder_thread *thread);
void binder_release_all_threads(struct binder_proc *proc);
int binder_thread_read(struct binder_thread *thread, void __user *buffer,
		       size_t size, binder_size_t *consumed, bool non_block);
__poll_t binder_thread_poll(struct binder_proc *proc, struct file *filp,
			    struct poll_table_struct *wait);
void binder_flush_threads(struct binder_proc *proc);
void binder_thread_need_return(struct binder_thread *thread);
void binder_thread_ioctl_done(struct binder_thread *thread);
void binder_set_nice(long nice);
void binder_set_extended_error(struct binder_extended_error *ee, u32 id,
			       u32 command, s32 param);

/* binder_command.c */
int binder_thread_write(struct binder_thread *thread, void __user *buffer,
			size_t size, binder_size_t *consumed);

/* binder_node.c */
struct binder_node *binder_get_node(struct binder_proc *proc, binder_uintptr_t ptr);
struct binder_node *binder_new_node(struct binder_proc *proc,
				    const struct flat_binder_object *fp);
void binder_put_node(struct binder_node *node);
void binder_node_inner_lock(struct binder_node *node);
void binder_node_inner_unlock(struct binder_node *node);
int binder_inc_node_nilocked(struct binder_node *node, bool strong, bool internal,
			     struct binder_thread *thread);
int binder_inc_node(struct binder_node *node, bool strong, bool internal,
		    struct binder_thread *thread);
bool binder_dec_node_nilocked(struct binder_node *node, bool strong, bool internal);
void binder_dec_node(struct binder_node *node, bool strong, bool internal);
void binder_inc_node_tmpref_ilocked(struct binder_node *node);
void binder_free_node(struct binder_node *node);
int binder_node_work_read(struct binder_thread *thread, struct binder_node *node,
			  void __user **ptr);
int binder_node_done(struct binder_proc *proc, u32 cmd, binder_uintptr_t ptr,
		     binder_uintptr_t cookie);
void binder_release_nodes(struct binder_proc *proc);
u32 binder_node_get_for_txn_nilocked(struct binder_node *node, struct binder_proc **procp);
int binder_ioctl_get_node_debug_info(struct binder_proc *proc,
				     struct binder_node_debug_info __user *uinfo);

/* binder_ref.c */
struct binder_ref *binder_get_ref_rlocked(struct binder_proc *proc, u32 desc,
					  bool need_strong);
int binder_inc_ref_for_node(struct binder_proc *proc, struct binder_node *node,
			    bool strong, struct binder_thread *thread, u32 *desc);
int binder_update_ref_for_handle(struct binder_proc *proc, u32 desc,
				 bool increment, bool strong);
struct binder_node *binder_get_node_from_ref(struct binder_proc *proc, u32 desc,
					     bool need_strong_ref);
struct binder_node *binder_get_ref_node_for_txn(struct binder_proc *proc, u32 desc,
						struct binder_proc **procp, u32 *error);
int binder_request_death(struct binder_proc *proc, struct binder_thread *thread,
			 u32 desc, binder_uintptr_t cookie);
int binder_clear_death(struct binder_proc *proc, struct binder_thread *thread,
		       u32 desc, binder_uintptr_t cookie);
int binder_dead_binder_done(struct binder_proc *proc, struct binder_thread *thread,
			    binder_uintptr_t cookie);
void binder_release_refs(struct binder_proc *proc);
void binder_notify_node_death_nlocked(struct binder_node *node);
int binder_ioctl_get_node_info_for_ref(struct binder_proc *proc,
				       struct binder_node_info_for_ref __user *uinfo);
int binder_ref_debug_id(struct binder_proc *proc, u32 desc);

/* binder_transaction.c */
void binder_transaction(struct binder_thread *thread,
			const struct binder_transaction_data *tr, bool reply,
			binder_size_t sg_size);
void binder_free_transaction(struct binder_transaction *t);
void binder_send_failed_reply(struct binder_transaction *t, u32 error_code);
void binder_transaction_undeliverable(struct binder_transaction *t, const char *reason,
				      u32 error_code);
struct binder_thread *binder_get_txn_from(struct binder_transaction *t);
int binder_transaction_deliver(struct binder_thread *thread,
			       struct binder_transaction *t,
			       void __user **ptr);

/* binder_object.c */
int binder_translate_objects(struct binder_thread *thread,
			     struct binder_transaction *t,
			     const struct binder_transaction_data *tr, size_t sg_size,
			     struct binder_transaction *in_reply_to,
			     size_t *failed_at);
void binder_release_buffer(struct binder_proc *proc, struct binder_buffer *buffer,
			   struct binder_thread *freer, size_t off_end);
int binder_reserve_fds(struct binder_proc *proc, struct binder_transaction *t);
void binder_install_fds(struct binder_transaction *t);
void binder_free_fd_fixups(struct binder_transaction *t);

/**
 * binder_buffer_offsets_end() - the end of a buffer's offsets array
 * @buffer: the buffer
 *
 * Return: the offset, within @buffer, just past its offsets array.
 */
static inline size_t binder_buffer_offsets_end(const struct binder_buffer *buffer)
{
	return ALIGN(buffer->data_size, sizeof(u64)) + buffer->offsets_size;
}

/* binder_netlink.c */

/**
 * struct binder_txn_report - one transaction report (binder_netlink.c)
 * @error:     the BR_* code the sender got
 * @context:   device name
 * @from_pid:  sending process
 * @from_tid:  sending thread
 * @to_pid:    target process, 0 if not known
 * @to_tid:    target thread, 0 if not known
 * @is_reply:  the transaction was a reply
 * @flags:     its TF_* flags
 * @code:      its code
 * @data_size: its data size
 */
struct binder_txn_report {
	u32 error;
	const char *context;
	u32 from_pid;
	u32 from_tid;
	u32 to_pid;
	u32 to_tid;
	bool is_reply;
	u32 flags;
	u32 code;
	u32 data_size;
};

int binder_netlink_init(void);
void binder_netlink_exit(void);
void binder_netlink_report(const struct binder_txn_report *r);

/* binder_debugfs.c */

/**
 * struct binder_log_file - one file of the log directories
 * @name: file name
 * @fops: its seq_file operations (they ignore the inode's private data)
 */
struct binder_log_file {
	const char *name;
	const struct file_operations *fops;
};

/* debugfs and binderfs's binder_logs/ show these; the last one has no name. */
extern const struct binder_log_file binder_log_files[];
/* proc/<pid> in both: the inode's private data is the pid, as a pointer. */
extern const struct file_operations binder_proc_log_fops;

void binder_debugfs_init(void);
void binder_walk_dead_nodes(struct seq_file *m,
			    void (*print)(struct seq_file *m, struct binder_node *node));
void binder_debugfs_exit(void);
void binder_debugfs_proc_add(struct binder_proc *proc);
void binder_debugfs_proc_remove(struct binder_proc *proc);

/* Upstream's names of the codes, by _IOC_NR(); also used by binder_trace.h. */
extern const char *const binder_command_strings[BINDER_BC_COUNT];
extern const char *const binder_return_strings[BINDER_BR_COUNT];
void binder_count_bc(struct binder_proc *proc, u32 cmd);
void binder_count_br(struct binder_proc *proc, u32 cmd);

/* The transaction logs (transaction_log, failed_transaction_log). */
struct binder_txn_log_entry;
struct binder_txn_log_entry *binder_txn_log_begin(struct binder_thread *thread,
						  const struct binder_transaction_data *tr,
						  bool reply, int debug_id);
void binder_txn_log_target(struct binder_txn_log_entry *e, struct binder_proc *proc,
			   struct binder_thread *thread, struct binder_node *node);
void binder_txn_log_end(struct binder_txn_log_entry *e, int debug_id, u32 error, int param);

/* binder_insight.c: debugfs "graph", "latency", "activity" and their hooks */
extern const struct file_operations binder_graph_fops;
extern const struct file_operations binder_latency_fops;
extern const struct file_operations binder_activity_fops;
void binder_insight_context_add(struct binder_context *context);
void binder_insight_context_remove(struct binder_context *context);
void binder_insight_sent(struct binder_proc *proc, const struct binder_transaction_data *tr,
			 bool reply);
void binder_insight_failed(struct binder_proc *proc);
void binder_insight_delivered(struct binder_proc *proc, const struct binder_transaction *t,
			      u32 cmd);

/* binder_trace.c: tracepoints that need more than their call site has */
void binder_trace_node_to_ref(struct binder_transaction *t, struct binder_node *node, u32 desc);
void binder_trace_ref_to_node(struct binder_transaction *t, struct binder_node *node,
			      struct binder_proc *src_proc, u32 src_desc);
void binder_trace_ref_to_ref(struct binder_transaction *t, struct binder_node *node,
			     struct binder_proc *src_proc, u32 src_desc, u32 dest_desc);
void binder_trace_txn_free(struct binder_transaction *t);

#endif /* _BINDER_INTERNAL_H */
