// SPDX-License-Identifier: GPL-2.0
/*
 * binderfs: binder devices as a filesystem ("mount -t binder none DIR").
 *
 * Upstream's binderfs is built into the kernel or missing (it cannot be a
 * module); this one comes with ours, so a distro kernel that ships only
 * binder_linux, or no binder at all, gets it too.  The filesystem type's
 * name is the binderfs_name= parameter: "binder" by default, as upstream's,
 * but a kernel with a built-in binderfs owns that name already.  An empty
 * binderfs_name= turns binderfs off.
 *
 * Every mount is an instance of its own (a superblock), holding:
 *   binder-control  a char node: BINDER_CTL_ADD on it adds a device
 *   <name>          the devices added so far: char nodes opened straight
 *                   into binder_fops, each a struct binder_device with its
 *                   own context (its own context manager), like a device
 *                   of devices=
 *   features/       one file per protocol feature, reading "1\n"
 *   binder_logs/    with stats=global only: the files of our debugfs
 *                   directory (binder_log_files[])
 *
 * What user space sees follows upstream's binderfs of Linux 6.12: the
 * names allowed and the errors, the limits on minors and devices, inode
 * numbers, modes and owners, the mount options and which user namespaces
 * may mount.  Nothing can be created but through binder-control (no mknod,
 * create, mkdir, symlink or link); devices can be renamed and unlinked,
 * binder-control cannot.
 *
 * Lifetimes: a device's inode holds a reference on its binder_device until
 * the inode is evicted, which unlink and umount only lead to once no file
 * has the node open; each proc opened on it holds its own reference
 * (binder_context_get()), so the device and its context last as long as
 * their procs.  The minor and the instance's device count are given back
 * at eviction, as upstream does: an unlinked device still open still
 * counts against max=.  The instance pins every dentry it made until
 * kill_litter_super().
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/fsnotify.h>
#include <linux/idr.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "binder_compat.h"
#include "binder_internal.h"
#include "binderfs.h"
#include "uapi/linux/android/binderfs.h"

static char *binderfs_name = "binder";
module_param(binderfs_name, charp, 0444);
MODULE_PARM_DESC(binderfs_name, "filesystem type name of binderfs (default binder; empty: none)");

/* Minors: MINORBITS worth; the initial ipc namespace alone gets the last four. */
#define BINDERFS_MAX_MINOR		BIT(MINORBITS)
#define BINDERFS_MAX_MINOR_CAPPED	(BINDERFS_MAX_MINOR - 4)

/* Inode numbers, as upstream: root, binder-control, devices by minor, the rest above. */
#define BINDERFS_ROOT_INO		1
#define BINDERFS_CONTROL_INO		2
#define BINDERFS_DEVICE_INO(minor)	((minor) + 3)
#define BINDERFS_LAST_RESERVED_INO	(BINDERFS_MAX_MINOR + 3)

static dev_t binderfs_dev;		/* the major, minor 0 */
static bool binderfs_registered;

/* Protects minor allocation together with every instance's device count. */
static DEFINE_MUTEX(binderfs_minors_lock);
static DEFINE_IDA(binderfs_minors);

enum { OPT_MAX, OPT_STATS };
enum { STATS_UNSET, STATS_GLOBAL };

static const struct constant_table binderfs_stats_modes[] = {
	{ "global", STATS_GLOBAL },
	{ }
};

static const struct fs_parameter_spec binderfs_params[] = {
	fsparam_u32("max", OPT_MAX),
	fsparam_enum("stats", OPT_STATS, binderfs_stats_modes),
	{ }
};

/**
 * struct binderfs_opts - mount options, parsed for a mount or a remount
 * @max:   most devices the instance may hold at once (max=)
 * @stats: STATS_UNSET, or STATS_GLOBAL (stats=global: binder_logs/)
 */
struct binderfs_opts {
	u32 max;
	int stats;
};

