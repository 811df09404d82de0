// SPDX-License-Identifier: GPL-2.0
/*
 * binder_ipc: Android Binder IPC for Linux.
 *
 * This file holds the module entry points, the devices (struct
 * binder_device: the misc devices named by the devices= parameter here,
 * binderfs's nodes in binderfs.c), and the file operations: open creates a
 * binder_proc, release destroys it, mmap attaches its receive buffer, and
 * ioctl dispatches the binder protocol.
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

#include "binder_internal.h"
#include "binder_trace.h"
#include "binderfs.h"

static char *devices = "binder";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "comma-separated names of misc devices (may be empty with binderfs)");

static bool alloc_selftest;
module_param(alloc_selftest, bool, 0444);
MODULE_PARM_DESC(alloc_selftest, "run the allocator self-test at load");

/* binder_procs_lock protects binder_procs, the list of every open proc. */
DEFINE_MUTEX(binder_procs_lock);
LIST_HEAD(binder_procs);
DEFINE_SPINLOCK(binder_dead_nodes_lock);
LIST_HEAD(binder_dead_nodes);
struct binder_obj_stats binder_obj_stats;

static LIST_HEAD(binder_devices);

/* ---- open and release ------------------------------------------------ */

static atomic_t binder_last_debug_id;

/**
 * binder_new_debug_id() - a fresh id for a node, ref or transaction
 *
 * Return: a positive id, unique until it wraps.
 */
int binder_new_debug_id(void)
{
	return atomic_inc_return(&binder_last_debug_id) & INT_MAX;
}

/*
 * A binderfs node carries its device in the inode; for a misc device,
 * misc_open() left the miscdevice in private_data.  Either way the device
 * cannot go while we open it: the inode holds a reference until it is
 * evicted, which the file being opened prevents, and misc devices live
 * until module exit.
 */
static int binder_open(struct inode *inode, struct file *filp)
{
	struct binder_device *device = binderfs_device(inode);
	struct binder_proc *proc;

	if (!device)
		device = container_of(filp->private_data, struct binder_device, misc);
	proc = binder_proc_create(&device->context, filp);
	if (!proc)
		return -ENOMEM;
	proc->binderfs_entry = binderfs_proc_log_add(inode, proc->pid);
	filp->private_data = proc;
	return 0;
}

