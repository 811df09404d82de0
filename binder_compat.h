/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels binder_ipc builds against.
 * Every difference lives here, as one small helper, with the kernel
 * version each side applies to.  The driver calls only these helpers for
 * the APIs listed; everything else it uses is the same on every kernel
 * it supports.
 *
 * Built and tested: Debian's 6.1 and 6.12 kernels (see README).  Versions
 * in between are expected to build: each helper switches at the release
 * that changed the API.
 */
#ifndef _BINDER_COMPAT_H
#define _BINDER_COMPAT_H

#include <linux/err.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/list_lru.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/version.h>

/*
 * close_fd_get_file(): until 6.7.  Renamed file_close_fd() in 6.8.  Either
 * way: detach @fd from current's table and return its file, referenced.
 */
static inline struct file *binder_close_fd_get_file(unsigned int fd)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_close_fd(fd);
#else
	return close_fd_get_file(fd);
#endif
}

/*
 * list_lru_add()/list_lru_del() of an object on its own page's node: the
 * two-argument forms until 6.7; 6.8 renamed them list_lru_add_obj() and
 * list_lru_del_obj() and gave the old names a NUMA node and memcg.
 */
static inline bool binder_lru_add(struct list_lru *lru, struct list_head *item)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return list_lru_add_obj(lru, item);
#else
	return list_lru_add(lru, item);
#endif
}

static inline bool binder_lru_del(struct list_lru *lru, struct list_head *item)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return list_lru_del_obj(lru, item);
#else
	return list_lru_del(lru, item);
#endif
}

/*
 * Unmap one page of a user mapping: zap_page_range() until 6.2,
 * zap_page_range_single() (with no zap_details) from 6.3, where the former
 * went away.
 */
static inline void binder_zap_page(struct vm_area_struct *vma, unsigned long addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	zap_page_range_single(vma, addr, PAGE_SIZE, NULL);
#else
	zap_page_range(vma, addr, PAGE_SIZE);
#endif
}

/*
 * vma->vm_flags is written directly until 6.2; from 6.3 it is read-only
 * and changed through vm_flags_mod(), which checks the mmap_lock.
 */
static inline void binder_vma_mod_flags(struct vm_area_struct *vma, vm_flags_t set,
					vm_flags_t clear)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

/*
 * Shrinkers: a struct shrinker of the caller's, passed to
 * register_shrinker(), until 6.6; from 6.7 they are allocated with
 * shrinker_alloc() and registered with shrinker_register(), and @storage
 * is not used.  Returns the registered shrinker or an ERR_PTR;
 * binder_shrinker_destroy() undoes it.
 */
static inline struct shrinker *
binder_shrinker_create(struct shrinker *storage, const char *name,
		       unsigned long (*count)(struct shrinker *, struct shrink_control *),
		       unsigned long (*scan)(struct shrinker *, struct shrink_control *))
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	struct shrinker *shrinker = shrinker_alloc(0, "%s", name);

	if (!shrinker)
		return ERR_PTR(-ENOMEM);
#else
	struct shrinker *shrinker = storage;
#endif
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker->seeks = DEFAULT_SEEKS;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	shrinker_register(shrinker);
	return shrinker;
#else
	{
		int ret = register_shrinker(shrinker, "%s", name);

		return ret ? ERR_PTR(ret) : shrinker;
	}
#endif
}

static inline void binder_shrinker_destroy(struct shrinker *shrinker)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	shrinker_free(shrinker);
#else
	unregister_shrinker(shrinker);
#endif
}

/*
 * The first argument of inode_operations.rename and of simple_rename():
 * the mount's user namespace until 6.2, its struct mnt_idmap from 6.3.
 * binderfs only passes it on.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
typedef struct mnt_idmap binder_idmap_t;
#else
typedef struct user_namespace binder_idmap_t;
#endif

/*
 * A new inode's atime, mtime and ctime, all "now": three fields written
 * directly until 6.5; ctime through inode_set_ctime_current() in 6.6;
 * simple_inode_init_ts() from 6.7, when the others went behind accessors.
 */
static inline void binder_inode_init_ts(struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	simple_inode_init_ts(inode);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	inode->i_atime = inode_set_ctime_current(inode);
	inode->i_mtime = inode->i_atime;
#else
	inode->i_atime = current_time(inode);
	inode->i_mtime = inode->i_atime;
	inode->i_ctime = inode->i_atime;
#endif
}

#endif /* _BINDER_COMPAT_H */
