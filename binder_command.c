// SPDX-License-Identifier: GPL-2.0
/*
 * The write half of BINDER_WRITE_READ: decode BC_* commands and hand each
 * to the code for its object (refs, nodes, transactions, looper state).
 *
 * Every command is a u32 code followed by a payload of _IOC_SIZE(code)
 * bytes.  Processing stops at the first command that fails to decode
 * (the ioctl fails) and after a transaction that failed (the error is
 * waiting to be read); write_consumed tells user space how far it got.
 * Like upstream, payloads are read with get_user() and not checked against
 * write_size: a truncated command reads whatever follows it in memory.
 */

#include <linux/uaccess.h>

#include "binder_internal.h"

/* BC_INCREFS/ACQUIRE/RELEASE/DECREFS on @desc. */
static int binder_cmd_ref(struct binder_thread *thread, u32 cmd, u32 desc)
{
	struct binder_proc *proc = thread->proc;
	bool strong = cmd == BC_ACQUIRE || cmd == BC_RELEASE;
	bool increment = cmd == BC_INCREFS || cmd == BC_ACQUIRE;
	int ret = -EINVAL;
	u32 got;

	/* Handle 0 means the context manager even before a ref exists. */
	if (increment && desc == 0) {
		struct binder_node *mgr = binder_get_context_mgr(proc->context);

		if (mgr) {
			if (mgr->proc == proc) {
				binder_put_node(mgr);
				binder_user_error("%d: context manager took a ref on handle 0\n",
						  proc->pid);
				return -EINVAL;
			}
			ret = binder_inc_ref_for_node(proc, mgr, strong, NULL, &got);
			if (!ret && got != desc)
				binder_user_error("%d: wanted handle 0, got %u\n", proc->pid, got);
			binder_put_node(mgr);
		}
	}
	if (ret)
		ret = binder_update_ref_for_handle(proc, desc, increment, strong);
	if (ret)
		binder_user_error("%d:%d refcount change %#x on bad handle %u: %d\n",
				  proc->pid, thread->pid, cmd, desc, ret);
	/* Like upstream, a bad handle is logged, not reported. */
	return 0;
}

/* BC_FREE_BUFFER: user space is done with a buffer it received. */
static void binder_cmd_free_buffer(struct binder_thread *thread, binder_uintptr_t data_ptr)
{
	struct binder_proc *proc = thread->proc;
	struct binder_buffer *buffer;

	buffer = binder_alloc_prepare_to_free(&proc->alloc, data_ptr);
	if (IS_ERR_OR_NULL(buffer)) {
		binder_user_error("%d:%d BC_FREE_BUFFER %llx: %s\n", proc->pid, thread->pid,
				  (u64)data_ptr, buffer ? "not delivered or already freed"
							: "no such buffer");
		return;
	}
	binder_release_buffer(proc, buffer, thread, binder_buffer_offsets_end(buffer));
}

static void binder_cmd_register_looper(struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;

	spin_lock(&proc->inner_lock);
	if (thread->looper & BINDER_LOOPER_STATE_ENTERED) {
		thread->looper |= BINDER_LOOPER_STATE_INVALID;
		binder_user_error("%d:%d BC_REGISTER_LOOPER after BC_ENTER_LOOPER\n",
				  proc->pid, thread->pid);
	} else if (proc->requested_threads == 0) {
		thread->looper |= BINDER_LOOPER_STATE_INVALID;
		binder_user_error("%d:%d BC_REGISTER_LOOPER without a request\n",
				  proc->pid, thread->pid);
	} else {
		proc->requested_threads--;
		proc->requested_threads_started++;
	}
	thread->looper |= BINDER_LOOPER_STATE_REGISTERED;
	spin_unlock(&proc->inner_lock);
}

static void binder_cmd_enter_looper(struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;

	spin_lock(&proc->inner_lock);
	if (thread->looper & BINDER_LOOPER_STATE_REGISTERED) {
		thread->looper |= BINDER_LOOPER_STATE_INVALID;
		binder_user_error("%d:%d BC_ENTER_LOOPER after BC_REGISTER_LOOPER\n",
				  proc->pid, thread->pid);
	}
	thread->looper |= BINDER_LOOPER_STATE_ENTERED;
	spin_unlock(&proc->inner_lock);
}

static void binder_cmd_exit_looper(struct binder_thread *thread)
{
	spin_lock(&thread->proc->inner_lock);
	thread->looper |= BINDER_LOOPER_STATE_EXITED;
	spin_unlock(&thread->proc->inner_lock);
}

/* Read the fixed-size payload of @cmd and advance *ptrp past it. */
static int binder_get_payload(void __user **ptrp, void *payload, size_t size)
{
	if (copy_from_user(payload, *ptrp, size))
		return -EFAULT;
	*ptrp += size;
	return 0;
}