static int binder_release(struct inode *inode, struct file *filp)
{
	struct binder_proc *proc = filp->private_data;

	binderfs_proc_log_remove(proc->binderfs_entry);
	binder_proc_release(proc);
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

/*
 * The receive buffer is read-only for user space and may be mapped only by
 * the process that opened the device; binder_alloc_mmap() does the rest.
 */
static int binder_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct binder_proc *proc = filp->private_data;

	if (proc->tsk != current->group_leader)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
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

static int binder_ioctl_write_read(struct file *filp, struct binder_thread *thread,
				   struct binder_write_read __user *ubwr)
{
	struct binder_proc *proc = thread->proc;
	struct binder_write_read bwr;
	int ret = 0;

	if (copy_from_user(&bwr, ubwr, sizeof(bwr)))
		return -EFAULT;

	if (bwr.write_size > 0) {
		ret = binder_thread_write(thread, u64_to_user_ptr(bwr.write_buffer),
					  bwr.write_size, &bwr.write_consumed);
		trace_binder_write_done(ret);
		if (ret < 0) {
			bwr.read_consumed = 0;
			goto out_copy;
		}
	}
	if (bwr.read_size > 0) {
		ret = binder_thread_read(thread, u64_to_user_ptr(bwr.read_buffer),
					 bwr.read_size, &bwr.read_consumed,
					 filp->f_flags & O_NONBLOCK);
		trace_binder_read_done(ret);
		/* Work we left on the proc's list goes to another thread. */
		spin_lock(&proc->inner_lock);
		if (!list_empty(&proc->todo))
			binder_wakeup_proc_ilocked(proc);
		spin_unlock(&proc->inner_lock);
	}
out_copy:
	if (copy_to_user(ubwr, &bwr, sizeof(bwr)))
		return -EFAULT;
	return ret;
}

static int binder_ioctl_set_max_threads(struct binder_proc *proc, u32 __user *umax)
{
	u32 max_threads;

	/* Upstream reads four bytes (libbinder passes a size_t) and says EINVAL. */
	if (copy_from_user(&max_threads, umax, sizeof(max_threads)))
		return -EINVAL;
	spin_lock(&proc->inner_lock);
	proc->max_threads = max_threads;
	spin_unlock(&proc->inner_lock);
	return 0;
}

static int binder_ioctl_set_context_mgr_ext(struct binder_proc *proc,
					    struct flat_binder_object __user *ufbo)
{
	struct flat_binder_object fbo;

	if (copy_from_user(&fbo, ufbo, sizeof(fbo)))
		return -EINVAL;
	return binder_set_context_mgr(proc, &fbo);
}

static int binder_ioctl_enable_oneway_spam_detection(struct binder_proc *proc,
						     u32 __user *uenable)
{
	u32 enable;

	if (copy_from_user(&enable, uenable, sizeof(enable)))
		return -EFAULT;
	spin_lock(&proc->inner_lock);
	proc->oneway_spam_detection_enabled = !!enable;
	spin_unlock(&proc->inner_lock);
	return 0;
}

/* Return the thread's last transaction error and reset it. */
static int binder_ioctl_get_extended_error(struct binder_thread *thread,
					   struct binder_extended_error __user *uee)
{
	struct binder_extended_error ee;

	spin_lock(&thread->proc->inner_lock);
	ee = thread->ee;
	binder_set_extended_error(&thread->ee, 0, BR_OK, 0);
	spin_unlock(&thread->proc->inner_lock);

	if (copy_to_user(uee, &ee, sizeof(ee)))
		return -EFAULT;
	return 0;
}

static long binder_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct binder_proc *proc = filp->private_data;
	void __user *ubuf = (void __user *)arg;
	struct binder_thread *thread;
	int ret;

	trace_binder_ioctl(cmd, arg);

	thread = binder_get_thread(proc);
	if (!thread) {
		ret = -ENOMEM;
		goto out;
	}

	switch (cmd) {
	case BINDER_WRITE_READ:
		ret = binder_ioctl_write_read(filp, thread, ubuf);
		break;
	case BINDER_SET_MAX_THREADS:
		ret = binder_ioctl_set_max_threads(proc, ubuf);
		break;
	case BINDER_SET_CONTEXT_MGR_EXT:
		ret = binder_ioctl_set_context_mgr_ext(proc, ubuf);
		break;
	case BINDER_SET_CONTEXT_MGR:
		ret = binder_set_context_mgr(proc, NULL);
		break;
	case BINDER_THREAD_EXIT:
		binder_thread_release(proc, thread);
		thread = NULL;
		ret = 0;
		break;
	case BINDER_VERSION:
		ret = binder_ioctl_version(ubuf);
		break;
	case BINDER_GET_NODE_INFO_FOR_REF:
		ret = binder_ioctl_get_node_info_for_ref(proc, ubuf);
		break;
	case BINDER_GET_NODE_DEBUG_INFO:
		ret = binder_ioctl_get_node_debug_info(proc, ubuf);
		break;
	case BINDER_ENABLE_ONEWAY_SPAM_DETECTION:
		ret = binder_ioctl_enable_oneway_spam_detection(proc, ubuf);
		break;
	case BINDER_GET_EXTENDED_ERROR:
		ret = binder_ioctl_get_extended_error(thread, ubuf);
		break;
	case BINDER_FREEZE:
		ret = binder_ioctl_freeze(ubuf);
		break;
	case BINDER_GET_FROZEN_INFO:
		ret = binder_ioctl_get_frozen_info(ubuf);
		break;
	default:
		/* Includes BINDER_SET_IDLE_*, never implemented upstream either. */
		ret = -EINVAL;
		break;
	}

	if (thread)
		binder_thread_ioctl_done(thread);
out:
	trace_binder_ioctl_done(ret);
	return ret;
}

