/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * binder_ipc: userspace ABI of the Binder IPC device.
 *
 * Binary compatible with Linux 6.12's <linux/android/binder.h>
 * (protocol version 8; version 7 when BINDER_IPC_32BIT is defined).
 * Every number, size and field offset here is part of the ABI, and
 * tests/abi/run.sh checks them; names match upstream so that existing
 * clients build without changes.
 */

#ifndef _UAPI_LINUX_BINDER_H
#define _UAPI_LINUX_BINDER_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Object type tags: three ASCII letters followed by B_TYPE_LARGE. */
#define B_PACK_CHARS(c1, c2, c3, c4) \
	((((c1) << 24)) | (((c2) << 16)) | (((c3) << 8)) | (c4))
#define B_TYPE_LARGE 0x85

/* Value of binder_object_header.type for objects embedded in a payload. */
enum {
	/* Strong reference to an object owned by the sender. */
	BINDER_TYPE_BINDER	= B_PACK_CHARS('s', 'b', '*', B_TYPE_LARGE),
	/* Weak reference to an object owned by the sender. */
	BINDER_TYPE_WEAK_BINDER	= B_PACK_CHARS('w', 'b', '*', B_TYPE_LARGE),
	/* Strong reference to a remote object, by handle. */
	BINDER_TYPE_HANDLE	= B_PACK_CHARS('s', 'h', '*', B_TYPE_LARGE),
	/* Weak reference to a remote object, by handle. */
	BINDER_TYPE_WEAK_HANDLE	= B_PACK_CHARS('w', 'h', '*', B_TYPE_LARGE),
	/* A file descriptor to be duplicated into the receiver. */
	BINDER_TYPE_FD		= B_PACK_CHARS('f', 'd', '*', B_TYPE_LARGE),
	/* An array of descriptors stored inside a BINDER_TYPE_PTR buffer. */
	BINDER_TYPE_FDA		= B_PACK_CHARS('f', 'd', 'a', B_TYPE_LARGE),
	/* A side buffer copied into the receiver (scatter-gather). */
	BINDER_TYPE_PTR		= B_PACK_CHARS('p', 't', '*', B_TYPE_LARGE),
};

/* Bits of flat_binder_object.flags when a local object is sent. */
enum {
	/* Lowest nice value at which calls into this node are served. */
	FLAT_BINDER_FLAG_PRIORITY_MASK = 0xff,
	/* The node may receive file descriptors in transactions. */
	FLAT_BINDER_FLAG_ACCEPTS_FDS = 0x100,
	/* Calls into the node carry the caller's security context. */
	FLAT_BINDER_FLAG_TXN_SECURITY_CTX = 0x1000,
};

/* Width of sizes and user addresses on the wire. */
#ifdef BINDER_IPC_32BIT
typedef __u32 binder_size_t;
typedef __u32 binder_uintptr_t;
#else
typedef __u64 binder_size_t;
typedef __u64 binder_uintptr_t;
#endif

/* First word of every object referenced from the offsets array. */
struct binder_object_header {
	__u32 type;		/* one of BINDER_TYPE_* */
};

/*
 * A binder object (BINDER, WEAK_BINDER, HANDLE, WEAK_HANDLE) placed in a
 * transaction payload. The driver rewrites type, binder/handle and cookie
 * as the object crosses into the receiving process.
 */
struct flat_binder_object {
	struct binder_object_header hdr;
	__u32 flags;		/* FLAT_BINDER_FLAG_* */
	__extension__ union {
		binder_uintptr_t binder;	/* sender's address of a local object */
		__u32 handle;			/* descriptor of a remote object */
	};
	binder_uintptr_t cookie;	/* owner's private value for a local object */
};

/*
 * BINDER_TYPE_FD object; laid out like flat_binder_object so that older
 * clients which store the descriptor in .handle keep working.
 */
