/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * binder_ipc: userspace ABI of binderfs's binder-control node.
 *
 * Binary compatible with Linux 6.12's <linux/android/binderfs.h>: the
 * request struct, its size and the ioctl number are part of the ABI, and
 * tests/abi/run.sh checks them.  As upstream's, this header brings the
 * binder protocol header with it.
 */

#ifndef _UAPI_LINUX_BINDERFS_H
#define _UAPI_LINUX_BINDERFS_H

/* The sibling header: ours, in user space and in the module alike. */
#include "binder.h"
#include <linux/types.h>
#include <linux/ioctl.h>

/* Longest device name, not counting its terminating NUL. */
#define BINDERFS_MAX_NAME 255

/**
 * struct binderfs_device - a BINDER_CTL_ADD request and its answer
 * @name:  in: the new device's name, NUL-terminated (the last byte is
 *         always taken as the terminator)
 * @major: out: the major number of every binderfs device
 * @minor: out: the new device's minor number
 */
struct binderfs_device {
	char name[BINDERFS_MAX_NAME + 1];
	__u32 major;
	__u32 minor;
};

/* Issued on binder-control: create a device in the same binderfs mount. */
#define BINDER_CTL_ADD _IOWR('b', 1, struct binderfs_device)

#endif /* _UAPI_LINUX_BINDERFS_H */
