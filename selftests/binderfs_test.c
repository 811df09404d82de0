// SPDX-License-Identifier: GPL-2.0
/*
 * binderfs (binderfs.c): mounting it, binder-control and BINDER_CTL_ADD,
 * the name rules, unlink and rename, max= and stats=global, features/ and
 * binder_logs/, mounts in user namespaces, devices that outlive their node
 * (unlink, umount), transactions on binderfs devices, each device a context
 * of its own, upstream's stress of many devices used by threads across a
 * umount, rmmod while mounted, and a Waydroid-style setup (three devices
 * made with the binderfs-add tool, a servicemanager and a call on each).
 *
 * Ours only.  Neither Debian's 6.1 nor its 6.12 binder_linux has binderfs
 * (CONFIG_ANDROID_BINDERFS is not set), so the VM has no reference
 * instance to compare with.  Upstream's behaviour is pinned here from its
 * source instead: Linux 6.12's drivers/android/binderfs.c and its selftest,
 * tools/testing/selftests/filesystems/binderfs/binderfs_test.c, every check
 * of which is repeated below (binderfs_test_privileged: upstream_privileged;
 * binderfs_test_unprivileged: upstream_userns; binderfs_stress: stress).
 * Where an expected errno comes from the VFS (its answer for an operation
 * binderfs does not implement) or from the order of upstream's checks, the
 * test says so.
 *
 * Each test runs in a mount namespace of its own (the fixture's setup), so
 * whatever it mounts goes away with it, and mounts binderfs under the type
 * name the module was loaded with (binderfs_name=, read from sysfs).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include <linux/magic.h>
#include <linux/android/binderfs.h>

#include "kselftest_harness.h"

#include "binder_world.h"
#include "spawn.h"

#define FSTYPE_PARAM	"/sys/module/binder_ipc/parameters/binderfs_name"
#define MAX_MINOR	(1u << 20)	/* upstream: 1 << MINORBITS */
#define UNPRIV_UID	1000
#define STRESS_DEVICES	1000		/* as upstream's binderfs_stress */
#define STRESS_THREADS	4
#define OUT_SIZE	16384

/* The features upstream 6.12 lists, and transaction_report (newer). */
static const char * const features[] = {
	"extended_error", "freeze_notification", "oneway_spam_detection",
	"transaction_report",
};

/* ---- small file helpers ---- */

/* Read @path into @buf (NUL-terminated); bytes read or -errno. */
static ssize_t read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, len = 0;

	if (fd < 0)
		return -errno;
	while (len < (ssize_t)size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return len;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/*
 * The entries of directory @path but "." and "..", sorted, space-separated
 * in @buf; with @regular_only, regular files only.  0 or -errno.
 */
static int dir_names(const char *path, char *buf, size_t size, bool regular_only)
{
	struct dirent **list;
	size_t len = 0;
	int n, i;

	n = scandir(path, &list, NULL, by_name);
	if (n < 0)
		return -errno;
	buf[0] = 0;
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		bool skip = !strcmp(name, ".") || !strcmp(name, "..") ||
			    (regular_only && list[i]->d_type != DT_REG);

		if (!skip && len < size)
			len += snprintf(buf + len, size - len, "%s%s", len ? " " : "", name);
		free(list[i]);
	}
	free(list);
	return 0;
}

/* The super-block options /proc/self/mountinfo shows for mount point @dir. */
static int super_options(const char *dir, char *buf, size_t size)
{
	char line[1024], mp[256], opts[1024], *sep;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f)) {
		/* id parent major:minor root mount-point options ... - type source super-options */
		if (sscanf(line, "%*s %*s %*s %*s %255s", mp) != 1 || strcmp(mp, dir))
			continue;
		sep = strstr(line, " - ");
		if (sep && sscanf(sep, " - %*s %*s %1023s", opts) == 1)
			ret = strlen(opts) < size ? 0 : -ENOSPC;
		if (!ret)
			memcpy(buf, opts, strlen(opts) + 1);
	}
	fclose(f);
	return ret;
}

/* ---- namespaces and credentials ---- */

/* A mount namespace of our own, nothing propagating out of it. */
static int private_mounts(void)
{
	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	return 0;
}

/* Whether the kernel has user namespaces at all (CONFIG_USER_NS). */
static bool have_userns(void)
{
	return access("/proc/self/ns/user", F_OK) == 0;
}

/*
 * A new user namespace in which we are root, mapped to our current euid
 * and egid (a mapping any process may write for itself), then a mount
 * namespace owned by it.  0, or -errno of the first step that failed
 * (-EPERM where unprivileged user namespaces are off).
 */
static int enter_userns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int ret;

	if (unshare(CLONE_NEWUSER))
		return -errno;
	snprintf(map, sizeof(map), "0 %u 1", uid);
	ret = write_text("/proc/self/uid_map", map);
	if (!ret)
		ret = write_text("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", gid);
	if (!ret)
		ret = write_text("/proc/self/gid_map", map);
	if (!ret && (setresgid(0, 0, 0) || setresuid(0, 0, 0)))
		ret = -errno;
	return ret ? ret : private_mounts();
}

