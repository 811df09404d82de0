// SPDX-License-Identifier: GPL-2.0
/*
 * binder_ipc: Android Binder IPC for Linux.
 *
 * This file holds the module entry points, the misc devices named by the
 * devices= parameter, and the file operations: open creates a binder_proc,
 * release destroys it, mmap attaches its receive buffer, and ioctl
 * dispatches the binder protocol.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "binder_internal.h"
#include "binder_trace.h"

static char *devices = "binder";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "comma-separated names of the binder devices to create");

DEFINE_MUTEX(binder_procs_lock);
LIST_HEAD(binder_procs);
struct binder_obj_stats binder_obj_stats;

static LIST_HEAD(binder_devices);

/* ---- open and release ------------------------------------------------ */

static int binder_open(struct inode *inode, struct file *filp)
{
	struct binder_device *device = container_of(filp->private_data,
						    struct binder_device, misc);
	struct binder_proc *proc;

	proc = kzalloc(sizeof(*proc), GFP_KERNEL);
	if (!proc)
		return -ENOMEM;

	proc->context = &device->context;
	proc->tsk = get_task_struct(current->group_leader);
	proc->pid = current->tgid;
	proc->cred = get_cred(filp->f_cred);
	proc->default_priority = task_nice(current);
	spin_lock_init(&proc->inner_lock);
	proc->threads = RB_ROOT;
	binder_alloc_init(&proc->alloc);

	filp->private_data = proc;
	binder_stat_created(BINDER_STAT_PROC);

	mutex_lock(&binder_procs_lock);
	list_add(&proc->entry, &binder_procs);
	mutex_unlock(&binder_procs_lock);
	return 0;
}

static int binder_release(struct inode *inode, struct file *filp)
{
	struct binder_proc *proc = filp->private_data;

	mutex_lock(&binder_procs_lock);
	list_del(&proc->entry);
	mutex_unlock(&binder_procs_lock);

	binder_release_all_threads(proc);
	binder_alloc_release(&proc->alloc);
	put_cred(proc->cred);
	put_task_struct(proc->tsk);
	kfree(proc);
	binder_stat_deleted(BINDER_STAT_PROC);
	return 0;
}

static int binder_flush(struct file *filp, fl_owner_t id)
{
	binder_flush_threads(filp->private_data);
	return 0;
}

static __poll_t binder_poll(struct file *filp, struct poll_table_struct *wait)
{
	return binder_thread_poll(filp->private_data, filp, wait);
}

/* ---- mmap ------------------------------------------------------------ */

static void binder_vma_close(struct vm_area_struct *vma)
{
	struct binder_proc *proc = vma->vm_private_data;

	binder_alloc_vma_close(&proc->alloc);
}

/* Only the driver inserts pages; touching any other page is a bug. */
static vm_fault_t binder_vma_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct binder_vm_ops = {
	.close = binder_vma_close,
	.fault = binder_vma_fault,
};

static void binder_vma_set_flags(struct vm_area_struct *vma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_mod(vma, VM_DONTCOPY | VM_MIXEDMAP, VM_MAYWRITE);
#else
	vma->vm_flags |= VM_DONTCOPY | VM_MIXEDMAP;
	vma->vm_flags &= ~VM_MAYWRITE;
#endif
}

/*
 * The receive buffer is read-only for user space, never inherited by fork,
 * and may be mapped only by the process that opened the device.
 */
static int binder_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct binder_proc *proc = filp->private_data;

	if (proc->tsk != current->group_leader)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;

	binder_vma_set_flags(vma);
	vma->vm_ops = &binder_vm_ops;
	vma->vm_private_data = proc;
	return binder_alloc_mmap(&proc->alloc, vma);
}

/* ---- ioctl ----------------------------------------------------------- */

static int binder_ioctl_version(struct binder_version __user *ver)
{
	/* Upstream reports a fault on this ioctl as -EINVAL; so do we. */
	if (put_user(BINDER_CURRENT_PROTOCOL_VERSION, &ver->protocol_version))
		return -EINVAL;
	return 0;
}

/*
 * Consume BC_* commands from the write buffer.  The skeleton driver knows
 * no command yet: the first one stops the write with -EINVAL, as upstream
 * does for an unknown command.
 */
static int binder_thread_write(struct binder_thread *thread, void __user *buffer,
			       size_t size, binder_size_t *consumed)
{
	void __user *ptr = buffer + *consumed;
	void __user *end = buffer + size;
	u32 cmd;

	while (ptr < end) {
		if (get_user(cmd, (u32 __user *)ptr))
			return -EFAULT;
		ptr += sizeof(u32);
		switch (cmd) {
		default:
			pr_debug("%d:%d unknown command %#x\n",
				 thread->proc->pid, thread->pid, cmd);
			return -EINVAL;
		}
		*consumed = ptr - buffer;
	}
	return 0;
}