/**
 * struct binderfs_info - one binderfs instance (its sb->s_fs_info)
 * @opts:           its mount options; @opts.max changes on remount, under
 *                  binderfs_minors_lock
 * @devices:        devices holding a minor: added and not evicted yet
 *                  (binderfs_minors_lock)
 * @control:        binder-control's dentry (immutable once mounted)
 * @control_minor:  binder-control's minor, or -1; the instance gives it
 *                  back when it dies
 * @root_uid:       owner of the nodes: root of the user namespace the
 *                  instance was mounted in, else global root
 * @root_gid:       the same for the group
 * @initial_ipc_ns: mounted in the initial ipc namespace, so it may use
 *                  the last minors (immutable)
 * @proc_log_dir:   binder_logs/proc/ with stats=global, else NULL
 *                  (immutable once mounted)
 */
struct binderfs_info {
	struct binderfs_opts opts;
	u32 devices;
	struct dentry *control;
	int control_minor;
	kuid_t root_uid;
	kgid_t root_gid;
	bool initial_ipc_ns;
	struct dentry *proc_log_dir;
};

static struct file_system_type binderfs_fs_type;

/**
 * binderfs_enabled() - is binderfs on (binderfs_name= not empty)?
 *
 * Return: true if binderfs_init() registers, or registered, the filesystem.
 */
bool binderfs_enabled(void)
{
	return binderfs_name && *binderfs_name;
}

/**
 * binderfs_device() - the device of a binderfs node being opened
 * @inode: the inode of a file opened with binder_fops
 *
 * Return: the device, which the inode holds a reference on, or NULL if
 * @inode is not binderfs's (a misc device).
 */
struct binder_device *binderfs_device(const struct inode *inode)
{
	return inode->i_sb->s_type == &binderfs_fs_type ? inode->i_private : NULL;
}

/*
 * Whether current lives in the initial ipc namespace.  6.1 does not export
 * init_ipc_ns to modules; init_task never leaves it.
 */
static bool binderfs_in_initial_ipc_ns(void)
{
	return current->nsproxy->ipc_ns == init_task.nsproxy->ipc_ns;
}

/* ---- minors ------------------------------------------------------------ */

/*
 * A minor for a new node of @info.  A @device counts against max=;
 * binder-control does not.  Return: the minor, -ENOSPC or -ENOMEM.
 */
static int binderfs_minor_get(struct binderfs_info *info, bool device)
{
	unsigned int last = info->initial_ipc_ns ? BINDERFS_MAX_MINOR - 1
						 : BINDERFS_MAX_MINOR_CAPPED - 1;
	int minor = -ENOSPC;

	mutex_lock(&binderfs_minors_lock);
	if (!device || info->devices < info->opts.max) {
		minor = ida_alloc_max(&binderfs_minors, last, GFP_KERNEL);
		if (minor >= 0 && device)
			info->devices++;
	}
	mutex_unlock(&binderfs_minors_lock);
	return minor;
}

static void binderfs_minor_put(struct binderfs_info *info, int minor, bool device)
{
	mutex_lock(&binderfs_minors_lock);
	ida_free(&binderfs_minors, minor);
	if (device)
		info->devices--;
	mutex_unlock(&binderfs_minors_lock);
}

/* ---- inodes and dentries ---------------------------------------------- */

/* A new inode of @sb: number @ino (0: a free one above the reserved), @mode, times now. */
static struct inode *binderfs_new_inode(struct super_block *sb, unsigned long ino, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = ino ? ino : iunique(sb, BINDERFS_LAST_RESERVED_INO);
	inode->i_mode = mode;
	binder_inode_init_ts(inode);
	return inode;
}

/*
 * A char node of @sb for @minor, owned by the instance's root, 0600.
 * Opening it goes straight to @fops: there is no cdev behind the number,
 * so the same numbers on another filesystem open nothing (-ENXIO).
 */
static struct inode *binderfs_new_node(struct super_block *sb, unsigned long ino, int minor,
				       const struct file_operations *fops)
{
	struct binderfs_info *info = sb->s_fs_info;
	struct inode *inode = binderfs_new_inode(sb, ino, 0);

	if (!inode)
		return NULL;
	init_special_inode(inode, S_IFCHR | 0600, MKDEV(MAJOR(binderfs_dev), minor));
	inode->i_fop = fops;
	inode->i_uid = info->root_uid;
	inode->i_gid = info->root_gid;
	return inode;
}