/*
 * Become uid/gid UNPRIV_UID with no capabilities left.  Changing uid made
 * us non-dumpable, which gives our /proc/self files to root: undo that, or
 * we could not write our own uid_map.
 */
static int drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
	    setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) || prctl(PR_SET_DUMPABLE, 1))
		return -errno;
	return 0;
}

/* ---- binderfs mounts ---- */

struct mnt {
	char dir[64];	/* the mount point; "" when not mounted */
};

/* @name under @m's mount point, in @buf (PATH_SIZE bytes). */
#define PATH_SIZE	(64 + 2 + BINDERFS_MAX_NAME + 1)
static const char *mnt_path(char *buf, const struct mnt *m, const char *name)
{
	snprintf(buf, PATH_SIZE, "%s/%s", m->dir, name);
	return buf;
}

/* The path of @name in @m, valid in the enclosing block. */
#define AT(m, name)	mnt_path((char[PATH_SIZE]){ 0 }, (m), (name))

/* Mount an instance of @type with @opts (may be NULL) on a new directory. 0 or -errno. */
static int bfs_mount(struct mnt *m, const char *type, const char *opts)
{
	int ret = 0;

	snprintf(m->dir, sizeof(m->dir), "/tmp/binderfs_XXXXXX");
	if (!mkdtemp(m->dir)) {
		m->dir[0] = 0;
		return -errno;
	}
	if (mount("binder", m->dir, type, 0, opts)) {
		ret = -errno;
		rmdir(m->dir);
		m->dir[0] = 0;
	}
	return ret;
}

/* Detach @m (its devices may still be open) and remove its directory. */
static int bfs_umount(struct mnt *m)
{
	int ret = 0;

	if (!m->dir[0])
		return 0;
	if (umount2(m->dir, MNT_DETACH))
		ret = -errno;
	if (rmdir(m->dir) && !ret)
		ret = -errno;
	m->dir[0] = 0;
	return ret;
}

