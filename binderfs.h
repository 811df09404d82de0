/* SPDX-License-Identifier: GPL-2.0 */
/*
 * binderfs (binderfs.c) as the rest of the driver sees it.
 */
#ifndef _BINDER_BINDERFS_H
#define _BINDER_BINDERFS_H

#include <linux/types.h>

struct dentry;
struct inode;
struct binder_device;

int binderfs_init(void);
void binderfs_exit(void);
bool binderfs_enabled(void);
struct binder_device *binderfs_device(const struct inode *inode);
struct dentry *binderfs_proc_log_add(struct inode *inode, pid_t pid);
void binderfs_proc_log_remove(struct dentry *dentry);

#endif /* _BINDER_BINDERFS_H */
