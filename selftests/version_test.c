// SPDX-License-Identifier: GPL-2.0
/*
 * The one version string: the loaded module's MODULE_VERSION (sysfs), the
 * version this test and the tools were built from (the VERSION file, given
 * as BINDER_IPC_VERSION by the Makefile), and "binder-version --module",
 * which compares the two.  Run on a module built by DKMS from the Debian
 * package (tests/pkg/run.sh), it shows the version survived the trip
 * through dkms.conf and the package.
 *
 * The tool's other answers (another version, a module without one, no
 * module) are made in a private mount namespace, by mounting over the
 * module's sysfs directory: the real module is never touched.
 *
 * Only our driver has a version: these tests have no reference variant.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include <sched.h>
#include <sys/mount.h>

#include "spawn.h"

#ifndef BINDER_IPC_VERSION
#error "BINDER_IPC_VERSION (the VERSION file) must be defined by the build"
#endif

#define SYSFS_MODULE	"/sys/module/binder_ipc"
#define OUT_SIZE	4096
#define RUN_TMO		10000

/* "binder-version ARGS...", its exit status; its output in @out. */
#define VERSION_TOOL(out, ...)							\
	run_capture((char *[]){ TOOLS_DIR "/binder-version", __VA_ARGS__, NULL },	\
		    out, OUT_SIZE, RUN_TMO)

/*
 * Give this test process (the harness forks one per test) its own mount
 * namespace, so what it mounts disappears with it.
 */
static int private_mounts(void)
{
	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	return 0;
}

/* Read the first line of @path, without its newline, into @buf. */
static int read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The kernel shows the module's MODULE_VERSION(): the one we were built with. */
TEST(module_version_in_sysfs)
{
	char ver[128];

	ASSERT_EQ(0, read_line(SYSFS_MODULE "/version", ver, sizeof(ver)));
	EXPECT_STREQ(BINDER_IPC_VERSION, ver);
}

/* binder-version --module: both versions, equal, exit 0, no device opened. */
TEST(tool_module_matches)
{
	char out[OUT_SIZE];

	EXPECT_EQ(0, VERSION_TOOL(out, "--module"));
	EXPECT_STREQ("binder_ipc module version " BINDER_IPC_VERSION ", tools version "
		     BINDER_IPC_VERSION "\n", out);
	EXPECT_EQ(NULL, strstr(out, "protocol version"));
	EXPECT_EQ(0, VERSION_TOOL(out, "-m"));
	EXPECT_STREQ("binder_ipc module version " BINDER_IPC_VERSION ", tools version "
		     BINDER_IPC_VERSION "\n", out);
}

/* With a device too, the module comes first, then the device. */
TEST(tool_module_and_device)
{
	char out[OUT_SIZE];

	EXPECT_EQ(0, VERSION_TOOL(out, "/dev/binder", "--module"));
	EXPECT_STREQ("binder_ipc module version " BINDER_IPC_VERSION ", tools version "
		     BINDER_IPC_VERSION "\n/dev/binder: binder protocol version 8\n", out);
	EXPECT_EQ(1, VERSION_TOOL(out, "--module", "/nonexistent"));
	EXPECT_NE(NULL, strstr(out, "/nonexistent: No such file or directory"));
}

/* A module of another release: exit 2, both versions named. */
TEST(tool_module_other_version)
{
	char path[] = "/tmp/version_test.XXXXXX";
	char out[OUT_SIZE];
	int fd;

	ASSERT_EQ(0, private_mounts());
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	ASSERT_EQ(12, write(fd, "0.0.1-other\n", 12));
	close(fd);
	ASSERT_EQ(0, mount(path, SYSFS_MODULE "/version", NULL, MS_BIND, NULL));
	EXPECT_EQ(2, VERSION_TOOL(out, "--module"));
	EXPECT_NE(NULL, strstr(out, "binder_ipc module version 0.0.1-other, tools version "
			       BINDER_IPC_VERSION "\n"));
	EXPECT_NE(NULL, strstr(out, "module version 0.0.1-other is not the tools' version"));
	umount(SYSFS_MODULE "/version");
	unlink(path);
}

/* A binder_ipc built without MODULE_VERSION(): a mismatch, not "not loaded". */
TEST(tool_module_without_version)
{
	char out[OUT_SIZE];

	ASSERT_EQ(0, private_mounts());
	ASSERT_EQ(0, mount("none", SYSFS_MODULE, "tmpfs", 0, NULL));
	EXPECT_EQ(2, VERSION_TOOL(out, "--module"));
	EXPECT_NE(NULL, strstr(out, "binder_ipc module version (none), tools version "
			       BINDER_IPC_VERSION "\n"));
	EXPECT_NE(NULL, strstr(out, "has no version"));
	umount(SYSFS_MODULE);
}

/* No binder_ipc at all: exit 1, said plainly. */
TEST(tool_module_not_loaded)
{
	char out[OUT_SIZE];

	ASSERT_EQ(0, private_mounts());
	ASSERT_EQ(0, mount("none", "/sys/module", "tmpfs", 0, NULL));
	EXPECT_EQ(1, VERSION_TOOL(out, "--module"));
	EXPECT_STREQ("binder-version: binder_ipc is not loaded (no " SYSFS_MODULE ")\n", out);
	umount("/sys/module");
}

TEST_HARNESS_MAIN