/* BINDER_CTL_ADD of @name through @m's binder-control; 0 or -errno. @out gets the answer. */
static int bfs_add(const struct mnt *m, const char *name, struct binderfs_device *out)
{
	struct binderfs_device dev;
	int fd, ret;

	memset(&dev, 0, sizeof(dev));
	memcpy(dev.name, name, strnlen(name, BINDERFS_MAX_NAME));
	fd = open(AT(m, "binder-control"), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = xioctl(fd, BINDER_CTL_ADD, &dev);
	close(fd);
	if (out)
		*out = dev;
	return ret;
}

/* Open device @name of @m; the fd or -errno. */
static int bfs_open(const struct mnt *m, const char *name)
{
	int fd = open(AT(m, name), O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* BINDER_VERSION on @fd: the version or -errno. */
static int version_of(int fd)
{
	struct binder_version v = { .protocol_version = -1 };
	int ret = xioctl(fd, BINDER_VERSION, &v);

	return ret ? ret : v.protocol_version;
}

/* Open @name of @m and ask its version; the version or -errno. */
static int bfs_version(const struct mnt *m, const char *name)
{
	int fd = bfs_open(m, name), ret;

	if (fd < 0)
		return fd;
	ret = version_of(fd);
	close(fd);
	return ret;
}

/* unlink/rename/mkdir... as 0 or -errno. */
#define SYS(call)	((call) ? -errno : 0)

/* open(@path, @flags) and close at once: 0 or open's -errno. */
static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

FIXTURE(bfs) {
	char type[64];		/* our filesystem type, binderfs_name= */
	struct mnt m, m2;	/* two instances, for the tests that need them */
};

FIXTURE_SETUP(bfs)
{
	ssize_t n = read_text(FSTYPE_PARAM, self->type, sizeof(self->type));

	ASSERT_GT(n, 1) TH_LOG("%s: %s (binder_ipc not loaded, or too old?)", FSTYPE_PARAM,
			       n < 0 ? strerror((int)-n) : "empty: binderfs is off");
	self->type[strcspn(self->type, "\n")] = 0;
	self->m.dir[0] = self->m2.dir[0] = 0;
	ASSERT_EQ(0, private_mounts());
}

FIXTURE_TEARDOWN(bfs)
{
	bfs_umount(&self->m);
	bfs_umount(&self->m2);
}

/* ---- upstream's own sequence ---- */

/*
 * What upstream's __do_binderfs_test() checks on a fresh mount: a device
 * made through binder-control answers BINDER_VERSION, can be unlinked,
 * binder-control cannot (EPERM), and the feature files are there.  Ours
 * checks a little more on the way: the answer's numbers are the node's,
 * and the feature files read "1\n".
 */
static void upstream_checks(struct __test_metadata *_metadata, const struct mnt *m)
{
	struct binderfs_device dev;
	char buf[16];
	struct stat st;
	size_t i;

	ASSERT_EQ(0, bfs_add(m, "my-binder", &dev));
	EXPECT_STREQ("my-binder", dev.name);
	ASSERT_EQ(0, stat(AT(m, "my-binder"), &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(makedev(dev.major, dev.minor), st.st_rdev);
	EXPECT_EQ(dev.minor + 3, st.st_ino);	/* upstream: minor + INODE_OFFSET */
	EXPECT_EQ(0, st.st_uid);		/* root of the mount's user namespace */
	EXPECT_EQ(0, st.st_gid);

	EXPECT_EQ(BINDER_CURRENT_PROTOCOL_VERSION, bfs_version(m, "my-binder"));

	EXPECT_EQ(0, SYS(unlink(AT(m, "my-binder"))));
	EXPECT_EQ(-ENOENT, bfs_open(m, "my-binder"));
	EXPECT_EQ(-EPERM, SYS(unlink(AT(m, "binder-control"))));
	EXPECT_EQ(0, access(AT(m, "binder-control"), F_OK));

	for (i = 0; i < ARRAY_SIZE(features); i++) {
		char path[PATH_SIZE];

		snprintf(path, sizeof(path), "%s/features/%s", m->dir, features[i]);
		EXPECT_EQ(2, read_text(path, buf, sizeof(buf))) TH_LOG("%s", path);
		EXPECT_STREQ("1\n", buf) TH_LOG("%s", path);
	}
}

TEST_F(bfs, upstream_privileged)
{
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	upstream_checks(_metadata, &self->m);
}

/* Upstream's "unprivileged" test: root of a new user namespace (mapped to real root). */
TEST_F(bfs, upstream_userns)
{
	if (!have_userns())
		SKIP(return, "the kernel has no user namespaces");
	ASSERT_EQ(0, enter_userns());
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	upstream_checks(_metadata, &self->m);
	/* stats=global wants CAP_SYS_ADMIN in the initial user namespace. */
	EXPECT_EQ(-EPERM, bfs_mount(&self->m2, self->type, "stats=global"));
}

/*
 * A real unprivileged user: no mount in the initial namespaces, but in a
 * user namespace of its own everything works, and the nodes belong to
 * that namespace's root (the user itself, seen from outside).
 */
TEST_F(bfs, unprivileged_user)
{
	struct stat st;
	int ret;

	ASSERT_EQ(0, drop_privileges());
	EXPECT_EQ(-EPERM, bfs_mount(&self->m, self->type, NULL));
	if (!have_userns())
		SKIP(return, "the kernel has no user namespaces");
	ret = enter_userns();
	if (ret == -EPERM)
		SKIP(return, "unprivileged user namespaces are off");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, stat(AT(&self->m, "binder-control"), &st));
	EXPECT_EQ(0, st.st_uid);
	upstream_checks(_metadata, &self->m);
	EXPECT_EQ(-EPERM, bfs_mount(&self->m2, self->type, "stats=global"));
}

/* ---- what a fresh instance holds ---- */

TEST_F(bfs, layout)
{
	char names[512], opts[256], fs[4096], want[80];
	struct statfs sfs;
	struct stat st;

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, dir_names(self->m.dir, names, sizeof(names), false));
	EXPECT_STREQ("binder-control features", names);
	ASSERT_EQ(0, dir_names(AT(&self->m, "features"), names, sizeof(names), false));
	EXPECT_STREQ("extended_error freeze_notification oneway_spam_detection "
		     "transaction_report", names);

	/* Upstream's inode numbers, modes and owners. */
	ASSERT_EQ(0, stat(self->m.dir, &st));
	EXPECT_EQ(1, st.st_ino);
	EXPECT_EQ(S_IFDIR | 0755, st.st_mode);
	ASSERT_EQ(0, stat(AT(&self->m, "binder-control"), &st));
	EXPECT_EQ(2, st.st_ino);
	EXPECT_EQ(S_IFCHR | 0600, st.st_mode);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_NE(0, major(st.st_rdev));
	ASSERT_EQ(0, stat(AT(&self->m, "features/extended_error"), &st));
	EXPECT_EQ(S_IFREG | 0444, st.st_mode);
	EXPECT_GT(st.st_ino, MAX_MINOR + 3);	/* above every device's number */
	ASSERT_EQ(0, stat(AT(&self->m, "features"), &st));
	EXPECT_EQ(S_IFDIR | 0755, st.st_mode);

	ASSERT_EQ(0, statfs(self->m.dir, &sfs));
	EXPECT_EQ(BINDERFS_SUPER_MAGIC, sfs.f_type);

	/* max= is always shown (its default is the largest value), stats= only when set. */
	ASSERT_EQ(0, super_options(self->m.dir, opts, sizeof(opts)));
	EXPECT_STREQ("rw,max=1048576", opts);

	ASSERT_GT(read_text("/proc/filesystems", fs, sizeof(fs)), 0);
	snprintf(want, sizeof(want), "nodev\t%s\n", self->type);
	EXPECT_NE(NULL, strstr(fs, want));

	/* Every instance is its own: a device of one is not in the other. */
	ASSERT_EQ(0, bfs_mount(&self->m2, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "only-in-one", NULL));
	EXPECT_EQ(0, access(AT(&self->m, "only-in-one"), F_OK));
	EXPECT_EQ(-1, access(AT(&self->m2, "only-in-one"), F_OK));
	EXPECT_EQ(0, bfs_add(&self->m2, "only-in-one", NULL));
}

/* ---- BINDER_CTL_ADD's rules ---- */

TEST_F(bfs, names)
{
	char name[BINDERFS_MAX_NAME + 2], path[PATH_SIZE + 8];
	struct binderfs_device dev, first;
	int ctl;

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));

	/* lookup_one_len()'s rules: -EACCES for these. */
	EXPECT_EQ(-EACCES, bfs_add(&self->m, "", NULL));
	EXPECT_EQ(-EACCES, bfs_add(&self->m, ".", NULL));
	EXPECT_EQ(-EACCES, bfs_add(&self->m, "..", NULL));
	EXPECT_EQ(-EACCES, bfs_add(&self->m, "a/b", NULL));
	EXPECT_EQ(-EACCES, bfs_add(&self->m, "/", NULL));

	/* Names taken, by a device or by binderfs's own entries. */
	ASSERT_EQ(0, bfs_add(&self->m, "anbox-binder", &first));
	memset(&dev, 0, sizeof(dev));
	EXPECT_EQ(-EEXIST, bfs_add(&self->m, "anbox-binder", &dev));
	/* Upstream writes the answer back before it looks the name up. */
	EXPECT_EQ(first.major, dev.major);
	EXPECT_EQ(-EEXIST, bfs_add(&self->m, "binder-control", NULL));
	EXPECT_EQ(-EEXIST, bfs_add(&self->m, "features", NULL));
	/* Only '/' and NUL are special: this one is fine. */
	EXPECT_EQ(0, bfs_add(&self->m, "with space.and-dots..", NULL));
	EXPECT_EQ(8, bfs_version(&self->m, "with space.and-dots.."));

	/* 255 bytes is the longest name. */
	memset(name, 'n', BINDERFS_MAX_NAME);
	name[BINDERFS_MAX_NAME] = 0;
	EXPECT_EQ(0, bfs_add(&self->m, name, NULL));
	EXPECT_EQ(8, bfs_version(&self->m, name));

	/* 256 bytes without a NUL: the driver keeps the first 255. */
	ctl = open(AT(&self->m, "binder-control"), O_RDONLY | O_CLOEXEC);
	ASSERT_GE(ctl, 0);
	memset(&dev, 'l', sizeof(dev));
	ASSERT_EQ(0, xioctl(ctl, BINDER_CTL_ADD, &dev));
	EXPECT_EQ(0, dev.name[BINDERFS_MAX_NAME]);
	memset(name, 'l', BINDERFS_MAX_NAME);
	snprintf(path, sizeof(path), "%s/%s", self->m.dir, name);
	EXPECT_EQ(0, access(path, F_OK));

	/* Bad requests on binder-control itself. */
	EXPECT_EQ(-EFAULT, xioctl(ctl, BINDER_CTL_ADD, NULL));
	EXPECT_EQ(-EFAULT, xioctl(ctl, BINDER_CTL_ADD, (void *)16));
	EXPECT_EQ(-EINVAL, xioctl(ctl, BINDER_VERSION, &dev));
	EXPECT_EQ(-EINVAL, xioctl(ctl, _IOWR('b', 1, __u64), &dev));
	EXPECT_EQ(-EINVAL, xioctl(ctl, _IOWR('b', 2, struct binderfs_device), &dev));
	close(ctl);

	/* binder-control is not a binder device, nor a device one is. */
	ctl = bfs_open(&self->m, "anbox-binder");
	ASSERT_GE(ctl, 0);
	EXPECT_EQ(-EINVAL, xioctl(ctl, BINDER_CTL_ADD, &dev));
	close(ctl);
}

/* max=: devices count from BINDER_CTL_ADD until their inode is evicted. */
TEST_F(bfs, max_devices)
{
	int fd;

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, "max=2"));
	ASSERT_EQ(0, bfs_add(&self->m, "a", NULL));
	/* A failed request gives its place back... */
	EXPECT_EQ(-EEXIST, bfs_add(&self->m, "a", NULL));
	EXPECT_EQ(-EACCES, bfs_add(&self->m, "..", NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "b", NULL));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "c", NULL));
	/* ...and the limit comes first: a taken name is -ENOSPC too when full. */
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "a", NULL));

	/* An unlinked device no one has open frees its place at once. */
	ASSERT_EQ(0, SYS(unlink(AT(&self->m, "a"))));
	ASSERT_EQ(0, bfs_add(&self->m, "c", NULL));

	/* One still open keeps it until closed, as upstream (eviction frees it). */
	fd = bfs_open(&self->m, "b");
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, SYS(unlink(AT(&self->m, "b"))));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "d", NULL));
	EXPECT_EQ(8, version_of(fd));
	close(fd);
	EXPECT_EQ(0, bfs_add(&self->m, "d", NULL));
	ASSERT_EQ(0, bfs_umount(&self->m));

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, "max=0"));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "a", NULL));
	ASSERT_EQ(0, bfs_umount(&self->m));

	/* Bounds and syntax. */
	EXPECT_EQ(-EINVAL, bfs_mount(&self->m, self->type, "max=1048577"));
	EXPECT_EQ(-EINVAL, bfs_mount(&self->m, self->type, "max=-1"));
	EXPECT_EQ(-EINVAL, bfs_mount(&self->m, self->type, "max=two"));
	EXPECT_EQ(-EINVAL, bfs_mount(&self->m, self->type, "maximum=2"));
	EXPECT_EQ(-EINVAL, bfs_mount(&self->m, self->type, "stats=local"));
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, "max=1048576"));
}