struct binder_fd_object {
	struct binder_object_header hdr;
	__u32 pad_flags;	/* unused, keeps the layout of .flags */
	__extension__ union {
		binder_uintptr_t pad_binder;	/* unused, keeps the layout */
		__u32 fd;			/* the descriptor */
	};
	binder_uintptr_t cookie;	/* opaque to the driver */
};

/*
 * BINDER_TYPE_PTR object: a block of user memory that the driver copies
 * into the receiver. If it lives inside another PTR block, the pointer
 * stored in that parent is redirected to the receiver's copy.
 */
struct binder_buffer_object {
	struct binder_object_header hdr;
	__u32 flags;			/* BINDER_BUFFER_FLAG_* */
	binder_uintptr_t buffer;	/* address of the block */
	binder_size_t length;		/* bytes in the block */
	binder_size_t parent;		/* offsets-array index of the parent */
	binder_size_t parent_offset;	/* where in the parent our pointer is */
};

/* Bits of binder_buffer_object.flags. */
enum {
	/* parent/parent_offset are valid and the parent must be patched. */
	BINDER_BUFFER_FLAG_HAS_PARENT = 0x01,
};

/*
 * BINDER_TYPE_FDA object: num_fds 32-bit descriptors stored at
 * parent_offset inside an earlier PTR block; each one is translated.
 */
struct binder_fd_array_object {
	struct binder_object_header hdr;
	__u32 pad;			/* alignment only */
	binder_size_t num_fds;		/* descriptor count */
	binder_size_t parent;		/* offsets-array index of the PTR block */
	binder_size_t parent_offset;	/* byte offset of the array in it */
};

/*
 * Argument of BINDER_WRITE_READ: a command stream to consume and a
 * buffer to fill with returns. The *_consumed fields are progress
 * counters updated by the driver.
 */
struct binder_write_read {
	binder_size_t write_size;	/* bytes of BC_* commands available */
	binder_size_t write_consumed;	/* bytes of them processed so far */
	binder_uintptr_t write_buffer;	/* address of the commands */
	binder_size_t read_size;	/* room for BR_* returns */
	binder_size_t read_consumed;	/* bytes of returns written so far */
	binder_uintptr_t read_buffer;	/* address of the return buffer */
};

/* Argument of BINDER_VERSION; filled in by the driver. */
struct binder_version {
	__s32 protocol_version;
};

/* Protocol spoken by this header (and reported by BINDER_VERSION). */
#ifdef BINDER_IPC_32BIT
#define BINDER_CURRENT_PROTOCOL_VERSION 7
#else
#define BINDER_CURRENT_PROTOCOL_VERSION 8
#endif

/*
 * BINDER_GET_NODE_DEBUG_INFO: walks the caller's own nodes. Pass the ptr
 * returned by the previous call (0 to start); the driver reports the next
 * node with a larger ptr, or ptr == 0 when the walk is over.
 */
struct binder_node_debug_info {
	binder_uintptr_t ptr;
	binder_uintptr_t cookie;
	__u32 has_strong_ref;
	__u32 has_weak_ref;
};

/*
 * BINDER_GET_NODE_INFO_FOR_REF (context manager only): set handle and
 * zero everything else; the driver reports the node's reference counts.
 */
struct binder_node_info_for_ref {
	__u32 handle;
	__u32 strong_count;
	__u32 weak_count;
	__u32 reserved1;
	__u32 reserved2;
	__u32 reserved3;
};

/* BINDER_FREEZE: freeze (enable != 0) or thaw the binder state of a pid. */
struct binder_freeze_info {
	__u32 pid;
	__u32 enable;
	__u32 timeout_ms;	/* how long to wait for in-flight work */
};

/* BINDER_GET_FROZEN_INFO: what reached a frozen pid. */
struct binder_frozen_status_info {
	__u32 pid;
	/*
	 * bit 0: a synchronous call arrived while frozen;
	 * bit 1: synchronous work was still pending when freezing.
	 */
	__u32 sync_recv;
	__u32 async_recv;	/* a one-way call arrived while frozen */
};