static int binder_ioctl_write_read(struct file *filp, struct binder_thread *thread,
				   struct binder_write_read __user *ubwr)
{
	struct binder_write_read bwr;
	int ret = 0;

	if (copy_from_user(&bwr, ubwr, sizeof(bwr)))
		return -EFAULT;

	if (bwr.write_size > 0) {
		ret = binder_thread_write(thread, u64_to_user_ptr(bwr.write_buffer),
					  bwr.write_size, &bwr.write_consumed);
		if (ret < 0) {
			bwr.read_consumed = 0;
			goto out_copy;
		}
	}
	if (bwr.read_size > 0)
		ret = binder_thread_read(thread, u64_to_user_ptr(bwr.read_buffer),
					 bwr.read_size, &bwr.read_consumed,
					 filp->f_flags & O_NONBLOCK);
out_copy:
	if (copy_to_user(ubwr, &bwr, sizeof(bwr)))
		return -EFAULT;
	return ret;
}

static long binder_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct binder_proc *proc = filp->private_data;
	void __user *ubuf = (void __user *)arg;
	struct binder_thread *thread;
	int ret;

	trace_binder_ipc_ioctl(cmd, arg);

	thread = binder_get_thread(proc);
	if (!thread) {
		ret = -ENOMEM;
		goto out;
	}

	switch (cmd) {
	case BINDER_WRITE_READ:
		ret = binder_ioctl_write_read(filp, thread, ubuf);
		break;
	case BINDER_VERSION:
		ret = binder_ioctl_version(ubuf);
		break;
	case BINDER_THREAD_EXIT:
		binder_thread_release(proc, thread);
		thread = NULL;
		ret = 0;
		break;
	default:
		ret = -EINVAL;
		break;
	}

	if (thread)
		binder_thread_ioctl_done(thread);
out:
	trace_binder_ipc_ioctl_done(ret);
	return ret;
}

static const struct file_operations binder_fops = {
	.owner = THIS_MODULE,
	.open = binder_open,
	.release = binder_release,
	.flush = binder_flush,
	.poll = binder_poll,
	.mmap = binder_mmap,
	.unlocked_ioctl = binder_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/* ---- devices and module init ---------------------------------------- */

static int binder_device_create(const char *name)
{
	struct binder_device *device;
	int ret;

	device = kzalloc(sizeof(*device), GFP_KERNEL);
	if (!device)
		return -ENOMEM;
	device->context.name = kstrdup(name, GFP_KERNEL);
	if (!device->context.name) {
		ret = -ENOMEM;
		goto err_free_device;
	}

	device->misc.minor = MISC_DYNAMIC_MINOR;
	device->misc.name = device->context.name;
	device->misc.fops = &binder_fops;
	ret = misc_register(&device->misc);
	if (ret)
		goto err_free_name;

	list_add_tail(&device->entry, &binder_devices);
	return 0;

err_free_name:
	kfree(device->context.name);
err_free_device:
	kfree(device);
	return ret;
}

static void binder_devices_destroy(void)
{
	struct binder_device *device, *tmp;

	list_for_each_entry_safe(device, tmp, &binder_devices, entry) {
		list_del(&device->entry);
		misc_deregister(&device->misc);
		kfree(device->context.name);
		kfree(device);
	}
}

static int binder_devices_create(void)
{
	char *names, *cursor, *name;
	int ret = 0;

	names = kstrdup(devices, GFP_KERNEL);
	if (!names)
		return -ENOMEM;

	cursor = names;
	while ((name = strsep(&cursor, ","))) {
		if (!*name)
			continue;
		ret = binder_device_create(name);
		if (ret) {
			pr_err("cannot create device %s: %d\n", name, ret);
			break;
		}
	}
	kfree(names);

	if (!ret && list_empty(&binder_devices)) {
		pr_err("devices= names no device\n");
		ret = -EINVAL;
	}
	if (ret)
		binder_devices_destroy();
	return ret;
}

static int __init binder_init(void)
{
	int ret;

	binder_debugfs_init();
	ret = binder_devices_create();
	if (ret)
		goto err_debugfs;
	return 0;

err_debugfs:
	binder_debugfs_exit();
	return ret;
}

static void __exit binder_exit(void)
{
	binder_devices_destroy();
	binder_debugfs_exit();
}

module_init(binder_init);
module_exit(binder_exit);

MODULE_DESCRIPTION("Android Binder IPC (out-of-tree implementation)");
MODULE_LICENSE("GPL");