/* A remount changes max= (devices already there stay) but not stats=. */
TEST_F(bfs, remount)
{
	char opts[256];

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, "max=1"));
	ASSERT_EQ(0, bfs_add(&self->m, "a", NULL));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "b", NULL));
	ASSERT_EQ(0, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, "max=3")));
	ASSERT_EQ(0, super_options(self->m.dir, opts, sizeof(opts)));
	EXPECT_STREQ("rw,max=3", opts);
	EXPECT_EQ(0, bfs_add(&self->m, "b", NULL));
	EXPECT_EQ(0, bfs_add(&self->m, "c", NULL));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "d", NULL));

	ASSERT_EQ(0, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, "max=1")));
	EXPECT_EQ(8, bfs_version(&self->m, "c"));
	EXPECT_EQ(-ENOSPC, bfs_add(&self->m, "d", NULL));
	EXPECT_EQ(-EINVAL, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, "stats=global")));
	/* A remount starts from the defaults: no max= is the largest. */
	ASSERT_EQ(0, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, NULL)));
	EXPECT_EQ(0, bfs_add(&self->m, "d", NULL));
}

/* ---- stats=global: binder_logs/ ---- */

TEST_F(bfs, stats_global)
{
	char names[512], dbg[512], opts[256], buf[8192], want[64];
	struct endpoint ep;

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, "stats=global"));
	ASSERT_EQ(0, dir_names(self->m.dir, names, sizeof(names), false));
	EXPECT_STREQ("binder-control binder_logs features", names);
	ASSERT_EQ(0, super_options(self->m.dir, opts, sizeof(opts)));
	EXPECT_STREQ("rw,max=1048576,stats=global", opts);

	/* The same files as our debugfs directory. */
	ASSERT_EQ(0, dir_names(AT(&self->m, "binder_logs"), names, sizeof(names), true));
	ASSERT_EQ(0, dir_names(OUR_DEBUGFS, dbg, sizeof(dbg), true));
	EXPECT_STREQ(dbg, names);
	EXPECT_NE(NULL, strstr(names, "stats"));

	/* And the same contents: our counters, our procs (with a binderfs one). */
	ASSERT_GT(read_text(AT(&self->m, "binder_logs/stats"), buf, sizeof(buf)), 0);
	EXPECT_NE(NULL, strstr(buf, "proc: active ")) TH_LOG("%s", buf);
	ASSERT_EQ(0, bfs_add(&self->m, "logged-device", NULL));
	ASSERT_EQ(0, ep_open(&ep, AT(&self->m, "logged-device"), 0, 0));
	ASSERT_GT(read_text(AT(&self->m, "binder_logs/procs"), buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%d", getpid());
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "logged-device")) TH_LOG("%s", buf);
	/* Our proc's own file, in upstream's format, while it lives. */
	snprintf(want, sizeof(want), "binder_logs/proc/%d", getpid());
	ASSERT_GT(read_text(AT(&self->m, want), buf, sizeof(buf)), 0);
	EXPECT_EQ(0, strncmp(buf, "binder proc state:\n", 19)) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "context logged-device")) TH_LOG("%s", buf);
	ep_close(&ep);
	EXPECT_EQ(-1, access(AT(&self->m, want), F_OK));

	EXPECT_EQ(-EINVAL, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, "max=4")));
	EXPECT_EQ(0, SYS(mount(NULL, self->m.dir, NULL, MS_REMOUNT, "stats=global,max=4")));
}