/* Payload of BR_FROZEN_BINDER: new freeze state of a watched object. */
struct binder_frozen_state_info {
	binder_uintptr_t cookie;	/* value given at subscription */
	__u32 is_frozen;		/* non-zero when the owner is frozen */
	__u32 reserved;
};

/*
 * BINDER_GET_EXTENDED_ERROR: detail about the calling thread's most
 * recent failure; reading it resets the record.
 */
struct binder_extended_error {
	__u32 id;		/* debug id of the failed transaction */
	__u32 command;		/* BR_* code that reported it */
	__s32 param;		/* negative errno */
};

/* ioctl requests on a binder file descriptor. */
#define BINDER_WRITE_READ		_IOWR('b', 1, struct binder_write_read)
#define BINDER_SET_IDLE_TIMEOUT		_IOW('b', 3, __s64)
#define BINDER_SET_MAX_THREADS		_IOW('b', 5, __u32)
#define BINDER_SET_IDLE_PRIORITY	_IOW('b', 6, __s32)
#define BINDER_SET_CONTEXT_MGR		_IOW('b', 7, __s32)
#define BINDER_THREAD_EXIT		_IOW('b', 8, __s32)
#define BINDER_VERSION			_IOWR('b', 9, struct binder_version)
#define BINDER_GET_NODE_DEBUG_INFO	_IOWR('b', 11, struct binder_node_debug_info)
#define BINDER_GET_NODE_INFO_FOR_REF	_IOWR('b', 12, struct binder_node_info_for_ref)
#define BINDER_SET_CONTEXT_MGR_EXT	_IOW('b', 13, struct flat_binder_object)
#define BINDER_FREEZE			_IOW('b', 14, struct binder_freeze_info)
#define BINDER_GET_FROZEN_INFO		_IOWR('b', 15, struct binder_frozen_status_info)
#define BINDER_ENABLE_ONEWAY_SPAM_DETECTION	_IOW('b', 16, __u32)
#define BINDER_GET_EXTENDED_ERROR	_IOWR('b', 17, struct binder_extended_error)

/*
 * Callers should retry an ioctl that fails with EINTR. ECONNREFUSED
 * means the process is being torn down and binder is no longer usable.
 */

/* Bits of binder_transaction_data.flags. */
enum transaction_flags {
	TF_ONE_WAY	= 0x01,	/* asynchronous: no reply will come */
	TF_ROOT_OBJECT	= 0x04,	/* payload is a root object (userspace use) */
	TF_STATUS_CODE	= 0x08,	/* payload is a single 32-bit status */
	TF_ACCEPT_FDS	= 0x10,	/* the reply may carry file descriptors */
	TF_CLEAR_BUF	= 0x20,	/* zero the receive buffer when freed */
	TF_UPDATE_TXN	= 0x40,	/* may replace a stale queued one-way call */
};

/*
 * Descriptor of a transaction or reply: sent with BC_TRANSACTION/BC_REPLY
 * and delivered with BR_TRANSACTION/BR_REPLY.
 */
struct binder_transaction_data {
	union {
		__u32 handle;		/* sender side: target handle */
		binder_uintptr_t ptr;	/* receiver side: local object address */
	} target;
	binder_uintptr_t cookie;	/* receiver side: object cookie */
	__u32 code;			/* method selector, not interpreted */

	__u32 flags;			/* TF_* */
	__kernel_pid_t sender_pid;	/* filled in by the driver */
	__kernel_uid32_t sender_euid;	/* filled in by the driver */
	binder_size_t data_size;	/* bytes of payload */
	binder_size_t offsets_size;	/* bytes of the object offsets array */

	union {
		struct {
			binder_uintptr_t buffer;	/* payload address */
			binder_uintptr_t offsets;	/* offsets array address */
		} ptr;
		__u8 buf[8];
	} data;
};

