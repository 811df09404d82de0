// SPDX-License-Identifier: GPL-2.0
/*
 * Receive-buffer allocator: the mmap()ed window each proc receives
 * transactions in.  binder_alloc.h describes the model; this file adds the
 * rules the implementation relies on.
 *
 * Publication.  mmap() runs with the mmap_lock of alloc->mm held for
 * writing, and alloc->mutex nests outside mmap_lock, so binder_alloc_mmap()
 * must not take alloc->mutex.  It does not need to: every mmap that can
 * succeed happens in alloc->mm, so mmap_lock serialises them.  It fills in
 * @buffer, @buffer_size, @buffers, @free_buffers and @free_async_space and
 * then publishes them by storing @pages with release semantics.  Everybody
 * else first loads @pages with acquire semantics (binder_alloc_ready()) and
 * treats NULL as "never mapped".  After publication those fields change
 * only under alloc->mutex.
 *
 * Buffers.  Free buffers are never adjacent (freeing merges neighbours), so
 * the neighbours of a free buffer are allocated buffers or the ends of the
 * mapping.
 *
 * Pages.  Each page slot is absent (no page), in use (an allocated buffer
 * overlaps it; not on the LRU) or unused (present and on the LRU); every
 * transition happens under alloc->mutex, including the shrinker's.  From
 * the rule above, the pages lying wholly inside a free buffer are exactly
 * the absent and unused ones: a page that sticks out of a free buffer is
 * shared with an allocated neighbour.
 */

#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/list_lru.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/overflow.h>
#include <linux/ratelimit.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_compat.h"
#include "binder_internal.h"
#include "binder_trace.h"

/* Every part of a buffer is rounded up to this; an empty buffer takes this. */
#define BINDER_BUFFER_ALIGN	sizeof(void *)

/* Oneway spam: below this share of the mapping left for async buffers... */
#define BINDER_SPAM_LOW_SPACE_DIV	10
/* ...a sender holding more buffers than this, or more than 1/4 of it. */
#define BINDER_SPAM_MAX_BUFFERS		50
#define BINDER_SPAM_MAX_SIZE_DIV	4

/* Unused pages of every proc; the lock of each node nests inside alloc->mutex. */
static struct list_lru binder_alloc_lru;

static const struct vm_operations_struct binder_alloc_vm_ops;

/* ---- small helpers ---------------------------------------------------- */

/* The page slots once binder_alloc_mmap() has set the allocator up, else NULL. */
static bool binder_alloc_ready(struct binder_alloc *alloc)
{
	/* Pairs with smp_store_release() in binder_alloc_setup(). */
	return smp_load_acquire(&alloc->ready);
}

static size_t binder_alloc_page_count(struct binder_alloc *alloc)
{
	return alloc->buffer_size >> PAGE_SHIFT;
}

static struct binder_lru_page *binder_alloc_slot(struct binder_alloc *alloc,
						 unsigned long addr)
{
	return &alloc->pages[(addr - alloc->buffer) >> PAGE_SHIFT];
}

static struct binder_buffer *binder_buffer_next(struct binder_buffer *buffer)
{
	return list_next_entry(buffer, entry);
}

static struct binder_buffer *binder_buffer_prev(struct binder_buffer *buffer)
{
	return list_prev_entry(buffer, entry);
}

/**
 * binder_buffer_end() - first user address after a buffer
 * @alloc:  allocator owning @buffer
 * @buffer: the buffer
 *
 * A buffer extends to the start of the next one, or to the end of the
 * mapping.  The caller holds @alloc->mutex, or owns the allocated @buffer:
 * what follows an allocated buffer does not change without the lock (a
 * merge only removes the successor of a buffer being freed, a split only
 * inserts after a buffer being allocated).
 *
 * Return: the end address of @buffer.
 */
static unsigned long binder_buffer_end(struct binder_alloc *alloc,
				       struct binder_buffer *buffer)
{
	if (list_is_last(&buffer->entry, &alloc->buffers))
		return alloc->buffer + alloc->buffer_size;
	return binder_buffer_next(buffer)->user_data;
}

static size_t binder_buffer_extent(struct binder_alloc *alloc,
				   struct binder_buffer *buffer)
{
	return binder_buffer_end(alloc, buffer) - buffer->user_data;
}

/* Adds @bytes rounded up to BINDER_BUFFER_ALIGN to @total; false on overflow. */
static bool binder_size_add_aligned(size_t *total, size_t bytes)
{
	if (bytes > SIZE_MAX - (BINDER_BUFFER_ALIGN - 1))
		return false;
	return !check_add_overflow(*total, ALIGN(bytes, BINDER_BUFFER_ALIGN),
				   total);
}

/**
 * binder_buffer_request_size() - bytes a transaction needs in the buffer
 * @data_size:          payload bytes
 * @offsets_size:       bytes of the offsets array
 * @extra_buffers_size: bytes of scatter-gather buffers and security context
 * @size:               the rounded total, at least BINDER_BUFFER_ALIGN so
 *                      that every buffer has its own address
 *
 * Return: false if the total does not fit in a size_t.
 */
static bool binder_buffer_request_size(size_t data_size, size_t offsets_size,
				       size_t extra_buffers_size, size_t *size)
{
	*size = 0;
	if (!binder_size_add_aligned(size, data_size) ||
	    !binder_size_add_aligned(size, offsets_size) ||
	    !binder_size_add_aligned(size, extra_buffers_size))
		return false;
	*size = max_t(size_t, *size, BINDER_BUFFER_ALIGN);
	return true;
}

/* ---- buffer trees ----------------------------------------------------- */

static void binder_insert_free_buffer(struct binder_alloc *alloc,
				      struct binder_buffer *new)
{
	struct rb_node **p = &alloc->free_buffers.rb_node;
	size_t size = binder_buffer_extent(alloc, new);
	struct rb_node *parent = NULL;
	struct binder_buffer *buffer;

	lockdep_assert_held(&alloc->mutex);
	while (*p) {
		parent = *p;
		buffer = rb_entry(parent, struct binder_buffer, rb_node);
		if (size < binder_buffer_extent(alloc, buffer))
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &alloc->free_buffers);
}

static void binder_insert_allocated_buffer(struct binder_alloc *alloc,
					   struct binder_buffer *new)
{
	struct rb_node **p = &alloc->allocated_buffers.rb_node;
	struct rb_node *parent = NULL;
	struct binder_buffer *buffer;

	lockdep_assert_held(&alloc->mutex);
	while (*p) {
		parent = *p;
		buffer = rb_entry(parent, struct binder_buffer, rb_node);
		/* Buffers never overlap, so addresses are unique. */
		if (new->user_data < buffer->user_data)
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &alloc->allocated_buffers);
}