/*
 * A read-only file (@fops, @data in i_private) named @name in @parent, or
 * a directory when @fops is NULL.  Return: its dentry, or an ERR_PTR
 * (-EEXIST if the name is taken).
 */
static struct dentry *binderfs_create(struct dentry *parent, const char *name,
				      const struct file_operations *fops, void *data)
{
	struct inode *dir = d_inode(parent), *inode;
	struct dentry *dentry;

	inode_lock(dir);
	dentry = lookup_one_len(name, parent, strlen(name));
	if (IS_ERR(dentry))
		goto out;
	if (d_really_is_positive(dentry)) {
		dput(dentry);
		dentry = ERR_PTR(-EEXIST);
		goto out;
	}
	inode = binderfs_new_inode(dir->i_sb, 0, fops ? S_IFREG | 0444 : S_IFDIR | 0755);
	if (!inode) {
		dput(dentry);
		dentry = ERR_PTR(-ENOMEM);
		goto out;
	}
	/* The lookup's reference stays: the instance pins what it made. */
	if (fops) {
		inode->i_fop = fops;
		inode->i_private = data;
		d_instantiate(dentry, inode);
		fsnotify_create(dir, dentry);
	} else {
		inode->i_op = &simple_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		set_nlink(inode, 2);
		inc_nlink(dir);
		d_instantiate(dentry, inode);
		fsnotify_mkdir(dir, dentry);
	}
out:
	inode_unlock(dir);
	return dentry;
}

/* Only device nodes carry something (their device) in i_private among char nodes. */
static void binderfs_evict_inode(struct inode *inode)
{
	struct binder_device *device = inode->i_private;

	clear_inode(inode);
	if (!S_ISCHR(inode->i_mode) || !device)
		return;
	binderfs_minor_put(inode->i_sb->s_fs_info, MINOR(inode->i_rdev), true);
	binder_device_put(device);
}

/* ---- binder-control ---------------------------------------------------- */

/*
 * BINDER_CTL_ADD: a device named @req->name in @sb's instance.  @req, and
 * @ureq in user space, get its major and minor.  The checks come in
 * upstream's order, which decides the error when several apply: the max=
 * limit and the minors (-ENOSPC), memory, the answer written back (-EFAULT:
 * before the name is even looked at), then the name: empty, "." or "..",
 * or holding a '/' (-EACCES, from lookup_one_len()), or taken (-EEXIST).
 */
static int binderfs_add_device(struct super_block *sb, struct binderfs_device *req,
			       struct binderfs_device __user *ureq)
{
	struct binderfs_info *info = sb->s_fs_info;
	struct dentry *root = sb->s_root, *dentry;
	struct binder_device *device;
	struct inode *inode;
	int minor, ret;

	minor = binderfs_minor_get(info, true);
	if (minor < 0)
		return minor;
	/* The last byte always ends the name: a longer one is cut to 255 bytes. */
	req->name[BINDERFS_MAX_NAME] = '\0';
	ret = -ENOMEM;
	device = binder_device_alloc(req->name);
	if (!device)
		goto err_minor;
	inode = binderfs_new_node(sb, BINDERFS_DEVICE_INO(minor), minor, &binder_fops);
	if (!inode)
		goto err_device;

	req->major = MAJOR(binderfs_dev);
	req->minor = minor;
	ret = -EFAULT;
	if (copy_to_user(ureq, req, sizeof(*req)))
		goto err_inode;

	inode_lock(d_inode(root));
	dentry = lookup_one_len(req->name, root, strlen(req->name));
	if (IS_ERR(dentry)) {
		ret = PTR_ERR(dentry);
	} else if (d_really_is_positive(dentry)) {
		dput(dentry);
		ret = -EEXIST;
	} else {
		/* From here on the inode owns the minor and the device's reference. */
		inode->i_private = device;
		d_instantiate(dentry, inode);
		fsnotify_create(d_inode(root), dentry);
		ret = 0;
	}
	inode_unlock(d_inode(root));
	if (!ret)
		return 0;
err_inode:
	iput(inode);
err_device:
	binder_device_put(device);
err_minor:
	binderfs_minor_put(info, minor, true);
	return ret;
}