const struct file_operations binder_fops = {
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

/**
 * binder_device_alloc() - a new device with an empty context
 * @name: the device's name, copied
 *
 * The one constructor of misc devices and binderfs devices alike.
 *
 * Return: the device with one reference, for its registration, or NULL.
 */
struct binder_device *binder_device_alloc(const char *name)
{
	struct binder_device *device = kzalloc(sizeof(*device), GFP_KERNEL);

	if (!device)
		return NULL;
	device->context.name = kstrdup(name, GFP_KERNEL);
	if (!device->context.name) {
		kfree(device);
		return NULL;
	}
	refcount_set(&device->ref, 1);
	mutex_init(&device->context.mgr_lock);
	device->context.mgr_uid = INVALID_UID;
	binder_insight_context_add(&device->context);
	return device;
}

/**
 * binder_device_put() - drop a reference; the last one frees the device
 * @device: the device; no proc of it is left when the count reaches zero
 */
void binder_device_put(struct binder_device *device)
{
	if (!refcount_dec_and_test(&device->ref))
		return;
	binder_insight_context_remove(&device->context);
	kfree(device->context.name);
	kfree(device);
}

static int binder_misc_device_create(const char *name)
{
	struct binder_device *device = binder_device_alloc(name);
	int ret;

	if (!device)
		return -ENOMEM;
	device->misc.minor = MISC_DYNAMIC_MINOR;
	device->misc.name = device->context.name;
	device->misc.fops = &binder_fops;
	ret = misc_register(&device->misc);
	if (ret) {
		binder_device_put(device);
		return ret;
	}
	list_add_tail(&device->entry, &binder_devices);
	return 0;
}

static void binder_misc_devices_destroy(void)
{
	struct binder_device *device, *tmp;

	list_for_each_entry_safe(device, tmp, &binder_devices, entry) {
		list_del(&device->entry);
		misc_deregister(&device->misc);
		binder_device_put(device);
	}
}

static int binder_misc_devices_create(void)
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
		ret = binder_misc_device_create(name);
		if (ret) {
			pr_err("cannot create device %s: %d\n", name, ret);
			break;
		}
	}
	kfree(names);

	/* With binderfs, devices can come from its mounts alone. */
	if (!ret && list_empty(&binder_devices) && !binderfs_enabled()) {
		pr_err("devices= names no device, and binderfs is off (binderfs_name=)\n");
		ret = -EINVAL;
	}
	if (ret)
		binder_misc_devices_destroy();
	return ret;
}

static int __init binder_init(void)
{
	int ret;

	ret = binder_alloc_shrinker_init();
	if (ret)
		return ret;
	if (alloc_selftest) {
		ret = binder_alloc_selftest();
		if (ret)
			goto err_shrinker;
	}
	binder_debugfs_init();
	ret = binder_netlink_init();
	if (ret)
		goto err_debugfs;
	ret = binder_misc_devices_create();
	if (ret)
		goto err_netlink;
	ret = binderfs_init();
	if (ret)
		goto err_devices;
	return 0;

err_devices:
	binder_misc_devices_destroy();
err_netlink:
	binder_netlink_exit();
err_debugfs:
	binder_debugfs_exit();
err_shrinker:
	binder_alloc_shrinker_exit();
	return ret;
}

static void __exit binder_exit(void)
{
	binderfs_exit();
	binder_misc_devices_destroy();
	binder_netlink_exit();
	binder_debugfs_exit();
	binder_alloc_shrinker_exit();
}

module_init(binder_init);
module_exit(binder_exit);

MODULE_DESCRIPTION("Android Binder IPC (out-of-tree implementation)");
MODULE_LICENSE("GPL");
MODULE_VERSION(BINDER_IPC_VERSION);