static struct binder_buffer *
binder_find_allocated_buffer(struct binder_alloc *alloc, unsigned long user_ptr)
{
	struct rb_node *n = alloc->allocated_buffers.rb_node;
	struct binder_buffer *buffer;

	lockdep_assert_held(&alloc->mutex);
	while (n) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		if (user_ptr < buffer->user_data)
			n = n->rb_left;
		else if (user_ptr > buffer->user_data)
			n = n->rb_right;
		else
			return buffer;
	}
	return NULL;
}

/* The smallest free buffer of at least @size bytes, or NULL. */
static struct binder_buffer *binder_find_best_fit(struct binder_alloc *alloc,
						  size_t size)
{
	struct rb_node *n = alloc->free_buffers.rb_node;
	struct binder_buffer *best = NULL;
	struct binder_buffer *buffer;
	size_t extent;

	lockdep_assert_held(&alloc->mutex);
	while (n) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		extent = binder_buffer_extent(alloc, buffer);
		if (size < extent) {
			best = buffer;
			n = n->rb_left;
		} else if (size > extent) {
			n = n->rb_right;
		} else {
			return buffer;
		}
	}
	return best;
}

/* ---- pages ------------------------------------------------------------ */

/**
 * binder_alloc_find_vma() - the mapping of @alloc at @addr, if still ours
 * @alloc: allocator
 * @mm:    @alloc->mm, pinned and with mmap_lock held
 * @addr:  user address inside the receive buffer
 *
 * The result is valid only until mmap_lock is dropped and must never be
 * kept: munmap() detaches a vma under the write lock but frees it after
 * downgrading to the read lock (the CVE-2023-20928 family of bugs).
 *
 * Return: the vma, or NULL if @addr is unmapped or mapped by something
 * else than this allocator's mmap().
 */
static struct vm_area_struct *binder_alloc_find_vma(struct binder_alloc *alloc,
						    struct mm_struct *mm,
						    unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_assert_locked(mm);
	vma = vma_lookup(mm, addr);
	if (!vma || vma->vm_ops != &binder_alloc_vm_ops ||
	    vma->vm_private_data != alloc)
		return NULL;
	return vma;
}

/**
 * binder_alloc_map_page() - insert a page into the user mapping
 * @alloc: allocator, @alloc->mutex held
 * @mm:    @alloc->mm, pinned and read-locked
 * @addr:  page-aligned user address
 * @page:  the new page
 *
 * Return: 0, -ESRCH if the mapping is gone, or -ENOMEM.
 */
static int binder_alloc_map_page(struct binder_alloc *alloc,
				 struct mm_struct *mm, unsigned long addr,
				 struct page *page)
{
	struct vm_area_struct *vma;
	int ret;

	lockdep_assert_held(&alloc->mutex);
	vma = binder_alloc_find_vma(alloc, mm, addr);
	if (!vma) {
		pr_debug("%d: no mapping for page %lu\n", alloc->pid,
			 (addr - alloc->buffer) >> PAGE_SHIFT);
		return -ESRCH;
	}
	ret = vm_insert_page(vma, addr, page);
	/*
	 * Pages are inserted and zapped only under alloc->mutex, so a slot
	 * without a page has no PTE either and -EBUSY is not expected.  Should
	 * it happen anyway, the PTE holds its own reference to the page it
	 * maps, so counting the slot as installed is still memory-safe.
	 */
	if (ret && ret != -EBUSY) {
		pr_warn_ratelimited("%d: cannot map page %lu: %d\n", alloc->pid,
				    (addr - alloc->buffer) >> PAGE_SHIFT, ret);
		return -ENOMEM;
	}
	return 0;
}

/**
 * binder_alloc_install_page() - give an absent page slot a page
 * @alloc: allocator, @alloc->mutex held
 * @mm:    @alloc->mm pinned and read-locked, or NULL when @alloc has no
 *         user mapping (self-test)
 * @addr:  page-aligned user address of the slot
 *
 * Return: 0, -ESRCH if the mapping is gone, or -ENOMEM.
 */
static int binder_alloc_install_page(struct binder_alloc *alloc,
				     struct mm_struct *mm, unsigned long addr)
{
	struct page *page;
	int ret;

	lockdep_assert_held(&alloc->mutex);
	page = alloc_page(GFP_KERNEL | __GFP_HIGHMEM | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	if (mm) {
		ret = binder_alloc_map_page(alloc, mm, addr, page);
		if (ret) {
			__free_page(page);
			return ret;
		}
	}
	binder_alloc_slot(alloc, addr)->page = page;
	binder_stat_created(BINDER_STAT_PAGE);
	return 0;
}

static void binder_alloc_update_pages_high(struct binder_alloc *alloc)
{
	size_t i, present = 0;

	lockdep_assert_held(&alloc->mutex);
	for (i = 0; i < binder_alloc_page_count(alloc); i++)
		if (alloc->pages[i].page)
			present++;
	if (present > (size_t)alloc->pages_high)
		alloc->pages_high = present;
}

/**
 * binder_alloc_release_pages() - mark pages of a range unused
 * @alloc:      allocator, @alloc->mutex held
 * @start:      start of the range that was in use
 * @end:        end of that range
 * @free_start: start of the free buffer that contains the range
 * @free_end:   end of that free buffer
 *
 * Puts on the LRU the pages overlapping [@start, @end) that lie wholly
 * inside [@free_start, @free_end): no allocated buffer uses them any more.
 * A page sticking out of the free buffer is still used by a neighbour.
 */
static void binder_alloc_release_pages(struct binder_alloc *alloc,
				       unsigned long start, unsigned long end,
				       unsigned long free_start,
				       unsigned long free_end)
{
	unsigned long first = max(start & PAGE_MASK, PAGE_ALIGN(free_start));
	unsigned long last = min(PAGE_ALIGN(end), free_end & PAGE_MASK);
	struct binder_lru_page *slot;
	unsigned long addr;

	lockdep_assert_held(&alloc->mutex);
	trace_binder_update_page_range(alloc, false, first, max(first, last));
	for (addr = first; addr < last; addr += PAGE_SIZE) {
		slot = binder_alloc_slot(alloc, addr);
		/* In use until now, or just claimed: present, off the LRU. */
		if (WARN_ON_ONCE(!slot->page))
			continue;
		trace_binder_free_lru_start(alloc, slot - alloc->pages);
		WARN_ON_ONCE(!binder_lru_add(&binder_alloc_lru, &slot->lru));
		trace_binder_free_lru_end(alloc, slot - alloc->pages);
	}
}

/**
 * binder_alloc_claim_pages() - make the pages of a new buffer usable
 * @alloc:    allocator, @alloc->mutex held
 * @start:    start of the new buffer, which is also the start of the free
 *            buffer it is carved from
 * @end:      end of the new buffer
 * @free_end: end of the free buffer
 *
 * Pages shared with an allocated neighbour are in use already; unused ones
 * are taken off the LRU; absent ones are allocated and, when @alloc has an
 * mm, inserted into the user mapping under mmap_lock (taken after
 * @alloc->mutex, once for the whole range).
 *
 * Return: 0, -ESRCH if the process or its mapping is gone, or -ENOMEM.
 * On error every page this call claimed is unused again.
 */
static int binder_alloc_claim_pages(struct binder_alloc *alloc,
				    unsigned long start, unsigned long end,
				    unsigned long free_end)
{
	struct binder_lru_page *slot;
	struct mm_struct *mm = NULL;
	bool installed = false;
	unsigned long addr;
	int ret = 0;

	lockdep_assert_held(&alloc->mutex);
	/* As upstream's, the range leaves out pages shared with a neighbour. */
	trace_binder_update_page_range(alloc, true, PAGE_ALIGN(start),
				       max(PAGE_ALIGN(start),
					   min(PAGE_ALIGN(end), free_end & PAGE_MASK)));
	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE) {
		slot = binder_alloc_slot(alloc, addr);
		if (slot->page) {
			/* Off the LRU already: in use by a neighbour (stable under our mutex). */
			if (list_empty(&slot->lru))
				continue;
			trace_binder_alloc_lru_start(alloc, slot - alloc->pages);
			binder_lru_del(&binder_alloc_lru, &slot->lru);
			trace_binder_alloc_lru_end(alloc, slot - alloc->pages);
			continue;
		}
		if (alloc->mm && !mm) {
			if (!mmget_not_zero(alloc->mm)) {
				ret = -ESRCH;
				break;
			}
			mm = alloc->mm;
			mmap_read_lock(mm);
		}
		trace_binder_alloc_page_start(alloc, slot - alloc->pages);
		ret = binder_alloc_install_page(alloc, mm, addr);
		if (ret)
			break;
		trace_binder_alloc_page_end(alloc, slot - alloc->pages);
		installed = true;
	}
	if (mm) {
		mmap_read_unlock(mm);
		/*
		 * Never mmput(): tearing down the receiver's mm is no job for
		 * the sender, and certainly not under alloc->mutex.
		 */
		mmput_async(mm);
	}
	if (installed)
		binder_alloc_update_pages_high(alloc);
	if (ret)
		binder_alloc_release_pages(alloc, start, addr, start, free_end);
	return ret;
}

