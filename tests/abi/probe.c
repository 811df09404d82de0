// SPDX-License-Identifier: GPL-2.0
/*
 * ABI probe for the binder uapi header. Prints one "name value" line per
 * checked item. tests/abi/run.sh builds it twice:
 *   -DABI_OURS  against uapi/linux/android/binder.h (ours),
 *   (nothing)   against the system <linux/android/binder.h> (reference),
 * and diffs the two outputs. Items the reference header predates (Linux
 * 6.12 freeze notifications etc.) print hard-coded upstream values in the
 * reference build and the real values in ours. Add -DBINDER_IPC_32BIT to
 * check the legacy protocol-7 layout, -m32 for protocol 8 as 32-bit user
 * space on a 64-bit kernel sees it.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/android/binder.h>

#ifdef ABI_OURS
# ifndef _UAPI_LINUX_BINDER_H
#  error "ABI_OURS build did not pick up uapi/linux/android/binder.h"
# endif
#else
# ifdef _UAPI_LINUX_BINDER_H
#  error "reference build picked up our header instead of the system one"
# endif
#endif

#ifdef BINDER_IPC_32BIT
# define W(v64, v32) (v32)	/* pick the expected value for this mode */
#else
# define W(v64, v32) (v64)
#endif

/* The alignment of a __u64 in a struct: 8 on x86-64, 4 in i386 (-m32). */
#define U64_ALIGN	offsetof(struct { char c; __u64 v; }, v)

static void out(const char *name, const char *what, unsigned long long v)
{
	printf("%s %s=0x%llx\n", name, what, v);
}

#define MEMBER(T, f)	(((T *)0)->f)
#define IS_SIGNED(T, f)	((__typeof__(MEMBER(T, f)))-1 < (__typeof__(MEMBER(T, f)))0)