static long binderfs_control_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct binderfs_device __user *ureq = (struct binderfs_device __user *)arg;
	struct binderfs_device req;

	if (cmd != BINDER_CTL_ADD)
		return -EINVAL;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	return binderfs_add_device(file_inode(file)->i_sb, &req, ureq);
}

static const struct file_operations binderfs_control_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = binderfs_control_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static int binderfs_add_control(struct super_block *sb)
{
	struct binderfs_info *info = sb->s_fs_info;
	struct dentry *dentry;
	struct inode *inode;
	int minor;

	minor = binderfs_minor_get(info, false);
	if (minor < 0)
		return minor;
	info->control_minor = minor;
	inode = binderfs_new_node(sb, BINDERFS_CONTROL_INO, minor, &binderfs_control_fops);
	if (!inode)
		return -ENOMEM;
	dentry = d_alloc_name(sb->s_root, "binder-control");
	if (!dentry) {
		iput(inode);
		return -ENOMEM;
	}
	info->control = dentry;
	d_add(dentry, inode);
	return 0;
}

/* ---- the root directory: unlink and rename, never of binder-control ---- */

static bool binderfs_is_control(const struct dentry *dentry)
{
	const struct binderfs_info *info = dentry->d_sb->s_fs_info;

	return dentry == info->control;
}

static int binderfs_unlink(struct inode *dir, struct dentry *dentry)
{
	if (binderfs_is_control(dentry))
		return -EPERM;
	return simple_unlink(dir, dentry);
}

static int binderfs_rename(binder_idmap_t *idmap, struct inode *old_dir,
			   struct dentry *old_dentry, struct inode *new_dir,
			   struct dentry *new_dentry, unsigned int flags)
{
	if (binderfs_is_control(old_dentry) || binderfs_is_control(new_dentry))
		return -EPERM;
	return simple_rename(idmap, old_dir, old_dentry, new_dir, new_dentry, flags);
}

static const struct inode_operations binderfs_root_iops = {
	.lookup = simple_lookup,
	.unlink = binderfs_unlink,
	.rename = binderfs_rename,
};

/* ---- features/ and binder_logs/ ---------------------------------------- */

/**
 * struct binderfs_feature - a file of features/
 * @name: the feature, as upstream names it
 * @on:   the driver has it
 */
struct binderfs_feature {
	const char *name;
	bool on;
};

static const struct binderfs_feature binderfs_features[] = {
	{ "oneway_spam_detection", true },
	{ "extended_error", true },
	{ "freeze_notification", true },
	{ "transaction_report", true },
};

