/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive-buffer allocator of one binder_proc.
 *
 * Each proc maps a read-only window of its own address space with mmap();
 * the driver places incoming transactions there, so a receiver reads them in
 * place and the data is copied exactly once.
 */
#ifndef _BINDER_ALLOC_H
#define _BINDER_ALLOC_H

#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/types.h>

/* Upstream uses at most 4 MiB of a mapping; a larger vma is accepted. */
#define BINDER_ALLOC_MAX_SIZE	SZ_4M

/**
 * struct binder_alloc - receive buffer state of one proc
 * @mutex:       protects @buffer and @buffer_size; taken outside mmap_lock
 * @mm:          address space of the opener, pinned with mmgrab() at open
 *               (immutable)
 * @buffer:      user address of the mapping (protected by @mutex)
 * @buffer_size: usable bytes of the mapping; 0 until the first mmap, and
 *               never reset, so a second mmap fails even after munmap
 *               (protected by @mutex)
 * @mapped:      the vma still exists; cleared by vma close, which runs
 *               under mmap_lock and so cannot take @mutex (READ_ONCE/
 *               WRITE_ONCE)
 */
struct binder_alloc {
	struct mutex mutex;
	struct mm_struct *mm;
	unsigned long buffer;
	size_t buffer_size;
	bool mapped;
};

void binder_alloc_init(struct binder_alloc *alloc);
void binder_alloc_release(struct binder_alloc *alloc);
int binder_alloc_mmap(struct binder_alloc *alloc, struct vm_area_struct *vma);
void binder_alloc_vma_close(struct binder_alloc *alloc);
size_t binder_alloc_buffer_size(struct binder_alloc *alloc);

#endif /* _BINDER_ALLOC_H */