/* ---- allocation ------------------------------------------------------- */

/*
 * Called once free async space runs low: report @pid if it holds too many
 * async buffers, once until the async space recovers.
 */
static bool binder_alloc_oneway_spam(struct binder_alloc *alloc, int pid)
{
	size_t buffers = 0, bytes = 0;
	struct binder_buffer *buffer;
	struct rb_node *n;

	lockdep_assert_held(&alloc->mutex);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		if (buffer->pid != pid || !buffer->async_transaction)
			continue;
		buffers++;
		bytes += binder_buffer_extent(alloc, buffer);
	}
	if (buffers <= BINDER_SPAM_MAX_BUFFERS &&
	    bytes <= alloc->buffer_size / BINDER_SPAM_MAX_SIZE_DIV)
		return false;

	pr_info_ratelimited("%d: pid %d spamming oneway? %zu buffers, %zu bytes\n",
			    alloc->pid, pid, buffers, bytes);
	if (alloc->oneway_spam_detected)
		return false;
	alloc->oneway_spam_detected = true;
	return true;
}

/* Rate-limited before the walk: a sender can make allocations fail at will. */
static void binder_alloc_report_no_space(struct binder_alloc *alloc,
					 size_t size)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	size_t buffers = 0, total = 0, largest = 0, extent;
	struct binder_buffer *buffer;
	struct rb_node *n;

	lockdep_assert_held(&alloc->mutex);
	if (!__ratelimit(&rs))
		return;
	for (n = rb_first(&alloc->free_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		extent = binder_buffer_extent(alloc, buffer);
		buffers++;
		total += extent;
		largest = max(largest, extent);
	}
	pr_info("%d: no space for %zu bytes: %zu free in %zu buffers, largest %zu\n",
		alloc->pid, size, total, buffers, largest);
}

/* The page slots, allocated on first use; 0 or -ENOMEM. */
static int binder_alloc_get_slots_locked(struct binder_alloc *alloc)
{
	size_t i, n = binder_alloc_page_count(alloc);
	struct binder_lru_page *pages;

	lockdep_assert_held(&alloc->mutex);
	if (alloc->pages)
		return 0;
	/* Not kvcalloc(): list_lru needs virt_to_page() of its items. */
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		INIT_LIST_HEAD(&pages[i].lru);
		pages[i].alloc = alloc;
	}
	alloc->pages = pages;
	return 0;
}

/* Keep @buffer, no longer in any list, as the spare struct or free it. */
static void binder_alloc_drop_struct(struct binder_alloc *alloc, struct binder_buffer *buffer)
{
	lockdep_assert_held(&alloc->mutex);
	if (!alloc->spare) {
		memset(buffer, 0, sizeof(*buffer));
		alloc->spare = buffer;
	} else {
		kfree(buffer);
	}
}

/**
 * binder_alloc_new_buf_locked() - carve a buffer out of the free space
 * @alloc:    allocator, @alloc->mutex held, set up by mmap
 * @size:     bytes needed, from binder_buffer_request_size()
 * @flags:    BINDER_BUF_* (see binder_alloc_new_buf())
 * @pid:      sender, for spam detection
 * @spare:    a zeroed buffer struct for the remainder of a split; set to
 *            NULL if used
 *
 * Return: the buffer with its payload fields still to be filled in, or an
 * ERR_PTR: -ENOSPC, -ESRCH, -ENOMEM.
 */
static struct binder_buffer *
binder_alloc_new_buf_locked(struct binder_alloc *alloc, size_t size,
			    unsigned int flags, int pid, struct binder_buffer **spare)
{
	bool is_async = flags & BINDER_BUF_ASYNC;
	struct binder_buffer *buffer, *rest;
	unsigned long free_end;
	int ret;

	lockdep_assert_held(&alloc->mutex);
	if (is_async && alloc->free_async_space < size) {
		pr_debug("%d: no async space for %zu bytes\n", alloc->pid, size);
		return ERR_PTR(-ENOSPC);
	}
	buffer = binder_find_best_fit(alloc, size);
	if (!buffer) {
		binder_alloc_report_no_space(alloc, size);
		return ERR_PTR(-ENOSPC);
	}

	free_end = binder_buffer_end(alloc, buffer);
	ret = binder_alloc_claim_pages(alloc, buffer->user_data,
				       buffer->user_data + size, free_end);
	if (ret)
		return ERR_PTR(ret);

	/* Nothing can fail from here on. */
	rb_erase(&buffer->rb_node, &alloc->free_buffers);
	if (free_end - buffer->user_data > size) {
		rest = *spare;
		*spare = NULL;
		rest->user_data = buffer->user_data + size;
		rest->free = 1;
		list_add(&rest->entry, &buffer->entry);
		binder_insert_free_buffer(alloc, rest);
	}
	buffer->free = 0;
	binder_insert_allocated_buffer(alloc, buffer);
	buffer->clear_on_free = !!(flags & BINDER_BUF_CLEAR_ON_FREE);
	buffer->async_transaction = is_async;
	buffer->oneway_spam_suspect = 0;
	buffer->pid = pid;
	/* The core's fields start clear; the buffer is not handed out yet. */
	WRITE_ONCE(buffer->allow_user_free, false);
	buffer->async_slot = false;
	buffer->transaction = NULL;
	buffer->target_node = NULL;
	buffer->holds = NULL;
	WRITE_ONCE(buffer->debug_id, 0);

	if (is_async) {
		alloc->free_async_space -= size;
		if (alloc->free_async_space <
		    alloc->buffer_size / BINDER_SPAM_LOW_SPACE_DIV)
			buffer->oneway_spam_suspect =
				binder_alloc_oneway_spam(alloc, pid);
		else
			alloc->oneway_spam_detected = false;
	}
	return buffer;
}