/* ---- the filesystem around the devices ---- */

/*
 * Devices can be renamed (not onto or from binder-control); nothing can
 * be created but through binder-control.  The errnos of what binderfs
 * does not implement are the VFS's: EPERM, EACCES for O_CREAT.
 */
TEST_F(bfs, rename_and_create)
{
	struct binderfs_device dev;
	char path[PATH_SIZE];
	struct stat st;

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "old", &dev));
	ASSERT_EQ(0, SYS(rename(AT(&self->m, "old"), AT(&self->m, "new"))));
	EXPECT_EQ(-ENOENT, bfs_open(&self->m, "old"));
	EXPECT_EQ(8, bfs_version(&self->m, "new"));
	ASSERT_EQ(0, stat(AT(&self->m, "new"), &st));
	EXPECT_EQ(makedev(dev.major, dev.minor), st.st_rdev);
	/* The old name is free again. */
	EXPECT_EQ(0, bfs_add(&self->m, "old", NULL));

	EXPECT_EQ(-EPERM, SYS(rename(AT(&self->m, "binder-control"), AT(&self->m, "ctl"))));
	EXPECT_EQ(-EPERM, SYS(rename(AT(&self->m, "new"), AT(&self->m, "binder-control"))));
	EXPECT_EQ(-EPERM, SYS(renameat2(AT_FDCWD, AT(&self->m, "new"), AT_FDCWD,
					AT(&self->m, "binder-control"), RENAME_EXCHANGE)));
	EXPECT_EQ(8, bfs_version(&self->m, "new"));

	EXPECT_EQ(-EPERM, SYS(mknod(AT(&self->m, "node"), S_IFCHR | 0600,
				    makedev(dev.major, dev.minor))));
	EXPECT_EQ(-EACCES, try_open(AT(&self->m, "file"), O_CREAT | O_WRONLY));
	EXPECT_EQ(-EPERM, SYS(mkdir(AT(&self->m, "dir"), 0755)));
	EXPECT_EQ(-EPERM, SYS(symlink("new", AT(&self->m, "link"))));
	EXPECT_EQ(-EPERM, SYS(link(AT(&self->m, "new"), AT(&self->m, "hard"))));
	EXPECT_EQ(-EPERM, SYS(rmdir(AT(&self->m, "features"))));
	EXPECT_EQ(-EPERM, SYS(unlink(AT(&self->m, "features/extended_error"))));
	EXPECT_EQ(0, access(AT(&self->m, "features/extended_error"), F_OK));

	/* The numbers open nothing elsewhere: there is no cdev behind them. */
	snprintf(path, sizeof(path), "%s.node", self->m.dir);
	ASSERT_EQ(0, SYS(mknod(path, S_IFCHR | 0600, makedev(dev.major, dev.minor))));
	EXPECT_EQ(-ENXIO, try_open(path, O_RDWR));
	unlink(path);
}