static int binderfs_feature_show(struct seq_file *m, void *unused)
{
	const struct binderfs_feature *feature = m->private;

	seq_printf(m, "%d\n", feature->on);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(binderfs_feature);

static int binderfs_add_features(struct super_block *sb)
{
	struct dentry *dir, *dentry;
	size_t i;

	dir = binderfs_create(sb->s_root, "features", NULL, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(binderfs_features); i++) {
		dentry = binderfs_create(dir, binderfs_features[i].name, &binderfs_feature_fops,
					 (void *)&binderfs_features[i]);
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
	}
	return 0;
}

/* The same files as debugfs's directory: they ignore i_private. */
static int binderfs_add_logs(struct super_block *sb)
{
	const struct binder_log_file *f;
	struct dentry *dir, *dentry;

	dir = binderfs_create(sb->s_root, "binder_logs", NULL, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (f = binder_log_files; f->name; f++) {
		dentry = binderfs_create(dir, f->name, f->fops, NULL);
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
	}
	dentry = binderfs_create(dir, "proc", NULL, NULL);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	((struct binderfs_info *)sb->s_fs_info)->proc_log_dir = dentry;
	return 0;
}

/**
 * binderfs_proc_log_add() - the binder_logs/proc/<pid> file of a proc
 * @inode: the node the proc was opened from
 * @pid:   the proc's pid
 *
 * As upstream: only a device of a stats=global mount gets one, in that
 * mount, and only the first proc of a pid there (the file shows every
 * proc of the pid).  The file goes when that proc does; the mount cannot
 * go before, as the proc's file holds it.
 *
 * Return: the file's dentry for binderfs_proc_log_remove(), or NULL.
 */
struct dentry *binderfs_proc_log_add(struct inode *inode, pid_t pid)
{
	struct binderfs_info *info;
	struct dentry *dentry;
	char name[12];

	if (!binderfs_device(inode))
		return NULL;
	info = inode->i_sb->s_fs_info;
	if (!info->proc_log_dir)
		return NULL;
	snprintf(name, sizeof(name), "%u", pid);
	dentry = binderfs_create(info->proc_log_dir, name, &binder_proc_log_fops,
				 (void *)(unsigned long)pid);
	return IS_ERR(dentry) ? NULL : dentry;
}

/**
 * binderfs_proc_log_remove() - remove a file binderfs_proc_log_add() made
 * @dentry: its dentry, or NULL
 */
void binderfs_proc_log_remove(struct dentry *dentry)
{
	struct inode *dir;

	if (!dentry)
		return;
	dir = d_inode(dentry->d_parent);
	inode_lock(dir);
	if (simple_positive(dentry)) {
		dget(dentry);
		/* Drops the pin binderfs_create() kept. */
		simple_unlink(dir, dentry);
		d_delete(dentry);
		dput(dentry);
	}
	inode_unlock(dir);
}

/* ---- the superblock ---------------------------------------------------- */

static int binderfs_show_options(struct seq_file *seq, struct dentry *root)
{
	const struct binderfs_info *info = root->d_sb->s_fs_info;

	/* Always shown, as upstream: the default is the largest value. */
	seq_printf(seq, ",max=%u", READ_ONCE(info->opts.max));
	if (info->opts.stats == STATS_GLOBAL)
		seq_puts(seq, ",stats=global");
	return 0;
}

static const struct super_operations binderfs_super_ops = {
	.evict_inode = binderfs_evict_inode,
	.show_options = binderfs_show_options,
	.statfs = simple_statfs,
};

static int binderfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	const struct binderfs_opts *opts = fc->fs_private;
	struct binderfs_info *info;
	struct inode *root;
	int ret;

	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	/*
	 * A mount owned by a user namespace other than the initial one gets
	 * SB_I_NODEV, which would make its nodes unopenable.  Only
	 * binder-control makes nodes here, and only binder devices, so the
	 * flag is lifted, as upstream does.
	 */
	sb->s_iflags &= ~SB_I_NODEV;
	sb->s_iflags |= SB_I_NOEXEC;
	sb->s_magic = BINDERFS_SUPER_MAGIC;
	sb->s_op = &binderfs_super_ops;
	sb->s_time_gran = 1;

	/* From here on binderfs_kill_sb() undoes everything, on failure too. */
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	sb->s_fs_info = info;
	info->opts = *opts;
	info->control_minor = -1;
	info->root_uid = make_kuid(sb->s_user_ns, 0);
	if (!uid_valid(info->root_uid))
		info->root_uid = GLOBAL_ROOT_UID;
	info->root_gid = make_kgid(sb->s_user_ns, 0);
	if (!gid_valid(info->root_gid))
		info->root_gid = GLOBAL_ROOT_GID;
	info->initial_ipc_ns = binderfs_in_initial_ipc_ns();

	root = binderfs_new_inode(sb, BINDERFS_ROOT_INO, S_IFDIR | 0755);
	if (!root)
		return -ENOMEM;
	root->i_op = &binderfs_root_iops;
	root->i_fop = &simple_dir_operations;
	set_nlink(root, 2);
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		return -ENOMEM;

	ret = binderfs_add_control(sb);
	if (!ret)
		ret = binderfs_add_features(sb);
	if (!ret && info->opts.stats == STATS_GLOBAL)
		ret = binderfs_add_logs(sb);
	return ret;
}

static void binderfs_kill_sb(struct super_block *sb)
{
	struct binderfs_info *info = sb->s_fs_info;

	/* Evicting the device nodes still needs @info: free it last. */
	kill_litter_super(sb);
	if (!info)
		return;
	if (info->control_minor >= 0)
		binderfs_minor_put(info, info->control_minor, false);
	kfree(info);
}

/* ---- mount options and the filesystem type ------------------------------ */

static int binderfs_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct binderfs_opts *opts = fc->fs_private;
	struct fs_parse_result result;
	int opt;

	opt = fs_parse(fc, binderfs_params, param, &result);
	if (opt < 0)
		return opt;
	switch (opt) {
	case OPT_MAX:
		if (result.uint_32 > BINDERFS_MAX_MINOR)
			return invalfc(fc, "max=%u: at most %lu", result.uint_32,
				       BINDERFS_MAX_MINOR);
		opts->max = result.uint_32;
		break;
	case OPT_STATS:
		/* The logs show every process of the machine: for global root only. */
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		opts->stats = result.uint_32;
		break;
	}
	return 0;
}