/**
 * binder_alloc_new_buf() - allocate a buffer for an incoming transaction
 * @alloc:              allocator of the receiving proc
 * @data_size:          payload bytes
 * @offsets_size:       bytes of the offsets array
 * @extra_buffers_size: bytes of scatter-gather buffers and security context
 * @flags:              BINDER_BUF_ASYNC: a one-way transaction, charged to
 *                      the async space; BINDER_BUF_CLEAR_ON_FREE: zero the
 *                      contents when the buffer is freed
 * @pid:                tgid of the sender, for spam detection
 *
 * Each size is rounded up to a multiple of 8 and an empty buffer still
 * takes 8 bytes.  The pages the buffer covers are present and mapped in
 * the receiver when this returns.  Takes @alloc->mutex, then the
 * receiver's mmap_lock if pages must be inserted; must not be called with
 * a binder spinlock held.
 *
 * Return: the buffer, not yet freeable by user space, or an ERR_PTR:
 * -ESRCH if the receiver has no mapping (never mapped, unmapped, or its
 * process is exiting), -EINVAL if the sizes overflow, -ENOSPC if neither
 * the buffer nor (for @is_async) the async space has room, -ENOMEM.
 */
struct binder_buffer *binder_alloc_new_buf(struct binder_alloc *alloc,
					   size_t data_size, size_t offsets_size,
					   size_t extra_buffers_size, unsigned int flags,
					   int pid)
{
	struct binder_buffer *buffer, *spare;
	size_t size;

	if (!binder_alloc_ready(alloc) || !READ_ONCE(alloc->mapped)) {
		pr_debug("%d: new buffer: no mapping\n", alloc->pid);
		return ERR_PTR(-ESRCH);
	}
	if (!binder_buffer_request_size(data_size, offsets_size,
					extra_buffers_size, &size)) {
		pr_debug("%d: new buffer: sizes %zu+%zu+%zu overflow\n",
			 alloc->pid, data_size, offsets_size, extra_buffers_size);
		return ERR_PTR(-EINVAL);
	}
	/*
	 * The struct for a split remainder: usually the one a previous free
	 * left behind, else allocated before taking the lock.  A racing
	 * caller may take the cached one first; then we allocate under the
	 * lock, which is allowed (the shrinker only trylocks it).
	 */
	spare = NULL;
	if (!READ_ONCE(alloc->spare)) {
		spare = kzalloc(sizeof(*spare), GFP_KERNEL);
		if (!spare)
			return ERR_PTR(-ENOMEM);
	}

	mutex_lock(&alloc->mutex);
	if (!spare) {
		spare = alloc->spare;
		alloc->spare = NULL;
	}
	if (!spare)
		spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare || binder_alloc_get_slots_locked(alloc)) {
		kfree(spare);
		mutex_unlock(&alloc->mutex);
		return ERR_PTR(-ENOMEM);
	}
	buffer = binder_alloc_new_buf_locked(alloc, size, flags, pid, &spare);
	if (!IS_ERR(buffer)) {
		buffer->data_size = data_size;
		buffer->offsets_size = offsets_size;
		buffer->extra_buffers_size = extra_buffers_size;
	}
	if (spare) {
		binder_alloc_drop_struct(alloc, spare);
		spare = NULL;
	}
	mutex_unlock(&alloc->mutex);

	if (!IS_ERR(buffer))
		binder_stat_created(BINDER_STAT_BUFFER);
	return buffer;
}

/* ---- freeing ---------------------------------------------------------- */

/**
 * binder_alloc_prepare_to_free() - look up a buffer user space wants freed
 * @alloc:    allocator of the proc
 * @user_ptr: the buffer's user address, as given in BC_FREE_BUFFER
 *
 * Clears allow_user_free, so a second request for the same buffer is
 * refused until it has been reallocated and delivered again.  Takes
 * @alloc->mutex.
 *
 * Return: the buffer; NULL if no allocated buffer starts at @user_ptr;
 * ERR_PTR(-EPERM) if it exists but user space may not free it (not yet
 * delivered, or a free is already under way).
 */
struct binder_buffer *binder_alloc_prepare_to_free(struct binder_alloc *alloc,
						   unsigned long user_ptr)
{
	struct binder_buffer *buffer;

	mutex_lock(&alloc->mutex);
	buffer = binder_find_allocated_buffer(alloc, user_ptr);
	if (buffer) {
		if (READ_ONCE(buffer->allow_user_free))
			WRITE_ONCE(buffer->allow_user_free, false);
		else
			buffer = ERR_PTR(-EPERM);
	}
	mutex_unlock(&alloc->mutex);
	return buffer;
}

/**
 * binder_alloc_take_user_buffer() - claim a buffer user space still holds
 * @alloc: allocator of a proc being torn down
 *
 * Used at teardown to release the objects of buffers that were delivered
 * but never freed with BC_FREE_BUFFER.  Buffers still being built by a
 * sender are not returned.
 *
 * Return: such a buffer, now no longer freeable by user space, or NULL.
 */
struct binder_buffer *binder_alloc_take_user_buffer(struct binder_alloc *alloc)
{
	struct binder_buffer *buffer, *found = NULL;
	struct rb_node *n;

	mutex_lock(&alloc->mutex);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		if (READ_ONCE(buffer->allow_user_free)) {
			WRITE_ONCE(buffer->allow_user_free, false);
			found = buffer;
			break;
		}
	}
	mutex_unlock(&alloc->mutex);
	return found;
}

static void binder_alloc_clear_buf(struct binder_alloc *alloc,
				   struct binder_buffer *buffer, size_t bytes)
{
	unsigned long addr = buffer->user_data;
	size_t chunk;

