// SPDX-License-Identifier: GPL-2.0
/*
 * Objects inside transaction buffers: copying a sender's payload into the
 * target buffer while translating the binder objects in it, and releasing
 * what those objects hold when the buffer is freed.
 *
 * The payload is copied exactly once, from the sender's memory straight
 * into the target's buffer pages: first the offsets array, then the data
 * between objects, and each object after translation.  Every source byte
 * is read once, and untranslated object bytes never reach the target
 * buffer.  Translations are counted as they succeed, so a failure undoes
 * exactly the objects before it.
 *
 * Scatter-gather (BC_TRANSACTION_SG): BINDER_TYPE_PTR objects describe
 * side buffers of the sender that are copied into the area after the
 * offsets array; a PTR with a parent has its pointer patched into the
 * parent's copy, and BINDER_TYPE_FDA is an array of fds inside a parent.
 * Those copies are deferred until every object is checked, then done in
 * one pass that writes patched pointers instead of the sender's bytes and
 * leaves fd arrays to be filled in when the receiver reads.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/task_work.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "binder_compat.h"
#include "binder_internal.h"
#include "binder_trace.h"

/* Any object the offsets array may point at. */
union binder_object {
	struct binder_object_header hdr;
	struct flat_binder_object fbo;
	struct binder_fd_object fdo;
	struct binder_buffer_object bbo;
	struct binder_fd_array_object fdao;
};

static size_t binder_object_size(u32 type)
{
	switch (type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		return sizeof(struct flat_binder_object);
	case BINDER_TYPE_FD:
		return sizeof(struct binder_fd_object);
	case BINDER_TYPE_PTR:
		return sizeof(struct binder_buffer_object);
	case BINDER_TYPE_FDA:
		return sizeof(struct binder_fd_array_object);
	default:
		return 0;
	}
}

/*
 * Read the object at @offset of the payload, from the sender's memory
 * (@user) or from the buffer.  It must be 4-byte aligned and lie wholly
 * within the data.  Returns its size, or 0 if it is not a valid object.
 */
static size_t binder_get_object(struct binder_proc *proc, const void __user *user,
				struct binder_buffer *buffer, u64 offset,
				union binder_object *object)
{
	size_t read_size, size;

	if (offset > buffer->data_size || !IS_ALIGNED(offset, sizeof(u32)))
		return 0;
	read_size = min_t(size_t, sizeof(*object), buffer->data_size - offset);
	if (read_size < sizeof(object->hdr))
		return 0;
	memset(object, 0, sizeof(*object));
	if (user) {
		if (copy_from_user(object, user + offset, read_size))
			return 0;
	} else if (binder_alloc_copy_from_buffer(&proc->alloc, object, buffer, offset,
						 read_size)) {
		return 0;
	}
	size = binder_object_size(object->hdr.type);
	if (!size || size > buffer->data_size - offset)
		return 0;
	return size;
}

/* Rewrite @fp as the receiver's (weak) handle @desc. */
static void binder_fbo_set_handle(struct flat_binder_object *fp, bool strong, u32 desc)
{
	fp->hdr.type = strong ? BINDER_TYPE_HANDLE : BINDER_TYPE_WEAK_HANDLE;
	fp->binder = 0;
	fp->handle = desc;
	fp->cookie = 0;
}

/* BINDER/WEAK_BINDER: the sender's own object becomes a handle. */
static int binder_translate_binder(struct flat_binder_object *fp,
				   struct binder_transaction *t,
				   struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;
	bool strong = fp->hdr.type == BINDER_TYPE_BINDER;
	struct binder_node *node;
	u32 desc;
	int ret;

	node = binder_get_node(proc, fp->binder);
	if (!node) {
		node = binder_new_node(proc, fp);
		if (!node)
			return -ENOMEM;
	}
	if (fp->cookie != node->cookie) {
		binder_user_error("%d: object %llx sent with a different cookie\n",
				  proc->pid, (u64)fp->binder);
		ret = -EINVAL;
		goto out;
	}
	if (security_binder_transfer_binder(proc->cred, t->to_proc->cred)) {
		ret = -EPERM;
		goto out;
	}
	ret = binder_inc_ref_for_node(t->to_proc, node, strong, thread, &desc);
	if (!ret) {
		binder_fbo_set_handle(fp, strong, desc);
		binder_trace_node_to_ref(t, node, desc);
	}
out:
	binder_put_node(node);
	return ret;
}

