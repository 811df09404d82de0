/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of binder_ipc.  They live in their own trace system,
 * events/binder_ipc/, so they never collide with the kernel's binder driver.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM binder_ipc

#if !defined(_BINDER_IPC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _BINDER_IPC_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(binder_ipc_ioctl,
	TP_PROTO(unsigned int cmd, unsigned long arg),
	TP_ARGS(cmd, arg),
	TP_STRUCT__entry(
		__field(unsigned int, cmd)
		__field(unsigned long, arg)
	),
	TP_fast_assign(
		__entry->cmd = cmd;
		__entry->arg = arg;
	),
	TP_printk("cmd=0x%x arg=0x%lx", __entry->cmd, __entry->arg)
);

TRACE_EVENT(binder_ipc_ioctl_done,
	TP_PROTO(int ret),
	TP_ARGS(ret),
	TP_STRUCT__entry(
		__field(int, ret)
	),
	TP_fast_assign(
		__entry->ret = ret;
	),
	TP_printk("ret=%d", __entry->ret)
);

#endif /* _BINDER_IPC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE binder_trace
#include <trace/define_trace.h>