	lockdep_assert_held(&alloc->mutex);
	while (bytes) {
		chunk = min_t(size_t, bytes, PAGE_SIZE - offset_in_page(addr));
		memset_page(binder_alloc_slot(alloc, addr)->page,
			    offset_in_page(addr), 0, chunk);
		addr += chunk;
		bytes -= chunk;
	}
}

/* Merges a buffer just freed with free neighbours; returns the result. */
static struct binder_buffer *binder_alloc_merge(struct binder_alloc *alloc,
						struct binder_buffer *buffer)
{
	struct binder_buffer *next, *prev;

	lockdep_assert_held(&alloc->mutex);
	if (!list_is_last(&buffer->entry, &alloc->buffers)) {
		next = binder_buffer_next(buffer);
		if (next->free) {
			rb_erase(&next->rb_node, &alloc->free_buffers);
			list_del(&next->entry);
			binder_alloc_drop_struct(alloc, next);
		}
	}
	if (!list_is_first(&buffer->entry, &alloc->buffers)) {
		prev = binder_buffer_prev(buffer);
		if (prev->free) {
			rb_erase(&prev->rb_node, &alloc->free_buffers);
			list_del(&buffer->entry);
			binder_alloc_drop_struct(alloc, buffer);
			buffer = prev;
		}
	}
	return buffer;
}

/**
 * binder_alloc_free_buf_locked() - return a buffer to the free space
 * @alloc:  allocator, @alloc->mutex held
 * @buffer: allocated buffer of @alloc; may be freed by this call
 */
static void binder_alloc_free_buf_locked(struct binder_alloc *alloc,
					 struct binder_buffer *buffer)
{
	unsigned long start = buffer->user_data;
	unsigned long end = binder_buffer_end(alloc, buffer);

	lockdep_assert_held(&alloc->mutex);
	if (WARN_ON_ONCE(buffer->free))
		return;
	WARN_ON_ONCE(buffer->transaction);

	if (buffer->clear_on_free)
		binder_alloc_clear_buf(alloc, buffer, end - start);
	if (buffer->async_transaction)
		alloc->free_async_space += end - start;

	rb_erase(&buffer->rb_node, &alloc->allocated_buffers);
	buffer->free = 1;
	buffer->clear_on_free = 0;
	buffer = binder_alloc_merge(alloc, buffer);
	binder_insert_free_buffer(alloc, buffer);
	binder_alloc_release_pages(alloc, start, end, buffer->user_data,
				   binder_buffer_end(alloc, buffer));
	binder_stat_deleted(BINDER_STAT_BUFFER);
}

/**
 * binder_alloc_free_buf() - free a buffer from binder_alloc_new_buf()
 * @alloc:  allocator of the proc
 * @buffer: the buffer; the core must no longer reference it
 *
 * Zeroes the contents first if clear_on_free is set and credits the async
 * space.  Pages no other buffer uses stay mapped but go on the LRU.  Takes
 * @alloc->mutex.
 */
void binder_alloc_free_buf(struct binder_alloc *alloc,
			   struct binder_buffer *buffer)
{
	mutex_lock(&alloc->mutex);
	binder_alloc_free_buf_locked(alloc, buffer);
	mutex_unlock(&alloc->mutex);
}

/* ---- access to buffer contents ---------------------------------------- */

/*
 * The copy helpers take no lock.  The caller owns an allocated buffer that
 * nobody else can free: the core holds it while building or tearing down a
 * transaction (the cases check_access accepts).  While the buffer is
 * allocated its pages are in use, so neither the shrinker nor another
 * allocation changes their slots, and the slots were written under
 * alloc->mutex before the buffer was handed out.
 */

/**
 * binder_alloc_check_access() - may the kernel access part of a buffer?
 * @alloc:  allocator of @buffer
 * @buffer: the buffer
 * @offset: start of the access, relative to the buffer
 * @bytes:  length of the access
 *
 * As upstream: the access must lie inside the buffer's extent (up to the
 * next buffer), start 4-byte aligned, and the buffer must be allocated and
 * either not yet freeable by user space (being built) or without a
 * transaction (being torn down).
 *
 * Return: true if the access is allowed.
 */
static bool binder_alloc_check_access(struct binder_alloc *alloc,
				      struct binder_buffer *buffer,
				      size_t offset, size_t bytes)
{
	size_t extent = binder_buffer_extent(alloc, buffer);

	return bytes <= extent && offset <= extent - bytes &&
		IS_ALIGNED(offset, sizeof(u32)) && !buffer->free &&
		(!READ_ONCE(buffer->allow_user_free) || !READ_ONCE(buffer->transaction));
}

/* The page behind @offset of @buffer; the offset in that page in @pgoff. */
static struct page *binder_alloc_page_at(struct binder_alloc *alloc,
					 struct binder_buffer *buffer,
					 size_t offset, size_t *pgoff)
{
	unsigned long addr = buffer->user_data + offset;

	*pgoff = offset_in_page(addr);
	return binder_alloc_slot(alloc, addr)->page;
}

/**
 * binder_alloc_copy_user_to_buffer() - copy user memory into a buffer
 * @alloc:  allocator of @buffer
 * @buffer: buffer being built by the caller
 * @offset: destination offset in @buffer, 4-byte aligned
 * @from:   source in the current task's memory
 * @bytes:  bytes to copy
 *
 * The one copy of binder: straight from the sender into the pages the
 * receiver maps.  Takes no lock, see above.
 *
 * Return: bytes not copied; 0 on success, @bytes if the range is invalid.
 */
unsigned long binder_alloc_copy_user_to_buffer(struct binder_alloc *alloc,
					       struct binder_buffer *buffer,
					       size_t offset,
					       const void __user *from,
					       size_t bytes)
{
	unsigned long left;
	struct page *page;
	size_t pgoff, chunk;
	void *kaddr;

	if (!binder_alloc_check_access(alloc, buffer, offset, bytes))
		return bytes;
	while (bytes) {
		page = binder_alloc_page_at(alloc, buffer, offset, &pgoff);
		if (WARN_ON_ONCE(!page))
			return bytes;
		chunk = min_t(size_t, bytes, PAGE_SIZE - pgoff);
		kaddr = kmap_local_page(page);
		left = copy_from_user(kaddr + pgoff, from, chunk);
		kunmap_local(kaddr);
		if (left)
			return bytes - chunk + left;
		from += chunk;
		offset += chunk;
		bytes -= chunk;
	}
	return 0;
}

/*
 * Copies between kernel memory and part of a buffer: into the buffer from
 * @src when @src is set, else out of it into @dest.
 */