/* Room for one more node hold in @buffer; 0 or -ENOMEM. */
static int binder_reserve_hold(struct binder_buffer *buffer)
{
	struct binder_holds_chunk *chunk = buffer->holds;

	if (chunk && chunk->count < BINDER_HOLDS_PER_CHUNK)
		return 0;
	chunk = kzalloc(sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;
	chunk->next = buffer->holds;
	buffer->holds = chunk;
	return 0;
}

/* Give back every count @buffer holds on nodes of its proc. */
static void binder_release_holds(struct binder_buffer *buffer)
{
	struct binder_holds_chunk *chunk, *next;
	unsigned int i;

	for (chunk = buffer->holds; chunk; chunk = next) {
		for (i = 0; i < chunk->count; i++)
			binder_dec_node(chunk->hold[i].node, chunk->hold[i].strong, false);
		next = chunk->next;
		kfree(chunk);
	}
	buffer->holds = NULL;
}

/*
 * HANDLE/WEAK_HANDLE: a handle of the sender becomes the target's handle
 * on the same node, or the object itself if the target owns the node; the
 * buffer then holds a local count on the node (see struct
 * binder_holds_chunk).
 */
static int binder_translate_handle(struct flat_binder_object *fp,
				   struct binder_transaction *t,
				   struct binder_thread *thread)
{
	struct binder_proc *proc = thread->proc;
	struct binder_proc *target_proc = t->to_proc;
	bool strong = fp->hdr.type == BINDER_TYPE_HANDLE;
	struct binder_holds_chunk *chunk;
	struct binder_node *node;
	u32 src_desc = fp->handle;
	u32 desc;
	int ret = 0;

	node = binder_get_node_from_ref(proc, fp->handle, strong);
	if (!node) {
		binder_user_error("%d: sent bad handle %u\n", proc->pid, fp->handle);
		return -EINVAL;
	}
	if (security_binder_transfer_binder(proc->cred, target_proc->cred)) {
		ret = -EPERM;
		goto out;
	}
	if (node->proc == target_proc) {
		ret = binder_reserve_hold(t->buffer);
		if (ret)
			goto out;
		binder_node_inner_lock(node);
		fp->hdr.type = strong ? BINDER_TYPE_BINDER : BINDER_TYPE_WEAK_BINDER;
		fp->binder = node->ptr;
		fp->cookie = node->cookie;
		/*
		 * A local count; the owner already knows the node.  It counts
		 * even where the call warns (a weak count nobody announced).
		 */
		binder_inc_node_nilocked(node, strong, false, NULL);
		binder_node_inner_unlock(node);
		chunk = t->buffer->holds;
		chunk->hold[chunk->count].node = node;
		chunk->hold[chunk->count].strong = strong;
		chunk->count++;
		binder_trace_ref_to_node(t, node, proc, src_desc);
	} else {
		ret = binder_inc_ref_for_node(target_proc, node, strong, NULL, &desc);
		if (!ret) {
			binder_fbo_set_handle(fp, strong, desc);
			binder_trace_ref_to_ref(t, node, proc, src_desc, desc);
		}
	}
out:
	binder_put_node(node);
	return ret;
}

/*
 * FD: take a reference on the sender's file now; the receiver gets a new
 * fd for it when it reads the transaction.
 */
static int binder_translate_fd(u32 fd, size_t fd_offset, struct binder_transaction *t,
			       struct binder_thread *thread,
			       struct binder_transaction *in_reply_to)
{
	struct binder_proc *proc = thread->proc;
	struct binder_fd_fixup *fixup;
	struct file *file;
	bool accepts;
	int ret;

	if (in_reply_to)
		accepts = in_reply_to->flags & TF_ACCEPT_FDS;
	else
		accepts = t->buffer->target_node->accept_fds;
	if (!accepts) {
		binder_user_error("%d: fd %u sent to a target that takes none\n", proc->pid, fd);
		return -EPERM;
	}
	file = fget(fd);
	if (!file) {
		binder_user_error("%d: sent bad fd %u\n", proc->pid, fd);
		return -EBADF;
	}
	ret = security_binder_transfer_file(proc->cred, t->to_proc->cred, file);
	if (ret < 0) {
		ret = -EPERM;
		goto err_put;
	}
	fixup = kzalloc(sizeof(*fixup), GFP_KERNEL);
	if (!fixup) {
		ret = -ENOMEM;
		goto err_put;
	}
	fixup->file = file;
	fixup->offset = fd_offset;
	fixup->target_fd = -1;
	list_add_tail(&fixup->entry, &t->fd_fixups);
	trace_binder_transaction_fd_send(t, fd, fd_offset);
	return 0;

err_put:
	fput(file);
	return ret;
}

/**
 * struct binder_txn_copy - state of one payload being copied in
 * @thread:         sending thread
 * @t:              the transaction; t->buffer is the destination
 * @in_reply_to:    for a reply, the call answered
 * @user_buffer:    the sender's data
 * @off_start:      offset of the offsets array in the buffer
 * @sg_offset:      next free byte of the scatter-gather area
 * @sg_end:         end of that area
 * @last_fixup_obj: offset of the last PTR object patched into, 0 if none
 * @last_fixup_min: patches into it must start at or after this offset
 * @sg_copies:      deferred copies of PTR buffers, by destination offset
 * @ptr_fixups:     patches of those copies, sorted by offset
 */
struct binder_txn_copy {
	struct binder_thread *thread;
	struct binder_transaction *t;
	struct binder_transaction *in_reply_to;
	const void __user *user_buffer;
	size_t off_start;
	size_t sg_offset;
	size_t sg_end;
	u64 last_fixup_obj;
	u64 last_fixup_min;
	struct list_head sg_copies;
	struct list_head ptr_fixups;
};

/* A PTR buffer to copy from the sender once every object is checked. */
struct binder_sg_copy {
	struct list_head entry;
	size_t offset;
	const void __user *from;
	size_t length;
};

/*
 * A patch of a copied PTR buffer: write @value (a pointer) at @offset, or,
 * when @skip is set, leave @skip bytes (an fd array) for later.
 */
struct binder_ptr_fixup {
	struct list_head entry;
	size_t offset;
	size_t skip;
	binder_uintptr_t value;
};

static int binder_defer_sg_copy(struct binder_txn_copy *tc, size_t offset,
				const void __user *from, size_t length)
{
	struct binder_sg_copy *sgc = kzalloc(sizeof(*sgc), GFP_KERNEL);

	if (!sgc)
		return -ENOMEM;
	sgc->offset = offset;
	sgc->from = from;
	sgc->length = length;
	list_add_tail(&sgc->entry, &tc->sg_copies);
	return 0;
}

static int binder_add_ptr_fixup(struct binder_txn_copy *tc, size_t offset,
				binder_uintptr_t value, size_t skip)
{
	struct binder_ptr_fixup *pf = kzalloc(sizeof(*pf), GFP_KERNEL), *pos;

	if (!pf)
		return -ENOMEM;
	pf->offset = offset;
	pf->value = value;
	pf->skip = skip;
	/* Mostly appended in order: search from the end. */
	list_for_each_entry_reverse(pos, &tc->ptr_fixups, entry) {
		if (pos->offset < offset) {
			list_add(&pf->entry, &pos->entry);
			return 0;
		}
	}
	list_add(&pf->entry, &tc->ptr_fixups);
	return 0;
}

static void binder_free_sg_lists(struct binder_txn_copy *tc)
{
	struct binder_ptr_fixup *pf, *tmp_pf;
	struct binder_sg_copy *sgc, *tmp_sgc;

	list_for_each_entry_safe(sgc, tmp_sgc, &tc->sg_copies, entry) {
		list_del(&sgc->entry);
		kfree(sgc);
	}
	list_for_each_entry_safe(pf, tmp_pf, &tc->ptr_fixups, entry) {
		list_del(&pf->entry);
		kfree(pf);
	}
}

/*
 * The PTR object that entry @index of the offsets array names, if @index
 * is one of the @num_valid entries already checked.  Returns NULL if not.
 */
static struct binder_buffer_object *binder_validate_ptr(struct binder_proc *proc,
							struct binder_buffer *buffer,
							union binder_object *object,
							u64 index, size_t off_start,
							size_t num_valid, u64 *object_offsetp)
{
	binder_size_t object_offset;

	if (index >= num_valid)
		return NULL;
	if (binder_alloc_copy_from_buffer(&proc->alloc, &object_offset, buffer,
					  off_start + index * sizeof(binder_size_t),
					  sizeof(object_offset)))
		return NULL;
	if (!binder_get_object(proc, NULL, buffer, object_offset, object) ||
	    object->hdr.type != BINDER_TYPE_PTR)
		return NULL;
	*object_offsetp = object_offset;
	return &object->bbo;
}

/*
 * Patches must go, in increasing order, into the PTR buffer patched last or
 * into one of its ancestors: walk up from the last one to @parent_obj.
 */
static bool binder_validate_fixup(struct binder_proc *proc, struct binder_txn_copy *tc,
				  u64 parent_obj, u64 fixup_offset)
{
	u64 obj = tc->last_fixup_obj, min = tc->last_fixup_min;

	if (!obj)
		return false;
	while (obj != parent_obj) {
		union binder_object last;
		binder_size_t next;

		if (binder_get_object(proc, NULL, tc->t->buffer, obj, &last) !=
		    sizeof(last.bbo) || !(last.bbo.flags & BINDER_BUFFER_FLAG_HAS_PARENT))
			return false;
		min = last.bbo.parent_offset + sizeof(binder_uintptr_t);
		if (binder_alloc_copy_from_buffer(&proc->alloc, &next, tc->t->buffer,
						  tc->off_start +
						  last.bbo.parent * sizeof(binder_size_t),
						  sizeof(next)))
			return false;
		obj = next;
	}
	return fixup_offset >= min;
}

/* A PTR with a parent: patch our new address into the parent's copy. */
static int binder_fixup_parent(struct binder_txn_copy *tc, struct binder_buffer_object *bp,
			       size_t num_valid)
{
	struct binder_proc *target_proc = tc->t->to_proc;
	struct binder_buffer_object *parent;
	union binder_object object;
	u64 parent_obj;

	if (!(bp->flags & BINDER_BUFFER_FLAG_HAS_PARENT))
		return 0;
	parent = binder_validate_ptr(target_proc, tc->t->buffer, &object, bp->parent,
				     tc->off_start, num_valid, &parent_obj);
	if (!parent || !binder_validate_fixup(target_proc, tc, parent_obj, bp->parent_offset))
		return -EINVAL;
	if (parent->length < sizeof(binder_uintptr_t) ||
	    bp->parent_offset > parent->length - sizeof(binder_uintptr_t))
		return -EINVAL;
	return binder_add_ptr_fixup(tc, parent->buffer - tc->t->buffer->user_data +
				    bp->parent_offset, bp->buffer, 0);
}

/* PTR: reserve room for the buffer in the sg area and point at it. */
static int binder_translate_ptr(struct binder_txn_copy *tc, struct binder_buffer_object *bp,
				size_t off, u64 object_offset)
{
	size_t num_valid = (off - tc->off_start) / sizeof(binder_size_t);
	int ret;

	if (bp->length > tc->sg_end - tc->sg_offset) {
		binder_user_error("%d: PTR object larger than the sg area\n",
				  tc->thread->proc->pid);
		return -EINVAL;
	}
	ret = binder_defer_sg_copy(tc, tc->sg_offset, u64_to_user_ptr(bp->buffer), bp->length);
	if (ret)
		return ret;
	bp->buffer = tc->t->buffer->user_data + tc->sg_offset;
	tc->sg_offset += ALIGN(bp->length, sizeof(u64));
	ret = binder_fixup_parent(tc, bp, num_valid);
	if (ret)
		return ret;
	tc->last_fixup_obj = object_offset;
	tc->last_fixup_min = 0;
	return 0;
}

/* FDA: every fd of an array inside a parent PTR buffer is passed. */
static int binder_translate_fda(struct binder_txn_copy *tc, struct binder_fd_array_object *fda,
				size_t off)
{
	struct binder_proc *target_proc = tc->t->to_proc;
	size_t num_valid = (off - tc->off_start) / sizeof(binder_size_t);
	struct binder_buffer_object *parent;
	union binder_object object, user_parent;
	const u32 __user *user_fds;
	size_t fda_offset, i;
	u64 parent_obj;
	int ret;

	parent = binder_validate_ptr(target_proc, tc->t->buffer, &object, fda->parent,
				     tc->off_start, num_valid, &parent_obj);
	if (!parent || !binder_validate_fixup(target_proc, tc, parent_obj, fda->parent_offset))
		return -EINVAL;
	/* The sender's own copy of the parent says where its fds are. */
	if (binder_get_object(tc->thread->proc, tc->user_buffer, tc->t->buffer, parent_obj,
			      &user_parent) != sizeof(user_parent.bbo))
		return -EINVAL;
	if (fda->num_fds) {
		if (fda->num_fds > parent->length / sizeof(u32) ||
		    fda->parent_offset > parent->length - fda->num_fds * sizeof(u32))
			return -EINVAL;
		fda_offset = parent->buffer - tc->t->buffer->user_data + fda->parent_offset;
		user_fds = u64_to_user_ptr(user_parent.bbo.buffer + fda->parent_offset);
		if (!IS_ALIGNED(fda_offset, sizeof(u32)) ||
		    !IS_ALIGNED((unsigned long)user_fds, sizeof(u32)))
			return -EINVAL;
		ret = binder_add_ptr_fixup(tc, fda_offset, 0, fda->num_fds * sizeof(u32));
		if (ret)
			return ret;
		for (i = 0; i < fda->num_fds; i++) {
			u32 fd;

			if (get_user(fd, user_fds + i))
				return -EINVAL;
			ret = binder_translate_fd(fd, fda_offset + i * sizeof(u32), tc->t,
						  tc->thread, tc->in_reply_to);
			if (ret)
				return ret;
		}
	}
	tc->last_fixup_obj = parent_obj;
	tc->last_fixup_min = fda->parent_offset + sizeof(u32) * fda->num_fds;
	return 0;
}

/* Translate the object at @object_offset (offsets entry @off) in place. */
static int binder_translate_object(struct binder_txn_copy *tc, union binder_object *object,
				   size_t off, u64 object_offset)
{
	switch (object->hdr.type) {
	case BINDER_TYPE_BINDER:
	case BINDER_TYPE_WEAK_BINDER:
		return binder_translate_binder(&object->fbo, tc->t, tc->thread);
	case BINDER_TYPE_HANDLE:
	case BINDER_TYPE_WEAK_HANDLE:
		return binder_translate_handle(&object->fbo, tc->t, tc->thread);
	case BINDER_TYPE_FD: {
		u32 fd = object->fdo.fd;

		/* The fd number is written when the receiver reads. */
		object->fdo.pad_binder = 0;
		return binder_translate_fd(fd, object_offset +
					   offsetof(struct binder_fd_object, fd),
					   tc->t, tc->thread, tc->in_reply_to);
	}
	case BINDER_TYPE_PTR:
		return binder_translate_ptr(tc, &object->bbo, off, object_offset);
	case BINDER_TYPE_FDA:
		return binder_translate_fda(tc, &object->fdao, off);
	default:
		return -EINVAL;	/* binder_get_object() let no other type through */
	}
}

/*
 * Copy the PTR buffers, writing patched pointers instead of the sender's
 * bytes and skipping fd arrays.  Frees both lists.
 */
static int binder_do_sg_copies(struct binder_txn_copy *tc)
{
	struct binder_alloc *alloc = &tc->t->to_proc->alloc;
	struct binder_buffer *buffer = tc->t->buffer;
	struct binder_sg_copy *sgc;
	struct binder_ptr_fixup *pf;
	int ret = 0;

	list_for_each_entry(sgc, &tc->sg_copies, entry) {
		size_t done = 0;

		while (!ret && done < sgc->length) {
			size_t offset = sgc->offset + done;
			size_t chunk = sgc->length - done;

			pf = list_first_entry_or_null(&tc->ptr_fixups, struct binder_ptr_fixup,
						      entry);
			if (pf && pf->offset < offset) {
				ret = -EINVAL;	/* a patch outside every buffer */
				break;
			}
			if (pf && pf->offset - offset < chunk)
				chunk = pf->offset - offset;
			/* Upstream reports a bad PTR buffer as -EINVAL. */
			if (chunk && binder_alloc_copy_user_to_buffer(alloc, buffer, offset,
								      sgc->from + done, chunk))
				ret = -EINVAL;
			done += chunk;
			if (done == sgc->length)
				break;
			/* We stopped at the patch @pf. */
			if (pf->skip) {
				done += pf->skip;
			} else {
				if (binder_alloc_copy_to_buffer(alloc, buffer, pf->offset,
								&pf->value, sizeof(pf->value)))
					ret = -EINVAL;
				done += sizeof(pf->value);
			}
			list_del(&pf->entry);
			kfree(pf);
		}
	}
	/* Only fd-array skips may be left: those ran past their buffer's end. */
	list_for_each_entry(pf, &tc->ptr_fixups, entry)
		if (!pf->skip)
			ret = ret ?: -EINVAL;
	binder_free_sg_lists(tc);
	return ret;
}

/* Copy [from, to) of the sender's data into the buffer, once. */
static int binder_copy_data(struct binder_txn_copy *tc, u64 from, u64 to)
{
	struct binder_buffer *buffer = tc->t->buffer;

	if (from == to)
		return 0;
	if (from > to || to > buffer->data_size)
		return -EFAULT;
	if (binder_alloc_copy_user_to_buffer(&tc->t->to_proc->alloc, buffer, from,
					     tc->user_buffer + from, to - from))
		return -EFAULT;
	return 0;
}

/* Copy the data and translate every object; see binder_translate_objects(). */
static int binder_copy_payload(struct binder_txn_copy *tc,
			       const struct binder_transaction_data *tr, size_t *failed_at)
{
	struct binder_proc *target_proc = tc->t->to_proc;
	struct binder_buffer *buffer = tc->t->buffer;
	size_t off_end = tc->off_start + tr->offsets_size;
	u64 user_offset = 0, off_min = 0;
	size_t off;
	int ret;

	for (off = tc->off_start; off < off_end; off += sizeof(binder_size_t)) {
		union binder_object object;
		binder_size_t object_offset;
		size_t object_size;

		if (binder_alloc_copy_from_buffer(&target_proc->alloc, &object_offset,
						  buffer, off, sizeof(object_offset)))
			return -EINVAL;
		/* Stops at data_size: data never runs into the offsets array. */
		ret = binder_copy_data(tc, user_offset, object_offset);
		if (ret)
			return ret;
		object_size = binder_get_object(tc->thread->proc, tc->user_buffer, buffer,
						object_offset, &object);
		if (!object_size || object_offset < off_min) {
			binder_user_error("%d: bad object offset %llu\n", tc->thread->proc->pid,
					  (u64)object_offset);
			return -EINVAL;
		}
		user_offset = object_offset + object_size;
		off_min = user_offset;

		ret = binder_translate_object(tc, &object, off, object_offset);
		if (ret)
			return ret;
		if (binder_alloc_copy_to_buffer(&target_proc->alloc, buffer, object_offset,
						&object, object_size))
			return -EINVAL;
		*failed_at = off + sizeof(binder_size_t);
	}
	ret = binder_copy_data(tc, user_offset, tr->data_size);
	if (ret)
		return ret;
	return binder_do_sg_copies(tc);
}

/**
 * binder_translate_objects() - copy a payload into t->buffer, translating
 * @thread:      sending thread
 * @t:           the transaction, with its buffer allocated in the target
 * @tr:          the sender's description of the payload
 * @sg_size:     bytes of the scatter-gather area (BC_*_SG), 0 otherwise
 * @in_reply_to: for a reply, the call answered (it decides fd acceptance)
 * @failed_at:   set to the end of the offsets that were translated, for
 *               binder_release_buffer() on failure
 *
 * Return: 0 or a negative errno (-EFAULT for bad pointers, -EINVAL for a
 * malformed payload, or what a translation failed with).
 */
int binder_translate_objects(struct binder_thread *thread, struct binder_transaction *t,
			     const struct binder_transaction_data *tr, size_t sg_size,
			     struct binder_transaction *in_reply_to, size_t *failed_at)
{
	struct binder_txn_copy tc = {
		.thread = thread, .t = t, .in_reply_to = in_reply_to,
		.user_buffer = u64_to_user_ptr(tr->data.ptr.buffer),
		.off_start = ALIGN(tr->data_size, sizeof(u64)),
	};
	int ret;

	INIT_LIST_HEAD(&tc.sg_copies);
	INIT_LIST_HEAD(&tc.ptr_fixups);
	tc.sg_offset = ALIGN(tc.off_start + tr->offsets_size, sizeof(u64));
	tc.sg_end = tc.sg_offset + sg_size;
	*failed_at = tc.off_start;

	if (binder_alloc_copy_user_to_buffer(&t->to_proc->alloc, t->buffer, tc.off_start,
					     u64_to_user_ptr(tr->data.ptr.offsets),
					     tr->offsets_size))
		return -EFAULT;
	if (!IS_ALIGNED(tr->offsets_size, sizeof(binder_size_t)) ||
	    !IS_ALIGNED(sg_size, sizeof(u64)))
		return -EINVAL;

	ret = binder_copy_payload(&tc, tr, failed_at);
	binder_free_sg_lists(&tc);
	return ret;
}

/* Closing an fd from inside an ioctl: finish it when we return to user. */
struct binder_deferred_close {
	struct callback_head twork;
	struct file *file;
};

static void binder_fd_close_work(struct callback_head *twork)
{
	struct binder_deferred_close *dc =
		container_of(twork, struct binder_deferred_close, twork);

	fput(dc->file);
	kfree(dc);
}

/*
 * Close @fd of current.  The final fput waits for the return to user
 * space: the file may be one our caller is using (even this binder fd).
 * Returns true if a close was queued.
 */
static bool binder_deferred_fd_close(u32 fd)
{
	struct binder_deferred_close *dc = kzalloc(sizeof(*dc), GFP_KERNEL);

	if (!dc)
		return false;
	dc->file = binder_close_fd_get_file(fd);
	if (!dc->file) {
		kfree(dc);
		return false;
	}
	init_task_work(&dc->twork, binder_fd_close_work);
	get_file(dc->file);
	filp_close(dc->file, current->files);
	if (task_work_add(current, &dc->twork, TWA_RESUME)) {
		fput(dc->file);
		kfree(dc);
	}
	return true;
}

/*
 * The receiver is done with an fd array: close the fds we installed.  The
 * closes finish on the way back to user space, so @freer must return
 * there before it sleeps again.
 */
static void binder_release_fda(struct binder_proc *proc, struct binder_buffer *buffer,
			       struct binder_fd_array_object *fda, size_t off,
			       struct binder_thread *freer)
{
	size_t off_start = ALIGN(buffer->data_size, sizeof(u64));
	size_t num_valid = (off - off_start) / sizeof(binder_size_t);
	struct binder_buffer_object *parent;
	union binder_object object;
	size_t fda_offset, i;
	bool closed = false;
	u64 parent_obj;

	parent = binder_validate_ptr(proc, buffer, &object, fda->parent, off_start,
				     num_valid, &parent_obj);
	if (!parent || fda->num_fds > parent->length / sizeof(u32) ||
	    fda->parent_offset > parent->length - fda->num_fds * sizeof(u32)) {
		pr_debug("%d: released buffer has a bad fd array\n", proc->pid);
		return;
	}
	fda_offset = parent->buffer - buffer->user_data + fda->parent_offset;
	for (i = 0; i < fda->num_fds; i++) {
		u32 fd;

		if (binder_alloc_copy_from_buffer(&proc->alloc, &fd, buffer,
						  fda_offset + i * sizeof(u32), sizeof(fd)))
			break;
		closed |= binder_deferred_fd_close(fd);
	}
	if (closed)
		binder_thread_need_return(freer);
}

/*
 * Give back what the objects of @buffer named by offsets before @off_end
 * hold: the refs of handles, and with @freer the fds of fd arrays.  Nodes
 * are not looked up here: the buffer's holds name them.  The offsets and
 * objects are read back from the buffer, which only the driver writes.
 */
static void binder_release_buffer_objects(struct binder_proc *proc,
					  struct binder_buffer *buffer,
					  struct binder_thread *freer, size_t off_end)
{
	size_t off;

	for (off = ALIGN(buffer->data_size, sizeof(u64)); off < off_end;
	     off += sizeof(binder_size_t)) {
		union binder_object object;
		binder_size_t object_offset;

		if (binder_alloc_copy_from_buffer(&proc->alloc, &object_offset, buffer, off,
						  sizeof(object_offset)) ||
		    !binder_get_object(proc, NULL, buffer, object_offset, &object)) {
			pr_debug("%d: released buffer has a bad object\n", proc->pid);
			continue;
		}
		switch (object.hdr.type) {
		case BINDER_TYPE_HANDLE:
		case BINDER_TYPE_WEAK_HANDLE:
			if (binder_update_ref_for_handle(proc, object.fbo.handle, false,
							 object.hdr.type == BINDER_TYPE_HANDLE))
				pr_debug("%d: released buffer names bad handle %u\n", proc->pid,
					 object.fbo.handle);
			break;
		case BINDER_TYPE_FDA:
			/* Fds of an array belong to the driver; plain FD ones to user space. */
			if (freer)
				binder_release_fda(proc, buffer, &object.fdao, off, freer);
			break;
		default:
			break;
		}
	}
}

/*
 * Give the node's one-way slot, held by a buffer being released, to the
 * next one-way call queued on @node: it becomes deliverable.
 */
static void binder_pass_async_slot(struct binder_proc *proc, struct binder_node *node)
{
	struct binder_work *w;

	binder_node_inner_lock(node);
	w = binder_dequeue_work_head_ilocked(proc, &node->async_todo);
	if (!w) {
		node->has_async_transaction = 0;
	} else {
		container_of(w, struct binder_transaction, work)->buffer->async_slot = true;
		binder_enqueue_work_ilocked(proc, w, &proc->todo);
		binder_wakeup_proc_ilocked(proc);
	}
	binder_node_inner_unlock(node);
}

/**
 * binder_release_buffer() - the end of a buffer, whatever ends it
 * @proc:    the proc whose receive buffer holds @buffer
 * @buffer:  the buffer, owned by the caller: user space gave it back, or
 *           it was never delivered, or its receiver is dying
 * @freer:   the receiver's thread when it frees a delivered buffer
 *           (BC_FREE_BUFFER): the fds of the buffer's fd arrays are then
 *           closed, and the thread returns to user space to finish the
 *           closes; NULL otherwise (fds of fd arrays were never installed,
 *           or belong to a dying process)
 * @off_end: release the objects named by the offsets array up to here:
 *           binder_buffer_offsets_end() unless a translation failed
 *
 * The one teardown path of a buffer: it detaches the transaction, passes
 * the node's one-way slot on, gives back every count the buffer holds
 * (refs of handles, node holds, the target node's count) and frees it.
 */
void binder_release_buffer(struct binder_proc *proc, struct binder_buffer *buffer,
			   struct binder_thread *freer, size_t off_end)
{
	struct binder_node *node = buffer->target_node;

	trace_binder_transaction_buffer_release(buffer);
	spin_lock(&proc->inner_lock);
	if (buffer->transaction) {
		buffer->transaction->buffer = NULL;
		buffer->transaction = NULL;
	}
	spin_unlock(&proc->inner_lock);

	if (buffer->async_slot)
		binder_pass_async_slot(proc, node);
	binder_release_buffer_objects(proc, buffer, freer, off_end);
	binder_release_holds(buffer);
	if (node)
		binder_dec_node(node, true, false);
	binder_alloc_free_buf(&proc->alloc, buffer);
}

/**
 * binder_reserve_fds() - take fd numbers in the reader for a transaction
 * @proc: the reading proc (current's)
 * @t:    the transaction being read
 *
 * Every fd is reserved (close-on-exec) and its number written into the
 * buffer, but nothing is installed yet: binder_install_fds() does that once
 * the transaction reached user space, binder_free_fd_fixups() gives the
 * numbers back if it did not.  So a failure at any point leaves nothing
 * behind in the reader's fd table.
 *
 * Return: 0, -EMFILE (or what get_unused_fd_flags() said) or -EINVAL.
 */
int binder_reserve_fds(struct binder_proc *proc, struct binder_transaction *t)
{
	struct binder_fd_fixup *fixup;

	list_for_each_entry(fixup, &t->fd_fixups, entry) {
		int fd = get_unused_fd_flags(O_CLOEXEC);
		u32 fd32;

		if (fd < 0)
			return fd;
		trace_binder_transaction_fd_recv(t, fd, fixup->offset);
		fixup->target_fd = fd;
		fd32 = fd;
		if (binder_alloc_copy_to_buffer(&proc->alloc, t->buffer, fixup->offset,
						&fd32, sizeof(fd32)))
			return -EINVAL;
	}
	return 0;
}

/**
 * binder_install_fds() - install the fds binder_reserve_fds() reserved
 * @t: the transaction, just delivered
 */
void binder_install_fds(struct binder_transaction *t)
{
	struct binder_fd_fixup *fixup, *tmp;

	list_for_each_entry_safe(fixup, tmp, &t->fd_fixups, entry) {
		fd_install(fixup->target_fd, fixup->file);
		list_del(&fixup->entry);
		kfree(fixup);
	}
}

/**
 * binder_free_fd_fixups() - drop the files of fds that were not installed
 * @t: the transaction
 *
 * Reserved fd numbers are given back.
 */
void binder_free_fd_fixups(struct binder_transaction *t)
{
	struct binder_fd_fixup *fixup, *tmp;

	list_for_each_entry_safe(fixup, tmp, &t->fd_fixups, entry) {
		fput(fixup->file);
		if (fixup->target_fd >= 0)
			put_unused_fd(fixup->target_fd);
		list_del(&fixup->entry);
		kfree(fixup);
	}
}