/* A constant: its value. */
#define C(x)		out(#x, "value", (unsigned long long)(x))
/* Struct/union size and alignment. */
#define S(T)		(out(#T, "size", sizeof(T)), out(#T, "align", __alignof__(T)))
/* Scalar member: offset, size, signedness. */
#define F(T, f)		(out(#T "." #f, "offset", offsetof(T, f)), \
			 out(#T "." #f, "size", sizeof(MEMBER(T, f))), \
			 out(#T "." #f, "signed", IS_SIGNED(T, f)))
/* Aggregate member (struct, union, array): offset and size. */
#define A(T, f)		(out(#T "." #f, "offset", offsetof(T, f)), \
			 out(#T "." #f, "size", sizeof(MEMBER(T, f))))
/*
 * Must be an object-like macro, as in upstream 6.12 (clients test them with
 * #ifdef). Hard-coded in the reference build: newer upstream headers turn
 * the ioctl numbers into enumerators.
 */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#ifdef ABI_OURS
# define MACRO(x)	out(#x, "is_macro", strcmp(STR(x), #x) != 0)
#else
# define MACRO(x)	out(#x, "is_macro", 1)
#endif
#ifndef B_PACK_CHARS
# error "B_PACK_CHARS must be a macro"
#endif

/* Items the reference header may lack: real value in ours, else expected. */
#ifdef ABI_OURS
# define NEW_C(x, v)		C(x)
# define NEW_S(T, sz, al)	S(T)
# define NEW_F(T, f, o, sz, sg)	F(T, f)
#else
# define NEW_C(x, v)		out(#x, "value", (v))
# define NEW_S(T, sz, al)	(out(#T, "size", (sz)), out(#T, "align", (al)))
# define NEW_F(T, f, o, sz, sg)	(out(#T "." #f, "offset", (o)), \
				 out(#T "." #f, "size", (sz)), \
				 out(#T "." #f, "signed", (sg)))
#endif

int main(void)
{
	/* Type tags, object types, flags. */
	MACRO(B_TYPE_LARGE);
	C(B_TYPE_LARGE);
	C(B_PACK_CHARS('a', 'b', 'c', 'd'));
	C(BINDER_TYPE_BINDER);
	C(BINDER_TYPE_WEAK_BINDER);
	C(BINDER_TYPE_HANDLE);
	C(BINDER_TYPE_WEAK_HANDLE);
	C(BINDER_TYPE_FD);
	C(BINDER_TYPE_FDA);
	C(BINDER_TYPE_PTR);
	C(FLAT_BINDER_FLAG_PRIORITY_MASK);
	C(FLAT_BINDER_FLAG_ACCEPTS_FDS);
	C(FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
	C(BINDER_BUFFER_FLAG_HAS_PARENT);
	C(TF_ONE_WAY);
	C(TF_ROOT_OBJECT);
	C(TF_STATUS_CODE);
	C(TF_ACCEPT_FDS);
	C(TF_CLEAR_BUF);
	C(TF_UPDATE_TXN);
	MACRO(BINDER_CURRENT_PROTOCOL_VERSION);
	C(BINDER_CURRENT_PROTOCOL_VERSION);

	/* ioctls. */
	MACRO(BINDER_WRITE_READ);
	MACRO(BINDER_SET_IDLE_TIMEOUT);
	MACRO(BINDER_SET_MAX_THREADS);
	MACRO(BINDER_SET_IDLE_PRIORITY);
	MACRO(BINDER_SET_CONTEXT_MGR);
	MACRO(BINDER_THREAD_EXIT);
	MACRO(BINDER_VERSION);
	MACRO(BINDER_GET_NODE_DEBUG_INFO);
	MACRO(BINDER_GET_NODE_INFO_FOR_REF);
	MACRO(BINDER_SET_CONTEXT_MGR_EXT);
	MACRO(BINDER_FREEZE);
	MACRO(BINDER_GET_FROZEN_INFO);
	MACRO(BINDER_ENABLE_ONEWAY_SPAM_DETECTION);
	MACRO(BINDER_GET_EXTENDED_ERROR);
	C(BINDER_WRITE_READ);
	C(BINDER_SET_IDLE_TIMEOUT);
	C(BINDER_SET_MAX_THREADS);
	C(BINDER_SET_IDLE_PRIORITY);
	C(BINDER_SET_CONTEXT_MGR);
	C(BINDER_THREAD_EXIT);
	C(BINDER_VERSION);
	C(BINDER_GET_NODE_DEBUG_INFO);
	C(BINDER_GET_NODE_INFO_FOR_REF);
	C(BINDER_SET_CONTEXT_MGR_EXT);
	C(BINDER_FREEZE);
	C(BINDER_GET_FROZEN_INFO);
	C(BINDER_ENABLE_ONEWAY_SPAM_DETECTION);
	C(BINDER_GET_EXTENDED_ERROR);

	/* Returns. */
	out("enum binder_driver_return_protocol", "size",
	    sizeof(enum binder_driver_return_protocol));
	C(BR_ERROR);
	C(BR_OK);
	C(BR_TRANSACTION_SEC_CTX);
	C(BR_TRANSACTION);
	C(BR_REPLY);
	C(BR_ACQUIRE_RESULT);
	C(BR_DEAD_REPLY);
	C(BR_TRANSACTION_COMPLETE);
	C(BR_INCREFS);
	C(BR_ACQUIRE);
	C(BR_RELEASE);
	C(BR_DECREFS);
	C(BR_ATTEMPT_ACQUIRE);
	C(BR_NOOP);
	C(BR_SPAWN_LOOPER);
	C(BR_FINISHED);
	C(BR_DEAD_BINDER);
	C(BR_CLEAR_DEATH_NOTIFICATION_DONE);
	C(BR_FAILED_REPLY);
	C(BR_FROZEN_REPLY);
	C(BR_ONEWAY_SPAM_SUSPECT);
	NEW_C(BR_TRANSACTION_PENDING_FROZEN, W(0x7214, 0x7214));
	NEW_C(BR_FROZEN_BINDER, W(0x80107215, 0x800c7215));
	NEW_C(BR_CLEAR_FREEZE_NOTIFICATION_DONE, W(0x80087216, 0x80047216));

	/* Commands. */
	out("enum binder_driver_command_protocol", "size",
	    sizeof(enum binder_driver_command_protocol));
	C(BC_TRANSACTION);
	C(BC_REPLY);
	C(BC_ACQUIRE_RESULT);
	C(BC_FREE_BUFFER);
	C(BC_INCREFS);
	C(BC_ACQUIRE);
	C(BC_RELEASE);
	C(BC_DECREFS);
	C(BC_INCREFS_DONE);
	C(BC_ACQUIRE_DONE);
	C(BC_ATTEMPT_ACQUIRE);
	C(BC_REGISTER_LOOPER);
	C(BC_ENTER_LOOPER);
	C(BC_EXIT_LOOPER);
	C(BC_REQUEST_DEATH_NOTIFICATION);
	C(BC_CLEAR_DEATH_NOTIFICATION);
	C(BC_DEAD_BINDER_DONE);
	C(BC_TRANSACTION_SG);
	C(BC_REPLY_SG);
	NEW_C(BC_REQUEST_FREEZE_NOTIFICATION, W(0x400c6313, 0x40086313));
	NEW_C(BC_CLEAR_FREEZE_NOTIFICATION, W(0x400c6314, 0x40086314));
	NEW_C(BC_FREEZE_NOTIFICATION_DONE, W(0x40086315, 0x40046315));

	/* Types and structures. */
	out("enum transaction_flags", "size", sizeof(enum transaction_flags));
	S(binder_size_t);
	out("binder_size_t", "signed", (binder_size_t)-1 < 0);
	S(binder_uintptr_t);
	out("binder_uintptr_t", "signed", (binder_uintptr_t)-1 < 0);

	S(struct binder_object_header);
	F(struct binder_object_header, type);

	S(struct flat_binder_object);
	A(struct flat_binder_object, hdr);
	F(struct flat_binder_object, flags);
	F(struct flat_binder_object, binder);
	F(struct flat_binder_object, handle);
	F(struct flat_binder_object, cookie);

	S(struct binder_fd_object);
	A(struct binder_fd_object, hdr);
	F(struct binder_fd_object, pad_flags);
	F(struct binder_fd_object, pad_binder);
	F(struct binder_fd_object, fd);
	F(struct binder_fd_object, cookie);

	S(struct binder_buffer_object);
	A(struct binder_buffer_object, hdr);
	F(struct binder_buffer_object, flags);
	F(struct binder_buffer_object, buffer);
	F(struct binder_buffer_object, length);
	F(struct binder_buffer_object, parent);
	F(struct binder_buffer_object, parent_offset);

	S(struct binder_fd_array_object);
	A(struct binder_fd_array_object, hdr);
	F(struct binder_fd_array_object, pad);
	F(struct binder_fd_array_object, num_fds);
	F(struct binder_fd_array_object, parent);
	F(struct binder_fd_array_object, parent_offset);

	S(struct binder_write_read);
	F(struct binder_write_read, write_size);
	F(struct binder_write_read, write_consumed);
	F(struct binder_write_read, write_buffer);
	F(struct binder_write_read, read_size);
	F(struct binder_write_read, read_consumed);
	F(struct binder_write_read, read_buffer);

	S(struct binder_version);
	F(struct binder_version, protocol_version);

	S(struct binder_node_debug_info);
	F(struct binder_node_debug_info, ptr);
	F(struct binder_node_debug_info, cookie);
	F(struct binder_node_debug_info, has_strong_ref);
	F(struct binder_node_debug_info, has_weak_ref);

	S(struct binder_node_info_for_ref);
	F(struct binder_node_info_for_ref, handle);
	F(struct binder_node_info_for_ref, strong_count);
	F(struct binder_node_info_for_ref, weak_count);
	F(struct binder_node_info_for_ref, reserved1);
	F(struct binder_node_info_for_ref, reserved2);
	F(struct binder_node_info_for_ref, reserved3);

	S(struct binder_freeze_info);
	F(struct binder_freeze_info, pid);
	F(struct binder_freeze_info, enable);
	F(struct binder_freeze_info, timeout_ms);

	S(struct binder_frozen_status_info);
	F(struct binder_frozen_status_info, pid);
	F(struct binder_frozen_status_info, sync_recv);
	F(struct binder_frozen_status_info, async_recv);

	NEW_S(struct binder_frozen_state_info, W(16, 12), W(U64_ALIGN, 4));
	NEW_F(struct binder_frozen_state_info, cookie, 0, W(8, 4), 0);
	NEW_F(struct binder_frozen_state_info, is_frozen, W(8, 4), 4, 0);
	NEW_F(struct binder_frozen_state_info, reserved, W(12, 8), 4, 0);

	S(struct binder_extended_error);
	F(struct binder_extended_error, id);
	F(struct binder_extended_error, command);
	F(struct binder_extended_error, param);

	S(struct binder_transaction_data);
	A(struct binder_transaction_data, target);
	F(struct binder_transaction_data, target.handle);
	F(struct binder_transaction_data, target.ptr);
	F(struct binder_transaction_data, cookie);
	F(struct binder_transaction_data, code);
	F(struct binder_transaction_data, flags);
	F(struct binder_transaction_data, sender_pid);
	F(struct binder_transaction_data, sender_euid);
	F(struct binder_transaction_data, data_size);
	F(struct binder_transaction_data, offsets_size);
	A(struct binder_transaction_data, data);
	A(struct binder_transaction_data, data.ptr);
	F(struct binder_transaction_data, data.ptr.buffer);
	F(struct binder_transaction_data, data.ptr.offsets);
	A(struct binder_transaction_data, data.buf);
	F(struct binder_transaction_data, data.buf[0]);

	S(struct binder_transaction_data_secctx);
	A(struct binder_transaction_data_secctx, transaction_data);
	F(struct binder_transaction_data_secctx, secctx);

	S(struct binder_transaction_data_sg);
	A(struct binder_transaction_data_sg, transaction_data);
	F(struct binder_transaction_data_sg, buffers_size);

	S(struct binder_ptr_cookie);
	F(struct binder_ptr_cookie, ptr);
	F(struct binder_ptr_cookie, cookie);

	S(struct binder_handle_cookie);
	F(struct binder_handle_cookie, handle);
	F(struct binder_handle_cookie, cookie);

	S(struct binder_pri_desc);
	F(struct binder_pri_desc, priority);
	F(struct binder_pri_desc, desc);

	S(struct binder_pri_ptr_cookie);
	F(struct binder_pri_ptr_cookie, priority);
	F(struct binder_pri_ptr_cookie, ptr);
	F(struct binder_pri_ptr_cookie, cookie);

	return 0;
}