/* Decode and run one command; *ptrp points just past its code. */
static int binder_write_one(struct binder_thread *thread, u32 cmd, void __user **ptrp)
{
	struct binder_proc *proc = thread->proc;
	union {
		u32 desc;
		binder_uintptr_t ptr;
		struct binder_ptr_cookie pc;
		struct binder_handle_cookie hc;
		struct binder_transaction_data tr;
		struct binder_transaction_data_sg tr_sg;
	} p;

	switch (cmd) {
	case BC_INCREFS:
	case BC_ACQUIRE:
	case BC_RELEASE:
	case BC_DECREFS:
		if (binder_get_payload(ptrp, &p.desc, sizeof(p.desc)))
			return -EFAULT;
		return binder_cmd_ref(thread, cmd, p.desc);
	case BC_INCREFS_DONE:
	case BC_ACQUIRE_DONE:
		if (binder_get_payload(ptrp, &p.pc, sizeof(p.pc)))
			return -EFAULT;
		return binder_node_done(proc, cmd, p.pc.ptr, p.pc.cookie);
	case BC_FREE_BUFFER:
		if (binder_get_payload(ptrp, &p.ptr, sizeof(p.ptr)))
			return -EFAULT;
		binder_cmd_free_buffer(thread, p.ptr);
		return 0;
	case BC_TRANSACTION:
	case BC_REPLY:
		if (binder_get_payload(ptrp, &p.tr, sizeof(p.tr)))
			return -EFAULT;
		binder_transaction(thread, &p.tr, cmd == BC_REPLY, 0);
		return 0;
	case BC_TRANSACTION_SG:
	case BC_REPLY_SG:
		if (binder_get_payload(ptrp, &p.tr_sg, sizeof(p.tr_sg)))
			return -EFAULT;
		binder_transaction(thread, &p.tr_sg.transaction_data, cmd == BC_REPLY_SG,
				   p.tr_sg.buffers_size);
		return 0;
	case BC_REGISTER_LOOPER:
		binder_cmd_register_looper(thread);
		return 0;
	case BC_ENTER_LOOPER:
		binder_cmd_enter_looper(thread);
		return 0;
	case BC_EXIT_LOOPER:
		binder_cmd_exit_looper(thread);
		return 0;
	case BC_REQUEST_DEATH_NOTIFICATION:
	case BC_CLEAR_DEATH_NOTIFICATION:
		if (binder_get_payload(ptrp, &p.hc, sizeof(p.hc)))
			return -EFAULT;
		if (cmd == BC_REQUEST_DEATH_NOTIFICATION)
			return binder_request_death(proc, thread, p.hc.handle, p.hc.cookie);
		return binder_clear_death(proc, thread, p.hc.handle, p.hc.cookie);
	case BC_DEAD_BINDER_DONE:
		if (binder_get_payload(ptrp, &p.ptr, sizeof(p.ptr)))
			return -EFAULT;
		return binder_dead_binder_done(proc, thread, p.ptr);
	case BC_REQUEST_FREEZE_NOTIFICATION:
	case BC_CLEAR_FREEZE_NOTIFICATION:
		if (binder_get_payload(ptrp, &p.hc, sizeof(p.hc)))
			return -EFAULT;
		/* Unlike death notifications, mistakes here fail the write. */
		if (cmd == BC_REQUEST_FREEZE_NOTIFICATION)
			return binder_request_freeze(proc, thread, p.hc.handle, p.hc.cookie);
		return binder_clear_freeze(proc, thread, p.hc.handle, p.hc.cookie);
	case BC_FREEZE_NOTIFICATION_DONE:
		if (binder_get_payload(ptrp, &p.ptr, sizeof(p.ptr)))
			return -EFAULT;
		return binder_freeze_done(proc, thread, p.ptr);
	default:
		/* Includes BC_ATTEMPT_ACQUIRE and BC_ACQUIRE_RESULT, never supported. */
		binder_user_error("%d:%d unknown command %#x\n", proc->pid, thread->pid, cmd);
		return -EINVAL;
	}
}

/**
 * binder_thread_write() - consume BC_* commands from the write buffer
 * @thread:   calling thread
 * @buffer:   user write buffer
 * @size:     its size
 * @consumed: in: bytes already consumed; out: bytes consumed now
 *
 * Return: 0, or -EFAULT/-EINVAL for a command that could not be decoded.
 */
int binder_thread_write(struct binder_thread *thread, void __user *buffer,
			size_t size, binder_size_t *consumed)
{
	void __user *ptr = buffer + *consumed;
	void __user *end = buffer + size;
	int ret;
	u32 cmd;

	while (ptr < end && READ_ONCE(thread->return_error.cmd) == BR_OK) {
		if (get_user(cmd, (u32 __user *)ptr))
			return -EFAULT;
		ptr += sizeof(u32);
		binder_count_bc(thread->proc, cmd);
		ret = binder_write_one(thread, cmd, &ptr);
		if (ret)
			return ret;
		*consumed = ptr - buffer;
	}
	return 0;
}
