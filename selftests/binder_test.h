/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the binder_ipc selftests.
 *
 * Every fixture-based test runs twice: on our driver (/dev/binder) and on
 * the kernel's own binder driver loaded as /dev/refbinder.  Both must give
 * the same answer unless a comment in the test says why not.
 */
#ifndef BINDER_TEST_H
#define BINDER_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/android/binder.h>

#define OUR_DEVICE	"/dev/binder"
#define OUR_DEVICE2	"/dev/binder2"
#define REF_DEVICE	"/dev/refbinder"
#define REF_DEVICE2	"/dev/refbinder2"
#define OUR_DEBUGFS	"/sys/kernel/debug/binder_ipc"

/* The size libbinder maps: 1 MiB minus two pages. */
#define BINDER_VM_SIZE	((1 << 20) - 2 * 4096)

/* The device under test, one per fixture variant. */
#define BINDER_VARIANTS(fixture)					\
	FIXTURE_VARIANT(fixture) {					\
		const char *dev;					\
		const char *dev2;					\
		int ours;						\
	};								\
	FIXTURE_VARIANT_ADD(fixture, ours) {				\
		.dev = OUR_DEVICE, .dev2 = OUR_DEVICE2, .ours = 1,	\
	};								\
	FIXTURE_VARIANT_ADD(fixture, ref) {				\
		.dev = REF_DEVICE, .dev2 = REF_DEVICE2, .ours = 0,	\
	}

/* Whether the running kernel is at least @major.@minor. */
static inline int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return 0;
	return ma > major || (ma == major && mi >= minor);
}

/*
 * Where upstream's protocol grew after 6.1, ours speaks the newer one on
 * every kernel, and the reference driver from the release that added it:
 * does the device under test speak the protocol of Linux @major.@minor?
 */
static inline int speaks_protocol_of(int ours, int major, int minor)
{
	return ours || kernel_at_least(major, minor);
}

/* One BINDER_WRITE_READ; returns 0 or -errno, and fills *bwr. */
static inline int binder_write_read(int fd, const void *wbuf, size_t wsize,
				    void *rbuf, size_t rsize,
				    struct binder_write_read *bwr)
{
	memset(bwr, 0, sizeof(*bwr));
	bwr->write_buffer = (binder_uintptr_t)(uintptr_t)wbuf;
	bwr->write_size = wsize;
	bwr->read_buffer = (binder_uintptr_t)(uintptr_t)rbuf;
	bwr->read_size = rsize;
	return ioctl(fd, BINDER_WRITE_READ, bwr) < 0 ? -errno : 0;
}

/* ioctl() returning 0 or -errno, so a test can compare errors directly. */
static inline int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/* mmap() of the receive buffer returning MAP_FAILED with errno set. */
static inline void *binder_map(int fd, size_t size, int prot, int flags)
{
	return mmap(NULL, size, prot, flags, fd, 0);
}

/* Read our debugfs "counters" line "<type>: active <n> ..."; -1 if absent. */
static inline long our_active_objects(const char *type)
{
	char line[256], want[64];
	long n = -1;
	FILE *f = fopen(OUR_DEBUGFS "/counters", "r");

	if (!f)
		return -1;
	snprintf(want, sizeof(want), "%s: active %%ld", type);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, want, &n) == 1)
			break;
	fclose(f);
	return n;
}

#endif /* BINDER_TEST_H */
