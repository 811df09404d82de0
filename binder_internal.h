/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the files of the binder_ipc driver.
 *
 * Objects
 * -------
 * binder_device   one misc device (one name in the devices= parameter); it
 *                 owns one binder_context, the namespace of handle 0.
 * binder_proc     one per open() of a device.  It owns the receive buffer
 *                 (binder_alloc), the threads that used the fd, and later
 *                 the nodes and references of that process.
 * binder_thread   one per task that issued an ioctl or poll on the fd.
 *
 * Lock order (a lock may only be taken while holding locks above it)
 * ---------------------------------------------------------------
 *   1. binder_procs_lock       mutex     global list of procs (debugfs)
 *   2. alloc->mutex            mutex     one allocator; nests outside
 *                                        mmap_lock of the owning mm
 *   3. proc->inner_lock        spinlock  thread tree and looper state
 *
 * No two locks of the same level are ever held at once.  Functions whose
 * names end in _ilocked expect proc->inner_lock to be held by the caller and
 * check it with lockdep_assert_held().
 */
#ifndef _BINDER_INTERNAL_H
#define _BINDER_INTERNAL_H

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct file;
struct poll_table_struct;

#include "uapi/linux/android/binder.h"
#include "binder_alloc.h"

/**
 * struct binder_context - the scope of one context manager (handle 0)
 * @name:      device name, for messages (immutable)
 */
struct binder_context {
	const char *name;
};

/**
 * struct binder_device - one misc device created from devices=
 * @entry:     link in the module's device list (init/exit only)
 * @misc:      the registered misc device
 * @context:   the context every proc opened on this device belongs to
 */
struct binder_device {
	struct list_head entry;
	struct miscdevice misc;
	struct binder_context context;
};

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
 * @proc:               owning proc (immutable)
 * @rb_node:            link in @proc->threads (protected by proc->inner_lock)
 * @pid:                task pid, the key in @proc->threads (immutable)
 * @looper:             BINDER_LOOPER_STATE_* (protected by proc->inner_lock)
 * @looper_need_return: make the next wait return at once; set for new
 *                      threads and by flush (protected by proc->inner_lock)
 * @wait:               where the thread sleeps and where poll() waits
 * @rcu:                the thread is freed after a grace period, because
 *                      epoll may still walk @wait under rcu_read_lock()
 */
struct binder_thread {
	struct binder_proc *proc;
	struct rb_node rb_node;
	pid_t pid;
	u32 looper;
	bool looper_need_return;
	wait_queue_head_t wait;
	struct rcu_head rcu;
};

/**
 * struct binder_proc - the driver's state for one open file
 * @entry:            link in binder_procs (protected by binder_procs_lock)
 * @context:          context of the device that was opened (immutable)
 * @tsk:              group leader of the opener, referenced (immutable)
 * @pid:              tgid of the opener (immutable)
 * @cred:             credentials of the opener, referenced (immutable)
 * @default_priority: nice value of the opener (immutable)
 * @alloc:            receive buffer allocator (has its own lock)
 * @inner_lock:       protects @threads and the threads' mutable fields
 * @threads:          binder_threads keyed by pid (protected by @inner_lock)
 */
struct binder_proc {
	struct list_head entry;
	struct binder_context *context;
	struct task_struct *tsk;
	pid_t pid;
	const struct cred *cred;
	int default_priority;
	struct binder_alloc alloc;
	spinlock_t inner_lock;
	struct rb_root threads;
};

/* Object counters, shown in debugfs and checked by the selftests. */
enum binder_stat_type {
	BINDER_STAT_PROC,
	BINDER_STAT_THREAD,
	BINDER_STAT_NODE,
	BINDER_STAT_REF,
	BINDER_STAT_DEATH,
	BINDER_STAT_TRANSACTION,
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

/* binder.c */
extern struct mutex binder_procs_lock;
extern struct list_head binder_procs;

/* binder_thread.c */
struct binder_thread *binder_get_thread(struct binder_proc *proc);
void binder_thread_release(struct binder_proc *proc, struct binder_thread *thread);
void binder_release_all_threads(struct binder_proc *proc);
int binder_thread_read(struct binder_thread *thread, void __user *buffer,
		       size_t size, binder_size_t *consumed, bool non_block);
__poll_t binder_thread_poll(struct binder_proc *proc, struct file *filp,
			    struct poll_table_struct *wait);
void binder_flush_threads(struct binder_proc *proc);
void binder_thread_ioctl_done(struct binder_thread *thread);

/* binder_debugfs.c */
void binder_debugfs_init(void);
void binder_debugfs_exit(void);

#endif /* _BINDER_INTERNAL_H */
