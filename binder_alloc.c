// SPDX-License-Identifier: GPL-2.0
/*
 * Receive-buffer allocator: the mmap()ed window each proc receives
 * transactions in.
 */

#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/sched/mm.h>

#include "binder_alloc.h"

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
	alloc->mm = current->mm;
	mmgrab(alloc->mm);
}

/**
 * binder_alloc_release() - drop what binder_alloc_init() and mmap took
 * @alloc: allocator of a proc being destroyed
 */
void binder_alloc_release(struct binder_alloc *alloc)
{
	mmdrop(alloc->mm);
	alloc->mm = NULL;
}

/**
 * binder_alloc_mmap() - attach the receive buffer to a new mapping
 * @alloc: allocator of the proc being mapped
 * @vma:   the new mapping, already checked by the caller for its flags
 *
 * Return: 0, -EINVAL when @vma belongs to another address space, or -EBUSY
 * when this proc has been mapped before.
 */
int binder_alloc_mmap(struct binder_alloc *alloc, struct vm_area_struct *vma)
{
	int ret = 0;

	if (vma->vm_mm != alloc->mm)
		return -EINVAL;

	mutex_lock(&alloc->mutex);
	if (alloc->buffer_size) {
		ret = -EBUSY;
		goto out_unlock;
	}
	alloc->buffer = vma->vm_start;
	alloc->buffer_size = min_t(unsigned long, vma->vm_end - vma->vm_start,
				   BINDER_ALLOC_MAX_SIZE);
	WRITE_ONCE(alloc->mapped, true);
out_unlock:
	mutex_unlock(&alloc->mutex);
	return ret;
}

/**
 * binder_alloc_vma_close() - the mapping went away (munmap or exit)
 * @alloc: allocator whose vma is being closed
 *
 * Called with mmap_lock held for writing, so it must not take @alloc->mutex.
 */
void binder_alloc_vma_close(struct binder_alloc *alloc)
{
	WRITE_ONCE(alloc->mapped, false);
}

/**
 * binder_alloc_buffer_size() - usable size of the receive buffer
 * @alloc: allocator to query
 *
 * Return: bytes usable for transactions, 0 if the proc was never mapped.
 */
size_t binder_alloc_buffer_size(struct binder_alloc *alloc)
{
	size_t size;

	mutex_lock(&alloc->mutex);
	size = alloc->buffer_size;
	mutex_unlock(&alloc->mutex);
	return size;
}
