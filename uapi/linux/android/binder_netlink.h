/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The binder generic-netlink family: a multicast report of every failed
 * transaction.  ABI-identical to the uapi header of the same name in
 * Linux 6.18 (family "binder" version 1, multicast group "report", one
 * event command); binder_ipc may register the family under another name
 * (its netlink_family= parameter).
 */
#ifndef _UAPI_LINUX_ANDROID_BINDER_NETLINK_H
#define _UAPI_LINUX_ANDROID_BINDER_NETLINK_H

#define BINDER_FAMILY_NAME	"binder"
#define BINDER_FAMILY_VERSION	1

/* Attributes of a report; TO_PID/TO_TID only when the target was known. */
enum {
	BINDER_A_REPORT_ERROR = 1,	/* u32: the BR_* code the sender got */
	BINDER_A_REPORT_CONTEXT,	/* string: the device (context) name */
	BINDER_A_REPORT_FROM_PID,	/* u32 */
	BINDER_A_REPORT_FROM_TID,	/* u32 */
	BINDER_A_REPORT_TO_PID,		/* u32 */
	BINDER_A_REPORT_TO_TID,		/* u32 */
	BINDER_A_REPORT_IS_REPLY,	/* flag: the failed transaction was a reply */
	BINDER_A_REPORT_FLAGS,		/* u32: the transaction's TF_* flags */
	BINDER_A_REPORT_CODE,		/* u32: the transaction's code */
	BINDER_A_REPORT_DATA_SIZE,	/* u32: its data size in bytes */

	__BINDER_A_REPORT_MAX,
	BINDER_A_REPORT_MAX = (__BINDER_A_REPORT_MAX - 1)
};

enum {
	BINDER_CMD_REPORT = 1,		/* the multicast event */

	__BINDER_CMD_MAX,
	BINDER_CMD_MAX = (__BINDER_CMD_MAX - 1)
};

#define BINDER_MCGRP_REPORT	"report"

#endif /* _UAPI_LINUX_ANDROID_BINDER_NETLINK_H */