static int binder_alloc_copy_kernel(struct binder_alloc *alloc,
				    struct binder_buffer *buffer, size_t offset,
				    void *dest, const void *src, size_t bytes)
{
	struct page *page;
	size_t pgoff, chunk;

	if (!binder_alloc_check_access(alloc, buffer, offset, bytes))
		return -EINVAL;
	while (bytes) {
		page = binder_alloc_page_at(alloc, buffer, offset, &pgoff);
		if (WARN_ON_ONCE(!page))
			return -EINVAL;
		chunk = min_t(size_t, bytes, PAGE_SIZE - pgoff);
		if (src) {
			memcpy_to_page(page, pgoff, src, chunk);
			src += chunk;
		} else {
			memcpy_from_page(dest, page, pgoff, chunk);
			dest += chunk;
		}
		offset += chunk;
		bytes -= chunk;
	}
	return 0;
}

/**
 * binder_alloc_copy_to_buffer() - copy kernel memory into a buffer
 * @alloc:  allocator of @buffer
 * @buffer: buffer owned by the caller
 * @offset: destination offset in @buffer, 4-byte aligned
 * @src:    source
 * @bytes:  bytes to copy
 *
 * Takes no lock, see above.
 *
 * Return: 0, or -EINVAL if the range is not inside the buffer.
 */
int binder_alloc_copy_to_buffer(struct binder_alloc *alloc,
				struct binder_buffer *buffer, size_t offset,
				const void *src, size_t bytes)
{
	return binder_alloc_copy_kernel(alloc, buffer, offset, NULL, src,
					bytes);
}

/**
 * binder_alloc_copy_from_buffer() - copy part of a buffer to kernel memory
 * @alloc:  allocator of @buffer
 * @dest:   destination
 * @buffer: buffer owned by the caller
 * @offset: source offset in @buffer, 4-byte aligned
 * @bytes:  bytes to copy
 *
 * Takes no lock, see above.
 *
 * Return: 0, or -EINVAL if the range is not inside the buffer.
 */
int binder_alloc_copy_from_buffer(struct binder_alloc *alloc, void *dest,
				  struct binder_buffer *buffer, size_t offset,
				  size_t bytes)
{
	return binder_alloc_copy_kernel(alloc, buffer, offset, dest, NULL,
					bytes);
}

/* ---- mapping ---------------------------------------------------------- */

/*
 * A new vma with our vm_ops: part of a split mapping or an mremap copy in
 * the receiver's own mm (the allocator keeps serving the original range
 * until a close says it is gone), or, once MADV_DOFORK has cleared
 * VM_DONTCOPY, the copy a fork gives the child.  That copy must neither
 * keep the receiver's pages, which later buffers reuse for other data, nor
 * speak for the receiver's mapping when it goes: it is made inert, without
 * page tables (fork copies them after ->open() unless VM_WIPEONFORK is
 * set) and without an allocator, so it faults with SIGBUS.  Runs under
 * mmap_lock: must not take alloc->mutex.
 */
static void binder_alloc_vma_open(struct vm_area_struct *vma)
{
	struct binder_alloc *alloc = vma->vm_private_data;

	if (!alloc || vma->vm_mm == alloc->mm)
		return;
	binder_vma_mod_flags(vma, VM_WIPEONFORK, 0);
	vma->vm_private_data = NULL;
}

/* Runs under mmap_lock: must not take alloc->mutex. */
static void binder_alloc_vma_close(struct vm_area_struct *vma)
{
	struct binder_alloc *alloc = vma->vm_private_data;

	if (alloc)
		WRITE_ONCE(alloc->mapped, false);
}

/* Only the driver inserts pages; touching any other page is a bug. */
static vm_fault_t binder_alloc_vma_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct binder_alloc_vm_ops = {
	.open = binder_alloc_vma_open,
	.close = binder_alloc_vma_close,
	.fault = binder_alloc_vma_fault,
};

/*
 * Read-only for good (no mprotect(PROT_WRITE)), not inherited by fork, and
 * populated only with vm_insert_page().
 */
static void binder_alloc_setup_vma(struct binder_alloc *alloc,
				   struct vm_area_struct *vma)
{
	binder_vma_mod_flags(vma, VM_DONTCOPY | VM_MIXEDMAP, VM_MAYWRITE);
	vma->vm_ops = &binder_alloc_vm_ops;
	vma->vm_private_data = alloc;
}

/**
 * binder_alloc_setup() - make [@start, @start + @size) one free buffer
 * @alloc: allocator not set up yet (mmap_lock or exclusive ownership keeps
 *         others out; see the top of the file)
 * @start: user address of the area
 * @size:  its size, a multiple of PAGE_SIZE
 *
 * The page slots are only allocated with the first buffer, so a process
 * that maps but never receives pays for neither pages nor slots.
 *
 * Return: 0 or -ENOMEM.
 */
int binder_alloc_setup(struct binder_alloc *alloc, unsigned long start, size_t size)
{
	struct binder_buffer *buffer = kzalloc(sizeof(*buffer), GFP_KERNEL);

	if (!buffer)
		return -ENOMEM;
	alloc->buffer = start;
	alloc->buffer_size = size;
	alloc->free_async_space = size / 2;
	buffer->user_data = start;
	buffer->free = 1;
	list_add(&buffer->entry, &alloc->buffers);
	rb_link_node(&buffer->rb_node, NULL, &alloc->free_buffers.rb_node);
	rb_insert_color(&buffer->rb_node, &alloc->free_buffers);
	/* Publish: pairs with smp_load_acquire() in binder_alloc_ready(). */
	smp_store_release(&alloc->ready, true);
	return 0;
}

/**
 * binder_alloc_mmap() - attach the receive buffer to a new mapping
 * @alloc: allocator of the proc being mapped
 * @vma:   the new mapping, already checked by the caller for its flags
 *
 * Called by mmap() with the mmap_lock of @vma->vm_mm held for writing,
 * hence without @alloc->mutex (see the top of this file).  Uses at most
 * BINDER_ALLOC_MAX_SIZE of the mapping.
 *
 * Return: 0; -EINVAL when @vma belongs to another address space; -EBUSY
 * when this proc has been mapped before, even if that mapping is gone;
 * -ENOMEM.
 */
int binder_alloc_mmap(struct binder_alloc *alloc, struct vm_area_struct *vma)
{
	size_t size;
	int ret;

	if (vma->vm_mm != alloc->mm) {
		pr_debug("%d: mmap from another address space\n", alloc->pid);
		return -EINVAL;
	}
	mmap_assert_write_locked(alloc->mm);
	if (alloc->buffer_size)
		return -EBUSY;

	size = min_t(unsigned long, vma->vm_end - vma->vm_start,
		     BINDER_ALLOC_MAX_SIZE);
	ret = binder_alloc_setup(alloc, vma->vm_start, size);
	if (ret)
		return ret;
	binder_alloc_setup_vma(alloc, vma);
	WRITE_ONCE(alloc->mapped, true);
	return 0;
}

/* ---- lifetime --------------------------------------------------------- */

