/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive-buffer allocator of one binder_proc.
 *
 * Each proc maps a read-only window of its own address space with mmap().
 * Every incoming transaction gets a binder_buffer carved out of that window;
 * the sender's data is copied straight from the sender's user memory into
 * the pages behind it, and the receiver reads it in place: one copy.
 *
 * Pages are allocated and inserted into the receiver's mapping lazily, only
 * for the buffers that need them.  When a buffer is freed, pages no longer
 * covered by any buffer stay mapped but go on a global LRU, from which a
 * shrinker reclaims them under memory pressure.
 *
 * Locking: alloc->mutex protects everything in struct binder_alloc and the
 * allocator's fields of its binder_buffers (see struct binder_buffer). It
 * is a sleeping lock taken outside the target's mmap_lock, and never while
 * any binder spinlock is held. The one exception is binder_alloc_mmap(): it
 * runs under mmap_lock and so cannot take the mutex; it fills the allocator
 * in and then publishes alloc->ready with a release store, and every other
 * path loads alloc->ready with an acquire load before touching the
 * rest. The page slots (alloc->pages) come later, under the mutex, with the
 * first buffer. The shrinker walks the LRU under the LRU's own spinlock and
 * therefore only ever trylocks alloc->mutex and mmap_lock.
 */
#ifndef _BINDER_ALLOC_H
#define _BINDER_ALLOC_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/list_lru.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/barrier.h>

struct seq_file;
struct binder_transaction;
struct binder_node;
struct binder_holds_chunk;

/* Upstream uses at most 4 MiB of a mapping; a larger vma is accepted. */
#define BINDER_ALLOC_MAX_SIZE	SZ_4M

/**
 * struct binder_buffer - one allocation inside the receive buffer
 * @entry:              link in alloc->buffers, sorted by address; a buffer
 *                      extends to the start of the next one
 * @rb_node:            link in alloc->free_buffers (keyed by size) while
 *                      @free, else in alloc->allocated_buffers (by address)
 * @free:               not allocated
 * @async_transaction:  charged to the async (one-way) space
 * @clear_on_free:      zero the contents when freed (TF_CLEAR_BUF)
 * @oneway_spam_suspect: this async allocation tripped spam detection
 * @allow_user_free:    user space may BC_FREE_BUFFER it.  A handshake
 *                      between the two owners: the core sets it once the
 *                      buffer was delivered (binder_buffer_set_user_owned(),
 *                      a release store); the allocator tests and clears
 *                      it under alloc->mutex when a free starts
 * @async_slot:         core: this one-way buffer holds its target node's
 *                      one-way slot (node->has_async_transaction); set
 *                      under the node's locks before the buffer is queued
 * @transaction:        core: transaction using the buffer (protected by
 *                      the receiving proc's inner_lock)
 * @target_node:        core: node the transaction was sent to, with a
 *                      local strong count the buffer owns (immutable)
 * @holds:              core: counts the buffer holds on nodes of its own
 *                      proc, for objects translated into that proc's own
 *                      nodes (see binder_object.c)
 * @debug_id:           core: the debug id of its transaction, for debugfs
 *                      and tracepoints (WRITE_ONCE by the sender; debugfs
 *                      reads it under alloc->mutex with READ_ONCE)
 * @data_size:          bytes of payload
 * @offsets_size:       bytes of the offsets array, after the payload
 * @extra_buffers_size: bytes of scatter-gather buffers and security context
 * @user_data:          address of the buffer in the receiver's mapping
 * @pid:                tgid of the sender, for spam detection
 *
 * The allocator's fields (the list links, the bits before
 * @allow_user_free, the sizes, @user_data and @pid) are written only
 * under alloc->mutex, the sizes, @user_data and @pid only when the buffer
 * is handed out, so its owner may read them without the lock.  The core's
 * fields (marked "core") are cleared by the allocator when it hands the
 * buffer out and are then written only by whoever owns the allocated
 * buffer at the time (its sender while building it, the todo list it is
 * queued on, then its receiver), so no memory location is written under
 * two different rules.
 */
struct binder_buffer {
	struct list_head entry;
	struct rb_node rb_node;
	unsigned int free:1;
	unsigned int async_transaction:1;
	unsigned int clear_on_free:1;
	unsigned int oneway_spam_suspect:1;
	bool allow_user_free;
	bool async_slot;
	struct binder_transaction *transaction;
	struct binder_node *target_node;
	struct binder_holds_chunk *holds;
	int debug_id;
	size_t data_size;
	size_t offsets_size;
	size_t extra_buffers_size;
	unsigned long user_data;
	int pid;
};

/* binder_alloc_new_buf() flags */
#define BINDER_BUF_ASYNC		0x1	/* one-way: charge the async space */
#define BINDER_BUF_CLEAR_ON_FREE	0x2	/* zero the contents when freed */

/**
 * binder_buffer_set_user_owned() - the core hands a delivered buffer to user
 * space, which may now free it with BC_FREE_BUFFER
 * @buffer: the buffer, allocated and owned by the caller
 */