/* ---- devices are contexts: transactions, managers ---- */

/*
 * Two devices of one instance and one of another: each has a context
 * manager of its own, and calls on each reach only its own world.
 */
TEST_F(bfs, contexts)
{
	struct world wa, wb;
	struct endpoint lone, mgr2;
	struct our_counts before;
	char buf[8192];
	struct ret r;

	our_counts(&before);
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, bfs_mount(&self->m2, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "ctx-a", NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "ctx-b", NULL));
	ASSERT_EQ(0, bfs_add(&self->m2, "ctx-a", NULL));

	ASSERT_EQ(0, world_open(&wa, AT(&self->m, "ctx-a"), WORLD_MAP));
	ASSERT_EQ(0, world_link(&wa, 0));
	ASSERT_EQ(0, world_open(&wb, AT(&self->m, "ctx-b"), WORLD_MAP));
	ASSERT_EQ(0, world_link(&wb, 0));
	EXPECT_EQ(0, world_round_trip(&wa, 64, 1));
	EXPECT_EQ(0, world_round_trip(&wb, 4096, 2));
	EXPECT_EQ(0, world_round_trip(&wa, 100000, 3));

	/* Each device has its manager: a second one is refused there only. */
	ASSERT_EQ(0, ep_open(&mgr2, AT(&self->m, "ctx-b"), 0, 0));
	EXPECT_EQ(-EBUSY, ep_become_manager(&mgr2));
	ep_close(&mgr2);
	/* The other instance's device of the same name has none. */
	ASSERT_EQ(0, ep_open(&lone, AT(&self->m2, "ctx-a"), 4096, 0));
	EXPECT_EQ(BR_DEAD_REPLY, ep_call(&lone, 0, 1, 0, NULL, 0, NULL, 0, &r, BT_TMO));
	EXPECT_EQ(0, ep_become_manager(&lone));

	/* Our procs name their context: the device's name. */
	ASSERT_GT(read_text(OUR_DEBUGFS "/procs", buf, sizeof(buf)), 0);
	EXPECT_NE(NULL, strstr(buf, "ctx-a")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "ctx-b")) TH_LOG("%s", buf);

	ep_close(&lone);
	world_close(&wb);
	world_close(&wa);
	EXPECT_TRUE(our_counts_settle(&before, 5000));
}

/*
 * Unlinking a device in use: its procs go on (calls work) until they
 * close; the name is free at once, and a device made under it again is a
 * new context.  Nothing is left once they are gone.
 */
TEST_F(bfs, unlink_in_use)
{
	struct our_counts before;
	struct endpoint fresh;
	struct world w;

	our_counts(&before);
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "doomed", NULL));
	ASSERT_EQ(0, world_open(&w, AT(&self->m, "doomed"), WORLD_MAP));
	ASSERT_EQ(0, world_link(&w, 0));
	EXPECT_EQ(0, world_round_trip(&w, 256, 1));

	ASSERT_EQ(0, SYS(unlink(AT(&self->m, "doomed"))));
	EXPECT_EQ(-ENOENT, bfs_open(&self->m, "doomed"));
	EXPECT_EQ(0, world_round_trip(&w, 256, 2));

	ASSERT_EQ(0, bfs_add(&self->m, "doomed", NULL));
	ASSERT_EQ(0, ep_open(&fresh, AT(&self->m, "doomed"), 0, 0));
	EXPECT_EQ(0, ep_become_manager(&fresh));
	ep_close(&fresh);

	EXPECT_EQ(0, world_round_trip(&w, 256, 3));
	world_close(&w);
	EXPECT_TRUE(our_counts_settle(&before, 5000));
}