/**
 * binder_alloc_init() - set up the allocator of a proc being opened
 * @alloc: allocator to initialise
 *
 * Pins the address space of the calling process: only that mm may later
 * map the buffer.
 */
void binder_alloc_init(struct binder_alloc *alloc)
{
	mutex_init(&alloc->mutex);
	INIT_LIST_HEAD(&alloc->buffers);
	alloc->free_buffers = RB_ROOT;
	alloc->allocated_buffers = RB_ROOT;
	alloc->pid = current->tgid;
	alloc->mm = current->mm;
	if (alloc->mm)
		mmgrab(alloc->mm);
}

static void binder_alloc_free_pages(struct binder_alloc *alloc)
{
	struct binder_lru_page *slot;
	size_t i;

	lockdep_assert_held(&alloc->mutex);
	/* Never had a page: neither the LRU nor the shrinker ever saw it. */
	if (!alloc->pages_high)
		return;
	for (i = 0; i < binder_alloc_page_count(alloc); i++) {
		slot = &alloc->pages[i];
		/*
		 * Called for every slot, also to take the LRU lock: a shrinker
		 * that just worked on this allocator unlocks alloc->mutex with
		 * that lock held, so once we have had it, the shrinker is done
		 * with the mutex and the allocator may be freed.
		 */
		binder_lru_del(&binder_alloc_lru, &slot->lru);
		if (!slot->page)
			continue;
		__free_page(slot->page);
		slot->page = NULL;
		binder_stat_deleted(BINDER_STAT_PAGE);
	}
}

/**
 * binder_alloc_release() - tear down the allocator of a proc
 * @alloc: allocator of a proc being destroyed
 *
 * There are no more users: the core has released the objects of every
 * buffer and nothing can map or allocate any more.  Frees every buffer
 * (zeroing those marked clear_on_free), every page and the page array,
 * then drops the mm.  Safe on a proc that was never mapped.
 */
void binder_alloc_release(struct binder_alloc *alloc)
{
	struct binder_buffer *buffer, *tmp;
	struct rb_node *n;

	mutex_lock(&alloc->mutex);
	if (binder_alloc_ready(alloc)) {
		while ((n = rb_first(&alloc->allocated_buffers))) {
			buffer = rb_entry(n, struct binder_buffer, rb_node);
			binder_alloc_free_buf_locked(alloc, buffer);
		}
		list_for_each_entry_safe(buffer, tmp, &alloc->buffers, entry) {
			WARN_ON_ONCE(!buffer->free);
			list_del(&buffer->entry);
			kfree(buffer);
		}
		kfree(alloc->spare);
		alloc->spare = NULL;
		alloc->free_buffers = RB_ROOT;
		if (alloc->pages)
			binder_alloc_free_pages(alloc);
		kfree(alloc->pages);
		alloc->pages = NULL;
	}
	mutex_unlock(&alloc->mutex);

	if (alloc->mm) {
		mmdrop(alloc->mm);
		alloc->mm = NULL;
	}
}

/* ---- queries ---------------------------------------------------------- */

/**
 * binder_alloc_buffer_size() - usable size of the receive buffer
 * @alloc: allocator to query
 *
 * Return: bytes usable for transactions, 0 if the proc was never mapped.
 */
size_t binder_alloc_buffer_size(struct binder_alloc *alloc)
{
	size_t size = 0;

	mutex_lock(&alloc->mutex);
	if (binder_alloc_ready(alloc))
		size = alloc->buffer_size;
	mutex_unlock(&alloc->mutex);
	return size;
}

/**
 * binder_alloc_free_async_space() - room left for one-way transactions
 * @alloc: allocator to query
 *
 * Return: bytes, 0 if the proc was never mapped.
 */
size_t binder_alloc_free_async_space(struct binder_alloc *alloc)
{
	size_t space = 0;

	mutex_lock(&alloc->mutex);
	if (binder_alloc_ready(alloc))
		space = alloc->free_async_space;
	mutex_unlock(&alloc->mutex);
	return space;
}

/**
 * binder_alloc_print_stats() - one line of allocator state for debugfs
 * @m:     output
 * @alloc: allocator to describe; takes its mutex
 */
void binder_alloc_print_stats(struct seq_file *m, struct binder_alloc *alloc)
{
	size_t buffers = 0, active = 0, lru = 0, buffer_size = 0, async = 0;
	struct binder_lru_page *slot;
	struct rb_node *n;
	size_t i;

	mutex_lock(&alloc->mutex);
	if (binder_alloc_ready(alloc)) {
		buffer_size = alloc->buffer_size;
		async = alloc->free_async_space;
		for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n))
			buffers++;
		for (i = 0; alloc->pages && i < binder_alloc_page_count(alloc); i++) {
			slot = &alloc->pages[i];
			if (!slot->page)
				continue;
			/* Stable: our slots join or leave the LRU under our mutex. */
			if (list_empty(&slot->lru))
				active++;
			else
				lru++;
		}
	}
	seq_printf(m, "  alloc: buffer_size %zu buffers %zu free_async_space %zu pages active %zu lru %zu high %d\n",
		   buffer_size, buffers, async, active, lru, alloc->pages_high);
	mutex_unlock(&alloc->mutex);
}

/**
 * binder_alloc_print_allocated() - upstream's "  buffer" line of every
 * allocated buffer, for debugfs
 * @m:         output
 * @alloc:     allocator to describe; takes its mutex
 * @core_lock: the lock of the core's buffer->transaction (the receiving
 *             proc's inner_lock), taken inside the mutex
 *
 * A buffer is "active" while a transaction uses it, "delivered" once user
 * space owns it.
 */
void binder_alloc_print_allocated(struct seq_file *m, struct binder_alloc *alloc,
				  spinlock_t *core_lock)
{
	struct binder_buffer *buffer;
	struct rb_node *n;

	mutex_lock(&alloc->mutex);
	spin_lock(core_lock);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct binder_buffer, rb_node);
		seq_printf(m, "  buffer %d: %lx size %zd:%zd:%zd %s\n", READ_ONCE(buffer->debug_id),
			   buffer->user_data - alloc->buffer, buffer->data_size,
			   buffer->offsets_size, buffer->extra_buffers_size,
			   buffer->transaction ? "active" : "delivered");
	}
	spin_unlock(core_lock);
	mutex_unlock(&alloc->mutex);
}

/**
 * binder_alloc_print_pages() - upstream's page lines of "stats"
 * @m:     output
 * @alloc: allocator to describe; takes its mutex
 *
 * "pages: <in use>:<unused, on the LRU>:<absent>", all 0 without a
 * mapping, then the most pages the allocator ever had at once.
 */