/* A remount may change max= (the devices already there stay), not stats=. */
static int binderfs_reconfigure(struct fs_context *fc)
{
	const struct binderfs_opts *opts = fc->fs_private;
	struct binderfs_info *info = fc->root->d_sb->s_fs_info;

	if (opts->stats != info->opts.stats)
		return invalfc(fc, "stats= cannot change on remount");
	mutex_lock(&binderfs_minors_lock);
	WRITE_ONCE(info->opts.max, opts->max);
	mutex_unlock(&binderfs_minors_lock);
	return 0;
}

static int binderfs_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, binderfs_fill_super);
}

static void binderfs_free_fc(struct fs_context *fc)
{
	kfree(fc->fs_private);
}

static const struct fs_context_operations binderfs_context_ops = {
	.free = binderfs_free_fc,
	.get_tree = binderfs_get_tree,
	.parse_param = binderfs_parse_param,
	.reconfigure = binderfs_reconfigure,
};

/* Every mount and remount starts from the defaults: no device limit, no logs. */
static int binderfs_init_fs_context(struct fs_context *fc)
{
	struct binderfs_opts *opts = kzalloc(sizeof(*opts), GFP_KERNEL);

	if (!opts)
		return -ENOMEM;
	opts->max = BINDERFS_MAX_MINOR;
	opts->stats = STATS_UNSET;
	fc->fs_private = opts;
	fc->ops = &binderfs_context_ops;
	return 0;
}

/* .name is binderfs_name, set at init.  A mount holds the module. */
static struct file_system_type binderfs_fs_type = {
	.owner = THIS_MODULE,
	.init_fs_context = binderfs_init_fs_context,
	.parameters = binderfs_params,
	.kill_sb = binderfs_kill_sb,
	.fs_flags = FS_USERNS_MOUNT,
};

/*
 * A name "mount -t" takes: letters, digits, '_' and '-'.  Above all no
 * '.', on which register_filesystem() BUGs.
 */
static bool binderfs_name_ok(const char *name)
{
	const char *c;

	for (c = name; *c; c++)
		if (!isalnum(*c) && *c != '_' && *c != '-')
			return false;
	return c != name;
}

/**
 * binderfs_init() - register binderfs, unless binderfs_name= is empty
 *
 * Return: 0; -EINVAL for a bad binderfs_name=, -EBUSY if a filesystem of
 * that name exists, or the error of the major's allocation.
 */
int __init binderfs_init(void)
{
	int ret;

	if (!binderfs_enabled())
		return 0;
	if (!binderfs_name_ok(binderfs_name)) {
		pr_err("binderfs_name=%s: letters, digits, '_' and '-' only\n", binderfs_name);
		return -EINVAL;
	}
	binderfs_fs_type.name = binderfs_name;
	ret = alloc_chrdev_region(&binderfs_dev, 0, BINDERFS_MAX_MINOR, binderfs_name);
	if (ret)
		return ret;
	ret = register_filesystem(&binderfs_fs_type);
	if (ret) {
		if (ret == -EBUSY)
			pr_err("filesystem %s exists (built-in binderfs?): set binderfs_name=\n",
			       binderfs_name);
		unregister_chrdev_region(binderfs_dev, BINDERFS_MAX_MINOR);
		return ret;
	}
	binderfs_registered = true;
	return 0;
}

/* No instance is left: each mount holds the module. */
void __exit binderfs_exit(void)
{
	if (!binderfs_registered)
		return;
	unregister_filesystem(&binderfs_fs_type);
	unregister_chrdev_region(binderfs_dev, BINDERFS_MAX_MINOR);
	ida_destroy(&binderfs_minors);
	binderfs_registered = false;
}