/*
 * Umount with devices in use: a plain umount is refused (EBUSY, the VFS's
 * answer for a busy mount); a lazy one detaches the instance, whose open
 * devices and binder-control go on working until closed.
 */
TEST_F(bfs, umount_in_use)
{
	struct our_counts before;
	struct binderfs_device dev;
	struct world w;
	int ctl;

	our_counts(&before);
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "detached", NULL));
	ASSERT_EQ(0, world_open(&w, AT(&self->m, "detached"), WORLD_MAP));
	ASSERT_EQ(0, world_link(&w, 0));
	ctl = open(AT(&self->m, "binder-control"), O_RDONLY | O_CLOEXEC);
	ASSERT_GE(ctl, 0);

	EXPECT_EQ(-EBUSY, SYS(umount2(self->m.dir, 0)));
	ASSERT_EQ(0, bfs_umount(&self->m));
	EXPECT_EQ(0, world_round_trip(&w, 512, 1));
	EXPECT_EQ(0, world_round_trip(&w, 8192, 2));

	/* The detached instance still takes requests. */
	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, "late");
	EXPECT_EQ(0, xioctl(ctl, BINDER_CTL_ADD, &dev));
	close(ctl);

	world_close(&w);
	EXPECT_TRUE(our_counts_settle(&before, 5000));
}

/*
 * A mount holds the module: rmmod is refused (EWOULDBLOCK from
 * delete_module(O_NONBLOCK), the module's count not being zero).
 */
TEST_F(bfs, rmmod_while_mounted)
{
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, bfs_add(&self->m, "still-here", NULL));
	EXPECT_EQ(-EWOULDBLOCK, SYS(syscall(SYS_delete_module, "binder_ipc", O_NONBLOCK)));
	EXPECT_EQ(8, bfs_version(&self->m, "still-here"));
}

/* ---- upstream's binderfs_stress ---- */

static void *stress_thread(void *arg)
{
	int *fd = arg;

	return (void *)(intptr_t)(version_of(*fd) == BINDER_CURRENT_PROTOCOL_VERSION);
}

/*
 * Upstream's regression test for use-after-frees of binderfs devices: in
 * a user namespace (when the kernel has them; else in the initial one),
 * 1000 devices are made and opened, the instance is unmounted, and then
 * threads use every fd (BINDER_VERSION, four threads per fd, as there).
 * Ours also checks every answer, and opens a receive buffer on a tenth
 * of them.
 */
TEST_F_TIMEOUT(bfs, stress, 300)
{
	pthread_t threads[STRESS_THREADS];
	int *fds = calloc(STRESS_DEVICES, sizeof(int));
	int i, k, ok = 0;
	char name[16];
	void *res;

	ASSERT_NE(NULL, fds);
	if (have_userns()) {
		ASSERT_EQ(0, enter_userns());
	} else {
		TH_LOG("no user namespaces: the stress runs in the initial one");
	}
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	for (i = 0; i < STRESS_DEVICES; i++) {
		snprintf(name, sizeof(name), "%d", i);
		ASSERT_EQ(0, bfs_add(&self->m, name, NULL)) TH_LOG("device %d", i);
		fds[i] = bfs_open(&self->m, name);
		ASSERT_GE(fds[i], 0) TH_LOG("device %d", i);
		if (i % 10 == 0)
			ASSERT_NE(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fds[i], 0));
	}
	ASSERT_EQ(0, bfs_umount(&self->m));

	for (k = 0; k < STRESS_DEVICES; k++) {
		for (i = 0; i < STRESS_THREADS; i++)
			ASSERT_EQ(0, pthread_create(&threads[i], NULL, stress_thread, &fds[k]));
		for (i = 0; i < STRESS_THREADS; i++) {
			ASSERT_EQ(0, pthread_join(threads[i], &res));
			ok += res != NULL;
		}
	}
	EXPECT_EQ(STRESS_DEVICES * STRESS_THREADS, ok);
	for (k = 0; k < STRESS_DEVICES; k++)
		close(fds[k]);
	free(fds);
}

/* ---- Waydroid's setup, with the binderfs-add tool ---- */

static const char * const anbox[] = { "anbox-binder", "anbox-hwbinder", "anbox-vndbinder" };

/*
 * What Waydroid does (tools/helpers/drivers.py) when /proc/filesystems
 * lists binderfs: mount it, BINDER_CTL_ADD anbox-binder, anbox-vndbinder
 * and anbox-hwbinder, link the nodes into /dev (here: a directory of ours)
 * and start Android's servicemanager on each.  Here the devices come from
 * the binderfs-add tool, our servicemanager and echo-service run on each
 * link, and a call goes through each; each servicemanager sees its own
 * service only.
 */