/* BR_TRANSACTION_SEC_CTX payload: transaction plus caller's context. */
struct binder_transaction_data_secctx {
	struct binder_transaction_data transaction_data;
	binder_uintptr_t secctx;	/* address of the context string */
};

/* BC_TRANSACTION_SG/BC_REPLY_SG payload. */
struct binder_transaction_data_sg {
	struct binder_transaction_data transaction_data;
	binder_size_t buffers_size;	/* total size of all PTR blocks */
};

/* Identifies a local object: its address and cookie. */
struct binder_ptr_cookie {
	binder_uintptr_t ptr;
	binder_uintptr_t cookie;
};

/* A handle plus a cookie; packed, so 12 bytes on the wire. */
struct binder_handle_cookie {
	__u32 handle;
	binder_uintptr_t cookie;
} __attribute__((packed));

/* Legacy BC_ATTEMPT_ACQUIRE payload. */
struct binder_pri_desc {
	__s32 priority;
	__u32 desc;
};

/* Legacy BR_ATTEMPT_ACQUIRE payload. */
struct binder_pri_ptr_cookie {
	__s32 priority;
	binder_uintptr_t ptr;
	binder_uintptr_t cookie;
};

/*
 * Returns written by the driver into the read buffer of BINDER_WRITE_READ.
 * Each is a 32-bit code followed by _IOC_SIZE(code) bytes of payload.
 * (__extension__: several codes do not fit in an int, which strict ISO C
 * modes would otherwise complain about.)
 */
__extension__ enum binder_driver_return_protocol {
	/* __s32 payload: an error code. */
	BR_ERROR = _IOR('r', 0, __s32),
	/* Never sent. */
	BR_OK = _IO('r', 1),
	/* Incoming call to a node that asked for security contexts. */
	BR_TRANSACTION_SEC_CTX = _IOR('r', 2,
				      struct binder_transaction_data_secctx),
	/* Incoming call. */
	BR_TRANSACTION = _IOR('r', 2, struct binder_transaction_data),
	/* Answer to this thread's outstanding call. */
	BR_REPLY = _IOR('r', 3, struct binder_transaction_data),
	/* Legacy, never sent. */
	BR_ACQUIRE_RESULT = _IOR('r', 4, __s32),
	/* The callee is gone. */
	BR_DEAD_REPLY = _IO('r', 5),
	/* The driver accepted the last transaction or reply. */
	BR_TRANSACTION_COMPLETE = _IO('r', 6),
	/*
	 * Reference requests on one of our objects (ptr + cookie). INCREFS and
	 * ACQUIRE must be acknowledged with BC_INCREFS_DONE/BC_ACQUIRE_DONE.
	 */
	BR_INCREFS = _IOR('r', 7, struct binder_ptr_cookie),
	BR_ACQUIRE = _IOR('r', 8, struct binder_ptr_cookie),
	BR_RELEASE = _IOR('r', 9, struct binder_ptr_cookie),
	BR_DECREFS = _IOR('r', 10, struct binder_ptr_cookie),
	/* Legacy, never sent. */
	BR_ATTEMPT_ACQUIRE = _IOR('r', 11, struct binder_pri_ptr_cookie),
	/* Nothing to do; placeholder that may become BR_SPAWN_LOOPER. */
	BR_NOOP = _IO('r', 12),
	/* Please start one more thread and BC_REGISTER_LOOPER it. */
	BR_SPAWN_LOOPER = _IO('r', 13),
	/* Legacy, never sent. */
	BR_FINISHED = _IO('r', 14),
	/* A watched object died (cookie); ack with BC_DEAD_BINDER_DONE. */
	BR_DEAD_BINDER = _IOR('r', 15, binder_uintptr_t),
	/* A death subscription (cookie) has been removed. */
	BR_CLEAR_DEATH_NOTIFICATION_DONE = _IOR('r', 16, binder_uintptr_t),
	/* The last transaction failed; see BINDER_GET_EXTENDED_ERROR. */
	BR_FAILED_REPLY = _IO('r', 17),
	/* The last synchronous call targeted a frozen process. */
	BR_FROZEN_REPLY = _IO('r', 18),
	/* Accepted, but this sender looks like a one-way call flooder. */
	BR_ONEWAY_SPAM_SUSPECT = _IO('r', 19),
	/* One-way call queued, but the target is frozen. */
	BR_TRANSACTION_PENDING_FROZEN = _IO('r', 20),
	/* Freeze state of a watched object; ack BC_FREEZE_NOTIFICATION_DONE. */
	BR_FROZEN_BINDER = _IOR('r', 21, struct binder_frozen_state_info),
	/* A freeze subscription (cookie) has been removed. */
	BR_CLEAR_FREEZE_NOTIFICATION_DONE = _IOR('r', 22, binder_uintptr_t),
};