void binder_alloc_print_pages(struct seq_file *m, struct binder_alloc *alloc)
{
	size_t active = 0, lru = 0, absent = 0, i;
	struct binder_lru_page *slot;

	mutex_lock(&alloc->mutex);
	if (binder_alloc_ready(alloc) && READ_ONCE(alloc->mapped)) {
		for (i = 0; i < binder_alloc_page_count(alloc); i++) {
			slot = alloc->pages ? &alloc->pages[i] : NULL;
			if (!slot || !slot->page)
				absent++;
			else if (list_empty(&slot->lru))
				active++;
			else
				lru++;
		}
	}
	seq_printf(m, "  pages: %zu:%zu:%zu\n", active, lru, absent);
	seq_printf(m, "  pages high watermark: %d\n", alloc->pages_high);
	mutex_unlock(&alloc->mutex);
}

/**
 * binder_alloc_allocated_count() - buffers allocated right now
 * @alloc: allocator to query; takes its mutex
 *
 * Return: the number of allocated buffers.
 */
int binder_alloc_allocated_count(struct binder_alloc *alloc)
{
	struct rb_node *n;
	int count = 0;

	mutex_lock(&alloc->mutex);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n))
		count++;
	mutex_unlock(&alloc->mutex);
	return count;
}

/**
 * binder_alloc_allocated_bytes() - receive-buffer space in use right now
 * @alloc: allocator to query; takes its mutex
 *
 * Return: the bytes of the allocated buffers, each with the room it takes
 * up to the next buffer (what a new buffer could not use).
 */
size_t binder_alloc_allocated_bytes(struct binder_alloc *alloc)
{
	struct rb_node *n;
	size_t bytes = 0;

	mutex_lock(&alloc->mutex);
	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n))
		bytes += binder_buffer_extent(alloc, rb_entry(n, struct binder_buffer, rb_node));
	mutex_unlock(&alloc->mutex);
	return bytes;
}

/* ---- shrinker --------------------------------------------------------- */

/**
 * binder_alloc_isolate_page() - list_lru_walk() callback freeing a page
 * @item:   &binder_lru_page.lru of an unused page
 * @lru:    the list @item is on
 * @lock:   the LRU lock, held on entry and on return
 * @cb_arg: unused
 *
 * Runs under the LRU spinlock, which nests inside alloc->mutex and
 * mmap_lock, so those are only trylocked.  Once both are held the page is
 * taken off the LRU, the spinlock dropped, the user PTE zapped if the vma
 * at its address is still ours, and the page freed.  The spinlock is taken
 * again before alloc->mutex is released (see binder_alloc_free_pages()).
 *
 * Return: LRU_REMOVED_RETRY if the page was freed (the lock was dropped),
 * LRU_SKIP if a lock was busy or the process is exiting.
 */
static enum lru_status binder_alloc_isolate_page(struct list_head *item,
						 struct list_lru_one *lru,
						 spinlock_t *lock, void *cb_arg)
	__must_hold(lock)
{
	struct binder_lru_page *slot = container_of(item, struct binder_lru_page, lru);
	struct binder_alloc *alloc = slot->alloc;
	struct mm_struct *mm = alloc->mm;
	struct vm_area_struct *vma;
	unsigned long addr;

	lockdep_assert_held(lock);
	if (!mutex_trylock(&alloc->mutex))
		return LRU_SKIP;
	if (WARN_ON_ONCE(!slot->page))
		goto err_unlock;
	if (mm) {
		if (!mmget_not_zero(mm))
			goto err_unlock;
		if (!mmap_read_trylock(mm))
			goto err_mmput;
	}

	list_lru_isolate(lru, item);
	spin_unlock(lock);

	addr = alloc->buffer + ((slot - alloc->pages) << PAGE_SHIFT);
	if (mm) {
		vma = binder_alloc_find_vma(alloc, mm, addr);
		if (vma) {
			trace_binder_unmap_user_start(alloc, slot - alloc->pages);
			binder_zap_page(vma, addr);
			trace_binder_unmap_user_end(alloc, slot - alloc->pages);
		}
		mmap_read_unlock(mm);
		mmput_async(mm);
	}
	trace_binder_unmap_kernel_start(alloc, slot - alloc->pages);
	__free_page(slot->page);
	slot->page = NULL;
	trace_binder_unmap_kernel_end(alloc, slot - alloc->pages);
	binder_stat_deleted(BINDER_STAT_PAGE);

	spin_lock(lock);
	mutex_unlock(&alloc->mutex);
	return LRU_REMOVED_RETRY;

err_mmput:
	mmput_async(mm);
err_unlock:
	mutex_unlock(&alloc->mutex);
	return LRU_SKIP;
}

static unsigned long binder_alloc_shrink_count(struct shrinker *shrinker,
					       struct shrink_control *sc)
{
	return list_lru_count(&binder_alloc_lru);
}

static unsigned long binder_alloc_shrink_scan(struct shrinker *shrinker,
					      struct shrink_control *sc)
{
	return list_lru_walk(&binder_alloc_lru, binder_alloc_isolate_page,
			     NULL, sc->nr_to_scan);
}

/* The shrinker; its storage is used only by kernels before 6.7 (binder_compat.h). */
static struct shrinker binder_alloc_shrinker_storage;
static struct shrinker *binder_alloc_shrinker;

/**
 * binder_alloc_shrink_all() - free every unused page that can be freed now
 *
 * Walks the LRU in passes of its current length until a pass frees
 * nothing; pages whose allocator or mm is busy are left.  Must not be
 * called with any allocator's mutex held.
 *
 * Return: the number of pages freed.
 */
unsigned long binder_alloc_shrink_all(void)
{
	unsigned long count, freed, total = 0;

	while ((count = list_lru_count(&binder_alloc_lru))) {
		freed = list_lru_walk(&binder_alloc_lru,
				      binder_alloc_isolate_page, NULL, count);
		if (!freed)
			break;
		total += freed;
		cond_resched();
	}
	return total;
}

/**
 * binder_alloc_shrinker_init() - set up the page LRU and its shrinker
 *
 * Called once from module init, before any device exists.
 *
 * Return: 0 or a negative errno.
 */
int binder_alloc_shrinker_init(void)
{
	int ret;

	ret = list_lru_init(&binder_alloc_lru);
	if (ret)
		return ret;
	binder_alloc_shrinker = binder_shrinker_create(&binder_alloc_shrinker_storage,
						       "binder_ipc", binder_alloc_shrink_count,
						       binder_alloc_shrink_scan);
	if (IS_ERR(binder_alloc_shrinker)) {
		ret = PTR_ERR(binder_alloc_shrinker);
		goto err_lru_destroy;
	}
	return 0;

err_lru_destroy:
	list_lru_destroy(&binder_alloc_lru);
	return ret;
}

/**
 * binder_alloc_shrinker_exit() - undo binder_alloc_shrinker_init()
 *
 * Called from module exit, once every proc is gone.
 */
void binder_alloc_shrinker_exit(void)
{
	binder_shrinker_destroy(binder_alloc_shrinker);
	list_lru_destroy(&binder_alloc_lru);
}