TEST_F_TIMEOUT(bfs, waydroid, 120)
{
	struct daemon sm[3] = { { 0 } }, echo[3] = { { 0 } };
	char *out = malloc(OUT_SIZE), dev[3][PATH_SIZE], line[1024], log[96], links[64];
	struct stat st;
	int i;

	ASSERT_NE(NULL, out);
	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	ASSERT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-d", self->m.dir,
					     (char *)anbox[0], (char *)anbox[1],
					     (char *)anbox[2], NULL },
				 out, OUT_SIZE, 10000)) TH_LOG("%s", out);
	snprintf(links, sizeof(links), "%s.dev", self->m.dir);
	ASSERT_EQ(0, SYS(mkdir(links, 0755)));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, stat(AT(&self->m, anbox[i]), &st));
		snprintf(line, sizeof(line), "%s %u:%u\n", AT(&self->m, anbox[i]),
			 major(st.st_rdev), minor(st.st_rdev));
		EXPECT_NE(NULL, strstr(out, line)) TH_LOG("no \"%s\" in:\n%s", line, out);
		snprintf(dev[i], sizeof(dev[i]), "%s/%s", links, anbox[i]);
		ASSERT_EQ(0, SYS(symlink(AT(&self->m, anbox[i]), dev[i])));
	}
	/* Waydroid tolerates devices that exist already: EEXIST, as here. */
	EXPECT_EQ(-EEXIST, bfs_add(&self->m, anbox[0], NULL));

	for (i = 0; i < 3; i++) {
		char *echo_argv[] = { TOOLS_DIR "/echo-service", "-d", dev[i], NULL };

		snprintf(log, sizeof(log), "/tmp/binderfs_test.sm%d.%d.log", i, getpid());
		ASSERT_EQ(0, start_servicemanager(&sm[i], dev[i], log, NULL)) TH_LOG("%s", dev[i]);
		snprintf(log, sizeof(log), "/tmp/binderfs_test.echo%d.%d.log", i, getpid());
		ASSERT_EQ(0, daemon_start(&echo[i], echo_argv, log));
		ASSERT_TRUE(log_has(&echo[i], "registered as 'echo'", 8000)) TH_LOG("%s", dev[i]);
	}
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/service", "-d", dev[i], "call",
						     "echo", "1", "i32", "7", NULL },
					 out, OUT_SIZE, 10000)) TH_LOG("%s: %s", dev[i], out);
		EXPECT_NE(NULL, strstr(out, "Result: Parcel(\n  0x00000000: 00000007"))
			TH_LOG("%s: %s", dev[i], out);
		EXPECT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/service", "-d", dev[i], "list",
						     NULL },
					 out, OUT_SIZE, 10000));
		EXPECT_NE(NULL, strstr(out, "Found 1 services:\n0\techo: ")) TH_LOG("%s", out);
	}
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(0, daemon_stop(&echo[i], SIGTERM, 3000));
		EXPECT_EQ(0, daemon_stop(&sm[i], SIGTERM, 3000));
		if (!_metadata->passed) {
			daemon_dump_log(&sm[i]);
			daemon_dump_log(&echo[i]);
		}
		unlink(sm[i].log);
		unlink(echo[i].log);
		unlink(dev[i]);
	}
	rmdir(links);
	free(out);
}

/* binderfs-add's errors and exit statuses (README). */
TEST_F(bfs, binderfs_add_tool)
{
	char out[4096], name[BINDERFS_MAX_NAME + 2];

	ASSERT_EQ(0, bfs_mount(&self->m, self->type, NULL));
	EXPECT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-d", self->m.dir,
					     "one", NULL }, out, sizeof(out), 10000));
	EXPECT_EQ(8, bfs_version(&self->m, "one"));
	/* An existing name fails; the other names are still made. */
	EXPECT_EQ(1, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-d", self->m.dir,
					     "one", "two", NULL }, out, sizeof(out), 10000));
	EXPECT_NE(NULL, strstr(out, "/one: File exists")) TH_LOG("%s", out);
	EXPECT_EQ(8, bfs_version(&self->m, "two"));
	/* A name the driver would cut is refused. */
	memset(name, 'x', BINDERFS_MAX_NAME + 1);
	name[BINDERFS_MAX_NAME + 1] = 0;
	EXPECT_EQ(1, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-d", self->m.dir,
					     name, NULL }, out, sizeof(out), 10000));
	/* Not a binderfs mount. */
	EXPECT_EQ(1, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-d", "/tmp", "x",
					     NULL }, out, sizeof(out), 10000));
	/* Usage. */
	EXPECT_EQ(2, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", NULL }, out,
				 sizeof(out), 10000));
	EXPECT_EQ(2, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "-q", "x", NULL }, out,
				 sizeof(out), 10000));
	EXPECT_EQ(0, run_capture((char *[]){ TOOLS_DIR "/binderfs-add", "--help", NULL }, out,
				 sizeof(out), 10000));
	EXPECT_NE(NULL, strstr(out, "usage: ")) TH_LOG("%s", out);
}

TEST_HARNESS_MAIN