/*
 * Commands read by the driver from the write buffer of BINDER_WRITE_READ.
 * Each is a 32-bit code followed by _IOC_SIZE(code) bytes of payload.
 */
__extension__ enum binder_driver_command_protocol {
	/* Start a call / answer the call on top of this thread's stack. */
	BC_TRANSACTION = _IOW('c', 0, struct binder_transaction_data),
	BC_REPLY = _IOW('c', 1, struct binder_transaction_data),
	/* Legacy, rejected. */
	BC_ACQUIRE_RESULT = _IOW('c', 2, __s32),
	/* Give back a received buffer (its data address). */
	BC_FREE_BUFFER = _IOW('c', 3, binder_uintptr_t),
	/* Adjust weak/strong counts of a handle (__u32 payload). */
	BC_INCREFS = _IOW('c', 4, __u32),
	BC_ACQUIRE = _IOW('c', 5, __u32),
	BC_RELEASE = _IOW('c', 6, __u32),
	BC_DECREFS = _IOW('c', 7, __u32),
	/* Acknowledge BR_INCREFS / BR_ACQUIRE (ptr + cookie). */
	BC_INCREFS_DONE = _IOW('c', 8, struct binder_ptr_cookie),
	BC_ACQUIRE_DONE = _IOW('c', 9, struct binder_ptr_cookie),
	/* Legacy, rejected. */
	BC_ATTEMPT_ACQUIRE = _IOW('c', 10, struct binder_pri_desc),
	/* A thread started after BR_SPAWN_LOOPER joins the pool. */
	BC_REGISTER_LOOPER = _IO('c', 11),
	/* An application thread enters / leaves the receive loop. */
	BC_ENTER_LOOPER = _IO('c', 12),
	BC_EXIT_LOOPER = _IO('c', 13),
	/* Subscribe to / cancel death notice of a handle (handle + cookie). */
	BC_REQUEST_DEATH_NOTIFICATION = _IOW('c', 14,
					     struct binder_handle_cookie),
	BC_CLEAR_DEATH_NOTIFICATION = _IOW('c', 15,
					   struct binder_handle_cookie),
	/* Acknowledge BR_DEAD_BINDER (cookie). */
	BC_DEAD_BINDER_DONE = _IOW('c', 16, binder_uintptr_t),
	/* Call / answer carrying BINDER_TYPE_PTR blocks. */
	BC_TRANSACTION_SG = _IOW('c', 17, struct binder_transaction_data_sg),
	BC_REPLY_SG = _IOW('c', 18, struct binder_transaction_data_sg),
	/* Subscribe to / cancel freeze notices of a handle (handle + cookie). */
	BC_REQUEST_FREEZE_NOTIFICATION = _IOW('c', 19,
					      struct binder_handle_cookie),
	BC_CLEAR_FREEZE_NOTIFICATION = _IOW('c', 20,
					    struct binder_handle_cookie),
	/* Acknowledge BR_FROZEN_BINDER (cookie). */
	BC_FREEZE_NOTIFICATION_DONE = _IOW('c', 21, binder_uintptr_t),
};

#endif /* _UAPI_LINUX_BINDER_H */