static inline void binder_buffer_set_user_owned(struct binder_buffer *buffer)
{
	/* Pairs with the READ_ONCE()s under alloc->mutex in binder_alloc.c. */
	smp_store_release(&buffer->allow_user_free, true);
}

/**
 * struct binder_lru_page - one page slot of the receive buffer
 * @lru:   link in the global LRU while the page is allocated but no buffer
 *         uses it (protected by the LRU's lock)
 * @page:  the page, or NULL when not allocated (protected by alloc->mutex)
 * @alloc: back pointer for the shrinker (immutable)
 */
struct binder_lru_page {
	struct list_head lru;
	struct page *page;
	struct binder_alloc *alloc;
};

/**
 * struct binder_alloc - receive buffer state of one proc
 * @mutex:             protects everything below, see the top of this file
 * @mm:                address space of the opener, pinned with mmgrab() at
 *                     init; NULL for the in-kernel self-test, which has no
 *                     user mapping (immutable)
 * @buffer:            user address of the mapping
 * @buffer_size:       usable bytes of the mapping; 0 until the first mmap,
 *                     never reset, so a second mmap fails even after munmap
 * @mapped:            the vma still exists; cleared by vma close, which
 *                     runs under mmap_lock and so cannot take @mutex
 *                     (READ_ONCE/WRITE_ONCE)
 * @pages:             @buffer_size / PAGE_SIZE page slots
 * @buffers:           every binder_buffer, free or not, by address
 * @free_buffers:      free buffers, by size (best fit)
 * @allocated_buffers: allocated buffers, by user address
 * @free_async_space:  bytes still available to one-way transactions: half
 *                     of the mapping to start with
 * @oneway_spam_detected: spam was reported; not reported again until the
 *                     async space recovers
 * @pid:               tgid of the owner, for messages
 * @pages_high:        most pages ever allocated at once
 * @spare:             one unused buffer struct kept for the next split, so
 *                     a busy proc does not kmalloc and kfree one per call
 * @ready:             set up by mmap (smp_store_release, read with
 *                     smp_load_acquire); @pages may still be NULL: the slots
 *                     are allocated with the first buffer
 */
struct binder_alloc {
	struct mutex mutex;	/* see "Locking" above */
	struct mm_struct *mm;
	unsigned long buffer;
	size_t buffer_size;
	bool mapped;
	struct binder_lru_page *pages;
	struct list_head buffers;
	struct rb_root free_buffers;
	struct rb_root allocated_buffers;
	size_t free_async_space;
	bool oneway_spam_detected;
	int pid;
	int pages_high;
	struct binder_buffer *spare;
	bool ready;
};

/* Lifetime of one proc's allocator. */
void binder_alloc_init(struct binder_alloc *alloc);
void binder_alloc_release(struct binder_alloc *alloc);

/* mmap: checks, attaches, and installs the vm_operations. */
int binder_alloc_mmap(struct binder_alloc *alloc, struct vm_area_struct *vma);
/* What mmap does minus the vma; also used by the self-test. */
int binder_alloc_setup(struct binder_alloc *alloc, unsigned long start, size_t size);

struct binder_buffer *binder_alloc_new_buf(struct binder_alloc *alloc,
					   size_t data_size, size_t offsets_size,
					   size_t extra_buffers_size, unsigned int flags,
					   int pid);
struct binder_buffer *binder_alloc_prepare_to_free(struct binder_alloc *alloc,
						   unsigned long user_ptr);
void binder_alloc_free_buf(struct binder_alloc *alloc, struct binder_buffer *buffer);
struct binder_buffer *binder_alloc_take_user_buffer(struct binder_alloc *alloc);

/* Accessors to buffer contents; @offset is relative to the buffer start. */
unsigned long binder_alloc_copy_user_to_buffer(struct binder_alloc *alloc,
					       struct binder_buffer *buffer,
					       size_t offset,
					       const void __user *from,
					       size_t bytes);
int binder_alloc_copy_to_buffer(struct binder_alloc *alloc,
				struct binder_buffer *buffer, size_t offset,
				const void *src, size_t bytes);
int binder_alloc_copy_from_buffer(struct binder_alloc *alloc, void *dest,
				  struct binder_buffer *buffer, size_t offset,
				  size_t bytes);

size_t binder_alloc_buffer_size(struct binder_alloc *alloc);
size_t binder_alloc_free_async_space(struct binder_alloc *alloc);
void binder_alloc_print_stats(struct seq_file *m, struct binder_alloc *alloc);
void binder_alloc_print_allocated(struct seq_file *m,
				  struct binder_alloc *alloc, spinlock_t *core_lock);
void binder_alloc_print_pages(struct seq_file *m, struct binder_alloc *alloc);
int binder_alloc_allocated_count(struct binder_alloc *alloc);
size_t binder_alloc_allocated_bytes(struct binder_alloc *alloc);

/* Module-wide: the page LRU and its shrinker. */
int binder_alloc_shrinker_init(void);
void binder_alloc_shrinker_exit(void);
unsigned long binder_alloc_shrink_all(void);

/* binder_alloc_selftest.c: exhaustive alloc/free orders, at module load. */
int binder_alloc_selftest(void);

#endif /* _BINDER_ALLOC_H */
