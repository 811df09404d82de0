// SPDX-License-Identifier: GPL-2.0
/*
 * binder-version: open a binder device and print its protocol version.
 *
 *   binder-version [DEVICE...]     (default /dev/binder)
 *
 * Exit status: 0 if every device answered with our protocol version, 1 if
 * a device could not be opened or queried, 2 on a version mismatch.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/android/binder.h>

static int show_version(const char *dev)
{
	struct binder_version v;
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "binder-version: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (ioctl(fd, BINDER_VERSION, &v) < 0) {
		fprintf(stderr, "binder-version: %s: BINDER_VERSION: %s\n", dev, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("%s: binder protocol version %d\n", dev, v.protocol_version);
	return v.protocol_version == BINDER_CURRENT_PROTOCOL_VERSION ? 0 : 2;
}

int main(int argc, char **argv)
{
	int i, ret = 0, rc;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s [DEVICE...]\n"
		       "Print the binder protocol version of each DEVICE (default /dev/binder).\n",
		       argv[0]);
		return 0;
	}
	if (argc < 2)
		return show_version("/dev/binder");
	for (i = 1; i < argc; i++) {
		rc = show_version(argv[i]);
		if (rc > ret)
			ret = rc;
	}
	return ret;
}
